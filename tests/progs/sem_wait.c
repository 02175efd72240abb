// sem_wait: semop(2) that sleeps - woken by a change, by a signal (EINTR, even with
// SA_RESTART), by IPC_RMID (EIDRM), by a timeout (EAGAIN); wait-for-zero; and the
// order sleepers are served in: oldest first, each one's operations done for it
// when they can all go, retried after every change (no starvation protection:
// a small request behind a big one goes first).  Each child reports through a
// pipe when its semop returns; the parent waits for GETNCNT/GETZCNT to show a
// sleeper before it goes on, so the order is the same on every kernel.
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

static int pipefd[2];
static int nchildren;

static void on_usr1(int sig)
{
}

// A child sleeping in semop(ops): it reports "name: ok" or "name: ENAME".
static void sleeper(const char *name, int id, struct sembuf *ops, int n,
		    const struct timespec *timeout)
{
	fflush(stdout);
	if (fork() == 0) {
		int r = timeout ? semtimedop(id, ops, n, timeout) : semop(id, ops, n);
		dprintf(pipefd[1], "%s: %s\n", name, r < 0 ? ename(errno) : "ok");
		_exit(0);
	}
	nchildren++;
}

// Waits until cmd (GETNCNT, GETZCNT) of semaphore n shows count sleepers.  A
// count that does not come in 5 s (a sleeper that did not sleep, or was not
// woken) ends the program: every later step would wait for it too.
static void wait_count(int id, int n, int cmd, int count)
{
	long long end = now_ms() + 5000;
	int got;

	while ((got = semctl(id, n, cmd)) != count && now_ms() < end)
		usleep(1000);
	printf("  %s of %d: %d\n", cmd == GETNCNT ? "GETNCNT" : "GETZCNT", n, got);
	if (got != count) {
		printf("  not %d after 5 s: giving up\n", count);
		semctl(id, 0, IPC_RMID);
		exit(1);
	}
}

// One report from the pipe, printed.
static void report(void)
{
	char line[128];
	int n = 0;

	while (n < (int)sizeof(line) - 1 && read(pipefd[0], line + n, 1) == 1 &&
	       line[n] != '\n')
		n++;
	line[n] = 0;
	printf("  woke: %s\n", line);
}

// count reports, printed in sorted order (they may come in any order).
static void reports(int count)
{
	char lines[8][128];

	for (int k = 0; k < count; k++) {
		int n = 0;

		while (n < 127 && read(pipefd[0], lines[k] + n, 1) == 1 && lines[k][n] != '\n')
			n++;
		lines[k][n] = 0;
	}
	for (int i = 0; i < count; i++)
		for (int j = i + 1; j < count; j++)
			if (strcmp(lines[i], lines[j]) > 0) {
				char t[128];
				strcpy(t, lines[i]);
				strcpy(lines[i], lines[j]);
				strcpy(lines[j], t);
			}
	for (int k = 0; k < count; k++)
		printf("  woke: %s\n", lines[k]);
}

static void reap(void)
{
	while (nchildren > 0 && wait(NULL) > 0)
		nchildren--;
}

static void add(int id, int n, int v)
{
	struct sembuf s = { n, v, 0 };

	if (semop(id, &s, 1) < 0)
		printf("  semop %d on %d: %s\n", v, n, ename(errno));
}

static void show(int id, int nsems)
{
	printf("  values:");
	for (int i = 0; i < nsems; i++)
		printf(" %d", semctl(id, i, GETVAL));
	printf("\n");
}

static void basic(void)
{
	int id = semget(IPC_PRIVATE, 1, 0600);

	printf("a sleeper woken by +1\n");
	sleeper("-1", id, (struct sembuf[]){ { 0, -1, 0 } }, 1, NULL);
	wait_count(id, 0, GETNCNT, 1);
	add(id, 0, 1);
	report();
	show(id, 1);
	printf("  GETPID is the sleeper's, not ours: %s\n",
	       yes(semctl(id, 0, GETPID) != getpid()));
	reap();

	printf("three wait for zero; -1 then -1\n");
	add(id, 0, 2);
	for (int i = 0; i < 3; i++)
		sleeper("zero", id, (struct sembuf[]){ { 0, 0, 0 } }, 1, NULL);
	wait_count(id, 0, GETZCNT, 3);
	add(id, 0, -1);
	usleep(20000);
	wait_count(id, 0, GETZCNT, 3);
	add(id, 0, -1);
	reports(3);
	wait_count(id, 0, GETZCNT, 0);
	reap();
	semctl(id, 0, IPC_RMID);
}

