// splice: splice(2), tee(2) and vmsplice(2) (Python's os.splice, test_os), and sendfile into
// a pipe: a file's bytes into a pipe (at the file's position or an offset given, as many as
// the pipe has room for, each page of the file a buffer of its own), a pipe's into a file,
// /dev/null and another pipe (a buffer split in two), tee's copy that leaves the bytes in
// the first pipe, vmsplice both ways; end of file, SPLICE_F_NONBLOCK and O_NONBLOCK (EAGAIN),
// no reader (EPIPE), and every refusal in Linux's order: EBADF, EINVAL (flags, no pipe, one
// pipe twice, O_APPEND, a negative offset, a directory), ESPIPE, EFAULT.  Pages shared
// between pipes come back when the last of them goes (freeram_back).
#define _GNU_SOURCE
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/sendfile.h>
#include <sys/uio.h>

#include "check.h"
#include "freeram.h"

#define SIZE 100000

static char data[SIZE], back[SIZE];

static long unread(int fd)
{
	int n = -1;

	ioctl(fd, FIONREAD, &n);
	return n;
}

/* Whether the next n bytes of fd are data[from, from + n). */
static const char *next_bytes(int fd, long from, long n)
{
	long got = 0, r;

	while (got < n && (r = read(fd, back + got, n - got)) > 0)
		got += r;
	return yes(got == n && memcmp(back, data + from, n) == 0);
}

static void file_to_pipe(int src)
{
	int p[2];
	loff_t off;

	pipe(p);
	TRY("splice(file -> pipe, 5000)", splice(src, NULL, p[1], NULL, 5000, 0));
	printf("  file position %ld, the pipe holds %ld\n", (long)lseek(src, 0, SEEK_CUR),
	       unread(p[0]));
	printf("  its bytes: %s\n", next_bytes(p[0], 0, 5000));
	off = 100;
	TRY("splice(file at offset 100 -> pipe, 300)", splice(src, &off, p[1], NULL, 300, 0));
	printf("  offset now %lld, file position still %ld, bytes: %s\n", (long long)off,
	       (long)lseek(src, 0, SEEK_CUR), next_bytes(p[0], 100, 300));
	// from position 5000, 904 bytes into a page: 16 buffers hold 65536 - 904
	TRY("splice(file -> pipe, 200000: what it has room for)",
	    splice(src, NULL, p[1], NULL, 200000, 0));
	printf("  file position %ld, the pipe holds %ld\n", (long)lseek(src, 0, SEEK_CUR),
	       unread(p[0]));
	printf("  its bytes: %s\n", next_bytes(p[0], 5000, 65536 - 904));
	off = SIZE;
	TRY("splice(file at its end -> pipe)", splice(src, &off, p[1], NULL, 10, 0));
	off = -1;
	TRY("splice(offset -1)", splice(src, &off, p[1], NULL, 10, 0));

	// each page of the file is a buffer: 96 + 4096 bytes fill a pipe of 2 pages
	fcntl(p[1], F_SETPIPE_SZ, 8192);
	off = 4000;
	TRY("splice(offset 4000 -> 8192-byte pipe, 8192)", splice(src, &off, p[1], NULL, 8192, 0));
	printf("  bytes: %s\n", next_bytes(p[0], 4000, 4192));
	fcntl(p[1], F_SETPIPE_SZ, 4096);
	off = 0;
	TRY("splice(10 bytes -> 4096-byte pipe)", splice(src, &off, p[1], NULL, 10, 0));
	fcntl(p[1], F_SETFL, O_NONBLOCK);
	TRY("  a write of 10 more (no merge into a spliced buffer)", write(p[1], data, 10));
	TRY("splice(file -> full pipe, O_NONBLOCK)", splice(src, NULL, p[1], NULL, 10, 0));
	fcntl(p[1], F_SETFL, 0);
	TRY("splice(file -> full pipe, SPLICE_F_NONBLOCK)",
	    splice(src, NULL, p[1], NULL, 10, SPLICE_F_NONBLOCK));
	close(p[0]);
	TRY("splice(file -> pipe without a reader)", splice(src, NULL, p[1], NULL, 10, 0));
	close(p[1]);
}

