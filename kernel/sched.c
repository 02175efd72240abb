/*
 * The task table, the scheduler, and sleep/wakeup.
 *
 * Who may run when (docs/concurrency.md says it at length, docs/smp.md
 * for several CPUs):
 *
 *  - Tasks run on every CPU, from one run queue: the task table, whose
 *    TASK_RUNNING tasks any CPU may pick (those their cpus_allowed lets it),
 *    under sched_lock (Linux 2.2's runqueue_lock).  A CPU with nothing to
 *    run runs its idle task, which halts until an interrupt.  A task of a
 *    real-time policy (SCHED_FIFO, SCHED_RR) runs before every other: the
 *    highest rt_priority first (pick_next_rt), but for RT throttling.
 *  - User code runs on all CPUs at once; kernel code on one at a time: a
 *    task takes the big kernel lock (kernel_flag, kernel/smp_lock.c) when
 *    it enters the kernel from user mode and lets go when it goes back,
 *    and schedule() lets go of it while the task is switched out.  So the
 *    kernel, written for one CPU, stays right: between two scheduling
 *    points a task in the kernel runs alone among tasks, and what only
 *    tasks touch needs no other lock: the file tree, address spaces, shm
 *    segments...  The kernel is not preemptive: a task in the kernel keeps
 *    its CPU until it sleeps (sleep_on), yields, exits, or passes a
 *    cond_resched() point after the timer has ended its slice.
 *  - System calls and page faults run with interrupts on (kernel/trap.c),
 *    so the timer, keyboard and serial handlers may cut in anywhere; they
 *    take no big lock.  A handler runs with interrupts off, never nests,
 *    and never switches tasks; a task it interrupted in user mode is
 *    switched on the way back if its slice is over (need_resched).
 *  - What a handler touches is guarded by a spin lock taken with interrupts
 *    off (kernel/spinlock.h).  sched_lock guards, in every task, what the
 *    timers and the tty change: state, chan, timeout, ticks_left, has_cpu,
 *    the signal state (pending, sig_blocked) and the itimers;
 *    and the table's slots.  Reading one word needs no lock where a stale
 *    value does no harm (ps reading another task's state).
 *  - schedule() runs with sched_lock held and interrupts off.  The lock goes
 *    with the switch to the next task, which lets go of it where it resumes:
 *    in its own schedule(), or in forkret if it is new.  Each task's
 *    interrupt flag is saved on its own stack and comes back with it.  No
 *    other CPU can pick a task while its switch is under way.
 *  - No wakeup is lost: a sleeper tests its condition and marks itself
 *    asleep under the lock that guards the condition (with interrupts off),
 *    or under the big lock for what only tasks change; either lock is let
 *    go only once the task is marked asleep (sleep_on).
 */
#include "kernel/task.h"
#include "kernel/nsproxy.h"
#include "drivers/blkdev.h"
#include "drivers/tty.h"
#include "kernel/apic.h"
#include "kernel/errno.h"
#include "fs/file.h"
#include "kernel/gdt.h"
#include "kernel/kstat.h"
#include "kernel/lockdep.h"
#include "kernel/oops.h"
#include "kernel/pidfd.h"
#include "kernel/ptrace.h"
#include "kernel/signal.h"
#include "kernel/smp.h"
#include "kernel/smp_lock.h"
#include "kernel/strace.h"
#include "kernel/string.h"
#include "kernel/time.h"
#include "kernel/x86.h"
#include "mm/kstack.h"
#include "mm/mm.h"

/* tasks[0] is cpu0's idle, the boot thread; mm/kstack.c maps the table. */
struct task *const tasks = (struct task *)TASK_TABLE_BASE;
DEFINE_PER_CPU(struct task *, current);	/* the task this CPU runs */
DEFINE_PER_CPU(int, need_resched);	/* its slice is over: switch when you can */
int task_hi = 1;
static struct task idle_tasks[NR_CPUS];	/* the other CPUs' idle tasks */
static int last_pid;
DEFINE_SPINLOCK(sched_lock);

_Static_assert(NR_TASKS <= KSTACK_SLOTS, "a kernel stack slot for every task");
_Static_assert(NR_TASKS * sizeof(struct task) <= TASK_TABLE_END - TASK_TABLE_BASE,
	       "room for the task table");

void task_switch_in(struct task *t)
{
	tss_set_esp0((uint32_t)t->kstack + THREAD_SIZE);
	load_tls(t->tls);
	switch_pgd(t->mm ? t->mm->pgd : swapper_pg_dir);
}

