// smp_sig_blocked: a signal for a thread asleep in the kernel, sent from a thread on
// another CPU. A thread blocks in one call (semop, semtimedop, msgrcv, FUTEX_WAIT,
// FUTEX_WAIT_BITSET with an absolute timeout, sem_wait, read of a pipe); once /proc says
// it sleeps, another thread sends it SIGUSR1 (a handler without SA_RESTART), SIGUSR2 (a
// handler with SA_RESTART) or SIGWINCH (no handler: ignored, it must not even wake),
// waits until the signal has been dealt with, then releases the object. What the call
// returns is Linux's: EINTR, or restarted and then 0, call by call. Then the same calls in
// the threads of a child process that is stopped (SIGSTOP) and continued (SIGCONT), and
// in threads that are cancelled (pthread_cancel) where the call is a cancellation point.
// At the end no semaphore, queue, task or (on shmos) page is left over.
// cpus: 4
// timeout: 120
#define _GNU_SOURCE
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "freeram.h"

enum kind { SEMOP, SEMTIMEDOP, MSGRCV, FUTEX_PLAIN, FUTEX_BITSET, SEM_WAIT, PIPE_READ, NKIND };

static const char *const kind_name[NKIND] = {
	"semop", "semtimedop", "msgrcv", "FUTEX_WAIT", "FUTEX_WAIT_BITSET", "sem_wait", "read",
};

/* The objects, in a MAP_SHARED mapping that a forked child shares. */
struct shared {
	unsigned futex_word;
	sem_t sem;
	int result[NKIND];	/* 0 or an errno; -1 while the call has not returned */
	unsigned handled;	/* handlers run */
};

static struct shared *sh;
static int semid, msqid, pipefd[2];
static pid_t tid[NKIND];

static void handler(int sig)
{
	(void)sig;
	__atomic_fetch_add(&sh->handled, 1, __ATOMIC_SEQ_CST);
}

static long futex(int op, const struct timespec *ts, unsigned bitset)
{
	return syscall(SYS_futex, &sh->futex_word, op, 0, ts, NULL, bitset);
}

/* Blocks in call k once; 0 or the errno. */
static int block(enum kind k)
{
	struct sembuf down = { 0, -1, 0 };
	struct timespec ts = { 30, 0 };
	struct { long type; char c; } m;
	char c;
	int r = 0;

	switch (k) {
	case SEMOP:
		r = semop(semid, &down, 1);
		break;
	case SEMTIMEDOP:
		r = semtimedop(semid, &down, 1, &ts);
		break;
	case MSGRCV:
		r = msgrcv(msqid, &m, 1, 0, 0) < 0 ? -1 : 0;
		break;
	case FUTEX_PLAIN:
		r = futex(FUTEX_WAIT, NULL, 0);
		break;
	case FUTEX_BITSET:
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_sec += 30;
		r = futex(FUTEX_WAIT_BITSET, &ts, FUTEX_BITSET_MATCH_ANY);
		break;
	case SEM_WAIT:
		r = sem_wait(&sh->sem);
		break;
	case PIPE_READ:
		r = read(pipefd[0], &c, 1) == 1 ? 0 : -1;
		break;
	default:
		break;
	}
	return r < 0 ? errno : 0;
}

