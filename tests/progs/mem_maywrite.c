// mem_maywrite: mprotect may give a mapping any permission its VM_MAY* bits allow, and only
// those: a writable shared mapping made read-only can be made writable again (issue 13,
// defect 16), a SHM_RDONLY attach never (EACCES), and private memory may become anything.
// Where a range spans several mappings, Linux changes them one by one and stops at the first
// that fails, leaving those before it changed.
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define PG 4096

// Does a write to p fault? Tried in a child, which dies if it does.
static const char *writable(volatile char *p)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		*p = 1;
		_exit(0);
	}
	waitpid(pid, &st, 0);
	return WIFSIGNALED(st) ? "no" : "yes";
}

static void shared_anon(void)
{
	char *p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	p[0] = 'a';
	TRY("shared: mprotect(PROT_READ)", mprotect(p, 2 * PG, PROT_READ));
	printf("shared, read-only: writable %s\n", writable(p));
	TRY("shared: mprotect(PROT_READ|PROT_WRITE)", mprotect(p, 2 * PG, PROT_READ | PROT_WRITE));
	p[0] = 'b';
	pid_t pid = fork();
	if (pid == 0) {
		p[0] = 'c';	// still shared with the parent after both mprotects
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	printf("shared again: the child's write seen: %s\n", yes(p[0] == 'c'));
	TRY("shared: mprotect(PROT_EXEC)", mprotect(p, PG, PROT_EXEC));
	TRY("shared: mprotect(PROT_NONE)", mprotect(p + PG, PG, PROT_NONE));
	TRY("shared: mprotect(PROT_WRITE)", mprotect(p, 2 * PG, PROT_WRITE));
	printf("shared, write-only: writable %s\n", writable(p + PG));
	munmap(p, 2 * PG);

	p = mmap(NULL, PG, PROT_READ, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	TRY("shared, mapped read-only: mprotect(PROT_READ|PROT_WRITE)",
	    mprotect(p, PG, PROT_READ | PROT_WRITE));
	printf("writable: %s\n", writable(p));
	munmap(p, PG);
}

static void shm(void)
{
	int id = shmget(IPC_PRIVATE, 2 * PG, 0700);	// x: SHM_EXEC asks for it
	char *rw = shmat(id, NULL, 0), *ro = shmat(id, NULL, SHM_RDONLY);
	char *rx = shmat(id, NULL, SHM_RDONLY | SHM_EXEC);
	shmctl(id, IPC_RMID, NULL);

	TRY("shm: mprotect(PROT_READ)", mprotect(rw, 2 * PG, PROT_READ));
	TRY("shm: mprotect(PROT_READ|PROT_WRITE)", mprotect(rw, 2 * PG, PROT_READ | PROT_WRITE));
	rw[PG] = 'x';
	printf("shm: the write is seen through the read-only attach: %s\n", yes(ro[PG] == 'x'));
	TRY("SHM_RDONLY: mprotect(PROT_READ|PROT_WRITE)", mprotect(ro, PG, PROT_READ | PROT_WRITE));
	TRY("SHM_RDONLY: mprotect(PROT_WRITE)", mprotect(ro, PG, PROT_WRITE));
	TRY("SHM_RDONLY: mprotect(PROT_READ|PROT_EXEC)", mprotect(ro, PG, PROT_READ | PROT_EXEC));
	TRY("SHM_RDONLY: mprotect(PROT_NONE)", mprotect(ro, PG, PROT_NONE));
	TRY("SHM_RDONLY: mprotect(PROT_READ)", mprotect(ro, PG, PROT_READ));
	printf("SHM_RDONLY: writable %s\n", writable(ro));
	TRY("SHM_RDONLY|SHM_EXEC: mprotect(PROT_READ|PROT_WRITE)",
	    mprotect(rx, PG, PROT_READ | PROT_WRITE));
	TRY("SHM_RDONLY|SHM_EXEC: mprotect(PROT_READ)", mprotect(rx, PG, PROT_READ));
	shmdt(rw);
	shmdt(ro);
	shmdt(rx);
}

// Private memory: anything, and the pages stay private (copy-on-write in a child).
static void private(void)
{
	char *p = mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	TRY("private, read-only: mprotect(PROT_READ|PROT_WRITE|PROT_EXEC)",
	    mprotect(p, PG, PROT_READ | PROT_WRITE | PROT_EXEC));
	p[0] = 'p';
	pid_t pid = fork();
	if (pid == 0) {
		p[0] = 'q';
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	printf("private: the child's write not seen: %s\n", yes(p[0] == 'p'));
	munmap(p, PG);
}

// [private, read-only][SHM_RDONLY attach] made writable: the first changes, then EACCES.
// [private, read-only][hole]: the first changes, then ENOMEM. [hole][private]: ENOMEM only.
static void spans(void)
{
	char *q = mmap(NULL, 4 * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), *p = q + PG;
	int id = shmget(IPC_PRIVATE, PG, 0600);
	munmap(q, PG);
	munmap(p + PG, PG);
	shmat(id, p + PG, SHM_RDONLY);
	shmctl(id, IPC_RMID, NULL);
	munmap(p + 2 * PG, PG);
	TRY("[private][SHM_RDONLY]: mprotect(PROT_READ|PROT_WRITE)",
	    mprotect(p, 2 * PG, PROT_READ | PROT_WRITE));
	printf("  the private page became writable: %s\n", writable(p));
	printf("  the attach did not: %s\n", yes(*writable(p + PG) == 'n'));
	shmdt(p + PG);
	mprotect(p, PG, PROT_READ);
	TRY("[private][hole]: mprotect(PROT_READ|PROT_WRITE)", mprotect(p, 2 * PG, PROT_READ | PROT_WRITE));
	printf("  the private page became writable: %s\n", writable(p));
	TRY("[hole][private]: mprotect(PROT_NONE)", mprotect(q, 2 * PG, PROT_NONE));
	printf("  the private page stayed writable: %s\n", writable(p));
	munmap(p, PG);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	shared_anon();
	shm();
	private();
	spans();
	return 0;
}