static void interrupted(void)
{
	int id = semget(IPC_PRIVATE, 2, 0600);
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = SA_RESTART };
	pid_t pid;

	printf("a signal with an SA_RESTART handler: EINTR\n");
	sigaction(SIGUSR1, &sa, NULL);
	fflush(stdout);
	if ((pid = fork()) == 0) {
		struct sembuf s = { 0, -1, 0 };
		int r = semop(id, &s, 1);
		dprintf(pipefd[1], "semop: %s\n", r < 0 ? ename(errno) : "ok");
		r = semtimedop(id, &s, 1, &(struct timespec){ 30, 0 });
		dprintf(pipefd[1], "semtimedop: %s\n", r < 0 ? ename(errno) : "ok");
		_exit(0);
	}
	nchildren++;
	wait_count(id, 0, GETNCNT, 1);
	kill(pid, SIGUSR1);
	report();
	wait_count(id, 0, GETNCNT, 1);
	kill(pid, SIGUSR1);
	report();
	wait_count(id, 0, GETNCNT, 0);
	show(id, 2);
	reap();

	printf("IPC_RMID wakes every sleeper with EIDRM\n");
	sleeper("-1 on 0", id, (struct sembuf[]){ { 0, -1, 0 } }, 1, NULL);
	wait_count(id, 0, GETNCNT, 1);
	add(id, 1, 1);
	sleeper("zero on 1", id, (struct sembuf[]){ { 1, 0, 0 } }, 1, NULL);
	wait_count(id, 1, GETZCNT, 1);
	sleeper("-1 on 0 and zero on 1", id, (struct sembuf[]){ { 0, -1, 0 }, { 1, 0, 0 } }, 2,
		NULL);
	wait_count(id, 0, GETNCNT, 2);
	TRY("  IPC_RMID", semctl(id, 0, IPC_RMID));
	reports(3);
	reap();

	printf("a timeout: EAGAIN\n");
	id = semget(IPC_PRIVATE, 1, 0600);
	sleeper("semtimedop 50 ms", id, (struct sembuf[]){ { 0, -1, 0 } }, 1,
		&(struct timespec){ 0, 50000000 });
	report();
	wait_count(id, 0, GETNCNT, 0);
	reap();
	semctl(id, 0, IPC_RMID);
}

