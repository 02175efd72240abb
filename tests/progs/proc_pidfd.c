// proc_pidfd: pidfds as Linux has them. pidfd_open (434): its checks in Linux's order,
// the file it gives (close-on-exec, O_RDWR, PIDFD_NONBLOCK's O_NONBLOCK,
// "anon_inode:[pidfd]" in /proc/self/fd, the pid in fdinfo); a thread's needs
// PIDFD_THREAD. pidfd_send_signal (424): flags, descriptor, record and signal checks,
// a record only to oneself, PIDFD_SELF_THREAD and _GROUP, to a zombie, to a reaped process (ESRCH), to the process
// group. poll: nothing while the process runs, POLLIN once it has exited (waking a
// poller), POLLIN|POLLHUP once reaped. waitid(P_PIDFD): the child it names, WNOWAIT,
// a PIDFD_NONBLOCK pidfd's EAGAIN, ECHILD for one not our child. pidfd_getfd (438):
// another process's open file, as dup gives it, close-on-exec. clone(CLONE_PIDFD): the
// child's pidfd where parent_tid points; EINVAL beside CLONE_PARENT_SETTID or
// CLONE_DETACHED; EFAULT for a bad pointer, and then no child. pidfd_send_signal on an
// open /proc/PID directory, as Linux takes it: /proc/self and a child's, to a zombie, the
// record rules, ESRCH once reaped; EBADF for /proc/PID/task/TID, /proc itself and a
// /proc/PID file; waitid(P_PIDFD) and pidfd_getfd refuse it (EBADF).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define PIDFD_NONBLOCK	O_NONBLOCK
#define PIDFD_THREAD	O_EXCL

static long pidfd_open(int pid, unsigned flags)
{
	return syscall(434, pid, flags);
}

static long pidfd_send_signal(int fd, int sig, siginfo_t *info, unsigned flags)
{
	return syscall(424, fd, sig, info, flags);
}

static long pidfd_getfd(int fd, int target, unsigned flags)
{
	return syscall(438, fd, target, flags);
}

// poll's answer now (timeout 0) or after waiting (-1).
static void show_poll(const char *what, int fd, int timeout)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int r = poll(&p, 1, timeout);

	printf("%s: poll %d revents%s%s%s\n", what, r, p.revents & POLLIN ? " POLLIN" : "",
	       p.revents & POLLHUP ? " POLLHUP" : "", p.revents ? "" : " none");
}

static void show_waitid(const char *what, int fd, int options, pid_t kid)
{
	siginfo_t si;
	long r;

	memset(&si, 0, sizeof si);
	errno = 0;
	r = waitid(P_PIDFD, fd, &si, options);
	printf("%s: %ld%s%s | pid %s code %d status %d\n", what, r, r < 0 ? " " : "",
	       r < 0 ? ename(errno) : "", si.si_pid == 0 ? "0" : si.si_pid == kid ? "kid" : "other",
	       si.si_code, si.si_status);
}

// The lines of /proc/self/fdinfo/fd: its field names, and the values that do not
// change from one run (or machine) to another.
static void show_fdinfo(int fd)
{
	char path[64], buf[1024], *line, *save;

	snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
	if (slurp_file(path, buf, sizeof buf) < 0) {
		printf("fdinfo: %s\n", ename(errno));
		return;
	}
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *tab = strchr(line, '\t');
		long v;

		if (!tab || tab[-1] != ':') {
			printf("fdinfo: bad line \"%s\"\n", line);
			continue;
		}
		*tab++ = 0;
		v = strtol(tab, NULL, 0);
		if (!strcmp(line, "flags:") || !strcmp(line, "pos:"))
			printf("fdinfo %s %s\n", line, tab);
		else if (!strcmp(line, "Pid:") || !strcmp(line, "NSpid:"))
			printf("fdinfo %s %s\n", line, v == getpid() ? "ours" : tab);
		else
			printf("fdinfo %s a number: %s\n", line, yes(*tab >= '0' && *tab <= '9'));
	}
}

static void show_file(const char *what, int fd)
{
	char path[64], link[64] = "";

	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	if (readlink(path, link, sizeof link - 1) < 0)
		strcpy(link, ename(errno));
	printf("%s: F_GETFD %d F_GETFL %#o link %s\n", what, fcntl(fd, F_GETFD),
	       fcntl(fd, F_GETFL), link);
}

static volatile int thread_tid;

static void *idle_thread(void *arg)
{
	thread_tid = gettid();
	for (;;)
		pause();
	return arg;
}

