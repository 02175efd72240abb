/*
 * Moving bytes between a file and user memory: read, write, their
 * positioned (pread64, pwrite64), vectored (readv, writev) and positioned
 * vectored (preadv, pwritev, preadv2, pwritev2) forms, and
 * lseek; and from a file to another, sendfile and copy_file_range.  Each goes through the file's file_operations; the offset is the
 * struct file's, shared by every descriptor dup and fork made from it.
 */
#include "fs/fs.h"
#include "fs/inotify.h"
#include "kernel/errno.h"
#include "fs/fcntl.h"
#include "fs/pipe_fs_i.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "mm/page.h"
#include "mm/uaccess.h"

/* f (fd's, maybe NULL) if it may be read (fmode FMODE_READ) or written, else NULL and why. */
static struct file *file_mode(struct file *f, int fmode, long *err)
{
	*err = -EBADF;
	if (f == NULL || !(f->fmode & fmode))
		return NULL;
	*err = -EINVAL;
	if (f->f_op == NULL ||
	    (fmode == FMODE_READ ? !f->f_op->read : !f->f_op->write))
		return NULL;
	return f;
}

static struct file *fget_mode(int fd, int fmode, long *err)
{
	return file_mode(fget(fd), fmode, err);
}

/*
 * A positioned transfer's file, with Linux's checks in its order (ksys_pread64,
 * do_preadv): the position, the descriptor, a file without positions (a pipe:
 * ESPIPE), then the mode.
 */
static struct file *fget_pos(int fd, int64_t pos, int fmode, long *err)
{
	struct file *f;

	*err = -EINVAL;
	if (pos < 0)
		return NULL;
	*err = -EBADF;
	if ((f = fget(fd)) == NULL)
		return NULL;
	*err = -ESPIPE;
	if (f->f_op && f->f_op->no_seek)
		return NULL;
	return file_mode(f, fmode, err);
}

/* The same, for a position in two registers, low word first; *pos gets it. */
static struct file *fget_hilo(int fd, uint32_t lo, uint32_t hi, int fmode, uint64_t *pos,
			      long *err)
{
	*pos = (uint64_t)hi << 32 | lo;
	return fget_pos(fd, (int64_t)*pos, fmode, err);
}

/*
 * A call that got past its checks counts in /proc/PID/io (Linux's
 * add_rchar and inc_syscr, add_wchar and inc_syscw), failed or not; the
 * bytes it moved too.  Returns ret.
 */
static long io_account(long ret, int fmode)
{
	struct task_io_accounting *ioac = &current->ioac;

	if (fmode == FMODE_READ) {
		ioac->syscr++;
		ioac->rchar += ret > 0 ? ret : 0;
	} else {
		ioac->syscw++;
		ioac->wchar += ret > 0 ? ret : 0;
	}
	return ret;
}

/*
 * After a transfer of err bytes (or an error) through fd's file f: the
 * task's I/O counts, and, if bytes moved, inotify's IN_ACCESS or IN_MODIFY,
 * provided fd still holds f (a transfer that slept may have seen another
 * thread close it).
 */
static long rw_done(int fd, struct file *f, long err, int fmode)
{
	if (err > 0 && fget_same(fd, f)) {
		if (fmode == FMODE_READ)
			fsnotify_access(f);
		else
			fsnotify_modify(f);
	}
	return io_account(err, fmode);
}

long sys_read(int fd, char *buf, uint32_t count)
{
	long err;
	struct file *f = fget_mode(fd, FMODE_READ, &err);

	if (f == NULL)
		return err;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	err = f->f_op->read(f, buf, count, &f->pos);
	return rw_done(fd, f, err, FMODE_READ);
}

long sys_write(int fd, const char *buf, uint32_t count)
{
	long err;
	struct file *f = fget_mode(fd, FMODE_WRITE, &err);

	if (f == NULL)
		return err;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	err = f->f_op->write(f, buf, count, &f->pos);
	return rw_done(fd, f, err, FMODE_WRITE);
}

