// fork_many: a process can have a thousand children alive at once, as LTP's
// futex_cmp_requeue01 needs (1000 waiters): the task limit grows with memory (Linux's
// threads-max is thousands on a small machine), and every child is reaped.  Then
// RLIMIT_NPROC, for a user other than root: fork fails EAGAIN once the user has that many
// processes, and works again once one is reaped.
// host: root
// mem: 128M
// timeout: 120
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define CHILDREN 1000
#define NPROC_UID 40405		// an unused uid: RLIMIT_NPROC counts its processes

// CHILDREN children, each asleep in a read of the pipe until the parent closes it.
static void thousand(void)
{
	int fds[2], forked = 0, reaped = 0, exits_ok = 1, st;
	char c;

	pipe(fds);
	for (int i = 0; i < CHILDREN; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			close(fds[1]);
			_exit(read(fds[0], &c, 1) == 0 ? 0 : 1);
		}
		if (pid < 0) {
			printf("fork %d: -1 %s\n", i + 1, ename(errno));
			break;
		}
		forked++;
	}
	close(fds[0]);
	close(fds[1]);
	while (wait(&st) > 0) {
		reaped++;
		exits_ok &= WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	printf("%d children alive at once: %s\n", CHILDREN, yes(forked == CHILDREN));
	printf("all reaped, each exited 0: %s\n", yes(reaped == forked && exits_ok));
}

// In a child: as user NPROC_UID with RLIMIT_NPROC 3, itself included.
static void nproc(void)
{
	struct rlimit rl = { 3, 3 };
	pid_t kids[3];
	int n = 0, st;

	setrlimit(RLIMIT_NPROC, &rl);
	if (setuid(NPROC_UID)) {
		printf("setuid: -1 %s\n", ename(errno));
		exit(1);
	}
	for (; n < 3; n++) {
		kids[n] = fork();
		if (kids[n] == 0) {
			pause();
			_exit(0);
		}
		if (kids[n] < 0)
			break;
	}
	printf("RLIMIT_NPROC 3: forks before EAGAIN: %d (%s)\n", n,
	       n < 3 ? ename(errno) : "none failed");
	kill(kids[0], SIGKILL);
	waitpid(kids[0], &st, 0);
	kids[0] = fork();
	if (kids[0] == 0)
		_exit(0);
	printf("after one is reaped, fork: %s\n", kids[0] > 0 ? "works" : ename(errno));
	if (kids[0] > 0)
		waitpid(kids[0], &st, 0);
	for (int i = 1; i < n; i++) {
		kill(kids[i], SIGKILL);
		waitpid(kids[i], &st, 0);
	}
	exit(0);
}

int main(void)
{
	int st;

	setvbuf(stdout, NULL, _IONBF, 0);
	thousand();
	if (fork() == 0)
		nproc();
	wait(&st);
	return 0;
}
