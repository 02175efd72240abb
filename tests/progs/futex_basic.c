// futex_basic: futex(2)'s operations and errors, in Linux's order of checks.
// FUTEX_WAIT sleeps only while the word holds the value (EAGAIN otherwise), ends on a
// FUTEX_WAKE, its timeout (ETIMEDOUT: relative for FUTEX_WAIT, absolute on the monotonic
// or, with FUTEX_CLOCK_REALTIME, the real-time clock for FUTEX_WAIT_BITSET) or a signal
// (EINTR); bitsets choose whom a FUTEX_WAKE_BITSET wakes; REQUEUE and CMP_REQUEUE move
// waiters; WAKE_OP changes a word and wakes on a comparison. Unaligned words are EINVAL,
// unmapped ones EFAULT (a private FUTEX_WAKE does not look at the memory).
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static long futex(void *uaddr, int op, uint32_t val, const void *timeout,
		  void *uaddr2, uint32_t val3)
{
	return syscall(SYS_futex, uaddr, op, val, timeout, uaddr2, val3);
}

static uint32_t *shared;	// MAP_SHARED: words the children wait on

// Whether pid is asleep (state S in /proc/PID/stat).
static int asleep(pid_t pid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	return stat_asleep(path);
}

static void wait_asleep(pid_t pid)
{
	for (int i = 0; i < 5000 && !asleep(pid); i++)
		usleep(1000);
	usleep(20000);		// past the test of the word, into the sleep
}

// A child that waits on word with op and bitset, and exits with its errno (0: woken).
static pid_t waiter(uint32_t *word, int op, uint32_t bitset)
{
	pid_t pid = fork();

	if (pid == 0) {
		long r = futex(word, op, *word, NULL, NULL, bitset);
		_exit(r == 0 ? 0 : r > 0 ? 100 : errno);
	}
	wait_asleep(pid);
	return pid;
}

static void reap(const char *what, pid_t pid)
{
	int st;

	waitpid(pid, &st, 0);
	if (WIFEXITED(st))
		printf("%s: %s\n", what, WEXITSTATUS(st) ? ename(WEXITSTATUS(st)) : "woken");
	else
		printf("%s: killed by %s\n", what, sigabbrev_np(WTERMSIG(st)));
}

