// fallocate: a tmpfs file gets its pages now (mode 0, which also makes it that long;
// FALLOC_FL_KEEP_SIZE, which does not, even past the end) or loses them
// (FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE: the range reads as zeros, through a mapping
// too), as Linux's shmem_fallocate; st_size and st_blocks after each; truncate takes the pages
// past the end; glibc's posix_fallocate; the errors in vfs_fallocate's order; a tmpfs of 1 MiB
// (mount -o size=1m) that has no room gives ENOSPC and allocates nothing; a 3 GiB file, which
// an open without O_LARGEFILE refuses; writes stop at 2 GiB - 1 without it, and at
// RLIMIT_FSIZE (SIGXFSZ), where ftruncate and fallocate stop too.
// host: root (mount(2) of a tmpfs)
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"

#ifndef FALLOC_FL_KEEP_SIZE
#define FALLOC_FL_KEEP_SIZE 0x01
#define FALLOC_FL_PUNCH_HOLE 0x02
#endif
#define FALLOC_FL_COLLAPSE_RANGE 0x08
#define FALLOC_FL_ZERO_RANGE 0x10
#define FALLOC_FL_INSERT_RANGE 0x20

static char buf[24576];

static void show_size(const char *what, int fd)
{
	struct stat st;

	fstat(fd, &st);
	printf("  %s: st_size %lld st_blocks %lld\n", what, (long long)st.st_size,
	       (long long)st.st_blocks);
}

// Bytes [from, to) of the file all c?
static const char *all(int fd, off_t from, off_t to, char c)
{
	if (pread(fd, buf, to - from, from) != to - from)
		return "short read";
	for (off_t i = 0; i < to - from; i++)
		if (buf[i] != c)
			return "no";
	return "yes";
}

static void errors(int fd)
{
	int p[2], ro = open("f", O_RDONLY), null = open("/dev/null", O_WRONLY);
	int dir = open(".", O_RDONLY);

	printf("errors:\n");
	TRY("  a descriptor not open", fallocate(99, 0, 0, 1));
	TRY("  offset -1", fallocate(fd, 0, -1, 1));
	TRY("  len 0", fallocate(fd, 0, 0, 0));
	TRY("  len -1", fallocate(fd, 0, 0, -1));
	TRY("  offset -1 and an unknown mode (EINVAL first)", fallocate(fd, 0x100, -1, 1));
	TRY("  an unknown mode", fallocate(fd, 0x100, 0, 1));
	TRY("  PUNCH_HOLE without KEEP_SIZE", fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 1));
	TRY("  PUNCH_HOLE | ZERO_RANGE",
	    fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE, 0, 1));
	TRY("  COLLAPSE_RANGE | KEEP_SIZE",
	    fallocate(fd, FALLOC_FL_COLLAPSE_RANGE | FALLOC_FL_KEEP_SIZE, 0, 4096));
	TRY("  ZERO_RANGE (not tmpfs's)", fallocate(fd, FALLOC_FL_ZERO_RANGE, 0, 4096));
	TRY("  COLLAPSE_RANGE (not tmpfs's)", fallocate(fd, FALLOC_FL_COLLAPSE_RANGE, 0, 4096));
	TRY("  INSERT_RANGE (not tmpfs's)", fallocate(fd, FALLOC_FL_INSERT_RANGE, 0, 4096));
	TRY("  read-only", fallocate(ro, 0, 0, 1));
	TRY("  read-only, an unknown mode (the mode first)", fallocate(ro, 0x100, 0, 1));
	TRY("  a directory", fallocate(dir, 0, 0, 1));
	pipe(p);
	TRY("  a pipe's write end", fallocate(p[1], 0, 0, 1));
	TRY("  a pipe's read end", fallocate(p[0], 0, 0, 1));
	TRY("  /dev/null", fallocate(null, 0, 0, 1));
	TRY("  offset + len overflows", fallocate(fd, 0, INT64_MAX - 10, 20));
	show_size("after them", fd);
	close(p[0]);
	close(p[1]);
	close(ro);
	close(null);
	close(dir);
}

static void modes(int fd)
{
	char *m;

	printf("modes:\n");
	TRY("  mode 0, [0, 10000)", fallocate(fd, 0, 0, 10000));
	show_size("after", fd);
	printf("  reads as zeros: %s\n", all(fd, 0, 10000, 0));
	TRY("  KEEP_SIZE, [0, 20000)", fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 20000));
	show_size("after", fd);
	TRY("  KEEP_SIZE past the end, [40960, 49152)",
	    fallocate(fd, FALLOC_FL_KEEP_SIZE, 40960, 8192));
	show_size("after", fd);
	TRY("  a read at the end", pread(fd, buf, 10, 10000));
	memset(buf, 'a', 20000);
	TRY("  write 'a' to [0, 20000)", pwrite(fd, buf, 20000, 0));
	show_size("after", fd);
	TRY("  PUNCH_HOLE, [1000, 11000)",
	    fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 1000, 10000));
	show_size("after", fd);
	printf("  [0, 1000) still 'a': %s\n", all(fd, 0, 1000, 'a'));
	printf("  [1000, 11000) zeros: %s\n", all(fd, 1000, 11000, 0));
	printf("  [11000, 20000) still 'a': %s\n", all(fd, 11000, 20000, 'a'));
	TRY("  PUNCH_HOLE past the end, [40960, 45056)",
	    fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 40960, 4096));
	show_size("after", fd);
	TRY("  ftruncate to 8192", ftruncate(fd, 8192));
	show_size("after (the pages past the end went too)", fd);
	TRY("  mode 0, [100000, 100001)", fallocate(fd, 0, 100000, 1));
	show_size("after", fd);
	printf("  posix_fallocate [0, 50000): %d\n", posix_fallocate(fd, 0, 50000));
	show_size("after", fd);

	m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	memset(m, 'b', 8192);
	TRY("  PUNCH_HOLE of a mapped page, [0, 4096)",
	    fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, 4096));
	printf("  the mapping reads zeros there: %s, 'b' after: %s\n",
	       m[0] == 0 && m[4095] == 0 ? "yes" : "no", m[4096] == 'b' ? "yes" : "no");
	show_size("after", fd);
	munmap(m, 8192);

	/* A private mapping's own copy of a page stays through a hole punched there;
	 * a page it only read is the file's, and reads the hole's zeros. */
	memset(buf, 'c', 8192);
	pwrite(fd, buf, 8192, 0);
	m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	m[0] = 'p';
	printf("  a private mapping: page 0 written 'p', page 1 read: %c\n", m[4096]);
	TRY("  PUNCH_HOLE of both, [0, 8192)",
	    fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, 8192));
	printf("  its copy kept: %s, the page it read now zeros: %s\n",
	       m[0] == 'p' && m[1] == 'c' ? "yes" : "no", m[4096] == 0 ? "yes" : "no");
	munmap(m, 8192);
}