/* Lets the one call of kind k that waits go on. */
static void release(enum kind k)
{
	struct sembuf up = { 0, 1, 0 };
	struct { long type; char c; } m = { 1, 'x' };

	switch (k) {
	case SEMOP:
	case SEMTIMEDOP:
		semop(semid, &up, 1);
		break;
	case MSGRCV:
		msgsnd(msqid, &m, 1, 0);
		break;
	case FUTEX_PLAIN:
	case FUTEX_BITSET:
		__atomic_store_n(&sh->futex_word, 1, __ATOMIC_SEQ_CST);
		syscall(SYS_futex, &sh->futex_word, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
		break;
	case SEM_WAIT:
		sem_post(&sh->sem);
		break;
	case PIPE_READ:
		write(pipefd[1], "x", 1);
		break;
	default:
		break;
	}
}

/* Takes back what a release left because its call had already returned. */
static void reset(void)
{
	struct { long type; char c; } m;
	char c;

	semctl(semid, 0, SETVAL, 0);
	while (msgrcv(msqid, &m, 1, 0, IPC_NOWAIT) >= 0)
		;
	sh->futex_word = 0;
	while (sem_trywait(&sh->sem) == 0)
		;
	fcntl(pipefd[0], F_SETFL, O_NONBLOCK);
	while (read(pipefd[0], &c, 1) == 1)
		;
	fcntl(pipefd[0], F_SETFL, 0);
	for (int k = 0; k < NKIND; k++)
		sh->result[k] = -1;
	sh->handled = 0;
}

/* The state letter of task t of process pid in /proc, or 0 when it is gone. */
static char task_state(pid_t pid, pid_t t)
{
	char path[64], buf[256], *p;
	int fd, n;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", pid, t);
	if ((fd = open(path, O_RDONLY)) < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	p = strrchr(buf, ')');
	return p && p[1] ? p[2] : 0;
}

/* Waits until the call of kind k has returned or sleeps (in process pid). */
static void wait_settled(pid_t pid, enum kind k)
{
	while (__atomic_load_n(&sh->result[k], __ATOMIC_SEQ_CST) < 0 &&
	       task_state(pid, __atomic_load_n(&tid[k], __ATOMIC_SEQ_CST)) != 'S')
		usleep(1000);
}

static void *blocker(void *arg)
{
	enum kind k = (long)arg;

	pthread_setcanceltype(PTHREAD_CANCEL_DEFERRED, NULL);
	__atomic_store_n(&tid[k], syscall(SYS_gettid), __ATOMIC_SEQ_CST);
	__atomic_store_n(&sh->result[k], block(k), __ATOMIC_SEQ_CST);
	return NULL;
}

static void start_blocker(pthread_t *th, enum kind k)
{
	tid[k] = 0;
	pthread_create(th, NULL, blocker, (void *)(long)k);
	while (!__atomic_load_n(&tid[k], __ATOMIC_SEQ_CST))
		sched_yield();
	wait_settled(getpid(), k);
}

static const char *result_name(int r)
{
	return r < 0 ? "still blocked" : r == 0 ? "0" : strerrorname_np(r);
}

/* Each call, sent each signal while it sleeps. */
static void signalled(void)
{
	static const int sigs[] = { SIGUSR1, SIGUSR2, SIGWINCH };

	for (int k = 0; k < NKIND; k++)
		for (int s = 0; s < 3; s++) {
			pthread_t th;

			reset();
			start_blocker(&th, k);
			pthread_kill(th, sigs[s]);
			if (sigs[s] == SIGWINCH)
				usleep(20000);	/* time for a wrong wake-up to show */
			while (sigs[s] != SIGWINCH && !__atomic_load_n(&sh->handled, __ATOMIC_SEQ_CST))
				usleep(1000);
			wait_settled(getpid(), k);
			release(k);
			pthread_join(th, NULL);
			printf("%s, %s: %s, handlers %u\n", kind_name[k],
			       sigs[s] == SIGUSR1 ? "handler" : sigs[s] == SIGUSR2 ?
			       "SA_RESTART handler" : "ignored", result_name(sh->result[k]), sh->handled);
		}
}

/* How many threads process pid has, and how many of them are in state c. */
static int threads_in(pid_t pid, char c, int *n)
{
	char path[64];
	struct dirent *e;
	DIR *d;
	int in = 0;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	*n = 0;
	for (d = opendir(path); d && (e = readdir(d));)
		if (e->d_name[0] != '.') {
			char st = task_state(pid, atoi(e->d_name));

			(*n)++;
			in += st == c || (c == 0 && st != 'R' && st != 'T');
		}
	if (d)
		closedir(d);
	return in;
}

/* Each call in a thread of a child that is stopped and continued while they sleep. */
static void stopped_and_continued(void)
{
	pid_t child;
	int st, n;

	reset();
	if ((child = fork()) == 0) {
		pthread_t th[NKIND];

		for (int k = 0; k < NKIND; k++)
			pthread_create(&th[k], NULL, blocker, (void *)(long)k);
		for (int k = 0; k < NKIND; k++)
			pthread_join(th[k], NULL);
		_exit(0);
	}
	while (threads_in(child, 'S', &n) != NKIND + 1 || n != NKIND + 1)
		usleep(1000);
	kill(child, SIGSTOP);
	waitpid(child, &st, WUNTRACED);
	kill(child, SIGCONT);
	while (threads_in(child, 0, &n) != n)	/* each call back asleep or returned */
		usleep(1000);
	for (int k = 0; k < NKIND; k++)
		release(k);
	waitpid(child, &st, 0);
	for (int k = 0; k < NKIND; k++)
		printf("%s, stopped and continued: %s\n", kind_name[k], result_name(sh->result[k]));
}

/* Each call that is a cancellation point, cancelled while it sleeps. */
static void cancelled(void)
{
	static const enum kind points[] = { MSGRCV, SEM_WAIT, PIPE_READ };

	for (int i = 0; i < 3; i++) {
		pthread_t th;
		void *ret;

		reset();
		start_blocker(&th, points[i]);
		pthread_cancel(th);
		pthread_join(th, &ret);
		printf("%s, cancelled: %s\n", kind_name[points[i]],
		       ret == PTHREAD_CANCELED ? "yes" : "no");
	}
}

static int body(void)
{
	struct sigaction sa = { .sa_handler = handler };

	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	semid = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	msqid = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	if (sh == MAP_FAILED || semid < 0 || msqid < 0 || pipe2(pipefd, 0) < 0) {
		perror("setup");
		return 1;
	}
	fcntl(pipefd[1], F_SETFL, O_NONBLOCK);
	sem_init(&sh->sem, 1, 0);
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR2, &sa, NULL);
	signalled();
	stopped_and_continued();
	cancelled();
	printf("removed: %s\n", semctl(semid, 0, IPC_RMID) == 0 &&
	       msgctl(msqid, IPC_RMID, NULL) == 0 ? "yes" : "no");
	return 0;
}

int main(void)
{
	int sems0 = count_lines("/proc/sysvipc/sem"), msgs0 = count_lines("/proc/sysvipc/msg");
	int ret = measured(body);

	printf("semaphores and queues back: %s\n",
	       count_lines("/proc/sysvipc/sem") == sems0 &&
	       count_lines("/proc/sysvipc/msg") == msgs0 ? "yes" : "no");
	return ret;
}
