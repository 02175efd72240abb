// smp_futex_pi_storm: priority-inheritance futexes under contention from threads of
// several processes on every CPU, in a System V segment that each process attaches at
// its own address. Raw system calls, as glibc's PI mutexes and the old PI condition
// variables make them:
//  1. a counter under a PI lock: the word is 0 or the owner's TID; a taker that finds it
//     held calls FUTEX_LOCK_PI (or now and then FUTEX_TRYLOCK_PI), and an owner that
//     finds FUTEX_WAITERS calls FUTEX_UNLOCK_PI, which hands the lock to a waiter;
//  2. a barrier on a condition word with the PI lock: the last to come bumps the word and
//     wakes one and moves the others onto the lock (FUTEX_CMP_REQUEUE_PI), the others
//     wait with FUTEX_WAIT_REQUEUE_PI and come back owning the lock, round after round;
//  3. an owner that ends holding the lock: a thread takes it and exits while another
//     waits in FUTEX_LOCK_PI, which then returns with the lock (the word names the
//     waiter); and a lock whose owner ended before anyone waited, which FUTEX_LOCK_PI
//     refuses as Linux does.
// A lost wakeup hangs (the timeout), a lost add shows in the count. At the end no
// segment, task or (on shmos) page is left over.
// cpus: 4
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

#define NPROC	3
#define NTHR	3
#define NPART	(NPROC * NTHR)
#define LOCKED_ADDS	1500
#define ROUNDS	100

struct shared {
	unsigned go;		/* participants ready: all start at once */
	unsigned lock;		/* the PI word */
	unsigned count;		/* under lock */
	unsigned cond;		/* the barrier's condition word: its round */
	unsigned arrived;	/* under lock: how many came in this round */
	unsigned passed;	/* rounds passed, counted by each participant */
	unsigned errors;	/* a futex call that failed unexpectedly */
	unsigned dead;		/* a PI word whose owner exits */
};

static int shmid;

static long futex(unsigned *uaddr, int op, unsigned val, unsigned *uaddr2, unsigned val3)
{
	return syscall(SYS_futex, uaddr, op, val, NULL, uaddr2, val3);
}

static unsigned gettid_(void)
{
	return syscall(SYS_gettid);
}

static void error(struct shared *s)
{
	__atomic_fetch_add(&s->errors, 1, __ATOMIC_RELAXED);
}

static void pi_lock(struct shared *s, int try)
{
	unsigned zero = 0, me = gettid_();

	if (__atomic_compare_exchange_n(&s->lock, &zero, me, 0, __ATOMIC_ACQUIRE,
					__ATOMIC_RELAXED))
		return;
	/* FUTEX_TRYLOCK_PI does not wait: EAGAIN or EWOULDBLOCK while it is held */
	while (try && futex(&s->lock, FUTEX_TRYLOCK_PI, 0, NULL, 0) < 0)
		if (errno != EAGAIN && errno != EDEADLK) {
			error(s);
			break;
		}
	if (!try && futex(&s->lock, FUTEX_LOCK_PI, 0, NULL, 0) < 0)
		error(s);
}

static void pi_unlock(struct shared *s)
{
	unsigned me = gettid_();

	if (!__atomic_compare_exchange_n(&s->lock, &me, 0, 0, __ATOMIC_RELEASE,
					 __ATOMIC_RELAXED) &&
	    futex(&s->lock, FUTEX_UNLOCK_PI, 0, NULL, 0) < 0)
		error(s);
}

/* One round of the barrier; each participant comes out of it owning nothing. */
static void barrier(struct shared *s)
{
	unsigned round;

	pi_lock(s, 0);
	round = s->cond;
	if (++s->arrived == NPART) {
		s->arrived = 0;
		__atomic_store_n(&s->cond, round + 1, __ATOMIC_SEQ_CST);
		/* nr_wake must be 1; nr_requeue in the timeout's place */
		if (syscall(SYS_futex, &s->cond, FUTEX_CMP_REQUEUE_PI, 1, (void *)(long)INT_MAX,
			    &s->lock, round + 1) < 0)
			error(s);
		pi_unlock(s);
	} else {
		pi_unlock(s);
		/* 0: requeued and given the lock; EAGAIN: the round ended before the wait */
		if (futex(&s->cond, FUTEX_WAIT_REQUEUE_PI, round, &s->lock, 0) == 0)
			pi_unlock(s);
		else if (errno != EAGAIN)
			error(s);
	}
	__atomic_fetch_add(&s->passed, 1, __ATOMIC_RELAXED);
}

