/*
 * epoll: a set of descriptors, kept in the kernel, that epoll_wait looks
 * at all in one call (Linux's fs/eventpoll.c).  epoll_create and
 * epoll_create1 make a set, an anonymous file ("anon_inode:[eventpoll]");
 * epoll_ctl adds, changes or removes an item: an open file and the
 * descriptor it was added by, the events asked for (POLLERR and POLLHUP
 * always), and the caller's 64 bits to give back; epoll_wait, epoll_pwait
 * and epoll_pwait2 return the ready items, or sleep as poll does
 * (fs/select.c) until a change, a signal or the timeout.
 *
 * An item does not hold its file: when the file's last descriptor goes,
 * file_put calls eventpoll_release, which takes the item out of every set,
 * as Linux's does.  Level-triggered by default: an item is reported at
 * every look while it is ready.  EPOLLET reports it only when it has
 * become ready for something it was not at the last look, or when data
 * came in since (inode->i_pollin: a pipe's each write, an inotify event
 * queued, as Linux's wakeup of the item for each).  EPOLLONESHOT turns the item off once
 * reported until EPOLL_CTL_MOD.
 *
 * A set may be an item of another set, as in Linux: a set's file is
 * readable while one of its items is ready (ep_ready), which poll, select
 * and the sets above see.  The sets so nested form no cycle and no chain
 * of more than EP_MAX_NESTS + 1 sets (ELOOP, ep_loop_check), so a look
 * down them needs a stack of known depth, which ep_ready keeps itself:
 * the kernel recurses nowhere.  No wakeup needs to go up the chain, as
 * each waiter looks again at every change (poll_wake).
 */
#include "fs/fs.h"
#include "fs/poll.h"
#include "fs/proc.h"
#include "kernel/errno.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "kernel/time.h"
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
/* The most sets a chain may have below the top one (Linux's). */
#define EP_MAX_NESTS	4

struct epitem {
	struct epitem *next;
	struct file *file;	/* not referenced: eventpoll_release drops the item */
	int fd;
	uint32_t events;	/* asked for, with POLLERR | POLLHUP */
	uint64_t data;
	int last;		/* what the file was ready for at the last look */
	uint32_t pollin;	/* its inode's i_pollin then */
};

struct eventpoll {
	struct eventpoll *next;		/* on eventpolls */
	struct epitem *items;
	/*
	 * ep_loop_check's, for the set being checked: the longest chain of
	 * sets above this one and below it, and whether it is below the
	 * set that is to go in.
	 */
	int up, down, below;
};

static struct eventpoll *eventpolls;	/* every set, for eventpoll_release */

static void ep_remove(struct epitem **pp)
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
				ep_remove(pp);
			else
				pp = &(*pp)->next;
}