/*
 * Whether this CPU may run t: t is ready, no other CPU runs it (has_cpu),
 * and its affinity allows this CPU.  sched_lock held.
 */
static int can_run_here(const struct task *t, int cpu)
{
	return t->state == TASK_RUNNING && (!t->has_cpu || t == current) &&
	       (t->cpus_allowed & (1u << cpu));
}

/*
 * Real-time scheduling (Linux's rt class, on the one run queue): a task of
 * SCHED_FIFO or SCHED_RR runs before every task of the others, the highest
 * rt_priority first; among equals, round robin in the table's order.  A
 * FIFO task has no time slice: it runs until it blocks, yields, or a higher
 * one wakes (wake_task's preempt_for_rt tells a CPU running a lower task to
 * switch); an RR task's slice is RR_TIMESLICE.  The kernel is not
 * preemptive: the switch comes at the preempted task's next return to user
 * mode or cond_resched().  nr_rt_tasks keeps the usual case (none) to one
 * test in pick_next and the tick.
 *
 * RT throttling (Linux's /proc/sys/kernel/sched_rt_runtime_us of
 * sched_rt_period_us): in each second of a CPU, real-time tasks may take
 * 950 ms; past that they are picked as normal tasks, with normal slices,
 * until the second ends, so a spinning one cannot keep a shell or the
 * kernel's threads from running.  -1 turns it off.  Per CPU, counted in
 * ticks.
 */
#define RR_TIMESLICE	(HZ / 10)	/* ticks: 100 ms, as Linux's */

int nr_rt_tasks;
int sysctl_sched_rt_runtime = 950000, sysctl_sched_rt_period = 1000000;
static DEFINE_PER_CPU(int, rt_ticks);		/* RT ticks in this period */
static DEFINE_PER_CPU(int, rt_period_ticks);	/* ticks of this period */
static DEFINE_PER_CPU(int, rt_throttled);

/*
 * The tick while there are real-time tasks, sched_lock held: the period
 * and the throttle, then the slice of a real-time current, which ends
 * after RR_TIMESLICE ticks for SCHED_RR, never for SCHED_FIFO (ticks_left
 * starts at TIME_SLICE at each switch).  1: the tick's slice is handled.
 */
int sched_rt_tick(void)
{
	int period = sysctl_sched_rt_period / (1000000 / HZ);

	if (++rt_period_ticks >= period) {
		rt_period_ticks = rt_ticks = 0;
		if (rt_throttled)
			need_resched = 1;	/* the RT tasks come first again */
		rt_throttled = 0;
	}
	if (!current->rt_priority || rt_throttled)
		return 0;
	if (sysctl_sched_rt_runtime >= 0 &&
	    ++rt_ticks >= sysctl_sched_rt_runtime / (1000000 / HZ)) {
		rt_throttled = 1;
		need_resched = 1;
		return 1;
	}
	if ((current->policy & ~SCHED_RESET_ON_FORK) == SCHED_RR &&
	    --current->ticks_left <= TIME_SLICE - RR_TIMESLICE)
		need_resched = 1;
	return 1;
}

/*
 * The runnable real-time task of the highest priority this CPU may run, or
 * NULL.  Out of line: __schedule's frame stays as small as without it.
 */
static __attribute__((noinline)) struct task *pick_next_rt(int cpu, struct task *t)
{
	struct task *best = NULL;

	for (int i = 0; i < task_hi; i++) {
		if (++t >= tasks + task_hi)
			t = tasks + 1;
		if (t->rt_priority > (best ? best->rt_priority : 0) && can_run_here(t, cpu))
			best = t;
	}
	return best;
}

/*
 * t, real-time, has become runnable or higher: a CPU it may run on whose
 * task is lower is told to switch, an idle one first, else the one whose
 * task is the lowest.  sched_lock held.
 */
void preempt_for_rt(struct task *t)
{
	int self = smp_processor_id(), best = -1, lowest = t->rt_priority;

	for (int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct task *c = per_cpu(current, cpu);

		if (!cpu_data[cpu].online || !(t->cpus_allowed & (1u << cpu)) ||
		    per_cpu(rt_throttled, cpu))
			continue;
		if (c == cpu_data[cpu].idle) {
			best = cpu;
			break;
		}
		if (c->rt_priority < lowest) {
			best = cpu;
			lowest = c->rt_priority;
		}
	}
	if (best == self)
		need_resched = 1;
	else if (best >= 0)
		resched_cpu(best);
}

