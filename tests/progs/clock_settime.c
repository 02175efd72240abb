/*
 * Setting the clock: clock_settime (and _time64), settimeofday, i386's
 * stime, adjtimex and clock_adjtime (ADJ_SETOFFSET, adjtime's
 * ADJ_OFFSET_SINGLESHOT, reading the state), their errors in Linux's
 * order, CAP_SYS_TIME (an ordinary user's EPERM), and what a step does to
 * what waits on the wall clock: CLOCK_MONOTONIC does not move, a timerfd
 * armed with TFD_TIMER_CANCEL_ON_SET fails ECANCELED, a relative one is
 * not moved, an absolute clock_nanosleep wakes, an absolute posix timer
 * fires.
 *
 * The host side runs as the host's root: nothing here may set its clock.
 * The errors are all found before anything is set (a time or zone out of
 * range, a date before the boot, a clock that cannot be set), and an
 * ordinary user is refused; the steps themselves run on shmos only, where
 * the host prints what Linux does ("yes"), as freeram.h's checks.  shmos's
 * clock is put back at the end.
 */
// host: root (in a user namespace, CAP_SYS_TIME is missing: EPERM comes before EINVAL)
#define _GNU_SOURCE
#include "check.h"
#include "clockset.h"
#include "freeram.h"
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/timex.h>
#include <sys/wait.h>

#define STEP		100		/* seconds the clock steps forward */

/* i386's calls on its 32-bit structures, as old programs make them. */
static long adjtimex32(struct timex *tx)
{
	return syscall(SYS_adjtimex, tx);
}

/* Each error is found before anything changes: safe as the host's root. */
static void errors(void)
{
	struct timespec ts = { 0, -1 }, ok = { 1, 0 }, before = { 0, 1000 };
	struct timeval tv = { 0, 1000000 };
	struct timezone tz = { 16 * 60, 0 };
	struct timex tx = { .modes = 0x8000 };	/* ADJ_ADJTIME alone */
	clockid_t cpu;

	TRY("clock_settime monotonic", clock_settime(CLOCK_MONOTONIC, &ok));
	TRY("clock_settime monotonic bad pointer", syscall(SYS_clock_settime, CLOCK_MONOTONIC, (void *)8));
	TRY("clock_settime clock 100", clock_settime(100, &ok));
	TRY("clock_settime tv_nsec -1", clock_settime(CLOCK_REALTIME, &ts));
	TRY("clock_settime bad pointer", syscall(SYS_clock_settime, CLOCK_REALTIME, (void *)8));
	TRY("clock_settime process cputime", clock_settime(CLOCK_PROCESS_CPUTIME_ID, &ok));
	clock_getcpuclockid(getpid(), &cpu);
	TRY("clock_settime our cpu clock by pid", clock_settime(cpu, &ok));
	/* pid 4194305: above any pid_max */
	TRY("clock_settime the cpu clock of no pid", clock_settime((~4194305 << 3) | 2, &ok));
	TRY("clock_settime before the boot", clock_settime(CLOCK_REALTIME, &before));
	TRY("settimeofday usec 1000000", settimeofday(&tv, NULL));
	tv.tv_usec = -1;
	TRY("settimeofday usec -1", settimeofday(&tv, NULL));
	TRY("settimeofday zone 16 h", settimeofday(NULL, &tz));
	TRY("stime bad pointer", syscall(25, (void *)8));
	TRY("adjtimex ADJ_ADJTIME alone", adjtimex(&tx));
	tx = (struct timex){ .modes = ADJ_TICK, .tick = 5000 };
	TRY("adjtimex tick 5000", adjtimex(&tx));
	tx = (struct timex){ .modes = ADJ_SETOFFSET, .time = { 0, -1 } };
	TRY("adjtimex setoffset usec -1", adjtimex(&tx));
	tx = (struct timex){ .modes = ADJ_SETOFFSET, .time = { 0, 1000000 } };
	TRY("adjtimex setoffset usec 1000000", adjtimex(&tx));
	tx = (struct timex){ .modes = 0 };
	TRY("clock_adjtime monotonic", clock_adjtime(CLOCK_MONOTONIC, &tx));
	TRY("clock_adjtime clock 100", clock_adjtime(100, &tx));
	TRY("adjtimex bad pointer", adjtimex32((void *)8));
}

