/*
 * Scheduling policy and CPU affinity, as Linux's sched_* calls answer them;
 * the checks and errors are Linux's, in its order.  kernel/sched.c's round
 * robin runs every task alike, so the policies it can keep are those of
 * Linux's fair class, whose differences are weights and wakeup preemption,
 * which the round robin has for none (as nice, which it also only keeps):
 * SCHED_OTHER, SCHED_BATCH and SCHED_IDLE are kept and reported.  The
 * real-time ones, which must run before all others, are refused (EINVAL).
 * The affinity is each task's cpus_allowed, which the scheduler honours.
 */
#include "kernel/task.h"
#include "kernel/errno.h"
#include "kernel/smp.h"
#include "kernel/string.h"
#include "kernel/time.h"
#include "mm/uaccess.h"

#define MAX_RT_PRIO		100

/* A cpumask as Linux's i386 kernels pass it: NR_CPUS (kernel/smp.h) bits in longs. */
#define CPUMASK_SIZE		4	/* BITS_TO_LONGS(NR_CPUS) * sizeof(long) */

struct sched_param {
	int sched_priority;
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

/*
 * Linux's __sched_setscheduler: policy -1 keeps the task's (sched_setparam).
 * Only root takes SCHED_RESET_ON_FORK off, or a task out of SCHED_IDLE
 * unless RLIMIT_NICE allows its nice value (Linux's can_nice).
 */
static long set_scheduler(int pid, int policy, const struct sched_param *up)
{
	struct sched_param p;
	struct task *t;
	int reset;

	if (up == NULL || pid < 0)
		return -EINVAL;
	if (copy_from_user(&p, up, sizeof(p)))
		return -EFAULT;
	if ((t = find_process(pid)) == NULL)
		return -ESRCH;
	if (policy < 0)
		policy = t->policy;
	reset = policy & SCHED_RESET_ON_FORK;
	policy &= ~SCHED_RESET_ON_FORK;
	if (!valid_policy(policy))
		return -EINVAL;
	/* (SCHED_DEADLINE's parameters are sched_setattr's: none here is valid) */
	if (p.sched_priority < 0 || p.sched_priority > MAX_RT_PRIO - 1 ||
	    rt_policy(policy) != (p.sched_priority != 0) || policy == SCHED_DEADLINE)
		return -EINVAL;
	/* Without CAP_SYS_NICE a real-time policy needs RLIMIT_RTPRIO (0). */
	if (current->euid != 0 && rt_policy(policy) &&
	    t->rlim[RLIMIT_RTPRIO].rlim_cur < (uint32_t)p.sched_priority)
		return -EPERM;
	if (current->euid != 0 && (t->policy & ~SCHED_RESET_ON_FORK) == SCHED_IDLE &&
	    policy != SCHED_IDLE &&
	    (uint32_t)(20 - t->nice) > t->rlim[RLIMIT_NICE].rlim_cur)
		return -EPERM;
	if (!same_owner(t))
		return -EPERM;
	if (current->euid != 0 && (t->policy & SCHED_RESET_ON_FORK) && !reset)
		return -EPERM;
	if (rt_policy(policy))
		return -EINVAL;		/* the round robin cannot keep it */
	t->policy = policy | reset;
	return 0;
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

	if (up == NULL || pid < 0)
		return -EINVAL;
	if (find_process(pid) == NULL)
		return -ESRCH;
	return copy_to_user(up, &p, sizeof(p)) ? -EFAULT : 0;
}

/*
 * Linux's sched_rr_get_interval: the time slice of pid's policy, here the
 * round robin's TIME_SLICE for every task (SCHED_OTHER is all there is).
 */
static long rr_interval(int pid, void *uts, int is64)
{
	if (pid < 0)
		return -EINVAL;
	if (find_process(pid) == NULL)
		return -ESRCH;
	return put_timespec(uts, is64, (uint64_t)TIME_SLICE * TICK_NSEC);
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
