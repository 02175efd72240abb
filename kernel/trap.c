/*
 * Where every interrupt, exception and system call arrives (from
 * trapentry.S).  A system call runs with interrupts on (its trap gate
 * leaves them on), and so does the handling of a user's page fault or
 * exception once its details are read: long kernel work never stops the
 * clock.  Each takes the big kernel lock (kernel/smp_lock.c) and lets go
 * of it on the way back to user mode.  A hardware interrupt's handler runs
 * with interrupts off, takes no big lock, and never switches tasks:
 * kernel/sched.c tells who may run when.
 */
#include "kernel/trap.h"
#include "drivers/ata.h"
#include "drivers/keyboard.h"
#include "kernel/apic.h"
#include "drivers/pic.h"
#include "drivers/serial.h"
#include "kernel/errno.h"
#include "kernel/kstat.h"
#include "kernel/lockdep.h"
#include "kernel/oops.h"
#include "kernel/ptrace.h"
#include "kernel/sigframe.h"
#include "kernel/signal.h"
#include "kernel/smp_lock.h"
#include "kernel/spinlock.h"
#include "kernel/syscalls.h"
#include "mm/swap.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "kernel/x86.h"
#include "mm/memcontrol.h"
#include "mm/mm.h"
#include "mm/uaccess.h"

static const char *const names[] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow",
	"bound range", "invalid opcode", "device not available",
	"double fault", "coprocessor overrun", "invalid TSS",
	"segment not present", "stack fault", "general protection",
	"page fault", "reserved", "x87 error", "alignment check",
	"machine check", "SIMD error",
};

const char *trap_name(int trapno)
{
	if (trapno < (int)(sizeof(names) / sizeof(names[0])))
		return names[trapno];
	return trapno == T_SYSCALL ? "system call" : "interrupt";
}

/*
 * The signal a user-mode exception raises, with the si_code and si_addr
 * Linux gives it.  The vector and error code go to the signal frame.  A
 * math error with no unmasked exception pending is spurious and raises
 * nothing, as on Linux.
 */
static void user_exception(struct trapframe *tf)
{
	int code;

	current->trap_nr = tf->trapno;
	current->error_code = tf->err;
	switch (tf->trapno) {
	case T_DIVIDE:
		force_sig_fault(SIGFPE, FPE_INTDIV, tf->eip);
		break;
	case T_FPERR: case T_SIMDERR:
		if ((code = fpu_exception_code(tf->trapno)) != 0)
			force_sig_fault(SIGFPE, code, tf->eip);
		break;
	case T_ILLOP:
		force_sig_fault(SIGILL, ILL_ILLOPN, tf->eip);
		break;
	case T_DEBUG:		/* a single step, or a breakpoint of the debug registers */
		do_debug_user(tf);
		break;
	case T_BRKPT:
		force_sig(SIGTRAP);
		break;
	case T_ALIGN:
		force_sig_fault(SIGBUS, BUS_ADRALN, 0);
		break;
	case T_SEGNP: case T_STACK:	/* through a TLS segment the user loaded */
		force_sig(SIGBUS);
		break;
	default:
		force_sig(SIGSEGV);
	}
}

extern char trapret_pops[], trapret_iret[];	/* trapentry.S */

static void exception(struct trapframe *tf)
{
	if (user_mode(tf)) {
		sti();
		lock_kernel();
		user_exception(tf);
		return;
	}
	if (tf->trapno == T_DEBUG) {	/* a copy to or from a watched user address */
		do_debug_kernel(tf);
		return;
	}
	/*
	 * Restoring a segment register the user loaded, which has since become
	 * invalid (set_thread_area cleared it), faults here in trapret: that is
	 * the user's doing, not the kernel's.  As Linux does, the register
	 * becomes the null selector: the faulting pop finds its slot, at the
	 * stack pointer it faulted with (no privilege change, so the CPU
	 * pushed no esp and &tf->esp is that slot), zeroed, and runs again.
	 * A fault of the iret itself kills the process.
	 */
	if (tf->eip >= (uint32_t)trapret_pops && tf->eip < (uint32_t)trapret_iret) {
		*(uint32_t *)&tf->esp = 0;
		return;
	}
	if (tf->eip == (uint32_t)trapret_iret) {
		sti();
		lock_kernel();		/* let go of just before the iret */
		do_exit(SIGSEGV);
	}
	oops(tf);
}

#define FEC_WRITE	0x2	/* the page-fault error code: a write access */

/*
 * A page fault in kernel mode on a copy to or from user memory: one of the
 * instructions listed in the exception table (mm/uaccess.c), at a user
 * address, with interrupts on (a system call, where the kernel may sleep).
 * The page went out to swap, or away, since the copy checked it (the task
 * slept meanwhile).  It is resolved as the user's own fault would be:
 * returns 1, and the instruction runs again.  Not inlined: scripts/stackcheck
 * counts it, with a trapframe, on the stack of each function that copies.
 */
