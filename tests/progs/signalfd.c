// signalfd: signalfd4 and signalfd (321, 327) as Linux gives them. Records for kill,
// tkill, sigqueue (with its value) and SIGCHLD; a thread's own signal before its
// process's, lowest first, several per read; EAGAIN, a short buffer EINVAL; poll and
// epoll readiness; a blocked read woken by another process's kill and a handled signal
// outside the set interrupting it (EINTR); a second signalfd4 on the same fd changes the
// set; SIGKILL and SIGSTOP left out; flags; fdinfo's sigmask line; after fork the child
// reads its own signals; kept across execve; the errors, in Linux's order.
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "check.h"

#define SFD_NONBLOCK	04000
#define SFD_CLOEXEC	02000000

struct ssi {
	uint32_t signo;
	int32_t err, code;
	uint32_t pid, uid;
	int32_t fd;
	uint32_t tid, band, overrun, trapno;
	int32_t status, val;
	uint64_t ptr, utime, stime, addr;
	uint8_t rest[48];
};

static uint64_t mask_of(int a, int b)
{
	return (a ? 1ull << (a - 1) : 0) | (b ? 1ull << (b - 1) : 0);
}

static long sfd4(int fd, uint64_t mask, long size, int flags)
{
	return syscall(SYS_signalfd4, fd, &mask, size, flags);
}

/* One read of up to n records; each printed with what its kind fills. */
static void read_records(const char *what, int fd, int n)
{
	struct ssi s[4];
	long r;

	errno = 0;
	r = read(fd, s, n * sizeof(s[0]));
	show_result(what, r);
	for (long i = 0; r > 0 && i < r / (long)sizeof(s[0]); i++)
		printf("  signo %u code %d pid-is-me %s uid %u int %d ptr %llu status %d\n",
		       s[i].signo, s[i].code, yes(s[i].pid == (uint32_t)getpid()), s[i].uid,
		       s[i].val, (unsigned long long)s[i].ptr, s[i].status);
}

static int ready(int fd)
{
	struct pollfd p = { fd, POLLIN | POLLOUT, 0 };

	return poll(&p, 1, 0) < 0 ? -1 : p.revents;
}

static void fdinfo_mask(int fd)
{
	char path[64], buf[512], *line;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	if (slurp_file(path, buf, sizeof(buf)) < 0 || !(line = strstr(buf, "sigmask:")))
		printf("fdinfo: no sigmask line\n");
	else
		printf("fdinfo: %.*s\n", (int)strcspn(line, "\n"), line);
}

static void on_usr2(int sig)
{
	(void)sig;
}

