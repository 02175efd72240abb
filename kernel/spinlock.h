/*
 * Spin locks, for the data that interrupt handlers share with the rest of
 * the kernel (docs/concurrency.md tells the whole model).
 *
 * shmos's kernel code runs on one CPU at a time, under the big kernel lock
 * (kernel/smp_lock.c), and is not preemptive: a task in the kernel gives the
 * CPU away only where it sleeps or calls cond_resched().  So between two
 * tasks there is nothing to lock.  What can still cut in is
 * an interrupt: the timer, the keyboard, the serial line.  Data an
 * interrupt handler touches is therefore taken with spin_lock_irqsave(),
 * which turns interrupts off, and let go with spin_unlock_irqrestore(),
 * which turns them back on if they were on.  A handler itself runs with
 * interrupts off and takes the same lock with plain spin_lock().
 *
 * The lock word is a real lock: a CPU takes it with an atomic exchange
 * and spins while another CPU holds it: the other CPUs' handlers (each
 * CPU's timer takes sched_lock) and their printk.  Taking a lock this
 * CPU already holds, or letting go of one it does not, is a bug (the first
 * would spin for ever) and panics, naming the lock and where it was taken.
 *
 * Lock order (a lock may be taken while holding those before it):
 *   kernel_flag  ->  tty_lock  ->  sched_lock  ->  clock_lock
 *   tty_lock  ->  console_lock
 *   blk_lock  ->  sched_lock,  blk_lock  ->  console_lock (a disk error's line)
 *   sched_lock  ->  pcp_lock  ->  free_lists_lock (mm/page.c)
 */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include <stddef.h>
#include <stdint.h>
#include "kernel/lockdep.h"
#include "kernel/smp.h"

typedef struct spinlock {
	volatile int locked;	/* 1 while held */
	const char *name;	/* for the checks' messages */
	uint32_t pc;		/* where it was last taken */
	struct cpuinfo *owner;	/* the CPU holding it; NULL when free */
	int class;		/* kernel/lockdep.c's number for it; 0 until it sees it */
	int device_wait;	/* held while a device works: the checker does not time it */
} spinlock_t;

#define DEFINE_SPINLOCK(x)	spinlock_t x = { 0, #x, 0, NULL, 0, 0 }
/*
 * A lock held while the CPU waits on a device that the host drains (the
 * console's UART, whose transmitter empties as fast as QEMU's reader
 * takes the bytes): how long it is held is the device's doing, as
 * Linux's console_sem may be held for as long as printing takes.
 */
#define DEFINE_DEVICE_SPINLOCK(x)	spinlock_t x = { 0, #x, 0, NULL, 0, 1 }

/* Locks held on this CPU now: 0 whenever a task may sleep or be switched. */
#define locks_held	(this_cpu()->nr_locks_held)

void spin_bug(spinlock_t *lock, const char *what) __attribute__((noreturn));

#define FL_IF	0x200		/* EFLAGS: interrupts enabled */

static inline uint32_t read_eflags(void)
{
	uint32_t flags;

	asm volatile("pushfl; popl %0" : "=r"(flags));
	return flags;
}

/* Interrupts off; returns the flags to give back to local_irq_restore. */
static inline uint32_t local_irq_save(void)
{
	uint32_t flags;

	asm volatile("pushfl; popl %0; cli" : "=r"(flags) : : "memory");
	return flags;
}

static inline void local_irq_restore(uint32_t flags)
{
	asm volatile("pushl %0; popfl" : : "r"(flags) : "memory", "cc");
}

/* The address of the code that calls it (Linux's old current_text_addr). */
#define caller_pc() ({ uint32_t pc; asm volatile("movl $1f, %0\n1:" : "=r"(pc)); pc; })

/*
 * owner is written only by the holder, and cleared before the lock word,
 * so a CPU that finds itself the owner really holds the lock.  The
 * exchange is atomic (xchg locks the bus) and orders what follows it; the
 * spin reads the word only, so waiting CPUs do not fight for its cache line.
 */
static inline void __spin_lock(spinlock_t *lock, uint32_t pc)
{
	if (lock->owner == this_cpu())
		spin_bug(lock, "already held");
	while (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE))
		while (lock->locked)
			cpu_relax();
	lock->owner = this_cpu();	/* %fs again: no register held across the loop */
	lock->pc = pc;
	lock->owner->nr_locks_held++;
	if (lockdep_enabled)
		lockdep_acquire(lock, pc);
}

/* The release store orders every write of the critical section before it. */
static inline void spin_unlock(spinlock_t *lock)
{
	struct cpuinfo *cpu = this_cpu();

	if (!lock->locked || lock->owner != cpu)
		spin_bug(lock, "not held");
	if (lockdep_enabled)
		lockdep_release(lock);
	lock->owner = NULL;
	cpu->nr_locks_held--;
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
}

static inline int spin_is_locked(const spinlock_t *lock)
{
	return lock->locked;
}

/* With interrupts already off: in a handler, or under another irqsave lock. */
#define spin_lock(lock)	__spin_lock((lock), caller_pc())

#define spin_lock_irqsave(lock, flags) \
	do { (flags) = local_irq_save(); spin_lock(lock); } while (0)

static inline void spin_unlock_irqrestore(spinlock_t *lock, uint32_t flags)
{
	spin_unlock(lock);
	local_irq_restore(flags);
}

/*
 * Locks that only several CPUs need: on data only tasks touch, never an
 * interrupt handler, never across a sleep.  With one CPU everyone who
 * reaches that data runs in turn (the kernel is not preemptive) and the
 * lock is skipped, as kernel_flag is (kernel/smp_lock.h; nr_cpu_ids never
 * changes after the boot).  With several, code outside the big kernel
 * lock reaches it: a page fault without it (mm/fault.c's
 * handle_mm_fault_nolock: kmap's lock, the segments' shm_lock), and
 * finish_task_switch, which frees a dead thread's stack and its signal
 * structs under sched_lock.  What that path takes (the free lists, mm/page.c;
 * kmalloc's, mm/kmalloc.c) is taken with interrupts off: a tick that
 * came while this CPU held it would wait for sched_lock, held by a CPU
 * waiting for this lock.
 */
#define spin_lock_smp(lock) \
	do { if (nr_cpu_ids > 1) spin_lock(lock); } while (0)

static inline void spin_unlock_smp(spinlock_t *lock)
{
	if (nr_cpu_ids > 1)
		spin_unlock(lock);
}

static inline uint32_t spin_lock_irqsave_smp(spinlock_t *lock)
{
	uint32_t flags = 0;

	if (nr_cpu_ids > 1)
		spin_lock_irqsave(lock, flags);
	return flags;
}

static inline void spin_unlock_irqrestore_smp(spinlock_t *lock, uint32_t flags)
{
	if (nr_cpu_ids > 1)
		spin_unlock_irqrestore(lock, flags);
}

#endif
