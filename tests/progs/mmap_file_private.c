// mmap_file_private: a MAP_PRIVATE mapping of a file starts as the file's pages and gets a
// copy of a page of its own at the first write to it (copy-on-write): the file never sees
// the write, the file's later changes are seen only on the pages not yet copied, and a
// child after fork shares the copies until one of them writes. Then mmap's errors, in
// Linux's order: EBADF before EINVAL, EACCES for a descriptor not open for reading, ENODEV
// for what cannot be mapped, EEXIST for MAP_FIXED_NOREPLACE, EOPNOTSUPP for a flag that
// MAP_SHARED_VALIDATE does not know; and /dev/zero, private and shared.
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define PG 4096
#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif
#ifndef MAP_SHARED_VALIDATE
#define MAP_SHARED_VALIDATE 0x03
#endif
#ifndef MAP_SYNC
#define MAP_SYNC 0x80000
#endif

static char path[64];

static const char *pread_str(int fd, off_t off, int n)
{
	static char buf[64];
	int r = pread(fd, buf, n, off);

	buf[r > 0 ? r : 0] = 0;
	return buf;
}

// "ok" or the error name of an mmap result.
static const char *mres(void *p)
{
	return p == MAP_FAILED ? ename(errno) : "ok";
}

static void cow(void)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600), st;
	char *p;
	pid_t pid;

	pwrite(fd, "page zero", 9, 0);
	pwrite(fd, "page one", 8, PG);
	pwrite(fd, "page two", 8, 2 * PG);
	p = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	printf("mmap: %s\n", mres(p));
	printf("reads the file: %s, %s, %s\n", p, p + PG, p + 2 * PG);
	strcpy(p, "private zero");
	printf("the mapping has its write: %s\n", p);
	printf("the file has not: %s\n", pread_str(fd, 0, 9));
	pwrite(fd, "PAGE ZERO", 9, 0);
	pwrite(fd, "PAGE ONE", 8, PG);
	printf("a write() to a page it copied is not seen: %s\n", p);
	printf("one to a page it only read is: %s\n", p + PG);

	pid = fork();
	if (pid == 0) {
		printf("child sees the parent's copy: %s\n", p);
		strcpy(p, "child's zero");
		strcpy(p + 2 * PG, "child's two");
		printf("child after its writes: %s, %s\n", p, p + 2 * PG);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	printf("parent after the child's writes: %s, %s\n", p, p + 2 * PG);
	printf("the file after both: %s, %s\n", pread_str(fd, 0, 9), pread_str(fd, 2 * PG, 8));

	// A read-only private mapping may become writable: still private.
	char *r = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, PG);
	TRY("mprotect(PROT_READ|PROT_WRITE)", mprotect(r, PG, PROT_READ | PROT_WRITE));
	strcpy(r, "after mprotect");
	printf("mapping: %s, file: %s\n", r, pread_str(fd, PG, 8));
	munmap(r, PG);

	// Executable: the file's bytes, as the ELF loader maps a program's text.
	r = mmap(NULL, PG, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 2 * PG);
	printf("PROT_EXEC: %s, %s\n", mres(r), r == MAP_FAILED ? "" : r);
	munmap(r, PG);
	munmap(p, 3 * PG);
	close(fd);
}

