/*
 * Process identity: pids, groups, credentials, the file-creation mask; and
 * what else a process says about itself: its nice value (getpriority,
 * setpriority), its I/O priority (ioprio_get, ioprio_set), its execution
 * domain (personality), and prctl's name, parent-death signal, dumpable
 * and no-new-privileges flags, and its capability bits (kernel/capability.c).
 * shmos keeps the nice value and shows it (/proc/PID/stat, top's NI) but
 * its round robin does not weigh it (docs/proc.md).
 */
#include "kernel/task.h"
#include "drivers/tty.h"
#include "kernel/errno.h"
#include "fs/file.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "mm/uaccess.h"

/* A process's pid is its thread group's id; each thread's own is its tid. */
long sys_getpid(void) { return current->tgid; }
long sys_gettid(void) { return current->pid; }
long sys_getppid(void) { return current->parent ? current->parent->tgid : 0; }
long sys_getuid(void) { return current->uid; }
long sys_geteuid(void) { return current->euid; }
long sys_getgid(void) { return current->gid; }
long sys_getegid(void) { return current->egid; }

long sys_set_tid_address(int *tidptr)
{
	current->clear_child_tid = (uint32_t)tidptr;
	return current->pid;
}

long sys_getpgrp(void)
{
	return current->pgrp;
}

long sys_getpgid(int pid)
{
	struct task *t = pid ? find_task(pid) : current;

	return t ? t->pgrp : -ESRCH;
}

long sys_getsid(int pid)
{
	struct task *t = pid ? find_task(pid) : current;

	return t ? t->session : -ESRCH;
}

/* Is there a process group pgid in session sid?  Zombies count until reaped. */
static int pgrp_in_session(int pgid, int sid)
{
	for_each_task(t)
		if (t->pgrp == pgid && t->session == sid)
			return 1;
	return 0;
}

/*
 * Linux's rules, in its order: only oneself or one's own child, and a child
 * only while it is in our session and has not exec'd; never a session
 * leader; and only into a new group named for the process itself, or an
 * existing group of the caller's session.
 */
long sys_setpgid(int pid, int pgid)
{
	struct task *p;

	if (!pid)
		pid = current->tgid;
	if (!pgid)
		pgid = pid;
	if (pgid < 0)
		return -EINVAL;
	if (!(p = find_task(pid)) || !thread_group_leader(p))
		return -ESRCH;
	if (p->parent && p->parent->tgid == current->tgid && p->tgid != current->tgid) {
		if (p->session != current->session)
			return -EPERM;
		if (p->did_exec)
			return -EACCES;
	} else if (p->tgid != current->tgid) {
		return -ESRCH;
	}
	if (p->pid == p->session)
		return -EPERM;		/* a session leader keeps its group */
	if (pgid != pid && !pgrp_in_session(pgid, current->session))
		return -EPERM;
	for_each_thread(p, t)
		t->pgrp = pgid;
	return 0;
}

/*
 * A process group leader cannot start a session: its group would straddle
 * two.  The new session has no controlling terminal (drivers/tty_jobctrl.c).
 */
long sys_setsid(void)
{
	for_each_task(t)
		if (t->pgrp == current->tgid)
			return -EPERM;
	for_each_thread(current, t)
		t->session = t->pgrp = current->tgid;
	proc_clear_tty();
	return current->tgid;
}

/* Linux's rules, simplified to what the tests and tools use. */
static int set_ids(uint32_t *real, uint32_t *eff, uint32_t *saved,
		   uint32_t r, uint32_t e, uint32_t s)
{
	int root = current->euid == 0;
	uint32_t cur[3] = { *real, *eff, *saved }, want[3] = { r, e, s };

	for (int i = 0; i < 3 && !root; i++) {
		if (want[i] == (uint32_t)-1)
			continue;
		if (want[i] != cur[0] && want[i] != cur[1] && want[i] != cur[2])
			return -EPERM;
	}
	if (r != (uint32_t)-1)
		*real = r;
	if (e != (uint32_t)-1)
		*eff = e;
	if (s != (uint32_t)-1)
		*saved = s;
	return 0;
}

long sys_setresuid(uint32_t r, uint32_t e, uint32_t s)
{
	return set_ids(&current->uid, &current->euid, &current->suid, r, e, s);
}

long sys_setresgid(uint32_t r, uint32_t e, uint32_t s)
{
	/* Permission follows the effective uid, not gid. */
	return set_ids(&current->gid, &current->egid, &current->sgid, r, e, s);
}

