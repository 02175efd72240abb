/*
 * Scheduling policy and CPU affinity, as Linux's sched_* calls answer them;
 * the checks and errors are Linux's, in its order.  The policies of
 * Linux's fair class, SCHED_OTHER, SCHED_BATCH and SCHED_IDLE, are kept
 * and run alike, round robin (their differences are weights and wakeup
 * preemption, which the round robin has for none, as nice, which it also
 * only keeps).  SCHED_FIFO and SCHED_RR, priorities 1 to 99, run before
 * them, as kernel/sched.c says.  SCHED_DEADLINE's parameters are checked
 * as Linux checks them, and then its admission fails (EBUSY): shmos keeps
 * no deadline bandwidth and runs no earliest-deadline-first class.  The
 * affinity is each task's cpus_allowed, which the scheduler honours.
 */
#include "kernel/task.h"
#include "kernel/errno.h"
#include "kernel/smp.h"
#include "kernel/string.h"
#include "kernel/time.h"
#include "mm/layout.h"
#include "mm/uaccess.h"

#define MAX_RT_PRIO		100
#define RR_TIMESLICE_NS		100000000	/* kernel/sched.c's RR_TIMESLICE */

/* A cpumask as Linux's i386 kernels pass it: NR_CPUS (kernel/smp.h) bits in longs. */
#define CPUMASK_SIZE		4	/* BITS_TO_LONGS(NR_CPUS) * sizeof(long) */

/* sched_setattr's flags (Linux's SCHED_FLAG_*) */
#define SCHED_FLAG_RESET_ON_FORK	0x01
#define SCHED_FLAG_KEEP_POLICY		0x08
#define SCHED_FLAG_KEEP_PARAMS		0x10
#define SCHED_FLAG_UTIL_CLAMP		0x60
#define SCHED_FLAG_ALL			0x7f
#define SCHED_FLAG_SUGOV		0x10000000

#define SCHED_ATTR_SIZE_VER0	48	/* the first struct sched_attr */
#define SCHED_ATTR_SIZE_VER1	56	/* with the utilization clamps */

/* SCHED_DEADLINE's period bounds (Linux's sched_dl_period_min and _max), ns. */
#define DL_PERIOD_MIN		100000ull
#define DL_PERIOD_MAX		((1ull << 22) * 1000)

struct sched_param {
	int sched_priority;
};

struct sched_attr {
	uint32_t size;
	uint32_t sched_policy;
	uint64_t sched_flags;
	int32_t sched_nice;
	uint32_t sched_priority;
	uint64_t sched_runtime, sched_deadline, sched_period;
	uint32_t sched_util_min, sched_util_max;
};

/* find_process_by_pid: 0 is the caller. */
static struct task *find_process(int pid)
{
	struct task *t = pid ? find_task(pid) : current;

	return t && t->state != TASK_UNUSED ? t : NULL;
}

/* Linux's check_same_owner: our effective uid is t's real or effective one. */
static int same_owner(struct task *t)
{
	return current->euid == 0 || current->euid == t->euid ||
	       current->euid == t->uid;
}

static int valid_policy(int policy)
{
	return policy == SCHED_OTHER || policy == SCHED_FIFO ||
	       policy == SCHED_RR || policy == SCHED_BATCH ||
	       policy == SCHED_IDLE || policy == SCHED_DEADLINE;
}

static int rt_policy(int policy)
{
	return policy == SCHED_FIFO || policy == SCHED_RR;
}

static int fair_policy(int policy)
{
	return policy == SCHED_OTHER || policy == SCHED_BATCH;
}

/* Linux's __checkparam_dl: runtime <= deadline <= period, in bounds. */
static int checkparam_dl(const struct sched_attr *a)
{
	uint64_t period = a->sched_period ? a->sched_period : a->sched_deadline;

	if (a->sched_flags & SCHED_FLAG_SUGOV)
		return 1;
	if (a->sched_deadline == 0 || a->sched_runtime < (1u << 10) ||
	    (a->sched_deadline | a->sched_period) >> 63)
		return 0;
	return period >= a->sched_deadline && a->sched_deadline >= a->sched_runtime &&
	       period >= DL_PERIOD_MIN && period <= DL_PERIOD_MAX;
}

/* Linux's can_nice: RLIMIT_NICE allows nice (20 - nice <= the limit). */
static int can_nice(struct task *t, int nice)
{
	return (uint32_t)(20 - nice) <= t->rlim[RLIMIT_NICE].rlim_cur;
}

