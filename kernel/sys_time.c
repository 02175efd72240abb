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
#define NSEC			1000000000ull

struct timespec32 { int32_t tv_sec, tv_nsec; };
struct timespec64 { int64_t tv_sec, tv_nsec; };
struct timeval32 { int32_t tv_sec, tv_usec; };

static int clock_ns(int clock, uint64_t *ns)
{
	switch (clock) {
	case CLOCK_REALTIME: case CLOCK_REALTIME_COARSE:
		*ns = realtime_ns();
		return 0;
	case CLOCK_MONOTONIC: case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE: case CLOCK_BOOTTIME:
	case CLOCK_PROCESS_CPUTIME_ID: case CLOCK_THREAD_CPUTIME_ID:
		*ns = ktime_ns();
		return 0;
	}
	return -EINVAL;
}

long sys_time(int32_t *t)
{
	int32_t now = get_seconds();

	if (t && copy_to_user(t, &now, sizeof(now)))
		return -EFAULT;
	return now;
}

long sys_gettimeofday(struct timeval32 *tv, void *tz)
{
	uint64_t ns = realtime_ns();
	struct timeval32 v = { ns / NSEC, (ns % NSEC) / 1000 };

	if (tv && copy_to_user(tv, &v, sizeof(v)))
		return -EFAULT;
	if (tz && clear_user(tz, 8))
		return -EFAULT;
	return 0;
}

/* Stores ns as a timespec of 32-bit (the old calls) or 64-bit fields. */
static long put_timespec(void *tp, uint64_t ns, int wide)
{
	struct timespec64 t64 = { ns / NSEC, ns % NSEC };
	struct timespec32 t32 = { t64.tv_sec, t64.tv_nsec };

	if (wide)
		return copy_to_user(tp, &t64, sizeof(t64)) ? -EFAULT : 0;
	return copy_to_user(tp, &t32, sizeof(t32)) ? -EFAULT : 0;
}

static long gettime(int clock, void *tp, int wide)
{
	uint64_t ns;

	if (clock_ns(clock, &ns))
		return -EINVAL;
	return put_timespec(tp, ns, wide);
}

long sys_clock_gettime(int clock, struct timespec32 *tp)
{
	return gettime(clock, tp, 0);
}

long sys_clock_gettime64(int clock, struct timespec64 *tp)
{
	return gettime(clock, tp, 1);
}

/* Every clock ticks in nanoseconds as far as a caller can tell. */
static long getres(int clock, void *tp, int wide)
{
	uint64_t ns;

	if (clock_ns(clock, &ns))
		return -EINVAL;
	return tp ? put_timespec(tp, 1, wide) : 0;
}

long sys_clock_getres(int clock, struct timespec32 *tp)
{
	return getres(clock, tp, 0);
}

long sys_clock_getres64(int clock, struct timespec64 *tp)
{
	return getres(clock, tp, 1);
}

/*
 * Sleeps until the clock reads deadline_ns; a signal ends it early with
 * -EINTR.  Ticks are 10 ms, so we round up to the next tick.
 */
static long sleep_until(int clock, uint64_t deadline_ns)
{
	uint64_t now;

	clock_ns(clock, &now);
	if (deadline_ns <= now)
		return 0;
	return sleep_timeout(jiffies + (deadline_ns - now + NSEC / HZ - 1) /
			     (NSEC / HZ) + 1);
}

static long do_nanosleep(int clock, int flags, int64_t sec, int64_t nsec)
{
	uint64_t now, ns;

	if (sec < 0 || nsec < 0 || nsec >= (int64_t)NSEC)
		return -EINVAL;
	if (clock_ns(clock, &now) || clock >= CLOCK_PROCESS_CPUTIME_ID)
		return clock == CLOCK_THREAD_CPUTIME_ID ? -EINVAL :
		       clock == CLOCK_PROCESS_CPUTIME_ID ? -ENOTSUP : -EINVAL;
	ns = sec * NSEC + nsec;
	return sleep_until(clock, (flags & TIMER_ABSTIME) ? ns : now + ns);
}

long sys_nanosleep(const struct timespec32 *req, struct timespec32 *rem)
{
	struct timespec32 ts;

	if (copy_from_user(&ts, req, sizeof(ts)))
		return -EFAULT;
	return do_nanosleep(CLOCK_MONOTONIC, 0, ts.tv_sec, ts.tv_nsec);
}

long sys_clock_nanosleep(int clock, int flags, const struct timespec32 *req,
			 struct timespec32 *rem)
{
	struct timespec32 ts;

	if (copy_from_user(&ts, req, sizeof(ts)))
		return -EFAULT;
	return do_nanosleep(clock, flags, ts.tv_sec, ts.tv_nsec);
}

long sys_clock_nanosleep64(int clock, int flags, const struct timespec64 *req,
			   struct timespec64 *rem)
{
	struct timespec64 ts;

	if (copy_from_user(&ts, req, sizeof(ts)))
		return -EFAULT;
	return do_nanosleep(clock, flags, ts.tv_sec, ts.tv_nsec);
}

long sys_sched_yield(void)
{
	yield();
	return 0;
}
