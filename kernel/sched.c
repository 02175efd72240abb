/*
 * The task table, the round-robin scheduler, and sleep/wakeup.
 *
 * Who may run when (docs/concurrency.md says it at length):
 *
 *  - One CPU, and a kernel that is not preemptive: a task in the kernel
 *    keeps the CPU until it sleeps (sleep_on), yields, exits, or passes a
 *    cond_resched() point after the timer has ended its slice.  So the code
 *    between two such points runs alone among tasks, and what only tasks
 *    touch needs no lock: the file tree, address spaces, shm segments...
 *  - System calls and page faults run with interrupts on (kernel/trap.c),
 *    so the timer, keyboard and serial handlers may cut in anywhere.  A
 *    handler runs with interrupts off, never nests, and never switches
 *    tasks; a task it interrupted in user mode is switched on the way back
 *    if its slice is over (need_resched).
 *  - What a handler touches is guarded by a spin lock taken with interrupts
 *    off (kernel/spinlock.h).  sched_lock guards, in every task, what the
 *    timer and the tty change: state, chan, timeout, ticks_left, the signal
 *    state (sig_pending, sig_info, sig_blocked) and the itimers; and
 *    need_resched and the table's slots.  Reading one word needs no lock
 *    where a stale value does no harm (ps reading another task's state).
 *  - schedule() runs with sched_lock held and interrupts off.  The lock goes
 *    with the switch to the next task, which lets go of it where it resumes:
 *    in its own schedule(), or in forkret if it is new.  Each task's
 *    interrupt flag is saved on its own stack and comes back with it.
 *  - No wakeup is lost: a sleeper tests its condition and marks itself
 *    asleep under the lock that guards the condition, with interrupts off,
 *    so the handler that makes the condition true can only run once the
 *    task is asleep, and wakes it (sleep_on).
 */
#include "kernel/task.h"
#include "drivers/tty.h"
#include "kernel/errno.h"
#include "fs/file.h"
#include "kernel/gdt.h"
#include "kernel/kstat.h"
#include "kernel/oops.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "kernel/time.h"
#include "kernel/x86.h"
#include "mm/kstack.h"
#include "mm/mm.h"

#define TIME_SLICE	5	/* ticks */

struct task *const tasks = (struct task *)TASK_TABLE_BASE;
struct task *current;		/* tasks[0] is idle, the boot thread */
int need_resched;
int task_hi = 1;
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

/* Round robin over the table after current; idle (slot 0) when nobody is ready. */
static struct task *pick_next(void)
{
	struct task *t = current;

	for (int i = 0; i < task_hi; i++) {
		if (++t >= tasks + task_hi)
			t = tasks + 1;
		if (t->state == TASK_RUNNING)
			return t;
	}
	return &tasks[0];
}

/*
 * A thread that has exited (schedule_dead), whose slot and kernel stack
 * are freed by the next task to run: it cannot free the stack it runs on.
 */
static struct task *dead_task;

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
 * and no other lock: the next task lets go of it.  Interrupts are off, so
 * no handler sees current and the stack disagree.
 */
static void __schedule(void)
{
	struct task *prev = current, *next = pick_next();

	if (locks_held != 1 || !spin_is_locked(&sched_lock) ||
	    (read_eflags() & FL_IF))
		panic("schedule: %d locks held, interrupts %s", locks_held,
		      (read_eflags() & FL_IF) ? "on" : "off");
	need_resched = 0;
	next->ticks_left = TIME_SLICE;
	if (next == prev)
		return;
	kstat.ctxt++;
	if (prev->state == TASK_RUNNING)	/* its slice is over, or it yields */
		prev->usage.nivcsw++;
	else
		prev->usage.nvcsw++;
	/* The kernel never touches the FPU, so its registers are prev's. */
	asm volatile("fxsave %0" : "=m"(prev->fpu));
	task_switch_in(next);
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
}

/*
 * Where a new task's first switch lands (task_init_context), holding
 * sched_lock as every switch does.  Its registers are the ones its creator
 * saved for it; trapret, which it returns to, goes to user mode with the
 * interrupt flag of its trapframe.
 */
static void forkret(void)
{
	asm volatile("fxrstor %0" : : "m"(current->fpu));
	finish_task_switch();
	spin_unlock(&sched_lock);
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
	if (locks_held)
		panic("cond_resched with %d spin locks held", locks_held);
	if (need_resched && !mm_shared())
		schedule();
}

/*
 * The boot thread becomes idle: wait for an interrupt to make work.  sti
 * takes effect after the next instruction, so no interrupt can come
 * between the look for work and the hlt: none is missed.
 */