static void errors(void)
{
	int fd = open(path, O_RDWR), wo = open(path, O_WRONLY), dir = open("/tmp", O_RDONLY);
	int pfd[2];
	char *p;

	pipe(pfd);
	printf("bad descriptor, length 0: %s\n", mres(mmap(NULL, 0, PROT_READ, MAP_PRIVATE, 99, 0)));
	printf("length 0: %s\n", mres(mmap(NULL, 0, PROT_READ, MAP_PRIVATE, fd, 0)));
	printf("no MAP_SHARED or MAP_PRIVATE: %s\n", mres(mmap(NULL, PG, PROT_READ, 0, fd, 0)));
	printf("MAP_TYPE 0xf: %s\n", mres(mmap(NULL, PG, PROT_READ, 0xf, fd, 0)));
	printf("anonymous, MAP_TYPE 0: %s\n", mres(mmap(NULL, PG, PROT_READ, MAP_ANONYMOUS, -1, 0)));
	printf("write-only descriptor, private: %s\n", mres(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, wo, 0)));
	printf("a directory: %s\n", mres(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, dir, 0)));
	printf("a pipe: %s\n", mres(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, pfd[0], 0)));
	int null = open("/dev/null", O_RDWR);
	printf("/dev/null: %s\n", mres(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, null, 0)));
	close(null);
	printf("MAP_GROWSDOWN of a file: %s\n",
	       mres(mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_GROWSDOWN, fd, 0)));
	p = (char *)syscall(SYS_mmap2, 0, PG, PROT_READ, MAP_PRIVATE, fd, 0x10000);
	printf("mmap2 far past the end of the file: %s\n", mres(p));
	munmap(p, PG);
	p = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 1);
	printf("offset not a page: %s\n", mres(p));
	p = mmap((void *)0x40001234, PG, PROT_READ, MAP_PRIVATE, fd, 0);
	printf("unaligned hint: %s, page aligned: %s\n", mres(p), yes(((unsigned long)p & (PG - 1)) == 0));
	p = mmap((void *)0x40001234, PG, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0);
	printf("unaligned MAP_FIXED: %s\n", mres(p));

	p = mmap((void *)0x90000000, PG, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0);
	printf("MAP_FIXED above 2 GiB: %s, there: %s, reads %s\n", mres(p),
	       yes(p == (void *)0x90000000), p == MAP_FAILED ? "" : p);
	munmap(p, PG);

	p = mmap(NULL, 2 * PG, PROT_READ, MAP_PRIVATE, fd, 0);
	printf("MAP_FIXED_NOREPLACE over a mapping: %s\n",
	       mres(mmap(p + PG, PG, PROT_READ, MAP_PRIVATE | MAP_FIXED_NOREPLACE, fd, 0)));
	munmap(p + PG, PG);
	printf("MAP_FIXED_NOREPLACE just after it: %s\n",
	       mres(mmap(p + PG, PG, PROT_READ, MAP_PRIVATE | MAP_FIXED_NOREPLACE, fd, 0)));
	munmap(p, 2 * PG);
	p = mmap(NULL, PG, PROT_READ, MAP_SHARED_VALIDATE, fd, 0);
	printf("MAP_SHARED_VALIDATE: %s\n", mres(p));
	munmap(p, PG);
	printf("MAP_SHARED_VALIDATE | MAP_SYNC: %s\n",
	       mres(mmap(NULL, PG, PROT_READ, MAP_SHARED_VALIDATE | MAP_SYNC, fd, 0)));
	printf("MAP_SHARED | MAP_SYNC (ignored): %s\n",
	       mres(p = mmap(NULL, PG, PROT_READ, MAP_SHARED | MAP_SYNC, fd, 0)));
	munmap(p, PG);
	printf("MAP_PRIVATE | MAP_SYNC (ignored): %s\n",
	       mres(p = mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_SYNC, fd, 0)));
	munmap(p, PG);
	close(pfd[0]);
	close(pfd[1]);
	close(dir);
	close(wo);
	close(fd);
}

static void dev_zero(void)
{
	int fd = open("/dev/zero", O_RDWR), st;
	char *p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	char *s = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	pid_t pid;

	printf("/dev/zero private: %s, shared: %s\n", mres(p), mres(s));
	printf("both read zero: %s\n", yes(p[0] == 0 && p[2 * PG - 1] == 0 && s[0] == 0));
	strcpy(p, "parent private");
	strcpy(s, "parent shared");
	pid = fork();
	if (pid == 0) {
		strcpy(p, "child private");
		strcpy(s + PG, "child shared");
		_exit(0);
	}
	waitpid(pid, &st, 0);
	printf("after the child: private %s, shared %s / %s\n", p, s, s + PG);
	munmap(p, 2 * PG);
	munmap(s, 2 * PG);
	close(fd);
	fd = open("/dev/zero", O_RDONLY);
	p = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 0);
	printf("/dev/zero read-only, shared: %s\n", mres(p));
	TRY("  mprotect(PROT_READ|PROT_WRITE)", mprotect(p, PG, PROT_READ | PROT_WRITE));
	munmap(p, PG);
	close(fd);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	snprintf(path, sizeof(path), "/tmp/mmap_file_private.%d", getpid());
	cow();
	errors();
	dev_zero();
	unlink(path);
	return 0;
}