/*
 * A real-time task if one may run here, else round robin over the table
 * after current (from the start for an idle task); this CPU's idle task
 * when nobody is ready.  sched_lock held.
 */
static struct task *pick_next(void)
{
	int cpu = smp_processor_id();
	struct task *t = current >= tasks && current < tasks + NR_TASKS ?
			 current : tasks, *rt;

	if (nr_rt_tasks && !rt_throttled && (rt = pick_next_rt(cpu, t)))
		return rt;
	for (int i = 0; i < task_hi; i++) {
		if (++t >= tasks + task_hi)
			t = tasks + 1;
		if (can_run_here(t, cpu))
			return t;
	}
	return cpu_data[cpu].idle;
}

/*
 * A thread that has exited (schedule_dead), whose slot and kernel stack
 * are freed by the next task to run on its CPU: it cannot free the stack
 * it runs on.
 */
static DEFINE_PER_CPU(struct task *, dead_task);

/* After a switch, on the new task's stack; sched_lock held. */
static void finish_task_switch(void)
{
	struct task *t = dead_task;

	if (t) {
		dead_task = NULL;
		release_signals(t);
		free_thread_stack(t - tasks);
		t->state = TASK_UNUSED;
	}
}

/*
 * Switches to the next runnable task (xv6's sched).  sched_lock is held,
 * and no other spin lock: the next task lets go of it.  Interrupts are off,
 * so no handler sees current and the stack disagree.  The big kernel lock,
 * if prev holds it, is let go here, once prev is marked asleep: whoever
 * takes it next sees the sleeper asleep and may wake it.  prev takes it
 * back once it runs again (reacquire_kernel_lock, after sched_lock).
 */
static void __schedule(void)
{
	struct task *prev = current, *next = pick_next();
	int cpu = smp_processor_id();

	if (locks_held != 1 || !spin_is_locked(&sched_lock) ||
	    (read_eflags() & FL_IF)) {
		if (lockdep_enabled)
			lockdep_show_held();	/* the lock slept with, and where */
		panic("schedule: %d locks held, interrupts %s", locks_held,
		      (read_eflags() & FL_IF) ? "on" : "off");
	}
	need_resched = 0;
	next->ticks_left = TIME_SLICE;
	if (next == prev)
		return;
	kstat.ctxt++;
	if (prev->state == TASK_RUNNING)	/* its slice is over, or it yields */
		prev->usage.nivcsw++;
	else
		prev->usage.nvcsw++;
	/*
	 * The kernel never touches the FPU, so its registers are prev's.  They
	 * are saved at every switch (no lazy FPU switching): a task may go on
	 * on another CPU, whose registers would not be its.
	 */
	asm volatile("fxsave %0" : "=m"(prev->fpu));
	release_kernel_lock(prev);
	task_switch_in(next);
	if (prev->debugreg7 | next->debugreg7)	/* a tracer's breakpoints: rare */
		switch_debugregs(next);
	prev->has_cpu = 0;	/* no CPU can pick it before sched_lock is let go */
	next->has_cpu = 1;
	next->processor = cpu;
	if (next->rseq && next->rseq_cpu != cpu)
		next->rseq_resume = 1;	/* its struct rseq names another CPU */
	current = next;
	swtch(&prev->context, next->context);
	asm volatile("fxrstor %0" : : "m"(current->fpu));
	finish_task_switch();
}

/* An exited thread switches away for good; the next task frees its slot. */
void schedule_dead(void)
{
	local_irq_save();	/* for good: it never comes back to restore them */
	spin_lock(&sched_lock);
	dead_task = current;
	__schedule();
	panic("dead thread %d ran again", dead_task->pid);
}

void schedule(void)
{
	uint32_t flags;

	spin_lock_irqsave(&sched_lock, flags);
	__schedule();
	spin_unlock_irqrestore(&sched_lock, flags);
	reacquire_kernel_lock();
}

/*
 * What a new task does first, where its first switch lands, holding
 * sched_lock as every switch does (Linux's schedule_tail): the end of
 * __schedule's work, which the switch did not come back to.  Interrupts
 * stay off: the caller decides when they go on.
 */
void schedule_tail(void)
{
	finish_task_switch();
	spin_unlock(&sched_lock);
}