long sys_setuid(uint32_t uid)
{
	if (current->euid == 0)
		return sys_setresuid(uid, uid, uid);
	if (uid != current->uid && uid != current->suid)
		return -EPERM;
	current->euid = uid;
	return 0;
}

long sys_setgid(uint32_t gid)
{
	if (current->euid == 0)
		return sys_setresgid(gid, gid, gid);
	if (gid != current->gid && gid != current->sgid)
		return -EPERM;
	current->egid = gid;
	return 0;
}

long sys_setreuid(uint32_t r, uint32_t e)
{
	return sys_setresuid(r, e, (uint32_t)-1);
}

long sys_setregid(uint32_t r, uint32_t e)
{
	return sys_setresgid(r, e, (uint32_t)-1);
}

static long put_ids(uint32_t a, uint32_t b, uint32_t c, uint32_t *pa,
		    uint32_t *pb, uint32_t *pc)
{
	if (copy_to_user(pa, &a, 4) || copy_to_user(pb, &b, 4) ||
	    copy_to_user(pc, &c, 4))
		return -EFAULT;
	return 0;
}

long sys_getresuid(uint32_t *r, uint32_t *e, uint32_t *s)
{
	return put_ids(current->uid, current->euid, current->suid, r, e, s);
}

long sys_getresgid(uint32_t *r, uint32_t *e, uint32_t *s)
{
	return put_ids(current->gid, current->egid, current->sgid, r, e, s);
}

int in_group_p(uint32_t gid)
{
	if (gid == current->egid)
		return 1;
	for (int i = 0; i < current->ngroups; i++)
		if (current->groups[i] == gid)
			return 1;
	return 0;
}

long sys_getgroups(int size, uint32_t *list)
{
	int n = current->ngroups;

	if (size < 0)
		return -EINVAL;
	if (size == 0)
		return n;
	if (size < n)
		return -EINVAL;
	return copy_to_user(list, current->groups, n * sizeof(uint32_t)) ? -EFAULT : n;
}

long sys_setgroups(int size, const uint32_t *list)
{
	uint32_t groups[NGROUPS];

	if (current->euid != 0)
		return -EPERM;
	if (size < 0 || size > NGROUPS)
		return -EINVAL;
	if (copy_from_user(groups, list, size * sizeof(uint32_t)))
		return -EFAULT;
	for (int i = 0; i < size; i++)
		current->groups[i] = groups[i];
	current->ngroups = size;
	return 0;
}

/* The permission bits a new file or directory does not get. */
long sys_umask(uint32_t mask)
{
	uint32_t old = current->fs->umask;

	current->fs->umask = mask & 0777;
	return old;
}

/* ---- nice values: getpriority, setpriority ---- */

#define PRIO_PROCESS	0
#define PRIO_PGRP	1
#define PRIO_USER	2
#define MIN_NICE	(-20)
#define MAX_NICE	19

/* Does t belong to the set (which, who) names?  who 0 is the caller's own. */
static int prio_match(struct task *t, int which, int who)
{
	if (t->pid == 0)
		return 0;		/* idle */
	switch (which) {
	case PRIO_PROCESS:
		return t->pid == (who ? who : current->pid);
	case PRIO_PGRP:
		return t->pgrp == (who ? who : current->pgrp);
	default:
		return t->uid == (who ? (uint32_t)who : current->uid);
	}
}

/*
 * Linux's set_one_prio: the caller must own t (its real or effective uid
 * is our effective uid) and only root (CAP_SYS_NICE) or RLIMIT_NICE lets
 * the value go down.  The first error stays; a success clears ESRCH.
 */
static int set_one_prio(struct task *t, int niceval, int error)
{
	struct task *me = current;

	if (me->euid != 0 && t->uid != me->euid && t->euid != me->euid)
		return -EPERM;
	if (niceval < t->nice && me->euid != 0 &&
	    (uint32_t)(20 - niceval) > t->rlim[RLIMIT_NICE].rlim_cur)
		return -EACCES;
	t->nice = niceval;
	return error == -ESRCH ? 0 : error;
}

long sys_setpriority(int which, int who, int niceval)
{
	int error = -ESRCH;

	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	if (niceval < MIN_NICE)
		niceval = MIN_NICE;
	if (niceval > MAX_NICE)
		niceval = MAX_NICE;
	for_each_task(t)
		if (t->state != TASK_ZOMBIE && prio_match(t, which, who))
			error = set_one_prio(t, niceval, error);
	return error;
}

