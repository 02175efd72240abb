// tty_edit: canonical mode's editing characters, as a pty's slave gets them (the line
// discipline is the console's too): ^W erases a word (and the blanks after it), ^R
// echoes the line again, ^V takes the next character as it is (^C, ^D, ^H), ^H is no
// erase while VERASE is DEL, ^U under ECHOKE backs over the line and without it echoes
// ^U (and a newline under ECHOK), DEL without ECHOE echoes ^?, ECHONL echoes the newline
// without ECHO, and erasing a tab backs up to the column it came from: from the
// prompt's end, or from the tab before it. Each line: what the master got back (the
// echo) and what read() on the slave got.
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static int m, s;

// bytes as C would write them: CR as \r, control characters as \ooo
static void show(const char *what, const char *buf, long n)
{
	printf("%s \"", what);
	for (long i = 0; i < n; i++) {
		unsigned char c = buf[i];

		if (c == '\r')
			printf("\\r");
		else if (c == '\n')
			printf("\\n");
		else if (c < 32 || c == 127)
			printf("\\%03o", c);
		else
			putchar(c);
	}
	printf("\"");
}

// what fd has within 200 ms of quiet
static long drain(int fd, char *buf, long size)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	long got = 0, r;

	while (got < size && poll(&p, 1, 200) == 1 && (r = read(fd, buf + got, size - got)) > 0)
		got += r;
	return got;
}

// the slave writes prompt, the master types keys: the echo, then the slave's line
static void line(const char *prompt, const char *keys)
{
	char buf[256];

	write(s, prompt, strlen(prompt));
	drain(m, buf, sizeof(buf));
	write(m, keys, strlen(keys));
	show("echo", buf, drain(m, buf, sizeof(buf)));
	show(" read", buf, drain(s, buf, sizeof(buf)));
	printf("\n");
}

static void lflag(tcflag_t off, tcflag_t on)
{
	struct termios t;

	tcgetattr(s, &t);
	t.c_lflag = (t.c_lflag & ~off) | on;
	tcsetattr(s, TCSANOW, &t);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (openpty(&m, &s, NULL, NULL, NULL) != 0) {
		perror("openpty");
		return 1;
	}
	fcntl(s, F_SETFL, O_NONBLOCK);
	line("", "one two\027three\n");
	line("", "foo bar  \027x\n");
	line("", "a_1.b-c\027\027\027d\n");
	line("", "ab\022c\n");
	line("", "a\026\003b\n");
	line("", "a\026\004b\n");
	line("", "x\010y\n");
	line("", "abc\025d\n");
	line("$ ", "a\tb\177\177\177c\n");
	line("$ ", "ab\tc\td\177\177\177\177e\n");
	line("12345678", "\t\177f\n");
	line("", "a\003x\n");
	lflag(ECHOKE, 0);
	line("", "abc\025d\n");
	lflag(ECHOK, 0);
	line("", "abc\025d\n");
	lflag(ECHOE, ECHOK | ECHOKE);
	line("", "abc\177d\n");
	lflag(ECHO, ECHOE | ECHONL);
	line("", "hid\177den\n");
	lflag(IEXTEN, ECHO);
	line("", "a\027\022\026b\n");
	return 0;
}
