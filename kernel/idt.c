/* The interrupt descriptor table: 32 exceptions, 16 IRQs and int $0x80. */
#include <stdint.h>
#include "kernel/gdt.h"
#include "kernel/idt.h"
#include "kernel/trap.h"

static uint64_t idt[256];

/*
 * Interrupt gates (type 0xE) everywhere: the CPU clears IF on entry, so the
 * kernel runs with interrupts off and needs no locks.  User code is
 * interrupted as usual; the kernel only enables interrupts to wait (idle).
 * The double fault gets a task gate instead (kernel/doublefault.c).
 */
static uint64_t gate(uint32_t handler, int dpl)
{
	return (handler & 0xFFFF) | ((uint64_t)KERNEL_CS << 16) |
	       ((uint64_t)(0x8E | (dpl << 5)) << 40) |
	       ((uint64_t)(handler >> 16) << 48);
}

/*
 * A task gate (type 5): the CPU switches to the task whose TSS descriptor
 * sel names, on that task's stack.  Only the double fault has one.
 */
void set_task_gate(int n, uint16_t sel)
{
	idt[n] = ((uint64_t)sel << 16) | ((uint64_t)0x85 << 40);
}

void idt_init(void)
{
	struct { uint16_t limit; uint32_t base; } __attribute__((packed)) idtr;

	for (int i = 0; i < 48; i++)
		idt[i] = gate(vectors[i], i == T_BRKPT ? 3 : 0);
	idt[T_SYSCALL] = gate((uint32_t)vector128, 3);
	idtr.limit = sizeof(idt) - 1;
	idtr.base = (uint32_t)idt;
	asm volatile("lidt %0" : : "m"(idtr));
}