/*
 * Linux's user_check_sched_setscheduler, for a caller without
 * CAP_SYS_NICE (root has it): a lower nice needs RLIMIT_NICE; a real-time
 * policy RLIMIT_RTPRIO, to be taken up or raised past it; SCHED_DEADLINE
 * never; out of SCHED_IDLE RLIMIT_NICE; only t's owner; and
 * SCHED_RESET_ON_FORK once set stays.
 */
static int user_check(struct task *t, const struct sched_attr *a, int policy, int reset)
{
	uint32_t rtprio = t->rlim[RLIMIT_RTPRIO].rlim_cur;
	int old = t->policy & ~SCHED_RESET_ON_FORK;

	if (current->euid == 0)
		return 0;
	if (fair_policy(policy) && a->sched_nice < t->nice && !can_nice(t, a->sched_nice))
		return -EPERM;
	if (rt_policy(policy)) {
		if (policy != old && !rtprio)
			return -EPERM;
		if ((int)a->sched_priority > t->rt_priority && a->sched_priority > rtprio)
			return -EPERM;
	}
	if (policy == SCHED_DEADLINE)
		return -EPERM;
	if (old == SCHED_IDLE && policy != SCHED_IDLE && !can_nice(t, t->nice))
		return -EPERM;
	if (!same_owner(t))
		return -EPERM;
	if ((t->policy & SCHED_RESET_ON_FORK) && !reset)
		return -EPERM;
	return 0;
}

/*
 * The new policy and priority take effect (Linux's __setscheduler_params),
 * but with SCHED_FLAG_KEEP_PARAMS, which changes only the reset-on-fork
 * flag: the count of real-time tasks follows, and a CPU is told when t may
 * now run before another, or current may no longer run first.  sched_lock
 * held.
 */
static void set_params(struct task *t, int policy, const struct sched_attr *a, int reset)
{
	int was_rt = t->rt_priority;

	if (a->sched_flags & SCHED_FLAG_KEEP_PARAMS) {
		t->policy = (t->policy & ~SCHED_RESET_ON_FORK) | (reset ? SCHED_RESET_ON_FORK : 0);
		return;
	}
	if (fair_policy(policy))
		t->nice = a->sched_nice;
	t->policy = policy | (reset ? SCHED_RESET_ON_FORK : 0);
	t->rt_priority = a->sched_priority;
	nr_rt_tasks += (t->rt_priority != 0) - (was_rt != 0);
	if (t->state != TASK_RUNNING)
		return;
	if (t->has_cpu && t->rt_priority < was_rt)
		resched_cpu(t->processor);	/* others may come first now */
	else if (!t->has_cpu && t->rt_priority > was_rt)
		preempt_for_rt(t);
}

/*
 * Linux's __sched_setscheduler, once t is found: a policy of -1 keeps t's
 * (sched_setparam), with its SCHED_RESET_ON_FORK.  The same policy and
 * parameters again change nothing but the flag.
 */
static long setscheduler(struct task *t, int policy, const struct sched_attr *a)
{
	int reset = (a->sched_flags & SCHED_FLAG_RESET_ON_FORK) != 0, err;
	uint32_t flags;

	if (policy < 0) {
		reset = (t->policy & SCHED_RESET_ON_FORK) != 0;
		policy = t->policy & ~SCHED_RESET_ON_FORK;
	} else if (!valid_policy(policy)) {
		return -EINVAL;
	}
	if (a->sched_flags & ~(SCHED_FLAG_ALL | SCHED_FLAG_SUGOV))
		return -EINVAL;
	if (a->sched_priority > MAX_RT_PRIO - 1)
		return -EINVAL;
	if ((policy == SCHED_DEADLINE && !checkparam_dl(a)) ||
	    rt_policy(policy) != (a->sched_priority != 0))
		return -EINVAL;
	if ((err = user_check(t, a, policy, reset)))
		return err;
	if (a->sched_flags & SCHED_FLAG_SUGOV)
		return -EINVAL;
	if (a->sched_flags & SCHED_FLAG_UTIL_CLAMP)
		return -EOPNOTSUPP;	/* Linux without CONFIG_UCLAMP_TASK */
	if (policy == SCHED_DEADLINE)
		return -EBUSY;		/* no bandwidth to admit it to */
	spin_lock_irqsave(&sched_lock, flags);
	set_params(t, policy, a, reset);
	spin_unlock_irqrestore(&sched_lock, flags);
	return 0;
}

