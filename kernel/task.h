/*
 * Tasks (processes).  Each has a kernel stack of THREAD_SIZE bytes with a
 * guard below it (mm/kstack.c), whose top holds the trapframe of its user
 * registers, an address space (struct mm_struct), open files, credentials
 * and signal state.  The kernel is not preemptive: a task switches only in
 * schedule(), which it calls to sleep, at a cond_resched() point in long
 * work, or on its way back to user mode, when the timer has said its time
 * slice is over.  The fields the timer and the tty change are sched_lock's
 * (kernel/sched.c says which).
 */
#ifndef KERNEL_TASK_H
#define KERNEL_TASK_H

#include <stdint.h>
#include "kernel/gdt.h"
#include "kernel/percpu.h"
#include "kernel/resource.h"
#include "kernel/spinlock.h"
#include "kernel/time.h"
#include "kernel/trap.h"

#define NR_TASKS	4096	/* the task table's room; max_threads is fork's limit */
#define TASK_TABLE_BOOT	64	/* slots mapped at boot; the table grows beyond */
#define PID_MAX		32768	/* pids are 1 to PID_MAX - 1, then wrap to 2 */
#define NR_OPEN		16384	/* the most descriptors a table holds: shmos's fs.nr_open */
#define NSIG		65	/* signals 1..64 */
#define SIGRTMIN	32	/* the first realtime signal: these queue */
#define TASK_COMM_LEN	16
#define NGROUPS		32

enum task_state {
	TASK_UNUSED,
	TASK_RUNNING,		/* runnable or running */
	TASK_INTERRUPTIBLE,	/* sleeping; a signal wakes it */
	TASK_UNINTERRUPTIBLE,	/* sleeping until wakeup() */
	TASK_STOPPED,		/* by a stop signal, until SIGCONT or SIGKILL */
	TASK_ZOMBIE,		/* exited, waiting for its parent's wait */
	TASK_NEW,		/* being made by fork: not runnable, takes no signal */
	TASK_TRACED,		/* in a ptrace stop, until its tracer resumes it or SIGKILL */
};

/* Callee-saved registers of a task switched out in swtch() (switch.S). */
struct context {
	uint32_t edi, esi, ebx, ebp, eip;
};

/* task->flags (Linux's values, which /proc/PID/stat shows). */
#define PF_EXITING	0x00000004	/* in do_exit: no longer moved between cgroups */
#define PF_KTHREAD	0x00200000	/* a kernel thread (kernel/kthread.c) */

struct k_sigaction {
	uint32_t handler;	/* SIG_DFL 0, SIG_IGN 1, or a user function */
	uint32_t flags;
	uint32_t restorer;
	uint64_t mask;
};

/*
 * What the threads of a process share (Linux's split of the old task
 * struct): clone's CLONE_SIGHAND shares the handlers, CLONE_FILES the
 * descriptor table (struct files_struct, fs/file.h), CLONE_FS the working
 * directory and umask (struct fs_struct), CLONE_THREAD the thread group's
 * struct signal_struct.  fork copies each; count is how many tasks use it,
 * changed atomically (Linux's refcount_t): a thread's last reference goes
 * in finish_task_switch, outside the big kernel lock (kernel/sched.c).
 */
struct sighand_struct {
	int count;
	struct k_sigaction action[NSIG];	/* sched_lock's, as the signal state */
};

/*
 * What a pending signal carries besides its number, for rt_sigtimedwait and
 * SA_SIGINFO handlers: Linux's siginfo_t fields after si_signo and si_errno.
 * A standard signal is pending once, so the first sender's record is kept.
 */
struct ksiginfo {
	int32_t code;		/* SI_USER, SI_KERNEL, CLD_EXITED, SEGV_MAPERR... */
	union {
		int32_t pid;	/* the sender, or for SIGCHLD the child */
		uint32_t addr;	/* a fault's: si_addr */
	};
	uint32_t uid;		/* its real uid */
	int32_t status;		/* SIGCHLD: exit code or signal */
	int32_t utime, stime;	/* SIGCHLD: the child's CPU time, in ticks */
};