static void pipe_to_file(int dst)
{
	int p[2], null = open("/dev/null", O_WRONLY), zero = open("/dev/zero", O_RDONLY);
	loff_t off;
	long n;

	pipe(p);
	write(p[1], data, 3000);
	off = 50;
	TRY("splice(pipe -> file at offset 50, 10000)", splice(p[0], NULL, dst, &off, 10000, 0));
	n = pread(dst, back, sizeof(back), 50);
	printf("  offset now %lld, file position %ld, the file from 50: %ld bytes, same: %s\n",
	       (long long)off, (long)lseek(dst, 0, SEEK_CUR), n,
	       yes(n == 3000 && memcmp(back, data, 3000) == 0));
	write(p[1], data, 7000);
	TRY("splice(pipe -> file, 1000)", splice(p[0], NULL, dst, NULL, 1000, 0));
	printf("  file position %ld, the pipe holds %ld\n", (long)lseek(dst, 0, SEEK_CUR),
	       unread(p[0]));
	TRY("splice(pipe -> /dev/null, 100000)", splice(p[0], NULL, null, NULL, 100000, 0));
	TRY("splice(empty pipe -> file, SPLICE_F_NONBLOCK)",
	    splice(p[0], NULL, dst, NULL, 10, SPLICE_F_NONBLOCK));
	TRY("splice(/dev/zero -> pipe, 5000)", splice(zero, NULL, p[1], NULL, 5000, 0));
	TRY("  FIONREAD", unread(p[0]));
	TRY("splice(pipe -> /dev/null)", splice(p[0], NULL, null, NULL, 100000, 0));
	close(p[1]);
	TRY("splice(empty pipe without writers -> file)", splice(p[0], NULL, dst, NULL, 10, 0));
	close(p[0]);
	close(null);
	close(zero);
}

static void pipe_to_pipe(void)
{
	int p[2], q[2];

	pipe(p);
	pipe(q);
	write(p[1], data, 5000);
	TRY("splice(pipe -> pipe, 3000: a buffer split)", splice(p[0], NULL, q[1], NULL, 3000, 0));
	printf("  they hold %ld and %ld\n", unread(p[0]), unread(q[0]));
	TRY("splice(pipe -> pipe, 10000)", splice(p[0], NULL, q[1], NULL, 10000, 0));
	printf("  they hold %ld and %ld\n", unread(p[0]), unread(q[0]));
	printf("  bytes: %s\n", next_bytes(q[0], 0, 5000));
	TRY("splice(empty pipe -> pipe, SPLICE_F_NONBLOCK)",
	    splice(p[0], NULL, q[1], NULL, 10, SPLICE_F_NONBLOCK));

	write(p[1], data, 11);
	TRY("tee(100)", tee(p[0], q[1], 100, 0));
	printf("  they hold %ld and %ld\n", unread(p[0]), unread(q[0]));
	TRY("tee(5)", tee(p[0], q[1], 5, 0));
	printf("  the copies: %s", next_bytes(q[0], 0, 11));
	printf(" %s,", next_bytes(q[0], 0, 5));
	printf(" the first pipe still: %s\n", next_bytes(p[0], 0, 11));
	TRY("tee(empty pipe, SPLICE_F_NONBLOCK)", tee(p[0], q[1], 10, SPLICE_F_NONBLOCK));
	fcntl(q[1], F_SETFL, O_NONBLOCK);
	TRY("tee(empty pipe, the other O_NONBLOCK)", tee(p[0], q[1], 10, 0));

	// a write into the first pipe after a tee lands after the copy's bytes
	write(p[1], data, 10);
	tee(p[0], q[1], 10, 0);
	write(p[1], data + 10, 10);
	printf("tee, then a write: the copy %s,", next_bytes(q[0], 0, 10));
	printf(" the first pipe %s\n", next_bytes(p[0], 0, 20));
	close(p[1]);
	TRY("splice(empty pipe without writers -> pipe)", splice(p[0], NULL, q[1], NULL, 10, 0));
	TRY("tee(empty pipe without writers)", tee(p[0], q[1], 10, 0));
	close(q[0]);
	pipe(p);
	write(p[1], data, 10);
	TRY("splice(pipe -> pipe without a reader)", splice(p[0], NULL, q[1], NULL, 10, 0));
	TRY("tee(-> pipe without a reader)", tee(p[0], q[1], 10, 0));
	close(p[0]);
	close(p[1]);
	close(q[1]);
}

