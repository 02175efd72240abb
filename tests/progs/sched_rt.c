// sched_rt: the real-time policies. SCHED_FIFO and SCHED_RR with priorities 1 to 99 are
// kept (sched_getscheduler, sched_getparam, /proc/PID/stat's priority, rt_priority and
// policy fields, sched_rr_get_interval: 0 for FIFO, 100 ms for RR) and honoured on one CPU:
// a runnable real-time task runs before a normal one (a normal child never runs while its
// FIFO parent spins), a real-time task woken preempts a normal one at once, two FIFO tasks
// of one priority run one after the other, and two RR ones take turns. fork inherits the
// policy, SCHED_RESET_ON_FORK gives SCHED_OTHER. A user needs RLIMIT_RTPRIO (0 here: the
// host's root may not raise it) to take a real-time policy or another one, or to raise a
// priority past it; lowering one is allowed. RT throttling's two files.
//
// The host side runs as root: every real-time task here is pinned to CPU 0 and spins at
// most 300 ms at a time, under Linux's RT throttling (950 ms a second); the throttling
// itself (its settings changed, a FIFO task spinning 500 ms) is tried on shmos only.
// host: uids
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "check.h"
#include "freeram.h"

#ifndef SCHED_RESET_ON_FORK
#define SCHED_RESET_ON_FORK 0x40000000
#endif

struct shared {
	volatile int ran, seen;
	volatile int n;
	volatile char log[4096];
};
static struct shared *sh;

static int set(pid_t pid, int policy, int prio)
{
	struct sched_param sp = { .sched_priority = prio };

	return sched_setscheduler(pid, policy, &sp);
}

// Fields 18 (priority), 40 (rt_priority) and 41 (policy) of /proc/self/stat.
static void show_stat(const char *what)
{
	char buf[1024], *p;
	int field = 2, v[42] = { 0 };

	slurp_file("/proc/self/stat", buf, sizeof(buf));
	for (p = strrchr(buf, ')') + 2; *p && field < 41; field++) {
		v[field + 1] = atoi(p);
		p = strchr(p, ' ');
		if (!p)
			break;
		p++;
	}
	struct sched_param sp;
	sched_getparam(0, &sp);
	printf("%s: policy %d, param %d, stat priority %d rt_priority %d policy %d\n", what,
	       sched_getscheduler(0), sp.sched_priority, v[18], v[40], v[41]);
}

// A normal task's interval is its fair share (Linux's varies): only under a second.
static void rr_interval(const char *what)
{
	struct timespec ts;

	sched_rr_get_interval(0, &ts);
	if (sched_getscheduler(0) == SCHED_OTHER)
		printf("%s: rr interval under a second: %s\n", what, yes(ts.tv_sec == 0));
	else
		printf("%s: rr interval %ld.%09ld\n", what, (long)ts.tv_sec, ts.tv_nsec);
}

static void spin_ms(int ms)
{
	long long end = now_ms() + ms;

	while (now_ms() < end)
		;
}

// A child that spins ms, logging id whenever it sees the other ran since.
static pid_t spinner(char id, int policy, int prio, int ms)
{
	pid_t pid = fork();

	if (pid == 0) {
		long long end;

		if (set(0, policy, prio))
			_exit(1);
		while (!sh->ran)
			sched_yield();	/* until the parent lets both go */
		end = now_ms() + ms;
		while (now_ms() < end) {
			int n = sh->n;

			if (n == 0 || sh->log[n - 1] != id) {
				sh->log[n] = id;
				sh->n = n + 1;
			}
		}
		_exit(0);
	}
	return pid;
}

// Two children of a policy, on CPU 0: how many turns the log shows.
static void two(const char *what, int policy, int ms)
{
	pid_t a, b;

	sh->ran = 0;
	sh->n = 0;
	set(0, SCHED_FIFO, 50);		// above both until they are ready
	a = spinner('a', policy, 10, ms);
	b = spinner('b', policy, 10, ms);
	usleep(20000);
	sh->ran = 1;
	set(0, SCHED_FIFO, 60);
	waitpid(a, NULL, 0);
	waitpid(b, NULL, 0);
	set(0, SCHED_OTHER, 0);
	printf("%s: %s\n", what, sh->n == 2 ? "one after the other" :
	       sh->n > 2 ? "turns" : "one only");
}

static void limits(void)
{
	struct rlimit rl = { 0, 0 };

	setrlimit(RLIMIT_RTPRIO, &rl);
	if (setuid(65534) < 0)
		_exit(1);
	errno = 0;
	TRY("user, RLIMIT_RTPRIO 0: SCHED_FIFO 1", set(0, SCHED_FIFO, 1));
	_exit(0);
}

// A FIFO 5 task that became a user, with RLIMIT_RTPRIO 0 (the host's root may not raise it).
static void limits5(void)
{
	set(0, SCHED_FIFO, 5);
	if (setuid(65534) < 0)
		_exit(1);
	TRY("user at FIFO 5, RLIMIT_RTPRIO 0: SCHED_RR 4, another policy", set(0, SCHED_RR, 4));
	TRY("user: SCHED_FIFO 4, lower", set(0, SCHED_FIFO, 4));
	TRY("user: SCHED_FIFO 5, higher", set(0, SCHED_FIFO, 5));
	TRY("user: SCHED_OTHER", set(0, SCHED_OTHER, 0));
	TRY("user: SCHED_FIFO 4 again", set(0, SCHED_FIFO, 4));
	_exit(0);
}