static long pread_pwrite(int fd, char *buf, uint32_t count, uint32_t lo,
			 uint32_t hi, int fmode)
{
	long err;
	uint64_t upos;
	struct file *f = fget_hilo(fd, lo, hi, fmode, &upos, &err);

	if (f == NULL)
		return err;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	if (fmode == FMODE_READ)
		err = f->f_op->read(f, buf, count, &upos);
	else
		err = f->f_op->write(f, buf, count, &upos);
	return rw_done(fd, f, err, fmode);
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

/*
 * Linux's import_iovec: the bytes the vector holds (at most MAX_RW_COUNT
 * counted), or why it is refused.
 */
long check_iovec(const struct iovec32 *uiov, int cnt)
{
	struct iovec32 v;
	uint32_t total = 0;

	if (cnt < 0 || cnt > UIO_MAXIOV)
		return -EINVAL;
	for (int i = 0; i < cnt; i++) {
		if (copy_from_user(&v, uiov + i, sizeof(v)))
			return -EFAULT;
		if ((int32_t)v.len < 0)
			return -EINVAL;
		total += v.len < MAX_RW_COUNT - total ? v.len : MAX_RW_COUNT - total;
	}
	return total;
}

/* readv and writev: one transfer per iovec at *pos, until one comes up short. */
static long do_rw_vec(struct file *f, const struct iovec32 *uiov, int cnt, int fmode,
		      uint64_t *pos)
{
	struct iovec32 v;
	long done = check_iovec(uiov, cnt);

	if (done < 0)
		return done;
	done = 0;
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
			r = f->f_op->read(f, (char *)v.base, v.len, pos);
		else
			r = f->f_op->write(f, (char *)v.base, v.len, pos);
		if (r < 0)
			return done ? done : r;
		done += r;
		if ((uint32_t)r < v.len || done >= (long)MAX_RW_COUNT)
			break;
	}
	return done;
}

/* Counted as one call (Linux's do_readv), past the descriptor's checks; what
 * moved is one IN_ACCESS or IN_MODIFY. */
static long rw_vec(int fd, const struct iovec32 *uiov, int cnt, int fmode)
{
	long err;
	struct file *f = fget_mode(fd, fmode, &err);

	if (f == NULL)
		return err;
	err = do_rw_vec(f, uiov, cnt, fmode, &f->pos);
	return rw_done(fd, f, err, fmode);
}

/* preadv and pwritev: readv and writev at a position, which the file's own offset ignores. */
static long prw_vec(int fd, const struct iovec32 *uiov, int cnt, uint32_t lo, uint32_t hi,
		    int fmode)
{
	long err;
	uint64_t upos;
	struct file *f = fget_hilo(fd, lo, hi, fmode, &upos, &err);

	if (f == NULL)
		return err;
	err = do_rw_vec(f, uiov, cnt, fmode, &upos);
	return rw_done(fd, f, err, fmode);
}

/*
 * The flags preadv2 and pwritev2 know (Linux's RWF_SUPPORTED): HIPRI, DSYNC
 * and SYNC change nothing on files that live in memory; NOWAIT is refused,
 * as Linux refuses it for a file that cannot promise it (tmpfs); APPEND
 * writes at the end, as O_APPEND.
 */
#define RWF_HIPRI	0x01
#define RWF_DSYNC	0x02
#define RWF_SYNC	0x04
#define RWF_NOWAIT	0x08
#define RWF_APPEND	0x10
#define RWF_SUPPORTED	(RWF_HIPRI | RWF_DSYNC | RWF_SYNC | RWF_NOWAIT | RWF_APPEND)

/*
 * preadv2 and pwritev2: a position of -1 is the file's offset, as readv and
 * writev.  The flags are looked at last, after the vector, as Linux's
 * kiocb_set_rw_flags.
 */