/* What anyone may read; the state a daemon sets differs between machines. */
static void reading(void)
{
	struct timex tx = { .modes = 0 }, tx32 = { .modes = 0 };
	long r = adjtimex(&tx), r32 = adjtimex32(&tx32);

	printf("adjtimex: %s, precision %ld, tolerance %ld, tick %ld\n",
	       yes(r >= 0), tx.precision, tx.tolerance, tx.tick);
	printf("adjtimex 32-bit: %s, the same state: %s\n", yes(r32 >= 0),
	       yes(tx32.tolerance == tx.tolerance && tx32.tick == tx.tick && r32 == r));
	printf("adjtimex time is now: %s\n", yes(tx.time.tv_sec - time(NULL) <= 0 &&
						  tx.time.tv_sec - time(NULL) > -2));
}

/* An ordinary user may read, never set; a bad time is EINVAL first. */
static void nobody(void)
{
	struct timespec now, bad = { -1, 0 };
	struct timeval tv;
	struct timex tx = { .modes = ADJ_MAXERROR };
	int32_t t = time(NULL);
	pid_t pid;

	fflush(stdout);
	if ((pid = fork()) == 0) {
		if (setuid(65534) < 0)
			_exit(1);
		clock_gettime(CLOCK_REALTIME, &now);
		gettimeofday(&tv, NULL);
		TRY("nobody: clock_settime", clock_settime(CLOCK_REALTIME, &now));
		TRY("nobody: clock_settime -1 s", clock_settime(CLOCK_REALTIME, &bad));
		TRY("nobody: settimeofday", settimeofday(&tv, NULL));
		TRY("nobody: stime", syscall(25, &t));
		TRY("nobody: adjtimex maxerror", adjtimex(&tx));
		tx = (struct timex){ .modes = ADJ_OFFSET_SINGLESHOT, .offset = 1000 };
		TRY("nobody: adjtime", adjtimex(&tx));
		tx = (struct timex){ .modes = ADJ_OFFSET_SS_READ };
		printf("nobody: adjtime read: %s\n", yes(adjtimex(&tx) >= 0));
		tx = (struct timex){ .modes = ADJ_SETOFFSET };
		TRY("nobody: adjtimex setoffset", adjtimex(&tx));
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
}

/* A child asleep until wake on the wall clock: how long it took to end, in ms. */
static pid_t sleeper(long long wake)
{
	struct timespec t = { wake / NS, wake % NS };
	pid_t pid = fork();

	if (pid == 0)
		_exit(clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &t, NULL));
	return pid;
}

/*
 * The steps, on shmos only: each line says whether Linux's behaviour was
 * seen.  The clock goes back to where it would have been at the end.
 */
