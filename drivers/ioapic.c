/*
 * The I/O APIC: the interrupt controller that can route each device's
 * interrupt line to any CPU.  shmos keeps the 8259 PIC instead (docs/smp.md
 * says why): it maps the I/O APIC, reads how many lines it has, and masks
 * every one, so that no device interrupt arrives twice, through both.
 *
 * Its registers are reached through two: IOREGSEL (offset 0) selects a
 * register, IOWIN (offset 0x10) reads or writes it.
 */
#include "drivers/ioapic.h"
#include "kernel/apic.h"
#include "kernel/printk.h"
#include "mm/vmalloc.h"

#define IOAPIC_VER		0x01	/* bits 16-23: the last redirection entry */
#define IOAPIC_REDTBL(n)	(0x10 + 2 * (n))	/* low word of entry n */

static volatile uint32_t *ioapic;

static uint32_t io_apic_read(uint32_t reg)
{
	ioapic[0] = reg;
	return ioapic[4];
}

static void io_apic_write(uint32_t reg, uint32_t v)
{
	ioapic[0] = reg;
	ioapic[4] = v;
}

void ioapic_init(uint32_t phys, int id)
{
	int pins;

	ioapic = ioremap(phys, 4096);
	pins = ((io_apic_read(IOAPIC_VER) >> 16) & 0xFF) + 1;
	for (int i = 0; i < pins; i++)
		io_apic_write(IOAPIC_REDTBL(i), APIC_LVT_MASKED);
	printk("ioapic: id %d at 0x%x, %d pins, all masked: the 8259 PIC "
	       "interrupts cpu0\n", id, phys, pins);
}
