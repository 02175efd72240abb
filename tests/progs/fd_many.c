// fd_many: descriptors past the first 64, as Linux has them: RLIMIT_NOFILE soft 1024 and
// hard 4096, a table that grows to a thousand descriptors and more, fork and exec with them
// (close-on-exec bits too), dup2 and F_DUPFD at the soft limit, poll and select with a high
// descriptor, the soft limit raised past 1024, close_range, the hard limit not raised by a
// user or past fs.nr_open, /proc/self/fd listing them all.
// host: uids
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define HIGH	3000	/* a descriptor past 1024, once the soft limit is 4096 */

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC	4
#endif

static long close_range_(unsigned int fd, unsigned int max_fd, unsigned int flags)
{
	return syscall(SYS_close_range, fd, max_fd, flags);
}

static int is_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

static int count_open(int below)
{
	int n = 0;

	for (int fd = 0; fd < below; fd++)
		n += is_open(fd);
	return n;
}

// The program again, after exec: the even descriptors from 100 up were close-on-exec.
static int after_exec(void)
{
	int even_open = 0, odd_closed = 0;

	for (int fd = 100; fd < 1024; fd++) {
		if (fd % 2 == 0)
			even_open += is_open(fd);
		else
			odd_closed += !is_open(fd);
	}
	printf("after exec: even closed %s, odd open %s\n", yes(even_open == 0),
	       yes(odd_closed == 0));
	return 0;
}

static void wait_child(pid_t pid)
{
	int status;

	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		printf("child failed: %#x\n", status);
}

static void limit(rlim_t cur, rlim_t max)
{
	struct rlimit r = { cur, max };

	printf("setrlimit(%lu, %lu): %s\n", (unsigned long)cur, (unsigned long)max,
	       setrlimit(RLIMIT_NOFILE, &r) < 0 ? ename(errno) : "ok");
}

static int proc_fd_count(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.';
	closedir(d);
	return n - 1;	/* the directory's own descriptor */
}

static int fd_size(void)
{
	char line[128];
	int n = -1;
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f))
		sscanf(line, "FDSize: %d", &n);
	if (f)
		fclose(f);
	return n;
}

static void poll_and_select(int rfd, int nfds)
{
	struct pollfd p = { .fd = rfd, .events = POLLIN };
	static uint32_t set[4096 / 32];
	struct timeval tv = { 0, 0 };
	int r;

	r = poll(&p, 1, 0);
	printf("poll fd > 900: %d, POLLIN %s\n", r, yes(p.revents & POLLIN));
	memset(set, 0, sizeof(set));
	set[rfd / 32] |= 1u << (rfd % 32);
	r = select(nfds, (fd_set *)set, NULL, NULL, &tv);
	printf("select(%s): %d, set %s\n", nfds > 1024 ? "past FD_SETSIZE" : "below 1024", r,
	       yes(set[rfd / 32] & (1u << (rfd % 32))));
}

