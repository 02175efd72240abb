// shm_sparse: a 64 MiB segment of which a few pages far apart are touched.
// Detaching it (shmdt, munmap of a piece, exit) and attaching it again keeps
// every value; the pages never touched stay unallocated; IPC_RMID frees
// exactly the pages touched (SHM_INFO's shm_rss), and a detached address
// faults.
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define PG	4096u
#define SIZE	(64u << 20)
#define NPAGES	(SIZE / PG)

// Pages at the edges of shmos's lines (16 pages), blocks (512) and page
// tables (1024), and far apart.
static const uint32_t pages[] = {
	0, 1, 15, 16, 17, 511, 512, 1023, 1024, 1040, 4095, 4096, 8191,
	8200, 12345, NPAGES - 2, NPAGES - 1,
};
#define NTOUCHED	(sizeof(pages) / sizeof(pages[0]))

static uint32_t value(uint32_t page)
{
	return page * 2654435761u + 1;
}

static long rss(void)
{
	struct shm_info si;

	if (shmctl(0, SHM_INFO, (struct shmid_ds *)&si) < 0)
		return -1;
	return si.shm_rss;
}

// The values written at pages[], in the attach at p; how many differ.
static int wrong_values(const char *p)
{
	int bad = 0;

	for (unsigned i = 0; i < NTOUCHED; i++)
		bad += *(const uint32_t *)(p + pages[i] * PG) != value(pages[i]);
	return bad;
}

// Does a read at p kill a child with SIGSEGV?
static int faults(const char *p)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		volatile char c = *p;
		(void)c;
		_exit(0);
	}
	waitpid(pid, &status, 0);
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV;
}

int main(void)
{
	long rss0 = rss();
	int id = shmget(IPC_PRIVATE, SIZE, IPC_CREAT | 0600);
	char *p, *q;
	pid_t pid;
	int status;

	if (id < 0) {
		printf("shmget 64 MiB: -1 %s\n", ename(errno));
		return 1;
	}
	p = shmat(id, NULL, 0);
	printf("attached: %s\n", yes(p != (void *)-1));
	printf("rss before any touch: %ld\n", rss() - rss0);
	for (unsigned i = 0; i < NTOUCHED; i++)
		*(uint32_t *)(p + pages[i] * PG) = value(pages[i]);
	printf("rss after %u touches: %ld\n", (unsigned)NTOUCHED, rss() - rss0);

	// A child reads them through the attach fork gave it, then exits.
	pid = fork();
	if (pid == 0)
		_exit(wrong_values(p));
	waitpid(pid, &status, 0);
	printf("child read the values: %s\n", yes(WIFEXITED(status) && WEXITSTATUS(status) == 0));

	// A hole in the middle of the attach: the pieces on either side stay.
	TRY("munmap pages 1024..4095", munmap(p + 1024 * PG, 3072 * PG));
	printf("page 1023 after the hole: %s\n",
	       yes(*(uint32_t *)(p + 1023 * PG) == value(1023)));
	printf("page 4096 after the hole: %s\n",
	       yes(*(uint32_t *)(p + 4096 * PG) == value(4096)));
	printf("the hole faults: %s\n", yes(faults(p + 1040 * PG)));
	TRY("shmdt", shmdt(p));
	printf("page 0 faults after shmdt: %s\n", yes(faults(p)));
	printf("page %u faults after shmdt: %s\n", NPAGES - 1, yes(faults(p + (NPAGES - 1) * PG)));
	printf("rss after shmdt: %ld\n", rss() - rss0);

	// Attached again, read-only: every value is there, and reads of pages
	// never touched give zeros.
	q = shmat(id, NULL, SHM_RDONLY);
	printf("attached again: %s\n", yes(q != (void *)-1));
	printf("wrong values: %d\n", wrong_values(q));
	printf("page 2 reads zero: %s\n", yes(*(const uint32_t *)(q + 2 * PG) == 0));
	printf("page 9000 reads zero: %s\n", yes(*(const uint32_t *)(q + 9000 * PG) == 0));
	printf("rss after two reads of new pages: %ld\n", rss() - rss0);

	// Removed while attached: the frames stay until the last detach.
	TRY("IPC_RMID", shmctl(id, IPC_RMID, NULL));
	printf("rss while still attached: %ld\n", rss() - rss0);
	printf("wrong values after IPC_RMID: %d\n", wrong_values(q));
	TRY("shmdt", shmdt(q));
	printf("rss after the last detach: %ld\n", rss() - rss0);
	return 0;
}
