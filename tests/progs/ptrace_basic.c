// ptrace_basic: PTRACE_TRACEME and exec's SIGTRAP, PTRACE_SYSCALL's stops (getpid and
// write counted, orig_eax and eax read), PEEKDATA/POKEDATA/PEEKUSER, GETSIGINFO, a fork
// event with TRACEFORK (the child traced from birth, its end told to the tracer, then to
// its real parent), DETACH, SEIZE with INTERRUPT, a group stop and LISTEN, and the
// errors: ESRCH, EPERM, EIO.
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static volatile uint32_t magic = 0x5eed1234;

// Linux's struct ptrace_syscall_info, PTRACE_GET_SYSCALL_INFO's (0x420e).
struct syscall_info {
	uint8_t op, pad[3];
	uint32_t arch;
	uint64_t ip, sp;
	union {
		struct { uint64_t nr, args[6]; } entry;
		struct { int64_t rval; uint8_t is_error; } exit;
	};
};

static void show_syscall_info(const char *what, pid_t pid)
{
	struct syscall_info si;
	long n;

	memset(&si, 0, sizeof(si));
	n = ptrace(0x420e, pid, sizeof(si), &si);
	printf("  GET_SYSCALL_INFO %s: size %ld, op %d, arch %#x", what, n, si.op, si.arch);
	if (si.op == 1)
		printf(", nr %llu, args %#llx %#llx %llu", (unsigned long long)si.entry.nr,
		       (unsigned long long)si.entry.args[0],
		       (unsigned long long)si.entry.args[1] ? 1ULL : 0ULL,
		       (unsigned long long)si.entry.args[2]);
	if (si.op == 2)
		printf(", rval %lld, is_error %d", (long long)si.exit.rval, si.exit.is_error);
	printf("\n");
}

// What a wait status says, stops by their ptrace meaning.
static const char *status_str(int st)
{
	static char buf[64];

	if (WIFEXITED(st))
		snprintf(buf, sizeof(buf), "exited %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(buf, sizeof(buf), "killed by %d", WTERMSIG(st));
	else if (WIFSTOPPED(st) && (st >> 16))
		snprintf(buf, sizeof(buf), "stopped %d, event %d", WSTOPSIG(st), st >> 16);
	else if (WIFSTOPPED(st) && WSTOPSIG(st) == (SIGTRAP | 0x80))
		snprintf(buf, sizeof(buf), "stopped SIGTRAP|0x80");
	else if (WIFSTOPPED(st))
		snprintf(buf, sizeof(buf), "stopped %d", WSTOPSIG(st));
	else
		snprintf(buf, sizeof(buf), "status %#x", st);
	return buf;
}

static int wait_for(pid_t pid)
{
	int st = 0;

	if (waitpid(pid, &st, __WALL) != pid)
		printf("  waitpid(%s): %s\n", pid == -1 ? "-1" : "pid", ename(errno));
	return st;
}

// After exec: a few calls the tracer counts, then exit_group.
static void syscalls_child(void)
{
	for (int i = 0; i < 3; i++)
		syscall(SYS_getpid);
	write(-1, "x", 1);
	_exit(3);
}

// TRACEME, exec (a SIGTRAP stop), then PTRACE_SYSCALL's stops to the end.
static void traceme_exec(const char *self)
{
	struct user_regs_struct regs;
	int st, getpids = 0, writes = 0, entry = 1, sysgood = 0, stops = 0;
	pid_t pid = fork();

	if (pid == 0) {
		char *argv[] = { (char *)self, "syscalls", NULL };

		ptrace(PTRACE_TRACEME, 0, 0, 0);
		TRY("child: TRACEME again", ptrace(PTRACE_TRACEME, 0, 0, 0));
		execv(self, argv);
		_exit(99);
	}
	st = wait_for(pid);
	printf("after exec: %s\n", status_str(st));
	ptrace(PTRACE_GETREGS, pid, 0, &regs);
	printf("  orig_eax %ld (execve), eax %ld\n", regs.orig_eax, regs.eax);
	show_syscall_info("at the exec stop", pid);
	TRY("SETOPTIONS TRACESYSGOOD", ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACESYSGOOD));
	TRY("SETOPTIONS bad bit", ptrace(PTRACE_SETOPTIONS, pid, 0, 0x8000));
	ptrace(PTRACE_SYSCALL, pid, 0, 0);
	for (;;) {
		st = wait_for(pid);
		if (!WIFSTOPPED(st))
			break;
		stops++;
		sysgood += WSTOPSIG(st) == (SIGTRAP | 0x80);
		ptrace(PTRACE_GETREGS, pid, 0, &regs);
		if (regs.orig_eax == SYS_getpid && entry)
			getpids++;
		if (regs.orig_eax == SYS_getpid && !entry && getpids == 1)
			printf("  getpid exit: eax is the pid %s\n", yes(regs.eax == pid));
		if (regs.orig_eax == SYS_write && entry) {
			writes++;
			printf("  write entry: eax %ld, fd %ld, count %ld\n",
			       regs.eax, regs.ebx, regs.edx);
			show_syscall_info("write entry", pid);
		}
		if (regs.orig_eax == SYS_write && !entry) {
			printf("  write exit: eax %ld\n", regs.eax);
			show_syscall_info("write exit", pid);
		}
		entry = !entry;
		ptrace(PTRACE_SYSCALL, pid, 0, 0);
	}
	printf("end: %s; getpid entries %d, write entries %d, all stops SIGTRAP|0x80 %s\n",
	       status_str(st), getpids, writes, yes(sysgood == stops));
}

