// file_links: symbolic and hard links, truncate, fsync, the *at calls glibc routes
// through (faccessat2, fchmodat, renameat2), and poll/select on a pipe.
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

static char dir[] = "/tmp/file_links.XXXXXX";
static void *volatile nil;	// NULL the compiler cannot see, for EFAULT cases

// The path of name inside the test directory.
#define at(name) path_in(dir, name)

static void put(const char *name, const char *text)
{
	int fd = open(at(name), O_WRONLY | O_CREAT | O_TRUNC, 0644);

	write(fd, text, strlen(text));
	close(fd);
}

static const char *kind(mode_t m)
{
	return S_ISLNK(m) ? "symlink" : S_ISDIR(m) ? "dir" : S_ISREG(m) ? "file" : "other";
}

// lstat or stat of name: its kind, size and link count.
static void show(const char *what, const char *name, int follow)
{
	struct stat st;
	int r = follow ? stat(at(name), &st) : lstat(at(name), &st);

	if (r < 0)
		printf("%s: -1 %s\n", what, ename(errno));
	else
		printf("%s: %s size %lld nlink %ld\n", what, kind(st.st_mode),
		       (long long)st.st_size, (long)st.st_nlink);
}

static void symlinks(void)
{
	char buf[64];
	long n;
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);

	printf("-- symlinks\n");
	TRY("symlink to a missing file", symlink("target", at("l")));
	show("lstat l", "l", 0);
	show("stat l (dangling)", "l", 1);
	n = readlink(at("l"), buf, sizeof(buf));
	printf("readlink l: %ld \"%.*s\"\n", n, n > 0 ? (int)n : 0, buf);
	n = readlinkat(dfd, "l", buf, 3);
	printf("readlinkat l, 3 bytes: %ld \"%.*s\"\n", n, n > 0 ? (int)n : 0, buf);
	put("target", "through the link\n");
	show("stat l (now there)", "l", 1);
	int fd = open(at("l"), O_RDONLY);
	n = read(fd, buf, sizeof(buf));
	printf("read through l: %ld \"%.*s\"\n", n, n > 1 ? (int)n - 1 : 0, buf);
	close(fd);
	TRY("symlink over an existing name", symlink("x", at("target")));
	TRY("symlink with an empty target", symlink("", at("empty")));
	TRY("symlinkat relative to a dir fd", symlinkat("target", dfd, "l2"));
	show("lstat l2", "l2", 0);
	TRY("readlink of a regular file", readlink(at("target"), buf, sizeof(buf)));
	TRY("readlink with size 0", readlink(at("l"), buf, 0));
	TRY("readlink of a missing name", readlink(at("nothing"), buf, sizeof(buf)));
	TRY("readlink into NULL", readlink(at("l"), nil, sizeof(buf)));
	TRY("symlink loop", symlink("loop", at("loop")));
	TRY("open of a loop", open(at("loop"), O_RDONLY));
	TRY("open O_NOFOLLOW of a link", open(at("l"), O_RDONLY | O_NOFOLLOW));
	TRY("lchown of a link, no change", lchown(at("l"), -1, -1));
	TRY("unlink l2 (the link, not the file)", unlink(at("l2")));
	show("stat target after", "target", 1);
	close(dfd);
}

static void hardlinks(void)
{
	printf("-- hard links\n");
	put("f", "data\n");
	TRY("linkat f h", linkat(AT_FDCWD, at("f"), AT_FDCWD, at("h"), 0));
	show("stat f", "f", 1);
	TRY("linkat with a bad flag", linkat(AT_FDCWD, at("f"), AT_FDCWD, at("h2"), 0x7000));
	TRY("link onto an existing name", link(at("f"), at("h")));
	mkdir(at("d"), 0755);
	TRY("link of a directory", link(at("d"), at("d2")));
	TRY("linkat of a symlink, not followed", linkat(AT_FDCWD, at("l"), AT_FDCWD, at("ln"), 0));
	show("lstat ln", "ln", 0);
	TRY("linkat of a symlink, followed",
	    linkat(AT_FDCWD, at("l"), AT_FDCWD, at("lf"), AT_SYMLINK_FOLLOW));
	show("lstat lf", "lf", 0);
	TRY("unlink f", unlink(at("f")));
	show("stat h", "h", 1);
}

static void sizes_and_sync(void)
{
	int fd, p[2];

	printf("-- truncate and fsync\n");
	TRY("truncate h to 10", truncate(at("h"), 10));
	show("stat h", "h", 1);
	TRY("truncate to -1", truncate(at("h"), -1));
	TRY("truncate a directory", truncate(at("d"), 0));
	TRY("truncate a missing file", truncate(at("nothing"), 0));
	TRY("truncate through a symlink", truncate(at("l"), 2));
	show("stat target", "target", 1);
	fd = open(at("h"), O_RDWR);
	TRY("fsync", fsync(fd));
	TRY("fdatasync", fdatasync(fd));
	close(fd);
	TRY("fsync of a closed fd", fsync(fd));
	pipe(p);
	TRY("fsync of a pipe", fsync(p[0]));
	close(p[0]);
	close(p[1]);
}

