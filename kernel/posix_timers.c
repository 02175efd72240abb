/*
 * POSIX timers: timer_create, timer_settime, timer_gettime, timer_getoverrun
 * and timer_delete, as Linux's kernel/time/posix-timers.c.  A process may
 * have many, each on a clock of its choosing (the wall clock, the monotonic
 * one, or the CPU time of the process or of the thread that made it), each
 * signalling with a number and a value it chose (SIGEV_SIGNAL), a thread of
 * its own (SIGEV_THREAD_ID: glibc's SIGEV_THREAD runs on it), or not at all
 * (SIGEV_NONE: only read back).  Like the interval timers (kernel/itimer.c)
 * a timer keeps the time its clock expires at and the timer tick checks it:
 * it fires at the first tick at or after it.
 *
 * A timer that expires while its last signal is still pending queues no
 * other: it counts an overrun.  Taking the signal (dequeue_signal) ends the
 * count: the siginfo's si_overrun, and timer_getoverrun until the next one,
 * as Linux's.  The timers are the process's: the
 * last thread's exit and execve delete them; fork does not copy them.  The
 * list is sched_lock's, which the tick holds.
 */
#include "kernel/task.h"
#include "kernel/errno.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "kernel/time.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"

#define CLOCK_REALTIME		0
#define CLOCK_MONOTONIC		1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID	3
#define CLOCK_MONOTONIC_RAW	4
#define CLOCK_MONOTONIC_COARSE	6
#define CLOCK_BOOTTIME		7
#define CLOCK_REALTIME_ALARM	8
#define CLOCK_BOOTTIME_ALARM	9
#define TIMER_ABSTIME		1
#define CPUCLOCK_PERTHREAD	4
#define CPUCLOCK_FD		3

#define MAX_TIMERS		128	/* a process's, at once: then EAGAIN */
#define DELAYTIMER_MAX		0x7fffffff

struct k_itimer {
	struct k_itimer *next;	/* the process's, newest first */
	int id;
	int clock;		/* of those above */
	int base;		/* what expires is on: CLOCK_REALTIME for an
				   absolute wall-clock time, else clock */
	int notify, signo;
	int tid;		/* SIGEV_THREAD_ID's thread */
	int owner;		/* the thread that made it: CLOCK_THREAD_CPUTIME_ID's */
	uint32_t value;		/* si_value */
	uint64_t expires;	/* ns on base; 0: disarmed */
	uint64_t incr;		/* 0: one shot */
	int overrun;		/* expiries its pending signal absorbed */
	int overrun_last;	/* timer_getoverrun's: those of the last signal taken */
};

/* The CPU time of t's whole process: its threads' and what the exited left. */
static uint64_t process_cputime(struct task *t)
{
	uint64_t ticks = t->signal->usage.utime + t->signal->usage.stime;

	for_each_thread(t, u)
		if (u->signal == t->signal)
			ticks += u->usage.utime + u->usage.stime;
	return ticks * TICK_NSEC;
}

/* What base reads now for the process of t. */
static uint64_t timer_now(struct task *t, const struct k_itimer *k)
{
	struct task *u;

	switch (k->base) {
	case CLOCK_REALTIME:
		return realtime_ns();
	case CLOCK_PROCESS_CPUTIME_ID:
		return process_cputime(t);
	case CLOCK_THREAD_CPUTIME_ID:
		u = find_task(k->owner);
		return u && u->tgid == t->tgid ?
		       (uint64_t)(u->usage.utime + u->usage.stime) * TICK_NSEC : 0;
	}
	return ktime_ns();
}

/* The thread a SIGEV_THREAD_ID timer signals, if it is still there. */
static struct task *target_thread(struct task *t, int tid)
{
	struct task *u = find_task(tid);

	return u && u->tgid == t->tgid && u->state != TASK_ZOMBIE &&
	       u->state != TASK_UNUSED ? u : NULL;
}

/* k expired: its signal, unless the last one is still pending.  sched_lock held. */
static void timer_fire(struct task *t, struct k_itimer *k)
{
	struct ksiginfo info = { .code = SI_TIMER, .pid = k->id };
	struct task *to = t;
	uint64_t pending = t->signal->shared_pending.signal;

	if (k->notify == SIGEV_NONE)
		return;
	if (k->notify == SIGEV_THREAD_ID) {
		if (!(to = target_thread(t, k->tid)))
			return;
		pending = to->pending.signal;
	}
	if (pending & sigmask(k->signo)) {
		if (k->overrun < DELAYTIMER_MAX)
			k->overrun++;
		return;
	}
	/* siginfo's _timer: si_tid, si_value where kill's pid and status are */
	info.status = k->value;
	if (k->notify == SIGEV_THREAD_ID)
		__send_sig_info(to, k->signo, &info);
	else
		__group_send_sig_info(t, k->signo, &info);
}

/*
 * From the timer tick, for each process (t, its leader), sched_lock held:
 * signal for each timer that is due and move it on by its interval, past
 * now; the expiries skipped count as overruns, as Linux's forwarding does.
 */
