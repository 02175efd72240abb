// file_dir_offsets: lseek on a directory of every kind, then getdents64, at the
// offsets that once crashed shmos (a /proc directory at 2^31 or more read a name
// through a negative index) and at the ends of the 32- and 64-bit ranges.  Linux's
// rules: a ramfs (tmpfs) directory takes any position that is not negative, a /proc
// directory any up to 2^31 - 1 and SEEK_END from an end at 0; past the last entry
// getdents returns nothing; a failed lseek leaves the position where it was.
//
// The host's /dev is devtmpfs and /dev/shm tmpfs, shmos's are ramfs.  The huge
// offsets go to an empty directory the test makes in /dev/shm: Linux 6.6 and later
// number a tmpfs directory's entries in a tree that ends at 2^31 - 1, and a
// non-empty one lists its entries again from positions beyond that; shmos, like
// Linux before, lists none.  Entries are counted only as dots and others: each
// system has its own.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"

#define SEEK_DATA_	3
#define SEEK_HOLE_	4

static char buf[65536];
static char empty[64] = "/dev/shm/dir_offsets.XXXXXX";

static const char *whence_name(int whence)
{
	static const char *const names[] = { "SET", "CUR", "END", "DATA", "HOLE" };

	return whence >= 0 && whence < 5 ? names[whence] : "?";
}

// What getdents64 gives from fd's position, in a few words.
static void show_getdents(int fd)
{
	long n = syscall(SYS_getdents64, fd, buf, sizeof(buf));
	int dot = 0, dotdot = 0, others = 0;

	if (n < 0) {
		printf("getdents %s\n", ename(errno));
		return;
	}
	for (long at = 0; at < n; at += *(uint16_t *)(buf + at + 16)) {
		const char *name = buf + at + 19;

		if (!strcmp(name, "."))
			dot = 1;
		else if (!strcmp(name, ".."))
			dotdot = 1;
		else
			others = 1;
	}
	if (n == 0)
		printf("getdents none\n");
	else
		printf("getdents%s%s%s\n", dot ? " ." : "", dotdot ? " .." : "",
		       others ? " others" : "");
}

// Fresh descriptor, _llseek(off, whence) (twice when again), then getdents64.
static void probe(const char *label, const char *dir, int64_t off, int whence, int again)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	int64_t res = -7;
	long r = 0;

	if (fd < 0) {
		printf("%s: open %s\n", label, ename(errno));
		return;
	}
	for (int i = 0; i <= again && r == 0; i++)
		r = syscall(SYS__llseek, fd, (uint32_t)((uint64_t)off >> 32), (uint32_t)off,
			    &res, whence);
	if (r)
		printf("%s %s %lld%s: llseek %s; ", label, whence_name(whence), (long long)off,
		       again ? " twice" : "", ename(errno));
	else
		printf("%s %s %lld%s: llseek -> %lld; ", label, whence_name(whence),
		       (long long)off, again ? " twice" : "", (long long)res);
	show_getdents(fd);
	close(fd);
}

// The 32-bit lseek: its offset is an off_t of 32 bits.
static void probe32(const char *label, const char *dir, long off)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	long r = syscall(SYS_lseek, fd, off, SEEK_SET);

	if (r < 0)
		printf("%s lseek32 %ld: %s; ", label, off, ename(errno));
	else
		printf("%s lseek32 %ld: -> %ld; ", label, off, r);
	show_getdents(fd);
	close(fd);
}

static const int64_t huge[] = {
	0, 1, 2, 0x7fffffffLL, 0x80000000LL, 0x100000000LL, 0x7fffffffffffffffLL, -1,
	-0x7fffffffffffffffLL - 1,
};

static void all_offsets(const char *label, const char *dir)
{
	for (unsigned i = 0; i < sizeof(huge) / sizeof(huge[0]); i++)
		probe(label, dir, huge[i], SEEK_SET, 0);
	probe(label, dir, 0x7fffffffffffffffLL, SEEK_CUR, 1);	// wraps past 2^63 - 1
	probe(label, dir, 0x40000000LL, SEEK_CUR, 1);		// 2^31 in two steps
	probe(label, dir, -1, SEEK_CUR, 0);
	probe(label, dir, 0, SEEK_END, 0);
	probe(label, dir, 2, SEEK_END, 0);
	probe(label, dir, 0, SEEK_DATA_, 0);
	probe(label, dir, 0, SEEK_HOLE_, 0);
	probe(label, dir, 0, 5, 0);
	probe32(label, dir, 0x7fffffffL);
	probe32(label, dir, -1L);
}

int main(void)
{
	static const char *const procdirs[] = {
		"/proc", "/proc/self", "/proc/sys", "/proc/sys/kernel", "/proc/sysvipc",
	};

	setvbuf(stdout, NULL, _IONBF, 0);
	mkdir("/dev/shm", 01777);	// shmos has none; the host's is there already
	if (!mkdtemp(empty)) {
		printf("mkdtemp in /dev/shm: %s\n", ename(errno));
		return 1;
	}
	for (unsigned i = 0; i < sizeof(procdirs) / sizeof(procdirs[0]); i++)
		all_offsets(procdirs[i], procdirs[i]);
	all_offsets("empty dir", empty);
	for (int64_t off = 0; off <= 2; off++)
		probe("/dev", "/dev", off, SEEK_SET, 0);
	probe("/dev", "/dev", 0x7fffffffLL, SEEK_SET, 0);
	probe("/dev", "/dev", -1, SEEK_SET, 0);
	probe("/dev", "/dev", 0, SEEK_END, 0);
	probe("/dev", "/dev", 0, SEEK_DATA_, 0);
	printf("rmdir: %s\n", rmdir(empty) ? ename(errno) : "0");
	return 0;
}
