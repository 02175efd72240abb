/*
 * Signals.  Sending sets a pending bit, records who sent it, and wakes an
 * interruptible sleeper; on the way back to user mode (kernel/trap.c)
 * do_signal takes the default action (terminate, stop, or ignore) or runs
 * the user's handler on a frame pushed on the user stack
 * (kernel/sigframe.c), which sigreturn pops.  rt_sigtimedwait takes a
 * pending signal without running anything.
 *
 * Job control: a stop signal's default action stops the task
 * (TASK_STOPPED) until SIGCONT or SIGKILL; SIGCONT continues it as it is
 * sent, whatever its handler or mask.  The parent hears of both: SIGCHLD
 * with CLD_STOPPED or CLD_CONTINUED (unless SA_NOCLDSTOP), and a wait with
 * WUNTRACED or WCONTINUED reports them (kernel/exit.c).
 *
 * The timer (interval timers) and the tty (^C) send signals from their
 * interrupt handlers, so the pending set, its records and the blocked mask
 * are sched_lock's: changed with interrupts off, in a handler or here.
 * What only the task itself touches needs no lock: saved_sigmask and
 * restore_sigmask, the alternate stack, the last exception's record.
 *
 * Threads: each has its own pending set and mask; they share the handlers
 * (struct sighand_struct).  A signal sent to a process (kill, the tty, a
 * child's SIGCHLD) goes to one of its threads that does not block it
 * (group_send_sig_info); tkill and tgkill, and faults, name one thread.
 * A fatal signal ends the whole process (do_group_exit).
 */
#include "kernel/signal.h"
#include "kernel/errno.h"
#include "kernel/sigframe.h"
#include "kernel/string.h"
#include "kernel/time.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"

/* Default action: nothing (Linux's SIG_KERNEL_IGNORE_MASK; SIGCONT's continue is done as it is sent). */
static int ignored_by_default(int sig)
{
	return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH ||
	       sig == SIGCONT;
}

/*
 * Whether t would never see sig: ignored, or default-ignored, or init's
 * default action (init takes only the signals it handles), or t is a
 * kernel thread (which ignores every signal, SIGKILL too, as Linux's do).  A blocked
 * signal is kept, as on Linux: it may be waited for with rt_sigtimedwait,
 * or handled by the time it is unblocked.
 */
static int sig_ignored(struct task *t, int sig)
{
	uint32_t handler = t->sighand->action[sig].handler;

	if (t->flags & PF_KTHREAD)
		return 1;	/* never back to user mode: none would be taken */
	if ((t->sig_blocked | t->sig_real_blocked) & sigmask(sig))
		return 0;
	if (sig == SIGKILL)
		return t->tgid == 1;
	return handler == SIG_IGN ||
	       (handler == SIG_DFL && (ignored_by_default(sig) || t->tgid == 1));
}

/*
 * What a stop signal or SIGCONT does as it is sent, whatever t's handler or
 * mask (Linux's prepare_signal).  A stop signal takes back a pending
 * SIGCONT; SIGCONT takes back pending stop signals and continues a stopped
 * t, which tells its parent when it runs (do_signal): a stop not yet
 * reported to a wait is forgotten.  sched_lock held.
 */
static void prepare_signal(struct task *t, int sig)
{
	if (sig_kernel_stop(sig)) {
		t->sig_pending &= ~sigmask(SIGCONT);
	} else if (sig == SIGCONT) {
		t->sig_pending &= ~STOP_SIGNALS;
		if (t->signal_flags & SIGNAL_STOP_STOPPED) {
			t->signal_flags = SIGNAL_STOP_CONTINUED | SIGNAL_CLD_CONTINUED;
			t->stop_code = 0;
		}
		if (t->state == TASK_STOPPED)
			t->state = TASK_RUNNING;
	}
}

/*
 * Whether sig, now pending, will kill t when t takes it: its default action
 * terminates, it is not blocked, and t is not stopped (a stopped task takes
 * nothing but SIGKILL).  Linux then marks t as exiting (SIGNAL_GROUP_EXIT):
 * a wait no longer sees it stopped or continued.
 */
static int sig_fatal(struct task *t, int sig)
{
	if (sig == SIGKILL)
		return 1;
	return t->sighand->action[sig].handler == SIG_DFL && !ignored_by_default(sig) &&
	       !sig_kernel_stop(sig) && !(t->sig_blocked & sigmask(sig)) &&
	       t->state != TASK_STOPPED;
}

