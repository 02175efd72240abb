/* uname and its UTS namespaces, sysinfo, resource limits and usage, times, and reboot. */
#include <stddef.h>
#include "kernel/task.h"
#include "kernel/resource.h"
#include "fs/fs.h"
#include "ipc/shm.h"
#include "kernel/errno.h"
#include "kernel/kstat.h"
#include "kernel/oops.h"
#include "kernel/string.h"
#include "kernel/time.h"
#include "kernel/utsname.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "mm/swap.h"
#include "mm/uaccess.h"

struct uts_namespace init_uts_ns = {
	.ns = { .ops = &utsns_operations, .inum = PROC_UTS_INIT_INO, .count = 1 },
	.name = { UTS_SYSNAME, "shmos", UTS_RELEASE, UTS_VERSION, UTS_MACHINE, "(none)" },
};

long sys_uname(struct new_utsname *u)
{
	struct new_utsname *name = &current->nsproxy->uts_ns->name;

	return copy_to_user(u, name, sizeof(*name)) ? -EFAULT : 0;
}

/* Root names the system (Linux: CAP_SYS_ADMIN); len 0 to 64, no NUL needed. */
static long set_uts_name(char *field, const char *uname, int len)
{
	char tmp[UTS_LEN];

	if (current->euid != 0)
		return -EPERM;
	if (len < 0 || len > UTS_LEN)
		return -EINVAL;
	if (copy_from_user(tmp, uname, len))
		return -EFAULT;
	memcpy(field, tmp, len);
	memset(field + len, 0, UTS_LEN + 1 - len);
	return 0;
}

long sys_sethostname(const char *name, int len)
{
	return set_uts_name(current->nsproxy->uts_ns->name.nodename, name, len);
}

long sys_setdomainname(const char *name, int len)
{
	return set_uts_name(current->nsproxy->uts_ns->name.domainname, name, len);
}

/* ---- UTS namespaces (Linux's kernel/utsname.c) ---- */

_Static_assert(sizeof(struct uts_namespace) <= 2048, "kmalloc gives 2 KiB at most");
_Static_assert(offsetof(struct uts_namespace, ns) == 0, "a namespace begins with its ns_common");

/* Linux's clone_uts_ns: a copy of old_ns's names. */
struct uts_namespace *copy_utsname(uint32_t flags, struct uts_namespace *old_ns)
{
	struct uts_namespace *ns;

	if (!(flags & CLONE_NEWUTS)) {
		old_ns->ns.count++;
		return old_ns;
	}
	if ((ns = kmalloc(sizeof(*ns)))) {
		ns->name = old_ns->name;
		ns->ns = (struct ns_common){ .ops = &utsns_operations,
					     .inum = ns_alloc_inum(), .count = 1 };
	}
	return ns;
}

void put_uts_ns(struct uts_namespace *ns)
{
	if (--ns->ns.count == 0)
		kfree(ns);	/* never init_uts_ns: init's nsproxy holds it */
}

static struct ns_common *utsns_get(struct task *t)
{
	if (!t->nsproxy)
		return NULL;
	t->nsproxy->uts_ns->ns.count++;
	return &t->nsproxy->uts_ns->ns;
}

static void utsns_put(struct ns_common *ns)
{
	put_uts_ns((struct uts_namespace *)ns);
}

/* Linux's utsns_install: privilege (EPERM), then the names are the other's. */
static int utsns_install(struct nsproxy *nsproxy, struct ns_common *new)
{
	if (current->euid != 0)
		return -EPERM;
	put_uts_ns(nsproxy->uts_ns);
	new->count++;
	nsproxy->uts_ns = (struct uts_namespace *)new;
	return 0;
}

const struct proc_ns_operations utsns_operations = {
	.name = "uts", .type = CLONE_NEWUTS,
	.get = utsns_get, .put = utsns_put, .install = utsns_install,
};

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
	/* avenrun's fixed point has 11 bits of fraction, sysinfo's 16 */
	for (int i = 0; i < 3; i++)
		s.loads[i] = avenrun[i] << (16 - FSHIFT);
	s.totalram = nr_total_pages();
	s.freeram = nr_free_pages();
	s.sharedram = shm_rss_pages() + shmem_rss;	/* Linux: Shmem */
	s.totalswap = total_swap_pages;
	s.freeswap = nr_swap_pages;
	s.totalhigh = nr_total_highpages();
	s.freehigh = nr_free_highpages();
	s.procs = count_tasks() - 1;	/* not idle */
	s.mem_unit = PAGE_SIZE;
	return copy_to_user(info, &s, sizeof(s)) ? -EFAULT : 0;
}

/* ---- resource limits ---- */

