/* uname, sysinfo, resource limits and usage, times, and reboot. */
#include "kernel/task.h"
#include "kernel/errno.h"
#include "kernel/oops.h"
#include "kernel/string.h"
#include "kernel/time.h"
#include "mm/page.h"
#include "mm/uaccess.h"

struct utsname {
	char sysname[65], nodename[65], release[65], version[65], machine[65],
	     domainname[65];
};

long sys_uname(struct utsname *u)
{
	static const struct utsname me = {
		"shmos", "shmos", "6.1.0-shmos", "#1 shmos", "i686", "(none)"
	};

	return copy_to_user(u, &me, sizeof(me)) ? -EFAULT : 0;
}

struct sysinfo {
	int32_t uptime;
	uint32_t loads[3];
	uint32_t totalram, freeram, sharedram, bufferram;
	uint32_t totalswap, freeswap;
	uint16_t procs, pad;
	uint32_t totalhigh, freehigh;
	uint32_t mem_unit;
	char _f[8];
};

/* freeram is exact, in pages of mem_unit = 4096: the leak tests compare it. */
long sys_sysinfo(struct sysinfo *info)
{
	struct sysinfo s;

	memset(&s, 0, sizeof(s));
	s.uptime = get_jiffies_64() / HZ;
	s.totalram = nr_total_pages();
	s.freeram = nr_free_pages();
	s.procs = count_tasks() - 1;	/* not idle */
	s.mem_unit = PAGE_SIZE;
	return copy_to_user(info, &s, sizeof(s)) ? -EFAULT : 0;
}

struct rlimit { uint32_t cur, max; };
struct rlimit64 { uint64_t cur, max; };

#define RLIMIT_STACK	3
#define RLIMIT_NPROC	6
#define RLIMIT_NOFILE	7
#define RLIM_NLIMITS	16
#define RLIM_INFINITY	(~0u)

static void limit_of(int resource, uint64_t *cur, uint64_t *max)
{
	*cur = *max = ~0ull;
	if (resource == RLIMIT_STACK)
		*cur = USER_STACK_MAX;
	else if (resource == RLIMIT_NPROC)
		*cur = *max = NR_TASKS;
	else if (resource == RLIMIT_NOFILE)
		*cur = *max = NR_OPEN;
}

long sys_getrlimit(int resource, struct rlimit *r)
{
	uint64_t cur, max;
	struct rlimit v;

	if (resource < 0 || resource >= RLIM_NLIMITS)
		return -EINVAL;
	limit_of(resource, &cur, &max);
	v.cur = cur > RLIM_INFINITY ? RLIM_INFINITY : cur;
	v.max = max > RLIM_INFINITY ? RLIM_INFINITY : max;
	return copy_to_user(r, &v, sizeof(v)) ? -EFAULT : 0;
}

/* Limits are fixed: reading works, setting is accepted and has no effect. */
long sys_prlimit64(int pid, int resource, const struct rlimit64 *new,
		   struct rlimit64 *old)
{
	struct rlimit64 v;

	if (resource < 0 || resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (pid && !find_task(pid))
		return -ESRCH;
	limit_of(resource, &v.cur, &v.max);
	if (old && copy_to_user(old, &v, sizeof(v)))
		return -EFAULT;
	if (new && copy_from_user(&v, new, sizeof(v)))
		return -EFAULT;
	return 0;
}

void add_usage(struct task_usage *sum, const struct task_usage *u)
{
	sum->utime += u->utime;
	sum->stime += u->stime;
	sum->min_flt += u->min_flt;
	sum->nvcsw += u->nvcsw;
	sum->nivcsw += u->nivcsw;
}

/* Linux's i386 struct rusage: 32-bit timevals and longs. */
struct rusage32 {
	struct timeval32 ru_utime, ru_stime;
	int32_t ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt;
	int32_t ru_nswap, ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv;
	int32_t ru_nsignals, ru_nvcsw, ru_nivcsw;
};
_Static_assert(sizeof(struct rusage32) == 72, "struct rusage is 72 bytes on i386");

static struct timeval32 ticks_to_timeval(uint32_t ticks)
{
	struct timeval32 tv = { ticks / HZ, ticks % HZ * (1000000 / HZ) };

	return tv;
}

/* What shmos does not count (maxrss, block I/O, messages, signals) is 0. */
int put_rusage(void *uru, const struct task_usage *u)
{
	struct rusage32 r;

	memset(&r, 0, sizeof(r));
	r.ru_utime = ticks_to_timeval(u->utime);
	r.ru_stime = ticks_to_timeval(u->stime);
	r.ru_minflt = u->min_flt;
	r.ru_nvcsw = u->nvcsw;
	r.ru_nivcsw = u->nivcsw;
	return copy_to_user(uru, &r, sizeof(r));
}

#define RUSAGE_SELF	0
#define RUSAGE_CHILDREN	(-1)
#define RUSAGE_THREAD	1	/* one thread per process: the same as SELF */

long sys_getrusage(int who, void *uru)
{
	if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN && who != RUSAGE_THREAD)
		return -EINVAL;
	if (put_rusage(uru, who == RUSAGE_CHILDREN ? &current->cusage :
						      &current->usage))
		return -EFAULT;
	return 0;
}

struct tms32 {
	int32_t tms_utime, tms_stime, tms_cutime, tms_cstime;
};

/*
 * The times in clock ticks (USER_HZ, which is HZ: AT_CLKTCK says so), and
 * the ticks since boot as the result.  Linux's result may fall in
 * -4095..-1, where it looks like an error; glibc's times() knows it is not
 * one (and turns -1 into 0).  Ours keeps out of there for 497 days.
 */
long sys_times(struct tms32 *ubuf)
{
	struct tms32 t = {
		current->usage.utime, current->usage.stime,
		current->cusage.utime, current->cusage.stime,
	};

	if (ubuf && copy_to_user(ubuf, &t, sizeof(t)))
		return -EFAULT;
	return (int32_t)get_jiffies_64();
}

#define REBOOT_MAGIC1		0xfee1dead
#define REBOOT_MAGIC2		672274793
#define REBOOT_CMD_HALT		0xCDEF0123
#define REBOOT_CMD_POWER_OFF	0x4321FEDC
#define REBOOT_CMD_RESTART	0x01234567

long sys_reboot(uint32_t magic1, uint32_t magic2, uint32_t cmd)
{
	if (current->euid != 0)
		return -EPERM;
	if (magic1 != REBOOT_MAGIC1 || (magic2 != REBOOT_MAGIC2 &&
	    magic2 != 85072278 && magic2 != 369367448 && magic2 != 537993216))
		return -EINVAL;
	if (cmd == REBOOT_CMD_POWER_OFF || cmd == REBOOT_CMD_HALT ||
	    cmd == REBOOT_CMD_RESTART)
		poweroff(0);
	return 0;	/* CAD on/off and the rest: nothing to do */
}