static void errors(void)
{
	uint32_t word = 5;
	struct timespec bad = { 0, 2000000000 }, zero = { 0, 0 };
	char *hole = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint32_t *gone = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	*gone = 0;				/* the page is there, then PROT_NONE */
	mprotect(gone, 4096, PROT_NONE);

	TRY("WAIT, value differs", futex(&word, FUTEX_WAIT, 4, NULL, NULL, 0));
	TRY("WAIT_PRIVATE, value differs", futex(&word, FUTEX_WAIT_PRIVATE, 4, NULL, NULL, 0));
	TRY("WAIT, unaligned", futex((char *)&word + 1, FUTEX_WAIT, 5, NULL, NULL, 0));
	TRY("WAKE, unaligned", futex((char *)&word + 2, FUTEX_WAKE, 1, NULL, NULL, 0));
	TRY("WAIT, NULL word", futex(NULL, FUTEX_WAIT, 0, NULL, NULL, 0));
	TRY("WAIT_PRIVATE, PROT_NONE word", futex(hole, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0));
	TRY("WAIT_PRIVATE, touched word made PROT_NONE", futex(gone, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0));
	TRY("WAKE, NULL word", futex(NULL, FUTEX_WAKE, 1, NULL, NULL, 0));
	TRY("WAKE_PRIVATE, NULL word", futex(NULL, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0));
	TRY("WAKE, kernel word", futex((void *)0xc0000000, FUTEX_WAKE, 1, NULL, NULL, 0));
	TRY("WAIT, bad timespec", futex(&word, FUTEX_WAIT, 5, &bad, NULL, 0));
	TRY("WAIT, unreadable timespec", futex(&word, FUTEX_WAIT, 5, hole, NULL, 0));
	TRY("WAIT, bad timespec, value differs", futex(&word, FUTEX_WAIT, 4, &bad, NULL, 0));
	TRY("WAIT, zero timeout", futex(&word, FUTEX_WAIT, 5, &zero, NULL, 0));
	TRY("WAIT, zero timeout, value differs", futex(&word, FUTEX_WAIT, 4, &zero, NULL, 0));
	TRY("WAIT_BITSET, bitset 0", futex(&word, FUTEX_WAIT_BITSET, 5, NULL, NULL, 0));
	TRY("WAKE_BITSET, bitset 0", futex(&word, FUTEX_WAKE_BITSET, 1, NULL, NULL, 0));
	TRY("WAKE|CLOCK_REALTIME", futex(&word, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0));
	TRY("REQUEUE|CLOCK_REALTIME", futex(&word, FUTEX_REQUEUE | FUTEX_CLOCK_REALTIME, 1, NULL, &word, 0));
	TRY("op 99", futex(&word, 99, 1, NULL, NULL, 0));
	TRY("FUTEX_FD", futex(&word, 2, 1, NULL, NULL, 0));
	TRY("WAKE, nobody waits", futex(&word, FUTEX_WAKE, 1, NULL, NULL, 0));
	TRY("REQUEUE, nr_wake -1", futex(&word, FUTEX_REQUEUE, -1, (void *)1, &word, 0));
	TRY("REQUEUE, nr_requeue -1", futex(&word, FUTEX_REQUEUE, 1, (void *)-1, &word, 0));
	TRY("CMP_REQUEUE, value differs", futex(&word, FUTEX_CMP_REQUEUE, 1, (void *)1, &word, 4));
	TRY("CMP_REQUEUE, value same", futex(&word, FUTEX_CMP_REQUEUE, 1, (void *)1, &word, 5));
	TRY("CMP_REQUEUE, unaligned uaddr2", futex(&word, FUTEX_CMP_REQUEUE, 1, (void *)1, (char *)&word + 1, 5));
	TRY("CMP_REQUEUE_PRIVATE, NULL uaddr2", futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)1, NULL, 5));
	TRY("CMP_REQUEUE, NULL uaddr2", futex(&word, FUTEX_CMP_REQUEUE, 1, (void *)1, NULL, 5));
	munmap(hole, 4096);
}

static void timeouts(void)
{
	uint32_t word = 0;
	struct timespec rel = { 0, 30000000 }, now, abs;

	TRY("WAIT 30 ms", futex(&word, FUTEX_WAIT_PRIVATE, 0, &rel, NULL, 0));
	clock_gettime(CLOCK_MONOTONIC, &now);
	abs = now;
	abs.tv_nsec += 30000000;
	if (abs.tv_nsec >= 1000000000)
		abs.tv_sec++, abs.tv_nsec -= 1000000000;
	TRY("WAIT_BITSET until monotonic + 30 ms",
	    futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 0, &abs, NULL, FUTEX_BITSET_MATCH_ANY));
	TRY("WAIT_BITSET until a monotonic time past",
	    futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 0, &now, NULL, FUTEX_BITSET_MATCH_ANY));
	clock_gettime(CLOCK_REALTIME, &now);
	abs = now;
	abs.tv_nsec += 30000000;
	if (abs.tv_nsec >= 1000000000)
		abs.tv_sec++, abs.tv_nsec -= 1000000000;
	TRY("WAIT_BITSET|CLOCK_REALTIME until now + 30 ms",
	    futex(&word, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 0, &abs, NULL, 1));
	TRY("WAIT|CLOCK_REALTIME 30 ms",
	    futex(&word, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 0, &rel, NULL, 0));
}

static void on_alarm(int sig)
{
}

static void interrupted(void)
{
	uint32_t word = 0;
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval it = { { 0, 0 }, { 0, 30000 } };
	struct timespec rel = { 5, 0 };

	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	TRY("WAIT, SIGALRM handler", futex(&word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0));
	setitimer(ITIMER_REAL, &it, NULL);
	TRY("WAIT 5 s, SIGALRM handler", futex(&word, FUTEX_WAIT_PRIVATE, 0, &rel, NULL, 0));
}

