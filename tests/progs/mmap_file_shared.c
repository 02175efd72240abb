// mmap_file_shared: a MAP_SHARED mapping of a file maps the file's own pages: a store
// through it is what read() returns at once, a write() is seen by every mapper, and two
// mappings of one file (through fork, through two opens, in two processes) are one copy.
// A file opened read-only can be mapped shared only for reading, and mprotect cannot make
// it writable (EACCES); the mapping outlives close and unlink. msync has nothing to write
// back on a file system in memory, but checks its arguments as Linux does.
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define PG 4096

static char path[64];

// Reads n bytes at off with pread into a static buffer, as a string.
static const char *pread_str(int fd, off_t off, int n)
{
	static char buf[64];
	int r = pread(fd, buf, n, off);

	buf[r > 0 ? r : 0] = 0;
	return buf;
}

// Does a write to p fault? Tried in a child, which dies if it does.
static const char *writable(volatile char *p)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		*p = *p;
		_exit(0);
	}
	waitpid(pid, &st, 0);
	return WIFSIGNALED(st) ? "no" : "yes";
}

static void coherence(void)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600), fd2, st;
	char *p, *q;
	pid_t pid;

	TRY("ftruncate to 3 pages", ftruncate(fd, 3 * PG));
	pwrite(fd, "written before mmap", 19, PG);
	p = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	printf("mmap: %s\n", p == MAP_FAILED ? ename(errno) : "ok");
	printf("the mapping sees the file: %s\n", p + PG);
	printf("a hole reads zero: %s\n", yes(p[0] == 0 && p[3 * PG - 1] == 0));
	strcpy(p + 2 * PG, "stored through the mapping");
	printf("read() sees the store at once: %s\n", pread_str(fd, 2 * PG, 26));
	pwrite(fd, "WRITTEN", 7, PG);
	printf("the mapping sees write(): %s\n", p + PG);

	// A second open, a second mapping: the same pages.
	fd2 = open(path, O_RDWR);
	q = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd2, 0);
	printf("second mapping at another address: %s\n", yes(q != p && q != MAP_FAILED));
	strcpy(q + 100, "through the second");
	printf("the first sees the second's store: %s\n", p + 100);
	printf("mapping of page 1 alone, offset 4096: ");
	char *r = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd2, PG);
	printf("%s\n", r == MAP_FAILED ? ename(errno) : r);
	munmap(r, PG);
	close(fd2);

	// Through fork, and a mapping the child makes itself.
	pid = fork();
	if (pid == 0) {
		char *c = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 2 * PG);

		strcpy(p, "the child's store");
		strcpy(c + 100, "the child's own mapping");
		_exit(0);
	}
	waitpid(pid, &st, 0);
	printf("parent sees the child's store: %s\n", p);
	printf("and its own mapping's: %s\n", p + 2 * PG + 100);
	printf("and so does read(): %s\n", pread_str(fd, 2 * PG + 100, 23));

	// Growing the file: the new page is zero, and can be mapped.
	TRY("ftruncate to 4 pages", ftruncate(fd, 4 * PG));
	r = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 3 * PG);
	printf("the new page reads zero: %s\n", yes(r != MAP_FAILED && r[0] == 0 && r[PG - 1] == 0));
	r[5] = 'z';
	printf("and its store is in the file: %s\n", pread_str(fd, 3 * PG + 5, 1));
	munmap(r, PG);

	// close and unlink: the mapping keeps the file.
	close(fd);
	TRY("unlink while mapped", unlink(path));
	strcpy(q + 200, "after close and unlink");
	printf("the mapping still works: %s\n", p + 200);
	munmap(p, 3 * PG);
	munmap(q, 3 * PG);
}

