// overcommit.h: the body of tests/progs/swap_overcommit16.c (16 MiB, one CPU): shared and
// private memory together about three times the machine's, written and checked word by word
// by eight processes at once, with fork's copy-on-write and an exit in the middle.
// Nothing may be killed while swap has room, no word may be wrong, and once every process
// has gone and every object is removed, swapoff finds no slot without its user, and MemFree
// and SwapFree are back where they were (no frame or slot leaked).
//
// The sizes follow MemTotal (T pages): a System V segment of T/2 pages, a
// MAP_SHARED|MAP_ANONYMOUS mapping of T/2 shared across fork, a POSIX shm_open file in
// /dev/shm of T/16, and T/4 private pages in each of the eight workers. Worker k owns the
// pages p of the shared objects with p % 8 == k. First, system calls that take 1024 pages
// each (writev to a file of the RAM file system, T/4 pages in all: tmpfs may hold half
// the memory) while private pages fill the rest: the allocator must put pages out itself
// instead of killing.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define NW	8		/* workers */
#define WORDS	1024		/* in a page */
#define QUITTER	3		/* the worker that exits half way */

static long T;			/* MemTotal, in pages */
static unsigned *seg, *anon, *posix;	/* the shared objects */
static long seg_pages, anon_pages, posix_pages, priv_pages;

static unsigned word(long page, int i, unsigned seed)
{
	return (page * 2654435761u) ^ (i * 40503u) ^ (seed * 0x9e3779b9u) ^ 0x5a5a5a5au;
}

static void fill_page(unsigned *p, long page, unsigned seed)
{
	for (int i = 0; i < WORDS; i++)
		p[page * WORDS + i] = word(page, i, seed);
}

static int page_ok(const unsigned *p, long page, unsigned seed)
{
	for (int i = 0; i < WORDS; i++)
		if (p[page * WORDS + i] != word(page, i, seed))
			return 0;
	return 1;
}

/* Worker k's pages of a shared object: written with seed, or checked (0 if one is wrong). */
static void fill_stripe(unsigned *p, long pages, int k, unsigned seed)
{
	for (long pg = k; pg < pages; pg += NW)
		fill_page(p, pg, seed);
}

static int stripe_ok(const unsigned *p, long pages, int k, unsigned seed)
{
	for (long pg = k; pg < pages; pg += NW)
		if (!page_ok(p, pg, seed))
			return 0;
	return 1;
}

static void fill_stripes(int k, unsigned seed)
{
	fill_stripe(seg, seg_pages, k, seed);
	fill_stripe(anon, anon_pages, k, seed + 1);
	fill_stripe(posix, posix_pages, k, seed + 2);
}

static int stripes_ok(int k, unsigned seed)
{
	return stripe_ok(seg, seg_pages, k, seed) && stripe_ok(anon, anon_pages, k, seed + 1) &&
	       stripe_ok(posix, posix_pages, k, seed + 2);
}

/* Private pages [from, to) with step, and their check. */
static void fill_priv(unsigned *p, long from, long step, unsigned seed)
{
	for (long pg = from; pg < priv_pages; pg += step)
		fill_page(p, pg, seed);
}

static int priv_ok(const unsigned *p, unsigned even_seed, unsigned odd_seed)
{
	for (long pg = 0; pg < priv_pages; pg++)
		if (!page_ok(p, pg, (pg & 1) ? odd_seed : even_seed))
			return 0;
	return 1;
}

/*
 * Worker k: its stripes, its private memory, a fork whose child checks and changes half
 * of the private pages (copy-on-write), its stripes again with a second seed. Exit 0, or
 * the number of the step that found a wrong word.
 */