static void opening(void)
{
	pthread_t th;
	int fd;
	pid_t kid;

	TRY("pidfd_open pid 0", pidfd_open(0, 0));
	TRY("pidfd_open pid -1", pidfd_open(-1, 0));
	TRY("pidfd_open flags 1", pidfd_open(getpid(), 1));
	TRY("pidfd_open flags O_CLOEXEC", pidfd_open(getpid(), O_CLOEXEC));
	TRY("pidfd_open bad flags, pid 0", pidfd_open(0, 1));
	fflush(stdout);
	if ((kid = fork()) == 0)
		_exit(0);
	waitpid(kid, NULL, 0);
	TRY("pidfd_open a reaped child", pidfd_open(kid, 0));

	fd = pidfd_open(getpid(), 0);
	show_file("ours", fd);
	show_fdinfo(fd);
	close(fd);
	fd = pidfd_open(getpid(), PIDFD_NONBLOCK);
	show_file("ours PIDFD_NONBLOCK", fd);
	close(fd);

	pthread_create(&th, NULL, idle_thread, NULL);
	while (!thread_tid)
		sched_yield();
	TRY("pidfd_open a thread", pidfd_open(thread_tid, 0));
	fd = pidfd_open(thread_tid, PIDFD_THREAD);
	printf("pidfd_open a thread, PIDFD_THREAD: %s\n", yes(fd >= 0));
	show_poll("  the thread runs", fd, 0);
	close(fd);
	pthread_kill(th, SIGUSR2);	// ignored: it goes on pausing
}

static volatile sig_atomic_t got, got_code;

static void handler(int sig, siginfo_t *info, void *uc)
{
	got = sig;
	got_code = info->si_code;
}

static void signalling(void)
{
	int fd = pidfd_open(getpid(), 0), pipefd[2];
	struct sigaction sa = { .sa_sigaction = handler, .sa_flags = SA_SIGINFO };
	siginfo_t info;

	sigaction(SIGUSR1, &sa, NULL);
	pipe(pipefd);
	TRY("pidfd_send_signal flags 8", pidfd_send_signal(fd, 0, NULL, 8));
	TRY("pidfd_send_signal two scope flags", pidfd_send_signal(fd, 0, NULL, 3));
	TRY("pidfd_send_signal bad flags, bad fd", pidfd_send_signal(-1, 0, NULL, 8));
	TRY("pidfd_send_signal fd -1", pidfd_send_signal(-1, 0, NULL, 0));
	TRY("pidfd_send_signal a pipe", pidfd_send_signal(pipefd[0], 0, NULL, 0));
	TRY("pidfd_send_signal signal 99", pidfd_send_signal(fd, 99, NULL, 0));
	TRY("pidfd_send_signal signal 0", pidfd_send_signal(fd, 0, NULL, 0));
	TRY("pidfd_send_signal bad info", pidfd_send_signal(fd, SIGUSR1, (void *)8, 0));
	memset(&info, 0, sizeof info);
	info.si_signo = SIGUSR2;
	info.si_code = SI_QUEUE;
	TRY("pidfd_send_signal info for another signal", pidfd_send_signal(fd, SIGUSR1, &info, 0));
	info.si_signo = SIGUSR1;
	TRY("pidfd_send_signal SI_QUEUE info to ourselves", pidfd_send_signal(fd, SIGUSR1, &info, 0));
	printf("  the handler had %s, code %s\n", got == SIGUSR1 ? "SIGUSR1" : "nothing",
	       got_code == SI_QUEUE ? "SI_QUEUE" : "other");
	got = 0;
	TRY("pidfd_send_signal SIGUSR1", pidfd_send_signal(fd, SIGUSR1, NULL, 0));
	printf("  the handler had %s, code %s\n", got == SIGUSR1 ? "SIGUSR1" : "nothing",
	       got_code == SI_USER ? "SI_USER" : "other");
	TRY("pidfd_send_signal PIDFD_SIGNAL_THREAD", pidfd_send_signal(fd, SIGUSR1, NULL, 1));
	printf("  the handler had %s, code %s\n", got == SIGUSR1 ? "SIGUSR1" : "nothing",
	       got_code == SI_TKILL ? "SI_TKILL" : "other");
	info.si_code = SI_USER;
	TRY("pidfd_send_signal SI_USER info to ourselves", pidfd_send_signal(fd, SIGUSR1, &info, 0));
	TRY("  ... PIDFD_SIGNAL_THREAD", pidfd_send_signal(fd, SIGUSR1, &info, 1));
	got = 0;
	TRY("pidfd_send_signal PIDFD_SELF_THREAD", pidfd_send_signal(-10000, SIGUSR1, NULL, 0));
	printf("  the handler had %s, code %s\n", got == SIGUSR1 ? "SIGUSR1" : "nothing",
	       got_code == SI_TKILL ? "SI_TKILL" : "other");
	TRY("pidfd_send_signal PIDFD_SELF_THREAD_GROUP", pidfd_send_signal(-10001, 0, NULL, 0));
	TRY("pidfd_send_signal fd -10002", pidfd_send_signal(-10002, 0, NULL, 0));
	close(pipefd[0]);
	close(pipefd[1]);
	close(fd);
}

