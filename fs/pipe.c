/*
 * Pipes: a ring of page buffers (16 of them, 64 KiB, unless F_SETPIPE_SZ
 * changes it), shared by a read end and a write end, as on Linux.  A
 * reader of an empty pipe sleeps until data comes or the last writer goes
 * (end of file); a writer sleeps while every buffer is in use, and gets
 * EPIPE and SIGPIPE when nobody can ever read.
 *
 * Like Linux, a write fills whole new pages, except that its first
 * (length % PAGE_SIZE) bytes may join the last page if they fit there.  So
 * a write of at most PIPE_BUF bytes goes in whole, never mixed with other
 * writers' data, and the pipe holds 65536 bytes written in big pieces but
 * less when small ones leave pages part empty: the same counts as Linux.
 * pipe(2) and pipe2 give the calling process both ends as descriptors;
 * fs/splice.c moves buffers between pipes and files.
 *
 * pipe2's O_DIRECT makes a packet pipe (Linux 3.4's): each write of at most
 * a page is a buffer of its own, never merged, and a read takes one buffer
 * whole: the bytes asked for, and the rest of the packet is thrown away.
 *
 * A FIFO (mknod S_IFIFO, mkfifo) is a pipe with a name: its inode gets a
 * pipe at the first open and loses it at the last close, and an open for
 * one end waits for the other, as Linux's fifo_open: a reader for a writer
 * and a writer for a reader; O_RDWR never waits; O_NONBLOCK reading does
 * not wait, and O_NONBLOCK writing with no reader fails ENXIO.
 */
#include "fs/fs.h"
#include "fs/ioctl.h"
#include "fs/pipe_fs_i.h"
#include "fs/poll.h"
#include "kernel/errno.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/user.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "mm/uaccess.h"

unsigned long pipe_max_size = 1048576;	/* Linux's default */
/* Linux's: a user's 1024 descriptors' worth of default pipes, and no hard limit. */
unsigned long pipe_user_pages_soft = PIPE_DEF_BUFFERS * 1024;
unsigned long pipe_user_pages_hard;

#define PIPE_MIN_DEF_BUFFERS	2	/* a new pipe's ring past the soft limit */

_Static_assert(PIPE_MAX_BUFFERS == 512, "a ring of a page: pipes of 2 MiB at most");

static uint32_t pipe_bytes(struct pipe *p)
{
	uint32_t n = 0;

	for (uint32_t i = p->tail; i != p->head; i++)
		n += pipe_buf(p, i)->len;
	return n;
}

/*
 * A ring of nr buffers, nr a power of two up to PIPE_MAX_BUFFERS: from
 * kmalloc while it fits there, else a page.  A user makes it: GFP_USER.
 */
static struct pipe_buffer *ring_alloc(uint32_t nr)
{
	uint32_t size = nr * sizeof(struct pipe_buffer);

	if (size <= KMALLOC_MAX_SIZE)
		return kmalloc_gfp(size, GFP_USER);
	return __get_free_page(GFP_USER);
}

static void ring_free(struct pipe_buffer *bufs, uint32_t nr)
{
	if (nr * sizeof(struct pipe_buffer) <= KMALLOC_MAX_SIZE)
		kfree(bufs);
	else
		free_kpage(bufs);
}

/*
 * Each user's pipes count the buffers their rings hold (Linux's
 * account_pipe_buffers): a ring of old buffers becomes one of new, and
 * the user's count after it is returned.
 */
static unsigned long account_pipe_buffers(struct user_struct *u, unsigned long old,
					  unsigned long new)
{
	return u->pipe_bufs += new - old;
}

static int too_many_pipe_buffers_soft(unsigned long user_bufs)
{
	return pipe_user_pages_soft && user_bufs > pipe_user_pages_soft;
}

static int too_many_pipe_buffers_hard(unsigned long user_bufs)
{
	return pipe_user_pages_hard && user_bufs > pipe_user_pages_hard;
}

/* Linux: neither CAP_SYS_RESOURCE nor CAP_SYS_ADMIN. */
static int pipe_is_unprivileged_user(void)
{
	return current->euid != 0;
}

