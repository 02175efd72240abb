/*
 * posix_fadvise: what a program expects of its reading of a file.  Linux's
 * generic_fadvise starts read-ahead or drops clean pages; a tmpfs file, like
 * every file here, has no backing device (Linux's noop_backing_dev_info), and
 * for such a file Linux checks the arguments and takes no action: so does shmos.
 */
#include <stdint.h>
#include "fs/fs.h"
#include "kernel/errno.h"
#include "kernel/syscalls.h"

#define POSIX_FADV_NORMAL	0
#define POSIX_FADV_NOREUSE	5	/* the highest: 0 to 5 are all advice */

/* Linux's ksys_fadvise64_64, in its check order. */
static long fadvise(int fd, int64_t offset, int64_t len, int advice)
{
	struct file *f = fget(fd);

	(void)offset;		/* any offset is a range: the advice is taken for all */
	if (f == NULL)
		return -EBADF;
	if (S_ISFIFO(f->inode->mode))
		return -ESPIPE;
	if (len < 0)
		return -EINVAL;
	if (advice < POSIX_FADV_NORMAL || advice > POSIX_FADV_NOREUSE)
		return -EINVAL;
	return 0;
}

/* i386's fadvise64_64: the 64-bit offset and length each in two registers. */
long sys_fadvise64_64(int fd, uint32_t off_lo, uint32_t off_hi, uint32_t len_lo,
		      uint32_t len_hi, int advice)
{
	return fadvise(fd, (int64_t)((uint64_t)off_hi << 32 | off_lo),
		       (int64_t)((uint64_t)len_hi << 32 | len_lo), advice);
}

/* The older fadvise64: a 32-bit length (size_t, never negative). */
long sys_fadvise64(int fd, uint32_t off_lo, uint32_t off_hi, uint32_t len,
		   int advice)
{
	return fadvise(fd, (int64_t)((uint64_t)off_hi << 32 | off_lo), len, advice);
}
