// tty_termio: System V's older struct termio (TCGETA, TCSETA, TCSETAW, TCSETAF), which
// old programs still use: it shows each flag's low 16 bits, the line discipline and the
// first 8 special characters of the terminal's termios, and a TCSETA changes just those
// (CRTSCTS, a high bit of c_cflag, and VEOL2 stay as TCSETS left them). On a file it is
// ENOTTY, with a bad address EFAULT (LTP's ioctl01).
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termio.h>
#include <termios.h>
#include <unistd.h>

#include "check.h"

static void show(int fd)
{
	struct termios t;
	struct termio tio;

	if (ioctl(fd, TCGETA, &tio) < 0 || ioctl(fd, TCGETS, &t) < 0) {
		printf("TCGETA/TCGETS: %s\n", ename(errno));
		return;
	}
	printf("termio: lflag ECHO %s ICANON %s, VMIN %d VTIME %d, c_line %d\n",
	       yes(tio.c_lflag & ECHO), yes(tio.c_lflag & ICANON), tio.c_cc[VMIN],
	       tio.c_cc[VTIME], tio.c_line);
	printf("  low bits same as termios: %s %s %s %s, cc %s\n",
	       yes(tio.c_iflag == (t.c_iflag & 0xffff)), yes(tio.c_oflag == (t.c_oflag & 0xffff)),
	       yes(tio.c_cflag == (t.c_cflag & 0xffff)), yes(tio.c_lflag == (t.c_lflag & 0xffff)),
	       yes(memcmp(tio.c_cc, t.c_cc, NCC) == 0));
	printf("  termios: CRTSCTS %s, VEOL2 %d, VMIN %d\n", yes(t.c_cflag & CRTSCTS),
	       t.c_cc[VEOL2], t.c_cc[VMIN]);
}

int main(void)
{
	struct termios t;
	struct termio tio;
	int m = posix_openpt(O_RDWR | O_NOCTTY), s, file;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (m < 0 || grantpt(m) < 0 || unlockpt(m) < 0 || (s = open(ptsname(m), O_RDWR | O_NOCTTY)) < 0) {
		printf("no pty: %s\n", ename(errno));
		return 1;
	}
	ioctl(s, TCGETS, &t);
	t.c_cflag |= CRTSCTS;
	t.c_cc[VEOL2] = 7;
	TRY("TCSETS CRTSCTS, VEOL2 7", ioctl(s, TCSETS, &t));
	show(s);
	ioctl(s, TCGETA, &tio);
	tio.c_lflag &= ~(ECHO | ICANON);
	tio.c_cc[VMIN] = 3;
	tio.c_cc[VTIME] = 5;
	TRY("TCSETA raw, VMIN 3, VTIME 5", ioctl(s, TCSETA, &tio));
	show(s);
	tio.c_lflag |= ECHO | ICANON;
	TRY("TCSETAW cooked", ioctl(s, TCSETAW, &tio));
	TRY("TCSETAF from the master", ioctl(m, TCSETAF, &tio));
	show(m);
	file = open("/proc/self/status", O_RDONLY);
	TRY("TCGETA on a file", ioctl(file, TCGETA, &tio));
	TRY("TCSETA on a file", ioctl(file, TCSETA, &tio));
	TRY("TCGETA to NULL", ioctl(s, TCGETA, NULL));
	TRY("TCSETA from NULL", ioctl(s, TCSETA, NULL));
	return 0;
}