// A child that pauses in its own process group, holding the write end of a pipe.
static void lifecycle(void)
{
	int pipefd[2], fd, nfd, got_fd;
	char buf[8] = "";
	siginfo_t info;
	pid_t kid;

	pipe(pipefd);
	fflush(stdout);
	if ((kid = fork()) == 0) {
		setpgid(0, 0);
		close(pipefd[0]);
		for (;;)
			pause();
	}
	setpgid(kid, kid);
	close(pipefd[1]);
	fd = pidfd_open(kid, 0);
	nfd = pidfd_open(kid, PIDFD_NONBLOCK);
	show_poll("running", fd, 0);
	show_waitid("running: waitid WNOHANG", fd, WEXITED | WNOHANG, kid);
	show_waitid("running: waitid, PIDFD_NONBLOCK", nfd, WEXITED, kid);

	TRY("pidfd_getfd flags 1", pidfd_getfd(fd, 0, 1));
	TRY("pidfd_getfd not a pidfd", pidfd_getfd(pipefd[0], 0, 0));
	TRY("pidfd_getfd no such descriptor", pidfd_getfd(fd, 999, 0));
	TRY("pidfd_getfd descriptor -1", pidfd_getfd(fd, -1, 0));
	got_fd = pidfd_getfd(fd, pipefd[1], 0);
	printf("pidfd_getfd the child's pipe: %s, close-on-exec %d, wrote %zd\n",
	       yes(got_fd >= 0), fcntl(got_fd, F_GETFD), write(got_fd, "hi", 2));
	close(got_fd);
	printf("  read back %zd\n", read(pipefd[0], buf, sizeof buf));

	memset(&info, 0, sizeof info);
	info.si_code = SI_QUEUE;
	TRY("pidfd_send_signal SI_QUEUE info to another", pidfd_send_signal(fd, 0, &info, 0));
	info.si_code = SI_USER;
	TRY("pidfd_send_signal SI_USER info to another", pidfd_send_signal(fd, 0, &info, 0));
	TRY("pidfd_send_signal SIGTERM to its group", pidfd_send_signal(fd, SIGTERM, NULL, 4));
	show_poll("killed (a poll that waits)", fd, -1);
	TRY("pidfd_send_signal 0 to the zombie", pidfd_send_signal(fd, 0, NULL, 0));
	TRY("pidfd_getfd of the zombie", pidfd_getfd(fd, 0, 0));
	got_fd = pidfd_open(kid, 0);
	printf("pidfd_open the zombie: %s\n", yes(got_fd >= 0));
	close(got_fd);
	show_waitid("zombie: waitid WNOWAIT", nfd, WEXITED | WNOWAIT, kid);
	show_waitid("zombie: waitid", fd, WEXITED, kid);
	show_poll("reaped", fd, 0);
	TRY("pidfd_send_signal 0 reaped", pidfd_send_signal(fd, 0, NULL, 0));
	TRY("pidfd_send_signal 0 reaped, to its group", pidfd_send_signal(fd, 0, NULL, 4));
	TRY("pidfd_getfd reaped", pidfd_getfd(fd, 0, 0));
	show_waitid("reaped: waitid", fd, WEXITED, kid);
	show_fdinfo(fd);
	close(fd);
	close(nfd);
	close(pipefd[0]);

	fflush(stdout);
	if ((kid = fork()) == 0) {
		usleep(50000);
		_exit(7);
	}
	fd = pidfd_open(kid, 0);
	show_poll("exits by itself (a poll that waits)", fd, -1);
	show_waitid("  waitid", fd, WEXITED, kid);
	close(fd);

	fd = pidfd_open(getpid(), 0);
	show_waitid("waitid for ourselves", fd, WEXITED | WNOHANG, getpid());
	close(fd);
}

#define CLONE_PIDFD	0x00001000
#define CLONE_DETACHED	0x00400000

// clone as fork does it (no new stack, no shared memory), with flags besides SIGCHLD.
static long clone_fork(unsigned long flags, int *ptid)
{
	fflush(stdout);
	return syscall(SYS_clone, flags | SIGCHLD, 0, ptid, 0, 0);
}

