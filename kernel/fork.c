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
 * which Linux ignores too (but not beside CLONE_PIDFD).  CLONE_NEWUTS and
 * CLONE_NEWIPC give the child new namespaces (kernel/nsproxy.c); the other
 * namespaces are refused with EINVAL, as by a Linux built without them.
 *
 * clone3 (glibc's pthread_create and posix_spawn try it first) takes the
 * same flags in a struct clone_args, the exit signal apart, the stack as
 * its base and size, the pidfd's pointer apart from parent_tid, and three
 * of its own: CLONE_CLEAR_SIGHAND (the child's handlers back to SIG_DFL),
 * CLONE_INTO_CGROUP (the child starts in another cgroup) and set_tid (the
 * pid the child must have).  All four calls come to kernel_clone with a
 * struct kernel_clone_args, as in Linux.
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
#include "kernel/nsproxy.h"
#include "kernel/pidfd.h"
#include "kernel/ptrace.h"
#include "kernel/rseq.h"
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
#define CLONE_SYSVSEM		0x00040000
#define CLONE_SETTLS		0x00080000
#define CLONE_PARENT_SETTID	0x00100000
#define CLONE_CHILD_CLEARTID	0x00200000
#define CLONE_DETACHED		0x00400000
#define CLONE_UNTRACED		0x00800000
#define CLONE_CHILD_SETTID	0x01000000
#define CLONE_IO		0x80000000
/* CLONE_NEW*: kernel/nsproxy.h */
#define CLONE_UNSHARE		(CLONE_THREAD | CLONE_FS | CLONE_SIGHAND | \
				 CLONE_VM | CLONE_FILES | CLONE_SYSVSEM | \
				 CLONE_NEWUSER | CLONE_NEWNSPROXY)

/* clone3's own flags, above clone's 32 bits */
#define CLONE_CLEAR_SIGHAND	0x100000000ULL
#define CLONE_INTO_CGROUP	0x200000000ULL

/* What a fork is asked to do (Linux's struct kernel_clone_args). */
struct kernel_clone_args {
	uint64_t flags;		/* CLONE_*, no exit signal */
	int *pidfd, *child_tid, *parent_tid;
	int exit_signal;
	uint32_t stack;		/* the child's stack pointer; 0: the caller's */
	uint32_t tls;		/* CLONE_SETTLS: a struct user_desc */
	int set_tid;		/* clone3: the pid the child must have; 0: any */
	int cgroup;		/* CLONE_INTO_CGROUP: a cgroup directory's descriptor */
};

/* Linux's copy_process checks, in its order, then what shmos cannot do. */
static int clone_flags_ok(const struct kernel_clone_args *args)
{
	uint32_t flags = args->flags;

	if ((flags & CLONE_PIDFD) && (flags & CLONE_PARENT_SETTID) &&
	    args->pidfd == args->parent_tid)
		return 0;	/* one pointer for both (Linux's kernel_clone) */
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
	if ((flags & CLONE_THREAD) && (flags & CLONE_NEWPID))
		return 0;
	return !(flags & CLONE_NEWUSER);	/* as a Linux built without user namespaces */
}

/* A child that copy_process could not finish: what it got goes back. */
static void undo_copy(struct task *c)
{
	exit_files(c);
	exit_fs(c);
	exit_task_namespaces(c);
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
	c->nsproxy = p->nsproxy;
	if ((err = copy_namespaces(flags, c)))
		return err;
	if (flags & CLONE_THREAD)
		c->tgid = p->tgid;
	return copy_signal(flags & CLONE_THREAD, p, c);
}

static struct task *copy_process(const struct kernel_clone_args *args)
{
	uint32_t flags = args->flags;
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
	if (args->flags & CLONE_CLEAR_SIGHAND)
		flush_signal_handlers(c->sighand);	/* its own: clone3 refused CLONE_SIGHAND */
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
		c->exit_signal = args->exit_signal;
	}
	c->start_time = get_jiffies_64();
	kstat.processes++;
	c->nice = p->nice;
	/*
	 * Linux's sched_fork: the policy and priority are inherited; with
	 * SCHED_RESET_ON_FORK the flag goes, a real-time policy becomes
	 * SCHED_OTHER and a negative nice 0.
	 */
	c->policy = p->policy & ~SCHED_RESET_ON_FORK;
	c->rt_priority = p->rt_priority;
	if (p->policy & SCHED_RESET_ON_FORK) {
		if (c->rt_priority)
			c->policy = SCHED_OTHER;
		c->rt_priority = 0;
		if (c->nice < 0)
			c->nice = 0;
	}
	if (c->rt_priority)
		nr_rt_tasks++;
	c->dumpable = p->dumpable;
	c->no_new_privs = p->no_new_privs;
	c->keep_caps = p->keep_caps;
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
	rseq_fork(c, flags & CLONE_VM);
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

/* A child copy_process made whole that will not run after all: all of it goes back. */
static void abort_fork(struct task *c)
{
	if (c->rt_priority)
		nr_rt_tasks--;
	cgroup_exit(c);
	kstat.processes--;
	undo_copy(c);
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
	abort_fork(c);
	return fd < 0 ? fd : -EFAULT;
}

/*
 * The ptrace event this fork is, if the caller's tracer asked for it
 * (Linux's kernel_clone): a vfork, a clone (an exit signal other than
 * SIGCHLD), or a fork; 0 if not, or CLONE_UNTRACED.
 */
static int fork_event(const struct kernel_clone_args *args)
{
	int event = PTRACE_EVENT_FORK;

	if (args->flags & CLONE_UNTRACED)
		return 0;
	if (args->flags & CLONE_VFORK)
		event = PTRACE_EVENT_VFORK;
	else if (args->exit_signal != SIGCHLD)
		event = PTRACE_EVENT_CLONE;
	return ptrace_event_enabled(current, event) ? event : 0;
}

/*
 * clone3's set_tid, as Linux's alloc_pid checks it: a pid in range (EINVAL),
 * root's to ask (EPERM), free (EEXIST).
 */
static int set_tid_ok(int tid)
{
	if (tid < 1 || tid >= PID_MAX)
		return -EINVAL;
	if (current->euid != 0)
		return -EPERM;
	return pid_in_use(tid) ? -EEXIST : 0;
}

/*
 * What clone3 adds once the child exists: the pid it asked for (checked
 * again: copy_process may have slept while another fork took it), the
 * cgroup to start in.  0, or -errno and no child.
 */
static int clone3_child(struct task *c, const struct kernel_clone_args *args)
{
	int err = 0;

	if (args->set_tid && !(err = set_tid_ok(args->set_tid))) {
		c->pid = args->set_tid;
		if (!(args->flags & CLONE_THREAD))
			c->tgid = c->pid;
	}
	if (!err && (args->flags & CLONE_INTO_CGROUP))
		err = cgroup_fork_into(c, args->cgroup);
	if (err)
		abort_fork(c);
	return err;
}

static long kernel_clone(const struct kernel_clone_args *args)
{
	uint32_t flags = args->flags;
	struct task *c;
	uint64_t tls_desc = 0;
	int tls_idx = 0, err, pid, event = fork_event(args);

	if (!clone_flags_ok(args))
		return -EINVAL;
	if ((err = check_namespace_flags(flags)))
		return err;
	/*
	 * Linux's copy_namespaces: the child's semaphore undo records are of
	 * the parent's namespace's sets, which a new namespace cannot reach.
	 */
	if ((flags & (CLONE_NEWIPC | CLONE_SYSVSEM)) == (CLONE_NEWIPC | CLONE_SYSVSEM))
		return -EINVAL;
	/* Checked before the child exists, so a bad one leaves nothing to undo. */
	if ((flags & CLONE_SETTLS) &&
	    (err = tls_desc_from_user((struct user_desc *)args->tls, 0, &tls_idx, &tls_desc)))
		return err;
	if (args->set_tid && (err = set_tid_ok(args->set_tid)))
		return err;
	if (too_many_processes() || !(c = copy_process(args)))
		return -EAGAIN;
	if ((args->set_tid || (args->flags & CLONE_INTO_CGROUP)) &&
	    (err = clone3_child(c, args)))
		return err;
	pid = c->pid;
	if ((flags & CLONE_PIDFD) && (err = put_pidfd(c, flags, args->pidfd)) != 0)
		return err;
	if (args->stack)
		c->tf->esp = args->stack;
	if (flags & CLONE_SETTLS)
		c->tls[tls_idx - GDT_ENTRY_TLS_MIN] = tls_desc;
	if (flags & CLONE_CHILD_CLEARTID)
		c->clear_child_tid = (uint32_t)args->child_tid;
	if (flags & CLONE_CHILD_SETTID) {
		/* In the child's memory: a copy, unless CLONE_VM shares ours. */
		struct mm_struct *mine = current->mm;
		current->mm = c->mm;
		switch_pgd(c->mm->pgd);
		copy_to_user(args->child_tid, &pid, sizeof(pid));
		current->mm = mine;
		switch_pgd(mine->pgd);
	}
	/* Failures to write the tids are ignored, as Linux ignores them. */
	if (flags & CLONE_PARENT_SETTID)
		copy_to_user(args->parent_tid, &pid, sizeof(pid));
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
	struct kernel_clone_args args = { .exit_signal = SIGCHLD };

	return kernel_clone(&args);
}

/* Linux's vfork: the child borrows the parent's memory until it execs or exits. */
long sys_vfork(void)
{
	struct kernel_clone_args args = { .flags = CLONE_VFORK | CLONE_VM,
					  .exit_signal = SIGCHLD };

	return kernel_clone(&args);
}

/*
 * unshare(2): stop sharing with the tasks clone made share.  Linux's
 * ksys_unshare, in its order: the flags one implies, then what can be undone
 * (a thread group, handlers or memory are shared only while another uses
 * them, so unsharing them is allowed only when none does: then nothing is
 * left to do).  CLONE_FS and CLONE_FILES make a copy the task's own;
 * CLONE_SYSVSEM leaves the shared SEM_UNDO records as exit would, and so
 * does CLONE_NEWIPC (they are of the old namespace's sets).  CLONE_NEWUTS
 * and CLONE_NEWIPC put the caller in new namespaces (kernel/nsproxy.c),
 * for root (CAP_SYS_ADMIN: EPERM); the other kinds are EINVAL, as from a
 * Linux built without them, after that check; user namespaces need no
 * privilege and are EINVAL for anyone.
 */
long sys_unshare(uint32_t flags)
{
	struct task *me = current;
	struct nsproxy *new_nsproxy;
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
	if ((err = check_namespace_flags(flags)))
		return err;
	if ((flags & CLONE_FS) && (err = unshare_fs(me)))
		return err;
	if ((flags & CLONE_FILES) && (err = unshare_files(me)))
		return err;
	if ((err = unshare_nsproxy_namespaces(flags, &new_nsproxy)))
		return err;
	if (flags & (CLONE_SYSVSEM | CLONE_NEWIPC))
		exit_sem(me);
	if (new_nsproxy)
		switch_task_namespaces(me, new_nsproxy);
	return 0;
}

/* i386 argument order: flags, newsp, parent_tid, tls, child_tid. */
long sys_clone(uint32_t flags, uint32_t newsp, int *ptid, uint32_t tls, int *ctid)
{
	struct kernel_clone_args args = {
		.flags = flags & ~CSIGNAL, .exit_signal = flags & CSIGNAL,
		.pidfd = ptid, .parent_tid = ptid, .child_tid = ctid,
		.stack = newsp, .tls = tls,
	};

	return kernel_clone(&args);
}

/* clone3's argument, struct clone_args: 64 bytes, 80 with set_tid, 88 with cgroup. */
struct clone_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
	uint64_t stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};