static volatile int xfsz;

static void on_xfsz(int sig)
{
	xfsz++;
}

// How far a file may grow: 2 GiB - 1 without O_LARGEFILE; RLIMIT_FSIZE (SIGXFSZ and EFBIG).
static void limits(void)
{
	int fd = syscall(SYS_open, "small/g", O_RDWR | O_CREAT, 0600);
	struct rlimit rl = { 100000, RLIM_INFINITY }, old;

	printf("  without O_LARGEFILE:\n");
	TRY("    a write across 2 GiB - 1", pwrite(fd, "xyz", 3, (2LL << 30) - 2));
	TRY("    a write at 2 GiB", pwrite(fd, "x", 1, 2LL << 30));
	TRY("    ftruncate to 0", ftruncate(fd, 0));
	printf("  RLIMIT_FSIZE 100000:\n");
	signal(SIGXFSZ, on_xfsz);
	getrlimit(RLIMIT_FSIZE, &old);
	setrlimit(RLIMIT_FSIZE, &rl);
	TRY("    a write across it", pwrite(fd, buf, 20, 99990));
	TRY("    a write at it", pwrite(fd, buf, 20, 100000));
	printf("    SIGXFSZ: %d\n", xfsz);
	TRY("    ftruncate past it", ftruncate(fd, 200000));
	TRY("    ftruncate to it", ftruncate(fd, 100000));
	TRY("    fallocate past it", fallocate(fd, 0, 0, 200000));
	TRY("    fallocate past it, KEEP_SIZE", fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 200000));
	TRY("    fallocate below it", fallocate(fd, 0, 0, 50000));
	printf("    SIGXFSZ: %d\n", xfsz);
	setrlimit(RLIMIT_FSIZE, &old);
	show_size("after", fd);
	close(fd);
}

// A tmpfs of 1 MiB: what does not fit gives ENOSPC and allocates nothing.
static void full(void)
{
	int fd;

	printf("a tmpfs of 1 MiB:\n");
	if (mkdir("small", 0700) || mount("tmpfs", "small", "tmpfs", 0, "size=1m")) {
		printf("  mount: %s\n", ename(errno));
		return;
	}
	fd = open("small/f", O_RDWR | O_CREAT, 0600);
	TRY("  mode 0, 2 MiB", fallocate(fd, 0, 0, 2 << 20));
	show_size("after", fd);
	TRY("  mode 0, 512 KiB", fallocate(fd, 0, 0, 512 << 10));
	show_size("after", fd);
	TRY("  mode 0, 1 MiB more", fallocate(fd, 0, 512 << 10, 1 << 20));
	show_size("after", fd);
	TRY("  KEEP_SIZE, 1 MiB more", fallocate(fd, FALLOC_FL_KEEP_SIZE, 512 << 10, 1 << 20));
	show_size("after", fd);
	TRY("  PUNCH_HOLE of it all",
	    fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, 512 << 10));
	show_size("after", fd);
	TRY("  mode 0, 768 KiB (the room came back)", fallocate(fd, 0, 0, 768 << 10));
	show_size("after", fd);
	TRY("  ftruncate to 0", ftruncate(fd, 0));
	TRY("  mode 0, a page at 3 GiB", fallocate(fd, 0, 3LL << 30, 4096));
	show_size("after", fd);
	TRY("  a byte written at 4 GiB - 2", pwrite(fd, "z", 1, (4LL << 30) - 2));
	show_size("after", fd);
	close(fd);
	TRY("  an open without O_LARGEFILE of it", syscall(SYS_open, "small/f", O_RDWR));
	TRY("  the same with O_TRUNC", syscall(SYS_open, "small/f", O_RDWR | O_TRUNC));
	fd = open("small/f", O_RDONLY);
	show_size("after", fd);
	close(fd);
	limits();
	TRY("  umount", umount("small"));
	rmdir("small");
}

int main(void)
{
	char dir[] = "/tmp/fallocate.XXXXXX";
	int fd;

	if (!mkdtemp(dir) || chdir(dir))
		return 1;
	fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0600);
	errors(fd);
	modes(fd);
	close(fd);
	unlink("f");
	full();
	chdir("/");
	TRY("rmdir", rmdir(dir));
	return 0;
}
