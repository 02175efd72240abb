/*
 * The big kernel lock (Linux 2.0-2.4's kernel_flag, kernel/smp_lock.c):
 * what lets a kernel written for one CPU run tasks on several.
 */
#ifndef KERNEL_SMP_LOCK_H
#define KERNEL_SMP_LOCK_H

#include <stdint.h>
#include "kernel/task.h"

struct kernel_lock {
	volatile int locked;	/* 1 while a task holds it */
	struct task *owner;	/* that task (for the checks and for gdb) */
	uint32_t pc;		/* where it took it */
};

extern struct kernel_lock kernel_flag;

void take_kernel_flag(void);			/* lock_depth went -1 -> 0 */
void give_kernel_flag(void);			/* lock_depth went 0 -> -1 */

/*
 * Every system call and fault takes the lock and lets go of it, so these
 * are inline, as Linux 2.4's i386 smplock.h has them: a nested take is the
 * depth count alone, and only the outermost calls the out-of-line part.
 */
static inline void lock_kernel(void)
{
	if (++current->lock_depth == 0)
		take_kernel_flag();
}

/* give_kernel_flag panics if current did not hold it (depth was -1). */
static inline void unlock_kernel(void)
{
	if (--current->lock_depth < 0)
		give_kernel_flag();
}

/* Whether current holds it. */
static inline int kernel_locked(void)
{
	return current->lock_depth >= 0;
}

/* __schedule, sched_lock held: prev (maybe asleep already) lets others in. */
static inline void release_kernel_lock(struct task *prev)
{
	if (prev->lock_depth >= 0)
		give_kernel_flag();
}

/*
 * After the switch, no spin lock held: take the lock back if it was held.
 * A __schedule that picked current again let go of nothing (owner test).
 */
static inline void reacquire_kernel_lock(void)
{
	if (current->lock_depth >= 0 && kernel_flag.owner != current)
		take_kernel_flag();
}

#endif
