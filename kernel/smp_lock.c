/*
 * The big kernel lock.  shmos's kernel was written for one CPU: between
 * two scheduling points a task in the kernel runs alone among tasks, so
 * the file tree, address spaces, shm segments, pipes and the task table
 * need no lock of their own.  To run tasks on several CPUs without
 * auditing every file, Linux 2.0 to 2.2 did what this file does: a task
 * takes kernel_flag when it enters the kernel from user mode (a system
 * call, a page fault, an exception: kernel/trap.c) and lets go of it on
 * its way back.  So user code runs on every CPU at once, and kernel code
 * on one CPU at a time, as before.
 *
 * A task that sleeps (or yields) in the kernel must not keep the others
 * out: __schedule lets go of the lock for it (release_kernel_lock) once it
 * is marked asleep, and the task takes it back when it runs again
 * (reacquire_kernel_lock), after sched_lock.  lock_depth remembers that it
 * held it; -1 when it does not.
 *
 * It is not a spin lock of kernel/spinlock.h: a task holds it across
 * sleeps, and locks_held does not count it.  It is taken before any spin
 * lock (the outermost of the lock order) and waited for with interrupts
 * on, so a CPU waiting for it still answers TLB shootdowns and reschedule
 * IPIs, and the interrupt handlers, which never take it, cannot be kept
 * waiting by it.  A long wait halts the CPU until the lock is let go of
 * (wait_kernel_flag).
 */
#include "kernel/smp_lock.h"
#include "kernel/apic.h"
#include "kernel/oops.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "kernel/x86.h"

struct kernel_lock kernel_flag;

/*
 * Each CPU's: 1 while it halts waiting for kernel_flag, until
 * give_kernel_flag wakes it.  A line each, not to share one.
 */
static struct {
	volatile int halted;
} __attribute__((aligned(64))) flag_waiter[NR_CPUS];

/*
 * How long a CPU spins for kernel_flag before it halts.  Under QEMU each
 * CPU is a host thread: a CPU that spins takes the host's cores from the
 * others, the holder and the CPUs whose answer to its TLB shootdown it
 * waits for among them (with 8 CPUs on 2 busy cores a shootdown waited
 * over a second, and the lock checker said so); a halted one sleeps on the
 * host.  Most waits are short and end in the spin: a halt costs a wake-up.
 */
#define FLAG_SPIN_US	50

/*
 * Until kernel_flag is free, interrupts on.  After FLAG_SPIN_US it halts
 * instead: it says so in flag_waiter (an exchange, a full barrier) before
 * its last look at the lock, and give_kernel_flag lets go of the lock
 * before it looks at flag_waiter, so one of the two sees the other: the
 * waiter does not halt, or it is sent an IPI, which "sti; hlt" takes only
 * once the hlt has begun.  Any interrupt (its tick, a shootdown) ends the
 * halt too: it looks again.
 */
static void wait_kernel_flag(void)
{
	int cpu = smp_processor_id();
	uint64_t start = rdtsc();
	uint64_t budget = tsc_per_tick * FLAG_SPIN_US / (1000000 / HZ);

	while (kernel_flag.locked) {
		if (rdtsc() - start < budget) {
			cpu_relax();
			continue;
		}
		cli();
		__atomic_exchange_n(&flag_waiter[cpu].halted, 1, __ATOMIC_SEQ_CST);
		if (kernel_flag.locked)
			asm volatile("sti; hlt" ::: "memory");
		__atomic_store_n(&flag_waiter[cpu].halted, 0, __ATOMIC_RELAXED);
		sti();
	}
}

/* After kernel_flag is let go of: wakes the CPUs that halted waiting for it. */
static void wake_flag_waiters(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (int cpu = 0; cpu < nr_cpu_ids; cpu++)
		if (flag_waiter[cpu].halted &&
		    __atomic_exchange_n(&flag_waiter[cpu].halted, 0, __ATOMIC_SEQ_CST))
			smp_send_reschedule(cpu);
}

/*
 * Until this task holds kernel_flag.  Out of line, so that pc is where the
 * caller took it (lock_kernel and reacquire_kernel_lock are inline).  One
 * exchange takes a free lock; only a held one is waited for, with
 * interrupts on (a system call's are on already, a fault's or __schedule's
 * caller's may be off), and the flags are given back after.
 */
void __attribute__((noinline)) take_kernel_flag(void)
{
	if (locks_held)
		panic("big kernel lock taken with %d spin locks held", locks_held);
	if (__builtin_expect(__atomic_exchange_n(&kernel_flag.locked, 1,
						 __ATOMIC_ACQUIRE), 0)) {
		uint32_t flags = local_irq_save();

		sti();
		do
			wait_kernel_flag();
		while (__atomic_exchange_n(&kernel_flag.locked, 1, __ATOMIC_ACQUIRE));
		local_irq_restore(flags);
	}
	kernel_flag.owner = current;
	kernel_flag.pc = (uint32_t)__builtin_return_address(0);
}

/* One CPU (kernel_flag unused): an unlock_kernel with nothing to let go. */
void unlock_kernel_bug(void)
{
	panic("unlock_kernel: pid %d does not hold the big kernel lock",
	      current->pid);
}

void give_kernel_flag(void)
{
	if (kernel_flag.owner != current)
		panic("big kernel lock let go by pid %d, which does not hold it",
		      current->pid);
	kernel_flag.owner = NULL;
	__atomic_store_n(&kernel_flag.locked, 0, __ATOMIC_RELEASE);
	wake_flag_waiters();
}