/*
 * A new pipe, no end open yet (Linux's alloc_pipe_info); NULL if no memory
 * or past the limits.  Its ring is 16 buffers, or pipe-max-size's for a
 * user without root if that is less; a user past pipe-user-pages-soft gets
 * 2, and one past -hard none.
 */
static struct pipe *alloc_pipe_info(void)
{
	unsigned long pipe_bufs = PIPE_DEF_BUFFERS, user_bufs;
	struct pipe *p = kzalloc(sizeof(*p));

	if (p == NULL)
		return NULL;
	if ((p->user = get_current_user()) == NULL)
		goto out_free;
	if (pipe_bufs * PAGE_SIZE > pipe_max_size && current->euid != 0)
		pipe_bufs = pipe_max_size / PAGE_SIZE;
	user_bufs = account_pipe_buffers(p->user, 0, pipe_bufs);
	if (too_many_pipe_buffers_soft(user_bufs) && pipe_is_unprivileged_user()) {
		user_bufs = account_pipe_buffers(p->user, pipe_bufs, PIPE_MIN_DEF_BUFFERS);
		pipe_bufs = PIPE_MIN_DEF_BUFFERS;
	}
	if (too_many_pipe_buffers_hard(user_bufs) && pipe_is_unprivileged_user())
		goto out_revert_acct;
	p->ring_size = p->nr_accounted = pipe_bufs;
	if ((p->bufs = ring_alloc(p->ring_size)) != NULL)
		return p;
out_revert_acct:
	account_pipe_buffers(p->user, pipe_bufs, 0);
	free_uid(p->user);
out_free:
	kfree(p);
	return NULL;
}

/* The buffer's reference to its page goes: the page too, if it was the last. */
static void pipe_buf_release(struct pipe_buffer *b)
{
	free_kpage(b->page);
	b->page = NULL;
}

static void free_pipe_info(struct pipe *p)
{
	for (uint32_t i = p->tail; i != p->head; i++)
		pipe_buf_release(pipe_buf(p, i));
	ring_free(p->bufs, p->ring_size);
	account_pipe_buffers(p->user, p->nr_accounted, 0);
	free_uid(p->user);
	kfree(p);
}

void pipe_wake(struct pipe *p)
{
	wakeup(p);
	poll_wake();
}

/* Data came into the pipe of f: its readers wake, and EPOLLET sees an edge. */
void pipe_wake_readers(struct file *f, struct pipe *p)
{
	f->inode->i_pollin++;
	pipe_wake(p);
}

/*
 * Copies up to n bytes from the front of the pipe to ubuf, taking none:
 * the bytes copied, or -EFAULT if none could be.
 */
long pipe_copy_out(struct pipe *p, char *ubuf, uint32_t n)
{
	uint32_t done = 0;

	for (uint32_t i = p->tail; done < n && i != p->head; i++) {
		struct pipe_buffer *b = pipe_buf(p, i);
		uint32_t k = b->len < n - done ? b->len : n - done;

		if (copy_to_user(ubuf + done, b->page + b->offset, k))
			return done ? (long)done : -EFAULT;
		done += k;
	}
	return done;
}

/*
 * The first n bytes go (at most those in the pipe: a splice's other reader
 * may have taken some, fs/splice.c); each buffer emptied is released.
 */
void pipe_consume(struct pipe *p, uint32_t n)
{
	while (n > 0 && !pipe_empty(p)) {
		struct pipe_buffer *b = pipe_buf(p, p->tail);
		uint32_t k = b->len < n ? b->len : n;

		b->offset += k;
		b->len -= k;
		n -= k;
		if (b->len == 0) {
			pipe_buf_release(b);
			p->tail++;
		}
	}
}

/* Append n bytes to buffer b (which has room); 0 or -EFAULT. */
static int fill(struct pipe_buffer *b, const char *ubuf, uint32_t n)
{
	if (copy_from_user(b->page + b->offset + b->len, ubuf, n))
		return -EFAULT;
	b->len += n;
	return 0;
}

/*
 * Up to n bytes of a pipe that has some to ubuf, taken from it: a packet
 * at the front is read alone, and goes whole however little was asked.
 */
