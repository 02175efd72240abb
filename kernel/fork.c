/*
 * fork, vfork and clone.  The child gets a copy of the parent's address
 * space (copy-on-write, mm/vma.c), or with CLONE_VM the same one; its open
 * files, credentials and signal dispositions; and it returns 0 from the
 * same system call.
 *
 * Every clone flag is either done or refused, never dropped: a program
 * that asked for sharing and silently got a copy would go wrong later, far
 * from the cause (posix_spawn reads the child's exec error from memory it
 * shares with the child).  Done: the exit signal (the low byte), CLONE_VM,
 * CLONE_VFORK, CLONE_PARENT, CLONE_SETTLS, the three tid pointers, and
 * threads: CLONE_FILES, CLONE_FS and CLONE_SIGHAND share the descriptor
 * table, the working and root directories and umask, and the handlers,
 * and CLONE_THREAD puts the child in the caller's process (the same
 * getpid; its parent is the process's; it sends no exit signal).
 * CLONE_SYSVSEM shares the SEM_UNDO records (ipc/sem.c, copy_semundo).
 * CLONE_PIDFD writes a pidfd of the child (kernel/pidfd.c) where clone's
 * parent_tid points, so it cannot come with CLONE_PARENT_SETTID.
 * CLONE_PTRACE makes a traced caller's child traced too, CLONE_UNTRACED
 * keeps it from being traced for a fork event (kernel/ptrace.c).
 * Nothing to do in shmos, so accepted: CLONE_IO, and CLONE_DETACHED,
 * which Linux ignores too (but not beside CLONE_PIDFD).  Refused with EINVAL, as by a Linux built
 * without them: namespaces.
 */
#include "kernel/task.h"
#include "kernel/cgroup.h"
#include "kernel/errno.h"
#include "fs/file.h"
#include "ipc/sem.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"
#include "kernel/kstat.h"
#include "kernel/pidfd.h"
#include "kernel/ptrace.h"
#include "kernel/time.h"
#include "mm/mm.h"
#include "mm/page.h"
#include "mm/uaccess.h"

#define CSIGNAL			0x000000ff	/* the exit signal */
#define CLONE_VM		0x00000100
#define CLONE_FS		0x00000200
#define CLONE_FILES		0x00000400
#define CLONE_SIGHAND		0x00000800
#define CLONE_PIDFD		0x00001000
#define CLONE_PTRACE		0x00002000
#define CLONE_VFORK		0x00004000
#define CLONE_PARENT		0x00008000
#define CLONE_THREAD		0x00010000
#define CLONE_NEWNS		0x00020000
#define CLONE_SYSVSEM		0x00040000
#define CLONE_SETTLS		0x00080000
#define CLONE_PARENT_SETTID	0x00100000
#define CLONE_CHILD_CLEARTID	0x00200000
#define CLONE_DETACHED		0x00400000
#define CLONE_UNTRACED		0x00800000
#define CLONE_CHILD_SETTID	0x01000000
#define CLONE_IO		0x80000000
#define CLONE_NEWTIME		0x00000080
#define CLONE_NEWCGROUP		0x02000000
#define CLONE_NEWUTS		0x04000000
#define CLONE_NEWIPC		0x08000000
#define CLONE_NEWUSER		0x10000000
#define CLONE_NEWPID		0x20000000
#define CLONE_NEWNET		0x40000000
#define CLONE_NEWNSPROXY	(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | \
				 CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWCGROUP | \
				 CLONE_NEWTIME)
#define CLONE_UNSHARE		(CLONE_THREAD | CLONE_FS | CLONE_SIGHAND | \
				 CLONE_VM | CLONE_FILES | CLONE_SYSVSEM | \
				 CLONE_NEWUSER | CLONE_NEWNSPROXY)

#define CLONE_UNSUPPORTED	0x7E020000	/* the namespaces */

/* Linux's copy_process checks, in its order, then what shmos cannot do. */
static int clone_flags_ok(uint32_t flags)
{
	if ((flags & CLONE_PIDFD) && (flags & CLONE_PARENT_SETTID))
		return 0;	/* the same pointer for both (Linux's kernel_clone) */
	if ((flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS))
		return 0;
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return 0;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return 0;
	if ((flags & CLONE_PARENT) && current->tgid == 1)
		return 0;	/* init's siblings would have no one to reap them */
	if ((flags & CLONE_PIDFD) && (flags & CLONE_DETACHED))
		return 0;
	return !(flags & CLONE_UNSUPPORTED);
}

