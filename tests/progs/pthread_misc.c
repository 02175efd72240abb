// pthread_misc: the rest of glibc's thread toolkit, as Linux runs it. A barrier lets a
// round through only when all have come, one of them PTHREAD_BARRIER_SERIAL_THREAD; a
// writer-preferring rwlock keeps new readers out while a writer waits (the default lets
// them in); spin locks; pthread_once runs its routine once under contention;
// pthread_kill's signal is handled in the thread it names (0 only checks, a bad number
// is EINVAL); sigwait in a thread takes a signal sent to the process; pthread_sigmask's
// masks are per thread (EINVAL for a bad how); thread-specific data destructors run at
// thread exit, again while values are set anew, up to PTHREAD_DESTRUCTOR_ITERATIONS.
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"

#define NTHREADS	4
#define ROUNDS		50

static pid_t gettid_(void)
{
	return syscall(SYS_gettid);
}

// ---- barrier ----

static pthread_barrier_t barrier;
static volatile int arrived, serials, early;

static void *barrier_thread(void *arg)
{
	(void)arg;
	for (int r = 0; r < ROUNDS; r++) {
		__sync_fetch_and_add(&arrived, 1);
		int ret = pthread_barrier_wait(&barrier);

		if (arrived < (r + 1) * NTHREADS)
			early = 1;		// let through before all had come
		if (ret == PTHREAD_BARRIER_SERIAL_THREAD)
			__sync_fetch_and_add(&serials, 1);
		else if (ret)
			early = 1;
		pthread_barrier_wait(&barrier);	// nobody starts the next round early
	}
	return NULL;
}

static void barriers(void)
{
	pthread_t th[NTHREADS];

	printf("barrier_init count 0: %s\n", ename(pthread_barrier_init(&barrier, NULL, 0)));
	pthread_barrier_init(&barrier, NULL, NTHREADS);
	for (int i = 0; i < NTHREADS; i++)
		pthread_create(&th[i], NULL, barrier_thread, NULL);
	for (int i = 0; i < NTHREADS; i++)
		pthread_join(th[i], NULL);
	printf("barrier: %d rounds, serial threads %d, any through early: %s\n", ROUNDS,
	       serials, yes(early));
	printf("barrier_destroy: %s\n", ename(pthread_barrier_destroy(&barrier)));
}

// ---- rwlocks: who gets in while a writer waits ----

static pthread_rwlock_t rw;
static volatile int writer_in, writer_started;

static void *writer(void *arg)
{
	(void)arg;
	writer_started = gettid_();
	pthread_rwlock_wrlock(&rw);
	writer_in = 1;
	pthread_rwlock_unlock(&rw);
	return NULL;
}

static int tryrd_in_thread(void)
{
	int r = pthread_rwlock_tryrdlock(&rw);

	if (r == 0)
		pthread_rwlock_unlock(&rw);
	return r;
}

static void *tryrd(void *arg)
{
	*(int *)arg = tryrd_in_thread();
	return NULL;
}

static void rwlock_kind(const char *what, int kind)
{
	pthread_rwlockattr_t a;
	pthread_t th, th2;
	int r = -1;

	pthread_rwlockattr_init(&a);
	pthread_rwlockattr_setkind_np(&a, kind);
	pthread_rwlock_init(&rw, &a);
	pthread_rwlock_rdlock(&rw);
	writer_in = writer_started = 0;
	pthread_create(&th, NULL, writer, NULL);
	while (!writer_started)
		usleep(1000);
	usleep(30000);			// the writer asleep on the lock
	pthread_create(&th2, NULL, tryrd, &r);
	pthread_join(th2, NULL);
	printf("%s: a new reader while a writer waits: %s, writer in: %s", what, ename(r),
	       yes(writer_in));
	pthread_rwlock_unlock(&rw);
	pthread_join(th, NULL);
	printf(", then: %s\n", yes(writer_in));
	pthread_rwlock_destroy(&rw);
	pthread_rwlockattr_destroy(&a);
}

// ---- spin locks and pthread_once ----

static pthread_spinlock_t spin;
static long spin_count;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static volatile int once_runs, once_done_before_return = 1;
static pthread_barrier_t go;

static void once_routine(void)
{
	__sync_fetch_and_add(&once_runs, 1);
	usleep(20000);			// the others wait for it
}

static void *spinner(void *arg)
{
	(void)arg;
	pthread_barrier_wait(&go);
	pthread_once(&once, once_routine);
	if (!once_runs)
		once_done_before_return = 0;
	for (int i = 0; i < 20000; i++) {
		pthread_spin_lock(&spin);
		spin_count++;
		pthread_spin_unlock(&spin);
	}
	return NULL;
}

