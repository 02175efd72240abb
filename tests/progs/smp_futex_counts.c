// smp_futex_counts: the counts futex calls return, with their waiters on every CPU.
// The futex words are in one System V segment; waiters are threads of two processes.
// A count is exact only once every waiter is queued, which the caller cannot see: so a
// controller repeats a call that moves waiters (a requeue, a wake) and sums what each
// returns until the sum is the number of waiters, and from then on the counts are
// exact and printed:
//  1. FUTEX_CMP_REQUEUE moves 8 waiters from A to B (with a wrong value: EAGAIN); then
//     FUTEX_WAKE on B wakes exactly 1, then 2; FUTEX_REQUEUE moves 2 of the 5 left to C;
//     B's last 3 and C's 2 wake; nobody is left on A.
//  2. FUTEX_WAIT_BITSET waiters with bits 1, 2 and 4: FUTEX_WAKE_BITSET with mask 5
//     wakes only those with 1 and 4, the others sleep on until mask 2 wakes them.
//  3. Timeouts: FUTEX_WAIT with a relative one, FUTEX_WAIT_BITSET with an absolute
//     CLOCK_MONOTONIC and a CLOCK_REALTIME one, each on its own thread and nobody waking:
//     ETIMEDOUT, never before the deadline; a deadline already past, a bad tv_nsec, a
//     bitset of 0, a word of another value.
//  4. A storm: a counting semaphore made of a futex word, 4 producers and 4 consumers
//     posting and taking 1,500 times each; every post is taken and the count ends at 0.
// timeout: 120
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "freeram.h"

#define PER_PROC	4	/* waiters of each of the two processes */
#define NWAIT		(2 * PER_PROC)
#define POSTS		1500
#define TIMEOUT_MS	100

struct shared {
	unsigned a, b, c, d, sem;	/* futex words */
	unsigned returned0, failed;	/* waiters' FUTEX_WAIT results */
	unsigned woken[NWAIT];		/* part 2: which bitset waiters are awake */
	unsigned posted, taken;
};

static struct shared *s;

static long futex(unsigned *uaddr, int op, unsigned val, const struct timespec *t,
		  unsigned *uaddr2, unsigned val3)
{
	return syscall(SYS_futex, uaddr, op, val, t, uaddr2, val3);
}

/* val2 (a count, not a time) goes where the timeout would */
static long futex_requeue(int op, unsigned *from, int nr_wake, int nr_requeue,
			  unsigned *to, unsigned val3)
{
	return syscall(SYS_futex, from, op, nr_wake, (long)nr_requeue, to, val3);
}

static void note(long r)
{
	__atomic_fetch_add(r == 0 ? &s->returned0 : &s->failed, 1, __ATOMIC_SEQ_CST);
}

/* ---- the waiters: each part's, run by PER_PROC threads in each process ---- */

static void wait_on_a(int i)
{
	(void)i;
	note(futex(&s->a, FUTEX_WAIT, 0, NULL, NULL, 0));
}

static void wait_bitset(int i)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	t.tv_sec += 60;		/* long after the test's own timeout: nobody times out */
	note(futex(&s->d, FUTEX_WAIT_BITSET, 0, &t, NULL, 1u << (i % 3)));
	__atomic_store_n(&s->woken[i], 1, __ATOMIC_SEQ_CST);
}

static void sem_post(void)
{
	__atomic_fetch_add(&s->sem, 1, __ATOMIC_SEQ_CST);
	futex(&s->sem, FUTEX_WAKE, 1, NULL, NULL, 0);
}

static void sem_wait(void)
{
	for (;;) {
		unsigned v = __atomic_load_n(&s->sem, __ATOMIC_SEQ_CST);

		if (v > 0 && __atomic_compare_exchange_n(&s->sem, &v, v - 1, 0, __ATOMIC_SEQ_CST,
							 __ATOMIC_SEQ_CST))
			return;
		if (v == 0 && futex(&s->sem, FUTEX_WAIT, 0, NULL, NULL, 0) < 0 &&
		    errno != EAGAIN && errno != EINTR)
			__atomic_fetch_add(&s->failed, 1, __ATOMIC_SEQ_CST);
	}
}

/* Even waiters post, odd ones take. */
static void storm(int i)
{
	for (int n = 0; n < POSTS; n++) {
		if (i % 2) {
			sem_wait();
			__atomic_fetch_add(&s->taken, 1, __ATOMIC_SEQ_CST);
		} else {
			__atomic_fetch_add(&s->posted, 1, __ATOMIC_SEQ_CST);
			sem_post();
		}
	}
}

