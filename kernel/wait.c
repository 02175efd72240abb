/*
 * wait4, waitpid and waitid: a parent learns how its children ended,
 * stopped or continued, as Linux's do_wait does.  Each child is looked at
 * in turn (wait_consider_task): an exited one (a zombie) is reaped and its
 * resource usage added to the parent's children's; a stopped one is
 * reported once per stop (WUNTRACED), a continued one once per continue
 * (WCONTINUED).  With none to report the parent sleeps until a child
 * changes (exit, do_signal_stop and the continued child wake it), or a
 * signal comes.  A process's children are the children of all its
 * threads, and it has exited only when its last thread has.  A tracer's
 * waits also see its tracees, each thread on its own (ptrace_wait): their
 * ptrace stops, and their ends, which their real parent hears of only
 * once the tracer has (kernel/ptrace.c).
 */
#include "kernel/task.h"
#include "kernel/errno.h"
#include "kernel/pidfd.h"
#include "kernel/ptrace.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "fs/poll.h"
#include "mm/uaccess.h"

#define WNOHANG		0x00000001
#define WUNTRACED	0x00000002	/* also called WSTOPPED */
#define WSTOPPED	WUNTRACED
#define WEXITED		0x00000004
#define WCONTINUED	0x00000008
#define WNOWAIT		0x01000000	/* report, but leave the child as it is */
#define __WNOTHREAD	0x20000000	/* only our own children: all of them are */
#define __WALL		0x40000000
#define __WCLONE	0x80000000

/* waitid's idtype */
#define P_ALL		0
#define P_PID		1
#define P_PGID		2
#define P_PIDFD		3

/* What a wait asks for, and what it found (Linux's struct wait_opts). */
struct wait_opts {
	int type;		/* P_ALL, P_PID or P_PGID (P_PIDFD: its P_PID) */
	int id;			/* the pid or the group */
	uint32_t flags;		/* WEXITED, WSTOPPED, WCONTINUED, WNOWAIT, ... */
	/* found: */
	int status;		/* wait4's status word */
	int pid, cause, info_status;	/* waitid's si_pid, si_code, si_status */
	uint32_t uid;
	struct task_usage usage;	/* the child's, its children's included */
};

/*
 * Which children a wait is for: by pid or group, and by kind.  A "clone"
 * child, one whose exit signal is not SIGCHLD, counts only for __WCLONE,
 * and only such a child does; __WALL takes both, and a tracee counts
 * whatever its kind.
 */
static int eligible_child(const struct wait_opts *wo, struct task *t, int traced)
{
	if (!traced && !(wo->flags & __WALL) &&
	    (t->exit_signal != SIGCHLD) != !!(wo->flags & __WCLONE))
		return 0;
	if (wo->type == P_PID)
		return t->pid == wo->id;
	if (wo->type == P_PGID)
		return t->pgrp == wo->id;
	return 1;
}

/* What every report records: who, and its usage (Linux's getrusage RUSAGE_BOTH). */
static int found(struct wait_opts *wo, struct task *p, int cause, int status)
{
	wo->pid = p->pid;
	wo->uid = p->uid;
	wo->cause = cause;
	wo->info_status = status;
	wo->usage = p->usage;		/* the leader's, its threads', its children's */
	add_usage(&wo->usage, &p->signal->usage);
	add_usage(&wo->usage, &p->cusage);
	return p->pid;
}

/* Whether leader's process has a thread that is a zombie for its tracer to reap. */
static int has_traced_zombie(struct task *leader)
{
	for_each_thread(leader, t)
		if (t != leader && t->state == TASK_ZOMBIE && t->ptracer)
			return 1;
	return 0;
}

/*
 * A traced thread's zombie (not its process's leader) is freed, as Linux's
 * release_task; its leader, a zombie waiting for it, may be reaped now.
 */
void release_thread_zombie(struct task *t)
{
	struct task *leader = find_task(t->tgid);
	uint32_t flags;

	spin_lock_irqsave(&sched_lock, flags);
	__ptrace_unlink(t);
	spin_unlock_irqrestore(&sched_lock, flags);
	release_signals(t);
	free_task(t);
	if (leader && leader->state == TASK_ZOMBIE)
		wakeup((leader->ptracer ? leader->ptracer : leader->parent)->signal);
}

/*
 * An exited child (its last thread gone): its status, then (unless WNOWAIT)
 * it is reaped; a tracee that is another's child goes to its parent instead,
 * and a traced thread is freed.
 */