static int worker(int k)
{
	unsigned s1 = 100 + k, s2 = 200 + k;
	unsigned *priv = mmap(NULL, priv_pages * 4096L, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int status;
	pid_t kid;

	if (priv == MAP_FAILED)
		return 1;
	fill_stripes(k, s1);
	fill_priv(priv, 0, 1, s1);
	if (k == QUITTER)
		_exit(0);	/* half way: its memory goes back at exit, its stripes stay */
	if (!stripes_ok(k, s1))
		return 2;
	if (!priv_ok(priv, s1, s1))
		return 3;
	if ((kid = fork()) == 0) {
		if (!priv_ok(priv, s1, s1))
			_exit(4);
		fill_priv(priv, 1, 2, s2);
		_exit(priv_ok(priv, s1, s2) ? 0 : 5);
	}
	if (kid < 0 || waitpid(kid, &status, 0) != kid)
		return 6;
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
	if (!priv_ok(priv, s1, s1))
		return 7;
	fill_stripes(k, s2);
	if (!priv_ok(priv, s1, s1) || !stripes_ok(k, s2))
		return 8;
	return 0;
}

/*
 * Calls that take 1024 pages each, without a fault in between (a fault would reclaim
 * first): writev of 1024 iovecs over 16 resident pages to a file of the RAM file system,
 * T/4 pages in all, while private pages fill the memory; then the file is read back in
 * 16-page pieces, and the private pages are checked.
 */
static void big_write(void)
{
	long pages = T / 4, bad = -1, done = 0;
	static unsigned buf[16 * WORDS];
	static struct iovec iov[1024];
	unsigned *full = mmap(NULL, T * 4096L, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int fd = open("/tmp/overcommit", O_RDWR | O_CREAT | O_TRUNC, 0600);

	for (long pg = 0; pg < T; pg++)
		fill_page(full, pg, 8);
	for (int j = 0; j < 16; j++)
		fill_page(buf, j, 7);
	for (int j = 0; j < 1024; j++)
		iov[j] = (struct iovec){ .iov_base = buf + (j % 16) * WORDS, .iov_len = 4096 };
	while (done < pages) {
		int n = pages - done < 1024 ? pages - done : 1024;

		if (writev(fd, iov, n) != n * 4096L)
			break;
		done += n;
	}
	printf("writes of 1024 pages, a quarter of the memory: %s\n", yes(done == pages));
	for (long pg = 0; pg < pages && bad < 0; pg += 16) {
		memset(buf, 0, sizeof(buf));
		if (pread(fd, buf, sizeof(buf), pg * 4096L) != sizeof(buf) && pg + 16 <= pages)
			bad = pg;
		for (int j = 0; j < 16 && pg + j < pages && bad < 0; j++)
			if (!page_ok(buf, j, 7))
				bad = pg + j;
	}
	printf("read back, first wrong page: %ld\n", bad);
	for (long pg = 0; pg < T && bad < 0; pg++)
		if (!page_ok(full, pg, 8))
			bad = pg;
	printf("and of the private pages beside it: %ld\n", bad);
	close(fd);
	unlink("/tmp/overcommit");
	munmap(full, T * 4096L);
}

static void *map_posix(void)
{
	int fd = shm_open("/overcommit", O_RDWR | O_CREAT | O_EXCL, 0600);
	void *p;

	if (fd < 0 || ftruncate(fd, posix_pages * 4096L))
		return MAP_FAILED;
	p = mmap(NULL, posix_pages * 4096L, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	return p;
}

static int overcommit(void)
{
	long free0 = file_value("/proc/meminfo", "MemFree:");
	long swap0 = file_value("/proc/meminfo", "SwapFree:");
	int id, status, all_ok = 1;

	T = file_value("/proc/meminfo", "MemTotal:") / 4;
	seg_pages = T / 2;
	anon_pages = T / 2;
	posix_pages = T / 16;
	priv_pages = T / 4;
	printf("swap on, every slot free: %s\n",
	       yes(swap0 > 0 && swap0 == file_value("/proc/meminfo", "SwapTotal:")));
	fflush(stdout);
	big_write();
	fflush(stdout);

	id = shmget(IPC_PRIVATE, seg_pages * 4096L, IPC_CREAT | 0600);
	seg = shmat(id, NULL, 0);
	anon = mmap(NULL, anon_pages * 4096L, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	posix = map_posix();
	printf("objects made: %s\n",
	       yes(id >= 0 && seg != (void *)-1 && anon != MAP_FAILED && posix != MAP_FAILED));
	fflush(stdout);
	for (int k = 0; k < NW; k++)
		if (fork() == 0)
			_exit(worker(k));
	for (int k = 0; k < NW; k++) {
		pid_t pid = wait(&status);

		if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
			printf("a worker failed: %s %d\n", WIFEXITED(status) ? "exit" : "signal",
			       WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
			all_ok = 0;
		}
	}
	printf("every worker exited 0: %s\n", yes(all_ok));
	for (int k = 0; k < NW; k++)
		if (!stripes_ok(k, k == QUITTER ? 100 + k : 200 + k)) {
			printf("worker %d's shared pages: wrong\n", k);
			all_ok = 0;
		}
	printf("every shared page right: %s\n", yes(all_ok));
	TRY("shmdt", shmdt(seg));
	TRY("IPC_RMID", shmctl(id, IPC_RMID, NULL));
	TRY("munmap", munmap(anon, anon_pages * 4096L));
	TRY("munmap /dev/shm", munmap(posix, posix_pages * 4096L));
	TRY("shm_unlink", shm_unlink("/overcommit"));
	/*
	 * This process's own pages may be out on swap still: swapoff brings them back, and
	 * fails (EBUSY) if a slot has users that nothing names (a leak).
	 */
	TRY("swapoff", swapoff("/dev/hda"));
	/* The kernel's own caches (kmalloc's slabs) may keep a few pages. */
	printf("memory back: %s\n", yes(file_value("/proc/meminfo", "MemFree:") > free0 - 256));
	TRY("swapon", swapon("/dev/hda", 0));
	printf("every swap slot free: %s\n",
	       yes(file_value("/proc/meminfo", "SwapFree:") == swap0));
	return 0;
}
