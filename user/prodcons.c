/*
 * prodcons: the bounded buffer, the classic use of semaphores.  Producers put
 * numbers into a ring of slots in a System V shared memory segment, consumers
 * take them out, and a set of three System V semaphores keeps them in step:
 *
 *   EMPTY  the free slots (it starts at the number of slots): a producer
 *          takes one (semop -1) before it writes, and sleeps while none is
 *          free; a consumer gives one back (+1) after it has read;
 *   FULL   the filled slots (it starts at 0): the other way round;
 *   MUTEX  1: whoever moves the ring's indexes holds it meanwhile, with
 *          SEM_UNDO, so that a process killed inside gives it back.
 *
 *   prodcons [items [producers [consumers [slots]]]]     default 12 2 2 4
 *
 * Every process says what it does; at the end the parent checks that every
 * number arrived once and shows the semaphores (ipcs -s -i ID shows them
 * too, while it runs).  The kernel side is ipc/sem.c: docs/sem.md follows a
 * semop there from the call to the wakeup.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_SLOTS 64

enum { EMPTY, FULL, MUTEX };	/* the semaphores of the set */

struct ring {
	int slots;
	int in, out;		/* the next slot to fill, to empty */
	int item[MAX_SLOTS];
	long sum;		/* of the numbers taken out */
	int taken;
};

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

static int semid;

/* One semop on one semaphore of the set: -1 takes, +1 gives back. */
static void sem(int num, int op, int flags)
{
	struct sembuf s = { num, op, flags };

	if (semop(semid, &s, 1) < 0) {
		perror("prodcons: semop");
		exit(1);
	}
}

static void producer(struct ring *r, int who, int first, int step, int items)
{
	for (int n = first; n < items; n += step) {
		sem(EMPTY, -1, 0);		/* a free slot, or sleep */
		sem(MUTEX, -1, SEM_UNDO);
		int slot = r->in;
		r->item[slot] = n;
		r->in = (slot + 1) % r->slots;
		sem(MUTEX, 1, SEM_UNDO);
		sem(FULL, 1, 0);		/* wakes a consumer asleep on FULL */
		printf("producer %d (pid %d) put  %2d in slot %d\n", who, getpid(), n, slot);
	}
}

static void consumer(struct ring *r, int who, int count)
{
	for (int i = 0; i < count; i++) {
		sem(FULL, -1, 0);		/* a filled slot, or sleep */
		sem(MUTEX, -1, SEM_UNDO);
		int slot = r->out, n = r->item[slot];
		r->out = (slot + 1) % r->slots;
		r->sum += n;
		r->taken++;
		sem(MUTEX, 1, SEM_UNDO);
		sem(EMPTY, 1, 0);		/* wakes a producer asleep on EMPTY */
		printf("consumer %d (pid %d) took %2d from slot %d\n", who, getpid(), n, slot);
	}
}

int main(int argc, char *argv[])
{
	int items = argc > 1 ? atoi(argv[1]) : 12, producers = argc > 2 ? atoi(argv[2]) : 2;
	int consumers = argc > 3 ? atoi(argv[3]) : 2, slots = argc > 4 ? atoi(argv[4]) : 4;
	unsigned short init[3];
	struct ring *r;
	int shmid, failed = 0, status;

	if (items < 0 || producers < 1 || consumers < 1 || slots < 1 || slots > MAX_SLOTS) {
		fprintf(stderr, "usage: prodcons [items [producers [consumers [slots 1-%d]]]]\n",
			MAX_SLOTS);
		return 1;
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	shmid = shmget(IPC_PRIVATE, sizeof(*r), 0600);
	semid = semget(IPC_PRIVATE, 3, 0600);
	if (shmid < 0 || semid < 0 || (r = shmat(shmid, NULL, 0)) == (void *)-1) {
		perror("prodcons");
		return 1;
	}
	r->slots = slots;
	init[EMPTY] = slots, init[FULL] = 0, init[MUTEX] = 1;
	semctl(semid, 0, SETALL, (union semun){ .array = init });
	printf("prodcons: %d items, %d producers, %d consumers, %d slots: segment %d, "
	       "semaphore set %d\n", items, producers, consumers, slots, shmid, semid);

	for (int p = 0; p < producers; p++)
		if (fork() == 0) {
			producer(r, p, p, producers, items);
			_exit(0);
		}
	for (int c = 0; c < consumers; c++)
		if (fork() == 0) {
			/* the items shared out: the first ones get one more */
			consumer(r, c, items / consumers + (c < items % consumers));
			_exit(0);
		}
	while (wait(&status) > 0)
		failed |= !WIFEXITED(status) || WEXITSTATUS(status);

	printf("prodcons: %d taken, sum %ld (%ld expected): %s\n", r->taken, r->sum,
	       (long)items * (items - 1) / 2,
	       !failed && r->taken == items && r->sum == (long)items * (items - 1) / 2 ?
	       "every item once" : "WRONG");
	printf("prodcons: EMPTY %d, FULL %d, MUTEX %d\n", semctl(semid, EMPTY, GETVAL),
	       semctl(semid, FULL, GETVAL), semctl(semid, MUTEX, GETVAL));
	shmdt(r);
	shmctl(shmid, IPC_RMID, NULL);
	semctl(semid, 0, IPC_RMID);
	return failed;
}
