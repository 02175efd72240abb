// swap_shm: a System V segment bigger than the machine's memory goes out to swap and comes
// back, page by page, for every attacher: on an 8 MiB machine (4.5 MiB free) one process
// writes a 10 MiB segment, each page its own pattern and checksum; two others attach it
// and verify every page (one read-only, one through an attach it then mprotects
// read-only), while a fork of the writer, with private memory shared copy-on-write,
// writes its own half and exits; a writer's second pass changes every other page, which
// the readers verify again. A small SHM_LOCK'd segment, written first, never leaves
// memory: /proc/sysvipc/shm shows it with no swap, and SHM_INFO shows the others' pages
// out (shm_swp, swap_attempts and swap_successes) and /proc/vmstat pswpout and pswpin
// counted. The big segment is removed while mostly out; swapoff then brings back every
// page of a 2 MiB one that went out (shm_swp 0, the data intact) and finds no slot left
// without its user (the removed segment's were freed), and no frame is left behind.
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
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/swap.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define SEG_MIB		10
#define PAGES		(SEG_MIB * 256)
#define LOCKED_PAGES	64
#define SMALL_PAGES	512	/* written first, then left alone: it goes out */
#define WORDS		1023	/* and a checksum in the page's last word */
#define PRIVATE_PAGES	256	/* the forked writer's copy-on-write memory: 1 MiB */

struct shm_info_k {	/* SHM_INFO's answer, as the kernel lays it out */
	int used_ids;
	unsigned long shm_tot, shm_rss, shm_swp, swap_attempts, swap_successes;
};

static unsigned word(long page, int i, unsigned seed)
{
	return (page * 2654435761u) ^ (i * 40503u) ^ seed;
}

/* Page k gets seed's pattern and, in its last word, the sum of the others. */
static void fill_page(unsigned *p, long k, unsigned seed)
{
	unsigned sum = 0;

	for (int i = 0; i < WORDS; i++)
		sum += p[k * 1024 + i] = word(k, i, seed);
	p[k * 1024 + WORDS] = sum;
}

/* Page k holds seed's pattern and a checksum that adds up. */
static int page_ok(const unsigned *p, long k, unsigned seed)
{
	unsigned sum = 0;

	for (int i = 0; i < WORDS; i++) {
		if (p[k * 1024 + i] != word(k, i, seed))
			return 0;
		sum += p[k * 1024 + i];
	}
	return p[k * 1024 + WORDS] == sum;
}

/* Pages 0 to n - 1 all hold seed's pattern. */
static int all_ok(const unsigned *p, long n, unsigned seed)
{
	for (long k = 0; k < n; k++)
		if (!page_ok(p, k, seed))
			return 0;
	return 1;
}

/* The seed of page k after `pass` writer passes (pass 2 changed the odd pages). */
static unsigned seed_of(long k, int pass)
{
	return pass == 2 && (k & 1) ? 0x5eed2 : 0x5eed1;
}

/* The first page that is not as the writer's pass left it, or -1. */
static long verify(const unsigned *p, int pass)
{
	for (long k = 0; k < PAGES; k++)
		if (!page_ok(p, k, seed_of(k, pass)))
			return k;
	return -1;
}

static void shm_info(struct shm_info_k *info)
{
	shmctl(0, SHM_INFO, (struct shmid_ds *)info);
}

/* The swap column of /proc/sysvipc/shm for segment id, in bytes, or -1. */
static long proc_swap(int id)
{
	unsigned long long rss, swap;

	return sysvipc_shm_pages(id, &rss, &swap) ? -1 : (long)swap;
}

/*
 * A reader: attaches the segment and verifies it after each of the writer's passes
 * (a byte on pipe_in), answering on pipe_out: 'y' if every page was right.
 */
static int reader(int id, int how, int pipe_in, int pipe_out)
{
	unsigned *p = shmat(id, NULL, how == 0 ? SHM_RDONLY : 0);
	char pass, ok;

	if (p == (void *)-1)
		return 1;
	if (how == 1 && mprotect(p, PAGES * 4096L, PROT_READ))
		return 2;
	while (read(pipe_in, &pass, 1) == 1) {
		ok = verify(p, pass) == -1 ? 'y' : 'n';
		if (write(pipe_out, &ok, 1) != 1)
			return 3;
	}
	return 0;
}

/* The writer's fork: private memory shared copy-on-write with the writer, half rewritten. */
static int cow_child(unsigned *priv)
{
	for (long k = 0; k < PRIVATE_PAGES; k += 2)
		fill_page(priv, k, 0xc0);
	for (long k = 0; k < PRIVATE_PAGES; k++)
		if (!page_ok(priv, k, (k & 1) ? 0xfa : 0xc0))
			return 1;
	return 0;
}

