// stress_shm_touch_smp: first touches of the same pages on several CPUs at once, beside
// attaches and detaches of the same segment and its removal. Each round, 4 processes
// attached to one new 256-page segment start together and each adds 1 to a counter in
// every page (an atomic add), each from another page on: all four must reach the same
// frame of each page, so every counter ends at 4. A fifth process attaches, reads and
// detaches the segment all the while (its shmdt unmaps pages that the others are
// faulting in), and the first worker removes the segment (IPC_RMID) before the others
// detach. On shmos first touches of a single-threaded process run without the big
// kernel lock (docs/smp.md): two of them filling one page's slot at once must agree.
// At the end MemFree of /proc/meminfo (on shmos) is what it was.
// timeout: 180
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#define NPROC	4
#define ROUNDS	20
#define PAGES	256
#define PAGE	4096

struct control {
	volatile int go;	/* the round's workers start together */
	volatile int done;	/* workers that have added to every page */
	volatile int stop;	/* the detacher stops */
};

/* Worker me: one add to every page, from page me * PAGES / NPROC on. */
static int worker(int id, struct control *c, int me)
{
	char *p = shmat(id, NULL, 0);
	int bad = 0;

	if (p == (void *)-1)
		return 1;
	while (!c->go)
		;
	for (int k = 0; k < PAGES; k++) {
		int i = (k + me * PAGES / NPROC) % PAGES;

		__atomic_add_fetch((uint32_t *)(p + i * PAGE), 1, __ATOMIC_SEQ_CST);
	}
	__atomic_add_fetch(&c->done, 1, __ATOMIC_SEQ_CST);
	while (c->done != NPROC)
		;
	for (int i = 0; i < PAGES; i++)
		bad += *(uint32_t *)(p + i * PAGE) != NPROC;
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
		for (int i = n % 7; i < PAGES; i += 7)
			sum += *(volatile uint32_t *)(p + i * PAGE);
		if (shmdt(p) != 0)
			return 1;
	}
	return sum == 0xffffffff;	/* never: keeps the reads */
}

static long memfree_kb(void)
{
	char line[128];
	long kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "MemFree: %ld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}

static int wait_ok(pid_t pid)
{
	int st;

	return waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

int main(void)
{
	struct utsname u;
	int cid = shmget(IPC_PRIVATE, PAGE, IPC_CREAT | 0600), good = 0, on_shmos;
	struct control *c = shmat(cid, NULL, 0);
	long free0, free1;

	setvbuf(stdout, NULL, _IONBF, 0);
	uname(&u);
	on_shmos = strcmp(u.sysname, "shmos") == 0;
	shmctl(cid, IPC_RMID, NULL);
	memfree_kb();		/* its FILE's heap, once: not a leak */
	free0 = memfree_kb();
	for (int r = 0; r < ROUNDS; r++) {
		int id = shmget(IPC_PRIVATE, PAGES * PAGE, IPC_CREAT | 0600), ok = 1;
		pid_t kids[NPROC], det;

		c->go = c->done = c->stop = 0;
		if ((det = fork()) == 0)
			_exit(detacher(id, c));
		for (int i = 0; i < NPROC; i++)
			if ((kids[i] = fork()) == 0)
				_exit(worker(id, c, i));
		c->go = 1;
		for (int i = 0; i < NPROC; i++)
			ok &= wait_ok(kids[i]);
		c->stop = 1;
		ok &= wait_ok(det);
		shmctl(id, IPC_RMID, NULL);	/* if a worker failed before it could */
		good += ok;
	}
	printf("rounds where every page reached %d adds: %d of %d\n", NPROC, good, ROUNDS);
	free1 = memfree_kb();
	if (!on_shmos || free1 == free0)
		printf("MemFree back: yes\n");
	else
		printf("MemFree back: no, %ld kB lost\n", free0 - free1);
	return 0;
}
