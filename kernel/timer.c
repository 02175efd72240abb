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
 */
#include "kernel/time.h"
#include "fs/timerfd.h"
#include "drivers/rtc.h"
#include "kernel/kstat.h"
#include "kernel/spinlock.h"
#include "kernel/task.h"
#include "kernel/x86.h"

#define PIT_HZ		1193182
#define PIT_LATCH	((PIT_HZ + HZ / 2) / HZ)

uint64_t jiffies_64;		/* clock_lock's, and jiffies_seq's */
static volatile uint32_t jiffies_seq;	/* odd while the tick changes jiffies_64 */
uint32_t boot_epoch;
static DEFINE_SPINLOCK(clock_lock);

void timer_init(void)
{
	outb(0x43, 0x34);		/* channel 0, lobyte/hibyte, rate generator */
	outb(0x40, PIT_LATCH & 0xFF);
	outb(0x40, PIT_LATCH >> 8);
	boot_epoch = rtc_read_epoch();
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
 * slice shrinks.  sched_lock held.
 */
static void __scheduler_tick(int user)
{
	account_tick(current, user);
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
uint64_t ktime_ns(void)
{
	static uint64_t last;	/* clock_lock's */
	uint64_t j, ns;
	uint32_t count, flags;

	spin_lock_irqsave(&clock_lock, flags);
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
	spin_unlock_irqrestore(&clock_lock, flags);
	return ns;
}

uint64_t realtime_ns(void)
{
	return (uint64_t)boot_epoch * 1000000000ull + ktime_ns();
}
