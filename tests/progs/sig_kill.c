// sig_kill: kill(2) on children: fatal signals and wait statuses, kill(pid, 0), errors,
// an ignored SIGTERM, and signals that end pause() and a long nanosleep.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

// Print how a child ended, the way a shell would describe it.
static void show(const char *what, pid_t pid)
{
	int st = 0;
	pid_t r = waitpid(pid, &st, 0);

	if (r != pid)
		printf("%s: waitpid failed\n", what);
	else if (WIFSIGNALED(st))
		printf("%s: killed by signal %d\n", what, WTERMSIG(st));
	else
		printf("%s: exited %d\n", what, WEXITSTATUS(st));
}

static int ready_fd;	// in a child: write end of the pipe its parent waits on

// A child body calls this once set up: closing the pipe gives the parent EOF.
static void ready(void)
{
	close(ready_fd);
}

static void body_loop(int arg)
{
	(void)arg;
	ready();
	for (;;)
		pause();
}

static void body_ignore(int arg)
{
	char c;

	signal(SIGTERM, SIG_IGN);
	ready();
	read(arg, &c, 1);	// wait for the parent's go (after its kill)
	_exit(7);
}

static void body_pause(int arg)
{
	(void)arg;
	ready();
	pause();
	_exit(3);		// pause() only returns for a caught signal
}

static void body_sleep(int arg)
{
	struct timespec ts = { 10, 0 };

	(void)arg;
	ready();
	nanosleep(&ts, NULL);
	_exit(4);
}

// Fork a child running body(arg); return once it has called ready().
static pid_t start(void (*body)(int), int arg)
{
	int p[2];
	char c;
	pid_t pid;

	pipe(p);
	pid = fork();
	if (pid == 0) {
		int sigs[] = { SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGTERM }, i;
		// A runner started as a background job may ignore some of them; we inherit that.
		for (i = 0; i < 5; i++)
			signal(sigs[i], SIG_DFL);
		close(p[0]);
		ready_fd = p[1];
		body(arg);
		_exit(1);
	}
	close(p[1]);
	read(p[0], &c, 1);	// returns 0 (EOF) once the child called ready()
	close(p[0]);
	return pid;
}

static void fatal_signals(void)
{
	int sigs[] = { SIGKILL, SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGQUIT };
	char what[32];
	int i;

	for (i = 0; i < 6; i++) {
		pid_t pid = start(body_loop, 0);
		int r = kill(pid, sigs[i]);
		snprintf(what, sizeof(what), "kill(child, %d) = %d", sigs[i], r);
		show(what, pid);
	}
}

static void probe(void)
{
	pid_t pid = start(body_loop, 0);
	int r;

	r = kill(pid, 0);
	printf("kill(live child, 0): %d\n", r);
	errno = 0;
	r = kill(pid, 999);
	printf("kill(live child, 999): %d %s\n", r, ename(errno));
	errno = 0;
	r = kill(pid, -1);
	printf("kill(live child, -1): %d %s\n", r, ename(errno));
	kill(pid, SIGKILL);
	show("after SIGKILL", pid);
	errno = 0;
	r = kill(pid, 0);
	printf("kill(reaped child, 0): %d %s\n", r, ename(errno));
	errno = 0;
	r = kill(pid, SIGTERM);
	printf("kill(reaped child, SIGTERM): %d %s\n", r, ename(errno));
}

// A child that has exited but is not yet reaped (a zombie) still exists for kill(pid, 0).
static void zombie(void)
{
	int p[2], r;
	char c;
	pid_t pid;

	pipe(p);
	pid = fork();
	if (pid == 0)
		_exit(6);	// exiting closes p[1]
	close(p[1]);
	read(p[0], &c, 1);
	close(p[0]);
	usleep(100000);	// most likely a zombie now; either way it still exists
	r = kill(pid, 0);
	printf("kill(exited, unreaped child, 0): %d\n", r);
	show("exited, unreaped child", pid);
}

static void ignored(void)
{
	int go[2];
	pid_t pid;

	pipe(go);
	pid = start(body_ignore, go[0]);
	printf("kill(child ignoring SIGTERM, SIGTERM): %d\n", kill(pid, SIGTERM));
	write(go[1], "g", 1);
	close(go[0]);
	close(go[1]);
	show("child ignoring SIGTERM", pid);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void blocked(void)
{
	pid_t pid = start(body_pause, 0);
	double t;

	kill(pid, SIGTERM);
	show("child in pause(), SIGTERM", pid);
	pid = start(body_sleep, 0);
	t = now();
	kill(pid, SIGKILL);
	show("child in nanosleep(10 s), SIGKILL", pid);
	printf("killed well before 10 s: %s\n", now() - t < 5 ? "yes" : "no");
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	fatal_signals();
	probe();
	zombie();
	ignored();
	blocked();
	return 0;
}
