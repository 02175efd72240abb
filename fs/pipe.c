/*
 * Pipes: a ring of 16 page buffers (64 KiB), shared by a read end and a
 * write end, as on Linux.  A reader of an empty pipe sleeps until data
 * comes or the last writer goes (end of file); a writer sleeps while every
 * buffer is in use, and gets EPIPE and SIGPIPE when nobody can ever read.
 *
 * Like Linux, a write fills whole new pages, except that its first
 * (length % PAGE_SIZE) bytes may join the last page if they fit there.  So
 * a write of at most PIPE_BUF bytes goes in whole, never mixed with other
 * writers' data, and the pipe holds 65536 bytes written in big pieces but
 * less when small ones leave pages part empty: the same counts as Linux.
 * pipe(2) and pipe2 give the calling process both ends as descriptors.
 *
 * A FIFO (mknod S_IFIFO, mkfifo) is a pipe with a name: its inode gets a
 * pipe at the first open and loses it at the last close, and an open for
 * one end waits for the other, as Linux's fifo_open: a reader for a writer
 * and a writer for a reader; O_RDWR never waits; O_NONBLOCK reading does
 * not wait, and O_NONBLOCK writing with no reader fails ENXIO.
 */
#include "fs/fs.h"
#include "fs/ioctl.h"
#include "fs/poll.h"
#include "kernel/errno.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "mm/uaccess.h"

#define PIPE_BUFFERS	16

struct pipe_buffer {
	char *page;
	uint32_t offset, len;		/* the data in the page */
};

struct pipe {
	struct pipe_buffer bufs[PIPE_BUFFERS];
	uint32_t head, tail;		/* buffers filled and emptied: [tail, head) */
	int readers, writers;		/* open ends */
	uint32_t r_counter, w_counter;	/* opens of each end, ever: a FIFO's
					   open waits for the other's to move */
};

static int pipe_empty(struct pipe *p)
{
	return p->head == p->tail;
}

static int pipe_full(struct pipe *p)
{
	return p->head - p->tail >= PIPE_BUFFERS;
}

static uint32_t pipe_bytes(struct pipe *p)
{
	uint32_t n = 0;

	for (uint32_t i = p->tail; i != p->head; i++)
		n += p->bufs[i % PIPE_BUFFERS].len;
	return n;
}

static void pipe_wake(struct pipe *p)
{
	wakeup(p);
	poll_wake();
}

/* Data came into the pipe of f: its readers wake, and EPOLLET sees an edge. */
static void pipe_wake_readers(struct file *f, struct pipe *p)
{
	f->inode->i_pollin++;
	pipe_wake(p);
}

/* Take up to n bytes, buffer by buffer; a buffer emptied is freed. */
static long take(struct pipe *p, char *ubuf, uint32_t n)
{
	uint32_t done = 0;

	while (done < n && !pipe_empty(p)) {
		struct pipe_buffer *b = &p->bufs[p->tail % PIPE_BUFFERS];
		uint32_t k = b->len < n - done ? b->len : n - done;

		if (copy_to_user(ubuf + done, b->page + b->offset, k))
			return done ? (long)done : -EFAULT;
		b->offset += k;
		b->len -= k;
		done += k;
		if (b->len == 0) {
			free_kpage(b->page);
			b->page = NULL;
			p->tail++;
		}
	}
	return done;
}

/* Append n bytes to buffer b (which has room); 0 or -EFAULT. */
static int fill(struct pipe_buffer *b, const char *ubuf, uint32_t n)
{
	if (copy_from_user(b->page + b->offset + b->len, ubuf, n))
		return -EFAULT;
	b->len += n;
	return 0;
}

static long pipe_read(struct file *f, char *ubuf, uint32_t n, uint64_t *pos)
{
	struct pipe *p = f->inode->u.pipe;
	long r;

	if (n == 0)
		return 0;
	while (pipe_empty(p)) {
		if (p->writers == 0)
			return 0;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (sleep_on_interruptible(p))
			return -ERESTARTSYS;
	}
	r = take(p, ubuf, n);
	if (r > 0)
		pipe_wake(p);
	return r;
}

