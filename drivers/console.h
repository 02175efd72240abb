/*
 * The console (drivers/console.c): output goes to COM1 and to the VGA text
 * screen.  Input comes from COM1 and the PS/2 keyboard, one character at a
 * time and from interrupt context, and goes to the tty (drivers/tty.c).
 */
#ifndef DRIVERS_CONSOLE_H
#define DRIVERS_CONSOLE_H

void console_init(void);
void console_write(const char *buf, int n);
void console_write_raw(const char *buf, int n);

#endif
