/*
 * The I/O APIC (drivers/ioapic.c): found, and every line masked, since
 * the 8259 PIC (drivers/pic.c) delivers the devices' interrupts.
 */
#ifndef DRIVERS_IOAPIC_H
#define DRIVERS_IOAPIC_H

#include <stdint.h>

void ioapic_init(uint32_t phys, int id);

#endif