// A stopped tracee's memory and struct user, then POKEDATA it sees.
static void peek_poke(void)
{
	struct user_fpregs_struct fp;
	siginfo_t si;
	long word;
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		raise(SIGSTOP);
		_exit(magic == 0xfeedface ? 7 : 8);
	}
	st = wait_for(pid);
	printf("raise(SIGSTOP): %s\n", status_str(st));
	errno = 0;
	word = ptrace(PTRACE_PEEKDATA, pid, &magic, 0);
	printf("  PEEKDATA magic: %#lx %s\n", word, errno ? ename(errno) : "");
	TRY("  POKEDATA magic", ptrace(PTRACE_POKEDATA, pid, &magic, 0xfeedface));
	errno = 0;
	word = ptrace(PTRACE_PEEKUSER, pid, offsetof(struct user_regs_struct, orig_eax), 0);
	printf("  PEEKUSER orig_eax: %ld (tgkill %s)\n", word, yes(word == SYS_tgkill));
	TRY("  POKEUSER eflags 0", ptrace(PTRACE_POKEUSER, pid,
					   offsetof(struct user_regs_struct, eflags), 0));
	word = ptrace(PTRACE_PEEKUSER, pid, offsetof(struct user_regs_struct, eflags), 0);
	printf("  eflags after: IF still set %s, the arithmetic flags, TF, DF clear %s\n",
	       yes(word & 0x200), yes(!(word & 0x54dd5)));
	TRY("  PEEKUSER offset 3", ptrace(PTRACE_PEEKUSER, pid, 3, 0));
	TRY("  PEEKUSER past struct user", ptrace(PTRACE_PEEKUSER, pid, 4096, 0));
	TRY("  PEEKDATA at 0", ptrace(PTRACE_PEEKDATA, pid, 0, 0));
	TRY("  request 12345", ptrace(12345, pid, 0, 0));
	TRY("  GETREGS to a bad address", ptrace(PTRACE_GETREGS, pid, 0, 4));
	memset(&fp, 0, sizeof(fp));
	TRY("  GETFPREGS", ptrace(PTRACE_GETFPREGS, pid, 0, &fp));
	printf("  x87 control word %#lx, tag word %#lx\n", fp.cwd & 0xffff, fp.twd & 0xffff);
	memset(&si, 0, sizeof(si));
	TRY("  GETSIGINFO", ptrace(PTRACE_GETSIGINFO, pid, 0, &si));
	printf("  si_signo %d, si_code %d, si_pid is the tracee's %s\n", si.si_signo,
	       si.si_code, yes(si.si_pid == pid));
	TRY("  CONT with signal 65", ptrace(PTRACE_CONT, pid, 0, 65));
	TRY("  CONT", ptrace(PTRACE_CONT, pid, 0, 0));
	printf("  end: %s\n", status_str(wait_for(pid)));
}

