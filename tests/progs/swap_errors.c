// swap_errors: swapon(2) and swapoff(2) refuse what is not a swap area, with Linux's errno
// in Linux's order: the flags first (EINVAL even for a user), then privilege (EPERM), then
// the name (EFAULT, ENOENT, ENAMETOOLONG, ENOTDIR), then the open (EISDIR), then what it
// is (EINVAL: a character device, a regular file that holds no swap header, or for
// swapoff no active area). Nothing here names a disk, and the regular file is zeros: on
// the host, where this runs as the real root, no call can succeed. The calls that need a
// swap area (success, EBUSY, /proc/swaps) are tests/progs/swap_area.c, on shmos only.
// host: root (as root in a user namespace every call is EPERM)
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/swap.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define BAD_FLAGS	0x80000		/* above SWAP_FLAG_DISCARD_PAGES */

static void calls(void)
{
	static char longname[5000];

	memset(longname, 'a', sizeof(longname) - 1);
	longname[0] = '/';
	TRY("swapon bad flags", swapon("/", BAD_FLAGS));
	TRY("swapon bad flags, bad name", swapon((char *)1, BAD_FLAGS));
	TRY("swapon EFAULT", swapon((char *)1, 0));
	TRY("swapon empty", swapon("", 0));
	TRY("swapon missing", swapon("/no-such-swap-area", 0));
	TRY("swapon too long", swapon(longname, 0));
	TRY("swapon not a dir", swapon("/dev/null/x", 0));
	TRY("swapon dir", swapon("/", 0));
	TRY("swapon prio dir", swapon("/", SWAP_FLAG_PREFER | 7));
	TRY("swapon chr", swapon("/dev/null", 0));
	TRY("swapon zero file", swapon("/tmp/swap_errors.zero", 0));
	TRY("swapoff EFAULT", swapoff((char *)1));
	TRY("swapoff empty", swapoff(""));
	TRY("swapoff missing", swapoff("/no-such-swap-area"));
	TRY("swapoff dir", swapoff("/"));
	TRY("swapoff chr", swapoff("/dev/null"));
	TRY("swapoff zero file", swapoff("/tmp/swap_errors.zero"));
}

int main(void)
{
	int fd = open("/tmp/swap_errors.zero", O_CREAT | O_TRUNC | O_WRONLY, 0600);
	static char zeros[16384];
	int status;

	if (fd < 0 || write(fd, zeros, sizeof(zeros)) != sizeof(zeros) || close(fd)) {
		perror("swap_errors: /tmp/swap_errors.zero");
		return 1;
	}
	printf("as root:\n");
	calls();
	fflush(stdout);
	if (fork() == 0) {
		if (setuid(65534)) {
			perror("swap_errors: setuid");
			_exit(1);
		}
		printf("as nobody:\n");
		calls();
		fflush(stdout);
		_exit(0);
	}
	wait(&status);
	printf("nobody exited %d\n", WEXITSTATUS(status));
	unlink("/tmp/swap_errors.zero");
	return 0;
}
