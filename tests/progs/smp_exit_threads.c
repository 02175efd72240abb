// smp_exit_threads: processes end while their threads are busy in the kernel on other
// CPUs. Each round two processes start threads that wait on futexes (a word of a shared
// segment and a private word), fault in pages (of the segment, and of fresh private
// memory), attach and detach another segment, and take a semaphore with SEM_UNDO around
// an increment; then one process calls exit_group from its main thread and the other is
// killed (SIGKILL) by its parent, both at a moment that moves from round to round. The
// semaphore must come back to 1 (each undo applied once the process is gone), the
// segments must have only the parent's attaches, and at the end no segment, semaphore,
// task or (on shmos) page is left over.
// cpus: 8
// timeout: 120
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "freeram.h"

#define ROUNDS	12
#define PAGES	16
#define PAGE	4096
#define NTHREADS	7

struct shared {
	int started;		/* threads up, of this round's processes */
	int futex_word;		/* never changes: its waiters wait until the end */
	long counter;		/* under the semaphore */
	char pad[PAGE];
	char pages[PAGES][PAGE];
};

static int shm_id, other_id, sem_id;
static struct shared *sh;
static int private_word;
static int mine_started;	/* this process's threads that are up */

static void started(void)
{
	__atomic_add_fetch(&mine_started, 1, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&sh->started, 1, __ATOMIC_SEQ_CST);
}

static void *futex_shared(void *arg)
{
	started();
	for (;;)
		syscall(SYS_futex, &sh->futex_word, FUTEX_WAIT, 0, NULL, NULL, 0);
	return NULL;
}

static void *futex_private(void *arg)
{
	started();
	for (;;)
		syscall(SYS_futex, &private_word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	return NULL;
}

static void *toucher(void *arg)
{
	started();
	for (;;) {
		char *m = mmap(NULL, PAGES * PAGE, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		for (int p = 0; p < PAGES; p++) {
			m[p * PAGE] = 1;
			__atomic_add_fetch(&sh->pages[p][0], 1, __ATOMIC_RELAXED);
		}
		munmap(m, PAGES * PAGE);
	}
	return NULL;
}

static void *attacher(void *arg)
{
	started();
	for (;;) {
		char *at = shmat(other_id, NULL, 0);

		if (at == (void *)-1)
			continue;
		for (int p = 0; p < 8; p++)
			at[p * PAGE]++;
		shmdt(at);
	}
	return NULL;
}

static void *semaphore_user(void *arg)
{
	struct sembuf down = { 0, -1, SEM_UNDO }, up = { 0, 1, SEM_UNDO };

	started();
	for (;;) {
		semop(sem_id, &down, 1);
		sh->counter++;
		semop(sem_id, &up, 1);
	}
	return NULL;
}

/* A process of a round: its threads, then exit_group after `spin` (or wait for SIGKILL). */
static void process(int spin, int killed)
{
	void *(*fn[NTHREADS])(void *) = { futex_shared, futex_private, toucher, toucher,
					  attacher, semaphore_user, semaphore_user };
	pthread_t t;

	for (int i = 0; i < NTHREADS; i++)
		pthread_create(&t, NULL, fn[i], NULL);
	while (__atomic_load_n(&mine_started, __ATOMIC_SEQ_CST) < NTHREADS)
		sched_yield();
	for (volatile int i = 0; i < spin; i++)
		;
	if (killed)
		for (;;)
			pause();
	_exit(0);
}

static int run(void)
{
	int segs0, sems0, exited = 0, killed = 0, semval_bad = 0, nattch_bad = 0;
	struct shmid_ds ds;

	segs0 = count_lines("/proc/sysvipc/shm");
	sems0 = count_lines("/proc/sysvipc/sem");
	shm_id = shmget(IPC_PRIVATE, sizeof(*sh), IPC_CREAT | 0600);
	other_id = shmget(IPC_PRIVATE, 8 * PAGE, IPC_CREAT | 0600);
	sem_id = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	semctl(sem_id, 0, SETVAL, 1);
	sh = shmat(shm_id, NULL, 0);
	for (int r = 0; r < ROUNDS; r++) {
		pid_t ender, victim;
		int st;

		sh->started = 0;
		if ((ender = fork()) == 0)
			process(r * 30000, 0);
		if ((victim = fork()) == 0)
			process(0, 1);
		while (__atomic_load_n(&sh->started, __ATOMIC_SEQ_CST) < 2 * NTHREADS)
			usleep(1000);
		usleep(r * 800);
		kill(victim, SIGKILL);
		if (waitpid(ender, &st, 0) == ender && WIFEXITED(st) && WEXITSTATUS(st) == 0)
			exited++;
		if (waitpid(victim, &st, 0) == victim && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL)
			killed++;
		semval_bad += semctl(sem_id, 0, GETVAL) != 1;
		shmctl(shm_id, IPC_STAT, &ds);
		nattch_bad += ds.shm_nattch != 1;
		shmctl(other_id, IPC_STAT, &ds);
		nattch_bad += ds.shm_nattch != 0;
	}
	printf("rounds: %d, processes that exited: %d, killed: %d\n", ROUNDS, exited, killed);
	printf("rounds whose semaphore was not back at 1: %d\n", semval_bad);
	printf("rounds with attaches left: %d\n", nattch_bad);
	printf("semaphore waiters left: %d\n", semctl(sem_id, 0, GETNCNT));
	shmdt(sh);
	shmctl(shm_id, IPC_RMID, NULL);
	shmctl(other_id, IPC_RMID, NULL);
	semctl(sem_id, 0, IPC_RMID);
	printf("segments back: %s\n", count_lines("/proc/sysvipc/shm") == segs0 ? "yes" : "no");
	printf("semaphores back: %s\n", count_lines("/proc/sysvipc/sem") == sems0 ? "yes" : "no");
	return 0;
}

int main(void)
{
	return measured(run);
}
