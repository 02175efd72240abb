/*
 * ioctl: the requests every descriptor answers, as Linux's do_vfs_ioctl
 * answers them before the file's own: close-on-exec and non-blocking, a
 * regular file's size questions (FIONREAD, FIOQSIZE, FIGETBSZ), and
 * FICLONE (cp --reflink), which no file system here can do; then the
 * file's own ->ioctl (the tty's termios, a pipe's FIONREAD).
 */
#include "fs/fs.h"
#include "fs/ioctl.h"
#include "fs/mount.h"
#include "kernel/errno.h"
#include "mm/uaccess.h"

/* FICLONERANGE's argument (<uapi/linux/fs.h>). */
struct file_clone_range {
	int64_t src_fd;
	uint64_t src_offset;
	uint64_t src_length;
	uint64_t dest_offset;
};

/*
 * FICLONE and FICLONERANGE: dst shares srcfd's blocks.  Linux's
 * vfs_clone_file_range checks, in its order: the same file system (EXDEV),
 * no directory (EISDIR), regular files (EINVAL), the source readable and
 * the destination writable, not O_APPEND (EBADF); then the file system
 * must know how (remap_file_range): neither ramfs nor ext2 does.
 */
static long ioctl_file_clone(struct file *dst, int srcfd)
{
	struct file *src = fget(srcfd);
	struct inode *in, *out = dst->inode;

	if (src == NULL)
		return -EBADF;
	in = src->inode;
	if (in->dev != out->dev)
		return -EXDEV;
	if (S_ISDIR(in->mode) || S_ISDIR(out->mode))
		return -EISDIR;
	if (!S_ISREG(in->mode) || !S_ISREG(out->mode))
		return -EINVAL;
	if (!(src->fmode & FMODE_READ) || !(dst->fmode & FMODE_WRITE) ||
	    (dst->flags & O_APPEND))
		return -EBADF;
	return -EOPNOTSUPP;
}

static long ioctl_file_clone_range(struct file *dst, void *uarg)
{
	struct file_clone_range r;

	if (copy_from_user(&r, uarg, sizeof(r)))
		return -EFAULT;
	return ioctl_file_clone(dst, (int)r.src_fd);
}

/* FIOQSIZE: the bytes a file, directory or symlink takes (st_blocks' worth). */
static long ioctl_fioqsize(struct inode *ip, void *uarg)
{
	int64_t bytes = (int64_t)ramfs_blocks(ip) * 512;

	if (!S_ISDIR(ip->mode) && !S_ISREG(ip->mode) && !S_ISLNK(ip->mode))
		return -ENOTTY;
	return copy_to_user(uarg, &bytes, sizeof(bytes)) ? -EFAULT : 0;
}

/* FIGETBSZ: the file system's block size, as statfs gives it. */
static long ioctl_figetbsz(struct inode *ip, void *uarg)
{
	struct kstatfs st;
	int bsize;

	vfs_statfs(ip, &st);
	bsize = st.f_bsize;
	return copy_to_user(uarg, &bsize, sizeof(bsize)) ? -EFAULT : 0;
}

/*
 * FIOASYNC (Linux's ioctl_fioasync): O_ASYNC on or off through the file's
 * fasync, which sets the flag; a file without one is ENOTTY.
 */
static long ioctl_fioasync(int fd, struct file *f, const int *uarg)
{
	int on;
	long err = 0;

	if (copy_from_user(&on, uarg, sizeof(on)))
		return -EFAULT;
	if (((on ? FASYNC : 0) ^ f->flags) & FASYNC)
		err = f->f_op->fasync ? f->f_op->fasync(fd, f, on != 0) : -ENOTTY;
	return err < 0 ? err : 0;
}

long sys_ioctl(int fd, uint32_t cmd, uint32_t arg)
{
	struct file *f = fget(fd);
	int on;

	if (f == NULL)
		return -EBADF;
	switch (cmd) {
	case FIOCLEX:
	case FIONCLEX:
		fd_set_cloexec(fd, cmd == FIOCLEX);
		return 0;
	case FIONBIO:
		if (copy_from_user(&on, (void *)arg, sizeof(on)))
			return -EFAULT;
		if (on)
			f->flags |= O_NONBLOCK;
		else
			f->flags &= ~O_NONBLOCK;
		return 0;
	case FIOASYNC:
		return ioctl_fioasync(fd, f, (const int *)arg);
	case FIOQSIZE:
		return ioctl_fioqsize(f->inode, (void *)arg);
	case FIGETBSZ:
		return ioctl_figetbsz(f->inode, (void *)arg);
	case FICLONE:
		return ioctl_file_clone(f, (int)arg);
	case FICLONERANGE:
		return ioctl_file_clone_range(f, (void *)arg);
	case FIONREAD:
		if (!S_ISREG(f->inode->mode))
			break;
		/* the bytes after the offset (Linux's int: negative past the end) */
		on = (int)(f->inode->size - f->pos);
		return copy_to_user((void *)arg, &on, sizeof(on)) ? -EFAULT : 0;
	}
	if (f->f_op && f->f_op->ioctl)
		return f->f_op->ioctl(f, cmd, arg);
	return -ENOTTY;
}
