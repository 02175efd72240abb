/*
 * sync, syncfs, fsync, fdatasync and sync_file_range.  A ramfs has no disk
 * behind it, and a loop device writes through to its file at once: nothing
 * to do for them.  An ext2 keeps its disk's changes in memory (fs/ext2/
 * ext2.h): these write it all back (ext2_sync_fs), the whole file system for
 * any of its files.
 */
#include <stddef.h>
#include <stdint.h>
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

#define SYNC_FILE_RANGE_WAIT_BEFORE	1
#define SYNC_FILE_RANGE_WRITE		2
#define SYNC_FILE_RANGE_WAIT_AFTER	4

/*
 * sync_file_range: start writing back (and wait for) a range of a file's
 * pages, without its metadata; dpkg calls it on each file it unpacks.  With
 * Linux's checks in its order (ksys_sync_file_range), those of a 64-bit one:
 * a 32-bit Linux lets any call on a range past what its page index reaches
 * "succeed", even on a pipe.  shmos writes a whole ext2 back or nothing:
 * SYNC_FILE_RANGE_WRITE asks for the writing, the rest only waits.
 */
static long sync_file_range(int fd, int64_t offset, int64_t nbytes, unsigned int flags)
{
	struct file *f = fget(fd);
	int64_t endbyte = (int64_t)((uint64_t)offset + (uint64_t)nbytes);
	uint32_t mode;

	if (f == NULL)
		return -EBADF;
	if (flags & ~(SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE |
		      SYNC_FILE_RANGE_WAIT_AFTER))
		return -EINVAL;
	if (offset < 0 || endbyte < 0 || endbyte < offset)
		return -EINVAL;
	mode = f->inode->mode;
	if (!S_ISREG(mode) && !S_ISBLK(mode) && !S_ISDIR(mode) && !S_ISLNK(mode))
		return -ESPIPE;
	return (flags & SYNC_FILE_RANGE_WRITE) && ext2_of(f) ? ext2_sync_fs(ext2_of(f)) : 0;
}

/* i386's: the 64-bit offset and length each in two registers, low half first. */
long sys_sync_file_range(int fd, uint32_t off_lo, uint32_t off_hi, uint32_t n_lo,
			 uint32_t n_hi, unsigned int flags)
{
	return sync_file_range(fd, (int64_t)((uint64_t)off_hi << 32 | off_lo),
			       (int64_t)((uint64_t)n_hi << 32 | n_lo), flags);
}