static void spins_and_once(void)
{
	pthread_t th[NTHREADS];

	pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE);
	pthread_spin_lock(&spin);
	printf("spin_trylock held: %s\n", ename(pthread_spin_trylock(&spin)));
	pthread_spin_unlock(&spin);
	printf("spin_trylock free: %s\n", ename(pthread_spin_trylock(&spin)));
	pthread_spin_unlock(&spin);
	pthread_barrier_init(&go, NULL, NTHREADS);
	for (int i = 0; i < NTHREADS; i++)
		pthread_create(&th[i], NULL, spinner, NULL);
	for (int i = 0; i < NTHREADS; i++)
		pthread_join(th[i], NULL);
	printf("spin lock: %ld of %d\n", spin_count, NTHREADS * 20000);
	printf("pthread_once: ran %d time(s), done before any returned: %s\n", once_runs,
	       yes(once_done_before_return));
	pthread_barrier_destroy(&go);
	pthread_spin_destroy(&spin);
}

// ---- signals and threads ----

static volatile pid_t handled_in;
static volatile int target_ready;
static volatile pid_t target_tid;

static void on_usr1(int sig)
{
	(void)sig;
	handled_in = gettid_();
}

static void *target(void *arg)
{
	(void)arg;
	target_tid = gettid_();
	while (!handled_in)
		usleep(1000);
	return NULL;
}

static void *waiter(void *arg)
{
	sigset_t set;
	int sig = 0;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	target_ready = 1;
	*(int *)arg = sigwait(&set, &sig) ? -1 : sig;
	return NULL;
}

static void *mask_reporter(void *arg)
{
	sigset_t cur;

	pthread_sigmask(SIG_SETMASK, NULL, &cur);
	*(int *)arg = sigismember(&cur, SIGUSR2) * 2 + sigismember(&cur, SIGHUP);
	return NULL;
}

static void signals(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	sigset_t set, old;
	pthread_t th;
	int got = 0, mask = 0;

	sigaction(SIGUSR1, &sa, NULL);
	pthread_create(&th, NULL, target, NULL);
	while (!target_tid)
		usleep(1000);
	printf("pthread_kill 0: %s\n", ename(pthread_kill(th, 0)));
	printf("pthread_kill 1000: %s\n", ename(pthread_kill(th, 1000)));
	printf("pthread_kill SIGUSR1: %s", ename(pthread_kill(th, SIGUSR1)));
	pthread_join(th, NULL);
	printf(", handled in that thread: %s\n", yes(handled_in == target_tid));

	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	printf("pthread_sigmask bad how: %s\n", ename(pthread_sigmask(12345, &set, NULL)));
	pthread_sigmask(SIG_BLOCK, &set, &old);
	printf("old mask had SIGUSR2: %s\n", yes(sigismember(&old, SIGUSR2)));
	pthread_create(&th, NULL, waiter, &got);
	while (!target_ready)
		usleep(1000);
	usleep(30000);
	kill(getpid(), SIGUSR2);	// to the process: only the waiter can take it
	pthread_join(th, NULL);
	printf("sigwait in a thread took: %s\n", got == SIGUSR2 ? "SIGUSR2" : "something else");

	// A new thread inherits the creator's mask; its changes stay its own.
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	pthread_create(&th, NULL, mask_reporter, &mask);
	pthread_join(th, NULL);
	printf("new thread's mask: SIGUSR2 %s, SIGHUP %s\n", yes(mask & 2), yes(mask & 1));
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_sigmask(SIG_SETMASK, NULL, &set);
	printf("restored: SIGUSR2 blocked %s\n", yes(sigismember(&set, SIGUSR2)));
}

// ---- thread-specific data ----

static pthread_key_t key1, key2;
static char tsd_trail[256];
static int again;

static void destroy1(void *v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "d1(%s) ", (char *)v);
	strcat(tsd_trail, buf);
	if (again++ < 2)
		pthread_setspecific(key1, "again");	// set anew: called once more
}

static void destroy2(void *v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "d2(%s) ", (char *)v);
	strcat(tsd_trail, buf);
	pthread_setspecific(key2, "forever");	// past the iterations: given up
}

static void *tsd_thread(void *arg)
{
	(void)arg;
	printf("  getspecific unset: %s\n", pthread_getspecific(key1) ? "set" : "NULL");
	pthread_setspecific(key1, "one");
	pthread_setspecific(key2, "two");
	printf("  getspecific: %s\n", (char *)pthread_getspecific(key1));
	return NULL;
}

static void tsd(void)
{
	pthread_t th;
	int n = 0;

	pthread_key_create(&key1, destroy1);
	pthread_key_create(&key2, destroy2);
	pthread_create(&th, NULL, tsd_thread, NULL);
	pthread_join(th, NULL);
	for (char *p = tsd_trail; (p = strstr(p, "d2(")); p++)
		n++;
	printf("destructors, first: %.20s, d1 calls %d, d2 calls %d (iterations %d)\n",
	       tsd_trail, again, n, PTHREAD_DESTRUCTOR_ITERATIONS);
	printf("main's own value untouched: %s\n", pthread_getspecific(key1) ? "set" : "NULL");
	printf("key_delete: %s\n", ename(pthread_key_delete(key2)));
	printf("setspecific on a deleted key: %s\n", ename(pthread_setspecific(key2, "x")));
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	barriers();
	rwlock_kind("prefer reader (default)", PTHREAD_RWLOCK_PREFER_READER_NP);
	rwlock_kind("prefer writer", PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	spins_and_once();
	signals();
	tsd();
	return 0;
}
