// time_cpu: CPU time as times, getrusage, clock() and the CPU-time clocks report it:
// a busy loop makes it grow, sleeping does not, reaped children's (and their
// children's) appear among the children's times, and the errors are Linux's.  Also
// the page faults and voluntary switches getrusage counts.  Prints only yes/no and
// error names: the times differ every run.
#define _GNU_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#define BAD ((void *)0xC0000000)	// kernel space: EFAULT for any user pointer
// Linux's CPU-clock id of a process: what glibc's clock_getcpuclockid makes.
#define PROCESS_CLOCK(pid, which) ((~(clockid_t)(pid) << 3) | (which))
#define CPUCLOCK_PROF	0
#define CPUCLOCK_VIRT	1
#define CPUCLOCK_SCHED	2
#define CPUCLOCK_PERTHREAD 4

static double secs(clockid_t clk)
{
	struct timespec ts;

	if (clock_gettime(clk, &ts))
		return -1;
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double tv_secs(struct timeval tv)
{
	return tv.tv_sec + tv.tv_usec / 1e6;
}

static double ru_cpu(int who)
{
	struct rusage ru;

	getrusage(who, &ru);
	return tv_secs(ru.ru_utime) + tv_secs(ru.ru_stime);
}

static double tms_cpu(void)
{
	struct tms t;

	times(&t);
	return (double)(t.tms_utime + t.tms_stime) / sysconf(_SC_CLK_TCK);
}

static double tms_children(void)
{
	struct tms t;

	times(&t);
	return (double)(t.tms_cutime + t.tms_cstime) / sysconf(_SC_CLK_TCK);
}

// Uses s seconds of CPU time, by the process's CPU clock (3 s of real time at most),
// nearly all of it in user mode: the clocks are read only now and then.
static void spin(double s)
{
	double start = secs(CLOCK_PROCESS_CPUTIME_ID), t = secs(CLOCK_MONOTONIC);

	while (secs(CLOCK_PROCESS_CPUTIME_ID) - start < s && secs(CLOCK_MONOTONIC) - t < 3)
		for (volatile int i = 0; i < 100000; i++)
			;
}

// What glibc's clock_nanosleep returns: 0 or an error number.
static const char *result(int e)
{
	return e ? ename(e) : "0";
}

static void busy_and_asleep(void)
{
	struct timespec fifth = { 0, 300000000 };
	struct rusage ru0, ru1;
	double tms0, clk0, thr0, ru_0;
	clock_t c0;

	getrusage(RUSAGE_SELF, &ru0);
	tms0 = tms_cpu();
	clk0 = secs(CLOCK_PROCESS_CPUTIME_ID);
	thr0 = secs(CLOCK_THREAD_CPUTIME_ID);
	ru_0 = ru_cpu(RUSAGE_THREAD);
	c0 = clock();
	spin(0.3);
	getrusage(RUSAGE_SELF, &ru1);
	printf("0.3 s busy: CLOCK_PROCESS_CPUTIME_ID grew 0.29 .. 3 s: %s\n",
	       yes(secs(CLOCK_PROCESS_CPUTIME_ID) - clk0 >= 0.29 && secs(CLOCK_PROCESS_CPUTIME_ID) - clk0 < 3));
	printf("CLOCK_THREAD_CPUTIME_ID grew 0.25 s or more: %s\n",
	       yes(secs(CLOCK_THREAD_CPUTIME_ID) - thr0 >= 0.25));
	printf("clock() grew 0.25 s or more: %s\n",
	       yes((double)(clock() - c0) / CLOCKS_PER_SEC >= 0.25));
	printf("times() utime+stime grew 0.25 s or more: %s\n", yes(tms_cpu() - tms0 >= 0.25));
	printf("getrusage(SELF) ru_utime grew 0.2 s or more: %s, utime+stime 0.25 s or more: %s\n",
	       yes(tv_secs(ru1.ru_utime) - tv_secs(ru0.ru_utime) >= 0.2),
	       yes(tv_secs(ru1.ru_utime) + tv_secs(ru1.ru_stime) -
		   tv_secs(ru0.ru_utime) - tv_secs(ru0.ru_stime) >= 0.25));
	printf("getrusage(THREAD) grew 0.25 s or more: %s\n", yes(ru_cpu(RUSAGE_THREAD) - ru_0 >= 0.25));
	printf("tv_usec in range: %s\n", yes(ru1.ru_utime.tv_usec >= 0 && ru1.ru_utime.tv_usec < 1000000 &&
					     ru1.ru_stime.tv_usec >= 0 && ru1.ru_stime.tv_usec < 1000000));

	tms0 = tms_cpu();
	clk0 = secs(CLOCK_PROCESS_CPUTIME_ID);
	ru_0 = ru_cpu(RUSAGE_SELF);
	nanosleep(&fifth, NULL);
	printf("0.3 s asleep: the CPU clock grew under 0.05 s: %s, times(): %s, getrusage: %s\n",
	       yes(secs(CLOCK_PROCESS_CPUTIME_ID) - clk0 < 0.05), yes(tms_cpu() - tms0 < 0.05),
	       yes(ru_cpu(RUSAGE_SELF) - ru_0 < 0.05));
}

static void children(void)
{
	struct rusage ru;
	pid_t pid;
	int st;

	printf("no child reaped yet: RUSAGE_CHILDREN 0: %s, tms_cutime+tms_cstime 0: %s\n",
	       yes(ru_cpu(RUSAGE_CHILDREN) == 0), yes(tms_children() == 0));
	pid = fork();
	if (pid == 0) {
		printf("the child starts at zero CPU time: %s\n", yes(ru_cpu(RUSAGE_SELF) < 0.05));
		spin(0.2);
		pid = fork();
		if (pid == 0) {
			spin(0.2);
			_exit(0);
		}
		waitpid(pid, NULL, 0);
		_exit(0);
	}
	usleep(100000);
	printf("before the wait, the children's times stay 0: %s\n", yes(ru_cpu(RUSAGE_CHILDREN) == 0));
	wait4(pid, &st, 0, &ru);
	printf("wait4's rusage: the child's and its child's, 0.37 s or more: %s\n",
	       yes(tv_secs(ru.ru_utime) + tv_secs(ru.ru_stime) >= 0.37));
	printf("after the wait, RUSAGE_CHILDREN 0.37 s or more: %s\n", yes(ru_cpu(RUSAGE_CHILDREN) >= 0.37));
	printf("tms_cutime+tms_cstime 0.35 s or more: %s\n", yes(tms_children() >= 0.35));
	printf("and not our own: RUSAGE_SELF under 0.39 s: %s\n", yes(ru_cpu(RUSAGE_SELF) < 0.39));
}

// A child's CPU clock, by the id clock_getcpuclockid gives, while it spins.
static void other_clocks(void)
{
	struct timespec tenth = { 0, 100000000 }, res;
	clockid_t cid;
	double a, b;
	pid_t pid;

	TRY("clock_getcpuclockid(0)", -clock_getcpuclockid(0, &cid));
	printf("its clock reads like CLOCK_PROCESS_CPUTIME_ID: %s\n",
	       yes(secs(cid) - secs(CLOCK_PROCESS_CPUTIME_ID) < 0.05 &&
		   secs(CLOCK_PROCESS_CPUTIME_ID) - secs(cid) < 0.05));
	pid = fork();
	if (pid == 0)
		for (;;)
			;
	TRY("clock_getcpuclockid(child)", -clock_getcpuclockid(pid, &cid));
	nanosleep(&tenth, NULL);
	a = secs(cid);
	nanosleep(&tenth, NULL);
	b = secs(cid);
	printf("the spinning child's clock advances while we sleep: %s\n", yes(b > a && a >= 0));
	printf("its VIRT and PROF clocks read: %s\n",
	       yes(secs(PROCESS_CLOCK(pid, CPUCLOCK_VIRT)) >= 0 && secs(PROCESS_CLOCK(pid, CPUCLOCK_PROF)) >= 0));
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	TRY("clock_gettime(the reaped child's clock)", clock_gettime(cid, &res));
	TRY("clock_gettime(its thread clock)", clock_gettime(cid | CPUCLOCK_PERTHREAD, &res));
	TRY("clock_gettime(our thread clock)",
	    clock_gettime(PROCESS_CLOCK(getpid(), CPUCLOCK_SCHED) | CPUCLOCK_PERTHREAD, &res));
	TRY("clock_gettime(which 3)", clock_gettime(PROCESS_CLOCK(0, 3) | CPUCLOCK_PERTHREAD, &res));
	TRY("clock_gettime(a clock fd)", clock_gettime(PROCESS_CLOCK(0, 3), &res));
	TRY("clock_getres(CLOCK_PROCESS_CPUTIME_ID)", clock_getres(CLOCK_PROCESS_CPUTIME_ID, &res));
	printf("its resolution: %ld s %ld ns\n", (long)res.tv_sec, res.tv_nsec);
	TRY("clock_getres(CLOCK_THREAD_CPUTIME_ID)", clock_getres(CLOCK_THREAD_CPUTIME_ID, &res));
	printf("its resolution: %ld s %ld ns\n", (long)res.tv_sec, res.tv_nsec);
	TRY("clock_getres(our SCHED clock)", clock_getres(PROCESS_CLOCK(0, CPUCLOCK_SCHED), &res));
	printf("its resolution: %ld s %ld ns\n", (long)res.tv_sec, res.tv_nsec);
	TRY("clock_getres(our PROF clock)", clock_getres(PROCESS_CLOCK(0, CPUCLOCK_PROF), &res));
	printf("a tick, 1 .. 10 ms: %s\n", yes(res.tv_sec == 0 && res.tv_nsec >= 1000000 &&
					     res.tv_nsec <= 10000000));
}

static void on_alarm(int sig)
{
	(void)sig;
}

// Sleeping on a CPU-time clock: our own never moves while we sleep, so only a signal
// ends the wait; sleeping on a thread's is refused, by glibc or by the kernel.
static void cpu_sleeps(void)
{
	struct timespec ms = { 0, 1000000 }, zero = { 0, 0 };
	struct itimerval tenth = { { 0, 0 }, { 0, 100000 } };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	printf("clock_nanosleep(PROCESS_CPUTIME, ABSTIME, 0): %s\n",
	       result(clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, TIMER_ABSTIME, &zero, NULL)));
	setitimer(ITIMER_REAL, &tenth, NULL);
	printf("clock_nanosleep(PROCESS_CPUTIME, 1 ms), SIGALRM after 0.1 s: %s\n",
	       result(clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, 0, &ms, NULL)));
	setitimer(ITIMER_REAL, &tenth, NULL);
	TRY("clock_nanosleep(2, 1 ms) raw, SIGALRM after 0.1 s",
	    syscall(SYS_clock_nanosleep, CLOCK_PROCESS_CPUTIME_ID, 0, &ms, NULL));
	printf("clock_nanosleep(THREAD_CPUTIME, 1 ms): %s\n",
	       result(clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &ms, NULL)));
	TRY("clock_nanosleep(3, 1 ms) raw", syscall(SYS_clock_nanosleep, CLOCK_THREAD_CPUTIME_ID, 0, &ms, NULL));
	TRY("clock_nanosleep(3, bad) raw", syscall(SYS_clock_nanosleep, CLOCK_THREAD_CPUTIME_ID, 0, BAD, NULL));
	TRY("clock_nanosleep(MONOTONIC_RAW) raw", syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC_RAW, 0, &ms, NULL));
	TRY("clock_nanosleep(MONOTONIC_COARSE) raw",
	    syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC_COARSE, 0, &ms, NULL));
	TRY("clock_nanosleep(99) raw", syscall(SYS_clock_nanosleep, 99, 0, &ms, NULL));
	TRY("clock_nanosleep(our thread clock) raw",
	    syscall(SYS_clock_nanosleep, PROCESS_CLOCK(0, CPUCLOCK_SCHED) | CPUCLOCK_PERTHREAD, 0, &ms, NULL));
	TRY("clock_nanosleep(our thread clock, bad) raw",
	    syscall(SYS_clock_nanosleep, PROCESS_CLOCK(0, CPUCLOCK_SCHED) | CPUCLOCK_PERTHREAD, 0, BAD, NULL));
	TRY("clock_nanosleep(a clock fd) raw", syscall(SYS_clock_nanosleep, PROCESS_CLOCK(0, 3), 0, &ms, NULL));
}

