// bbuf: the bounded buffer between two processes on two CPUs, in user space (the lab
// bbuf, docs/labs.md). A producer puts the numbers 1 to ITEMS into a ring of SLOTS slots
// in a System V segment; a consumer, on the other CPU, takes them out and checks that
// each arrives once and in order. Two System V semaphores keep them in step: EMPTY (the
// free slots) and FULL (the filled ones); with one producer and one consumer each index
// of the ring has one writer, so no mutex is needed. `bbuf racy` runs the version
// without semaphores, which waits by spinning on a shared count: on two CPUs at once
// count++ and count-- (a read, an add, a write each) overwrite one another, and items
// are lost or taken twice. Linux gives the same answer with the semaphores.
// cpus: 2
// timeout: 60
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#define ITEMS	20000
#define SLOTS	8
#define SPINS	10000	/* a racy wait's spins between two sched_yield */

enum { EMPTY, FULL };	/* the semaphores of the set */

struct ring {
	volatile unsigned slot[SLOTS];
	volatile unsigned in, out;	/* the next slot to fill; to empty */
	volatile unsigned count;	/* the racy version's: items in the ring */
	volatile int done;		/* the racy version's: the producer has finished */
	volatile int stop;		/* the racy version's: the consumer has finished */
};

static int semid = -1;

/* Each process on a CPU of its own (CPU 0 and 1) when there are two. */
static void pin(int cpu)
{
	cpu_set_t set;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) != 0)
		perror("sched_setaffinity");
}

/* semop of op on semaphore num, again after a signal.  (inline: the handout's stubs
 * leave it unused, and -Werror would refuse an unused static function.) */
static inline void sem_op(int num, int op)
{
	struct sembuf sb = { .sem_num = num, .sem_op = op };

	while (semop(semid, &sb, 1) < 0 && errno == EINTR)
		;
}

/*
 * A wait by spinning: a spin now and then gives the CPU away (sched_yield), so that on
 * one CPU the other side runs long before the timer's tick would let it.
 */
static void spin(unsigned *spins)
{
	if (++*spins % SPINS == 0)
		sched_yield();
}

/* Without semaphores: wait while the ring is full, then fill a slot and count it;
 * nothing once the consumer has stopped. */
static void racy_put(struct ring *r, unsigned item)
{
	unsigned spins = 0;

	while (r->count == SLOTS) {
		if (r->stop)
			return;
		spin(&spins);
	}
	r->slot[r->in] = item;
	r->in = (r->in + 1) % SLOTS;
	r->count++;
}

/* Without semaphores: spin while the ring is empty; -1 once the producer is done. */
static int racy_get(struct ring *r, unsigned *item)
{
	unsigned spins = 0;

	while (r->count == 0) {
		if (r->done)
			return -1;
		spin(&spins);
	}
	*item = r->slot[r->out];
	r->out = (r->out + 1) % SLOTS;
	r->count--;
	return 0;
}

/* The set of two semaphores: EMPTY starts at SLOTS, FULL at 0.  0, or -1. */
static int ring_sems(void)
{
	/* LAB bbuf: make semid, a set of two semaphores, EMPTY at SLOTS and FULL at 0 */
	if ((semid = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600)) < 0 ||
	    semctl(semid, EMPTY, SETVAL, SLOTS) < 0 || semctl(semid, FULL, SETVAL, 0) < 0)
		return -1;
	/* LAB bbuf END */
	return 0;
}

static void put(struct ring *r, unsigned item)
{
	/* LAB bbuf: wait for a free slot (EMPTY), fill it, and say it is full (FULL) */
	sem_op(EMPTY, -1);
	r->slot[r->in] = item;
	r->in = (r->in + 1) % SLOTS;
	sem_op(FULL, 1);
	/* LAB bbuf END; stub: racy_put(r, item); */
}

/* The next item into *item: 0; -1 if there will be none. */
static int get(struct ring *r, unsigned *item)
{
	/* LAB bbuf: wait for a full slot (FULL), take its item, and free it (EMPTY) */
	sem_op(FULL, -1);
	*item = r->slot[r->out];
	r->out = (r->out + 1) % SLOTS;
	sem_op(EMPTY, 1);
	return 0;
	/* LAB bbuf END; stub: return racy_get(r, item); */
}

static void producer(struct ring *r, int racy)
{
	pin(0);
	for (unsigned i = 1; i <= ITEMS; i++)
		if (racy)
			racy_put(r, i);
		else
			put(r, i);
	r->done = 1;
}

/* Takes ITEMS items (fewer if the racy producer ends first) and says what came. */
static void consumer(struct ring *r, int racy)
{
	static unsigned char seen[ITEMS + 1];
	unsigned item, last = 0, taken = 0, bad = 0, twice = 0, missing = 0, order = 0;

	pin(1);
	while (taken < ITEMS && (racy ? racy_get(r, &item) : get(r, &item)) == 0) {
		taken++;
		if (item < 1 || item > ITEMS)
			bad++;
		else if (seen[item]++)
			twice++;
		order += item != last + 1;
		last = item;
	}
	r->stop = 1;
	for (unsigned i = 1; i <= ITEMS; i++)
		missing += !seen[i];
	printf("taken %u, missing %u, taken twice %u, out of order %u, bad %u\n", taken,
	       missing, twice, order, bad);
}

int main(int argc, char **argv)
{
	int racy = argc > 1 && !strcmp(argv[1], "racy"), status, shmid;
	struct ring *r;
	pid_t pid;

	setvbuf(stdout, NULL, _IONBF, 0);
	shmid = shmget(IPC_PRIVATE, sizeof(*r), IPC_CREAT | 0600);
	r = shmat(shmid, NULL, 0);
	shmctl(shmid, IPC_RMID, NULL);	/* it goes with the last detach */
	if (r == (void *)-1 || (!racy && ring_sems() < 0)) {
		perror("bbuf: setup");
		return 1;
	}
	if ((pid = fork()) == 0) {
		producer(r, racy);
		_exit(0);
	}
	consumer(r, racy);
	waitpid(pid, &status, 0);
	printf("producer: exit %d\n", WEXITSTATUS(status));
	if (semid >= 0)
		semctl(semid, 0, IPC_RMID);
	return 0;
}
