// thread_sync: glibc's synchronisation on futexes, unmodified. A PTHREAD_PROCESS_SHARED
// mutex and condition variable in a System V segment order two processes (a bounded
// buffer); an unnamed process-shared POSIX semaphore in the segment does the same;
// timed waits end ETIMEDOUT (sem_timedwait, pthread_cond_timedwait,
// pthread_mutex_timedlock); pthread_cancel ends a thread blocked in pthread_cond_wait
// (its cleanup handler runs) and in sem_wait; a condition variable's broadcast wakes all.
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#define SLOTS	4
#define ITEMS	2000

struct ring {
	pthread_mutex_t lock;
	pthread_cond_t not_empty, not_full;
	int head, tail, count;
	int items[SLOTS];
	sem_t full, empty;	// the same buffer, with semaphores
};

static void pshared_mutex_cond(struct ring *r)
{
	pthread_mutexattr_t ma;
	pthread_condattr_t ca;
	long sum = 0;
	pid_t pid;
	int st;

	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&r->lock, &ma);
	pthread_condattr_init(&ca);
	pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
	pthread_cond_init(&r->not_empty, &ca);
	pthread_cond_init(&r->not_full, &ca);
	r->head = r->tail = r->count = 0;
	if ((pid = fork()) == 0) {
		for (int i = 1; i <= ITEMS; i++) {
			pthread_mutex_lock(&r->lock);
			while (r->count == SLOTS)
				pthread_cond_wait(&r->not_full, &r->lock);
			r->items[r->tail] = i;
			r->tail = (r->tail + 1) % SLOTS;
			r->count++;
			pthread_cond_signal(&r->not_empty);
			pthread_mutex_unlock(&r->lock);
		}
		_exit(0);
	}
	for (int i = 1; i <= ITEMS; i++) {
		pthread_mutex_lock(&r->lock);
		while (r->count == 0)
			pthread_cond_wait(&r->not_empty, &r->lock);
		sum += r->items[r->head];
		r->head = (r->head + 1) % SLOTS;
		r->count--;
		pthread_cond_signal(&r->not_full);
		pthread_mutex_unlock(&r->lock);
	}
	waitpid(pid, &st, 0);
	printf("process-shared mutex and condvar: sum %ld, producer exit %d\n", sum,
	       WEXITSTATUS(st));
}

static void pshared_sem(struct ring *r)
{
	long sum = 0;
	pid_t pid;
	int st;

	printf("sem_init pshared: %d\n", sem_init(&r->full, 1, 0));
	sem_init(&r->empty, 1, SLOTS);
	r->head = r->tail = 0;
	if ((pid = fork()) == 0) {
		for (int i = 1; i <= ITEMS; i++) {
			sem_wait(&r->empty);
			r->items[r->tail] = i;
			r->tail = (r->tail + 1) % SLOTS;
			sem_post(&r->full);
		}
		_exit(0);
	}
	for (int i = 1; i <= ITEMS; i++) {
		sem_wait(&r->full);
		sum += r->items[r->head];
		r->head = (r->head + 1) % SLOTS;
		sem_post(&r->empty);
	}
	waitpid(pid, &st, 0);
	printf("process-shared semaphores: sum %ld, producer exit %d\n", sum, WEXITSTATUS(st));
	sem_destroy(&r->full);
	sem_destroy(&r->empty);
}

static struct timespec in_ms(clockid_t clock, int ms)
{
	struct timespec ts;
	long long ns;

	clock_gettime(clock, &ts);
	ns = ts.tv_nsec + ms * 1000000LL;
	ts.tv_sec += ns / 1000000000;
	ts.tv_nsec = ns % 1000000000;
	return ts;
}

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;

static void *hold_m(void *arg)
{
	pthread_mutex_lock(&m);
	usleep(100000);
	pthread_mutex_unlock(&m);
	return NULL;
}

