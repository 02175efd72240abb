/* Signals with Linux's numbers and default actions. */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H

#include "kernel/task.h"
#include "kernel/trap.h"

#define SIGHUP		1
#define SIGINT		2
#define SIGQUIT		3
#define SIGILL		4
#define SIGTRAP		5
#define SIGABRT		6
#define SIGBUS		7
#define SIGFPE		8
#define SIGKILL		9
#define SIGUSR1		10
#define SIGSEGV		11
#define SIGUSR2		12
#define SIGPIPE		13
#define SIGALRM		14
#define SIGTERM		15
#define SIGCHLD		17
#define SIGCONT		18
#define SIGSTOP		19
#define SIGTSTP		20
#define SIGTTIN		21
#define SIGTTOU		22
#define SIGURG		23
#define SIGXFSZ		25
#define SIGVTALRM	26
#define SIGPROF		27
#define SIGWINCH	28
#define SIGIO		29
#define SIGSYS		31

#define SIG_DFL		0
#define SIG_IGN		1

#define sigmask(sig)	(1ull << ((sig) - 1))
#define UNBLOCKABLE	(sigmask(SIGKILL) | sigmask(SIGSTOP))

/* si_code: who sent a signal, or for SIGCHLD how the child ended. */
#define SI_USER		0	/* kill */
#define SI_KERNEL	0x80	/* the kernel: timers, the tty, faults */
#define SI_TIMER	(-2)	/* a POSIX timer (kernel/posix_timers.c) */
#define SI_SIGIO	(-5)	/* an O_ASYNC file's, in a signal whose codes mean others */
#define SI_TKILL	(-6)	/* tkill, tgkill */
#define CLD_EXITED	1
#define CLD_KILLED	2
#define CLD_STOPPED	5	/* by a stop signal */
#define CLD_CONTINUED	6	/* by SIGCONT */
/* ...and for a fault, what it was (Linux's asm-generic/siginfo.h). */
#define ILL_ILLOPN	2	/* illegal operand: ud2 and the like */
#define FPE_INTDIV	1
#define FPE_FLTDIV	3
#define FPE_FLTOVF	4
#define FPE_FLTUND	5
#define FPE_FLTRES	6
#define FPE_FLTINV	7
#define SEGV_MAPERR	1	/* nothing mapped there */
#define SEGV_ACCERR	2	/* mapped, but not for this access */
#define BUS_ADRALN	1
#define BUS_ADRERR	2	/* no such object there: a page past the end of its file */
#define TRAP_BRKPT	1	/* a breakpoint; a single step over int $0x80 */
#define TRAP_TRACE	2	/* single step */
#define TRAP_HWBKPT	4	/* a hardware breakpoint or watchpoint (debug registers) */

/* sa_flags */
#define SA_NOCLDSTOP	0x00000001	/* SIGCHLD: not when a child stops or continues */
#define SA_SIGINFO	0x00000004
#define SA_RESTORER	0x04000000
#define SA_ONSTACK	0x08000000
#define SA_RESTART	0x10000000
#define SA_NODEFER	0x40000000
#define SA_RESETHAND	0x80000000

/* The signals whose default action stops the task (Linux's SIG_KERNEL_STOP_MASK). */
#define STOP_SIGNALS	(sigmask(SIGSTOP) | sigmask(SIGTSTP) | sigmask(SIGTTIN) | \
			 sigmask(SIGTTOU))
#define sig_kernel_stop(sig)	((sig) > 0 && (STOP_SIGNALS & sigmask(sig)))

/*
 * A process's job-control state, signal->flags (Linux's): stopped, or
 * continued since and not yet reported to a WCONTINUED wait; and what the
 * parent is yet to hear of (the first thread to run again tells it:
 * do_signal): the continue, or a stop that SIGCONT cut short.
 */
#define SIGNAL_STOP_STOPPED	0x01
#define SIGNAL_STOP_CONTINUED	0x02
#define SIGNAL_CLD_STOPPED	0x10
#define SIGNAL_CLD_CONTINUED	0x20

/*
 * task->jobctl: a group stop asks this thread to stop (Linux's
 * JOBCTL_STOP_PENDING); the thread is past exit_signals and takes no more
 * signals (Linux's PF_EXITING): nothing sent to it could be freed.  For a
 * seized tracee (kernel/ptrace.c), Linux's: a PTRACE_EVENT_STOP trap to
 * make (PTRACE_INTERRUPT, the seize of a stopped task), one to make when
 * the group stop changes (SIGCONT), and PTRACE_LISTEN's stop, which only
 * such a change ends.  The high half: the signal of the thread's last
 * group stop, what its trap reports.
 */
