// smp_shm_counter: threads of several processes add to counters in one System V segment,
// every one on every CPU at once, and each kind of add must give the exact total:
//  1. __atomic_fetch_add (a lock xadd);
//  2. a compare-and-exchange loop (lock cmpxchg), which retries when another CPU won;
//  3. a plain load and store, under a mutex made of a futex word alone (Drepper's
//     "Futexes Are Tricky", mutex 2: 0 free, 1 taken, 2 taken with waiters), whose
//     waiters sleep in FUTEX_WAIT and whose unlock wakes one with FUTEX_WAKE.
// The first process attaches the segment at the address the kernel chooses, the others at
// another (each attaches it itself after the fork): a futex shared between processes is
// the segment and the offset, not the address. A lost add shows in the totals, a lost
// wakeup hangs (the timeout). At the end the segment is gone and (on shmos) no task and
// no page is left over.
// timeout: 120
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "freeram.h"

#define NPROC	3
#define NTHR	3
#define NWORK	(NPROC * NTHR)
#define ATOMIC_ADDS	20000
#define CAS_ADDS	10000
#define LOCKED_ADDS	2000

struct shared {
	unsigned go;		/* workers ready: all start at once */
	unsigned atomic_count;
	unsigned cas_count;
	unsigned lock;		/* the futex mutex: 0, 1 or 2 */
	unsigned plain_count;	/* only under lock */
	unsigned bad_waits;	/* FUTEX_WAIT errors other than EAGAIN and EINTR */
};

static int shmid;

static long futex(unsigned *uaddr, int op, unsigned val)
{
	return syscall(SYS_futex, uaddr, op, val, NULL, NULL, 0);
}

static void mutex_lock(struct shared *s)
{
	unsigned c = 0;

	if (__atomic_compare_exchange_n(&s->lock, &c, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return;
	if (c != 2)
		c = __atomic_exchange_n(&s->lock, 2, __ATOMIC_ACQUIRE);
	while (c != 0) {
		if (futex(&s->lock, FUTEX_WAIT, 2) < 0 && errno != EAGAIN && errno != EINTR)
			__atomic_fetch_add(&s->bad_waits, 1, __ATOMIC_RELAXED);
		c = __atomic_exchange_n(&s->lock, 2, __ATOMIC_ACQUIRE);
	}
}

static void mutex_unlock(struct shared *s)
{
	if (__atomic_fetch_sub(&s->lock, 1, __ATOMIC_RELEASE) != 1) {
		__atomic_store_n(&s->lock, 0, __ATOMIC_RELEASE);
		futex(&s->lock, FUTEX_WAKE, 1);
	}
}

static void *work(void *arg)
{
	struct shared *s = arg;

	__atomic_fetch_add(&s->go, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&s->go, __ATOMIC_ACQUIRE) < NWORK)
		sched_yield();
	for (int i = 0; i < ATOMIC_ADDS; i++)
		__atomic_fetch_add(&s->atomic_count, 1, __ATOMIC_SEQ_CST);
	for (int i = 0; i < CAS_ADDS; i++) {
		unsigned old = __atomic_load_n(&s->cas_count, __ATOMIC_RELAXED);

		while (!__atomic_compare_exchange_n(&s->cas_count, &old, old + 1, 0,
						    __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
			;
	}
	for (int i = 0; i < LOCKED_ADDS; i++) {
		mutex_lock(s);
		/* a load and a store: another CPU's add between them would be lost */
		*(volatile unsigned *)&s->plain_count = *(volatile unsigned *)&s->plain_count + 1;
		mutex_unlock(s);
	}
	return NULL;
}

/* NTHR threads of this process, each a worker; 0 when all ran. */
static int process(struct shared *s)
{
	pthread_t t[NTHR];
	int err = 0;

	for (int i = 0; i < NTHR; i++)
		err |= pthread_create(&t[i], NULL, work, s);
	for (int i = 0; i < NTHR; i++)
		err |= pthread_join(t[i], NULL);
	return err;
}

static int body(void)
{
	struct shared *s;
	pid_t pids[NPROC];
	int st, failed = 0;

	if ((shmid = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600)) < 0 ||
	    (s = shmat(shmid, NULL, 0)) == (void *)-1) {
		perror("shm");
		return 1;
	}
	for (int p = 1; p < NPROC; p++)
		if ((pids[p] = fork()) == 0) {
			/* its own attach, at another address: the futex is the segment's */
			struct shared *mine = shmat(shmid, NULL, 0);

			shmdt(s);
			_exit(mine == (void *)-1 || mine == s ? 2 : process(mine));
		}
	failed |= process(s);
	for (int p = 1; p < NPROC; p++)
		failed |= waitpid(pids[p], &st, 0) != pids[p] || !WIFEXITED(st) || WEXITSTATUS(st);
	printf("processes and threads: %d x %d, all ran: %s\n", NPROC, NTHR, failed ? "no" : "yes");
	printf("atomic add: %u of %u\n", s->atomic_count, NWORK * ATOMIC_ADDS);
	printf("compare-and-exchange: %u of %u\n", s->cas_count, NWORK * CAS_ADDS);
	printf("under the futex mutex: %u of %u\n", s->plain_count, NWORK * LOCKED_ADDS);
	printf("mutex free at the end: %s; FUTEX_WAIT errors: %u\n", s->lock ? "no" : "yes",
	       s->bad_waits);
	shmdt(s);
	shmctl(shmid, IPC_RMID, NULL);
	return failed;
}

int main(void)
{
	struct shm_info before, after;
	int ret, max = shmctl(0, SHM_INFO, (struct shmid_ds *)&before);

	ret = measured(body);
	shmctl(0, SHM_INFO, (struct shmid_ds *)&after);
	printf("segments back: %s\n", max >= 0 && after.used_ids == before.used_ids ? "yes" : "no");
	return ret;
}
