// Operations on time, timers, file times and system information.
#include "fuzz.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <time.h>

void op_time(void)
{
	static const long clocks[] = { CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID, 99, -1 };
	// Never sleep on a CPU-time clock: a sleeping process uses no CPU time.
	static const long sleep_clocks[] = { CLOCK_REALTIME, CLOCK_MONOTONIC, 99, -1 };
	long sec = chance(95) ? 0 : -1, nsec = chance(90) ? (long)below(500000) : 1000000000;
	long *t32 = (long *)scratch, *t64 = t32 + 4;	// a short sleep, or a malformed one
	t32[0] = sec, t32[1] = nsec;
	t64[0] = sec, t64[1] = sec < 0 ? -1 : 0, t64[2] = nsec, t64[3] = 0;
	long abs = chance(80) ? 0 : TIMER_ABSTIME;	// absolute times this small are past
	switch (below(9)) {
	case 0: SC(SYS_time, chance(50) ? 0 : ptr(4), 0, 0, 0, 0); break;
	case 1: SC(SYS_gettimeofday, ptr(8), chance(80) ? 0 : ptr(8), 0, 0, 0); break;
	case 2: SC(SYS_clock_gettime, PICK(clocks), ptr(8), 0, 0, 0); break;
	case 3: SC(SYS_clock_gettime64, PICK(clocks), ptr(16), 0, 0, 0); break;
	case 4: SC(SYS_clock_getres, PICK(clocks), chance(50) ? 0 : ptr(8), 0, 0, 0); break;
	// Sleeps read only our own short times, or nothing: random memory could be days.
	case 5: SC(SYS_nanosleep, chance(85) ? (long)t32 : bad_ptr(), chance(50) ? 0 : ptr(8), 0, 0, 0); break;
	case 6: SC(SYS_clock_nanosleep, PICK(sleep_clocks), abs, chance(85) ? (long)t32 : bad_ptr(), chance(50) ? 0 : ptr(8), 0); break;
	case 7: SC(SYS_clock_nanosleep_time64, PICK(sleep_clocks), abs, chance(85) ? (long)t64 : bad_ptr(), chance(50) ? 0 : ptr(16), 0); break;
	default: SC(SYS_sched_yield, 0, 0, 0, 0, 0); break;
	}
}

// Setting the clock, always refused: the fuzzer runs as root, and a clock set
// at random would end other tests' waits. A time out of range, a zone more than
// 15 hours off, a clock that cannot be set, a bad pointer; adjtimex only reads
// (modes 0, adjtime's read) or is refused (ADJ_ADJTIME alone, a tick off by 50%).
void op_settime(void)
{
	static const long clocks[] = { CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID, 99, -1, -6 };
	static const long modes[] = { 0, 0xa001, 0x8000, 0x4000 };
	long *t = (long *)scratch, *t64 = t + 4, *tx = t + 8;	// a timespec, one of 64 bits, a timex
	t[0] = rnd(), t[1] = chance(50) ? -1 : 1000000000;	// tv_nsec, or settimeofday's tv_usec, out of range
	t64[0] = rnd(), t64[1] = 0, t64[2] = -1, t64[3] = -1;
	memset(tx, 0, 208);
	tx[0] = PICK(modes), tx[11] = 1;			// modes; tick (old timex32's) 1
	long ts = chance(80) ? (long)t : bad_ptr();
	switch (below(8)) {
	case 0: SC(SYS_clock_settime, chance(50) ? CLOCK_REALTIME : PICK(clocks), ts, 0, 0, 0); break;
	case 1: SC(SYS_clock_settime64, chance(50) ? CLOCK_REALTIME : PICK(clocks), chance(80) ? (long)t64 : bad_ptr(), 0, 0, 0); break;
	case 2: t[2] = 901, t[3] = 0;			// 15 h 1 min west
		SC(SYS_settimeofday, chance(50) ? 0 : ts, chance(50) ? (long)(t + 2) : 0, 0, 0, 0); break;
	case 3: SC(SYS_stime, bad_ptr(), 0, 0, 0, 0); break;
	case 4: SC(SYS_adjtimex, chance(85) ? (long)tx : bad_ptr(), 0, 0, 0, 0); break;
	case 5: SC(SYS_clock_adjtime, chance(50) ? CLOCK_REALTIME : PICK(clocks), chance(85) ? (long)tx : bad_ptr(), 0, 0, 0); break;
	case 6: tx[0] = chance(50) ? 0 : 0xa001;	// the 64-bit timex's tick is elsewhere: only read
		SC(SYS_clock_adjtime64, chance(50) ? CLOCK_REALTIME : PICK(clocks), chance(85) ? (long)tx : bad_ptr(), 0, 0, 0); break;
	default: SC(SYS_gettimeofday, ptr(8), ptr(8), 0, 0, 0); break;
	}
}

