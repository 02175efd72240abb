// swap_tmpfs: the pages of tmpfs files go out to swap and come back, as Linux's shmem
// pages do (issue 18). On a 16 MiB machine four processes at once write a file each in
// /dev/shm, 5 MiB each, 20 MiB in all (about twice the free memory): two by write(), two
// through mmap(MAP_SHARED) (as glibc's shm_open users do). None may be killed while swap
// has room. Each then checks every byte of its file the other way (a mapping, read()), and
// the files written by write() are read() in other processes. One file is truncated to a middle
// of a page and grown again: its tail reads zeros, the slots of the pages past the end are
// freed; three files are unlinked; swapoff brings the last file's pages back (its bytes
// checked after) and finds no slot without its user; once it is unlinked too, MemFree is
// back where it was (no frame kept). /dev/shm is a tmpfs of the test's own
// (size=64m; tmpfs's default, half the memory, is less than the files), in a private
// mount namespace on the host. On the host nothing goes to swap (its memory is large, its
// swap its own): what only shmos's run can show (pages went out, the memory came back) is
// "yes" there, and the swapoff is shmos's alone.
// host: root (a tmpfs mounted over /dev/shm)
// mem: 16M
// disk: swap 65536
// cmdline: swap=/dev/hda
// timeout: 120
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/swap.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "freeram.h"

#define NF	4			/* files, and their writers */
#define PAGES	1280			/* 5 MiB a file */
#define WORDS	1024			/* in a page */
#define CUT	(PAGES / 2 * 4096L + 100)	/* where file 0 is cut: a word's start */

static unsigned buf[16 * WORDS];	/* 16 pages a read() or write() */

static unsigned word(int file, long page, int i)
{
	return (file * 0x9e3779b9u) ^ (page * 2654435761u) ^ (i * 40503u) ^ 0x5a5a5a5au;
}

static void name_of(int k, char *name)
{
	sprintf(name, "/dev/shm/swap_tmpfs.%d", k);
}

/* Pages [from, from + n) of file k's pattern into p. */
static void fill(unsigned *p, int k, long from, long n)
{
	for (long pg = 0; pg < n; pg++)
		for (int i = 0; i < WORDS; i++)
			p[pg * WORDS + i] = word(k, from + pg, i);
}

/* The first page of [from, from + n) that p has wrong, or -1. */
static long wrong(const unsigned *p, int k, long from, long n)
{
	for (long pg = 0; pg < n; pg++)
		for (int i = 0; i < WORDS; i++)
			if (p[pg * WORDS + i] != word(k, from + pg, i))
				return from + pg;
	return -1;
}

/* File k written 16 pages a write(): 0, or 1. */
static int write_file(int fd, int k)
{
	for (long pg = 0; pg < PAGES; pg += 16) {
		fill(buf, k, pg, 16);
		if (write(fd, buf, sizeof(buf)) != sizeof(buf))
			return 1;
	}
	return 0;
}

/* File k written through a shared mapping: 0, or 1. */
static int map_file(int fd, int k)
{
	unsigned *p;

	if (ftruncate(fd, PAGES * 4096L))
		return 1;
	p = mmap(NULL, PAGES * 4096L, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return 1;
	fill(p, k, 0, PAGES);
	return munmap(p, PAGES * 4096L) != 0;
}

/* The first wrong page of file k read by read() from its start, or -1. */
static long read_check(int fd, int k)
{
	for (long pg = 0; pg < PAGES; pg += 16)
		if (pread(fd, buf, sizeof(buf), pg * 4096L) != sizeof(buf) ||
		    wrong(buf, k, pg, 16) >= 0)
			return pg;
	return -1;
}

/* The first wrong page of file k through a mapping, or -1. */
static long map_check(int fd, int k)
{
	unsigned *p = mmap(NULL, PAGES * 4096L, PROT_READ, MAP_SHARED, fd, 0);
	long bad;

	if (p == MAP_FAILED)
		return PAGES;
	bad = wrong(p, k, 0, PAGES);
	munmap(p, PAGES * 4096L);
	return bad;
}

/* Writer k: its file, then every byte of it the other way.  Exit 0, or the step that failed. */
static int writer(int k)
{
	char name[64];
	int fd;

	name_of(k, name);
	if ((fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0600)) < 0)
		return 1;
	if (k % 2 ? map_file(fd, k) : write_file(fd, k))
		return 2;
	if ((k % 2 ? read_check(fd, k) : map_check(fd, k)) >= 0)
		return 3;
	return close(fd) ? 4 : 0;
}