/* A child that copy_process could not finish: what it got goes back. */
static void undo_copy(struct task *c)
{
	exit_files(c);
	exit_fs(c);
	if (c->signal)
		c->signal->nr_threads -= c->tgid == current->tgid;
	release_signals(c);
	mmput(c->mm);
	exit_sem(c);
	free_task(c);
}

/* The structures a thread shares and a process copies (share: clone's flag). */
static int copy_shared(uint32_t flags, struct task *p, struct task *c)
{
	int err;

	if ((err = copy_files(flags & CLONE_FILES, p, c)) ||
	    (err = copy_fs(flags & CLONE_FS, p, c)) ||
	    (err = copy_sighand(flags & CLONE_SIGHAND, p, c)))
		return err;
	if (flags & CLONE_THREAD)
		c->tgid = p->tgid;
	return copy_signal(flags & CLONE_THREAD, p, c);
}

static struct task *copy_process(uint32_t flags)
{
	struct task *p = current, *c = alloc_task();

	if (!c)
		return NULL;
	if (copy_semundo(flags, c)) {
		free_task(c);
		return NULL;
	}
	if (flags & CLONE_VM) {
		c->mm = p->mm;
		mmget(c->mm);
	} else if (!(c->mm = mm_dup(p->mm)) || fatal_signal_pending(p)) {
		/*
		 * mm_dup may let others run: a parent killed meanwhile makes no
		 * child (Linux's fatal_signal_pending check), whose copy could
		 * have holes where the OOM killer took the parent's pages.
		 */
		undo_copy(c);
		return NULL;
	}
	if (copy_shared(flags, p, c) || p->signal->group_exit) {
		undo_copy(c);	/* out of memory, or the process is ending */
		return NULL;
	}
	*c->tf = *p->tf;
	c->tf->eax = 0;			/* the child's fork() returns 0 */
	task_init_context(c);		/* with the parent's live x87/SSE registers */
	memcpy(c->comm, p->comm, TASK_COMM_LEN);
	memcpy(c->tls, p->tls, sizeof(c->tls));
	c->sig_blocked = p->sig_blocked;
	/* A thread may find its process's signals waiting for a taker. */
	c->sigpending = (flags & CLONE_THREAD) != 0;
	/* A child that shares our memory and may run beside us needs its own. */
	if ((flags & (CLONE_VM | CLONE_VFORK)) == CLONE_VM) {
		sas_ss_reset(c);
	} else {
		c->sas_ss_sp = p->sas_ss_sp, c->sas_ss_size = p->sas_ss_size;
		c->sas_ss_flags = p->sas_ss_flags;
	}
	if (flags & CLONE_THREAD) {
		c->parent = p->parent;		/* the process's; nobody waits for a thread */
		c->exit_signal = -1;
	} else if (flags & CLONE_PARENT) {
		c->parent = p->parent;
		c->exit_signal = p->exit_signal;
	} else {
		c->parent = p;
		c->exit_signal = flags & CSIGNAL;
	}
	c->start_time = get_jiffies_64();
	kstat.processes++;
	c->nice = p->nice;
	/* Linux's sched_fork: the flag goes, and a negative nice with it */
	c->policy = p->policy & ~SCHED_RESET_ON_FORK;
	if ((p->policy & SCHED_RESET_ON_FORK) && c->nice < 0)
		c->nice = 0;
	c->dumpable = p->dumpable;
	c->no_new_privs = p->no_new_privs;
	c->personality = p->personality;
	c->ioprio = p->ioprio;
	c->pgrp = p->pgrp;
	c->session = p->session;
	c->tty = p->tty;
	c->uid = p->uid, c->euid = p->euid, c->suid = p->suid;
	c->gid = p->gid, c->egid = p->egid, c->sgid = p->sgid;
	memcpy(c->groups, p->groups, sizeof(c->groups));
	c->ngroups = p->ngroups;
	memcpy(c->rlim, p->rlim, sizeof(c->rlim));
	cgroup_fork(c);
	return c;
}

/*
 * The child has exec'd or is exiting, so it no longer uses the memory it
 * shared with the parent waiting in vfork: wake that parent.
 */
void complete_vfork_done(struct task *t)
{
	struct task *p = t->vfork_parent;

	if (p) {
		t->vfork_parent = NULL;
		wakeup(&p->vfork_parent);
	}
}

