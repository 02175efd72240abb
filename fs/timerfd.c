/*
 * timerfd: a timer read through a descriptor, as Linux's fs/timerfd.c.  A
 * timer keeps when it next expires on its clock (0: disarmed) and its
 * interval; the expirations are counted when someone looks (a read, a
 * poll, timerfd_gettime), from the clock, so nothing runs at expiry but
 * the tick's timerfd_tick, which wakes the pollers (poll, select, epoll)
 * once per expiry: at the first tick at or after it.  A read blocks until
 * a count is there (poll_sleep, to the tick), then returns it, 8 bytes.
 * The list of timers and each one's fields are timerfd_lock's.
 *
 * A relative time on CLOCK_REALTIME is kept on the monotonic clock, which
 * setting the date does not move (Linux's hrtimer turns a relative
 * CLOCK_REALTIME into CLOCK_MONOTONIC); an absolute one stays on the wall
 * clock and follows its steps.  One armed with TFD_TIMER_CANCEL_ON_SET is
 * told of a step: its read fails ECANCELED once (poll says readable).
 */
#include "fs/fcntl.h"
#include "fs/fs.h"
#include "fs/poll.h"
#include "fs/timerfd.h"
#include "kernel/errno.h"
#include "kernel/spinlock.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"

#define CLOCK_REALTIME		0
#define CLOCK_MONOTONIC		1
#define CLOCK_BOOTTIME		7
#define TFD_TIMER_ABSTIME	1
#define TFD_TIMER_CANCEL_ON_SET	2
#define TFD_CLOEXEC		O_CLOEXEC
#define TFD_NONBLOCK		O_NONBLOCK

struct timerfd_ctx {
	struct timerfd_ctx *next, **pprev;	/* on timerfd_list */
	int clockid;
	int base;		/* the clock expires is on: clockid, or
				   CLOCK_MONOTONIC for a relative wall time */
	int might_cancel;	/* TFD_TIMER_CANCEL_ON_SET, absolute, on the wall clock */
	int canceled;		/* the wall clock stepped since: ECANCELED */
	uint64_t expires;	/* on base, ns; 0: disarmed */
	uint64_t interval;	/* ns; 0: once */
	uint64_t ticks;		/* expirations not read yet */
	int notified;		/* the pollers were woken for expires */
};

static DEFINE_SPINLOCK(timerfd_lock);
static struct timerfd_ctx *timerfd_list;

static uint64_t clock_now(int clockid)
{
	return clockid == CLOCK_REALTIME ? realtime_ns() : ktime_ns();
}

/*
 * The wall clock stepped (kernel/timer.c's clock_was_set): each timer
 * that asked is canceled, with a count to wake its readers (Linux's
 * timerfd_clock_was_set).
 */
void timerfd_clock_was_set(void)
{
	struct timerfd_ctx *ctx;
	uint32_t flags;

	spin_lock_irqsave(&timerfd_lock, flags);
	for (ctx = timerfd_list; ctx; ctx = ctx->next)
		if (ctx->might_cancel) {
			ctx->canceled = 1;
			ctx->ticks++;
		}
	spin_unlock_irqrestore(&timerfd_lock, flags);
	poll_wake();
}

/* Counts the expirations up to now and moves expires past it.  timerfd_lock held. */
static void timerfd_update(struct timerfd_ctx *ctx, uint64_t now)
{
	uint64_t n;

	if (!ctx->expires || now < ctx->expires)
		return;
	n = 1 + (ctx->interval ? (now - ctx->expires) / ctx->interval : 0);
	ctx->ticks += n;
	ctx->expires = ctx->interval ? ctx->expires + n * ctx->interval : 0;
	ctx->notified = 0;
}

/* The timer tick (kernel/timer.c), cpu0's: wake the pollers of a timer now due. */
void timerfd_tick(void)
{
	struct timerfd_ctx *ctx;
	uint32_t flags;
	int due = 0;

	spin_lock_irqsave(&timerfd_lock, flags);
	for (ctx = timerfd_list; ctx; ctx = ctx->next)
		if (ctx->expires && !ctx->notified &&
		    clock_now(ctx->base) >= ctx->expires)
			due = ctx->notified = 1;
	spin_unlock_irqrestore(&timerfd_lock, flags);
	if (due)
		poll_wake();
}

static long timerfd_read(struct file *f, char *ubuf, uint32_t n, uint64_t *pos)
{
	struct timerfd_ctx *ctx = f->private_data;
	uint64_t ticks, left;
	uint32_t flags, seen;
	int r, canceled;

	(void)pos;
	if (n < sizeof(ticks))
		return -EINVAL;
	for (;;) {
		seen = poll_generation();
		spin_lock_irqsave(&timerfd_lock, flags);
		timerfd_update(ctx, clock_now(ctx->base));
		ticks = ctx->ticks;
		ctx->ticks = 0;
		left = ctx->expires ? ctx->expires - clock_now(ctx->base) : 0;
		canceled = ctx->canceled;
		ctx->canceled = 0;
		spin_unlock_irqrestore(&timerfd_lock, flags);
		/* the count does not matter then: the reader must look again */
		if (canceled)
			return -ECANCELED;
		if (ticks)
			break;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if ((r = poll_sleep(left ? poll_deadline(left) : 0, seen)) < 0)
			return r;
	}
	return copy_to_user(ubuf, &ticks, sizeof(ticks)) ? -EFAULT : (long)sizeof(ticks);
}

