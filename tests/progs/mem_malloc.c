// mem_malloc: user memory: many small malloc blocks (brk heap), a large block (mmap),
// sbrk, anonymous mmap/munmap, faults on unmapped and read-only pages, calloc,
// and copy-on-write after fork.
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define NSMALL 1000
#define BIG (8 << 20)
#define MAPSZ (1 << 20)

// Fill with a pattern that depends on the block and the offset, so overlaps show.
static void fill(unsigned char *p, size_t n, unsigned seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(seed * 31 + i);
}

static int check(const unsigned char *p, size_t n, unsigned seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != (unsigned char)(seed * 31 + i))
			return 0;
	return 1;
}

static void small_blocks(void)
{
	static unsigned char *blk[NSMALL];
	size_t size;
	int i, ok = 1;

	for (i = 0; i < NSMALL; i++) {
		size = 16 + (i * 397) % 4081;	// 16 .. 4096
		blk[i] = malloc(size);
		if (blk[i] == NULL)
			ok = 0;
		else
			fill(blk[i], size, i);
	}
	for (i = 0; i < NSMALL; i++)
		if (blk[i] && !check(blk[i], 16 + (i * 397) % 4081, i))
			ok = 0;
	for (i = 0; i < NSMALL; i++)
		free(blk[i]);
	printf("%d blocks of 16..4096 bytes written and checked: %s\n", NSMALL, yes(ok));
}

static void big_block(void)
{
	unsigned char *p = malloc(BIG);
	int ok = p != NULL;

	if (ok) {
		fill(p, BIG, 7);
		ok = check(p, BIG, 7);
	}
	free(p);
	printf("8 MiB block written and checked: %s\n", yes(ok));
}

static void grow(void)
{
	unsigned char *p = malloc(100), *q;
	int ok;

	fill(p, 100, 3);
	q = realloc(p, MAPSZ);
	ok = q && check(q, 100, 3);
	if (q)
		memset(q, 1, MAPSZ);
	free(q);
	printf("realloc 100 bytes -> 1 MiB keeps contents: %s\n", yes(ok));
}

static void zeroed(void)
{
	unsigned char *p = malloc(200), *q;
	size_t i;
	int ok = 1;

	memset(p, 0xAA, 200);
	free(p);
	q = calloc(1, 200);
	for (i = 0; i < 200; i++)
		ok &= q[i] == 0;
	free(q);
	printf("calloc of reused memory is zero: %s\n", yes(ok));
	q = calloc(1000, 1000);
	for (i = 0; i < 1000000; i++)
		ok &= q[i] == 0;
	free(q);
	printf("calloc(1000, 1000) is zero: %s\n", yes(ok));
}

// Run fn in a child and report whether it died with SIGSEGV.
static void expect_segv(const char *what, void (*fn)(void))
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		fn();
		_exit(0);
	}
	waitpid(pid, &st, 0);
	printf("%s: %s\n", what, WIFSIGNALED(st) ? (WTERMSIG(st) == 11 ? "SIGSEGV" : "signal")
	       : "no fault");
}

static volatile unsigned char *target;	// the address the next fault test touches

static void touch_write(void)
{
	*target = 1;
}

static void touch_read(void)
{
	(void)*target;
}

static void brk_heap(void)
{
	unsigned char *start = sbrk(0), *p;
	int ok;

	p = sbrk(64 * 1024);
	ok = p == start && sbrk(0) == start + 64 * 1024;
	printf("sbrk(64 KiB) returns the old break: %s\n", yes(ok));
	fill(p, 64 * 1024, 5);
	printf("new heap memory written and checked: %s\n", yes(check(p, 64 * 1024, 5)));
	ok = sbrk(-64 * 1024) == start + 64 * 1024 && sbrk(0) == start;
	printf("sbrk(-64 KiB) shrinks it back: %s\n", yes(ok));
	target = start + 32 * 1024;
	expect_segv("write to memory the shrink gave back", touch_write);
	// A break at the top of the address space is refused, not wrapped round to 0.
	errno = 0;
	ok = brk((void *)0xfffff000) == -1 && errno == ENOMEM && sbrk(0) == start;
	printf("brk near 4 GiB fails with ENOMEM, the heap intact: %s\n", yes(ok));
	ok = brk((void *)0xffffffff) == -1 && sbrk(0) == start;
	printf("brk(0xffffffff) fails too: %s\n", yes(ok));
}

static void anon_map(void)
{
	unsigned char *p = mmap(NULL, MAPSZ, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	size_t i;
	int ok = p != MAP_FAILED, r;

	printf("mmap 1 MiB anonymous: %s\n", yes(ok));
	for (i = 0; ok && i < MAPSZ; i++)
		ok = p[i] == 0;
	printf("fresh mapping reads as zeros: %s\n", yes(ok));
	fill(p, MAPSZ, 9);
	printf("mapping written and checked: %s\n", yes(check(p, MAPSZ, 9)));
	printf("munmap: %d\n", munmap(p, MAPSZ));
	target = p;
	expect_segv("read after munmap", touch_read);
	target = p + MAPSZ - 1;
	expect_segv("write to last byte after munmap", touch_write);

	p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("read-only mapping reads zero: %s\n", yes(p != MAP_FAILED && p[100] == 0));
	target = p;
	expect_segv("write to read-only mapping", touch_write);
	munmap(p, 4096);

	errno = 0;
	p = mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("mmap length 0: %s %s\n", p == MAP_FAILED ? "MAP_FAILED" : "mapped", ename(errno));
	errno = 0;
	r = munmap((void *)((uintptr_t)target + 1), 4096);
	printf("munmap unaligned address: %d %s\n", r, ename(errno));
}

// After fork each side has its own copy of the heap.
static void copy_on_write(void)
{
	int *v = malloc(sizeof(int)), st;
	pid_t pid;

	*v = 1;
	pid = fork();
	if (pid == 0) {
		int saw = *v;
		*v = 2;
		_exit(saw == 1 && *v == 2 ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	printf("child saw the parent's value and changed its copy: %s\n",
	       yes(WIFEXITED(st) && WEXITSTATUS(st) == 0));
	printf("parent's value unchanged: %s\n", yes(*v == 1));
	free(v);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	small_blocks();
	big_block();
	grow();
	zeroed();
	brk_heap();
	anon_map();
	copy_on_write();
	return 0;
}