/* The first (n % PAGE_SIZE) bytes may go into the last buffer. */
static long merge(struct pipe *p, const char *ubuf, uint32_t n)
{
	uint32_t chars = n % PAGE_SIZE;
	struct pipe_buffer *b = &p->bufs[(p->head - 1) % PIPE_BUFFERS];

	if (chars == 0 || pipe_empty(p) ||
	    b->offset + b->len + chars > PAGE_SIZE)
		return 0;
	return fill(b, ubuf, chars) ? -EFAULT : (long)chars;
}

static long pipe_write(struct file *f, const char *ubuf, uint32_t n,
		       uint64_t *pos)
{
	struct pipe *p = f->inode->u.pipe;
	struct pipe_buffer next = { .page = NULL };	/* filled, not in the ring yet */
	long done = 0, err = 0;

	if (n == 0)
		return 0;
	if (p->readers) {
		if ((done = merge(p, ubuf, n)) < 0)
			return done;
		if (done)
			pipe_wake_readers(f, p);
	}
	/*
	 * Each page is allocated and filled before it joins the ring: both may
	 * sleep (reclaim, a page of ubuf out on swap), while other writers and
	 * readers move head and tail, so the ring is looked at again after.
	 */
	while ((uint32_t)done < n) {
		uint32_t k = n - done < PAGE_SIZE ? n - done : PAGE_SIZE;

		if (p->readers == 0) {
			send_signal(current, SIGPIPE);
			err = -EPIPE;
			break;
		}
		if (pipe_full(p)) {
			if (f->flags & O_NONBLOCK) {
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
			next.page = get_zeroed_page(GFP_USER | __GFP_DIRECT_RECLAIM);
			if (!next.page) {
				err = -ENOMEM;
				break;
			}
			next.offset = next.len = 0;
			if (fill(&next, ubuf + done, k)) {
				err = -EFAULT;
				break;
			}
			continue;
		}
		p->bufs[p->head % PIPE_BUFFERS] = next;
		p->head++;
		done += next.len;
		next.page = NULL;
		pipe_wake_readers(f, p);
	}
	if (next.page)		/* not written: the call stopped first */
		free_kpage(next.page);
	return done ? done : err;
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

static void pipe_free(struct pipe *p)
{
	for (int i = 0; i < PIPE_BUFFERS; i++)
		if (p->bufs[i].page)
			free_kpage(p->bufs[i].page);
	kfree(p);
}

static void pipe_release(struct file *f)
{
	struct pipe *p = f->inode->u.pipe;

	if (f->fmode & FMODE_READ)
		p->readers--;
	if (f->fmode & FMODE_WRITE)
		p->writers--;
	pipe_wake(p);
	if (p->readers == 0 && p->writers == 0) {
		pipe_free(p);
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

static const struct file_operations pipe_fops = {
	.open = pipe_open,
	.read = pipe_read,
	.write = pipe_write,
	.ioctl = pipe_ioctl,
	.poll = pipe_poll,
	.release = pipe_release,
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

	if (!p && !(p = ip->u.pipe = kzalloc(sizeof(*p))))
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
		pipe_free(p);
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
	.no_seek = 1,
};

/* A new pipe: *rf reads it, *wf writes it (flags: O_NONBLOCK). */
static int pipe_create(struct file **rf, struct file **wf, uint32_t flags)
{
	struct pipe *p = kzalloc(sizeof(*p));
	struct inode *ip = p ? new_inode(S_IFIFO | 0600, current->euid,
					 current->egid) : NULL;

	if (ip == NULL) {
		if (p)
			kfree(p);
		return -ENOMEM;
	}
	ip->dev = PIPE_DEV;
	ip->u.pipe = p;
	ip->f_op = &pipe_fops;
	*rf = file_alloc(ip, O_RDONLY | (flags & O_NONBLOCK));
	*wf = file_alloc(ip, O_WRONLY | (flags & O_NONBLOCK));
	inode_put(ip);		/* the files hold it */
	if (*rf)
		p->readers = 1;
	if (*wf)
		p->writers = 1;
	if (*rf == NULL || *wf == NULL) {
		if (*rf == NULL && *wf == NULL)
			pipe_free(p);
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

	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
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
