/*
 * Signals.  Sending sets a pending bit, records who sent it, and wakes an
 * interruptible sleeper; on the way back to user mode (kernel/trap.c)
 * do_signal takes the default action (terminate, stop, or ignore) or runs
 * the user's handler on a frame pushed on the user stack
 * (kernel/sigframe.c), which sigreturn pops.  rt_sigtimedwait takes a
 * pending signal without running anything.
 *
 * Job control: a stop signal's default action stops the process, every
 * thread of it (TASK_STOPPED: a group stop), until SIGCONT or SIGKILL;
 * SIGCONT continues it as it is sent, whatever its handler or mask.  The
 * parent hears of both, once for the process: SIGCHLD with CLD_STOPPED or
 * CLD_CONTINUED (unless SA_NOCLDSTOP), and a wait with WUNTRACED or
 * WCONTINUED reports them (kernel/wait.c).
 *
 * The timer (interval timers) and the tty (^C) send signals from their
 * interrupt handlers, so the pending sets, their records and the blocked
 * masks are sched_lock's: changed with interrupts off, in a handler or
 * here.  What only the task itself touches needs no lock: saved_sigmask
 * and restore_sigmask, the alternate stack, the last exception's record.
 *
 * Threads: each has its own mask and pending set (task->pending: tkill,
 * tgkill, faults); they share the handlers (struct sighand_struct) and
 * the process's pending set (signal->shared_pending), where a signal sent
 * to the process (kill, the tty, timers, a child's SIGCHLD) waits until a
 * thread that does not block it takes it (group_send_sig_info).  A fatal
 * signal ends the whole process (do_group_exit).  docs/signals.md.
 */
#include "kernel/signal.h"
#include "fs/signalfd.h"
#include "kernel/errno.h"
#include "kernel/pidfd.h"
#include "kernel/sigframe.h"
#include "kernel/string.h"
#include "kernel/time.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "kernel/ptrace.h"
#include "kernel/rseq.h"

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
	if (t->ptracer && sig != SIGKILL)
		return 0;	/* the tracer hears of it, as of any other */
	if ((t->sig_blocked | t->sig_real_blocked) & sigmask(sig))
		return 0;
	if (sig == SIGKILL)
		return t->tgid == 1;
	return handler == SIG_IGN ||
	       (handler == SIG_DFL && (ignored_by_default(sig) || t->tgid == 1));
}

/*
 * Realtime instances come from a fixed pool, sched_lock's: the timers send
 * from their interrupt handlers, where kmalloc may not run.  Each is
 * counted against its receiver's real user, whose instances may not pass
 * the receiver's RLIMIT_SIGPENDING (Linux's __sigqueue_alloc; root is
 * limited too).  With the pool empty or the user at the limit, a realtime
 * signal kill sends is pending all the same, without its record; any other
 * (sigqueue's, tgkill's, the kernel's) fails with EAGAIN, as on Linux.
 * (Linux counts pending standard signals as well; shmos keeps their one
 * record in the task, and counts only the queued ones.)
 */
#define NR_SIGQUEUE		512
#define NR_SIGQUEUE_USERS	32	/* users with instances pending at once */

static struct sigqueue sigqueue_pool[NR_SIGQUEUE];
static struct sigqueue *sigqueue_free;	/* given back */
static int sigqueue_fresh;		/* [sigqueue_fresh, NR_SIGQUEUE) never used */

/* Each user's pending instances (Linux's UCOUNT_RLIMIT_SIGPENDING); count 0: a free slot. */
static struct sigqueue_user {
	uint32_t uid, count;
} sigqueue_users[NR_SIGQUEUE_USERS];

/* uid's counter, a free one taken for it if it has none; NULL if none is free. */
static struct sigqueue_user *sigqueue_user(uint32_t uid)
{
	struct sigqueue_user *free = NULL;

	for (int i = 0; i < NR_SIGQUEUE_USERS; i++) {
		struct sigqueue_user *u = &sigqueue_users[i];

		if (u->count && u->uid == uid)
			return u;
		if (!u->count && !free)
			free = u;
	}
	if (free)
		free->uid = uid;
	return free;
}

/* An instance for t, if its user is under t's RLIMIT_SIGPENDING and the pool has one. */
static struct sigqueue *sigqueue_alloc(const struct task *t)
{
	struct sigqueue_user *u = sigqueue_user(t->uid);
	struct sigqueue *q = sigqueue_free;

	if (!u || u->count >= t->rlim[RLIMIT_SIGPENDING].rlim_cur)
		return NULL;
	if (q)
		sigqueue_free = q->next;
	else if (sigqueue_fresh < NR_SIGQUEUE)
		q = &sigqueue_pool[sigqueue_fresh++];
	if (q) {
		q->uid = t->uid;
		u->count++;
	}
	return q;
}

static void sigqueue_release(struct sigqueue *q)
{
	sigqueue_user(q->uid)->count--;
	q->next = sigqueue_free;
	sigqueue_free = q;
}

/* One more instance of sig in p, t's or its process's, with its record; sched_lock held. */
static int sigpending_add(const struct task *t, struct sigpending *p, int sig,
			  const struct ksiginfo *info)
{
	struct sigqueue *q, **tail;

	if (sig < SIGRTMIN) {
		p->info[sig] = *info;
	} else if ((q = sigqueue_alloc(t)) != NULL) {
		q->next = NULL;
		q->sig = sig;
		q->info = *info;
		for (tail = &p->queue; *tail; tail = &(*tail)->next)
			;
		*tail = q;
	} else if (info->code != SI_USER) {
		return -EAGAIN;
	}
	p->signal |= sigmask(sig);
	return 0;
}

