// tty_edit: canonical mode's editing characters, as a pty's slave gets them (the line
// discipline is the console's too): ^W erases a word (and the blanks after it), ^R
// echoes the line again, ^V takes the next character as it is (^C, ^D, ^H), ^H is no
// erase while VERASE is DEL, ^U under ECHOKE backs over the line and without it echoes
// ^U (and a newline under ECHOK), DEL without ECHOE echoes ^?, ECHONL echoes the newline
// without ECHO, and erasing a tab backs up to the column it came from: from the
// prompt's end, or from the tab before it. Each line: what the master got back (the
// echo) and what read() on the slave got. Without ICANON a typed newline echoes as ^J,
// and VMIN and VTIME say how long read() waits: VTIME alone for one character, both
// from the last character that came.
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "check.h"

static int m, s;

// what fd has: the first bytes within 500 ms (Linux types a master's bytes on the slave
// from a worker), the rest until 20 ms of quiet
static long drain(int fd, char *buf, long size)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	long got = 0, r;

	while (got < size && poll(&p, 1, got ? 20 : 500) == 1 &&
	       (r = read(fd, buf + got, size - got)) > 0)
		got += r;
	return got;
}

// the slave writes prompt, the master types keys: the echo, then the slave's line
static void line(const char *prompt, const char *keys)
{
	char buf[256];

	if (*prompt) {
		write(s, prompt, strlen(prompt));
		drain(m, buf, sizeof(buf));
	}
	write(m, keys, strlen(keys));
	show_bytes("echo", buf, drain(m, buf, sizeof(buf)));
	show_bytes("read", buf, drain(s, buf, sizeof(buf)));
}

static void lflag(tcflag_t off, tcflag_t on)
{
	struct termios t;

	tcgetattr(s, &t);
	t.c_lflag = (t.c_lflag & ~off) | on;
	tcsetattr(s, TCSANOW, &t);
}

// without ICANON: keys typed, then a blocking read() of up to 16 bytes with VMIN, VTIME
static void timed_read(int min, int time, const char *keys)
{
	struct termios t;
	char buf[16];
	long long t0;
	long r, ms;

	tcgetattr(s, &t);
	t.c_lflag &= ~ICANON;
	t.c_cc[VMIN] = min;
	t.c_cc[VTIME] = time;
	tcsetattr(s, TCSANOW, &t);
	fcntl(s, F_SETFL, 0);
	write(m, keys, strlen(keys));
	t0 = now_ms();
	r = read(s, buf, sizeof(buf));
	ms = now_ms() - t0;
	fcntl(s, F_SETFL, O_NONBLOCK);
	printf("min %d time %d: read %ld, waited %s\n", min, time, r,
	       ms < 150 ? "no" : ms >= time * 100 - 20 && ms < time * 100 + 1500 ? "VTIME" : "?");
	show_bytes("echo", buf, drain(m, buf, sizeof(buf)));
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
	timed_read(1, 0, "a\n");
	timed_read(0, 0, "");
	timed_read(0, 3, "");
	timed_read(5, 3, "xy");
	timed_read(2, 3, "xyz");
	return 0;
}