int main(void)
{
	long free0 = file_value("/proc/meminfo", "MemFree:");
	long out0 = file_value("/proc/vmstat", "pswpout ");
	long in0 = file_value("/proc/vmstat", "pswpin ");
	int id = shmget(IPC_PRIVATE, PAGES * 4096L, IPC_CREAT | 0600);
	int lid = shmget(IPC_PRIVATE, LOCKED_PAGES * 4096L, IPC_CREAT | 0600);
	int sid = shmget(IPC_PRIVATE, SMALL_PAGES * 4096L, IPC_CREAT | 0600);
	int to_reader[2][2], from_reader[2][2], status, bad_children = 0;
	unsigned *p, *locked, *small, *priv;
	struct shm_info_k info;
	pid_t readers[2], cow;

	printf("segments made: %s\n", yes(id >= 0 && lid >= 0 && sid >= 0));
	TRY("SHM_LOCK", shmctl(lid, SHM_LOCK, NULL));
	locked = shmat(lid, NULL, 0);
	p = shmat(id, NULL, 0);
	small = shmat(sid, NULL, 0);
	priv = mmap(NULL, PRIVATE_PAGES * 4096L, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (locked == (void *)-1 || p == (void *)-1 || small == (void *)-1 ||
	    priv == MAP_FAILED) {
		perror("setup");
		return 1;
	}
	for (long k = 0; k < LOCKED_PAGES; k++)
		fill_page(locked, k, 0x10c);
	for (long k = 0; k < PRIVATE_PAGES; k++)
		fill_page(priv, k, 0xfa);
	for (long k = 0; k < SMALL_PAGES; k++)
		fill_page(small, k, 0x5a11);
	fflush(stdout);
	for (int r = 0; r < 2; r++) {
		if (pipe(to_reader[r]) || pipe(from_reader[r]))
			return 1;
		if ((readers[r] = fork()) == 0) {
			close(to_reader[r][1]);
			close(from_reader[r][0]);
			_exit(reader(id, r, to_reader[r][0], from_reader[r][1]));
		}
		close(to_reader[r][0]);
		close(from_reader[r][1]);
	}
	if ((cow = fork()) == 0)
		_exit(cow_child(priv));
	/* pass 1: every page; pass 2: the odd pages again */
	for (char pass = 1; pass <= 2; pass++) {
		for (long k = pass == 1 ? 0 : 1; k < PAGES; k += pass)
			fill_page(p, k, seed_of(k, pass));
		printf("pass %d: writer's first bad page %ld\n", pass, verify(p, pass));
		fflush(stdout);
		for (int r = 0; r < 2; r++)
			if (write(to_reader[r][1], &pass, 1) != 1)
				return 1;
		for (int r = 0; r < 2; r++) {	/* both verify before the next pass */
			char ok = 'n';

			if (read(from_reader[r][0], &ok, 1) != 1)
				return 1;
			printf("pass %d: reader %d (%s) saw every page: %s\n", pass, r,
			       r ? "mprotect'd" : "SHM_RDONLY", yes(ok == 'y'));
		}
	}
	for (int r = 0; r < 2; r++)
		close(to_reader[r][1]);
	for (int r = 0; r < 2; r++) {
		waitpid(readers[r], &status, 0);
		bad_children += !WIFEXITED(status) || WEXITSTATUS(status);
	}
	waitpid(cow, &status, 0);
	bad_children += !WIFEXITED(status) || WEXITSTATUS(status);
	printf("readers and the copy-on-write child: %d failed\n", bad_children);
	printf("private pages after the child: %s\n", yes(all_ok(priv, PRIVATE_PAGES, 0xfa)));
	shm_info(&info);
	printf("segment pages went out: %s\n", yes(info.shm_swp > 0));
	printf("SHM_INFO swap_successes and attempts: %s\n",
	       yes(info.swap_successes > 0 && info.swap_attempts >= info.swap_successes));
	printf("pswpout and pswpin counted: %s\n",
	       yes(file_value("/proc/vmstat", "pswpout ") > out0 &&
		   file_value("/proc/vmstat", "pswpin ") > in0));
	printf("the locked segment has no page out: %s\n", yes(proc_swap(lid) == 0));
	printf("the big one has: %s\n", yes(proc_swap(id) > 0));
	printf("locked pages intact: %s\n", yes(all_ok(locked, LOCKED_PAGES, 0x10c)));
	printf("the small one has: %s\n", yes(proc_swap(sid) > 0));
	/* The big one goes while most of it is out: its slots must come back */
	TRY("shmdt", shmdt(p));
	TRY("IPC_RMID", shmctl(id, IPC_RMID, NULL));
	TRY("munmap", munmap(priv, PRIVATE_PAGES * 4096L));
	/* What is left fits in memory: swapoff brings it all back, and finds no slot
	 * without its user (else EBUSY): the removed segment's were freed */
	TRY("swapoff", swapoff("/dev/hda"));
	shm_info(&info);
	printf("after swapoff: segments %d, pages out %lu, resident %lu of %d\n",
	       info.used_ids, info.shm_swp, info.shm_rss, SMALL_PAGES + LOCKED_PAGES);
	printf("small segment intact: %s\n", yes(all_ok(small, SMALL_PAGES, 0x5a11)));
	TRY("swapon", swapon("/dev/hda", 0));
	printf("every slot free: %s\n",
	       yes(file_value("/proc/meminfo", "SwapFree:") ==
		   file_value("/proc/meminfo", "SwapTotal:")));
	TRY("shmdt small", shmdt(small));
	TRY("shmdt locked", shmdt(locked));
	TRY("IPC_RMID small", shmctl(sid, IPC_RMID, NULL));
	TRY("IPC_RMID locked", shmctl(lid, IPC_RMID, NULL));
	shm_info(&info);
	printf("after IPC_RMID: segments %d, pages %lu, resident %lu\n", info.used_ids,
	       info.shm_tot, info.shm_rss);
	/* What the run took that is not back: its pipes' and page tables' pages at most */
	printf("memory back: %s\n", yes(file_value("/proc/meminfo", "MemFree:") > free0 - 256));
	return 0;
}
