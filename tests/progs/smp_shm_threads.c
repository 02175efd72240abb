// smp_shm_threads: attach and detach races between the threads of one process and other
// processes. Two "swapper" threads each attach a segment at a fixed address, leave it a
// moment and detach it, round after round: slot 0 cycles through four keyed segments, slot
// 1 makes a fresh private segment each round and removes it (IPC_RMID) while attached, so
// that its detach frees the frames. Reader threads read and write every page of both
// slots all the while, on other CPUs. A read while a slot is stably attached must see that
// segment's tag; a read while it is stably detached must fault (SIGSEGV): the data of a
// detached segment, or of a frame freed and given to another, is a stale TLB entry that
// the shootdown missed. Meanwhile other processes attach the keyed segments and check
// every page's tag, until they are killed (SIGKILL) in the middle of their attaches. At the
// end no segment, no task and (on shmos) no page is left over.
// timeout: 120
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>
#include "freeram.h"

#define NKEYED	4
#define PAGES	4
#define PAGE	4096
#define SLOTS	2
#define READERS	3
#define ROUNDS	300
#define NCHILD	3
#define KEY0	0x17a70000
#define SLOT_ADDR(s)	((char *)0x50000000 + (s) * 0x100000)

/* A slot's state: a sequence number times 4 plus what it is doing. */
enum { DETACHED, ATTACHING, ATTACHED, DETACHING };

struct results {
	int stale;		/* a stable detached slot read without a fault */
	int wrong;		/* a stable attached slot read another tag */
	int attached_faults;	/* a stable attached slot faulted */
	int child_wrong;	/* a child's attach held a page with a wrong tag */
};

static int keyed[NKEYED];
static volatile unsigned state[SLOTS];
static volatile unsigned tag_of[SLOTS];
static volatile int done;
static struct results *res;
static __thread sigjmp_buf jump;

static void on_segv(int sig)
{
	siglongjmp(jump, 1);
}

static void fill(char *at, unsigned tag)
{
	for (int p = 0; p < PAGES; p++) {
		((unsigned *)(at + p * PAGE))[0] = tag;
		((unsigned *)(at + p * PAGE))[1] = tag;
	}
}

static void *swapper(void *arg)
{
	long slot = (long)arg;
	unsigned seq = 0;

	for (int r = 0; r < ROUNDS; r++) {
		int id = slot == 0 ? keyed[r % NKEYED] : shmget(IPC_PRIVATE, PAGES * PAGE, 0600);
		unsigned tag = slot == 0 ? 0x1000 + r % NKEYED : 0x2000 + r;
		char *at;

		state[slot] = ++seq * 4 + ATTACHING;
		at = shmat(id, SLOT_ADDR(slot), 0);
		if (at != SLOT_ADDR(slot)) {
			perror("shmat");
			exit(1);
		}
		if (slot == 1) {
			fill(at, tag);
			shmctl(id, IPC_RMID, NULL);
		}
		tag_of[slot] = tag;
		state[slot] = ++seq * 4 + ATTACHED;
		for (int spin = 0; spin < 2000; spin++)
			__asm__ volatile("pause");
		state[slot] = ++seq * 4 + DETACHING;
		shmdt(at);
		state[slot] = ++seq * 4 + DETACHED;
		for (int spin = 0; spin < 2000; spin++)
			__asm__ volatile("pause");
	}
	return NULL;
}

/* One read and write of page p of slot s, judged by the slot's state around it. */
static void probe(int s, int p)
{
	volatile unsigned *w = (volatile unsigned *)(SLOT_ADDR(s) + p * PAGE);
	unsigned before = state[s], tag = tag_of[s], v;

	if (sigsetjmp(jump, 1)) {
		if (state[s] == before && before % 4 == ATTACHED)
			__atomic_add_fetch(&res->attached_faults, 1, __ATOMIC_RELAXED);
		return;
	}
	v = w[0];
	w[1] = v;
	if (state[s] != before)
		return;
	if (before % 4 == DETACHED)
		__atomic_add_fetch(&res->stale, 1, __ATOMIC_RELAXED);
	else if (before % 4 == ATTACHED && v != tag)
		__atomic_add_fetch(&res->wrong, 1, __ATOMIC_RELAXED);
}

static void *reader(void *arg)
{
	long n = (long)arg;

	while (!done)
		for (int s = 0; s < SLOTS; s++)
			probe(s, n % PAGES);
	return NULL;
}

/* Another process: attaches the keyed segments in turn and checks their tags, for ever. */
static void child(void)
{
	for (unsigned r = 0;; r++) {
		int k = r % NKEYED;
		unsigned *at = shmat(keyed[k], NULL, 0);

		if (at == (void *)-1)
			continue;
		for (int p = 0; p < PAGES; p++) {
			unsigned *w = at + p * PAGE / sizeof(unsigned);

			if (w[0] != 0x1000u + k || w[1] != 0x1000u + k)
				__atomic_add_fetch(&res->child_wrong, 1, __ATOMIC_RELAXED);
		}
		shmdt(at);
	}
}

static int run(void)
{
	pthread_t sw[SLOTS], rd[READERS];
	pid_t kids[NCHILD];
	struct sigaction sa = { .sa_handler = on_segv, .sa_flags = SA_NODEFER };
	int segs0, resid, ok = 0;

	segs0 = count_lines("/proc/sysvipc/shm");
	resid = shmget(IPC_PRIVATE, sizeof(*res), 0600);
	res = shmat(resid, NULL, 0);
	shmctl(resid, IPC_RMID, NULL);
	for (int k = 0; k < NKEYED; k++) {
		char *at;

		keyed[k] = shmget(KEY0 + k, PAGES * PAGE, IPC_CREAT | IPC_EXCL | 0600);
		at = shmat(keyed[k], NULL, 0);
		fill(at, 0x1000 + k);
		shmdt(at);
	}
	sigaction(SIGSEGV, &sa, NULL);
	for (int i = 0; i < NCHILD; i++)
		if ((kids[i] = fork()) == 0)
			child();
	for (long i = 0; i < READERS; i++)
		pthread_create(&rd[i], NULL, reader, (void *)i);
	for (long s = 0; s < SLOTS; s++)
		pthread_create(&sw[s], NULL, swapper, (void *)s);
	for (int s = 0; s < SLOTS; s++)
		pthread_join(sw[s], NULL);
	done = 1;
	for (int i = 0; i < READERS; i++)
		pthread_join(rd[i], NULL);
	for (int i = 0; i < NCHILD; i++)
		kill(kids[i], SIGKILL);
	for (int i = 0; i < NCHILD; i++) {
		int st;

		if (waitpid(kids[i], &st, 0) == kids[i])
			ok += WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL;
	}
	for (int k = 0; k < NKEYED; k++)
		shmctl(keyed[k], IPC_RMID, NULL);
	printf("rounds: %d per slot, %d readers, %d other processes\n", ROUNDS, READERS, NCHILD);
	printf("reads of a detached slot that did not fault: %d\n", res->stale);
	printf("reads of an attached slot with another tag: %d\n", res->wrong);
	printf("reads of an attached slot that faulted: %d\n", res->attached_faults);
	printf("pages with a wrong tag in other processes: %d\n", res->child_wrong);
	printf("other processes killed: %d of %d\n", ok, NCHILD);
	shmdt(res);
	printf("segments back: %s\n", count_lines("/proc/sysvipc/shm") == segs0 ? "yes" : "no");
	return 0;
}

int main(void)
{
	return measured(run);
}
