// posix_timers: timer_create, timer_settime, timer_gettime, timer_getoverrun and
// timer_delete (util-linux's flock -w, coreutils' timeout): the clocks a timer may use,
// the sigevent checks, a one-shot timer's siginfo (SI_TIMER, its id, the value given),
// the default SIGALRM, a periodic timer's overruns while its signal is blocked,
// SIGEV_NONE read back, an absolute time already past, a timer on the process's CPU
// time, fork (the child has none) and deletion.
#define _GNU_SOURCE
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "check.h"

static volatile sig_atomic_t got, code, value, timerid;

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)uc;
	got++;
	code = si->si_code;
	value = si->si_value.sival_int;
	timerid = si->si_timerid;
}

static void msleep(long ms)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000 };

	while (nanosleep(&ts, &ts) != 0)
		;
}

/* Waits, at most 2 s, for a signal the handler counts. */
static void wait_signal(void)
{
	long long end = now_ms() + 2000;

	while (!got && now_ms() < end)
		msleep(5);
}

static void arm(timer_t t, int flags, long value_ms, long interval_ms, const char *what)
{
	struct itimerspec its = { { interval_ms / 1000, interval_ms % 1000 * 1000000 },
				  { value_ms / 1000, value_ms % 1000 * 1000000 } };

	TRY(what, timer_settime(t, flags, &its, NULL));
}

static void create(const char *what, clockid_t clock, struct sigevent *ev)
{
	timer_t t;

	TRY(what, timer_create(clock, ev, &t));
}

int main(void)
{
	struct sigaction sa = { .sa_sigaction = on_signal, .sa_flags = SA_SIGINFO };
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1,
			       .sigev_value.sival_int = 42 };
	struct itimerspec its;
	timer_t t, d, n;
	sigset_t usr1;
	int status;
	pid_t pid;

	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);

	TRY("timer_create(MONOTONIC, SIGUSR1 42)", timer_create(CLOCK_MONOTONIC, &ev, &t));
	printf("its id: %ld\n", (long)t);
	TRY("timer_create(REALTIME, default)", timer_create(CLOCK_REALTIME, NULL, &d));
	printf("its id: %ld\n", (long)d);
	create("timer_create(BOOTTIME)", CLOCK_BOOTTIME, &ev);
	create("timer_create(PROCESS_CPUTIME_ID)", CLOCK_PROCESS_CPUTIME_ID, &ev);
	create("timer_create(MONOTONIC_RAW)", CLOCK_MONOTONIC_RAW, &ev);
	create("timer_create(MONOTONIC_COARSE)", CLOCK_MONOTONIC_COARSE, &ev);
	create("timer_create(clock 99)", 99, &ev);
	ev.sigev_signo = 0;
	create("timer_create(signal 0)", CLOCK_MONOTONIC, &ev);
	ev.sigev_signo = 65;
	create("timer_create(signal 65)", CLOCK_MONOTONIC, &ev);
	ev.sigev_signo = SIGUSR1;
	ev.sigev_notify = 7;
	create("timer_create(notify 7)", CLOCK_MONOTONIC, &ev);
	ev.sigev_notify = SIGEV_THREAD_ID;
	ev._sigev_un._tid = 99999;
	create("timer_create(THREAD_ID, no such thread)", CLOCK_MONOTONIC, &ev);
	ev.sigev_notify = SIGEV_NONE;
	ev.sigev_signo = 0;
	TRY("timer_create(NONE, signal 0)", timer_create(CLOCK_MONOTONIC, &ev, &n));

	TRY("timer_gettime(disarmed)", timer_gettime(t, &its));
	printf("value %ld.%09ld interval %ld.%09ld\n", (long)its.it_value.tv_sec,
	       its.it_value.tv_nsec, (long)its.it_interval.tv_sec, its.it_interval.tv_nsec);
	arm(t, 0, 10000, 0, "timer_settime(10 s)");
	timer_gettime(t, &its);
	printf("left: %s\n", yes(its.it_value.tv_sec == 9 || (its.it_value.tv_sec == 10 &&
							   its.it_value.tv_nsec == 0)));
	its.it_value.tv_nsec = 1000000000;
	TRY("timer_settime(nsec 1e9)", timer_settime(t, 0, &its, NULL));
	TRY("timer_settime(NULL)", syscall(SYS_timer_settime, t, 0, NULL, NULL));

	arm(t, 0, 30, 0, "timer_settime(30 ms)");
	wait_signal();
	printf("one shot: %d signal, SI_TIMER %s, value %d, id %s\n", (int)got,
	       yes(code == SI_TIMER), (int)value, yes(timerid == (long)t));
	timer_gettime(t, &its);
	printf("after it: value %ld.%09ld\n", (long)its.it_value.tv_sec, its.it_value.tv_nsec);

	got = 0;
	arm(d, 0, 20, 0, "timer_settime(default sigevent, 20 ms)");
	wait_signal();
	/* glibc passes its own sigevent for NULL, whose value is the timer_t's address */
	printf("default: %d signal, SI_TIMER %s, value %d\n", (int)got,
	       yes(code == SI_TIMER), (int)value);

	got = 0;
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	arm(t, 0, 20, 20, "timer_settime(every 20 ms)");
	msleep(300);
	TRY("timer_getoverrun(signal still pending)", timer_getoverrun(t));
	sigprocmask(SIG_UNBLOCK, &usr1, NULL);
	wait_signal();
	printf("periodic, blocked 300 ms: %d signal, more than 5 overruns: %s\n", (int)got,
	       yes(timer_getoverrun(t) > 5));
	arm(t, 0, 0, 0, "timer_settime(0: disarmed)");
	TRY("timer_getoverrun(disarmed since)", timer_getoverrun(t));

	arm(n, 0, 20, 0, "timer_settime(NONE, 20 ms)");
	msleep(60);
	timer_gettime(n, &its);
	printf("NONE, expired: value %ld.%09ld\n", (long)its.it_value.tv_sec, its.it_value.tv_nsec);

	got = 0;
	arm(t, TIMER_ABSTIME, 1000, 0, "timer_settime(ABSTIME, long past)");
	wait_signal();
	printf("long past: %d signal\n", (int)got);

	got = 0;
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = SIGUSR1;
	if (timer_create(CLOCK_PROCESS_CPUTIME_ID, &ev, &n) == 0) {
		long long end = now_ms() + 2000;

		arm(n, 0, 30, 0, "timer_settime(CPU time, 30 ms)");
		while (!got && now_ms() < end)
			;	/* spends CPU time */
		printf("CPU time timer: %d signal\n", (int)got);
		timer_delete(n);
	}

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		TRY("child: timer_gettime(parent's)", timer_gettime(t, &its));
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, &status, 0);

	TRY("timer_delete", timer_delete(t));
	TRY("timer_delete(again)", timer_delete(t));
	TRY("timer_gettime(deleted)", timer_gettime(t, &its));
	TRY("timer_getoverrun(deleted)", timer_getoverrun(t));
	arm(t, 0, 10, 0, "timer_settime(deleted)");
	TRY("timer_delete(the default one)", timer_delete(d));
	return 0;
}
