// Operations on a file's data as a whole: fallocate, posix_fadvise, sendfile,
// copy_file_range, syncfs, sync_file_range; and on which pages are in memory: mincore.
//
// Nothing here may fill the disk of a Linux host: a long length goes only
// where nothing can be written (/dev/null, a bad fd, an offset past the largest
// file). (op_fill fills /tmp; a fallocate of more than the machine, at 16M with
// swap, was seen to end in out-of-memory kills: not yet understood, left out.)
#include "fuzz.h"

#include <fcntl.h>
#include <linux/falloc.h>

// A length: mostly what a file of ours holds, sometimes far too much.
static long flen(int *huge)
{
	static const long lens[] = { 0, -1, 0x7fffffff, 0x80000000, 0xfffff000 };
	*huge = chance(15);
	return *huge ? PICK(lens) : (long)below(FILE_IO);
}

// An fd that may be written without blocking, or a bad one.
static long fd_out(int huge)
{
	if (!huge)
		return fd_data();
	for (int i = 0; i < nfds; i++)	// nothing may be written: /dev/null or a bad fd
		if (fds[i].kind == K_NULL && chance(50))
			return fds[i].fd;
	return bad_fd();
}

void op_fallocate(void)
{
	static const long modes[] = { 0, FALLOC_FL_KEEP_SIZE, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
				      FALLOC_FL_PUNCH_HOLE, FALLOC_FL_ZERO_RANGE, FALLOC_FL_COLLAPSE_RANGE,
				      FALLOC_FL_INSERT_RANGE, 0x100, -1 };
	long m = PICK(modes), off = offset(), len = (long)below(4 * PG);
	long off_hi = off < 0 ? -1 : 0, len_hi = 0;

	if (chance(10))
		len = chance(50) ? 0 : -1, len_hi = len;
	else if (chance(10))	// past the largest file: EFBIG, never a write
		off_hi = 0x7fffffff, len = PG;
	SC6(SYS_fallocate, chance(80) ? fd_file() : fd_any(), m, off, off_hi, len, len_hi);
}

void op_fadvise(void)
{
	long fd = chance(80) ? fd_data() : fd_any(), off = offset(), advice = (long)below(8) - 1;
	int huge;
	long len = flen(&huge);	// advice reads or drops nothing here: any length

	if (chance(50))	// fadvise64: fd, offset (two halves), length, advice
		SC(SYS_fadvise64, fd, off, off < 0 ? -1 : 0, len, advice);
	else		// fadvise64_64: fd, offset, length (two halves each), advice
		SC6(SYS_fadvise64_64, fd, off, off < 0 ? -1 : 0, len, len < 0 ? -1 : 0, advice);
}

// sendfile and sendfile64 from a file (or /dev/zero) to a file or /dev/null,
// with the offset taken from the fd or from a word of ours (or a bad pointer).
void op_sendfile(void)
{
	int huge;
	long len = flen(&huge), out = fd_out(huge), in = chance(90) ? fd_data() : fd_any();
	long *off = (long *)scratch, offp;

	for (int i = 0; i < nfds; i++)	// a pipe's read end (or a dup of one) could block
		if (fds[i].fd == in && fds[i].kind > K_ZERO)
			return;
	off[0] = offset(), off[1] = off[0] < 0 ? -1 : 0;
	offp = chance(40) ? 0 : chance(85) ? (long)off : bad_ptr();
	if (chance(50))
		SC(SYS_sendfile, out, in, offp, len, 0);
	else
		SC(SYS_sendfile64, out, in, offp, len, 0);
}

void op_copy_file_range(void)
{
	int huge;
	long len = flen(&huge), out = fd_out(huge), in = chance(80) ? fd_file() : fd_any();
	long long *offs = (long long *)scratch;	// off_in, off_out
	long in_off = chance(50) ? 0 : chance(85) ? (long)&offs[0] : bad_ptr();

	offs[0] = offset(), offs[1] = offset();
	if (huge && chance(50))	// to a file, but from past the end of the input: nothing to copy
		offs[0] = 1LL << 40, in_off = (long)&offs[0], out = fd_data();
	SC6(SYS_copy_file_range, in, in_off, out, chance(50) ? 0 : chance(85) ? (long)&offs[1] : bad_ptr(),
	   len, chance(90) ? 0 : rnd());
}

void op_syncfs(void)
{
	SC(SYS_syncfs, fd_any(), 0, 0, 0, 0);
}

// sync_file_range: fd, offset, length (two halves each), flags (three bits valid).
void op_sync_file_range(void)
{
	long off = offset(), flags = chance(90) ? (long)below(8) : (long)below(32);
	int huge;
	long len = flen(&huge);

	SC6(SYS_sync_file_range, chance(80) ? fd_data() : fd_any(), off, off < 0 ? -1 : 0,
	    len, len < 0 ? -1 : 0, flags);
}

// mincore over our arena, our mappings, kernel space; the vector anywhere.
void op_mincore(void)
{
	long addr, len;

	if (nregs && chance(40)) {
		struct region *g = &regs[below(nregs)];
		addr = g->addr, len = g->len;
	} else {
		arena_range(&addr, &len);
	}
	if (chance(10))
		addr += below(PG);	// misaligned: EINVAL
	SC(SYS_mincore, addr, len, chance(85) ? ptr(len > 0 ? (size_t)len / PG + 1 : 1) : bad_ptr(), 0, 0);
}
