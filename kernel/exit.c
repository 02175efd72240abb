/*
 * exit and wait.  An exiting task gives back its address space (shm
 * attaches detach through their close hook), its semaphore undo records
 * (applied to the semaphores) and files at once, becomes a
 * zombie holding only its wait status and resource usage, and is reaped by
 * its parent's wait, which adds that usage to the parent's children's;
 * its children go to init.  When init itself exits, the machine powers off
 * with init's status.
 */
#include "kernel/task.h"
#include "kernel/errno.h"
#include "fs/file.h"
#include "ipc/sem.h"
#include "kernel/oops.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "mm/mm.h"
#include "mm/uaccess.h"

#define WNOHANG		1
#define WUNTRACED	2
#define __WALL		0x40000000
#define __WCLONE	0x80000000

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

void do_exit(int wstatus)
{
	struct task *me = current, *init = init_task();
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

	for_each_task(t) {
		if (t->parent != me)
			continue;
		if (t->pdeath_signal && t->state != TASK_ZOMBIE) {
			/* prctl(PR_SET_PDEATHSIG): as Linux sends it, SI_USER from nobody */
			struct ksiginfo info = { .code = SI_USER };

			send_sig_info(t, t->pdeath_signal, &info);
		}
		t->parent = init;
		t->exit_signal = SIGCHLD;	/* whatever clone said: init reaps on SIGCHLD */
		if (t->state == TASK_ZOMBIE)
			wakeup(init);
	}
	spin_lock_irqsave(&sched_lock, flags);
	memset(me->itimer, 0, sizeof(me->itimer));	/* a zombie gets no SIGALRM */
	me->exit_code = wstatus;
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

/*
 * Which children a wait is for: by pid or group, and by kind.  A "clone"
 * child, one whose exit signal is not SIGCHLD, counts only for __WCLONE,
 * and only such a child does; __WALL takes both.
 */
static int wait_matches(struct task *t, int pid, int options)
{
	if (!(options & __WALL) &&
	    (t->exit_signal != SIGCHLD) != !!(options & __WCLONE))
		return 0;
	if (pid > 0)
		return t->pid == pid;
	if (pid == 0)
		return t->pgrp == current->pgrp;
	if (pid < -1)
		return t->pgrp == -pid;
	return 1;
}

long sys_wait4(int pid, int *status, int options, void *rusage)
{
	if (options & ~(WNOHANG | WUNTRACED | 8 | 0x20000000 | __WALL | __WCLONE))
		return -EINVAL;
	for (;;) {
		int have_child = 0;

		for_each_task(t) {
			struct task_usage usage;
			int child_pid;

			if (t->parent != current || !wait_matches(t, pid, options))
				continue;
			have_child = 1;
			if (t->state != TASK_ZOMBIE)
				continue;
			if (status && copy_to_user(status, &t->exit_code, sizeof(int)))
				return -EFAULT;
			usage = t->usage;		/* the child's, and its children's */
			add_usage(&usage, &t->cusage);
			if (rusage && put_rusage(rusage, &usage))
				return -EFAULT;
			add_usage(&current->cusage, &usage);
			child_pid = t->pid;
			free_task(t);
			return child_pid;
		}
		if (!have_child)
			return -ECHILD;
		if (options & WNOHANG)
			return 0;
		/* Checked after the scan: a zombie wins over the SIGCHLD announcing it. */
		if (signal_pending(current))
			return -EINTR;
		sleep_on_interruptible(current);
	}
}

long sys_waitpid(int pid, int *status, int options)
{
	return sys_wait4(pid, status, options, NULL);
}
