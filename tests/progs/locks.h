// What the file lock tests (locks_*.c) share: processes that take turns through
// pipes, so that the output's order never depends on the scheduler, and lock calls
// printed the same way on Linux and on shmos, with pids by name. Include after
// check.h; the test defines _GNU_SOURCE (struct flock64, F_OFD_*) first.
#ifndef TESTS_LOCKS_H
#define TESTS_LOCKS_H

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

// ---- processes by name ----

static struct { pid_t pid; const char *name; } names[32];
static int nnames;

static inline void name_pid(pid_t pid, const char *name)
{
	names[nnames].pid = pid;
	names[nnames++].name = name;
}

static const char *pid_name(pid_t pid)
{
	static char buf[16];

	for (int i = 0; i < nnames; i++)
		if (names[i].pid == pid)
			return names[i].name;
	snprintf(buf, sizeof(buf), pid == -1 ? "-1" : "pid?");
	return buf;
}

// ---- taking turns ----

// A child and the two pipes to it: the parent writes `to`, the child writes `from`.
struct kid {
	pid_t pid;
	int to, from;		// the parent's ends
	int in, out;		// the child's ends
};

static inline void post(int fd)
{
	if (write(fd, "x", 1) != 1)
		printf("post: %s\n", ename(errno));
}

static inline void await(int fd)
{
	char c;

	if (read(fd, &c, 1) != 1) {
		printf("await: the other side is gone\n");
		_exit(1);
	}
}

// Starts a child named name that runs fn(its kid) and exits 0.
static inline struct kid spawn(const char *name, void (*fn)(struct kid *k))
{
	int a[2], b[2];
	struct kid k;

	if (pipe(a) || pipe(b)) {
		printf("pipe: %s\n", ename(errno));
		exit(1);
	}
	k = (struct kid){ .to = a[1], .in = a[0], .from = b[0], .out = b[1] };
	k.pid = fork();
	if (k.pid == 0) {
		name_pid(getpid(), name);
		close(k.to);
		close(k.from);
		fn(&k);
		_exit(0);
	}
	close(k.in);
	close(k.out);
	name_pid(k.pid, name);
	return k;
}

// Waits for the child; says how it ended if that was not exit(0).
static inline void reap(struct kid *k)
{
	int st;

	close(k->to);
	close(k->from);
	if (waitpid(k->pid, &st, 0) != k->pid)
		printf("waitpid %s: %s\n", pid_name(k->pid), ename(errno));
	else if (WIFSIGNALED(st))
		printf("%s: killed by %s\n", pid_name(k->pid), sigabbrev_np(WTERMSIG(st)));
	else if (WEXITSTATUS(st))
		printf("%s: exit %d\n", pid_name(k->pid), WEXITSTATUS(st));
}

// Returns once pid sleeps (state S in /proc/PID/stat): the tests call it when the
// only sleep left to that process is the lock wait under test. 10 s at most.
static inline void wait_asleep(pid_t pid)
{
	char path[64], buf[256], *p;
	struct timespec ms = { 0, 1000000 };

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	for (int i = 0; i < 10000; i++) {
		FILE *f = fopen(path, "r");
		size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;

		if (f)
			fclose(f);
		buf[n] = 0;
		if ((p = strrchr(buf, ')')) && p[1] == ' ' && p[2] == 'S')
			return;
		nanosleep(&ms, NULL);
	}
	printf("%s never went to sleep\n", pid_name(pid));
}

// ---- lock calls ----

static const char *type_name(int type)
{
	return type == F_RDLCK ? "RDLCK" : type == F_WRLCK ? "WRLCK" :
	       type == F_UNLCK ? "UNLCK" : "type?";
}

