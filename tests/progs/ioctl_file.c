// ioctl_file: the requests Linux's do_vfs_ioctl answers for every file before the file's
// own ioctl, on tmpfs files (what /tmp is on both): FIONREAD of a regular file (the bytes
// after the offset), FIOQSIZE (the bytes it uses; ENOTTY for a FIFO), FIGETBSZ (the block
// size), FICLONE and FICLONERANGE (cp --reflink): checked as vfs_clone_file_range does
// (a bad source EBADF, a directory EISDIR, a FIFO EINVAL, a destination not open for
// writing EBADF), then EOPNOTSUPP: tmpfs shares no extents. An unknown request is ENOTTY.
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/fs.h>

#include "check.h"

int main(void)
{
	struct file_clone_range range = { 0 };
	int64_t size = -1;
	int n = -1, bsz = -1;
	int fd, dst, ro, dir, fifo;

	fd = open("/tmp/ioctl_file", O_RDWR | O_CREAT | O_TRUNC, 0644);
	for (int i = 0; i < 1000; i++)
		write(fd, "0123456789", 10);
	lseek(fd, 2500, SEEK_SET);
	dst = open("/tmp/ioctl_file2", O_RDWR | O_CREAT | O_TRUNC, 0644);
	ro = open("/tmp/ioctl_file2", O_RDONLY);
	dir = open("/tmp", O_RDONLY | O_DIRECTORY);
	mkfifo("/tmp/ioctl_fifo", 0600);
	fifo = open("/tmp/ioctl_fifo", O_RDWR);

	TRY("FIONREAD, file at 2500 of 10000", ioctl(fd, FIONREAD, &n));
	printf("  %d\n", n);
	TRY("FIOQSIZE, file", ioctl(fd, FIOQSIZE, &size));
	printf("  %lld\n", (long long)size);
	TRY("FIOQSIZE, fifo", ioctl(fifo, FIOQSIZE, &size));
	TRY("FIGETBSZ", ioctl(fd, FIGETBSZ, &bsz));
	printf("  %d\n", bsz);
	TRY("FICLONE", ioctl(dst, FICLONE, fd));
	TRY("FICLONE, bad source", ioctl(dst, FICLONE, 99));
	TRY("FICLONE, source a directory", ioctl(dst, FICLONE, dir));
	TRY("FICLONE, source a fifo", ioctl(dst, FICLONE, fifo));
	TRY("FICLONE, destination read-only", ioctl(ro, FICLONE, fd));
	range.src_fd = fd;
	range.src_length = 4096;
	TRY("FICLONERANGE", ioctl(dst, FICLONERANGE, &range));
	TRY("unknown request", ioctl(fd, _IO('x', 99), 0));
	unlink("/tmp/ioctl_file");
	unlink("/tmp/ioctl_file2");
	unlink("/tmp/ioctl_fifo");
	return 0;
}
