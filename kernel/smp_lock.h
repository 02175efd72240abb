/*
 * The big kernel lock (Linux 2.0-2.4's kernel_flag, kernel/smp_lock.c):
 * what lets a kernel written for one CPU run tasks on several.
 */
#ifndef KERNEL_SMP_LOCK_H
#define KERNEL_SMP_LOCK_H

#include <stdint.h>
#include "kernel/smp.h"
#include "kernel/task.h"

struct kernel_lock {
	volatile int locked;	/* 1 while a task holds it */
	struct task *owner;	/* that task (for the checks and for gdb) */
	uint32_t pc;		/* where it took it */
};

extern struct kernel_lock kernel_flag;

void take_kernel_flag(void);			/* lock_depth went -1 -> 0 */
void give_kernel_flag(void);			/* lock_depth went 0 -> -1 */
void unlock_kernel_bug(void) __attribute__((noreturn));	/* depth below -1 */

/*
 * On a machine with one CPU the flag excludes nobody: a task in the kernel
 * runs until it sleeps or yields (the kernel is not preemptive), and the
 * interrupt handlers never take it.  There only lock_depth is counted,
 * which is what kernel_locked and __schedule read, and kernel_flag stays
 * free.  nr_cpu_ids is known before the first task enters the kernel
 * (kmain reads the firmware's tables before it starts init) and never
 * changes after: a task never holds the lock by its depth alone where
 * another CPU could take the flag.
 */
static inline int kernel_flag_used(void)
{
	return nr_cpu_ids > 1;
}

/*
 * Every system call and fault takes the lock and lets go of it, so these
 * are inline, as Linux 2.4's i386 smplock.h has them: a nested take is the
 * depth count alone, and only the outermost calls the out-of-line part.
 */
static inline void lock_kernel(void)
{
	if (++current->lock_depth == 0 && kernel_flag_used())
		take_kernel_flag();
}

/* give_kernel_flag panics if current did not hold it (depth was -1). */
static inline void unlock_kernel(void)
{
	if (--current->lock_depth < 0) {
		if (kernel_flag_used())
			give_kernel_flag();
		else if (current->lock_depth < -1)
			unlock_kernel_bug();
	}
}

/* Whether current holds it. */
static inline int kernel_locked(void)
{
	return current->lock_depth >= 0;
}

/* __schedule, sched_lock held: prev (maybe asleep already) lets others in. */
static inline void release_kernel_lock(struct task *prev)
{
	if (kernel_flag_used() && prev->lock_depth >= 0)
		give_kernel_flag();
}

/*
 * After the switch, no spin lock held: take the lock back if it was held.
 * A __schedule that picked current again let go of nothing (owner test).
 * Here and in release_kernel_lock, kernel_flag_used is tested first: one
 * CPU's switch then costs a compare.
 */
static inline void reacquire_kernel_lock(void)
{
	if (kernel_flag_used() && current->lock_depth >= 0 &&
	    kernel_flag.owner != current)
		take_kernel_flag();
}

#endif