/*
 * Where a forked task's first switch lands (task_init_context).  Its
 * registers are the ones its creator saved for it; trapret, which it
 * returns to, goes to user mode with the interrupt flag of its trapframe.
 * What is pending for it already (its process's signals for a thread, a
 * traced child's SIGSTOP) it takes first, on the way every return to user
 * mode takes (Linux's ret_from_fork): a child that would exit at once
 * still makes its first ptrace stop.
 */
static void forkret(void)
{
	asm volatile("fxrstor %0" : : "m"(current->fpu));
	schedule_tail();
	if (current->sigpending)
		ret_from_fork_to_user(current->tf);
}

/*
 * Makes t's first switch go to forkret and from there to trapret, which
 * pops the trapframe at the top of t's kernel stack.  t starts with the x87
 * and SSE registers its creator has now: fork's parent's, or for init the
 * clean set exec has just loaded.
 */
void task_init_context(struct task *t)
{
	uint32_t *sp = (uint32_t *)t->tf;

	*--sp = (uint32_t)trapret;		/* where forkret returns */
	t->context = (struct context *)sp - 1;
	memset(t->context, 0, sizeof(*t->context));
	t->context->eip = (uint32_t)forkret;
	asm volatile("fxsave %0" : "=m"(t->fpu));
}

static uint8_t clean_fpu[512] __attribute__((aligned(16)));

/*
 * User programs use x87 and SSE (glibc does): turn SSE on (CR4.OSFXSR), make
 * FPU errors exceptions (CR0.NE), and keep a clean register image for exec.
 */
void fpu_init(void)
{
	uint32_t cr0, cr4;

	asm volatile("mov %%cr0, %0" : "=r"(cr0));
	cr0 = (cr0 & ~0x4u) | 0x2u | 0x20u;	/* no EM; MP, NE */
	asm volatile("mov %0, %%cr0" : : "r"(cr0));
	asm volatile("mov %%cr4, %0" : "=r"(cr4));
	cr4 |= 0x600;				/* OSFXSR, OSXMMEXCPT */
	asm volatile("mov %0, %%cr4" : : "r"(cr4));
	asm volatile("fninit; fxsave %0" : "=m"(clean_fpu));
}

/* execve: the new program starts with clean x87/SSE registers. */
void fpu_reset(void)
{
	asm volatile("fxrstor %0" : : "m"(clean_fpu));
}

void yield(void)
{
	schedule();
}

/*
 * Whether a task that may run meanwhile shares current's address space
 * (clone's CLONE_VM).  A vfork parent does not count: it sleeps until
 * this task execs or exits, and SIGKILL only ends it.
 */
static int mm_shared(void)
{
	struct mm_struct *mm = current->mm;
	struct task *p = current->vfork_parent;

	return mm && mm->mm_users - (p && p->mm == mm) > 1;
}

/*
 * A point in long kernel work where the task may give the CPU away, as
 * Linux's cond_resched: if the timer has ended its slice, the others run
 * now and it goes on when its turn comes back.  Only where the work's data
 * is consistent and no lock is held.
 *
 * Not while another task shares the address space: mm/ holds pointers into
 * the VMA list across its cond_resched points (do_munmap's place in the
 * list, shmdt's next VMA, the hole MAP_FIXED has just made), which the
 * other could free or fill meanwhile.  Linux holds mmap_lock across such
 * work instead; shmos has no sleeping locks, so that task's long calls run
 * to their end (docs/concurrency.md).
 */
void cond_resched(void)
{
	if (locks_held) {
		if (lockdep_enabled)
			lockdep_show_held();
		panic("cond_resched with %d spin locks held", locks_held);
	}
	if (need_resched && !mm_shared())
		schedule();
}

/*
 * An idle CPU, when there are several, watches for work for IDLE_POLL_US
 * before it halts (Linux's poll_idle, the cpuidle POLL state).  Under QEMU
 * a halted CPU is a host thread asleep, which the host takes tens of
 * microseconds or more to wake: a ping-pong between two CPUs (a futex or
 * semop wake every few microseconds) would pay that at every turn.  While
 * it polls, idle_state is IDLE_POLLING and a waker on another CPU only
 * adds IDLE_WOKEN (wake_polling_cpu) and sends no IPI.  One CPU alone has
 * nobody to wake it but its own interrupts, which end a hlt at once: it
 * halts as before.
 */
