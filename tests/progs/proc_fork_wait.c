// proc_fork_wait: fork, exit statuses, wait/waitpid, WNOHANG, ECHILD, many children, orphans.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

// Fork a child that exits with code at once; return its pid.
static pid_t spawn_exit(int code)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(code);
	return pid;
}

// Fork a child that blocks reading p[0] until the parent writes or closes p[1].
static pid_t spawn_blocked(int p[2], int code)
{
	pid_t pid = fork();
	char c;

	if (pid == 0) {
		close(p[1]);
		read(p[0], &c, 1);
		_exit(code);
	}
	return pid;
}

static void exit_codes(void)
{
	int codes[] = { 0, 1, 42, 255, 256, -1 };
	int i, st;

	for (i = 0; i < 6; i++) {
		pid_t pid = spawn_exit(codes[i]);
		pid_t r = waitpid(pid, &st, 0);
		printf("exit(%d): waitpid same pid %s, exited %d, status %d, signaled %d\n",
		       codes[i], r == pid ? "yes" : "no", WIFEXITED(st), WEXITSTATUS(st),
		       WIFSIGNALED(st));
	}
}

// Two children; waitpid for the second must not return the first.
static void wait_specific(void)
{
	int p[2], st;
	pid_t a, b, r;

	pipe(p);
	a = spawn_blocked(p, 3);
	b = spawn_exit(4);
	r = waitpid(b, &st, 0);
	printf("waitpid(b): got b %s, status %d\n", r == b ? "yes" : "no", WEXITSTATUS(st));
	close(p[0]);
	close(p[1]);		// releases a
	r = wait(&st);
	printf("wait(any): got a %s, status %d\n", r == a ? "yes" : "no", WEXITSTATUS(st));
}

static void no_children(void)
{
	int r;

	errno = 0;
	r = wait(NULL);
	printf("wait with no children: %d %s\n", r, ename(errno));
	errno = 0;
	r = waitpid(getpid(), NULL, 0);
	printf("waitpid(self): %d %s\n", r, ename(errno));
	errno = 0;
	r = waitpid(-1, NULL, WNOHANG);
	printf("waitpid WNOHANG with no children: %d %s\n", r, ename(errno));
}

static void nohang(void)
{
	int p[2], st;
	pid_t pid, r;

	pipe(p);
	pid = spawn_blocked(p, 9);
	r = waitpid(pid, &st, WNOHANG);
	printf("WNOHANG on running child: %d\n", r);
	write(p[1], "x", 1);
	close(p[0]);
	close(p[1]);
	r = waitpid(pid, &st, 0);
	printf("then blocking waitpid: got child %s, status %d\n", r == pid ? "yes" : "no",
	       WEXITSTATUS(st));
	errno = 0;
	r = waitpid(pid, &st, 0);
	printf("waitpid reaped child again: %d %s\n", r, ename(errno));
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

#define NKIDS 20

static void many_children(void)
{
	int status[NKIDS], i, st, ok = 1;

	for (i = 0; i < NKIDS; i++)
		if (spawn_exit(i) < 0)
			ok = 0;
	printf("forked %d children: %s\n", NKIDS, ok ? "yes" : "no");
	for (i = 0; i < NKIDS; i++) {
		status[i] = -1;
		if (wait(&st) > 0 && WIFEXITED(st))
			status[i] = WEXITSTATUS(st);
	}
	qsort(status, NKIDS, sizeof(int), cmp_int);
	printf("statuses:");
	for (i = 0; i < NKIDS; i++)
		printf(" %d", status[i]);
	printf("\n");
	errno = 0;
	i = wait(NULL);
	printf("all reaped: %d %s\n", i, ename(errno));
}

// The child learns its pid two ways and its parent's pid; the parent checks both.
static void ids(void)
{
	pid_t me = getpid(), pid, r;
	int p[2], st;

	pipe(p);
	pid = fork();
	if (pid == 0) {
		pid_t v[2] = { getpid(), getppid() };
		write(p[1], v, sizeof(v));
		_exit(0);
	}
	pid_t v[2] = { 0, 0 };
	read(p[0], v, sizeof(v));
	r = waitpid(pid, &st, 0);
	close(p[0]);
	close(p[1]);
	printf("fork returned child's getpid: %s\n", pid == v[0] ? "yes" : "no");
	printf("child's getppid is parent's getpid: %s\n", v[1] == me ? "yes" : "no");
	printf("child pid differs from parent: %s\n", pid != me && r == pid ? "yes" : "no");
}

// The middle child exits at once; the grandchild waits to be re-parented and reports.
// On shmos the test itself is init and so becomes the new parent: run this last.
static void orphan(void)
{
	int p[2], st, i;
	pid_t mid;
	char c = '?';

	pipe(p);
	mid = fork();
	if (mid == 0) {
		pid_t old = getpid();
		if (fork() == 0) {
			for (i = 0; i < 500 && getppid() == old; i++)
				usleep(10000);
			c = getppid() != old ? 'y' : 'n';
			write(p[1], &c, 1);
			_exit(0);
		}
		_exit(5);
	}
	close(p[1]);
	waitpid(mid, &st, 0);
	printf("middle child exited: %d\n", WEXITSTATUS(st));
	read(p[0], &c, 1);
	close(p[0]);
	printf("orphan re-parented: %s\n", c == 'y' ? "yes" : "no");
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	exit_codes();
	wait_specific();
	no_children();
	nohang();
	many_children();
	ids();
	orphan();
	return 0;
}