/*
 * sched_lock held.  A signal already pending keeps its first record:
 * standard signals do not queue.  A task fork is still making
 * (TASK_NEW) is not there yet.
 */
int __send_sig_info(struct task *t, int sig, const struct ksiginfo *info)
{
	if (sig < 0 || sig >= NSIG)
		return -EINVAL;
	if (!sig || !t || t->state == TASK_ZOMBIE || t->state == TASK_NEW)
		return 0;
	prepare_signal(t, sig);
	if (sig_ignored(t, sig))
		return 0;
	if (!(t->sig_pending & sigmask(sig)))
		t->sig_info[sig] = *info;
	t->sig_pending |= sigmask(sig);
	if (sig_fatal(t, sig))
		t->signal_flags = t->stop_code = 0;
	if (t->state == TASK_INTERRUPTIBLE && signal_pending(t))
		wake_task(t);
	else if (t->state == TASK_STOPPED && sig == SIGKILL)
		t->state = TASK_RUNNING;	/* only SIGKILL wakes it */
	return 0;
}

int send_sig_info(struct task *t, int sig, const struct ksiginfo *info)
{
	uint32_t flags;
	int err;

	spin_lock_irqsave(&sched_lock, flags);
	err = __send_sig_info(t, sig, info);
	spin_unlock_irqrestore(&sched_lock, flags);
	return err;
}

/* Whether t could take sig now: alive, and not blocking it. */
static int wants_signal(struct task *t, int sig)
{
	return t->state != TASK_ZOMBIE && !(t->sig_blocked & sigmask(sig));
}

/*
 * A process-directed signal, to t's process: Linux's complete_signal
 * picks the thread.  t if it can take it, else another thread that can,
 * else t (or, if t has exited, any live thread), where it stays pending
 * until unblocked.  (Linux keeps it on a queue of the process, which any
 * thread that unblocks it takes from; in shmos the one chosen must.)
 * SIGKILL goes to every thread.  sched_lock held.
 */
int __group_send_sig_info(struct task *t, int sig, const struct ksiginfo *info)
{
	struct task *target = NULL, *live = NULL;

	if (sig == SIGKILL && t->signal->nr_threads > 1) {
		for_each_thread(t, u)
			__send_sig_info(u, sig, info);
		return 0;
	}
	if (sig <= 0 || sig >= NSIG || wants_signal(t, sig))
		return __send_sig_info(t, sig, info);
	for_each_thread(t, u) {
		if (!target && wants_signal(u, sig))
			target = u;
		if (!live && u->state != TASK_ZOMBIE)
			live = u;
	}
	if (!target)
		target = t->state == TASK_ZOMBIE && live ? live : t;
	return __send_sig_info(target, sig, info);
}

int group_send_sig_info(struct task *t, int sig, const struct ksiginfo *info)
{
	uint32_t flags;
	int err;

	spin_lock_irqsave(&sched_lock, flags);
	err = __group_send_sig_info(t, sig, info);
	spin_unlock_irqrestore(&sched_lock, flags);
	return err;
}

int send_signal(struct task *t, int sig)
{
	struct ksiginfo info = { .code = SI_KERNEL };

	return send_sig_info(t, sig, &info);
}

/*
 * A fault in user mode: the signal cannot be ignored or blocked.  Linux
 * delivers such synchronous signals before any other, so a default action
 * kills at once, init included.  The handler and the mask change under
 * sched_lock, at one instant for a sender's sig_ignored.
 */
static void force_sig_info(int sig, const struct ksiginfo *info)
{
	struct k_sigaction *ka = &current->sighand->action[sig];
	uint32_t flags;
	int dfl;

	spin_lock_irqsave(&sched_lock, flags);
	if (ka->handler == SIG_IGN || (current->sig_blocked & sigmask(sig)))
		ka->handler = SIG_DFL;
	dfl = ka->handler == SIG_DFL;
	if (!dfl) {
		current->sig_blocked &= ~sigmask(sig);
		current->sig_info[sig] = *info;
		current->sig_pending |= sigmask(sig);
	}
	spin_unlock_irqrestore(&sched_lock, flags);
	if (dfl)
		do_group_exit(sig);
}

void force_sig(int sig)
{
	struct ksiginfo info = { .code = SI_KERNEL };

	force_sig_info(sig, &info);
}

