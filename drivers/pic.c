/* The two 8259 PICs, remapped so IRQ n arrives on vector 32 + n. */
#include "drivers/pic.h"
#include "kernel/trap.h"
#include "kernel/x86.h"

#define PIC1		0x20
#define PIC2		0xA0
#define PIC_EOI		0x20

void pic_init(void)
{
	outb(PIC1, 0x11);		/* ICW1: edge, cascade, ICW4 follows */
	outb(PIC2, 0x11);
	outb(PIC1 + 1, T_IRQ0);		/* ICW2: vector base */
	outb(PIC2 + 1, T_IRQ0 + 8);
	outb(PIC1 + 1, 1 << 2);		/* ICW3: slave on IRQ 2 */
	outb(PIC2 + 1, 2);
	outb(PIC1 + 1, 0x01);		/* ICW4: 8086 mode */
	outb(PIC2 + 1, 0x01);
	/* Unmask the timer, keyboard, cascade and COM1 only. */
	outb(PIC1 + 1, ~((1 << IRQ_TIMER) | (1 << IRQ_KBD) | (1 << 2) |
			 (1 << IRQ_COM1)));
	outb(PIC2 + 1, 0xFF);
	/* OCW3: PIC1's command port reads back its request register (timer.c). */
	outb(PIC1, 0x0A);
}

/* Lets irq through: a driver calls it once it can take its interrupts. */
void pic_unmask(int irq)
{
	uint16_t port = irq < 8 ? PIC1 + 1 : PIC2 + 1;

	outb(port, inb(port) & ~(1 << (irq & 7)));
}

void pic_eoi(int irq)
{
	if (irq >= 8)
		outb(PIC2, PIC_EOI);
	outb(PIC1, PIC_EOI);
}
