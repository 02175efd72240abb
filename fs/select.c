/*
 * Waiting for descriptors: poll, ppoll, select and pselect6.  Each looks
 * at every descriptor's ->poll; if none is ready it sleeps until a change
 * of a pipe or the tty (poll_wake), a signal, or the timeout.  ppoll and
 * pselect6 wait with the signal mask they are given, which lets a signal
 * in just for the wait.
 *
 * poll_events counts those changes.  A poller notes it before it looks at
 * its descriptors and sleeps only if it has not moved since, testing that
 * under poll_lock, which poll_wake holds to count and wake: a change that
 * comes while it looks (the tty's comes from an interrupt) is not missed.
 */
#include "fs/fs.h"
#include "fs/poll.h"
#include "kernel/errno.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "mm/page.h"
#include "mm/uaccess.h"

static uint32_t poll_events;	/* poll_lock's */
static DEFINE_SPINLOCK(poll_lock);

#define POLL_MAX	(PAGE_SIZE / sizeof(struct pollfd))

/* What fd is ready for now, as poll reports it (POLLNVAL if not open). */
static int fd_ready(int fd)
{
	struct file *f = fget(fd);
	int mask;

	if (f == NULL)
		return POLLNVAL;
	mask = f->f_op && f->f_op->poll ? f->f_op->poll(f) : POLLIN | POLLOUT;
	if (mask & POLLIN)
		mask |= POLLRDNORM;
	if (mask & POLLOUT)
		mask |= POLLWRNORM;
	return mask;
}

/* From a task or an interrupt handler. */
void poll_wake(void)
{
	uint32_t flags;

	spin_lock_irqsave(&poll_lock, flags);
	poll_events++;
	wakeup(&poll_events);
	spin_unlock_irqrestore(&poll_lock, flags);
}

/*
 * Sleep until something changes after the look that began when
 * poll_events was seen, a signal comes, or jiffies reach end (0: no
 * limit).  1 if the time is up, -EINTR, or 0 to look again.
 */
static int poll_sleep(uint64_t end, uint32_t seen)
{
	uint32_t flags;
	int err = 0;

	if (end && get_jiffies_64() >= end)
		return 1;
	spin_lock_irqsave(&poll_lock, flags);
	if (poll_events == seen)
		err = sleep_on(&poll_events, &poll_lock, end);
	spin_unlock_irqrestore(&poll_lock, flags);
	return err;
}

/* The jiffy at which a wait of ns nanoseconds ends; 0 for no wait. */
static uint64_t deadline(uint64_t ns)
{
	uint64_t tick = 1000000000ull / HZ;

	return ns ? get_jiffies_64() + (ns + tick - 1) / tick : 0;
}

/* What is left of a wait until end, in nanoseconds. */
static uint64_t time_left(uint64_t end)
{
	uint64_t now = get_jiffies_64();

	return end > now ? (end - now) * (1000000000ull / HZ) : 0;
}

/*
 * poll's loop over a kernel copy of the array; end 0 waits forever.  As on
 * Linux, ready descriptors come first, then a pending signal (even with no
 * wait at all), then the timeout.
 */
static long do_poll(struct pollfd *fds, uint32_t n, uint64_t end, int nowait)
{
	for (;;) {
		uint32_t seen = poll_events;
		int ready = 0, err;

		for (uint32_t i = 0; i < n; i++) {
			int mask = 0;

			if (fds[i].fd >= 0) {
				mask = fd_ready(fds[i].fd);
				mask &= fds[i].events | POLLERR | POLLHUP | POLLNVAL;
			}
			fds[i].revents = mask;
			ready += mask != 0;
		}
		if (ready)
			return ready;
		if (signal_pending(current))
			return -EINTR;
		if (nowait)
			return 0;
		if ((err = poll_sleep(end, seen)) != 0)
			return err > 0 ? 0 : err;
	}
}

static long poll_common(struct pollfd *ufds, uint32_t n, uint64_t end,
			int nowait)
{
	struct pollfd *fds;
	long r;

	if (n > rlimit(RLIMIT_NOFILE) || n > POLL_MAX)
		return -EINVAL;
	if ((fds = get_free_page()) == NULL)
		return -ENOMEM;
	r = copy_from_user(fds, ufds, n * sizeof(*fds)) ? -EFAULT :
	    do_poll(fds, n, end, nowait);
	for (uint32_t i = 0; r >= 0 && i < n; i++)
		if (copy_to_user(&ufds[i].revents, &fds[i].revents,
				 sizeof(short)))
			r = -EFAULT;
	free_kpage(fds);
	return r;
}

long sys_poll(struct pollfd *ufds, uint32_t n, int timeout_ms)
{
	uint64_t end = timeout_ms > 0 ? deadline(timeout_ms * 1000000ull) : 0;

	return poll_common(ufds, n, end, timeout_ms == 0);
}

/* select's three sets, as bit masks over at most NR_OPEN descriptors. */
struct fd_sets {
	uint64_t in[3], out[3];		/* read, write, except */
};

static int get_set(uint64_t *set, const void *uset, int n)
{
	*set = 0;
	if (uset == NULL)
		return 0;
	if (copy_from_user(set, uset, (n + 31) / 32 * 4))
		return -EFAULT;
	if (n < 64)
		*set &= (1ull << n) - 1;
	return 0;
}

/* One pass over the sets: how many bits are set in s->out; or -EBADF. */
static int select_pass(struct fd_sets *s, int n)
{
	int count = 0;

	for (int fd = 0; fd < n; fd++) {
		uint64_t bit = 1ull << fd;
		int mask;

		if (!((s->in[0] | s->in[1] | s->in[2]) & bit))
			continue;
		if ((mask = fd_ready(fd)) == POLLNVAL)
			return -EBADF;
		if ((s->in[0] & bit) && (mask & (POLLIN | POLLHUP | POLLERR))) {
			s->out[0] |= bit;
			count++;
		}
		if ((s->in[1] & bit) && (mask & (POLLOUT | POLLERR))) {
			s->out[1] |= bit;
			count++;
		}
	}
	return count;
}

static long do_select(int n, void *uin, void *uout, void *uex,
		      uint64_t end, int nowait)
{
	void *usets[3] = { uin, uout, uex };
	struct fd_sets s = { .in = { 0 }, .out = { 0 } };
	long r;

	if (n < 0)
		return -EINVAL;
	if (n > NR_OPEN)
		n = NR_OPEN;
	for (int i = 0; i < 3; i++)
		if (get_set(&s.in[i], usets[i], n))
			return -EFAULT;
	for (;;) {
		uint32_t seen = poll_events;
		int err;

		if ((r = select_pass(&s, n)) != 0)
			break;
		if (signal_pending(current))
			return -EINTR;
		if (nowait)
			break;
		if ((err = poll_sleep(end, seen)) != 0)
			return err > 0 ? 0 : err;
	}
	for (int i = 0; r >= 0 && i < 3; i++)
		if (usets[i] && copy_to_user(usets[i], &s.out[i],
					     (n + 31) / 32 * 4))
			r = -EFAULT;
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
	end = deadline(ns);
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
	end = deadline(ns);
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
	end = deadline(ns);
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
