/*
 * The local APIC, one per CPU (kernel/lapic.c): its registers, and the
 * vectors it raises.  docs/smp.md tells what shmos uses it for.
 */
#ifndef KERNEL_APIC_H
#define KERNEL_APIC_H

#include <stdint.h>
#include "kernel/trap.h"

/* Local APIC registers: byte offsets in its 4 KiB page (Intel SDM vol. 3, 11.4.1). */
#define APIC_ID		0x020	/* bits 24-31 */
#define APIC_LVR	0x030	/* version; bits 16-23: the LVT entries - 1 */
#define APIC_TASKPRI	0x080
#define APIC_EOI	0x0B0
#define APIC_SPIV	0x0F0	/* spurious vector, and bit 8: the APIC is on */
#define APIC_ESR	0x280	/* error status */
#define APIC_ICR	0x300	/* interrupt command: vector, mode, shorthand */
#define APIC_ICR2	0x310	/* its destination's APIC id, bits 24-31 */
#define APIC_LVTT	0x320	/* local vector table: the timer */
#define APIC_LVT0	0x350	/* LINT0: the 8259 PIC's output */
#define APIC_LVT1	0x360	/* LINT1: NMI */
#define APIC_LVTERR	0x370
#define APIC_TMICT	0x380	/* timer: initial count */
#define APIC_TMCCT	0x390	/* timer: current count */
#define APIC_TDCR	0x3E0	/* timer: divide configuration */

#define APIC_SPIV_ENABLE	(1 << 8)
#define APIC_LVT_MASKED		(1 << 16)
#define APIC_LVT_PERIODIC	(1 << 17)
#define APIC_DM_FIXED		0x000
#define APIC_DM_NMI		0x400
#define APIC_DM_INIT		0x500
#define APIC_DM_STARTUP		0x600
#define APIC_DM_EXTINT		0x700
#define APIC_ICR_BUSY		(1 << 12)	/* delivery status: not yet sent */
#define APIC_INT_ASSERT		(1 << 14)
#define APIC_INT_LEVELTRIG	(1 << 15)
#define APIC_DEST_ALLBUT	(3 << 18)	/* shorthand: every CPU but this one */
#define APIC_TDR_DIV_16		0x3

/*
 * The vectors above the PIC's 32-47, Linux 2.4's numbers: the CPU takes a
 * higher vector first, and the IPIs come before the timer.
 */
#define FIRST_SYSTEM_VECTOR	0xEF
#define LOCAL_TIMER_VECTOR	0xEF
#define RESCHEDULE_VECTOR	0xFC
#define INVALIDATE_TLB_VECTOR	0xFD
#define ERROR_APIC_VECTOR	0xFE
#define SPURIOUS_APIC_VECTOR	0xFF

extern volatile uint32_t *lapic;	/* NULL: no local APIC found */
extern uint64_t tsc_per_tick;		/* TSC counts in a tick: 0 if not measured */

static inline uint32_t apic_read(uint32_t reg)
{
	return lapic[reg / 4];
}

static inline void apic_write(uint32_t reg, uint32_t v)
{
	lapic[reg / 4] = v;
}

/* lapic.c */
void lapic_map(uint32_t phys);
void calibrate_APIC_clock(void);
void setup_local_APIC(int cpu);
void udelay(uint32_t usecs);
void apic_send_ipi(int apic_id, uint32_t icr);
void apic_interrupt(struct trapframe *tf);
void lapic_timer_oneshot(uint32_t ns);

#endif
