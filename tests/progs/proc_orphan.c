// proc_orphan: orphaned process groups as Linux has them (POSIX's). A group is orphaned
// when none of its members has a parent in another group of the same session: no shell
// is left that could continue it. SIGTSTP, SIGTTIN and SIGTTOU do nothing to its members
// (SIGSTOP still stops them). A group that becomes orphaned while some member is stopped
// gets SIGHUP, then SIGCONT: when the parent that was its link exits (its children go to
// init), or when the group's own last link exits. Everything runs in a driver process
// that makes a session of its own; its group is orphaned from the start (its parent is
// in another session).
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static volatile sig_atomic_t got_hup, got_cont;

static void on_hup(int sig)
{
	got_hup = 1;
}

static void on_cont(int sig)
{
	got_cont = 1;
}

static void say(int fd, const char *what)
{
	write(fd, what, strlen(what));
}

// A line from fd within ms milliseconds, or "(nothing)", or "(end)" if every writer has gone.
static const char *hear(int fd, int ms)
{
	static char line[128];
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int n = 0;

	if (poll(&p, 1, ms) == 0)
		return "(nothing)";
	while (n < (int)sizeof(line) - 1 && read(fd, line + n, 1) == 1 && line[n] != '\n')
		n++;
	line[n] = '\0';
	return n ? line : "(end)";
}

// In a child: stop, and once continued tell out which signals came. With handle 0 the
// default actions stay: SIGHUP kills it, and out only sees the end.
static void stop_and_report(int out, int handle)
{
	char line[64];

	if (handle) {
		signal(SIGHUP, on_hup);
		signal(SIGCONT, on_cont);
	}
	say(out, "stopping\n");
	raise(SIGSTOP);
	snprintf(line, sizeof line, "continued; SIGHUP %s, SIGCONT %s\n", yes(got_hup),
		 yes(got_cont));
	say(out, line);
	_exit(0);
}

// The link is the parent: M forks C into a group of its own, C stops, M exits.
static void parent_exits(void)
{
	int p[2];
	pid_t m;

	pipe(p);
	fflush(stdout);
	m = fork();
	if (m == 0) {
		pid_t c = fork();
		int st;

		if (c == 0) {
			setpgid(0, 0);
			stop_and_report(p[1], 1);
		}
		setpgid(c, c);
		waitpid(c, &st, WUNTRACED);
		_exit(WIFSTOPPED(st) ? 0 : 1);
	}
	close(p[1]);
	printf("parent exits: the child says %s\n", hear(p[0], 5000));
	waitpid(m, NULL, 0);
	printf("  the parent has exited; the child: %s\n", hear(p[0], 5000));
	close(p[0]);
}

// The link is a member: X leads a group with two stopped children of its own, one with
// handlers and one without, and exits.
static void member_exits(void)
{
	int a[2], b[2];
	pid_t x;

	pipe(a);
	pipe(b);
	fflush(stdout);
	x = fork();
	if (x == 0) {
		pid_t y, z;
		int st;

		setpgid(0, 0);
		if ((y = fork()) == 0) {
			close(b[1]);
			stop_and_report(a[1], 1);
		}
		if ((z = fork()) == 0) {
			close(a[1]);
			stop_and_report(b[1], 0);
		}
		waitpid(y, &st, WUNTRACED);
		waitpid(z, &st, WUNTRACED);
		_exit(0);
	}
	setpgid(x, x);
	close(a[1]);
	close(b[1]);
	printf("member exits: the children say %s, ", hear(a[0], 5000));
	printf("%s\n", hear(b[0], 5000));
	waitpid(x, NULL, 0);
	printf("  it has exited; the one with handlers: %s\n", hear(a[0], 5000));
	printf("  the one without (SIGHUP kills it): %s\n", hear(b[0], 5000));
	close(a[0]);
	close(b[0]);
}

// While another member still has its parent outside the group, the group is not
// orphaned: its stopped member waits. When that link exits too, it gets SIGHUP and SIGCONT.
static void last_link_exits(void)
{
	int p[2], ready[2];
	pid_t x, z;
	char c;

	pipe(p);
	pipe(ready);
	fflush(stdout);
	x = fork();
	if (x == 0) {
		pid_t y;
		int st;

		setpgid(0, 0);
		if ((y = fork()) == 0)
			stop_and_report(p[1], 1);
		waitpid(y, &st, WUNTRACED);
		read(ready[0], &c, 1);		// until Z is in the group
		_exit(0);
	}
	setpgid(x, x);
	close(p[1]);
	printf("last link exits: the child says %s\n", hear(p[0], 5000));
	z = fork();
	if (z == 0) {
		setpgid(0, x);
		for (;;)
			pause();
	}
	setpgid(z, x);
	write(ready[1], "g", 1);
	waitpid(x, NULL, 0);
	printf("  its parent has exited, another member is a link: %s\n", hear(p[0], 300));
	kill(z, SIGKILL);
	waitpid(z, NULL, 0);
	printf("  the link has exited: %s\n", hear(p[0], 5000));
	close(p[0]);
	close(ready[0]);
	close(ready[1]);
}

// In the driver's own group, orphaned: stop signals from the terminal do nothing.
static void in_orphaned_group(void)
{
	static const int sigs[] = { SIGTSTP, SIGTTIN, SIGTTOU };
	int p[2], st;
	pid_t k;

	pipe(p);
	fflush(stdout);
	k = fork();
	if (k == 0) {
		for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
			char line[64];

			raise(sigs[i]);
			snprintf(line, sizeof line, "SIG%s: still running\n", sigabbrev_np(sigs[i]));
			say(p[1], line);
		}
		for (;;)
			pause();
	}
	close(p[1]);
	for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		printf("orphaned group: %s\n", hear(p[0], 5000));
	kill(k, SIGSTOP);
	waitpid(k, &st, WUNTRACED);
	printf("  SIGSTOP stops it all the same: %s\n", yes(WIFSTOPPED(st)));
	kill(k, SIGTSTP);
	kill(k, SIGCONT);
	waitpid(k, &st, WCONTINUED);
	printf("  continued: %s\n", yes(WIFCONTINUED(st)));
	kill(k, SIGKILL);
	waitpid(k, NULL, 0);
	close(p[0]);
}

static void driver(void)
{
	if (setsid() < 0) {
		printf("driver: setsid failed: %s\n", ename(errno));
		return;
	}
	parent_exits();
	member_exits();
	last_link_exits();
	in_orphaned_group();
}

int main(void)
{
	int st;
	pid_t pid;

	setvbuf(stdout, NULL, _IOLBF, 0);
	pid = fork();
	if (pid == 0) {
		driver();
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	printf("driver exit status: %d\n", WEXITSTATUS(st));
	return 0;
}
