/* Clocks and sleeping. */
#include "kernel/task.h"
#include "kernel/errno.h"
#include "kernel/time.h"
#include "mm/uaccess.h"

#define CLOCK_REALTIME		0
#define CLOCK_MONOTONIC		1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID	3
#define CLOCK_MONOTONIC_RAW	4
#define CLOCK_REALTIME_COARSE	5
#define CLOCK_MONOTONIC_COARSE	6
#define CLOCK_BOOTTIME		7
#define TIMER_ABSTIME		1

/*
 * CPU-time clocks.  CLOCK_PROCESS_CPUTIME_ID and CLOCK_THREAD_CPUTIME_ID
 * are the caller's; Linux's negative ids name any process's, as glibc's
 * clock_getcpuclockid makes them (and its clock_nanosleep, for the process
 * clock): ~pid << 3 | PERTHREAD | which, pid 0 meaning the caller.  With one
 * thread per process, a thread clock can only be the caller's own.  Low
 * bits CLOCKFD name a posix clock device instead, of which shmos has none.
 */
#define CPUCLOCK_PROF		0	/* user and system time */
#define CPUCLOCK_VIRT		1	/* user time */
#define CPUCLOCK_SCHED		2	/* user and system time, as Linux's scheduler counts it */
#define CPUCLOCK_PERTHREAD	4
#define CLOCKFD			3

/* The task whose CPU time clock reads, and which time; NULL: no such clock. */
static struct task *cpu_clock_task(int clock, int *which)
{
	int pid = ~(clock >> 3);
	struct task *t;

	*which = clock < 0 ? clock & 3 : CPUCLOCK_SCHED;
	if (clock >= 0)
		return current;
	if (*which == CLOCKFD)
		return NULL;
	t = pid ? find_task(pid) : current;
	if ((clock & CPUCLOCK_PERTHREAD) && t != current)
		return NULL;
	return t;
}

/* The timer charges whole ticks (kernel/timer.c): the time moves 10 ms at a time. */
static uint64_t cputime_ns(struct task *t, int which)
{
	uint32_t ticks = t->usage.utime;

	if (which != CPUCLOCK_VIRT)
		ticks += t->usage.stime;
	return (uint64_t)ticks * TICK_NSEC;
}

static int clock_ns(int clock, uint64_t *ns)
{
	struct task *t;
	int which;

	switch (clock) {
	case CLOCK_REALTIME: case CLOCK_REALTIME_COARSE:
		*ns = realtime_ns();
		return 0;
	case CLOCK_MONOTONIC: case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE: case CLOCK_BOOTTIME:
		*ns = ktime_ns();
		return 0;
	}
	if (clock > CLOCK_THREAD_CPUTIME_ID || !(t = cpu_clock_task(clock, &which)))
		return -EINVAL;
	*ns = cputime_ns(t, which);
	return 0;
}

int posix_clock_exists(int clock)
{
	uint64_t ns;

	return clock_ns(clock, &ns) == 0;
}

long sys_time(int32_t *t)
{
	int32_t now = get_seconds();

	if (t && copy_to_user(t, &now, sizeof(now)))
		return -EFAULT;
	return now;
}

/* The time zone settimeofday last set, which the kernel only keeps: sys_tz. */
static struct timezone sys_tz;

long sys_gettimeofday(struct timeval32 *tv, struct timezone *tz)
{
	uint64_t ns = realtime_ns();
	struct timeval32 v = { ns / NSEC_PER_SEC, (ns % NSEC_PER_SEC) / 1000 };

	if (tv && copy_to_user(tv, &v, sizeof(v)))
		return -EFAULT;
	if (tz && copy_to_user(tz, &sys_tz, sizeof(sys_tz)))
		return -EFAULT;
	return 0;
}