/* A fault's signal, with its si_code and si_addr, as Linux's force_sig_fault. */
void force_sig_fault(int sig, int code, uint32_t addr)
{
	struct ksiginfo info = { .code = code, .addr = addr };

	force_sig_info(sig, &info);
}

/* A signal from the kernel to every process of group pgrp; sched_lock held. */
int __kill_pgrp(int pgrp, int sig)
{
	struct ksiginfo info = { .code = SI_KERNEL };
	int found = 0;

	for_each_process(t) {
		if (t->pgrp == pgrp && t->pid > 0 && t->state != TASK_NEW) {
			__group_send_sig_info(t, sig, &info);
			found = 1;
		}
	}
	return found ? 0 : -ESRCH;
}

/* From a task or from the tty's interrupt handler (^C, ^Z, ^\). */
int kill_pgrp(int pgrp, int sig)
{
	uint32_t flags;
	int err;

	spin_lock_irqsave(&sched_lock, flags);
	err = __kill_pgrp(pgrp, sig);
	spin_unlock_irqrestore(&sched_lock, flags);
	return err;
}

/*
 * Whether the caller would not take sig: blocked, or ignored by its
 * handler (Linux's is_ignored, which the tty's job control asks).
 */
int sig_blocked_or_ignored(int sig)
{
	return (current->sig_blocked & sigmask(sig)) ||
	       current->sighand->action[sig].handler == SIG_IGN;
}

/* The siginfo_t of signal sig, whose record k dequeue_signal took. */
void fill_siginfo(struct siginfo *info, int sig, const struct ksiginfo *k)
{
	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->k = *k;
}

/* The mask a task changes for itself (Linux's set_current_blocked). */
void set_current_blocked(uint64_t mask)
{
	uint32_t flags;

	spin_lock_irqsave(&sched_lock, flags);
	current->sig_blocked = mask & ~UNBLOCKABLE;
	spin_unlock_irqrestore(&sched_lock, flags);
}

/*
 * sigsuspend, ppoll and pselect6 run with a temporary mask and leave the
 * caller's in saved_sigmask.  If they return because of a signal, the
 * mask stays until do_signal has saved the caller's in the handler's frame
 * (sigreturn restores it), so the handler runs under the temporary one;
 * otherwise the caller's comes back here.
 */
static void set_restore_sigmask(uint64_t temporary)
{
	current->saved_sigmask = current->sig_blocked;
	current->restore_sigmask = 1;
	set_current_blocked(temporary);
}

void restore_saved_sigmask(void)
{
	if (current->restore_sigmask) {
		current->restore_sigmask = 0;
		set_current_blocked(current->saved_sigmask);
	}
}

/* A call interrupted by a signal keeps the temporary mask for do_signal. */
void restore_saved_sigmask_unless(int interrupted)
{
	if (!interrupted)
		restore_saved_sigmask();
}

/*
 * ppoll and pselect6: wait with the mask at umask (none if NULL).  The
 * call ends with restore_saved_sigmask_unless.
 */
int set_user_sigmask(const uint64_t *umask, uint32_t sigsetsize)
{
	uint64_t mask;

	if (!umask)
		return 0;
	if (sigsetsize != sizeof(mask))
		return -EINVAL;
	if (copy_from_user(&mask, umask, sizeof(mask)))
		return -EFAULT;
	set_restore_sigmask(mask);
	return 0;
}

/* Whether tf returns from a system call whose result eax holds (not sigreturn). */
static int syscall_result(const struct trapframe *tf)
{
	return tf->trapno == T_SYSCALL && current->syscall_nr != (uint32_t)-1;
}

/* Runs int $0x80 (2 bytes) again, as call nr: the original, or restart_syscall. */
static void restart_syscall(struct trapframe *tf, uint32_t nr)
{
	tf->eax = nr;
	tf->eip -= 2;
}

/* Before a handler runs: EINTR for the call it interrupted, or run the call again. */
static void handler_restart(struct trapframe *tf, const struct k_sigaction *ka)
{
	int32_t err = tf->eax;

	if (!syscall_result(tf))
		return;
	if (err == -ERESTART_RESTARTBLOCK)
		current->restart_block.armed = 0;	/* nothing to go on with */
	if (err == -ERESTARTNOHAND || err == -ERESTART_RESTARTBLOCK ||
	    (err == -ERESTARTSYS && !(ka->flags & SA_RESTART)))
		tf->eax = -EINTR;
	else if (err == -ERESTARTSYS)
		restart_syscall(tf, current->syscall_nr);
}

