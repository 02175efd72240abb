/*
 * Signals.  Sending sets a pending bit, records who sent it, and wakes an
 * interruptible sleeper; on the way back to user mode (kernel/trap.c)
 * do_signal takes the default action (terminate, or ignore) or runs the
 * user's handler on a frame pushed on the user stack, which sigreturn pops.
 * rt_sigtimedwait takes a pending signal without running anything.
 *
 * The timer (interval timers) and the tty (^C) send signals from their
 * interrupt handlers, so the pending set, its records and the blocked mask
 * are sched_lock's: changed with interrupts off, in a handler or here.
 */
#include "kernel/signal.h"
#include "kernel/errno.h"
#include "kernel/gdt.h"
#include "kernel/string.h"
#include "kernel/time.h"
#include "mm/uaccess.h"

#define SA_NODEFER	0x40000000
#define SA_RESETHAND	0x80000000
#define SA_RESTORER	0x04000000
#define SA_RESTART	0x10000000

#define UNBLOCKABLE	(sigmask(SIGKILL) | sigmask(SIGSTOP))

static int ignored_by_default(int sig)
{
	return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH ||
	       sig == SIGCONT || sig == SIGSTOP || sig == SIGTSTP ||
	       sig == SIGTTIN || sig == SIGTTOU;
}

int signal_pending(struct task *t)
{
	return (t->sig_pending & ~(t->sig_blocked & ~UNBLOCKABLE)) != 0;
}

/*
 * Whether t would never see sig: ignored, or default-ignored, or init's
 * default action (init takes only the signals it handles).  A blocked
 * signal is kept, as on Linux: it may be waited for with rt_sigtimedwait,
 * or handled by the time it is unblocked.
 */
static int sig_ignored(struct task *t, int sig)
{
	uint32_t handler = t->sigaction[sig].handler;

	if ((t->sig_blocked | t->sig_real_blocked) & sigmask(sig))
		return 0;
	if (sig == SIGKILL)
		return t->pid == 1;
	return handler == SIG_IGN ||
	       (handler == SIG_DFL && (ignored_by_default(sig) || t->pid == 1));
}

/*
 * sched_lock held.  A signal already pending keeps its first record:
 * standard signals do not queue.
 */
