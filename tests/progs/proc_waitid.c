// proc_waitid: waitid (284) as Linux has it. Its checks in Linux's order (options, then
// the idtype and id); what it writes in the siginfo_t (si_signo SIGCHLD, si_code
// CLD_EXITED, CLD_KILLED, CLD_STOPPED or CLD_CONTINUED, si_pid, si_uid, si_status, and
// nothing else: si_utime keeps what was there), also when it fails (a bad infop makes
// any result EFAULT) and when WNOHANG finds nothing (all zero); WNOWAIT leaves the child
// to be waited for again; a zombie is only ever reported as exited.
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#define BAD ((void *)8)		// an address nothing is mapped at
#define P_PIDFD 3

static siginfo_t si;

// The raw call, with its fifth argument (glibc's waitid has none).
static long waitid5(int which, int id, siginfo_t *info, int options, struct rusage *ru)
{
	return syscall(SYS_waitid, which, id, info, options, ru);
}

static const char *code(int c)
{
	switch (c) {
	case 0: return "0";
	case CLD_EXITED: return "CLD_EXITED";
	case CLD_KILLED: return "CLD_KILLED";
	case CLD_DUMPED: return "CLD_DUMPED";
	case CLD_STOPPED: return "CLD_STOPPED";
	case CLD_CONTINUED: return "CLD_CONTINUED";
	}
	return "other";
}

// Calls waitid with si filled with 0x55 bytes, and shows the result and the fields.
static void show(const char *what, int which, int id, int options, pid_t kid)
{
	long r;

	memset(&si, 0x55, sizeof si);
	errno = 0;
	r = waitid5(which, id, &si, options, NULL);
	printf("%s: %ld%s%s", what, r, r < 0 ? " " : "", r < 0 ? ename(errno) : "");
	printf(" | signo %d errno %d code %s pid %s uid %s status %d utime untouched %s\n",
	       si.si_signo, si.si_errno, code(si.si_code),
	       si.si_pid == 0 ? "0" : si.si_pid == kid ? "kid" : "other",
	       si.si_signo ? (si.si_uid == getuid() ? "ours" : "other") :
	       si.si_uid ? "not 0" : "0",
	       si.si_status, yes(si.si_utime == (clock_t)0x55555555));
}

static pid_t spawn_pauser(void)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		for (;;)
			pause();
	}
	setpgid(pid, pid);
	return pid;
}

static pid_t spawn_exit(int code)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(code);
	return pid;
}

// Waits until the child is a zombie, without reaping it.
static void await_exit(pid_t pid)
{
	siginfo_t s;

	waitid(P_PID, pid, &s, WEXITED | WNOWAIT);
}

static void checks(void)
{
	long r;

	TRY("no WEXITED, WSTOPPED or WCONTINUED", waitid5(P_ALL, 0, &si, WNOHANG, NULL));
	TRY("unknown option", waitid5(P_ALL, 0, &si, WEXITED | 0x100, NULL));
	TRY("idtype 7", waitid5(7, 0, &si, WEXITED, NULL));
	TRY("P_PID 0", waitid5(P_PID, 0, &si, WEXITED, NULL));
	TRY("P_PID -1", waitid5(P_PID, -1, &si, WEXITED, NULL));
	TRY("P_PGID -1", waitid5(P_PGID, -1, &si, WEXITED, NULL));
	TRY("P_PIDFD -1", waitid5(P_PIDFD, -1, &si, WEXITED, NULL));
	TRY("P_PIDFD 0 (not a pidfd)", waitid5(P_PIDFD, 0, &si, WEXITED, NULL));
	TRY("P_PIDFD 999 (closed)", waitid5(P_PIDFD, 999, &si, WEXITED, NULL));
	TRY("no child at all", waitid5(P_ALL, 0, &si, WEXITED, NULL));
	TRY("no child, infop NULL", waitid5(P_ALL, 0, NULL, WEXITED, NULL));
	TRY("EINVAL with a bad infop", waitid5(7, 0, BAD, WEXITED, NULL));
	TRY("ECHILD with a bad infop", waitid5(P_ALL, 0, BAD, WEXITED, NULL));
	show("ECHILD: what it wrote", P_ALL, 0, WEXITED, 0);
	show("EINVAL: what it wrote", 9, 0, WEXITED, 0);
	r = waitid5(P_PID, 1, NULL, WEXITED | WNOHANG, NULL);
	printf("P_PID of a process not our child: %ld %s\n", r, r < 0 ? ename(errno) : "");
}

static void exited(void)
{
	pid_t kid = spawn_exit(7);
	struct rusage ru;

	await_exit(kid);
	show("WEXITED|WNOWAIT", P_PID, kid, WEXITED | WNOWAIT, kid);
	show("  again WEXITED|WNOWAIT|WNOHANG", P_ALL, 0, WEXITED | WNOWAIT | WNOHANG, kid);
	show("  WSTOPPED|WCONTINUED|WNOHANG: a zombie is no candidate", P_ALL, 0,
	     WSTOPPED | WCONTINUED | WNOHANG, kid);
	show("  P_PGID 0 (ours), WEXITED", P_PGID, 0, WEXITED, kid);
	show("  gone", P_ALL, 0, WEXITED | WNOHANG, kid);

	kid = spawn_exit(0);
	await_exit(kid);
	TRY("bad rusage", waitid5(P_PID, kid, &si, WEXITED, BAD));
	TRY("  reaped even so", waitid5(P_PID, kid, &si, WEXITED | WNOHANG, NULL));
	kid = spawn_exit(0);
	await_exit(kid);
	TRY("bad infop", waitid5(P_PID, kid, BAD, WEXITED, NULL));
	TRY("  reaped even so", waitid5(P_PID, kid, &si, WEXITED | WNOHANG, NULL));
	kid = spawn_exit(0);
	await_exit(kid);
	TRY("with a rusage", waitid5(P_PID, kid, &si, WEXITED, &ru));
}

static void stopped_and_killed(void)
{
	pid_t kid = spawn_pauser();

	show("WNOHANG, running", P_PID, kid, WEXITED | WSTOPPED | WCONTINUED | WNOHANG, kid);
	kill(kid, SIGSTOP);
	show("SIGSTOP: WSTOPPED|WNOWAIT", P_PID, kid, WSTOPPED | WNOWAIT, kid);
	show("  WSTOPPED", P_PGID, kid, WSTOPPED, kid);
	show("  WSTOPPED|WNOHANG: reported", P_PID, kid, WSTOPPED | WNOHANG, kid);
	show("  WEXITED|WNOHANG", P_PID, kid, WEXITED | WNOHANG, kid);
	kill(kid, SIGCONT);
	show("SIGCONT: WCONTINUED|WNOWAIT", P_PID, kid, WCONTINUED | WNOWAIT, kid);
	show("  WCONTINUED", P_ALL, 0, WCONTINUED, kid);
	show("  WCONTINUED|WNOHANG: reported", P_PID, kid, WCONTINUED | WNOHANG, kid);
	kill(kid, SIGTERM);
	show("SIGTERM: WEXITED", P_PID, kid, WEXITED, kid);
}

int main(void)
{
	sigset_t chld;

	setvbuf(stdout, NULL, _IOLBF, 0);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	checks();
	exited();
	stopped_and_killed();
	return 0;
}
