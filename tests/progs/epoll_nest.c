// epoll beyond the basics (tests/progs/epoll.c has those): a set in a set, readable while
// an item of the inner set is ready, in epoll_wait, poll and select, with Linux's checks
// (EINVAL for a set in itself or EPOLLEXCLUSIVE on a set, ELOOP for a cycle or a chain
// of more than 5 sets); EPOLLET's edges as Linux makes them, on a pipe (one for each
// write, even onto data already there; none for a read) and on an inotify instance (one
// for each event queued); EPOLLEXCLUSIVE's rules; EPOLLWAKEUP dropped without
// CAP_BLOCK_SUSPEND (as /proc/self/fdinfo shows the item); epoll_pwait2 (441) and its
// timespec; the events array checked as Linux 6.16 on does (the descriptor,
// then maxevents; a bad array only faults when an event is to be written there, and what
// fits before the fault is returned).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "epoll_show.h"

struct ts64 {
	int64_t sec, nsec;
};

// One wait of timeout ms on ep: how many, and the events' data.
static void show_wait(const char *what, int ep, int timeout)
{
	struct epoll_event ev[4];
	int n = wait_show(what, ep, ev, timeout);

	if (n < 0)
		return;
	for (int i = 0; i < n; i++)
		printf(" [%#x %llu]", ev[i].events, (unsigned long long)ev[i].data.u64);
	printf("\n");
}

static long add(int ep, int fd, unsigned events, unsigned long long data)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };

	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

static void show_poll(const char *what, int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN | POLLOUT };
	fd_set r;
	struct timeval tv = { 0, 0 };
	int n = poll(&p, 1, 0);

	FD_ZERO(&r);
	FD_SET(fd, &r);
	printf("%s: poll %d revents %#x, select %d\n", what, n, p.revents,
	       select(fd + 1, &r, NULL, NULL, &tv));
}

// The items /proc/self/fdinfo shows of set ep: whether the descriptor is fd, the events
// and the data (not the file's inode and device, which are the kernel's).
static void show_fdinfo(const char *what, int ep, int want)
{
	char path[64], line[256];
	unsigned long long data;
	unsigned events;
	FILE *f;
	int fd;

	snprintf(path, sizeof path, "/proc/self/fdinfo/%d", ep);
	f = fopen(path, "r");
	printf("%s:", what);
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "tfd: %d events: %x data: %llx", &fd, &events, &data) == 3)
			printf(" [fd %s events %#x data %#llx]", yes(fd == want), events, data);
	printf("\n");
	if (f)
		fclose(f);
}

static long pwait2(int ep, struct epoll_event *ev, int max, struct ts64 *ts)
{
	return syscall(441, ep, ev, max, ts, NULL, 8);
}

// epoll_wait unchecked by the compiler: the bad arguments are the point.
static long ewait(int ep, void *ev, int max, int timeout)
{
	return syscall(SYS_epoll_wait, ep, ev, max, timeout);
}