static void steps(int real)
{
	long long r0 = 0, m0 = 0, r, m, slept = 0;
	struct itimerspec its = { { 0, 0 }, { 0, 0 } }, cur;
	struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1 };
	struct timex tx;
	struct timeval tv;
	struct timezone tz = { -60, 0 }, tz2;
	uint64_t n;
	sigset_t set, pend;
	timer_t timer;
	int abs_fd = -1, rel_fd = -1, ok = 1, status = -1, cancel = 1, again = 1;
	int rel_left = 1, fired = 1, woke = 1, mono = 1, wall = 1, tod = 1, ret = 0;
	int back = 1, offset = 1, adj = 1, adj_left = 1, stime_ok = 1, zone = 1;
	pid_t pid;

	if (real) {
		sigemptyset(&set);
		sigaddset(&set, SIGUSR1);
		sigprocmask(SIG_BLOCK, &set, NULL);
		r0 = ns_of(CLOCK_REALTIME), m0 = ns_of(CLOCK_MONOTONIC);
		abs_fd = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK);
		its.it_value.tv_sec = r0 / NS + 10 * STEP;
		timerfd_settime(abs_fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &its, NULL);
		rel_fd = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK);
		its.it_value.tv_sec = 5;
		timerfd_settime(rel_fd, 0, &its, NULL);
		timer_create(CLOCK_REALTIME, &sev, &timer);
		its.it_value.tv_sec = r0 / NS + STEP / 2;
		timer_settime(timer, TIMER_ABSTIME, &its, NULL);
		pid = sleeper(r0 + STEP / 2 * NS);
		usleep(100000);		/* it sleeps */
		ret = set_ns(r0 + STEP * NS);
		r = ns_of(CLOCK_REALTIME), m = ns_of(CLOCK_MONOTONIC);
		wall = r - r0 >= STEP * NS && r - r0 < (STEP + 2) * NS;
		mono = m - m0 < 2 * NS;
		gettimeofday(&tv, NULL);
		tod = tv.tv_sec - r / NS <= 1 && tv.tv_sec >= r / NS && time(NULL) >= r / NS;
		cancel = read(abs_fd, &n, sizeof(n)) < 0 && errno == ECANCELED;
		again = read(abs_fd, &n, sizeof(n)) < 0 && errno == EAGAIN;
		timerfd_gettime(rel_fd, &cur);
		rel_left = cur.it_value.tv_sec >= 4 && cur.it_value.tv_sec < 5;
		m = now_ms();
		waitpid(pid, &status, 0);
		slept = now_ms() - m;
		woke = WIFEXITED(status) && WEXITSTATUS(status) == 0 && slept < 2000;
		usleep(50000);		/* a tick for the posix timer */
		sigpending(&pend);
		fired = sigismember(&pend, SIGUSR1);
		timer_delete(timer);
		/* back, by an offset, by adjtime, by stime */
		tx = (struct timex){ .modes = ADJ_SETOFFSET | ADJ_NANO, .time = { -STEP, 0 } };
		back = adjtimex(&tx) >= 0;
		r = ns_of(CLOCK_REALTIME);
		offset = r - r0 >= 0 && r - r0 < 2 * NS;
		tx = (struct timex){ .modes = ADJ_OFFSET_SINGLESHOT, .offset = 1000 };
		adj = adjtimex(&tx) >= 0 && tx.offset == 0;
		tx = (struct timex){ .modes = ADJ_OFFSET_SS_READ };
		adj_left = adjtimex(&tx) >= 0 && tx.offset > 0 && tx.offset <= 1000;
		tx = (struct timex){ .modes = ADJ_OFFSET_SINGLESHOT, .offset = 0 };
		adjtimex(&tx);
		int32_t t = r / NS + STEP;
		stime_ok = syscall(25, &t) == 0 && time(NULL) - t <= 1 && time(NULL) >= t;
		settimeofday(NULL, &tz);
		/* glibc's gettimeofday zeroes the zone: the call itself tells it */
		zone = syscall(SYS_gettimeofday, &tv, &tz2) == 0 && tz2.tz_minuteswest == -60;
		tz.tz_minuteswest = 0;
		settimeofday(NULL, &tz);
		ok = set_ns(r0 + ns_of(CLOCK_MONOTONIC) - m0) == 0;
		close(abs_fd);
		close(rel_fd);
	}
	printf("clock_settime +%d s: %d\n", STEP, ret);
	printf("the wall clock moved: %s; CLOCK_MONOTONIC did not: %s\n", yes(wall), yes(mono));
	printf("gettimeofday and time agree: %s\n", yes(tod));
	printf("timerfd cancel on set: ECANCELED %s, then EAGAIN %s\n", yes(cancel), yes(again));
	printf("relative realtime timerfd not moved: %s\n", yes(rel_left));
	printf("absolute clock_nanosleep woke at the step: %s\n", yes(woke));
	printf("absolute posix timer fired: %s\n", yes(fired));
	printf("adjtimex ADJ_SETOFFSET -%d s: %s, back: %s\n", STEP, yes(back), yes(offset));
	printf("adjtime 1 ms: %s, slewing: %s\n", yes(adj), yes(adj_left));
	printf("stime: %s\n", yes(stime_ok));
	printf("settimeofday zone, gettimeofday's: %s\n", yes(zone));
	printf("clock put back: %s\n", yes(ok));
}

int main(void)
{
	errors();
	reading();
	nobody();
	steps(on_shmos());
	return 0;
}