void posix_timer_tick(struct task *t)
{
	for (struct k_itimer *k = t->signal->posix_timers; k; k = k->next) {
		uint64_t now, missed;

		if (!k->expires || (now = timer_now(t, k)) < k->expires)
			continue;
		timer_fire(t, k);
		if (!k->incr) {
			k->expires = 0;
			continue;
		}
		missed = (now - k->expires) / k->incr;
		k->expires += (missed + 1) * k->incr;
		if (k->notify != SIGEV_NONE)
			k->overrun = k->overrun + missed > DELAYTIMER_MAX ?
				     DELAYTIMER_MAX : k->overrun + (int)missed;
	}
}

/*
 * The signal of the caller's timer info->pid is being taken: its si_overrun
 * is the expiries counted since it was sent (where kill's uid is), and the
 * count starts again.  sched_lock held.
 */
void posix_timer_delivered(struct ksiginfo *info)
{
	for (struct k_itimer *k = current->signal->posix_timers; k; k = k->next)
		if (k->id == info->pid) {
			info->uid = k->overrun_last = k->overrun;
			k->overrun = 0;
			return;
		}
}

/* The last thread's exit, and execve: the process's timers go. */
void exit_itimers(struct signal_struct *sig)
{
	struct k_itimer *k;
	uint32_t flags;

	spin_lock_irqsave(&sched_lock, flags);
	k = sig->posix_timers;
	sig->posix_timers = NULL;
	spin_unlock_irqrestore(&sched_lock, flags);
	while (k) {
		struct k_itimer *next = k->next;

		kfree(k);
		k = next;
	}
}

/* The caller's timer id, or NULL.  sched_lock held. */
static struct k_itimer *find_timer(int id)
{
	for (struct k_itimer *k = current->signal->posix_timers; k; k = k->next)
		if (k->id == id)
			return k;
	return NULL;
}

/*
 * What sigevent asks, as Linux's good_sigevent takes it (SIGEV_THREAD is
 * glibc's business: to the kernel a signal to the process); NULL: SIGALRM
 * with the timer's id as its value.
 */
static int read_sigevent(const struct sigevent32 *uev, struct k_itimer *k)
{
	struct sigevent32 ev;

	k->notify = SIGEV_SIGNAL;
	k->signo = SIGALRM;
	if (!uev)
		return 0;
	if (copy_from_user(&ev, uev, sizeof(ev)))
		return -EFAULT;
	k->notify = ev.sigev_notify;
	k->signo = ev.sigev_signo;
	k->value = ev.sigev_value;
	k->tid = ev.sigev_tid;
	switch (ev.sigev_notify) {
	case SIGEV_THREAD_ID:
		if (!target_thread(current, ev.sigev_tid))
			return -EINVAL;
		/* fall through */
	case SIGEV_SIGNAL:
	case SIGEV_THREAD:
		if (ev.sigev_signo <= 0 || ev.sigev_signo >= NSIG)
			return -EINVAL;
		/* fall through */
	case SIGEV_NONE:
		return 0;
	}
	return -EINVAL;
}

/*
 * A CPU-time clock as glibc names them (kernel/sys_time.c): ~pid << 3 |
 * PERTHREAD | which, pid 0 the caller.  The caller's own process's or
 * thread's, as CLOCK_PROCESS_CPUTIME_ID or CLOCK_THREAD_CPUTIME_ID (user
 * and system time, whichever of the three which asks); -1 for another's
 * (shmos has no timers on those) or a clock device.
 */
static int cpu_clock(int clock)
{
	int pid = ~(clock >> 3), which = clock & 3;

	if (which == CPUCLOCK_FD)
		return -1;
	if (clock & CPUCLOCK_PERTHREAD)
		return pid == 0 || pid == current->pid ? CLOCK_THREAD_CPUTIME_ID : -1;
	return pid == 0 || pid == current->tgid ? CLOCK_PROCESS_CPUTIME_ID : -1;
}

long sys_timer_create(int clock, const struct sigevent32 *uev, int *uid)
{
	struct k_itimer *k;
	uint32_t flags;
	int err = 0, id;

	/* Linux's: no timers on the raw and coarse clocks, nor alarms without an RTC */
	if ((clock >= CLOCK_MONOTONIC_RAW && clock <= CLOCK_MONOTONIC_COARSE) ||
	    clock == CLOCK_REALTIME_ALARM || clock == CLOCK_BOOTTIME_ALARM)
		return -EOPNOTSUPP;
	if (clock < 0)
		clock = cpu_clock(clock);
	if (clock < 0 || clock > CLOCK_BOOTTIME)
		return -EINVAL;
	if (!(k = kzalloc(sizeof(*k))))
		return -EAGAIN;
	k->clock = k->base = clock == CLOCK_BOOTTIME ? CLOCK_MONOTONIC : clock;
	k->owner = current->pid;
	if ((err = read_sigevent(uev, k)))
		goto out;
	spin_lock_irqsave(&sched_lock, flags);
	for (id = 0; id < MAX_TIMERS && find_timer(id); id++)
		;
	k->id = id;
	if (!uev)
		k->value = id;
	if (id < MAX_TIMERS) {
		k->next = current->signal->posix_timers;
		current->signal->posix_timers = k;
	}
	spin_unlock_irqrestore(&sched_lock, flags);
	if (id == MAX_TIMERS) {
		err = -EAGAIN;
		goto out;
	}
	if (copy_to_user(uid, &id, sizeof(id))) {
		sys_timer_delete(id);
		return -EFAULT;
	}
	return 0;
out:
	kfree(k);
	return err;
}

