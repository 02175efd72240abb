/*
 * splice, tee and vmsplice (Linux's fs/splice.c): bytes from a pipe to a
 * file, from a file to a pipe or from a pipe to another, without a user
 * buffer; tee puts a pipe's bytes in another without taking them; and
 * vmsplice moves user memory into a pipe, or a pipe's bytes to user memory.
 *
 * Between two pipes, buffers move (struct pipe_buffer, fs/pipe_fs_i.h): a
 * whole buffer goes, a part of one is a new buffer sharing its page, and
 * tee's buffers share the pages of the ones they copy, as Linux's.  Between
 * a pipe and a file the bytes are copied: a file's read and write take user
 * addresses, so they go through a bounce mapping (fs/read_write.c).  And
 * vmsplice copies the user's bytes into new pages where Linux's buffers
 * reference the user's own pages: a reader sees the bytes as they were at
 * the call, not later changes to them (which the man page tells the user
 * not to make anyway).
 *
 * Linux holds a pipe's mutex for the whole call; shmos only the big kernel
 * lock, which a sleep lets go.  So while a splice from a pipe to a file
 * sleeps in the file's write, another reader of the same pipe could read
 * the bytes being written: they would go out twice.  (Two readers sharing
 * a pipe with a splice between them is asking for trouble on Linux too.)
 */
#include "fs/fs.h"
#include "fs/inotify.h"
#include "fs/pipe_fs_i.h"
#include "kernel/errno.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "mm/page.h"
#include "mm/uaccess.h"

/*
 * Linux's ipipe_prep: wait for bytes in p, unless no writer is left (then
 * 0, and the splice moves nothing: end of file).
 */
static int ipipe_prep(struct pipe *p, uint32_t flags)
{
	while (pipe_empty(p) && p->writers) {
		if (flags & SPLICE_F_NONBLOCK)
			return -EAGAIN;
		if (sleep_on_interruptible(p))
			return -ERESTARTSYS;
	}
	return 0;
}

/* Linux's wait_for_space: wait for a free buffer in p; EPIPE (and SIGPIPE) without readers. */
static int wait_for_space(struct pipe *p, uint32_t flags)
{
	for (;;) {
		if (p->readers == 0) {
			send_signal(current, SIGPIPE);
			return -EPIPE;
		}
		if (!pipe_full(p))
			return 0;
		if (flags & SPLICE_F_NONBLOCK)
			return -EAGAIN;
		if (sleep_on_interruptible(p))
			return -ERESTARTSYS;
	}
}

/*
 * ib's first len bytes (all of them at most) as a buffer of opipe, which
 * has room: the page is shared, and the copy never merges a write (its
 * bytes are followed by ib's).
 */
static uint32_t link_buf(struct pipe_buffer *ib, struct pipe *opipe, uint32_t len)
{
	struct pipe_buffer *ob = pipe_buf(opipe, opipe->head++);

	get_page(virt_to_page(ib->page));
	*ob = *ib;
	ob->flags = 0;
	if (ob->len > len)
		ob->len = len;
	return ob->len;
}

/*
 * Linux's splice_pipe_to_pipe: up to len bytes from ipipe to opipe, once
 * ipipe has some and opipe has room, until ipipe is empty or opipe full.
 * Nothing sleeps after the waits, so nothing moves but what this does.
 */
static long splice_pipe_to_pipe(struct pipe *ipipe, struct file *out, uint32_t len,
				uint32_t flags)
{
	struct pipe *opipe = out->inode->u.pipe;
	long ret;

	if ((ret = ipipe_prep(ipipe, flags)) || (ret = wait_for_space(opipe, flags)))
		return ret;
	while (len && !pipe_empty(ipipe) && !pipe_full(opipe)) {
		struct pipe_buffer *ib = pipe_buf(ipipe, ipipe->tail);
		uint32_t n;

		if (len >= ib->len) {		/* the whole buffer moves */
			*pipe_buf(opipe, opipe->head++) = *ib;
			ipipe->tail++;
			n = ib->len;
		} else {			/* the first len bytes: a page shared */
			n = link_buf(ib, opipe, len);
			ib->offset += n;
			ib->len -= n;
		}
		ret += n;
		len -= n;
	}
	if (ret > 0) {
		pipe_wake(ipipe);
		pipe_wake_readers(out, opipe);
	}
	return ret;
}

/*
 * Linux's link_pipe, for tee: up to len bytes of ipipe's buffers, from the
 * first, as buffers of opipe sharing their pages; ipipe keeps them.
 */
static long link_pipe(struct pipe *ipipe, struct file *out, uint32_t len)
{
	struct pipe *opipe = out->inode->u.pipe;
	uint32_t i = ipipe->tail;
	long ret = 0;

	while (len && i != ipipe->head && !pipe_full(opipe)) {
		uint32_t n = link_buf(pipe_buf(ipipe, i++), opipe, len);

		ret += n;
		len -= n;
	}
	if (ret > 0)
		pipe_wake_readers(out, opipe);
	return ret;
}