static long prw_vec2(int fd, const struct iovec32 *uiov, int cnt, uint32_t lo, uint32_t hi,
		     uint32_t flags, int fmode)
{
	long err;
	int64_t pos = (int64_t)((uint64_t)hi << 32 | lo);
	struct file *f = pos == -1 ? fget_mode(fd, fmode, &err) : fget_pos(fd, pos, fmode, &err);
	uint64_t upos;

	if (f == NULL)
		return err;
	if ((err = check_iovec(uiov, cnt)) < 0)
		return err;
	if ((flags & ~RWF_SUPPORTED) || (flags & RWF_NOWAIT))
		return -EOPNOTSUPP;
	upos = pos == -1 ? f->pos : (uint64_t)pos;
	if ((flags & RWF_APPEND) && fmode == FMODE_WRITE)
		upos = inode_size(f->inode);
	err = do_rw_vec(f, uiov, cnt, fmode, &upos);
	if (pos == -1)
		f->pos = upos;
	return rw_done(fd, f, err, fmode);
}

long sys_preadv(int fd, const struct iovec32 *iov, int cnt, uint32_t lo, uint32_t hi)
{
	return prw_vec(fd, iov, cnt, lo, hi, FMODE_READ);
}

long sys_pwritev(int fd, const struct iovec32 *iov, int cnt, uint32_t lo, uint32_t hi)
{
	return prw_vec(fd, iov, cnt, lo, hi, FMODE_WRITE);
}

long sys_preadv2(int fd, const struct iovec32 *iov, int cnt, uint32_t lo, uint32_t hi,
		 uint32_t flags)
{
	return prw_vec2(fd, iov, cnt, lo, hi, flags, FMODE_READ);
}

long sys_pwritev2(int fd, const struct iovec32 *iov, int cnt, uint32_t lo, uint32_t hi,
		  uint32_t flags)
{
	return prw_vec2(fd, iov, cnt, lo, hi, flags, FMODE_WRITE);
}

long sys_readv(int fd, const struct iovec32 *iov, int cnt)
{
	return rw_vec(fd, iov, cnt, FMODE_READ);
}

long sys_writev(int fd, const struct iovec32 *iov, int cnt)
{
	return rw_vec(fd, iov, cnt, FMODE_WRITE);
}

/*
 * Linux's generic_file_llseek_size: SEEK_SET, SEEK_CUR or SEEK_END (from
 * size) to a position from 0 to maxsize, or EINVAL.  A file with no holes
 * is data up to size and one virtual hole from there: SEEK_DATA stays
 * where it is, SEEK_HOLE goes to size, both ENXIO from size on (a negative
 * offset too: Linux compares it unsigned).
 */
int64_t generic_file_llseek_size(struct file *f, int64_t off, int whence, int64_t maxsize,
				 int64_t size)
{
	int64_t pos;

	switch (whence) {
	case SEEK_SET:
		pos = off;
		break;
	case SEEK_CUR:
		pos = (int64_t)f->pos + off;
		break;
	case SEEK_END:
		pos = size + off;
		break;
	case SEEK_DATA:
	case SEEK_HOLE:
		if ((uint64_t)off >= (uint64_t)size)
			return -ENXIO;
		pos = whence == SEEK_DATA ? off : size;
		break;
	default:
		return -EINVAL;
	}
	if (pos < 0 || pos > maxsize)
		return -EINVAL;
	f->pos = pos;
	return pos;
}

/* Linux's ksys_lseek and vfs_llseek: an unknown whence is EINVAL before
 * the file is asked (a pipe's too). */
