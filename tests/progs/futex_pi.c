// futex_pi: the priority-inheritance futex operations (futex(2)), raw and through glibc's
// PTHREAD_PRIO_INHERIT mutexes. FUTEX_LOCK_PI takes a free word (its tid in it) or sleeps
// behind the owner until FUTEX_UNLOCK_PI hands the lock over (the word then names the
// waiter, with FUTEX_WAITERS); EDEADLK for one's own lock or a circle of owners, ESRCH for
// an owner tid nobody has, EPERM for another's unlock, EAGAIN for a held FUTEX_TRYLOCK_PI;
// timeouts are absolute, on the real-time clock (LOCK_PI) or as FUTEX_CLOCK_REALTIME says
// (LOCK_PI2); a signal does not end a lock wait. FUTEX_WAIT_REQUEUE_PI and
// FUTEX_CMP_REQUEUE_PI take the lock for a waiter or move it onto the lock (no other
// operation may wake or move such a waiter: EINVAL). A robust PI
// mutex whose owner dies (holding it, or with a waiter asleep behind it) gives the next
// locker EOWNERDEAD, then ENOTRECOVERABLE unless made consistent, between two processes
// in a System V segment.
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#ifndef FUTEX_LOCK_PI2
#define FUTEX_LOCK_PI2	13
#endif

static long futex(void *uaddr, int op, uint32_t val, const void *timeout,
		  void *uaddr2, uint32_t val3)
{
	return syscall(SYS_futex, uaddr, op, val, timeout, uaddr2, val3);
}

static uint32_t tid(void)
{
	return syscall(SYS_gettid);
}

// Whether thread t of this process is asleep (state S in its stat).
static int asleep(uint32_t t)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/task/%u/stat", t);
	return stat_asleep(path);
}

static void wait_asleep(volatile uint32_t *t)
{
	long long end = now_ms() + 5000;

	while (!*t && now_ms() < end)
		usleep(1000);
	while (!asleep(*t) && now_ms() < end)
		usleep(1000);
	usleep(20000);		// into the sleep itself
}

static uint32_t lock1, lock2, cv;

// ---- the raw operations, in one thread ----

static void errors(void)
{
	struct timespec past = { 1, 0 }, bad = { 0, 1000000000 };
	uint32_t me = tid();

	lock1 = 0;
	TRY("lock free", futex(&lock1, FUTEX_LOCK_PI_PRIVATE, 0, NULL, NULL, 0));
	printf("word is my tid: %s\n", yes(lock1 == me));
	TRY("lock again", futex(&lock1, FUTEX_LOCK_PI_PRIVATE, 0, NULL, NULL, 0));
	TRY("trylock own", futex(&lock1, FUTEX_TRYLOCK_PI_PRIVATE, 0, NULL, NULL, 0));
	TRY("unlock", futex(&lock1, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0));
	printf("word after unlock: %u\n", lock1);
	TRY("unlock free", futex(&lock1, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0));
	lock1 = 0x3ffffff0;	// no such task
	TRY("lock dead tid", futex(&lock1, FUTEX_LOCK_PI_PRIVATE, 0, NULL, NULL, 0));
	printf("word: %#x\n", lock1);
	TRY("trylock dead tid", futex(&lock1, FUTEX_TRYLOCK_PI_PRIVATE, 0, NULL, NULL, 0));
	TRY("unlock another's", futex(&lock1, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0));
	lock1 = FUTEX_OWNER_DIED;	// a robust owner died: the next takes it, the mark kept
	TRY("lock owner died", futex(&lock1, FUTEX_LOCK_PI, 0, NULL, NULL, 0));
	printf("word is died | my tid: %s\n", yes(lock1 == (FUTEX_OWNER_DIED | me)));
	TRY("unlock", futex(&lock1, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0));
	printf("word after unlock: %u\n", lock1);
	TRY("lock past deadline, free", futex(&lock1, FUTEX_LOCK_PI_PRIVATE, 0, &past, NULL, 0));
	lock1 = 0;
	TRY("lock bad nsec", futex(&lock1, FUTEX_LOCK_PI_PRIVATE, 0, &bad, NULL, 0));
	TRY("lock CLOCK_REALTIME flag", futex(&lock1, FUTEX_LOCK_PI | FUTEX_CLOCK_REALTIME,
					      0, NULL, NULL, 0));
	TRY("lock unaligned", futex((char *)&lock1 + 1, FUTEX_LOCK_PI_PRIVATE, 0, NULL, NULL, 0));
	TRY("lock unmapped", futex((void *)16, FUTEX_LOCK_PI, 0, NULL, NULL, 0));
	TRY("unlock unmapped", futex((void *)16, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0));
	TRY("trylock free", futex(&lock1, FUTEX_TRYLOCK_PI, 0, NULL, NULL, 0));
	TRY("unlock", futex(&lock1, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0));
	TRY("wait_requeue_pi same word", futex(&cv, FUTEX_WAIT_REQUEUE_PI, 0, NULL, &cv, 0));
	TRY("wait_requeue_pi value changed", futex(&cv, FUTEX_WAIT_REQUEUE_PI, 1, NULL, &lock1, 0));
	TRY("cmp_requeue_pi nr_wake 2", futex(&cv, FUTEX_CMP_REQUEUE_PI, 2, (void *)1, &lock1, 0));
	TRY("cmp_requeue_pi same word", futex(&cv, FUTEX_CMP_REQUEUE_PI, 1, (void *)1, &cv, 0));
	TRY("cmp_requeue_pi value changed", futex(&cv, FUTEX_CMP_REQUEUE_PI, 1, (void *)1, &lock1, 1));
	TRY("cmp_requeue_pi nobody", futex(&cv, FUTEX_CMP_REQUEUE_PI, 1, (void *)1, &lock1, 0));
	{
		struct timespec t = timespec_in_ms(CLOCK_MONOTONIC, 30);

		TRY("wait_requeue_pi timeout", futex(&cv, FUTEX_WAIT_REQUEUE_PI, 0, &t, &lock1, 0));
	}
}

