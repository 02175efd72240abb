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

/* crlf: the CR of each LF added (the kernel's messages), else the bytes as they are. */
static void write_chars(const char *buf, int n, int crlf)
{
	for (int i = 0; i < n; i++) {
		if (crlf && buf[i] == '\n')
			serial_putc('\r');	/* a terminal wants CR LF */
		serial_putc(buf[i]);
		vga_putc(buf[i]);
	}
}

/* Inlined: scripts/stackcheck sees each caller take the lock itself (console_write's
 * cycle through panic is allowed by name). */
static inline __attribute__((always_inline)) void __console_write(const char *buf, int n,
								  int crlf)
{
	uint32_t flags;

	if (oops_in_progress) {
		write_chars(buf, n, crlf);
		return;
	}
	spin_lock_irqsave(&console_lock, flags);
	write_chars(buf, n, crlf);
	spin_unlock_irqrestore(&console_lock, flags);
}

/* The kernel's messages (printk): each LF goes out as CR LF. */
void console_write(const char *buf, int n)
{
	__console_write(buf, n, 1);
}

/*
 * The console tty's output, which the line discipline's output processing
 * (OPOST, ONLCR) has made what the terminal is to get: written unchanged.
 */
void console_write_raw(const char *buf, int n)
{
	__console_write(buf, n, 0);
}