/*
 * Linux's do_sys_settimeofday64, in its order: a time out of range
 * (EINVAL), then the privilege (CAP_SYS_TIME: root), then a zone more
 * than 15 hours off (EINVAL); the time is set last, EINVAL if before the
 * boot.  (Linux's first zone set without a time also warps a CMOS clock
 * kept in local time to UTC: shmos reads the CMOS clock as UTC.)
 */
static long settimeofday(const struct timespec64 *ts, const struct timezone *tz)
{
	if (ts && (ts->tv_sec < 0 || ts->tv_nsec < 0 ||
		   ts->tv_nsec >= (int64_t)NSEC_PER_SEC || ts->tv_sec > TIME_SETTOD_SEC_MAX))
		return -EINVAL;
	if (current->euid != 0)
		return -EPERM;
	if (tz) {
		if (tz->tz_minuteswest > 15 * 60 || tz->tz_minuteswest < -15 * 60)
			return -EINVAL;
		sys_tz = *tz;
	}
	return ts ? do_settimeofday(ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec) : 0;
}

/* Linux lets tv_usec be 1000000 here, for the check above to refuse. */
long sys_settimeofday(const struct timeval32 *utv, const struct timezone *utz)
{
	struct timeval32 tv;
	struct timespec64 ts;
	struct timezone tz;

	if (utv) {
		if (copy_from_user(&tv, utv, sizeof(tv)))
			return -EFAULT;
		if (tv.tv_usec > 1000000 || tv.tv_usec < 0)
			return -EINVAL;
		ts = (struct timespec64){ tv.tv_sec, tv.tv_usec * 1000ll };
	}
	if (utz && copy_from_user(&tz, utz, sizeof(tz)))
		return -EFAULT;
	return settimeofday(utv ? &ts : NULL, utz ? &tz : NULL);
}

/*
 * i386's old stime: root only, and then it answers 0 even when the time
 * was refused (a negative one), as Linux's stime32 does.
 */
long sys_stime(const int32_t *ut)
{
	int32_t t;

	if (copy_from_user(&t, ut, sizeof(t)))
		return -EFAULT;
	if (current->euid != 0)
		return -EPERM;
	if (t >= 0)
		do_settimeofday(t * NSEC_PER_SEC);
	return 0;
}

int get_timespec(const void *uts, int is64, uint64_t *ns)
{
	struct timespec64 ts;
	struct timespec32 ts32;

	if (is64) {
		if (copy_from_user(&ts, uts, sizeof(ts)))
			return -EFAULT;
	} else {
		if (copy_from_user(&ts32, uts, sizeof(ts32)))
			return -EFAULT;
		ts.tv_sec = ts32.tv_sec;
		ts.tv_nsec = ts32.tv_nsec;
	}
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (int64_t)NSEC_PER_SEC)
		return -EINVAL;
	/* Valid but beyond 2^32 s: wait "for ever" rather than wrap around. */
	if (ts.tv_sec >= (1ll << 32))
		ts.tv_sec = 1ll << 32;
	*ns = ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
	return 0;
}

int put_timespec(void *uts, int is64, uint64_t ns)
{
	struct timespec64 ts = { ns / NSEC_PER_SEC, ns % NSEC_PER_SEC };
	struct timespec32 ts32 = { ts.tv_sec, ts.tv_nsec };

	if (is64)
		return copy_to_user(uts, &ts, sizeof(ts)) ? -EFAULT : 0;
	return copy_to_user(uts, &ts32, sizeof(ts32)) ? -EFAULT : 0;
}

static long gettime(int clock, void *tp, int is64)
{
	uint64_t ns;

	if (clock_ns(clock, &ns))
		return -EINVAL;
	return put_timespec(tp, is64, ns);
}

long sys_clock_gettime(int clock, struct timespec32 *tp)
{
	return gettime(clock, tp, 0);
}

long sys_clock_gettime64(int clock, struct timespec64 *tp)
{
	return gettime(clock, tp, 1);
}

/*
 * Every clock ticks in nanoseconds as far as a caller can tell, as Linux
 * says of its wall clocks and its scheduler's CPU clocks, though shmos's CPU
 * time moves a tick at a time; Linux's PROF and VIRT CPU clocks say a tick.
 */