// ---- contention: a second thread ----

static volatile uint32_t other;		// the second thread's tid, once it runs
static volatile int got_signal;

// What a second thread saw, printed by the main thread after the join (one order).
static struct seen {
	long r;
	int err, word_ok;
} seen[2];

static void report(const char *who, const struct seen *s)
{
	printf("  %s: %ld %s, word %s\n", who, s->r, s->r ? ename(s->err) : "",
	       s->word_ok ? "as expected" : "wrong");
}

static void on_usr1(int sig)
{
	(void)sig;
	got_signal = 1;
}

// Sleeps in FUTEX_LOCK_PI on lock1 and reports how it ended and what the word said.
static uint32_t owner_tid;	// the main thread's

static void *locker(void *arg)
{
	long r;
	int op = (int)(long)arg;

	other = tid();
	errno = 0;
	r = futex(&lock1, op, 0, NULL, NULL, 0);
	// Handed over: waiters | my tid.  A trylock: the owner's, waiters added.
	seen[0] = (struct seen){ r, errno, r ? lock1 == (FUTEX_WAITERS | owner_tid) :
						lock1 == (FUTEX_WAITERS | tid()) };
	if (r == 0)
		futex(&lock1, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0);
	return NULL;
}

static void start(pthread_t *th, void *(*fn)(void *), void *arg)
{
	other = 0;
	pthread_create(th, NULL, fn, arg);
	wait_asleep(&other);
}

static void contention(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 };	// no SA_RESTART
	pthread_t th;

	lock1 = 0;
	owner_tid = tid();
	futex(&lock1, FUTEX_LOCK_PI_PRIVATE, 0, NULL, NULL, 0);
	start(&th, locker, (void *)(long)FUTEX_LOCK_PI_PRIVATE);
	printf("word is waiters | my tid: %s\n", yes(lock1 == (FUTEX_WAITERS | tid())));
	TRY("unlock, hands over", futex(&lock1, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0));
	pthread_join(th, NULL);
	report("locker", &seen[0]);
	printf("word at the end: %u\n", lock1);

	// A signal whose handler has no SA_RESTART: the lock wait goes on.
	sigaction(SIGUSR1, &sa, NULL);
	futex(&lock1, FUTEX_LOCK_PI_PRIVATE, 0, NULL, NULL, 0);
	start(&th, locker, (void *)(long)FUTEX_LOCK_PI_PRIVATE);
	pthread_kill(th, SIGUSR1);
	wait_asleep(&other);
	printf("handler ran: %s\n", yes(got_signal));
	TRY("unlock after the signal", futex(&lock1, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0));
	pthread_join(th, NULL);
	report("locker", &seen[0]);

	// Held by another thread: trylock EAGAIN; timeouts on each clock; unlock EPERM.
	futex(&lock1, FUTEX_LOCK_PI_PRIVATE, 0, NULL, NULL, 0);
	pthread_create(&th, NULL, locker, (void *)(long)FUTEX_TRYLOCK_PI_PRIVATE);
	pthread_join(th, NULL);
	report("trylock", &seen[0]);
	printf("word after a trylock: waiters | my tid: %s\n",
	       yes(lock1 == (FUTEX_WAITERS | tid())));
	TRY("unlock", futex(&lock1, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0));
	printf("word: %u\n", lock1);
}