#define IDLE_POLL_US	200
enum { IDLE_POLLING = 1, IDLE_WOKEN = 2 };
static DEFINE_PER_CPU(int, idle_state);

/* From a waker, sched_lock held: 1 if cpu polls and has now been told. */
static int wake_polling_cpu(int cpu)
{
	int polling = IDLE_POLLING;

	return __atomic_compare_exchange_n(&per_cpu(idle_state, cpu), &polling,
					   IDLE_POLLING | IDLE_WOKEN, 0,
					   __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
}

/*
 * Interrupts on, and off again when it returns: 1 if work came (a waker's
 * IDLE_WOKEN, or need_resched from an interrupt here), 0 if the time ran
 * out and the CPU may halt.  The exchange that ends the poll decides: a
 * waker whose compare-and-exchange comes after it finds 0 and sends an
 * IPI, which the hlt that follows takes.
 */
static int idle_poll(void)
{
	int *state = &per_cpu(idle_state, smp_processor_id());
	uint64_t start = rdtsc();
	uint64_t budget = tsc_per_tick * IDLE_POLL_US / (1000000 / HZ);

	__atomic_store_n(state, IDLE_POLLING, __ATOMIC_SEQ_CST);
	sti();
	while (__atomic_load_n(state, __ATOMIC_RELAXED) == IDLE_POLLING &&
	       !need_resched && rdtsc() - start < budget)
		cpu_relax();
	cli();
	return (__atomic_exchange_n(state, 0, __ATOMIC_SEQ_CST) & IDLE_WOKEN) ||
	       need_resched;
}

/*
 * A CPU's idle task: wait for an interrupt to make work.  sti takes effect
 * after the next instruction, so no interrupt can come between the look
 * for work and the hlt: none is missed, a reschedule IPI from a CPU that
 * has just woken a task included.  On a one-CPU machine it polls instead
 * while a disk works (see blk_busy).  With several CPUs it halts: CPUs that
 * polled took the host's cores from the CPU holding the lock the others
 * waited for and from QEMU's disk emulation, and a swap-bound program ran
 * six times slower on 4 CPUs than on 1 (docs/swap.md, "Speed").
 */
static void __attribute__((noreturn)) idle_loop(void)
{
	cli();
	for (;;) {
		schedule();
		if (lockdep_enabled)
			lockdep_report();
		if (nr_cpu_ids > 1 && idle_poll())
			continue;
		sti();
		if (nr_cpu_ids == 1 && blk_busy())
			cpu_relax();	/* a disk is working: its interrupt is near */
		else
			hlt();
		cli();
	}
}

/*
 * The boot thread becomes idle, task 0.  Its kernel stack is slot 0 of the
 * kernel stack area, with a guard like every other; kmain moves onto it.
 */
/* An idle task for cpu, on kstack; it becomes the CPU's current. */
static void init_idle(struct task *t, int cpu, void *kstack)
{
	t->state = TASK_RUNNING;
	t->kstack = kstack;
	t->lock_depth = -1;
	t->has_cpu = 1;
	t->processor = cpu;
	t->cpus_allowed = CPU_MASK_ALL;	/* what the tasks it makes inherit */
	strlcpy(t->comm, "idle", TASK_COMM_LEN);
	t->files = &init_files;
	t->fs = &init_fs;
	t->nsproxy = get_nsproxy(&init_nsproxy);
	t->sighand = &init_sighand;
	t->signal = &init_signal;
	memcpy(t->rlim, init_rlimits, sizeof(t->rlim));	/* for ktest */
	cpu_data[cpu].idle = t;
	per_cpu(current, cpu) = t;
}

/*
 * The boot thread becomes cpu0's idle, task 0.  Its kernel stack is slot 0
 * of the kernel stack area, with a guard like every other; kmain moves
 * onto it.
 */
void sched_init(void)
{
	void *kstack;

	if (task_table_grow(TASK_TABLE_BOOT * sizeof(struct task)))
		panic("no memory for the task table; give QEMU more (-m)");
	if (!(kstack = alloc_thread_stack(0)))
		panic("no memory for idle's kernel stack; give QEMU more (-m)");
	init_idle(&tasks[0], 0, kstack);
}

/* An AP's idle task, outside the table (no pid, never picked), on its boot stack. */
void sched_init_secondary(int cpu, void *kstack)
{
	init_idle(&idle_tasks[cpu], cpu, kstack);
}

void sched_idle(void)
{
	idle_loop();
}

/*
 * What ends a sleep early, tested under sched_lock, where senders set it:
 * any signal the task does not block, for a killable sleep SIGKILL only,
 * and for an uninterruptible one nothing.
 */
enum { SLEEP_SIGNAL, SLEEP_KILLABLE, SLEEP_UNINTERRUPTIBLE };

static int sleep_interrupted(int how)
{
	if (how == SLEEP_UNINTERRUPTIBLE)
		return 0;
	if (how == SLEEP_KILLABLE)
		return fatal_signal_pending(current);
	return signal_pending(current);
}

/*
 * Sleeps on chan until wakeup(chan), a signal, or (if timeout is not 0)
 * the tick timeout; 0, or -EINTR if a signal is pending.  lock, if not
 * NULL, guards the caller's condition: the caller tested it holding lock
 * with interrupts off, and lock is let go only once the task is marked
 * asleep (under sched_lock), then taken again before returning.  So a
 * wakeup that makes the condition true cannot fall between the test and
 * the sleep (xv6's sleep).  lock may be sched_lock itself.  The caller
 * tests its condition again when it returns.  In line in its three
 * callers, each with its own how: a futex or semop sleep makes one call
 * fewer, and tests only what ends its kind of sleep.
 */
static inline __attribute__((always_inline)) int __sleep_on(const void *chan,
		spinlock_t *lock, uint64_t timeout, int how)
{
	uint32_t flags = 0;
	int err = 0;

	if (lock != &sched_lock) {
		spin_lock_irqsave(&sched_lock, flags);
		if (lock)
			spin_unlock(lock);
	}
	if (sleep_interrupted(how)) {
		err = -EINTR;
	} else if (!timeout || get_jiffies_64() < timeout) {
		current->chan = chan;
		current->timeout = timeout;
		current->state = how == SLEEP_UNINTERRUPTIBLE ?
			TASK_UNINTERRUPTIBLE : TASK_INTERRUPTIBLE;
		__schedule();
		current->chan = NULL;
		current->timeout = 0;
		if (sleep_interrupted(how))
			err = -EINTR;
	}
	/* The big kernel lock is outermost: taken back before any spin lock. */
	if (lock == &sched_lock) {
		spin_unlock(&sched_lock);
		reacquire_kernel_lock();
		spin_lock(&sched_lock);
	} else {
		spin_unlock_irqrestore(&sched_lock, flags);
		reacquire_kernel_lock();
		if (lock)
			spin_lock(lock);
	}
	return err;
}

int sleep_on(const void *chan, spinlock_t *lock, uint64_t timeout)
{
	return __sleep_on(chan, lock, timeout, SLEEP_SIGNAL);
}

/*
 * Linux's TASK_KILLABLE sleep, with sleep_on's arguments and rules: only
 * SIGKILL ends it early (-EINTR).  Any other signal wakes the task too, but
 * stays pending for its return to user mode; the caller's loop, which
 * tests its own condition, puts it back to sleep.
 */
int sleep_on_killable(const void *chan, spinlock_t *lock, uint64_t timeout)
{
	return __sleep_on(chan, lock, timeout, SLEEP_KILLABLE);
}

/*
 * Linux's TASK_UNINTERRUPTIBLE sleep ("D" in ps): no signal ends it, only
 * wakeup(chan).  For waits that must not be abandoned half way, such as a
 * disk transfer into the sleeper's own memory (drivers/blkdev.c).
 */
void sleep_on_uninterruptible(const void *chan, spinlock_t *lock)
{
	__sleep_on(chan, lock, 0, SLEEP_UNINTERRUPTIBLE);
}

/* For conditions that only tasks change (pipes, children): no lock needed. */
int sleep_on_interruptible(const void *chan)
{
	return sleep_on(chan, NULL, 0);
}

/*
 * resched_idle_cpu's work when there are several CPUs; out of line, so
 * that one CPU's wakeups pay a compare and no frame for it.
 */
static __attribute__((noinline)) void resched_idle_cpu_smp(struct task *t)
{
	int self = smp_processor_id();

	if (current == cpu_data[self].idle && (t->cpus_allowed & (1u << self))) {
		need_resched = 1;	/* for idle_poll */
		return;
	}
	for (int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		if (cpu != self && cpu_data[cpu].online &&
		    (t->cpus_allowed & (1u << cpu)) &&
		    per_cpu(current, cpu) == cpu_data[cpu].idle) {
			if (!wake_polling_cpu(cpu))
				resched_cpu(cpu);
			return;
		}
	}
}

/*
 * t has become runnable: if it may run on an idle CPU other than this one,
 * that CPU is told to look (a reschedule IPI wakes it from hlt).  An idle
 * CPU that is this one looks anyway when the interrupt that woke t ends.
 * A busy CPU finds t when its slice ends.  sched_lock held.
 */
void resched_idle_cpu(struct task *t)
{
	if (nr_cpu_ids > 1)	/* one CPU: its idle loop calls schedule after each interrupt */
		resched_idle_cpu_smp(t);
}

/*
 * Linux's resched_cpu: cpu is told to switch when it can.  need_resched
 * first, then the IPI, whose interrupt's way back (or the idle loop) sees it.
 */
void resched_cpu(int cpu)
{
	per_cpu(need_resched, cpu) = 1;
	smp_send_reschedule(cpu);
}

/*
 * Linux's kick_process: t has a signal to see, and runs on another CPU, in
 * user mode or on its way there.  That CPU would see it at its next tick;
 * a reschedule IPI makes it take an interrupt now, whose return to user
 * mode takes the signal.  Nothing else: a kick is no reason to switch.
 * sched_lock held (has_cpu and processor stay put).
 */
void kick_process(struct task *t)
{
	if (t->has_cpu && t->processor != smp_processor_id())
		smp_send_reschedule(t->processor);
}

/* Makes a sleeping t runnable; sched_lock held. */
void wake_task(struct task *t)
{
	if (t->state == TASK_INTERRUPTIBLE || t->state == TASK_UNINTERRUPTIBLE) {
		t->state = TASK_RUNNING;
		if (t->rt_priority)
			preempt_for_rt(t);
		else
			resched_idle_cpu(t);
	}
}

/* Every task asleep on chan becomes runnable; sched_lock held. */
void __wakeup(const void *chan)
{
	for_each_task(t)
		if (t->chan == chan)
			wake_task(t);
}

/* From a task or a handler. */
void wakeup(const void *chan)
{
	uint32_t flags;

	spin_lock_irqsave(&sched_lock, flags);
	__wakeup(chan);
	spin_unlock_irqrestore(&sched_lock, flags);
}

/*
 * wakeup() for the one sleeper the caller knows (Linux's wake_up_process):
 * t wakes if it sleeps on chan.  A semaphore or message queue waiter sleeps
 * on its own struct, which its waker holds: no need to look at every task.
 */
void wakeup_task(struct task *t, const void *chan)
{
	uint32_t flags;

	spin_lock_irqsave(&sched_lock, flags);
	if (t->chan == chan)
		wake_task(t);
	spin_unlock_irqrestore(&sched_lock, flags);
}

/* Sets t's state, which the timer and the tty look at: sched_lock's. */
void set_task_state(struct task *t, enum task_state state)
{
	uint32_t flags;

	spin_lock_irqsave(&sched_lock, flags);
	t->state = state;
	if (state == TASK_RUNNING)
		resched_idle_cpu(t);
	spin_unlock_irqrestore(&sched_lock, flags);
}

/* Zombies too (kill(zombie, 0) succeeds), but not a task fork is still making. */
struct task *find_task(int pid)
{
	if (pid <= 0)
		return NULL;
	for_each_task(t)
		if (t->pid == pid && t->state != TASK_NEW)
			return t;
	return NULL;
}

/*
 * A pid is in use while it names a process, a group or a session, the
 * tty's foreground group or session, or a pidfd's process (Linux keeps the
 * struct pid while anything refers to it): a new process must not take it.
 */
int pid_in_use(int pid)
{
	for_each_task(t)
		if (t->pid == pid || t->pgrp == pid || t->session == pid)
			return 1;
	return tty_holds_pid(pid) || pidfd_pins_pid(pid);
}

/*
 * The slot's stack has new frames; other CPUs may still hold translations
 * to its old ones.  Not only a CPU that ran the old task: the futex and
 * semaphore queues link structs that live on their sleepers' kernel
 * stacks, so any CPU walking a queue has touched other tasks' stacks, and
 * keeps those entries until its next switch.  So every other CPU flushes
 * the slot before the stack is used.  At boot (interrupts still off) no
 * other CPU has run a task yet, and a slot at or above task_hi has never
 * had a stack: no CPU holds a translation of it (x86 keeps none of a page
 * not present), so a fork that grows the table costs no shootdown.
 */
static void flush_kstack_others(struct task *t)
{
	uint32_t start = (uint32_t)t->kstack;

	if ((read_eflags() & FL_IF) && t - tasks < task_hi)
		flush_tlb_others(CPU_MASK_ALL, start, start + THREAD_SIZE);
}

/*
 * A free slot with a kernel stack and a fresh pid, or NULL (fork's EAGAIN):
 * the lowest free one below max_threads, the table mapped up to it first.
 * Handlers skip an unused slot, so it is filled before its state says it
 * is taken.
 */
struct task *alloc_task(void)
{
	for (struct task *t = tasks + 1; t < tasks + max_threads; t++) {
		if (t - tasks >= task_hi &&
		    task_table_grow((t - tasks + 1) * sizeof(*t)))
			return NULL;
		if (t->state != TASK_UNUSED)
			continue;
		memset(t, 0, sizeof(*t));
		if (!(t->kstack = alloc_thread_stack(t - tasks)))
			return NULL;
		flush_kstack_others(t);
		do {
			last_pid = last_pid >= PID_MAX - 1 ? 2 : last_pid + 1;
		} while (pid_in_use(last_pid));
		t->pid = t->tgid = last_pid;
		t->dumpable = 1;
		t->lock_depth = -1;
		t->syscall_work = strace_enabled ? SYSCALL_WORK_STRACE : 0;
		t->cpus_allowed = current->cpus_allowed;	/* fork inherits it */
		t->tf = (struct trapframe *)((char *)t->kstack + THREAD_SIZE) - 1;
		if (t - tasks >= task_hi)
			task_hi = t - tasks + 1;
		set_task_state(t, TASK_NEW);	/* not runnable until set up */
		return t;
	}
	return NULL;
}

/*
 * A zombie may still be on its way out of its last switch on another CPU:
 * it let go of the big lock inside __schedule, under sched_lock, which its
 * CPU holds until the switch is done.  Taking sched_lock once waits for
 * that (Linux 2.2's release_task waited for has_cpu so); then its stack
 * is free to go.
 */
void free_task(struct task *t)
{
	uint32_t flags;

	spin_lock_irqsave(&sched_lock, flags);
	spin_unlock_irqrestore(&sched_lock, flags);
	free_thread_stack(t - tasks);
	set_task_state(t, TASK_UNUSED);
}

/*
 * The scheduler's own functions and the sleeps that call it, which a
 * sleeper's wchan looks past (Linux marks its own __sched).
 */
static int in_sched_functions(uint32_t pc)
{
	static const char *const prefixes[] = {
		"__schedule", "schedule", "sleep_on", "cond_resched", "yield",
	};
	uint32_t off;
	const char *name = ksym_lookup(pc, &off);

	for (unsigned i = 0; name && i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strncmp(name, prefixes[i], strlen(prefixes[i])))
			return 1;
	return 0;
}

/*
 * Where task t waits, for /proc/PID/wchan (Linux's get_wchan): the first
 * return address on its stack outside the scheduler, found by the saved
 * %ebp chain from its last switch; 0 when it runs, or the chain leaves
 * its stack.  Under sched_lock, which any switch into t takes: t stays
 * switched out while its stack is read.
 */
uint32_t get_wchan(struct task *t)
{
	uint32_t flags, pc = 0, fp, lo = (uint32_t)t->kstack, hi = lo + THREAD_SIZE;

	spin_lock_irqsave(&sched_lock, flags);
	if (t != current && !t->has_cpu && t->context &&
	    (t->state == TASK_INTERRUPTIBLE || t->state == TASK_UNINTERRUPTIBLE ||
	     t->state == TASK_STOPPED || t->state == TASK_TRACED)) {
		pc = t->context->eip;
		fp = t->context->ebp;
		for (int depth = 0; pc && in_sched_functions(pc); depth++) {
			if (depth == 16 || fp < lo || fp > hi - 8 || (fp & 3)) {
				pc = 0;
				break;
			}
			pc = ((uint32_t *)fp)[1];
			fp = ((uint32_t *)fp)[0];
		}
	}
	spin_unlock_irqrestore(&sched_lock, flags);
	return pc;
}

/* The pid fork gave last (/proc/loadavg's last field). */
int last_pid_nr(void)
{
	return last_pid;
}

int count_tasks(void)
{
	int n = 0;

	for_each_task(t)
		n++;
	return n;
}
