// proc_smaps: /proc/self/smaps counts a mapping's pages as Linux does: private anonymous
// memory written page by page (Rss, Private_Dirty, Anonymous, Pss), the same pages seen
// from a forked child before either writes again (shared: Shared_Dirty, Pss halved), an
// attach of a System V segment (not Anonymous), and smaps_rollup's Rss is the sum of
// smaps' Rss lines. The first line of a mapping's block is its line of maps.
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define PG	4096

static char text[1 << 17];

// The value (kB) of field in the block of smaps whose mapping starts at addr, or -1.
static long field(const char *file, void *addr, const char *name)
{
	char start[32], *block, *p;
	size_t len = strlen(name);

	slurp_file(file, text, sizeof(text));
	snprintf(start, sizeof(start), "%08lx-", (unsigned long)addr);
	if (!(block = strstr(text, start)) || (block != text && block[-1] != '\n'))
		return -1;
	for (p = strchr(block, '\n'); p && p[1] && strncmp(p + 1, "VmFlags:", 8); p = strchr(p + 1, '\n'))
		if (!strncmp(p + 1, name, len) && p[1 + len] == ':')
			return strtol(p + 2 + len, NULL, 10);
	return -1;
}

static void show(const char *what, void *addr, const char *const names[])
{
	printf("%s:", what);
	for (int i = 0; names[i]; i++)
		printf(" %s %ld", names[i], field("/proc/self/smaps", addr, names[i]));
	printf("\n");
}

// Does the block of addr begin with addr's line of maps?
static int same_line_as_maps(void *addr)
{
	char start[32], line[512] = "", *p;

	slurp_file("/proc/self/maps", text, sizeof(text));
	snprintf(start, sizeof(start), "%08lx-", (unsigned long)addr);
	if ((p = strstr(text, start)))
		snprintf(line, sizeof(line), "%.*s", (int)strcspn(p, "\n"), p);
	slurp_file("/proc/self/smaps", text, sizeof(text));
	return line[0] && (p = strstr(text, line)) && p[strlen(line)] == '\n';
}

static long sum_rss(void)
{
	long sum = 0;

	slurp_file("/proc/self/smaps", text, sizeof(text));
	for (char *p = text; (p = strstr(p, "\nRss:")); p++)
		sum += strtol(p + 5, NULL, 10);
	return sum;
}

int main(void)
{
	static const char *const counts[] = { "Size", "Rss", "Pss", "Private_Dirty",
					       "Shared_Dirty", "Anonymous", "Swap", NULL };
	char *p = mmap(NULL, 16 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int id = shmget(IPC_PRIVATE, 4 * PG, IPC_CREAT | 0600), st;
	char *at = shmat(id, NULL, 0);
	long rollup;

	setvbuf(stdout, NULL, _IONBF, 0);
	shmctl(id, IPC_RMID, NULL);
	for (int i = 0; i < 5; i++)
		p[i * 3 * PG] = 1;
	show("16 private pages, 5 written", p, counts);
	printf("its first line is its line of maps: %s\n", same_line_as_maps(p) ? "yes" : "no");
	if (fork() == 0) {
		show("the same in a forked child", p, counts);
		p[0] = 2;	// a copy of its own now
		show("after the child writes one", p, counts);
		_exit(0);
	}
	wait(&st);
	at[0] = at[PG] = 1;
	show("a 4-page segment, 2 written", at, counts);
	rollup = sum_rss();
	slurp_file("/proc/self/smaps_rollup", text, sizeof(text));
	printf("smaps_rollup: [rollup] %s, its Rss the sum of smaps': %s\n",
	       strstr(text, " [rollup]\n") ? "yes" : "no",
	       strstr(text, "\nRss:") && labs(strtol(strstr(text, "\nRss:") + 5, NULL, 10) -
					     rollup) <= 8 ? "yes" : "no");
	shmdt(at);
	munmap(p, 16 * PG);
	return 0;
}
