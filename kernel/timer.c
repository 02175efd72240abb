/*
 * The PIT interrupts HZ times a second: jiffies counts the ticks, the tick
 * is charged to the running task, sleepers with a timeout are woken,
 * interval timers that are due signal, and the running task's time slice
 * shrinks; the switch itself happens on the way back to user mode
 * (kernel/trap.c).
 */
#include "kernel/time.h"
#include "drivers/rtc.h"
#include "kernel/task.h"
#include "kernel/x86.h"

#define PIT_HZ		1193182
#define PIT_LATCH	((PIT_HZ + HZ / 2) / HZ)
#define TIME_SLICE	5	/* ticks */

volatile uint64_t jiffies;
uint32_t boot_epoch;

void timer_init(void)
{
	outb(0x43, 0x34);		/* channel 0, lobyte/hibyte, rate generator */
	outb(0x40, PIT_LATCH & 0xFF);
	outb(0x40, PIT_LATCH >> 8);
	boot_epoch = rtc_read_epoch();
}

static int tick_held;	/* the coming tick fell while the kernel worked */

/*
 * On the way back to user mode.  The kernel runs with interrupts off, so a
 * tick that falls inside a system call or a fault waits in the PIC and
 * interrupts the first user instruction after it: if the PIC's request
 * register (pic_init selects it for reading) has the timer's line up, the
 * tick that comes next belongs to the kernel's work.
 */
void check_held_tick(void)
{
	tick_held = inb(0x20) & 1;
}

/*
 * Linux's tick accounting: the whole tick goes to the task it interrupted,
 * as system time if it interrupted the kernel, or found the kernel had
 * held it back.
 */
static void account_tick(struct task *t, int user)
{
	if (user && !tick_held)
		t->usage.utime++;
	else
		t->usage.stime++;
	tick_held = 0;
}

void timer_tick(int user)
{
	jiffies++;
	if (current)
		account_tick(current, user);
	for_each_task(t) {
		if (t->timeout && t->timeout <= jiffies &&
		    (t->state == TASK_INTERRUPTIBLE || t->state == TASK_UNINTERRUPTIBLE))
			wake_task(t);
		itimer_tick(t);
	}
	if (current && --current->ticks_left <= 0)
		need_resched = 1;
}

/*
 * A sleep of ns ends at a tick: the current one is partly gone, so one more
 * than ns needs makes sure the whole time has passed.
 */
uint64_t timeout_jiffies(uint64_t ns)
{
	return jiffies + (ns + TICK_NSEC - 1) / TICK_NSEC + 1;
}

/*
 * Ticks plus how far the PIT has counted into the current tick.  The kernel
 * runs with interrupts off, so the counter may have started a new tick that
 * jiffies does not show yet (the PIC holds the interrupt): count it, and
 * never let the clock step back.
 */
uint64_t ktime_ns(void)
{
	static uint64_t last;
	uint64_t j, ns;
	uint32_t count;

	outb(0x43, 0x00);		/* latch channel 0 */
	count = inb(0x40);
	count |= inb(0x40) << 8;
	j = jiffies;
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

uint64_t realtime_ns(void)
{
	return (uint64_t)boot_epoch * 1000000000ull + ktime_ns();
}