static void vm_splice(int src)
{
	struct iovec iov[2] = { { data, 3000 }, { data + 3000, 5000 } }, big[1025];
	int p[2];

	pipe(p);
	TRY("vmsplice(2 iovecs -> pipe)", vmsplice(p[1], iov, 2, 0));
	iov[0] = (struct iovec){ back, 2000 };
	iov[1] = (struct iovec){ back + 2000, 100000 };
	TRY("vmsplice(pipe -> 2 iovecs)", vmsplice(p[0], iov, 2, 0));
	printf("  bytes: %s\n", yes(memcmp(back, data, 8000) == 0));
	TRY("vmsplice(empty pipe, SPLICE_F_NONBLOCK)", vmsplice(p[0], iov, 2, SPLICE_F_NONBLOCK));
	fcntl(p[1], F_SETPIPE_SZ, 4096);
	iov[0] = (struct iovec){ data, 5000 };
	TRY("vmsplice(5000 -> 4096-byte pipe)", vmsplice(p[1], iov, 1, 0));
	TRY("vmsplice(full pipe, SPLICE_F_NONBLOCK)", vmsplice(p[1], iov, 1, SPLICE_F_NONBLOCK));
	TRY("vmsplice(flags 0x10)", vmsplice(p[1], iov, 1, 0x10));
	TRY("vmsplice(fd 99)", vmsplice(99, iov, 1, 0));
	TRY("vmsplice(a file)", vmsplice(src, iov, 1, 0));
	TRY("vmsplice(a file, no iovec)", vmsplice(src, iov, 0, 0));
	TRY("vmsplice(1025 iovecs)", vmsplice(p[1], big, 1025, 0));
	TRY("vmsplice(a bad vector)", vmsplice(p[1], (struct iovec *)8, 1, 0));
	close(p[0]);
	close(p[1]);
}