/* One instance of a realtime signal, queued (kernel/signal.c's pool). */
struct sigqueue {
	struct sigqueue *next;
	int sig;
	uint32_t uid;		/* the receiver's real uid: its RLIMIT_SIGPENDING counts it */
	struct ksiginfo info;
};

/*
 * Signals pending for one thread (task->pending) or for its whole process
 * (signal->shared_pending), as Linux's struct sigpending: the set, and
 * what each instance carries.  A standard signal is pending once, its
 * first sender's record in info[]; each realtime one sent is queued, in
 * the order sent, and is taken as many times.  sched_lock's.
 */
struct sigpending {
	uint64_t signal;
	struct ksiginfo info[SIGRTMIN];	/* signals 1..31 */
	struct sigqueue *queue;		/* signals SIGRTMIN..64, oldest first */
};

/*
 * Resource usage as getrusage reports it.  Times are in ticks: the timer
 * charges each tick to the task it interrupts, as user or system time
 * (kernel/timer.c).
 */
struct task_usage {
	uint32_t utime, stime;
	uint32_t min_flt;	/* page faults resolved (do_page_fault, mm/uaccess.c) */
	uint32_t nvcsw;		/* switches away while asleep (voluntary) */
	uint32_t nivcsw;	/* switches away while runnable (slice over, yield) */
};

/*
 * What /proc/PID/io shows (Linux's struct task_io_accounting): bytes that
 * read and write calls of every kind moved, and how many calls there were
 * (fs/read_write.c counts them).  shmos's files are in memory: no byte
 * comes from or goes to storage, so it has no read_bytes or write_bytes.
 */
struct task_io_accounting {
	uint64_t rchar, wchar;
	uint64_t syscr, syscw;
};

static inline void task_io_accounting_add(struct task_io_accounting *sum,
					  const struct task_io_accounting *a)
{
	sum->rchar += a->rchar;
	sum->wchar += a->wchar;
	sum->syscr += a->syscr;
	sum->syscw += a->syscw;
}

/*
 * An interval timer: ITIMER_REAL on the monotonic clock, ITIMER_VIRTUAL on
 * the task's user time, ITIMER_PROF on its user and system time.  When the
 * clock reaches expires (ns), the timer signals and moves on by incr.
 */
struct itimer {
	uint64_t expires;	/* 0: disarmed */
	uint64_t incr;		/* 0: one shot */
};

#define ITIMER_REAL	0
#define ITIMER_VIRTUAL	1
#define ITIMER_PROF	2

/* Files one call may hold from a shared descriptor table (task->call_files). */
#define CALL_FILES	4

/*
 * A thread group (a process): its threads' shared fate.  nr_threads counts
 * those not yet exited; the leader (tgid == pid) is reaped only when it is
 * 0.  exit_group, a fatal signal or an exec by another thread sets
 * group_exit: every thread then exits with group_exit_code.
 */
struct signal_struct {
	int count;
	int nr_threads;
	int group_exit;
	int group_exit_code;		/* a wait status */
	struct task *group_exec_task;	/* a thread in execve, waiting for the others to go */
	/* sched_lock's: signals sent to the process, any thread not blocking them takes them */
	struct sigpending shared_pending;
	/*
	 * Job control, sched_lock's: SIGNAL_* flags (kernel/signal.h); the
	 * signal that stopped the process until a WUNTRACED wait has
	 * reported it (Linux keeps it in group_exit_code); and how many
	 * threads have yet to stop before the process is stopped.
	 */
	int flags;
	int stop_code;
	int group_stop_count;
	struct task_usage usage;	/* of its threads that have exited */
	struct task_io_accounting ioac;	/* of its threads that have exited */
	struct k_itimer *posix_timers;	/* timer_create's, sched_lock's (kernel/posix_timers.c) */
	int oom_score_adj;		/* -1000 (never) to 1000: the OOM killer's bias (mm/oom_kill.c) */
	int oom_score_adj_min;		/* the lowest a user who is not root may set */
};