static void __attribute__((noreturn)) idle_loop(void)
{
	for (;;) {
		schedule();
		sti();
		hlt();
		cli();
	}
}

/*
 * The boot thread becomes idle, task 0.  Its kernel stack is slot 0 of the
 * kernel stack area, with a guard like every other; kmain moves onto it.
 */
void sched_init(void)
{
	if (task_table_grow(TASK_TABLE_BOOT * sizeof(struct task)))
		panic("no memory for the task table; give QEMU more (-m)");
	current = &tasks[0];
	current->state = TASK_RUNNING;
	if (!(current->kstack = alloc_thread_stack(0)))
		panic("no memory for idle's kernel stack; give QEMU more (-m)");
	strlcpy(current->comm, "idle", TASK_COMM_LEN);
	current->files = &init_files;
	current->fs = &init_fs;
	current->sighand = &init_sighand;
	current->signal = &init_signal;
	memcpy(current->rlim, init_rlimits, sizeof(current->rlim));	/* for ktest */
}

void sched_idle(void)
{
	idle_loop();
}

/*
 * What ends a sleep early, tested under sched_lock, where senders set it:
 * any signal the task does not block, or for a killable sleep SIGKILL only.
 */
static int sleep_interrupted(int killable)
{
	if (killable)
		return (current->sig_pending & sigmask(SIGKILL)) != 0;
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
 * tests its condition again when it returns.
 */
static int __sleep_on(const void *chan, spinlock_t *lock, uint64_t timeout,
		      int killable)
{
	uint32_t flags = 0;
	int err = 0;

	if (lock != &sched_lock) {
		spin_lock_irqsave(&sched_lock, flags);
		if (lock)
			spin_unlock(lock);
	}
	if (sleep_interrupted(killable)) {
		err = -EINTR;
	} else if (!timeout || get_jiffies_64() < timeout) {
		current->chan = chan;
		current->timeout = timeout;
		current->state = TASK_INTERRUPTIBLE;
		__schedule();
		current->chan = NULL;
		current->timeout = 0;
		if (sleep_interrupted(killable))
			err = -EINTR;
	}
	if (lock != &sched_lock) {
		spin_unlock_irqrestore(&sched_lock, flags);
		if (lock)
			spin_lock(lock);
	}
	return err;
}

int sleep_on(const void *chan, spinlock_t *lock, uint64_t timeout)
{
	return __sleep_on(chan, lock, timeout, 0);
}

/*
 * Linux's TASK_KILLABLE sleep, with sleep_on's arguments and rules: only
 * SIGKILL ends it early (-EINTR).  Any other signal wakes the task too, but
 * stays pending for its return to user mode; the caller's loop, which
 * tests its own condition, puts it back to sleep.
 */
int sleep_on_killable(const void *chan, spinlock_t *lock, uint64_t timeout)
{
	return __sleep_on(chan, lock, timeout, 1);
}

/* For conditions that only tasks change (pipes, children): no lock needed. */
int sleep_on_interruptible(const void *chan)
{
	return sleep_on(chan, NULL, 0);
}

/* Makes a sleeping t runnable; sched_lock held. */
void wake_task(struct task *t)
{
	if (t->state == TASK_INTERRUPTIBLE || t->state == TASK_UNINTERRUPTIBLE)
		t->state = TASK_RUNNING;
}

/* From a task or a handler: every task asleep on chan becomes runnable. */
void wakeup(const void *chan)
{
	uint32_t flags;

	spin_lock_irqsave(&sched_lock, flags);
	for_each_task(t)
		if (t->chan == chan)
			wake_task(t);
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
 * A pid is in use while it names a process, a group or a session, or the
 * tty's foreground group or session (Linux keeps the struct pid while
 * anything refers to it): a new process must not take it.
 */
int pid_in_use(int pid)
{
	for_each_task(t)
		if (t->pid == pid || t->pgrp == pid || t->session == pid)
			return 1;
	return tty_holds_pid(pid);
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
		do {
			last_pid = last_pid >= PID_MAX - 1 ? 2 : last_pid + 1;
		} while (pid_in_use(last_pid));
		t->pid = t->tgid = last_pid;
		t->dumpable = 1;
		t->tf = (struct trapframe *)((char *)t->kstack + THREAD_SIZE) - 1;
		if (t - tasks >= task_hi)
			task_hi = t - tasks + 1;
		set_task_state(t, TASK_NEW);	/* not runnable until set up */
		return t;
	}
	return NULL;
}

void free_task(struct task *t)
{
	free_thread_stack(t - tasks);
	set_task_state(t, TASK_UNUSED);
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
