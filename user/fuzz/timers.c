// Operations on POSIX timers: timer_create with every kind of sigevent (and
// random ones), timer_settime (32- and 64-bit times), timer_gettime,
// timer_getoverrun, timer_delete, on our timers, deleted ones and made-up ids.
//
// A timer belongs to its process and goes when it exits (or execs): children
// may make them too. Their signals are ones every worker ignores (worker.c),
// or numbers timer_create refuses: a timer can never kill its process.
#include "fuzz.h"

#include <signal.h>
#include <string.h>
#include <time.h>

#define NTIMER 8

static int timers[NTIMER];	// ids timer_create gave us (some deleted since)
static int ntimers;

static long signo(void)
{
	static const long safe[] = { SIGALRM, SIGVTALRM, SIGPROF, SIGURG, SIGWINCH };
	static const long bad[] = { 0, 65, -1, 0x7fffffff };
	return chance(85) ? PICK(safe) : PICK(bad);
}

static long timer_id(void)
{
	static const long bad[] = { -1, 0x7fffffff, 4096, 0x80000000 };
	return ntimers && chance(85) ? timers[below(ntimers)] : chance(50) ? (long)below(8) : PICK(bad);
}

// A struct sigevent in scratch (64 bytes on i386): value, signo, notify, tid.
static long sigevent(void)
{
	static const long notify[] = { 0 /* SIGNAL */, 1 /* NONE */, 2 /* THREAD */, SIGEV_THREAD_ID,
				       SIGEV_THREAD_ID | 1, 8, -1 };
	long *ev = (long *)scratch;

	if (chance(10))
		return 0;	// SIGEV_SIGNAL, SIGALRM
	if (chance(5))
		return bad_ptr();
	for (int i = 0; i < 16; i++)
		ev[i] = chance(30) ? (long)rnd() : 0;
	ev[1] = signo();
	ev[2] = chance(20) ? (long)rnd() & SIGEV_THREAD_ID : PICK(notify);
	if (chance(70))	// the thread: ourselves, or another process (EINVAL)
		ev[3] = chance(70) ? (long)SC(SYS_gettid, 0, 0, 0, 0, 0) : (long)below(1000);
	return (long)scratch;
}

static void timer_create_one(void)
{
	static const long clocks[] = { CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID,
				       CLOCK_THREAD_CPUTIME_ID, CLOCK_BOOTTIME, CLOCK_REALTIME_ALARM,
				       CLOCK_MONOTONIC_RAW, 99, -1, ~(0L << 3) | 2 /* pid 0's CPU */ };
	long clock = PICK(clocks), ev = sigevent();
	int *id = (int *)(scratch + 128);
	long r;

	if (chance(10))	// a CPU clock of another process, or of our parent
		clock = (~(long)(chance(50) ? 1 : below(1000)) << 3) | 2;
	r = SC(SYS_timer_create, clock, ev, chance(90) ? (long)id : bad_ptr(), 0, 0);
	if (r == 0 && ntimers < NTIMER)
		timers[ntimers++] = *id;
	else if (r == 0)
		SC(SYS_timer_delete, *id, 0, 0, 0, 0);
}

// An itimerspec of 32-bit times at t, 64-bit ones at t + 4 longs: interval and
// value of a few ms at most, or malformed, or none (disarmed).
static void itimerspec(long *t)
{
	static const long nsecs[] = { 0, 1, 1000, 1000000, 999999999, 1000000000, -1 };
	for (int i = 0; i < 2; i++) {
		long sec = chance(95) ? 0 : chance(50) ? -1 : 1, nsec = chance(70) ? (long)below(5000000) : PICK(nsecs);
		t[2 * i] = sec, t[2 * i + 1] = nsec;
		t[4 + 4 * i] = sec, t[5 + 4 * i] = sec < 0 ? -1 : 0, t[6 + 4 * i] = nsec, t[7 + 4 * i] = 0;
	}
	if (chance(20))
		t[0] = t[1] = t[4] = t[5] = t[6] = 0;	// one shot
}

void op_posix_timers(void)
{
	long *t = (long *)scratch + 64, id = timer_id(), flags = chance(80) ? 0 : chance(50) ? TIMER_ABSTIME : (long)rnd();
	int i;

	switch (below(7)) {
	case 0:
	case 1:
		timer_create_one();
		break;
	case 2:
		itimerspec(t);
		SC(SYS_timer_settime, id, flags, chance(90) ? (long)t : bad_ptr(), chance(50) ? 0 : ptr(16), 0);
		break;
	case 3:
		itimerspec(t);
		SC(SYS_timer_settime64, id, flags, chance(90) ? (long)(t + 4) : bad_ptr(), chance(50) ? 0 : ptr(32), 0);
		break;
	case 4:
		if (chance(50))
			SC(SYS_timer_gettime, id, ptr(16), 0, 0, 0);
		else
			SC(SYS_timer_gettime64, id, ptr(32), 0, 0, 0);
		SC(SYS_timer_getoverrun, id, 0, 0, 0, 0);
		break;
	default:
		if (SC(SYS_timer_delete, id, 0, 0, 0, 0) == 0)
			for (i = 0; i < ntimers; i++)
				if (timers[i] == id) {
					timers[i] = timers[--ntimers];
					break;
				}
		break;
	}
}
