/*
 * epoll: a set of descriptors, kept in the kernel, that epoll_wait looks
 * at all in one call (Linux's fs/eventpoll.c).  epoll_create and
 * epoll_create1 make a set, an anonymous file ("anon_inode:[eventpoll]");
 * epoll_ctl adds, changes or removes an item: an open file and the
 * descriptor it was added by, the events asked for (POLLERR and POLLHUP
 * always), and the caller's 64 bits to give back; epoll_wait and
 * epoll_pwait return the ready items, or sleep as poll does (fs/select.c)
 * until a change, a signal or the timeout.
 *
 * An item does not hold its file: when the file's last descriptor goes,
 * file_put calls eventpoll_release, which takes the item out of every set,
 * as Linux's does.  Level-triggered by default: an item is reported at
 * every look while it is ready.  EPOLLET reports it only when it has
 * become ready for something it was not at the last look (Linux reports
 * each wakeup: a readiness that falls and comes back between two looks is
 * seen by Linux, not here).  EPOLLONESHOT turns the item off once reported
 * until EPOLL_CTL_MOD.  A set cannot be put in a set (EINVAL; Linux nests
 * them): an epoll file has no ->poll, as a look into one would look into
 * the other, a recursion the kernel's stack check forbids.
 */
#include "fs/fs.h"
#include "fs/poll.h"
#include "kernel/errno.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "mm/uaccess.h"

#define EPOLL_CTL_ADD	1
#define EPOLL_CTL_DEL	2
#define EPOLL_CTL_MOD	3

#define EPOLLEXCLUSIVE	(1u << 28)
#define EPOLLWAKEUP	(1u << 29)
#define EPOLLONESHOT	(1u << 30)
#define EPOLLET		(1u << 31)
/* The bits that say how, not what: kept when EPOLLONESHOT turns the item off. */
#define EP_PRIVATE_BITS	(EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE)
/* What EPOLLEXCLUSIVE may come with (Linux's EPOLLEXCLUSIVE_OK_BITS). */
#define EPOLLEXCLUSIVE_OK_BITS	(POLLIN | POLLOUT | POLLERR | POLLHUP | EPOLLWAKEUP | \
				 EPOLLET | EPOLLEXCLUSIVE)

/* i386's struct epoll_event: 12 bytes, data at offset 4. */
struct epoll_event {
	uint32_t events;
	uint64_t data;
} __attribute__((packed));

#define EP_MAX_EVENTS	(0x7fffffff / sizeof(struct epoll_event))

struct epitem {
	struct epitem *next;
	struct file *file;	/* not referenced: eventpoll_release drops the item */
	int fd;
	uint32_t events;	/* asked for, with POLLERR | POLLHUP */
	uint64_t data;
	int last;		/* what the file was ready for at the last look */
};

struct eventpoll {
	struct eventpoll *next;		/* on eventpolls */
	struct epitem *items;
};

static struct eventpoll *eventpolls;	/* every set, for eventpoll_release */

static void ep_remove(struct eventpoll *ep, struct epitem **pp)
{
	struct epitem *epi = *pp;

	*pp = epi->next;
	kfree(epi);
}

void eventpoll_release(struct file *f)
{
	for (struct eventpoll *ep = eventpolls; ep; ep = ep->next)
		for (struct epitem **pp = &ep->items; *pp;)
			if ((*pp)->file == f)
				ep_remove(ep, pp);
			else
				pp = &(*pp)->next;
}

static void ep_release(struct file *f)
{
	struct eventpoll *ep = f->private_data, **pp;

	while (ep->items)
		ep_remove(ep, &ep->items);
	for (pp = &eventpolls; *pp != ep; pp = &(*pp)->next)
		;
	*pp = ep->next;
	kfree(ep);
}

/* Opened again through /proc/PID/fd/N: ENXIO, as Linux's anonymous inodes. */
static int ep_reopen(struct file *f)
{
	return -ENXIO;
}

/* No read, write or poll: EINVAL for the first two, as Linux's. */
static const struct file_operations eventpoll_fops = {
	.open = ep_reopen,
	.release = ep_release,
	.no_seek = 1,
};