#define CLONE_ARGS_SIZE_VER0	64
#define CLONE_ARGS_SIZE_VER2	88
#define MAX_PID_NS_LEVEL	32

/*
 * Linux's copy_clone_args_from_user, in its order: the size (E2BIG past a
 * page, EINVAL under the first version's), the struct (EFAULT; a longer
 * one than ours must end in zeros: E2BIG), set_tid's size, the exit signal,
 * the cgroup; then set_tid's array (EFAULT) into *tid.
 */
static int copy_clone_args_from_user(struct clone_args *a, int *tid,
				     const void *uargs, uint32_t size)
{
	if (size > PAGE_SIZE)
		return -E2BIG;
	if (size < CLONE_ARGS_SIZE_VER0)
		return -EINVAL;
	memset(a, 0, sizeof(*a));
	if (copy_from_user(a, uargs, size < sizeof(*a) ? size : sizeof(*a)))
		return -EFAULT;
	for (uint32_t off = sizeof(*a); off < size; off++) {
		char byte;

		if (copy_from_user(&byte, (const char *)uargs + off, 1))
			return -EFAULT;
		if (byte)
			return -E2BIG;
	}
	if (a->set_tid_size > MAX_PID_NS_LEVEL || (!a->set_tid && a->set_tid_size) ||
	    (a->set_tid && !a->set_tid_size))
		return -EINVAL;
	if ((a->exit_signal & ~(uint64_t)CSIGNAL) || a->exit_signal >= NSIG)
		return -EINVAL;
	if ((a->flags & CLONE_INTO_CGROUP) &&
	    (a->cgroup > 0x7fffffff || size < CLONE_ARGS_SIZE_VER2))
		return -EINVAL;
	*tid = 0;
	if (a->set_tid && copy_from_user(tid, (const void *)(uint32_t)a->set_tid, sizeof(*tid)))
		return -EFAULT;
	return 0;
}

