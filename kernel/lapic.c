/*
 * The local APIC: each CPU's own interrupt controller, at the same physical
 * address on every CPU (each sees its own).  shmos uses it for
 *  - the local timer, HZ times a second on every CPU, calibrated against
 *    the PIT: each CPU's scheduler tick but cpu0's, which the PIT gives
 *    with jiffies (kernel/timer.c);
 *  - IPIs, interrupts one CPU sends another (kernel/smp.c), and the INIT
 *    and startup IPIs that start the other CPUs (kernel/smpboot.c);
 *  - on the boot CPU, LINT0 passes the 8259 PIC's interrupts through
 *    ("virtual wire" mode), so devices keep their IRQs (docs/smp.md).
 */
#include "kernel/apic.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "kernel/x86.h"
#include "mm/vmalloc.h"

volatile uint32_t *lapic;
static uint32_t calibration_result;	/* timer counts in a tick (1/HZ s) */
uint64_t tsc_per_tick;			/* for udelay and kernel/lockdep.c */

void lapic_map(uint32_t phys)
{
	lapic = ioremap(phys, 4096);
}

#define PIT_HZ		1193182
#define PIT_TICK	((PIT_HZ + HZ / 2) / HZ)

/*
 * How far the local timer (divided by 16) and the TSC count in one tick:
 * both start, then the PIT's channel 2 counts one tick down, the way
 * Linux calibrates.  Channel 2 is the speaker's, gated by port 0x61 bit 0
 * (the speaker itself stays off, bit 1), and its output shows in bit 5.
 * A CPU that is late to see the output go up (under QEMU, a host thread
 * the host did not run) counts too much, never too little: the least of
 * a few rounds is the nearest.
 */
#define CALIBRATE_ROUNDS	5

void calibrate_APIC_clock(void)
{
	uint64_t tsc;

	calibration_result = 0xFFFFFFFF;
	for (int round = 0; round < CALIBRATE_ROUNDS; round++) {
		uint32_t counts;

		outb(0x61, (inb(0x61) & ~0x02) | 0x01);
		outb(0x43, 0xB0);		/* channel 2, lobyte/hibyte, mode 0 */
		outb(0x42, PIT_TICK & 0xFF);
		outb(0x42, PIT_TICK >> 8);
		apic_write(APIC_TDCR, APIC_TDR_DIV_16);
		apic_write(APIC_LVTT, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR);
		apic_write(APIC_TMICT, 0xFFFFFFFF);
		tsc = rdtsc();
		while (!(inb(0x61) & 0x20))
			;
		counts = 0xFFFFFFFF - apic_read(APIC_TMCCT);
		tsc = rdtsc() - tsc;
		if (counts < calibration_result) {
			calibration_result = counts;
			tsc_per_tick = tsc;
		}
	}
	apic_write(APIC_TMICT, 0);
	printk("lapic: timer %u counts a tick (divide by 16), TSC %u\n",
	       calibration_result, (uint32_t)tsc_per_tick);
}

/* Busy-waits usecs microseconds (the TSC, calibrated above). */
void udelay(uint32_t usecs)
{
	uint64_t start = rdtsc(), cycles = tsc_per_tick * usecs / (1000000 / HZ);

	while (rdtsc() - start < cycles)
		cpu_relax();
}

/*
 * This CPU's local APIC on: its spurious vector, errors reported, and the
 * timer periodic at HZ.  LINT0 and LINT1 are wired to the PIC and NMI on
 * the boot CPU only; on the others they stay masked.
 */
void setup_local_APIC(int cpu)
{
	apic_write(APIC_TASKPRI, 0);		/* accept every vector */
	apic_write(APIC_SPIV, APIC_SPIV_ENABLE | SPURIOUS_APIC_VECTOR);
	apic_write(APIC_LVT0, cpu == 0 ? APIC_DM_EXTINT : APIC_LVT_MASKED);
	apic_write(APIC_LVT1, cpu == 0 ? APIC_DM_NMI : APIC_LVT_MASKED);
	apic_write(APIC_LVTERR, ERROR_APIC_VECTOR);
	apic_write(APIC_ESR, 0);		/* the ESR latches on a write */
	apic_write(APIC_ESR, 0);
	apic_write(APIC_TDCR, APIC_TDR_DIV_16);
	apic_write(APIC_LVTT, APIC_LVT_PERIODIC | LOCAL_TIMER_VECTOR);
	apic_write(APIC_TMICT, calibration_result);
	apic_write(APIC_EOI, 0);		/* nothing left in service */
}