struct file;
struct inode;
struct mm_struct;
struct cgroup;
struct files_struct;
struct fs_struct;
struct tty_struct;

/*
 * What restart_syscall (0) goes on with after a call that returned
 * ERESTART_RESTARTBLOCK was interrupted by a signal that ran no handler:
 * fn, with the rest.  A relative nanosleep goes on to its deadline
 * (kernel/sys_time.c), a timed FUTEX_WAIT to its own (kernel/futex.c), so
 * neither starts its time again.  armed is 0 when there is nothing to go
 * on with: restart_syscall fails EINTR.
 */
struct restart_block {
	int armed;
	long (*fn)(struct restart_block *rb);
	int clock;
	uint64_t deadline;	/* ns on clock (FUTEX_WAIT: ktime_ns) */
	void *urem;		/* where the time left goes if it is cut short */
	int is64;		/* urem is a timespec64 */
	uint32_t uaddr, val, bitset;	/* FUTEX_WAIT's word, value and bitset */
	int shared;			/* and its kind of key */
};

struct sem_undo_list;

/* System V semaphores: the SEM_UNDO records exit applies (ipc/sem.c). */
struct sysv_sem {
	struct sem_undo_list *undo_list;	/* shared after clone(CLONE_SYSVSEM) */
};

#define TIME_SLICE	5	/* ticks a task runs before another's turn */

struct task {
	/* The user's x87/SSE registers while the task is switched out (fxsave). */
	uint8_t fpu[512] __attribute__((aligned(16)));
	int pid;		/* the thread's id (gettid); its process's is tgid */
	uint32_t flags;		/* PF_KTHREAD */
	int tgid;		/* the thread group's: its leader's pid (getpid) */
	enum task_state state;
	char comm[TASK_COMM_LEN];
	struct task *parent;
	int exit_code;		/* wait status, encoded as Linux does */
	int exit_signal;	/* sent to the parent at exit: SIGCHLD, or clone's; -1 a thread */
	int pgrp, session;
	/*
	 * The session's controlling terminal, or NULL (Linux's signal->tty):
	 * set for the session leader when it gets one, copied by fork, and
	 * cleared in every member when the session loses it (drivers/tty_jobctrl.c).
	 */
	struct tty_struct *tty;
	int did_exec;		/* has execve'd since fork: setpgid gives EACCES */
	uint64_t start_time;	/* jiffies at fork: /proc/PID/stat's starttime */
	int nice;		/* -20 to 19: getpriority, setpriority */
	/*
	 * sched_setscheduler's, with SCHED_RESET_ON_FORK (kernel/sys_sched.c):
	 * SCHED_OTHER, SCHED_BATCH and SCHED_IDLE run round robin; SCHED_FIFO
	 * and SCHED_RR at rt_priority (1-99, sched_lock's; 0 for the others)
	 * before all of them (kernel/sched.c's pick_next).
	 */
	int policy;
	int rt_priority;
#define SCHED_OTHER		0
#define SCHED_FIFO		1
#define SCHED_RR		2
#define SCHED_BATCH		3
#define SCHED_IDLE		5
#define SCHED_DEADLINE		6
#define SCHED_RESET_ON_FORK	0x40000000
	int pdeath_signal;	/* sent when the parent dies (PR_SET_PDEATHSIG) */
	int dumpable;		/* PR_SET_DUMPABLE; 0: /proc/PID is root's */
	int no_new_privs;	/* PR_SET_NO_NEW_PRIVS: once set, kept for good */
	int keep_caps;		/* PR_SET_KEEPCAPS (SECURE_KEEP_CAPS): exec clears it */
	uint32_t personality;	/* personality(2)'s value: PER_LINUX 0 and its flags */
	int ioprio;		/* ioprio_set's class << 13 | level; 0: none set */
	struct task *vfork_parent;	/* asleep in vfork until we exec or exit */