/*
 * The vfork parent sleeps until the child lets go of the memory.  SIGKILL
 * ends the wait, as on Linux; other signals wait with the parent.  The
 * child's slot may be reaped and reused meanwhile, but then its
 * vfork_parent is no longer us.  Only a task changes vfork_parent (the
 * child, in exec or exit: complete_vfork_done), and no task runs between
 * the test and the sleep, so the sleep needs no lock and misses no wakeup.
 */
static void wait_for_vfork_done(struct task *c)
{
	struct task *me = current;

	while (c->vfork_parent == me)
		if (sleep_on_killable(&me->vfork_parent, NULL, 0)) {
			c->vfork_parent = NULL;
			break;
		}
}

/*
 * The most tasks fork makes (/proc/sys/kernel/threads-max): Linux's
 * set_max_threads, as many as would fill an eighth of memory with their
 * kernel stacks, at least 20 and at most the task table's room.
 */
int max_threads = 20;

/*
 * At boot, before init is made: max_threads from memory, and half of it
 * as the processes (RLIMIT_NPROC) and the pending signals
 * (RLIMIT_SIGPENDING) a user may have, as Linux's fork_init.
 */
void fork_init(void)
{
	uint64_t threads = (uint64_t)nr_total_pages() * PAGE_SIZE / (8 * THREAD_SIZE);

	max_threads = threads < 20 ? 20 : threads > NR_TASKS ? NR_TASKS : threads;
	init_rlimits[RLIMIT_NPROC].rlim_cur = max_threads / 2;
	init_rlimits[RLIMIT_NPROC].rlim_max = max_threads / 2;
	init_rlimits[RLIMIT_SIGPENDING] = init_rlimits[RLIMIT_NPROC];
}

/*
 * RLIMIT_NPROC: the processes of the caller's real user, zombies included
 * (they count until reaped, as on Linux), may not be more than the limit
 * with the new one.  Root is not limited (Linux: INIT_USER, or
 * CAP_SYS_RESOURCE or CAP_SYS_ADMIN).
 */
static int too_many_processes(void)
{
	int n = 0;

	if (current->uid == 0 || current->euid == 0)
		return 0;
	for_each_task(t)
		n += t->uid == current->uid && t != &tasks[0];
	return (uint32_t)n >= rlimit(RLIMIT_NPROC);
}

/*
 * CLONE_PIDFD: a pidfd of child c (a thread's with CLONE_THREAD) at *ptid.
 * If it cannot be made (EMFILE) or written (EFAULT), no child is: the
 * descriptor and c go (Linux's bad_fork_put_pidfd), and 0 or -errno.
 */
static int put_pidfd(struct task *c, uint32_t flags, int *ptid)
{
	int fd = pidfd_create(c->pid, flags & CLONE_THREAD ? PIDFD_THREAD : 0);

	if (fd >= 0 && copy_to_user(ptid, &fd, sizeof(fd)) == 0)
		return 0;
	if (fd >= 0)
		fd_close(fd);
	cgroup_exit(c);
	kstat.processes--;
	undo_copy(c);
	return fd < 0 ? fd : -EFAULT;
}

/*
 * The ptrace event this fork is, if the caller's tracer asked for it
 * (Linux's kernel_clone): a vfork, a clone (an exit signal other than
 * SIGCHLD), or a fork; 0 if not, or CLONE_UNTRACED.
 */
static int fork_event(uint32_t flags)
{
	int event = PTRACE_EVENT_FORK;

	if (flags & CLONE_UNTRACED)
		return 0;
	if (flags & CLONE_VFORK)
		event = PTRACE_EVENT_VFORK;
	else if ((flags & CSIGNAL) != SIGCHLD)
		event = PTRACE_EVENT_CLONE;
	return ptrace_event_enabled(current, event) ? event : 0;
}

