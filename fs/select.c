/*
 * Waiting for descriptors: poll, ppoll, select and pselect6.  Each looks
 * at every descriptor's ->poll; if none is ready it sleeps until a change
 * of a pipe or the tty (poll_wake), a signal, or the timeout.  ppoll and
 * pselect6 wait with the signal mask they are given, which lets a signal
 * in just for the wait.
 *
 * poll_events counts those changes.  A poller notes it before it looks at
 * its descriptors and sleeps only if it has not moved since, testing that
 * under sched_lock, which poll_wake holds to count and wake: a change that
 * comes while it looks (the tty's comes from an interrupt) is not missed.
 * sched_lock, not a lock of its own: a signal sender, which holds it,
 * wakes the pollers of signalfds (__poll_wake, fs/signalfd.c).
 */
#include "fs/fs.h"
#include "fs/poll.h"
#include "kernel/errno.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "mm/uaccess.h"

static uint32_t poll_events;	/* sched_lock's */

#define POLL_MAX	(PAGE_SIZE / sizeof(struct pollfd))

/* What open file f is ready for now (Linux's vfs_poll): always, without ->poll. */
int vfs_poll(struct file *f)
{
	int mask = f->f_op && f->f_op->poll ? f->f_op->poll(f) : POLLIN | POLLOUT;

	if (mask & POLLIN)
		mask |= POLLRDNORM;
	if (mask & POLLOUT)
		mask |= POLLWRNORM;
	return mask;
}

/* What fd is ready for now, as poll reports it (POLLNVAL if not open). */
static int fd_ready(int fd)
{
	struct file *f = fget(fd);

	return f ? vfs_poll(f) : POLLNVAL;
}

/* The count of changes, noted before a look (epoll's too: fs/eventpoll.c). */
uint32_t poll_generation(void)
{
	return __atomic_load_n(&poll_events, __ATOMIC_RELAXED);
}

/* sched_lock held. */
void __poll_wake(void)
{
	poll_events++;
	__wakeup(&poll_events);
}

/* From a task or an interrupt handler. */
void poll_wake(void)
{
	uint32_t flags;

	spin_lock_irqsave(&sched_lock, flags);
	__poll_wake();
	spin_unlock_irqrestore(&sched_lock, flags);
}

/*
 * Sleep until something changes after the look that began when
 * poll_events was seen, a signal comes, or ktime_ns() reaches end (0: no
 * limit), on the hrtimer queue, as Linux's schedule_hrtimeout_range: a
 * wait of 1 ms lasts about 1 ms, not the tick or two of a jiffy deadline.
 * 1 if the time is up, -EINTR, or 0 to look again.
 */
int poll_sleep(uint64_t end, uint32_t seen)
{
	struct hrtimer_sleeper t;
	uint32_t flags;
	int err = 0;

	if (end && ktime_ns() >= end)
		return 1;
	t.function = NULL;
	spin_lock_irqsave(&sched_lock, flags);
	if (end)
		__hrtimer_start(&t, end);
	if (poll_events == seen)
		err = sleep_on(&poll_events, &sched_lock, 0);
	if (end && !t.done)
		__hrtimer_cancel(&t);
	spin_unlock_irqrestore(&sched_lock, flags);
	return err;
}

/* The ktime_ns() at which a wait of ns nanoseconds ends; 0 for no wait. */
uint64_t poll_deadline(uint64_t ns)
{
	return ns ? ktime_ns() + ns : 0;
}

/* What is left of a wait until end, in nanoseconds. */
static uint64_t time_left(uint64_t end)
{
	uint64_t now = ktime_ns();

	return end > now ? end - now : 0;
}

/*
 * One look at every entry of the caller's array, POLL_MAX at a time
 * through the page buf (a thousand entries and more do not fit in one):
 * each entry's revents is written back.  The entries ready, or -EFAULT.
 */
static long poll_pass(struct pollfd *ufds, uint32_t n, struct pollfd *buf)
{
	long ready = 0;

	for (uint32_t from = 0; from < n; from += POLL_MAX) {
		uint32_t m = n - from < POLL_MAX ? n - from : POLL_MAX;

		if (copy_from_user(buf, &ufds[from], m * sizeof(*buf)))
			return -EFAULT;
		for (uint32_t i = 0; i < m; i++) {
			int mask = 0;

			if (buf[i].fd >= 0) {
				mask = fd_ready(buf[i].fd);
				mask &= buf[i].events | POLLERR | POLLHUP | POLLNVAL;
			}
			buf[i].revents = mask;
			ready += mask != 0;
			if (copy_to_user(&ufds[from + i].revents, &buf[i].revents,
					 sizeof(short)))
				return -EFAULT;
		}
	}
	return ready;
}