static void ep_release(struct file *f)
{
	struct eventpoll *ep = f->private_data, **pp;

	while (ep->items)
		ep_remove(&ep->items);
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

static int ep_poll(struct file *f);

/* No read or write: EINVAL, as Linux's. */
static const struct file_operations eventpoll_fops = {
	.open = ep_reopen,
	.release = ep_release,
	.poll = ep_poll,
	.no_seek = 1,
};

/* The set f is, or NULL. */
static struct eventpoll *ep_of(struct file *f)
{
	return f->f_op == &eventpoll_fops ? f->private_data : NULL;
}

/*
 * What a file (not a set) is ready for, mask, that item epi asks for and
 * has not been told of: everything for a level-triggered item, only what
 * is new since the last look for EPOLLET.
 */
static int ep_item_ready(struct epitem *epi, int mask)
{
	int ready = mask & epi->events;

	if (epi->events & EPOLLET)
		ready &= ~epi->last | (epi->file->inode->i_pollin != epi->pollin ?
				       POLLIN | POLLRDNORM : 0);
	return ready;
}

/*
 * Whether set ep has an item to report, looking down the sets in it that
 * are asked for POLLIN (Linux's ep_eventpoll_poll, without recursion:
 * ep_loop_check keeps a chain within the stack here).  Nothing changes:
 * the items are not told.  Not inlined nor cloned: scripts/stackcheck names
 * it, as the barrier to vfs_poll calling ep_poll again.
 */
static __attribute__((noinline, noclone)) int ep_ready(struct eventpoll *ep)
{
	struct epitem *stack[EP_MAX_NESTS + 1];
	int depth = 0;

	stack[0] = ep->items;
	while (depth >= 0) {
		struct epitem *epi = stack[depth];
		struct eventpoll *sub;

		if (!epi) {
			depth--;
			continue;
		}
		stack[depth] = epi->next;
		if (!(sub = ep_of(epi->file))) {
			if (ep_item_ready(epi, vfs_poll(epi->file)))
				return 1;
		} else if ((epi->events & POLLIN) && depth < EP_MAX_NESTS) {
			stack[++depth] = sub->items;
		}
	}
	return 0;
}

/* A set's file is readable while it has an item to report. */
static int ep_poll(struct file *f)
{
	return ep_ready(f->private_data) ? POLLIN | POLLRDNORM : 0;
}

/* What the file of item epi is ready for: a set's, without vfs_poll. */
static int ep_item_poll(struct epitem *epi)
{
	struct eventpoll *sub = ep_of(epi->file);

	if (sub)
		return ep_ready(sub) ? POLLIN | POLLRDNORM : 0;
	return vfs_poll(epi->file);
}

static long do_epoll_create(uint32_t flags)
{
	struct eventpoll *ep = kzalloc(sizeof(*ep));
	struct file *f = ep ? anon_inode_getfile("[eventpoll]", &eventpoll_fops, ep, O_RDWR) : NULL;
	int fd;

	if (!f) {
		kfree(ep);
		return -ENOMEM;
	}
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

/*
 * /proc/PID/fdinfo of a set (Linux's ep_show_fdinfo): a line for each
 * item, its descriptor, events asked for, data, and its file's offset,
 * inode and device.
 */
void eventpoll_show_fdinfo(struct seq_file *m, struct file *f)
{
	if (f->f_op != &eventpoll_fops)
		return;
	for (struct epitem *epi = ep_of(f)->items; epi; epi = epi->next)
		seq_printf(m, "tfd: %8d events: %8x data: %16llx  pos:%lli ino:%x sdev:%x\n",
			   epi->fd, epi->events, epi->data, epi->file->pos,
			   epi->file->inode->ino, epi->file->inode->dev);
}

/* The set epfd is, or NULL (*err: EBADF for no descriptor, EINVAL for another file). */
static struct eventpoll *ep_get(int epfd, struct file **fp, long *err)
{
	struct file *f = fget(epfd);

	*err = f ? -EINVAL : -EBADF;
	*fp = f;
	return f ? ep_of(f) : NULL;
}

static struct epitem **ep_find(struct eventpoll *ep, struct file *f, int fd)
{
	struct epitem **pp = &ep->items;

	while (*pp && ((*pp)->file != f || (*pp)->fd != fd))
		pp = &(*pp)->next;
	return pp;
}

/*
 * Linux's ep_loop_check, for set to going into set ep: -ELOOP if ep is to
 * or below it (a cycle), or if the longest chain through the new link
 * would have more than EP_MAX_NESTS sets below its top.  The chains there
 * are have at most EP_MAX_NESTS links, so as many rounds over every link
 * find each set's longest chains above and below, and what is below to.
 */
static int ep_loop_check(struct eventpoll *ep, struct eventpoll *to)
{
	struct eventpoll *e, *sub;

	for (e = eventpolls; e; e = e->next) {
		e->up = e->down = 0;
		e->below = e == to;
	}
	for (int round = 0; round < EP_MAX_NESTS; round++)
		for (e = eventpolls; e; e = e->next)
			for (struct epitem *epi = e->items; epi; epi = epi->next) {
				if (!(sub = ep_of(epi->file)))
					continue;
				if (sub->up < e->up + 1)
					sub->up = e->up + 1;
				if (e->down < sub->down + 1)
					e->down = sub->down + 1;
				sub->below |= e->below;
			}
	return ep->below || ep->up + 1 + to->down > EP_MAX_NESTS ? -ELOOP : 0;
}

/* An item's events, asked for again: reported anew by EPOLLET if ready now. */
static void ep_set_events(struct epitem *epi, const struct epoll_event *ev)
{
	epi->events = ev->events | POLLERR | POLLHUP;
	epi->data = ev->data;
	epi->last = 0;
}

/*
 * epoll_ctl (255), Linux's do_epoll_ctl order: the event (EFAULT), both
 * descriptors (EBADF), a file that can be polled (EPERM: a regular file
 * or a directory cannot), then EINVAL for a set added to itself, epfd not
 * a set, or EPOLLEXCLUSIVE where it may not be (EPOLL_CTL_MOD, a set, a
 * bit it cannot come with); ELOOP for a set that would close a cycle or
 * make a chain too long; EEXIST and ENOENT for the item there or not,
 * EINVAL for no such op or a change to an EPOLLEXCLUSIVE item.
 * EPOLLWAKEUP, which keeps a system from suspending, is dropped, as by
 * Linux built without suspend (CONFIG_PM_SLEEP): nothing suspends.
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
	ev.events &= ~EPOLLWAKEUP;
	ep = ep_get(epfd, &epf, &err);
	if (!epf || !(tf = fget(fd)))
		return -EBADF;
	if (!tf->f_op || !tf->f_op->poll)
		return -EPERM;
	if (!ep || tf == epf)
		return -EINVAL;
	if (op != EPOLL_CTL_DEL && (ev.events & EPOLLEXCLUSIVE) &&
	    (op == EPOLL_CTL_MOD || ep_of(tf) || (ev.events & ~EPOLLEXCLUSIVE_OK_BITS)))
		return -EINVAL;
	if (op == EPOLL_CTL_ADD && ep_of(tf) && ep_loop_check(ep, ep_of(tf)))
		return -ELOOP;
	pp = ep_find(ep, tf, fd);
	switch (op) {
	case EPOLL_CTL_ADD:
		if (*pp)
			return -EEXIST;
		if (!(epi = kzalloc(sizeof(*epi))))
			return -ENOMEM;
		epi->file = tf;
		epi->fd = fd;
		ep_set_events(epi, &ev);
		*pp = epi;
		return 0;
	case EPOLL_CTL_DEL:
		if (!*pp)
			return -ENOENT;
		ep_remove(pp);
		return 0;
	case EPOLL_CTL_MOD:
		if (!*pp)
			return -ENOENT;
		if ((*pp)->events & EPOLLEXCLUSIVE)
			return -EINVAL;	/* Linux leaves such an item as it is */
		ep_set_events(*pp, &ev);
		return 0;
	}
	return -EINVAL;
}

