// smp_exit_pi: a process ends (exit_group, or SIGKILL from outside) while its threads
// own and wait for PI futexes that another process waits for too. In a segment: lock A,
// owned by a thread of the dying process with its other threads and a thread of the
// surviving process waiting in FUTEX_LOCK_PI; lock B, free, whose condition word the
// dying process's threads wait on in FUTEX_WAIT_REQUEUE_PI. When the process is gone,
// the survivor's waiter owns lock A (the kernel handed it on) or, as Linux may say when
// its last owner is still exiting, ESRCH with the owner marked dead; lock B is free, a
// FUTEX_CMP_REQUEUE_PI finds no waiter left, and nothing is left over.
// Round after round, the end by exit_group and by SIGKILL in turn.
// cpus: 4
// timeout: 120
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "freeram.h"

#define ROUNDS	12
#define NWAIT	3

struct shared {
	unsigned lock_a, lock_b, cond;
	unsigned ready;		/* the dying process's threads at their calls */
	int survivor_got;	/* 0, or the errno of its FUTEX_LOCK_PI */
	unsigned survivor_done;
};

static struct shared *s;

static long futex(unsigned *w, int op, unsigned val, unsigned *w2, unsigned val3)
{
	return syscall(SYS_futex, w, op, val, NULL, w2, val3);
}

static unsigned tid(void)
{
	return syscall(SYS_gettid);
}

static void *lock_a_waiter(void *arg)
{
	(void)arg;
	__atomic_fetch_add(&s->ready, 1, __ATOMIC_SEQ_CST);
	futex(&s->lock_a, FUTEX_LOCK_PI, 0, NULL, 0);
	return NULL;		/* if it ever gets the lock, it ends owning it */
}

static void *cond_waiter(void *arg)
{
	(void)arg;
	__atomic_fetch_add(&s->ready, 1, __ATOMIC_SEQ_CST);
	futex(&s->cond, FUTEX_WAIT_REQUEUE_PI, 0, &s->lock_b, 0);
	return NULL;
}

/* Threads in the kernel: the main thread owns lock A. Ends by exit_group or is killed. */
static void dying(int by_exit)
{
	pthread_t th;

	__atomic_store_n(&s->lock_a, tid(), __ATOMIC_SEQ_CST);
	for (int i = 0; i < NWAIT; i++)
		pthread_create(&th, NULL, lock_a_waiter, NULL);
	pthread_create(&th, NULL, cond_waiter, NULL);
	pthread_create(&th, NULL, cond_waiter, NULL);
	while (__atomic_load_n(&s->ready, __ATOMIC_SEQ_CST) < NWAIT + 2)
		sched_yield();
	usleep(20000);		/* most of them asleep in the kernel by now */
	if (by_exit)
		syscall(SYS_exit_group, 0);
	pause();
}

static void *survivor(void *arg)
{
	(void)arg;
	s->survivor_got = futex(&s->lock_a, FUTEX_LOCK_PI, 0, NULL, 0) == 0 ? 0 : errno;
	__atomic_store_n(&s->survivor_done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static int round_of(int r)
{
	pthread_t sv;
	pid_t pid;
	unsigned me;
	int ok, st;

	memset(s, 0, sizeof(*s));
	if ((pid = fork()) == 0)
		dying(r % 2);
	while (__atomic_load_n(&s->lock_a, __ATOMIC_SEQ_CST) == 0)
		sched_yield();
	pthread_create(&sv, NULL, survivor, NULL);
	while (__atomic_load_n(&s->ready, __ATOMIC_SEQ_CST) < NWAIT + 2)
		sched_yield();
	usleep(30000);
	if (r % 2 == 0)
		kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	pthread_join(sv, NULL);
	/*
	 * Linux hands lock A on from waiter to waiter as each dies; when the survivor comes
	 * to it while its last owner is still exiting it says ESRCH (or EINVAL), the word
	 * left naming the dead thread with FUTEX_OWNER_DIED. Otherwise the survivor owns it.
	 */
	me = __atomic_load_n(&s->lock_a, __ATOMIC_SEQ_CST) & FUTEX_TID_MASK;
	ok = (s->survivor_got == 0 && me != 0 && me != (unsigned)pid) ||
	     ((s->survivor_got == ESRCH || s->survivor_got == EINVAL) &&
	      (s->lock_a & FUTEX_OWNER_DIED));
	ok &= (s->lock_b & FUTEX_TID_MASK) == 0;
	ok &= syscall(SYS_futex, &s->cond, FUTEX_CMP_REQUEUE_PI, 1, (void *)(long)1, &s->lock_b,
		      s->cond) == 0;
	return ok;
}

static int body(void)
{
	int shmid = shmget(IPC_PRIVATE, sizeof(*s), IPC_CREAT | 0600), ok = 0;

	if (shmid < 0 || (s = shmat(shmid, NULL, 0)) == (void *)-1) {
		perror("setup");
		return 1;
	}
	shmctl(shmid, IPC_RMID, NULL);
	for (int r = 0; r < ROUNDS; r++)
		ok += round_of(r);
	printf("rounds where the survivor's lock ended as on Linux and no waiter was left: "
	       "%d of %d\n", ok,
	       ROUNDS);
	shmdt(s);
	return 0;
}

int main(void)
{
	return measured_shm(body);
}