	struct mm_struct *mm;
	struct cgroup *cgroup;	/* its control group, referenced; NULL: the root (kernel/cgroup.c) */
	struct cgroup *memcg_reclaim;	/* while it reclaims for a memory cgroup: that group (mm/memcontrol.c) */
	void *kstack;		/* THREAD_SIZE bytes; the trapframe sits at its top */
	struct trapframe *tf;
	struct context *context;
	uint64_t tls[GDT_TLS_ENTRIES];	/* set_thread_area's descriptors */
	uint32_t clear_child_tid;	/* set_tid_address */
	uint32_t robust_list;		/* set_robust_list's head, or 0 */

	/* sched_lock's: what the timer and the tty look at and change */
	const void *chan;	/* what a sleeping task waits for */
	uint64_t timeout;	/* jiffies at which a timed sleep ends, or 0 */
	int ticks_left;		/* of the time slice, TIME_SLICE at each switch */
	int has_cpu;		/* a CPU runs it (or is switching it out) */
	int processor;		/* the CPU it runs or last ran on */
	uint32_t cpus_allowed;	/* the CPUs it may run on (sched_setaffinity) */
	/* The big kernel lock's depth: -1 when it does not hold it (kernel/smp_lock.c). */
	int lock_depth;

	/* pending, sig_blocked, sig_real_blocked, jobctl: sched_lock's */
	struct sigpending pending;	/* sent to this thread: tkill, faults, SIGKILL */
	int sigpending;		/* up: look at the sets (signal_pending) */
	uint64_t sig_blocked;
	int jobctl;			/* JOBCTL_STOP_PENDING: to join a group stop */
	uint64_t sig_real_blocked;	/* sig_blocked while rt_sigtimedwait waits */
	/*
	 * sigsuspend, ppoll and pselect6 wait with a temporary mask; the
	 * caller's own waits here until do_signal has put it in a handler's
	 * frame (sigreturn restores it) or back in sig_blocked.  Only the
	 * task itself touches these two: no lock.
	 */
	uint64_t saved_sigmask;
	/*
	 * Work for the way back to user mode besides signals, one word that
	 * return_to_user tests once (Linux's TIF_NOTIFY_RESUME beside the
	 * restored mask).  rseq_resume is set by the task itself, or by the
	 * scheduler as it switches the task in, before it runs.
	 */
	union {
		uint32_t resume_work;
		struct {
			uint8_t restore_sigmask;	/* saved_sigmask is to be restored */
			uint8_t rseq_resume;	/* rseq's fields to update (kernel/rseq.c) */
		};
	};
	/* rseq(2): the thread's struct rseq in user memory (0: none), its abort signature, the CPU it says */
	uint32_t rseq;
	uint32_t rseq_sig;
	int rseq_cpu;
	uint32_t syscall_nr;	/* the call in progress, to restart it */
	/*
	 * SYSCALL_WORK_*: what the call path does besides the call, the one
	 * test of syscall() for it (kernel/syscall.c): the kernel's tracer
	 * (trace=syscall), ptrace's syscall stops.
	 */
	uint32_t syscall_work;
	/*
	 * The files the call in progress took from a descriptor table that
	 * other threads share, each with a reference, so that a thread's close
	 * cannot free one under the call's sleep (fget, fs/file.c); syscall()
	 * lets go of them at the call's end (fput_call_files).
	 */
	struct file *call_files[CALL_FILES];
	int nr_call_files;
	struct sighand_struct *sighand;
	struct signal_struct *signal;
	struct restart_block restart_block;	/* for restart_syscall */
	uint32_t sas_ss_sp, sas_ss_size, sas_ss_flags;	/* sigaltstack */
	/* The last user exception, for the signal frame's sigcontext. */
	uint32_t trap_nr, error_code, cr2;

