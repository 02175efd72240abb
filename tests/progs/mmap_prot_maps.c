// mmap_prot_maps: /proc/self/maps shows a mapping's rights as they were asked for
// (PROT_WRITE alone is "-w-", as LTP's mmap04 checks), while on i386 any right lets the
// page be read: a write-only or execute-only page reads back what was written, and a
// PROT_NONE one faults.  Anonymous and file mappings, private and shared, and mprotect.
#define _GNU_SOURCE
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "check.h"

static sigjmp_buf env;

static void on_segv(int sig)
{
	siglongjmp(env, sig);
}

/* The rights column of the maps line holding p. */
static const char *perms(void *p)
{
	static char r[8];
	char line[256];
	FILE *f = fopen("/proc/self/maps", "r");

	strcpy(r, "none");
	while (f && fgets(line, sizeof line, f)) {
		unsigned long lo, hi;

		if (sscanf(line, "%lx-%lx %7s", &lo, &hi, r) == 3 &&
		    (unsigned long)p >= lo && (unsigned long)p < hi)
			break;
		strcpy(r, "none");
	}
	if (f)
		fclose(f);
	return r;
}

/* Does a read of p fault?  "reads 'x'" or "SIGSEGV". */
static void try_read(const char *p)
{
	volatile char c;

	if (sigsetjmp(env, 1) == 0) {
		c = *p;
		printf(" reads '%c'", c);
	} else {
		printf(" SIGSEGV");
	}
}

int main(void)
{
	static const struct { int prot; const char *name; } prots[] = {
		{ PROT_NONE, "PROT_NONE" }, { PROT_READ, "PROT_READ" },
		{ PROT_WRITE, "PROT_WRITE" }, { PROT_EXEC, "PROT_EXEC" },
		{ PROT_READ | PROT_WRITE, "PROT_READ|PROT_WRITE" },
		{ PROT_WRITE | PROT_EXEC, "PROT_WRITE|PROT_EXEC" },
		{ PROT_READ | PROT_EXEC, "PROT_READ|PROT_EXEC" },
	};
	const char *file = "/tmp/mmap_prot_maps";
	int fd = open(file, O_RDWR | O_CREAT | O_TRUNC, 0600);

	signal(SIGSEGV, on_segv);
	if (fd < 0 || ftruncate(fd, 4096) < 0 || pwrite(fd, "f", 1, 0) != 1) {
		printf("setup: %s\n", ename(errno));
		return 1;
	}
	for (unsigned i = 0; i < sizeof prots / sizeof prots[0]; i++) {
		int prot = prots[i].prot;
		char *a = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		char *s = mmap(NULL, 4096, prot, MAP_SHARED, fd, 0);
		char *p = mmap(NULL, 4096, prot, MAP_PRIVATE, fd, 0);

		if (a == MAP_FAILED || s == MAP_FAILED || p == MAP_FAILED) {
			printf("%s: mmap: %s\n", prots[i].name, ename(errno));
			continue;
		}
		a[0] = 'a';
		mprotect(a, 4096, prot);
		printf("%-22s anon+mprotect %s", prots[i].name, perms(a));
		try_read(a);
		printf(", shared file %s", perms(s));
		try_read(s);
		printf(", private file %s", perms(p));
		try_read(p);
		printf("\n");
		munmap(a, 4096);
		munmap(s, 4096);
		munmap(p, 4096);
	}
	/* A write-only page written, then read: the write went to the file. */
	char *w = mmap(NULL, 4096, PROT_WRITE, MAP_SHARED, fd, 0);
	char c = 0;

	w[1] = 'w';
	pread(fd, &c, 1, 1);
	printf("PROT_WRITE shared: wrote '%c', read back", c);
	try_read(w + 1);
	printf(", maps %s\n", perms(w));
	unlink(file);
	return 0;
}
