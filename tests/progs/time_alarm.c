// time_alarm: alarm, setitimer and getitimer (ITIMER_REAL, _VIRTUAL, _PROF), the
// sleeps a SIGALRM cuts short, and rt_sigtimedwait (sigwait, sigwaitinfo,
// sigtimedwait) with what its siginfo says.  Prints only yes/no, set values and
// error names: the times differ every run.  On shmos this is init, which never sees
// a signal it neither handles nor blocks: every signal here is handled or blocked.
#define _GNU_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#define BAD ((void *)0xC0000000)	// kernel space: EFAULT for any user pointer

static volatile sig_atomic_t alarms, vtalarms, profs;

static void on_alarm(int sig) { (void)sig; alarms++; }
static void on_vtalarm(int sig) { (void)sig; vtalarms++; }
static void on_prof(int sig) { (void)sig; profs++; }

// Without SA_RESTART, so that a handled SIGALRM ends a blocking call with EINTR.
static void handle(int sig, void (*fn)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigaction(sig, &sa, NULL);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double tv_secs(struct timeval tv)
{
	return tv.tv_sec + tv.tv_usec / 1e6;
}

static void set_timer(int which, long value_us, long interval_us)
{
	struct itimerval it = {
		{ interval_us / 1000000, interval_us % 1000000 },
		{ value_us / 1000000, value_us % 1000000 },
	};

	setitimer(which, &it, NULL);
}

static double time_left(int which)
{
	struct itimerval it;

	getitimer(which, &it);
	return tv_secs(it.it_value);
}

static void alarm_and_pause(void)
{
	double t = now();
	int r;

	alarms = 0;
	alarm(1);
	errno = 0;
	r = pause();
	printf("alarm(1); pause(): %d %s, handler ran: %s\n", r, ename(errno), yes(alarms == 1));
	t = now() - t;
	printf("woke after 0.9 .. 3 s: %s\n", yes(t > 0.9 && t < 3));
	printf("alarm(0) with none pending: %u\n", alarm(0));
	alarm(5);
	r = alarm(0);
	printf("alarm(5) then alarm(0) returns 4 or 5: %s (rounded: %s)\n",
	       yes(r == 4 || r == 5), yes(r == 5));
	set_timer(ITIMER_REAL, 300000, 0);
	printf("alarm(0) with 0.3 s left: %u (never 0 while pending)\n", alarm(0));
	set_timer(ITIMER_REAL, 1700000, 0);
	printf("alarm(0) with 1.7 s left: %u\n", alarm(0));
	printf("getitimer after alarm(0): %s\n", yes(time_left(ITIMER_REAL) == 0));
}

static void periodic(void)
{
	double t = now();

	alarms = 0;
	set_timer(ITIMER_REAL, 50000, 50000);
	while (alarms < 5 && now() - t < 5)
		pause();
	set_timer(ITIMER_REAL, 0, 0);
	t = now() - t;
	printf("a 50 ms periodic timer sent 5 SIGALRMs: %s, in 0.2 .. 3 s: %s\n",
	       yes(alarms == 5), yes(t > 0.2 && t < 3));
}

static void countdown(void)
{
	struct timespec tenth = { 0, 100000000 };
	struct itimerval it;
	double a, b;

	set_timer(ITIMER_REAL, 2000000, 250000);
	getitimer(ITIMER_REAL, &it);
	a = tv_secs(it.it_value);
	printf("getitimer: value in 1.5 .. 2 s: %s, interval %ld s %ld us\n",
	       yes(a > 1.5 && a <= 2), (long)it.it_interval.tv_sec, (long)it.it_interval.tv_usec);
	nanosleep(&tenth, NULL);
	b = time_left(ITIMER_REAL);
	printf("0.1 s later it counts down by 0.05 .. 1 s: %s\n", yes(a - b > 0.05 && a - b < 1));
	set_timer(ITIMER_REAL, 0, 0);
	getitimer(ITIMER_REAL, &it);
	printf("disarmed: %ld %ld %ld %ld\n", (long)it.it_value.tv_sec, (long)it.it_value.tv_usec,
	       (long)it.it_interval.tv_sec, (long)it.it_interval.tv_usec);
	set_timer(ITIMER_REAL, 0, 500000);
	getitimer(ITIMER_REAL, &it);
	printf("an interval without a value stays disarmed: %ld %ld %ld %ld\n",
	       (long)it.it_value.tv_sec, (long)it.it_value.tv_usec,
	       (long)it.it_interval.tv_sec, (long)it.it_interval.tv_usec);
}

// The CPU-time timers: spin until the signal comes, or 3 s have passed, in user mode
// but for a look at the clock now and then (a system call where there is no vDSO).
static void cpu_timer(int which, const char *name, volatile sig_atomic_t *count)
{
	double t = now();

	*count = 0;
	set_timer(which, 50000, 0);
	while (!*count && now() - t < 3)
		for (volatile int i = 0; i < 100000; i++)
			;
	printf("%s after 50 ms of CPU time: %s\n", name, yes(*count == 1));
}

static void cpu_timers(void)
{
	struct timespec fifth = { 0, 200000000 };
	double a, b;

	cpu_timer(ITIMER_VIRTUAL, "SIGVTALRM", &vtalarms);
	cpu_timer(ITIMER_PROF, "SIGPROF", &profs);
	set_timer(ITIMER_VIRTUAL, 100000, 0);
	a = time_left(ITIMER_VIRTUAL);
	nanosleep(&fifth, NULL);
	b = time_left(ITIMER_VIRTUAL);
	printf("ITIMER_VIRTUAL does not run while asleep: %s\n", yes(a - b < 0.05 && b > 0));
	set_timer(ITIMER_VIRTUAL, 0, 0);
}

static void sleeps_cut_short(void)
{
	struct timespec five = { 5, 0 }, rem = { 0, 0 };
	sigset_t none;
	int fd[2], r;
	char c;

	set_timer(ITIMER_REAL, 100000, 0);
	errno = 0;
	r = nanosleep(&five, &rem);
	printf("nanosleep(5 s) at SIGALRM: %d %s, time left 4 .. 5 s: %s\n", r, ename(errno),
	       yes(rem.tv_sec == 4 || (rem.tv_sec == 5 && rem.tv_nsec == 0)));
	if (pipe(fd) == 0) {
		set_timer(ITIMER_REAL, 100000, 0);
		errno = 0;
		r = read(fd[0], &c, 1);
		printf("read of an empty pipe at SIGALRM: %d %s\n", r, ename(errno));
		close(fd[0]);
		close(fd[1]);
	}
	sigemptyset(&none);
	set_timer(ITIMER_REAL, 100000, 0);
	errno = 0;
	r = sigsuspend(&none);
	printf("sigsuspend at SIGALRM: %d %s\n", r, ename(errno));
}

// SIGALRM's default action ends a process; fork disarms, execve keeps the timer.
static void inheritance(const char *self)
{
	pid_t pid;
	int st;

	pid = fork();
	if (pid == 0) {
		signal(SIGALRM, SIG_DFL);
		set_timer(ITIMER_REAL, 100000, 0);
		pause();
		_exit(0);
	}
	waitpid(pid, &st, 0);
	printf("default SIGALRM kills: %s\n", yes(WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM));

	alarm(10);
	pid = fork();
	if (pid == 0)
		_exit(time_left(ITIMER_REAL) == 0 && alarm(0) == 0);
	waitpid(pid, &st, 0);
	printf("fork: the child starts disarmed: %s, the parent's stays: %s\n",
	       yes(WIFEXITED(st) && WEXITSTATUS(st) == 1), yes(alarm(0) >= 9));

	pid = fork();
	if (pid == 0) {
		alarm(10);
		execl(self, self, "after-exec", (char *)NULL);
		_exit(2);
	}
	waitpid(pid, &st, 0);
	printf("execve keeps the alarm: %s\n", yes(WIFEXITED(st) && WEXITSTATUS(st) == 1));
}

static void itimer_errors(void)
{
	struct itimerval it = { { 0, 0 }, { 0, 0 } }, old;
	long r;

	TRY("getitimer(3)", getitimer(3, &it));
	TRY("getitimer(-1)", getitimer(-1, &it));
	TRY("getitimer(REAL, NULL)", syscall(SYS_getitimer, ITIMER_REAL, NULL));
	TRY("getitimer(REAL, bad)", syscall(SYS_getitimer, ITIMER_REAL, BAD));
	TRY("getitimer(99, bad)", syscall(SYS_getitimer, 99, BAD));
	TRY("setitimer(3)", setitimer(3, &it, NULL));
	it.it_value.tv_usec = 1000000;
	TRY("setitimer(tv_usec 1000000)", setitimer(ITIMER_REAL, &it, NULL));
	it.it_value.tv_usec = -1;
	TRY("setitimer(tv_usec -1)", setitimer(ITIMER_REAL, &it, NULL));
	it.it_value.tv_usec = 0;
	it.it_interval.tv_sec = -1;
	TRY("setitimer(interval tv_sec -1)", setitimer(ITIMER_REAL, &it, NULL));
	it.it_interval.tv_sec = 0;
	TRY("setitimer(REAL, bad)", syscall(SYS_setitimer, ITIMER_REAL, BAD, NULL));
	TRY("setitimer(99, bad)", syscall(SYS_setitimer, 99, BAD, NULL));
	it.it_value.tv_sec = 5;
	TRY("setitimer(REAL, 5 s, bad old)", syscall(SYS_setitimer, ITIMER_REAL, &it, BAD));
	printf("the timer was set all the same: %s\n", yes(time_left(ITIMER_REAL) > 4));
	r = syscall(SYS_setitimer, ITIMER_REAL, NULL, &old);
	printf("setitimer(REAL, NULL, &old): %ld, old value 4 .. 5 s: %s, now disarmed: %s\n",
	       r, yes(tv_secs(old.it_value) > 4), yes(time_left(ITIMER_REAL) == 0));
}

static int wait_raw(int nr, const sigset_t *set, siginfo_t *info, long sec, long nsec)
{
	long long ts64[2] = { sec, nsec };
	long ts32[2] = { sec, nsec };

	return syscall(nr, set, info, nr == SYS_rt_sigtimedwait ? (void *)ts32 : (void *)ts64, 8);
}

static void sigwaiting(void)
{
	struct timespec tenth = { 0, 100000000 }, zero = { 0, 0 }, five = { 5, 0 };
	sigset_t set, usr1, alrm, chld, pending;
	siginfo_t si;
	double t;
	pid_t pid;
	int sig = 0, r, st;

	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGALRM);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);

	kill(getpid(), SIGUSR1);
	r = sigwait(&usr1, &sig);
	printf("sigwait for a blocked SIGUSR1 sent by kill: %d, SIGUSR1: %s\n", r, yes(sig == SIGUSR1));
	sigpending(&pending);
	printf("no longer pending: %s\n", yes(!sigismember(&pending, SIGUSR1)));

	memset(&si, 0, sizeof(si));
	kill(getpid(), SIGUSR1);
	r = sigwaitinfo(&usr1, &si);
	printf("sigwaitinfo: SIGUSR1: %s, si_signo %s, SI_USER: %s, si_pid ours: %s, si_uid ours: %s\n",
	       yes(r == SIGUSR1), yes(si.si_signo == SIGUSR1), yes(si.si_code == SI_USER),
	       yes(si.si_pid == getpid()), yes(si.si_uid == getuid()));

	raise(SIGUSR1);		// tgkill
	r = wait_raw(SYS_rt_sigtimedwait, &usr1, &si, 0, 0);
	printf("after raise, rt_sigtimedwait says SI_TKILL: %s\n", yes(r == SIGUSR1 && si.si_code == SI_TKILL));

	set_timer(ITIMER_REAL, 50000, 0);
	r = sigwaitinfo(&alrm, &si);
	printf("SIGALRM from the timer: %s, SI_KERNEL: %s\n",
	       yes(r == SIGALRM), yes(si.si_code == SI_KERNEL));

	pid = fork();
	if (pid == 0)
		_exit(7);
	r = sigwaitinfo(&chld, &si);
	printf("SIGCHLD (default: ignore, but blocked): %s, CLD_EXITED: %s, status %d, si_pid: %s\n",
	       yes(r == SIGCHLD), yes(si.si_code == CLD_EXITED), si.si_status, yes(si.si_pid == pid));
	waitpid(pid, &st, 0);
	pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	kill(pid, SIGKILL);
	r = sigwaitinfo(&chld, &si);
	printf("a killed child: CLD_KILLED: %s, status %d\n",
	       yes(r == SIGCHLD && si.si_code == CLD_KILLED), si.si_status);
	waitpid(pid, &st, 0);

	// A signal that comes while the caller waits wakes it.
	pid = fork();
	if (pid == 0) {
		nanosleep(&tenth, NULL);
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	r = sigtimedwait(&usr1, &si, &five);
	printf("sigtimedwait(5 s) for a SIGUSR1 a child sends later: %s, si_pid the child: %s\n",
	       yes(r == SIGUSR1), yes(si.si_pid == pid));
	waitpid(pid, &st, 0);

	t = now();
	errno = 0;
	r = sigtimedwait(&usr1, &si, &tenth);
	t = now() - t;
	printf("sigtimedwait(0.1 s), nothing comes: %d %s, after 0.09 .. 2 s: %s\n", r, ename(errno),
	       yes(t > 0.09 && t < 2));
	TRY("sigtimedwait(0 s)", sigtimedwait(&usr1, &si, &zero));
	TRY("time64: nothing pending, 0 s", wait_raw(SYS_rt_sigtimedwait_time64, &usr1, &si, 0, 0));
	kill(getpid(), SIGUSR1);
	TRY("time64: SIGUSR1 pending", wait_raw(SYS_rt_sigtimedwait_time64, &usr1, &si, 0, 0));

	// Another signal, unblocked and handled, ends the wait with EINTR.
	sigprocmask(SIG_UNBLOCK, &alrm, NULL);
	alarms = 0;
	set_timer(ITIMER_REAL, 100000, 0);
	errno = 0;
	r = sigtimedwait(&usr1, &si, &five);
	printf("SIGALRM while waiting for SIGUSR1: %d %s, handler ran: %s\n", r, ename(errno),
	       yes(alarms == 1));

	// Blocked, a signal is kept even when ignored: it may be waited for.
	signal(SIGUSR2, SIG_IGN);
	kill(getpid(), SIGUSR2);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	r = sigtimedwait(&set, &si, &zero);
	printf("an ignored but blocked SIGUSR2 is kept for sigtimedwait: %s\n", yes(r == SIGUSR2));
}