static int wait_task_zombie(struct wait_opts *wo, struct task *p)
{
	int status = group_exit_status(p), pid;
	uint32_t flags;

	if (!(wo->flags & WEXITED))
		return 0;
	wo->status = status;
	if (status & 0x7f)
		pid = found(wo, p, CLD_KILLED, status & 0x7f);
	else
		pid = found(wo, p, CLD_EXITED, (status >> 8) & 0xff);
	if (!(wo->flags & WNOWAIT) && !thread_group_leader(p)) {
		release_thread_zombie(p);
	} else if (!(wo->flags & WNOWAIT) && p->ptracer &&
		   p->parent->tgid != current->tgid) {
		/* The tracer's: its real parent hears of it now, and reaps it. */
		spin_lock_irqsave(&sched_lock, flags);
		__ptrace_unlink(p);
		spin_unlock_irqrestore(&sched_lock, flags);
		do_notify_parent(p);
	} else if (!(wo->flags & WNOWAIT)) {
		add_usage(&current->cusage, &wo->usage);
		/* /proc/PID/io counts reaped children's, as Linux's */
		task_io_accounting_add(&current->signal->ioac, &p->ioac);
		task_io_accounting_add(&current->signal->ioac, &p->signal->ioac);
		release_signals(p);	/* its process's shared structures go with it */
		free_task(p);
		poll_wake();		/* its pidfds say POLLHUP now */
	}
	return pid;
}

/* A stopped child (all its threads) whose stop no wait has reported yet. */
static int wait_task_stopped(struct wait_opts *wo, struct task *p)
{
	uint32_t flags;
	int sig;

	if (!(wo->flags & WUNTRACED))
		return 0;
	spin_lock_irqsave(&sched_lock, flags);
	sig = (p->signal->flags & SIGNAL_STOP_STOPPED) ? p->signal->stop_code : 0;
	if (sig && !(wo->flags & WNOWAIT))
		p->signal->stop_code = 0;
	spin_unlock_irqrestore(&sched_lock, flags);
	if (!sig)
		return 0;
	wo->status = (sig << 8) | 0x7f;
	return found(wo, p, CLD_STOPPED, sig);
}

/* A child continued since it stopped, not yet reported. */
static int wait_task_continued(struct wait_opts *wo, struct task *p)
{
	uint32_t flags;
	int cont;

	if (!(wo->flags & WCONTINUED))
		return 0;
	spin_lock_irqsave(&sched_lock, flags);
	cont = p->signal->flags & SIGNAL_STOP_CONTINUED;
	if (cont && !(wo->flags & WNOWAIT))
		p->signal->flags &= ~SIGNAL_STOP_CONTINUED;
	spin_unlock_irqrestore(&sched_lock, flags);
	if (!cont)
		return 0;
	wo->status = 0xffff;
	return found(wo, p, CLD_CONTINUED, SIGCONT);
}

/*
 * A ptrace stop of tracee p not yet reported: status >> 8 is its code,
 * whatever WUNTRACED says; waitid's CLD_TRAPPED.
 */
static int wait_task_traced(struct wait_opts *wo, struct task *p)
{
	uint32_t flags;
	int code;

	spin_lock_irqsave(&sched_lock, flags);
	code = p->state == TASK_TRACED ? p->ptrace_code : 0;
	if (code && !(wo->flags & WNOWAIT))
		p->ptrace_code = 0;
	spin_unlock_irqrestore(&sched_lock, flags);
	if (!code)
		return 0;
	wo->status = (code << 8) | 0x7f;
	return found(wo, p, CLD_TRAPPED, code);
}

/*
 * One eligible child: its pid if there is something to report.  A zombie
 * is only ever reported as exited; *waitable says there is a child that may
 * yet have something (Linux's notask_error).
 */
static int wait_consider_task(struct wait_opts *wo, struct task *p,
			      int *waitable)
{
	int pid;

	if (p->state == TASK_ZOMBIE && !thread_group_leader(p))
		return wait_task_zombie(wo, p);	/* a traced thread: its tracer's */
	/* The leader last, and not while another traces it (Linux's delay_group_leader). */
	if (p->state == TASK_ZOMBIE && thread_group_leader(p) && !p->signal->nr_threads &&
	    (!p->ptracer || p->ptracer->tgid == current->tgid) && !has_traced_zombie(p))
		return wait_task_zombie(wo, p);
	*waitable = 1;
	if (p->ptracer && p->ptracer->tgid == current->tgid &&
	    (pid = wait_task_traced(wo, p)) != 0)
		return pid;
	if ((pid = wait_task_stopped(wo, p)) != 0)
		return pid;
	return wait_task_continued(wo, p);
}

/*
 * The pid of a child reported, 0 (WNOHANG) if none has anything yet,
 * ECHILD if none can, or ERESTARTSYS for a signal: without a handler to
 * run, or with SA_RESTART, the wait starts again.  The scan comes before
 * the signal test: a zombie wins over the SIGCHLD announcing it.
 */
