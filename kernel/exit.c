/*
 * exit and wait.  An exiting task gives back its address space (shm
 * attaches detach through their close hook) and files at once, becomes a
 * zombie holding only its wait status and resource usage, and is reaped by
 * its parent's wait, which adds that usage to the parent's children's;
 * its children go to init.  When init itself exits, the machine powers off
 * with init's status.
 *
 * Threads: exit ends one thread, exit_group the process (every thread).
 * A thread other than the leader is freed as soon as it is off its kernel
 * stack (schedule_dead); the leader stays a zombie until the last thread
 * has gone, and only then does the parent hear of it and may reap it.
 */
#include "kernel/task.h"
#include "kernel/errno.h"
#include "kernel/futex.h"
#include "fs/file.h"
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

/* The wait status a process ended with: the group's, if something ended all its threads. */
static int group_status(struct task *leader)
{
	return leader->signal->group_exit ? leader->signal->group_exit_code :
					     leader->exit_code;
}

/*
 * The exit signal to the parent, saying how the process ended (Linux's
 * do_notify_parent): SIGCHLD, or what clone's low byte chose; none for 0
 * or for a number that is no signal.  Sent when the last thread has gone,
 * for the leader, whose pid is the process's.
 */
static void notify_parent(struct task *leader)
{
	int status = group_status(leader);
	struct ksiginfo info = {
		.code = (status & 0x7F) ? CLD_KILLED : CLD_EXITED,
		.pid = leader->pid, .uid = leader->uid,
		.status = (status & 0x7F) ? status & 0x7F : (status >> 8) & 0xFF,
		.utime = leader->usage.utime, .stime = leader->usage.stime,
	};

	if (leader->exit_signal > 0 && leader->exit_signal < NSIG)
		group_send_sig_info(leader->parent, leader->exit_signal, &info);
	wakeup(leader->parent->signal);		/* its wait4, in any of its threads */
}

/*
 * The task lets go of its memory (exit, and exec: Linux's mm_release).
 * Its robust futexes are released (kernel/futex.c).  clear_child_tid is
 * cleared and woken (pthread_join waits on it) only if someone else still
 * uses the memory, the only case where anyone can see it; a vfork parent
 * may run again.
 */
void exit_mm_release(struct task *t, struct mm_struct *mm)
{
	exit_robust_list(t);
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
 * me's children go to another thread of its process if one lives on (it
 * can wait for them as well), else to init (Linux's forget_original_parent).
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
			/* prctl(PR_SET_PDEATHSIG): as Linux sends it, SI_USER from nobody */
			struct ksiginfo info = { .code = SI_USER };

			send_sig_info(t, t->pdeath_signal, &info);
		}
		t->parent = reaper;
		if (reaper->tgid == 1)
			t->exit_signal = thread_group_leader(t) ? SIGCHLD : -1;	/* init reaps on SIGCHLD */
		if (t->state == TASK_ZOMBIE)
			wakeup(reaper->signal);
	}
}

void do_exit(int wstatus)
{
	struct task *me = current, *leader;
	struct signal_struct *sig = me->signal;
	struct mm_struct *mm = me->mm;
	uint32_t flags;

	if (sig->group_exit)
		wstatus = sig->group_exit_code;
	exit_mm_release(me, mm);
	me->mm = NULL;
	switch_pgd(swapper_pg_dir);	/* before its page directory is freed */
	mmput(mm);
	exit_files(me);
	exit_fs(me);
	sig->nr_threads--;
	if (me->tgid == 1 && !sig->nr_threads)
		poweroff(shell_status(wstatus));
	forget_original_parent(me);
	if (!thread_group_leader(me))
		add_usage(&sig->usage, &me->usage);	/* the process's times */
	spin_lock_irqsave(&sched_lock, flags);
	memset(me->itimer, 0, sizeof(me->itimer));	/* a zombie gets no SIGALRM */
	me->exit_code = wstatus;
	me->state = TASK_ZOMBIE;
	spin_unlock_irqrestore(&sched_lock, flags);
	if (sig->group_exec_task)
		wakeup(&sig->group_exec_task);	/* an execve waits for us to go */
	/* The last thread out tells the parent; the leader waits as a zombie until then. */
	leader = thread_group_leader(me) ? me : find_task(me->tgid);
	if (!sig->nr_threads && leader && leader->state == TASK_ZOMBIE)
		notify_parent(leader);
	if (thread_group_leader(me))
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

/* A reaped process's slot: its signal structures go with it. */
static void release_task(struct task *t)
{
	release_signals(t);
	free_task(t);
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
			int child_pid, wstatus;

			if (!thread_group_leader(t) || !t->parent ||
			    t->parent->tgid != current->tgid ||
			    !wait_matches(t, pid, options))
				continue;
			have_child = 1;
			/* A leader that has exited waits for its last thread. */
			if (t->state != TASK_ZOMBIE || t->signal->nr_threads)
				continue;
			wstatus = group_status(t);
			if (status && copy_to_user(status, &wstatus, sizeof(int)))
				return -EFAULT;
			usage = t->usage;		/* the child's, its threads', its children's */
			add_usage(&usage, &t->signal->usage);
			add_usage(&usage, &t->cusage);
			if (rusage && put_rusage(rusage, &usage))
				return -EFAULT;
			add_usage(&current->cusage, &usage);
			child_pid = t->pid;
			release_task(t);
			return child_pid;
		}
		if (!have_child)
			return -ECHILD;
		if (options & WNOHANG)
			return 0;
		/* Checked after the scan: a zombie wins over the SIGCHLD announcing it. */
		if (signal_pending(current))
			return -EINTR;
		sleep_on_interruptible(current->signal);
	}
}

long sys_waitpid(int pid, int *status, int options)
{
	return sys_wait4(pid, status, options, NULL);
}
