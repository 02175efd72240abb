// thread_stop: job control of a multithreaded process, as Linux's group stop. A stop
// signal sent to the process, or with tgkill to any one of its threads, stops every
// thread (/proc/PID/task/TID/stat says T for each, their counters stand still, one of
// them asleep in read() stops too); the parent hears of it once: one SIGCHLD with
// CLD_STOPPED and the kid's pid, one WUNTRACED report. SIGCONT, to any thread, makes
// them all run again (the read goes on without EINTR), reported once to WCONTINUED. A
// signal whose default action kills, sent to the process and taken by the one thread
// that does not block it, or sent with tgkill to a thread, ends every thread, and the
// wait status says which signal; a stopped process keeps such a signal pending until
// SIGCONT, but SIGKILL ends it at once.
#define _GNU_SOURCE	// sigabbrev_np
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "kid.h"
#include "session.h"

#define NLOOPERS 3	// the kid's main thread and two more; a fourth thread reads

static volatile long *counters;	// shared with the kids: each looper's progress
static int kid_in, kid_out;

static void *looper(void *arg)
{
	long i = (long)arg;

	if (i == 2) {		// the one thread that takes SIGUSR1
		sigset_t s;

		sigemptyset(&s);
		sigaddset(&s, SIGUSR1);
		pthread_sigmask(SIG_UNBLOCK, &s, NULL);
	}
	for (;;) {
		counters[i]++;
		usleep(1000);
	}
	return NULL;
}

static void *reader(void *arg)
{
	char c, msg[64];

	for (;;) {
		ssize_t n = read(kid_in, &c, 1);

		snprintf(msg, sizeof(msg), "read %d byte(s), %s\n", (int)n,
			 n < 0 ? ename(errno) : "no error");
		say(kid_out, msg);
	}
	return NULL;
}

// The kid: three threads counting, one reading; SIGUSR1 blocked in all but looper 2.
static void kid_main(int in, int out)
{
	struct rlimit nocore = { 0, 0 };
	pthread_t t;
	sigset_t s;

	setrlimit(RLIMIT_CORE, &nocore);	// no core flag in the wait status
	kid_in = in;
	kid_out = out;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	sigprocmask(SIG_BLOCK, &s, NULL);
	for (long i = 1; i < NLOOPERS; i++)
		pthread_create(&t, NULL, looper, (void *)i);
	pthread_create(&t, NULL, reader, NULL);
	say(out, "ready\n");
	looper(0);
}

// Whether every looper's counter goes past what it was.
static int all_advance(void)
{
	long long deadline = now_ms() + 10000;
	long before[NLOOPERS];
	int i;

	for (i = 0; i < NLOOPERS; i++)
		before[i] = counters[i];
	for (i = 0; i < NLOOPERS && now_ms() < deadline; )
		if (counters[i] != before[i])
			i++;
		else
			usleep(1000);
	return i == NLOOPERS;
}

// Whether no counter moves in 100 ms.
static int all_still(void)
{
	long before[NLOOPERS];
	int same = 1;

	for (int i = 0; i < NLOOPERS; i++)
		before[i] = counters[i];
	usleep(100000);
	for (int i = 0; i < NLOOPERS; i++)
		same &= counters[i] == before[i];
	return same;
}

static struct kid spawn(void)
{
	struct kid k;

	for (int i = 0; i < NLOOPERS; i++)
		counters[i] = 0;
	k = spawn_kid(kid_main);
	hear(&k);
	printf("every thread counts: %s\n", yes(all_advance()));
	return k;
}

static void cleanup(struct kid *k)
{
	close(k->to);
	close(k->from);
}

// How many of pid's threads are in state (stat's third field), and how many there are.
static void thread_states(pid_t pid, char state, int *in_state, int *total)
{
	char path[320], buf[512];
	struct dirent *e;
	DIR *d;

	*in_state = *total = 0;
	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	if (!(d = opendir(path)))
		return;
	while ((e = readdir(d))) {
		char *p;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task/%s/stat", pid, e->d_name);
		if (slurp_file(path, buf, sizeof(buf)) < 0 || !(p = strrchr(buf, ')')))
			continue;
		(*total)++;
		*in_state += p[2] == state;
	}
	closedir(d);
}

// A thread of pid other than its leader.
static pid_t other_thread(pid_t pid)
{
	char path[64];
	struct dirent *e;
	pid_t tid = 0;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	if (!(d = opendir(path)))
		return 0;
	while ((e = readdir(d)) && !tid)
		if (e->d_name[0] != '.' && atoi(e->d_name) != pid)
			tid = atoi(e->d_name);
	closedir(d);
	return tid;
}

static const char *describe(int st)
{
	static char buf[64];

	if (WIFSTOPPED(st))
		snprintf(buf, sizeof(buf), "stopped by SIG%s", sigabbrev_np(WSTOPSIG(st)));
	else if (WIFCONTINUED(st))
		snprintf(buf, sizeof(buf), "continued");
	else if (WIFSIGNALED(st))
		snprintf(buf, sizeof(buf), "killed by SIG%s%s", sigabbrev_np(WTERMSIG(st)),
			 WCOREDUMP(st) ? " (core)" : "");
	else
		snprintf(buf, sizeof(buf), "exited %d", WEXITSTATUS(st));
	return buf;
}