static const char *cmd_name(int cmd)
{
	switch (cmd) {
	case F_GETLK: return "F_GETLK";
	case F_SETLK: return "F_SETLK";
	case F_SETLKW: return "F_SETLKW";
	case F_GETLK64: return "F_GETLK64";
	case F_SETLK64: return "F_SETLK64";
	case F_SETLKW64: return "F_SETLKW64";
	case F_OFD_GETLK: return "F_OFD_GETLK";
	case F_OFD_SETLK: return "F_OFD_SETLK";
	case F_OFD_SETLKW: return "F_OFD_SETLKW";
	}
	return "cmd?";
}

static const char *whence_name(int whence)
{
	return whence == SEEK_SET ? "" : whence == SEEK_CUR ? "cur" :
	       whence == SEEK_END ? "end" : "whence?";
}

// fcntl64(fd, cmd, {type, whence, start, len, pid}) with struct flock64, printed as
// "who: F_SETLK64 WRLCK 0+10: 0" (or -1 ENAME). A GETLK's answer follows: the lock
// in the way as "WRLCK 0+10 pid=parent", or UNLCK.
static inline long lk_pid(const char *who, int fd, int cmd, int type, int whence,
		   long long start, long long len, int pid)
{
	struct flock64 fl = { .l_type = type, .l_whence = whence, .l_start = start,
			      .l_len = len, .l_pid = pid };
	long r;

	errno = 0;
	r = syscall(SYS_fcntl64, fd, cmd, &fl);
	printf("%s: %s %s %s%lld%+lld: ", who, cmd_name(cmd), type_name(type),
	       whence_name(whence), start, len);
	if (r < 0) {
		printf("-1 %s\n", ename(errno));
		return r;
	}
	if (cmd != F_GETLK64 && cmd != F_OFD_GETLK) {
		printf("%ld\n", r);
		return r;
	}
	if (fl.l_type == F_UNLCK)
		printf("UNLCK (rest as given: %d %lld %lld %d)\n", fl.l_whence,
		       (long long)fl.l_start, (long long)fl.l_len, fl.l_pid);
	else
		printf("%s %s%lld+%lld pid=%s\n", type_name(fl.l_type),
		       whence_name(fl.l_whence), (long long)fl.l_start,
		       (long long)fl.l_len, pid_name(fl.l_pid));
	return r;
}

// The same without a word: the result, errno set.
static inline long lk_quiet(int fd, int cmd, int type, long long start, long long len)
{
	struct flock64 fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start,
			      .l_len = len };

	return syscall(SYS_fcntl64, fd, cmd, &fl);
}

static inline long lk(const char *who, int fd, int cmd, int type, long long start, long long len)
{
	return lk_pid(who, fd, cmd, type, SEEK_SET, start, len, 0);
}

static inline int make_file(const char *path, int size)
{
	char buf[4096] = { 0 };
	int fd;

	unlink(path);
	fd = open(path, O_RDWR | O_CREAT, 0644);
	if (fd < 0 || write(fd, buf, size) != size) {
		printf("make_file %s: %s\n", path, ename(errno));
		exit(1);
	}
	return fd;
}

// Says who unlocks before it does: the unlock may let a waiter run and print.
static inline void unlock_all(const char *who, int fd)
{
	struct flock64 fl = { .l_type = F_UNLCK };

	printf("%s: unlocks all\n", who);
	if (syscall(SYS_fcntl64, fd, F_SETLK64, &fl))
		printf("%s: unlock: %s\n", who, ename(errno));
}

static volatile sig_atomic_t alarms;
static int alarm_fd = -1;	// where on_alarm says it ran, if anywhere

static inline void on_alarm(int sig)
{
	(void)sig;
	alarms++;
	if (alarm_fd >= 0)
		write(alarm_fd, "a", 1);
}

// SIGALRM runs on_alarm; with restart, an interrupted lock wait starts again.
static inline void catch_alarm(int restart)
{
	struct sigaction sa = { .sa_handler = on_alarm, .sa_flags = restart ? SA_RESTART : 0 };

	sigaction(SIGALRM, &sa, NULL);
}

#endif