// Holds lock1 while the main thread tries it: timeouts, EPERM.
static volatile int release;

static void *holder(void *arg)
{
	(void)arg;
	futex(&lock1, FUTEX_LOCK_PI_PRIVATE, 0, NULL, NULL, 0);
	other = tid();
	while (!release)
		usleep(1000);
	futex(&lock1, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0);
	return NULL;
}

static void timeouts(void)
{
	struct timespec past = { 1, 0 }, t;
	pthread_t th;
	long long start_ms;
	long r;

	lock1 = 0;
	release = 0;
	start(&th, holder, NULL);
	TRY("trylock held", futex(&lock1, FUTEX_TRYLOCK_PI_PRIVATE, 0, NULL, NULL, 0));
	TRY("unlock held by another", futex(&lock1, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0));
	TRY("lock past deadline", futex(&lock1, FUTEX_LOCK_PI_PRIVATE, 0, &past, NULL, 0));
	t = timespec_in_ms(CLOCK_REALTIME, 40);
	start_ms = now_ms();
	r = futex(&lock1, FUTEX_LOCK_PI_PRIVATE, 0, &t, NULL, 0);
	printf("lock, realtime deadline in 40 ms: %ld %s, waited >= 30 ms: %s\n", r,
	       ename(errno), yes(now_ms() - start_ms >= 30));
	t = timespec_in_ms(CLOCK_MONOTONIC, 40);
	start_ms = now_ms();
	r = futex(&lock1, FUTEX_LOCK_PI2_PRIVATE, 0, &t, NULL, 0);
	printf("lock2, monotonic deadline in 40 ms: %ld %s, waited >= 30 ms: %s\n", r,
	       ename(errno), yes(now_ms() - start_ms >= 30));
	t = timespec_in_ms(CLOCK_REALTIME, 40);
	start_ms = now_ms();
	r = futex(&lock1, FUTEX_LOCK_PI2_PRIVATE | FUTEX_CLOCK_REALTIME, 0, &t, NULL, 0);
	printf("lock2, realtime deadline in 40 ms: %ld %s, waited >= 30 ms: %s\n", r,
	       ename(errno), yes(now_ms() - start_ms >= 30));
	release = 1;
	pthread_join(th, NULL);
	printf("word after the holder's unlock: %u\n", lock1);
}

// A holds lock1 and waits for lock2; B holds lock2 and asks for lock1: EDEADLK.
static void *abba(void *arg)
{
	long r;

	(void)arg;
	futex(&lock1, FUTEX_LOCK_PI_PRIVATE, 0, NULL, NULL, 0);
	other = tid();
	r = futex(&lock2, FUTEX_LOCK_PI_PRIVATE, 0, NULL, NULL, 0);
	seen[0] = (struct seen){ r, errno, lock2 == (FUTEX_WAITERS | tid()) };
	futex(&lock2, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0);
	futex(&lock1, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0);
	return NULL;
}

static void deadlock(void)
{
	pthread_t th;

	lock1 = lock2 = 0;
	futex(&lock2, FUTEX_LOCK_PI_PRIVATE, 0, NULL, NULL, 0);
	start(&th, abba, NULL);
	TRY("lock closing a circle", futex(&lock1, FUTEX_LOCK_PI_PRIVATE, 0, NULL, NULL, 0));
	futex(&lock2, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0);
	pthread_join(th, NULL);
	report("A's lock of lock2", &seen[0]);
}

