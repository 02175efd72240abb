// epoll: epoll_create, epoll_create1, epoll_ctl and epoll_wait as Linux has them. The
// checks in Linux's order (EINVAL, EBADF, EPERM for a regular file, EEXIST, ENOENT, EFAULT);
// a pipe's read end level-triggered (reported at every wait while it has data),
// edge-triggered (once, then again only after it was drained and written again),
// EPOLLONESHOT (once, until EPOLL_CTL_MOD); the data given back; a closed file leaves the
// set; a wait that sleeps until a write; a pidfd that says its process has exited
// (pidwait's way); the set's file in /proc/self/fd.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "epoll_show.h"

static int ep;

// One wait of timeout ms: how many, and the first event's bits and data.
static void show_wait(const char *what, int timeout)
{
	struct epoll_event ev[4];
	int n = wait_show(what, ep, ev, timeout);

	if (n < 0)
		return;
	if (n > 0)
		printf(" events %#x data %llu", ev[0].events, (unsigned long long)ev[0].data.u64);
	printf("\n");
}

static void ctl(const char *what, int op, int fd, unsigned events, unsigned long long data)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };

	TRY(what, epoll_ctl(ep, op, fd, &ev));
}

int main(void)
{
	int p[2], file, ep2, pidfd;
	struct epoll_event ev = { .events = EPOLLIN };
	char buf[16], link[64] = "", path[64];
	pid_t kid;

	TRY("epoll_create 0", epoll_create(0));
	TRY("epoll_create -1", epoll_create(-1));
	TRY("epoll_create1 bad flags", epoll_create1(1));
	ep = epoll_create1(EPOLL_CLOEXEC);
	printf("epoll_create1(EPOLL_CLOEXEC): FD_CLOEXEC %d, F_GETFL %#o\n", fcntl(ep, F_GETFD),
	       fcntl(ep, F_GETFL));
	snprintf(path, sizeof path, "/proc/self/fd/%d", ep);
	readlink(path, link, sizeof link - 1);
	printf("  %s\n", link);
	ep2 = epoll_create(1);
	printf("epoll_create(1): FD_CLOEXEC %d\n", fcntl(ep2, F_GETFD));

	pipe(p);
	file = open("/tmp/epoll_file", O_RDWR | O_CREAT | O_TRUNC, 0600);
	unlink("/tmp/epoll_file");
	TRY("epoll_ctl bad event", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], (void *)8));
	TRY("epoll_ctl DEL, event ignored", epoll_ctl(ep, EPOLL_CTL_DEL, p[0], (void *)8));
	TRY("epoll_ctl epfd -1", epoll_ctl(-1, EPOLL_CTL_ADD, p[0], &ev));
	TRY("epoll_ctl fd -1", epoll_ctl(ep, EPOLL_CTL_ADD, -1, &ev));
	TRY("epoll_ctl a regular file", epoll_ctl(ep, EPOLL_CTL_ADD, file, &ev));
	TRY("epoll_ctl epfd not a set", epoll_ctl(p[1], EPOLL_CTL_ADD, p[0], &ev));
	TRY("epoll_ctl itself", epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev));
	TRY("epoll_ctl op 9", epoll_ctl(ep, 9, p[0], &ev));
	ev.events = EPOLLIN | EPOLLEXCLUSIVE;
	TRY("epoll_ctl MOD with EPOLLEXCLUSIVE", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
	ev.events = EPOLLIN | EPOLLEXCLUSIVE | EPOLLONESHOT;
	TRY("epoll_ctl ADD EPOLLEXCLUSIVE|EPOLLONESHOT", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	ctl("epoll_ctl MOD, not there", EPOLL_CTL_MOD, p[0], EPOLLIN, 0);
	ctl("epoll_ctl DEL, not there", EPOLL_CTL_DEL, p[0], 0, 0);
	ctl("epoll_ctl ADD the pipe", EPOLL_CTL_ADD, p[0], EPOLLIN, 7);
	ctl("epoll_ctl ADD again", EPOLL_CTL_ADD, p[0], EPOLLIN, 7);
	TRY("epoll_wait maxevents 0", epoll_wait(ep, &ev, 0, 0));
	TRY("epoll_wait epfd not a set", epoll_wait(p[0], &ev, 1, 0));
	TRY("epoll_wait epfd -1", epoll_wait(-1, &ev, 1, 0));

	show_wait("empty pipe", 0);
	show_wait("empty pipe, 20 ms", 20);
	write(p[1], "ab", 2);
	show_wait("level-triggered, data", 0);
	show_wait("  again", 0);
	read(p[0], buf, sizeof buf);

	ctl("MOD to EPOLLIN|EPOLLET", EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLET, 8);
	show_wait("edge-triggered, empty", 0);
	write(p[1], "ab", 2);
	show_wait("edge-triggered, data", 0);
	show_wait("  again, nothing new", 0);
	read(p[0], buf, sizeof buf);
	show_wait("  drained", 0);
	write(p[1], "c", 1);
	show_wait("  written again", 0);
	read(p[0], buf, sizeof buf);

	ctl("MOD to EPOLLIN|EPOLLONESHOT", EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLONESHOT, 9);
	write(p[1], "d", 1);
	show_wait("one-shot", 0);
	show_wait("  again: off", 0);
	ctl("  MOD on again", EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLONESHOT, 10);
	show_wait("  reported again", 0);
	read(p[0], buf, sizeof buf);

	ctl("MOD to EPOLLOUT", EPOLL_CTL_MOD, p[0], EPOLLOUT, 11);
	show_wait("a read end is never writable", 0);
	close(p[1]);
	show_wait("the write end closed: POLLHUP, always asked for", 0);
	ctl("DEL the pipe", EPOLL_CTL_DEL, p[0], 0, 0);
	show_wait("nothing in the set", 0);

	pipe(p);
	ctl("ADD a new pipe", EPOLL_CTL_ADD, p[0], EPOLLIN, 12);
	fflush(stdout);
	if ((kid = fork()) == 0) {
		usleep(50000);
		write(p[1], "e", 1);
		_exit(0);
	}
	show_wait("a wait until the child writes", -1);
	waitpid(kid, NULL, 0);
	close(p[0]);
	show_wait("its only descriptor closed: gone from the set", 0);
	TRY("  DEL it", epoll_ctl(ep, EPOLL_CTL_DEL, p[0], &ev));
	close(p[1]);

	fflush(stdout);
	if ((kid = fork()) == 0) {
		usleep(50000);
		_exit(3);
	}
	pidfd = syscall(SYS_pidfd_open, kid, 0);
	ctl("ADD a child's pidfd, EPOLLIN|EPOLLET", EPOLL_CTL_ADD, pidfd, EPOLLIN | EPOLLET, 13);
	show_wait("the child runs", 0);
	show_wait("a wait until it exits", -1);
	show_wait("  again, nothing new", 0);
	waitpid(kid, NULL, 0);
	close(pidfd);
	close(ep);
	close(ep2);
	close(file);
	return 0;
}
