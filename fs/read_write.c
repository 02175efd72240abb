/*
 * Moving bytes between a file and user memory: read, write, their
 * positioned (pread64, pwrite64) and vectored (readv, writev) forms, and
 * lseek.  Each goes through the file's file_operations; the offset is the
 * struct file's, shared by every descriptor dup and fork made from it.
 */
#include "fs/fs.h"
#include "kernel/errno.h"
#include "kernel/task.h"
#include "mm/uaccess.h"

static struct file *fget_mode(int fd, int fmode, long *err)
{
	struct file *f = fget(fd);

	*err = -EBADF;
	if (f == NULL || !(f->fmode & fmode))
		return NULL;
	*err = -EINVAL;
	if (f->f_op == NULL ||
	    (fmode == FMODE_READ ? !f->f_op->read : !f->f_op->write))
		return NULL;
	return f;
}

long sys_read(int fd, char *buf, uint32_t count)
{
	long err;
	struct file *f = fget_mode(fd, FMODE_READ, &err);

	if (f == NULL)
		return err;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	return f->f_op->read(f, buf, count, &f->pos);
}

long sys_write(int fd, const char *buf, uint32_t count)
{
	long err;
	struct file *f = fget_mode(fd, FMODE_WRITE, &err);

	if (f == NULL)
		return err;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	return f->f_op->write(f, buf, count, &f->pos);
}

static long pread_pwrite(int fd, char *buf, uint32_t count, uint32_t lo,
			 uint32_t hi, int fmode)
{
	long err;
	struct file *f = fget_mode(fd, fmode, &err);
	int64_t pos = (int64_t)((uint64_t)hi << 32 | lo);
	uint64_t upos = pos;

	if (f == NULL)
		return err;
	if (pos < 0)
		return -EINVAL;
	if (f->f_op->no_seek)
		return -ESPIPE;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	if (fmode == FMODE_READ)
		return f->f_op->read(f, buf, count, &upos);
	return f->f_op->write(f, buf, count, &upos);
}

long sys_pread64(int fd, char *buf, uint32_t count, uint32_t lo, uint32_t hi)
{
	return pread_pwrite(fd, buf, count, lo, hi, FMODE_READ);
}

long sys_pwrite64(int fd, const char *buf, uint32_t count, uint32_t lo,
		  uint32_t hi)
{
	return pread_pwrite(fd, (char *)buf, count, lo, hi, FMODE_WRITE);
}

/* i386's struct iovec; readv and writev take at most UIO_MAXIOV of them. */
#define UIO_MAXIOV	1024

struct iovec32 {
	uint32_t base, len;
};

/* readv and writev: one transfer per iovec, until one comes up short. */
static long rw_vec(int fd, const struct iovec32 *uiov, int cnt, int fmode)
{
	struct iovec32 v;
	long err, done = 0;
	struct file *f = fget_mode(fd, fmode, &err);

	if (f == NULL)
		return err;
	if (cnt < 0 || cnt > UIO_MAXIOV)
		return -EINVAL;
	for (int i = 0; i < cnt; i++) {
		if (copy_from_user(&v, uiov + i, sizeof(v)))
			return -EFAULT;
		if ((int32_t)v.len < 0)
			return -EINVAL;
	}
	for (int i = 0; i < cnt; i++) {
		long r;

		cond_resched();
		if (copy_from_user(&v, uiov + i, sizeof(v)))
			return done ? done : -EFAULT;
		if (v.len == 0)
			continue;
		if (v.len > MAX_RW_COUNT - done)
			v.len = MAX_RW_COUNT - done;
		if (fmode == FMODE_READ)
			r = f->f_op->read(f, (char *)v.base, v.len, &f->pos);
		else
			r = f->f_op->write(f, (char *)v.base, v.len, &f->pos);
		if (r < 0)
			return done ? done : r;
		done += r;
		if ((uint32_t)r < v.len || done >= (long)MAX_RW_COUNT)
			break;
	}
	return done;
}

long sys_readv(int fd, const struct iovec32 *iov, int cnt)
{
	return rw_vec(fd, iov, cnt, FMODE_READ);
}

long sys_writev(int fd, const struct iovec32 *iov, int cnt)
{
	return rw_vec(fd, iov, cnt, FMODE_WRITE);
}

static int64_t do_lseek(struct file *f, int64_t off, int whence)
{
	int64_t pos;

	if (f->f_op && f->f_op->no_seek)
		return -ESPIPE;
	if (f->f_op && f->f_op->llseek)
		return f->f_op->llseek(f, off, whence);
	switch (whence) {
	case SEEK_SET:
		pos = off;
		break;
	case SEEK_CUR:
		pos = (int64_t)f->pos + off;
		break;
	case SEEK_END:
		pos = (int64_t)f->inode->size + off;
		break;
	default:
		return -EINVAL;
	}
	if (pos < 0)
		return -EINVAL;
	f->pos = pos;
	return pos;
}

long sys_lseek(int fd, int32_t off, int whence)
{
	struct file *f = fget(fd);
	int64_t pos;

	if (f == NULL)
		return -EBADF;
	pos = do_lseek(f, off, whence);
	if (pos > 0x7fffffff)
		return -EOVERFLOW;
	return pos;
}

long sys_llseek(int fd, uint32_t hi, uint32_t lo, int64_t *result,
		int whence)
{
	struct file *f = fget(fd);
	int64_t pos;

	if (f == NULL)
		return -EBADF;
	pos = do_lseek(f, (int64_t)((uint64_t)hi << 32 | lo), whence);
	if (pos < 0)
		return pos;
	return copy_to_user(result, &pos, sizeof(pos)) ? -EFAULT : 0;
}
