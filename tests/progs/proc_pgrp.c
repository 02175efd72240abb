// proc_pgrp: setpgid, setsid, getpgid and getsid by Linux's rules and in its order:
// ESRCH for nobody or a stranger, EINVAL for a negative group, EACCES for a child that
// has exec'd, EPERM for a session leader, another session, or a group that does not
// exist in ours (a zombie's group still exists until it is reaped).
// Everything runs in a driver process that first makes a session of its own.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "session.h"

static char *self;

// A child that runs fn, then waits until its parent writes to (or closes) the pipe.
struct kid {
	pid_t pid;
	int go;		// write end: the kid may end
	int ready;	// read end: one byte when fn is done
};

static struct kid spawn(void (*fn)(void))
{
	int go[2], ready[2];
	struct kid k;

	pipe(go);
	pipe(ready);
	fflush(stdout);
	k.pid = fork();
	if (k.pid == 0) {
		char c;

		close(go[1]);
		close(ready[0]);
		if (fn)
			fn();
		write(ready[1], "r", 1);
		read(go[0], &c, 1);
		_exit(0);
	}
	close(go[0]);
	close(ready[1]);
	k.go = go[1];
	k.ready = ready[0];
	char c;
	read(k.ready, &c, 1);
	return k;
}

// A byte, not just a close: later kids hold copies of this pipe too.
static void finish(struct kid k)
{
	write(k.go, "g", 1);
	close(k.go);
	close(k.ready);
	waitpid(k.pid, NULL, 0);
}

// A pid that was used and is now free: a group that surely does not exist.
static pid_t dead_pid(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	return pid;
}

// Blocks SIGCHLD and takes any earlier child's, so that await_zombie sees only new ones.
static void block_sigchld(void)
{
	sigset_t chld;
	siginfo_t si;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	while (sigtimedwait(&chld, &si, &(struct timespec){ 0, 0 }) > 0)
		;
}

// Returns once child pid has exited (its SIGCHLD came) but is not reaped: a zombie.
static void await_zombie(pid_t pid)
{
	sigset_t chld;
	siginfo_t si;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	do
		sigwaitinfo(&chld, &si);
	while (si.si_pid != pid);
}

// A child that runs fn and exits, left a zombie.
static pid_t zombie(void (*fn)(void))
{
	pid_t pid;

	block_sigchld();
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (fn)
			fn();
		_exit(0);
	}
	await_zombie(pid);
	return pid;
}

static void become_leader(void)
{
	setpgid(0, 0);
}

static void new_session(void)
{
	setsid();
}

// The exec'd child: argv[1] is "wait", argv[2] the fd to say ready on, argv[3] the
// fd to wait on.
static int exec_child(char **argv)
{
	char c;

	write(atoi(argv[2]), "r", 1);
	read(atoi(argv[3]), &c, 1);
	return 0;
}

static void basics(void)
{
	pid_t me = getpid(), dead = dead_pid();

	printf("the driver leads its session and group: %s %s\n",
	       yes(getsid(0) == me), yes(getpgid(0) == me));
	TRY("setpgid(0, 0) as session leader", setpgid(0, 0));
	TRY("setsid() as session leader", setsid());
	TRY("getpgid(dead pid)", getpgid(dead));
	TRY("getsid(dead pid)", getsid(dead));
	TRY("getpgid(-1)", getpgid(-1));
	TRY("getsid(-1)", getsid(-1));
	TRY("setpgid(-5, 0)", setpgid(-5, 0));
	TRY("setpgid(-5, 7)", setpgid(-5, 7));
	TRY("setpgid(0, -1)", setpgid(0, -1));
	TRY("setpgid(dead pid, 0)", setpgid(dead, 0));
	TRY("setpgid(parent, 0)", setpgid(getppid(), 0));
}

