// stress_shm_smp: the whole life of segments, on every CPU at once. 8 processes share
// 8 keys; each round a process creates or finds the segment of a random key (shmget
// IPC_CREAT), attaches it, touches every page (an atomic add to the page's counter, and
// a check of the page's tag), detaches it, and now and then removes it (IPC_RMID) while
// the others may still be attached or attaching. An attach of a removed segment must
// fail EINVAL or EIDRM, and a page must never hold another segment's tag. Then
// (touch_rounds) processes first-touch the same pages of one segment at once, beside
// another's attaches and detaches and its removal, and every page must count every
// process's add. At the end every segment is gone, and (on shmos) the free memory is
// what it was.
// timeout: 180
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>
#include "freeram.h"

#define NPROC	8
#define NKEYS	8
#define ROUNDS	150
#define PAGES	16
#define PAGE	4096
#define KEY0	0x17170000
#define TOUCHERS	4	/* the second part's */
#define TROUNDS	20
#define TPAGES	256

struct page_head {
	uint32_t tag;		/* the segment's key, written by whoever comes first */
	uint32_t adds;		/* atomic adds of every process */
};

static uint32_t next(uint32_t *s)	/* xorshift32 */
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* A round's problems: 0 when the segment behaved. */
static int round_of(uint32_t *rnd)
{
	key_t key = KEY0 + next(rnd) % NKEYS;
	int id = shmget(key, PAGES * PAGE, IPC_CREAT | 0600), bad = 0;
	char *p;

	if (id < 0)
		return errno == EIDRM ? 0 : 1;
	p = shmat(id, NULL, 0);
	if (p == (void *)-1)	/* removed between the shmget and the shmat */
		return errno == EINVAL || errno == EIDRM ? 0 : 1;
	for (int i = 0; i < PAGES; i++) {
		struct page_head *h = (struct page_head *)(p + i * PAGE);
		uint32_t tag = 0;

		__atomic_compare_exchange_n(&h->tag, &tag, (uint32_t)key, 0,
					    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
		bad += h->tag != (uint32_t)key;
		__atomic_add_fetch(&h->adds, 1, __ATOMIC_SEQ_CST);
	}
	/* Each page got this round's add: the first page's count is at least ours. */
	bad += ((struct page_head *)p)->adds < 1;
	if (next(rnd) % 4 == 0)
		shmctl(id, IPC_RMID, NULL);	/* the others attached keep it until they go */
	bad += shmdt(p) != 0;
	return bad;
}

static int worker(int me)
{
	uint32_t rnd = 0x9e3779b9u ^ (me * 7919 + 1);
	int bad = 0;

	for (int r = 0; r < ROUNDS; r++)
		bad += round_of(&rnd);
	return bad != 0;
}

struct control {
	volatile int go;	/* the round's workers start together */
	volatile int done;	/* workers that have added to every page */
	volatile int stop;	/* the detacher stops */
};

/* Toucher me: one add to every page, from page me * TPAGES / TOUCHERS on. */
static int toucher(int id, struct control *c, int me)
{
	char *p = shmat(id, NULL, 0);
	int bad = 0;

	if (p == (void *)-1)
		return 1;
	while (!c->go)
		;
	for (int k = 0; k < TPAGES; k++) {
		int i = (k + me * TPAGES / TOUCHERS) % TPAGES;

		__atomic_add_fetch((uint32_t *)(p + i * PAGE), 1, __ATOMIC_SEQ_CST);
	}
	__atomic_add_fetch(&c->done, 1, __ATOMIC_SEQ_CST);
	while (c->done != TOUCHERS)
		;
	for (int i = 0; i < TPAGES; i++)
		bad += *(uint32_t *)(p + i * PAGE) != TOUCHERS;
	if (me == 0)
		shmctl(id, IPC_RMID, NULL);	/* the others still attached keep it */
	bad += shmdt(p) != 0;
	return bad != 0;
}

/* Attach, read a page here and there (first touches too), detach, until told. */
static int detacher(int id, struct control *c)
{
	uint32_t sum = 0;

	for (int n = 0; !c->stop; n++) {
		char *p = shmat(id, NULL, SHM_RDONLY);

		if (p == (void *)-1)
			return 0;	/* removed: the round is over */
		for (int i = n % 7; i < TPAGES; i += 7)
			sum += *(volatile uint32_t *)(p + i * PAGE);
		if (shmdt(p) != 0)
			return 1;
	}
	return sum == 0xffffffff;	/* never: keeps the reads */
}

static int wait_ok(pid_t pid)
{
	int st;

	return waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/*
 * The second part: first touches of the same pages on several CPUs at once. Each
 * round TOUCHERS processes attached to one new TPAGES-page segment start together and
 * each adds 1 to a counter in every page, each from another page on: all must reach
 * the same frame of each page, so every counter ends at TOUCHERS. Another process
 * attaches, reads and detaches the segment all the while (its shmdt unmaps pages that
 * the others are faulting in), and the first worker removes the segment (IPC_RMID)
 * before the others detach. On shmos first touches of a single-threaded process run
 * without the big kernel lock (docs/smp.md): two of them filling one slot must agree.
 * Returns the rounds where every counter was right.
 */
static int touch_rounds(struct control *c)
{
	int good = 0;

	for (int r = 0; r < TROUNDS; r++) {
		int id = shmget(IPC_PRIVATE, TPAGES * PAGE, IPC_CREAT | 0600), ok = 1;
		pid_t kids[TOUCHERS], det;

		c->go = c->done = c->stop = 0;
		if ((det = fork()) == 0)
			_exit(detacher(id, c));
		for (int i = 0; i < TOUCHERS; i++)
			if ((kids[i] = fork()) == 0)
				_exit(toucher(id, c, i));
		c->go = 1;
		for (int i = 0; i < TOUCHERS; i++)
			ok &= wait_ok(kids[i]);
		c->stop = 1;
		ok &= wait_ok(det);
		shmctl(id, IPC_RMID, NULL);	/* if a worker failed before it could */
		good += ok;
	}
	return good;
}

int main(void)
{
	int ok = 0, left, cid = shmget(IPC_PRIVATE, PAGE, IPC_CREAT | 0600);
	struct control *c = shmat(cid, NULL, 0);
	unsigned long long free0;

	setvbuf(stdout, NULL, _IONBF, 0);
	shmctl(cid, IPC_RMID, NULL);	/* the control page: gone at exit */
	c->go = 0;			/* its frame, before MemFree is read */
	grow_stack();
	free0 = freeram();
	for (int i = 0; i < NPROC; i++)
		if (fork() == 0)
			_exit(worker(i));
	for (int i = 0; i < NPROC; i++) {
		int st;

		if (wait(&st) > 0)
			ok += WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	printf("workers ok: %d of %d\n", ok, NPROC);
	for (int k = 0; k < NKEYS; k++) {
		int id = shmget(KEY0 + k, 0, 0);

		if (id >= 0) {
			left++;
			shmctl(id, IPC_RMID, NULL);
		}
	}
	left = 0;
	for (int k = 0; k < NKEYS; k++)
		left += shmget(KEY0 + k, 0, 0) >= 0;
	printf("every key gone: %s\n", left == 0 ? "yes" : "no");
	printf("rounds where every page reached %d adds: %d of %d\n", TOUCHERS,
	       touch_rounds(c), TROUNDS);
	freeram_back(free0);
	return 0;
}
