/* The PS/2 keyboard (drivers/keyboard.c). */
#ifndef DRIVERS_KEYBOARD_H
#define DRIVERS_KEYBOARD_H

void kbd_intr(void);		/* IRQ 1: typed characters to the tty */

#endif