int main(int argc, char **argv)
{
	struct rlimit r;
	long ret;
	int base, fds[2], last = -1, fd;
	pid_t pid;

	if (argc > 1)
		return after_exec();
	setvbuf(stdout, NULL, _IOLBF, 0);
	getrlimit(RLIMIT_NOFILE, &r);
	// The host's runner may have its own limits: only that they allow Linux's defaults.
	printf("soft at least 1024: %s, hard at least soft: %s\n", yes(r.rlim_cur >= 1024),
	       yes(r.rlim_max >= r.rlim_cur));
	limit(1024, 4096);
	getrlimit(RLIMIT_NOFILE, &r);
	printf("getrlimit: %lu %lu\n", (unsigned long)r.rlim_cur, (unsigned long)r.rlim_max);

	// A thousand descriptors and more: pipes, then dups of one until EMFILE.
	base = open("/dev/null", O_RDWR);
	for (int i = 0; i < 50; i++)
		if (pipe(fds) < 0)
			printf("pipe %d: %s\n", i, ename(errno));
	while ((fd = dup(base)) >= 0)
		last = fd;
	printf("last dup: %d, then %s\n", last, ename(errno));
	printf("pipe when full: %s\n", pipe(fds) < 0 ? ename(errno) : "ok");
	printf("open when full: %s\n", open("/dev/null", O_RDONLY) < 0 ? ename(errno) : "ok");
	printf("F_DUPFD 1000 when full: %s\n", fcntl(base, F_DUPFD, 1000) < 0 ? ename(errno) : "ok");
	printf("dup2 to 1023: %d\n", dup2(base, 1023));
	printf("dup2 to 1024: %s\n", dup2(base, 1024) < 0 ? ename(errno) : "ok");
	printf("dup3 to 1024: %s\n", dup3(base, 1024, O_CLOEXEC) < 0 ? ename(errno) : "ok");
	printf("F_DUPFD 1024: %s\n", fcntl(base, F_DUPFD, 1024) < 0 ? ename(errno) : "ok");
	printf("F_DUPFD_CLOEXEC 1024: %s\n",
	       fcntl(base, F_DUPFD_CLOEXEC, 1024) < 0 ? ename(errno) : "ok");
	printf("open below 1024: %d\n", count_open(1024));
	close(999);	/* for opendir's */
	printf("/proc/self/fd lists them: %s\n", yes(proc_fd_count() == count_open(1024)));
	printf("/proc/self/fd/1023: %s\n", readlink("/proc/self/fd/1023", (char[64]){ 0 }, 64) == 9 ?
	       "/dev/null" : ename(errno));
	dup2(base, 999);

	// A pipe at 950 and 951 with a byte in it; poll and select see it.
	close(950);
	close(951);
	printf("pipe at 950: %s\n", pipe(fds) == 0 && fds[0] == 950 ? "yes" : "no");
	write(fds[1], "x", 1);
	poll_and_select(950, 952);
	{
		struct pollfd many[1025];

		for (int i = 0; i < 1025; i++)
			many[i] = (struct pollfd){ .fd = -1 };
		many[700].fd = 950;
		many[700].events = POLLIN;
		printf("poll 1024 entries: %d\n", poll(many, 1024, 0));
		printf("poll 1025 entries: %s\n", poll(many, 1025, 0) < 0 ? ename(errno) : "ok");
	}

	// fork: the child has them all.
	fflush(stdout);
	if ((pid = fork()) == 0) {
		printf("child: open below 1024: %d\n", count_open(1024));
		_exit(0);
	}
	wait_child(pid);

	// exec: the even descriptors from 100 up close.
	for (fd = 100; fd < 1024; fd += 2)
		fcntl(fd, F_SETFD, FD_CLOEXEC);
	fflush(stdout);
	if ((pid = fork()) == 0) {
		execl("/proc/self/exe", argv[0], "exec", (char *)NULL);
		printf("exec: %s\n", ename(errno));
		_exit(1);
	}
	wait_child(pid);

	// The soft limit up to the hard one: past 1024.
	limit(4096, 4096);
	printf("dup past 1024: %d\n", dup(base));
	printf("dup2 to %d: %d\n", HIGH, dup2(950, HIGH));
	poll_and_select(HIGH, HIGH + 1);
	printf("select nfds 5000: %s\n", select(5000, NULL, NULL, NULL,
						&(struct timeval){ 0, 0 }) == 0 ? "0" : ename(errno));
	printf("select nfds -1: %s\n", select(-1, NULL, NULL, NULL,
					      &(struct timeval){ 0, 0 }) < 0 ? ename(errno) : "ok");
	printf("dup2 to 4095: %d, to 4096: %s\n", dup2(base, 4095),
	       dup2(base, 4096) < 0 ? ename(errno) : "ok");
	fflush(stdout);
	if ((pid = fork()) == 0) {
		printf("child: %d and 4095 open: %s\n", HIGH, yes(is_open(HIGH) && is_open(4095)));
		_exit(0);
	}
	wait_child(pid);

	// close_range: its checks, close-on-exec over a range, then closing to the end.
	printf("close_range(5, 4): %s\n", close_range_(5, 4, 0) < 0 ? ename(errno) : "ok");
	printf("close_range flag 1: %s\n", close_range_(5, 6, 1) < 0 ? ename(errno) : "ok");
	ret = close_range_(2000, ~0u, CLOSE_RANGE_CLOEXEC);
	printf("close_range cloexec from 2000: %ld, 3000 and 4095 %d %d, 1023 %d\n", ret, fcntl(3000, F_GETFD), fcntl(4095, F_GETFD), fcntl(1023, F_GETFD));
	ret = close_range_(1000, ~0u, 0);
	printf("close_range from 1000: %ld, open below 4096: %d\n", ret, count_open(4096));
	// The table stays as large; fork copies what the highest open descriptor needs.
	printf("FDSize: %d\n", fd_size());
	fflush(stdout);
	if ((pid = fork()) == 0) {
		printf("child: FDSize: %d\n", fd_size());
		_exit(0);
	}
	wait_child(pid);

	// The hard limit: a user may not raise it, root may, never past fs.nr_open.
	limit(4096, 1048577);
	fflush(stdout);
	if ((pid = fork()) == 0) {
		if (setuid(65534) < 0)
			printf("setuid: %s\n", ename(errno));
		limit(4096, 8192);
		limit(2048, 4000);
		_exit(0);
	}
	wait_child(pid);
	// (Root raising it is tests/console/debian_shell's: a container's root may lack
	// CAP_SYS_RESOURCE.)
	return 0;
}