/* No handler ran: a call that asked for it runs again. */
static void no_handler_restart(struct trapframe *tf)
{
	int32_t err = tf->eax;

	if (!syscall_result(tf))
		return;
	if (err == -ERESTARTNOHAND || err == -ERESTARTSYS)
		restart_syscall(tf, current->syscall_nr);
	else if (err == -ERESTART_RESTARTBLOCK)
		restart_syscall(tf, 0);		/* restart_syscall */
}

/*
 * Runs ka's handler for sig, whose record is info: its frame saves the mask to go back to (the
 * caller's own if a call waited with a temporary one), then the handler's
 * mask is added.  A frame that cannot be written brings SIGSEGV instead
 * (Linux's force_sigsegv); 0 if the handler will run.
 */
static int handle_signal(struct trapframe *tf, int sig,
			 const struct ksiginfo *info, struct k_sigaction *ka)
{
	uint64_t mask = current->restore_sigmask ? current->saved_sigmask :
						   current->sig_blocked;
	int err;

	handler_restart(tf, ka);
	err = setup_frame(sig, info, ka, mask, tf);
	if (ka->flags & SA_RESETHAND)
		ka->handler = SIG_DFL;
	if (err) {
		if (sig == SIGSEGV)
			do_exit(SIGSEGV);
		force_sig(SIGSEGV);
		return err;
	}
	current->restore_sigmask = 0;
	set_current_blocked(current->sig_blocked | ka->mask |
			    ((ka->flags & SA_NODEFER) ? 0 : sigmask(sig)));
	if (current->sas_ss_flags & SS_AUTODISARM)
		sas_ss_reset(current);
	return 0;
}

/*
 * Takes the lowest pending signal of set and its record, as Linux's
 * dequeue_signal; 0 if none.  Both under sched_lock: once the bit is
 * clear, a handler sending the signal again writes a new record.
 */
static int dequeue_signal(uint64_t set, struct ksiginfo *info)
{
	uint64_t ready;
	uint32_t flags;
	int sig = 0;

	spin_lock_irqsave(&sched_lock, flags);
	ready = current->sig_pending & set;
	if (ready) {
		sig = __builtin_ctzll(ready) + 1;
		current->sig_pending &= ~sigmask(sig);
		*info = current->sig_info[sig];
	}
	spin_unlock_irqrestore(&sched_lock, flags);
	return sig;
}

/*
 * Tells t's parent that t stopped or continued (why: CLD_STOPPED or
 * CLD_CONTINUED), as Linux's do_notify_parent_cldstop: SIGCHLD unless the
 * parent ignores it or asked not to hear of this (SA_NOCLDSTOP), and a
 * wake for a wait in wait4 or waitid either way.
 */
static void do_notify_parent_cldstop(struct task *t, int why)
{
	struct task *parent = t->parent;
	struct ksiginfo info = {
		.code = why, .pid = t->pid, .uid = t->uid,
		.status = why == CLD_CONTINUED ? SIGCONT : t->stop_code,
		.utime = t->usage.utime, .stime = t->usage.stime,
	};
	struct k_sigaction *ka;
	uint32_t flags;

	if (!parent)
		return;
	ka = &parent->sighand->action[SIGCHLD];
	spin_lock_irqsave(&sched_lock, flags);
	if (ka->handler != SIG_IGN && !(ka->flags & SA_NOCLDSTOP))
		__send_sig_info(parent, SIGCHLD, &info);
	spin_unlock_irqrestore(&sched_lock, flags);
	wakeup(parent->signal);	/* its wait, in any of its threads */
}

/*
 * A stop signal's default action (Linux's do_signal_stop): the task stops
 * until SIGCONT or SIGKILL makes it runnable, and its parent hears of it;
 * a WUNTRACED wait will report sig.  The state is the condition: nothing
 * but those two signals changes it, so no wakeup can be missed.
 */
static void do_signal_stop(int sig)
{
	uint32_t flags;

	spin_lock_irqsave(&sched_lock, flags);
	current->signal_flags = SIGNAL_STOP_STOPPED;
	current->stop_code = sig;
	current->state = TASK_STOPPED;
	spin_unlock_irqrestore(&sched_lock, flags);
	do_notify_parent_cldstop(current, CLD_STOPPED);
	while (current->state == TASK_STOPPED)
		schedule();
}