/*
 * RT throttling: a FIFO task spinning leaves its CPU the rest of each
 * period once it has had its runtime, and a normal task runs then.  The
 * period is made 200 ms and the runtime 100 ms, so that a spin of 500 ms
 * meets a throttled stretch wherever it starts (the defaults would need
 * more than 2 s); the runtime cannot pass the period (EINVAL).  On shmos
 * only: the host's settings are the machine's (Linux throttles the same
 * way).
 */
static void throttled(int real)
{
	const char *rt = "/proc/sys/kernel/sched_rt_runtime_us";
	const char *period = "/proc/sys/kernel/sched_rt_period_us";
	long long end;
	long n = 0;
	pid_t pid;

	printf("runtime past the period: %s\n",
	       real ? write_string(rt, "1000001") : "EINVAL");
	if (real) {
		write_string(rt, "100000");
		write_string(period, "200000");
	}
	sh->ran = sh->seen = 0;
	if (real && (pid = fork()) == 0) {
		set(0, SCHED_FIFO, 1);
		sh->seen = 1;		/* from now on we run only when it is throttled */
		spin_ms(500);
		sh->ran = 1;
		_exit(0);
	}
	end = now_ms() + 5000;
	while (real && !sh->seen && now_ms() < end)
		;
	while (real && !sh->ran && now_ms() < end)
		n++;
	if (real) {
		waitpid(pid, NULL, 0);
		write_string(period, "1000000");
		write_string(rt, "950000");
	}
	printf("a normal task ran while a FIFO one spun 500 ms (RT throttling): %s\n",
	       yes(!real || (n > 0 && sh->ran)));
}

static void run(void (*fn)(void))
{
	pid_t pid;

	fflush(stdout);
	if ((pid = fork()) == 0)
		fn();
	waitpid(pid, NULL, 0);
}

int main(void)
{
	cpu_set_t cpu0;
	char buf[64];
	int p[2], status;
	pid_t pid;

	setvbuf(stdout, NULL, _IONBF, 0);
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CPU_ZERO(&cpu0);
	CPU_SET(0, &cpu0);
	sched_setaffinity(0, sizeof(cpu0), &cpu0);

	printf("max: FIFO %d RR %d OTHER %d; min: FIFO %d RR %d\n",
	       sched_get_priority_max(SCHED_FIFO), sched_get_priority_max(SCHED_RR),
	       sched_get_priority_max(SCHED_OTHER), sched_get_priority_min(SCHED_FIFO),
	       sched_get_priority_min(SCHED_RR));
	show_stat("start");
	rr_interval("start");
	TRY("SCHED_FIFO 10", set(0, SCHED_FIFO, 10));
	show_stat("fifo");
	rr_interval("fifo");
	TRY("setparam 30", sched_setparam(0, &(struct sched_param){ 30 }));
	show_stat("fifo 30");
	TRY("SCHED_RR 99", set(0, SCHED_RR, 99));
	show_stat("rr");
	rr_interval("rr");
	TRY("SCHED_RR 100", set(0, SCHED_RR, 100));
	TRY("SCHED_RR 0", set(0, SCHED_RR, 0));

	// fork inherits it; SCHED_RESET_ON_FORK does not let it
	if ((pid = fork()) == 0)
		_exit(sched_getscheduler(0) * 100 + (sched_getparam(0, &(struct sched_param){ 0 }), 0));
	waitpid(pid, &status, 0);
	printf("child of RR: policy %d\n", WEXITSTATUS(status) / 100);
	TRY("SCHED_FIFO|SCHED_RESET_ON_FORK 10", set(0, SCHED_FIFO | SCHED_RESET_ON_FORK, 10));
	printf("getscheduler: %#x\n", sched_getscheduler(0));
	if ((pid = fork()) == 0) {
		struct sched_param sp;

		sched_getparam(0, &sp);
		_exit(sched_getscheduler(0) * 100 + sp.sched_priority);
	}
	waitpid(pid, &status, 0);
	printf("child of FIFO, reset on fork: policy and priority %d\n", WEXITSTATUS(status));

	// a FIFO task spinning keeps a normal one (same CPU) from running
	set(0, SCHED_FIFO | SCHED_RESET_ON_FORK, 10);
	sh->ran = 0;
	if ((pid = fork()) == 0) {	/* SCHED_OTHER: reset on fork */
		sh->ran = 1;
		_exit(0);
	}
	spin_ms(30);
	printf("a normal child ran while its FIFO parent spun: %s\n", yes(sh->ran));
	set(0, SCHED_OTHER, 0);
	waitpid(pid, NULL, 0);
	printf("it ran once the parent was normal: %s\n", yes(sh->ran));

	// a FIFO child woken by our write runs before the write returns to us
	pipe(p);
	sh->ran = sh->seen = 0;
	if ((pid = fork()) == 0) {
		set(0, SCHED_FIFO, 20);
		read(p[0], buf, 1);
		sh->seen = sh->ran;
		_exit(0);
	}
	usleep(50000);		/* it sleeps in read */
	write(p[1], "x", 1);
	sh->ran = 1;
	waitpid(pid, NULL, 0);
	printf("a FIFO child woken by a write ran before the writer went on: %s\n",
	       yes(sh->seen == 0));
	close(p[0]);
	close(p[1]);

	two("two FIFO tasks, one priority", SCHED_FIFO, 100);
	two("two RR tasks, one priority, 300 ms each", SCHED_RR, 300);

	throttled(on_shmos());
	run(limits);
	run(limits5);
	TRY("no such process", set(99999999, SCHED_FIFO, 1));
	slurp_file("/proc/sys/kernel/sched_rt_runtime_us", buf, sizeof(buf));
	printf("sched_rt_runtime_us: %s", buf);
	slurp_file("/proc/sys/kernel/sched_rt_period_us", buf, sizeof(buf));
	printf("sched_rt_period_us: %s", buf);
	return 0;
}