// Timers, CPU time, waiting for signals, random bytes. Workers only: a child's
// alarm(10) is its watchdog. Workers ignore SIGALRM, SIGVTALRM and SIGPROF.
void op_timers(void)
{
	static const long which[] = { ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF, 3, -1 };
	static const long who[] = { RUSAGE_SELF, RUSAGE_CHILDREN, RUSAGE_THREAD, 99 };
	long *tv = (long *)scratch;	// it_interval and it_value: at most a few ms
	tv[0] = 0, tv[1] = chance(50) ? 0 : (long)below(10000);
	tv[2] = 0, tv[3] = chance(90) ? (long)below(20000) : 1000000;
	long *set = tv + 4, *ts32 = tv + 6, *ts64 = tv + 8;	// a set; a zero or 1 ms timeout
	set[0] = rnd() & ~(1L << (SIGSEGV - 1) | 1L << (SIGBUS - 1) | 1L << (SIGTERM - 1)), set[1] = 0;
	ts32[0] = 0, ts32[1] = chance(50) ? 0 : 1000000;
	ts64[0] = ts64[1] = 0, ts64[2] = ts32[1], ts64[3] = 0;	// a 64-bit tv_sec takes two longs
	long n = chance(80) ? (long)below(600) : 0x7fffffff;
	switch (below(9)) {
	case 0: SC(SYS_setitimer, PICK(which), chance(85) ? (long)tv : bad_ptr(), chance(50) ? 0 : ptr(16), 0, 0); break;
	case 1: SC(SYS_getitimer, PICK(which), ptr(16), 0, 0, 0); break;
	case 2: SC(SYS_alarm, chance(70) ? 0 : 1, 0, 0, 0, 0); break;
	case 3: SC(SYS_times, chance(20) ? 0 : ptr(16), 0, 0, 0, 0); break;
	case 4: SC(SYS_getrusage, PICK(who), ptr(72), 0, 0, 0); break;
	// Never a NULL timeout (bad_ptr may give one): it would wait for ever.
	case 5: SC(SYS_rt_sigtimedwait, chance(90) ? (long)set : bad_ptr(), chance(50) ? 0 : ptr(128), chance(95) ? (long)ts32 : 0xc0000000, chance(90) ? 8 : 4, 0); break;
	case 6: SC(SYS_rt_sigtimedwait_time64, chance(90) ? (long)set : bad_ptr(), chance(50) ? 0 : ptr(128), chance(95) ? (long)ts64 : 0xc0000000, 8, 0); break;
	default: SC(SYS_getrandom, ptr(n < PG ? n : PG), n, chance(80) ? (long)below(8) : (long)rnd(), 0, 0); break;
	}
}

// File times, only on our own names (or on an fd, with a NULL name).
void op_utime(void)
{
	static const long nsecs[] = { 0, 999999999, (1L << 30) - 1, (1L << 30) - 2, 1000000000, -1 };
	long *t = (long *)scratch;	// two timespecs (32-bit), then two 64-bit ones
	t[0] = rnd(), t[1] = PICK(nsecs), t[2] = rnd(), t[3] = PICK(nsecs);
	long times = chance(30) ? 0 : chance(90) ? (long)t : bad_ptr();
	long flags = chance(80) ? 0 : chance(50) ? AT_SYMLINK_NOFOLLOW : (long)rnd();
	switch (below(6)) {
	case 0: SC(SYS_utimensat, dirfd_any(), chance(80) ? (long)path_mine() : 0, times, flags, 0); break;
	case 1: SC(SYS_utimensat_time64, dirfd_any(), chance(80) ? (long)path_mine() : 0, times, flags, 0); break;
	case 2: SC(SYS_utimes, path_mine(), times, 0, 0, 0); break;
	case 3: SC(SYS_futimesat, dirfd_any(), path_mine(), times, 0, 0); break;
	default: SC(SYS_utime, path_mine(), times, 0, 0, 0); break;
	}
}

void op_info(void)
{
	switch (below(10)) {
	case 0: SC(SYS_uname, ptr(390), 0, 0, 0, 0); break;
	case 1: SC(SYS_sysinfo, ptr(64), 0, 0, 0, 0); break;
	case 2: SC(SYS_getpid, 0, 0, 0, 0, 0); break;
	case 3: SC(SYS_getppid, 0, 0, 0, 0, 0); break;
	case 4: SC(SYS_gettid, 0, 0, 0, 0, 0); break;
	case 5: SC(SYS_geteuid32, 0, 0, 0, 0, 0); break;
	case 6: SC(SYS_ugetrlimit, chance(90) ? (long)below(16) : 99, ptr(8), 0, 0, 0); break;
	case 7: SC(SYS_prlimit64, 0, below(16), 0, ptr(16), 0); break;	// read only
	case 8: SC(SYS_getpgrp, 0, 0, 0, 0, 0); break;
	default: SC(NR_none, 0, 0, 0, 0, 0); break;
	}
}
