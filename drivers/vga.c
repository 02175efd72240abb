/* The VGA text screen: 80x25 cells at physical 0xB8000, mirrors the serial line. */
#include <stdint.h>
#include "drivers/vga.h"
#include "kernel/string.h"
#include "kernel/x86.h"
#include "mm/layout.h"

#define COLS	80
#define ROWS	25
#define ATTR	0x0700		/* light grey on black */

static uint16_t *const screen = (uint16_t *)P2V(0xB8000);
static int pos;

static void move_cursor(void)
{
	outb(0x3D4, 14);
	outb(0x3D5, pos >> 8);
	outb(0x3D4, 15);
	outb(0x3D5, pos);
}

void vga_init(void)
{
	for (int i = 0; i < COLS * ROWS; i++)
		screen[i] = ATTR | ' ';
	pos = 0;
	move_cursor();
}

void vga_putc(char c)
{
	if (c == '\n')
		pos += COLS - pos % COLS;
	else if (c == '\b') {
		if (pos % COLS)
			screen[--pos] = ATTR | ' ';
	} else if (c != '\r')
		screen[pos++] = ATTR | (uint8_t)c;
	if (pos >= COLS * ROWS) {
		memmove(screen, screen + COLS, (ROWS - 1) * COLS * 2);
		for (int i = (ROWS - 1) * COLS; i < ROWS * COLS; i++)
			screen[i] = ATTR | ' ';
		pos -= COLS;
	}
	move_cursor();
}
