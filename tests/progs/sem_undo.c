// sem_undo: SEM_UNDO - what a process did with it is taken back when it exits
// (however it exits), clamped to 0..SEMVMX if others changed the value meanwhile;
// the adjustment is limited to -32768..32767 (ERANGE); SETVAL and SETALL clear it;
// IPC_RMID drops it; a forked child starts with none; clone(CLONE_SYSVSEM) shares
// the records, applied when the last sharer exits; a sleeper may be served by an undo.
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

static int id;
static int go[2], done[2];	// parent -> child, child -> parent

static int op(int n, int v, int flags)
{
	struct sembuf s = { n, v, flags };
	return semop(id, &s, 1);
}

static void show(const char *what)
{
	printf("%s: %d %d\n", what, semctl(id, 0, GETVAL), semctl(id, 1, GETVAL));
}

static void setall(int a, int b)
{
	unsigned short v[2] = { a, b };
	semctl(id, 0, SETALL, (union semun){ .array = v });
}

// Runs fn in a child, which then waits for a byte on go before it exits.
static pid_t child(void (*fn)(void))
{
	pid_t pid;
	char c;

	fflush(stdout);
	if ((pid = fork()) == 0) {
		fn();
		write(done[1], "x", 1);
		read(go[0], &c, 1);
		_exit(0);
	}
	read(done[0], &c, 1);
	return pid;
}

static void finish(pid_t pid)
{
	write(go[1], "x", 1);
	waitpid(pid, NULL, 0);
}

static void plus3(void)
{
	op(0, 3, SEM_UNDO);
}

static void minus1(void)
{
	op(0, -1, SEM_UNDO);
}

static void plus2_minus1(void)
{
	struct sembuf s[2] = { { 0, 2, SEM_UNDO }, { 1, -1, 0 } };
	semop(id, s, 2);
}

static void twice(void)
{
	op(0, 2, SEM_UNDO);
	op(0, 2, SEM_UNDO);
	op(1, 1, SEM_UNDO);
}

static void basics(void)
{
	pid_t pid;

	setall(0, 0);
	pid = child(plus3);
	show("child did +3 with SEM_UNDO");
	finish(pid);
	show("child exited");

	setall(5, 0);
	pid = child(minus1);
	show("child did -1 with SEM_UNDO");
	finish(pid);
	show("child exited");

	setall(0, 4);
	pid = child(plus2_minus1);
	show("child did +2 (SEM_UNDO) on 0, -1 (none) on 1");
	finish(pid);
	show("child exited: only the +2 undone");

	setall(0, 0);
	pid = child(twice);
	show("child did +2, +2 on 0 and +1 on 1, all SEM_UNDO");
	finish(pid);
	show("child exited");
	printf("GETPID is the child's: %s\n", yes(semctl(id, 0, GETPID) == pid));
}

static void killed(void)
{
	pid_t pid;

	setall(0, 0);
	fflush(stdout);
	if ((pid = fork()) == 0) {
		op(0, 7, SEM_UNDO);
		write(done[1], "x", 1);
		pause();
		_exit(0);
	}
	read(done[0], &(char){ 0 }, 1);
	show("child did +7, then pause");
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	show("child killed");
}

static void clamped(void)
{
	pid_t pid;

	setall(0, 0);
	pid = child(plus3);
	op(0, -3, 0);
	show("child did +3 with SEM_UNDO, we took the 3");
	finish(pid);
	show("child exited: -3 clamped at 0");

	setall(3, 0);
	pid = child(minus1);
	op(0, 32767 - 2, 0);
	show("child did -1 with SEM_UNDO, we brought it to 32767");
	finish(pid);
	show("child exited: +1 clamped at 32767");
}