/* The highest priority of the set, as 20 - nice (1 to 40): glibc undoes it. */
long sys_getpriority(int which, int who)
{
	long ret = -ESRCH;

	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	for_each_task(t)
		if (t->state != TASK_ZOMBIE && prio_match(t, which, who) &&
		    20 - t->nice > ret)
			ret = 20 - t->nice;
	return ret;
}

/* ---- I/O priorities: ioprio_get, ioprio_set (Linux's block/ioprio.c) ---- */

#define IOPRIO_WHO_PROCESS	1	/* which, as PRIO_PROCESS + 1... */
#define IOPRIO_WHO_USER		3
#define IOPRIO_CLASS_SHIFT	13
#define IOPRIO_PRIO_DATA(p)	((p) & ((1 << IOPRIO_CLASS_SHIFT) - 1))
#define IOPRIO_CLASS_NONE	0
#define IOPRIO_CLASS_RT		1
#define IOPRIO_CLASS_BE		2
#define IOPRIO_CLASS_IDLE	3
#define IOPRIO_NR_LEVELS	8

/*
 * Linux's ioprio_check_cap: a class and a level in it.  The real-time class
 * is root's (CAP_SYS_NICE); "none" (0) takes back a priority set before.
 */
static int ioprio_check(int ioprio)
{
	int data = IOPRIO_PRIO_DATA(ioprio);

	switch (ioprio >> IOPRIO_CLASS_SHIFT) {
	case IOPRIO_CLASS_RT:
		if (current->euid != 0)
			return -EPERM;
		/* fall through */
	case IOPRIO_CLASS_BE:
		return data >= IOPRIO_NR_LEVELS ? -EINVAL : 0;
	case IOPRIO_CLASS_IDLE:
		return 0;
	case IOPRIO_CLASS_NONE:
		return data ? -EINVAL : 0;
	}
	return -EINVAL;
}

/*
 * The I/O priority is kept, passed on by fork and shown back; shmos's files
 * live in memory, with no disk queue to order (Linux's "none" scheduler
 * does not weigh it either).  The set (which, who) is getpriority's, each
 * which one higher, its members every thread (prio_match).
 */
long sys_ioprio_set(int which, int who, int ioprio)
{
	long error = ioprio_check(ioprio);

	if (error)
		return error;
	if (which < IOPRIO_WHO_PROCESS || which > IOPRIO_WHO_USER)
		return -EINVAL;
	error = -ESRCH;
	for_each_task(t) {
		if (t->state == TASK_ZOMBIE ||
		    !prio_match(t, which - IOPRIO_WHO_PROCESS, who))
			continue;
		/* Linux's set_task_ioprio: our real or effective uid is t's real one. */
		if (current->euid != 0 && t->uid != current->euid &&
		    t->uid != current->uid)
			return -EPERM;
		t->ioprio = ioprio;
		error = 0;
	}
	return error;
}

/*
 * One process: the priority it was given, or none (0).  A group or a user:
 * the best (lowest value) of the priorities its tasks' I/O gets, a task
 * with none getting the best-effort class at a level from its nice value.
 */
long sys_ioprio_get(int which, int who)
{
	long ret = -ESRCH;

	if (which < IOPRIO_WHO_PROCESS || which > IOPRIO_WHO_USER)
		return -EINVAL;
	for_each_task(t) {
		int prio = t->ioprio;

		if (t->state == TASK_ZOMBIE ||
		    !prio_match(t, which - IOPRIO_WHO_PROCESS, who))
			continue;
		if (which == IOPRIO_WHO_PROCESS)
			return prio;
		if (prio >> IOPRIO_CLASS_SHIFT == IOPRIO_CLASS_NONE)
			prio = IOPRIO_CLASS_BE << IOPRIO_CLASS_SHIFT |
			       (t->nice + 20) / 5;
		if (ret < 0 || prio < ret)
			ret = prio;
	}
	return ret;
}

/* ---- prctl ---- */

#define PR_SET_PDEATHSIG	1
#define PR_GET_PDEATHSIG	2
#define PR_GET_DUMPABLE		3
#define PR_SET_DUMPABLE		4
#define PR_GET_KEEPCAPS		7
#define PR_SET_KEEPCAPS		8
#define PR_CAPBSET_READ		23
#define PR_GET_SECUREBITS	27
#define SECURE_KEEP_CAPS	4	/* its bit in the securebits */
#define PR_CAP_AMBIENT		47
#define PR_CAP_AMBIENT_IS_SET	1
#define PR_CAP_AMBIENT_RAISE	2
#define PR_CAP_AMBIENT_LOWER	3
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#define CAP_LAST_CAP		40
#define PR_SET_NAME		15
#define PR_GET_NAME		16
#define PR_SET_NO_NEW_PRIVS	38
#define PR_GET_NO_NEW_PRIVS	39

