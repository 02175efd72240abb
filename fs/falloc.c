/*
 * fallocate(2): a file's range gets its blocks now, so that later writes
 * there cannot find the file system full, or loses them (a punched hole).
 * sys_fallocate and vfs_fallocate check the call as Linux's fs/open.c
 * does, in its order; the file's own ->fallocate does the work (a tmpfs
 * file's: fs/ramfs.c, as Linux's shmem_fallocate).  glibc's
 * posix_fallocate calls it with mode 0, and writes a zero into each block
 * itself only when it gives EOPNOTSUPP.
 */
#include <stdint.h>
#include "fs/fs.h"
#include "fs/falloc.h"
#include "kernel/errno.h"

/* The modes that name what to do; KEEP_SIZE is a flag beside them. */
#define FALLOC_FL_MODE_MASK	(FALLOC_FL_PUNCH_HOLE | FALLOC_FL_COLLAPSE_RANGE | \
				 FALLOC_FL_ZERO_RANGE | FALLOC_FL_INSERT_RANGE | \
				 FALLOC_FL_UNSHARE_RANGE | FALLOC_FL_WRITE_ZEROES)

/* Whether mode is one fallocate knows: one mode, with KEEP_SIZE where it fits. */
static int falloc_mode_valid(int mode)
{
	if (mode & ~(FALLOC_FL_MODE_MASK | FALLOC_FL_KEEP_SIZE))
		return 0;
	switch (mode & FALLOC_FL_MODE_MASK) {
	case 0:				/* allocate */
	case FALLOC_FL_UNSHARE_RANGE:
	case FALLOC_FL_ZERO_RANGE:
		return 1;
	case FALLOC_FL_PUNCH_HOLE:	/* the size could not change anyway */
		return mode & FALLOC_FL_KEEP_SIZE;
	case FALLOC_FL_COLLAPSE_RANGE:	/* these change the size */
	case FALLOC_FL_INSERT_RANGE:
	case FALLOC_FL_WRITE_ZEROES:
		return !(mode & FALLOC_FL_KEEP_SIZE);
	}
	return 0;			/* two modes at once */
}

static long vfs_fallocate(struct file *f, int mode, int64_t off, int64_t len)
{
	uint32_t type = f->inode->mode & S_IFMT;

	if (off < 0 || len <= 0)
		return -EINVAL;
	if (!falloc_mode_valid(mode))
		return -EOPNOTSUPP;
	if (!(f->fmode & FMODE_WRITE))
		return -EBADF;
	if (type == S_IFIFO)
		return -ESPIPE;
	if (type == S_IFDIR)
		return -EISDIR;
	if (type != S_IFREG && type != S_IFBLK)
		return -ENODEV;
	if (len > INT64_MAX - off ||		/* wraps */
	    (type == S_IFREG && len > (int64_t)RAMFS_MAX_SIZE - off))
		return -EFBIG;			/* past the largest file */
	if (!f->f_op || !f->f_op->fallocate)
		return -EOPNOTSUPP;
	return f->f_op->fallocate(f, mode, off, len);
}

/* i386 passes each 64-bit argument as two registers, low half first. */
long sys_fallocate(int fd, int mode, uint32_t off_lo, uint32_t off_hi,
		   uint32_t len_lo, uint32_t len_hi)
{
	struct file *f = fget(fd);

	if (f == NULL)
		return -EBADF;
	return vfs_fallocate(f, mode, (int64_t)((uint64_t)off_hi << 32 | off_lo),
			     (int64_t)((uint64_t)len_hi << 32 | len_lo));
}