/* Runs fn(k) for k < n in n processes at once; prints their exit statuses. */
static void run_all(const char *what, int (*fn)(int), int n)
{
	pid_t pid[NF];
	int status;

	for (int k = 0; k < n; k++)
		if ((pid[k] = fork()) == 0)
			_exit(fn(k));
	printf("%s:", what);
	for (int k = 0; k < n; k++) {
		if (waitpid(pid[k], &status, 0) != pid[k])
			printf(" lost");
		else if (WIFSIGNALED(status))
			printf(" killed by %d", WTERMSIG(status));
		else
			printf(" %d", WEXITSTATUS(status));
	}
	printf("\n");
	fflush(stdout);
}

/* Another process reads written file 2k by read(): 0, or the step that failed. */
static int checker(int k)
{
	char name[64];
	int fd;

	name_of(2 * k, name);
	if ((fd = open(name, O_RDONLY)) < 0)
		return 1;
	return read_check(fd, 2 * k) >= 0 ? 2 : 0;
}

/* File 0 cut at CUT and grown back: its bytes before CUT, zeros after. */
static void cut_and_grow(void)
{
	char name[64];
	long bad = -1;
	int fd;

	name_of(0, name);
	fd = open(name, O_RDWR);
	TRY("ftruncate to 2.5 MiB and 100 bytes", ftruncate(fd, CUT));
	TRY("ftruncate back to 5 MiB", ftruncate(fd, PAGES * 4096L));
	for (long pg = 0; pg < PAGES && bad < 0; pg += 16) {
		if (pread(fd, buf, sizeof(buf), pg * 4096L) != sizeof(buf))
			bad = pg;
		for (long b = 0; b < 16 * 4096L && bad < 0; b += 4) {
			long off = pg * 4096L + b;
			unsigned want = off < CUT ? word(0, off / 4096, off % 4096 / 4) : 0;

			if (buf[b / 4] != want)
				bad = off / 4096;
		}
	}
	printf("bytes before the cut kept, zeros after, first wrong page: %ld\n", bad);
	close(fd);
}

/* Swap's used part in KiB (0 without swap). */
static long swap_used(void)
{
	return file_value("/proc/meminfo", "SwapTotal:") - file_value("/proc/meminfo", "SwapFree:");
}

int main(void)
{
	long free0, used0;
	char name[64];
	int fd;

	TRY("mount a tmpfs on /dev/shm", mount("tmpfs", "/dev/shm", "tmpfs", 0, "size=64m"));
	free0 = file_value("/proc/meminfo", "MemFree:");
	used0 = swap_used();
	run_all("writers, each checking its file", writer, NF);
	/* 20 MiB of files on a machine with less free: what did not fit is out */
	printf("file pages went out to swap: %s\n",
	       yes(!on_shmos() || swap_used() - used0 >= NF * PAGES * 4L - free0));
	run_all("read() of the written files in other processes", checker, NF / 2);
	cut_and_grow();
	for (int k = 0; k < NF - 1; k++) {
		name_of(k, name);
		if (unlink(name))
			printf("unlink %s: %s\n", name, ename(errno));
	}
	/* The last file's pages come back into memory, and this process's own: swap goes
	 * off (the console says nothing, as a swapon would), and finds no slot that the
	 * unlinked files left behind. */
	if (on_shmos())
		TRY("swapoff", swapoff("/dev/hda"));
	else
		printf("swapoff: 0\n");
	name_of(NF - 1, name);
	fd = open(name, O_RDONLY);
	printf("the last file after swapoff, first wrong page: %ld\n", read_check(fd, NF - 1));
	close(fd);
	TRY("unlink the last file", unlink(name));
	printf("memory back: %s\n",
	       yes(!on_shmos() || file_value("/proc/meminfo", "MemFree:") > free0 - 256));
	TRY("umount /dev/shm", umount("/dev/shm"));
	return 0;
}