static long do_epoll_create(uint32_t flags)
{
	struct eventpoll *ep = kzalloc(sizeof(*ep));
	struct inode *ip = ep ? new_inode(0600, 0, 0) : NULL;	/* root's: Linux's anon_inode */
	struct file *f = NULL;
	int fd;

	if (ip) {
		ip->dev = ANON_INODE_DEV;
		ip->u.anon.name = "[eventpoll]";
		ip->f_op = &eventpoll_fops;
		f = file_alloc(ip, O_RDWR);
		inode_put(ip);		/* the file holds it */
	}
	if (!f) {
		kfree(ep);
		return -ENOMEM;
	}
	f->private_data = ep;
	ep->next = eventpolls;
	eventpolls = ep;
	if ((fd = fd_alloc(0)) < 0) {
		file_put(f);
		return fd;
	}
	fd_install(fd, f, (flags & O_CLOEXEC) != 0);
	return fd;
}

/* epoll_create (254): the size is a hint from before the set could grow, but must be > 0. */
long sys_epoll_create(int size)
{
	return size <= 0 ? -EINVAL : do_epoll_create(0);
}

/* epoll_create1 (329): EPOLL_CLOEXEC, O_CLOEXEC's value, or nothing. */
long sys_epoll_create1(uint32_t flags)
{
	return flags & ~O_CLOEXEC ? -EINVAL : do_epoll_create(flags);
}

/* The set epfd is, or NULL (*err: EBADF for no descriptor, EINVAL for another file). */
static struct eventpoll *ep_get(int epfd, struct file **fp, long *err)
{
	struct file *f = fget(epfd);

	*err = f ? -EINVAL : -EBADF;
	*fp = f;
	return f && f->f_op == &eventpoll_fops ? f->private_data : NULL;
}

static struct epitem **ep_find(struct eventpoll *ep, struct file *f, int fd)
{
	struct epitem **pp = &ep->items;

	while (*pp && ((*pp)->file != f || (*pp)->fd != fd))
		pp = &(*pp)->next;
	return pp;
}

/*
 * epoll_ctl (255), Linux's do_epoll_ctl order: the event (EFAULT), both
 * descriptors (EBADF), a file that can be polled (EPERM: a regular file
 * or a directory cannot), then EINVAL for a set added to itself, epfd not
 * a set, EPOLLEXCLUSIVE where it may not be or a set added to a set;
 * EEXIST and ENOENT for the item there or not, EINVAL for no such op.
 */
long sys_epoll_ctl(int epfd, int op, int fd, const struct epoll_event *uevent)
{
	struct epoll_event ev = { 0 };
	struct file *epf, *tf;
	struct eventpoll *ep;
	struct epitem **pp, *epi;
	long err;

	if (op != EPOLL_CTL_DEL && copy_from_user(&ev, uevent, sizeof(ev)))
		return -EFAULT;
	ep = ep_get(epfd, &epf, &err);
	if (!epf || !(tf = fget(fd)))
		return -EBADF;
	if (tf->f_op == &eventpoll_fops)
		return -EINVAL;		/* itself, or a set in a set */
	if (!tf->f_op || !tf->f_op->poll)
		return -EPERM;
	if (!ep)
		return -EINVAL;
	if (op != EPOLL_CTL_DEL && (ev.events & EPOLLEXCLUSIVE) &&
	    (op == EPOLL_CTL_MOD || (ev.events & ~EPOLLEXCLUSIVE_OK_BITS)))
		return -EINVAL;
	pp = ep_find(ep, tf, fd);
	switch (op) {
	case EPOLL_CTL_ADD:
		if (*pp)
			return -EEXIST;
		if (!(epi = kzalloc(sizeof(*epi))))
			return -ENOMEM;
		epi->file = tf;
		epi->fd = fd;
		*pp = epi;
		break;
	case EPOLL_CTL_DEL:
		if (!*pp)
			return -ENOENT;
		ep_remove(ep, pp);
		return 0;
	case EPOLL_CTL_MOD:
		if (!*pp)
			return -ENOENT;
		if ((*pp)->events & EPOLLEXCLUSIVE)
			return 0;	/* Linux leaves such an item as it is */
		break;
	default:
		return -EINVAL;
	}
	epi = *pp;
	epi->events = ev.events | POLLERR | POLLHUP;
	epi->data = ev.data;
	epi->last = 0;		/* a new edge for EPOLLET: ready now is reported */
	return 0;
}

