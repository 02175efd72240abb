// sched_policy: sched_setscheduler and sched_setparam keep the policies of Linux's fair
// class, SCHED_OTHER, SCHED_BATCH and SCHED_IDLE (chrt -b, chrt -i): sched_getscheduler
// and /proc/PID/stat's field 41 report it, fork inherits it and SCHED_RESET_ON_FORK gives
// the child the policy without the flag (only a real-time one would be SCHED_OTHER again)
// and a negative nice value 0; the parameters are checked in Linux's order (EINVAL for a
// priority that is not 0, for SCHED_DEADLINE's, for an unknown policy; ESRCH; EPERM for
// another's process, and for a user who would leave SCHED_IDLE or drop the
// reset-on-fork flag). The real-time policies are prog/sched_rt's.
// host: uids
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#ifndef SCHED_RESET_ON_FORK
#define SCHED_RESET_ON_FORK 0x40000000
#endif

// Field 41 of /proc/self/stat: the policy.
static int stat_policy(void)
{
	char buf[1024], *p;
	int field = 2;

	if (slurp_file("/proc/self/stat", buf, sizeof(buf)) < 0)
		return -1;
	for (p = strrchr(buf, ')') + 1; *p && field < 41; p++)
		if (*p == ' ')
			field++;
	return atoi(p);
}

static int set(int policy, int prio)
{
	struct sched_param sp = { .sched_priority = prio };

	return sched_setscheduler(0, policy, &sp);
}

static void show(const char *what)
{
	printf("%s: getscheduler %d, stat %d\n", what, sched_getscheduler(0), stat_policy());
}

// The policy a child of ours starts with.
static void child_policy(const char *what)
{
	pid_t pid = fork();
	int status;

	if (pid == 0)
		_exit(sched_getscheduler(0) >> 24 | (sched_getscheduler(0) & 0xf));
	waitpid(pid, &status, 0);
	printf("%s: child's policy %#x\n", what, WEXITSTATUS(status));
}

int main(void)
{
	struct sched_param sp = { 0 };
	pid_t pid;
	int status;

	show("start");
	TRY("SCHED_BATCH", set(SCHED_BATCH, 0));
	show("batch");
	child_policy("batch");
	TRY("setparam keeps it", sched_setparam(0, &sp));
	show("after setparam");
	TRY("SCHED_IDLE", set(SCHED_IDLE, 0));
	show("idle");
	TRY("SCHED_BATCH, priority 1", set(SCHED_BATCH, 1));
	TRY("SCHED_FIFO, priority 0", set(SCHED_FIFO, 0));
	TRY("SCHED_FIFO, priority 100", set(SCHED_FIFO, 100));
	TRY("SCHED_DEADLINE", set(SCHED_DEADLINE, 0));
	TRY("policy 4", set(4, 0));
	TRY("policy -1", set(-1, 0));
	TRY("no such process", sched_setscheduler(99999, SCHED_OTHER, &sp));
	TRY("SCHED_OTHER|SCHED_RESET_ON_FORK", set(SCHED_OTHER | SCHED_RESET_ON_FORK, 0));
	printf("getscheduler: %#x\n", sched_getscheduler(0));
	TRY("SCHED_BATCH|SCHED_RESET_ON_FORK", set(SCHED_BATCH | SCHED_RESET_ON_FORK, 0));
	TRY("nice -5", setpriority(PRIO_PROCESS, 0, -5));
	child_policy("batch, reset on fork");
	fflush(stdout);
	if (fork() == 0) {
		printf("child's nice: %d\n", getpriority(PRIO_PROCESS, 0));
		fflush(stdout);
		_exit(0);
	}
	wait(NULL);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {		// as nobody: the user's checks
		setuid(65534);
		TRY("user: drop SCHED_RESET_ON_FORK", set(SCHED_BATCH, 0));
		TRY("user: SCHED_IDLE", set(SCHED_IDLE | SCHED_RESET_ON_FORK, 0));
		TRY("user: SCHED_IDLE, dropping the flag", set(SCHED_IDLE, 0));
		TRY("user: leave SCHED_IDLE", set(SCHED_OTHER | SCHED_RESET_ON_FORK, 0));
		TRY("user: SCHED_FIFO", set(SCHED_FIFO, 1));
		TRY("user: init's", sched_setscheduler(1, SCHED_OTHER, &sp));
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	TRY("SCHED_OTHER", set(SCHED_OTHER, 0));
	show("other");
	return 0;
}
