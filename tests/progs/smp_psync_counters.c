// smp_psync_counters: threads of several processes add to counters with glibc's and
// System V's process-shared locks, every one on every CPU at once, while a thread of each
// process moves the others from CPU to CPU (sched_setaffinity). The locks live in a POSIX
// shared memory object (shm_open, a tmpfs file mapped MAP_SHARED) that each process maps
// itself, at its own address; the counters they guard in a System V segment and in an
// anonymous MAP_SHARED mapping the fork shares. Each kind of add must give the exact
// total:
//  1. __atomic_fetch_add on the MAP_SHARED mapping, and a plain add there too, which may
//     lose adds but never make more of them;
//  2. a plain add under a PTHREAD_PROCESS_SHARED mutex;
//  3. under a PTHREAD_PRIO_INHERIT process-shared mutex (FUTEX_LOCK_PI, FUTEX_UNLOCK_PI);
//  4. under a process-shared POSIX semaphore (sem_wait, sem_post);
//  5. under a System V semaphore (semop -1 then +1, SEM_UNDO).
// Then a holder dies: a child takes a robust mutex and a robust PI mutex and is killed
// while threads of two other processes wait for them; exactly one waiter of each gets
// EOWNERDEAD, makes it consistent, and every other waiter then gets it in turn.
// At the end no segment, semaphore, task or (on shmos) page is left over.
// cpus: 4
// timeout: 120
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "freeram.h"

#define NPROC	3
#define NTHR	3
#define NWORK	(NPROC * NTHR)
#define ATOMIC_ADDS	20000
#define LOCKED_ADDS	1000
#define SHM_NAME	"/smp_psync_counters"

/* The locks, in the POSIX shm object. */
struct locks {
	pthread_mutex_t mutex;
	pthread_mutex_t pi_mutex;
	sem_t sem;
	pthread_mutex_t robust;		/* the holder dies with it */
	pthread_mutex_t robust_pi;
	unsigned go;			/* workers ready: all start at once */
	unsigned done;			/* workers finished: the movers stop */
	unsigned errors;		/* a lock call that failed */
	unsigned dead_seen[2];		/* EOWNERDEAD, for robust and robust_pi */
	unsigned taken[2];		/* the robust locks taken after the death */
};

/* The counters under the locks, in the System V segment. */
struct counts {
	unsigned mutex_count, pi_count, sem_count, sysv_count;
};

/* In the anonymous MAP_SHARED mapping. */
struct free_counts {
	unsigned atomic_count, plain_count;
};

static int shmid, semid;
static struct free_counts *fc;
static struct locks *lk;
static struct counts *ct;
static pid_t tids[NTHR];

static void error(void)
{
	__atomic_fetch_add(&lk->errors, 1, __ATOMIC_RELAXED);
}

static void sysv_add(void)
{
	struct sembuf down = { 0, -1, SEM_UNDO }, up = { 0, 1, SEM_UNDO };

	while (semop(semid, &down, 1) < 0)
		if (errno != EINTR) {
			error();
			return;
		}
	ct->sysv_count++;
	if (semop(semid, &up, 1) < 0)
		error();
}

static void locked_adds(void)
{
	for (int i = 0; i < LOCKED_ADDS; i++) {
		if (pthread_mutex_lock(&lk->mutex))
			error();
		ct->mutex_count++;
		pthread_mutex_unlock(&lk->mutex);
		if (pthread_mutex_lock(&lk->pi_mutex))
			error();
		ct->pi_count++;
		if (pthread_mutex_unlock(&lk->pi_mutex))
			error();
		while (sem_wait(&lk->sem) < 0)
			if (errno != EINTR) {
				error();
				break;
			}
		ct->sem_count++;
		sem_post(&lk->sem);
		sysv_add();
	}
}

