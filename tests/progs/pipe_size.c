// pipe_size: fcntl F_GETPIPE_SZ and F_SETPIPE_SZ (Python's test_fcntl, subprocess's
// pipesize): the size rounded up to a power of two of pages, a page at least; what a
// pipe of that size holds, written in big and small pieces, and FIONREAD; a shrink
// refused (EBUSY) while more buffers hold data, the data kept across a resize; a writer
// waiting on a full pipe let on when it grows; EPERM past /proc/sys/fs/pipe-max-size for
// a user who is not root (root's own limit is the machine's: pipe_max_size tests it on
// shmos); EINVAL past 2 GiB; EBADF on a file that is no pipe; and a FIFO's.  A large
// pipe's pages and ring come back when it closes (freeram_back).
// host: uids (a user other than root is refused past pipe-max-size)
#define _GNU_SOURCE
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "check.h"
#include "freeram.h"

static char buf[1 << 20], back[1 << 20];

static long unread(int fd)
{
	int n = -1;

	ioctl(fd, FIONREAD, &n);
	return n;
}

/* What a non-blocking pipe of the given size takes before EAGAIN, in writes of n. */
static long capacity(long size, long n)
{
	int p[2];
	long total = 0, r;

	pipe2(p, O_NONBLOCK);
	fcntl(p[1], F_SETPIPE_SZ, size);
	while ((r = write(p[1], buf, n)) > 0)
		total += r;
	printf("size %ld, writes of %ld: %ld bytes (FIONREAD %ld), then %s\n", size, n, total,
	       unread(p[0]), ename(errno));
	close(p[0]);
	close(p[1]);
	return total;
}

/* A child writes 100000 bytes into a 64 KiB pipe; it finishes once the pipe grows. */
static void grow_under_a_writer(void)
{
	int p[2], status;
	long long end;
	pid_t kid;

	pipe(p);
	if ((kid = fork()) == 0) {
		close(p[0]);
		_exit(write(p[1], buf, 100000) == 100000 ? 0 : 1);
	}
	close(p[1]);
	for (end = now_ms() + 5000; unread(p[0]) < 65536 && now_ms() < end;)
		usleep(10000);
	printf("a writer of 100000 bytes waits, the pipe full: %ld\n", unread(p[0]));
	TRY("F_SETPIPE_SZ(131072) under it", fcntl(p[0], F_SETPIPE_SZ, 131072));
	waitpid(kid, &status, 0);
	printf("the writer finished: %s, the pipe holds %ld\n",
	       yes(WIFEXITED(status) && WEXITSTATUS(status) == 0), unread(p[0]));
	close(p[0]);
}

/* As nobody: growing past pipe-max-size is refused, up to it and shrinking are not. */
static void as_nobody(void)
{
	int p[2], status;
	pid_t kid;

	if ((kid = fork()) == 0) {
		setgid(65534);
		setuid(65534);
		pipe(p);
		TRY("nobody: F_SETPIPE_SZ(1048577)", fcntl(p[1], F_SETPIPE_SZ, 1048577));
		TRY("nobody: F_SETPIPE_SZ(2097152)", fcntl(p[1], F_SETPIPE_SZ, 2097152));
		TRY("nobody: F_SETPIPE_SZ(1048576)", fcntl(p[1], F_SETPIPE_SZ, 1048576));
		TRY("nobody: F_SETPIPE_SZ(4096)", fcntl(p[1], F_SETPIPE_SZ, 4096));
		_exit(0);
	}
	waitpid(kid, &status, 0);
}