int main(int argc, char **argv)
{
	sigset_t all;
	union sigval v = { .sival_int = 42 };
	char link[64], name[64] = "", small[128];
	struct epoll_event ev = { .events = EPOLLIN }, out;
	int fd, ep, st;
	pid_t child;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc > 1) {		/* after execve: the descriptor is still there */
		fd = atoi(argv[1]);
		raise(SIGUSR1);
		read_records("after execve, read", fd, 1);
		return 0;
	}
	sigemptyset(&all);
	sigaddset(&all, SIGUSR1);
	sigaddset(&all, SIGHUP);
	sigaddset(&all, SIGRTMIN);
	sigaddset(&all, SIGCHLD);
	sigprocmask(SIG_BLOCK, &all, NULL);

	/* errors: sizemask, then the mask's address, then the flags, then the fd */
	TRY("sizemask 4", sfd4(-1, 0, 4, 0));
	TRY("sizemask 16", sfd4(-1, 0, 16, 0));
	TRY("bad mask pointer", syscall(SYS_signalfd4, -1, (void *)8, 8, 0));
	TRY("bad mask pointer and sizemask", syscall(SYS_signalfd4, -1, (void *)8, 4, 0));
	TRY("bad flags", sfd4(-1, 0, 8, 1));
	TRY("bad flags and bad fd", sfd4(99, 0, 8, O_RDWR));
	TRY("fd not open", sfd4(99, 0, 8, 0));
	TRY("fd -2", sfd4(-2, 0, 8, 0));
	TRY("fd not a signalfd", sfd4(0, 0, 8, 0));
	TRY("signalfd (321) sizemask 4", syscall(SYS_signalfd, -1, &all, 4));

	fd = sfd4(-1, mask_of(SIGUSR1, SIGKILL) | mask_of(SIGSTOP, SIGHUP), 8, SFD_NONBLOCK);
	printf("signalfd4: %s\n", yes(fd >= 0));
	TRY("close-on-exec", fcntl(fd, F_GETFD));
	TRY("flags O_RDWR|O_NONBLOCK", fcntl(fd, F_GETFL) == (O_RDWR | O_NONBLOCK));
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	TRY("readlink", readlink(link, name, sizeof(name) - 1));
	printf("  %s\n", name);
	fdinfo_mask(fd);
	printf("poll empty: %#x\n", ready(fd));
	read_records("read empty", fd, 1);

	kill(getpid(), SIGUSR1);
	printf("poll after kill: %#x\n", ready(fd));
	TRY("read 127 bytes", read(fd, small, 127));
	TRY("read 0 bytes", read(fd, small, 0));
	read_records("read kill", fd, 1);
	printf("poll after read: %#x\n", ready(fd));

	/* the thread's own (tkill) first, then the process's; lowest first */
	kill(getpid(), SIGUSR1);
	kill(getpid(), SIGHUP);
	syscall(SYS_tgkill, getpid(), getpid(), SIGUSR1);
	read_records("read 4 at once", fd, 4);

	/* the set changes; SIGUSR1 stays pending, SIGRTMIN queues */
	TRY("update", sfd4(fd, mask_of(SIGRTMIN, 0), 8, SFD_CLOEXEC));
	TRY("update kept close-on-exec", fcntl(fd, F_GETFD));
	fdinfo_mask(fd);
	kill(getpid(), SIGUSR1);
	sigqueue(getpid(), SIGRTMIN, v);
	v.sival_int = 43;
	sigqueue(getpid(), SIGRTMIN, v);
	read_records("read queued", fd, 4);
	TRY("update back", syscall(SYS_signalfd, fd, &(uint64_t){ mask_of(SIGUSR1, SIGCHLD) }, 8));
	read_records("read pending one", fd, 2);

	/* epoll */
	ep = epoll_create1(0);
	TRY("epoll_ctl", epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev));
	TRY("epoll_wait empty", epoll_wait(ep, &out, 1, 0));
	kill(getpid(), SIGUSR1);
	TRY("epoll_wait after kill", epoll_wait(ep, &out, 1, 100));
	printf("  events %#x\n", out.events);
	read_records("read", fd, 1);
	close(ep);

	/* SIGCHLD's record; then the child reads its own signals, not ours */
	if ((child = fork()) == 0)
		_exit(7);
	waitpid(child, &st, 0);
	read_records("read SIGCHLD", fd, 1);
	sfd4(fd, mask_of(SIGUSR1, SIGCHLD) | mask_of(SIGHUP, 0), 8, 0);
	kill(getpid(), SIGHUP);
	if ((child = fork()) == 0) {
		read_records("child: read (parent's SIGHUP is not its)", fd, 1);
		kill(getpid(), SIGHUP);
		read_records("child: read its own", fd, 1);
		_exit(0);
	}
	waitpid(child, &st, 0);
	read_records("parent: read", fd, 1);
	read_records("read SIGCHLD", fd, 1);

	/* blocking: woken by another process's kill */
	fcntl(fd, F_SETFL, 0);
	if ((child = fork()) == 0) {
		usleep(100000);
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	read_records("blocked read", fd, 1);
	waitpid(child, &st, 0);
	read_records("the child's SIGCHLD, with room for 2: read", fd, 2);
	/* a handled signal outside the set ends the wait */
	sigaction(SIGUSR2, &(struct sigaction){ .sa_handler = on_usr2 }, NULL);
	sfd4(fd, mask_of(SIGUSR1, 0), 8, 0);
	if ((child = fork()) == 0) {
		usleep(100000);
		kill(getppid(), SIGUSR2);
		_exit(0);
	}
	read_records("blocked read, SIGUSR2 handled", fd, 1);
	waitpid(child, &st, 0);
	kill(getpid(), SIGUSR1);
	TRY("read bad buffer", syscall(SYS_read, fd, (void *)8, 128));
	fcntl(fd, F_SETFL, O_NONBLOCK);
	read_records("the record is lost: read", fd, 1);

	/* execve keeps it (not close-on-exec) */
	sfd4(fd, mask_of(SIGUSR1, 0), 8, 0);
	if ((child = fork()) == 0) {
		char arg[16];

		snprintf(arg, sizeof(arg), "%d", fd);
		execl("/proc/self/exe", argv[0], arg, (char *)NULL);
		_exit(127);
	}
	waitpid(child, &st, 0);
	printf("exec child: exit %d\n", WEXITSTATUS(st));
	TRY("close", close(fd));
	return 0;
}
