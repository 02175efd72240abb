/*
 * prodcons_mt: the bounded buffer of prodcons, kept in step by a
 * process-shared pthread mutex and two condition variables instead of
 * System V semaphores.  The ring, the mutex and the condition variables all
 * live in one System V shared memory segment; producers and consumers are
 * separate processes (fork), each attaching it at its own address:
 *
 *   not_full   a producer waits on it while every slot is taken;
 *   not_empty  a consumer waits on it while none is.
 *
 * The mutex and condition variables are PTHREAD_PROCESS_SHARED: glibc then
 * makes its futex calls without FUTEX_PRIVATE_FLAG, and the kernel matches
 * a waiter and a waker by the segment and the offset in it, not by the
 * address (kernel/futex.c, docs/futex.md).  Boot with trace=futex to see
 * the keys:
 *
 *   prodcons_mt [items [producers [consumers [slots]]]]     default 12 2 2 4
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_SLOTS 64

struct ring {
	pthread_mutex_t lock;
	pthread_cond_t not_full, not_empty;
	int slots, count;
	int in, out;		/* the next slot to fill, to empty */
	int item[MAX_SLOTS];
	long sum;		/* of the numbers taken out */
	int taken;
};

static void producer(struct ring *r, int who, int first, int step, int items)
{
	for (int n = first; n < items; n += step) {
		int slot;

		pthread_mutex_lock(&r->lock);
		while (r->count == r->slots)
			pthread_cond_wait(&r->not_full, &r->lock);	/* sleeps on a futex */
		slot = r->in;
		r->item[slot] = n;
		r->in = (slot + 1) % r->slots;
		r->count++;
		pthread_cond_signal(&r->not_empty);	/* wakes a consumer, if one waits */
		pthread_mutex_unlock(&r->lock);
		printf("producer %d (pid %d) put  %2d in slot %d\n", who, getpid(), n, slot);
	}
}

static void consumer(struct ring *r, int who, int count)
{
	for (int i = 0; i < count; i++) {
		int slot, n;

		pthread_mutex_lock(&r->lock);
		while (r->count == 0)
			pthread_cond_wait(&r->not_empty, &r->lock);
		slot = r->out;
		n = r->item[slot];
		r->out = (slot + 1) % r->slots;
		r->count--;
		r->sum += n;
		r->taken++;
		pthread_cond_signal(&r->not_full);
		pthread_mutex_unlock(&r->lock);
		printf("consumer %d (pid %d) took %2d from slot %d\n", who, getpid(), n, slot);
	}
}

/* The mutex and condition variables, made for use by several processes. */
static void ring_init(struct ring *r, int slots)
{
	pthread_mutexattr_t ma;
	pthread_condattr_t ca;

	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&r->lock, &ma);
	pthread_condattr_init(&ca);
	pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
	pthread_cond_init(&r->not_full, &ca);
	pthread_cond_init(&r->not_empty, &ca);
	r->slots = slots;
}

int main(int argc, char *argv[])
{
	int items = argc > 1 ? atoi(argv[1]) : 12, producers = argc > 2 ? atoi(argv[2]) : 2;
	int consumers = argc > 3 ? atoi(argv[3]) : 2, slots = argc > 4 ? atoi(argv[4]) : 4;
	struct ring *r;
	int shmid, failed = 0, status;

	if (items < 0 || producers < 1 || consumers < 1 || slots < 1 || slots > MAX_SLOTS) {
		fprintf(stderr, "usage: prodcons_mt [items [producers [consumers [slots 1-%d]]]]\n",
			MAX_SLOTS);
		return 1;
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	shmid = shmget(IPC_PRIVATE, sizeof(*r), 0600);
	if (shmid < 0 || (r = shmat(shmid, NULL, 0)) == (void *)-1) {
		perror("prodcons_mt");
		return 1;
	}
	ring_init(r, slots);
	printf("prodcons_mt: %d items, %d producers, %d consumers, %d slots: segment %d\n",
	       items, producers, consumers, slots, shmid);

	for (int p = 0; p < producers; p++)
		if (fork() == 0) {
			/* Our own attach, elsewhere: the futexes are the same. */
			struct ring *mine = shmat(shmid, NULL, 0);

			producer(mine == (void *)-1 ? r : mine, p, p, producers, items);
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

	printf("prodcons_mt: %d taken, sum %ld (%ld expected): %s\n", r->taken, r->sum,
	       (long)items * (items - 1) / 2,
	       !failed && r->taken == items && r->sum == (long)items * (items - 1) / 2 ?
	       "every item once" : "WRONG");
	shmdt(r);
	shmctl(shmid, IPC_RMID, NULL);
	return failed;
}