static int timerfd_poll(struct file *f)
{
	struct timerfd_ctx *ctx = f->private_data;
	uint32_t flags;
	int ready;

	spin_lock_irqsave(&timerfd_lock, flags);
	timerfd_update(ctx, clock_now(ctx->base));
	ready = ctx->ticks != 0;
	spin_unlock_irqrestore(&timerfd_lock, flags);
	return ready ? POLLIN : 0;
}

static void timerfd_release(struct file *f)
{
	struct timerfd_ctx *ctx = f->private_data;
	uint32_t flags;

	spin_lock_irqsave(&timerfd_lock, flags);
	if ((*ctx->pprev = ctx->next))
		ctx->next->pprev = ctx->pprev;
	spin_unlock_irqrestore(&timerfd_lock, flags);
	kfree(ctx);
}

const struct file_operations timerfd_fops = {
	.read = timerfd_read,
	.poll = timerfd_poll,
	.release = timerfd_release,
};

long sys_timerfd_create(int clockid, uint32_t flags)
{
	struct timerfd_ctx *ctx;
	struct file *f;
	uint32_t iflags;
	int fd;

	if ((flags & ~(TFD_CLOEXEC | TFD_NONBLOCK)) ||
	    (clockid != CLOCK_REALTIME && clockid != CLOCK_MONOTONIC &&
	     clockid != CLOCK_BOOTTIME))
		return -EINVAL;
	if (!(ctx = kzalloc(sizeof(*ctx))))
		return -ENOMEM;
	ctx->clockid = ctx->base = clockid;
	f = anon_inode_getfile("[timerfd]", &timerfd_fops, ctx, O_RDWR | (flags & TFD_NONBLOCK));
	if (f == NULL) {
		kfree(ctx);
		return -ENOMEM;
	}
	spin_lock_irqsave(&timerfd_lock, iflags);
	if ((ctx->next = timerfd_list))
		timerfd_list->pprev = &ctx->next;
	ctx->pprev = &timerfd_list;
	timerfd_list = ctx;
	spin_unlock_irqrestore(&timerfd_lock, iflags);
	if ((fd = fd_alloc(0)) < 0) {
		file_put(f);
		return fd;
	}
	fd_install(fd, f, flags & TFD_CLOEXEC);
	return fd;
}

/* The timer of descriptor fd: EBADF, or EINVAL if it is not a timerfd. */
static int timerfd_fget(int fd, struct timerfd_ctx **ctxp)
{
	struct file *f = fget(fd);

	if (f == NULL)
		return -EBADF;
	if (f->f_op != &timerfd_fops)
		return -EINVAL;
	*ctxp = f->private_data;
	return 0;
}

/* The time left and the interval, after counting what is due.  timerfd_lock held. */
static void timerfd_get(struct timerfd_ctx *ctx, uint64_t *value, uint64_t *interval)
{
	uint64_t now = clock_now(ctx->base);

	timerfd_update(ctx, now);
	*value = ctx->expires ? ctx->expires - now : 0;
	*interval = ctx->interval;
}

static long timerfd_settime(int fd, int tflags, const void *unew, void *uold, int is64)
{
	int size = is64 ? sizeof(struct timespec64) : sizeof(struct timespec32);
	uint64_t value, interval, old_value, old_interval;
	struct timerfd_ctx *ctx;
	uint32_t flags;
	int err;

	if ((err = get_timespec(unew, is64, &interval)) ||
	    (err = get_timespec((const char *)unew + size, is64, &value)))
		return err;
	if (tflags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET))
		return -EINVAL;
	if ((err = timerfd_fget(fd, &ctx)))
		return err;
	spin_lock_irqsave(&timerfd_lock, flags);
	timerfd_get(ctx, &old_value, &old_interval);
	ctx->ticks = 0;
	ctx->notified = 0;
	ctx->canceled = 0;
	ctx->might_cancel = ctx->clockid == CLOCK_REALTIME &&
			    (tflags & TFD_TIMER_ABSTIME) && (tflags & TFD_TIMER_CANCEL_ON_SET);
	ctx->base = ctx->clockid == CLOCK_REALTIME && !(tflags & TFD_TIMER_ABSTIME) ?
		    CLOCK_MONOTONIC : ctx->clockid;
	ctx->interval = value ? interval : 0;
	if (!value)
		ctx->expires = 0;
	else if (tflags & TFD_TIMER_ABSTIME)
		ctx->expires = value;
	else
		ctx->expires = clock_now(ctx->base) + value;
	spin_unlock_irqrestore(&timerfd_lock, flags);
	return uold ? put_itimerspec(uold, is64, old_value, old_interval) : 0;
}

static long timerfd_gettime(int fd, void *u, int is64)
{
	uint64_t value, interval;
	struct timerfd_ctx *ctx;
	uint32_t flags;
	int err;

	if ((err = timerfd_fget(fd, &ctx)))
		return err;
	spin_lock_irqsave(&timerfd_lock, flags);
	timerfd_get(ctx, &value, &interval);
	spin_unlock_irqrestore(&timerfd_lock, flags);
	return put_itimerspec(u, is64, value, interval);
}

long sys_timerfd_settime(int fd, int flags, const void *unew, void *uold)
{
	return timerfd_settime(fd, flags, unew, uold, 0);
}

long sys_timerfd_settime64(int fd, int flags, const void *unew, void *uold)
{
	return timerfd_settime(fd, flags, unew, uold, 1);
}

long sys_timerfd_gettime(int fd, void *u)
{
	return timerfd_gettime(fd, u, 0);
}

long sys_timerfd_gettime64(int fd, void *u)
{
	return timerfd_gettime(fd, u, 1);
}