/*
 * Up to len bytes of the pipe to the file out at *pos (Linux's
 * iter_file_splice_write): once the pipe has some, as many as it holds,
 * taken as the file's write takes them.  The bytes moved, else the error.
 */
static long splice_pipe_to_file(struct pipe *p, struct file *out, uint64_t *pos,
				uint32_t len, uint32_t flags)
{
	uint32_t size = p->ring_size * PAGE_SIZE;	/* what the pipe holds, at most */
	long buf = bounce_map(size), done = 0, err;

	if (IS_ERR_VALUE(buf))
		return buf;
	err = ipipe_prep(p, flags);
	while (!err && (uint32_t)done < len && !pipe_empty(p)) {
		long n = pipe_copy_out(p, (char *)buf, len - done < size ? len - done : size), w;

		if (n < 0 || (w = out->f_op->write(out, (const char *)buf, n, pos)) <= 0) {
			err = n < 0 ? n : w;
			break;
		}
		pipe_consume(p, w);
		pipe_wake(p);
		done += w;
		if (w < n)
			break;
	}
	bounce_unmap(buf, size);
	return done ? done : err;
}

/*
 * Up to len bytes of the file in at *pos into the pipe of out, as many as
 * its free buffers hold (Linux's splice_file_to_pipe), once it has one.
 * A regular file's bytes keep their place in their page, so the pipe
 * holds as many as Linux's would, which splices the file's pages.  The
 * bytes are read before they join the pipe: if another writer filled it
 * meanwhile, this waits for room as a write does, as the bytes are taken.
 */
long splice_file_to_pipe(struct file *in, struct file *out, uint64_t *pos, uint32_t len,
			 uint32_t flags)
{
	struct pipe *p = out->inode->u.pipe;
	uint32_t offset, room;
	long buf, r, w;

	if ((r = wait_for_space(p, flags)) != 0)
		return r;
	offset = S_ISREG(in->inode->mode) ? *pos % PAGE_SIZE : 0;
	room = (p->ring_size - (p->head - p->tail)) * PAGE_SIZE - offset;
	if (len > room)
		len = room;
	if ((int64_t)*pos < 0)
		return -EINVAL;
	if (!in->f_op->read || S_ISDIR(in->inode->mode))
		return -EINVAL;		/* Linux's: no splice_read */
	if (IS_ERR_VALUE(buf = bounce_map(len)))
		return buf;
	r = in->f_op->read(in, (char *)buf, len, pos);
	if (r > 0) {
		w = pipe_fill(out, (const char *)buf, r, offset, 0, 0);
		if (w < r && S_ISREG(in->inode->mode))
			*pos -= r - (w > 0 ? w : 0);	/* read again next time */
		r = w;
	}
	bounce_unmap(buf, len);
	return r;
}

/* Where a splice reads or writes the file f: at *off if an offset was given, else at f's position. */
static uint64_t *splice_pos(struct file *f, int64_t *off)
{
	return off ? (uint64_t *)off : &f->pos;
}

/*
 * Linux's do_splice, past the checks of the offsets: the three ways (pipe
 * to pipe, pipe to file, file to pipe) and which is refused.  An offset
 * given is used and moved instead of the file's position.
 */
static long do_splice(struct file *in, int64_t *off_in, struct file *out, int64_t *off_out,
		      uint32_t len, uint32_t flags)
{
	struct pipe *ipipe = get_pipe_info(in), *opipe = get_pipe_info(out);

	if (!(in->fmode & FMODE_READ) || !(out->fmode & FMODE_WRITE))
		return -EBADF;
	if (ipipe && opipe) {
		if (ipipe == opipe)
			return -EINVAL;
		if ((in->flags | out->flags) & O_NONBLOCK)
			flags |= SPLICE_F_NONBLOCK;
		return splice_pipe_to_pipe(ipipe, out, len, flags);
	}
	if (ipipe) {
		if (off_out && out->f_op->no_seek)	/* no pwrite */
			return -EINVAL;
		if ((out->flags & O_APPEND) || (int64_t)*splice_pos(out, off_out) < 0 ||
		    !out->f_op->write)
			return -EINVAL;
		if (in->flags & O_NONBLOCK)
			flags |= SPLICE_F_NONBLOCK;
		return splice_pipe_to_file(ipipe, out, splice_pos(out, off_out), len, flags);
	}
	if (opipe) {
		if (off_in && in->f_op->no_seek)	/* no pread */
			return -EINVAL;
		if (out->flags & O_NONBLOCK)
			flags |= SPLICE_F_NONBLOCK;
		return splice_file_to_pipe(in, out, splice_pos(in, off_in), len, flags);
	}
	return -EINVAL;
}