static int64_t do_lseek(struct file *f, int64_t off, int whence)
{
	if ((unsigned int)whence > SEEK_MAX)
		return -EINVAL;
	if (f->f_op && f->f_op->no_seek)
		return -ESPIPE;
	if (f->f_op && f->f_op->llseek)
		return f->f_op->llseek(f, off, whence);
	return generic_file_llseek_size(f, off, whence, INT64_MAX, f->inode->size);
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

/* ---- sendfile and copy_file_range: file to file, no user buffer ---- */

#define BOUNCE_SIZE	(16 * PAGE_SIZE)	/* the bytes in flight at a time */

/*
 * A file's read and write move bytes to and from user memory only, so
 * bytes going from a file to another, or between a file and a pipe's pages
 * (fs/splice.c), go through a private anonymous mapping of size bytes made
 * in the caller's address space for the call (Linux's go through a pipe's
 * pages, splice).  Its address, or -ENOMEM.
 */
long bounce_map(uint32_t size)
{
	return do_mmap(NULL, 0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, 0);
}

void bounce_unmap(long buf, uint32_t size)
{
	do_munmap(current->mm, buf, size);
}

/*
 * Up to count bytes from in at *inpos to out at *outpos, through a bounce
 * mapping.  Read what a write did not take is given back to in's position.
 * Stops at the end of in, a short write, or a signal; the bytes moved, else
 * the first error.
 */
static long copy_between(struct file *in, uint64_t *inpos, struct file *out,
			 uint64_t *outpos, uint32_t count)
{
	long buf = bounce_map(BOUNCE_SIZE);
	long done = 0, err = 0;

	if ((uint32_t)buf >= (uint32_t)-4095)
		return buf;		/* -ENOMEM */
	while ((uint32_t)done < count) {
		uint32_t n = count - done < BOUNCE_SIZE ? count - done : BOUNCE_SIZE;
		long r = in->f_op->read(in, (char *)buf, n, inpos), w;

		if (r <= 0) {
			err = r;
			break;
		}
		w = out->f_op->write(out, (const char *)buf, r, outpos);
		if (w < r)
			*inpos -= w < 0 ? r : r - w;
		if (w <= 0) {
			err = w;
			break;
		}
		done += w;
		if (w < r || signal_pending(current))
			break;
		cond_resched();		/* up to 2 GiB: the others run meanwhile */
	}
	bounce_unmap(buf, BOUNCE_SIZE);
	return done ? done : err;
}

/* What a copy of r bytes moved: one IN_ACCESS on in and one IN_MODIFY on out. */
static void notify_copy(int in_fd, struct file *in, int out_fd, struct file *out, long r)
{
	if (r > 0 && fget_same(in_fd, in) && fget_same(out_fd, out)) {
		fsnotify_access(in);
		fsnotify_modify(out);
	}
}

/*
 * Linux's do_sendfile: in must be readable and a file that can be read at
 * an offset (a regular file: not a pipe, a tty or a directory, EINVAL), out
 * writable and, unless a pipe, not O_APPEND (EINVAL).  With an offset pointer the copy
 * starts there and it is moved on, in's own position staying; without one,
 * in's position is used and moved.  Into a pipe, it is a splice
 * (fs/splice.c): what the pipe has room for, not a write that waits for
 * all of it.
 */
static long do_sendfile(int out_fd, int in_fd, int64_t *ppos, uint32_t count)
{
	long err;
	struct file *in = fget_mode(in_fd, FMODE_READ, &err), *out;
	uint64_t pos;

	if (!in)
		return err;
	if (ppos && *ppos < 0)
		return -EINVAL;
	if (!(out = fget_mode(out_fd, FMODE_WRITE, &err)))
		return err;
	if (!S_ISREG(in->inode->mode) || ((out->flags & O_APPEND) && !get_pipe_info(out)))
		return -EINVAL;
	pos = ppos ? (uint64_t)*ppos : in->pos;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	if (count == 0)
		err = 0;
	else if (get_pipe_info(out))	/* out's O_NONBLOCK: EAGAIN on a full pipe */
		err = splice_file_to_pipe(in, out, &pos, count,
					  out->flags & O_NONBLOCK ? SPLICE_F_NONBLOCK : 0);
	else
		err = copy_between(in, &pos, out, &out->pos, count);
	io_account(io_account(err, FMODE_READ), FMODE_WRITE);	/* a read and a write */
	notify_copy(in_fd, in, out_fd, out, err);
	if (ppos)
		*ppos = pos;
	else
		in->pos = pos;
	return err;
}

/* sendfile: a 32-bit offset (an off_t), which must stay below 2 GiB. */
long sys_sendfile(int out_fd, int in_fd, int32_t *uoff, uint32_t count)
{
	int32_t off32;
	int64_t off;
	long r;

	if (!uoff)
		return do_sendfile(out_fd, in_fd, NULL, count);
	if (copy_from_user(&off32, uoff, sizeof(off32)))
		return -EFAULT;
	off = off32;
	r = do_sendfile(out_fd, in_fd, &off, count);
	if (r > 0 && off > 0x7fffffff)
		return -EOVERFLOW;
	off32 = off;
	if (copy_to_user(uoff, &off32, sizeof(off32)))
		return -EFAULT;
	return r;
}

long sys_sendfile64(int out_fd, int in_fd, int64_t *uoff, uint32_t count)
{
	int64_t off;
	long r;

	if (!uoff)
		return do_sendfile(out_fd, in_fd, NULL, count);
	if (copy_from_user(&off, uoff, sizeof(off)))
		return -EFAULT;
	r = do_sendfile(out_fd, in_fd, &off, count);
	if (copy_to_user(uoff, &off, sizeof(off)))
		return -EFAULT;
	return r;
}

/*
 * copy_file_range, in Linux's check order: both descriptors open (EBADF),
 * the offsets readable (EFAULT), no flags (EINVAL); two regular files (a
 * directory EISDIR, anything else EINVAL), in readable, out writable and
 * not O_APPEND (EBADF); offsets not negative and, in one file, ranges that
 * do not overlap (EINVAL); nothing to do for 0 bytes; then one file system
 * (EXDEV: Linux copies across file systems only for those that do it
 * themselves).  Each offset pointer, if given, is used and moved instead
 * of the file's position.
 */
long sys_copy_file_range(int fd_in, int64_t *uoff_in, int fd_out,
			 int64_t *uoff_out, uint32_t len, uint32_t flags)
{
	struct file *in = fget(fd_in), *out = fget(fd_out);
	int64_t off_in, off_out;
	uint64_t pin, pout;
	long err;

	if (!in || !out)
		return -EBADF;
	if ((uoff_in && copy_from_user(&off_in, uoff_in, sizeof(off_in))) ||
	    (uoff_out && copy_from_user(&off_out, uoff_out, sizeof(off_out))))
		return -EFAULT;
	if (flags)
		return -EINVAL;
	if (S_ISDIR(in->inode->mode) || S_ISDIR(out->inode->mode))
		return -EISDIR;
	if (!S_ISREG(in->inode->mode) || !S_ISREG(out->inode->mode))
		return -EINVAL;
	if (!(in->fmode & FMODE_READ) || !(out->fmode & FMODE_WRITE) ||
	    (out->flags & O_APPEND))
		return -EBADF;
	pin = uoff_in ? (uint64_t)off_in : in->pos;
	pout = uoff_out ? (uint64_t)off_out : out->pos;
	if (len > MAX_RW_COUNT)
		len = MAX_RW_COUNT;
	if (in->inode == out->inode && pin + len > pout && pin < pout + len)
		return -EINVAL;
	if ((int64_t)pin < 0 || (int64_t)pout < 0)
		return -EINVAL;
	if (!len)
		return 0;
	if (in->inode->dev != out->inode->dev)
		return -EXDEV;
	err = copy_between(in, &pin, out, &pout, len);
	io_account(io_account(err, FMODE_READ), FMODE_WRITE);	/* a read and a write */
	notify_copy(fd_in, in, fd_out, out, err);
	off_in = pin, off_out = pout;
	if ((uoff_in && copy_to_user(uoff_in, &off_in, sizeof(off_in))) ||
	    (uoff_out && copy_to_user(uoff_out, &off_out, sizeof(off_out))))
		return -EFAULT;
	if (!uoff_in)
		in->pos = pin;
	if (!uoff_out)
		out->pos = pout;
	return err;
}
