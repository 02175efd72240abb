// eventfd: eventfd2's counter as Linux keeps it: a write adds, a read takes it all (one
// with EFD_SEMAPHORE) and is EAGAIN at 0 without blocking, a write that would reach
// 2^64 - 1 is EAGAIN, 2^64 - 1 itself EINVAL, short buffers EINVAL; poll's readiness;
// a reader blocked in another process wakes at a write; flags checked; the fd's name.
#include <poll.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "check.h"

#define EFD_SEMAPHORE	1
#define EFD_NONBLOCK	04000
#define EFD_CLOEXEC	02000000

static uint64_t val;

static int events(int fd)
{
	struct pollfd p = { fd, POLLIN | POLLOUT, 0 };

	poll(&p, 1, 0);
	return p.revents;
}

int main(void)
{
	int fd = syscall(SYS_eventfd2, 3, EFD_NONBLOCK | EFD_CLOEXEC), sem, blk;
	uint64_t big = UINT64_MAX - 1, one = 1, max = UINT64_MAX;
	char link[64] = "", name[64] = "";
	uint64_t two[2];
	void *bad = (void *)(uintptr_t)8;

	setvbuf(stdout, NULL, _IONBF, 0);
	printf("eventfd2: %s\n", yes(fd >= 0));
	TRY("close-on-exec", fcntl(fd, F_GETFD));
	TRY("status flags nonblocking", (fcntl(fd, F_GETFL) & (O_NONBLOCK | O_ACCMODE)) == (O_NONBLOCK | O_RDWR));
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	TRY("readlink", readlink(link, name, sizeof(name) - 1));
	printf("  %s\n", name);
	printf("poll at 3: %#x\n", events(fd));
	TRY("read", read(fd, &val, 8));
	printf("  value %llu\n", (unsigned long long)val);
	TRY("read at 0", read(fd, &val, 8));
	printf("poll at 0: %#x\n", events(fd));
	TRY("read 7 bytes", read(fd, &val, 7));
	TRY("write 7 bytes", write(fd, &one, 7));
	TRY("write 2^64 - 1", write(fd, &max, 8));
	TRY("write 2^64 - 2", write(fd, &big, 8));
	printf("poll full: %#x\n", events(fd));
	TRY("write 1 more", write(fd, &one, 8));
	val = 0;
	TRY("write 0", write(fd, &val, 8));
	TRY("read 16 bytes", read(fd, two, 16));
	printf("  value %llu\n", (unsigned long long)two[0]);
	TRY("write bad pointer", syscall(SYS_write, fd, bad, 8));
	TRY("write 1", write(fd, &one, 8));
	TRY("read bad pointer", syscall(SYS_read, fd, bad, 8));
	TRY("read after the fault", read(fd, &val, 8));
	printf("  value %llu\n", (unsigned long long)val);
	TRY("lseek", lseek(fd, 0, SEEK_SET));
	close(fd);

	sem = syscall(SYS_eventfd2, 2, EFD_SEMAPHORE | EFD_NONBLOCK);
	for (int i = 0; i < 3; i++) {
		val = 99;
		TRY("semaphore read", read(sem, &val, 8));
		printf("  value %llu\n", (unsigned long long)val);
	}
	close(sem);

	blk = syscall(SYS_eventfd, 0);
	TRY("eventfd blocking flags", fcntl(blk, F_GETFL) & O_NONBLOCK);
	if (fork() == 0) {
		usleep(100000);
		uint64_t five = 5;
		_exit(write(blk, &five, 8) == 8 ? 0 : 1);
	}
	TRY("blocked read", read(blk, &val, 8));
	printf("  value %llu\n", (unsigned long long)val);
	wait(NULL);
	close(blk);

	TRY("eventfd2 bad flag", syscall(SYS_eventfd2, 0, 2));
	TRY("eventfd2 O_RDWR flag", syscall(SYS_eventfd2, 0, O_RDWR));
	return 0;
}
