/*
 * The calls that wait with a temporary signal mask: sigsuspend (rt and
 * old), ppoll, pselect6.  A signal the caller blocks and the call's mask
 * lets in runs its handler once, under the temporary mask, with the
 * caller's own in uc_sigmask; the call fails EINTR (SA_RESTART or not);
 * the caller's mask is back afterwards and the signal is no longer pending.
 * A signal that runs no handler restarts the wait; ready descriptors come
 * first; errors in Linux's order.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>
#include "check.h"

static volatile int ran, alarms;
static sigset_t seen_mask, seen_uc_mask;

static void on_usr1(int sig, siginfo_t *si, void *p)
{
	ran++;
	sigprocmask(SIG_BLOCK, NULL, &seen_mask);
	seen_uc_mask = ((ucontext_t *)p)->uc_sigmask;
}

static void on_alarm(int sig)
{
	alarms++;
}

/* ---- the waits, each given the temporary mask ---- */

static const struct timespec zero_ts;

static long w_sigsuspend(const sigset_t *m) { return sigsuspend(m); }
static long w_ppoll(const sigset_t *m) { return ppoll(NULL, 0, NULL, m); }
static long w_pselect(const sigset_t *m) { return pselect(0, NULL, NULL, NULL, NULL, m); }
static long w_ppoll0(const sigset_t *m) { return ppoll(NULL, 0, &zero_ts, m); }
static long w_pselect0(const sigset_t *m) { return pselect(0, NULL, NULL, NULL, &zero_ts, m); }

static long w_old_sigsuspend(const sigset_t *m)
{
	uint32_t first;

	memcpy(&first, m, sizeof(first));
	return syscall(SYS_sigsuspend, 0, 0, first);
}

static const struct wait {
	const char *name;
	long (*fn)(const sigset_t *);
	int blocks;		/* waits when nothing is pending */
} waits[] = {
	{ "rt_sigsuspend", w_sigsuspend, 1 },
	{ "sigsuspend (old)", w_old_sigsuspend, 1 },
	{ "ppoll", w_ppoll, 1 },
	{ "pselect6", w_pselect, 1 },
	{ "ppoll, zero timeout", w_ppoll0, 0 },
	{ "pselect6, zero timeout", w_pselect0, 0 },
};

static sigset_t just(int sig)
{
	sigset_t s;

	sigemptyset(&s);
	if (sig)
		sigaddset(&s, sig);
	return s;
}

static int pending(int sig)
{
	sigset_t p;

	sigpending(&p);
	return sigismember(&p, sig);
}

/* The caller blocks SIGUSR1; the call's mask blocks SIGUSR2 instead. */
static void report(const struct wait *w, const char *when, long r, int e)
{
	sigset_t now;

	sigprocmask(SIG_BLOCK, NULL, &now);
	printf("%s, %s: %ld %s, handler ran %d\n", w->name, when, r, r < 0 ? ename(e) : "",
	       ran);
	if (ran)
		printf("  in the handler: SIGUSR1 %s, SIGUSR2 %s blocked; uc_sigmask: "
		       "SIGUSR1 %s, SIGUSR2 %s\n",
		       yes(sigismember(&seen_mask, SIGUSR1)), yes(sigismember(&seen_mask, SIGUSR2)),
		       yes(sigismember(&seen_uc_mask, SIGUSR1)),
		       yes(sigismember(&seen_uc_mask, SIGUSR2)));
	printf("  after: SIGUSR1 blocked %s, SIGUSR2 blocked %s, SIGUSR1 pending %s\n",
	       yes(sigismember(&now, SIGUSR1)), yes(sigismember(&now, SIGUSR2)),
	       yes(pending(SIGUSR1)));
}

static void pending_before(const struct wait *w)
{
	sigset_t usr1 = just(SIGUSR1), usr2 = just(SIGUSR2);
	long r;

	sigprocmask(SIG_SETMASK, &usr1, NULL);
	raise(SIGUSR1);
	ran = 0;
	errno = 0;
	r = w->fn(&usr2);
	report(w, "signal pending before", r, errno);
	sigprocmask(SIG_SETMASK, &(sigset_t){ 0 }, NULL);
}

