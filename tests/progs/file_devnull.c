// file_devnull: the /dev/null and /dev/zero character devices, and isatty() on things
// that are not terminals.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define BIG (1 << 20)

static void tty(const char *what, int fd)
{
	int r;

	errno = 0;
	r = isatty(fd);
	printf("isatty(%s): %d %s\n", what, r, ename(errno));
}

static int is_chr(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISCHR(st.st_mode);
}

static void devnull(char *buf)
{
	int fd = open("/dev/null", O_RDWR), wo, st;
	pid_t pid;

	printf("/dev/null is a character device: %s\n", yes(is_chr("/dev/null")));
	printf("open /dev/null O_RDWR: %s\n", yes(fd >= 0));
	TRY("read /dev/null", read(fd, buf, 100));
	TRY("write 5 bytes to /dev/null", write(fd, "hello", 5));
	TRY("write 1 MiB to /dev/null", write(fd, buf, BIG));
	TRY("read /dev/null again", read(fd, buf, 100));
	tty("/dev/null", fd);
	close(fd);
	wo = open("/dev/null", O_WRONLY);
	TRY("read /dev/null opened O_WRONLY", read(wo, buf, 1));
	close(wo);
	pid = fork();
	if (pid == 0) {
		// As a shell runs "cmd < /dev/null": standard input reads end of file.
		fd = open("/dev/null", O_RDONLY);
		dup2(fd, 0);
		close(fd);
		_exit(read(0, buf, 10) == 0 ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	printf("stdin redirected from /dev/null reads EOF: %s\n",
	       yes(WIFEXITED(st) && WEXITSTATUS(st) == 0));
}

static int all_zero(const char *buf, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (buf[i])
			return 0;
	return 1;
}

static void devzero(char *buf)
{
	int fd = open("/dev/zero", O_RDWR), n;

	printf("/dev/zero is a character device: %s\n", yes(is_chr("/dev/zero")));
	printf("open /dev/zero O_RDWR: %s\n", yes(fd >= 0));
	memset(buf, 0xFF, BIG);
	n = read(fd, buf, 4096);
	printf("read 4096 from /dev/zero: %d, all zero %s\n", n, yes(all_zero(buf, 4096)));
	memset(buf, 0xFF, BIG);
	n = read(fd, buf, BIG);
	printf("read 1 MiB from /dev/zero: %d, all zero %s\n", n, yes(all_zero(buf, BIG)));
	TRY("read 0 bytes from /dev/zero", read(fd, buf, 0));
	TRY("write 5 bytes to /dev/zero", write(fd, "hello", 5));
	tty("/dev/zero", fd);
	close(fd);
}

static void not_ttys(void)
{
	int p[2];

	pipe(p);
	tty("pipe", p[0]);
	close(p[0]);
	close(p[1]);
	tty("closed fd", p[0]);
	tty("fd 999", 999);
	TRY("open /dev/missing", open("/dev/missing", O_RDONLY));
}

int main(void)
{
	char *buf = malloc(BIG);

	setvbuf(stdout, NULL, _IONBF, 0);
	memset(buf, 'x', BIG);
	devnull(buf);
	devzero(buf);
	not_ttys();
	free(buf);
	return 0;
}
