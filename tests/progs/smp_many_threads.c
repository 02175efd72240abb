// smp_many_threads: more threads than CPUs, many times over. 4 processes of 32 threads
// each add to a shared counter with lock xadd and to a private one under a pthread mutex,
// meet at a pthread barrier round after round, and end; meanwhile each process's main
// thread makes and joins short-lived threads (some detached), and forks children that
// exit at once. The totals are exact, every thread and child ends, and nothing is left.
// cpus: 4
// timeout: 120
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "freeram.h"

#define NPROC	4
#define NTHR	32
#define ADDS	500
#define ROUNDS	20
#define CHURN	200

static unsigned *shared_count;
static unsigned private_count, churned;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t barrier;

static void *worker(void *arg)
{
	(void)arg;
	for (int r = 0; r < ROUNDS; r++) {
		for (int i = 0; i < ADDS / ROUNDS; i++) {
			__atomic_fetch_add(shared_count, 1, __ATOMIC_RELAXED);
			pthread_mutex_lock(&lock);
			private_count++;
			pthread_mutex_unlock(&lock);
		}
		pthread_barrier_wait(&barrier);
	}
	return NULL;
}

static void *short_lived(void *arg)
{
	(void)arg;
	__atomic_fetch_add(&churned, 1, __ATOMIC_RELAXED);
	return NULL;
}

/* Threads that start and end while the workers run, and children that exit at once. */
static int churn(void)
{
	pthread_attr_t detached;
	int children = 0;

	pthread_attr_init(&detached);
	pthread_attr_setdetachstate(&detached, PTHREAD_CREATE_DETACHED);
	for (int i = 0; i < CHURN; i++) {
		pthread_t t;

		if (i % 2 == 0 && pthread_create(&t, NULL, short_lived, NULL) == 0)
			pthread_join(t, NULL);
		else if (i % 2)
			while (pthread_create(&t, &detached, short_lived, NULL))
				sched_yield();	/* EAGAIN: too many at once; wait for some to end */
		if (i % 20 == 0) {
			pid_t c = fork();

			if (c == 0)
				_exit(7);
			int st;

			children += waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 7;
		}
	}
	while (__atomic_load_n(&churned, __ATOMIC_SEQ_CST) < CHURN)
		sched_yield();
	return children;
}

static int process(void)
{
	pthread_t th[NTHR];
	int children;

	pthread_barrier_init(&barrier, NULL, NTHR);
	for (int t = 0; t < NTHR; t++)
		if (pthread_create(&th[t], NULL, worker, NULL))
			return 1;
	children = churn();
	for (int t = 0; t < NTHR; t++)
		pthread_join(th[t], NULL);
	return private_count == NTHR * ADDS && churned == CHURN && children == CHURN / 20 ? 0 : 2;
}

static int body(void)
{
	pid_t pid[NPROC];
	int ok = 1;

	shared_count = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	for (int p = 0; p < NPROC; p++)
		if ((pid[p] = fork()) == 0)
			_exit(process());
	for (int p = 0; p < NPROC; p++) {
		int st;

		waitpid(pid[p], &st, 0);
		ok &= WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	printf("processes: %d of %d threads, private counts, churned threads and children "
	       "exact: %s\n", NPROC, NTHR, ok ? "yes" : "no");
	printf("shared count: %u of %u\n", *shared_count, NPROC * NTHR * ADDS);
	return 0;
}

int main(void)
{
	return measured(body);
}