/*
 * poll's loop; end 0 waits forever.  As on Linux, ready descriptors come
 * first, then a pending signal (even with no wait at all), then the
 * timeout.  At most RLIMIT_NOFILE entries, as Linux's.
 */
static long poll_common(struct pollfd *ufds, uint32_t n, uint64_t end,
			int nowait)
{
	struct pollfd *buf;
	long r;
	int err;

	if (n > rlimit(RLIMIT_NOFILE))
		return -EINVAL;
	if ((buf = get_free_page()) == NULL)
		return -ENOMEM;
	for (;;) {
		uint32_t seen = poll_events;

		if ((r = poll_pass(ufds, n, buf)) != 0)
			break;
		if (signal_pending(current)) {
			r = -EINTR;
			break;
		}
		if (nowait)
			break;
		if ((err = poll_sleep(end, seen)) != 0) {
			r = err > 0 ? 0 : err;
			break;
		}
	}
	free_kpage(buf);
	return r;
}

long sys_poll(struct pollfd *ufds, uint32_t n, int timeout_ms)
{
	uint64_t end = timeout_ms > 0 ? poll_deadline(timeout_ms * 1000000ull) : 0;

	return poll_common(ufds, n, end, timeout_ms == 0);
}

/*
 * select's three sets and its answers, as bitmaps of n bits in 32-bit
 * words, i386's fd_set (Linux's compat_get_fd_set reads (n + 31) / 32
 * words).  kmalloc's: n is at most the table's max_fds, NR_OPEN bits, 2 KiB
 * each, which the kernel stack has no room for.
 */
struct fd_sets {
	uint32_t *in[3], *out[3];	/* read, write, except */
};

#define FDS_WORDS(n)	(((n) + 31) / 32)

static void free_sets(struct fd_sets *s)
{
	for (int i = 0; i < 3; i++) {
		kfree(s->in[i]);
		kfree(s->out[i]);
	}
}

/* Zeroed sets for n bits, the caller's three copied in: 0, -ENOMEM, -EFAULT. */
static int get_sets(struct fd_sets *s, void *const usets[3], int n)
{
	uint32_t bytes = (FDS_WORDS(n) ? FDS_WORDS(n) : 1) * 4;

	for (int i = 0; i < 3; i++)
		if (!(s->in[i] = kzalloc(bytes)) || !(s->out[i] = kzalloc(bytes)))
			return -ENOMEM;
	for (int i = 0; i < 3; i++) {
		if (usets[i] == NULL)
			continue;
		if (copy_from_user(s->in[i], usets[i], FDS_WORDS(n) * 4))
			return -EFAULT;
		if (n % 32)	/* bits past n are not looked at */
			s->in[i][n / 32] &= (1u << (n % 32)) - 1;
	}
	return 0;
}

/* One pass over the sets: how many bits are set in s->out; or -EBADF. */
static int select_pass(struct fd_sets *s, int n)
{
	int count = 0;

	for (int fd = 0; fd < n; fd++) {
		int w = fd / 32, mask;
		uint32_t bit = 1u << (fd % 32);

		if (!((s->in[0][w] | s->in[1][w] | s->in[2][w]) & bit))
			continue;
		if ((mask = fd_ready(fd)) == POLLNVAL)
			return -EBADF;
		if ((s->in[0][w] & bit) && (mask & (POLLIN | POLLHUP | POLLERR))) {
			s->out[0][w] |= bit;
			count++;
		}
		if ((s->in[1][w] & bit) && (mask & (POLLOUT | POLLERR))) {
			s->out[1][w] |= bit;
			count++;
		}
	}
	return count;
}

/*
 * As Linux's core_sys_select: n past the table's size is cut to it (no
 * descriptor there can be open), a negative one is EINVAL.
 */
static long do_select(int n, void *uin, void *uout, void *uex,
		      uint64_t end, int nowait)
{
	void *const usets[3] = { uin, uout, uex };
	struct fd_sets s = { .in = { NULL }, .out = { NULL } };
	long r;

	if (n < 0)
		return -EINVAL;
	if ((uint32_t)n > current->files->max_fds)
		n = current->files->max_fds;
	if ((r = get_sets(&s, usets, n)) != 0)
		goto out;
	for (;;) {
		uint32_t seen = poll_events;
		int err;

		if ((r = select_pass(&s, n)) != 0)
			break;
		if (signal_pending(current)) {
			r = -EINTR;
			goto out;
		}
		if (nowait)
			break;
		if ((err = poll_sleep(end, seen)) > 0)
			break;		/* the time is up: the sets go back empty */
		if (err < 0) {
			r = err;
			goto out;
		}
	}
	for (int i = 0; r >= 0 && i < 3; i++)
		if (usets[i] && copy_to_user(usets[i], s.out[i], FDS_WORDS(n) * 4))
			r = -EFAULT;
out:
	free_sets(&s);
	return r;
}

