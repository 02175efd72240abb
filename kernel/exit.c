/*
 * exit and wait.  An exiting task gives back its address space (shm
 * attaches detach through their close hook), its semaphore undo records
 * (applied to the semaphores) and files at once; a session leader's session
 * loses its controlling terminal; the task becomes a zombie holding only
 * its wait status and resource usage, and is reaped by its parent's wait
 * (kernel/wait.c).  Its children go to init.  A process group that loses
 * its last link to its session's other groups is "orphaned": no shell can
 * continue its stopped members any more, so they get SIGHUP and SIGCONT.
 * When init itself exits, the machine powers off with init's status.
 *
 * Threads: exit ends one thread, exit_group the process (every thread).
 * A thread other than the leader is freed as soon as it is off its kernel
 * stack (schedule_dead); the leader stays a zombie until the last thread
 * has gone, and only then does the parent hear of it and may reap it.
 */
#include "kernel/task.h"
#include "kernel/nsproxy.h"
#include "drivers/tty.h"
#include "kernel/cgroup.h"
#include "kernel/futex.h"
#include "fs/file.h"
#include "fs/poll.h"
#include "ipc/sem.h"
#include "kernel/oops.h"
#include "kernel/ptrace.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "mm/mm.h"
#include "mm/uaccess.h"

static struct task *init_task(void)
{
	for_each_task(t)
		if (t->pid == 1)
			return t;
	return NULL;
}

/* Linux's wait status as init's exit status: exit code, or 128 + signal. */
static int shell_status(int wstatus)
{
	return (wstatus & 0x7F) ? 128 + (wstatus & 0x7F) : (wstatus >> 8) & 0xFF;
}

/* The wait status a process ended with: the group's, if something ended all its threads. */
int group_exit_status(const struct task *leader)
{
	return leader->signal->group_exit ? leader->signal->group_exit_code :
					     leader->exit_code;
}

/*
 * The exit signal to the parent, saying how the process ended (Linux's
 * do_notify_parent): SIGCHLD, or what clone's low byte chose; none for 0
 * or for a number that is no signal.  Sent when the last thread has gone,
 * for the leader, whose pid is the process's; its parent's wait, in any
 * of the parent's threads, is woken.  A traced process tells its tracer
 * first, with SIGCHLD; the parent hears when the tracer has reaped it or
 * let it go (kernel/wait.c, kernel/ptrace.c).
 */
void do_notify_parent(struct task *leader)
{
	int status = group_exit_status(leader);
	struct ksiginfo info = {
		.code = (status & 0x7F) ? CLD_KILLED : CLD_EXITED,
		.pid = leader->pid, .uid = leader->uid,
		.status = (status & 0x7F) ? status & 0x7F : (status >> 8) & 0xFF,
		.utime = leader->usage.utime, .stime = leader->usage.stime,
	};

	struct task *to = leader->ptracer ? leader->ptracer : leader->parent;
	int sig = leader->ptracer ? SIGCHLD : leader->exit_signal;

	if (sig > 0 && sig < NSIG)
		group_send_sig_info(to, sig, &info);
	wakeup(to->signal);
}

/*
 * The task lets go of its memory (exit, and exec: Linux's mm_release).
 * Its robust futexes are released, and its PI futexes handed to their
 * waiters (kernel/futex.c).  clear_child_tid is
 * cleared and woken (pthread_join waits on it) only if someone else still
 * uses the memory, the only case where anyone can see it; a vfork parent
 * may run again.
 */
void exit_mm_release(struct task *t, struct mm_struct *mm)
{
	exit_robust_list(t);
	exit_pi_state_list(t);
	if (t->clear_child_tid && mm->mm_users > 1) {
		int zero = 0;

		if (!copy_to_user((void *)t->clear_child_tid, &zero, sizeof(zero)))
			futex_wake_shared(t->clear_child_tid, 1);
	}
	t->clear_child_tid = 0;
	complete_vfork_done(t);
}

/* A live thread of me's process other than me, or NULL. */
static struct task *find_live_thread(struct task *me)
{
	for_each_thread(me, t)
		if (t != me && t->state != TASK_ZOMBIE)
			return t;
	return NULL;
}

/*
 * Whether process group pgrp has (or, once ignored has gone, will have) no
 * member whose parent is in another group of the same session: POSIX's
 * orphaned process group (Linux's will_become_orphaned_pgrp).  Zombies and
 * children of init do not count.
 */
static int will_become_orphaned_pgrp(int pgrp, struct task *ignored)
{
	for_each_task(p) {
		if (p->pgrp != pgrp || p == ignored || p->state == TASK_ZOMBIE ||
		    p->state == TASK_NEW || !p->parent || p->parent->pid == 1)
			continue;
		if (p->parent->pgrp != pgrp && p->parent->session == p->session)
			return 0;
	}
	return 1;
}

/* Stop signals do nothing in an orphaned group (do_signal), nor do the tty's. */
int is_current_pgrp_orphaned(void)
{
	return will_become_orphaned_pgrp(current->pgrp, NULL);
}

static int has_stopped_jobs(int pgrp)
{
	for_each_task(p)
		if (p->pgrp == pgrp && p->signal &&
		    (p->signal->flags & SIGNAL_STOP_STOPPED))
			return 1;
	return 0;
}

/*
 * t's group may just have been orphaned: by t's exit (parent NULL: t's
 * parent is in another group and t was the group's link to it), or by the
 * exit of parent, t's parent until now.  If it was, and has stopped
 * members, they get SIGHUP then SIGCONT (POSIX; Linux's kill_orphaned_pgrp).
 */
