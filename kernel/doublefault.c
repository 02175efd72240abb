/*
 * The double-fault task.  A kernel stack that overflows runs into the guard
 * below it (mm/kstack.c): the push faults, the page fault cannot push its
 * own frame there either, and the CPU raises a double fault.  Through an
 * interrupt gate that would fault once more, on the same stack, and a
 * triple fault resets the machine without a word.  So vector 8 is a task
 * gate, as on Linux i386: the CPU saves the interrupted registers in
 * init_tss and switches to a task of its own (doublefault_tss) with its own
 * stack, whose code turns them into an ordinary oops.
 */
#include "kernel/doublefault.h"
#include "kernel/gdt.h"
#include "kernel/idt.h"
#include "kernel/oops.h"
#include "kernel/trap.h"
#include "mm/pgtable.h"

static uint32_t doublefault_stack[1024] __attribute__((aligned(16)));
static struct tss doublefault_tss;

/*
 * The double-fault task's code.  Nobody calls it: the task switch starts it
 * on its own stack, where the CPU has pushed an error code (always 0).
 */
static void __attribute__((noreturn)) doublefault_fn(void)
{
	const struct tss *t = &init_tss;
	struct trapframe tf = {
		.edi = t->edi, .esi = t->esi, .ebp = t->ebp, .kesp = t->esp,
		.ebx = t->ebx, .edx = t->edx, .ecx = t->ecx, .eax = t->eax,
		.gs = t->gs, .fs = t->fs, .es = t->es, .ds = t->ds,
		.trapno = T_DBLFLT, .eip = t->eip, .cs = t->cs, .eflags = t->eflags,
	};

	oops(&tf);
}

/* After paging_init: the task runs on swapper_pg_dir, which maps every kernel stack. */
void doublefault_init(void)
{
	struct tss *t = &doublefault_tss;

	t->esp = (uint32_t)(doublefault_stack + 1024);
	t->eip = (uint32_t)doublefault_fn;
	t->eflags = 0x2;		/* interrupts off; bit 1 is always set */
	t->cs = KERNEL_CS;
	t->ss = t->ds = t->es = KERNEL_DS;
	t->fs = PERCPU_SEL;		/* its current is cpu0's: kernel/percpu.h */
	t->cr3 = V2P(swapper_pg_dir);
	t->iomap_base = sizeof(*t);
	set_tss_desc(GDT_ENTRY_DOUBLEFAULT_TSS, t);
	set_task_gate(T_DBLFLT, DOUBLEFAULT_TSS_SEL);
}