static void refusals(int src, int dst)
{
	int p[2], q[2], app = open("splice.dst", O_WRONLY | O_APPEND), dir = open(".", O_RDONLY);
	int wo = open("splice.src", O_WRONLY);
	loff_t off = 0;

	pipe(p);
	pipe(q);
	write(p[1], data, 100);
	TRY("splice(0 bytes, fd 99)", splice(99, NULL, 99, NULL, 0, 0));
	TRY("splice(flags 0x10)", splice(p[0], NULL, q[1], NULL, 10, 0x10));
	TRY("splice(fd 99 -> pipe)", splice(99, NULL, p[1], NULL, 10, 0));
	TRY("splice(pipe -> fd 99)", splice(p[0], NULL, 99, NULL, 10, 0));
	TRY("splice(file -> file)", splice(src, NULL, dst, NULL, 10, 0));
	TRY("splice(pipe with an offset -> file)", splice(p[0], &off, dst, NULL, 10, 0));
	TRY("splice(file -> pipe with an offset)", splice(src, NULL, p[1], &off, 10, 0));
	TRY("splice(a pipe into itself)", splice(p[0], NULL, p[1], NULL, 10, 0));
	TRY("splice(pipe -> O_APPEND file)", splice(p[0], NULL, app, NULL, 10, 0));
	TRY("splice(write-only file -> pipe)", splice(wo, NULL, p[1], NULL, 10, 0));
	TRY("splice(pipe -> its read end)", splice(p[0], NULL, q[0], NULL, 10, 0));
	TRY("splice(directory -> pipe)", splice(dir, NULL, q[1], NULL, 10, 0));
	TRY("splice(file at a bad offset pointer -> pipe)",
	    splice(src, (loff_t *)8, p[1], NULL, 10, 0));
	TRY("splice(pipe with a bad offset pointer)", splice(p[0], (loff_t *)8, dst, NULL, 10, 0));
	TRY("tee(flags 0x10)", tee(p[0], q[1], 10, 0x10));
	TRY("tee(0 bytes, fd 99)", tee(99, 99, 0, 0));
	TRY("tee(fd 99)", tee(99, q[1], 10, 0));
	TRY("tee(a file)", tee(src, q[1], 10, 0));
	TRY("tee(a pipe into itself)", tee(p[0], p[1], 10, 0));
	TRY("tee(from a write end)", tee(p[1], q[1], 10, 0));
	printf("the pipe still holds %ld\n", unread(p[0]));
	close(p[0]);
	close(p[1]);
	close(q[0]);
	close(q[1]);
	close(app);
	close(dir);
	close(wo);
}

static void send_file(int src)
{
	int p[2];
	off_t off = 0;

	pipe(p);
	TRY("sendfile(100000 -> empty pipe: what it has room for)", sendfile(p[1], src, &off, SIZE));
	printf("  offset now %ld, the pipe holds %ld\n", (long)off, unread(p[0]));
	fcntl(p[1], F_SETFL, O_NONBLOCK);
	TRY("sendfile(-> full O_NONBLOCK pipe)", sendfile(p[1], src, &off, 10));
	read(p[0], back, 4096);		/* a buffer free */
	fcntl(p[1], F_SETFL, O_APPEND | O_NONBLOCK);
	TRY("sendfile(-> O_APPEND pipe)", sendfile(p[1], src, &off, 10));
	close(p[0]);
	close(p[1]);
}

/* Pages through every way, then every pipe closed: nothing may stay. */
static void churn(int src, int dst)
{
	int p[2], q[2];
	loff_t off = 0;

	pipe(p);
	pipe(q);
	fcntl(p[1], F_SETPIPE_SZ, 1 << 20);
	fcntl(q[1], F_SETPIPE_SZ, 1 << 20);
	splice(src, &off, p[1], NULL, SIZE, 0);
	tee(p[0], q[1], SIZE, 0);
	splice(p[0], NULL, q[1], NULL, 5000, 0);
	vmsplice(p[1], &(struct iovec){ data, SIZE }, 1, 0);
	splice(q[0], NULL, dst, &off, 3000, 0);
	close(p[0]);
	close(p[1]);
	close(q[0]);
	close(q[1]);
}

int main(void)
{
	unsigned long long before;
	int src, dst;

	setvbuf(stdout, NULL, _IONBF, 0);
	signal(SIGPIPE, SIG_IGN);
	for (int i = 0; i < SIZE; i++)
		data[i] = 'a' + i % 23;
	src = open("splice.src", O_CREAT | O_TRUNC | O_RDWR, 0600);
	write(src, data, SIZE);
	lseek(src, 0, SEEK_SET);
	dst = open("splice.dst", O_CREAT | O_TRUNC | O_RDWR, 0600);

	file_to_pipe(src);
	pipe_to_file(dst);
	pipe_to_pipe();
	vm_splice(src);
	refusals(src, dst);
	send_file(src);
	churn(src, dst);
	before = freeram();
	churn(src, dst);
	freeram_back(before);
	close(src);
	close(dst);
	unlink("splice.src");
	unlink("splice.dst");
	return 0;
}
