/*
 * memfd_create and file seals: the flags, the name's limit, the name
 * /proc/self/fd shows, read/write/ftruncate/mmap as on a tmpfs file, and
 * each seal refusing what it forbids, in Linux's errno order.
 */
#define _GNU_SOURCE
#include "check.h"
#include <linux/falloc.h>
#include <sys/mman.h>
#include <sys/syscall.h>


static int memfd(const char *name, unsigned flags)
{
	return syscall(SYS_memfd_create, name, flags);
}

static void show_link(int fd)
{
	char path[64], buf[300];
	long n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, buf, sizeof(buf) - 1);
	buf[n < 0 ? 0 : n] = 0;
	printf("link: %s\n", buf);
}

static void show_size(const char *what, int fd)
{
	printf("%s size: %ld\n", what, (long)lseek(fd, 0, SEEK_END));
}

int main(void)
{
	char name[300], buf[16];
	int fd, fd2, p[2];
	char *m;

	memset(name, 'n', sizeof(name));
	name[249] = 0;
	TRY("249-byte name", fd = memfd(name, 0));
	close(fd);
	name[249] = 'n';
	name[250] = 0;
	TRY("250-byte name", memfd(name, 0));
	TRY("bad flags", memfd("x", 0x100));
	TRY("bad pointer", memfd((char *)1, 0));

	TRY("plain", fd = memfd("plain", MFD_CLOEXEC));
	show_link(fd);
	printf("cloexec: %s\n", yes(fcntl(fd, F_GETFD) & FD_CLOEXEC));
	printf("accmode O_RDWR: %s\n", yes((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR));
	TRY("get seals", fcntl(fd, F_GET_SEALS));
	TRY("add seals", fcntl(fd, F_ADD_SEALS, F_SEAL_GROW));
	TRY("write", write(fd, "hello", 5));
	TRY("pread", pread(fd, buf, sizeof(buf), 1));
	printf("read: %.4s\n", buf);
	TRY("ftruncate", ftruncate(fd, 8192));
	m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	printf("mmap: %s\n", yes(m != MAP_FAILED));
	strcpy(m + 4096, "shared");
	TRY("pread mapped", pread(fd, buf, 6, 4096));
	printf("read: %.6s\n", buf);
	munmap(m, 8192);
	close(fd);

	pipe(p);
	TRY("pipe get seals", fcntl(p[0], F_GET_SEALS));
	TRY("pipe add seals", fcntl(p[1], F_ADD_SEALS, F_SEAL_GROW));

	TRY("sealable", fd = memfd("sealable", MFD_ALLOW_SEALING));
	show_link(fd);
	TRY("get seals", fcntl(fd, F_GET_SEALS));
	TRY("bad seal", fcntl(fd, F_ADD_SEALS, 0x100));
	TRY("write", write(fd, "0123456789", 10));
	TRY("seal shrink", fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK));
	TRY("shrink", ftruncate(fd, 5));
	TRY("grow", ftruncate(fd, 20));
	TRY("seal grow", fcntl(fd, F_ADD_SEALS, F_SEAL_GROW));
	TRY("grow", ftruncate(fd, 30));
	TRY("same size", ftruncate(fd, 20));
	TRY("write inside", pwrite(fd, "ab", 2, 0));
	TRY("write past end", pwrite(fd, "ab", 2, 19));
	TRY("fallocate past end", fallocate(fd, 0, 0, 4096));
	TRY("fallocate inside", fallocate(fd, 0, 0, 20));
	show_size("sealed", fd);

	m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	printf("mmap read-only shared: %s\n", yes(m != MAP_FAILED));
	TRY("seal write while mapped", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
	munmap(m, 4096);
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	printf("mmap private: %s\n", yes(m != MAP_FAILED));
	TRY("seal write with private map", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
	munmap(m, 4096);
	TRY("get seals", fcntl(fd, F_GET_SEALS));
	TRY("write", pwrite(fd, "ab", 2, 0));
	TRY("punch hole", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, 4));
	errno = 0;
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	printf("mmap writable shared: %s %s\n", yes(m != MAP_FAILED), ename(errno));
	m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	printf("mmap read-only shared: %s\n", yes(m != MAP_FAILED));
	TRY("mprotect write", mprotect(m, 4096, PROT_READ | PROT_WRITE));
	TRY("seal seal", fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL));
	TRY("seal after seal", fcntl(fd, F_ADD_SEALS, F_SEAL_FUTURE_WRITE));
	TRY("get seals", fcntl(fd, F_GET_SEALS));

	close(fd);

	TRY("future", fd = memfd("future", MFD_ALLOW_SEALING));
	TRY("write", write(fd, "abc", 3));
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	TRY("seal future write while mapped", fcntl(fd, F_ADD_SEALS, F_SEAL_FUTURE_WRITE));
	m[0] = 'X';
	TRY("write", write(fd, "abc", 3));
	TRY("pread", pread(fd, buf, 3, 0));
	printf("read: %.3s\n", buf);
	snprintf(name, sizeof(name), "/proc/self/fd/%d", fd);
	fd2 = open(name, O_RDONLY);
	printf("reopen: %s\n", yes(fd2 >= 0));
	TRY("read-only add seals", fcntl(fd2, F_ADD_SEALS, F_SEAL_SHRINK));
	TRY("read-only get seals", fcntl(fd2, F_GET_SEALS));
	return 0;
}