static long pipe_read_front(struct pipe *p, char *ubuf, uint32_t n)
{
	struct pipe_buffer *b = pipe_buf(p, p->tail);
	long r;

	if (!(b->flags & PIPE_BUF_FLAG_PACKET)) {
		if ((r = pipe_copy_out(p, ubuf, n)) > 0)
			pipe_consume(p, r);
		return r;
	}
	if (n > b->len)
		n = b->len;
	if (copy_to_user(ubuf, b->page + b->offset, n))
		return -EFAULT;
	pipe_consume(p, b->len);
	return n;
}

static long pipe_read(struct file *f, char *ubuf, uint32_t n, uint64_t *pos)
{
	struct pipe *p = f->inode->u.pipe;
	long r;

	if (n == 0)
		return 0;
	while (pipe_empty(p)) {
		if (p->writers == 0 || (f->flags & O_NONBLOCK)) {
			/* Linux tells the writers at every read's end */
			kill_fasync(&p->fasync_writers, SIGIO, POLL_OUT);
			return p->writers == 0 ? 0 : -EAGAIN;
		}
		if (sleep_on_interruptible(p))
			return -ERESTARTSYS;
	}
	r = pipe_read_front(p, ubuf, n);
	if (r > 0)
		pipe_wake(p);
	kill_fasync(&p->fasync_writers, SIGIO, POLL_OUT);
	return r;
}

/* The first (n % PAGE_SIZE) bytes may go into the last buffer, if write made it. */
static long merge(struct pipe *p, const char *ubuf, uint32_t n)
{
	uint32_t chars = n % PAGE_SIZE;
	struct pipe_buffer *b = pipe_buf(p, p->head - 1);

	if (chars == 0 || pipe_empty(p) || !(b->flags & PIPE_BUF_FLAG_CAN_MERGE) ||
	    b->offset + b->len + chars > PAGE_SIZE)
		return 0;
	return fill(b, ubuf, chars) ? -EFAULT : (long)chars;
}

/*
 * n bytes from ubuf into new buffers at the head of the pipe of f, with
 * flags: the first from offset in its page (a file's bytes keep their
 * place in the page, as Linux's page cache pages do), each to the end of
 * its page.  A full ring is waited for, or with nonblock ends the call.
 * Each page is allocated and filled before it joins the ring: both may
 * sleep (reclaim, a page of ubuf out on swap), while other writers and
 * readers move head and tail, so the ring is looked at again after.  The
 * bytes written, else the first error.
 */
long pipe_fill(struct file *f, const char *ubuf, uint32_t n, uint32_t offset, int flags,
	       int nonblock)
{
	struct pipe *p = f->inode->u.pipe;
	struct pipe_buffer next = { .page = NULL };	/* filled, not in the ring yet */
	long done = 0, err = 0;

	while ((uint32_t)done < n) {
		uint32_t k = n - done < PAGE_SIZE - offset ? n - done : PAGE_SIZE - offset;

		if (p->readers == 0) {
			send_signal(current, SIGPIPE);
			err = -EPIPE;
			break;
		}
		if (pipe_full(p)) {
			if (nonblock) {
				err = -EAGAIN;
				break;
			}
			if (sleep_on_interruptible(p)) {
				err = -ERESTARTSYS;
				break;
			}
			continue;
		}
		if (!next.page) {
			next.page = __get_free_page(GFP_USER | __GFP_DIRECT_RECLAIM);
			if (!next.page) {
				err = -ENOMEM;
				break;
			}
			next.offset = offset;
			next.len = 0;
			next.flags = flags;
			if (fill(&next, ubuf + done, k)) {
				err = -EFAULT;
				break;
			}
			continue;
		}
		*pipe_buf(p, p->head) = next;
		p->head++;
		done += next.len;
		next.page = NULL;
		offset = 0;
		pipe_wake_readers(f, p);
	}
	if (next.page)		/* not written: the call stopped first */
		free_kpage(next.page);
	return done ? done : err;
}