/*
 * The local timer back to its ticks, after a one-shot.  The count goes
 * first: periodic mode with the one-shot's count of a few still in the
 * register would fire every few bus cycles, and QEMU's timer loop, doing
 * nothing else, keeps this CPU from its next write (it waits for QEMU's
 * lock) for good.
 */
static void lapic_timer_periodic(void)
{
	apic_write(APIC_TMICT, calibration_result);
	apic_write(APIC_LVTT, APIC_LVT_PERIODIC | LOCAL_TIMER_VECTOR);
}

/*
 * This CPU's local timer fires once, ns (less than a tick) from now, for
 * the earliest timed sleep (kernel/hrtimer.c); its interrupt runs the
 * sleepers due and puts the timer back to its ticks.  Without a local
 * APIC the tick alone serves those sleeps.
 */
void lapic_timer_oneshot(uint32_t ns)
{
	uint32_t count = (uint64_t)ns * calibration_result / TICK_NSEC;

	if (!lapic)
		return;
	apic_write(APIC_LVTT, LOCAL_TIMER_VECTOR);	/* one-shot mode */
	apic_write(APIC_TMICT, count ? count : 1);
}

/*
 * Sends icr (vector and delivery mode) to the CPU whose APIC id is
 * apic_id, or with a shorthand in icr to those it names.  Interrupts are
 * off so that no handler's IPI comes between the two writes.  A send
 * waits until the APIC has delivered the one before, as Linux's does, and
 * not for its own: each read of the register is a device access (under
 * QEMU a trip out of the translated code), and a wake-up's IPI is on the
 * path from the waker to the woken task.
 */
void apic_send_ipi(int apic_id, uint32_t icr)
{
	uint32_t flags = local_irq_save();

	while (apic_read(APIC_ICR) & APIC_ICR_BUSY)
		cpu_relax();
	apic_write(APIC_ICR2, (uint32_t)apic_id << 24);
	apic_write(APIC_ICR, icr);
	local_irq_restore(flags);
}

/*
 * A vector of the local APIC's (from trap()), interrupts off.  Each but
 * the spurious one ends with an EOI; a spurious interrupt is none the
 * APIC counts as in service, so it must not get one (Intel SDM 11.9).
 */
void apic_interrupt(struct trapframe *tf)
{
	struct cpuinfo *cpu = this_cpu();

	switch (tf->trapno) {
	case LOCAL_TIMER_VECTOR:
		cpu->local_ticks++;
		if (!(apic_read(APIC_LVTT) & APIC_LVT_PERIODIC)) {
			lapic_timer_periodic();	/* it was a one-shot */
			hrtimer_interrupt();
		} else if (smp_processor_id() != 0) {	/* cpu0's is the PIT's */
			scheduler_tick(user_mode(tf));
		}
		break;
	case RESCHEDULE_VECTOR:
		/*
		 * Nothing to do but end: the interrupt's way back looks.  A
		 * sender that wants a switch set need_resched first
		 * (resched_cpu); kick_process wants only the return to user
		 * mode to see a signal.
		 */
		cpu->resched_ipis++;
		break;
	case INVALIDATE_TLB_VECTOR:
		smp_invalidate_interrupt();
		break;
	case ERROR_APIC_VECTOR:
		apic_write(APIC_ESR, 0);
		printk("cpu%d: APIC error, ESR 0x%x\n", smp_processor_id(),
		       apic_read(APIC_ESR));
		break;
	case SPURIOUS_APIC_VECTOR:
		return;
	default:
		printk("cpu%d: unexpected APIC vector 0x%x\n",
		       smp_processor_id(), tf->trapno);
	}
	apic_write(APIC_EOI, 0);
}
