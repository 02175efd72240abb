// pty: Unix98 pseudo-terminals through glibc (posix_openpt, grantpt, unlockpt, ptsname,
// openpty, ttyname), their nodes in /dev/pts, a devpts. The slave is locked until
// unlockpt, and is a terminal like the console: what the master writes is typed on it
// (echoed back, edited in canonical mode, ^C a SIGINT to its foreground group), what it
// writes the master reads with LF made CR LF. A child is a session leader with the slave
// as its controlling terminal: it answers the lines typed, gets SIGWINCH when the window
// size changes and SIGHUP when the master is closed (then it reads end of file or EIO,
// and writing fails). Closing the slave makes the master read EIO. When a session leader
// on a pty exits, the pty is not hung up (the console is).
#define _XOPEN_SOURCE 600
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <dirent.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "check.h"

static int notes[2];		// the child's signals, as letters, to the parent

// exactly n bytes from fd (a master): what the other side wrote or echoed
static void expect(const char *what, int fd, long n)
{
	char buf[256];
	long got = 0, r;

	while (got < n && (r = read(fd, buf + got, n - got)) > 0)
		got += r;
	show_bytes(what, buf, got);
}

// whether fd has input within 100 ms
static const char *readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return yes(poll(&p, 1, 100) == 1);
}

static void typed(int m, const char *s)
{
	write(m, s, strlen(s));
}

// whether /dev/pts, a devpts, has the entry name
static int listed(const char *name)
{
	DIR *d = opendir("/dev/pts");
	struct statfs sf;
	struct dirent *e;
	int found = 0;

	if (statfs("/dev/pts", &sf) != 0 || sf.f_type != 0x1cd1)
		printf("/dev/pts is no devpts\n");
	while (d && (e = readdir(d)) != NULL)
		found |= strcmp(e->d_name, name) == 0 && e->d_type == DT_CHR;
	if (d)
		closedir(d);
	return found;
}

static void basics(void)
{
	int m, s, m2, fd;
	unsigned int n;
	char name[64], *p;
	struct stat st, st2;

	TRY("openpty", openpty(&m, &s, name, NULL, NULL));
	printf("slave under /dev/pts: %s\n", yes(strncmp(name, "/dev/pts/", 9) == 0));
	printf("ptsname is it: %s\n", yes(strcmp(ptsname(m), name) == 0));
	TRY("TIOCGPTN", ioctl(m, TIOCGPTN, &n));
	printf("its number: %s\n", yes((int)n == atoi(name + 9)));
	TRY("TIOCGPTN on the slave", ioctl(s, TIOCGPTN, &n));
	printf("both terminals: %s %s\n", yes(isatty(m)), yes(isatty(s)));
	stat(name, &st);
	printf("slave a character device: %s\n", yes(S_ISCHR(st.st_mode)));
	printf("ttyname is it: %s\n", yes(ttyname(s) && strcmp(ttyname(s), name) == 0));
	printf("listed in /dev/pts: %s\n", yes(listed(name + 9)));
	close(s);
	close(m);

	TRY("posix_openpt", m2 = posix_openpt(O_RDWR | O_NOCTTY));
	TRY("grantpt", grantpt(m2));
	p = ptsname(m2);
	strcpy(name, p ? p : "?");
	TRY("open the slave before unlockpt", open(name, O_RDWR | O_NOCTTY));
	TRY("write the master with no slave open", write(m2, "x", 1));
	TRY("unlockpt", unlockpt(m2));
	TRY("open the slave", fd = open(name, O_RDWR | O_NOCTTY));
	close(fd);
	TRY("TIOCGPTPEER", fd = ioctl(m2, TIOCGPTPEER, O_RDWR | O_NOCTTY));
	printf("the same slave: %s\n", yes(fd >= 0 && fstat(fd, &st) == 0 &&
					   stat(name, &st2) == 0 && st.st_rdev == st2.st_rdev));
	close(fd);
	TRY("grantpt on a slave-less fd", grantpt(0));
	close(m2);
	TRY("stat the slave after the master's close", stat(name, &st));

	openpty(&m, &s, name, NULL, NULL);
	close(s);
	TRY("master read with no slave open", read(m, name + 32, 8));
	s = open(name, O_RDWR | O_NOCTTY);
	write(s, "again\n", 6);
	expect("master read after the slave is opened again", m, 7);
	n = 1;
	TRY("lock it again", ioctl(m, TIOCSPTLCK, &n));
	TRY("TIOCGPTLCK", (ioctl(m, TIOCGPTLCK, &n), n));
	TRY("open the locked slave", open(name, O_RDWR | O_NOCTTY));
	TRY("TIOCNOTTY on the master", ioctl(m, TIOCNOTTY));
	close(s);
	close(m);
}