static void at_calls(void)
{
	printf("-- faccessat, fchmodat, renameat2\n");
	TRY("faccessat R_OK|W_OK", faccessat(AT_FDCWD, at("h"), R_OK | W_OK, 0));
	TRY("faccessat AT_EACCESS", faccessat(AT_FDCWD, at("h"), R_OK, AT_EACCESS));
	TRY("faccessat a bad flag", faccessat(AT_FDCWD, at("h"), R_OK, 0x7000));
	TRY("faccessat a missing file", faccessat(AT_FDCWD, at("nothing"), F_OK, 0));
	TRY("fchmodat 0600", fchmodat(AT_FDCWD, at("h"), 0600, 0));
	struct stat st;
	stat(at("h"), &st);
	printf("mode of h: %o\n", (unsigned)(st.st_mode & 07777));
	TRY("fchmodat a missing file", fchmodat(AT_FDCWD, at("nothing"), 0600, 0));
	put("a", "a");
	put("b", "b");
	TRY("renameat2 NOREPLACE onto a name",
	    renameat2(AT_FDCWD, at("a"), AT_FDCWD, at("b"), RENAME_NOREPLACE));
	TRY("renameat2 NOREPLACE to a new name",
	    renameat2(AT_FDCWD, at("a"), AT_FDCWD, at("c"), RENAME_NOREPLACE));
	TRY("renameat2 NOREPLACE of a missing name",
	    renameat2(AT_FDCWD, at("a"), AT_FDCWD, at("b"), RENAME_NOREPLACE));
	TRY("renameat2 an unknown flag", renameat2(AT_FDCWD, at("c"), AT_FDCWD, at("e"), 0x100));
	TRY("renameat2 no flags, replacing", renameat2(AT_FDCWD, at("c"), AT_FDCWD, at("b"), 0));
	show("stat b", "b", 1);
}

static void show_poll(const char *what, struct pollfd *pf, int n, int timeout)
{
	errno = 0;
	int r = poll(pf, n, timeout);

	printf("%s: %d", what, r);
	if (r < 0)
		printf(" %s", ename(errno));
	for (int i = 0; pf && i < n; i++)
		printf(" [%d]=%#x", i, pf[i].revents);
	printf("\n");
}

static void polling(void)
{
	int p[2];
	struct pollfd pf[3];
	fd_set rd, wr;
	struct timeval tv = { 0, 0 };

	printf("-- poll and select on a pipe\n");
	pipe(p);
	pf[0] = (struct pollfd){ p[0], POLLIN, 0 };
	pf[1] = (struct pollfd){ p[1], POLLOUT, 0 };
	pf[2] = (struct pollfd){ 999, POLLIN, 0 };
	show_poll("empty pipe", pf, 2, 0);
	show_poll("empty pipe, 20 ms", pf, 1, 20);
	show_poll("a closed fd", pf + 2, 1, 0);
	show_poll("NULL array", nil, 1, 0);
	write(p[1], "x", 1);
	show_poll("after a write", pf, 2, -1);
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(p[0], &rd);
	FD_SET(p[1], &wr);
	errno = 0;
	int r = select(p[1] + 1, &rd, &wr, NULL, &tv);
	printf("select: %d read %s write %s\n", r, yes(FD_ISSET(p[0], &rd)), yes(FD_ISSET(p[1], &wr)));
	FD_ZERO(&rd);
	FD_SET(p[1] + 1, &rd);
	TRY("select on a closed fd", select(p[1] + 2, &rd, NULL, NULL, &tv));
	TRY("select with n < 0", select(-1, NULL, NULL, NULL, &tv));
	struct timespec ts = { 0, 1000000 };
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	TRY("pselect, data waiting", pselect(p[0] + 1, &rd, NULL, NULL, &ts, NULL));
	close(p[1]);
	char c;
	read(p[0], &c, 1);
	pf[0].events = POLLIN;
	show_poll("writer gone", pf, 1, 0);
	struct timespec zero = { 0, 0 };
	errno = 0;
	r = ppoll(pf, 1, &zero, NULL);
	printf("ppoll writer gone: %d [0]=%#x\n", r, pf[0].revents);
	close(p[0]);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	symlinks();
	hardlinks();
	sizes_and_sync();
	at_calls();
	polling();
	const char *names[] = { "l", "target", "loop", "h", "ln", "lf", "b", "d" };
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (unlink(at(names[i])) < 0 && rmdir(at(names[i])) < 0)
			printf("cannot remove %s: %s\n", names[i], ename(errno));
	TRY("rmdir the test directory", rmdir(dir));
	return 0;
}
