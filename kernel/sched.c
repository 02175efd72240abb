/*
 * The task table, the round-robin scheduler, and sleep/wakeup.  Interrupts
 * are off in the kernel, so testing a condition and going to sleep on it
 * cannot race with the interrupt that would make it true.
 */
#include "kernel/task.h"
#include "kernel/errno.h"
#include "kernel/gdt.h"
#include "kernel/oops.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "kernel/time.h"
#include "kernel/x86.h"
#include "mm/kstack.h"
#include "mm/mm.h"

#define TIME_SLICE	5	/* ticks */
#define PID_MAX		32768

struct task tasks[NR_TASKS];
struct task *current;		/* tasks[0] is idle, the boot thread */
int need_resched;
int task_hi = 1;
static int last_pid;

_Static_assert(NR_TASKS <= KSTACK_SLOTS, "a kernel stack slot for every task");

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

void schedule(void)
{
	struct task *prev = current, *next = pick_next();

	need_resched = 0;
	next->ticks_left = TIME_SLICE;
	if (next == prev)
		return;
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

/* The boot thread becomes idle: wait for an interrupt to make work. */
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
	current = &tasks[0];
	current->state = TASK_RUNNING;
	if (!(current->kstack = alloc_thread_stack(0)))
		panic("no memory for idle's kernel stack; give QEMU more (-m)");
	strlcpy(current->comm, "idle", TASK_COMM_LEN);
	memcpy(current->rlim, init_rlimits, sizeof(current->rlim));	/* for ktest */
}

void sched_idle(void)
{
	idle_loop();
}

int sleep_on_interruptible(const void *chan)
{
	if (signal_pending(current))
		return -EINTR;
	current->chan = chan;
	current->state = TASK_INTERRUPTIBLE;
	schedule();
	current->chan = NULL;
	return signal_pending(current) ? -EINTR : 0;
}

/*
 * Linux's TASK_KILLABLE sleep: only SIGKILL ends it early.  Any other signal
 * wakes the task too, but stays pending for its return to user mode; the
 * caller's loop, which tests its own condition, puts it back to sleep.
 */
int sleep_on_killable(const void *chan)
{
	if (current->sig_pending & sigmask(SIGKILL))
		return -EINTR;
	current->chan = chan;
	current->state = TASK_INTERRUPTIBLE;
	schedule();
	current->chan = NULL;
	return (current->sig_pending & sigmask(SIGKILL)) ? -EINTR : 0;
}

/* Sleeps until jiffies reaches end or a signal arrives. */
int sleep_timeout(uint64_t end)
{
	int ret = 0;

	current->timeout = end;
	while (jiffies < end && !(ret = sleep_on_interruptible(&current->timeout)))
		;
	current->timeout = 0;
	return ret;
}

void wake_task(struct task *t)
{
	t->state = TASK_RUNNING;
}

void wakeup(const void *chan)
{
	for_each_task(t)
		if (t->chan == chan && (t->state == TASK_INTERRUPTIBLE ||
					t->state == TASK_UNINTERRUPTIBLE))
			wake_task(t);
}

struct task *find_task(int pid)
{
	if (pid <= 0)
		return NULL;
	for_each_task(t)
		if (t->pid == pid)
			return t;	/* zombies too: kill(zombie, 0) succeeds */
	return NULL;
}

static int pid_in_use(int pid)
{
	for_each_task(t)
		if (t->pid == pid || t->pgrp == pid || t->session == pid)
			return 1;
	return 0;
}

/* A free slot with a kernel stack and a fresh pid, or NULL (fork's EAGAIN). */
struct task *alloc_task(void)
{
	for (struct task *t = tasks + 1; t < tasks + NR_TASKS; t++) {
		if (t->state != TASK_UNUSED)
			continue;
		memset(t, 0, sizeof(*t));
		if (!(t->kstack = alloc_thread_stack(t - tasks)))
			return NULL;
		do {
			last_pid = last_pid >= PID_MAX - 1 ? 2 : last_pid + 1;
		} while (pid_in_use(last_pid));
		t->pid = last_pid;
		t->tf = (struct trapframe *)((char *)t->kstack + THREAD_SIZE) - 1;
		t->state = TASK_STOPPED;	/* not runnable until set up */
		if (t - tasks >= task_hi)
			task_hi = t - tasks + 1;
		return t;
	}
	return NULL;
}

void free_task(struct task *t)
{
	free_thread_stack(t - tasks);
	t->state = TASK_UNUSED;
}

int count_tasks(void)
{
	int n = 0;

	for_each_task(t)
		n++;
	return n;
}
