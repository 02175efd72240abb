// pty_pkt: a pty master's own ioctls and its packet mode (TIOCPKT), as Linux has them. A
// new pair's slave is locked (TIOCGPTLCK; TIOCGPTPEER fails EIO) until TIOCSPTLCK 0;
// TIOCGPTN. In packet mode each read of the master starts with a status byte: TIOCPKT_DATA
// (0) before the data, or alone the slave's changes since the last read: FLUSHREAD and
// FLUSHWRITE (tcflush, ^C), STOP and START (tcflow, ^S and ^Q typed under IXON), NOSTOP and
// DOSTOP (IXON with ^S/^Q turned off or on); poll says POLLPRI for them. A stopped slave's
// writes wait; ^Q does not start what TCOOFF stopped. Closing
// the slave: the master reads what is left, then EIO, and polls POLLHUP.
#define _XOPEN_SOURCE 600
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "check.h"

static int m, s;

// A read of up to n bytes from the master (non-blocking), shown byte by byte.
static void rd(const char *what, int n)
{
	unsigned char buf[64];
	long r;

	errno = 0;
	r = read(m, buf, n);
	if (r < 0) {
		printf("%s: -1 %s\n", what, ename(errno));
		return;
	}
	printf("%s: %ld [", what, r);
	for (long i = 0; i < r; i++)
		printf(i ? " %02x" : "%02x", buf[i]);
	printf("]\n");
}

// Up to n bytes of data from the master in packet mode, which may come in pieces: each
// piece's TIOCPKT_DATA checked and left out.
static void rd_data(const char *what, int n)
{
	char buf[64];
	int got = 0, ok = 1;
	long r;

	printf("%s: [", what);
	while (got < n) {
		struct pollfd p = { .fd = m, .events = POLLIN };

		if (poll(&p, 1, 1000) <= 0 || (r = read(m, buf, n - got + 1)) <= 0)
			break;
		ok &= buf[0] == TIOCPKT_DATA;
		for (long i = 1; i < r; i++)
			printf(got++ ? " %02x" : "%02x", (unsigned char)buf[i]);
	}
	printf("] (%s)\n", ok ? "each after TIOCPKT_DATA" : "a status among them");
}

static void pollm(const char *what)
{
	struct pollfd p = { .fd = m, .events = POLLIN | POLLPRI | POLLOUT };

	poll(&p, 1, 0);
	printf("%s: revents %#x\n", what, p.revents);
}

static int getint(int fd, unsigned long req)
{
	int v = -1;

	if (ioctl(fd, req, &v) < 0)
		printf("  ioctl %#lx: %s\n", req, ename(errno));
	return v;
}

static void setint(const char *what, int fd, unsigned long req, int v)
{
	TRY(what, ioctl(fd, req, &v));
}

// Waits until the master has something to read (the slave's output arrives late on Linux).
static void settle(void)
{
	struct pollfd p = { .fd = m, .events = POLLIN | POLLPRI };

	poll(&p, 1, 1000);
}

