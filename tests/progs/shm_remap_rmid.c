// shm_remap_rmid: remap_file_pages of a System V attach, as Linux emulates it: an munmap of
// the range, then a new mapping of the segment that looks its id up again.  While the
// segment lives that is invisible; once IPC_RMID removed it and the range holds its last
// attaches, the munmap destroys it and the remap fails (EINVAL), leaving the range unmapped.
// This is what LTP's shmctl05 waits for, in a loop that never ended on a kernel that kept
// the attach.  Another attach anywhere (elsewhere in the process, or in a child) keeps it.
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define PG 4096

// Does a read of p work?  Tried in a child, which dies if it faults.
static const char *readable(volatile char *p)
{
	int st;
	pid_t pid = fork();

	if (pid == 0)
		_exit(*p == 'x' ? 0 : 1);
	waitpid(pid, &st, 0);
	return WIFSIGNALED(st) ? "SIGSEGV" : WEXITSTATUS(st) == 0 ? "the data" : "other data";
}

// A new segment of pages pages, attached once and filled with 'x', then removed.
static char *removed_attach(int pages, int *idp)
{
	int id = shmget(IPC_PRIVATE, pages * PG, IPC_CREAT | 0600);
	char *p = shmat(id, NULL, 0);

	memset(p, 'x', pages * PG);
	shmctl(id, IPC_RMID, NULL);
	*idp = id;
	return p;
}

static void nattch(const char *what, int id)
{
	struct shmid_ds ds;

	if (shmctl(id, IPC_STAT, &ds) < 0)
		printf("%s: IPC_STAT -1 %s\n", what, ename(errno));
	else
		printf("%s: nattch %lu\n", what, (unsigned long)ds.shm_nattch);
}

int main(void)
{
	int id, st;
	char *p, *q;

	setvbuf(stdout, NULL, _IONBF, 0);

	id = shmget(IPC_PRIVATE, PG, IPC_CREAT | 0600);
	p = shmat(id, NULL, 0);
	memset(p, 'x', PG);
	TRY("live segment: remap_file_pages", remap_file_pages(p, PG, 0, 0, 0));
	printf("live segment: after the remap: %s\n", readable(p));
	nattch("live segment", id);
	shmdt(p);
	shmctl(id, IPC_RMID, NULL);

	p = removed_attach(2, &id);
	nattch("removed, one attach", id);
	TRY("removed: remap_file_pages of the whole attach", remap_file_pages(p, 2 * PG, 0, 0, 0));
	nattch("removed, after the remap", id);
	printf("removed: the range after the remap: %s\n", readable(p));
	TRY("removed: shmdt after the remap", shmdt(p));
	TRY("removed: remap_file_pages again", remap_file_pages(p, PG, 0, 0, 0));

	p = removed_attach(2, &id);
	TRY("removed: remap_file_pages of page 1 of 2", remap_file_pages(p, PG, 0, 1, 0));
	nattch("removed, part remapped", id);
	printf("removed, part remapped: page 0: %s\n", readable(p));
	TRY("removed: shmdt", shmdt(p));

	// Two attaches of one segment made at two addresses before IPC_RMID.
	id = shmget(IPC_PRIVATE, PG, IPC_CREAT | 0600);
	p = shmat(id, NULL, 0);
	q = shmat(id, NULL, 0);
	memset(p, 'x', PG);
	shmctl(id, IPC_RMID, NULL);
	TRY("removed, two attaches: remap the first", remap_file_pages(p, PG, 0, 0, 0));
	printf("removed, two attaches: the first after the remap: %s\n", readable(p));
	shmdt(q);
	TRY("removed, the other detached: remap the first", remap_file_pages(p, PG, 0, 0, 0));
	printf("removed, the other detached: the range: %s\n", readable(p));

	// A child's attach (fork) keeps the segment alive for the parent's remap.
	p = removed_attach(1, &id);
	pid_t pid = fork();
	if (pid == 0) {
		sleep(1);
		_exit(0);
	}
	TRY("removed, a child attached: remap", remap_file_pages(p, PG, 0, 0, 0));
	printf("removed, a child attached: after the remap: %s\n", readable(p));
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	shmdt(p);

	// mmap(MAP_SHARED | MAP_ANONYMOUS) memory has no id to lose.
	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	memset(p, 'x', PG);
	TRY("shared anonymous: remap_file_pages", remap_file_pages(p, PG, 0, 0, 0));
	printf("shared anonymous: after the remap: %s\n", readable(p));
	munmap(p, PG);
	return 0;
}
