// mmap_growsdown: a MAP_GROWSDOWN mapping is a stack: a touch below it grows it down to the
// touched page, but never to within the stack guard gap (GAP pages, Linux's 256 by default)
// of an accessible mapping below, where the toucher gets SIGSEGV instead (what LTP's mmap18
// checks with a thread on such a stack).  A mapping below that is PROT_NONE or a stack itself
// does not count.  mmap keeps a hint out of the gap but MAP_FIXED may go there; brk stops a
// page short of the next mapping, or of its gap.  The main stack ([stack]) is held to the same
// gap.  mmap_growsdown_gap16 runs this with stack_guard_gap=16 on shmos's command line.
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#ifndef GAP
#define GAP 256
#endif
#define PG 4096UL
#define REGION (GAP + 64)	// pages: the room every case lays out its mappings in
#define STACK 4			// pages of the MAP_GROWSDOWN mapping, at the region's top

static char *base;		// the region: [base, base + REGION pages)
static char *stack;		// the MAP_GROWSDOWN mapping's start

// [lo, hi) of the maps line holding p, or 0.
static uintptr_t vma_start(const void *p)
{
	char line[256];
	FILE *f = fopen("/proc/self/maps", "r");
	unsigned long lo, hi, found = 0;

	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "%lx-%lx", &lo, &hi) == 2 &&
		    (uintptr_t)p >= lo && (uintptr_t)p < hi)
			found = lo;
	if (f)
		fclose(f);
	return found;
}

static void *map_at(void *addr, unsigned long pages, int prot, int flags)
{
	void *p = mmap(addr, pages * PG, prot, MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	return p;
}

// A fresh region, empty but for the stack at its top and a PROT_NONE filler at its
// bottom up to filler_end (so that whatever the kernel put below the region is not the
// mapping below the stack).
static void lay_out(char *filler_end)
{
	munmap(base, REGION * PG);
	map_at(base, (filler_end - base) / PG, PROT_NONE, MAP_FIXED);
	stack = map_at(base + (REGION - STACK) * PG, STACK, PROT_READ | PROT_WRITE,
		       MAP_FIXED | MAP_GROWSDOWN);
	stack[0] = 's';
}

// Touches the page n pages below the stack's start in a child: "grows" when it may and the
// stack's mapping now starts there, "SIGSEGV" when the kernel killed it.
static const char *touch_below(char *start, unsigned long n)
{
	volatile char *p = start - n * PG;
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		*p = 1;
		_exit(vma_start((const void *)p) == (uintptr_t)p &&
		      vma_start(start) == (uintptr_t)p ? 0 : 3);
	}
	waitpid(pid, &st, 0);
	if (WIFEXITED(st))
		return WEXITSTATUS(st) == 0 ? "grows" : "grows, but not to the page";
	return WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV ? "SIGSEGV" : "other";
}

// An accessible page (prot) at n pages below the stack's start, then a touch at the page
// just below the stack: the gap between them is n - 2 pages.
static void below_page(const char *what, unsigned long n, int prot, int flags)
{
	lay_out(base + PG);
	map_at(stack - n * PG, 1, prot, MAP_FIXED | flags);
	printf("%s, gap %s: %s\n", what, n - 2 == GAP ? "GAP" : n - 2 == GAP - 1 ? "GAP-1" : "small",
	       touch_below(stack, 1));
}

static void growth(void)
{
	lay_out(base + PG);
	printf("nothing below: touch 1 page down: %s\n", touch_below(stack, 1));
	printf("nothing below: touch 10 pages down: %s\n", touch_below(stack, 10));
	// A page exactly GAP pages below the touched page leaves the whole gap free.
	below_page("PROT_READ page below", GAP + 2, PROT_READ, 0);
	below_page("PROT_READ page below", GAP + 1, PROT_READ, 0);
	below_page("PROT_WRITE page below", GAP + 1, PROT_WRITE, 0);
	below_page("PROT_NONE page below", 2, PROT_NONE, 0);
	below_page("MAP_GROWSDOWN page below", 2, PROT_READ | PROT_WRITE, MAP_GROWSDOWN);
	// The filler itself ends just below the touched page: PROT_NONE, no gap needed.
	lay_out(stack - PG);
	printf("PROT_NONE filler just below: %s\n", touch_below(stack, 1));
}

static void placement(void)
{
	char *hint, *p;

	lay_out(base + PG);
	hint = stack - (GAP + 1) * PG;
	p = mmap(hint, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("mmap hint just below the gap: at the hint %s\n", yes(p == hint));
	munmap(p, PG);
	hint = stack - GAP * PG;
	p = mmap(hint, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("mmap hint in the gap: at the hint %s\n", yes(p == hint));
	munmap(p, PG);
	hint = stack - 2 * PG;
	p = mmap(hint, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	printf("mmap MAP_FIXED in the gap: at the address %s\n", yes(p == hint));
}

// brk up to end, in a child (glibc's malloc keeps its own idea of the break): moved?
static const char *brk_to(uintptr_t end, void *next, unsigned long pages, int flags)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		map_at(next, pages, PROT_READ, MAP_FIXED | flags);
		_exit(syscall(SYS_brk, end) == (long)end ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? "moves" : "stays";
}

static void heap(void)
{
	uintptr_t brk = (syscall(SYS_brk, 0) + PG - 1) & ~(PG - 1);
	char *next = (char *)brk + 4 * PG;

	printf("brk to a page below a mapping: %s\n", brk_to(brk + 3 * PG, next, 1, 0));
	printf("brk to a mapping: %s\n", brk_to(brk + 4 * PG, next, 1, 0));
	next = (char *)brk + (GAP + 8) * PG;
	printf("brk to a page below a stack's gap: %s\n",
	       brk_to(brk + 7 * PG, next, 1, MAP_GROWSDOWN));
	printf("brk into a stack's gap: %s\n", brk_to(brk + 8 * PG, next, 1, MAP_GROWSDOWN));
}

// The main stack: a touch below it grows it, unless a page was mapped within the gap.
static void main_stack(void)
{
	int here;
	char *start = (char *)vma_start(&here);
	pid_t pid;
	int st;

	printf("main stack: touch 1 page down: %s\n", touch_below(start, 1));
	pid = fork();
	if (pid == 0) {
		map_at(start - 3 * PG, 1, PROT_READ | PROT_WRITE, MAP_FIXED);
		*(volatile char *)(start - PG) = 1;
		_exit(0);
	}
	waitpid(pid, &st, 0);
	printf("main stack, a page mapped 2 pages down: touch 1 page down: %s\n",
	       WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV ? "SIGSEGV" : "no signal");
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	base = map_at(NULL, REGION, PROT_NONE, 0);
	growth();
	placement();
	heap();
	main_stack();
	return 0;
}
