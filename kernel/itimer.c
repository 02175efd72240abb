/*
 * Interval timers: setitimer, getitimer and alarm, as Linux's
 * kernel/time/itimer.c.  Each process has three, one per clock: ITIMER_REAL
 * (the monotonic clock, SIGALRM), ITIMER_VIRTUAL (its user time, SIGVTALRM)
 * and ITIMER_PROF (its user and system time, SIGPROF).  A timer keeps the
 * time at which its clock expires.  The real timer is a high-resolution one
 * (kernel/hrtimer.c, Linux's it_real_fn): a setitimer of 1 us signals about
 * 1 us later, not at the next tick.  The tick checks the CPU-time ones: they
 * fire at the first tick at or after that time, never before.  fork starts the child
 * with all three disarmed; execve keeps them.  The tick reads and moves the
 * timers under sched_lock, so the system calls change them under it too.
 */
#include "kernel/task.h"
#include "kernel/errno.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "kernel/time.h"
#include "mm/uaccess.h"

#define USEC_PER_SEC	1000000

struct itimerval32 {
	struct timeval32 it_interval, it_value;
};

static const int itimer_signal[3] = { SIGALRM, SIGVTALRM, SIGPROF };

static uint64_t ticks_to_ns(uint32_t ticks)
{
	return (uint64_t)ticks * TICK_NSEC;
}

/* What the clock of timer which reads for t, in ns. */
static uint64_t itimer_clock(struct task *t, int which)
{
	switch (which) {
	case ITIMER_REAL:
		return ktime_ns();
	case ITIMER_VIRTUAL:
		return ticks_to_ns(t->usage.utime);
	default:
		return ticks_to_ns(t->usage.utime + t->usage.stime);
	}
}

/*
 * Signals for timer which of t, due at now, and moves it on by its
 * interval, past now (a signal that is still pending from the last expiry
 * absorbs the ones missed, as on Linux).  sched_lock held.
 */
static void itimer_fire(struct task *t, int which, uint64_t now)
{
	struct ksiginfo info = { .code = SI_KERNEL };
	struct itimer *it = &t->itimer[which];

	if (it->incr)
		it->expires += ((now - it->expires) / it->incr + 1) * it->incr;
	else
		it->expires = 0;
	__group_send_sig_info(t, itimer_signal[which], &info);
}

/* From the timer tick, sched_lock held: the CPU-time timers of t that are due. */
void itimer_tick(struct task *t)
{
	for (int which = ITIMER_VIRTUAL; which <= ITIMER_PROF; which++) {
		struct itimer *it = &t->itimer[which];
		uint64_t now;

		if (it->expires && (now = itimer_clock(t, which)) >= it->expires)
			itimer_fire(t, which, now);
	}
}

/*
 * The real timer's expiry (hrtimer_interrupt or the tick), sched_lock
 * held.  Linux restarts it only once its last SIGALRM has been taken
 * (dequeue_signal); here, while that one is still pending, or when the
 * signal is ignored and none will be taken, the timer restarts a tick
 * later at the soonest, so that a 1 us interval is no interrupt storm.
 */
static void it_real_fn(struct hrtimer_sleeper *timer)
{
	struct task *t = list_entry(timer, struct task, real_timer);
	uint64_t now = ktime_ns();

	if ((t->signal->shared_pending.signal & sigmask(SIGALRM)) ||
	    t->sighand->action[SIGALRM].handler == SIG_IGN)
		now += TICK_NSEC;
	itimer_fire(t, ITIMER_REAL, now);
	if (t->itimer[ITIMER_REAL].expires)
		__hrtimer_start(timer, t->itimer[ITIMER_REAL].expires);
}

/* The real timer to expire at expires (0: disarmed).  sched_lock held. */
static void set_real_timer(struct task *t, uint64_t expires)
{
	if (t->itimer[ITIMER_REAL].expires)
		__hrtimer_cancel(&t->real_timer);
	t->itimer[ITIMER_REAL].expires = expires;
	t->real_timer.function = it_real_fn;
	if (expires)
		__hrtimer_start(&t->real_timer, expires);
}

/* All three timers of t disarmed, at its exit.  sched_lock held. */
void __exit_itimers(struct task *t)
{
	set_real_timer(t, 0);
	memset(t->itimer, 0, sizeof(t->itimer));
}

