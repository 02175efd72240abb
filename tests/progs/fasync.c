/*
 * O_ASYNC (fasync): fcntl(F_SETFL, O_ASYNC) or ioctl(FIOASYNC) on a file
 * whose object tells of I/O, and its owner (F_SETOWN, a process or a
 * group) gets SIGIO (si_code SI_KERNEL) when input comes or room for
 * output; or F_SETSIG's signal, queued, with si_code POLL_IN or POLL_OUT
 * (SI_SIGIO for a signal whose codes mean others), si_band poll's bits and
 * si_fd the descriptor.  Pipes (a write tells the read end, a read the
 * write end, a close the other side), AF_UNIX sockets, pseudo-terminals
 * and inotify do; a regular file does not take the flag (FIOASYNC on it
 * is ENOTTY), nor an eventfd, which has no fasync in Linux.
 */
#define _GNU_SOURCE
#include "check.h"
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

static volatile int sigio_count, sigio_code;

static void on_sigio(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)uc;
	sigio_count++;
	sigio_code = si->si_code;
}

/* What came for SIGIO since the last look: "none", or the count and code. */
static void show_sigio(const char *what)
{
	if (sigio_count)
		printf("%s: SIGIO x%d, %s\n", what, sigio_count,
		       sigio_code == SI_KERNEL ? "SI_KERNEL" : "another code");
	else
		printf("%s: none\n", what);
	sigio_count = 0;
}

/* The queued signals F_SETSIG chose, each with its fd (as a name), code and band. */
static void show_queued(const char *what, int sig, int fd0, int fd1)
{
	struct timespec zero = { 0, 0 };
	siginfo_t si;
	sigset_t set;
	int n = 0;

	sigemptyset(&set);
	sigaddset(&set, sig);
	printf("%s:", what);
	while (sigtimedwait(&set, &si, &zero) == sig) {
		const char *code = si.si_code == POLL_IN ? "POLL_IN" :
				   si.si_code == POLL_OUT ? "POLL_OUT" :
				   si.si_code == SI_SIGIO ? "SI_SIGIO" : "other";
		printf(" [fd %s %s band %#lx]", si.si_fd == fd0 ? "0" : si.si_fd == fd1 ? "1" : "?",
		       code, si.si_band);
		n++;
	}
	printf(n ? "\n" : " none\n");
}

static void async_on(int fd, int sig)
{
	fcntl(fd, F_SETOWN, getpid());
	fcntl(fd, F_SETSIG, sig);
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_ASYNC);
}

static void pipes(void)
{
	struct timespec zero = { 0, 0 };
	int p[2], on = 1;
	sigset_t chld;
	char c;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	pipe(p);
	fcntl(p[0], F_SETOWN, getpid());
	TRY("pipe: F_SETFL O_ASYNC", fcntl(p[0], F_SETFL, O_ASYNC));
	printf("pipe: F_GETFL has O_ASYNC: %s\n", yes(fcntl(p[0], F_GETFL) & O_ASYNC));
	write(p[1], "x", 1);
	show_sigio("pipe: a write, to the read end's owner");
	read(p[0], &c, 1);
	show_sigio("pipe: a read (the write end has no O_ASYNC)");
	fcntl(p[0], F_SETOWN, 0);
	write(p[1], "x", 1);
	show_sigio("pipe: no owner");
	/* a group of our own: the signal goes to all of a group */
	if (fork() == 0) {
		setpgid(0, 0);
		fcntl(p[0], F_SETOWN, -getpgrp());
		write(p[1], "x", 1);
		show_sigio("pipe: our process group");
		read(p[0], &c, 1);
		_exit(0);
	}
	wait(NULL);
	sigtimedwait(&chld, NULL, &zero);	/* its SIGCHLD, blocked */
	fcntl(p[0], F_SETFL, 0);
	write(p[1], "x", 1);
	show_sigio("pipe: O_ASYNC off");
	read(p[0], &c, 1);

	async_on(p[0], SIGRTMIN);
	async_on(p[1], SIGRTMIN);
	write(p[1], "ab", 2);
	show_queued("pipe F_SETSIG: a write", SIGRTMIN, p[0], p[1]);
	read(p[0], &c, 1);
	show_queued("pipe F_SETSIG: a read", SIGRTMIN, p[0], p[1]);
	fcntl(p[0], F_SETSIG, SIGCHLD);
	write(p[1], "c", 1);
	show_queued("pipe F_SETSIG SIGCHLD", SIGCHLD, p[0], p[1]);
	fcntl(p[0], F_SETSIG, SIGRTMIN);
	close(p[1]);
	show_queued("pipe: the write end closed", SIGRTMIN, p[0], p[1]);
	close(p[0]);

	pipe(p);
	fcntl(p[1], F_SETOWN, getpid());
	TRY("pipe: FIOASYNC", ioctl(p[1], FIOASYNC, &on));
	printf("pipe: F_GETFL has O_ASYNC: %s\n", yes(fcntl(p[1], F_GETFL) & O_ASYNC));
	read(p[0], &c, 0);
	write(p[1], "x", 1);
	read(p[0], &c, 1);
	show_sigio("pipe: FIOASYNC on the write end, a read");
	close(p[0]);
	show_sigio("pipe: the read end closed");
	close(p[1]);
}

