/*
 * Kernel threads: tasks that run only in the kernel (Linux's
 * kernel_thread; 2.4's kswapd, mm/vmscan.c, is shmos's first).
 *
 * A kernel thread is a slot of the task table like any task, picked by
 * the same scheduler, on any CPU its cpus_allowed lets it.  What makes it
 * one:
 *
 *  - no address space (mm NULL): it runs on swapper_pg_dir, whose kernel
 *    half every page directory shares (task_switch_in), and it touches a
 *    process's memory only through the kernel's direct map;
 *  - it never goes to user mode: it has no trapframe to return to, and
 *    its function never returns.  So no signal could ever be taken: it
 *    ignores them all, SIGKILL too (PF_KTHREAD, kernel/signal.c's
 *    sig_ignored), as Linux's kernel threads do;
 *  - its parent is the idle task (ppid 0): no process waits for it, and
 *    it has no process group, session or terminal (0, as Linux's);
 *  - it holds the big kernel lock whenever it runs (docs/smp.md), as a
 *    system call does, and lets go of it only while it sleeps (schedule
 *    does that).  The kernel is not preemptive: its long work passes
 *    cond_resched() points, or it keeps its CPU.
 *
 * ps shows it by its name in brackets, as procps shows Linux's (its
 * /proc/PID/cmdline is empty; /proc/PID/stat's flags have PF_KTHREAD).
 */
#include "kernel/task.h"
#include "kernel/nsproxy.h"
#include "fs/file.h"
#include "kernel/resource.h"
#include "kernel/signal.h"
#include "kernel/smp_lock.h"
#include "kernel/string.h"
#include "kernel/time.h"
#include "kernel/x86.h"
#include "mm/layout.h"

/*
 * A task that runs fn in the kernel, named name, runnable now: the task,
 * or NULL if the table or memory is full.  Its first switch returns into
 * fn as if fn had been called (a return address below, which fn never
 * uses), and fn calls kthread_start first of all.
 */
struct task *kernel_thread(void (*fn)(void), const char *name)
{
	struct task *t = alloc_task();
	uint32_t *sp;

	if (!t)
		return NULL;
	t->flags = PF_KTHREAD;
	t->parent = &tasks[0];
	t->exit_signal = -1;
	t->cpus_allowed = CPU_MASK_ALL;	/* not the caller's (swapon's) */
	t->files = &init_files;		/* the idle task's: nothing open */
	t->fs = &init_fs;
	t->nsproxy = get_nsproxy(&init_nsproxy);
	t->sighand = &init_sighand;
	t->signal = &init_signal;
	t->start_time = get_jiffies_64();
	memcpy(t->rlim, init_rlimits, sizeof(t->rlim));
	strlcpy(t->comm, name, TASK_COMM_LEN);
	t->tf = NULL;				/* no user registers */
	sp = (uint32_t *)((char *)t->kstack + THREAD_SIZE);
	*--sp = 0;				/* fn's return address: none */
	t->context = (struct context *)sp - 1;
	memset(t->context, 0, sizeof(*t->context));
	t->context->eip = (uint32_t)fn;
	set_task_state(t, TASK_RUNNING);
	return t;
}

/*
 * A kernel thread's first call, on its first switch: sched_lock is let go
 * as forkret lets go of it, then interrupts go on and the thread takes the
 * big kernel lock, which it holds from now on (but while it sleeps).
 */
void kthread_start(void)
{
	schedule_tail();
	sti();
	lock_kernel();
}
