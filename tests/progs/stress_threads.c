// stress_threads: 6 processes of 6 threads each contend for one process-shared mutex in
// a System V segment, each process's threads also for a private one, and for a
// process-shared semaphore; threads come and go (pthread_create and join in rounds,
// and detached ones that exit ends). No increment may be lost, and afterwards no task and (on shmos) no
// page is left over: the free memory and the task count are back.
// timeout: 180
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>
#include "freeram.h"

#define NPROC	6
#define NTHR	6
#define ROUNDS	3
#define ITERS	300

struct shared {
	pthread_mutex_t lock;
	sem_t sem;
	long counter;		// under lock
	long sem_counter;	// under sem
};

static struct shared *sh;
static pthread_mutex_t private_lock = PTHREAD_MUTEX_INITIALIZER;
static long private_counter;

static void *work(void *arg)
{
	for (int i = 0; i < ITERS; i++) {
		pthread_mutex_lock(&sh->lock);
		sh->counter++;
		if (i % 64 == 0)
			sched_yield();
		pthread_mutex_unlock(&sh->lock);
		pthread_mutex_lock(&private_lock);
		private_counter++;
		pthread_mutex_unlock(&private_lock);
		sem_wait(&sh->sem);
		sh->sem_counter++;
		sem_post(&sh->sem);
	}
	return NULL;
}

static void *work_private(void *arg)
{
	for (;;) {
		pthread_mutex_lock(&private_lock);
		private_counter++;
		pthread_mutex_unlock(&private_lock);
		sched_yield();
	}
	return NULL;
}

static int process(void)
{
	pthread_t t[NTHR];
	pthread_attr_t detached;

	pthread_attr_init(&detached);
	pthread_attr_setdetachstate(&detached, PTHREAD_CREATE_DETACHED);
	for (int r = 0; r < ROUNDS; r++) {
		for (int i = 0; i < NTHR; i++)
			pthread_create(&t[i], NULL, work, NULL);
		for (int i = 0; i < NTHR; i++)
			pthread_join(t[i], NULL);
	}
	// Detached ones too, which exit ends (they hold nothing another process needs).
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], &detached, work_private, NULL);
	usleep(1000);
	return private_counter >= (long)ROUNDS * NTHR * ITERS ? 0 : 1;
}

static const char *yes_no(int ok)
{
	return ok ? "yes" : "no";
}

int main(void)
{
	pthread_mutexattr_t ma;
	int id, ok = 0;
	long total;
	unsigned long long ram0;
	int procs0;

	setvbuf(stdout, NULL, _IONBF, 0);
	grow_stack();
	procs0 = count_procs();
	ram0 = freeram();
	id = shmget(IPC_PRIVATE, sizeof(*sh), IPC_CREAT | 0600);
	sh = shmat(id, NULL, 0);
	shmctl(id, IPC_RMID, NULL);
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&sh->lock, &ma);
	sem_init(&sh->sem, 1, 1);
	for (int i = 0; i < NPROC; i++)
		if (fork() == 0)
			_exit(process());
	for (int i = 0; i < NPROC; i++) {
		int st;

		if (wait(&st) > 0)
			ok += WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	total = (long)NPROC * ROUNDS * NTHR * ITERS;
	printf("processes ok: %d of %d\n", ok, NPROC);
	printf("shared counter: %s\n", sh->counter == total ? "no increment lost" : "wrong");
	printf("semaphore counter: %s\n", sh->sem_counter == total ? "no increment lost" : "wrong");
	shmdt(sh);
	printf("no child left: %s\n", yes_no(waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD));
	// Only on shmos is this program alone: its tasks must be all gone.
	printf("tasks back: %s\n", !on_shmos() || count_procs() == procs0 ? "yes" : "no");
	freeram_back(ram0);
	return 0;
}