/*
 * The time left and the interval, in ns.  A timer that is due but has not
 * fired yet reports a little time left, as Linux does: 1 us for the real
 * timer, a tick for the CPU-time ones.  sched_lock held.
 */
static void get_itimer(int which, uint64_t *value, uint64_t *interval)
{
	struct itimer *it = &current->itimer[which];
	uint64_t now = itimer_clock(current, which);

	*interval = it->incr;
	if (!it->expires)
		*value = 0;
	else if (which == ITIMER_REAL)
		*value = it->expires > now ? it->expires - now : 1000;
	else
		*value = it->expires >= now ? it->expires - now : TICK_NSEC;
}

/*
 * Gives the timer a new value and interval and returns the old ones, all
 * at one instant for the tick.  A value of 0 disarms the timer, and its
 * interval goes with it.
 */
static void swap_itimer(int which, uint64_t value, uint64_t interval,
			uint64_t *old_value, uint64_t *old_interval)
{
	struct itimer *it = &current->itimer[which];
	uint32_t flags;

	spin_lock_irqsave(&sched_lock, flags);
	get_itimer(which, old_value, old_interval);
	it->incr = value ? interval : 0;
	if (which == ITIMER_REAL)
		set_real_timer(current, value ? ktime_ns() + value : 0);
	else
		it->expires = value ? itimer_clock(current, which) + value : 0;
	spin_unlock_irqrestore(&sched_lock, flags);
}

static int timeval_valid(const struct timeval32 *tv)
{
	return tv->tv_sec >= 0 && tv->tv_usec >= 0 && tv->tv_usec < USEC_PER_SEC;
}

static uint64_t timeval_to_ns(const struct timeval32 *tv)
{
	return tv->tv_sec * NSEC_PER_SEC + tv->tv_usec * 1000ull;
}

/* Linux truncates to the microsecond. */
static struct timeval32 ns_to_timeval(uint64_t ns)
{
	struct timeval32 tv = { ns / NSEC_PER_SEC, ns % NSEC_PER_SEC / 1000 };

	return tv;
}

static int valid_which(int which)
{
	return which >= ITIMER_REAL && which <= ITIMER_PROF;
}

long sys_getitimer(int which, struct itimerval32 *uvalue)
{
	struct itimerval32 v;
	uint64_t value, interval;
	uint32_t flags;

	if (!valid_which(which))
		return -EINVAL;
	spin_lock_irqsave(&sched_lock, flags);
	get_itimer(which, &value, &interval);
	spin_unlock_irqrestore(&sched_lock, flags);
	v.it_value = ns_to_timeval(value);
	v.it_interval = ns_to_timeval(interval);
	return copy_to_user(uvalue, &v, sizeof(v)) ? -EFAULT : 0;
}

/*
 * Linux's order: the new value is read and checked before which, and the
 * old value is written after the timer has changed.  A NULL new value
 * disarms the timer (a misfeature Linux keeps).
 */
long sys_setitimer(int which, const struct itimerval32 *unew,
		   struct itimerval32 *uold)
{
	struct itimerval32 new = { { 0, 0 }, { 0, 0 } }, old;
	uint64_t value, interval;

	if (unew && copy_from_user(&new, unew, sizeof(new)))
		return -EFAULT;
	if (!timeval_valid(&new.it_value) || !timeval_valid(&new.it_interval))
		return -EINVAL;
	if (!valid_which(which))
		return -EINVAL;
	swap_itimer(which, timeval_to_ns(&new.it_value),
		    timeval_to_ns(&new.it_interval), &value, &interval);
	old.it_value = ns_to_timeval(value);
	old.it_interval = ns_to_timeval(interval);
	if (uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/*
 * The real timer as a one-shot of whole seconds; 0 cancels it.  The seconds
 * that were left are rounded to the nearest, except that a pending alarm
 * never reports 0 (Linux's alarm_setitimer).
 */
long sys_alarm(uint32_t seconds)
{
	uint64_t left, interval;
	uint32_t secs;

	swap_itimer(ITIMER_REAL, seconds * NSEC_PER_SEC, 0, &left, &interval);
	secs = left / NSEC_PER_SEC;
	if ((!secs && left) || left % NSEC_PER_SEC >= NSEC_PER_SEC / 2)
		secs++;
	return secs;
}