/* The most events one look reports: a page of them. */
#define EP_BATCH	(PAGE_SIZE / sizeof(struct epoll_event))

/*
 * One look at every item, the ready ones (at most maxevents) gathered in
 * buf, a page, and then copied out: the copy may sleep on a fault, and
 * meanwhile another task may close a file and so free its item.  How
 * many, or -EFAULT.  An item reported with EPOLLONESHOT asks for nothing
 * more until EPOLL_CTL_MOD.
 */
static long ep_send_events(struct eventpoll *ep, struct epoll_event *uevents, int maxevents,
			   struct epoll_event *buf)
{
	uint32_t n = 0;

	for (struct epitem *epi = ep->items; epi && n < (uint32_t)maxevents && n < EP_BATCH;
	     epi = epi->next) {
		int mask = vfs_poll(epi->file), ready = mask & epi->events;

		buf[n].events = ready;
		buf[n].data = epi->data;
		if (epi->events & EPOLLET)
			ready &= ~epi->last;
		epi->last = mask;
		if (!ready)
			continue;
		if (epi->events & EPOLLONESHOT)
			epi->events &= EP_PRIVATE_BITS;
		n++;
	}
	if (n && copy_to_user(uevents, buf, n * sizeof(*buf)))
		return -EFAULT;
	return n;
}

/*
 * Linux's ep_poll: the ready items; else EINTR for a signal (epoll_wait is
 * not restarted), 0 once the time is up, or a sleep until a change.
 * timeout_ms < 0 waits for ever, 0 not at all.
 */
static long do_epoll_wait(int epfd, struct epoll_event *uevents, int maxevents,
			  int timeout_ms)
{
	uint64_t end = timeout_ms > 0 ? poll_deadline(timeout_ms * 1000000ull) : 0;
	struct epoll_event *buf;
	struct eventpoll *ep;
	struct file *f;
	long err, n;

	if (maxevents <= 0 || (uint32_t)maxevents > EP_MAX_EVENTS)
		return -EINVAL;
	if ((uint32_t)uevents > TASK_SIZE ||	/* Linux's access_ok: below the kernel */
	    maxevents * sizeof(struct epoll_event) > TASK_SIZE - (uint32_t)uevents)
		return -EFAULT;
	if (!(ep = ep_get(epfd, &f, &err)))
		return err;
	if (!(buf = get_free_page()))
		return -ENOMEM;
	for (;;) {
		uint32_t seen = poll_generation();

		if ((n = ep_send_events(ep, uevents, maxevents, buf)) != 0)
			break;
		if (signal_pending(current)) {
			n = -EINTR;
			break;
		}
		if (timeout_ms == 0)
			break;
		if ((err = poll_sleep(end, seen)) != 0) {
			n = err > 0 ? 0 : err;
			break;
		}
	}
	free_kpage(buf);
	return n;
}

long sys_epoll_wait(int epfd, struct epoll_event *uevents, int maxevents, int timeout_ms)
{
	return do_epoll_wait(epfd, uevents, maxevents, timeout_ms);
}

/* epoll_pwait (319): the wait with the signal mask given, as ppoll's. */
long sys_epoll_pwait(int epfd, struct epoll_event *uevents, int maxevents, int timeout_ms,
		     const uint64_t *umask, uint32_t sigsetsize)
{
	long r;
	int err;

	if ((err = set_user_sigmask(umask, sigsetsize)) != 0)
		return err;
	r = do_epoll_wait(epfd, uevents, maxevents, timeout_ms);
	restore_saved_sigmask_unless(r == -EINTR);
	return r;
}