/*
 * Linux's clone3_args_valid: clone's 32 flags and clone3's two; not
 * CLONE_DETACHED nor the exit-signal byte, whose bits clone3 keeps for
 * later (but CLONE_NEWTIME); not CLONE_SIGHAND with CLONE_CLEAR_SIGHAND;
 * no exit signal for a thread or a sibling; a stack with a size, in user
 * space, and no size without a stack.  shmos has one pid namespace: a
 * set_tid of more than one pid is EINVAL (alloc_pid's).
 */
static int clone3_args_valid(const struct clone_args *a)
{
	if (a->flags & ~(0xffffffffULL | CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP))
		return 0;
	if (a->flags & (CLONE_DETACHED | (CSIGNAL & ~CLONE_NEWTIME)))
		return 0;
	if ((a->flags & CLONE_SIGHAND) && (a->flags & CLONE_CLEAR_SIGHAND))
		return 0;
	if ((a->flags & (CLONE_THREAD | CLONE_PARENT)) && a->exit_signal)
		return 0;
	if (a->set_tid_size > 1)
		return 0;
	if (!a->stack)
		return a->stack_size == 0;
	return a->stack_size && a->stack + a->stack_size <= TASK_SIZE;
}

long sys_clone3(const void *uargs, uint32_t size)
{
	struct kernel_clone_args k;
	struct clone_args a;
	int err, tid;

	if ((err = copy_clone_args_from_user(&a, &tid, uargs, size)))
		return err;
	if (!clone3_args_valid(&a))
		return -EINVAL;
	k = (struct kernel_clone_args){
		.flags = a.flags, .pidfd = (int *)(uint32_t)a.pidfd,
		.child_tid = (int *)(uint32_t)a.child_tid,
		.parent_tid = (int *)(uint32_t)a.parent_tid,
		.exit_signal = a.exit_signal, .tls = a.tls, .set_tid = tid,
		.cgroup = a.cgroup,
		.stack = a.stack ? a.stack + a.stack_size : 0,	/* the stack grows down */
	};
	return kernel_clone(&k);
}