/* sched_setscheduler and sched_setparam: the nice stays (Linux's _sched_setscheduler). */
static long set_scheduler(int pid, int policy, const struct sched_param *up)
{
	struct sched_attr a = { 0 };
	struct sched_param p;
	struct task *t;

	if (up == NULL || pid < 0)
		return -EINVAL;
	if (copy_from_user(&p, up, sizeof(p)))
		return -EFAULT;
	if ((t = find_process(pid)) == NULL)
		return -ESRCH;
	if (policy >= 0 && (policy & SCHED_RESET_ON_FORK)) {
		a.sched_flags = SCHED_FLAG_RESET_ON_FORK;
		policy &= ~SCHED_RESET_ON_FORK;
	}
	a.sched_priority = p.sched_priority;	/* a negative one is past 99 */
	a.sched_nice = t->nice;
	return setscheduler(t, policy, &a);
}

long sys_sched_setscheduler(int pid, int policy, const struct sched_param *p)
{
	if (policy < 0)
		return -EINVAL;
	return set_scheduler(pid, policy, p);
}

long sys_sched_setparam(int pid, const struct sched_param *p)
{
	return set_scheduler(pid, -1, p);
}

long sys_sched_getscheduler(int pid)
{
	struct task *t;

	if (pid < 0)
		return -EINVAL;
	return (t = find_process(pid)) ? t->policy : -ESRCH;
}

long sys_sched_getparam(int pid, struct sched_param *up)
{
	struct sched_param p = { 0 };
	struct task *t;

	if (up == NULL || pid < 0)
		return -EINVAL;
	if ((t = find_process(pid)) == NULL)
		return -ESRCH;
	p.sched_priority = t->rt_priority;
	return copy_to_user(up, &p, sizeof(p)) ? -EFAULT : 0;
}

/*
 * Linux's sched_copy_attr: size 0 is the first struct's; a size past ours
 * must have only zeros past ours, and a size out of bounds is E2BIG, with
 * our size written back for the caller to learn it.  The nice is clamped.
 */
static long copy_attr(struct sched_attr *uattr, struct sched_attr *a)
{
	uint32_t size;
	uint8_t c;

	memset(a, 0, sizeof(*a));
	if (copy_from_user(&size, &uattr->size, sizeof(size)))
		return -EFAULT;
	if (!size)
		size = SCHED_ATTR_SIZE_VER0;
	if (size < SCHED_ATTR_SIZE_VER0 || size > PAGE_SIZE)
		goto err_size;
	if (copy_from_user(a, uattr, size < sizeof(*a) ? size : sizeof(*a)))
		return -EFAULT;
	for (uint32_t i = sizeof(*a); i < size; i++) {
		if (copy_from_user(&c, (char *)uattr + i, 1))
			return -EFAULT;
		if (c)
			goto err_size;
	}
	if ((a->sched_flags & SCHED_FLAG_UTIL_CLAMP) && size < SCHED_ATTR_SIZE_VER1)
		return -EINVAL;
	a->sched_nice = a->sched_nice < -20 ? -20 : a->sched_nice > 19 ? 19 : a->sched_nice;
	return 0;
err_size:
	size = sizeof(*a);
	copy_to_user(&uattr->size, &size, sizeof(size));
	return -E2BIG;
}

/* Linux's get_params: what the task has, for KEEP_PARAMS and sched_getattr. */
static void get_params(struct task *t, struct sched_attr *a)
{
	if (rt_policy(t->policy & ~SCHED_RESET_ON_FORK))
		a->sched_priority = t->rt_priority;
	else
		a->sched_nice = t->nice;
}

long sys_sched_setattr(int pid, struct sched_attr *uattr, uint32_t flags)
{
	struct sched_attr a;
	struct task *t;
	long err;
	int policy;

	if (!uattr || pid < 0 || flags)
		return -EINVAL;
	if ((err = copy_attr(uattr, &a)))
		return err;
	if ((int)a.sched_policy < 0)
		return -EINVAL;
	policy = (a.sched_flags & SCHED_FLAG_KEEP_POLICY) ? -1 : (int)a.sched_policy;
	if ((t = find_process(pid)) == NULL)
		return -ESRCH;
	if (a.sched_flags & SCHED_FLAG_KEEP_PARAMS)
		get_params(t, &a);
	return setscheduler(t, policy, &a);
}

/*
 * Linux's sched_getattr: the struct in the caller's size, cut to ours;
 * size says how much was written.  No utilization clamps (0).
 */
long sys_sched_getattr(int pid, struct sched_attr *uattr, uint32_t usize, uint32_t flags)
{
	struct sched_attr a = { 0 };
	struct task *t;

	if (!uattr || pid < 0 || usize > PAGE_SIZE || usize < SCHED_ATTR_SIZE_VER0 || flags)
		return -EINVAL;
	if ((t = find_process(pid)) == NULL)
		return -ESRCH;
	a.sched_policy = t->policy & ~SCHED_RESET_ON_FORK;
	if (t->policy & SCHED_RESET_ON_FORK)
		a.sched_flags = SCHED_FLAG_RESET_ON_FORK;
	get_params(t, &a);
	a.size = usize < sizeof(a) ? usize : sizeof(a);
	return copy_to_user(uattr, &a, a.size) ? -EFAULT : 0;
}

