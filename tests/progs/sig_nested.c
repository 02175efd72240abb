/*
 * Several signals deliverable at once: every one runs its handler before the
 * program goes on, each frame on top of the last (Linux's
 * exit_to_user_mode_loop), so the last one taken, the highest number, runs
 * first.  A handler whose sa_mask blocks the others keeps them waiting
 * until its sigreturn.  The same through sigsuspend's temporary mask.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t order[8], n;

static void on_sig(int sig)
{
	if (n < 8)
		order[n++] = sig;
}

static void handle(int sig, const sigset_t *mask)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sig;
	if (mask)
		sa.sa_mask = *mask;
	sigaction(sig, &sa, NULL);
}

static void block3(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGUSR1);
	sigaddset(set, SIGUSR2);
	sigaddset(set, SIGALRM);
}

static const char *name(int sig)
{
	return sig == SIGUSR1 ? "USR1" : sig == SIGUSR2 ? "USR2" :
	       sig == SIGALRM ? "ALRM" : "?";
}

static void report(const char *what)
{
	sigset_t now, pending;

	sigprocmask(SIG_SETMASK, NULL, &now);
	sigpending(&pending);
	printf("%s: ran", what);
	for (int i = 0; i < n; i++)
		printf(" %s", name(order[i]));
	printf("; USR1 blocked %d; pending %d\n", sigismember(&now, SIGUSR1),
	       sigismember(&pending, SIGUSR1) + sigismember(&pending, SIGUSR2) +
	       sigismember(&pending, SIGALRM));
	n = 0;
}

/* Three pending, then all unblocked by one sigprocmask. */
static void unblock_all(void)
{
	sigset_t set;

	block3(&set);
	sigprocmask(SIG_BLOCK, &set, NULL);
	raise(SIGUSR1);
	raise(SIGALRM);
	raise(SIGUSR2);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	report("unblocked together");
}

/* The first handler's sa_mask holds the others back until it returns. */
static void masked_handler(void)
{
	sigset_t set, others;

	sigemptyset(&others);
	sigaddset(&others, SIGUSR2);
	sigaddset(&others, SIGALRM);
	handle(SIGUSR1, &others);
	block3(&set);
	sigprocmask(SIG_BLOCK, &set, NULL);
	raise(SIGALRM);
	raise(SIGUSR2);
	raise(SIGUSR1);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	report("USR1 masks the others");
	handle(SIGUSR1, NULL);
}

/* sigsuspend lets two in at once: both run, then the caller's mask is back. */
static void suspend_two(void)
{
	sigset_t set, none;
	int r, e;

	block3(&set);
	sigprocmask(SIG_BLOCK, &set, NULL);
	raise(SIGUSR2);
	raise(SIGUSR1);
	sigemptyset(&none);
	r = sigsuspend(&none);
	e = errno;
	printf("sigsuspend = %d (%s)\n", r, strerror(e));
	report("sigsuspend");
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	handle(SIGUSR1, NULL);
	handle(SIGUSR2, NULL);
	handle(SIGALRM, NULL);
	unblock_all();
	masked_handler();
	suspend_two();
	return 0;
}