/*
 * Takes sig's oldest instance from p and its record (Linux's
 * collect_signal); sig stays pending while another instance is queued.
 * sched_lock held.
 */
static void sigpending_take(struct sigpending *p, int sig, struct ksiginfo *info)
{
	struct sigqueue **pp = &p->queue, *first = NULL;
	int more = 0;

	if (sig < SIGRTMIN) {
		*info = p->info[sig];
		p->signal &= ~sigmask(sig);
		return;
	}
	while (*pp && !more) {
		struct sigqueue *q = *pp;

		if (q->sig != sig) {
			pp = &q->next;
		} else if (first) {
			more = 1;
		} else {
			first = q;
			*pp = q->next;
		}
	}
	if (first) {
		*info = first->info;
		sigqueue_release(first);
	} else {
		*info = (struct ksiginfo){ .code = SI_USER };	/* the pool was empty */
	}
	if (!more)
		p->signal &= ~sigmask(sig);
}

/* Forgets the signals of mask pending in p, every instance (Linux's flush_sigqueue_mask). */
static void sigpending_flush(struct sigpending *p, uint64_t mask)
{
	struct sigqueue **pp = &p->queue;

	p->signal &= ~mask;
	while (*pp) {
		struct sigqueue *q = *pp;

		if (mask & sigmask(q->sig)) {
			*pp = q->next;
			sigqueue_release(q);
		} else {
			pp = &q->next;
		}
	}
}

/* ...from t's process and from each of its threads; sched_lock held. */
static void flush_group_signals(struct task *t, uint64_t mask)
{
	sigpending_flush(&t->signal->shared_pending, mask);
	for_each_thread(t, u)
		sigpending_flush(&u->pending, mask);
}

/*
 * What signal_pending answers (kernel/signal.h): t has a signal, its own or
 * its process's, that it does not block, or is to join a group stop.
 */
static int has_pending_signals(struct task *t)
{
	uint64_t pending = t->pending.signal | t->signal->shared_pending.signal;

	return (pending & ~(t->sig_blocked & ~UNBLOCKABLE)) != 0 ||
	       (t->jobctl & (JOBCTL_STOP_PENDING | JOBCTL_TRAP_MASK));
}

/*
 * The caller's flag is up: down it goes, then the sets say whether it goes
 * up again, without sched_lock.  A sender writes the set first and the
 * flag second; the flag goes down here before the sets are read (the
 * exchange is a full barrier), so a sender's flag either lands after ours
 * or its set is seen: no signal is missed.
 */
int recalc_sigpending(void)
{
	__atomic_store_n(&current->sigpending, 0, __ATOMIC_SEQ_CST);
	if (!has_pending_signals(current))
		return 0;
	current->sigpending = 1;
	return 1;
}

/*
 * t has a signal to take, or a group stop to join: its flag goes up, and an interruptible sleep
 * ends; SIGKILL ends a stop too (Linux's signal_wake_up).  sched_lock held.
 */
static void signal_wake_up(struct task *t, int kill)
{
	t->sigpending = 1;	/* before the wake: the woken task looks at it */
	if (t->state == TASK_INTERRUPTIBLE) {
		wake_task(t);
	} else if (kill && (t->state == TASK_STOPPED || t->state == TASK_TRACED)) {
		t->state = TASK_RUNNING;
		resched_idle_cpu(t);
	} else if (t->state == TASK_RUNNING) {
		kick_process(t);	/* it runs on another CPU: now, not at its tick */
	}
}

/*
 * A tracee has a trap to make (kernel/ptrace.c, Linux's
 * ptrace_signal_wake_up; sched_lock held): its flag goes up and a sleep
 * ends; with resume, its ptrace stop too (PTRACE_LISTEN's, which only
 * its tracer or a change of its group stop ends).
 */
void ptrace_signal_wake_up(struct task *t, int resume)
{
	if (resume && t->state == TASK_TRACED) {
		t->state = TASK_RUNNING;
		resched_idle_cpu(t);
	}
	signal_wake_up(t, 0);
}

/*
 * What a stop signal or SIGCONT does to t's whole process as it is sent,
 * whatever the handler or the masks (Linux's prepare_signal).  A stop
 * signal takes back a pending SIGCONT; SIGCONT takes back pending stop
 * signals, calls off a group stop and continues every stopped thread.
 * The first to run again tells the parent (do_signal): continued, or, if
 * the stop had not yet caught every thread, stopped (with no signal).  A
 * stop not yet reported to a wait is forgotten.  sched_lock held.
 */
static void prepare_signal(struct task *t, int sig)
{
	struct signal_struct *signal = t->signal;
	int why = 0;

	if (sig_kernel_stop(sig)) {
		flush_group_signals(t, sigmask(SIGCONT));
	} else if (sig == SIGCONT) {
		flush_group_signals(t, STOP_SIGNALS);
		for_each_thread(t, u) {
			u->jobctl &= ~JOBCTL_STOP_PENDING;
			if (u->state == TASK_STOPPED) {
				u->state = TASK_RUNNING;
				resched_idle_cpu(u);
			}
			if (u->ptracer && (u->ptrace_options & PT_SEIZED)) {
				u->jobctl |= JOBCTL_TRAP_NOTIFY;	/* its tracer hears */
				ptrace_signal_wake_up(u, u->jobctl & JOBCTL_LISTENING);
			}
		}
		if (signal->flags & SIGNAL_STOP_STOPPED)
			why = SIGNAL_CLD_CONTINUED;
		else if (signal->group_stop_count)
			why = SIGNAL_CLD_STOPPED;
		if (why) {
			signal->flags = why | SIGNAL_STOP_CONTINUED;
			signal->group_stop_count = 0;
			signal->stop_code = 0;
		}
	}
}

