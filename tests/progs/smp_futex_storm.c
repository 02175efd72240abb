// smp_futex_storm: many threads of several processes wait and wake on the words of one
// System V segment, which each process attaches at another address (a shared futex is
// the segment and the offset, not the address). Three storms, every participant on every
// CPU at once:
//  1. a counter under a mutex made of the futex alone (FUTEX_WAIT, FUTEX_WAKE);
//  2. a barrier made of that mutex and a condition variable whose broadcast wakes one
//     waiter and requeues the others onto the mutex (FUTEX_CMP_REQUEUE), round after round;
//  3. glibc's PTHREAD_PROCESS_SHARED mutex, condition variables and barrier: a bounded
//     buffer between producers and consumers of every process, then barrier rounds.
// A lost wakeup hangs (the test's timeout), a lost increment shows in the counts. At the
// end no segment, no task and (on shmos) no page is left over.
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
#include <unistd.h>
#include "freeram.h"

#define NPROC	4
#define NTHR	4
#define NPART	(NPROC * NTHR)
#define ITERS	400
#define ROUNDS	60
#define QSIZE	4
#define ITEMS	300	/* per producer */
#define ATTACH(i)	((void *)(0x48000000 + (i) * 0x110000))

struct shared {
	int mutex;		/* 0 free, 1 taken, 2 taken with waiters (Drepper's) */
	long counter;		/* under mutex */
	int gate;		/* the condition variable's sequence word */
	int arrived, round;	/* under mutex */
	pthread_mutex_t qlock;
	pthread_cond_t not_full, not_empty;
	int queue[QSIZE], head, tail, count;
	long consumed_sum, consumed;
	pthread_barrier_t barrier;
	int barrier_count, barrier_bad;
};

static struct shared *sh;

static long futex(int *w, int op, int val, void *timeout_or_val2, int *w2, int val3)
{
	return syscall(SYS_futex, w, op, val, timeout_or_val2, w2, val3);
}

