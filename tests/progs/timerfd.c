/*
 * timerfd: the flags and clocks timerfd_create takes, a one-shot and an
 * interval timer read and polled (poll, select, epoll), TFD_TIMER_ABSTIME,
 * timerfd_gettime, the short-buffer and nonblocking errors, and the
 * _time64 calls.
 */
#define _GNU_SOURCE
#include "check.h"
#include <poll.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>

#define MS	1000000L

static struct itimerspec its(long value_ns, long interval_ns)
{
	struct itimerspec t = {
		{ interval_ns / 1000000000, interval_ns % 1000000000 },
		{ value_ns / 1000000000, value_ns % 1000000000 },
	};
	return t;
}

int main(void)
{
	struct itimerspec t, old;
	struct pollfd pfd;
	struct epoll_event ev = { .events = EPOLLIN }, out;
	struct timespec now;
	long long t0;
	uint64_t n = 0;
	long long ts64[4] = { 0, 0, 0, 50 * MS };
	char small[4];
	fd_set rs;
	int fd, ep, p[2];

	TRY("bad clock", timerfd_create(CLOCK_PROCESS_CPUTIME_ID, 0));
	TRY("bad flags", timerfd_create(CLOCK_MONOTONIC, 1));
	TRY("realtime", fd = timerfd_create(CLOCK_REALTIME, TFD_CLOEXEC));
	printf("cloexec: %s\n", yes(fcntl(fd, F_GETFD) & FD_CLOEXEC));
	close(fd);
	TRY("boottime", fd = timerfd_create(CLOCK_BOOTTIME, 0));
	close(fd);
	pipe(p);
	t = its(0, 0);
	TRY("settime on a pipe", timerfd_settime(p[0], 0, &t, NULL));
	close(p[0]);
	close(p[1]);
	TRY("gettime bad fd", timerfd_gettime(99, &t));

	TRY("monotonic nonblock", fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK));
	TRY("read disarmed", read(fd, &n, 8));
	t = its(0, 1);
	t.it_value.tv_nsec = 1000000000;
	TRY("bad nsec", timerfd_settime(fd, 0, &t, NULL));
	t = its(50 * MS, 0);
	TRY("bad settime flags", timerfd_settime(fd, 4, &t, NULL));
	/* From before the settime: the calls between may take a while on a busy host. */
	t0 = now_ms();
	TRY("settime 50ms", timerfd_settime(fd, 0, &t, NULL));
	TRY("gettime", timerfd_gettime(fd, &t));
	printf("left in (0, 50ms]: %s, interval 0: %s\n",
	       yes(t.it_value.tv_sec == 0 && t.it_value.tv_nsec > 0 &&
		   t.it_value.tv_nsec <= 50 * MS),
	       yes(!t.it_interval.tv_sec && !t.it_interval.tv_nsec));
	TRY("read early", read(fd, &n, 8));
	pfd.fd = fd;
	pfd.events = POLLIN;
	TRY("poll 0", poll(&pfd, 1, 0));
	TRY("poll", poll(&pfd, 1, 2000));
	printf("revents POLLIN: %s, 50ms after the settime: %s\n", yes(pfd.revents == POLLIN),
	       yes(now_ms() - t0 >= 49));	/* (each reading rounds down) */
	TRY("read short", read(fd, small, sizeof(small)));
	TRY("read", read(fd, &n, 8));
	printf("count: %llu\n", (unsigned long long)n);
	TRY("read again", read(fd, &n, 8));
	TRY("gettime", timerfd_gettime(fd, &t));
	printf("disarmed: %s\n", yes(!t.it_value.tv_sec && !t.it_value.tv_nsec));

	/* An interval timer: blocking read, select, epoll; old value back. */
	fcntl(fd, F_SETFL, 0);
	t = its(20 * MS, 20 * MS);
	TRY("settime interval", timerfd_settime(fd, 0, &t, NULL));
	TRY("read blocking", read(fd, &n, 8));
	printf("count >= 1: %s\n", yes(n >= 1));
	FD_ZERO(&rs);
	FD_SET(fd, &rs);
	TRY("select", select(fd + 1, &rs, NULL, NULL, &(struct timeval){ 2, 0 }));
	printf("set: %s\n", yes(FD_ISSET(fd, &rs)));
	TRY("read", read(fd, &n, 8));
	ep = epoll_create1(0);
	epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
	TRY("epoll_wait", epoll_wait(ep, &out, 1, 2000));
	printf("EPOLLIN: %s\n", yes(out.events == EPOLLIN));
	usleep(100 * 1000);
	TRY("read after 100ms", read(fd, &n, 8));
	printf("count >= 4: %s\n", yes(n >= 4));
	t = its(0, 0);
	TRY("disarm", timerfd_settime(fd, 0, &t, &old));
	printf("old interval 20ms: %s\n",
	       yes(old.it_interval.tv_sec == 0 && old.it_interval.tv_nsec == 20 * MS));
	TRY("poll disarmed", poll(&pfd, 1, 50));

	/* Absolute: a time already past is due at once. */
	clock_gettime(CLOCK_MONOTONIC, &now);
	t = its(0, 0);
	t.it_value = now;
	TRY("abstime past", timerfd_settime(fd, TFD_TIMER_ABSTIME, &t, NULL));
	TRY("read", read(fd, &n, 8));
	printf("count: %llu\n", (unsigned long long)n);
	now.tv_nsec += 30 * MS;
	if (now.tv_nsec >= 1000000000) {
		now.tv_sec++;
		now.tv_nsec -= 1000000000;
	}
	t.it_value = now;
	TRY("abstime +30ms", timerfd_settime(fd, TFD_TIMER_ABSTIME, &t, NULL));
	TRY("read", read(fd, &n, 8));
	printf("read at the time or after: %s\n",
	       yes(now_ms() >= now.tv_sec * 1000LL + now.tv_nsec / 1000000));

	/* The _time64 calls: 64-bit timespecs. */
	TRY("settime64", syscall(411, fd, 0, ts64, NULL));
	TRY("gettime64", syscall(410, fd, ts64));
	printf("left in (0, 50ms]: %s\n", yes(ts64[2] == 0 && ts64[3] > 0 && ts64[3] <= 50 * MS));
	TRY("read", read(fd, &n, 8));
	printf("count: %llu\n", (unsigned long long)n);
	return 0;
}