/*
 * Linux's sched_rr_get_interval: the time slice of pid's policy: SCHED_RR's
 * 100 ms, none (0) for SCHED_FIFO, the round robin's TIME_SLICE for the
 * others.
 */
static long rr_interval(int pid, void *uts, int is64)
{
	struct task *t;
	uint64_t ns = (uint64_t)TIME_SLICE * TICK_NSEC;

	if (pid < 0)
		return -EINVAL;
	if ((t = find_process(pid)) == NULL)
		return -ESRCH;
	if ((t->policy & ~SCHED_RESET_ON_FORK) == SCHED_RR)
		ns = RR_TIMESLICE_NS;
	else if ((t->policy & ~SCHED_RESET_ON_FORK) == SCHED_FIFO)
		ns = 0;
	return put_timespec(uts, is64, ns);
}

long sys_sched_rr_get_interval(int pid, struct timespec32 *uts)
{
	return rr_interval(pid, uts, 0);
}

long sys_sched_rr_get_interval_time64(int pid, struct timespec64 *uts)
{
	return rr_interval(pid, uts, 1);
}

long sys_sched_get_priority_max(int policy)
{
	if (rt_policy(policy))
		return MAX_RT_PRIO - 1;
	return valid_policy(policy) ? 0 : -EINVAL;
}

long sys_sched_get_priority_min(int policy)
{
	if (rt_policy(policy))
		return 1;
	return valid_policy(policy) ? 0 : -EINVAL;
}

/* The CPUs online, as a mask: what an affinity can name. */
static uint32_t cpu_online_mask(void)
{
	uint32_t mask = 0;

	for (int cpu = 0; cpu < nr_cpu_ids; cpu++)
		if (cpu_data[cpu].online)
			mask |= 1u << cpu;
	return mask;
}

/*
 * The mask is as long as the caller says, but is written in whole longs,
 * and no longer than the kernel's (CPUMASK_SIZE, returned): the task's
 * cpus_allowed, of the CPUs that are online (Linux's cpu_active_mask).
 */
long sys_sched_getaffinity(int pid, uint32_t len, uint32_t *umask)
{
	uint32_t mask;
	struct task *t;

	if (len * 8 < NR_CPUS || (len & (sizeof(long) - 1)))
		return -EINVAL;
	if ((t = find_process(pid)) == NULL)
		return -ESRCH;
	mask = t->cpus_allowed & cpu_online_mask();
	return copy_to_user(umask, &mask, CPUMASK_SIZE) ? -EFAULT :
	       CPUMASK_SIZE;
}

/*
 * Linux's get_user_cpu_mask then sched_setaffinity: a short mask counts
 * as empty, a long one is cut; the new mask must hold a CPU that is
 * online, or EINVAL.  Only t's owner or root may set it.  A task running
 * on a CPU the mask leaves out is told to go (a reschedule, here or by
 * IPI there), and an idle CPU it may use to take it.
 */
long sys_sched_setaffinity(int pid, uint32_t len, const uint32_t *umask)
{
	uint32_t mask = 0, flags;
	struct task *t;

	if (copy_from_user(&mask, umask, len < CPUMASK_SIZE ? len : CPUMASK_SIZE))
		return -EFAULT;
	if ((t = find_process(pid)) == NULL)
		return -ESRCH;
	if (!same_owner(t))
		return -EPERM;
	if (!(mask & cpu_online_mask()))
		return -EINVAL;
	spin_lock_irqsave(&sched_lock, flags);
	t->cpus_allowed = mask & CPU_MASK_ALL;
	if (t->has_cpu && !(mask & (1u << t->processor))) {
		if (t == current)
			need_resched = 1;
		else
			resched_cpu(t->processor);
		resched_idle_cpu(t);
	}
	spin_unlock_irqrestore(&sched_lock, flags);
	return 0;
}

/*
 * getcpu: the CPU the caller runs on (by the time it looks it may run on
 * another), and its NUMA node: 0, the only one.  glibc's sched_getcpu.
 */
long sys_getcpu(uint32_t *ucpu, uint32_t *unode)
{
	uint32_t cpu = smp_processor_id(), node = 0;

	if (ucpu && copy_to_user(ucpu, &cpu, sizeof(cpu)))
		return -EFAULT;
	if (unode && copy_to_user(unode, &node, sizeof(node)))
		return -EFAULT;
	return 0;
}
