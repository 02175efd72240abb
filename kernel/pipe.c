/*
 * Pipes: a 64 KiB ring buffer (16 pages, as on Linux) shared by a read end
 * and a write end.  A reader of an empty pipe sleeps until data comes or
 * the last writer goes (end of file); a writer sleeps while the pipe is
 * full, and gets EPIPE and SIGPIPE when nobody can ever read.  A write of
 * at most PIPE_BUF bytes goes in whole, never mixed with other writers'.
 */
#include "kernel/fs.h"
#include "kernel/errno.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "mm/uaccess.h"

#define PIPE_PAGES	16
#define PIPE_SIZE	(PIPE_PAGES * PAGE_SIZE)
#define PIPE_BUF	4096
#define FIONREAD	0x541B

struct pipe {
	char *pages[PIPE_PAGES];	/* allocated as first written */
	uint32_t head, tail;		/* bytes in and out: [tail, head) */
	int readers, writers;		/* open ends */
};

static void pipe_wake(struct pipe *p)
{
	wakeup(p);
	wakeup(&poll_wait_chan);
}

/* Copy up to n bytes out of the ring, taking each piece once it is copied. */
static long take(struct pipe *p, char *ubuf, uint32_t n)
{
	uint32_t done = 0;

	while (done < n) {
		uint32_t in = p->tail % PAGE_SIZE;
		uint32_t k = PAGE_SIZE - in < n - done ? PAGE_SIZE - in : n - done;
		char *page = p->pages[p->tail % PIPE_SIZE / PAGE_SIZE];

		if (copy_to_user(ubuf + done, page + in, k))
			return done ? (long)done : -EFAULT;
		p->tail += k;
		done += k;
	}
	return done;
}

/* Copy n bytes into the ring, which has room for them. */
static long give(struct pipe *p, const char *ubuf, uint32_t n)
{
	uint32_t done = 0;

	while (done < n) {
		uint32_t in = p->head % PAGE_SIZE;
		uint32_t k = PAGE_SIZE - in < n - done ? PAGE_SIZE - in : n - done;
		char **page = &p->pages[p->head % PIPE_SIZE / PAGE_SIZE];

		if (*page == NULL && (*page = get_free_page()) == NULL)
			return done ? (long)done : -ENOMEM;
		if (copy_from_user(*page + in, ubuf + done, k))
			return done ? (long)done : -EFAULT;
		p->head += k;
		done += k;
	}
	return done;
}

static long pipe_read(struct file *f, char *ubuf, uint32_t n, uint64_t *pos)
{
	struct pipe *p = f->inode->u.pipe;
	long r;

	if (n == 0)
		return 0;
	while (p->head == p->tail) {
		if (p->writers == 0)
			return 0;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (sleep_on_interruptible(p))
			return -EINTR;
	}
	if (n > p->head - p->tail)
		n = p->head - p->tail;
	r = take(p, ubuf, n);
	if (r > 0)
		pipe_wake(p);
	return r;
}

static long pipe_write(struct file *f, const char *ubuf, uint32_t n,
		       uint64_t *pos)
{
	struct pipe *p = f->inode->u.pipe;
	uint32_t done = 0;

	while (done < n) {
		uint32_t space = PIPE_SIZE - (p->head - p->tail);
		/* a small write waits for room for all of it */
		uint32_t need = n <= PIPE_BUF ? n : 1;
		long r;

		if (p->readers == 0) {
			send_signal(current, SIGPIPE);
			return done ? (long)done : -EPIPE;
		}
		if (space < need) {
			if (f->flags & O_NONBLOCK)
				return done ? (long)done : -EAGAIN;
			if (sleep_on_interruptible(p))
				return done ? (long)done : -EINTR;
			continue;
		}
		r = give(p, ubuf + done, space < n - done ? space : n - done);
		if (r > 0)
			pipe_wake(p);
		if (r < 0)
			return done ? (long)done : r;
		done += r;
	}
	return done;
}

static long pipe_ioctl(struct file *f, uint32_t cmd, uint32_t arg)
{
	struct pipe *p = f->inode->u.pipe;
	int avail = p->head - p->tail;

	if (cmd != FIONREAD)
		return -ENOTTY;
	return copy_to_user((void *)arg, &avail, sizeof(avail)) ? -EFAULT : 0;
}

static int pipe_poll(struct file *f)
{
	struct pipe *p = f->inode->u.pipe;
	int mask = 0;

	if (f->fmode & FMODE_READ) {
		if (p->head != p->tail)
			mask |= POLLIN;
		if (p->writers == 0)
			mask |= POLLHUP;
	}
	if (f->fmode & FMODE_WRITE) {
		if (PIPE_SIZE - (p->head - p->tail) >= PIPE_BUF)
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
	if (p->readers == 0 && p->writers == 0) {
		pipe_free(p);
		f->inode->u.pipe = NULL;
	}
}

static const struct file_operations pipe_fops = {
	.read = pipe_read,
	.write = pipe_write,
	.ioctl = pipe_ioctl,
	.poll = pipe_poll,
	.release = pipe_release,
	.no_seek = 1,
};

void pipe_free(struct pipe *p)
{
	for (int i = 0; i < PIPE_PAGES; i++)
		if (p->pages[i])
			free_kpage(p->pages[i]);
	kfree(p);
}

/* A new pipe: *rf reads it, *wf writes it (flags: O_NONBLOCK). */
int pipe_create(struct file **rf, struct file **wf, uint32_t flags)
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
