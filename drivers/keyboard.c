/*
 * PS/2 keyboard, scan code set 1, US layout: enough for a shell.  As
 * Linux's console keyboard, Enter is CR (ICRNL makes it LF) and Backspace
 * DEL (^?, VERASE).
 */
#include <stdint.h>
#include "drivers/keyboard.h"
#include "drivers/tty.h"
#include "kernel/x86.h"

#define KBD_DATA	0x60
#define KBD_STATUS	0x64

static const char normal[128] = {
	0, 27, '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-', '=', 127,
	'\t', 'q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p', '[', ']', '\r',
	0, 'a', 's', 'd', 'f', 'g', 'h', 'j', 'k', 'l', ';', '\'', '`',
	0, '\\', 'z', 'x', 'c', 'v', 'b', 'n', 'm', ',', '.', '/', 0, '*',
	0, ' ',
};

static const char shifted[128] = {
	0, 27, '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_', '+', 127,
	'\t', 'Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', '{', '}', '\r',
	0, 'A', 'S', 'D', 'F', 'G', 'H', 'J', 'K', 'L', ':', '"', '~',
	0, '|', 'Z', 'X', 'C', 'V', 'B', 'N', 'M', '<', '>', '?', 0, '*',
	0, ' ',
};

#define SC_LSHIFT	0x2A
#define SC_RSHIFT	0x36
#define SC_CTRL		0x1D
#define SC_RELEASE	0x80

static int shift, ctrl;

void kbd_intr(void)
{
	while (inb(KBD_STATUS) & 1) {
		uint8_t sc = inb(KBD_DATA);
		int down = !(sc & SC_RELEASE);
		char c;

		sc &= ~SC_RELEASE;
		if (sc == SC_LSHIFT || sc == SC_RSHIFT) {
			shift = down;
			continue;
		}
		if (sc == SC_CTRL) {
			ctrl = down;
			continue;
		}
		c = shift ? shifted[sc] : normal[sc];
		if (!down || !c)
			continue;
		if (ctrl && c >= 'a' && c <= 'z')
			c -= 'a' - 1;		/* Ctrl-C is 3, Ctrl-D is 4 ... */
		else if (ctrl && c == '\\')
			c = 034;		/* Ctrl-\ (SIGQUIT) */
		tty_receive(c);
	}
}