/* A packet pipe's write: a page at most per packet, none merged. */
static long pipe_write_packets(struct file *f, const char *ubuf, uint32_t n)
{
	long r = pipe_fill(f, ubuf, n, 0, PIPE_BUF_FLAG_PACKET, f->flags & O_NONBLOCK);

	kill_fasync(&f->inode->u.pipe->fasync_readers, SIGIO, POLL_IN);
	return r;
}

static long pipe_write(struct file *f, const char *ubuf, uint32_t n,
		       uint64_t *pos)
{
	struct pipe *p = f->inode->u.pipe;
	long done = 0, r;

	if (n == 0)
		return 0;
	if (f->flags & O_DIRECT)
		return pipe_write_packets(f, ubuf, n);
	if (p->readers) {
		if ((done = merge(p, ubuf, n)) < 0)
			return done;
		if (done)
			pipe_wake_readers(f, p);
	}
	r = pipe_fill(f, ubuf + done, n - done, 0, PIPE_BUF_FLAG_CAN_MERGE,
		      f->flags & O_NONBLOCK);
	/* at every write's end, as Linux's, whatever it wrote */
	kill_fasync(&p->fasync_readers, SIGIO, POLL_IN);
	return done ? done + (r > 0 ? r : 0) : r;
}

static long pipe_ioctl(struct file *f, uint32_t cmd, uint32_t arg)
{
	struct pipe *p = f->inode->u.pipe;
	int avail = pipe_bytes(p);

	if (cmd != FIONREAD)
		return -ENOTTY;
	return copy_to_user((void *)arg, &avail, sizeof(avail)) ? -EFAULT : 0;
}

static int pipe_poll(struct file *f)
{
	struct pipe *p = f->inode->u.pipe;
	int mask = 0;

	if (f->fmode & FMODE_READ) {
		if (!pipe_empty(p))
			mask |= POLLIN;
		if (p->writers == 0)
			mask |= POLLHUP;
	}
	if (f->fmode & FMODE_WRITE) {
		if (!pipe_full(p))
			mask |= POLLOUT;
		if (p->readers == 0)
			mask |= POLLERR;
	}
	return mask;
}

static void pipe_release(struct file *f)
{
	struct pipe *p = f->inode->u.pipe;

	if (f->fmode & FMODE_READ)
		p->readers--;
	if (f->fmode & FMODE_WRITE)
		p->writers--;
	pipe_wake(p);
	/* the last reader or writer, not both: the other side hears of it */
	if (!p->readers != !p->writers) {
		kill_fasync(&p->fasync_readers, SIGIO, POLL_IN);
		kill_fasync(&p->fasync_writers, SIGIO, POLL_OUT);
	}
	if (p->readers == 0 && p->writers == 0) {
		free_pipe_info(p);
		f->inode->u.pipe = NULL;
	}
}

/*
 * An open of the pipe by name, through /proc/PID/fd/N (or /dev/fd/N): one
 * more end of each kind the open asks for, as Linux's fifo_open.  The link
 * holds an open end, so the pipe is still there.
 */
static int pipe_open(struct file *f)
{
	struct pipe *p = f->inode->u.pipe;

	if (p == NULL)
		return -ENXIO;
	if (f->fmode & FMODE_READ)
		p->readers++;
	if (f->fmode & FMODE_WRITE)
		p->writers++;
	return 0;
}

/*
 * O_ASYNC on an end (Linux's pipe_fasync): a read end hears of input, a
 * write end of room; one opened both ways (a FIFO's O_RDWR) of both.
 */
static int pipe_fasync(int fd, struct file *f, int on)
{
	struct pipe *p = f->inode->u.pipe;
	int r = 0;

	if (f->fmode & FMODE_READ)
		r = fasync_helper(fd, f, on, &p->fasync_readers);
	if ((f->fmode & FMODE_WRITE) && r >= 0) {
		r = fasync_helper(fd, f, on, &p->fasync_writers);
		if (r < 0 && (f->fmode & FMODE_READ))	/* only on: no memory */
			fasync_helper(-1, f, 0, &p->fasync_readers);
	}
	return r;
}

static const struct file_operations pipe_fops = {
	.open = pipe_open,
	.read = pipe_read,
	.write = pipe_write,
	.ioctl = pipe_ioctl,
	.poll = pipe_poll,
	.release = pipe_release,
	.fasync = pipe_fasync,
	.no_seek = 1,
};