static void kill_orphaned_pgrp(struct task *t, struct task *parent)
{
	struct task *ignored = t;

	if (!parent)
		parent = t->parent;
	else
		ignored = NULL;
	if (parent && parent->pgrp != t->pgrp &&
	    parent->session == t->session &&
	    will_become_orphaned_pgrp(t->pgrp, ignored) &&
	    has_stopped_jobs(t->pgrp)) {
		kill_pgrp(t->pgrp, SIGHUP);
		kill_pgrp(t->pgrp, SIGCONT);
	}
}

/*
 * The children get their parent-death signal (prctl(PR_SET_PDEATHSIG), sent
 * as Linux sends it: SI_USER from nobody) and go to another thread of the
 * process if one lives on (it can wait for them as well), else to init,
 * which reaps on SIGCHLD whatever clone said (Linux's forget_original_parent).
 */
static void forget_original_parent(struct task *me)
{
	struct task *reaper = find_live_thread(me);

	if (!reaper)
		reaper = init_task();
	for_each_task(t) {
		if (t->parent != me)
			continue;
		if (t->pdeath_signal && t->state != TASK_ZOMBIE) {
			struct ksiginfo info = { .code = SI_USER };

			send_sig_info(t, t->pdeath_signal, &info);
		}
		t->parent = reaper;
		if (reaper->tgid == 1)
			t->exit_signal = thread_group_leader(t) ? SIGCHLD : -1;
		if (t->state == TASK_ZOMBIE)
			wakeup(reaper->signal);
		kill_orphaned_pgrp(t, me);
	}
}

/*
 * The exiting task becomes a zombie and tells whom it concerns (Linux's
 * exit_notify): its children get a new parent; the last thread of a
 * process tells the parent, for the leader.  A traced thread other than
 * the leader tells its tracer, whose wait reaps it (kernel/wait.c): strace
 * -f sees each thread end.  Out of line, so that do_exit's own frame
 * stays small (scripts/stackcheck).
 */
static __attribute__((noinline)) void exit_notify(struct task *me, int wstatus)
{
	struct signal_struct *sig = me->signal;
	struct task *leader;
	uint32_t flags;

	exit_ptrace(me);	/* first: a zombie tracee may become a child to reparent */
	forget_original_parent(me);
	if (thread_group_leader(me))
		kill_orphaned_pgrp(me, NULL);
	else {		/* the process keeps its times and its I/O counts */
		add_usage(&sig->usage, &me->usage);
		task_io_accounting_add(&sig->ioac, &me->ioac);
	}
	spin_lock_irqsave(&sched_lock, flags);
	__exit_itimers(me);		/* a zombie gets no SIGALRM */
	me->exit_code = wstatus;
	if (wstatus & 0x7f)		/* killed: no stop or continue to report */
		sig->flags = sig->stop_code = 0;
	me->state = TASK_ZOMBIE;
	if (me->rt_priority)
		nr_rt_tasks--;		/* it will never run again */
	spin_unlock_irqrestore(&sched_lock, flags);
	if (sig->group_exec_task)
		wakeup(&sig->group_exec_task);	/* an execve waits for us to go */
	/* The last thread out tells the parent; the leader waits as a zombie until then. */
	leader = thread_group_leader(me) ? me : find_task(me->tgid);
	if (leader != me && me->ptracer)
		do_notify_parent(me);
	if (!sig->nr_threads && leader && leader->state == TASK_ZOMBIE)
		do_notify_parent(leader);
	poll_wake();		/* a pidfd of the thread or its process may say POLLIN */
}

void do_exit(int wstatus)
{
	struct task *me = current;
	struct mm_struct *mm = me->mm;

	ptrace_event(PTRACE_EVENT_EXIT, wstatus);
	me->flags |= PF_EXITING;
	if (me->signal->group_exit)
		wstatus = me->signal->group_exit_code;
	exit_mm_release(me, mm);
	me->mm = NULL;
	switch_pgd(swapper_pg_dir);	/* before its page directory is freed */
	mmput(mm);
	exit_sem(me);
	fput_call_files();	/* a call that exits never returns to syscall() */
	exit_files(me);
	exit_fs(me);
	cgroup_exit(me);
	exit_task_namespaces(me);
	if (--me->signal->nr_threads == 0) {
		exit_itimers(me->signal);
		if (me->tgid == 1)
			poweroff(shell_status(wstatus));
		disassociate_ctty(1);
	}
	exit_signals(me);
	exit_notify(me, wstatus);
	if (thread_group_leader(me) || me->ptracer)
		schedule();
	else
		schedule_dead();	/* nobody waits for a thread: its slot is freed */
	panic("zombie %d ran again", me->pid);
}

/*
 * Ends the whole process: every other thread gets SIGKILL and exits with
 * the status of the first to call it (exit_group, a fatal signal).
 */
void do_group_exit(int wstatus)
{
	struct signal_struct *sig = current->signal;

	if (sig->group_exit) {
		wstatus = sig->group_exit_code;
	} else {
		sig->group_exit = 1;	/* the leader, gone already, may have said otherwise */
		sig->group_exit_code = wstatus;
		zap_other_threads(current);
	}
	do_exit(wstatus);
}

long sys_exit(int code)
{
	do_exit((code & 0xFF) << 8);
}

long sys_exit_group(int code)
{
	do_group_exit((code & 0xFF) << 8);
}
