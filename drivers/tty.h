/*
 * The console tty (drivers/tty.c): the line discipline between the
 * serial line and keyboard, and the processes reading /dev/console.
 */
#ifndef DRIVERS_TTY_H
#define DRIVERS_TTY_H

/* A typed character, from interrupt context (serial.c, keyboard.c). */
void tty_receive(char c);

/* What /dev/tty and /dev/console open to (fs/devices.c). */
extern const struct file_operations tty_fops;

#endif