/*
 * splice, in Linux's order: nothing to do, bad flags, the descriptors, an
 * offset for a pipe's end (ESPIPE), the offsets read, then do_splice; the
 * offsets written back last (EFAULT).
 */
long sys_splice(int fd_in, int64_t *uoff_in, int fd_out, int64_t *uoff_out, uint32_t len,
		uint32_t flags)
{
	struct file *in, *out;
	int64_t off_in, off_out;
	long ret;

	if (len == 0)
		return 0;
	if (flags & ~SPLICE_F_ALL)
		return -EINVAL;
	if (!(in = fget(fd_in)) || !(out = fget(fd_out)))
		return -EBADF;
	if ((get_pipe_info(in) && uoff_in) || (get_pipe_info(out) && uoff_out))
		return -ESPIPE;
	if ((uoff_out && copy_from_user(&off_out, uoff_out, sizeof(off_out))) ||
	    (uoff_in && copy_from_user(&off_in, uoff_in, sizeof(off_in))))
		return -EFAULT;
	ret = do_splice(in, uoff_in ? &off_in : NULL, out, uoff_out ? &off_out : NULL, len,
			flags);
	if (ret < 0)
		return ret;
	if (ret > 0) {
		fsnotify_access(in);
		fsnotify_modify(out);
	}
	if ((uoff_out && copy_to_user(uoff_out, &off_out, sizeof(off_out))) ||
	    (uoff_in && copy_to_user(uoff_in, &off_in, sizeof(off_in))))
		return -EFAULT;
	return ret;
}

/* tee: two different pipes, the first readable, the second writable. */
long sys_tee(int fd_in, int fd_out, uint32_t len, uint32_t flags)
{
	struct file *in, *out;
	struct pipe *ipipe, *opipe;
	long ret;

	if (flags & ~SPLICE_F_ALL)
		return -EINVAL;
	if (len == 0)
		return 0;
	if (!(in = fget(fd_in)) || !(out = fget(fd_out)))
		return -EBADF;
	if (!(in->fmode & FMODE_READ) || !(out->fmode & FMODE_WRITE))
		return -EBADF;
	ipipe = get_pipe_info(in);
	opipe = get_pipe_info(out);
	if (!ipipe || !opipe || ipipe == opipe)
		return -EINVAL;
	if ((in->flags | out->flags) & O_NONBLOCK)
		flags |= SPLICE_F_NONBLOCK;
	if ((ret = ipipe_prep(ipipe, flags)) || (ret = wait_for_space(opipe, flags)))
		return ret;
	return link_pipe(ipipe, out, len);
}

/*
 * vmsplice's copies, iovec by iovec, until one comes up short (the pipe
 * full, or empty): into the pipe of f, each iovec's bytes in new buffers,
 * one per user page they lie in (as Linux's, which are the user's pages);
 * or out of it.  The bytes moved, else the first error.
 */
static long vmsplice_iov(struct file *f, const struct iovec32 *uiov, int cnt, int to_pipe)
{
	struct pipe *p = f->inode->u.pipe;
	long done = 0, r = 0;
	struct iovec32 v;

	for (int i = 0; i < cnt; i++) {
		if (copy_from_user(&v, uiov + i, sizeof(v))) {
			r = -EFAULT;
			break;
		}
		if (to_pipe)
			r = pipe_fill(f, (const char *)v.base, v.len, v.base % PAGE_SIZE, 0, 1);
		else if ((r = pipe_copy_out(p, (char *)v.base, v.len)) > 0)
			pipe_consume(p, r);
		if (r < 0)
			break;
		done += r;
		if ((uint32_t)r < v.len)
			break;
	}
	if (done && !to_pipe)
		pipe_wake(p);
	return done ? done : (r < 0 ? r : 0);
}

/*
 * vmsplice: into the pipe if fd is open for writing, else out of it if for
 * reading.  The flags, the descriptor, the vector (import_iovec), an empty
 * one (0), then a descriptor that is no pipe (EBADF), in Linux's order.
 * Only SPLICE_F_NONBLOCK makes the wait EAGAIN, not the file's O_NONBLOCK.
 */
long sys_vmsplice(int fd, const struct iovec32 *uiov, uint32_t cnt, uint32_t flags)
{
	struct file *f;
	struct pipe *p;
	long r;

	if (flags & ~SPLICE_F_ALL)
		return -EINVAL;
	if (!(f = fget(fd)) || !(f->fmode & (FMODE_READ | FMODE_WRITE)))
		return -EBADF;
	if ((r = check_iovec(uiov, (int)cnt)) <= 0)
		return r;
	if (!(p = get_pipe_info(f)))
		return -EBADF;
	if (f->fmode & FMODE_WRITE)
		r = wait_for_space(p, flags);
	else
		r = ipipe_prep(p, flags);
	return r ? r : vmsplice_iov(f, uiov, cnt, f->fmode & FMODE_WRITE);
}