static void others(void)
{
	int fd = open("/tmp/fasync_file", O_CREAT | O_RDWR, 0600), on = 1, s[2], in;
	char buf[256];

	fcntl(fd, F_SETOWN, getpid());
	TRY("file: F_SETFL O_ASYNC", fcntl(fd, F_SETFL, O_ASYNC));
	printf("file: F_GETFL has O_ASYNC: %s\n", yes(fcntl(fd, F_GETFL) & O_ASYNC));
	write(fd, "x", 1);
	show_sigio("file: a write");
	TRY("file: FIOASYNC", ioctl(fd, FIOASYNC, &on));
	close(fd);
	unlink("/tmp/fasync_file");

	fd = eventfd(0, 0);
	async_on(fd, 0);
	eventfd_write(fd, 1);
	show_sigio("eventfd: a write");
	close(fd);

	socketpair(AF_UNIX, SOCK_STREAM, 0, s);
	async_on(s[0], SIGRTMIN);
	write(s[1], "x", 1);
	show_queued("unix stream: a write", SIGRTMIN, s[0], s[1]);
	close(s[0]);
	close(s[1]);
	socketpair(AF_UNIX, SOCK_DGRAM, 0, s);
	async_on(s[0], 0);
	write(s[1], "x", 1);
	show_sigio("unix dgram: a write");
	close(s[0]);
	close(s[1]);

	/* a pty: what the slave writes is the master's input */
	in = posix_openpt(O_RDWR | O_NOCTTY);
	grantpt(in);
	unlockpt(in);
	s[1] = open(ptsname(in), O_RDWR | O_NOCTTY);
	TRY("pty master: F_SETFL O_ASYNC", fcntl(in, F_SETFL, O_ASYNC));
	printf("pty master: owner is us: %s\n", yes(fcntl(in, F_GETOWN) == getpid()));
	write(s[1], "x\n", 2);
	usleep(10000);
	show_sigio("pty: the slave writes");
	async_on(s[1], SIGRTMIN);
	write(in, "y\n", 2);
	usleep(10000);
	show_queued("pty slave: the master writes a line", SIGRTMIN, s[1], in);
	close(s[1]);
	close(in);

	mkdir("/tmp/fasync_dir", 0700);
	in = inotify_init1(IN_NONBLOCK);
	inotify_add_watch(in, "/tmp/fasync_dir", IN_CREATE);
	async_on(in, SIGRTMIN);
	close(open("/tmp/fasync_dir/f", O_CREAT | O_WRONLY, 0600));
	show_queued("inotify: an event", SIGRTMIN, in, -1);
	read(in, buf, sizeof(buf));
	close(in);
	unlink("/tmp/fasync_dir/f");
	rmdir("/tmp/fasync_dir");
}

int main(void)
{
	struct sigaction sa = { .sa_sigaction = on_sigio, .sa_flags = SA_SIGINFO };
	sigset_t set;

	setvbuf(stdout, NULL, _IONBF, 0);
	sigaction(SIGIO, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	pipes();
	others();
	return 0;
}
