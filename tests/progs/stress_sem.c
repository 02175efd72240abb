// stress_sem: many processes contending for System V semaphores.
//  - 16 processes take a mutex (SEM_UNDO) 300 times each to add to a counter in a
//    shm segment, yielding inside: no increment may be lost;
//  - a bounded buffer of 8 slots: 4 producers and 4 consumers move 4000 numbers
//    through it with "empty" and "full" semaphores and a mutex: every number arrives
//    once;
//  - 12 processes take two of three resources at once (one semop), some with
//    IPC_NOWAIT or a short timeout, retrying: the resources come back whole;
//  - 8 processes sleep on a set while it is removed (EIDRM), 8 hold the mutex with
//    SEM_UNDO and are killed (the mutex comes back);
// then everything is removed: no set is left (SEM_INFO), and on shmos the free
// memory is what it was.
// timeout: 240
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
	struct seminfo *__buf;
};

#define NMUTEX 16
#define ROUNDS 300
#define NSLOTS 8
#define ITEMS 4000
#define NPROD 4
#define NRES 12

struct shared {
	long counter;
	int ring[NSLOTS];
	int head, tail;
	long sum_in, sum_out;
	int count_out;
};

static int op(int id, int n, int v, int flags)
{
	struct sembuf s = { n, v, flags };
	int r;

	while ((r = semop(id, &s, 1)) < 0 && errno == EINTR)
		;
	return r;
}