struct job {
	void (*fn)(int);
	int i;
};

static void *thread(void *arg)
{
	struct job *j = arg;

	j->fn(j->i);
	return NULL;
}

/* PER_PROC threads of fn here, numbered from first; 0 when all ran. */
static int threads(void (*fn)(int), int first)
{
	pthread_t t[PER_PROC];
	struct job jobs[PER_PROC];
	int err = 0;

	for (int k = 0; k < PER_PROC; k++) {
		jobs[k] = (struct job){ fn, first + k };
		err |= pthread_create(&t[k], NULL, thread, &jobs[k]);
	}
	for (int k = 0; k < PER_PROC; k++)
		err |= pthread_join(t[k], NULL);
	return err;
}

static pthread_t local;

static void *local_threads(void *fn)
{
	return (void *)(long)threads((void (*)(int))fn, PER_PROC);
}

/*
 * NWAIT waiters of fn: PER_PROC threads in a child process and as many in a thread of
 * this one, while control() (if any) runs here. Returns 0 when all ran.
 */
static int run_part(void (*fn)(int), void (*control)(void))
{
	pid_t pid = fork();
	void *err;
	int st;

	if (pid == 0)
		_exit(threads(fn, 0));
	pthread_create(&local, NULL, local_threads, (void *)fn);
	if (control)
		control();
	pthread_join(local, &err);
	return waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) || err;
}

/* ---- the controllers ---- */

/* Repeats call until what it returns adds up to want; the sum, or -1 on an error. */
static long until(long want, long (*call)(void))
{
	long sum = 0, r;

	while (sum < want) {
		if ((r = call()) < 0)
			return -1;
		if ((sum += r) < want)
			sched_yield();
	}
	return sum;
}

static long requeue_a_to_b(void)
{
	return futex_requeue(FUTEX_CMP_REQUEUE, &s->a, 0, INT_MAX, &s->b, 0);
}

static const char *result(long r)
{
	static char buf[64];

	snprintf(buf, sizeof buf, "%ld", r);
	return r < 0 ? strerrorname_np(errno) : buf;
}

static void control_requeue(void)
{
	printf("CMP_REQUEUE with the wrong value: %s\n",
	       result(futex_requeue(FUTEX_CMP_REQUEUE, &s->a, 0, INT_MAX, &s->b, 1)));
	printf("CMP_REQUEUE A to B until all are moved: %ld\n", until(NWAIT, requeue_a_to_b));
	printf("WAKE B 1: %s\n", result(futex(&s->b, FUTEX_WAKE, 1, NULL, NULL, 0)));
	printf("WAKE B 2: %s\n", result(futex(&s->b, FUTEX_WAKE, 2, NULL, NULL, 0)));
	printf("REQUEUE B to C, 0 woken, 2 moved: %s\n",
	       result(futex_requeue(FUTEX_REQUEUE, &s->b, 0, 2, &s->c, 0)));
	printf("WAKE A all: %s\n", result(futex(&s->a, FUTEX_WAKE, INT_MAX, NULL, NULL, 0)));
	printf("WAKE B all: %s\n", result(futex(&s->b, FUTEX_WAKE, INT_MAX, NULL, NULL, 0)));
	printf("WAKE C all: %s\n", result(futex(&s->c, FUTEX_WAKE, INT_MAX, NULL, NULL, 0)));
}

static long wake_mask5(void)
{
	return futex(&s->d, FUTEX_WAKE_BITSET, INT_MAX, NULL, NULL, 5);
}

static long wake_mask2(void)
{
	return futex(&s->d, FUTEX_WAKE_BITSET, INT_MAX, NULL, NULL, 2);
}

/* Waiter i's bit is 1 << (i % 3): those with bit 2 are i % 3 == 1. */
static int with_bit2(void)
{
	int n = 0;

	for (int i = 0; i < NWAIT; i++)
		n += i % 3 == 1;
	return n;
}

