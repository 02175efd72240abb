/*
 * Timeouts finer than the tick (Linux's hrtimers, the few shmos needs).
 *
 * jiffies moves HZ times a second, so a sleep measured in ticks lasts at
 * least 10 ms: a usleep(50) would take 200 times what it asked.  A timed
 * sleep (nanosleep, clock_nanosleep, a futex or semtimedop timeout, a
 * poll or select timeout, rt_sigtimedwait) instead puts a struct
 * hrtimer_sleeper on its kernel stack into hrtimer_queue, sorted by its
 * deadline on the monotonic clock (ktime_ns), and sleeps.  Two things run
 * the queue and wake the sleepers whose deadline has passed:
 *
 *   - the tick (timer_tick calls __hrtimer_run_queues), so nothing waits
 *     more than a tick past its deadline whatever the hardware;
 *   - a one-shot interrupt at the earliest deadline, when it comes before
 *     the next tick: cpu0's local APIC timer, which otherwise ticks on its
 *     own (kernel/lapic.c: lapic_timer_oneshot, hrtimer_interrupt).
 *
 * So a 50 us sleep ends about 50 us later, plus the interrupt's and the
 * switch's cost, as on Linux (which adds a slack of 50 us on purpose).
 * ITIMER_REAL uses the same queue (kernel/itimer.c), with a function
 * instead of a sleeper.
 *
 * The queue and each sleeper's done flag are sched_lock's: the expiry
 * wakes the task under it, and hrtimer_sleep_on tests done and goes to
 * sleep under it, so an expiry cannot fall between the test and the sleep.
 */
#include "kernel/time.h"
#include "kernel/apic.h"
#include "kernel/list.h"
#include "kernel/spinlock.h"
#include "kernel/task.h"

static struct list_head hrtimer_queue = { &hrtimer_queue, &hrtimer_queue };

/*
 * The earliest deadline, if it falls before the next tick, goes to the
 * one-shot timer; a later one is the tick's.  sched_lock held.
 */
static void hrtimer_reprogram(uint64_t now)
{
	struct hrtimer_sleeper *first;
	uint64_t delta;

	if (list_empty(&hrtimer_queue))
		return;
	first = list_first_entry(&hrtimer_queue, struct hrtimer_sleeper, node);
	delta = first->expires > now ? first->expires - now : 0;
	if (delta < TICK_NSEC)
		lapic_timer_oneshot(delta);
}

/* Queues t at expires, after those due no later: equal deadlines go first come, first served. */
static void enqueue_hrtimer(struct hrtimer_sleeper *t, uint64_t expires)
{
	struct list_head *pos;

	t->expires = expires;
	for (pos = hrtimer_queue.next; pos != &hrtimer_queue; pos = pos->next)
		if (list_entry(pos, struct hrtimer_sleeper, node)->expires > expires)
			break;
	list_add_tail(&t->node, pos);
	if (hrtimer_queue.next == &t->node)
		hrtimer_reprogram(ktime_ns());
}

/*
 * Arms t to wake current at expires (ktime_ns), or to call t->function
 * then if it has one.  One already past is queued all the same, and the
 * one-shot fires at once.  sched_lock held.
 */
void __hrtimer_start(struct hrtimer_sleeper *t, uint64_t expires)
{
	t->task = current;
	t->done = 0;
	t->wall = 0;
	enqueue_hrtimer(t, expires);
}

/* A sleeper's timer; wall: its deadline was read off the wall clock. */
void hrtimer_start(struct hrtimer_sleeper *t, uint64_t expires, int wall)
{
	uint32_t flags;

	t->function = NULL;	/* a sleeper */
	spin_lock_irqsave(&sched_lock, flags);
	__hrtimer_start(t, expires);
	t->wall = wall;
	spin_unlock_irqrestore(&sched_lock, flags);
}

/* Takes t, queued, out of the queue.  sched_lock held. */
void __hrtimer_cancel(struct hrtimer_sleeper *t)
{
	list_del(&t->node);
}

/* Takes t out of the queue if it has not expired (its sleeper woke for another reason). */
void hrtimer_cancel(struct hrtimer_sleeper *t)
{
	uint32_t flags;

	spin_lock_irqsave(&sched_lock, flags);
	if (!t->done)
		__hrtimer_cancel(t);
	spin_unlock_irqrestore(&sched_lock, flags);
}

/*
 * Wakes every sleeper whose deadline has passed, oldest deadline first (or
 * calls its function, which may queue it again, later than now), and arms
 * the one-shot for the next.  sched_lock held, interrupts off.
 */