static void wait_for(struct kid *k, int options, const char *what)
{
	int st = 0;
	pid_t r = waitpid(k->pid, &st, options);

	if (r < 0)
		printf("%s: waitpid: %s\n", what, ename(errno));
	else
		printf("%s: %s%s\n", what, r == k->pid ? describe(st) : "nothing",
		       r == 0 || r == k->pid ? "" : " (another pid)");
}

// SIGCHLD is blocked in the driver and taken here, so its si_code can be printed.
static void chld_info(struct kid *k, const char *when)
{
	struct timespec ts = { 5, 0 };
	sigset_t set;
	siginfo_t si;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	if (sigtimedwait(&set, &si, &ts) < 0) {
		printf("%s: no SIGCHLD\n", when);
		return;
	}
	printf("%s: SIGCHLD %s status %d, from the kid: %s\n", when,
	       si.si_code == CLD_STOPPED ? "CLD_STOPPED" :
	       si.si_code == CLD_CONTINUED ? "CLD_CONTINUED" :
	       si.si_code == CLD_KILLED ? "CLD_KILLED" : "other",
	       si.si_status, yes(si.si_pid == k->pid));
}

static void no_more_chld(const char *when)
{
	struct timespec ts = { 0, 100000000 };
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	printf("%s: another SIGCHLD: %s\n", when, yes(sigtimedwait(&set, NULL, &ts) > 0));
}

static void show_stopped(struct kid *k)
{
	int stopped, total;

	thread_states(k->pid, 'T', &stopped, &total);
	printf("threads stopped: %d of %d; counters stand still: %s\n", stopped, total,
	       yes(all_still()));
}

static void stop_and_continue(void)
{
	int stopped, total;
	struct kid k;
	pid_t tid;

	printf("-- SIGSTOP to the process\n");
	k = spawn();
	kill(k.pid, SIGSTOP);
	wait_for(&k, WUNTRACED, "waitpid WUNTRACED");
	chld_info(&k, "stop");
	no_more_chld("stop");
	wait_for(&k, WUNTRACED | WNOHANG, "waitpid WUNTRACED again");
	show_stopped(&k);
	kill(k.pid, SIGCONT);
	wait_for(&k, WCONTINUED, "waitpid WCONTINUED");
	chld_info(&k, "continue");
	no_more_chld("continue");
	wait_for(&k, WCONTINUED | WNOHANG, "waitpid WCONTINUED again");
	printf("every thread counts again: %s\n", yes(all_advance()));
	thread_states(k.pid, 'T', &stopped, &total);
	printf("threads stopped: %d of %d\n", stopped, total);
	say(k.to, "x");
	hear(&k);		// the read a stop interrupted went on

	printf("-- SIGTSTP with tgkill to one thread, SIGCONT with tgkill to another\n");
	tid = other_thread(k.pid);
	syscall(SYS_tgkill, k.pid, tid, SIGTSTP);
	wait_for(&k, WUNTRACED, "waitpid WUNTRACED");
	chld_info(&k, "stop");
	show_stopped(&k);
	syscall(SYS_tgkill, k.pid, k.pid, SIGCONT);
	wait_for(&k, WCONTINUED, "waitpid WCONTINUED");
	chld_info(&k, "continue");
	printf("every thread counts again: %s\n", yes(all_advance()));

	printf("-- SIGKILL to the stopped process\n");
	kill(k.pid, SIGSTOP);
	wait_for(&k, WUNTRACED, "waitpid WUNTRACED");
	chld_info(&k, "stop");
	kill(k.pid, SIGKILL);
	wait_for(&k, 0, "waitpid");
	chld_info(&k, "kill");
	cleanup(&k);
}

static void fatal(void)
{
	struct kid k;

	printf("-- SIGTERM to a stopped process waits for SIGCONT\n");
	k = spawn();
	kill(k.pid, SIGSTOP);
	wait_for(&k, WUNTRACED, "waitpid WUNTRACED");
	chld_info(&k, "stop");
	kill(k.pid, SIGTERM);
	usleep(100000);
	wait_for(&k, WNOHANG, "waitpid WNOHANG");
	show_stopped(&k);
	kill(k.pid, SIGCONT);
	wait_for(&k, 0, "after SIGCONT, waitpid");
	chld_info(&k, "continue or kill");
	cleanup(&k);

	printf("-- SIGUSR1 to the process, which one thread does not block\n");
	k = spawn();
	kill(k.pid, SIGUSR1);
	wait_for(&k, 0, "waitpid");
	chld_info(&k, "kill");
	cleanup(&k);

	printf("-- SIGQUIT with tgkill to one thread\n");
	k = spawn();
	syscall(SYS_tgkill, k.pid, other_thread(k.pid), SIGQUIT);
	wait_for(&k, 0, "waitpid");
	chld_info(&k, "kill");
	cleanup(&k);
}

static void checks(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	counters = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	stop_and_continue();
	fatal();
}

int main(void)
{
	return run_in_session(checks);
}
