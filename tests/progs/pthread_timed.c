// pthread_timed: glibc's timed waits on both clocks. pthread_mutex_timedlock and
// pthread_mutex_clocklock, pthread_cond_timedwait with pthread_condattr_setclock
// (CLOCK_MONOTONIC) and pthread_cond_clockwait, sem_timedwait and sem_clockwait,
// pthread_rwlock_timedrdlock/timedwrlock and the clock variants, pthread_timedjoin_np:
// each ends ETIMEDOUT at its deadline (and not before it), at once for a deadline in the
// past, EINVAL for a bad tv_nsec when it would have to wait (glibc checks it only then),
// and returns 0 when what it waits for comes before the deadline.
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#define WAIT_MS	40

static const struct timespec past = { 1, 0 }, bad = { 0, 1000000000 }, neg = { 0, -1 };
static long long t0;

static void begin(void)
{
	t0 = now_ms();
}

// "what: ERR", and for a wait to a deadline WAIT_MS ahead whether it lasted that long
// (with a tick's slack; the end of one that must not wait is not timed: a busy host may
// keep anything from running for a while).
static void timed(const char *what, int err)
{
	long long ms = now_ms() - t0;

	printf("%s: %s, %s\n", what, ename(err), ms >= WAIT_MS - 10 ? "waited" : "too short");
}

static void result(const char *what, int err)
{
	printf("%s: %s\n", what, ename(err));
}

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c;
static sem_t s;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static volatile int release;

static void *hold_mutex(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	while (!release)
		usleep(1000);
	pthread_mutex_unlock(&m);
	return NULL;
}

static void *post_later(void *arg)
{
	(void)arg;
	usleep(10000);
	sem_post(&s);
	return NULL;
}

static void *signal_later(void *arg)
{
	(void)arg;
	usleep(10000);
	pthread_mutex_lock(&m);
	release = 1;
	pthread_cond_signal(&c);
	pthread_mutex_unlock(&m);
	return NULL;
}

static void *sleep_a_while(void *arg)
{
	usleep((long)arg * 1000);
	return NULL;
}

static void mutexes(void)
{
	struct timespec t;
	pthread_t th;

	release = 0;
	pthread_create(&th, NULL, hold_mutex, NULL);
	while (pthread_mutex_trylock(&m) == 0) {	// until the thread holds it
		pthread_mutex_unlock(&m);
		usleep(1000);
	}
	t = timespec_in_ms(CLOCK_REALTIME, WAIT_MS);
	begin();
	timed("mutex_timedlock held", pthread_mutex_timedlock(&m, &t));
	t = timespec_in_ms(CLOCK_MONOTONIC, WAIT_MS);
	begin();
	timed("mutex_clocklock monotonic held", pthread_mutex_clocklock(&m, CLOCK_MONOTONIC, &t));
	result("mutex_timedlock past", pthread_mutex_timedlock(&m, &past));
	result("mutex_timedlock bad nsec", pthread_mutex_timedlock(&m, &bad));
	begin();
	timed("mutex_timedlock negative nsec", pthread_mutex_timedlock(&m, &neg));
	t = timespec_in_ms(CLOCK_MONOTONIC, WAIT_MS);
	result("mutex_clocklock bad clock", pthread_mutex_clocklock(&m, 12345, &t));
	release = 1;
	pthread_join(th, NULL);
	result("mutex_timedlock free, past", pthread_mutex_timedlock(&m, &past));
	pthread_mutex_unlock(&m);
}

static void conds(void)
{
	pthread_condattr_t a;
	struct timespec t;
	clockid_t clock = -1;
	pthread_t th;

	pthread_condattr_init(&a);
	printf("condattr_setclock monotonic: %s\n",
	       ename(pthread_condattr_setclock(&a, CLOCK_MONOTONIC)));
	printf("condattr_setclock cputime: %s\n",
	       ename(pthread_condattr_setclock(&a, CLOCK_PROCESS_CPUTIME_ID)));
	pthread_condattr_getclock(&a, &clock);
	printf("condattr_getclock monotonic: %s\n", yes(clock == CLOCK_MONOTONIC));
	pthread_cond_init(&c, &a);

	pthread_mutex_lock(&m);
	t = timespec_in_ms(CLOCK_MONOTONIC, WAIT_MS);
	begin();
	timed("cond_timedwait monotonic", pthread_cond_timedwait(&c, &m, &t));
	t = timespec_in_ms(CLOCK_REALTIME, WAIT_MS);
	begin();
	timed("cond_clockwait realtime", pthread_cond_clockwait(&c, &m, CLOCK_REALTIME, &t));
	result("cond_timedwait past", pthread_cond_timedwait(&c, &m, &past));
	result("cond_timedwait bad nsec", pthread_cond_timedwait(&c, &m, &bad));
	t = timespec_in_ms(CLOCK_MONOTONIC, WAIT_MS);
	result("cond_clockwait bad clock", pthread_cond_clockwait(&c, &m, 12345, &t));
	printf("mutex still held after: %s\n", yes(pthread_mutex_trylock(&m) == EBUSY));

	release = 0;
	pthread_mutex_unlock(&m);
	pthread_create(&th, NULL, signal_later, NULL);
	pthread_mutex_lock(&m);
	t = timespec_in_ms(CLOCK_MONOTONIC, 5000);
	while (!release)
		if (pthread_cond_timedwait(&c, &m, &t))
			break;
	printf("cond_timedwait signalled before its deadline: %s\n", yes(release));
	pthread_mutex_unlock(&m);
	pthread_join(th, NULL);
	pthread_cond_destroy(&c);
	pthread_condattr_destroy(&a);
}