static __attribute__((noinline)) int user_access_fault(struct trapframe *tf,
							uint32_t address)
{
	if (address >= TASK_SIZE || !(tf->eflags & FL_IF) || !current->mm ||
	    !search_exception_table(tf->eip))
		return 0;
	sti();		/* CR2 is read */
	try_to_free_pages();
	if (handle_mm_fault(current->mm, address, tf->err & FEC_WRITE))
		return 0;
	current->usage.min_flt++;
	return 1;
}

/*
 * A page fault: mm/ resolves it (handle_mm_fault) or says why not, and the
 * policy is decided here.  A fault in kernel mode is a kernel bug (oops),
 * unless it is a copy's: user_access_fault resolves it, or the copy goes
 * on at its fixup and fails with EFAULT (mm/extable.c).
 * When free memory runs low, the task first puts pages
 * out to swap (try_to_free_pages, mm/swap.h).  Out of frames even after the out-of-memory killer
 * (mm/oom_kill.c) had its turn, the process was its choice, or there was
 * none to make: it dies with SIGKILL.  Else a victim is dying: the access
 * runs again once others (the victim) have run.  A page past the end of
 * the file it maps is SIGBUS (BUS_ADRERR), as on Linux.  Any other failure
 * is the program's: SIGSEGV.
 */
static void do_page_fault(struct trapframe *tf)
{
	uint32_t address = read_cr2();
	int err;

	if (!user_mode(tf)) {
		if (!user_access_fault(tf, address) && !fixup_exception(tf))
			oops(tf);
		return;
	}
	sti();		/* CR2 is read */
	if (kernel_flag_used() &&
	    !handle_mm_fault_nolock(current->mm, address, tf->err & FEC_WRITE)) {
		current->usage.min_flt++;	/* a first touch, on several CPUs at once */
		return;
	}
	lock_kernel();
	try_to_free_pages();	/* low on memory: pages go out to swap first */
	if (current->cgroup)	/* above its memory.high: its pages first */
		mem_cgroup_handle_over_high();
	err = handle_mm_fault(current->mm, address, tf->err & FEC_WRITE);
	if (!err) {
		current->usage.min_flt++;	/* no reads from swap counted apart yet */
	} else if (err == -ENOMEM && out_of_memory() != -ENOMEM) {
		yield();	/* a victim dies for us: let it run, then again */
	} else if (err == -ENOMEM) {
		do_exit(SIGKILL);
	} else {
		struct vm_area_struct *v = find_vma(current->mm, address);

		current->trap_nr = T_PGFLT;	/* for the signal frame */
		current->error_code = tf->err;
		current->cr2 = address;
		if (err == -EIO)
			force_sig_fault(SIGBUS, BUS_ADRERR, address);
		else
			force_sig_fault(SIGSEGV, v && v->vm_start <= address ?
					SEGV_ACCERR : SEGV_MAPERR, address);
	}
}

static void irq(struct trapframe *tf, int n)
{
	kstat.irqs[n]++;
	pic_eoi(n);
	switch (n) {
	case IRQ_TIMER:
		timer_tick(user_mode(tf));
		break;
	case IRQ_KBD:
		kbd_intr();
		break;
	case IRQ_COM1:
		serial_intr();
		break;
	case IRQ_ATA:
		ata_intr();
		break;
	}
}

/*
 * Back to user mode: switch if the slice is over, and take signals (with
 * interrupts on: a default action may exit), until neither is left to do,
 * as Linux's exit_to_user_mode_loop.  A signal that a handler sends while
 * do_signal runs, or another task while this one is switched out, is seen
 * by the next round.  Interrupts are off from the last test to the iret,
 * so a tick or a signal that comes after it is not left waiting in the
 * kernel: its interrupt comes at the first user instruction and sees to it.
 * Signals need the big kernel lock, which an interrupt from user mode did
 * not take; it is let go last.
 */
static inline __attribute__((always_inline)) void
return_to_user(struct trapframe *tf)
{
	if (lockdep_enabled)
		lockdep_report();	/* what the lock checker found meanwhile */
	cli();
	for (;;) {
		if (need_resched) {
			schedule();
			if (current->rseq)	/* preempted: a critical section ends */
				current->rseq_resume = 1;
		} else if (signal_pending(current) || current->resume_work) {
			sti();
			if (!kernel_locked())
				lock_kernel();
			do_signal(tf);
			cli();
		} else {
			break;
		}
	}
	if (kernel_locked())
		unlock_kernel();
}

/*
 * A new task's first way to user mode (forkret, kernel/sched.c): the same
 * work, for what is pending for it already (Linux's ret_from_fork).
 */
void ret_from_fork_to_user(struct trapframe *tf)
{
	return_to_user(tf);
}

void trap(struct trapframe *tf)
{
	if (__builtin_expect(tf->trapno == T_SYSCALL, 1)) {	/* the common path first */
		lock_kernel();
		syscall(tf);
	} else if (tf->trapno >= T_IRQ0 && tf->trapno < T_IRQ0 + 16) {
		irq(tf, tf->trapno - T_IRQ0);
	} else if (tf->trapno >= FIRST_SYSTEM_VECTOR) {
		apic_interrupt(tf);
	} else if (tf->trapno == T_PGFLT) {
		do_page_fault(tf);
	} else {
		exception(tf);
	}
	if (user_mode(tf))
		return_to_user(tf);
}