/* A pipe grown to 1 MiB, filled, shrunk (refused), half read, then closed. */
static void churn(void)
{
	int p[2];

	pipe2(p, O_NONBLOCK);
	fcntl(p[1], F_SETPIPE_SZ, 4096);
	fcntl(p[1], F_SETPIPE_SZ, 1 << 20);
	while (write(p[1], buf, sizeof(buf)) > 0)
		;
	fcntl(p[1], F_SETPIPE_SZ, 4096);
	read(p[0], back, sizeof(back) / 2);
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	unsigned long long before;
	static const long sizes[] = { 0, 1, 4096, 4097, 5000, 65535, 65536, 100000, 1048576,
				      0x80000001L, -1 };
	int p[2], f, fifo;
	char what[64];

	setvbuf(stdout, NULL, _IONBF, 0);
	for (int i = 0; i < (int)sizeof(buf); i++)
		buf[i] = 'a' + i % 26;
	pipe(p);
	TRY("F_GETPIPE_SZ (read end)", fcntl(p[0], F_GETPIPE_SZ));
	TRY("F_GETPIPE_SZ (write end)", fcntl(p[1], F_GETPIPE_SZ));
	for (int i = 0; i < (int)(sizeof(sizes) / sizeof(sizes[0])); i++) {
		snprintf(what, sizeof(what), "F_SETPIPE_SZ(%ld)", sizes[i]);
		TRY(what, fcntl(p[1], F_SETPIPE_SZ, sizes[i]));
		TRY("  F_GETPIPE_SZ", fcntl(p[0], F_GETPIPE_SZ));
	}

	capacity(4096, 5000);
	capacity(4096, 10);
	capacity(8192, 3000);
	capacity(65536, 65536);
	capacity(1048576, 100000);

	// a shrink needs as few buffers holding data: 3 here, whatever their bytes
	fcntl(p[1], F_SETPIPE_SZ, 65536);
	write(p[1], buf, 4096 * 2 + 1);
	TRY("F_SETPIPE_SZ(8192) with 3 buffers used", fcntl(p[1], F_SETPIPE_SZ, 8192));
	TRY("F_SETPIPE_SZ(16384)", fcntl(p[1], F_SETPIPE_SZ, 16384));
	TRY("read 5000", read(p[0], back, 5000));
	printf("the bytes: %s\n", yes(memcmp(back, buf, 5000) == 0));
	TRY("F_SETPIPE_SZ(4096) with 2 buffers used", fcntl(p[1], F_SETPIPE_SZ, 4096));
	TRY("read the rest", read(p[0], back, sizeof(back)));
	printf("the bytes: %s\n", yes(memcmp(back, buf + 5000, 4096 * 2 + 1 - 5000) == 0));
	TRY("write 100 into 4096 bytes", write(p[1], buf, 100));
	TRY("write 100 more (merged)", write(p[1], buf, 100));
	TRY("F_SETPIPE_SZ(4096) with 200 bytes in 1 buffer", fcntl(p[1], F_SETPIPE_SZ, 4096));
	TRY("FIONREAD", unread(p[0]));
	close(p[0]);
	close(p[1]);

	churn();
	before = freeram();
	churn();
	freeram_back(before);
	grow_under_a_writer();
	as_nobody();

	f = open("pipe_size.tmp", O_CREAT | O_RDWR | O_TRUNC, 0600);
	TRY("F_GETPIPE_SZ on a file", fcntl(f, F_GETPIPE_SZ));
	TRY("F_SETPIPE_SZ on a file", fcntl(f, F_SETPIPE_SZ, 4096));
	TRY("F_GETPIPE_SZ on fd 99", fcntl(99, F_GETPIPE_SZ));
	close(f);
	unlink("pipe_size.tmp");
	mkfifo("pipe_size.fifo", 0600);
	fifo = open("pipe_size.fifo", O_RDWR);
	TRY("F_GETPIPE_SZ on a FIFO", fcntl(fifo, F_GETPIPE_SZ));
	TRY("F_SETPIPE_SZ(8192) on a FIFO", fcntl(fifo, F_SETPIPE_SZ, 8192));
	close(fifo);
	fifo = open("pipe_size.fifo", O_RDWR);
	TRY("F_GETPIPE_SZ on the FIFO reopened", fcntl(fifo, F_GETPIPE_SZ));
	close(fifo);
	unlink("pipe_size.fifo");
	return 0;
}
