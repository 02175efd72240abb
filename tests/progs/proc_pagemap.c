// proc_pagemap: /proc/self/pagemap has an 8-byte entry per page, bit 63 "present" and
// bit 61 "a file's or shared page": pages touched or not, MAP_POPULATE (LTP's mmap12),
// private file pages (a writable private mapping is populated by writing it) before and
// after a write, shared file and shm pages, PROT_NONE,
// an unmapped hole; reads not a multiple of 8 are EINVAL.  (The frame numbers, bits
// 0-54, are root's only and differ anyway; bits 55 and 56 shmos does not keep.)
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <unistd.h>
#include "check.h"

#define PG 4096
static int pm;

/* "P" present, "F" present and a file's or shared, "-" neither, per page. */
static void show(const char *what, char *p, int pages)
{
	printf("%-38s ", what);
	for (int i = 0; i < pages; i++) {
		uint64_t e = 0;
		off_t off = (uintptr_t)(p + i * PG) / PG * 8;

		if (pread(pm, &e, 8, off) != 8) {
			printf("pread: %s", ename(errno));
			break;
		}
		putchar(!(e >> 63) ? '-' : (e >> 61 & 1) ? 'F' : 'P');
	}
	putchar('\n');
}

int main(void)
{
	const char *file = "/tmp/proc_pagemap";
	char buf[4 * PG], *a, *f, *s, *hole;
	int fd, id;
	uint64_t e[2];

	pm = open("/proc/self/pagemap", O_RDONLY);
	if (pm < 0) {
		printf("open: %s\n", ename(errno));
		return 1;
	}
	a = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	show("anonymous, untouched", a, 4);
	a[0] = 1;
	a[2 * PG] = 1;
	show("anonymous, pages 0 and 2 written", a, 4);
	mprotect(a, PG, PROT_NONE);
	show("page 0 then PROT_NONE", a, 4);
	munmap(a, 4 * PG);
	a = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	show("anonymous, MAP_POPULATE", a, 4);

	memset(buf, 'x', sizeof buf);
	fd = open(file, O_RDWR | O_CREAT | O_TRUNC, 0600);
	write(fd, buf, sizeof buf);
	f = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	show("private file, MAP_POPULATE", f, 4);
	f[PG] = 'y';
	show("private file, page 1 written", f, 4);
	munmap(f, 4 * PG);
	f = mmap(NULL, 4 * PG, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	show("private file, PROT_READ, MAP_POPULATE", f, 4);
	mprotect(f, 4 * PG, PROT_READ | PROT_WRITE);
	f[PG] = 'y';
	show("then page 1 written", f, 4);
	munmap(f, 4 * PG);
	f = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, 0);
	f[PG] = 'y';
	show("shared file, MAP_POPULATE, written", f, 4);

	id = shmget(IPC_PRIVATE, 4 * PG, IPC_CREAT | 0600);
	s = shmat(id, NULL, 0);
	shmctl(id, IPC_RMID, NULL);
	show("shm, untouched", s, 4);
	s[3 * PG] = 1;
	show("shm, page 3 written", s, 4);

	hole = mmap(NULL, 3 * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	munmap(hole + PG, PG);
	show("populated, middle page unmapped", hole, 3);

	show_result("read of 12 bytes", read(pm, e, 12));
	show_result("pread at offset 4", pread(pm, e, 8, 4));
	show_result("pread of 16 bytes at 0", pread(pm, e, 16, 0));
	unlink(file);
	return 0;
}
