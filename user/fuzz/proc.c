// Operations on processes and signals. Signals go only to the process's own
// children, or probe itself and nobody.
#include "fuzz.h"

#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

struct kid kids[NKID];
int nkids;

void op_fork(void)
{
	if (is_kid || nkids == NKID)
		return;
	uint64_t kid_seed = ((uint64_t)rnd() << 32) | rnd();
	pid_t pid = fork();
	if (pid == 0) {
		rs = kid_seed | 1;
		is_kid = 1;
		signal(SIGTERM, SIG_DFL);
		signal(SIGALRM, SIG_DFL);	// the watchdog in kid_main
		nkids = 0;
		kid_main();
	}
	if (pid > 0)
		kids[nkids++] = (struct kid){ pid, 0 };
}

static int find_kid(pid_t pid)
{
	for (int i = 0; i < nkids; i++)
		if (kids[i].pid == pid)
			return i;
	return -1;
}

void op_wait(void)
{
	static int status;
	long pid = nkids && chance(70) ? kids[below(nkids)].pid : chance(50) ? -1 : chance(50) ? 1 : 0x7fffffff;
	long opt = chance(60) ? WNOHANG : chance(70) ? 0 : chance(50) ? (WNOHANG | WUNTRACED) : 0x40000000;
	if (opt == 0 && (pid == -1 ? !nkids : find_kid(pid) < 0))
		opt = WNOHANG;	// never wait for nobody
	long st = chance(85) ? (long)&status : bad_ptr(), ru = chance(80) ? 0 : ptr(72);
	if (pid == -1 && (st != (long)&status || ru))
		st = (long)&status, ru = 0;	// a failing wait for anyone would lose a pid
	long r = ru || chance(50) ? SC(SYS_wait4, pid, st, opt, ru, 0) : SC(SYS_waitpid, pid, st, opt, 0, 0);
	int i = find_kid(r > 0 ? r : pid);
	if (i < 0)
		return;
	if ((r > 0 && !WIFSTOPPED(status)) || (r < 0 && errno == ECHILD))
		kids[i] = kids[--nkids];
	else if (r < 0 && errno == EFAULT)
		kids[i].unsure = 1;	// reaped or not: never signal that pid again
}

void op_kill(void)
{
	static const long sigs[] = { 0, SIGKILL, SIGTERM, SIGUSR1, SIGUSR2, SIGCONT, SIGCHLD, 65, -1 };
	long sig = PICK(sigs), pid;
	int i = nkids ? (int)below(nkids) : -1;
	if (i >= 0 && !kids[i].unsure && chance(70)) {
		pid = kids[i].pid;
	} else {
		pid = chance(50) ? getpid() : 0x7fffffff;
		if (sig > 0 && sig < 65)
			sig = 0;	// ourselves or nobody: only probe
	}
	SC(SYS_kill, pid, sig, 0, 0, 0);
}

void op_signals(void)
{
	static const long sigs[] = { SIGUSR1, SIGUSR2, SIGHUP, 0, 65, SIGKILL, SIGSTOP };
	long size = chance(85) ? 8 : chance(50) ? 4 : 128;
	if (chance(50)) {
		long *act = (long *)scratch;	// handler, flags, restorer, mask
		act[0] = chance(50) ? (long)SIG_IGN : (long)SIG_DFL;
		act[1] = chance(80) ? 0 : (long)rnd() & ~0x04000000L;	// no SA_RESTORER
		act[2] = 0;
		act[3] = rnd(), act[4] = rnd();
		SC(SYS_rt_sigaction, PICK(sigs), chance(80) ? (long)act : bad_ptr(), chance(50) ? 0 : ptr(20), size, 0);
	} else {
		// Never SIGSEGV or SIGBUS (a fault would kill silently) nor a child's SIGALRM.
		long *set = (long *)scratch;
		set[0] = rnd() & ~(1L << (SIGSEGV - 1) | 1L << (SIGBUS - 1) | 1L << (SIGALRM - 1));
		set[1] = rnd();
		long how = chance(90) ? (long)below(3) : 99;
		SC(SYS_rt_sigprocmask, how, chance(80) ? (long)set : bad_ptr(), chance(50) ? 0 : ptr(8), size, 0);
		SC(SYS_rt_sigpending, ptr(8), size, 0, 0, 0);
		// the old calls, on signals 1-32 (set[0])
		SC(SYS_sigprocmask, how, chance(80) ? (long)set : bad_ptr(), chance(50) ? 0 : ptr(4), 0, 0);
		SC(SYS_sigpending, ptr(4), 0, 0, 0, 0);
	}
}

void op_exec(void)
{
	static const char *progs[] = { "/bin/true", "/nonexistent/prog", "/tmp", "" };
	static char *argv[] = { "true", NULL };
	long path = chance(85) ? (long)PICK(progs) : bad_ptr();
	long av = chance(70) ? (long)argv : chance(50) ? 0 : bad_ptr();
	long *weird = (long *)scratch;	// an argv whose second string is bad
	weird[0] = (long)"true", weird[1] = bad_ptr(), weird[2] = 0;
	if (chance(15))
		av = (long)weird;
	SC(SYS_execve, path, av, chance(80) ? 0 : av, 0, 0);
}
