/*
 * The interrupt descriptor table: 32 exceptions, 16 IRQs, int $0x80, and
 * the local APIC's vectors (kernel/apic.h).  Every CPU loads the same one.
 */
#include <stdint.h>
#include "kernel/apic.h"
#include "kernel/gdt.h"
#include "kernel/idt.h"
#include "kernel/trap.h"

static uint64_t idt[256];

#define INTR_GATE	0xE	/* the CPU turns interrupts off on entry */
#define TRAP_GATE	0xF	/* it leaves them as they were */
#define TASK_GATE	0x5	/* it switches to another task */

/*
 * Interrupts and exceptions come through interrupt gates: a hardware
 * interrupt's handler runs with interrupts off, so handlers never nest, and
 * a page fault reads CR2 before an interrupt could come (kernel/trap.c turns
 * them on after).  int $0x80 comes through a trap gate: system calls run
 * with interrupts on from the first instruction, as user code was.  The
 * double fault gets a task gate instead (kernel/doublefault.c).
 */
static uint64_t gate(uint32_t handler, int type, int dpl)
{
	return (handler & 0xFFFF) | ((uint64_t)KERNEL_CS << 16) |
	       ((uint64_t)(0x80 | (dpl << 5) | type) << 40) |
	       ((uint64_t)(handler >> 16) << 48);
}

/*
 * A task gate: the CPU switches to the task whose TSS descriptor
 * sel names, on that task's stack.  Only the double fault has one.
 */
void set_task_gate(int n, uint16_t sel)
{
	idt[n] = ((uint64_t)sel << 16) | ((uint64_t)(0x80 | TASK_GATE) << 40);
}

void idt_init(void)
{
	for (int i = 0; i < 48; i++)
		idt[i] = gate(vectors[i], INTR_GATE, i == T_BRKPT ? 3 : 0);
	idt[T_SYSCALL] = gate((uint32_t)vector128, TRAP_GATE, 3);
	for (int i = FIRST_SYSTEM_VECTOR; i < 256; i++)
		idt[i] = gate(apic_vectors[i - FIRST_SYSTEM_VECTOR], INTR_GATE, 0);
	idt_load();
}

void idt_load(void)
{
	struct { uint16_t limit; uint32_t base; } __attribute__((packed)) idtr;

	idtr.limit = sizeof(idt) - 1;
	idtr.base = (uint32_t)idt;
	asm volatile("lidt %0" : : "m"(idtr));
}
