/*
 * The console: output goes to COM1 and to the VGA text screen; input comes
 * from COM1 and the PS/2 keyboard and is handed, one character at a time
 * and from interrupt context, to the tty layer (tty_receive in drivers/tty.c).
 */
#ifndef DRIVERS_CONSOLE_H
#define DRIVERS_CONSOLE_H

void console_init(void);
void console_write(const char *buf, int n);
void tty_receive(char c);

void serial_init(void);
void serial_putc(char c);
void serial_intr(void);
void vga_init(void);
void vga_putc(char c);
void kbd_intr(void);

#endif