/*
 * Sleeps until *counter moves (the other end was opened), or a signal
 * comes (-EINTR; Linux restarts the open with SA_RESTART).
 */
static int wait_for_partner(struct pipe *p, uint32_t *counter)
{
	uint32_t cur = *counter;

	while (cur == *counter)
		if (sleep_on_interruptible(p))
			return -EINTR;
	return 0;
}

/*
 * An open of a FIFO: the pipe is made by the first, and each end counted
 * before it waits for the other, so that two processes opening the two
 * ends wake each other.  A failed open takes its count back.
 */
static int fifo_open(struct file *f)
{
	struct inode *ip = f->inode;
	struct pipe *p = ip->u.pipe;
	int err = 0;

	if (!p && !(p = ip->u.pipe = alloc_pipe_info()))
		return -ENOMEM;
	switch (f->fmode) {
	case FMODE_READ:
		p->r_counter++;
		if (p->readers++ == 0)
			pipe_wake(p);
		if (!p->writers && !(f->flags & O_NONBLOCK) &&
		    (err = wait_for_partner(p, &p->w_counter)) && !--p->readers)
			pipe_wake(p);
		break;
	case FMODE_WRITE:
		if ((f->flags & O_NONBLOCK) && !p->readers) {
			err = -ENXIO;
			break;
		}
		p->w_counter++;
		if (p->writers++ == 0)
			pipe_wake(p);
		if (!p->readers && (err = wait_for_partner(p, &p->r_counter)) &&
		    !--p->writers)
			pipe_wake(p);
		break;
	case FMODE_READ | FMODE_WRITE:
		p->readers++;
		p->writers++;
		p->r_counter++;
		p->w_counter++;
		if (p->readers == 1 || p->writers == 1)
			pipe_wake(p);
		break;
	default:
		err = -EINVAL;
	}
	if (err && !p->readers && !p->writers) {
		free_pipe_info(p);
		ip->u.pipe = NULL;
	}
	return err;
}

/* A FIFO's files: a pipe's, once the open has found the other end. */
const struct file_operations fifo_fops = {
	.open = fifo_open,
	.read = pipe_read,
	.write = pipe_write,
	.ioctl = pipe_ioctl,
	.poll = pipe_poll,
	.release = pipe_release,
	.fasync = pipe_fasync,
	.no_seek = 1,
};

/* ---- the pipe's size: fcntl F_GETPIPE_SZ and F_SETPIPE_SZ ---- */

/*
 * Linux's round_pipe_size: a page at least, else the next power of two
 * (the ring's size is one); 0 past 2 GiB, which cannot be.
 */
unsigned long round_pipe_size(unsigned long size)
{
	unsigned long r = PAGE_SIZE;

	if (size > 0x80000000ul)
		return 0;
	while (r < size)
		r <<= 1;
	return r;
}

/*
 * The ring becomes nr buffers (Linux's pipe_resize_ring), the data staying:
 * EBUSY if more buffers than that hold data.  The new ring is allocated
 * first, which does not sleep, so nothing moves before the copy.
 */
static long pipe_resize_ring(struct pipe *p, uint32_t nr)
{
	uint32_t n = p->head - p->tail;
	struct pipe_buffer *bufs;

	if (nr < n)
		return -EBUSY;
	if ((bufs = ring_alloc(nr)) == NULL)
		return -ENOMEM;
	for (uint32_t i = 0; i < n; i++)
		bufs[i] = *pipe_buf(p, p->tail + i);
	ring_free(p->bufs, p->ring_size);
	p->bufs = bufs;
	p->ring_size = nr;
	p->tail = 0;
	p->head = n;
	pipe_wake(p);		/* writers may have room now */
	return 0;
}

/*
 * Linux's pipe_set_size: arg bytes, rounded up to a power of two of pages.
 * Growing past pipe_max_size needs CAP_SYS_RESOURCE (root); shrinking is
 * always allowed.  Beyond PIPE_MAX_BUFFERS there is no room for the ring,
 * whoever asks (ENOMEM, as Linux's kcalloc failing).  Growing also counts
 * against the user's pipe-user-pages-soft and -hard (EPERM past either,
 * but for root).  The new size in bytes, or -errno.
 */
