/* The interrupt descriptor table (kernel/idt.c). */
#ifndef KERNEL_IDT_H
#define KERNEL_IDT_H

#include <stdint.h>

void idt_init(void);
void idt_load(void);		/* on each CPU */
void set_task_gate(int n, uint16_t sel);

/* The entry stubs the gates point at (kernel/trapentry.S). */
extern uint32_t vectors[];	/* vectors 0-47: exceptions and IRQs */
void vector128(void);		/* int $0x80 */
extern uint32_t apic_vectors[];	/* FIRST_SYSTEM_VECTOR .. 255 */

#endif
