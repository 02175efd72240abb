/*
 * In-kernel tests of the other CPUs (run with `ktest` or `ktest=smp`):
 * each CPU the firmware lists is online, each one's local timer ticks, and
 * each one answers the IPIs.  With one CPU only the first two mean much;
 * tests/run boots them at 2 and 4 CPUs too.
 */
#include "kernel/ktest.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"
#include "kernel/x86.h"
#include "mm/layout.h"

/*
 * Waits up to 2 s, interrupts on, for *counter to pass before.  A tick or
 * an IPI comes within microseconds, but under QEMU each CPU is a host
 * thread, which a busy host may not run for a second (at 8 CPUs beside
 * other QEMUs, 100 ms was sometimes too short: ktest-smp/8 failed).
 */
static int advances(volatile uint32_t *counter, uint32_t before)
{
	for (int ms = 0; ms < 2000 && *counter == before; ms++)
		udelay(1000);
	return *counter != before;
}

static const char *test_online(void)
{
	if (!lapic)
		return nr_cpu_ids == 1 ? NULL : "CPUs but no local APIC";
	return num_online_cpus() == nr_cpu_ids ? NULL : "a listed CPU did not start";
}

/* Two ticks of each CPU's own timer, its first ones counted after boot. */
static const char *test_local_timer(void)
{
	for (int i = 0; lapic && i < nr_cpu_ids; i++) {
		uint32_t before = cpu_data[i].local_ticks;

		if (!advances(&cpu_data[i].local_ticks, before) ||
		    !advances(&cpu_data[i].local_ticks, before + 1))
			return "a CPU's local APIC timer does not tick";
	}
	return NULL;
}

static const char *test_reschedule_ipi(void)
{
	for (int i = 1; i < nr_cpu_ids; i++) {
		uint32_t before = cpu_data[i].resched_ipis;

		smp_send_reschedule(i);
		if (!advances(&cpu_data[i].resched_ipis, before))
			return "a CPU did not take its reschedule IPI";
	}
	return NULL;
}

/*
 * A range (invlpg each page), then a whole flush: every other online CPU
 * acknowledges each (else flush_tlb_others waits for ever: the boot's
 * timeout fails the test), having done that one (its sequence number).
 */
static const char *test_tlb_shootdown(void)
{
	uint32_t ranges[2][2] = {
		{ KERNEL_BASE, KERNEL_BASE + 4 * PAGE_SIZE },
		{ 0, TASK_SIZE },
	};
	uint32_t before[NR_CPUS];

	for (int r = 0; r < 2; r++) {
		for (int i = 0; i < nr_cpu_ids; i++)
			before[i] = cpu_data[i].tlb_flush_seq;
		flush_tlb_others(CPU_MASK_ALL, ranges[r][0], ranges[r][1]);	/* waits for all */
		for (int i = 1; i < nr_cpu_ids; i++)
			if (cpu_data[i].tlb_flush_seq != before[i] + 1)
				return "a CPU acknowledged without flushing";
	}
	return NULL;
}

void smp_selftest(void)
{
	uint32_t flags = read_eflags();

	sti();			/* the ticks and IPIs come in; ktests run with them off */
	ktest_report("smp/online", test_online());
	ktest_report("smp/local_timer", test_local_timer());
	ktest_report("smp/reschedule_ipi", test_reschedule_ipi());
	ktest_report("smp/tlb_shootdown", test_tlb_shootdown());
	local_irq_restore(flags);
}
