/* Time: the PIT's tick (jiffies, HZ per second) and the CMOS wall clock. */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H

#include <stdint.h>
#include "kernel/list.h"

#define HZ		100
#define NSEC_PER_SEC	1000000000ull
#define TICK_NSEC	(NSEC_PER_SEC / HZ)

/* The i386 layouts: 32-bit fields for the old calls, 64-bit for *_time64. */
struct timeval32 { int32_t tv_sec, tv_usec; };
struct timespec32 { int32_t tv_sec, tv_nsec; };
struct timespec64 { int64_t tv_sec, tv_nsec; };
struct timezone { int32_t tz_minuteswest, tz_dsttime; };

/* The latest date settimeofday takes: 30 years short of ktime's 64-bit end (Linux's). */
#define TIME_SETTOD_SEC_MAX	(9223372036ll - 30ll * 365 * 86400)

void timer_init(void);
void timer_tick(int user);		/* user: the tick interrupted user mode */
void scheduler_tick(int user);		/* a CPU's own tick, but cpu0's */
uint64_t get_jiffies_64(void);		/* ticks since boot */
uint64_t ktime_ns(void);		/* monotonic, since boot */
uint64_t realtime_ns(void);		/* since the epoch */
uint64_t realtime_to_ktime(uint64_t wall);	/* a wall clock deadline on ktime; 1 if past */
uint64_t ktime_to_realtime(uint64_t ns);	/* and back */
int do_settimeofday(uint64_t ns);	/* the wall clock steps to ns */
int timekeeping_inject_offset(int64_t delta);	/* or by delta */
int64_t timekeeping_adjtime(const int64_t *delta);	/* adjtime's slew; the old back */
int posix_clock_exists(int clock);	/* clock_gettime can read it */
extern uint32_t boot_epoch;		/* the wall clock's seconds at boot, */
extern uint32_t boot_epoch_ticks;	/* and its fraction in ticks */
extern uint64_t jiffies_64;		/* kernel/timer.c's; read it with the above */

/*
 * The low word of jiffies_64 (Linux's jiffies): one load, whole, so no
 * seqlock; it wraps after 497 days, so only for differences and seconds.
 */
static inline uint32_t get_jiffies(void)
{
	return *(volatile uint32_t *)&jiffies_64;
}

/* Wall-clock seconds at tick resolution: cheap enough for every semop. */
static inline uint32_t get_seconds(void)
{
	return boot_epoch + (get_jiffies() + boot_epoch_ticks) / HZ;
}

/* A file's time: Linux i386's stat64 has 32-bit seconds and nanoseconds. */
struct inode_time {
	uint32_t tv_sec, tv_nsec;
};

/*
 * The wall clock at the last tick, Linux's current_time (a coarse clock):
 * what a file's times are set to.  Nanoseconds, not only seconds, so that
 * make and find -newer tell apart two changes in the same second; the
 * tick, not the clock's finest, since every write sets the time.
 */
static inline struct inode_time current_time(void)
{
	uint32_t j = get_jiffies() + boot_epoch_ticks;

	return (struct inode_time){ boot_epoch + j / HZ, (j % HZ) * TICK_NSEC };
}

/*
 * A timed sleep's deadline finer than the tick, on its sleeper's kernel
 * stack while it is queued (kernel/hrtimer.c).  done: the deadline passed.
 * A timer with a function (ITIMER_REAL's, in struct task) calls it at the
 * deadline instead of waking task.
 */
struct hrtimer_sleeper {
	struct list_head node;		/* in hrtimer_queue, by expires */
	uint64_t expires;		/* ktime_ns */
	struct task *task;
	int done;
	int wall;		/* its deadline was read off the wall clock */
	void (*function)(struct hrtimer_sleeper *t);	/* sched_lock held */
};

void hrtimer_start(struct hrtimer_sleeper *t, uint64_t expires, int wall);
void __hrtimer_start(struct hrtimer_sleeper *t, uint64_t expires);	/* sched_lock held */
void __hrtimer_cancel(struct hrtimer_sleeper *t);	/* sched_lock held, t queued */
void hrtimer_cancel(struct hrtimer_sleeper *t);
void __hrtimer_run_queues(void);	/* sched_lock held */
void hrtimer_interrupt(void);		/* the one-shot timer's */
void hrtimer_clock_was_set(int64_t delta);	/* the wall clock stepped by delta */
int hrtimer_sleep_on(const void *chan, struct hrtimer_sleeper *t);
int schedule_hrtimeout(uint64_t expires);
int schedule_hrtimeout_wall(uint64_t expires);	/* expires follows the wall clock's steps */

/* A user timespec of 32- or 64-bit fields, to or from ns (kernel/sys_time.c). */
int get_timespec(const void *uts, int is64, uint64_t *ns);
int put_timespec(void *uts, int is64, uint64_t ns);
/* An itimerspec: the interval, then the value, each a 32- or 64-bit timespec (kernel/posix_timers.c). */
int put_itimerspec(void *u, int is64, uint64_t value, uint64_t interval);

#endif
