/* User signal handlers: delivery, masks, SA_RESETHAND, sigreturn, EINTR. */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got, last, chld;
static sigjmp_buf env;

static void on_sig(int sig)
{
	got++;
	last = sig;
}

static void on_chld(int sig)
{
	chld++;
}

static void on_segv(int sig)
{
	siglongjmp(env, 1);
}

static void handle(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigaction(sig, &sa, NULL);
}

int main(void)
{
	sigset_t set, old;
	int st;

	setvbuf(stdout, NULL, _IONBF, 0);
	handle(SIGUSR1, on_sig, 0);
	kill(getpid(), SIGUSR1);
	printf("handler ran once: %s, signal %d\n", got == 1 ? "yes" : "no", (int)last);

	/* Registers survive the handler: a computation around the signal. */
	volatile long sum = 0;
	for (int i = 0; i < 1000; i++) {
		sum += i;
		if (i == 500)
			raise(SIGUSR1);
	}
	printf("sum across a handler: %ld\n", (long)sum);

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, &old);
	got = 0;
	kill(getpid(), SIGUSR1);
	sigset_t pending;
	sigpending(&pending);
	printf("blocked: handler ran: %s, pending: %s\n", got ? "yes" : "no",
	       sigismember(&pending, SIGUSR1) ? "yes" : "no");
	sigprocmask(SIG_SETMASK, &old, NULL);
	printf("unblocked: handler ran: %s\n", got == 1 ? "yes" : "no");

	handle(SIGUSR2, on_sig, SA_RESETHAND);
	got = 0;
	raise(SIGUSR2);
	struct sigaction now;
	sigaction(SIGUSR2, NULL, &now);
	printf("SA_RESETHAND: ran %d, now default: %s\n", (int)got,
	       now.sa_handler == SIG_DFL ? "yes" : "no");

	handle(SIGSEGV, on_segv, SA_NODEFER);
	if (!sigsetjmp(env, 1)) {
		*(volatile int *)0 = 1;
		printf("NULL write returned\n");
	} else {
		printf("SIGSEGV handler escaped with siglongjmp: yes\n");
	}
	handle(SIGSEGV, SIG_DFL, 0);

	handle(SIGCHLD, on_chld, 0);
	pid_t pid = fork();
	if (pid == 0)
		_exit(3);
	while (!chld)
		pause();
	waitpid(pid, &st, 0);
	printf("SIGCHLD handler ran: yes, child exit %d\n", WEXITSTATUS(st));

	/* pause() returns -1 EINTR once a handler has run. */
	handle(SIGUSR1, on_sig, 0);
	pid = fork();
	if (pid == 0) {
		usleep(100000);
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	errno = 0;
	int r = pause();
	printf("pause: %d %s\n", r, errno == EINTR ? "EINTR" : "?");
	waitpid(pid, &st, 0);

	/* A handler in the child does not survive exec; SIG_IGN does (see proc_exec). */
	pid = fork();
	if (pid == 0)
		abort();
	waitpid(pid, &st, 0);
	printf("abort: killed by signal %d\n", WIFSIGNALED(st) ? WTERMSIG(st) : 0);
	return 0;
}