static void wait_all(int n)
{
	int st, bad = 0;

	for (int i = 0; i < n; i++)
		if (wait(&st) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
			bad++;
	printf("  children failed: %d\n", bad);
}

static void mutex(struct shared *sh)
{
	int id = semget(IPC_PRIVATE, 1, 0600);

	semctl(id, 0, SETVAL, (union semun){ .val = 1 });
	printf("%d processes x %d rounds through a mutex\n", NMUTEX, ROUNDS);
	for (int p = 0; p < NMUTEX; p++) {
		if (fork() == 0) {
			for (int i = 0; i < ROUNDS; i++) {
				if (op(id, 0, -1, SEM_UNDO) < 0)
					_exit(1);
				long c = sh->counter;
				if (i % 7 == p % 7)
					sched_yield();
				sh->counter = c + 1;
				if (op(id, 0, 1, SEM_UNDO) < 0)
					_exit(1);
			}
			_exit(0);
		}
	}
	wait_all(NMUTEX);
	printf("  counter %ld (%d expected), mutex %d\n", sh->counter, NMUTEX * ROUNDS,
	       semctl(id, 0, GETVAL));
	semctl(id, 0, IPC_RMID);
}

enum { EMPTY, FULL, LOCK };

static void bounded_buffer(struct shared *sh)
{
	int id = semget(IPC_PRIVATE, 3, 0600);
	unsigned short init[3] = { NSLOTS, 0, 1 };

	semctl(id, 0, SETALL, (union semun){ .array = init });
	printf("a bounded buffer of %d: %d producers, %d consumers, %d items\n", NSLOTS, NPROD,
	       NPROD, ITEMS);
	for (int p = 0; p < NPROD; p++) {
		if (fork() == 0) {
			for (int i = p; i < ITEMS; i += NPROD) {
				op(id, EMPTY, -1, 0);
				op(id, LOCK, -1, 0);
				sh->ring[sh->head] = i;
				sh->head = (sh->head + 1) % NSLOTS;
				sh->sum_in += i;
				op(id, LOCK, 1, 0);
				op(id, FULL, 1, 0);
			}
			_exit(0);
		}
		if (fork() == 0) {
			for (int i = 0; i < ITEMS / NPROD; i++) {
				struct sembuf take[2] = { { FULL, -1, 0 }, { LOCK, -1, 0 } };
				while (semop(id, take, 2) < 0)	// both at once
					if (errno != EINTR)
						_exit(1);
				int v = sh->ring[sh->tail];
				sh->tail = (sh->tail + 1) % NSLOTS;
				sh->sum_out += v;
				sh->count_out++;
				if (i % 5 == 0)
					sched_yield();
				struct sembuf give[2] = { { LOCK, 1, 0 }, { EMPTY, 1, 0 } };
				semop(id, give, 2);
			}
			_exit(0);
		}
	}
	wait_all(2 * NPROD);
	printf("  items out %d, sums equal: %s, empty %d full %d lock %d\n", sh->count_out,
	       yes(sh->sum_in == sh->sum_out && sh->sum_out == (long)ITEMS * (ITEMS - 1) / 2),
	       semctl(id, EMPTY, GETVAL), semctl(id, FULL, GETVAL), semctl(id, LOCK, GETVAL));
	semctl(id, 0, IPC_RMID);
}

static void resources(void)
{
	int id = semget(IPC_PRIVATE, 3, 0600);
	unsigned short init[3] = { 2, 2, 2 };

	semctl(id, 0, SETALL, (union semun){ .array = init });
	printf("%d processes take two of three resources at once, 200 times\n", NRES);
	for (int p = 0; p < NRES; p++) {
		if (fork() == 0) {
			uint32_t seed = p + 1;
			for (int i = 0; i < 200; i++) {
				seed = seed * 1103515245 + 12345;
				int a = seed >> 16 & 1 ? 0 : 1, b = a == 0 ? 2 : (seed >> 17 & 1) * 2;
				int mode = p % 3, flags = mode == 1 ? IPC_NOWAIT : 0;
				struct sembuf take[2] = { { a, -1, flags | SEM_UNDO },
							  { b, -1, flags | SEM_UNDO } };
				struct timespec ts = { 0, 1000000 };
				int r;
				while ((r = mode == 2 ? semtimedop(id, take, 2, &ts) :
						       semop(id, take, 2)) < 0) {
					if (errno != EAGAIN && errno != EINTR)
						_exit(1);
					sched_yield();
				}
				if (semctl(id, a, GETVAL) < 0 || semctl(id, b, GETVAL) < 0)
					_exit(1);
				struct sembuf give[2] = { { a, 1, SEM_UNDO }, { b, 1, SEM_UNDO } };
				if (semop(id, give, 2) < 0)
					_exit(1);
			}
			_exit(0);
		}
	}
	wait_all(NRES);
	printf("  resources back: %d %d %d\n", semctl(id, 0, GETVAL), semctl(id, 1, GETVAL),
	       semctl(id, 2, GETVAL));
	semctl(id, 0, IPC_RMID);
}

static void removed_and_killed(void)
{
	int id = semget(IPC_PRIVATE, 2, 0600), mutex = semget(IPC_PRIVATE, 1, 0600);
	pid_t pids[8];
	int eidrm = 0, st;

	printf("8 sleepers on a set that is removed\n");
	semctl(id, 1, SETVAL, (union semun){ .val = 1 });
	for (int p = 0; p < 8; p++) {
		if (fork() == 0) {
			struct sembuf ops[4][2] = {
				{ { 0, -1, 0 } },			// semaphore 0 is 0
				{ { 1, 0, 0 } },			// 1 is not
				{ { 0, -1, 0 }, { 1, -1, SEM_UNDO } },
				{ { 1, 0, 0 }, { 0, -1, 0 } },
			};
			int r = semop(id, ops[p % 4], p % 4 < 2 ? 1 : 2);
			_exit(r < 0 && errno == EIDRM ? 7 : 0);
		}
	}
	for (long long end = now_ms() + 10000; now_ms() < end &&
	     semctl(id, 0, GETNCNT) + semctl(id, 0, GETZCNT) + semctl(id, 1, GETNCNT) +
	     semctl(id, 1, GETZCNT) < 8;)
		usleep(1000);
	semctl(id, 0, IPC_RMID);
	for (int p = 0; p < 8; p++)
		if (wait(&st) > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 7)
			eidrm++;
	printf("  woken with EIDRM: %d\n", eidrm);

	printf("8 holders of a mutex (SEM_UNDO) killed in turn\n");
	semctl(mutex, 0, SETVAL, (union semun){ .val = 1 });
	for (int p = 0; p < 8; p++) {
		if ((pids[p] = fork()) == 0) {
			op(mutex, 0, -1, SEM_UNDO);
			pause();
			_exit(0);
		}
	}
	for (int p = 0; p < 8; p++) {
		long long end = now_ms() + 10000;

		while ((semctl(mutex, 0, GETVAL) != 0 || semctl(mutex, 0, GETNCNT) != 7 - p) &&
		       now_ms() < end)
			usleep(1000);
		if (now_ms() >= end) {
			printf("  not one holder and %d sleepers after 10 s\n", 7 - p);
			break;
		}
		// One of them holds it; kill whichever it is: the last to change it.
		pid_t holder = semctl(mutex, 0, GETPID);
		for (int q = 0; q < 8; q++)
			if (pids[q] == holder)
				pids[q] = 0;
		kill(holder, SIGKILL);
		waitpid(holder, NULL, 0);
	}
	for (int q = 0; q < 8; q++)	// those left if it gave up
		if (pids[q]) {
			kill(pids[q], SIGKILL);
			waitpid(pids[q], NULL, 0);
		}
	printf("  mutex back: %d, sleepers: %d\n", semctl(mutex, 0, GETVAL),
	       semctl(mutex, 0, GETNCNT));
	semctl(mutex, 0, IPC_RMID);
}

static unsigned long long freeram(void)
{
	struct sysinfo si;

	sysinfo(&si);
	return (unsigned long long)si.freeram * si.mem_unit;
}

// Everything runs in a child, so that the parent's own memory (page tables, VMAs,
// stdio) is the same at both measures of the free memory.
static void run(void)
{
	struct seminfo si;
	int shmid = shmget(IPC_PRIVATE, sizeof(struct shared), 0600);
	struct shared *sh = shmat(shmid, NULL, 0);

	mutex(sh);
	memset(sh, 0, sizeof(*sh));
	bounded_buffer(sh);
	resources();
	removed_and_killed();
	semctl(0, 0, SEM_INFO, (union semun){ .__buf = &si });
	printf("sets left %d, semaphores left %d\n", si.semusz, si.semaem);
	shmdt(sh);
	shmctl(shmid, IPC_RMID, NULL);
}

int main(void)
{
	struct utsname u;
	unsigned long long ram0, ram1;

	setvbuf(stdout, NULL, _IONBF, 0);
	uname(&u);
	ram0 = freeram();
	if (fork() == 0) {
		run();
		_exit(0);
	}
	wait(NULL);
	ram1 = freeram();
	if (strcmp(u.sysname, "shmos") != 0 || ram1 == ram0)
		printf("freeram back: yes\n");
	else
		printf("freeram back: no, %lld bytes lost\n", (long long)(ram0 - ram1));
	return 0;
}