/* A SIGCONT continued the task: the parent hears of it now that it runs. */
static void notify_continued(void)
{
	uint32_t flags;
	int cont;

	spin_lock_irqsave(&sched_lock, flags);
	cont = current->signal_flags & SIGNAL_CLD_CONTINUED;
	current->signal_flags &= ~SIGNAL_CLD_CONTINUED;
	spin_unlock_irqrestore(&sched_lock, flags);
	if (cont)
		do_notify_parent_cldstop(current, CLD_CONTINUED);
}

/*
 * On the way back to user mode: take the pending signals that are not
 * blocked in order, until one runs a handler (one frame a call: while
 * another is deliverable, return_to_user calls again for a frame on top)
 * or none is left.  A stop signal's default action stops the task here
 * (but SIGTSTP, SIGTTIN and SIGTTOU do nothing in an orphaned process
 * group, whose stopped members no shell could continue); once continued,
 * it goes on with the signals that came meanwhile.  If no handler ran, a
 * call that asked for it starts again, and a temporary mask is put back.
 */
void do_signal(struct trapframe *tf)
{
	struct ksiginfo info;
	int sig;

	for (;;) {
		struct k_sigaction *ka;

		notify_continued();
		/* Again each time: a frame that cannot be written unblocks SIGSEGV. */
		sig = dequeue_signal(~current->sig_blocked | UNBLOCKABLE, &info);
		if (!sig)
			break;
		ka = &current->sighand->action[sig];
		/* The process is ending (exit_group, a fatal signal, an execve). */
		if (sig == SIGKILL && (current->signal->group_exit ||
				       current->signal->group_exec_task))
			do_exit(SIGKILL);
		if (ka->handler == SIG_IGN && sig != SIGKILL)
			continue;
		if (ka->handler == SIG_DFL || sig == SIGKILL) {
			/* init's: sent while blocked, and not handled since */
			if (ignored_by_default(sig) || current->tgid == 1)
				continue;
			if (!sig_kernel_stop(sig))
				do_group_exit(sig);	/* Linux's status for "killed by sig" */
			if (sig == SIGSTOP || !is_current_pgrp_orphaned())
				do_signal_stop(sig);
			continue;
		}
		if (handle_signal(tf, sig, &info, ka) == 0)
			return;
	}
	no_handler_restart(tf);
	restore_saved_sigmask();
}

long sys_rt_sigaction(int sig, const struct k_sigaction *act,
		      struct k_sigaction *oact, uint32_t sigsetsize)
{
	struct k_sigaction ka;