void __hrtimer_run_queues(void)
{
	uint64_t now;

	if (list_empty(&hrtimer_queue))
		return;
	now = ktime_ns();
	while (!list_empty(&hrtimer_queue)) {
		struct hrtimer_sleeper *t = list_first_entry(&hrtimer_queue,
					struct hrtimer_sleeper, node);

		if (t->expires > now)
			break;
		list_del(&t->node);
		t->done = 1;
		if (t->function)
			t->function(t);
		else
			wake_task(t->task);
	}
	hrtimer_reprogram(now);
}

/* The one-shot timer's interrupt (kernel/lapic.c), interrupts off. */
void hrtimer_interrupt(void)
{
	spin_lock(&sched_lock);
	__hrtimer_run_queues();
	spin_unlock(&sched_lock);
}

/*
 * sleep_on(chan) until a wakeup, a signal (-EINTR), or t's expiry (t NULL:
 * none); the caller's loop looks at t->done.  done is tested under
 * sched_lock, which the expiry holds, so its wakeup is never lost.
 */
int hrtimer_sleep_on(const void *chan, struct hrtimer_sleeper *t)
{
	uint32_t flags;
	int err = 0;

	if (!t)
		return sleep_on(chan, NULL, 0);
	spin_lock_irqsave(&sched_lock, flags);
	if (!t->done)
		err = sleep_on(chan, &sched_lock, 0);
	spin_unlock_irqrestore(&sched_lock, flags);
	return err;
}

/*
 * Sleeps until ktime_ns() reaches expires or a signal comes (Linux's
 * schedule_hrtimeout): 0 when the time is up, or -EINTR.  The timer is
 * armed with interrupts off until the task sleeps, so it always sleeps at
 * least once, as on Linux, even if the deadline has passed (the one-shot
 * then wakes it at once): a sleep gives up the CPU, however short, even
 * when QEMU's host held the CPU back past the deadline.
 */
static int do_hrtimeout(uint64_t expires, int wall)
{
	struct hrtimer_sleeper t;
	uint32_t flags;
	int err = 0;

	t.function = NULL;
	spin_lock_irqsave(&sched_lock, flags);
	__hrtimer_start(&t, expires);
	t.wall = wall;
	while (!t.done && !err)
		err = sleep_on(&t, &sched_lock, 0);
	if (!t.done)
		list_del(&t.node);
	spin_unlock_irqrestore(&sched_lock, flags);
	return err;
}

int schedule_hrtimeout(uint64_t expires)
{
	return do_hrtimeout(expires, 0);
}

/*
 * The same for a deadline that the caller worked out from the wall clock
 * (an absolute clock_nanosleep on CLOCK_REALTIME): it stays that time on
 * the wall clock when the clock steps (hrtimer_clock_was_set).
 */
int schedule_hrtimeout_wall(uint64_t expires)
{
	return do_hrtimeout(expires, 1);
}

/* expires moved by -delta, kept within 1 (long past) and UINT64_MAX. */
static uint64_t shift_expiry(uint64_t expires, int64_t delta)
{
	if (delta >= 0)
		return expires > (uint64_t)delta ? expires - delta : 1;
	return UINT64_MAX - expires > (uint64_t)-delta ? expires - delta : UINT64_MAX;
}

/*
 * The wall clock stepped by delta ns: a timer whose deadline was read off
 * it (t->wall: an absolute sleep on CLOCK_REALTIME, a futex wait with
 * FUTEX_CLOCK_REALTIME) keeps that deadline on the wall clock, so its
 * place on the monotonic clock moves by -delta, as Linux's clock_was_set
 * moves the timers of its realtime base.  Those now due wake at once.
 */
void hrtimer_clock_was_set(int64_t delta)
{
	struct list_head moved = { &moved, &moved }, *pos, *next;
	uint32_t flags;

	spin_lock_irqsave(&sched_lock, flags);
	for (pos = hrtimer_queue.next; pos != &hrtimer_queue; pos = next) {
		next = pos->next;
		if (list_entry(pos, struct hrtimer_sleeper, node)->wall) {
			list_del(pos);
			list_add_tail(pos, &moved);
		}
	}
	while (!list_empty(&moved)) {
		struct hrtimer_sleeper *t = list_first_entry(&moved, struct hrtimer_sleeper, node);

		list_del(&t->node);
		enqueue_hrtimer(t, shift_expiry(t->expires, delta));
	}
	__hrtimer_run_queues();
	spin_unlock_irqrestore(&sched_lock, flags);
}
