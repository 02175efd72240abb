/*
 * Several CPUs (issue 17, docs/smp.md).  The boot CPU (cpu0, the BSP) and
 * the others (APs), found in the firmware's tables (kernel/acpi.c,
 * kernel/mptable.c) and started by kernel/smpboot.c, all run tasks
 * (kernel/sched.c); each has its local APIC timer, and they interrupt each
 * other with the IPIs of kernel/smp.c.
 */
#ifndef KERNEL_SMP_H
#define KERNEL_SMP_H

#include <stdint.h>
#include "kernel/apic.h"
#include "kernel/gdt.h"
#include "kernel/percpu.h"

#define NR_CPUS		8
#define CPU_MASK_ALL	((1u << NR_CPUS) - 1)

/* What the kernel keeps per CPU; cpu_data[n] is cpu n's (Linux's name). */
struct cpuinfo {
	int apic_id;		/* its local APIC's id: how IPIs name it */
	volatile int online;	/* set by the CPU itself, once it can take IPIs */
	int nr_locks_held;	/* spin locks it holds now: locks_held (kernel/spinlock.h) */
	uint32_t percpu_offset;	/* its per-CPU variables' distance from cpu0's (kernel/percpu.h) */
	struct task *idle;	/* what it runs when no task is ready */
	/*
	 * An AP's own GDT and TSS: ltr marks a TSS busy in the GDT, so two
	 * CPUs cannot load the same one (cpu0 uses gdt.c's).
	 */
	uint64_t gdt[GDT_ENTRIES];
	struct tss tss;
	void *stack;		/* an AP's idle stack (lowest address) */
	/* Counted by its interrupt handlers; the ktests read them. */
	volatile uint32_t local_ticks;	/* LAPIC timer interrupts */
	volatile uint32_t resched_ipis;
	volatile uint32_t tlb_flush_seq;	/* the last shootdown it did */
};

extern struct cpuinfo cpu_data[NR_CPUS];
extern int nr_cpu_ids;			/* CPUs the firmware lists (present) */

DECLARE_PER_CPU(int, cpu_number);

/*
 * This CPU's number: a per-CPU variable, one load through %fs.  Asking the
 * local APIC for its id would work too, but each spin lock asks, and an
 * uncached read of a device register costs far more.
 */
static inline int smp_processor_id(void)
{
	return cpu_number;
}

/*
 * This CPU's cpu_data entry, from a per-CPU pointer to it (Linux i386's
 * current_cpu_data): one load through %fs, where &cpu_data[cpu_number]
 * took a multiply too.  Every spin lock asks it two or three times.
 */
DECLARE_PER_CPU(struct cpuinfo *, this_cpuinfo);

static inline struct cpuinfo *this_cpu(void)
{
	return this_cpuinfo;
}

static inline void cpu_relax(void)
{
	asm volatile("pause" ::: "memory");
}

/* smpboot.c */
int register_cpu(int apic_id);
void smp_find_cpus(void);
void smp_boot_cpus(void);
void start_secondary(int cpu);
int num_online_cpus(void);

/* acpi.c, mptable.c: 0 when their table was found and read */
int acpi_find_cpus(uint32_t *lapic_phys, uint32_t *ioapic_phys, int *ioapic_id);
int mp_find_cpus(uint32_t *lapic_phys, uint32_t *ioapic_phys, int *ioapic_id);

/* smp.c: the IPIs */
void smp_send_reschedule(int cpu);
void flush_tlb_others(uint32_t mask, uint32_t start, uint32_t end);
uint32_t cpu_vm_mask(const void *pgd);
void smp_invalidate_interrupt(void);
void smp_selftest(void);

#endif
