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
 */
#include "kernel/task.h"
#include "drivers/tty.h"
#include "fs/file.h"
#include "ipc/sem.h"
#include "kernel/oops.h"
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

/*
 * The exit signal to the parent, saying how the child ended (Linux's
 * do_notify_parent): SIGCHLD, or what clone's low byte chose; none for 0
 * or for a number that is no signal.
 */
static void notify_parent(struct task *me)
{
	struct ksiginfo info = {
		.code = (me->exit_code & 0x7F) ? CLD_KILLED : CLD_EXITED,
		.pid = me->pid, .uid = me->uid,
		.status = (me->exit_code & 0x7F) ? me->exit_code & 0x7F :
			  (me->exit_code >> 8) & 0xFF,
		.utime = me->usage.utime, .stime = me->usage.stime,
	};

	if (me->exit_signal > 0 && me->exit_signal < NSIG)
		send_sig_info(me->parent, me->exit_signal, &info);
}

/*
 * The task lets go of its memory (exit, and exec: Linux's mm_release).
 * clear_child_tid is written only if someone else still uses the memory,
 * the only case where anyone can see it; a vfork parent may run again.
 */
void exit_mm_release(struct task *t, struct mm_struct *mm)
{
	if (t->clear_child_tid && mm->mm_users > 1) {
		int zero = 0;
		copy_to_user((void *)t->clear_child_tid, &zero, sizeof(zero));
	}
	t->clear_child_tid = 0;
	complete_vfork_done(t);
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
		if (p->pgrp == pgrp && (p->signal_flags & SIGNAL_STOP_STOPPED))
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
 * as Linux sends it: SI_USER from nobody) and go to init, which reaps on
 * SIGCHLD whatever clone said.
 */
static void forget_original_parent(struct task *me)
{
	struct task *init = init_task();

	for_each_task(t) {
		if (t->parent != me)
			continue;
		if (t->pdeath_signal && t->state != TASK_ZOMBIE) {
			struct ksiginfo info = { .code = SI_USER };

			send_sig_info(t, t->pdeath_signal, &info);
		}
		t->parent = init;
		t->exit_signal = SIGCHLD;
		if (t->state == TASK_ZOMBIE)
			wakeup(init);
		kill_orphaned_pgrp(t, me);
	}
}

void do_exit(int wstatus)
{
	struct task *me = current;
	struct mm_struct *mm = me->mm;
	uint32_t flags;

	exit_mm_release(me, mm);
	me->mm = NULL;
	switch_pgd(swapper_pg_dir);	/* before its page directory is freed */
	mmput(mm);
	exit_sem(me);
	files_exit(me);
	if (me->pid == 1)
		poweroff(shell_status(wstatus));
	disassociate_ctty(1);

	forget_original_parent(me);
	kill_orphaned_pgrp(me, NULL);
	spin_lock_irqsave(&sched_lock, flags);
	memset(me->itimer, 0, sizeof(me->itimer));	/* a zombie gets no SIGALRM */
	me->exit_code = wstatus;
	if (wstatus & 0x7f)		/* killed: no stop or continue to report */
		me->signal_flags = me->stop_code = 0;
	me->state = TASK_ZOMBIE;
	spin_unlock_irqrestore(&sched_lock, flags);
	notify_parent(me);
	wakeup(me->parent);
	schedule();
	panic("zombie %d ran again", me->pid);
}

long sys_exit(int code)
{
	do_exit((code & 0xFF) << 8);
}

long sys_exit_group(int code)
{
	do_exit((code & 0xFF) << 8);
}