static long pipe_set_size(struct pipe *p, uint32_t arg)
{
	unsigned long size = round_pipe_size(arg), user_bufs;
	uint32_t nr = size / PAGE_SIZE;
	long err;

	if (nr == 0)
		return -EINVAL;
	if (nr > p->ring_size && size > pipe_max_size && current->euid != 0)
		return -EPERM;
	user_bufs = account_pipe_buffers(p->user, p->nr_accounted, nr);
	if (nr > p->nr_accounted && (too_many_pipe_buffers_hard(user_bufs) ||
				     too_many_pipe_buffers_soft(user_bufs)) &&
	    pipe_is_unprivileged_user())
		err = -EPERM;
	else if (nr > PIPE_MAX_BUFFERS)
		err = -ENOMEM;
	else
		err = pipe_resize_ring(p, nr);
	if (err) {
		account_pipe_buffers(p->user, nr, p->nr_accounted);
		return err;
	}
	p->nr_accounted = nr;
	return size;
}

/* f's pipe, if f is a pipe's or a FIFO's end, else NULL. */
struct pipe *get_pipe_info(struct file *f)
{
	if (f->f_op != &pipe_fops && f->f_op != &fifo_fops)
		return NULL;
	return f->inode->u.pipe;
}

/* F_SETPIPE_SZ and F_GETPIPE_SZ: a file that is no pipe is EBADF, as Linux's. */
long pipe_fcntl(struct file *f, uint32_t cmd, uint32_t arg)
{
	struct pipe *p = get_pipe_info(f);

	if (p == NULL)
		return -EBADF;
	if (cmd == F_SETPIPE_SZ)
		return pipe_set_size(p, arg);
	return p->ring_size * PAGE_SIZE;
}

/* A new pipe: *rf reads it, *wf writes it (flags: O_NONBLOCK, O_DIRECT). */
static int pipe_create(struct file **rf, struct file **wf, uint32_t flags)
{
	struct pipe *p = alloc_pipe_info();
	struct inode *ip = p ? new_inode(S_IFIFO | 0600, current->euid,
					 current->egid) : NULL;

	if (ip == NULL) {		/* no memory, or past the user's limits */
		if (p)
			free_pipe_info(p);
		return -ENFILE;
	}
	ip->dev = PIPE_DEV;
	ip->u.pipe = p;
	ip->f_op = &pipe_fops;
	/* the packets are the writer's: Linux's read end has no O_DIRECT */
	*rf = file_alloc(ip, O_RDONLY | (flags & O_NONBLOCK));
	*wf = file_alloc(ip, O_WRONLY | (flags & (O_NONBLOCK | O_DIRECT)));
	inode_put(ip);		/* the files hold it */
	if (*rf)
		p->readers = 1;
	if (*wf)
		p->writers = 1;
	if (*rf == NULL || *wf == NULL) {
		if (*rf == NULL && *wf == NULL)
			free_pipe_info(p);
		if (*rf)
			file_put(*rf);
		if (*wf)
			file_put(*wf);
		return -ENOMEM;
	}
	return 0;
}

long sys_pipe2(int *ufds, uint32_t flags)
{
	struct file *rf, *wf;
	int fds[2], err;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	if ((err = pipe_create(&rf, &wf, flags)) != 0)
		return err;
	fds[0] = fd_alloc(0);
	if (fds[0] >= 0)
		fd_install(fds[0], rf, flags & O_CLOEXEC);
	fds[1] = fd_alloc(0);
	if (fds[0] < 0 || fds[1] < 0) {
		if (fds[0] >= 0)
			fd_close(fds[0]);
		else
			file_put(rf);
		file_put(wf);
		return -EMFILE;
	}
	fd_install(fds[1], wf, flags & O_CLOEXEC);
	if (copy_to_user(ufds, fds, sizeof(fds))) {
		fd_close(fds[0]);
		fd_close(fds[1]);
		return -EFAULT;
	}
	return 0;
}

long sys_pipe(int *ufds)
{
	return sys_pipe2(ufds, 0);
}
