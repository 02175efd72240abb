// file_sendfile: sendfile(2) and copy_file_range(2), which busybox's cat and cp and
// coreutils' cp call first: a whole file copied, an offset pointer used and moved (the
// file's own position left), into a pipe and /dev/null, the end of the file, and each
// refusal with Linux's errno (a pipe to read from, O_APPEND, wrong modes, flags,
// a directory, overlapping ranges of one file).
#define _GNU_SOURCE
#include <sys/sendfile.h>
#include <sys/stat.h>

#include "check.h"

#define SIZE 100000

static char data[SIZE], back[SIZE];

/* Whether file path holds data[from, from + n) and nothing more. */
static const char *holds(const char *path, long from, long n)
{
	int fd = open(path, O_RDONLY);
	long got = fd < 0 ? -1 : read(fd, back, sizeof(back));

	if (fd >= 0)
		close(fd);
	return yes(got == n && memcmp(back, data + from, n) == 0);
}

static int fresh(const char *path, int flags)
{
	return open(path, O_CREAT | O_TRUNC | flags, 0600);
}

int main(void)
{
	int src, dst, p[2], ro, app, null, dir;
	off_t off;
	loff_t lin, lout;

	for (int i = 0; i < SIZE; i++)
		data[i] = 'a' + i % 23;
	src = fresh("src", O_RDWR);
	write(src, data, SIZE);
	lseek(src, 0, SEEK_SET);

	dst = fresh("dst", O_WRONLY);
	TRY("sendfile(whole file)", sendfile(dst, src, NULL, SIZE + 10));
	printf("dst holds it: %s, src position %ld\n", holds("dst", 0, SIZE),
	       (long)lseek(src, 0, SEEK_CUR));
	TRY("sendfile(at the end)", sendfile(dst, src, NULL, 10));
	close(dst);

	dst = fresh("dst", O_WRONLY);
	lseek(src, 7, SEEK_SET);
	off = 1000;
	TRY("sendfile(offset 1000, 5000)", sendfile(dst, src, &off, 5000));
	printf("offset now %ld, src position still %ld, dst holds it: %s\n", (long)off,
	       (long)lseek(src, 0, SEEK_CUR), holds("dst", 1000, 5000));
	off = SIZE + 5;
	TRY("sendfile(offset past the end)", sendfile(dst, src, &off, 10));
	off = -1;
	TRY("sendfile(offset -1)", sendfile(dst, src, &off, 10));
	TRY("sendfile(0 bytes)", sendfile(dst, src, NULL, 0));

	pipe(p);
	off = 0;
	TRY("sendfile(into a pipe)", sendfile(p[1], src, &off, 3000));
	printf("the pipe holds it: %s\n",
	       yes(read(p[0], back, sizeof(back)) == 3000 && memcmp(back, data, 3000) == 0));
	TRY("sendfile(from a pipe)", sendfile(dst, p[0], NULL, 10));
	null = open("/dev/null", O_WRONLY);
	off = 0;
	TRY("sendfile(into /dev/null)", sendfile(null, src, &off, SIZE));
	app = open("dst", O_WRONLY | O_APPEND);
	TRY("sendfile(into O_APPEND)", sendfile(app, src, NULL, 10));
	ro = open("dst", O_RDONLY);
	TRY("sendfile(into a read-only fd)", sendfile(ro, src, NULL, 10));
	TRY("sendfile(from a write-only fd)", sendfile(src, dst, NULL, 10));
	TRY("sendfile(from fd 99)", sendfile(dst, 99, NULL, 10));
	dir = open(".", O_RDONLY | O_DIRECTORY);
	TRY("sendfile(from a directory)", sendfile(dst, dir, NULL, 10));
	close(dst);

	dst = fresh("dst", O_RDWR);
	lseek(src, 0, SEEK_SET);
	TRY("copy_file_range(whole file)", copy_file_range(src, NULL, dst, NULL, SIZE, 0));
	printf("dst holds it: %s, positions %ld %ld\n", holds("dst", 0, SIZE),
	       (long)lseek(src, 0, SEEK_CUR), (long)lseek(dst, 0, SEEK_CUR));
	TRY("copy_file_range(at the end)", copy_file_range(src, NULL, dst, NULL, 10, 0));
	lin = 500, lout = 0;
	ftruncate(dst, 0);
	TRY("copy_file_range(offsets 500 -> 0)", copy_file_range(src, &lin, dst, &lout, 700, 0));
	printf("offsets now %lld %lld, dst holds it: %s\n", (long long)lin, (long long)lout,
	       holds("dst", 500, 700));
	TRY("copy_file_range(flags 1)", copy_file_range(src, NULL, dst, NULL, 10, 1));
	TRY("copy_file_range(0 bytes)", copy_file_range(src, NULL, dst, NULL, 0, 0));
	TRY("copy_file_range(from a pipe)", copy_file_range(p[0], NULL, dst, NULL, 10, 0));
	TRY("copy_file_range(from a directory)", copy_file_range(dir, NULL, dst, NULL, 10, 0));
	TRY("copy_file_range(into O_APPEND)", copy_file_range(src, NULL, app, NULL, 10, 0));
	TRY("copy_file_range(into a read-only fd)", copy_file_range(src, NULL, ro, NULL, 10, 0));
	TRY("copy_file_range(fd 99)", copy_file_range(99, NULL, dst, NULL, 10, 0));
	lin = 0, lout = 100;
	TRY("copy_file_range(one file, overlapping)",
	    copy_file_range(src, &lin, src, &lout, 200, 0));
	lin = 0, lout = SIZE;
	TRY("copy_file_range(one file, after its end)",
	    copy_file_range(src, &lin, src, &lout, 200, 0));
	unlink("src");
	unlink("dst");
	return 0;
}