int main(void)
{
	struct termios t;
	char buf[16];
	int fl;

	m = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK);
	printf("TIOCGPTN: %d\n", getint(m, TIOCGPTN) >= 0);
	printf("TIOCGPTLCK, new: %d\n", getint(m, TIOCGPTLCK));
	TRY("TIOCGPTPEER, locked", ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY));
	rd("master read, the slave never opened", 16);
	pollm("  poll");
	setint("TIOCSPTLCK 0", m, TIOCSPTLCK, 0);
	printf("TIOCGPTLCK: %d\n", getint(m, TIOCGPTLCK));
	s = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY);
	printf("TIOCGPTPEER: a tty %d\n", isatty(s));
	TRY("TIOCGPTN on the slave", ioctl(s, TIOCGPTN, &fl));
	TRY("TIOCPKT on the slave", ioctl(s, TIOCPKT, &fl));
	TRY("TIOCGPKT on the slave", ioctl(s, TIOCGPKT, &fl));
	printf("TIOCGPKT: %d\n", getint(m, TIOCGPKT));
	TRY("TIOCPKT bad pointer", ioctl(m, TIOCPKT, (void *)8));

	write(s, "a\n", 2);
	settle();
	rd("not packet mode", 16);
	setint("TIOCPKT 1", m, TIOCPKT, 1);
	printf("TIOCGPKT: %d\n", getint(m, TIOCGPKT));
	rd("packet mode, nothing", 16);
	pollm("  poll");
	write(s, "hi\n", 3);
	settle();
	pollm("data: poll");
	rd("  read 1", 1);
	rd("  read 3", 3);
	rd("  read", 16);

	tcflush(s, TCIFLUSH);
	pollm("slave TCIFLUSH: poll");
	rd("  read", 16);
	rd("  read again", 16);
	tcflush(s, TCOFLUSH);
	rd("slave TCOFLUSH", 16);
	tcflush(s, TCIOFLUSH);
	rd("slave TCIOFLUSH", 16);
	tcflush(m, TCIOFLUSH);
	rd("master TCIOFLUSH", 16);

	tcflow(s, TCOOFF);
	rd("slave TCOOFF", 16);
	fl = fcntl(s, F_GETFL);
	fcntl(s, F_SETFL, fl | O_NONBLOCK);
	TRY("  slave write, stopped", write(s, "x", 1));
	{
		struct pollfd p = { .fd = s, .events = POLLOUT };

		poll(&p, 1, 0);
		printf("  slave poll: revents %#x\n", p.revents);
	}
	tcflow(s, TCOOFF);
	rd("slave TCOOFF again", 16);
	tcflow(s, TCOON);
	rd("slave TCOON", 16);
	TRY("  slave write", write(s, "y", 1));
	settle();
	rd("  read", 16);
	tcflow(s, TCOON);
	rd("slave TCOON again", 16);
	tcflow(s, TCOOFF);
	tcflow(s, TCOON);
	rd("slave TCOOFF then TCOON", 16);
	tcflow(s, TCIOFF);
	settle();
	rd("slave TCIOFF", 16);
	tcflow(s, TCION);
	settle();
	rd("slave TCION", 16);
	write(m, "\023", 1);
	settle();
	rd("^S typed", 16);
	TRY("  slave write", write(s, "x", 1));
	write(m, "a", 1);
	settle();
	rd("  a typed: echoed", 16);
	write(m, "\021", 1);
	settle();
	rd("^Q typed", 16);
	settle();
	rd("  the echo held", 16);
	TRY("  slave write", write(s, "x", 1));
	settle();
	rd("  read", 16);
	tcflow(s, TCOOFF);
	rd("TCOOFF", 16);
	write(m, "\021b\n", 3);
	fcntl(s, F_SETFL, fl);
	printf("  ^Q b typed: the slave reads %ld\n", (long)read(s, buf, sizeof buf));
	fcntl(s, F_SETFL, fl | O_NONBLOCK);
	TRY("  slave write", write(s, "x", 1));
	tcflow(s, TCOON);
	rd("  TCOON", 16);
	TRY("  slave write", write(s, "x", 1));
	rd_data("  the echo held, then x", 4);
	tcflush(s, TCIOFLUSH);
	rd("  slave TCIOFLUSH", 16);
	fcntl(s, F_SETFL, fl);

	tcgetattr(s, &t);
	t.c_iflag &= ~IXON;
	tcsetattr(s, TCSANOW, &t);
	rd("slave IXON off", 16);
	t.c_cc[VSTOP] = 'x';
	t.c_iflag |= IXON;
	tcsetattr(s, TCSANOW, &t);
	rd("slave IXON on, VSTOP 'x'", 16);
	t.c_cc[VSTOP] = 023;
	tcsetattr(m, TCSANOW, &t);
	rd("VSTOP ^S again, through the master", 16);
	t.c_cflag &= ~CSIZE;
	t.c_cflag |= CS7 | PARENB;
	tcsetattr(s, TCSANOW, &t);
	tcgetattr(s, &t);
	printf("slave CS7 PARENB asked: CSIZE %#o PARENB %d\n", t.c_cflag & CSIZE,
	       !!(t.c_cflag & PARENB));

	write(m, "ab\003", 3);
	settle();
	rd("^C typed", 16);
	settle();
	rd("  read", 16);

	tcflush(s, TCIFLUSH);
	setint("TIOCPKT 1 again", m, TIOCPKT, 1);
	rd("  the status kept", 16);
	tcflush(s, TCIFLUSH);
	setint("TIOCPKT 0", m, TIOCPKT, 0);
	setint("TIOCPKT 1", m, TIOCPKT, 1);
	rd("  the status gone", 16);
	setint("TIOCPKT 0", m, TIOCPKT, 0);
	tcflush(s, TCIFLUSH);
	rd("not packet mode, a flush", 16);
	setint("TIOCPKT 7", m, TIOCPKT, 7);
	printf("TIOCGPKT: %d\n", getint(m, TIOCGPKT));

	write(s, "z", 1);
	tcflush(s, TCIFLUSH);
	settle();
	close(s);
	pollm("slave closed: poll");
	rd("  read", 16);
	rd("  read", 16);
	rd("  read", 16);
	TRY("  master write", write(m, "q", 1));
	close(m);
	return 0;
}
