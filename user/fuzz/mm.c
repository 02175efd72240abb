// Operations on memory: mmap, munmap, mprotect, madvise, brk and writes from user mode,
// and the bookkeeping of the mappings and attaches a process made.
#include "fuzz.h"

#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

struct region regs[NREG];
int nregs;

// ---- bookkeeping ----

void add_region(uintptr_t addr, size_t len, int touch, int shm)
{
	if (nregs < NREG)
		regs[nregs++] = (struct region){ addr, len, touch, shm };
}

// Mappings in [addr, addr+len) changed: stop writing to any region there.
void clobbered(uintptr_t addr, size_t len)
{
	for (int i = 0; i < nregs; i++)
		if (regs[i].addr < addr + len && addr < regs[i].addr + regs[i].len)
			regs[i].touch = 0;
}

void drop_region(uintptr_t addr)
{
	for (int i = 0; i < nregs; i++)
		if (regs[i].addr == addr) {
			clobbered(regs[i].addr, regs[i].len);
			regs[i] = regs[--nregs];
			return;
		}
}

// ---- operations: memory ----

static long mlen(void)
{
	static const long lens[] = { 0, 1, PG, 3 * PG, 1 << 20, 0x40000000, 0x7fffffff, -1 };
	return chance(70) ? (long)(1 + below(8)) * PG : PICK(lens);
}

// An arena range, or a range in kernel space; never anything else we depend on.
void arena_range(long *addr, long *len)
{
	long l = mlen();
	switch (below(6)) {
	case 0: *addr = 0xc0000000; *len = chance(50) ? PG : l; return;
	case 1: *addr = 0xffff0000; *len = chance(50) ? 0x10000 : -1; return;
	case 2: *addr = (long)(arena + below(ARENA)); *len = PG; return;	// misaligned
	default: break;
	}
	long off = below(ARENA / PG) * PG;
	if (l <= 0 || l > ARENA - off)
		l = (ARENA - off) / PG * PG;
	*addr = (long)arena + off;
	*len = l;
}

void op_mmap(void)
{
	static const long prots[] = { PROT_READ | PROT_WRITE, PROT_READ, PROT_NONE, PROT_EXEC | PROT_READ, 0x80 };
	long prot = PICK(prots), flags = chance(80) ? MAP_PRIVATE : chance(70) ? MAP_SHARED : 0x08 /* MAP_DROPPABLE */, fd = -1, addr = 0, len = mlen();
	if (chance(70))
		flags |= MAP_ANONYMOUS;
	else
		fd = fd_any();
	if (chance(5))
		flags |= 0x400000;	// an unknown flag
	if (chance(30)) {
		flags |= MAP_FIXED;
		arena_range(&addr, &len);
	} else if (chance(10)) {
		addr = 0xc0000000;	// a hint only
	}
	long r = SC(SYS_mmap2, addr, len, prot, flags, fd);	// pgoff 0
	if (r == -1)
		return;
	clobbered(r, len);
	if ((uintptr_t)r >= (uintptr_t)arena && (uintptr_t)r < (uintptr_t)arena + ARENA)
		return;		// part of the arena now
	if (nregs == NREG || len > 64 * PG) {	// keep the address space from filling up
		syscall(SYS_munmap, r, len);
		return;
	}
	add_region(r, len, (flags & MAP_ANONYMOUS) && (prot & PROT_WRITE) && len > 0, 0);
}

void op_munmap(void)
{
	long addr, len;
	if (nregs && chance(50)) {
		struct region *g = &regs[below(nregs)];
		addr = g->addr, len = g->len;
		if (SC(SYS_munmap, addr, len, 0, 0, 0) == 0)
			drop_region(addr);
		return;
	}
	arena_range(&addr, &len);
	if (chance(30)) {
		// DONTNEED drops the pages (a region's or a shared one's, swapped or not),
		// DONTNEED_LOCKED those mlock holds too; FREE, a hint and an unknown advice
		static const long advice[] = { MADV_DONTNEED, MADV_DONTNEED, 24, MADV_FREE, MADV_WILLNEED, 999 };
		if (nregs && chance(50)) {
			struct region *g = &regs[below(nregs)];
			addr = g->addr, len = g->len;
		}
		SC(SYS_madvise, addr, len, PICK(advice), 0, 0);	// a region keeps being touched
	} else if (chance(50)) {
		if (SC(SYS_munmap, addr, len, 0, 0, 0) == 0)
			clobbered(addr, len);
	} else {
		static const long prots[] = { PROT_NONE, PROT_READ, PROT_READ | PROT_WRITE, 0x80 };
		if (SC(SYS_mprotect, addr, len, PICK(prots), 0, 0) == 0)
			clobbered(addr, len);
	}
}

// madvise: on our own mappings, advice that leaves them usable (their pages may go and
// come back zeroed); on the arena, any advice, bad ones too: what it may have taken from
// a later fork's child (MADV_DONTFORK) is touched no more, as after a munmap.
void op_madvise(void)
{
	static const long any[] = { MADV_NORMAL, MADV_WILLNEED, MADV_DONTNEED, MADV_FREE,
				    MADV_REMOVE, MADV_DONTFORK, MADV_DOFORK, MADV_WIPEONFORK,
				    MADV_KEEPONFORK, MADV_COLD, MADV_PAGEOUT, MADV_POPULATE_READ,
				    MADV_POPULATE_WRITE, 24 /* MADV_DONTNEED_LOCKED */,
				    MADV_MERGEABLE, MADV_HUGEPAGE, 100, 1212 };
	static const long safe[] = { MADV_DONTNEED, MADV_FREE, MADV_COLD, MADV_SEQUENTIAL,
				     MADV_POPULATE_READ };
	long addr, len;

	if (nregs && chance(40)) {
		struct region *g = &regs[below(nregs)];

		SC(SYS_madvise, g->addr, g->len, PICK(safe), 0, 0);
		return;
	}
	arena_range(&addr, &len);
	if (SC(SYS_madvise, addr, len, PICK(any), 0, 0) == 0)
		clobbered(addr, len);
}

void op_brk(void)
{
	uintptr_t cur = syscall(SYS_brk, 0);
	static const long odd[] = { 0, 0x1000, 0xc0000000, 0xfffff000, 0xffffffff };
	long to = chance(30) ? PICK(odd) : chance(50) ? (long)(cur + below(16) * PG) : (long)(brk0 + below(cur - brk0 + 1));
	SC(SYS_brk, to, 0, 0, 0, 0);
}

// Write to our own writable mappings and attaches from user mode.
void op_touch(void)
{
	if (!nregs)
		return;
	struct region *g = &regs[below(nregs)];
	if (!g->touch)
		return;
	volatile char *p = (char *)g->addr + below(g->len < 64 * PG ? g->len : 64 * PG);
	if (trace)
		printf("%c%d touch %p\n", is_kid ? 'k' : 'w', me, p);
	*p = *p + 1;
}