/*
 * Whether sig, now pending, will kill t when t takes it: its default action
 * terminates, and t does not block it or wait for it (rt_sigtimedwait).
 */
static int sig_fatal(struct task *t, int sig)
{
	if (sig == SIGKILL)
		return 1;
	return t->sighand->action[sig].handler == SIG_DFL && !ignored_by_default(sig) &&
	       !sig_kernel_stop(sig) &&
	       !((t->sig_blocked | t->sig_real_blocked) & sigmask(sig));
}

/*
 * Whether t could take sig now: alive, not blocking it, and not stopped
 * (a stopped thread takes nothing but SIGKILL), as Linux's wants_signal.
 */
static int wants_signal(struct task *t, int sig)
{
	if (t->state == TASK_ZOMBIE || t->state == TASK_NEW ||
	    (t->jobctl & JOBCTL_EXITING) || (t->sig_blocked & sigmask(sig)))
		return 0;
	return sig == SIGKILL ||
	       (t->state != TASK_STOPPED && t->state != TASK_TRACED);
}

/*
 * Who takes sig, now pending for t, or for t's process if group (Linux's
 * complete_signal): t if it can, else, for the process, the first thread
 * that can; that one is woken.  If none can, sig waits in the set until a
 * thread unblocks it, or the stopped process continues.  A signal that
 * will kill marks the process as ending: a wait sees no stop or continue
 * of it any more.  sched_lock held.
 */
static void complete_signal(struct task *t, int sig, int group)
{
	struct task *target = NULL;

	if (wants_signal(t, sig)) {
		target = t;
	} else if (group) {
		for_each_thread(t, u) {
			if (wants_signal(u, sig)) {
				target = u;
				break;
			}
		}
	}
	if (!target)
		return;
	if (sig_fatal(target, sig)) {	/* no stop to finish either */
		t->signal->flags = t->signal->stop_code = 0;
		t->signal->group_stop_count = 0;
		for_each_thread(t, u)
			u->jobctl &= ~JOBCTL_STOP_PENDING;
	}
	signal_wake_up(target, sig == SIGKILL);
}

/*
 * Makes sig pending for thread t, or for its process if group (Linux's
 * __send_signal_locked), unless ignored.  A standard signal already
 * pending there keeps its first record: standard signals do not queue.
 * A task fork is still making (TASK_NEW) is not there yet, nor is an
 * exiting thread, nor a process whose threads have all gone.  sched_lock
 * held.
 */
static int send_signal_locked(struct task *t, int sig, const struct ksiginfo *info,
			      int group)
{
	struct sigpending *pending;
	int err;

	if (sig < 0 || sig >= NSIG)
		return -EINVAL;
	if (!sig || !t || t->state == TASK_NEW ||
	    (group ? !t->signal->nr_threads :
		     t->state == TASK_ZOMBIE || (t->jobctl & JOBCTL_EXITING)))
		return 0;
	prepare_signal(t, sig);
	if (sig_ignored(t, sig))
		return 0;
	pending = group ? &t->signal->shared_pending : &t->pending;
	if (sig < SIGRTMIN && (pending->signal & sigmask(sig)))
		return 0;
	if ((err = sigpending_add(t, pending, sig, info)) != 0)
		return err;
	if (nr_signalfds)		/* a signalfd may read it */
		signalfd_notify();
	complete_signal(t, sig, group);
	return 0;
}

