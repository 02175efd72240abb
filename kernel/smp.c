/*
 * Interprocessor interrupts: one CPU asking the others to do something
 * now.  Two so far, Linux 2.4's:
 *
 *  - RESCHEDULE_VECTOR: "look at your run queue".  The tasks still run on
 *    cpu0 only, so the receiver only counts it (kernel/lapic.c).
 *  - INVALIDATE_TLB_VECTOR: a TLB shootdown.  A CPU caches the translations
 *    it used in its TLB, and no other CPU's change of a page table reaches
 *    it: after unmapping a page another CPU may have used, the kernel must
 *    make that CPU flush the entry, and wait until it has, before the frame
 *    can go to someone else.  flush_tlb_others asks every other online CPU
 *    and waits for each one's acknowledgement.
 */
#include "kernel/smp.h"
#include "kernel/oops.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "kernel/x86.h"
#include "mm/layout.h"

void smp_send_reschedule(int cpu)
{
	apic_send_ipi(cpu_data[cpu].apic_id, APIC_DM_FIXED | RESCHEDULE_VECTOR);
}

/*
 * The shootdown in flight, tlb_lock's: one at a time.  flush_cpumask has
 * a bit for each CPU that has not acknowledged it yet; each clears its own.
 */
static DEFINE_SPINLOCK(tlb_lock);
static uint32_t flush_start, flush_end, flush_seq;
static volatile uint32_t flush_cpumask;

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

/* INVALIDATE_TLB_VECTOR's handler, interrupts off. */
void smp_invalidate_interrupt(void)
{
	struct cpuinfo *cpu = this_cpu();

	local_flush_tlb_range(flush_start, flush_end);
	cpu->tlb_flush_seq = flush_seq;
	__atomic_and_fetch(&flush_cpumask, ~(1u << smp_processor_id()), __ATOMIC_RELEASE);
}

/*
 * Makes every other online CPU flush [start, end) (page aligned; the whole
 * TLB if it is longer than FLUSH_ALL_PAGES) and waits for them all, at most
 * a second.  Interrupts must be on: a CPU that waits here for tlb_lock
 * must still answer the shootdown of the CPU that holds it.  Returns the
 * CPUs that did not acknowledge, as a mask: 0 when all did.
 */
uint32_t flush_tlb_others(uint32_t start, uint32_t end)
{
	uint32_t mask = 0, late;
	int self = smp_processor_id();

	if (!(read_eflags() & FL_IF))
		panic("flush_tlb_others with interrupts off");
	for (int i = 0; i < nr_cpu_ids; i++)
		if (i != self && cpu_data[i].online)
			mask |= 1u << i;
	if (!mask)
		return 0;
	spin_lock(&tlb_lock);
	flush_start = start;
	flush_end = end;
	flush_seq++;
	__atomic_store_n(&flush_cpumask, mask, __ATOMIC_RELEASE);
	apic_send_ipi(0, APIC_DEST_ALLBUT | APIC_DM_FIXED | INVALIDATE_TLB_VECTOR);
	for (int us = 0; us < 1000000 && flush_cpumask; us += 10)
		udelay(10);
	late = flush_cpumask;
	spin_unlock(&tlb_lock);
	return late;
}