static long do_wait(struct wait_opts *wo)
{
	for (;;) {
		int waitable = 0, pid;

		for_each_task(t) {
			int traced = t->ptracer && t->ptracer->tgid == current->tgid;

			/* A process is its leader; any of our threads may wait for it. */
			if (!traced && (!thread_group_leader(t) || !t->parent ||
					t->parent->tgid != current->tgid))
				continue;
			if (t->state == TASK_NEW || !eligible_child(wo, t, traced))
				continue;
			if ((pid = wait_consider_task(wo, t, &waitable)) != 0)
				return pid;
		}
		if (!waitable)
			return -ECHILD;
		if (wo->flags & WNOHANG)
			return 0;
		if (signal_pending(current))
			return -ERESTARTSYS;
		sleep_on_interruptible(current->signal);
	}
}

/* Linux's checks in its order; the status and usage are written after the reaping. */
long sys_wait4(int upid, int *stat_addr, uint32_t options, void *ru)
{
	struct wait_opts wo = { .type = P_ALL };
	long ret;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD |
			__WCLONE | __WALL))
		return -EINVAL;
	if (upid == INT32_MIN)
		return -ESRCH;		/* -upid does not exist */
	if (upid < -1)
		wo.type = P_PGID, wo.id = -upid;
	else if (upid == 0)
		wo.type = P_PGID, wo.id = current->pgrp;
	else if (upid > 0)
		wo.type = P_PID, wo.id = upid;
	wo.flags = options | WEXITED;
	ret = do_wait(&wo);
	if (ret > 0 && stat_addr && copy_to_user(stat_addr, &wo.status, sizeof(int)))
		return -EFAULT;
	if (ret > 0 && ru && put_rusage(ru, &wo.usage))
		return -EFAULT;
	return ret;
}

long sys_waitpid(int pid, int *status, uint32_t options)
{
	return sys_wait4(pid, status, options, NULL);
}

/*
 * Linux's order: the options, then the idtype and id.  A pidfd stands for
 * its pid (EBADF if the descriptor is none); one opened PIDFD_NONBLOCK
 * makes the wait WNOHANG, and a wait that did not ask for that fails
 * EAGAIN rather than return nothing.
 */
static long kernel_waitid(struct wait_opts *wo, int which, int upid,
			  uint32_t options)
{
	uint32_t f_flags = 0;
	long ret;

	if (options & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED |
			__WNOTHREAD | __WCLONE | __WALL))
		return -EINVAL;
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	switch (which) {
	case P_ALL:
		break;
	case P_PID:
		if (upid <= 0)
			return -EINVAL;
		wo->id = upid;
		break;
	case P_PGID:
		if (upid < 0)
			return -EINVAL;
		wo->id = upid ? upid : current->pgrp;
		break;
	case P_PIDFD:
		if (upid < 0)
			return -EINVAL;
		if ((wo->id = pidfd_get_pid(upid, &f_flags)) < 0)
			return wo->id;
		which = P_PID;
		break;
	default:
		return -EINVAL;
	}
	wo->type = which;
	wo->flags = options;
	if (f_flags & PIDFD_NONBLOCK)
		wo->flags |= WNOHANG;
	ret = do_wait(wo);
	if (ret == 0 && !(options & WNOHANG) && (f_flags & PIDFD_NONBLOCK))
		ret = -EAGAIN;
	return ret;
}

/*
 * waitid: 0 and the child in *infop, or 0 with si_signo and si_pid 0 when
 * WNOHANG found nothing.  As on Linux, the six fields are written whatever
 * the result, an error included (an EINVAL with a bad infop is EFAULT),
 * and nothing else of the siginfo_t is.
 */
long sys_waitid(int which, int upid, void *infop, uint32_t options, void *ru)
{
	struct wait_opts wo = { .type = P_ALL };
	struct { int32_t signo, errno_, code, pid; uint32_t uid; int32_t status; } si;
	long err = kernel_waitid(&wo, which, upid, options);

	si.signo = 0;
	if (err > 0) {
		si.signo = SIGCHLD;
		err = 0;
		if (ru && put_rusage(ru, &wo.usage))
			return -EFAULT;
	}
	if (!infop)
		return err;
	si.errno_ = 0;
	si.code = si.signo ? wo.cause : 0;
	si.pid = si.signo ? wo.pid : 0;
	si.uid = si.signo ? wo.uid : 0;
	si.status = si.signo ? wo.info_status : 0;
	if (copy_to_user(infop, &si, sizeof(si)))
		return -EFAULT;
	return err;
}
