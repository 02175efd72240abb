/*
 * Waits with a deadline on the wall clock follow its steps, as on Linux,
 * whose hrtimers of the realtime base move when the clock is set: a futex
 * wait with FUTEX_CLOCK_REALTIME, pthread_cond_timedwait (glibc's default
 * condition clock is CLOCK_REALTIME), sem_timedwait and a PI mutex's
 * pthread_mutex_timedlock (FUTEX_LOCK_PI, whose deadline is always on the
 * wall clock) time out at once when the clock steps past their deadline,
 * and a step back makes them wait longer.  A wait on CLOCK_MONOTONIC does
 * not move.
 *
 * The steps run on shmos only (the host's clock is not ours to set):
 * there the host prints what Linux does ("yes"), as clock_settime.c does.
 */
#define _GNU_SOURCE
#include "check.h"
#include "clockset.h"
#include "freeram.h"
#include <linux/futex.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <sys/syscall.h>

#define STEP		100		/* seconds */

static uint32_t word;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER, pi;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static sem_t sem;

struct waiter {
	int kind;			/* which wait */
	long long deadline;		/* ns on its clock */
	volatile int done;
	int result;			/* what the wait returned: 0 or an errno */
};

enum { FUTEX_RT, FUTEX_MONO, COND, SEM, MUTEX_PI };

static int step(long long by)
{
	return set_ns(ns_of(CLOCK_REALTIME) + by);
}

static void *wait_thread(void *arg)
{
	struct waiter *w = arg;
	struct timespec t = { w->deadline / NS, w->deadline % NS };

	switch (w->kind) {
	case FUTEX_RT:
	case FUTEX_MONO:
		w->result = syscall(SYS_futex, &word, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG |
				    (w->kind == FUTEX_RT ? FUTEX_CLOCK_REALTIME : 0), 0, &t,
				    NULL, FUTEX_BITSET_MATCH_ANY) ? errno : 0;
		break;
	case COND:
		pthread_mutex_lock(&m);
		w->result = pthread_cond_timedwait(&cv, &m, &t);
		pthread_mutex_unlock(&m);
		break;
	case SEM:
		w->result = sem_timedwait(&sem, &t) ? errno : 0;
		break;
	case MUTEX_PI:
		w->result = pthread_mutex_timedlock(&pi, &t);
		break;
	}
	w->done = 1;
	return NULL;
}

static pthread_t start(struct waiter *w)
{
	pthread_t t;

	pthread_create(&t, NULL, wait_thread, w);
	usleep(100000);		/* it waits */
	return t;
}

/* A wait whose deadline is half a step away: a step forward ends it at once. */
static int forward(int kind)
{
	struct waiter w = { kind, ns_of(CLOCK_REALTIME) + STEP / 2 * NS };
	pthread_t t = start(&w);
	long long m0 = ns_of(CLOCK_MONOTONIC);

	step(STEP * NS);
	pthread_join(t, NULL);
	step(-STEP * NS);
	return w.result == ETIMEDOUT && ns_of(CLOCK_MONOTONIC) - m0 < 2 * NS;
}

/* A deadline 1 s away, then the clock goes back: still waiting 1.5 s later. */
static int backward(int kind)
{
	struct waiter w = { kind, ns_of(CLOCK_REALTIME) + NS };
	pthread_t t = start(&w);
	int waiting;

	step(-STEP * NS);
	usleep(1500000);
	waiting = !w.done;
	step(STEP * NS);	/* the deadline is 0.6 s behind now: it ends */
	pthread_join(t, NULL);
	return waiting && w.result == ETIMEDOUT;
}

/* A deadline on CLOCK_MONOTONIC, 0.5 s away: a step forward does not end it. */
static int monotonic(void)
{
	struct waiter w = { FUTEX_MONO, ns_of(CLOCK_MONOTONIC) + NS / 2 };
	pthread_t t = start(&w);
	int waiting;

	step(STEP * NS);
	usleep(100000);
	waiting = !w.done;
	step(-STEP * NS);
	pthread_join(t, NULL);
	return waiting && w.result == ETIMEDOUT;
}

int main(void)
{
	pthread_mutexattr_t a;
	int shmos = on_shmos();
	long long r0 = ns_of(CLOCK_REALTIME), m0 = ns_of(CLOCK_MONOTONIC);

	pthread_mutexattr_init(&a);
	pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT);
	pthread_mutex_init(&pi, &a);
	pthread_mutex_lock(&pi);	/* the waiter's timedlock cannot have it */
	sem_init(&sem, 0, 0);
	printf("futex FUTEX_CLOCK_REALTIME, a step past the deadline: %s\n",
	       yes(!shmos || forward(FUTEX_RT)));
	printf("futex FUTEX_CLOCK_REALTIME, a step back: %s\n", yes(!shmos || backward(FUTEX_RT)));
	printf("pthread_cond_timedwait, a step past the deadline: %s\n",
	       yes(!shmos || forward(COND)));
	printf("sem_timedwait, a step past the deadline: %s\n", yes(!shmos || forward(SEM)));
	printf("sem_timedwait, a step back: %s\n", yes(!shmos || backward(SEM)));
	printf("pthread_mutex_timedlock (PI), a step past the deadline: %s\n",
	       yes(!shmos || forward(MUTEX_PI)));
	printf("futex on CLOCK_MONOTONIC, a step: not moved: %s\n", yes(!shmos || monotonic()));
	if (shmos)
		set_ns(r0 + ns_of(CLOCK_MONOTONIC) - m0);
	return 0;
}