	uint64_t reclaim_short_until;	/* jiffies: do_try_to_free_pages's back-off */
	struct task_usage usage;	/* its own */
	struct task_usage cusage;	/* its reaped children's, theirs included */
	struct task_io_accounting ioac;	/* its own read and write calls */
	struct itimer itimer[3];	/* ITIMER_REAL, _VIRTUAL, _PROF: sched_lock's */
	struct hrtimer_sleeper real_timer;	/* queued while ITIMER_REAL is armed */

	uint32_t uid, euid, suid, gid, egid, sgid;
	uint32_t groups[NGROUPS];	/* supplementary groups */
	int ngroups;

	struct sysv_sem sysvsem;

	struct files_struct *files;
	struct fs_struct *fs;		/* cwd, root (chroot's), umask */
	struct nsproxy *nsproxy;	/* its namespaces (kernel/nsproxy.h); NULL once exited */
	/* The program exec loaded and its directory (/proc/PID/exe), referenced */
	struct inode *exe, *exe_dir;

	struct rlimit rlim[RLIM_NLIMITS];	/* kernel/resource.h */

	/*
	 * ptrace (kernel/ptrace.c), sched_lock's.  The tracer is a thread,
	 * Linux's task->parent while traced (parent stays the real one); its
	 * process's waits report our stops.  ptrace_code is the stop to
	 * report (a wait's status >> 8) until a wait does, then the signal
	 * the tracer resumes us with; ptrace_signo and ptrace_info are the
	 * stop's siginfo for PTRACE_GETSIGINFO (0: a group stop, none).
	 */
	struct task *ptracer;		/* NULL: not traced */
	uint32_t ptrace_options;	/* PTRACE_O_* */
	int ptrace_code;
	uint32_t ptrace_message;	/* PTRACE_GETEVENTMSG's */
	int ptrace_signo;
	struct ksiginfo ptrace_info;

	/*
	 * The debug registers a tracer gave us (kernel/hw_breakpoint.c):
	 * DR0-DR3's addresses, the DR7 it wrote (ptrace_dr7, read back as
	 * written), the DR6 it reads (Linux's virtual_dr6, bits set for what
	 * trapped), each slot's type and length (bp_info, 0: no breakpoint),
	 * and debugreg7, what the CPU's DR7 holds while we run.  debugreg7 is
	 * 0 for a task without them, the common case: a switch between two
	 * such tasks loads no debug register.
	 */
	uint32_t debugreg[4], ptrace_dr7, virtual_dr6, debugreg7;
	uint8_t bp_info[4];
};

/* task->syscall_work */
#define SYSCALL_WORK_STRACE	0x01	/* trace=syscall prints the call */
#define SYSCALL_WORK_PTRACE	0x02	/* PTRACE_SYSCALL: stop at entry and exit */
/*
 * PTRACE_SINGLESTEP: the step over an int $0x80 traps at the call's exit.
 * The gate clears the trap flag and the iret sets it again, so the CPU's
 * own trap would come one instruction late.
 */
#define SYSCALL_WORK_SYSCALL_EXIT_TRAP	0x04
/*
 * PTRACE_SYSEMU: stop at each call's entry, and skip the call (eax the
 * tracer's answer, -ENOSYS if it gives none): no exit stop, no single
 * step's trap after it.  User-mode Linux and emulators run on it.
 */
#define SYSCALL_WORK_SYSEMU	0x08

extern struct task *const tasks;	/* [NR_TASKS], mm/kstack.c maps it */
extern int max_threads;		/* /proc/sys/kernel/threads-max (kernel/fork.c) */
DECLARE_PER_CPU(struct task *, current);
DECLARE_PER_CPU(int, need_resched);
extern int task_hi;		/* slots [0, task_hi) have been used */
extern spinlock_t sched_lock;

