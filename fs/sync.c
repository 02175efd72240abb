/* sync, syncfs, fsync and fdatasync: the ramfs has no disk behind it, and a
 * loop device writes through to its file at once. */
#include <stddef.h>
#include "fs/fs.h"
#include "kernel/errno.h"

/* The data is always in memory: nothing to write back. */
long sys_sync(void)
{
	return 0;
}

/* Any descriptor names a file system (a pipe's too, pipefs in Linux): nothing to write. */
long sys_syncfs(int fd)
{
	return fget(fd) ? 0 : -EBADF;
}

long sys_fsync(int fd)
{
	struct file *f = fget(fd);

	if (f == NULL)
		return -EBADF;
	return S_ISREG(f->inode->mode) || S_ISDIR(f->inode->mode) ||
	       S_ISBLK(f->inode->mode) ? 0 : -EINVAL;
}

long sys_fdatasync(int fd)
{
	return sys_fsync(fd);
}