static int cmpxchg(int *w, int old, int new)
{
	__atomic_compare_exchange_n(w, &old, new, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	return old;
}

static void lock(int *m)
{
	int c = cmpxchg(m, 0, 1);

	if (c == 0)
		return;
	if (c != 2)
		c = __atomic_exchange_n(m, 2, __ATOMIC_SEQ_CST);
	while (c != 0) {
		futex(m, FUTEX_WAIT, 2, NULL, NULL, 0);
		c = __atomic_exchange_n(m, 2, __ATOMIC_SEQ_CST);
	}
}

static void unlock(int *m)
{
	if (__atomic_fetch_sub(m, 1, __ATOMIC_SEQ_CST) != 1) {
		*m = 0;
		futex(m, FUTEX_WAKE, 1, NULL, NULL, 0);
	}
}

/* Waits on the gate with the mutex held; comes back with it held (as taken contended). */
static void cond_wait(void)
{
	int seq = sh->gate;

	unlock(&sh->mutex);
	futex(&sh->gate, FUTEX_WAIT, seq, NULL, NULL, 0);
	/* A requeued waiter is woken by an unlock: it must leave the word at 2 for others. */
	while (__atomic_exchange_n(&sh->mutex, 2, __ATOMIC_SEQ_CST) != 0)
		futex(&sh->mutex, FUTEX_WAIT, 2, NULL, NULL, 0);
}

static void cond_broadcast(void)
{
	int seq = __atomic_add_fetch(&sh->gate, 1, __ATOMIC_SEQ_CST);

	futex(&sh->gate, FUTEX_CMP_REQUEUE, 1, (void *)(long)INT_MAX, &sh->mutex, seq);
}

static void futex_rounds(void)
{
	for (int i = 0; i < ITERS; i++) {
		lock(&sh->mutex);
		sh->counter++;
		unlock(&sh->mutex);
	}
	for (int r = 0; r < ROUNDS; r++) {
		lock(&sh->mutex);
		if (++sh->arrived == NPART) {
			sh->arrived = 0;
			sh->round++;
			cond_broadcast();
		} else {
			int mine = sh->round;

			while (sh->round == mine)
				cond_wait();
		}
		unlock(&sh->mutex);
	}
}

static void pthread_rounds(long who)
{
	/* Half the participants produce, half consume. */
	if (who % 2 == 0) {
		for (int i = 1; i <= ITEMS; i++) {
			pthread_mutex_lock(&sh->qlock);
			while (sh->count == QSIZE)
				pthread_cond_wait(&sh->not_full, &sh->qlock);
			sh->queue[sh->tail] = i;
			sh->tail = (sh->tail + 1) % QSIZE;
			sh->count++;
			pthread_cond_signal(&sh->not_empty);
			pthread_mutex_unlock(&sh->qlock);
		}
	} else {
		for (int i = 0; i < ITEMS; i++) {
			pthread_mutex_lock(&sh->qlock);
			while (sh->count == 0)
				pthread_cond_wait(&sh->not_empty, &sh->qlock);
			sh->consumed_sum += sh->queue[sh->head];
			sh->consumed++;
			sh->head = (sh->head + 1) % QSIZE;
			sh->count--;
			pthread_cond_signal(&sh->not_full);
			pthread_mutex_unlock(&sh->qlock);
		}
	}
	for (int r = 0; r < ROUNDS; r++) {
		pthread_mutex_lock(&sh->qlock);
		sh->barrier_count++;
		pthread_mutex_unlock(&sh->qlock);
		pthread_barrier_wait(&sh->barrier);
		/* Everyone has counted this round, nobody the next one yet. */
		if (__atomic_load_n(&sh->barrier_count, __ATOMIC_SEQ_CST) != NPART * (r + 1))
			__atomic_add_fetch(&sh->barrier_bad, 1, __ATOMIC_SEQ_CST);
		pthread_barrier_wait(&sh->barrier);
	}
}

static void *participant(void *arg)
{
	futex_rounds();
	pthread_rounds((long)arg);
	return NULL;
}

static int process(int id, int p)
{
	pthread_t t[NTHR];

	/* Each process sees the segment at another address. */
	sh = shmat(id, ATTACH(p), 0);
	if (sh != ATTACH(p))
		return 1;
	for (long i = 0; i < NTHR; i++)
		pthread_create(&t[i], NULL, participant, (void *)(p * NTHR + i));
	for (int i = 0; i < NTHR; i++)
		pthread_join(t[i], NULL);
	return shmdt(sh) != 0;
}

static int run(void)
{
	pthread_mutexattr_t ma;
	pthread_condattr_t ca;
	pthread_barrierattr_t ba;
	int id, ok = 0;
	struct shmid_ds ds;

	id = shmget(IPC_PRIVATE, sizeof(*sh), IPC_CREAT | 0600);
	sh = shmat(id, NULL, 0);
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&sh->qlock, &ma);
	pthread_condattr_init(&ca);
	pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
	pthread_cond_init(&sh->not_full, &ca);
	pthread_cond_init(&sh->not_empty, &ca);
	pthread_barrierattr_init(&ba);
	pthread_barrierattr_setpshared(&ba, PTHREAD_PROCESS_SHARED);
	pthread_barrier_init(&sh->barrier, &ba, NPART);
	for (int p = 0; p < NPROC; p++)
		if (fork() == 0)
			_exit(process(id, p));
	for (int p = 0; p < NPROC; p++) {
		int st;

		if (wait(&st) > 0)
			ok += WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	printf("processes ok: %d of %d, %d threads each\n", ok, NPROC, NTHR);
	printf("futex mutex counter: %ld of %d\n", sh->counter, NPART * ITERS);
	printf("requeue barrier rounds: %d of %d, none left waiting: %s\n", sh->round, ROUNDS,
	       sh->arrived == 0 ? "yes" : "no");
	printf("items consumed: %ld of %d, sum %s\n", sh->consumed, NPART / 2 * ITEMS,
	       sh->consumed_sum == (long)NPART / 2 * ITEMS * (ITEMS + 1) / 2 ? "right" : "wrong");
	printf("pthread barrier rounds: %d counted, %d seen wrong\n", sh->barrier_count,
	       sh->barrier_bad);
	shmctl(id, IPC_STAT, &ds);
	printf("attaches left: %ld\n", (long)ds.shm_nattch - 1);
	shmdt(sh);
	shmctl(id, IPC_RMID, NULL);
	return 0;
}

int main(void)
{
	return measured(run);
}
