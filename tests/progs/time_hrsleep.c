// time_hrsleep: timed sleeps of tens of microseconds last about that long, not a whole
// clock tick: of 200 nanosleeps of 50 us, and of 50 sleeps of each other kind
// (clock_nanosleep, usleep: 50 us; an absolute clock_nanosleep, a futex wait, a
// semtimedop, an rt_sigtimedwait, the timeouts of select, ppoll and pselect on a pipe
// nobody writes: 100 us; of poll and epoll_wait, which count in ms: 1 ms), none ends
// before its time and the median
// lasts less than half a 10 ms tick.  Behaviour, not speed: on Linux the median is about
// 0.1 ms; a kernel that rounds a sleep up to its tick has every one at 10 ms or more.
// shmos runs it under icount, where its clocks count instructions: on a busy host
// QEMU's timers otherwise wait for the host to run QEMU, for milliseconds at a time.
// icount: yes
// timeout: 90
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#define N	200		// nanosleeps; 50 of each other kind
#define SHORT	50000		/* ns */
#define LONGER	100000		/* ns */
#define MS	1000000		/* ns: poll's and epoll_wait's unit */

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static int futex_word;
static int semid;
static int pipefd[2], epfd;	// an empty pipe's read end, an epoll set watching it

// One sleep of the kind named; 1 if it said what it should.
static int one(int kind, long ns)
{
	struct timespec ts = { 0, ns }, abs;
	struct sembuf wait_zero = { 0, 0, 0 };
	struct pollfd pfd = { .fd = pipefd[0], .events = POLLIN };
	struct timeval tv = { 0, ns / 1000 };
	struct epoll_event ev;
	sigset_t set;
	fd_set in;
	long long t;

	switch (kind) {
	case 0:
		return nanosleep(&ts, NULL) == 0;
	case 1:
		return clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL) == 0;
	case 2:
		return usleep(ns / 1000) == 0;
	case 3:
		t = now_ns() + ns;
		abs.tv_sec = t / 1000000000;
		abs.tv_nsec = t % 1000000000;
		return clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL) == 0 &&
		       now_ns() >= t;
	case 4:
		return syscall(SYS_futex, &futex_word, FUTEX_WAIT_PRIVATE, 0, &ts, NULL, 0) == -1 &&
		       errno == ETIMEDOUT;
	case 5:
		return semtimedop(semid, &wait_zero, 1, &ts) == -1 && errno == EAGAIN;
	case 6:
		sigemptyset(&set);
		sigaddset(&set, SIGUSR1);
		return sigtimedwait(&set, NULL, &ts) == -1 && errno == EAGAIN;
	case 7:
		return poll(&pfd, 1, ns / 1000000) == 0;
	case 8:
	case 9:
		FD_ZERO(&in);
		FD_SET(pipefd[0], &in);
		return (kind == 8 ? select(pipefd[0] + 1, &in, NULL, NULL, &tv) :
			pselect(pipefd[0] + 1, &in, NULL, NULL, &ts, NULL)) == 0;
	case 10:
		return ppoll(&pfd, 1, &ts, NULL) == 0;
	default:
		return epoll_wait(epfd, &ev, 1, ns / 1000000) == 0;
	}
}

int main(void)
{
	static const char *const names[] = {
		"nanosleep", "clock_nanosleep", "usleep", "clock_nanosleep(TIMER_ABSTIME)",
		"futex(FUTEX_WAIT)", "semtimedop", "sigtimedwait", "poll", "select", "pselect",
		"ppoll", "epoll_wait",
	};
	struct epoll_event ev = { .events = EPOLLIN };
	struct sembuf up = { 0, 1, 0 };
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	semid = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	semop(semid, &up, 1);	// 1: a wait for zero waits
	pipe(pipefd);
	epfd = epoll_create1(0);
	epoll_ctl(epfd, EPOLL_CTL_ADD, pipefd[0], &ev);
	for (int kind = 0; kind < 12; kind++) {
		long ns = kind < 3 ? SHORT : kind == 7 || kind == 11 ? MS : LONGER;
		int n = kind ? N / 4 : N, ok = 1, early = 0;
		long long took[N];

		for (int i = 0; i < n; i++) {
			long long t0 = now_ns();

			ok &= one(kind, ns);
			took[i] = now_ns() - t0;
			early |= took[i] < ns;
		}
		qsort(took, n, sizeof(took[0]), cmp_ll);
		printf("%d x %s(%ld us): %s, none shorter: %s, median under 5 ms: %s\n", n,
		       names[kind], ns / 1000, ok ? "ok" : "wrong result", yes(!early),
		       yes(took[n / 2] < 5000000));
	}
	semctl(semid, 0, IPC_RMID);
	return 0;
}