// A child of ours to trace, in its first stop (raise(SIGSTOP)); 0 in the child.
static pid_t stopped_child(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		raise(SIGSTOP);
		return 0;
	}
	wait_for(pid);
	return pid;
}

// TRACEFORK: the fork event, the grandchild traced from its start; the child detached.
static void fork_event(void)
{
	unsigned long msg = 0;
	pid_t pid = stopped_child(), gpid;
	int st;

	if (pid == 0) {
		if ((gpid = fork()) == 0)
			_exit(5);
		// Its end goes to the tracer first, then to us.
		waitpid(gpid, &st, 0);
		_exit(WIFEXITED(st) && WEXITSTATUS(st) == 5 ? 9 : 10);
	}
	TRY("SETOPTIONS TRACEFORK", ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACEFORK));
	ptrace(PTRACE_CONT, pid, 0, 0);
	st = wait_for(pid);
	printf("fork: %s (%s)\n", status_str(st),
	       yes(st >> 8 == (SIGTRAP | PTRACE_EVENT_FORK << 8)));
	ptrace(PTRACE_GETEVENTMSG, pid, 0, &msg);
	gpid = msg;
	printf("  GETEVENTMSG: a pid %s\n", yes(gpid > 0 && gpid != pid));
	printf("  new child: %s\n", status_str(wait_for(gpid)));
	TRY("  DETACH the child", ptrace(PTRACE_DETACH, pid, 0, 0));
	TRY("  CONT the detached child", ptrace(PTRACE_CONT, pid, 0, 0));
	TRY("  CONT the new child", ptrace(PTRACE_CONT, gpid, 0, 0));
	printf("  new child, to the tracer: %s\n", status_str(wait_for(gpid)));
	printf("  child, which reaped it after: %s\n", status_str(wait_for(pid)));
}

// TRACEVFORK and TRACEVFORKDONE: a vfork's two events, the new child's SIGSTOP between.
static void vfork_events(void)
{
	pid_t pid = stopped_child(), gpid;
	unsigned long msg = 0;
	int st;

	if (pid == 0) {
		if ((gpid = vfork()) == 0)
			_exit(6);
		waitpid(gpid, &st, 0);
		_exit(WEXITSTATUS(st));
	}
	ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACEVFORK | PTRACE_O_TRACEVFORKDONE);
	ptrace(PTRACE_CONT, pid, 0, 0);
	printf("vfork: %s\n", status_str(wait_for(pid)));
	ptrace(PTRACE_GETEVENTMSG, pid, 0, &msg);
	gpid = msg;
	printf("  new child: %s\n", status_str(wait_for(gpid)));
	ptrace(PTRACE_CONT, gpid, 0, 0);
	printf("  new child: %s\n", status_str(wait_for(gpid)));
	ptrace(PTRACE_CONT, pid, 0, 0);
	st = wait_for(pid);
	ptrace(PTRACE_GETEVENTMSG, pid, 0, &msg);
	printf("  then: %s, its message the child's pid %s\n", status_str(st), yes(msg == (unsigned long)gpid));
	do {	// SIGCHLD, once we have reaped it and its parent hears
		ptrace(PTRACE_CONT, pid, 0, 0);
		printf("  %s\n", status_str(st = wait_for(pid)));
	} while (WIFSTOPPED(st));
}