static void setval_clears(void)
{
	pid_t pid;

	setall(0, 0);
	pid = child(twice);
	semctl(id, 0, SETVAL, (union semun){ .val = 10 });
	show("child did its SEM_UNDO ops, we SETVAL 0 to 10");
	finish(pid);
	show("child exited: 0's adjustment was cleared, 1's undone");

	setall(0, 0);
	pid = child(twice);
	setall(10, 10);
	show("child did its SEM_UNDO ops, we SETALL 10 10");
	finish(pid);
	show("child exited: all cleared");
}

static void range(void)
{
	setall(0, 0);
	fflush(stdout);
	if (fork() == 0) {
		TRY("+32767 with SEM_UNDO (adjustment -32767)", op(0, 32767, SEM_UNDO));
		TRY("-32767 without", op(0, -32767, 0));
		TRY("+1 with SEM_UNDO (adjustment -32768)", op(0, 1, SEM_UNDO));
		TRY("-1 without", op(0, -1, 0));
		TRY("+1 with SEM_UNDO (adjustment -32769): ERANGE", op(0, 1, SEM_UNDO));
		TRY("+1 without", op(0, 1, 0));
		TRY("-1 with SEM_UNDO (adjustment -32767)", op(0, -1, SEM_UNDO));
		struct sembuf s[2] = { { 1, 1, 0 }, { 0, 2, SEM_UNDO } };
		TRY("+1 on 1, then +2 with SEM_UNDO on 0 (-32769): nothing done", semop(id, s, 2));
		show("values");
		_exit(0);
	}
	wait(NULL);
	show("child exited: +32767 taken back (clamped at 0)");
}

static void removed(void)
{
	pid_t pid;
	int old = id;

	setall(0, 0);
	pid = child(plus3);
	semctl(id, 0, IPC_RMID);
	id = semget(IPC_PRIVATE, 2, 0600);
	printf("removed the set under the child's record; a new set: %s\n",
	       yes(id != old));
	finish(pid);
	show("child exited: the new set untouched");
}

static void forked(void)
{
	setall(0, 0);
	fflush(stdout);
	if (fork() == 0) {
		op(0, 5, SEM_UNDO);
		fflush(stdout);
		if (fork() == 0) {
			op(0, 1, SEM_UNDO);
			_exit(0);	// undoes its own +1 only
		}
		wait(NULL);
		show("grandchild exited");
		_exit(0);
	}
	wait(NULL);
	show("child exited");
}

static void sysvsem(void)
{
	setall(0, 0);
	fflush(stdout);
	if (fork() == 0) {
		op(0, 5, SEM_UNDO);
		fflush(stdout);
		// A fork that shares our SEM_UNDO records.
		if (syscall(SYS_clone, CLONE_SYSVSEM | SIGCHLD, 0, 0, 0, 0) == 0) {
			op(0, 2, SEM_UNDO);
			op(1, 4, SEM_UNDO);
			_exit(0);	// we still share them: nothing is undone
		}
		wait(NULL);
		show("CLONE_SYSVSEM child exited");
		_exit(0);		// the last sharer: everything is undone
	}
	wait(NULL);
	show("parent of the two exited");
}

static void serves(void)
{
	pid_t pid;
	int r;

	setall(1, 0);
	pid = child(minus1);
	fflush(stdout);
	if (fork() == 0) {
		r = op(0, -1, 0);	// sleeps until the child's undo gives 1 back
		printf("sleeper: %s\n", r < 0 ? ename(errno) : "ok");
		_exit(0);
	}
	for (long long end = now_ms() + 5000; semctl(id, 0, GETNCNT) != 1 && now_ms() < end;)
		usleep(1000);
	show("a sleeper waits for -1");
	finish(pid);
	wait(NULL);
	show("the child's exit undid its -1, which served the sleeper");
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	pipe(go);
	pipe(done);
	id = semget(IPC_PRIVATE, 2, 0600);
	basics();
	killed();
	clamped();
	setval_clears();
	range();
	removed();
	forked();
	sysvsem();
	serves();
	semctl(id, 0, IPC_RMID);
	return 0;
}