/*
 * The time left and the interval, in ns.  A timer that is due but has not
 * fired yet reports 1 ns left, as Linux's common_timer_get (a SIGEV_NONE
 * one, which never fires, 0).  sched_lock held.
 */
static void timer_get(struct k_itimer *k, uint64_t *value, uint64_t *interval)
{
	uint64_t now = timer_now(current, k);

	*interval = k->incr;
	if (!k->expires)
		*value = 0;
	else if (k->expires > now)
		*value = k->expires - now;
	else
		*value = k->notify == SIGEV_NONE ? 0 : 1;
}

int put_itimerspec(void *u, int is64, uint64_t value, uint64_t interval)
{
	int size = is64 ? sizeof(struct timespec64) : sizeof(struct timespec32);

	return put_timespec(u, is64, interval) ?:
	       put_timespec((char *)u + size, is64, value);
}

static long timer_gettime(int id, void *u, int is64)
{
	uint64_t value, interval;
	struct k_itimer *k;
	uint32_t flags;

	spin_lock_irqsave(&sched_lock, flags);
	if ((k = find_timer(id)))
		timer_get(k, &value, &interval);
	spin_unlock_irqrestore(&sched_lock, flags);
	if (!k)
		return -EINVAL;
	return put_itimerspec(u, is64, value, interval);
}

long sys_timer_gettime(int id, void *u)
{
	return timer_gettime(id, u, 0);
}

long sys_timer_gettime64(int id, void *u)
{
	return timer_gettime(id, u, 1);
}

/*
 * Arms (a value) or disarms (0) the timer, at a time relative to now or,
 * with TIMER_ABSTIME, on its clock; the old setting goes back first.  A
 * relative wall-clock time is kept on the monotonic clock, so that setting
 * the date does not move it (Linux's common_timer_set).  An absolute time
 * already past fires at the next tick.
 */
static long timer_settime(int id, int tflags, const void *unew, void *uold, int is64)
{
	int size = is64 ? sizeof(struct timespec64) : sizeof(struct timespec32);
	uint64_t value, interval, old_value, old_interval;
	struct k_itimer *k;
	uint32_t flags;
	int err;

	if (!unew)
		return -EINVAL;
	if ((err = get_timespec(unew, is64, &interval)) ||
	    (err = get_timespec((const char *)unew + size, is64, &value)))
		return err;
	spin_lock_irqsave(&sched_lock, flags);
	if ((k = find_timer(id))) {
		timer_get(k, &old_value, &old_interval);
		k->overrun = k->overrun_last = 0;
		k->base = k->clock == CLOCK_REALTIME && !(tflags & TIMER_ABSTIME) ?
			  CLOCK_MONOTONIC : k->clock;
		k->incr = value ? interval : 0;
		if (!value)
			k->expires = 0;
		else if (tflags & TIMER_ABSTIME)
			k->expires = value;
		else
			k->expires = timer_now(current, k) + value;
	}
	spin_unlock_irqrestore(&sched_lock, flags);
	if (!k)
		return -EINVAL;
	return uold ? put_itimerspec(uold, is64, old_value, old_interval) : 0;
}

long sys_timer_settime(int id, int flags, const void *unew, void *uold)
{
	return timer_settime(id, flags, unew, uold, 0);
}

long sys_timer_settime64(int id, int flags, const void *unew, void *uold)
{
	return timer_settime(id, flags, unew, uold, 1);
}

long sys_timer_getoverrun(int id)
{
	struct k_itimer *k;
	uint32_t flags;
	long r = -EINVAL;

	spin_lock_irqsave(&sched_lock, flags);
	if ((k = find_timer(id)))
		r = k->overrun_last;
	spin_unlock_irqrestore(&sched_lock, flags);
	return r;
}

long sys_timer_delete(int id)
{
	struct k_itimer **pp, *k = NULL;
	uint32_t flags;

	spin_lock_irqsave(&sched_lock, flags);
	for (pp = &current->signal->posix_timers; *pp; pp = &(*pp)->next)
		if ((*pp)->id == id) {
			k = *pp;
			*pp = k->next;
			break;
		}
	spin_unlock_irqrestore(&sched_lock, flags);
	if (!k)
		return -EINVAL;
	kfree(k);
	return 0;
}