// ---- requeue PI ----

static void *requeue_waiter(void *arg)
{
	struct seen *s = arg;
	long r;

	other = tid();
	errno = 0;
	r = futex(&cv, FUTEX_WAIT_REQUEUE_PI_PRIVATE, 0, NULL, &lock1, 0);
	*s = (struct seen){ r, errno, (lock1 & FUTEX_TID_MASK) == tid() };
	if (r == 0)
		futex(&lock1, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0);
	return NULL;
}

static void requeue(void)
{
	pthread_t th, th2;

	cv = lock1 = 0;
	start(&th, requeue_waiter, &seen[0]);
	TRY("wake a requeue waiter, lock free",
	    futex(&cv, FUTEX_CMP_REQUEUE_PI_PRIVATE, 1, (void *)0, &lock1, 0));
	pthread_join(th, NULL);
	report("waiter (word: its tid)", &seen[0]);
	printf("word: %u\n", lock1);

	futex(&lock1, FUTEX_LOCK_PI_PRIVATE, 0, NULL, NULL, 0);
	start(&th, requeue_waiter, &seen[0]);
	// Its waiters are for FUTEX_CMP_REQUEUE_PI alone.
	TRY("FUTEX_WAKE of a requeue waiter", futex(&cv, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0));
	TRY("FUTEX_CMP_REQUEUE of a requeue waiter",
	    futex(&cv, FUTEX_CMP_REQUEUE_PRIVATE, 0, (void *)1, &lock2, 0));
	TRY("FUTEX_WAKE_OP of a requeue waiter",
	    futex(&cv, FUTEX_WAKE_OP_PRIVATE, 1, (void *)0, &lock2, 0));
	start(&th2, requeue_waiter, &seen[1]);
	TRY("requeue both, lock held",
	    futex(&cv, FUTEX_CMP_REQUEUE_PI_PRIVATE, 1, (void *)1, &lock1, 0));
	printf("word is waiters | my tid: %s\n", yes(lock1 == (FUTEX_WAITERS | tid())));
	TRY("unlock", futex(&lock1, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0));
	pthread_join(th, NULL);
	pthread_join(th2, NULL);
	report("first waiter", &seen[0]);
	report("second waiter", &seen[1]);
	printf("word: %u\n", lock1);
}

// ---- glibc's PTHREAD_PRIO_INHERIT mutexes ----

static pthread_mutex_t pim;
static long counter;

static void *bump(void *arg)
{
	(void)arg;
	for (int i = 0; i < 3000; i++) {
		pthread_mutex_lock(&pim);
		counter++;
		if (i % 64 == 0)
			sched_yield();	// hold it a while: others sleep on it
		pthread_mutex_unlock(&pim);
	}
	return NULL;
}

static void init_pi(pthread_mutex_t *m, int type, int robust, int pshared)
{
	pthread_mutexattr_t a;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT);
	pthread_mutexattr_settype(&a, type);
	pthread_mutexattr_setrobust(&a, robust);
	pthread_mutexattr_setpshared(&a, pshared);
	pthread_mutex_init(m, &a);
	pthread_mutexattr_destroy(&a);
}

static void *unlock_other(void *arg)
{
	printf("  unlock from another thread: %s\n", ename(pthread_mutex_unlock(arg)));
	return NULL;
}

static void *timedlock(void *arg)
{
	struct timespec t = timespec_in_ms(CLOCK_REALTIME, 30), bad = { 0, -1 };

	printf("  timedlock held: %s\n", ename(pthread_mutex_timedlock(arg, &t)));
	printf("  timedlock bad nsec: %s\n", ename(pthread_mutex_timedlock(arg, &bad)));
	printf("  trylock held: %s\n", ename(pthread_mutex_trylock(arg)));
	return NULL;
}