#define JOBCTL_STOP_PENDING	0x01
#define JOBCTL_EXITING		0x02
#define JOBCTL_TRAP_STOP	0x04
#define JOBCTL_TRAP_NOTIFY	0x08
#define JOBCTL_LISTENING	0x10
#define JOBCTL_TRAP_MASK	(JOBCTL_TRAP_STOP | JOBCTL_TRAP_NOTIFY)
#define JOBCTL_STOP_SIGSHIFT	16

/* Linux's i386 siginfo_t: 128 bytes, what struct ksiginfo does not fill is 0. */
struct siginfo {
	int32_t si_signo, si_errno;
	struct ksiginfo k;
	uint8_t pad[128 - 8 - sizeof(struct ksiginfo)];
};

/*
 * i386's struct sigevent, how a timer or a message queue tells of an event:
 * only these fields of its 64 bytes are read.
 */
struct sigevent32 {
	uint32_t sigev_value;
	int32_t sigev_signo;
	int32_t sigev_notify;
	int32_t sigev_tid;	/* SIGEV_THREAD_ID's thread */
};

#define SIGEV_SIGNAL		0
#define SIGEV_NONE		1
#define SIGEV_THREAD		2	/* glibc's, in user space */
#define SIGEV_THREAD_ID		4

/* sigaltstack(2): stack_t and its flags. */
struct sigaltstack {
	uint32_t ss_sp;
	int32_t ss_flags;
	uint32_t ss_size;
};

#define SS_ONSTACK	1	/* (read) the task runs on it */
#define SS_DISABLE	2
#define SS_AUTODISARM	(1u << 31)	/* off while a handler runs on it */
#define MINSIGSTKSZ	2048

int send_signal(struct task *t, int sig);	/* from the kernel: SI_KERNEL */
int send_sig_info(struct task *t, int sig, const struct ksiginfo *info);
int __send_sig_info(struct task *t, int sig, const struct ksiginfo *info);	/* sched_lock held */
/* To a process (t's thread group): one thread that does not block it. */
int group_send_sig_info(struct task *t, int sig, const struct ksiginfo *info);
int __group_send_sig_info(struct task *t, int sig, const struct ksiginfo *info);	/* sched_lock held */
int copy_sighand(int share, struct task *parent, struct task *child);
void flush_signal_handlers(struct sighand_struct *sh);
int copy_signal(int thread, struct task *parent, struct task *child);
int unshare_sighand(struct task *t);
void release_signals(struct task *t);
int init_signals(struct task *t);
extern struct sighand_struct init_sighand;	/* idle's */
extern struct signal_struct init_signal;
void zap_other_threads(struct task *t);
/* clone: a new thread joins its process's group stop, if one is on. */
void task_join_group_stop(struct task *c);
void exit_signals(struct task *t);
void set_current_blocked(uint64_t mask);
int recalc_sigpending(void);
int kill_pgrp(int pgrp, int sig);
int __kill_pgrp(int pgrp, int sig);	/* sched_lock held */
int sig_blocked_or_ignored(int sig);
void do_signal(struct trapframe *tf);
void force_sig(int sig);
void force_sig_fault(int sig, int code, uint32_t addr);
void fill_siginfo(struct siginfo *info, int sig, const struct ksiginfo *k);
int dequeue_signal(uint64_t set, struct ksiginfo *info);
void restore_saved_sigmask(void);
void restore_saved_sigmask_unless(int interrupted);
int set_user_sigmask(const uint64_t *umask, uint32_t sigsetsize);
int on_sig_stack(uint32_t sp);
int __on_sig_stack(uint32_t sp);
int sas_ss_flags(uint32_t sp);
void sas_ss_reset(struct task *t);
int restore_altstack(const struct sigaltstack *uss);

/*
 * Whether the caller has a signal to take or a group stop to join: asked
 * on every return to user mode and around every sleep, so it tests one
 * flag, current->sigpending (Linux 2.4's), and looks at the sets only
 * when the flag is up.  The flag may be up with nothing to take (another
 * thread took the process's signal first, or the mask changed):
 * recalc_sigpending then puts it down, so the answer is exact.  Only t
 * itself puts it down; senders put it up (kernel/signal.c).
 */
static inline int signal_pending(struct task *t)
{
	return __builtin_expect(t->sigpending, 0) && recalc_sigpending();
}

/* Whether t is being killed: SIGKILL goes to each thread's own set. */
static inline int fatal_signal_pending(struct task *t)
{
	return (t->pending.signal & sigmask(SIGKILL)) != 0;
}

#endif