struct rlimit init_rlimits[RLIM_NLIMITS] = {
	[RLIMIT_CPU] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_FSIZE] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_DATA] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_STACK] = { USER_STACK_MAX, RLIM_INFINITY },	/* _STK_LIM */
	[RLIMIT_CORE] = { 0, RLIM_INFINITY },
	[RLIMIT_RSS] = { RLIM_INFINITY, RLIM_INFINITY },
	/* max_threads / 2 for these two: fork_init sets them. */
	[RLIMIT_NPROC] = { 0, 0 },
	[RLIMIT_NOFILE] = { 1024, 4096 },	/* INR_OPEN_CUR, INR_OPEN_MAX */
	[RLIMIT_MEMLOCK] = { 8u << 20, 8u << 20 },		/* MLOCK_LIMIT */
	[RLIMIT_AS] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_LOCKS] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_SIGPENDING] = { 0, 0 },
	[RLIMIT_MSGQUEUE] = { 819200, 819200 },		/* MQ_BYTES_MAX */
	[RLIMIT_NICE] = { 0, 0 },
	[RLIMIT_RTPRIO] = { 0, 0 },
	[RLIMIT_RTTIME] = { RLIM_INFINITY, RLIM_INFINITY },
};

uint32_t rlimit(int resource)
{
	return current->rlim[resource].rlim_cur;
}

uint32_t rlimit_max(int resource)
{
	return current->rlim[resource].rlim_max;
}

/* prlimit64's struct: 64-bit values, RLIM64_INFINITY for none. */
struct rlimit64 {
	uint64_t rlim_cur, rlim_max;
};

#define RLIM64_INFINITY		(~0ull)

/*
 * Linux's do_prlimit: reads *old, then sets *new, in Linux's order of
 * checks.  A hard limit goes up only for root (CAP_SYS_RESOURCE), and the
 * descriptors' never past fs.nr_open (fs/file.c's sysctl_nr_open).
 */
static int do_prlimit(struct task *t, unsigned int resource,
		      const struct rlimit *new, struct rlimit *old)
{
	struct rlimit *r = &t->rlim[resource];

	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (new) {
		if (new->rlim_cur > new->rlim_max)
			return -EINVAL;
		if (resource == RLIMIT_NOFILE &&
		    new->rlim_max > (uint32_t)sysctl_nr_open)
			return -EPERM;
		if (new->rlim_max > r->rlim_max && current->euid != 0)
			return -EPERM;
	}
	if (old)
		*old = *r;
	if (new)
		*r = *new;
	return 0;
}

/* ugetrlimit (191): glibc's getrlimit when prlimit64 is missing. */
long sys_getrlimit(unsigned int resource, struct rlimit *ur)
{
	struct rlimit v;
	int err = do_prlimit(current, resource, NULL, &v);

	if (err)
		return err;
	return copy_to_user(ur, &v, sizeof(v)) ? -EFAULT : 0;
}

/* The getrlimit of old binaries (76), whose infinity is 0x7fffffff. */
long sys_old_getrlimit(unsigned int resource, struct rlimit *ur)
{
	struct rlimit v;
	int err = do_prlimit(current, resource, NULL, &v);

	if (err)
		return err;
	if (v.rlim_cur > 0x7fffffff)
		v.rlim_cur = 0x7fffffff;
	if (v.rlim_max > 0x7fffffff)
		v.rlim_max = 0x7fffffff;
	return copy_to_user(ur, &v, sizeof(v)) ? -EFAULT : 0;
}

long sys_setrlimit(unsigned int resource, const struct rlimit *ur)
{
	struct rlimit v;

	if (copy_from_user(&v, ur, sizeof(v)))
		return -EFAULT;
	return do_prlimit(current, resource, &v, NULL);
}

/* Linux's check_prlimit_permission: one's own, or a same-ids process, or root. */
static int may_prlimit(struct task *t)
{
	struct task *me = current;

	if (t == me || me->euid == 0)
		return 0;
	if (me->uid == t->euid && me->uid == t->suid && me->uid == t->uid &&
	    me->gid == t->egid && me->gid == t->sgid && me->gid == t->gid)
		return 0;
	return -EPERM;
}

static uint32_t rlim64_to_rlim(uint64_t v)
{
	return v >= RLIM_INFINITY ? RLIM_INFINITY : (uint32_t)v;
}

static uint64_t rlim_to_rlim64(uint32_t v)
{
	return v == RLIM_INFINITY ? RLIM64_INFINITY : v;
}

/* What glibc's getrlimit and setrlimit call; pid 0 is the caller. */
long sys_prlimit64(int pid, unsigned int resource, const struct rlimit64 *unew,
		   struct rlimit64 *uold)
{
	struct rlimit64 v64;
	struct rlimit new, old;
	struct task *t = pid ? find_task(pid) : current;
	int err;

	if (unew) {
		if (copy_from_user(&v64, unew, sizeof(v64)))
			return -EFAULT;
		new.rlim_cur = rlim64_to_rlim(v64.rlim_cur);
		new.rlim_max = rlim64_to_rlim(v64.rlim_max);
	}
	if (!t)
		return -ESRCH;
	if ((err = may_prlimit(t)) ||
	    (err = do_prlimit(t, resource, unew ? &new : NULL,
			      uold ? &old : NULL)))
		return err;
	if (uold) {
		v64.rlim_cur = rlim_to_rlim64(old.rlim_cur);
		v64.rlim_max = rlim_to_rlim64(old.rlim_max);
		if (copy_to_user(uold, &v64, sizeof(v64)))
			return -EFAULT;
	}
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
