// smp_timed_storm: timed waits that end every way at once, on every CPU. Threads of two
// processes wait, over and over, with timeouts of a few hundred microseconds (each an
// hrtimer of its CPU's): FUTEX_WAIT with a relative timeout and FUTEX_WAIT_BITSET with
// an absolute one on words of a shared segment, semtimedop on a System V semaphore,
// sem_timedwait on a process-shared POSIX semaphore, and nanosleep; while other threads
// wake the futexes, post the semaphores and send the waiters signals (a handler with
// SA_RESTART). So a timer may expire on one CPU while the wait it belongs to is ended on
// another by a wake or a signal. Each wait must end with one of the answers Linux gives
// for it (0, ETIMEDOUT, EAGAIN, EINTR), each thread must finish, and nothing is left.
// cpus: 4
// timeout: 120
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "freeram.h"

#define NPROC	2
#define NWAIT	4	/* waiting threads in each process */
#define WAITS	300	/* waits of each waiting thread */
#define NKIND	5

struct shared {
	unsigned words[2];	/* futex words: waited on with their value, 0 */
	sem_t sem;
	unsigned waiters_done;
	unsigned wrong;		/* a wait that ended with another answer */
	unsigned ends[NKIND][4];	/* how each kind ended: 0, ETIMEDOUT, EAGAIN, EINTR */
};

static struct shared *s;
static int semid;
static pid_t tids[NWAIT];

static void handler(int sig)
{
	(void)sig;
}

static long futex(unsigned *w, int op, unsigned val, const struct timespec *ts)
{
	return syscall(SYS_futex, w, op, val, ts, NULL, FUTEX_BITSET_MATCH_ANY);
}

/* 0 to 500 microseconds */
static struct timespec short_time(unsigned *seed)
{
	struct timespec ts = { 0, (rand_r(seed) % 500) * 1000 };

	return ts;
}

static struct timespec from_now(clockid_t clk, struct timespec d)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	ts.tv_nsec += d.tv_nsec;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	return ts;
}

/* One timed wait of kind k; 0 or the errno. */
static int timed_wait(int k, unsigned *seed)
{
	struct timespec d = short_time(seed), abs;
	struct sembuf down = { 0, -1, 0 };
	int r = 0;

	switch (k) {
	case 0:
		r = futex(&s->words[0], FUTEX_WAIT, 0, &d);
		break;
	case 1:
		abs = from_now(CLOCK_MONOTONIC, d);
		r = futex(&s->words[1], FUTEX_WAIT_BITSET, 0, &abs);
		break;
	case 2:
		r = semtimedop(semid, &down, 1, &d);
		break;
	case 3:
		abs = from_now(CLOCK_REALTIME, d);
		r = sem_timedwait(&s->sem, &abs);
		break;
	default:
		r = nanosleep(&d, NULL);
		break;
	}
	return r < 0 ? errno : 0;
}

static int end_index(int e)
{
	return e == 0 ? 0 : e == ETIMEDOUT ? 1 : e == EAGAIN ? 2 : e == EINTR ? 3 : -1;
}

static void *waiter(void *arg)
{
	unsigned seed = (long)arg;

	tids[(long)arg % NWAIT] = syscall(SYS_gettid);
	for (int i = 0; i < WAITS; i++) {
		int k = i % NKIND, e = timed_wait(k, &seed), x = end_index(e);

		if (x < 0)
			__atomic_fetch_add(&s->wrong, 1, __ATOMIC_RELAXED);
		else
			__atomic_fetch_add(&s->ends[k][x], 1, __ATOMIC_RELAXED);
	}
	__atomic_fetch_add(&s->waiters_done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

/* Wakes, posts and signals at random until every waiter of every process is done. */
static void *disturber(void *arg)
{
	struct sembuf up = { 0, 1, IPC_NOWAIT };
	unsigned seed = (long)arg;
	struct timespec nap = { 0, 50000 };

	while (__atomic_load_n(&s->waiters_done, __ATOMIC_SEQ_CST) < NPROC * NWAIT) {
		switch (rand_r(&seed) % 4) {
		case 0:
			futex(&s->words[rand_r(&seed) % 2], FUTEX_WAKE, 1 + rand_r(&seed) % 3, NULL);
			break;
		case 1:
			if (semctl(semid, 0, GETVAL) < 4)
				semop(semid, &up, 1);
			break;
		case 2: {
			int v;

			if (sem_getvalue(&s->sem, &v) == 0 && v < 4)
				sem_post(&s->sem);
			break;
		}
		default: {
			pid_t t = tids[rand_r(&seed) % NWAIT];

			if (t)	/* ESRCH once it has ended */
				syscall(SYS_tgkill, getpid(), t, SIGUSR1);
		}
		}
		nanosleep(&nap, NULL);
	}
	return NULL;
}

static int process(int p)
{
	struct sigaction sa = { .sa_handler = handler, .sa_flags = SA_RESTART };
	pthread_t w[NWAIT], d;

	sigaction(SIGUSR1, &sa, NULL);
	for (long t = 0; t < NWAIT; t++)
		pthread_create(&w[t], NULL, waiter, (void *)(p * NWAIT + t));
	pthread_create(&d, NULL, disturber, (void *)(long)(100 + p));
	for (int t = 0; t < NWAIT; t++)
		pthread_join(w[t], NULL);
	pthread_join(d, NULL);
	return 0;
}

static int body(void)
{
	static const char *const kind[NKIND] = {
		"FUTEX_WAIT", "FUTEX_WAIT_BITSET", "semtimedop", "sem_timedwait", "nanosleep",
	};
	pid_t pid[NPROC];
	int shmid = shmget(IPC_PRIVATE, sizeof(*s), IPC_CREAT | 0600), ok = 1;

	semid = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	if (shmid < 0 || semid < 0 || (s = shmat(shmid, NULL, 0)) == (void *)-1) {
		perror("setup");
		return 1;
	}
	shmctl(shmid, IPC_RMID, NULL);	/* gone with the last detach */
	sem_init(&s->sem, 1, 0);
	for (int p = 0; p < NPROC; p++)
		if ((pid[p] = fork()) == 0)
			_exit(process(p));
	for (int p = 0; p < NPROC; p++) {
		int st;

		waitpid(pid[p], &st, 0);
		ok &= WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	printf("processes: %d, each %d waiters of %d waits: all done: %s\n", NPROC, NWAIT, WAITS,
	       ok && s->waiters_done == NPROC * NWAIT ? "yes" : "no");
	for (int k = 0; k < NKIND; k++) {
		unsigned n = 0;

		for (int x = 0; x < 4; x++)
			n += s->ends[k][x];
		printf("%s: %u ended as Linux ends it\n", kind[k], n);
	}
	printf("other answers: %u\n", s->wrong);
	printf("removed: %s\n", semctl(semid, 0, IPC_RMID) == 0 && shmdt(s) == 0 ? "yes" : "no");
	return 0;
}

int main(void)
{
	return measured_shm(body);
}