static void counters(void)
{
	struct timespec ms = { 0, 1000000 };
	struct rusage a, b;
	char *p;

	getrusage(RUSAGE_SELF, &a);
	p = malloc(100 * 4096);
	for (int i = 0; i < 100; i++)
		p[i * 4096] = 1;
	getrusage(RUSAGE_SELF, &b);
	printf("100 first touches: ru_minflt grew 100 or more: %s\n", yes(b.ru_minflt - a.ru_minflt >= 100));
	free(p);
	getrusage(RUSAGE_SELF, &a);
	for (int i = 0; i < 10; i++)
		nanosleep(&ms, NULL);
	getrusage(RUSAGE_SELF, &b);
	printf("10 sleeps: ru_nvcsw grew 10 or more: %s\n", yes(b.ru_nvcsw - a.ru_nvcsw >= 10));
}

static void ticks(void)
{
	struct timespec tenth = { 0, 100000000 };
	struct tms t;
	clock_t a, b;

	printf("sysconf(_SC_CLK_TCK): %ld\n", sysconf(_SC_CLK_TCK));
	a = times(&t);
	nanosleep(&tenth, NULL);
	b = times(NULL);
	printf("times() returns ticks: 0.1 s is 9 .. 50 of them: %s\n",
	       yes((unsigned long)(b - a) >= 9 && (unsigned long)(b - a) <= 50));
	TRY("times(bad)", syscall(SYS_times, BAD));
	TRY("getrusage(2)", getrusage(2, &(struct rusage){ 0 }));
	TRY("getrusage(-2)", getrusage(-2, &(struct rusage){ 0 }));
	TRY("getrusage(SELF, bad)", syscall(SYS_getrusage, RUSAGE_SELF, BAD));
	TRY("getrusage(CHILDREN, NULL)", syscall(SYS_getrusage, RUSAGE_CHILDREN, NULL));
	TRY("getrusage(2, bad)", syscall(SYS_getrusage, 2, BAD));
	TRY("wait4(bad rusage), no child", syscall(SYS_wait4, -1, NULL, 0, BAD));
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	children();
	busy_and_asleep();
	other_clocks();
	cpu_sleeps();
	counters();
	ticks();
	return 0;
}
