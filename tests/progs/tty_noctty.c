// tty_noctty: a process without a controlling terminal cannot reach one (issue 13's
// console takeover). /dev/tty gives ENXIO to a process with no controlling terminal, as
// this test is on Linux (the runner starts it in a session of its own) and on shmos (the
// kernel gives init none), and to one that has just made a session of its own; an
// ordinary user cannot open /dev/console either (0600 root). The terminal ioctls on what
// is no terminal fail ENOTTY, whatever their argument, before any other check.
// The test starts as root; a child becomes uid 65534 (nobody).
// /proc/self/stat's tty_nr and tpgid are 0 and -1 without a controlling terminal.
// `tty_noctty echo-off` is no test: it turns echo off on its standard input, which
// tests/console/tty_takeover runs as a background job, which the terminal stops.
// `tty_noctty ctty` (tests/console/tty_takeover) shows stat's tty_nr as a device
// number and whether its tpgid is the terminal's foreground group and its own.
// host: uids
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "check.h"

#define BAD 8		// an address nothing is mapped at

// /proc/self/stat's 7th and 8th fields (after "(comm)", which has no ')' here).
static int stat_tty(unsigned *tty_nr, int *tpgid)
{
	char buf[512], *p;
	FILE *f = fopen("/proc/self/stat", "r");
	int n = f && fgets(buf, sizeof buf, f) && (p = strrchr(buf, ')')) &&
		sscanf(p, ") %*c %*d %*d %*d %u %d", tty_nr, tpgid) == 2;

	if (f)
		fclose(f);
	return n;
}

static void show_stat_tty(const char *who)
{
	unsigned tty_nr;
	int tpgid;

	if (stat_tty(&tty_nr, &tpgid))
		printf("%s: stat tty_nr %u tpgid %d\n", who, tty_nr, tpgid);
	else
		printf("%s: no /proc/self/stat\n", who);
}

// The controlling terminal's number as major,minor; tpgid against the foreground group.
static int ctty(void)
{
	unsigned tty_nr;
	int tpgid;

	if (!stat_tty(&tty_nr, &tpgid)) {
		printf("ctty: no /proc/self/stat\n");
		return 1;
	}
	printf("ctty: tty_nr %u,%u tpgid is the foreground group: %s, is mine: %s\n",
	       (tty_nr >> 8) & 0xfff, (tty_nr & 0xff) | ((tty_nr >> 12) & 0xfff00),
	       tpgid == tcgetpgrp(0) ? "yes" : "no", tpgid == getpgrp() ? "yes" : "no");
	return 0;
}

static void open_tty(const char *who)
{
	char what[96];
	int fd;

	snprintf(what, sizeof what, "%s: open /dev/tty", who);
	errno = 0;
	fd = open("/dev/tty", O_RDWR);
	show_result(what, fd < 0 ? -1 : 0);
	if (fd >= 0)
		close(fd);
}

// Every job-control and termios ioctl on fd, which is no terminal.
static void not_a_tty(const char *kind, int fd)
{
	static const struct {
		const char *name;
		unsigned long cmd;
	} cmds[] = {
		{ "TIOCSCTTY", TIOCSCTTY }, { "TIOCNOTTY", TIOCNOTTY },
		{ "TIOCGPGRP", TIOCGPGRP }, { "TIOCSPGRP", TIOCSPGRP },
		{ "TIOCGSID", TIOCGSID }, { "TCGETS", TCGETS }, { "TCSETS", TCSETS },
		{ "TCSETSF", TCSETSF }, { "TCFLSH", TCFLSH }, { "TCXONC", TCXONC },
		{ "TIOCGWINSZ", TIOCGWINSZ }, { "TIOCSWINSZ", TIOCSWINSZ },
	};
	char what[96];
	int arg = 0;

	for (unsigned i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		snprintf(what, sizeof what, "%s %s", kind, cmds[i].name);
		TRY(what, ioctl(fd, cmds[i].cmd, &arg));
		snprintf(what, sizeof what, "%s %s, bad pointer", kind, cmds[i].name);
		TRY(what, ioctl(fd, cmds[i].cmd, BAD));
	}
	snprintf(what, sizeof what, "%s tcgetpgrp", kind);
	TRY(what, tcgetpgrp(fd));
	snprintf(what, sizeof what, "%s tcsetpgrp", kind);
	TRY(what, tcsetpgrp(fd, getpgrp()));
	snprintf(what, sizeof what, "%s tcgetsid", kind);
	TRY(what, tcgetsid(fd));
	snprintf(what, sizeof what, "%s isatty", kind);
	errno = 0;
	arg = isatty(fd);
	printf("%s: %d %s\n", what, arg, ename(errno));
}

static void ioctls(void)
{
	int p[2];
	int null = open("/dev/null", O_RDWR);
	int file = open("/tmp/tty_noctty", O_RDWR | O_CREAT | O_TRUNC, 0600);

	pipe(p);
	not_a_tty("pipe", p[0]);
	not_a_tty("/dev/null", null);
	not_a_tty("file", file);
	TRY("closed fd TIOCSCTTY", ioctl(99, TIOCSCTTY, 0));
	TRY("closed fd TIOCGPGRP", ioctl(99, TIOCGPGRP, BAD));
	close(p[0]);
	close(p[1]);
	close(null);
	close(file);
	unlink("/tmp/tty_noctty");
}

// In a child: f, then exit.
static void in_child(void (*f)(void))
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		f();
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
}

static void new_session(void)
{
	printf("setsid: %s\n", yes(setsid() == getpid()));
	open_tty("new session");
	show_stat_tty("new session");
	// A session leader with no controlling terminal opens /dev/null and a pipe:
	// neither is a terminal, so it still has none.
	close(open("/dev/null", O_RDWR));
	open_tty("new session, after opening /dev/null");
	TRY("new session: TIOCNOTTY on /dev/null", ioctl(open("/dev/null", O_RDONLY), TIOCNOTTY));
}

static void nobody(void)
{
	if (setsid() < 0 || setgid(65534) < 0 || setuid(65534) < 0) {
		printf("cannot become nobody in a new session\n");
		return;
	}
	open_tty("nobody");
	TRY("nobody: open /dev/console", open("/dev/console", O_RDWR | O_NOCTTY));
	TRY("nobody: open /dev/console, read-only", open("/dev/console", O_RDONLY));
}

// tcsetattr from a background job: SIGTTOU stops it before anything changes.
static int echo_off(void)
{
	struct termios t;

	if (tcgetattr(0, &t) < 0) {
		perror("tcgetattr");
		return 1;
	}
	t.c_lflag &= ~ECHO;
	if (tcsetattr(0, TCSANOW, &t) < 0) {
		perror("tcsetattr");
		return 1;
	}
	printf("echo is off\n");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "echo-off") == 0)
		return echo_off();
	if (argc > 1 && strcmp(argv[1], "ctty") == 0)
		return ctty();
	setvbuf(stdout, NULL, _IOLBF, 0);
	show_stat_tty("no controlling terminal");
	open_tty("no controlling terminal");
	ioctls();
	in_child(new_session);
	in_child(nobody);
	return 0;
}