// canonical mode and echo, from the master's side alone
static void line_discipline(void)
{
	struct termios t;
	char buf[64];
	int m, s;

	openpty(&m, &s, NULL, NULL, NULL);
	tcgetattr(s, &t);
	printf("a new slave's termios: iflag %o oflag %o cflag %o lflag %o\n", t.c_iflag,
	       t.c_oflag, t.c_cflag, t.c_lflag);
	typed(m, "ab");
	expect("echo", m, 2);
	printf("slave readable before the newline: %s\n", readable(s));
	typed(m, "c\n");
	expect("echo of the newline", m, 3);
	show_bytes("slave reads", buf, read(s, buf, sizeof(buf)));
	typed(m, "xy\177z\n");
	expect("echo of an erase", m, 8);
	show_bytes("slave reads", buf, read(s, buf, sizeof(buf)));
	typed(m, "one\rtwo\n");
	expect("echo of CR", m, 10);
	show_bytes("slave reads", buf, read(s, buf, sizeof(buf)));
	show_bytes("then", buf, read(s, buf, sizeof(buf)));

	write(s, "out\n", 4);
	expect("master reads the slave's output", m, 5);
	tcgetattr(s, &t);
	t.c_oflag &= ~ONLCR;
	tcsetattr(s, TCSANOW, &t);
	write(s, "raw\n", 4);
	expect("without ONLCR", m, 4);
	tcgetattr(m, &t);
	printf("the master's termios are the slave's: %s\n", yes(!(t.c_oflag & ONLCR)));

	t.c_lflag &= ~(ECHO | ICANON);
	t.c_cc[VMIN] = 1;
	tcsetattr(s, TCSANOW, &t);
	typed(m, "q");
	show_bytes("raw, no echo: slave reads", buf, read(s, buf, 1));
	printf("master readable: %s\n", readable(m));
	close(s);
	printf("master readable after the slave's close: %s\n", readable(m));
	TRY("master read after the slave's close", read(m, buf, sizeof(buf)));
	close(m);
}

static void note(int sig)
{
	char c = sig == SIGINT ? 'I' : sig == SIGWINCH ? 'W' : sig == SIGHUP ? 'H' : '?';

	write(notes[1], &c, 1);
}

// the child: a session on the slave, answering each line it reads
static void session(const char *name)
{
	struct sigaction sa = { .sa_handler = note };
	struct winsize ws;
	char buf[128], reply[160];
	int fd, n;

	setsid();
	fd = open(name, O_RDWR);	// without O_NOCTTY: the controlling terminal
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGWINCH, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	printf("child: its session's terminal: %s, in the foreground: %s\n",
	       yes(tcgetsid(fd) == getpid()), yes(tcgetpgrp(fd) == getpgrp()));
	fflush(stdout);
	write(notes[1], "R", 1);
	for (;;) {
		n = read(fd, buf, sizeof(buf) - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		buf[n] = 0;
		if (strcmp(buf, "size\n") == 0) {
			ioctl(fd, TIOCGWINSZ, &ws);
			n = snprintf(reply, sizeof(reply), "%d x %d\n", ws.ws_row, ws.ws_col);
		} else {
			n = snprintf(reply, sizeof(reply), "got %s", buf);
		}
		write(fd, reply, n);
	}
	// EIO if the read was asleep when the master closed, else end of file (Linux's race)
	printf("child: after the hangup read gives end of file or EIO: %s\n",
	       yes(n == 0 || errno == EIO));
	TRY("child: write", write(fd, "x", 1));
	exit(0);
}

static char wait_note(void)
{
	char c = 0;

	while (read(notes[0], &c, 1) < 0 && errno == EINTR)
		;
	return c;
}

static void job_control(void)
{
	struct winsize ws = { .ws_row = 30, .ws_col = 100 };
	char name[64];
	int m, s, status;
	pid_t pid;

	openpty(&m, &s, name, NULL, NULL);
	pipe(notes);
	fflush(stdout);
	if ((pid = fork()) == 0) {
		close(m);
		close(s);
		session(name);
	}
	close(s);
	printf("child ready: %c\n", wait_note());
	printf("the master sees its group and session: %s %s\n", yes(tcgetpgrp(m) == pid),
	       yes(tcgetsid(m) == pid));
	typed(m, "hello\n");
	expect("master reads echo and answer", m, 7 + 11);
	typed(m, "half");
	expect("echo", m, 4);
	typed(m, "\003");
	printf("^C: %c\n", wait_note());
	expect("echo of ^C", m, 2);
	typed(m, "after\n");
	expect("the half line is gone", m, 7 + 11);
	TRY("TIOCSWINSZ on the master", ioctl(m, TIOCSWINSZ, &ws));
	printf("window change: %c\n", wait_note());
	typed(m, "size\n");
	expect("the child's window", m, 6 + 10);
	close(m);
	waitpid(pid, &status, 0);
	printf("master closed: %c\n", wait_note());
	printf("child exit status %d\n", WEXITSTATUS(status));
}

// a child that makes a session and takes the slave as its terminal; its exit status
static int take_in_new_session(int s)
{
	int status;
	pid_t pid;

	fflush(stdout);
	if ((pid = fork()) == 0) {
		setsid();
		_exit(ioctl(s, TIOCSCTTY, 0) == 0 ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// the session leader of a pty exits: unlike the console's, the pty is not hung up
static void leader_exits(void)
{
	int m, s;

	openpty(&m, &s, NULL, NULL, NULL);
	printf("a session leader took the slave: %s\n", yes(take_in_new_session(s) == 0));
	TRY("write the slave after it exited", write(s, "still\n", 6));
	expect("master reads", m, 7);
	printf("another session may take it: %s\n", yes(take_in_new_session(s) == 0));
	close(s);
	close(m);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	alarm(20);		// a lost wakeup fails the test rather than hang it
	basics();
	line_discipline();
	job_control();
	leader_exits();
	return 0;
}