/*
 * The end of select, pselect6 and ppoll (Linux's poll_select_finish): the
 * time left goes back to the caller's timeval or timespec (kind), unless
 * the timeout was 0.  A write that fails does not fail the call, which has
 * done its work, but a call whose timeout says nothing true cannot be
 * restarted: ERESTARTNOHAND becomes EINTR.
 */
enum { PT_TIMEVAL, PT_TIMESPEC, PT_TIMESPEC64 };

static long poll_select_finish(void *ut, int kind, uint64_t ns, uint64_t end,
			       long r)
{
	struct timeval32 tv;
	int err;

	restore_saved_sigmask_unless(r == -ERESTARTNOHAND);
	if (!ut || !ns)
		return r;
	ns = time_left(end);
	if (kind == PT_TIMEVAL) {
		tv.tv_sec = ns / 1000000000ull;
		tv.tv_usec = ns % 1000000000ull / 1000;
		err = copy_to_user(ut, &tv, sizeof(tv));
	} else {
		err = put_timespec(ut, kind == PT_TIMESPEC64, ns);
	}
	return err && r == -ERESTARTNOHAND ? -EINTR : r;
}

/* select(2) (_newselect), which writes back the time left. */
long sys_select(int n, void *uin, void *uout, void *uex,
		struct timeval32 *utv)
{
	struct timeval32 tv;
	uint64_t ns = 0, end;

	if (utv) {
		if (copy_from_user(&tv, utv, sizeof(tv)))
			return -EFAULT;
		if (tv.tv_sec < 0 || tv.tv_usec < 0 || tv.tv_usec >= 1000000)
			return -EINVAL;
		ns = tv.tv_sec * 1000000000ull + tv.tv_usec * 1000ull;
	}
	end = poll_deadline(ns);
	return poll_select_finish(utv, PT_TIMEVAL, ns, end,
				  do_select(n, uin, uout, uex, end, utv && ns == 0));
}

/*
 * pselect6's last argument: the mask and its size (the call has only six
 * registers).  NULL, or a NULL mask, leaves the mask alone.
 */
struct sigset_argpack {
	const uint64_t *mask;
	uint32_t size;
};

/*
 * pselect6 and ppoll: a timespec (32- or 64-bit) and a signal mask to wait
 * with, in Linux's order: the timeout is checked, then the mask is taken,
 * then the descriptors.  Interrupted, they return ERESTARTNOHAND: EINTR
 * once the handler has run with the temporary mask.
 */
static long pselect(int n, void *uin, void *uout, void *uex, void *uts,
		    const struct sigset_argpack *usig, int is64)
{
	struct sigset_argpack sig = { NULL, 0 };
	uint64_t ns = 0, end;
	long r;
	int err;

	if (usig && copy_from_user(&sig, usig, sizeof(sig)))
		return -EFAULT;
	if (uts && (err = get_timespec(uts, is64, &ns)) != 0)
		return err;
	if ((err = set_user_sigmask(sig.mask, sig.size)) != 0)
		return err;
	end = poll_deadline(ns);
	r = do_select(n, uin, uout, uex, end, uts && ns == 0);
	return poll_select_finish(uts, is64 ? PT_TIMESPEC64 : PT_TIMESPEC, ns,
				  end, r == -EINTR ? -ERESTARTNOHAND : r);
}

long sys_pselect6(int n, void *uin, void *uout, void *uex, void *uts,
		  const struct sigset_argpack *usig)
{
	return pselect(n, uin, uout, uex, uts, usig, 0);
}

long sys_pselect6_time64(int n, void *uin, void *uout, void *uex, void *uts,
			 const struct sigset_argpack *usig)
{
	return pselect(n, uin, uout, uex, uts, usig, 1);
}

static long ppoll(struct pollfd *ufds, uint32_t n, void *uts,
		  const uint64_t *umask, uint32_t sigsetsize, int is64)
{
	uint64_t ns = 0, end;
	long r;
	int err;

	if (uts && (err = get_timespec(uts, is64, &ns)) != 0)
		return err;
	if ((err = set_user_sigmask(umask, sigsetsize)) != 0)
		return err;
	end = poll_deadline(ns);
	r = poll_common(ufds, n, end, uts && ns == 0);
	return poll_select_finish(uts, is64 ? PT_TIMESPEC64 : PT_TIMESPEC, ns,
				  end, r == -EINTR ? -ERESTARTNOHAND : r);
}

long sys_ppoll(struct pollfd *ufds, uint32_t n, void *uts,
	       const uint64_t *umask, uint32_t sigsetsize)
{
	return ppoll(ufds, n, uts, umask, sigsetsize, 0);
}

long sys_ppoll_time64(struct pollfd *ufds, uint32_t n, void *uts,
		      const uint64_t *umask, uint32_t sigsetsize)
{
	return ppoll(ufds, n, uts, umask, sigsetsize, 1);
}