/*
 * Linux's clock_settime: only CLOCK_REALTIME can be set; the others refuse,
 * EINVAL, before the time is read, but for a process's CPU-time clock by
 * its negative id, which reads it and then refuses EPERM
 * (posix_cpu_clock_set), or EINVAL for one of no process.
 */
static long settime(int clock, const void *utp, int is64)
{
	struct timespec64 ts;
	struct timespec32 ts32;
	uint64_t ns;

	if (clock >= 0 && clock != CLOCK_REALTIME)
		return -EINVAL;
	if (is64 ? copy_from_user(&ts, utp, sizeof(ts)) :
		   copy_from_user(&ts32, utp, sizeof(ts32)))
		return -EFAULT;
	if (!is64)
		ts = (struct timespec64){ ts32.tv_sec, ts32.tv_nsec };
	if (clock != CLOCK_REALTIME)
		return clock_ns(clock, &ns) ? -EINVAL : -EPERM;
	return settimeofday(&ts, NULL);
}

long sys_clock_settime(int clock, const struct timespec32 *tp)
{
	return settime(clock, tp, 0);
}

long sys_clock_settime64(int clock, const struct timespec64 *tp)
{
	return settime(clock, tp, 1);
}

static long getres(int clock, void *tp, int is64)
{
	uint64_t ns;
	int tick = clock < 0 && (clock & 3) != CPUCLOCK_SCHED;

	if (clock_ns(clock, &ns))
		return -EINVAL;
	return tp ? put_timespec(tp, is64, tick ? TICK_NSEC : 1) : 0;
}

long sys_clock_getres(int clock, struct timespec32 *tp)
{
	return getres(clock, tp, 0);
}

long sys_clock_getres64(int clock, struct timespec64 *tp)
{
	return getres(clock, tp, 1);
}

/* Whether clock_nanosleep can sleep on clock: 0, or Linux's error. */
static int nsleep_clock(int clock)
{
	switch (clock) {
	case CLOCK_REALTIME: case CLOCK_MONOTONIC: case CLOCK_BOOTTIME:
	case CLOCK_PROCESS_CPUTIME_ID:
		return 0;
	case CLOCK_THREAD_CPUTIME_ID: case CLOCK_MONOTONIC_RAW:
	case CLOCK_REALTIME_COARSE: case CLOCK_MONOTONIC_COARSE:
		return -ENOTSUP;
	}
	if (clock < 0)
		return (clock & 7) == CLOCKFD ? -ENOTSUP : 0;
	return -EINVAL;
}

/*
 * Sleeps until the clock reads deadline; a signal ends it early with
 * -EINTR.  A CPU-time clock moves no faster than the monotonic one, so how
 * far it has to go is the least time to sleep before looking again, and it
 * moves a tick at a time, so at least a tick; the caller's own never moves
 * while it sleeps, so only a signal ends that wait, as on Linux.  A clock
 * whose process has gone ends it too.  There is at least one sleep, as on
 * Linux: a nanosleep gives up the CPU, however short.
 */
/*
 * Whether clock is a CPU-time clock only the caller could move: its own
 * process's, with no other thread.  Nothing moves it while the caller
 * sleeps, so only a signal ends the wait, as on Linux; waking to look at
 * it would charge the looker a whole tick now and then (kernel/timer.c),
 * which ended a 1 ms sleep on it with success.
 */
static int clock_still_while_asleep(int clock)
{
	int which;
	struct task *t = clock == CLOCK_PROCESS_CPUTIME_ID || clock < 0 ?
			 cpu_clock_task(clock, &which) : NULL;

	return t && t->tgid == current->tgid && current->signal->nr_threads == 1;
}

