// file_advice: posix_fadvise(2) (Debian's cat and cp give it) and syncfs(2) (sync -f):
// their checks and errnos on a tmpfs file, a pipe, a directory and /dev/null, where
// Linux acts on neither (tmpfs has no backing device to read ahead from or write to).
#define _GNU_SOURCE
#include <sys/stat.h>
#include <sys/syscall.h>

#include "check.h"

/* posix_fadvise returns the error number itself (0: done), never -1. */
static void advise(const char *what, int fd, off_t off, off_t len, int advice)
{
	int e = posix_fadvise(fd, off, len, advice);

	printf("posix_fadvise(%s): %s\n", what, e ? ename(e) : "0");
}

int main(void)
{
	int fd = open("advised", O_RDWR | O_CREAT | O_TRUNC, 0600), p[2];
	int dir = open(".", O_RDONLY | O_DIRECTORY), null = open("/dev/null", O_RDONLY);

	if (fd < 0 || dir < 0 || null < 0 || pipe(p) != 0)
		return 1;
	write(fd, "data\n", 5);
	advise("file, SEQUENTIAL", fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	advise("file, WILLNEED past its end", fd, 1 << 20, 4096, POSIX_FADV_WILLNEED);
	advise("file, DONTNEED", fd, 0, 0, POSIX_FADV_DONTNEED);
	advise("file, NOREUSE", fd, 0, 0, POSIX_FADV_NOREUSE);
	advise("file, advice 6", fd, 0, 0, 6);
	advise("file, advice -1", fd, 0, 0, -1);
	advise("file, length -1", fd, 0, -1, POSIX_FADV_NORMAL);
	advise("file, offset -1", fd, -1, 0, POSIX_FADV_NORMAL);
	advise("pipe", p[0], 0, 0, POSIX_FADV_NORMAL);
	advise("pipe, advice 6", p[1], 0, 0, 6);
	advise("directory", dir, 0, 0, POSIX_FADV_RANDOM);
	advise("/dev/null", null, 0, 0, POSIX_FADV_SEQUENTIAL);
	advise("closed fd", 99, 0, 0, POSIX_FADV_NORMAL);
	advise("fd -1, advice 6", -1, 0, 0, 6);

	TRY("syncfs(file)", syncfs(fd));
	TRY("syncfs(pipe)", syncfs(p[1]));
	TRY("syncfs(directory)", syncfs(dir));
	TRY("syncfs(closed fd)", syncfs(99));
	TRY("fsync(pipe)", fsync(p[1]));
	unlink("advised");
	return 0;
}