/* The few operations shmos has a meaning for; the others are EINVAL, as Linux's unknown ones. */
long sys_prctl(int option, uint32_t arg2, uint32_t arg3, uint32_t arg4,
	       uint32_t arg5)
{
	struct task *me = current;
	char comm[TASK_COMM_LEN] = { 0 };
	int r;

	switch (option) {
	case PR_SET_PDEATHSIG:
		if (arg2 >= NSIG)
			return -EINVAL;
		me->pdeath_signal = arg2;
		return 0;
	case PR_GET_PDEATHSIG:
		return copy_to_user((void *)arg2, &me->pdeath_signal,
				    sizeof(int)) ? -EFAULT : 0;
	case PR_GET_DUMPABLE:
		return me->dumpable;
	case PR_SET_DUMPABLE:
		if (arg2 > 1)
			return -EINVAL;
		me->dumpable = arg2;
		return 0;
	case PR_SET_NAME:
		/* At most 15 bytes: a longer name is cut, as Linux's. */
		r = strncpy_from_user(comm, (const char *)arg2,
				      TASK_COMM_LEN - 1);
		if (r < 0 && r != -ENAMETOOLONG)
			return -EFAULT;
		comm[TASK_COMM_LEN - 1] = 0;
		memcpy(me->comm, comm, TASK_COMM_LEN);
		return 0;
	case PR_GET_NAME:
		return copy_to_user((void *)arg2, me->comm, TASK_COMM_LEN) ?
		       -EFAULT : 0;
	/*
	 * Capabilities as kernel/capability.c shows them: shmos's privilege is
	 * the uid, so the bounding set is full, no ambient capability is ever
	 * raised, and the only securebit is keep-capabilities.  That flag is
	 * kept and shown (util-linux's setpriv sets it before any setresuid),
	 * but the sets still follow the uids: a root that becomes another user
	 * loses its capabilities with or without it (Linux keeps the permitted).
	 */
	case PR_CAPBSET_READ:
		return arg2 <= CAP_LAST_CAP ? 1 : -EINVAL;
	case PR_GET_KEEPCAPS:
		return me->keep_caps;
	case PR_SET_KEEPCAPS:
		if (arg2 > 1)
			return -EINVAL;
		me->keep_caps = arg2;
		return 0;
	case PR_GET_SECUREBITS:
		return me->keep_caps << SECURE_KEEP_CAPS;
	case PR_CAP_AMBIENT:
		if (arg2 == PR_CAP_AMBIENT_CLEAR_ALL && !arg3 && !arg4 && !arg5)
			return 0;
		if (arg2 == PR_CAP_AMBIENT_CLEAR_ALL || arg3 > CAP_LAST_CAP ||
		    arg4 || arg5)
			return -EINVAL;
		if (arg2 == PR_CAP_AMBIENT_IS_SET || arg2 == PR_CAP_AMBIENT_LOWER)
			return 0;
		/* Raising needs it inheritable, and that set is empty. */
		return arg2 == PR_CAP_AMBIENT_RAISE ? -EPERM : -EINVAL;
	case PR_SET_NO_NEW_PRIVS:
		/* One way only: execve never again gives more privilege (shmos
		 * runs no set-user-ID program, so there is none to refuse). */
		if (arg2 != 1 || arg3 || arg4 || arg5)
			return -EINVAL;
		me->no_new_privs = 1;
		return 0;
	case PR_GET_NO_NEW_PRIVS:
		if (arg2 || arg3 || arg4 || arg5)
			return -EINVAL;
		return me->no_new_privs;
	}
	return -EINVAL;
}

/*
 * personality(2): the execution domain, PER_LINUX (0) and flags such as
 * ADDR_NO_RANDOMIZE, which setarch sets for the program it runs.  Linux
 * keeps any value, fork and execve pass it on; 0xffffffff only asks.  Of
 * its flags, none changes what shmos does: its layout is not randomised and
 * an i386 kernel's uname is the same for PER_LINUX32.
 */
long sys_personality(uint32_t personality)
{
	uint32_t old = current->personality;

	if (personality != 0xffffffff)
		current->personality = personality;
	return old;
}