static void order(void)
{
	int id = semget(IPC_PRIVATE, 2, 0600);
	char name[16];

	printf("five sleepers on -1, then five +1: oldest first\n");
	for (int i = 0; i < 5; i++) {
		snprintf(name, sizeof(name), "sleeper %d", i);
		sleeper(name, id, (struct sembuf[]){ { 0, -1, 0 } }, 1, NULL);
		wait_count(id, 0, GETNCNT, i + 1);
	}
	for (int i = 0; i < 5; i++) {
		add(id, 0, 1);
		report();
	}
	reap();

	printf("-2 sleeps first, then -1: +1 goes to the -1 (no starvation protection)\n");
	sleeper("-2", id, (struct sembuf[]){ { 0, -2, 0 } }, 1, NULL);
	wait_count(id, 0, GETNCNT, 1);
	sleeper("-1", id, (struct sembuf[]){ { 0, -1, 0 } }, 1, NULL);
	wait_count(id, 0, GETNCNT, 2);
	add(id, 0, 1);
	report();
	add(id, 0, 1);
	wait_count(id, 0, GETNCNT, 1);
	show(id, 2);
	add(id, 0, 1);
	report();
	show(id, 2);
	reap();

	printf("+3 serves two -1 sleepers at once and leaves 1\n");
	sleeper("first -1", id, (struct sembuf[]){ { 0, -1, 0 } }, 1, NULL);
	wait_count(id, 0, GETNCNT, 1);
	sleeper("second -1", id, (struct sembuf[]){ { 0, -1, 0 } }, 1, NULL);
	wait_count(id, 0, GETNCNT, 2);
	add(id, 0, 3);
	reports(2);
	show(id, 2);
	add(id, 0, -1);
	reap();

	printf("two semaphores: a sleeper waits on the first operation that cannot go\n");
	sleeper("-1 on 0 and -1 on 1", id, (struct sembuf[]){ { 0, -1, 0 }, { 1, -1, 0 } }, 2,
		NULL);
	wait_count(id, 0, GETNCNT, 1);
	wait_count(id, 1, GETNCNT, 0);
	sleeper("-1 on 0", id, (struct sembuf[]){ { 0, -1, 0 } }, 1, NULL);
	wait_count(id, 0, GETNCNT, 2);
	add(id, 1, 1);		// the first still waits on 0
	wait_count(id, 0, GETNCNT, 2);
	add(id, 0, 1);		// the first takes both
	report();
	show(id, 2);
	add(id, 0, 1);
	report();
	reap();

	printf("the first sleeper, served, now waits on its second operation\n");
	sleeper("-1 on 0 and -1 on 1", id, (struct sembuf[]){ { 0, -1, 0 }, { 1, -1, 0 } }, 2,
		NULL);
	wait_count(id, 0, GETNCNT, 1);
	add(id, 0, 1);
	wait_count(id, 0, GETNCNT, 0);
	wait_count(id, 1, GETNCNT, 1);
	sleeper("-1 on 0", id, (struct sembuf[]){ { 0, -1, 0 } }, 1, NULL);
	report();	// the newer -1 on 0 takes the 1 the older one could not
	add(id, 0, 1);
	add(id, 1, 1);
	report();
	show(id, 2);
	reap();
	semctl(id, 0, IPC_RMID);
}

static void retried(void)
{
	int id = semget(IPC_PRIVATE, 2, 0600);
	union semun arg = { .val = 32767 };

	printf("a sleeper whose operations fail when retried gets the error\n");
	semctl(id, 1, SETVAL, arg);
	sleeper("-1 on 0, +1 on 1 (32767)", id, (struct sembuf[]){ { 0, -1, 0 }, { 1, 1, 0 } }, 2,
		NULL);
	wait_count(id, 0, GETNCNT, 1);
	add(id, 0, 1);
	report();
	show(id, 2);
	arg.val = 1;
	semctl(id, 1, SETVAL, arg);
	sleeper("-2 on 0, -1 on 1 IPC_NOWAIT", id,
		(struct sembuf[]){ { 0, -2, 0 }, { 1, -1, IPC_NOWAIT } }, 2, NULL);
	wait_count(id, 0, GETNCNT, 1);
	add(id, 1, -1);
	add(id, 0, 2);
	report();
	show(id, 2);
	reap();

	printf("SETVAL and SETALL serve sleepers too\n");
	arg.val = 0;
	semctl(id, 0, SETVAL, arg);
	sleeper("-3 on 0", id, (struct sembuf[]){ { 0, -3, 0 } }, 1, NULL);
	wait_count(id, 0, GETNCNT, 1);
	arg.val = 3;
	semctl(id, 0, SETVAL, arg);
	report();
	arg.val = 4;
	semctl(id, 1, SETVAL, arg);
	sleeper("zero on 1", id, (struct sembuf[]){ { 1, 0, 0 } }, 1, NULL);
	wait_count(id, 1, GETZCNT, 1);
	unsigned short v[2] = { 0, 0 };
	arg.array = v;
	semctl(id, 0, SETALL, arg);
	report();
	show(id, 2);
	reap();
	semctl(id, 0, IPC_RMID);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	pipe(pipefd);
	basic();
	interrupted();
	order();
	retried();
	return 0;
}