// SEIZE: no stop until INTERRUPT; a group stop as PTRACE_EVENT_STOP, LISTEN, SIGCONT.
static void seize(void)
{
	siginfo_t si;
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		for (;;)
			pause();
	}
	TRY("SEIZE, addr not 0", ptrace(PTRACE_SEIZE, pid, 4, 0));
	TRY("SEIZE, an unknown option", ptrace(PTRACE_SEIZE, pid, 0, 0x8000));
	TRY("SEIZE", ptrace(PTRACE_SEIZE, pid, 0, PTRACE_O_TRACESYSGOOD));
	TRY("  PEEKDATA, running", ptrace(PTRACE_PEEKDATA, pid, &magic, 0));
	TRY("  INTERRUPT", ptrace(PTRACE_INTERRUPT, pid, 0, 0));
	st = wait_for(pid);
	printf("  %s\n", status_str(st));
	memset(&si, 0, sizeof(si));
	ptrace(PTRACE_GETSIGINFO, pid, 0, &si);
	printf("  siginfo: signo %d, code %#x\n", si.si_signo, si.si_code);
	ptrace(PTRACE_CONT, pid, 0, 0);
	kill(pid, SIGSTOP);
	st = wait_for(pid);
	printf("  kill SIGSTOP: %s\n", status_str(st));
	ptrace(PTRACE_CONT, pid, 0, SIGSTOP);
	st = wait_for(pid);
	printf("  group stop: %s\n", status_str(st));
	TRY("  LISTEN", ptrace(PTRACE_LISTEN, pid, 0, 0));
	TRY("  PEEKDATA, listening", ptrace(PTRACE_PEEKDATA, pid, &magic, 0));
	kill(pid, SIGCONT);
	st = wait_for(pid);
	printf("  after SIGCONT: %s\n", status_str(st));
	ptrace(PTRACE_CONT, pid, 0, 0);
	st = wait_for(pid);
	printf("  then: %s\n", status_str(st));
	kill(pid, SIGKILL);
	ptrace(PTRACE_CONT, pid, 0, 0);
	printf("  %s\n", status_str(wait_for(pid)));
}

// A tracer that exits lets its stopped tracee go on, or with EXITKILL kills it.
static void tracer_exit(int exitkill)
{
	int p[2], st;
	pid_t tracee, tracer;
	char c;

	pipe(p);
	if ((tracee = fork()) == 0) {
		read(p[0], &c, 1);
		_exit(4);
	}
	if ((tracer = fork()) == 0) {
		ptrace(PTRACE_ATTACH, tracee, 0, 0);
		waitpid(tracee, &st, __WALL);
		if (exitkill)
			ptrace(PTRACE_SETOPTIONS, tracee, 0, PTRACE_O_EXITKILL);
		_exit(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP ? 0 : 1);
	}
	printf("tracer%s, its tracee stopped: %s\n", exitkill ? " with EXITKILL" : "",
	       status_str(wait_for(tracer)));
	write(p[1], "x", 1);
	printf("  the tracee after: %s\n", status_str(wait_for(tracee)));
	close(p[0]);
	close(p[1]);
}

static void errors(void)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		pause();
		_exit(0);
	}
	TRY("PEEKDATA, child not traced", ptrace(PTRACE_PEEKDATA, pid, &magic, 0));
	TRY("CONT, child not traced", ptrace(PTRACE_CONT, pid, 0, 0));
	TRY("INTERRUPT, child not traced", ptrace(PTRACE_INTERRUPT, pid, 0, 0));
	TRY("ATTACH self", ptrace(PTRACE_ATTACH, getpid(), 0, 0));
	TRY("ATTACH pid -5", ptrace(PTRACE_ATTACH, -5, 0, 0));
	TRY("ATTACH the child", ptrace(PTRACE_ATTACH, pid, 0, 0));
	printf("  %s\n", status_str(wait_for(pid)));
	TRY("  ATTACH it again", ptrace(PTRACE_ATTACH, pid, 0, 0));
	TRY("  INTERRUPT, not seized", ptrace(PTRACE_INTERRUPT, pid, 0, 0));
	TRY("  LISTEN, not seized", ptrace(PTRACE_LISTEN, pid, 0, 0));
	TRY("  KILL", ptrace(PTRACE_KILL, pid, 0, 0));
	printf("  %s\n", status_str(wait_for(pid)));
	if ((pid = fork()) == 0) {
		if (geteuid() == 0)
			setuid(65534);	// (in a user namespace this fails: pid 1 is still not ours)
		TRY("ATTACH pid 1, not root", ptrace(PTRACE_ATTACH, 1, 0, 0));
		_exit(0);
	}
	waitpid(pid, &st, 0);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc > 1 && strcmp(argv[1], "syscalls") == 0)
		syscalls_child();
	traceme_exec(argv[0]);
	peek_poke();
	fork_event();
	vfork_events();
	seize();
	tracer_exit(0);
	tracer_exit(1);
	errors();
	return 0;
}
