/*
 * The console: every byte of output to the serial line and to the screen.
 * Tasks (write, printk) and the tty's echo from interrupt handlers share
 * the UART and the screen's cursor, so a write is whole under console_lock,
 * with interrupts off.  An oops prints without it: it may have come in the
 * middle of a write.
 */
#include "drivers/console.h"
#include "drivers/serial.h"
#include "drivers/vga.h"
#include "kernel/oops.h"
#include "kernel/spinlock.h"

/* Held while the UART takes the bytes: not timed by the lock checker. */
static DEFINE_DEVICE_SPINLOCK(console_lock);

void console_init(void)
{
	serial_init();
	vga_init();
}

static void write_chars(const char *buf, int n)
{
	for (int i = 0; i < n; i++) {
		if (buf[i] == '\n')
			serial_putc('\r');	/* a terminal wants CR LF */
		serial_putc(buf[i]);
		vga_putc(buf[i]);
	}
}

void console_write(const char *buf, int n)
{
	uint32_t flags;

	if (oops_in_progress) {
		write_chars(buf, n);
		return;
	}
	spin_lock_irqsave(&console_lock, flags);
	write_chars(buf, n);
	spin_unlock_irqrestore(&console_lock, flags);
}
