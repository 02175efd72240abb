// stress_shm_smp: the whole life of segments, on every CPU at once. 8 processes share
// 8 keys; each round a process creates or finds the segment of a random key (shmget
// IPC_CREAT), attaches it, touches every page (an atomic add to the page's counter, and
// a check of the page's tag), detaches it, and now and then removes it (IPC_RMID) while
// the others may still be attached or attaching. An attach of a removed segment must
// fail EINVAL or EIDRM, and a page must never hold another segment's tag. At the end every segment is gone, and (on shmos) MemFree of /proc/meminfo
// is what it was.
// timeout: 180
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#define NPROC	8
#define NKEYS	8
#define ROUNDS	150
#define PAGES	16
#define PAGE	4096
#define KEY0	0x17170000

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

int main(void)
{
	struct utsname u;
	int ok = 0, left, on_shmos;
	long free0, free1;

	setvbuf(stdout, NULL, _IONBF, 0);
	uname(&u);
	on_shmos = strcmp(u.sysname, "shmos") == 0;
	memfree_kb();		/* its FILE's heap, once: not a leak */
	free0 = memfree_kb();
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
	free1 = memfree_kb();
	if (!on_shmos || free1 == free0)
		printf("MemFree back: yes\n");
	else
		printf("MemFree back: no, %ld kB lost\n", free0 - free1);
	return 0;
}
