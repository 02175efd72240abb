// mmap_droppable: MAP_DROPPABLE (Linux 6.11) maps private anonymous memory that reclaim may
// take back instead of swapping it: a page read after that is zeros. Linux's checks: only
// anonymous memory, not with MAP_LOCKED nor as a stack (EINVAL); mlock leaves it unlocked
// (VmLck stays 0) without an error; a fork's child gets the mapping but none of its pages;
// mincore says which pages are in memory, and its errors (EINVAL, ENOMEM, EFAULT).
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#ifndef MAP_DROPPABLE
#define MAP_DROPPABLE 0x08
#endif
#define PAGES 8

static long page;

// Each page's mincore bit, as a string of 0s and 1s.
static void show_mincore(const char *what, void *p, size_t len)
{
	unsigned char vec[PAGES];
	char bits[PAGES + 1] = "";

	if (mincore(p, len, vec) < 0) {
		printf("%s: mincore %s\n", what, ename(errno));
		return;
	}
	for (size_t i = 0; i < len / page; i++)
		bits[i] = '0' + (vec[i] & 1);
	bits[len / page] = 0;
	printf("%s: %s\n", what, bits);
}

static void try_map(const char *what, int flags, int fd)
{
	void *p = mmap(NULL, page, PROT_READ | PROT_WRITE, flags, fd, 0);

	if (p == MAP_FAILED) {
		printf("%s: %s\n", what, ename(errno));
		return;
	}
	printf("%s: mapped\n", what);
	munmap(p, page);
}

int main(void)
{
	size_t len;
	char *p, tmpl[] = "/tmp/droppable.XXXXXX";
	int fd, status;
	pid_t pid;

	setvbuf(stdout, NULL, _IONBF, 0);
	page = sysconf(_SC_PAGESIZE);
	len = PAGES * page;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_DROPPABLE, -1, 0);
	printf("mmap MAP_DROPPABLE: %s\n", p == MAP_FAILED ? ename(errno) : "mapped");
	if (p == MAP_FAILED)
		return 1;
	show_mincore("mincore untouched", p, len);
	for (size_t i = 0; i < len; i += page)
		p[i] = 'A' + i / page;
	show_mincore("mincore after writing 3 pages", p, 3 * page);
	show_mincore("mincore after writing all", p, len);
	printf("page 5 holds: %c\n", p[5 * page]);

	try_map("MAP_DROPPABLE|MAP_LOCKED", MAP_ANONYMOUS | MAP_DROPPABLE | MAP_LOCKED, -1);
	try_map("MAP_DROPPABLE|MAP_GROWSDOWN", MAP_ANONYMOUS | MAP_DROPPABLE | MAP_GROWSDOWN, -1);
	try_map("MAP_DROPPABLE|MAP_POPULATE", MAP_ANONYMOUS | MAP_DROPPABLE | MAP_POPULATE, -1);
	try_map("MAP_DROPPABLE|MAP_NORESERVE", MAP_ANONYMOUS | MAP_DROPPABLE | MAP_NORESERVE, -1);
	try_map("type 0x09 (MAP_DROPPABLE|MAP_SHARED)", MAP_ANONYMOUS | 0x09, -1);
	try_map("type 0x0a (MAP_DROPPABLE|MAP_PRIVATE)", MAP_ANONYMOUS | 0x0a, -1);
	fd = mkstemp(tmpl);
	if (fd < 0 || ftruncate(fd, page) < 0)
		return 1;
	try_map("a file, MAP_DROPPABLE", MAP_DROPPABLE, fd);
	try_map("a file, MAP_PRIVATE", MAP_PRIVATE, fd);
	close(fd);
	unlink(tmpl);

	TRY("mlock", mlock(p, len));
	print_lines("/proc/self/status", "VmLck:");
	TRY("munlock", munlock(p, len));

	pid = fork();
	if (pid == 0) {
		// The child has the mapping, none of the pages: zeros, and its writes are its own.
		show_mincore("child: mincore", p, len);
		printf("child: page 5 holds %d\n", p[5 * page]);
		p[5 * page] = 'z';
		printf("child: wrote page 5: %c\n", p[5 * page]);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	printf("parent: page 5 still holds: %c\n", p[5 * page]);

	TRY("mprotect read-only", mprotect(p, len, PROT_READ));
	printf("read-only page 2 holds: %c\n", p[2 * page]);

	TRY("mincore, unaligned start", mincore(p + 1, page, (unsigned char[1]){0}));
	TRY("mincore, length 0", mincore(p, 0, NULL));
	TRY("mincore, vec NULL", mincore(p, page, NULL));
	TRY("munmap", munmap(p, len));
	TRY("mincore, unmapped", mincore(p, page, (unsigned char[1]){0}));
	return 0;
}
