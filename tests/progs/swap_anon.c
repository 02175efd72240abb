// swap_anon: private anonymous memory larger than the machine's RAM goes out to swap and
// comes back whole: 10 MiB written page by page on an 8 MiB machine (4.5 MiB free) with a
// swap disk, then checked word by word; a forked child checks it too and changes half of it
// (copy-on-write: the parent's stays as it was, pages out on swap included); mremap moves
// pages that are out with the rest; mprotect does not change a page that is out; then
// swapoff brings back every page still out (this program's own) and finds no slot without
// its user (it would say EBUSY), and the area swaps on again.
// shmos only: the memory pressure and the counters are this 8 MiB machine's (the host
// has memory to spare and its swapping is its own).
// host: no (the pressure is shmos's 8 MiB machine; the host would not swap)
// mem: 8M
// disk: swap 32768
// cmdline: swap=/dev/hda
// timeout: 120
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/swap.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define MIB	10
#define PAGES	(MIB * 256)
#define WORDS	1024

static unsigned word(long page, int i, unsigned seed)
{
	return (page * 2654435761u) ^ (i * 40503u) ^ seed;
}

static void fill(unsigned *p, long first, long step, unsigned seed)
{
	for (long k = first; k < PAGES; k += step)
		for (int i = 0; i < WORDS; i++)
			p[k * WORDS + i] = word(k, i, seed);
}

/* The first page that is not as fill left it (odd pages with seed2 if given), or -1. */
static long check(const unsigned *p, unsigned seed, unsigned odd_seed)
{
	for (long k = 0; k < PAGES; k++)
		for (int i = 0; i < WORDS; i++)
			if (p[k * WORDS + i] != word(k, i, (k & 1) ? odd_seed : seed))
				return k;
	return -1;
}

static int worker(void)
{
	long total = file_value("/proc/meminfo", "SwapTotal:");
	long out0 = file_value("/proc/vmstat", "pswpout ");
	long in0 = file_value("/proc/vmstat", "pswpin ");
	unsigned *p = mmap(NULL, PAGES * 4096L, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), *q;
	int status;

	printf("swap on: %s\n", yes(total > 0));
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	fflush(stdout);
	fill(p, 0, 1, 1);
	printf("written, first bad page: %ld\n", check(p, 1, 1));
	printf("pages went out: %s\n", yes(file_value("/proc/vmstat", "pswpout ") > out0));
	printf("pages came back: %s\n", yes(file_value("/proc/vmstat", "pswpin ") > in0));
	fflush(stdout);
	if (fork() == 0) {
		long bad = check(p, 1, 1);

		fill(p, 1, 2, 2);
		printf("child: first bad page %ld, after its writes %ld\n", bad, check(p, 1, 2));
		fflush(stdout);
		_exit(0);
	}
	wait(&status);
	printf("parent after the child: first bad page %ld\n", check(p, 1, 1));
	q = mmap(NULL, PAGES * 4096L, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p = mremap(p, PAGES * 4096L, PAGES * 4096L, MREMAP_MAYMOVE | MREMAP_FIXED, q);
	printf("mremap moved it: %s\n", yes(p == q));
	printf("moved: first bad page %ld\n", check(p, 1, 1));
	TRY("mprotect read-only", mprotect(p, PAGES * 4096L, PROT_READ));
	printf("read-only: first bad page %ld\n", check(p, 1, 1));
	TRY("munmap", munmap(p, PAGES * 4096L));
	return 0;
}

int main(void)
{
	int status;

	fflush(stdout);
	if (fork() == 0)
		_exit(worker());
	wait(&status);
	printf("worker exited %d\n", WEXITSTATUS(status));
	TRY("swapoff", swapoff("/dev/hda"));
	printf("SwapTotal after swapoff: %ld\n", file_value("/proc/meminfo", "SwapTotal:"));
	TRY("swapon", swapon("/dev/hda", 0));
	printf("every slot free: %s\n",
	       yes(file_value("/proc/meminfo", "SwapFree:") == file_value("/proc/meminfo", "SwapTotal:")));
	return 0;
}
