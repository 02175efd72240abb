// time_hrsleep: timed sleeps of tens of microseconds last about that long, not a whole
// clock tick: 200 sleeps of 50 us (nanosleep, clock_nanosleep, usleep), of 100 us
// (an absolute clock_nanosleep, a futex wait, a semtimedop, an rt_sigtimedwait) take
// less than a second in all, and none ends before its time.  Behaviour, not speed: Linux
// takes about 0.02 s per 200, a kernel that rounds up to a 10 ms tick 2 s.
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#define N	200
#define SHORT	50000		/* ns */
#define LONGER	100000		/* ns */

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

static int futex_word;
static int semid;

// One sleep of the kind named; 1 if it said what it should.
static int one(int kind, long ns)
{
	struct timespec ts = { 0, ns }, abs;
	struct sembuf wait_zero = { 0, 0, 0 };
	sigset_t set;
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
	default:
		sigemptyset(&set);
		sigaddset(&set, SIGUSR1);
		return sigtimedwait(&set, NULL, &ts) == -1 && errno == EAGAIN;
	}
}

int main(void)
{
	static const char *const names[] = {
		"nanosleep", "clock_nanosleep", "usleep", "clock_nanosleep(TIMER_ABSTIME)",
		"futex(FUTEX_WAIT)", "semtimedop", "sigtimedwait",
	};
	struct sembuf up = { 0, 1, 0 };
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	semid = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	semop(semid, &up, 1);	// 1: a wait for zero waits
	for (int kind = 0; kind < 7; kind++) {
		long ns = kind < 3 ? SHORT : LONGER;
		long long t0 = now_ns(), total;
		int ok = 1;

		for (int i = 0; i < N; i++)
			ok &= one(kind, ns);
		total = now_ns() - t0;
		printf("%d x %s(%ld us): %s, at least %d x %ld us: %s, under 1 s: %s\n", N,
		       names[kind], ns / 1000, ok ? "ok" : "wrong result",
		       N, ns / 1000, yes(total >= (long long)N * ns),
		       yes(total < 1000000000));
	}
	semctl(semid, 0, IPC_RMID);
	return 0;
}