static long do_fork(uint32_t flags, uint32_t newsp, int *ptid, uint32_t tls,
		    int *ctid)
{
	struct task *c;
	uint64_t tls_desc = 0;
	int tls_idx = 0, err, pid, event = fork_event(flags);

	if (!clone_flags_ok(flags))
		return -EINVAL;
	/* Checked before the child exists, so a bad one leaves nothing to undo. */
	if ((flags & CLONE_SETTLS) &&
	    (err = tls_desc_from_user((struct user_desc *)tls, 0, &tls_idx, &tls_desc)))
		return err;
	if (too_many_processes() || !(c = copy_process(flags)))
		return -EAGAIN;
	pid = c->pid;
	if ((flags & CLONE_PIDFD) && (err = put_pidfd(c, flags, ptid)) != 0)
		return err;
	if (newsp)
		c->tf->esp = newsp;
	if (flags & CLONE_SETTLS)
		c->tls[tls_idx - GDT_ENTRY_TLS_MIN] = tls_desc;
	if (flags & CLONE_CHILD_CLEARTID)
		c->clear_child_tid = (uint32_t)ctid;
	if (flags & CLONE_CHILD_SETTID) {
		/* In the child's memory: a copy, unless CLONE_VM shares ours. */
		struct mm_struct *mine = current->mm;
		current->mm = c->mm;
		switch_pgd(c->mm->pgd);
		copy_to_user(ctid, &pid, sizeof(pid));
		current->mm = mine;
		switch_pgd(mine->pgd);
	}
	/* Failures to write the tids are ignored, as Linux ignores them. */
	if (flags & CLONE_PARENT_SETTID)
		copy_to_user(ptid, &pid, sizeof(pid));
	if (flags & CLONE_VFORK)
		c->vfork_parent = current;
	if (flags & CLONE_THREAD)
		task_join_group_stop(c);
	ptrace_init_task(c, event || ((flags & CLONE_PTRACE) && current->ptracer));
	set_task_state(c, TASK_RUNNING);
	if (event)
		ptrace_event(event, pid);
	if (flags & CLONE_VFORK) {
		wait_for_vfork_done(c);
		ptrace_event(PTRACE_EVENT_VFORK_DONE, pid);
	}
	return pid;
}

long sys_fork(void)
{
	return do_fork(SIGCHLD, 0, NULL, 0, NULL);
}

/* Linux's vfork: the child borrows the parent's memory until it execs or exits. */
long sys_vfork(void)
{
	return do_fork(CLONE_VFORK | CLONE_VM | SIGCHLD, 0, NULL, 0, NULL);
}

/*
 * unshare(2): stop sharing with the tasks clone made share.  Linux's
 * ksys_unshare, in its order: the flags one implies, then what can be undone
 * (a thread group, handlers or memory are shared only while another uses
 * them, so unsharing them is allowed only when none does: then nothing is
 * left to do).  CLONE_FS and CLONE_FILES make a copy the task's own;
 * CLONE_SYSVSEM leaves the shared SEM_UNDO records as exit would.  shmos has
 * no namespaces: EINVAL, as a Linux built without them, after the
 * CAP_SYS_ADMIN check (EPERM) Linux makes first; user namespaces need no
 * privilege and are EINVAL for anyone.
 */
long sys_unshare(uint32_t flags)
{
	struct task *me = current;
	int err;

	if (flags & CLONE_NEWUSER)
		flags |= CLONE_THREAD | CLONE_FS;
	if (flags & CLONE_VM)
		flags |= CLONE_SIGHAND;
	if (flags & CLONE_SIGHAND)
		flags |= CLONE_THREAD;
	if (flags & CLONE_NEWNS)
		flags |= CLONE_FS;
	if (flags & ~CLONE_UNSHARE)
		return -EINVAL;
	if ((flags & (CLONE_THREAD | CLONE_SIGHAND | CLONE_VM)) &&
	    me->signal->nr_threads > 1)
		return -EINVAL;
	if ((flags & (CLONE_SIGHAND | CLONE_VM)) && me->sighand->count > 1)
		return -EINVAL;
	if ((flags & CLONE_VM) && me->mm->mm_users > 1)
		return -EINVAL;
	if (flags & CLONE_NEWUSER)
		return -EINVAL;
	if (flags & CLONE_NEWNSPROXY)
		return me->euid != 0 ? -EPERM : -EINVAL;
	if ((flags & CLONE_FS) && (err = unshare_fs(me)))
		return err;
	if ((flags & CLONE_FILES) && (err = unshare_files(me)))
		return err;
	if (flags & CLONE_SYSVSEM)
		exit_sem(me);
	return 0;
}

/* i386 argument order: flags, newsp, parent_tid, tls, child_tid. */
long sys_clone(uint32_t flags, uint32_t newsp, int *ptid, uint32_t tls, int *ctid)
{
	return do_fork(flags, newsp, ptid, tls, ctid);
}
