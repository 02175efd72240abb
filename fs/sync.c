/*
 * sync, syncfs, fsync and fdatasync.  A ramfs has no disk behind it, and a
 * loop device writes through to its file at once: nothing to do for them.
 * An ext2 keeps its disk's changes in memory (fs/ext2/ext2.h): these write
 * it all back (ext2_sync_fs), the whole file system for any of its files.
 */
#include <stddef.h>
#include "fs/fs.h"
#include "fs/ext2/ext2.h"
#include "kernel/errno.h"

long sys_sync(void)
{
	ext2_sync_all();
	return 0;
}

/* The ext2 that f is in, or NULL. */
static struct ext2_sb_info *ext2_of(struct file *f)
{
	return f->inode->sb ? f->inode->sb->s_ext2 : NULL;
}

/* Any descriptor names a file system (a pipe's too, pipefs in Linux). */
long sys_syncfs(int fd)
{
	struct file *f = fget(fd);

	if (f == NULL)
		return -EBADF;
	return ext2_of(f) ? ext2_sync_fs(ext2_of(f)) : 0;
}

long sys_fsync(int fd)
{
	struct file *f = fget(fd);

	if (f == NULL)
		return -EBADF;
	if (!S_ISREG(f->inode->mode) && !S_ISDIR(f->inode->mode) && !S_ISBLK(f->inode->mode))
		return -EINVAL;
	return ext2_of(f) ? ext2_sync_fs(ext2_of(f)) : 0;
}

long sys_fdatasync(int fd)
{
	return sys_fsync(fd);
}