static void sigwait_errors(void)
{
	sigset_t usr1;
	long bad_ts[2] = { 0, 1000000000 }, neg_ts[2] = { -1, 0 }, ok_ts[2] = { 0, 0 };

	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	TRY("rt_sigtimedwait(sigsetsize 4)", syscall(SYS_rt_sigtimedwait, &usr1, NULL, ok_ts, 4));
	TRY("rt_sigtimedwait(bad set)", syscall(SYS_rt_sigtimedwait, BAD, NULL, ok_ts, 8));
	TRY("rt_sigtimedwait(bad timeout)", syscall(SYS_rt_sigtimedwait, &usr1, NULL, BAD, 8));
	TRY("rt_sigtimedwait(tv_nsec 1e9)", syscall(SYS_rt_sigtimedwait, &usr1, NULL, bad_ts, 8));
	TRY("rt_sigtimedwait(tv_sec -1)", syscall(SYS_rt_sigtimedwait, &usr1, NULL, neg_ts, 8));
	TRY("time64(bad timeout)", syscall(SYS_rt_sigtimedwait_time64, &usr1, NULL, BAD, 8));
	kill(getpid(), SIGUSR1);
	TRY("rt_sigtimedwait(bad info), SIGUSR1 pending",
	    syscall(SYS_rt_sigtimedwait, &usr1, BAD, ok_ts, 8));
	TRY("then again (it was taken)", syscall(SYS_rt_sigtimedwait, &usr1, NULL, ok_ts, 8));
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc > 1)	// inheritance()'s child after execve: is its alarm still set?
		return alarm(0) >= 9;
	handle(SIGALRM, on_alarm);
	handle(SIGVTALRM, on_vtalarm);
	handle(SIGPROF, on_prof);
	alarm_and_pause();
	periodic();
	countdown();
	cpu_timers();
	sleeps_cut_short();
	inheritance(argv[0]);
	itimer_errors();
	sigwaiting();
	sigwait_errors();
	return 0;
}
