/*
 * The PIT interrupts cpu0 HZ times a second: jiffies counts the ticks,
 * sleepers with a timeout are woken, interval timers that are due signal.
 * Each CPU's scheduler tick (scheduler_tick: cpu0's from the PIT too, the
 * others' from their local APIC timer, kernel/lapic.c) charges the tick to
 * the task it runs and shrinks its time slice; the switch itself happens
 * on the way back to user mode (kernel/trap.c) or at the running task's
 * next cond_resched().
 *
 * jiffies_64 is 64 bits, two words on i386: a reader could see the low word
 * wrap and the high one not yet carried.  So the tick changes it between
 * two increments of jiffies_seq (Linux's jiffies_lock, a seqlock), and a
 * reader takes it again if the count was odd (a change under way) or moved
 * while it read: no lock on the paths of every timed sleep.  The low word
 * alone (get_jiffies, kernel/time.h) is one load.  clock_lock keeps writers one at a time, and the PIT's
 * latch-and-read sequence (ktime_ns) whole.
 *
 * The wall clock (realtime_ns) is the monotonic one plus wall_boot_ns, what
 * it read at boot: setting the date (kernel/settime.c) changes only that,
 * so CLOCK_MONOTONIC and every sleep measured on it never see a step, as
 * Linux's wall_to_monotonic.  The coarse readers (get_seconds, current_time)
 * take its seconds and ticks without the lock: during a step one of them may
 * see the old seconds with the new ticks, a second off once.
 */
#include "kernel/time.h"
#include "fs/timerfd.h"
#include "drivers/rtc.h"
#include "kernel/errno.h"
#include "kernel/kstat.h"
#include "kernel/spinlock.h"
#include "kernel/task.h"
#include "kernel/x86.h"

#define PIT_HZ		1193182
#define PIT_LATCH	((PIT_HZ + HZ / 2) / HZ)

uint64_t jiffies_64;		/* clock_lock's, and jiffies_seq's */
static volatile uint32_t jiffies_seq;	/* odd while the tick changes jiffies_64 */
static uint64_t wall_boot_ns;	/* the wall clock at ktime 0: clock_lock's */
uint32_t boot_epoch;		/* its seconds and, in ticks, its fraction: */
uint32_t boot_epoch_ticks;	/* what the coarse readers add to jiffies */
static int64_t time_adjust_ns;	/* adjtime's slew still to make: clock_lock's */
static DEFINE_SPINLOCK(clock_lock);

/* The wall clock is now ns at ktime 0.  clock_lock held. */
static void set_wall_boot(uint64_t ns)
{
	wall_boot_ns = ns;
	boot_epoch = ns / NSEC_PER_SEC;
	boot_epoch_ticks = ns % NSEC_PER_SEC / TICK_NSEC;
}

void timer_init(void)
{
	outb(0x43, 0x34);		/* channel 0, lobyte/hibyte, rate generator */
	outb(0x40, PIT_LATCH & 0xFF);
	outb(0x40, PIT_LATCH >> 8);
	set_wall_boot(rtc_read_epoch() * NSEC_PER_SEC);
}

/*
 * x86 keeps loads in order and stores in order, so compiler barriers are
 * the seqlock's only fences: the count, then jiffies_64, then the count again.
 */
uint64_t get_jiffies_64(void)
{
	uint32_t seq;
	uint64_t j;

	do {
		seq = jiffies_seq;
		barrier();
		j = jiffies_64;
		barrier();
	} while ((seq & 1) || seq != jiffies_seq);
	return j;
}

struct kernel_stat kstat;
DEFINE_PER_CPU(struct cpu_usage_stat, cpustat);

/*
 * Linux's tick accounting: the whole tick goes to the task it interrupted,
 * as user time if it interrupted user mode, else as system time; and to
 * the CPU's counts (/proc/stat): user (nice if the task is niced), system,
 * or idle when the idle task had nothing to do.
 */
static void account_tick(struct task *t, int user)
{
	if (user)
		t->usage.utime++;
	else
		t->usage.stime++;
	if (t == this_cpu()->idle)
		cpustat.idle++;
	else if (user && t->nice > 0)
		cpustat.nice++;
	else if (user)
		cpustat.user++;
	else
		cpustat.system++;
}

/*
 * This CPU's tick, interrupts off: the running task is charged, and its
 * slice shrinks (a real-time task's is sched_rt_tick's).  sched_lock held.
 */
static void __scheduler_tick(int user)
{
	account_tick(current, user);
	if (nr_rt_tasks && sched_rt_tick())
		return;
	if (--current->ticks_left <= 0)
		need_resched = 1;
}

/* From another CPU's local timer (kernel/lapic.c), interrupts off. */
void scheduler_tick(int user)
{
	spin_lock(&sched_lock);
	__scheduler_tick(user);
	spin_unlock(&sched_lock);
}

/*
 * adjtime slews the clock rather than stepping it: 500 ppm faster or
 * slower until the offset is made up (Linux's MAX_TICKADJ), 5 us a tick,
 * so the clock never goes back and nothing waiting on it is told.
 * clock_lock held.
 */
static void adjtime_slew(void)
{
	int64_t step = TICK_NSEC / 2000;

	if (!time_adjust_ns)
		return;
	if (time_adjust_ns < step && time_adjust_ns > -step)
		step = time_adjust_ns;
	else if (time_adjust_ns < 0)
		step = -step;
	time_adjust_ns -= step;
	set_wall_boot(wall_boot_ns + step);
}