int __send_sig_info(struct task *t, int sig, const struct ksiginfo *info)
{
	if (sig < 0 || sig >= NSIG)
		return -EINVAL;
	if (!sig || !t || t->state == TASK_ZOMBIE || sig_ignored(t, sig))
		return 0;
	if (!(t->sig_pending & sigmask(sig)))
		t->sig_info[sig] = *info;
	t->sig_pending |= sigmask(sig);
	if (t->state == TASK_INTERRUPTIBLE && signal_pending(t))
		wake_task(t);
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

int send_signal(struct task *t, int sig)
{
	struct ksiginfo info = { .code = SI_KERNEL };

	return send_sig_info(t, sig, &info);
}

/*
 * A fault in user mode: the signal cannot be ignored or blocked.  Linux
 * delivers such synchronous signals before any other, so a default action
 * kills at once, init included.
 */
void force_sig(int sig)
{
	struct k_sigaction *ka = &current->sigaction[sig];
	struct ksiginfo info = { .code = SI_KERNEL };
	uint32_t flags;

	if (ka->handler == SIG_IGN || (current->sig_blocked & sigmask(sig)))
		ka->handler = SIG_DFL;
	if (ka->handler == SIG_DFL)
		do_exit(sig);
	spin_lock_irqsave(&sched_lock, flags);
	current->sig_blocked &= ~sigmask(sig);
	current->sig_info[sig] = info;
	current->sig_pending |= sigmask(sig);
	spin_unlock_irqrestore(&sched_lock, flags);
}

/* The mask a task changes for itself (Linux's set_current_blocked). */
void set_current_blocked(uint64_t mask)
{
	uint32_t flags;

	spin_lock_irqsave(&sched_lock, flags);
	current->sig_blocked = mask & ~UNBLOCKABLE;
	spin_unlock_irqrestore(&sched_lock, flags);
}

/* From a task or from the tty's interrupt handler (^C). */
int kill_pgrp(int pgrp, int sig)
{
	struct ksiginfo info = { .code = SI_KERNEL };
	int found = 0;
	uint32_t flags;

	spin_lock_irqsave(&sched_lock, flags);
	for_each_task(t) {
		if (t->pgrp == pgrp && t->pid > 0 && t->state != TASK_ZOMBIE) {
			__send_sig_info(t, sig, &info);
			found = 1;
		}
	}
	spin_unlock_irqrestore(&sched_lock, flags);
	return found ? 0 : -ESRCH;
}

/* What a handler finds on its stack (Linux's rt_sigframe, simplified). */
struct sigframe {
	uint32_t pretcode;	/* the restorer: calls rt_sigreturn */
	int32_t sig;
	uint32_t pinfo, puc;
	struct siginfo info;
	struct {
		uint32_t flags, link, ss_sp, ss_flags, ss_size;
		struct trapframe regs;	/* our mcontext: the interrupted state */
		uint64_t mask;
	} uc;
};

/* The siginfo_t of a signal just taken off the pending set. */
static void fill_siginfo(struct siginfo *info, int sig)
{
	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->k = current->sig_info[sig];
}

static void setup_frame(struct trapframe *tf, int sig, struct k_sigaction *ka)
{
	struct sigframe f;
	uint32_t sp = ((tf->esp - sizeof(f)) & ~15u) - 4, handler = ka->handler;

	memset(&f, 0, sizeof(f));
	f.pretcode = ka->restorer;
	f.sig = sig;
	f.pinfo = sp + __builtin_offsetof(struct sigframe, info);
	f.puc = sp + __builtin_offsetof(struct sigframe, uc);
	fill_siginfo(&f.info, sig);
	f.uc.regs = *tf;
	f.uc.mask = current->sig_blocked;
	if (!(ka->flags & SA_RESTORER) || copy_to_user((void *)sp, &f, sizeof(f)))
		do_exit(SIGSEGV);
	set_current_blocked(current->sig_blocked | ka->mask |
			    ((ka->flags & SA_NODEFER) ? 0 : sigmask(sig)));
	if (ka->flags & SA_RESETHAND)
		ka->handler = SIG_DFL;
	tf->esp = sp;
	tf->eip = handler;
	tf->eax = sig;		/* regparm-style handlers read it here too */
	tf->ds = tf->es = tf->ss = USER_DS;
	tf->cs = USER_CS;
}

/* The calls that a handler with SA_RESTART resumes instead of failing EINTR. */
static int restartable(uint32_t nr)
{
	switch (nr) {
	case 3: case 4: case 7: case 114: case 145: case 146: case 180: case 181:
		return 1;	/* read write waitpid wait4 readv writev pread pwrite */
	}
	return 0;
}

/* Runs int $0x80 (2 bytes) again with the original number in eax. */
static void maybe_restart(struct trapframe *tf, struct k_sigaction *ka)
{
	if (tf->trapno == T_SYSCALL && (int32_t)tf->eax == -EINTR &&
	    (ka->flags & SA_RESTART) && restartable(current->syscall_nr)) {
		tf->eax = current->syscall_nr;
		tf->eip -= 2;
	}
}

/* Takes the lowest pending signal that is not blocked; 0 if none. */
static int next_signal(void)
{
	uint64_t ready;
	uint32_t flags;
	int sig = 0;

	spin_lock_irqsave(&sched_lock, flags);
	ready = current->sig_pending & ~(current->sig_blocked & ~UNBLOCKABLE);
	if (ready) {
		sig = __builtin_ctzll(ready) + 1;
		current->sig_pending &= ~sigmask(sig);
	}
	spin_unlock_irqrestore(&sched_lock, flags);
	return sig;
}

void do_signal(struct trapframe *tf)
{
	int sig;

	while ((sig = next_signal()) != 0) {
		struct k_sigaction *ka = &current->sigaction[sig];

		if (ka->handler == SIG_IGN && sig != SIGKILL)
			continue;
		if (ka->handler == SIG_DFL || sig == SIGKILL) {
			/* init's: sent while blocked, and not handled since */
			if (ignored_by_default(sig) || current->pid == 1)
				continue;
			do_exit(sig);	/* Linux's status for "killed by sig" */
		}
		maybe_restart(tf, ka);
		setup_frame(tf, sig, ka);
		return;		/* one handler at a time */
	}
}

/*
 * glibc's restorers: __restore_rt (SA_SIGINFO handlers) calls rt_sigreturn
 * right after the handler's ret popped pretcode; __restore pops the signal
 * number too and calls sigreturn.  Both find the same frame.
 */
static long restore_frame(uint32_t frame)
{
	struct trapframe *tf = current->tf;
	struct sigframe f;

	if (copy_from_user(&f, (void *)frame, sizeof(f)))
		do_exit(SIGSEGV);
	/* Only the user's registers come back; segments and flags stay safe. */
	f.uc.regs.cs = USER_CS;
	f.uc.regs.ss = f.uc.regs.ds = f.uc.regs.es = USER_DS;
	f.uc.regs.eflags = (f.uc.regs.eflags & 0xCD5) | 0x200;
	f.uc.regs.trapno = tf->trapno;
	*tf = f.uc.regs;
	set_current_blocked(f.uc.mask);
	return tf->eax;
}

long sys_rt_sigreturn(void)
{
	return restore_frame(current->tf->esp - 4);
}

long sys_sigreturn(void)
{
	return restore_frame(current->tf->esp - 8);
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
	if (oact && copy_to_user(oact, &current->sigaction[sig], sizeof(ka)))
		return -EFAULT;
	if (act) {
		uint32_t flags;

		ka.mask &= ~UNBLOCKABLE;
		spin_lock_irqsave(&sched_lock, flags);
		current->sigaction[sig] = ka;
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

long sys_rt_sigsuspend(const uint64_t *mask, uint32_t sigsetsize)
{
	uint64_t new, old = current->sig_blocked;

	if (sigsetsize != 8)
		return -EINVAL;
	if (copy_from_user(&new, mask, sizeof(new)))
		return -EFAULT;
	set_current_blocked(new);
	while (!sleep_on_interruptible(current))
		;
	/* Handlers run with the temporary mask; sigreturn restores the old one. */
	set_current_blocked(old);
	return -EINTR;
}

long sys_pause(void)
{
	while (!sleep_on_interruptible(current))
		;
	return -EINTR;
}

static int may_signal(struct task *t)
{
	return current->euid == 0 || current->euid == t->uid ||
	       current->uid == t->uid || current->euid == t->suid ||
	       current->uid == t->suid;
}

/* kill (code SI_USER) and tkill (SI_TKILL): the sender and its real uid. */
static long kill_info(int pid, int sig, int code)
{
	struct ksiginfo info = { .code = code, .pid = current->pid,
				 .uid = current->uid };
	int found = 0, allowed = 0;

	if (sig < 0 || sig >= NSIG)
		return -EINVAL;
	if (pid > 0) {
		struct task *t = find_task(pid);
		if (!t)
			return -ESRCH;
		return may_signal(t) ? send_sig_info(t, sig, &info) : -EPERM;
	}
	for_each_task(t) {
		if (t->pid == 0 || t->state == TASK_ZOMBIE)
			continue;
		if (pid == 0 && t->pgrp != current->pgrp)
			continue;
		if (pid < -1 && t->pgrp != -pid)
			continue;
		if (pid == -1 && (t->pid == 1 || t == current))
			continue;
		found = 1;
		if (may_signal(t)) {
			allowed = 1;
			send_sig_info(t, sig, &info);
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

long sys_tkill(int tid, int sig)
{
	if (tid <= 0)
		return -EINVAL;
	return kill_info(tid, sig, SI_TKILL);
}

long sys_tgkill(int tgid, int tid, int sig)
{
	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	if (tgid != tid)
		return -ESRCH;
	return kill_info(tid, sig, SI_TKILL);
}

/* Takes the lowest pending signal of set, as Linux's dequeue_signal; 0 if none. */
static int dequeue_signal(uint64_t set, struct siginfo *info)
{
	uint64_t ready;
	uint32_t flags;
	int sig = 0;

	spin_lock_irqsave(&sched_lock, flags);
	ready = current->sig_pending & set;
	if (ready) {
		sig = __builtin_ctzll(ready) + 1;
		current->sig_pending &= ~sigmask(sig);
		fill_siginfo(info, sig);
	}
	spin_unlock_irqrestore(&sched_lock, flags);
	return sig;
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
	struct siginfo info;
	int sig, err = 0;

	set &= ~UNBLOCKABLE;
	sig = dequeue_signal(set, &info);
	if (!sig && ns) {
		uint64_t blocked = current->sig_blocked;

		set_wait_masks(blocked, blocked & ~set);
		if (ns == ~0ull)	/* nothing but a signal wakes it */
			while (!(err = sleep_on_interruptible(&current->sig_real_blocked)))
				;
		else
			err = sleep_timeout(timeout_jiffies(ns));
		set_wait_masks(0, blocked);
		sig = dequeue_signal(set, &info);
	}
	if (!sig)
		return err ? -EINTR : -EAGAIN;
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
