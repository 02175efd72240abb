// pthread_cancel: glibc's thread cancellation, which rides on a signal (SIGCANCEL, 32, sent
// with tgkill) and on the kernel's way of ending a blocked call. Deferred cancellation ends a
// thread at a cancellation point: blocked in read on a pipe, nanosleep, pthread_cond_wait
// (the mutex is held again when the cleanup handler runs), sem_wait, pause, sigwait,
// pthread_join, or pthread_testcancel; cleanup handlers run last pushed first; the join
// returns PTHREAD_CANCELED. Disabled cancellation stays pending until enabled; asynchronous
// cancellation ends a thread that makes no call at all. Invalid states and types are EINVAL.
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static int pipefd[2];
static pthread_mutex_t mtx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static sem_t sem;
static volatile int started;
static char trail[256];		// what the cleanup handlers did, in order

static void note(void *what)
{
	strcat(trail, what);
	strcat(trail, " ");
}

// A cancelled pthread_cond_wait holds the mutex again when the handler runs.
static void unlock_noting(void *m)
{
	strcat(trail, pthread_mutex_unlock(m) == 0 ? "unlocked " : "not-held ");
}

static void *in_read(void *arg)
{
	char c;

	(void)arg;
	pthread_cleanup_push(note, "outer");
	pthread_cleanup_push(note, "inner");
	started = 1;
	read(pipefd[0], &c, 1);
	pthread_cleanup_pop(0);
	pthread_cleanup_pop(0);
	return "returned";
}

static void *in_nanosleep(void *arg)
{
	struct timespec t = { 60, 0 };

	(void)arg;
	pthread_cleanup_push(note, "sleep");
	started = 1;
	nanosleep(&t, NULL);
	pthread_cleanup_pop(0);
	return "returned";
}

static void *in_cond_wait(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&mtx);
	pthread_cleanup_push(unlock_noting, &mtx);
	started = 1;
	for (;;)
		pthread_cond_wait(&cond, &mtx);
	pthread_cleanup_pop(0);
	return "returned";
}

static void *in_sem_wait(void *arg)
{
	(void)arg;
	pthread_cleanup_push(note, "sem");
	started = 1;
	sem_wait(&sem);
	pthread_cleanup_pop(0);
	return "returned";
}

static void *in_pause(void *arg)
{
	(void)arg;
	pthread_cleanup_push(note, "pause");
	started = 1;
	pause();
	pthread_cleanup_pop(0);
	return "returned";
}

static void *in_sigwait(void *arg)
{
	sigset_t set;
	int sig;

	(void)arg;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	pthread_cleanup_push(note, "sigwait");
	started = 1;
	sigwait(&set, &sig);
	pthread_cleanup_pop(0);
	return "returned";
}

static pthread_t forever;

static void *sleeps_forever(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

static void *in_join(void *arg)
{
	(void)arg;
	pthread_cleanup_push(note, "join");
	started = 1;
	pthread_join(forever, NULL);
	pthread_cleanup_pop(0);
	return "returned";
}

static volatile int spin_go;

static void *disabled(void *arg)
{
	int old;

	(void)arg;
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
	pthread_cleanup_push(note, "enabled");
	started = 1;
	while (!spin_go)
		usleep(1000);		// a cancellation point, but disabled
	note("still-running");
	pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, &old);
	pthread_testcancel();
	note("not-reached");
	pthread_cleanup_pop(0);
	return "returned";
}

static volatile unsigned long spins;

static void *asynchronous(void *arg)
{
	int old;

	(void)arg;
	pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, &old);
	pthread_cleanup_push(note, "async");
	started = 1;
	for (;;)
		spins++;		// no call: only the signal can end it
	pthread_cleanup_pop(0);
	return "returned";
}

static void *finishes(void *arg)
{
	(void)arg;
	return "finished";
}

static void run(const char *what, void *(*fn)(void *))
{
	pthread_t th;
	void *ret;

	trail[0] = 0;
	started = 0;
	pthread_create(&th, NULL, fn, NULL);
	while (!started)
		usleep(1000);
	usleep(30000);		// into the blocking call
	printf("%s: cancel %s", what, ename(pthread_cancel(th)));
	pthread_join(th, &ret);
	printf(", %s, cleanup: %s\n", ret == PTHREAD_CANCELED ? "cancelled" : (char *)ret,
	       trail);
}

int main(void)
{
	pthread_t th;
	void *ret;
	int old;

	setvbuf(stdout, NULL, _IOLBF, 0);
	pipe(pipefd);
	sem_init(&sem, 0, 0);
	run("read on a pipe", in_read);
	run("nanosleep", in_nanosleep);
	run("pthread_cond_wait", in_cond_wait);
	printf("mutex free after: %s\n", yes(pthread_mutex_trylock(&mtx) == 0));
	pthread_mutex_unlock(&mtx);
	run("sem_wait", in_sem_wait);
	run("pause", in_pause);
	{
		sigset_t set;

		sigemptyset(&set);
		sigaddset(&set, SIGUSR2);
		pthread_sigmask(SIG_BLOCK, &set, NULL);
		run("sigwait", in_sigwait);
		pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	}
	pthread_create(&forever, NULL, sleeps_forever, NULL);
	run("pthread_join", in_join);

	trail[0] = 0;
	started = 0;
	spin_go = 0;
	pthread_create(&th, NULL, disabled, NULL);
	while (!started)
		usleep(1000);
	printf("disabled: cancel %s", ename(pthread_cancel(th)));
	usleep(30000);
	spin_go = 1;
	pthread_join(th, &ret);
	printf(", %s, cleanup: %s\n", ret == PTHREAD_CANCELED ? "cancelled" : (char *)ret, trail);

	run("asynchronous, in a loop", asynchronous);

	pthread_create(&th, NULL, finishes, NULL);
	usleep(30000);
	printf("cancel a finished thread: %s", ename(pthread_cancel(th)));
	pthread_join(th, &ret);
	printf(", join: %s\n", ret == PTHREAD_CANCELED ? "cancelled" : (char *)ret);

	printf("setcancelstate 5: %s\n", ename(pthread_setcancelstate(5, &old)));
	printf("setcanceltype 5: %s\n", ename(pthread_setcanceltype(5, &old)));
	printf("setcancelstate disable: %s", ename(pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old)));
	printf(", old enabled: %s\n", yes(old == PTHREAD_CANCEL_ENABLE));
	pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, &old);
	printf("old was disabled: %s\n", yes(old == PTHREAD_CANCEL_DISABLE));
	pthread_cancel(forever);
	pthread_join(forever, &ret);
	printf("the forever thread: %s\n", ret == PTHREAD_CANCELED ? "cancelled" : "?");
	return 0;
}
