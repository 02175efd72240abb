/* The VGA text screen, a copy of the console's output (drivers/vga.c). */
#ifndef DRIVERS_VGA_H
#define DRIVERS_VGA_H

void vga_init(void);
void vga_putc(char c);

#endif