static void child_groups(void)
{
	struct kid c = spawn(NULL);
	pid_t me = getpid(), dead = dead_pid();

	printf("child starts in our group: %s\n", yes(getpgid(c.pid) == me));
	TRY("setpgid(child, 0)", setpgid(c.pid, 0) == 0 ? 0 : -1);
	printf("child leads its own group: %s\n", yes(getpgid(c.pid) == c.pid));
	TRY("setpgid(child, our group)", setpgid(c.pid, me));
	printf("child back in our group: %s\n", yes(getpgid(c.pid) == me));
	TRY("setpgid(child, a group that does not exist)", setpgid(c.pid, dead));
	printf("child still in our group: %s\n", yes(getpgid(c.pid) == me));
	TRY("setpgid(0, child's pid: not a group)", setpgid(0, c.pid));
	finish(c);
}

static void other_session(void)
{
	struct kid s = spawn(new_session), o = spawn(NULL);

	printf("child in a new session: %s\n", yes(getsid(s.pid) == s.pid));
	TRY("setpgid(child in another session, 0)", setpgid(s.pid, 0));
	TRY("setpgid(child, group of another session)", setpgid(o.pid, s.pid));
	finish(s);
	finish(o);
}

static void after_exec(void)
{
	int go[2], ready[2];
	char c, rfd[12], gfd[12];
	pid_t pid;

	pipe(go);
	pipe(ready);
	snprintf(rfd, sizeof(rfd), "%d", ready[1]);
	snprintf(gfd, sizeof(gfd), "%d", go[0]);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execl(self, self, "wait", rfd, gfd, (char *)NULL);
		_exit(99);
	}
	close(ready[1]);
	close(go[0]);
	read(ready[0], &c, 1);
	TRY("setpgid(child that has exec'd, 0)", setpgid(pid, 0));
	TRY("setpgid(child that has exec'd, its own group)", setpgid(pid, getpid()));
	write(go[1], "g", 1);
	close(go[1]);
	waitpid(pid, NULL, 0);
}

// A zombie still holds its group: the group may be joined until the zombie is reaped.
static void zombie_group(void)
{
	struct kid j = spawn(NULL);
	pid_t z = zombie(become_leader);

	TRY("setpgid(child, group of an unreaped zombie)", setpgid(j.pid, z) == 0 ? 0 : -1);
	printf("child in the zombie's group: %s\n", yes(getpgid(j.pid) == z));
	waitpid(z, NULL, 0);
	setpgid(j.pid, getpid());
	TRY("setpgid(child, the zombie's group once reaped)", setpgid(j.pid, z));
	finish(j);
}

// setsid: a group leader may not; neither may a process whose pid names a group
// it has left, while that group has a member, even a zombie.
static void setsid_rules(void)
{
	struct kid l = spawn(become_leader);
	int st;
	pid_t pid;

	finish(l);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		pid_t gc;
		int p[2];
		char c;

		setpgid(0, 0);
		TRY("  child: setsid as group leader", setsid());
		pipe(p);
		block_sigchld();
		fflush(stdout);
		gc = fork();
		if (gc == 0) {
			read(p[0], &c, 1);
			_exit(0);
		}
		setpgid(0, getppid());	// leave the group; the grandchild stays in it
		TRY("  child: setsid while its group lives on", setsid());
		write(p[1], "g", 1);
		await_zombie(gc);
		TRY("  child: setsid while a zombie is in it", setsid());
		waitpid(gc, NULL, 0);
		pid_t s = setsid();
		printf("  child: setsid once it is reaped: %s\n", yes(s == getpid()));
		printf("  child: leads session and group: %s %s\n", yes(getsid(0) == s),
		       yes(getpgid(0) == s));
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, &st, 0);
}

static void driver(void)
{
	basics();
	child_groups();
	other_session();
	after_exec();
	zombie_group();
	setsid_rules();
}

int main(int argc, char **argv)
{
	self = argv[0];
	if (argc > 1 && strcmp(argv[1], "wait") == 0)
		return exec_child(argv);
	return run_in_session(driver);
}