/* An item a look found ready: what its file was ready for then. */
struct ep_sent {
	struct epitem *epi;
	int mask;
	uint32_t pollin;
};

/* The events one batch gathers: as many as a page holds, with their items. */
#define EP_BATCH	(PAGE_SIZE / (sizeof(struct epoll_event) + sizeof(struct ep_sent)))

/*
 * A look at the items from *from on, the ready ones (at most max) gathered
 * in buf and sent, a page; *from is left at the next item to look at.  An
 * item found ready is not told (EPOLLET's look noted, EPOLLONESHOT's
 * turning off) until its event is in user memory.
 */
static uint32_t ep_gather(struct epitem **from, uint32_t max, struct epoll_event *buf,
			  struct ep_sent *sent)
{
	struct epitem *epi;
	uint32_t n = 0;

	for (epi = *from; epi && n < max; epi = epi->next) {
		int mask = ep_item_poll(epi), ready = ep_item_ready(epi, mask);

		if (!ready) {
			epi->last = mask;
			epi->pollin = epi->file->inode->i_pollin;
			continue;
		}
		buf[n].events = mask & epi->events;
		buf[n].data = epi->data;
		sent[n] = (struct ep_sent){ epi, mask, epi->file->inode->i_pollin };
		n++;
	}
	*from = epi;
	return n;
}

/* The n sent items are told: their events are in user memory. */
static void ep_sent_told(struct ep_sent *sent, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		struct epitem *epi = sent[i].epi;

		epi->last = sent[i].mask;
		epi->pollin = sent[i].pollin;
		if (epi->events & EPOLLONESHOT)
			epi->events &= EP_PRIVATE_BITS;
	}
}

/* How many of n events from uevents on fit where the user's pages are (may sleep). */
static uint32_t ep_fault_in(struct epoll_event *uevents, uint32_t n)
{
	uint32_t fit;

	if (fault_in_user((uint32_t)uevents, n * sizeof(*uevents), 1) == 0)
		return n;
	for (fit = 0; fit < n; fit++)
		if (fault_in_user((uint32_t)(uevents + fit), sizeof(*uevents), 1))
			break;
	return fit;
}

/*
 * A call that filled maxevents stopped before next: the next look starts
 * there, and the items just sent, if still ready, come after those not
 * reached, as Linux's ready list has the level-triggered items it sent
 * put back at its tail: every ready item has its turn, however many there
 * are (LTP's epoll_wait14).
 */
static void ep_rotate(struct eventpoll *ep, struct epitem *next)
{
	struct epitem *last = ep->items, *before = NULL;

	for (; last->next; last = last->next)
		if (last->next == next)
			before = last;
	if (!before)		/* next is the first item already */
		return;
	last->next = ep->items;
	before->next = NULL;
	ep->items = next;
}

/*
 * The ready items' events copied out, up to maxevents, a batch (a page) at
 * a time: how many, or -EFAULT if not even the first fits.  The copy must
 * not sleep, as another task may meanwhile close a file and so free its
 * item (and the next batch's first): if the first batch's pages are not
 * there, they are brought in and the items looked at again from the
 * start; if they cannot be, the events before the fault are all that are
 * sent, as Linux's copy stops at the fault.  Room for more than a batch is
 * brought in before the look, so that later batches are not cut short.
 */
