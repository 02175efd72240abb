/*
 * The job-control tests (proc_pgrp, proc_stop, proc_orphan) run their checks in a driver:
 * a child that makes a session of its own, so that the process groups they make, stop
 * and orphan are theirs alone, not those of whatever started the test.  The driver's
 * group is orphaned from the start (its parent is in another session).
 */
#ifndef TESTS_SESSION_H
#define TESTS_SESSION_H

#include <errno.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

/* Runs checks in a driver leading a new session; says how the driver exited. */
static inline int run_in_session(void (*checks)(void))
{
	pid_t pid;
	int st;

	setvbuf(stdout, NULL, _IOLBF, 0);
	pid = fork();
	if (pid == 0) {
		if (setsid() < 0)
			printf("driver: setsid failed: %s\n", ename(errno));
		else
			checks();
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	printf("driver exit status: %d\n", WEXITSTATUS(st));
	return 0;
}

#endif