static void cloning(void)
{
	int fd = -1;
	long kid;

	TRY("clone CLONE_PIDFD|CLONE_PARENT_SETTID", clone_fork(CLONE_PIDFD | CLONE_PARENT_SETTID, &fd));
	TRY("clone CLONE_PIDFD|CLONE_DETACHED", clone_fork(CLONE_PIDFD | CLONE_DETACHED, &fd));
	TRY("clone CLONE_PIDFD, bad pointer", clone_fork(CLONE_PIDFD, (int *)8));
	TRY("  no child made", waitpid(-1, NULL, WNOHANG));
	if ((kid = clone_fork(CLONE_PIDFD, &fd)) == 0)
		_exit(5);
	printf("clone CLONE_PIDFD: a pidfd %s, close-on-exec %d\n", yes(fd >= 0),
	       fcntl(fd, F_GETFD));
	show_poll("  the child exits (a poll that waits)", fd, -1);
	show_waitid("  waitid", fd, WEXITED, kid);
	close(fd);
}

// pidfd_send_signal takes an open /proc/PID directory as it takes a pidfd (Linux's tgid_pidfd_to_pid).
static void proc_dirs(void)
{
	char path[64];
	int self, dir, task, proc, file;
	siginfo_t info;
	pid_t kid;

	self = open("/proc/self", O_RDONLY | O_DIRECTORY);
	got = 0;
	TRY("/proc/self: SIGUSR1", pidfd_send_signal(self, SIGUSR1, NULL, 0));
	printf("  the handler had %s, code %s\n", got == SIGUSR1 ? "SIGUSR1" : "nothing",
	       got_code == SI_USER ? "SI_USER" : "other");
	TRY("/proc/self: PIDFD_SIGNAL_THREAD", pidfd_send_signal(self, SIGUSR1, NULL, 1));
	TRY("/proc/self: flags 8", pidfd_send_signal(self, 0, NULL, 8));
	snprintf(path, sizeof(path), "/proc/self/task/%d", getpid());
	task = open(path, O_RDONLY | O_DIRECTORY);
	TRY("/proc/self/task/TID", pidfd_send_signal(task, 0, NULL, 0));
	proc = open("/proc", O_RDONLY | O_DIRECTORY);
	TRY("/proc", pidfd_send_signal(proc, 0, NULL, 0));
	file = open("/proc/self/status", O_RDONLY);
	TRY("/proc/self/status", pidfd_send_signal(file, 0, NULL, 0));
	TRY("waitid P_PIDFD on /proc/self", waitid(P_PIDFD, self, &info, WEXITED | WNOHANG));
	TRY("pidfd_getfd on /proc/self", pidfd_getfd(self, 0, 0));
	close(task);
	close(proc);
	close(file);
	close(self);

	fflush(stdout);
	if ((kid = fork()) == 0) {
		for (;;)
			pause();
	}
	snprintf(path, sizeof(path), "/proc/%d", kid);
	dir = open(path, O_RDONLY | O_DIRECTORY);
	memset(&info, 0, sizeof info);
	info.si_code = SI_QUEUE;
	TRY("/proc/KID: SI_QUEUE info", pidfd_send_signal(dir, 0, &info, 0));
	info.si_code = SI_USER;
	TRY("/proc/KID: SI_USER info", pidfd_send_signal(dir, 0, &info, 0));
	TRY("/proc/KID: signal 99", pidfd_send_signal(dir, 99, NULL, 0));
	TRY("/proc/KID: SIGTERM", pidfd_send_signal(dir, SIGTERM, NULL, 0));
	usleep(100000);
	TRY("/proc/KID: 0 to the zombie", pidfd_send_signal(dir, 0, NULL, 0));
	waitpid(kid, NULL, 0);
	TRY("/proc/KID: 0 reaped", pidfd_send_signal(dir, 0, NULL, 0));
	TRY("/proc/KID: 0 reaped, to its group", pidfd_send_signal(dir, 0, NULL, 4));
	TRY("/proc/KID: SI_USER info, reaped", pidfd_send_signal(dir, 0, &info, 0));
	info.si_code = SI_QUEUE;
	TRY("/proc/KID: SI_QUEUE info, reaped", pidfd_send_signal(dir, 0, &info, 0));
	close(dir);
}

int main(void)
{
	signal(SIGUSR2, SIG_IGN);
	opening();
	signalling();
	lifecycle();
	cloning();
	proc_dirs();
	return 0;
}
