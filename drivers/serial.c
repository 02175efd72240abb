/* COM1, the 16550 UART QEMU connects to its -serial backend. */
#include "drivers/serial.h"
#include "drivers/tty.h"
#include "kernel/x86.h"

#define COM1	0x3F8
#define LSR_DATA_READY	0x01
#define LSR_THR_EMPTY	0x20

void serial_init(void)
{
	outb(COM1 + 1, 0x00);		/* no interrupts while we set it up */
	outb(COM1 + 3, 0x80);		/* DLAB: next two bytes are the divisor */
	outb(COM1 + 0, 1);		/* 115200 baud */
	outb(COM1 + 1, 0);
	outb(COM1 + 3, 0x03);		/* 8 bits, no parity, one stop bit */
	outb(COM1 + 2, 0xC7);		/* FIFOs on */
	outb(COM1 + 4, 0x0B);		/* OUT2 routes the interrupt to the PIC */
	outb(COM1 + 1, 0x01);		/* interrupt when data arrives */
}

void serial_putc(char c)
{
	while (!(inb(COM1 + 5) & LSR_THR_EMPTY))
		;
	outb(COM1, c);
}

void serial_intr(void)
{
	while (inb(COM1 + 5) & LSR_DATA_READY) {
		tty_receive(inb(COM1));	/* a terminal's Enter is CR: ICRNL makes it LF */
	}
}
