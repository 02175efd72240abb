/*
 * The big kernel lock (Linux 2.0-2.4's kernel_flag, kernel/smp_lock.c):
 * what lets a kernel written for one CPU run tasks on several.
 */
#ifndef KERNEL_SMP_LOCK_H
#define KERNEL_SMP_LOCK_H

#include <stdint.h>

struct task;

struct kernel_lock {
	volatile int locked;	/* 1 while a task holds it */
	struct task *owner;	/* that task (for the checks and for gdb) */
	uint32_t pc;		/* where it took it */
};

extern struct kernel_lock kernel_flag;

void lock_kernel(void);
void unlock_kernel(void);
int kernel_locked(void);			/* current holds it */
void release_kernel_lock(struct task *prev);	/* __schedule, sched_lock held */
void reacquire_kernel_lock(void);		/* after the switch, no spin lock held */

#endif