static void timed(void)
{
	sem_t s;
	struct timespec ts;
	pthread_t t;
	pthread_condattr_t ca;
	pthread_cond_t mono;

	sem_init(&s, 0, 0);
	ts = in_ms(CLOCK_REALTIME, 30);
	TRY("sem_timedwait, 30 ms", sem_timedwait(&s, &ts));
	ts.tv_nsec = 1000000000;
	TRY("sem_timedwait, bad timespec", sem_timedwait(&s, &ts));
	sem_post(&s);
	TRY("sem_trywait after a post", sem_trywait(&s));
	TRY("sem_trywait, none left", sem_trywait(&s));
	sem_destroy(&s);

	pthread_mutex_lock(&m);
	ts = in_ms(CLOCK_REALTIME, 30);
	printf("pthread_cond_timedwait, 30 ms: %s\n", ename(pthread_cond_timedwait(&c, &m, &ts)));
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&mono, &ca);
	ts = in_ms(CLOCK_MONOTONIC, 30);
	printf("pthread_cond_timedwait on CLOCK_MONOTONIC, 30 ms: %s\n",
	       ename(pthread_cond_timedwait(&mono, &m, &ts)));
	pthread_mutex_unlock(&m);

	pthread_create(&t, NULL, hold_m, NULL);
	usleep(20000);
	ts = in_ms(CLOCK_REALTIME, 20);
	printf("pthread_mutex_timedlock, held: %s\n", ename(pthread_mutex_timedlock(&m, &ts)));
	ts = in_ms(CLOCK_REALTIME, 2000);
	printf("pthread_mutex_timedlock, let go of: %d\n", pthread_mutex_timedlock(&m, &ts));
	pthread_mutex_unlock(&m);
	pthread_join(t, NULL);
}

static int cleaned;
static sem_t never;

static void cleanup(void *arg)
{
	cleaned = 1;
	pthread_mutex_unlock(&m);
}

static void *wait_cond(void *arg)
{
	pthread_mutex_lock(&m);
	pthread_cleanup_push(cleanup, NULL);
	for (;;)
		pthread_cond_wait(&c, &m);
	pthread_cleanup_pop(0);
	return NULL;
}

static void *wait_sem(void *arg)
{
	sem_wait(&never);
	return NULL;
}

static void cancellation(void)
{
	pthread_t t;
	void *r;

	pthread_create(&t, NULL, wait_cond, NULL);
	usleep(20000);
	pthread_cancel(t);
	pthread_join(t, &r);
	printf("cancel in pthread_cond_wait: canceled %s, cleanup ran %s\n",
	       yes(r == PTHREAD_CANCELED), yes(cleaned));
	printf("the mutex is free again: %d\n", pthread_mutex_trylock(&m));
	pthread_mutex_unlock(&m);

	sem_init(&never, 0, 0);
	pthread_create(&t, NULL, wait_sem, NULL);
	usleep(20000);
	pthread_cancel(t);
	pthread_join(t, &r);
	printf("cancel in sem_wait: canceled %s\n", yes(r == PTHREAD_CANCELED));
	sem_destroy(&never);
}

static int go, woke;

static void *wait_go(void *arg)
{
	pthread_mutex_lock(&m);
	while (!go)
		pthread_cond_wait(&c, &m);
	woke++;
	pthread_mutex_unlock(&m);
	return NULL;
}

static void broadcast(void)
{
	pthread_t t[6];

	for (int i = 0; i < 6; i++)
		pthread_create(&t[i], NULL, wait_go, NULL);
	usleep(30000);
	pthread_mutex_lock(&m);
	go = 1;
	pthread_cond_broadcast(&c);
	pthread_mutex_unlock(&m);
	for (int i = 0; i < 6; i++)
		pthread_join(t[i], NULL);
	printf("broadcast woke: %d\n", woke);
}

int main(void)
{
	int id = shmget(IPC_PRIVATE, sizeof(struct ring), IPC_CREAT | 0600);
	struct ring *r = shmat(id, NULL, 0);

	setvbuf(stdout, NULL, _IONBF, 0);
	shmctl(id, IPC_RMID, NULL);
	pshared_mutex_cond(r);
	pshared_sem(r);
	timed();
	cancellation();
	broadcast();
	shmdt(r);
	return 0;
}
