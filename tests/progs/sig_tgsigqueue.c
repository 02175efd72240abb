// sig_tgsigqueue: rt_tgsigqueueinfo (335), rt_sigqueueinfo to one thread, with Linux's checks
// in its order (EFAULT for the record, EINVAL for a tgid or tid <= 0, EPERM for a record
// claiming kill's or tkill's codes sent to another thread, ESRCH for a tid not in tgid
// before EINVAL for a bad signal, 0 for the null signal), delivered to the thread named
// with the caller's record; tgkill's ESRCH also comes before its EINVAL. RLIMIT_SIGPENDING
// counts the queued signals of each receiving user, across its processes: sigqueue past it
// fails EAGAIN, kill's signal is pending all the same, without its record. (That part runs
// as a user of its own, whose count no other process on the host adds to.)
// host: uids
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static pid_t gettid_(void)
{
	return syscall(SYS_gettid);
}

static long tgsigqueueinfo(pid_t tgid, pid_t tid, int sig, siginfo_t *si)
{
	return syscall(SYS_rt_tgsigqueueinfo, tgid, tid, sig, si);
}

static volatile pid_t worker_tid, handled_in;
static volatile int handled_code, handled_value, handled_pid_ok;

static void on_rt(int sig, siginfo_t *si, void *ctx)
{
	(void)sig;
	(void)ctx;
	handled_in = gettid_();
	handled_code = si->si_code;
	handled_value = si->si_value.sival_int;
	handled_pid_ok = si->si_pid == getpid();
}

static void *worker(void *arg)
{
	(void)arg;
	worker_tid = gettid_();
	while (!handled_in)
		usleep(1000);
	return NULL;
}

static siginfo_t record(int code, int value)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	si.si_signo = SIGRTMIN;
	si.si_code = code;
	si.si_pid = getpid();
	si.si_uid = getuid();
	si.si_value.sival_int = value;
	return si;
}

static void tgsigqueue(void)
{
	struct sigaction sa = { .sa_sigaction = on_rt, .sa_flags = SA_SIGINFO };
	siginfo_t si = record(SI_QUEUE, 42), user = record(SI_USER, 0), tk = record(SI_TKILL, 0);
	pthread_t th;
	pid_t me = getpid();

	sigaction(SIGRTMIN, &sa, NULL);
	pthread_create(&th, NULL, worker, NULL);
	while (!worker_tid)
		usleep(1000);
	TRY("bad record", tgsigqueueinfo(me, worker_tid, SIGRTMIN, (void *)16));
	TRY("tgid 0", tgsigqueueinfo(0, worker_tid, SIGRTMIN, &si));
	TRY("tid 0", tgsigqueueinfo(me, 0, SIGRTMIN, &si));
	TRY("tid -1", tgsigqueueinfo(me, -1, SIGRTMIN, &si));
	TRY("SI_USER to another thread", tgsigqueueinfo(me, worker_tid, SIGRTMIN, &user));
	TRY("SI_TKILL to another thread", tgsigqueueinfo(me, worker_tid, SIGRTMIN, &tk));
	TRY("SI_USER to another thread, no such tid",
	    tgsigqueueinfo(me, 0x3ffffff0, SIGRTMIN, &user));
	TRY("wrong tgid", tgsigqueueinfo(me + 100000, worker_tid, SIGRTMIN, &si));
	TRY("no such tid, bad signal", tgsigqueueinfo(me, 0x3ffffff0, 1000, &si));
	TRY("bad signal", tgsigqueueinfo(me, worker_tid, 1000, &si));
	TRY("null signal", tgsigqueueinfo(me, worker_tid, 0, &si));
	TRY("tgkill no such tid, bad signal", syscall(SYS_tgkill, me, 0x3ffffff0, 1000));
	TRY("tgkill bad signal", syscall(SYS_tgkill, me, worker_tid, 1000));
	TRY("SI_QUEUE to the worker", tgsigqueueinfo(me, worker_tid, SIGRTMIN, &si));
	pthread_join(th, NULL);
	printf("handled in the worker: %s, code SI_QUEUE: %s, value %d, pid ours: %s\n",
	       yes(handled_in == worker_tid), yes(handled_code == SI_QUEUE), handled_value,
	       yes(handled_pid_ok));
	handled_in = 0;
	TRY("SI_USER to oneself", tgsigqueueinfo(me, gettid_(), SIGRTMIN, &user));
	printf("handled in main: %s, code SI_USER: %s\n", yes(handled_in == gettid_()),
	       yes(handled_code == SI_USER));
}

static volatile int nhandled;

static void count(int sig)
{
	(void)sig;
	nhandled++;
}

static void sigpending_limit(void)
{
	struct rlimit rl = { 5, 5 };
	struct sigaction sa = { .sa_handler = count };
	union sigval v = { .sival_int = 0 };
	sigset_t set;
	pid_t pid;
	int st, sent = 0;

	if (setgid(4321) || setuid(4321))
		printf("setuid: %s\n", ename(errno));
	sigaction(SIGRTMIN + 1, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN + 1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	printf("setrlimit SIGPENDING 5: %d\n", setrlimit(RLIMIT_SIGPENDING, &rl));
	for (int i = 0; i < 3; i++)
		sent += sigqueue(getpid(), SIGRTMIN + 1, v) == 0;
	printf("queued to ourselves: %d\n", sent);

	// The same user, in another process: 2 more fit.
	if ((pid = fork()) == 0) {
		int n = 0, err = 0;

		for (int i = 0; i < 4; i++) {
			if (sigqueue(getpid(), SIGRTMIN + 1, v) == 0)
				n++;
			else
				err = errno;
		}
		printf("  child queued %d, then %s\n", n, ename(err));
		printf("  child's kill past the limit: %d\n", kill(getpid(), SIGRTMIN + 1));
		_exit(0);
	}
	waitpid(pid, &st, 0);
	TRY("sigqueue once the child has gone", sigqueue(getpid(), SIGRTMIN + 1, v));
	TRY("sigqueue again", sigqueue(getpid(), SIGRTMIN + 1, v));
	TRY("sigqueue again", sigqueue(getpid(), SIGRTMIN + 1, v));
	TRY("sigqueue past the limit", sigqueue(getpid(), SIGRTMIN + 1, v));
	TRY("tgkill past the limit", syscall(SYS_tgkill, getpid(), gettid_(), SIGRTMIN + 1));
	TRY("kill past the limit", kill(getpid(), SIGRTMIN + 1));
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	printf("handled: %d\n", nhandled);
	TRY("sigqueue after", sigqueue(getpid(), SIGRTMIN + 1, v));
	printf("handled: %d\n", nhandled);
}

int main(void)
{
	pid_t pid;
	int st;

	setvbuf(stdout, NULL, _IOLBF, 0);
	tgsigqueue();
	if ((pid = fork()) == 0) {
		sigpending_limit();
		_exit(0);
	}
	waitpid(pid, &st, 0);
	return 0;
}
