/* COM1, the console's serial line (drivers/serial.c). */
#ifndef DRIVERS_SERIAL_H
#define DRIVERS_SERIAL_H

void serial_init(void);
void serial_putc(char c);
void serial_intr(void);		/* IRQ 4: received characters to the tty */

#endif
