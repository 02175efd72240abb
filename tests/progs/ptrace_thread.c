// ptrace_thread: a traced process's threads, as strace -f sees them.  With
// PTRACE_O_TRACECLONE the tracer hears of the new thread (a clone event, then the thread's
// own first stop), and a traced thread's end is reported to the tracer's wait(__WALL) on
// its own, before the process's end: the leader is reaped last (Linux's
// delay_group_leader), and after it there is nothing left to wait for.
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define MUST(c) do { if (!(c)) { printf("failed: %s\n", #c); exit(1); } } while (0)

static void *thread(void *arg)
{
	return arg;
}

static void child(void)
{
	pthread_t t;

	MUST(ptrace(PTRACE_TRACEME, 0, 0, 0) == 0);
	raise(SIGSTOP);
	MUST(pthread_create(&t, NULL, thread, NULL) == 0);
	MUST(pthread_join(t, NULL) == 0);
	exit(3);
}

int main(void)
{
	int status, clone_event = 0, thread_stop = 0, thread_end = -1, order_ok = 0;
	unsigned long tid = 0;
	pid_t pid, w;

	setvbuf(stdout, NULL, _IONBF, 0);
	if ((pid = fork()) == 0)
		child();
	MUST(waitpid(pid, &status, 0) == pid && WIFSTOPPED(status));
	MUST(ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACECLONE) == 0);
	MUST(ptrace(PTRACE_CONT, pid, 0, 0) == 0);
	// The clone event and the thread's first stop may come in either order.
	while ((w = waitpid(-1, &status, __WALL)) > 0) {
		if (w == pid && WIFEXITED(status)) {
			printf("leader: exit %d, after the thread's end: %s\n", WEXITSTATUS(status),
			       yes(thread_end >= 0));
			order_ok = 1;
			break;
		}
		if (WIFEXITED(status)) {
			thread_end = WEXITSTATUS(status);
			if (tid && (unsigned long)w != tid)
				printf("an end of pid %d, not the thread's\n", w);
			continue;
		}
		MUST(WIFSTOPPED(status));
		if (w == pid && status >> 8 == (SIGTRAP | PTRACE_EVENT_CLONE << 8)) {
			MUST(ptrace(PTRACE_GETEVENTMSG, pid, 0, &tid) == 0);
			clone_event = 1;
		} else if (w != pid && WSTOPSIG(status) == SIGSTOP) {
			thread_stop = 1;
		}
		MUST(ptrace(PTRACE_CONT, w, 0, 0) == 0);
	}
	// (its status is 0, or the leader's 3 if exit_group caught it still exiting)
	printf("clone event: %s; the thread's first stop: %s; the thread's end reported: %s\n",
	       yes(clone_event), yes(thread_stop), yes(thread_end == 0 || thread_end == 3));
	errno = 0;
	TRY("then waitpid(-1, __WALL)", waitpid(-1, &status, __WALL));
	return order_ok ? 0 : 1;
}