static void *work(void *arg)
{
	tids[(long)arg] = syscall(SYS_gettid);
	__atomic_fetch_add(&lk->go, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&lk->go, __ATOMIC_ACQUIRE) < NWORK)
		sched_yield();
	for (int i = 0; i < ATOMIC_ADDS; i++) {
		__atomic_fetch_add(&fc->atomic_count, 1, __ATOMIC_RELAXED);
		*(volatile unsigned *)&fc->plain_count += 1;
	}
	locked_adds();
	__atomic_fetch_add(&lk->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

/* Moves this process's workers from CPU to CPU until every worker is done. */
static void *mover(void *arg)
{
	int ncpus = sysconf(_SC_NPROCESSORS_ONLN), turn = (long)arg;
	cpu_set_t set;

	while (__atomic_load_n(&lk->done, __ATOMIC_ACQUIRE) < NWORK) {
		for (int t = 0; t < NTHR; t++) {
			CPU_ZERO(&set);
			CPU_SET(turn++ % ncpus, &set);
			/* ESRCH: the worker has ended */
			if (tids[t] && sched_setaffinity(tids[t], sizeof(set), &set) < 0 &&
			    errno != ESRCH)
				error();
		}
		usleep(500);
	}
	return NULL;
}

static void *map_locks(void)
{
	int fd = shm_open(SHM_NAME, O_RDWR, 0);
	void *p = fd < 0 ? MAP_FAILED :
		mmap(NULL, sizeof(struct locks), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	if (fd >= 0)
		close(fd);
	return p == MAP_FAILED ? NULL : p;
}

/* One process: maps the locks and attaches the counters itself, then runs its threads. */
static int counting(int p)
{
	pthread_t th[NTHR], mv;

	if (!(lk = map_locks()) || (ct = shmat(shmid, NULL, 0)) == (void *)-1)
		return 1;
	for (long t = 0; t < NTHR; t++)
		pthread_create(&th[t], NULL, work, (void *)t);
	pthread_create(&mv, NULL, mover, (void *)(long)p);
	for (int t = 0; t < NTHR; t++)
		pthread_join(th[t], NULL);
	pthread_join(mv, NULL);
	return 0;
}

static void init_mutex(pthread_mutex_t *m, int protocol, int robust)
{
	pthread_mutexattr_t a;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	pthread_mutexattr_setprotocol(&a, protocol);
	pthread_mutexattr_setrobust(&a, robust);
	pthread_mutex_init(m, &a);
	pthread_mutexattr_destroy(&a);
}

/* Takes robust lock i; the first to see its owner dead makes it consistent. */
static void take_robust(int i)
{
	pthread_mutex_t *m = i ? &lk->robust_pi : &lk->robust;
	int r = pthread_mutex_lock(m);

	if (r == EOWNERDEAD) {
		__atomic_fetch_add(&lk->dead_seen[i], 1, __ATOMIC_SEQ_CST);
		if (pthread_mutex_consistent(m))
			error();
	} else if (r) {
		error();
		return;
	}
	lk->taken[i]++;
	pthread_mutex_unlock(m);
}

static void *robust_waiter(void *arg)
{
	take_robust((long)arg & 1);
	return NULL;
}

/* Two processes of four threads wait for the robust locks that a dying child holds. */
static void holder_dies(void)
{
	pid_t holder, w[2];
	int pipefd[2];
	char c;

	if (pipe(pipefd) < 0)
		return;
	if ((holder = fork()) == 0) {
		if (pthread_mutex_lock(&lk->robust) || pthread_mutex_lock(&lk->robust_pi))
			_exit(1);
		write(pipefd[1], "x", 1);
		pause();
	}
	read(pipefd[0], &c, 1);
	for (int i = 0; i < 2; i++)
		if ((w[i] = fork()) == 0) {
			pthread_t th[4];

			for (long t = 0; t < 4; t++)
				pthread_create(&th[t], NULL, robust_waiter, (void *)t);
			for (int t = 0; t < 4; t++)
				pthread_join(th[t], NULL);
			_exit(0);
		}
	usleep(100000);		/* most waiters asleep in the kernel: not needed, only likely */
	kill(holder, SIGKILL);
	waitpid(holder, NULL, 0);
	for (int i = 0; i < 2; i++)
		waitpid(w[i], NULL, 0);
	close(pipefd[0]);
	close(pipefd[1]);
}

static int body(void)
{
	unsigned total = NWORK * LOCKED_ADDS;
	pid_t pid[NPROC];
	int fd, ok = 1;

	fd = shm_open(SHM_NAME, O_RDWR | O_CREAT | O_EXCL, 0600);
	shmid = shmget(IPC_PRIVATE, sizeof(struct counts), IPC_CREAT | 0600);
	semid = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	fc = mmap(NULL, sizeof(*fc), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (fd < 0 || ftruncate(fd, sizeof(struct locks)) < 0 || shmid < 0 || semid < 0 ||
	    fc == MAP_FAILED || !(lk = map_locks()) || (ct = shmat(shmid, NULL, 0)) == (void *)-1) {
		perror("setup");
		return 1;
	}
	close(fd);
	semctl(semid, 0, SETVAL, 1);
	init_mutex(&lk->mutex, PTHREAD_PRIO_NONE, PTHREAD_MUTEX_STALLED);
	init_mutex(&lk->pi_mutex, PTHREAD_PRIO_INHERIT, PTHREAD_MUTEX_STALLED);
	init_mutex(&lk->robust, PTHREAD_PRIO_NONE, PTHREAD_MUTEX_ROBUST);
	init_mutex(&lk->robust_pi, PTHREAD_PRIO_INHERIT, PTHREAD_MUTEX_ROBUST);
	sem_init(&lk->sem, 1, 1);
	for (int p = 0; p < NPROC; p++)
		if ((pid[p] = fork()) == 0)
			_exit(counting(p));
	for (int p = 0; p < NPROC; p++) {
		int st;

		waitpid(pid[p], &st, 0);
		ok &= WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	printf("processes and threads: %d x %d, all ran: %s\n", NPROC, NTHR, ok ? "yes" : "no");
	printf("atomic add: %u of %u\n", fc->atomic_count, NWORK * ATOMIC_ADDS);
	printf("plain add at most the total: %s\n",
	       fc->plain_count <= NWORK * ATOMIC_ADDS ? "yes" : "no");
	printf("process-shared mutex: %u of %u\n", ct->mutex_count, total);
	printf("PI mutex: %u of %u\n", ct->pi_count, total);
	printf("POSIX semaphore: %u of %u\n", ct->sem_count, total);
	printf("System V semaphore: %u of %u, value %d\n", ct->sysv_count, total,
	       semctl(semid, 0, GETVAL));
	holder_dies();
	for (int i = 0; i < 2; i++)
		printf("%s: EOWNERDEAD %u time(s), taken %u of 4\n",
		       i ? "robust PI mutex" : "robust mutex", lk->dead_seen[i], lk->taken[i]);
	printf("lock errors: %u\n", lk->errors);
	sem_destroy(&lk->sem);
	shmdt(ct);
	printf("removed: %s\n", shm_unlink(SHM_NAME) == 0 && shmctl(shmid, IPC_RMID, NULL) == 0 &&
	       semctl(semid, 0, IPC_RMID) == 0 ? "yes" : "no");
	return 0;
}

int main(void)
{
	int semids0 = count_lines("/proc/sysvipc/sem"), shms0 = count_lines("/proc/sysvipc/shm");
	int ret = measured(body);

	printf("segments and semaphores back: %s\n",
	       count_lines("/proc/sysvipc/shm") == shms0 &&
	       count_lines("/proc/sysvipc/sem") == semids0 ? "yes" : "no");
	return ret;
}