static void wakes(void)
{
	uint32_t *a = &shared[0], *b = &shared[1];
	pid_t p1, p2, p3;

	p1 = waiter(a, FUTEX_WAIT, 0);
	TRY("WAKE_PRIVATE of a shared waiter", futex(a, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0));
	TRY("WAKE 1", futex(a, FUTEX_WAKE, 1, NULL, NULL, 0));
	reap("the waiter", p1);

	p1 = waiter(a, FUTEX_WAIT, 0);
	p2 = waiter(a, FUTEX_WAIT, 0);
	TRY("WAKE 0 wakes one", futex(a, FUTEX_WAKE, 0, NULL, NULL, 0));
	reap("the first waiter", p1);
	TRY("WAKE INT_MAX", futex(a, FUTEX_WAKE, INT_MAX, NULL, NULL, 0));
	reap("the second waiter", p2);

	p1 = waiter(a, FUTEX_WAIT_BITSET, 1);
	p2 = waiter(a, FUTEX_WAIT_BITSET, 2);
	p3 = waiter(a, FUTEX_WAIT, 0);
	TRY("WAKE_BITSET 2", futex(a, FUTEX_WAKE_BITSET, INT_MAX, NULL, NULL, 2));
	reap("the bitset 2 waiter", p2);
	TRY("WAKE_BITSET 4", futex(a, FUTEX_WAKE_BITSET, INT_MAX, NULL, NULL, 4));
	TRY("WAKE_BITSET 5", futex(a, FUTEX_WAKE_BITSET, INT_MAX, NULL, NULL, 5));
	reap("the bitset 1 waiter", p1);
	reap("the plain waiter", p3);

	p1 = waiter(a, FUTEX_WAIT, 0);
	p2 = waiter(a, FUTEX_WAIT, 0);
	p3 = waiter(a, FUTEX_WAIT, 0);
	TRY("CMP_REQUEUE 1 woken, 1 moved", futex(a, FUTEX_CMP_REQUEUE, 1, (void *)1, b, 0));
	reap("the first waiter", p1);
	TRY("WAKE b", futex(b, FUTEX_WAKE, INT_MAX, NULL, NULL, 0));
	reap("the second waiter, moved to b", p2);
	TRY("REQUEUE 0 woken, all moved", futex(a, FUTEX_REQUEUE, 0, (void *)INT_MAX, b, 0));
	TRY("WAKE a", futex(a, FUTEX_WAKE, INT_MAX, NULL, NULL, 0));
	TRY("WAKE b", futex(b, FUTEX_WAKE, INT_MAX, NULL, NULL, 0));
	reap("the third waiter, moved to b", p3);

	p1 = waiter(a, FUTEX_WAIT, 0);
	p2 = waiter(b, FUTEX_WAIT, 0);
	*b = 3;
	TRY("WAKE_OP b=ADD 4, wake b if old > 5",
	    futex(a, FUTEX_WAKE_OP, 1, (void *)1, b, FUTEX_OP(FUTEX_OP_ADD, 4, FUTEX_OP_CMP_GT, 5)));
	printf("b: %u\n", *b);
	reap("the waiter on a", p1);
	TRY("WAKE_OP b=b|1<<4, wake b if old == 7",
	    futex(a, FUTEX_WAKE_OP, 1, (void *)1, b,
		  FUTEX_OP((FUTEX_OP_OR | FUTEX_OP_OPARG_SHIFT), 4, FUTEX_OP_CMP_EQ, 7)));
	printf("b: %u\n", *b);
	reap("the waiter on b", p2);
	TRY("WAKE_OP, op 7", futex(a, FUTEX_WAKE_OP, 1, (void *)1, b, 7u << 28));
	TRY("WAKE_OP, cmp 9", futex(a, FUTEX_WAKE_OP, 1, (void *)1, b, FUTEX_OP(FUTEX_OP_SET, 1, 9, 0)));
	printf("b: %u\n", *b);
	TRY("WAKE_OP, NULL uaddr2", futex(a, FUTEX_WAKE_OP, 1, (void *)1, NULL, 0));
	*a = *b = 0;
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	errors();
	timeouts();
	interrupted();
	wakes();
	return 0;
}