static void nesting(void)
{
	int e[7], p[2], q[2];
	char buf[16];

	for (int i = 0; i < 7; i++)
		e[i] = epoll_create1(0);
	pipe(p);
	TRY("a set in itself", add(e[0], e[0], EPOLLIN, 0));
	TRY("a set in a set, EPOLLEXCLUSIVE", add(e[0], e[1], EPOLLIN | EPOLLEXCLUSIVE, 0));
	TRY("e1 in e0", add(e[0], e[1], EPOLLIN, 1));
	TRY("e0 in e1: a cycle", add(e[1], e[0], EPOLLIN, 0));
	TRY("the pipe in e1", add(e[1], p[0], EPOLLIN, 100));
	show_wait("e0, the pipe empty", e[0], 0);
	show_poll("  e0 polled", e[0]);
	write(p[1], "a", 1);
	show_wait("e0, the pipe written", e[0], 0);
	show_wait("e1", e[1], 0);
	show_poll("  e0 polled", e[0]);
	show_poll("  e1 polled", e[1]);
	read(p[0], buf, sizeof buf);
	show_wait("e0, the pipe read", e[0], 0);
	fflush(stdout);
	if (fork() == 0) {
		usleep(50000);
		write(p[1], "b", 1);
		_exit(0);
	}
	show_wait("e0, a wait until a child writes", e[0], 2000);
	read(p[0], buf, sizeof buf);
	wait(NULL);	// its copies of the sets gone: closing one closes it

	// A chain e1 <- e2 <- ... : e0 holds e1 already.
	TRY("e2 in e1", add(e[1], e[2], EPOLLIN, 2));
	TRY("e3 in e2", add(e[2], e[3], EPOLLIN, 3));
	TRY("e4 in e3", add(e[3], e[4], EPOLLIN, 4));
	TRY("e5 in e4: 6 sets deep", add(e[4], e[5], EPOLLIN, 5));
	TRY("e0 in e4: a longer cycle", add(e[4], e[0], EPOLLIN, 0));
	pipe(q);
	TRY("a pipe in e4", add(e[4], q[0], EPOLLIN, 104));
	write(q[1], "c", 1);
	show_wait("e0, 5 deep", e[0], 0);
	TRY("e6 above e0: 6 sets deep", add(e[6], e[0], EPOLLIN, 0));
	TRY("e6 above e1", add(e[6], e[1], EPOLLIN, 61));
	TRY("e5 in e6", add(e[5], e[6], EPOLLIN, 0));
	TRY("e1 DEL from e0", epoll_ctl(e[0], EPOLL_CTL_DEL, e[1], NULL));
	show_wait("e0, empty", e[0], 0);
	show_wait("e6", e[6], 0);
	close(e[2]);
	show_wait("e6, e2 closed", e[6], 0);
	show_wait("e4", e[4], 0);
	TRY("EPOLLOUT only: e4 in e1 asking for it", add(e[1], e[4], EPOLLOUT, 41));
	show_wait("  e1", e[1], 0);
	for (int i = 0; i < 7; i++)
		close(e[i]);
	close(p[0]);
	close(p[1]);
	close(q[0]);
	close(q[1]);
}

static void edges(void)
{
	int ep = epoll_create1(0), p[2], in;
	char buf[16];

	pipe(p);
	add(ep, p[0], EPOLLIN | EPOLLET, 1);
	add(ep, p[1], EPOLLOUT | EPOLLET, 2);
	show_wait("edge: a new pipe", ep, 0);
	show_wait("  again", ep, 0);
	write(p[1], "a", 1);
	show_wait("  a write", ep, 0);
	show_wait("  nothing new", ep, 0);
	write(p[1], "b", 1);
	show_wait("  another write, data there already", ep, 0);
	read(p[0], buf, 1);
	show_wait("  a read, data left", ep, 0);
	write(p[1], "c", 1);
	write(p[1], "d", 1);
	show_wait("  two writes", ep, 0);
	read(p[0], buf, sizeof buf);
	show_wait("  drained", ep, 0);
	close(p[0]);
	close(p[1]);

	// an inotify instance: an edge for each event queued, none for one merged into the last
	in = inotify_init1(IN_NONBLOCK);
	mkdir("/tmp/epoll_nest", 0700);
	inotify_add_watch(in, "/tmp/epoll_nest", IN_CREATE | IN_ATTRIB);
	add(ep, in, EPOLLIN | EPOLLET, 3);
	show_wait("edge: inotify, nothing", ep, 0);
	close(open("/tmp/epoll_nest/a", O_CREAT | O_RDONLY, 0600));
	show_wait("  an event", ep, 0);
	close(open("/tmp/epoll_nest/b", O_CREAT | O_RDONLY, 0600));
	show_wait("  another, the first unread", ep, 0);
	chmod("/tmp/epoll_nest/b", 0644);
	chmod("/tmp/epoll_nest/b", 0600);
	show_wait("  two the same: one queued", ep, 0);
	chmod("/tmp/epoll_nest/b", 0644);
	show_wait("  the same again: merged", ep, 0);
	unlink("/tmp/epoll_nest/a");
	unlink("/tmp/epoll_nest/b");
	rmdir("/tmp/epoll_nest");
	close(in);
	close(ep);
}

