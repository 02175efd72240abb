/* The console: every byte of output to the serial line and to the screen. */
#include "drivers/console.h"
#include "drivers/serial.h"
#include "drivers/vga.h"

void console_init(void)
{
	serial_init();
	vga_init();
}

void console_write(const char *buf, int n)
{
	for (int i = 0; i < n; i++) {
		if (buf[i] == '\n')
			serial_putc('\r');	/* a terminal wants CR LF */
		serial_putc(buf[i]);
		vga_putc(buf[i]);
	}
}