/* To thread t (tkill, a fault, the kernel's own): sched_lock held. */
int __send_sig_info(struct task *t, int sig, const struct ksiginfo *info)
{
	return send_signal_locked(t, sig, info, 0);
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

/*
 * To t's process (kill, the tty, timers, SIGCHLD): pending for the
 * process, until any thread that does not block it takes it.  SIGKILL goes
 * to each thread's own set, as Linux's complete_signal puts it there: a
 * killed thread is seen at once (fatal_signal_pending).  sched_lock held.
 */
int __group_send_sig_info(struct task *t, int sig, const struct ksiginfo *info)
{
	if (sig == SIGKILL && t) {
		for_each_thread(t, u)
			send_signal_locked(u, sig, info, 0);
		return 0;
	}
	return send_signal_locked(t, sig, info, 1);
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
 * kills at once, init included, unless the task is traced: its tracer
 * sees the signal first (strace's SIGSEGV line, a debugger's stop) and may
 * cancel it.  The handler and the mask change under sched_lock, at one
 * instant for a sender's sig_ignored.
 */
static void force_sig_info(int sig, const struct ksiginfo *info)
{
	struct k_sigaction *ka = &current->sighand->action[sig];
	uint32_t flags;
	int dfl;

	spin_lock_irqsave(&sched_lock, flags);
	if (ka->handler == SIG_IGN || (current->sig_blocked & sigmask(sig)))
		ka->handler = SIG_DFL;
	dfl = ka->handler == SIG_DFL && !current->ptracer;
	if (!dfl) {
		current->sig_blocked &= ~sigmask(sig);
		current->pending.info[sig] = *info;
		current->pending.signal |= sigmask(sig);
		current->sigpending = 1;
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

/*
 * t now blocks newly, or leaves (all): what of it is pending for the
 * process goes to the other threads that can take it, which are woken
 * (Linux's retarget_shared_pending).  sched_lock held.
 */
static void retarget_shared_pending(struct task *t, uint64_t newly)
{
	uint64_t left = t->signal->shared_pending.signal & newly;

	for_each_thread(t, u) {
		uint64_t taken;

		if (!left)
			break;
		if (u == t || u->state == TASK_ZOMBIE || u->state == TASK_NEW ||
		    u->state == TASK_STOPPED || (u->jobctl & JOBCTL_EXITING))
			continue;
		taken = left & ~u->sig_blocked;
		if (taken) {
			left &= ~taken;
			signal_wake_up(u, 0);
		}
	}
}

/* The mask changes under sched_lock, where senders look at it; sched_lock held. */
static void __set_task_blocked(struct task *t, uint64_t mask)
{
	uint64_t newly = mask & ~t->sig_blocked;

	t->sig_blocked = mask;
	if (has_pending_signals(t))
		t->sigpending = 1;	/* unblocked: what waited is to be taken */
	if (newly)
		retarget_shared_pending(t, newly);
}

/* The mask a task changes for itself (Linux's set_current_blocked). */
void set_current_blocked(uint64_t mask)
{
	uint32_t flags;

	spin_lock_irqsave(&sched_lock, flags);
	__set_task_blocked(current, mask & ~UNBLOCKABLE);
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
	else if (err == -ERESTARTSYS || err == -ERESTARTNOINTR)
		restart_syscall(tf, current->syscall_nr);
}

/* No handler ran: a call that asked for it runs again. */
static void no_handler_restart(struct trapframe *tf)
{
	int32_t err = tf->eax;

	if (!syscall_result(tf))
		return;
	if (err == -ERESTARTNOHAND || err == -ERESTARTSYS ||
	    err == -ERESTARTNOINTR)
		restart_syscall(tf, current->syscall_nr);
	else if (err == -ERESTART_RESTARTBLOCK)
		restart_syscall(tf, 0);		/* restart_syscall */
}

/*
 * Runs ka's handler for sig, whose record is info: its frame saves the mask to go back to (the
 * caller's own if a call waited with a temporary one), then the handler's
 * mask is added.  A frame that cannot be written brings SIGSEGV instead
 * (Linux's force_sigsegv); 0 if the handler will run.  A task single
 * stepped stops at the handler's first instruction, stepping ended, as
 * Linux's signal_delivered: the frame keeps the program's own eflags.
 */
static int handle_signal(struct trapframe *tf, int sig,
			 const struct ksiginfo *info, struct k_sigaction *ka)
{
	uint64_t mask = current->restore_sigmask ? current->saved_sigmask :
						   current->sig_blocked;
	int stepping = current->syscall_work & SYSCALL_WORK_SYSCALL_EXIT_TRAP;
	int err;

	if (stepping)
		user_disable_single_step(current);
	handler_restart(tf, ka);
	if (current->rseq)
		rseq_handle_notify_resume(tf);	/* a section the signal came into ends */
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
	if (stepping)
		ptrace_notify(SIGTRAP, 0);
	return 0;
}

/*
 * Takes the lowest pending signal of set and its record, as Linux's
 * dequeue_signal: the thread's own first, then its process's; 0 if none.
 * Both under sched_lock: once the bit is clear, a handler sending the
 * signal again writes a new record, and no other thread takes the same
 * instance.
 */
int dequeue_signal(uint64_t set, struct ksiginfo *info)
{
	struct sigpending *p = &current->pending;
	uint64_t ready;
	uint32_t flags;
	int sig = 0;

	spin_lock_irqsave(&sched_lock, flags);
	ready = p->signal & set;
	if (!ready) {
		p = &current->signal->shared_pending;
		ready = p->signal & set;
	}
	if (ready) {
		sig = __builtin_ctzll(ready) + 1;
		sigpending_take(p, sig, info);
		if (info->code == SI_TIMER)
			posix_timer_delivered(info);	/* its overruns until now */
	}
	spin_unlock_irqrestore(&sched_lock, flags);
	return sig;
}

/*
 * Tells the parent that t's process stopped (with signal status) or
 * continued (why: CLD_STOPPED or CLD_CONTINUED), or t's tracer that t
 * stopped for it (for_ptracer, CLD_TRAPPED), as Linux's
 * do_notify_parent_cldstop: SIGCHLD for the process, its pid the
 * leader's (t's own for the tracer), unless the parent ignores it or asked
 * not to hear of this (SA_NOCLDSTOP), and a wake for a wait in wait4 or
 * waitid either way.
 */
static void do_notify_parent_cldstop(struct task *t, int for_ptracer, int why,
				     int status)
{
	struct task *parent = for_ptracer ? t->ptracer : t->parent;
	struct ksiginfo info = {
		.code = why, .pid = for_ptracer ? t->pid : t->tgid, .uid = t->uid,
		.status = why == CLD_CONTINUED ? SIGCONT : status,
		.utime = t->usage.utime, .stime = t->usage.stime,
	};
	struct k_sigaction *ka;
	uint32_t flags;

	if (!parent)
		return;
	ka = &parent->sighand->action[SIGCHLD];
	spin_lock_irqsave(&sched_lock, flags);
	if (ka->handler != SIG_IGN && !(ka->flags & SA_NOCLDSTOP))
		__group_send_sig_info(parent, SIGCHLD, &info);
	spin_unlock_irqrestore(&sched_lock, flags);
	wakeup(parent->signal);	/* its wait, in any of its threads */
}

/*
 * One thread fewer to stop; the last makes the process stopped and returns
 * the signal to tell the parent of (0: not the last).  sched_lock held.
 */
static int participate_group_stop(struct task *t)
{
	struct signal_struct *signal = t->signal;

	t->jobctl &= ~JOBCTL_STOP_PENDING;
	if (!signal->group_stop_count || --signal->group_stop_count > 0)
		return 0;	/* called off (a fatal signal), or others to come */
	signal->flags = SIGNAL_STOP_STOPPED;
	return signal->stop_code;
}

/*
 * A tracee's stop for its group stop, or for a trap its tracer asked for
 * (Linux's do_jobctl_trap).  Seized, a PTRACE_EVENT_STOP: with the stop
 * signal while the process is stopped, else SIGTRAP; otherwise the stop
 * signal, without siginfo (which tells a group stop from a signal's).
 */
static void do_jobctl_trap(void)
{
	struct signal_struct *signal = current->signal;
	struct ksiginfo info = { .pid = current->pid, .uid = current->uid };
	int sig = current->jobctl >> JOBCTL_STOP_SIGSHIFT;

	if (!sig)
		sig = SIGSTOP;
	if (!(current->ptrace_options & PT_SEIZED)) {
		ptrace_stop(sig, 0, NULL);
		return;
	}
	if (!signal->group_stop_count && !(signal->flags & SIGNAL_STOP_STOPPED))
		sig = SIGTRAP;
	info.code = sig | PTRACE_EVENT_STOP << 8;
	ptrace_stop(info.code, sig, &info);
}

/*
 * A stop signal's default action (sig), or a group stop that another
 * thread began (sig 0), as Linux's do_signal_stop.  The thread that takes
 * the signal asks every other thread that runs to stop too and counts
 * them; each stops here; the last to stop makes the process stopped and
 * tells the parent, once, and a WUNTRACED wait will report sig.  A thread
 * stays stopped until SIGCONT or SIGKILL makes it runnable: the state is
 * the condition, and nothing else changes it, so no wakeup can be missed.
 */
static void do_signal_stop(int sig)
{
	struct signal_struct *signal = current->signal;
	uint32_t flags;
	int notify;

	spin_lock_irqsave(&sched_lock, flags);
	if (!(current->jobctl & JOBCTL_STOP_PENDING)) {
		if (!sig) {		/* a SIGCONT called the stop off meanwhile */
			spin_unlock_irqrestore(&sched_lock, flags);
			return;
		}
		signal->stop_code = sig;
		signal->group_stop_count = 1;
		for_each_thread(current, t) {
			if (t == current || t->state == TASK_ZOMBIE ||
			    t->state == TASK_NEW || t->state == TASK_STOPPED ||
			    (t->jobctl & JOBCTL_EXITING))
				continue;
			t->jobctl |= JOBCTL_STOP_PENDING;
			signal->group_stop_count++;
			signal_wake_up(t, 0);
		}
	}
	notify = participate_group_stop(current);
	current->jobctl = (current->jobctl & ((1 << JOBCTL_STOP_SIGSHIFT) - 1)) |
			  (sig ? sig : signal->stop_code) << JOBCTL_STOP_SIGSHIFT;
	/* A tracee's stop is its tracer's to end: a ptrace stop. */
	current->state = current->ptracer ? TASK_RUNNING : TASK_STOPPED;
	spin_unlock_irqrestore(&sched_lock, flags);
	if (notify)
		do_notify_parent_cldstop(current, 0, CLD_STOPPED, notify);
	if (current->ptracer)
		do_jobctl_trap();
	while (current->state == TASK_STOPPED)
		schedule();
}

/*
 * A ptrace stop (Linux's ptrace_stop): code is what the tracer's wait
 * reports (status >> 8), signo and info the stop's siginfo (signo 0: a
 * group stop, which has none).  The task waits in TASK_TRACED until the
 * tracer resumes it (kernel/ptrace.c) or SIGKILL comes, and returns the
 * signal the tracer resumed it with.  No stop with no tracer, or once
 * killed: a stop is never what keeps a task from dying.
 */
int ptrace_stop(int code, int signo, const struct ksiginfo *info)
{
	uint32_t flags;

	spin_lock_irqsave(&sched_lock, flags);
	/* Any stop answers a pending trap; an event stop a notify too. */
	current->jobctl &= ~(JOBCTL_TRAP_STOP | JOBCTL_LISTENING);
	if (info && info->code >> 8 == PTRACE_EVENT_STOP)
		current->jobctl &= ~JOBCTL_TRAP_NOTIFY;
	if (!current->ptracer || fatal_signal_pending(current)) {
		spin_unlock_irqrestore(&sched_lock, flags);
		return 0;
	}
	current->ptrace_code = code;
	current->ptrace_signo = signo;
	if (info)
		current->ptrace_info = *info;
	current->state = TASK_TRACED;
	spin_unlock_irqrestore(&sched_lock, flags);
	do_notify_parent_cldstop(current, 1, CLD_TRAPPED, code & 0x7f);
	while (current->state == TASK_TRACED)
		schedule();
	spin_lock_irqsave(&sched_lock, flags);
	code = fatal_signal_pending(current) ? 0 : current->ptrace_code;
	current->ptrace_code = current->ptrace_signo = 0;
	spin_unlock_irqrestore(&sched_lock, flags);
	return code;
}

/*
 * A traced task's signal-delivery stop (Linux's ptrace_signal): the
 * tracer sees sig and says what is taken instead: 0 for nothing, or a
 * signal, whose siginfo is the tracer's own unless it is sig (or the
 * tracer set one with PTRACE_SETSIGINFO).  One the task blocks goes back
 * to be pending.
 */
static int ptrace_signal(int sig, struct ksiginfo *info)
{
	int new = ptrace_stop(sig, sig, info);

	if (!new)
		return 0;
	if (new != sig) {
		*info = (struct ksiginfo){ .code = SI_USER,
			.pid = current->ptracer ? current->ptracer->tgid : 0,
			.uid = current->ptracer ? current->ptracer->uid : 0 };
	} else {
		*info = current->ptrace_info;
	}
	if (current->sig_blocked & sigmask(new)) {
		send_sig_info(current, new, info);
		return 0;
	}
	return new;
}

/*
 * A new thread of a process that is stopping or stopped stops too, on its
 * way to user mode (Linux's task_join_group_stop): clone may have slept
 * (writing the tids) while another thread began a stop, and a stop that
 * counted the threads without it must not let it run.  A stop under way
 * waits for it as for the others.
 */
void task_join_group_stop(struct task *c)
{
	struct signal_struct *signal = c->signal;
	uint32_t flags;

	spin_lock_irqsave(&sched_lock, flags);
	if (signal->group_stop_count)
		signal->group_stop_count++;
	if (signal->group_stop_count || (signal->flags & SIGNAL_STOP_STOPPED))
		c->jobctl |= JOBCTL_STOP_PENDING;
	spin_unlock_irqrestore(&sched_lock, flags);
}

/*
 * A SIGCONT continued the process (or cut its stop short): the first of
 * its threads to run tells the parent.
 */
static void notify_continued(void)
{
	struct signal_struct *signal = current->signal;
	uint32_t flags;
	int why;

	spin_lock_irqsave(&sched_lock, flags);
	why = signal->flags & (SIGNAL_CLD_CONTINUED | SIGNAL_CLD_STOPPED);
	signal->flags &= ~why;
	spin_unlock_irqrestore(&sched_lock, flags);
	if (why)
		do_notify_parent_cldstop(current, 0, why == SIGNAL_CLD_CONTINUED ?
					 CLD_CONTINUED : CLD_STOPPED, 0);
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

	if (current->rseq_resume)
		rseq_handle_notify_resume(tf);
	for (;;) {
		struct k_sigaction *ka;

		notify_continued();
		/* A trap the tracer asked for, or a change of the group stop to tell it of. */
		if ((current->jobctl & JOBCTL_TRAP_MASK) && current->ptracer &&
		    !fatal_signal_pending(current)) {
			do_jobctl_trap();
			continue;
		}
		/* Another thread stopped the process: this one stops too, unless killed. */
		if ((current->jobctl & JOBCTL_STOP_PENDING) &&
		    !fatal_signal_pending(current)) {
			do_signal_stop(0);
			continue;
		}
		/* Again each time: a frame that cannot be written unblocks SIGSEGV. */
		sig = dequeue_signal(~current->sig_blocked | UNBLOCKABLE, &info);
		if (!sig)
			break;
		ka = &current->sighand->action[sig];
		/* The process is ending (exit_group, a fatal signal, an execve). */
		if (sig == SIGKILL && (current->signal->group_exit ||
				       current->signal->group_exec_task))
			do_exit(SIGKILL);
		if (current->ptracer && sig != SIGKILL &&
		    !(sig = ptrace_signal(sig, &info)))
			continue;
		ka = &current->sighand->action[sig];
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
			flush_group_signals(current, sigmask(sig));
		spin_unlock_irqrestore(&sched_lock, flags);
	}
	return 0;
}

#define SIG_BLOCK	0
#define SIG_UNBLOCK	1
#define SIG_SETMASK	2

/*
 * Linux's sigprocmask: the caller's mask changed by how with set; width is
 * what SIG_SETMASK replaces (the old call's set is signals 1-32 only).
 */
static int change_blocked(int how, uint64_t set, uint64_t width)
{
	uint64_t new = current->sig_blocked;

	if (how == SIG_BLOCK)
		new |= set;
	else if (how == SIG_UNBLOCK)
		new &= ~set;
	else if (how == SIG_SETMASK)
		new = (new & ~width) | set;
	else
		return -EINVAL;
	set_current_blocked(new);
	return 0;
}

long sys_rt_sigprocmask(int how, const uint64_t *set, uint64_t *oset,
			uint32_t sigsetsize)
{
	uint64_t new, old = current->sig_blocked;
	int err;

	if (sigsetsize != 8)
		return -EINVAL;
	if (set) {
		if (copy_from_user(&new, set, sizeof(new)))
			return -EFAULT;
		if ((err = change_blocked(how, new, ~0ull)))
			return err;
	}
	if (oset && copy_to_user(oset, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/*
 * The old sigprocmask, on old_sigset_t (signals 1-32): the real-time
 * signals' blocks stay as they are.  glibc's getcontext, setcontext and
 * swapcontext on i386 still use it (and so guile's garbage collector).
 */
long sys_sigprocmask(int how, const uint32_t *set, uint32_t *oset)
{
	uint32_t new, old = (uint32_t)current->sig_blocked;
	int err;

	if (set) {
		if (copy_from_user(&new, set, sizeof(new)))
			return -EFAULT;
		if ((err = change_blocked(how, new, 0xFFFFFFFFull)))
			return err;
	}
	if (oset && copy_to_user(oset, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* The blocked signals waiting for this task or its process. */
static uint64_t blocked_pending(void)
{
	uint64_t pending;
	uint32_t flags;

	spin_lock_irqsave(&sched_lock, flags);
	pending = (current->pending.signal |
		   current->signal->shared_pending.signal) & current->sig_blocked;
	spin_unlock_irqrestore(&sched_lock, flags);
	return pending;
}

long sys_rt_sigpending(uint64_t *set, uint32_t sigsetsize)
{
	uint64_t pending;

	if (sigsetsize != 8)
		return -EINVAL;
	pending = blocked_pending();
	return copy_to_user(set, &pending, sizeof(pending)) ? -EFAULT : 0;
}

/* The old sigpending: signals 1-32. */
long sys_sigpending(uint32_t *set)
{
	uint32_t pending = (uint32_t)blocked_pending();

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

/*
 * rt_sigqueueinfo (glibc's sigqueue): to process pid, with the record the
 * caller wrote: its si_code and the fields after it (SI_QUEUE's pid, uid
 * and si_value, kept in ksiginfo's pid, uid and status).  Only a process
 * signalling itself may say it is the kernel or kill (Linux's check).
 */
long sys_rt_sigqueueinfo(int pid, int sig, const struct siginfo *uinfo)
{
	struct ksiginfo info;
	struct task *t;

	if (copy_from_user(&info, &uinfo->k, sizeof(info)))
		return -EFAULT;
	if ((info.code >= 0 || info.code == SI_TKILL) && pid != current->tgid)
		return -EPERM;
	if (!(t = find_task(pid)) || pid <= 0)
		return -ESRCH;
	if (sig < 0 || sig >= NSIG)
		return -EINVAL;
	return may_signal(t, sig) ? group_send_sig_info(t, sig, &info) : -EPERM;
}

/*
 * To one thread, which must be of process tgid if that is not 0 (Linux's
 * do_send_specific): ESRCH before the signal's number is looked at.
 */
static long do_send_specific(int tgid, int tid, int sig, const struct ksiginfo *info)
{
	struct task *t = find_task(tid);

	if (!t || (tgid > 0 && t->tgid != tgid) ||
	    (t->state == TASK_ZOMBIE && !thread_group_leader(t)))
		return -ESRCH;
	if (sig < 0 || sig >= NSIG)
		return -EINVAL;
	return may_signal(t, sig) ? send_sig_info(t, sig, info) : -EPERM;
}

/* tkill and tgkill: their record says SI_TKILL, from the caller's process. */
static long do_tkill(int tgid, int tid, int sig)
{
	struct ksiginfo info = { .code = SI_TKILL, .pid = current->tgid,
				 .uid = current->uid };

	return do_send_specific(tgid, tid, sig, &info);
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

/*
 * rt_tgsigqueueinfo (335): rt_sigqueueinfo to one thread, the caller's
 * record with it.  A record that claims to come from the kernel or from
 * kill or tkill (si_code >= 0, SI_TKILL) may only be sent to oneself: the
 * calling thread, by its tid.
 */
long sys_rt_tgsigqueueinfo(int tgid, int tid, int sig, const struct siginfo *uinfo)
{
	struct ksiginfo info;

	if (copy_from_user(&info, &uinfo->k, sizeof(info)))
		return -EFAULT;
	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	if ((info.code >= 0 || info.code == SI_TKILL) && tid != current->pid)
		return -EPERM;
	return do_send_specific(tgid, tid, sig, &info);
}

/* pidfd_send_signal's flags: whom, besides what the pidfd names. */
#define PIDFD_SIGNAL_THREAD		1
#define PIDFD_SIGNAL_THREAD_GROUP	2
#define PIDFD_SIGNAL_PROCESS_GROUP	4
/* Descriptor numbers no descriptor has: the calling thread, its process. */
#define PIDFD_SELF_THREAD		(-10000)
#define PIDFD_SELF_THREAD_GROUP		(-10001)

/*
 * To a process group, the record given: 0 if any member took it, else
 * the last member's error, ESRCH for none (Linux's __kill_pgrp_info).
 */
static long kill_pgrp_info(int pgrp, int sig, const struct ksiginfo *info)
{
	long ret = -ESRCH;
	int success = 0;

	for_each_process(t) {	/* zombies too, as Linux's (they take nothing) */
		if (t->pgrp != pgrp || t->state == TASK_NEW)
			continue;
		if (sig < 0 || sig >= NSIG)
			ret = -EINVAL;
		else if (!may_signal(t, sig))
			ret = -EPERM;
		else
			ret = group_send_sig_info(t, sig, info);
		success |= ret == 0;
	}
	return success ? 0 : ret;
}

/*
 * pidfd_send_signal (424): kill, tgkill or killpg to what a pidfd names
 * (kernel/pidfd.c), which cannot be a process that took its pid after it,
 * or an open /proc/PID directory (its process, as Linux's).
 * The pidfd says whom (its process, or with PIDFD_THREAD its thread), as
 * PIDFD_SELF_THREAD and PIDFD_SELF_THREAD_GROUP name the caller's, unless
 * one flag says otherwise.  A record (info) must be for sig, and
 * one that claims to be the kernel's or kill's only goes to oneself.
 * Linux's order: the flags, the descriptor, the record, then ESRCH,
 * EINVAL for the signal, EPERM.
 */
long sys_pidfd_send_signal(int pidfd, int sig, const struct siginfo *uinfo,
			   uint32_t flags)
{
	struct siginfo si;
	struct ksiginfo info = { .code = SI_USER, .pid = current->tgid,
				 .uid = current->uid };
	uint32_t f_flags;
	struct task *t;
	int pid;

	if (flags & ~(PIDFD_SIGNAL_THREAD | PIDFD_SIGNAL_THREAD_GROUP |
		      PIDFD_SIGNAL_PROCESS_GROUP))
		return -EINVAL;
	if (flags & (flags - 1))
		return -EINVAL;		/* at most one says whom */
	if (pidfd == PIDFD_SELF_THREAD)
		pid = current->pid, f_flags = PIDFD_THREAD;
	else if (pidfd == PIDFD_SELF_THREAD_GROUP)
		pid = current->tgid, f_flags = 0;
	else if ((pid = pidfd_to_pid(pidfd, &f_flags)) < -1)
		return pid;
	if (!flags)
		flags = f_flags & PIDFD_THREAD ? PIDFD_SIGNAL_THREAD :
						 PIDFD_SIGNAL_THREAD_GROUP;
	if (uinfo) {
		if (copy_from_user(&si, uinfo, sizeof(si)))
			return -EFAULT;
		if (si.si_signo != sig)
			return -EINVAL;
		if ((pid != current->pid || flags == PIDFD_SIGNAL_PROCESS_GROUP) &&
		    (si.k.code >= 0 || si.k.code == SI_TKILL))
			return -EPERM;
		info = si.k;
	} else if (flags == PIDFD_SIGNAL_THREAD) {
		info.code = SI_TKILL;
	}
	if (flags == PIDFD_SIGNAL_PROCESS_GROUP)
		return kill_pgrp_info(pid, sig, &info);
	if (!(t = find_task(pid)))
		return -ESRCH;
	if (sig < 0 || sig >= NSIG)
		return -EINVAL;
	if (!may_signal(t, sig))
		return -EPERM;
	if (flags == PIDFD_SIGNAL_THREAD)
		return send_sig_info(t, sig, &info);
	return group_send_sig_info(t, sig, &info);
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

/*
 * Every handler back to SIG_DFL, an ignored signal staying ignored, with
 * no flags or mask (Linux's flush_signal_handlers): exec's, and clone3's
 * CLONE_CLEAR_SIGHAND.
 */
void flush_signal_handlers(struct sighand_struct *sh)
{
	for (int s = 1; s < NSIG; s++) {
		struct k_sigaction *ka = &sh->action[s];

		if (ka->handler != SIG_IGN)
			ka->handler = SIG_DFL;
		ka->flags = ka->restorer = 0;
		ka->mask = 0;
	}
}

int copy_sighand(int share, struct task *parent, struct task *child)
{
	if (share) {
		child->sighand = parent->sighand;
		__atomic_add_fetch(&child->sighand->count, 1, __ATOMIC_RELAXED);
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
		__atomic_add_fetch(&child->signal->count, 1, __ATOMIC_RELAXED);
		child->signal->nr_threads++;
		return 0;
	}
	if (!(child->signal = kzalloc(sizeof(*child->signal))))
		return -ENOMEM;
	child->signal->count = 1;
	child->signal->nr_threads = 1;
	if (parent) {		/* init's first has none: 0, as Linux's init */
		child->signal->oom_score_adj = parent->signal->oom_score_adj;
		child->signal->oom_score_adj_min = parent->signal->oom_score_adj_min;
	}
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
	if (__atomic_sub_fetch(&old->count, 1, __ATOMIC_ACQ_REL) == 0)
		kfree(old);	/* its other users went since the test */
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
	t->signal->group_stop_count = 0;
	for_each_thread(t, u) {
		u->jobctl &= ~JOBCTL_STOP_PENDING;
		if (u == t || u->state == TASK_ZOMBIE)
			continue;
		u->pending.signal |= sigmask(SIGKILL);
		u->pending.info[SIGKILL] = (struct ksiginfo){ .code = SI_KERNEL };
		signal_wake_up(u, 1);
	}
	spin_unlock_irqrestore(&sched_lock, flags);
}

/*
 * A thread leaves (do_exit, nr_threads already counts it out): a group
 * stop no longer waits for it (if it was the last, the process is
 * stopped), what is pending for the process goes to the others, and its
 * own pending signals are forgotten, the process's with its last thread.
 * From now on nothing is queued for it (JOBCTL_EXITING), so no realtime
 * instance outlives it.
 */
void exit_signals(struct task *t)
{
	uint32_t flags;
	int notify = 0;

	spin_lock_irqsave(&sched_lock, flags);
	if (t->jobctl & JOBCTL_STOP_PENDING)
		notify = participate_group_stop(t);
	t->jobctl |= JOBCTL_EXITING;
	sigpending_flush(&t->pending, ~0ull);
	if (t->signal->nr_threads)
		retarget_shared_pending(t, ~0ull);
	else
		sigpending_flush(&t->signal->shared_pending, ~0ull);
	spin_unlock_irqrestore(&sched_lock, flags);
	if (notify)
		do_notify_parent_cldstop(t, 0, CLD_STOPPED, notify);
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
	if (t->sighand && __atomic_sub_fetch(&t->sighand->count, 1, __ATOMIC_ACQ_REL) == 0)
		kfree(t->sighand);
	if (t->signal && __atomic_sub_fetch(&t->signal->count, 1, __ATOMIC_ACQ_REL) == 0)
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
	__set_task_blocked(current, blocked);
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