static long sleep_until(int clock, uint64_t deadline)
{
	uint64_t now, ns;
	int err = 0, slept = 0;

	if (clock_still_while_asleep(clock) && !clock_ns(clock, &now) && now < deadline)
		return schedule_hrtimeout(UINT64_MAX);	/* no expiry: a signal (-EINTR) */
	while (!err && !clock_ns(clock, &now) && (now < deadline || !slept)) {
		ns = now < deadline ? deadline - now : 0;
		if (clock < 0 && ns < TICK_NSEC)
			ns = TICK_NSEC;
		err = clock == CLOCK_REALTIME ? schedule_hrtimeout_wall(ktime_ns() + ns) :
		      schedule_hrtimeout(ktime_ns() + ns);
		slept = 1;
	}
	return err;
}

/*
 * A relative sleep cut short by a signal stores the time left in *urem and
 * fails ERESTART_RESTARTBLOCK: EINTR if a handler runs, else (the signal
 * stopped the task, which was then continued) restart_syscall sleeps on to
 * the same deadline, as Linux's hrtimer_nanosleep_restart.
 */
static long nanosleep_to(struct restart_block *rb)
{
	uint64_t now;

	if (!sleep_until(rb->clock, rb->deadline))
		return 0;
	if (rb->urem && !clock_ns(rb->clock, &now) &&
	    put_timespec(rb->urem, rb->is64,
			 rb->deadline > now ? rb->deadline - now : 0))
		return -EFAULT;
	rb->armed = 1;
	return -ERESTART_RESTARTBLOCK;
}

/*
 * Linux's order of errors: the clock, the request, then what a CPU-time
 * clock needs (a thread cannot sleep on its own clock).  A relative sleep
 * on the wall clock is measured on the monotonic one, which no date set
 * moves (Linux's hrtimer base); an absolute one keeps its time on the
 * wall clock when the clock steps (hrtimer_clock_was_set).  An absolute
 * sleep cut short starts again from the beginning when no handler runs
 * (ERESTARTNOHAND): its deadline is in its arguments.
 */
static long do_nanosleep(int clock, int flags, const void *ureq, void *urem,
			 int is64)
{
	struct restart_block *rb = &current->restart_block;
	uint64_t now, ns;
	long err;

	if ((err = nsleep_clock(clock)) || (err = get_timespec(ureq, is64, &ns)))
		return err;
	if (clock_ns(clock, &now) || (clock < 0 && (clock & CPUCLOCK_PERTHREAD)))
		return -EINVAL;
	if (flags & TIMER_ABSTIME)
		return sleep_until(clock, ns) ? -ERESTARTNOHAND : 0;
	if (clock == CLOCK_REALTIME) {
		clock = CLOCK_MONOTONIC;
		clock_ns(clock, &now);
	}
	*rb = (struct restart_block){ .fn = nanosleep_to, .clock = clock,
				      .deadline = now + ns, .urem = urem, .is64 = is64 };
	return nanosleep_to(rb);
}

/*
 * System call 0, which do_signal makes a call that failed
 * ERESTART_RESTARTBLOCK run as: it goes on with what the call left in
 * current->restart_block, once; with nothing there it fails EINTR (Linux's
 * do_no_restart_syscall).
 */
long sys_restart_syscall(void)
{
	struct restart_block *rb = &current->restart_block;

	if (!rb->armed)
		return -EINTR;
	rb->armed = 0;
	return rb->fn(rb);
}

long sys_nanosleep(const struct timespec32 *req, struct timespec32 *rem)
{
	return do_nanosleep(CLOCK_MONOTONIC, 0, req, rem, 0);
}

long sys_clock_nanosleep(int clock, int flags, const struct timespec32 *req,
			 struct timespec32 *rem)
{
	return do_nanosleep(clock, flags, req, rem, 0);
}

long sys_clock_nanosleep64(int clock, int flags, const struct timespec64 *req,
			   struct timespec64 *rem)
{
	return do_nanosleep(clock, flags, req, rem, 1);
}

long sys_sched_yield(void)
{
	yield();
	return 0;
}
