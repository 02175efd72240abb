// futex_restart: a timed FUTEX_WAIT that a stop signal and SIGCONT interrupt goes on to
// its first deadline, as Linux's restart_syscall does (futex_wait_restart), rather than
// starting its timeout again; with a handler it fails EINTR; an untimed one goes on
// after a stop, and after a SA_RESTART handler.
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static int word;

static long long ms_since(const struct timespec *a)
{
	struct timespec b;

	clock_gettime(CLOCK_MONOTONIC, &b);
	return (b.tv_sec - a->tv_sec) * 1000 + (b.tv_nsec - a->tv_nsec) / 1000000;
}

static void on_usr1(int sig)
{
	(void)sig;
}

// The child waits on word, for ms (0: no timeout), and says how it ended, and when.
static pid_t waiter(long ms)
{
	pid_t pid = fork();

	if (pid == 0) {
		struct timespec ts = { ms / 1000, ms % 1000 * 1000000 }, t0;
		long r;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		r = syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, ms ? &ts : NULL, NULL, 0);
		if (r == 0)
			_exit(0);
		long long took = ms_since(&t0);

		printf("  the wait: -1 %s %s\n", ename(errno),
		       !ms ? "" : took < ms ? "before its deadline" :
		       took < ms + ms / 2 ? "at its first deadline" :
		       "past its timeout and a half");
		_exit(1);
	}
	return pid;
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	int st;
	pid_t pid;

	setvbuf(stdout, NULL, _IONBF, 0);
	printf("a 600 ms wait, stopped at 100 ms for 300 ms:\n");
	pid = waiter(600);
	usleep(100000);
	kill(pid, SIGSTOP);
	usleep(300000);
	kill(pid, SIGCONT);
	waitpid(pid, &st, 0);

	printf("a 600 ms wait, SIGUSR1 with a handler at 100 ms:\n");
	sigaction(SIGUSR1, &sa, NULL);
	pid = waiter(600);
	usleep(100000);
	kill(pid, SIGUSR1);
	waitpid(pid, &st, 0);

	printf("an untimed wait, stopped and continued, then SIGUSR1 with SA_RESTART:\n");
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	pid = waiter(0);
	usleep(100000);
	kill(pid, SIGSTOP);
	usleep(100000);
	kill(pid, SIGCONT);
	usleep(100000);
	kill(pid, SIGUSR1);
	usleep(100000);
	printf("  still waiting: %s\n", yes(waitpid(pid, &st, WNOHANG) == 0));
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	return 0;
}