	if (sig < 1 || sig >= NSIG || sigsetsize != 8)
		return -EINVAL;
	if (act && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (act && copy_from_user(&ka, act, sizeof(ka)))
		return -EFAULT;
	if (oact && copy_to_user(oact, &current->sighand->action[sig], sizeof(ka)))
		return -EFAULT;
	if (act) {
		uint32_t flags;

		ka.mask &= ~UNBLOCKABLE;
		spin_lock_irqsave(&sched_lock, flags);
		current->sighand->action[sig] = ka;
		if (ka.handler == SIG_IGN ||
		    (ka.handler == SIG_DFL && ignored_by_default(sig)))
			current->sig_pending &= ~sigmask(sig);
		spin_unlock_irqrestore(&sched_lock, flags);
	}
	return 0;
}

#define SIG_BLOCK	0
#define SIG_UNBLOCK	1
#define SIG_SETMASK	2

long sys_rt_sigprocmask(int how, const uint64_t *set, uint64_t *oset,
			uint32_t sigsetsize)
{
	uint64_t new, old = current->sig_blocked;

	if (sigsetsize != 8)
		return -EINVAL;
	if (set) {
		if (copy_from_user(&new, set, sizeof(new)))
			return -EFAULT;
		if (how == SIG_BLOCK)
			new = old | new;
		else if (how == SIG_UNBLOCK)
			new = old & ~new;
		else if (how != SIG_SETMASK)
			return -EINVAL;
		set_current_blocked(new);
	}
	if (oset && copy_to_user(oset, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

long sys_rt_sigpending(uint64_t *set, uint32_t sigsetsize)
{
	uint64_t pending;
	uint32_t flags;

	if (sigsetsize != 8)
		return -EINVAL;
	spin_lock_irqsave(&sched_lock, flags);
	pending = current->sig_pending & current->sig_blocked;
	spin_unlock_irqrestore(&sched_lock, flags);
	return copy_to_user(set, &pending, sizeof(pending)) ? -EFAULT : 0;
}

/*
 * Waits with mask until a signal comes, and fails with ERESTARTNOHAND: a
 * handler that runs sees EINTR and the temporary mask, and its frame holds
 * the caller's mask for sigreturn; a signal that runs none (an ignored one
 * the mask let in) starts the wait again.
 */
long sys_rt_sigsuspend(const uint64_t *umask, uint32_t sigsetsize)
{
	uint64_t mask;

	if (sigsetsize != 8)
		return -EINVAL;
	if (copy_from_user(&mask, umask, sizeof(mask)))
		return -EFAULT;
	set_restore_sigmask(mask);
	while (!sleep_on_interruptible(current))
		;
	return -ERESTARTNOHAND;
}

/* The old sigsuspend(0, 0, mask): signals 1-32 only. */
long sys_sigsuspend(int unused1, int unused2, uint32_t mask)
{
	set_restore_sigmask(mask);
	while (!sleep_on_interruptible(current))
		;
	return -ERESTARTNOHAND;
}

long sys_pause(void)
{
	while (!sleep_on_interruptible(current))
		;
	return -ERESTARTNOHAND;
}

/* ---- sigaltstack ---- */

/* Whether sp is on the alternate stack (its top included, its bottom not). */
int __on_sig_stack(uint32_t sp)
{
	return sp > current->sas_ss_sp &&
	       sp - current->sas_ss_sp <= current->sas_ss_size;
}

/*
 * The same, except that with SS_AUTODISARM the task is never on it: the
 * stack is disarmed while a handler runs there, so a stack pointer inside
 * it is not a handler's.
 */
int on_sig_stack(uint32_t sp)
{
	if (current->sas_ss_flags & SS_AUTODISARM)
		return 0;
	return __on_sig_stack(sp);
}

/* What sigaltstack reports: SS_DISABLE, SS_ONSTACK or 0. */
int sas_ss_flags(uint32_t sp)
{
	if (!current->sas_ss_size)
		return SS_DISABLE;
	return on_sig_stack(sp) ? SS_ONSTACK : 0;
}

void sas_ss_reset(struct task *t)
{
	t->sas_ss_sp = t->sas_ss_size = 0;
	t->sas_ss_flags = SS_DISABLE;
}

/* Linux's do_sigaltstack: sp is the caller's stack pointer. */
static int do_sigaltstack(const struct sigaltstack *ss, struct sigaltstack *oss,
			  uint32_t sp)
{
	struct task *t = current;

	if (oss) {
		oss->ss_sp = t->sas_ss_sp;
		oss->ss_size = t->sas_ss_size;
		oss->ss_flags = sas_ss_flags(sp) | (t->sas_ss_flags & SS_AUTODISARM);
	}
	if (ss) {
		uint32_t sp0 = ss->ss_sp, size = ss->ss_size, flags = ss->ss_flags;
		uint32_t mode = flags & ~SS_AUTODISARM;

		if (on_sig_stack(sp))
			return -EPERM;	/* not the stack the handler runs on */
		if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
			return -EINVAL;
		if (sp0 == t->sas_ss_sp && size == t->sas_ss_size &&
		    flags == t->sas_ss_flags)
			return 0;	/* no change, whatever the size */
		if (mode == SS_DISABLE) {
			sp0 = size = 0;
		} else if (size < MINSIGSTKSZ) {
			return -ENOMEM;
		}
		t->sas_ss_sp = sp0;
		t->sas_ss_size = size;
		t->sas_ss_flags = flags;
	}
	return 0;
}

long sys_sigaltstack(const struct sigaltstack *uss, struct sigaltstack *uoss)
{
	struct sigaltstack new, old;
	int err;

	if (uss && copy_from_user(&new, uss, sizeof(new)))
		return -EFAULT;
	err = do_sigaltstack(uss ? &new : NULL, uoss ? &old : NULL,
			     current->tf->esp);
	if (!err && uoss && copy_to_user(uoss, &old, sizeof(old)))
		err = -EFAULT;
	return err;
}

/*
 * rt_sigreturn puts back the settings the frame recorded (a handler may
 * have disarmed the stack); only an unreadable frame is an error.
 */
int restore_altstack(const struct sigaltstack *uss)
{
	struct sigaltstack ss;

	if (copy_from_user(&ss, uss, sizeof(ss)))
		return -EFAULT;
	do_sigaltstack(&ss, NULL, current->tf->esp);
	return 0;
}

/* As Linux's check_kill_permission: SIGCONT may go to any process of one's own session. */
static int may_signal(struct task *t, int sig)
{
	return current->euid == 0 || current->euid == t->uid ||
	       current->uid == t->uid || current->euid == t->suid ||
	       current->uid == t->suid ||
	       (sig == SIGCONT && t->session == current->session);
}

/* kill (code SI_USER) and tkill (SI_TKILL): the sender and its real uid. */
static long kill_info(int pid, int sig, int code)
{
	struct ksiginfo info = { .code = code, .pid = current->tgid,
				 .uid = current->uid };
	int found = 0, allowed = 0;

	if (sig < 0 || sig >= NSIG)
		return -EINVAL;
	if (pid > 0) {
		struct task *t = find_task(pid);	/* any thread's id names its process */
		if (!t)
			return -ESRCH;
		return may_signal(t, sig) ? group_send_sig_info(t, sig, &info) : -EPERM;
	}
	for_each_process(t) {
		if (t->pid == 0 || t->state == TASK_NEW ||
		    (t->state == TASK_ZOMBIE && !t->signal->nr_threads))
			continue;
		if (pid == 0 && t->pgrp != current->pgrp)
			continue;
		if (pid < -1 && t->pgrp != -pid)
			continue;
		if (pid == -1 && (t->pid == 1 || t->tgid == current->tgid))
			continue;
		found = 1;
		if (may_signal(t, sig)) {
			allowed = 1;
			group_send_sig_info(t, sig, &info);
		}
	}
	if (!found)
		return -ESRCH;
	return allowed ? 0 : -EPERM;
}

long sys_kill(int pid, int sig)
{
	return kill_info(pid, sig, SI_USER);
}

/* tkill and tgkill: to one thread, which must be of process tgid if that is not 0. */
static long do_tkill(int tgid, int tid, int sig)
{
	struct ksiginfo info = { .code = SI_TKILL, .pid = current->tgid,
				 .uid = current->uid };
	struct task *t = find_task(tid);

	if (sig < 0 || sig >= NSIG)
		return -EINVAL;
	if (!t || (tgid > 0 && t->tgid != tgid) ||
	    (t->state == TASK_ZOMBIE && !thread_group_leader(t)))
		return -ESRCH;
	return may_signal(t, sig) ? send_sig_info(t, sig, &info) : -EPERM;
}

long sys_tkill(int tid, int sig)
{
	if (tid <= 0)
		return -EINVAL;
	return do_tkill(0, tid, sig);
}

long sys_tgkill(int tgid, int tid, int sig)
{
	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	return do_tkill(tgid, tid, sig);
}

/* ---- the shared structures: fork's copies, clone's shares ---- */

static struct sighand_struct *dup_sighand(const struct sighand_struct *old)
{
	struct sighand_struct *sh = kmalloc(sizeof(*sh));

	if (sh) {
		sh->count = 1;
		memcpy(sh->action, old->action, sizeof(sh->action));
	}
	return sh;
}

int copy_sighand(int share, struct task *parent, struct task *child)
{
	if (share) {
		child->sighand = parent->sighand;
		child->sighand->count++;
		return 0;
	}
	child->sighand = dup_sighand(parent->sighand);
	return child->sighand ? 0 : -ENOMEM;
}

/* A thread joins parent's process; any other child is a process of its own. */
int copy_signal(int thread, struct task *parent, struct task *child)
{
	if (thread) {
		child->signal = parent->signal;
		child->signal->count++;
		child->signal->nr_threads++;
		return 0;
	}
	if (!(child->signal = kzalloc(sizeof(*child->signal))))
		return -ENOMEM;
	child->signal->count = 1;
	child->signal->nr_threads = 1;
	return 0;
}

/*
 * execve, the other threads gone: handlers still shared (clone's
 * CLONE_SIGHAND without a thread group) become the task's own, as exec is
 * about to reset them (Linux's unshare_sighand).
 */
int unshare_sighand(struct task *t)
{
	struct sighand_struct *old = t->sighand, *sh;

	if (old->count == 1)
		return 0;
	if (!(sh = dup_sighand(old)))
		return -ENOMEM;
	old->count--;
	t->sighand = sh;	/* the same handlers: no sender sees a change */
	return 0;
}

/*
 * SIGKILL to every other thread of t's process, even init's, which takes
 * no SIGKILL from a sender: the process is ending (Linux's
 * zap_other_threads).  do_signal sees group_exit or group_exec_task and
 * ends the thread.
 */
void zap_other_threads(struct task *t)
{
	uint32_t flags;

	spin_lock_irqsave(&sched_lock, flags);
	for_each_thread(t, u) {
		if (u == t || u->state == TASK_ZOMBIE)
			continue;
		u->sig_pending |= sigmask(SIGKILL);
		u->sig_info[SIGKILL] = (struct ksiginfo){ .code = SI_KERNEL };
		wake_task(u);
	}
	spin_unlock_irqrestore(&sched_lock, flags);
}

/* idle's. */
struct sighand_struct init_sighand = { .count = 1 };
struct signal_struct init_signal = { .count = 1, .nr_threads = 1 };

/* init's: default handlers, a process of its own. */
int init_signals(struct task *t)
{
	if (!(t->sighand = kzalloc(sizeof(*t->sighand))))
		return -ENOMEM;
	t->sighand->count = 1;
	return copy_signal(0, NULL, t);
}

/* The task is reaped (or a thread freed): it lets go of both. */
void release_signals(struct task *t)
{
	if (t->sighand && --t->sighand->count == 0)
		kfree(t->sighand);
	if (t->signal && --t->signal->count == 0)
		kfree(t->signal);
	t->sighand = NULL;
	t->signal = NULL;
}

/* rt_sigtimedwait's masks change together, at one instant for the handlers. */
static void set_wait_masks(uint64_t real_blocked, uint64_t blocked)
{
	uint32_t flags;

	spin_lock_irqsave(&sched_lock, flags);
	current->sig_real_blocked = real_blocked;
	current->sig_blocked = blocked;
	spin_unlock_irqrestore(&sched_lock, flags);
}

/*
 * Waits for a signal of set (which the caller normally blocks), takes it
 * and returns its number.  While asleep the task unblocks set, so that a
 * signal of it wakes the task as any unblocked signal does; meanwhile
 * sig_real_blocked keeps the real mask, which sig_ignored still honours.
 * One sleep only, as Linux: a signal outside set (its handler then runs)
 * ends it with EINTR, the timeout with EAGAIN.  ns is the timeout, ~0 for
 * none.
 */
static long do_sigtimedwait(uint64_t set, struct siginfo *uinfo, uint64_t ns)
{
	struct ksiginfo k;
	struct siginfo info;
	int sig, err = 0;

	set &= ~UNBLOCKABLE;
	sig = dequeue_signal(set, &k);
	if (!sig && ns) {
		uint64_t blocked = current->sig_blocked;

		set_wait_masks(blocked, blocked & ~set);
		if (ns == ~0ull)	/* nothing but a signal wakes it */
			while (!(err = sleep_on_interruptible(&current->sig_real_blocked)))
				;
		else
			err = schedule_hrtimeout(ktime_ns() + ns);
		set_wait_masks(0, blocked);
		sig = dequeue_signal(set, &k);
	}
	if (!sig)
		return err ? -EINTR : -EAGAIN;
	fill_siginfo(&info, sig, &k);
	if (uinfo && copy_to_user(uinfo, &info, sizeof(info)))
		return -EFAULT;
	return sig;
}

static long sigtimedwait(const uint64_t *uset, struct siginfo *uinfo,
			 const void *uts, int is64, uint32_t sigsetsize)
{
	uint64_t set, ns = ~0ull;
	int err;

	if (sigsetsize != 8)
		return -EINVAL;
	if (copy_from_user(&set, uset, sizeof(set)))
		return -EFAULT;
	if (uts && (err = get_timespec(uts, is64, &ns)) != 0)
		return err;
	return do_sigtimedwait(set, uinfo, ns);
}

long sys_rt_sigtimedwait(const uint64_t *uset, struct siginfo *uinfo,
			 const struct timespec32 *uts, uint32_t sigsetsize)
{
	return sigtimedwait(uset, uinfo, uts, 0, sigsetsize);
}

long sys_rt_sigtimedwait_time64(const uint64_t *uset, struct siginfo *uinfo,
				const struct timespec64 *uts, uint32_t sigsetsize)
{
	return sigtimedwait(uset, uinfo, uts, 1, sigsetsize);
}
