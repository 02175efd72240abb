// shm_seglimit: lab shmseg (docs/labs.md) - with shmseg=8 on the kernel command line a
// process has at most 8 shm attaches, and shmat past them fails with EMFILE, after the
// address, id and permission checks. An attach split by munmap is still one attach;
// mmap(MAP_SHARED|MAP_ANONYMOUS) memory is none; a forked child inherits the count.
// host: no (Linux has no per-process limit: the .out is written by hand)
// cmdline: shmseg=8
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define PG 4096
#define LIMIT 8

static int seg;		// 3 pages, attached over and over
static void *at[LIMIT];

// "what: ok" or "what: -1 ENAME" for an attach, which is detached again if asked.
static void *attach(const char *what, int id, const void *addr, int flags)
{
	void *p = shmat(id, addr, flags);

	if (p == (void *)-1)
		printf("%s: -1 %s\n", what, ename(errno));
	else
		printf("%s: ok\n", what);
	return p;
}

static int fill(void)
{
	int ok = 0;

	for (int i = 0; i < LIMIT; i++) {
		at[i] = shmat(seg, NULL, 0);
		ok += at[i] != (void *)-1;
	}
	return ok;
}

static void limits(void)
{
	struct shminfo info;

	if (shmctl(0, IPC_INFO, (struct shmid_ds *)&info) < 0)
		printf("IPC_INFO: -1 %s\n", ename(errno));
	else
		printf("IPC_INFO shmseg: %lu\n", info.shmseg);
}

int main(void)
{
	int other = shmget(IPC_PRIVATE, PG, 0600);
	void *p, *anon;
	int status;

	seg = shmget(IPC_PRIVATE, 3 * PG, 0600);
	if (seg < 0 || other < 0) {
		printf("shmget: -1 %s\n", ename(errno));
		return 1;
	}
	limits();
	printf("attach 1..%d: %d ok\n", LIMIT, fill());
	attach("attach 9", seg, NULL, 0);
	attach("attach 9 of another segment", other, NULL, 0);
	attach("attach 9 at a misaligned address", seg, (void *)0x40000123, 0);
	attach("attach 9 of a bad id", -1, NULL, 0);
	anon = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	printf("mmap MAP_SHARED|MAP_ANONYMOUS: %s\n", yes(anon != MAP_FAILED));

	TRY("shmdt 1", shmdt(at[0]));
	p = attach("attach 9 after shmdt", seg, NULL, 0);
	attach("attach 10", seg, NULL, 0);

	// Split attach 2 in three pieces' worth: its middle page goes, two pieces stay.
	TRY("munmap the middle page of attach 2", munmap((char *)at[1] + PG, PG));
	attach("attach 10 with attach 2 in two pieces", seg, NULL, 0);
	TRY("munmap the first page of attach 3", munmap(at[2], PG));
	attach("attach 10 with attach 3's first page gone", seg, NULL, 0);
	TRY("shmdt 2 (both pieces)", shmdt(at[1]));
	TRY("shmdt 3 (its last piece)", shmdt(at[2]));
	attach("attach 9 again", seg, NULL, 0);
	attach("attach 10 again", seg, NULL, 0);
	attach("attach 11", seg, NULL, 0);

	fflush(stdout);
	if (fork() == 0) {
		attach("child: attach 11", seg, NULL, 0);
		TRY("child: shmdt 4", shmdt(at[3]));
		attach("child: attach 10", seg, NULL, 0);
		TRY("child: shmdt 5", shmdt(at[4]));
		TRY("child: setuid(65534)", setuid(65534));
		attach("child as nobody: attach 10 of a 0600 segment", seg, NULL, 0);
		_exit(0);
	}
	wait(&status);
	attach("parent: attach 11 after the child's shmdt", seg, NULL, 0);
	TRY("shmdt 9", shmdt(p));
	attach("parent: attach 10", other, NULL, 0);
	limits();
	shmctl(seg, IPC_RMID, NULL);
	shmctl(other, IPC_RMID, NULL);
	return 0;
}