#define for_each_task(t) \
	for (struct task *t = tasks; t < tasks + task_hi; t++) \
		if (t->state != TASK_UNUSED)

/* The processes: each thread group once, by its leader (whose pid is the tgid). */
#define for_each_process(t) \
	for_each_task(t) \
		if (t->pid == t->tgid)

/* The threads of t's group, t's own included. */
#define for_each_thread(g, t) \
	for_each_task(t) \
		if (t->tgid == (g)->tgid)

static inline int thread_group_leader(const struct task *t)
{
	return t->pid == t->tgid;
}

void sched_init(void);
void sched_init_secondary(int cpu, void *kstack);
void schedule(void);
void yield(void);
void cond_resched(void);
void sched_idle(void) __attribute__((noreturn));
int sleep_on(const void *chan, spinlock_t *lock, uint64_t timeout);
int sleep_on_interruptible(const void *chan);
int sleep_on_killable(const void *chan, spinlock_t *lock, uint64_t timeout);
void sleep_on_uninterruptible(const void *chan, spinlock_t *lock);
void wakeup(const void *chan);
void __wakeup(const void *chan);	/* sched_lock held */
void wakeup_task(struct task *t, const void *chan);	/* t only, if it sleeps on chan */
void wake_task(struct task *t);		/* sched_lock held */
extern int nr_rt_tasks;			/* of a real-time policy, not exited: sched_lock's */
int sched_rt_tick(void);		/* an RT task's tick: 1 if its slice is not over */
void preempt_for_rt(struct task *t);	/* t, real-time, may run: a CPU is told; sched_lock held */
extern int sysctl_sched_rt_runtime, sysctl_sched_rt_period;	/* us */
void resched_idle_cpu(struct task *t);	/* sched_lock held */
void resched_cpu(int cpu);
void kick_process(struct task *t);	/* sched_lock held */
void set_task_state(struct task *t, enum task_state state);
struct task *find_task(int pid);
int pid_in_use(int pid);
struct task *alloc_task(void);
void free_task(struct task *t);
void task_switch_in(struct task *t);
void task_init_context(struct task *t);
void schedule_tail(void);		/* a new task's first switch ends */
/* kernel/kthread.c */
struct task *kernel_thread(void (*fn)(void), const char *name);
void kthread_start(void);		/* a kernel thread's first call */
void swtch(struct context **old, struct context *new);
void call_on_stack(void (*fn)(void), void *top) __attribute__((noreturn));
void fpu_init(void);
void fpu_reset(void);

/* Interval timers and resource usage (kernel/itimer.c, kernel/sys_info.c). */
void itimer_tick(struct task *t);		/* sched_lock held */
void __exit_itimers(struct task *t);		/* sched_lock held */
/* kernel/posix_timers.c */
void posix_timer_tick(struct task *t);		/* a process's leader; sched_lock held */
void exit_itimers(struct signal_struct *sig);
void posix_timer_delivered(struct ksiginfo *info);	/* sched_lock held */
void add_usage(struct task_usage *sum, const struct task_usage *u);
int put_rusage(void *uru, const struct task_usage *u);

void do_exit(int status) __attribute__((noreturn));
void do_group_exit(int status) __attribute__((noreturn));
int group_exit_status(const struct task *leader);
void do_notify_parent(struct task *leader);
/* kernel/wait.c: a traced thread's zombie goes, reaped by its tracer or let go. */
void release_thread_zombie(struct task *t);
void schedule_dead(void) __attribute__((noreturn));
int is_current_pgrp_orphaned(void);
void complete_vfork_done(struct task *t);
void fork_init(void);
void exit_mm_release(struct task *t, struct mm_struct *mm);
int count_tasks(void);
int last_pid_nr(void);
uint32_t get_wchan(struct task *t);	/* where t sleeps: a kernel text address, or 0 */
int in_group_p(uint32_t gid);	/* the effective or a supplementary group */

#endif
