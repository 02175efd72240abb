// mem_prot_uaccess: a system call reads and writes the caller's memory with the permission
// the access needs, as the MMU checks the caller's own accesses. A page the program has
// touched and then made PROT_NONE cannot be written out (EFAULT), a PROT_READ page cannot be
// read into (EFAULT), and a page made PROT_NONE and then PROT_READ again reads as before
// (issue 13, defects 6 and 14: the kernel runs where the MMU ignores the user bit).
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"

#define PG 4096

static int fd, zero, pipes[2];

// Every way in: a write and a pipe write read the page, a read and /dev/zero write it,
// stat writes a structure, open reads a path.
// Every way in: a write and a pipe write read the page, a read and /dev/zero write it,
// stat64 writes a structure, open and stat64 read a path. (stat64 is called directly:
// glibc's stat would fill the structure itself, in user mode, and fault.) The pipe is emptied after.
static void accesses(const char *what, char *p)
{
	char st[128];
	char junk[16];
	int f;

	printf("%s:\n", what);
	TRY("  write(file, p)", pwrite(fd, p, 16, 0));
	TRY("  write(pipe, p)", write(pipes[1], p, 16));
	TRY("  read(file, p)", pread(fd, p, 16, 0));
	TRY("  read(/dev/zero, p)", read(zero, p + 64, 16));
	TRY("  stat64(\"f\", p)", syscall(SYS_stat64, "f", p + 128));
	errno = 0;
	f = open(p + 1024, O_RDONLY);
	printf("  open(p): %s\n", f >= 0 ? "ok" : ename(errno));
	if (f >= 0)
		close(f);
	TRY("  stat64(p)", syscall(SYS_stat64, p + 1024, &st));
	while (read(pipes[0], junk, sizeof junk) > 0)
		;
	pwrite(fd, "0123456789abcdef", 16, 0);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0600);
	write(fd, "0123456789abcdef", 16);
	zero = open("/dev/zero", O_RDONLY);
	pipe(pipes);
	fcntl(pipes[0], F_SETFL, O_NONBLOCK);

	char *p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 'A', PG);
	strcpy(p + 1024, "f");
	accesses("read-write, touched", p);

	strcpy(p + 1024, "f");
	TRY("mprotect(PROT_NONE)", mprotect(p, PG, PROT_NONE));
	accesses("PROT_NONE, touched", p);
	TRY("mprotect(PROT_NONE) untouched", mprotect(p + PG, PG, PROT_NONE));
	accesses("PROT_NONE, never touched", p + PG);

	TRY("mprotect(PROT_READ)", mprotect(p, PG, PROT_READ));
	printf("read after PROT_NONE then PROT_READ: %c\n", p[0]);
	accesses("PROT_READ", p);

	TRY("mprotect(PROT_EXEC)", mprotect(p, PG, PROT_EXEC));
	accesses("PROT_EXEC (readable on i386)", p);

	TRY("mprotect(PROT_WRITE)", mprotect(p, PG, PROT_WRITE));
	accesses("PROT_WRITE (readable on i386)", p);

	TRY("mprotect(PROT_READ|PROT_WRITE)", mprotect(p, PG, PROT_READ | PROT_WRITE));
	printf("page 0 kept its data: %s\n", yes(p[16] == 'A' && p[300] == 'A' && p[2000] == 'A'));

	int id = shmget(IPC_PRIVATE, PG, 0600);
	char *rw = shmat(id, NULL, 0);
	strcpy(rw + 1024, "f");
	char *ro = shmat(id, NULL, SHM_RDONLY);
	shmctl(id, IPC_RMID, NULL);
	accesses("shm attached SHM_RDONLY", ro);
	static const char zeros[256];
	printf("nothing was written through the read-only attach: %s\n",
	       yes(!memcmp(rw, zeros, sizeof zeros)));
	return 0;
}
