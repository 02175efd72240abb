// swap_shm_counters: SHM_INFO's swap counters (shm_rss, shm_swp, swap_attempts,
// swap_successes) follow a segment's pages out to swap and back. On an 8 MiB machine the
// program writes a 6 MiB segment page by page, more than memory holds, and detaches; then
// every page is either in memory or out on swap (shm_rss + shm_swp is the segment's
// size, and /proc/sysvipc/shm's rss and swap columns add up to it too), some are out,
// every page out was chosen and written (swap_attempts >= swap_successes >= shm_swp,
// counted from before), and /proc/vmstat's pswpout grew. A second process attaches
// the segment and reads every page back, intact (pswpin grew, the sum still holds);
// IPC_RMID of the segment, out or in, leaves shm_rss and shm_swp at 0. Linux has no
// swap_attempts and swap_successes (it returns 0 there) and its memory is its own.
// host: no (the pressure is shmos's 8 MiB machine; Linux keeps those counters at 0)
// mem: 8M
// disk: swap 8192
// cmdline: swap=/dev/hda
// timeout: 60
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define PAGES	(6 * 256)

struct shm_info_k {	/* SHM_INFO's answer, as the kernel lays it out */
	int used_ids;
	unsigned long shm_tot, shm_rss, shm_swp, swap_attempts, swap_successes;
};

static void shm_info(struct shm_info_k *info)
{
	shmctl(0, SHM_INFO, (struct shmid_ds *)info);
}

static long vmstat(const char *key)
{
	FILE *f = fopen("/proc/vmstat", "r");
	char line[128];
	long v = -1;

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)) && line[strlen(key)] == ' ')
			v = atol(line + strlen(key));
	if (f)
		fclose(f);
	return v;
}

/* The rss and swap columns of /proc/sysvipc/shm for segment id, in pages; -1 if none. */
static long proc_pages(int id)
{
	unsigned long long rss, swap;

	return sysvipc_shm_pages(id, &rss, &swap) ? -1 : (long)((rss + swap) / 4096);
}

static unsigned word(long page, int i)
{
	return (page * 2654435761u) ^ (i * 40503u);
}

/* Runs f(id) in a child; "NAME: exit N" or "NAME: signal N" unless it exits with 0. */
static void in_child(const char *name, int (*f)(int), int id)
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(f(id));
	waitpid(pid, &status, 0);
	if (WIFSIGNALED(status))
		printf("%s: signal %d\n", name, WTERMSIG(status));
	else
		printf("%s: exit %d\n", name, WEXITSTATUS(status));
}

/*
 * The writer is init itself, which the out-of-memory killer never picks: where pages
 * cannot go out, init dies at once (no process to kill) instead of living on in a
 * memory full of the segment.
 */
static int writer(int id)
{
	unsigned *p = shmat(id, NULL, 0);

	if (p == (void *)-1)
		return 2;
	for (long k = 0; k < PAGES; k++)
		for (int i = 0; i < 1024; i++)
			p[k * 1024 + i] = word(k, i);
	return shmdt(p);
}

/* 0 if every page holds what the writer wrote, else 1. */
static int reader(int id)
{
	const unsigned *p = shmat(id, NULL, SHM_RDONLY);

	if (p == (void *)-1)
		return 2;
	for (long k = 0; k < PAGES; k++)
		for (int i = 0; i < 1024; i++)
			if (p[k * 1024 + i] != word(k, i))
				return 1;
	return 0;
}

int main(void)
{
	struct shm_info_k before, info;
	long pswpout = vmstat("pswpout"), pswpin = vmstat("pswpin");
	int id;

	setvbuf(stdout, NULL, _IONBF, 0);
	shm_info(&before);
	printf("before: rss %lu swap %lu\n", before.shm_rss, before.shm_swp);
	id = shmget(IPC_PRIVATE, PAGES * 4096L, IPC_CREAT | 0600);
	show_result("shmget", id < 0 ? id : 0);
	printf("writer: %d\n", writer(id));
	shm_info(&info);
	printf("pages out: %s\n", yes(info.shm_swp > 0));
	printf("rss + swap is the segment: %s\n", yes(info.shm_rss + info.shm_swp == PAGES));
	printf("attempts >= successes >= pages out: %s\n",
	       yes(info.swap_attempts - before.swap_attempts >=
		   info.swap_successes - before.swap_successes &&
		   info.swap_successes - before.swap_successes >= info.shm_swp));
	printf("/proc/sysvipc/shm rss + swap is the segment: %s\n",
	       yes(proc_pages(id) == PAGES));
	printf("pswpout grew: %s\n", yes(vmstat("pswpout") > pswpout));
	in_child("reader", reader, id);
	shm_info(&info);
	printf("rss + swap is still the segment: %s\n",
	       yes(info.shm_rss + info.shm_swp == PAGES));
	printf("pswpin grew: %s\n", yes(vmstat("pswpin") > pswpin));
	show_result("IPC_RMID", shmctl(id, IPC_RMID, NULL));
	shm_info(&info);
	printf("after IPC_RMID: rss %lu swap %lu\n", info.shm_rss, info.shm_swp);
	return 0;
}
