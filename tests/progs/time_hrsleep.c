// time_hrsleep: timed sleeps of tens of microseconds last about that long, not a whole
// clock tick: 200 nanosleeps of 50 us take less than a second in all, and so do 50
// sleeps of each other kind (clock_nanosleep, usleep: 50 us; an absolute
// clock_nanosleep, a futex wait, a semtimedop, an rt_sigtimedwait: 100 us) in half a
// second; none ends before its time.  Behaviour, not speed: Linux takes about 0.02 s per
// 200, a kernel that rounds up to a 10 ms tick at least 2 s (0.5 s per 50).  The slack
// is for QEMU on a busy host, where each wake-up waits for the host to run QEMU.
// timeout: 90
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

#define N	200		// nanosleeps; 50 of each other kind
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
		int n = kind ? N / 4 : N;
		long long t0 = now_ns(), total;
		int ok = 1;

		for (int i = 0; i < n; i++)
			ok &= one(kind, ns);
		total = now_ns() - t0;
		printf("%d x %s(%ld us): %s, at least %d x %ld us: %s, under %s s: %s\n", n,
		       names[kind], ns / 1000, ok ? "ok" : "wrong result",
		       n, ns / 1000, yes(total >= (long long)n * ns), kind ? "0.5" : "1",
		       yes(total < n * 5000000ll));
	}
	semctl(semid, 0, IPC_RMID);
	return 0;
}