static void flags(void)
{
	int ep = epoll_create1(0), ep2 = epoll_create1(0), p[2];
	struct epoll_event ev = { .events = EPOLLIN };

	pipe(p);
	TRY("EPOLLEXCLUSIVE|EPOLLIN|EPOLLET", add(ep, p[0], EPOLLIN | EPOLLEXCLUSIVE | EPOLLET, 1));
	ev.events = EPOLLIN;
	TRY("  MOD it, no EPOLLEXCLUSIVE", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
	TRY("  DEL it", epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL));
	TRY("EPOLLEXCLUSIVE|EPOLLPRI", add(ep, p[0], EPOLLEXCLUSIVE | EPOLLPRI, 1));
	TRY("EPOLLEXCLUSIVE|EPOLLRDHUP", add(ep, p[0], EPOLLEXCLUSIVE | EPOLLRDHUP, 1));
	TRY("EPOLLEXCLUSIVE|EPOLLONESHOT", add(ep, p[0], EPOLLEXCLUSIVE | EPOLLONESHOT | EPOLLIN, 1));
	TRY("EPOLLEXCLUSIVE alone", add(ep, p[0], EPOLLEXCLUSIVE, 2));
	TRY("  DEL it", epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL));
	TRY("EPOLLWAKEUP|EPOLLIN", add(ep, p[0], EPOLLWAKEUP | EPOLLIN, 3));
	show_fdinfo("  fdinfo: EPOLLWAKEUP dropped", ep, p[0]);
	write(p[1], "a", 1);
	show_wait("  reported", ep, 0);
	ev.events = EPOLLIN | EPOLLEXCLUSIVE;
	TRY("MOD with EPOLLEXCLUSIVE", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
	TRY("MOD of another set's item", epoll_ctl(ep2, EPOLL_CTL_MOD, p[0], &ev));
	close(ep);
	close(ep2);
	close(p[0]);
	close(p[1]);
}

static void waits(void)
{
	int ep = epoll_create1(0), p[2];
	struct epoll_event ev[2];
	struct ts64 ts = { 0, 0 };
	long long t0;
	char *page;

	pipe(p);
	TRY("pwait2 maxevents 0", pwait2(ep, ev, 0, &ts));
	TRY("pwait2 bad timespec pointer", pwait2(ep, ev, 1, (void *)8));
	ts.nsec = 1000000000;
	TRY("pwait2 nsec 1e9", pwait2(ep, ev, 1, &ts));
	ts.sec = -1;
	ts.nsec = 0;
	TRY("pwait2 sec -1", pwait2(ep, ev, 1, &ts));
	ts.sec = 0;
	TRY("pwait2 0: no wait", pwait2(ep, ev, 1, &ts));
	ts.nsec = 30000000;
	t0 = now_ms();
	TRY("pwait2 30 ms", pwait2(ep, ev, 1, &ts));
	printf("  waited >= 30 ms: %s\n", yes(now_ms() - t0 >= 30));
	ts.sec = 1LL << 33;	// past 32 bits: a long wait, not a short one
	ts.nsec = 0;
	add(ep, p[0], EPOLLIN, 7);
	write(p[1], "a", 1);
	TRY("pwait2 a 2^33 s wait, the pipe ready", pwait2(ep, ev, 2, &ts));
	printf("  data %llu\n", (unsigned long long)ev[0].data.u64);
	TRY("pwait2 no timespec: ready", pwait2(ep, ev, 2, NULL));
	TRY("pwait2 epfd -1", pwait2(-1, ev, 1, &ts));
	TRY("pwait2 maxevents 0, epfd -1", pwait2(-1, ev, 0, &ts));

	TRY("epoll_wait maxevents -1, epfd -1", ewait(-1, ev, -1, 0));
	TRY("epoll_wait maxevents huge", ewait(ep, ev, 0x7fffffff / 12 + 1, 0));
	TRY("epoll_wait NULL events, one ready", ewait(ep, NULL, 1, 0));
	TRY("epoll_wait NULL events, epfd -1", ewait(-1, NULL, 1, 0));
	page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(page + 4096, 4096);
	TRY("epoll_wait events unmapped, one ready", ewait(ep, (void *)(page + 4096), 1, 0));
	add(ep, p[1], EPOLLOUT, 8);
	TRY("epoll_wait 2 ready, room for 1 before a hole", ewait(ep, (void *)(page + 4096 - 12), 2, 0));
	memcpy(ev, page + 4096 - 12, 12);
	printf("  first: %#x %llu\n", ev[0].events, (unsigned long long)ev[0].data.u64);
	TRY("  again, 2", ewait(ep, ev, 2, 0));
	TRY("epoll_wait events unmapped, nothing ready",
	    ewait(epoll_create1(0), (void *)(page + 4096), 1, 0));
	munmap(page, 4096);
	close(ep);
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	nesting();
	edges();
	flags();
	waits();
	return 0;
}
