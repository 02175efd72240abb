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

/*
 * Arms t to wake current at expires (ktime_ns), or to call t->function
 * then if it has one.  One already past is queued all the same, and the
 * one-shot fires at once.  sched_lock held.
 */
void __hrtimer_start(struct hrtimer_sleeper *t, uint64_t expires)
{
	struct list_head *pos;

	t->expires = expires;
	t->task = current;
	t->done = 0;
	t->wall = 0;
	/* After those due no later: equal deadlines go first come, first served. */
	for (pos = hrtimer_queue.next; pos != &hrtimer_queue; pos = pos->next)
		if (list_entry(pos, struct hrtimer_sleeper, node)->expires > expires)
			break;
	list_add_tail(&t->node, pos);
	if (hrtimer_queue.next == &t->node)
		hrtimer_reprogram(ktime_ns());
}

void hrtimer_start(struct hrtimer_sleeper *t, uint64_t expires)
{
	uint32_t flags;

	t->function = NULL;	/* a sleeper */
	spin_lock_irqsave(&sched_lock, flags);
	__hrtimer_start(t, expires);
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
 * (an absolute clock_nanosleep on CLOCK_REALTIME): a step of the clock
 * ends the sleep early, with 0, for the caller to look at the clock again,
 * as Linux's clock_was_set moves the timers of its realtime base.
 */
int schedule_hrtimeout_wall(uint64_t expires)
{
	return do_hrtimeout(expires, 1);
}

/* The wall clock stepped: the sleepers on it wake to look again. */
void hrtimer_clock_was_set(void)
{
	struct list_head *pos, *next;
	uint32_t flags;

	spin_lock_irqsave(&sched_lock, flags);
	for (pos = hrtimer_queue.next; pos != &hrtimer_queue; pos = next) {
		struct hrtimer_sleeper *t = list_entry(pos, struct hrtimer_sleeper, node);

		next = pos->next;
		if (t->wall) {
			list_del(&t->node);
			t->done = 1;
			wake_task(t->task);
		}
	}
	spin_unlock_irqrestore(&sched_lock, flags);
}
