// pthread_robust: robust mutexes whose owner goes while another waits on them, plain and
// PTHREAD_PRIO_INHERIT (normal, errorcheck, recursive): a thread that returns holding one
// (the waiter, another thread of the process, gets EOWNERDEAD and may make it consistent),
// and a process killed by SIGKILL holding one in a System V segment (the waiter, in
// another process, gets EOWNERDEAD; an unlock without pthread_mutex_consistent leaves it
// ENOTRECOVERABLE).
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

struct sh { pthread_mutex_t m; volatile int step; };

static void init(pthread_mutex_t *m, int proto, int robust, int pshared, int type)
{
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_setprotocol(&a, proto);
	pthread_mutexattr_setrobust(&a, robust);
	pthread_mutexattr_setpshared(&a, pshared);
	pthread_mutexattr_settype(&a, type);
	pthread_mutex_init(m, &a);
}

static struct sh *s;

static void *holder_exits(void *a)
{
	(void)a;
	pthread_mutex_lock(&s->m);
	s->step = 1;
	while (s->step != 2)
		usleep(1000);
	usleep(30000);
	return NULL;	// exits holding it
}

static void *waiter(void *a)
{
	(void)a;
	s->step = 2;
	int r = pthread_mutex_lock(&s->m);
	s->step = 100 + r;
	if (r == EOWNERDEAD)
		pthread_mutex_consistent(&s->m);
	pthread_mutex_unlock(&s->m);
	return NULL;
}

static void threads(const char *what, int proto, int type)
{
	pthread_t a, b;
	init(&s->m, proto, PTHREAD_MUTEX_ROBUST, PTHREAD_PROCESS_PRIVATE, type);
	s->step = 0;
	pthread_create(&a, NULL, holder_exits, NULL);
	while (s->step != 1)
		usleep(1000);
	pthread_create(&b, NULL, waiter, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("%s: waiter got %s\n", what, ename(s->step - 100));
	printf("%s: lock now %s\n", what, ename(pthread_mutex_lock(&s->m)));
	pthread_mutex_unlock(&s->m);
}

static void killed(const char *what, int proto)
{
	pid_t pid;
	int st;
	init(&s->m, proto, PTHREAD_MUTEX_ROBUST, PTHREAD_PROCESS_SHARED, PTHREAD_MUTEX_NORMAL);
	s->step = 0;
	if ((pid = fork()) == 0) {
		pthread_mutex_lock(&s->m);
		s->step = 1;
		for (;;)
			pause();
	}
	while (s->step != 1)
		usleep(1000);
	if (fork() == 0) {
		usleep(50000);
		kill(pid, SIGKILL);
		_exit(0);
	}
	printf("%s: lock while the owner is killed: %s\n", what, ename(pthread_mutex_lock(&s->m)));
	printf("%s: unlock: %s\n", what, ename(pthread_mutex_unlock(&s->m)));
	printf("%s: after unlock without consistent: %s\n", what, ename(pthread_mutex_lock(&s->m)));
	waitpid(pid, &st, 0);
	wait(&st);
}

int main(void)
{
	int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	setvbuf(stdout, NULL, _IOLBF, 0);
	s = shmat(id, NULL, 0);
	shmctl(id, IPC_RMID, NULL);
	threads("robust", PTHREAD_PRIO_NONE, PTHREAD_MUTEX_NORMAL);
	threads("robust PI", PTHREAD_PRIO_INHERIT, PTHREAD_MUTEX_NORMAL);
	threads("robust PI errorcheck", PTHREAD_PRIO_INHERIT, PTHREAD_MUTEX_ERRORCHECK);
	threads("robust PI recursive", PTHREAD_PRIO_INHERIT, PTHREAD_MUTEX_RECURSIVE);
	killed("robust", PTHREAD_PRIO_NONE);
	killed("robust PI", PTHREAD_PRIO_INHERIT);
	return 0;
}