static void sems(void)
{
	struct timespec t;
	pthread_t th;
	int r;

	sem_init(&s, 0, 0);
	t = timespec_in_ms(CLOCK_REALTIME, WAIT_MS);
	begin();
	r = sem_timedwait(&s, &t);
	timed("sem_timedwait", r ? errno : 0);
	t = timespec_in_ms(CLOCK_MONOTONIC, WAIT_MS);
	begin();
	r = sem_clockwait(&s, CLOCK_MONOTONIC, &t);
	timed("sem_clockwait monotonic", r ? errno : 0);
	begin();
	r = sem_timedwait(&s, &past);
	timed("sem_timedwait past", r ? errno : 0);
	begin();
	r = sem_timedwait(&s, &bad);
	timed("sem_timedwait bad nsec", r ? errno : 0);
	begin();
	r = sem_clockwait(&s, 12345, &t);
	timed("sem_clockwait bad clock", r ? errno : 0);
	sem_post(&s);
	begin();
	r = sem_timedwait(&s, &bad);
	timed("sem_timedwait bad nsec, posted", r ? errno : 0);
	pthread_create(&th, NULL, post_later, NULL);
	t = timespec_in_ms(CLOCK_REALTIME, 5000);
	r = sem_timedwait(&s, &t);
	printf("sem_timedwait posted before its deadline: %s\n", ename(r ? errno : 0));
	pthread_join(th, NULL);
	sem_destroy(&s);
}

static void *rdlock(void *arg)
{
	if (arg)
		pthread_rwlock_wrlock(&rw);
	else
		pthread_rwlock_rdlock(&rw);
	while (!release)
		usleep(1000);
	pthread_rwlock_unlock(&rw);
	return NULL;
}

static void rwlocks(void)
{
	struct timespec t;
	pthread_t th;

	result("rwlock_timedwrlock own", (pthread_rwlock_wrlock(&rw),
					 pthread_rwlock_timedwrlock(&rw, &past)));
	pthread_rwlock_unlock(&rw);
	release = 0;
	pthread_create(&th, NULL, rdlock, &rw);	// a writer
	while (pthread_rwlock_tryrdlock(&rw) == 0) {
		pthread_rwlock_unlock(&rw);
		usleep(1000);
	}
	t = timespec_in_ms(CLOCK_REALTIME, WAIT_MS);
	begin();
	timed("rwlock_timedrdlock, write-locked", pthread_rwlock_timedrdlock(&rw, &t));
	t = timespec_in_ms(CLOCK_MONOTONIC, WAIT_MS);
	begin();
	timed("rwlock_clockrdlock monotonic", pthread_rwlock_clockrdlock(&rw, CLOCK_MONOTONIC, &t));
	result("rwlock_timedrdlock past", pthread_rwlock_timedrdlock(&rw, &past));
	result("rwlock_timedrdlock bad nsec", pthread_rwlock_timedrdlock(&rw, &bad));
	release = 1;
	pthread_join(th, NULL);

	release = 0;
	pthread_create(&th, NULL, rdlock, NULL);
	while (pthread_rwlock_trywrlock(&rw) == 0) {
		pthread_rwlock_unlock(&rw);
		usleep(1000);
	}
	t = timespec_in_ms(CLOCK_REALTIME, WAIT_MS);
	begin();
	timed("rwlock_timedwrlock, read-locked", pthread_rwlock_timedwrlock(&rw, &t));
	t = timespec_in_ms(CLOCK_MONOTONIC, WAIT_MS);
	begin();
	timed("rwlock_clockwrlock monotonic", pthread_rwlock_clockwrlock(&rw, CLOCK_MONOTONIC, &t));
	result("rwlock_timedrdlock, read-locked", pthread_rwlock_timedrdlock(&rw, &past));
	pthread_rwlock_unlock(&rw);
	release = 1;
	pthread_join(th, NULL);
}

static void joins(void)
{
	struct timespec t;
	pthread_t th;

	pthread_create(&th, NULL, sleep_a_while, (void *)5000L);
	t = timespec_in_ms(CLOCK_REALTIME, WAIT_MS);
	begin();
	timed("timedjoin_np, still running", pthread_timedjoin_np(th, NULL, &t));
	t = timespec_in_ms(CLOCK_MONOTONIC, WAIT_MS);
	begin();
	timed("clockjoin_np monotonic", pthread_clockjoin_np(th, NULL, CLOCK_MONOTONIC, &t));
	pthread_cancel(th);
	pthread_join(th, NULL);
	pthread_create(&th, NULL, sleep_a_while, (void *)10L);
	t = timespec_in_ms(CLOCK_REALTIME, 5000);
	printf("timedjoin_np, ends first: %s\n", ename(pthread_timedjoin_np(th, NULL, &t)));
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	mutexes();
	conds();
	sems();
	rwlocks();
	joins();
	return 0;
}