static void arriving(const struct wait *w)
{
	sigset_t usr1 = just(SIGUSR1), usr2 = just(SIGUSR2);
	pid_t child;
	long r;

	sigprocmask(SIG_SETMASK, &usr1, NULL);
	if ((child = fork()) == 0) {
		usleep(100000);
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	ran = 0;
	errno = 0;
	r = w->fn(&usr2);
	report(w, "signal sent while waiting", r, errno);
	waitpid(child, NULL, 0);
	sigprocmask(SIG_SETMASK, &(sigset_t){ 0 }, NULL);
}

/*
 * SIGCHLD is ignored by default, but kept pending while blocked.  The
 * call's empty mask lets it in: it runs no handler, so the call starts
 * again, until SIGALRM's handler ends it.
 */
static void no_handler(const struct wait *w)
{
	sigset_t chld = just(SIGCHLD);
	struct itimerval it = { .it_value = { 0, 200000 } };
	pid_t child;
	long r;

	sigprocmask(SIG_SETMASK, &chld, NULL);
	if ((child = fork()) == 0)
		_exit(0);
	usleep(50000);
	alarms = 0;
	if (w->blocks)
		setitimer(ITIMER_REAL, &it, NULL);
	errno = 0;
	r = w->fn(&(sigset_t){ 0 });
	printf("%s, only an ignored signal let in: %ld %s, SIGALRM handler ran %d, "
	       "SIGCHLD pending %s\n", w->name, r, r < 0 ? ename(errno) : "", alarms,
	       yes(pending(SIGCHLD)));
	waitpid(child, NULL, 0);
	sigprocmask(SIG_SETMASK, &(sigset_t){ 0 }, NULL);
}

/* Ready descriptors win over a signal the mask lets in; the mask comes back. */
static void ready_first(void)
{
	sigset_t usr1 = just(SIGUSR1), usr2 = just(SIGUSR2);
	int p[2];
	fd_set rd;
	struct pollfd pfd;
	long r;

	pipe(p);
	write(p[1], "x", 1);
	sigprocmask(SIG_SETMASK, &usr1, NULL);
	raise(SIGUSR1);
	ran = 0;
	pfd = (struct pollfd){ .fd = p[0], .events = POLLIN };
	r = ppoll(&pfd, 1, NULL, &usr2);
	printf("ppoll with a ready pipe: %ld, handler ran %d, SIGUSR1 still pending %s\n", r,
	       ran, yes(pending(SIGUSR1)));
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	r = pselect(p[0] + 1, &rd, NULL, NULL, NULL, &usr2);
	printf("pselect6 with a ready pipe: %ld, handler ran %d, SIGUSR1 still pending %s\n", r,
	       ran, yes(pending(SIGUSR1)));
	sigprocmask(SIG_SETMASK, &(sigset_t){ 0 }, NULL);
	printf("unblocked: handler ran %d\n", ran);
	close(p[0]);
	close(p[1]);
}

/* ---- errors, in Linux's order; none of them changes the mask ---- */

static void errors(void)
{
	sigset_t usr1 = just(SIGUSR1), usr2 = just(SIGUSR2), now;
	struct timespec bad_ts = { 0, 2000000000 };
	struct { const sigset_t *mask; size_t size; } pack = { &usr2, 4 }, badmask = {
		(sigset_t *)0x10, 8 };

	sigprocmask(SIG_SETMASK, &usr1, NULL);
	TRY("rt_sigsuspend, size 4", syscall(SYS_rt_sigsuspend, &usr2, 4));
	TRY("rt_sigsuspend, mask at 0x10", syscall(SYS_rt_sigsuspend, 0x10, 8));
	TRY("ppoll, size 4", syscall(SYS_ppoll, NULL, 0, &zero_ts, &usr2, 4));
	TRY("ppoll, size 4 and no mask", syscall(SYS_ppoll, NULL, 0, &zero_ts, NULL, 4));
	TRY("ppoll, mask at 0x10", syscall(SYS_ppoll, NULL, 0, &zero_ts, 0x10, 8));
	TRY("ppoll, timeout at 0x10 and size 4", syscall(SYS_ppoll, NULL, 0, 0x10, &usr2, 4));
	TRY("ppoll, too many fds and size 4", syscall(SYS_ppoll, NULL, 1 << 20, &zero_ts, &usr2, 4));
	TRY("ppoll, fds at 0x10", syscall(SYS_ppoll, 0x10, 1, &zero_ts, &usr2, 8));
	TRY("pselect6, argpack at 0x10, bad timeout", syscall(SYS_pselect6, 0, 0, 0, 0, &bad_ts, 0x10));
	TRY("pselect6, size 4", syscall(SYS_pselect6, 0, 0, 0, 0, &zero_ts, &pack));
	TRY("pselect6, mask at 0x10", syscall(SYS_pselect6, 0, 0, 0, 0, &zero_ts, &badmask));
	TRY("pselect6, bad timeout and size 4", syscall(SYS_pselect6, 0, 0, 0, 0, &bad_ts, &pack));
	TRY("pselect6, n -1", syscall(SYS_pselect6, -1, 0, 0, 0, &zero_ts, &(struct {
		const sigset_t *m; size_t s; }){ &usr2, 8 }));
	sigprocmask(SIG_BLOCK, NULL, &now);
	printf("mask after the errors: SIGUSR1 %s, SIGUSR2 %s\n", yes(sigismember(&now, SIGUSR1)),
	       yes(sigismember(&now, SIGUSR2)));
	sigprocmask(SIG_SETMASK, &(sigset_t){ 0 }, NULL);
}

int main(void)
{
	struct sigaction sa;

	setvbuf(stdout, NULL, _IONBF, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_usr1;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;	/* no difference: these fail EINTR */
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGALRM, on_alarm);
	for (unsigned i = 0; i < sizeof(waits) / sizeof(waits[0]); i++) {
		pending_before(&waits[i]);
		if (waits[i].blocks)
			arriving(&waits[i]);
		no_handler(&waits[i]);
	}
	ready_first();
	errors();
	return 0;
}
