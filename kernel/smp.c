/*
 * Interprocessor interrupts: one CPU asking the others to do something
 * now.  Two, Linux 2.4's:
 *
 *  - RESCHEDULE_VECTOR: "look at the run queue": a task this CPU may run
 *    has woken, or the one it runs may no longer run there (affinity).
 *    The receiver sets its need_resched (kernel/lapic.c).
 *  - INVALIDATE_TLB_VECTOR: a TLB shootdown.  A CPU caches the translations
 *    it used in its TLB, and no other CPU's change of a page table reaches
 *    it: after unmapping a page another CPU may have used, the kernel must
 *    make that CPU flush the entry, and wait until it has, before the frame
 *    can go to someone else.  flush_tlb_others asks the CPUs of a mask
 *    (cpu_vm_mask: those that have the address space loaded) and waits for
 *    each one's acknowledgement.
 */
#include "kernel/smp.h"
#include "kernel/cmdline.h"
#include "kernel/oops.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "kernel/task.h"
#include "kernel/x86.h"
#include "mm/layout.h"
#include "mm/pgtable.h"

void smp_send_reschedule(int cpu)
{
	apic_send_ipi(cpu_data[cpu].apic_id, APIC_DM_FIXED | RESCHEDULE_VECTOR);
}

/*
 * Each CPU's own shootdown in flight, in its own slot: two CPUs shoot down
 * at once, and none holds a lock while it waits for the others (a host
 * that leaves one CPU's thread unscheduled for a second would hold every
 * CPU that wanted the lock too).  cpumask has a bit for each CPU that has
 * not flushed the range yet; each clears its own.
 */
struct flush_request {
	uint32_t start, end;
	int pid;			/* who asks: for trace=tlb */
	volatile uint32_t cpumask;
};
static struct flush_request flush_requests[NR_CPUS];

/* Flush-all: past this many pages a CR3 reload is cheaper than invlpg each. */
#define FLUSH_ALL_PAGES	32

static void local_flush_tlb_range(uint32_t start, uint32_t end)
{
	if ((end - start) / PAGE_SIZE > FLUSH_ALL_PAGES) {
		write_cr3(read_cr3());	/* no global pages: this flushes all */
		return;
	}
	for (uint32_t va = start; va < end; va += PAGE_SIZE)
		invlpg(va);
}

/*
 * INVALIDATE_TLB_VECTOR's handler, interrupts off.  trace=tlb prints each
 * CPU's flush here rather than in the sender, whose paths (the OOM killer's
 * among them) are deep already.
 */
void smp_invalidate_interrupt(void)
{
	struct cpuinfo *cpu = this_cpu();
	uint32_t me = 1u << smp_processor_id();

	/* Every sender's: two IPIs that came together may have made one interrupt. */
	for (int i = 0; i < nr_cpu_ids; i++) {
		struct flush_request *req = &flush_requests[i];

		if (!(__atomic_load_n(&req->cpumask, __ATOMIC_ACQUIRE) & me))
			continue;
		if (trace_tlb)
			printk("tlb: cpu%d flushes 0x%x-0x%x for pid %d on cpu%d\n",
			       smp_processor_id(), req->start, req->end, req->pid, i);
		local_flush_tlb_range(req->start, req->end);
		cpu->tlb_flush_seq++;
		__atomic_and_fetch(&req->cpumask, ~me, __ATOMIC_RELEASE);
	}
}

/*
 * Linux's cpu_vm_mask: the CPUs other than this one that have the address
 * space whose page directory is pgd loaded, so may hold its translations.
 * Each CPU notes the page directory it loads (cpu_pgd, switch_pgd in
 * mm/pgtable.c) before it loads it, and a CPU that loads another has
 * flushed every entry of this one (no global pages).  The caller has
 * changed the page table already: the fence orders that change before the
 * look at cpu_pgd, so a CPU that loads pgd after the look walks the new
 * table.  A single-threaded process running nowhere else gives 0: no IPI.
 */
uint32_t cpu_vm_mask(const void *pgd)
{
	uint32_t mask = 0;
	int self = smp_processor_id();

	if (nr_cpu_ids == 1)
		return 0;	/* no other CPU: every shootdown is a no-op */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (int i = 0; i < nr_cpu_ids; i++)
		if (i != self && cpu_data[i].online && per_cpu(cpu_pgd, i) == pgd)
			mask |= 1u << i;
	return mask;
}

/*
 * Makes the CPUs of mask flush [start, end) (page aligned; the whole TLB
 * if it is longer than FLUSH_ALL_PAGES) and waits until each has, as long
 * as it takes: a frame must not go to anyone else while a CPU may still
 * reach it (under TCG on a busy host a CPU's thread may answer late).
 * Interrupts must be on: two CPUs may shoot down at each other at once,
 * and each must answer the other's while it waits for its own.
 */
void flush_tlb_others(uint32_t mask, uint32_t start, uint32_t end)
{
	struct flush_request *req;
	uint32_t online = 0;

	if (!mask)
		return;		/* the common case: the address space runs nowhere else */
	for (int i = 0; i < nr_cpu_ids; i++)
		online |= cpu_data[i].online << i;
	mask &= online & ~(1u << smp_processor_id());
	if (!mask)
		return;
	if (!(read_eflags() & FL_IF))
		panic("flush_tlb_others with interrupts off");
	req = &flush_requests[smp_processor_id()];
	req->start = start;
	req->end = end;
	req->pid = current->pid;
	__atomic_store_n(&req->cpumask, mask, __ATOMIC_RELEASE);
	for (int i = 0; i < nr_cpu_ids; i++)
		if (mask & (1u << i))
			apic_send_ipi(cpu_data[i].apic_id,
				      APIC_DM_FIXED | INVALIDATE_TLB_VECTOR);
	while (__atomic_load_n(&req->cpumask, __ATOMIC_ACQUIRE))
		cpu_relax();
}