static void *participant(void *arg)
{
	struct shared *s = arg;

	__atomic_fetch_add(&s->go, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&s->go, __ATOMIC_ACQUIRE) < NPART)
		sched_yield();
	for (int i = 0; i < LOCKED_ADDS; i++) {
		pi_lock(s, i % 8 == 0);
		s->count++;
		pi_unlock(s);
	}
	for (int r = 0; r < ROUNDS; r++)
		barrier(s);
	return NULL;
}

static int process(void)
{
	struct shared *s = shmat(shmid, NULL, 0);
	pthread_t th[NTHR];

	if (s == (void *)-1)
		return 1;
	for (int t = 0; t < NTHR; t++)
		pthread_create(&th[t], NULL, participant, s);
	for (int t = 0; t < NTHR; t++)
		pthread_join(th[t], NULL);
	return 0;
}

/*
 * Takes the word s->dead and ends owning it; with a waiter, only once the waiter sleeps
 * on it (FUTEX_LOCK_PI has set FUTEX_WAITERS).
 */
static void *dying_owner(void *arg)
{
	struct shared *s = arg;

	__atomic_store_n(&s->dead, gettid_(), __ATOMIC_SEQ_CST);
	while (s->go && !(__atomic_load_n(&s->dead, __ATOMIC_SEQ_CST) & FUTEX_WAITERS))
		usleep(1000);
	return NULL;
}

/* The word's owner bits, with the caller's TID shown as "me". */
static void show_word(const char *what, unsigned word)
{
	printf("%s: owner %s%s%s\n", what, (word & FUTEX_TID_MASK) == gettid_() ? "me" :
	       (word & FUTEX_TID_MASK) ? "another" : "none",
	       word & FUTEX_OWNER_DIED ? ", FUTEX_OWNER_DIED" : "",
	       word & FUTEX_WAITERS ? ", FUTEX_WAITERS" : "");
}

static const char *lock_dead(struct shared *s)
{
	return futex(&s->dead, FUTEX_LOCK_PI, 0, NULL, 0) == 0 ? "0" : strerrorname_np(errno);
}

/* 3: a lock whose owner thread exits, without a waiter and with one. */
static void owner_ends(struct shared *s)
{
	pthread_t owner;

	s->go = 0;
	pthread_create(&owner, NULL, dying_owner, s);
	pthread_join(owner, NULL);
	printf("FUTEX_LOCK_PI of a word whose owner ended: %s\n", lock_dead(s));
	s->go = 1;
	s->dead = 0;
	pthread_create(&owner, NULL, dying_owner, s);
	while (!__atomic_load_n(&s->dead, __ATOMIC_SEQ_CST))
		sched_yield();
	printf("FUTEX_LOCK_PI while the owner ends: %s\n", lock_dead(s));
	show_word("the word then", s->dead);
	pthread_join(owner, NULL);
	printf("FUTEX_UNLOCK_PI: %s\n", futex(&s->dead, FUTEX_UNLOCK_PI, 0, NULL, 0) == 0 ? "0" :
	       strerrorname_np(errno));
	show_word("the word then", s->dead);
}

static int body(void)
{
	struct shared *s;
	pid_t pid[NPROC];
	int ok = 1;

	shmid = shmget(IPC_PRIVATE, sizeof(struct shared), IPC_CREAT | 0600);
	if (shmid < 0 || (s = shmat(shmid, NULL, 0)) == (void *)-1) {
		perror("setup");
		return 1;
	}
	for (int p = 0; p < NPROC; p++)
		if ((pid[p] = fork()) == 0)
			_exit(process());
	for (int p = 0; p < NPROC; p++) {
		int st;

		waitpid(pid[p], &st, 0);
		ok &= WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	printf("processes and threads: %d x %d, all ran: %s\n", NPROC, NTHR, ok ? "yes" : "no");
	printf("under the PI lock: %u of %u\n", s->count, NPART * LOCKED_ADDS);
	printf("barrier rounds: %u of %u passed\n", s->passed, NPART * ROUNDS);
	show_word("the PI word at the end", s->lock);
	owner_ends(s);
	printf("futex errors: %u\n", s->errors);
	shmdt(s);
	printf("removed: %s\n", shmctl(shmid, IPC_RMID, NULL) == 0 ? "yes" : "no");
	return 0;
}

int main(void)
{
	return measured_shm(body);
}