/* Waits until every waiter with bits 1 or 4 says it is awake: the sum is exact then. */
static void control_bitset(void)
{
	int with2 = with_bit2(), awake2 = 0;
	long sum = until(NWAIT - with2, wake_mask5);

	for (int i = 0; i < NWAIT; i++)
		if (i % 3 != 1)
			while (!__atomic_load_n(&s->woken[i], __ATOMIC_SEQ_CST))
				sched_yield();
	for (int i = 0; i < NWAIT; i++)
		if (i % 3 == 1)
			awake2 += __atomic_load_n(&s->woken[i], __ATOMIC_SEQ_CST);
	printf("WAKE_BITSET mask 5: %ld woken (bits 1 and 4), bit 2's awake: %d of %d\n",
	       sum, awake2, with2);
	printf("WAKE_BITSET mask 2: %ld woken\n", until(with2, wake_mask2));
	printf("WAKE_BITSET mask 0: %s\n",
	       result(futex(&s->d, FUTEX_WAKE_BITSET, INT_MAX, NULL, NULL, 0)));
}

/* ---- part 3: timeouts, one thread each, at once ---- */

static long long ns(clockid_t clock)
{
	struct timespec t;

	clock_gettime(clock, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static struct timespec at(long long when)
{
	return (struct timespec){ when / 1000000000LL, when % 1000000000LL };
}

struct timed {
	const char *what;
	int op;			/* FUTEX_WAIT (relative) or FUTEX_WAIT_BITSET (absolute) */
	clockid_t clock;
	long r;
	int err, late_enough;
};

static void *timed_wait(void *arg)
{
	struct timed *w = arg;
	long long start = ns(w->clock), deadline = start + TIMEOUT_MS * 1000000LL;
	struct timespec t = w->op == FUTEX_WAIT ? at(TIMEOUT_MS * 1000000LL) : at(deadline);

	w->r = futex(&s->a, w->op, 0, &t, NULL, FUTEX_BITSET_MATCH_ANY);
	w->err = errno;
	w->late_enough = ns(w->clock) >= deadline;
	return NULL;
}

static void timeouts(void)
{
	struct timed w[] = {
		{ "FUTEX_WAIT, 100 ms", FUTEX_WAIT, CLOCK_MONOTONIC },
		{ "FUTEX_WAIT_BITSET, CLOCK_MONOTONIC + 100 ms", FUTEX_WAIT_BITSET, CLOCK_MONOTONIC },
		{ "FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME, CLOCK_REALTIME + 100 ms",
		  FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, CLOCK_REALTIME },
	};
	pthread_t t[3];
	struct timespec past = at(ns(CLOCK_MONOTONIC) - 1000000), bad = { 0, 1000000000 };

	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, timed_wait, &w[i]);
	for (int i = 0; i < 3; i++) {
		pthread_join(t[i], NULL);
		printf("%s: %s, not before the deadline: %s\n", w[i].what,
		       w[i].r < 0 ? strerrorname_np(w[i].err) : "woken",
		       w[i].late_enough ? "yes" : "no");
	}
	printf("WAIT_BITSET, a deadline past: %s\n",
	       result(futex(&s->a, FUTEX_WAIT_BITSET, 0, &past, NULL, FUTEX_BITSET_MATCH_ANY)));
	printf("WAIT, tv_nsec 1000000000: %s\n", result(futex(&s->a, FUTEX_WAIT, 0, &bad, NULL, 0)));
	printf("WAIT_BITSET, bitset 0: %s\n",
	       result(futex(&s->a, FUTEX_WAIT_BITSET, 0, &past, NULL, 0)));
	printf("WAIT, the word is 0, not 1: %s\n", result(futex(&s->a, FUTEX_WAIT, 1, NULL, NULL, 0)));
}

static int part(const char *name, void (*fn)(int), void (*control)(void))
{
	int failed;

	s->returned0 = s->failed = 0;
	failed = run_part(fn, control);
	printf("%s: all ran: %s; waits returned 0: %u, failed: %u\n", name,
	       failed ? "no" : "yes", s->returned0, s->failed);
	return failed;
}

static int body(void)
{
	int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600), failed = 0;

	if (id < 0 || (s = shmat(id, NULL, 0)) == (void *)-1) {
		perror("shm");
		return 1;
	}
	shmctl(id, IPC_RMID, NULL);	/* gone with the last detach */
	failed |= part("requeue", wait_on_a, control_requeue);
	failed |= part("bitset", wait_bitset, control_bitset);
	timeouts();
	failed |= part("semaphore storm", storm, NULL);
	printf("posted %u, taken %u, the count at the end: %u\n", s->posted, s->taken, s->sem);
	return failed;
}

int main(void)
{
	return measured(body);
}