static long ep_send_events(struct eventpoll *ep, struct epoll_event *uevents, int maxevents,
			   void *page)
{
	struct epoll_event *buf = page;
	struct ep_sent *sent = (struct ep_sent *)(buf + EP_BATCH);
	struct epitem *from = ep->items;
	uint32_t total = 0, limit = maxevents, n, fit;

	if (limit > EP_BATCH) {
		for (n = 0; from && n < limit; from = from->next)
			n++;
		fault_in_user((uint32_t)uevents, n * sizeof(*buf), 1);
		from = ep->items;
	}
	while (from && total < limit) {
		n = limit - total < EP_BATCH ? limit - total : EP_BATCH;
		if ((n = ep_gather(&from, n, buf, sent)) == 0)
			break;
		if (copy_to_user_nofault(uevents + total, buf, n * sizeof(*buf)) == 0) {
			ep_sent_told(sent, n);
			total += n;
			continue;
		}
		if (total == 0) {
			/* Nothing told yet: bring the pages in and look again. */
			if ((fit = ep_fault_in(uevents, n)) == 0)
				return -EFAULT;
			if (fit < n)
				limit = fit;
			from = ep->items;
			continue;
		}
		/* Up to the fault, an event at a time: a sleep could free from. */
		for (fit = 0; fit < n; fit++)
			if (copy_to_user_nofault(uevents + total + fit, buf + fit, sizeof(*buf)))
				break;
		ep_sent_told(sent, fit);
		return total + fit;
	}
	if (from && total == limit)
		ep_rotate(ep, from);
	return total;
}

/*
 * Linux's do_epoll_wait and ep_poll: the checks in Linux's order (6.16
 * on: the descriptor first); then the ready items, or EINTR for a signal
 * (epoll_wait is not restarted), 0 once the time is up, or a sleep until
 * a change.  A wait of ns < 0 lasts for ever, 0 not at all.
 */
static long do_epoll_wait(int epfd, struct epoll_event *uevents, int maxevents, int64_t ns)
{
	uint64_t end = ns > 0 ? poll_deadline(ns) : 0;
	void *page;
	struct eventpoll *ep;
	struct file *f;
	long err, n;

	ep = ep_get(epfd, &f, &err);
	if (!f)
		return err;
	if (maxevents <= 0 || (uint32_t)maxevents > EP_MAX_EVENTS)
		return -EINVAL;
	if ((uint32_t)uevents > TASK_SIZE ||	/* Linux's access_ok: below the kernel */
	    maxevents * sizeof(struct epoll_event) > TASK_SIZE - (uint32_t)uevents)
		return -EFAULT;
	if (!ep)
		return err;
	if (!(page = get_free_page()))
		return -ENOMEM;
	for (;;) {
		uint32_t seen = poll_generation();

		if ((n = ep_send_events(ep, uevents, maxevents, page)) != 0)
			break;
		if (signal_pending(current)) {
			n = -EINTR;
			break;
		}
		if (ns == 0)
			break;
		if ((err = poll_sleep(end, seen)) != 0) {
			n = err > 0 ? 0 : err;
			break;
		}
	}
	free_kpage(page);
	return n;
}

/* A wait of timeout_ms in nanoseconds (< 0: for ever). */
static int64_t ms_to_ns(int timeout_ms)
{
	return timeout_ms < 0 ? -1 : timeout_ms * 1000000ll;
}

long sys_epoll_wait(int epfd, struct epoll_event *uevents, int maxevents, int timeout_ms)
{
	return do_epoll_wait(epfd, uevents, maxevents, ms_to_ns(timeout_ms));
}

/* Linux's do_epoll_pwait: the wait with the signal mask given, as ppoll's. */
static long do_epoll_pwait(int epfd, struct epoll_event *uevents, int maxevents, int64_t ns,
			   const uint64_t *umask, uint32_t sigsetsize)
{
	long r;
	int err;

	if ((err = set_user_sigmask(umask, sigsetsize)) != 0)
		return err;
	r = do_epoll_wait(epfd, uevents, maxevents, ns);
	restore_saved_sigmask_unless(r == -EINTR);
	return r;
}

/* epoll_pwait (319) */
long sys_epoll_pwait(int epfd, struct epoll_event *uevents, int maxevents, int timeout_ms,
		     const uint64_t *umask, uint32_t sigsetsize)
{
	return do_epoll_pwait(epfd, uevents, maxevents, ms_to_ns(timeout_ms), umask, sigsetsize);
}

/*
 * epoll_pwait2 (441): the timeout a struct timespec64, checked first
 * (EFAULT, EINVAL); NULL waits for ever, and a wait past 2^32 s as long.
 */
long sys_epoll_pwait2(int epfd, struct epoll_event *uevents, int maxevents, const void *uts,
		      const uint64_t *umask, uint32_t sigsetsize)
{
	uint64_t ns = 0;
	int err;

	if (uts && (err = get_timespec(uts, 1, &ns)) != 0)
		return err;
	return do_epoll_pwait(epfd, uevents, maxevents, uts ? (int64_t)ns : -1, umask,
			      sigsetsize);
}