static void glibc_mutexes(void)
{
	pthread_t th[4];
	int proto = -1;
	pthread_mutexattr_t a;

	pthread_mutexattr_init(&a);
	printf("setprotocol PRIO_INHERIT: %s\n",
	       ename(pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT)));
	pthread_mutexattr_getprotocol(&a, &proto);
	printf("getprotocol is PRIO_INHERIT: %s\n", yes(proto == PTHREAD_PRIO_INHERIT));
	pthread_mutexattr_destroy(&a);

	init_pi(&pim, PTHREAD_MUTEX_NORMAL, 0, 0);
	for (int i = 0; i < 4; i++)
		pthread_create(&th[i], NULL, bump, NULL);
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	printf("4 threads x 3000 under a PI mutex: %ld\n", counter);

	init_pi(&pim, PTHREAD_MUTEX_ERRORCHECK, 0, 0);
	printf("errorcheck lock: %s\n", ename(pthread_mutex_lock(&pim)));
	printf("errorcheck lock again: %s\n", ename(pthread_mutex_lock(&pim)));
	pthread_create(&th[0], NULL, unlock_other, &pim);
	pthread_join(th[0], NULL);
	pthread_create(&th[0], NULL, timedlock, &pim);
	pthread_join(th[0], NULL);
	printf("errorcheck unlock: %s\n", ename(pthread_mutex_unlock(&pim)));
	printf("errorcheck unlock again: %s\n", ename(pthread_mutex_unlock(&pim)));

	init_pi(&pim, PTHREAD_MUTEX_RECURSIVE, 0, 0);
	printf("recursive lock: %s\n", ename(pthread_mutex_lock(&pim)));
	printf("recursive lock again: %s\n", ename(pthread_mutex_lock(&pim)));
	printf("recursive unlock: %s\n", ename(pthread_mutex_unlock(&pim)));
	printf("recursive unlock: %s\n", ename(pthread_mutex_unlock(&pim)));
	printf("recursive unlock again: %s\n", ename(pthread_mutex_unlock(&pim)));
}

// A robust PI mutex in a System V segment, between two processes.
struct shared {
	pthread_mutex_t m;
	volatile int step;
};

static void robust_shared(void)
{
	int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	struct shared *s = shmat(id, NULL, 0);
	pid_t pid;
	int st;

	shmctl(id, IPC_RMID, NULL);
	init_pi(&s->m, PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_ROBUST, PTHREAD_PROCESS_SHARED);

	// The owner dies holding it, nobody waiting.
	if ((pid = fork()) == 0) {
		pthread_mutex_lock(&s->m);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	printf("lock after the owner died: %s\n", ename(pthread_mutex_lock(&s->m)));
	printf("unlock without consistent: %s\n", ename(pthread_mutex_unlock(&s->m)));
	printf("lock: %s\n", ename(pthread_mutex_lock(&s->m)));
	printf("trylock: %s\n", ename(pthread_mutex_trylock(&s->m)));

	// The owner dies while we sleep on it: handed to us, marked.
	init_pi(&s->m, PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_ROBUST, PTHREAD_PROCESS_SHARED);
	s->step = 0;
	if ((pid = fork()) == 0) {
		pthread_mutex_lock(&s->m);
		s->step = 1;
		while (!(s->m.__data.__lock & FUTEX_WAITERS))
			usleep(1000);
		usleep(20000);
		_exit(0);
	}
	while (!s->step)
		usleep(1000);
	printf("lock while the owner dies: %s\n", ename(pthread_mutex_lock(&s->m)));
	printf("consistent: %s\n", ename(pthread_mutex_consistent(&s->m)));
	printf("unlock: %s\n", ename(pthread_mutex_unlock(&s->m)));
	printf("lock: %s\n", ename(pthread_mutex_lock(&s->m)));
	printf("unlock: %s\n", ename(pthread_mutex_unlock(&s->m)));
	waitpid(pid, &st, 0);

	// Contended between two processes, each with its own attach.
	if ((pid = fork()) == 0) {
		struct shared *c = shmat(id, NULL, 0);

		for (int i = 0; i < 2000; i++) {
			pthread_mutex_lock(&c->m);
			c->step++;
			pthread_mutex_unlock(&c->m);
		}
		_exit(0);
	}
	for (int i = 0; i < 2000; i++) {
		pthread_mutex_lock(&s->m);
		s->step++;
		pthread_mutex_unlock(&s->m);
	}
	waitpid(pid, &st, 0);
	printf("two processes x 2000 under a shared PI mutex: %d\n", s->step - 1);
	shmdt(s);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	errors();
	contention();
	timeouts();
	deadlock();
	requeue();
	glibc_mutexes();
	robust_shared();
	return 0;
}