static void read_only(void)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600), ro;
	char *p;

	pwrite(fd, "read-only file", 14, 0);
	close(fd);
	ro = open(path, O_RDONLY);
	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0);
	printf("MAP_SHARED, PROT_WRITE, O_RDONLY: %s\n", p == MAP_FAILED ? ename(errno) : "mapped");
	p = mmap(NULL, PG, PROT_READ, MAP_SHARED, ro, 0);
	printf("MAP_SHARED, PROT_READ, O_RDONLY: %s\n", p == MAP_FAILED ? ename(errno) : p);
	TRY("mprotect(PROT_READ|PROT_WRITE)", mprotect(p, PG, PROT_READ | PROT_WRITE));
	printf("writable: %s\n", writable(p));
	TRY("mprotect(PROT_NONE)", mprotect(p, PG, PROT_NONE));
	TRY("mprotect(PROT_READ)", mprotect(p, PG, PROT_READ));
	munmap(p, PG);
	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0);
	printf("MAP_PRIVATE, PROT_WRITE, O_RDONLY: %s\n", p == MAP_FAILED ? ename(errno) : "mapped");
	strcpy(p, "private");
	printf("the file is unchanged: %s\n", pread_str(ro, 0, 14));
	munmap(p, PG);
	close(ro);

	fd = open(path, O_WRONLY);
	p = mmap(NULL, PG, PROT_WRITE, MAP_SHARED, fd, 0);
	printf("MAP_SHARED, O_WRONLY: %s\n", p == MAP_FAILED ? ename(errno) : "mapped");
	close(fd);
	fd = open(path, O_RDWR | O_APPEND);
	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	printf("MAP_SHARED, O_APPEND: %s\n", p == MAP_FAILED ? ename(errno) : "mapped");
	munmap(p, PG);
	close(fd);
	unlink(path);
}

static void msyncs(void)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	char *p;

	ftruncate(fd, 4 * PG);
	p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	strcpy(p, "synced");
	TRY("msync MS_SYNC", msync(p, 4 * PG, MS_SYNC));
	TRY("msync MS_ASYNC", msync(p, 4 * PG, MS_ASYNC));
	TRY("msync MS_INVALIDATE", msync(p, 4 * PG, MS_INVALIDATE));
	TRY("msync MS_SYNC|MS_INVALIDATE, a part", msync(p + PG, 10, MS_SYNC | MS_INVALIDATE));
	TRY("msync 0 flags", msync(p, PG, 0));
	TRY("msync length 0", msync(p, 0, MS_SYNC));
	TRY("msync MS_SYNC|MS_ASYNC", msync(p, PG, MS_SYNC | MS_ASYNC));
	TRY("msync flag 8", msync(p, PG, 8));
	TRY("msync unaligned", msync(p + 1, PG, MS_SYNC));
	TRY("msync unaligned length", msync(p, 1, MS_SYNC));
	printf("after msync the file holds: %s\n", pread_str(fd, 0, 6));
	munmap(p + PG, PG);		// a hole in the middle
	TRY("msync over a hole, MS_SYNC", msync(p, 4 * PG, MS_SYNC));
	TRY("msync over a hole, MS_ASYNC", msync(p, 4 * PG, MS_ASYNC));
	TRY("msync of the hole alone", msync(p + PG, PG, MS_SYNC));
	char *a = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	TRY("msync of anonymous memory", msync(a, PG, MS_SYNC | MS_INVALIDATE));
	munmap(a, PG);
	TRY("mlock a page", mlock(p, PG));
	TRY("msync MS_INVALIDATE of a locked page", msync(p, PG, MS_INVALIDATE));
	TRY("msync MS_SYNC of a locked page", msync(p, PG, MS_SYNC));
	TRY("munlock", munlock(p, PG));
	TRY("msync MS_INVALIDATE after munlock", msync(p, PG, MS_INVALIDATE));
	munmap(p, 4 * PG);
	close(fd);
	unlink(path);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	snprintf(path, sizeof(path), "/tmp/mmap_file_shared.%d", getpid());
	coherence();
	read_only();
	msyncs();
	return 0;
}
