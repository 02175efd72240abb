// Operations on directory offsets: lseek to any position, then getdents, on a
// directory of every kind: the ramfs (/, /tmp, our own), /dev, and /proc with its
// per-process and fixed-tree directories.  A position of 2^31 or more once made
// shmos index a /proc table with a negative number.
#include "fuzz.h"

#include <fcntl.h>
#include <unistd.h>

static const char *dir_any(void)
{
	static const char *dirs[] = {
		"/", "/tmp", "/dev", "/dev/shm", "/proc", "/proc/self", "/proc/1", "/proc/sys",
		"/proc/sys/kernel", "/proc/sysvipc", "/proc/self/fd", ".", "d",
	};
	return chance(90) ? PICK(dirs) : path_any();
}

// Positions around the ends of every range a kernel might keep one in.
static int64_t dir_offset(void)
{
	static const int64_t offs[] = {
		0, 1, 2, 3, 4, 5, 0x7ffffffeLL, 0x7fffffffLL, 0x80000000LL, 0xffffffffLL,
		0x100000000LL, 0x100000002LL, 0x7fffffffffffffffLL, -1, -2,
		-0x7fffffffffffffffLL - 1, 0x40000000LL, 0xc0000000LL,
	};
	switch (below(4)) {
	case 0: return (int64_t)below(64);
	case 1: return (int64_t)((uint64_t)rnd() << 32 | rnd());
	default: return PICK(offs);
	}
}

static long whence_any(void)
{
	return chance(85) ? (long)below(5) : (long)rnd();	// SEEK_SET..SEEK_HOLE, or junk
}

// A few lseeks, each followed by a few getdents64 into good or bad buffers.
void op_dirs(void)
{
	long fd = SC(SYS_open, dir_any(), O_RDONLY | (chance(80) ? O_DIRECTORY : 0), 0, 0, 0);
	static int64_t res;

	if (fd < 0)
		return;
	for (int i = 1 + below(3); i > 0; i--) {
		int64_t off = dir_offset();
		if (chance(80))
			SC(SYS__llseek, fd, (uint32_t)((uint64_t)off >> 32), (uint32_t)off,
			   chance(90) ? (long)&res : ptr(8), whence_any());
		else
			SC(SYS_lseek, fd, (long)off, whence_any(), 0, 0);
		for (int j = 1 + below(3); j > 0; j--) {
			long n = chance(80) ? 64 + (long)below(PG) : size();
			if (SC(SYS_getdents64, fd, ptr(n > 0 && n < ARENA ? n : ARENA), n, 0, 0) <= 0)
				break;
		}
	}
	SC(SYS_close, fd, 0, 0, 0, 0);
}