/* From the PIT's interrupt, on cpu0, interrupts off. */
void timer_tick(int user)
{
	uint64_t now;

	spin_lock(&clock_lock);
	jiffies_seq++;
	barrier();
	now = ++jiffies_64;
	barrier();
	jiffies_seq++;
	adjtime_slew();
	spin_unlock(&clock_lock);

	spin_lock(&sched_lock);
	__scheduler_tick(user);
	for_each_task(t) {
		if (t->timeout && t->timeout <= now)
			wake_task(t);
		itimer_tick(t);
		if (thread_group_leader(t) && t->signal)
			posix_timer_tick(t);
	}
	__hrtimer_run_queues();
	calc_global_load(now);
	spin_unlock(&sched_lock);
	timerfd_tick();
}

/*
 * Ticks plus how far the PIT has counted into the current tick.  With
 * interrupts off (here, and maybe in the caller) the counter may have
 * started a new tick that jiffies_64 does not show yet (the PIC holds the
 * interrupt): count it, and never let the clock step back.
 */
static uint64_t __ktime_ns(void)
{
	static uint64_t last;	/* clock_lock's */
	uint64_t j, ns;
	uint32_t count;

	outb(0x43, 0x00);		/* latch channel 0 */
	count = inb(0x40);
	count |= inb(0x40) << 8;
	j = jiffies_64;
	/* The PIC's request register (pic_init selects it for reading). */
	if ((inb(0x20) & 1) && count > PIT_LATCH / 2)
		j++;			/* the tick happened, its interrupt waits */
	if (count > PIT_LATCH)
		count = PIT_LATCH;
	ns = j * (1000000000ull / HZ) +
	     (uint64_t)(PIT_LATCH - count) * 1000000000ull / PIT_HZ;
	/*
	 * Strictly increasing, as Linux's nanosecond clock is in practice: two
	 * equal readings compare unequal once a program turns them into x87
	 * doubles, one rounded to 64 bits and one still at 80.
	 */
	if (ns <= last)
		ns = last + 1;
	last = ns;
	return ns;
}

uint64_t ktime_ns(void)
{
	uint32_t flags;
	uint64_t ns;

	spin_lock_irqsave(&clock_lock, flags);
	ns = __ktime_ns();
	spin_unlock_irqrestore(&clock_lock, flags);
	return ns;
}

uint64_t realtime_ns(void)
{
	uint32_t flags;
	uint64_t ns;

	spin_lock_irqsave(&clock_lock, flags);
	ns = wall_boot_ns + __ktime_ns();
	spin_unlock_irqrestore(&clock_lock, flags);
	return ns;
}

/*
 * A deadline on the wall clock as one on the monotonic clock (1: long
 * past), and back: good until the wall clock steps.
 */
uint64_t realtime_to_ktime(uint64_t wall)
{
	uint64_t now = realtime_ns();

	return wall > now ? ktime_ns() + (wall - now) : 1;
}

uint64_t ktime_to_realtime(uint64_t ns)
{
	return ns + (realtime_ns() - ktime_ns());
}

/*
 * The wall clock stepped by delta ns: what waits on it follows (Linux's
 * clock_was_set): an absolute clock_nanosleep or a FUTEX_CLOCK_REALTIME
 * wait keeps its time on the wall clock, and a timerfd that asked to be
 * told (TFD_TIMER_CANCEL_ON_SET) is.  The posix timers compare at every tick.
 */
static void clock_was_set(int64_t delta)
{
	hrtimer_clock_was_set(delta);
	timerfd_clock_was_set();
}

/*
 * Steps the wall clock to ns (Linux's do_settimeofday64), or by delta
 * (timekeeping_inject_offset): EINVAL if it would then read less than
 * the monotonic clock, a date before the boot.
 */
int do_settimeofday(uint64_t ns)
{
	uint32_t flags;
	uint64_t now;
	int64_t delta = 0;
	int err = 0;

	spin_lock_irqsave(&clock_lock, flags);
	now = __ktime_ns();
	if (ns < now) {
		err = -EINVAL;
	} else {
		delta = (int64_t)(ns - now - wall_boot_ns);
		set_wall_boot(ns - now);
	}
	spin_unlock_irqrestore(&clock_lock, flags);
	if (!err)
		clock_was_set(delta);
	return err;
}

int timekeeping_inject_offset(int64_t delta)
{
	uint32_t flags;
	int err = 0;

	spin_lock_irqsave(&clock_lock, flags);
	if ((delta < 0 && (uint64_t)-delta > wall_boot_ns) ||
	    wall_boot_ns + delta > TIME_SETTOD_SEC_MAX * NSEC_PER_SEC)
		err = -EINVAL;
	else
		set_wall_boot(wall_boot_ns + delta);
	spin_unlock_irqrestore(&clock_lock, flags);
	if (!err)
		clock_was_set(delta);
	return err;
}

/* adjtime's slew still to make (ns), and a new one unless delta is NULL. */
int64_t timekeeping_adjtime(const int64_t *delta)
{
	uint32_t flags;
	int64_t old;

	spin_lock_irqsave(&clock_lock, flags);
	old = time_adjust_ns;
	if (delta)
		time_adjust_ns = *delta;
	spin_unlock_irqrestore(&clock_lock, flags);
	return old;
}
