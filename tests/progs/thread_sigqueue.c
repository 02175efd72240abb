// thread_sigqueue: signals sent to a process wait in the process's set (Linux's
// shared_pending), not in one thread's. A signal every thread blocks stays pending for
// all of them: sigpending in any thread shows it, beside the thread's own (tgkill's);
// the first thread to unblock it takes it, and sigwaitinfo in any thread can. A thread
// waiting in sigwaitinfo is woken by kill to its process. Realtime signals queue: each
// kill or sigqueue is taken once, in the order sent (si_value says which), lowest
// number first; a standard signal sent twice is pending once. (glibc's sigtimedwait
// shows tgkill's SI_TKILL as SI_USER.) Queued signals are let go when their thread or
// process ends: children that each leave 400 queued behind, to the process and to a
// thread, do not use up the room for more. /proc/PID/task/TID/status
// shows a thread's SigPnd and its process's ShdPnd.
#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

// A thread that runs, one at a time, the jobs main hands it.
struct worker {
	pthread_t th;
	pid_t tid;
	sem_t go, done;
	void (*job)(struct worker *);
	int result[4];
};

static struct worker w1, w2;
static volatile pid_t handled_by;
static volatile int handled;

static pid_t gettid_(void)
{
	return syscall(SYS_gettid);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	w->tid = gettid_();
	sem_post(&w->done);
	for (;;) {
		while (sem_wait(&w->go))
			;
		w->job(w);
		sem_post(&w->done);
	}
	return NULL;
}

static void start(struct worker *w)
{
	sem_init(&w->go, 0, 0);
	sem_init(&w->done, 0, 0);
	pthread_create(&w->th, NULL, worker_main, w);
	while (sem_wait(&w->done))
		;
}

// Hands w a job; finish() waits for it to end.
static void begin(struct worker *w, void (*job)(struct worker *))
{
	w->job = job;
	sem_post(&w->go);
}

static void finish(struct worker *w)
{
	while (sem_wait(&w->done))
		;
}

static void run(struct worker *w, void (*job)(struct worker *))
{
	begin(w, job);
	finish(w);
}

static int pending(int sig)
{
	sigset_t s;

	sigpending(&s);
	return sigismember(&s, sig);
}

static const char *signame(int sig)
{
	static char buf[32];

	if (sig >= SIGRTMIN)
		snprintf(buf, sizeof(buf), "SIGRTMIN+%d", sig - SIGRTMIN);
	else
		snprintf(buf, sizeof(buf), "SIG%s", sigabbrev_np(sig));
	return buf;
}

static const char *codename(int code)
{
	return code == SI_QUEUE ? "SI_QUEUE" : code == SI_USER ? "SI_USER" :
	       code == SI_TKILL ? "SI_TKILL" : "other";
}

static const char *who(pid_t tid)
{
	return tid == w1.tid ? "worker 1" : tid == w2.tid ? "worker 2" :
	       tid == getpid() ? "main" : "nobody";
}

static void on_signal(int sig)
{
	handled_by = gettid_();
	handled++;
}

static void look(struct worker *w)
{
	w->result[0] = pending(SIGUSR1);
	w->result[1] = pending(SIGUSR2);
}

static void unblock_usr1(struct worker *w)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	pthread_sigmask(SIG_UNBLOCK, &s, NULL);	// the handler runs on the way out
	w->result[0] = handled;
}

static void block_usr1(struct worker *w)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &s, NULL);
}

// Prints the SigPnd and ShdPnd lines of thread tid's status.
static void show_pending_lines(pid_t tid)
{
	char path[64], buf[4096], *line;

	snprintf(path, sizeof(path), "/proc/self/task/%d/status", tid);
	if (slurp_file(path, buf, sizeof(buf)) < 0) {
		printf("%s: unreadable\n", path);
		return;
	}
	for (line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"))
		if (!strncmp(line, "SigPnd:", 7) || !strncmp(line, "ShdPnd:", 7))
			printf("  %s: %s\n", who(tid), line);
}

static void blocked_everywhere(void)
{
	printf("-- a signal every thread blocks\n");
	kill(getpid(), SIGUSR1);
	run(&w1, look);
	run(&w2, look);
	printf("kill SIGUSR1: pending in main %s, worker 1 %s, worker 2 %s\n",
	       yes(pending(SIGUSR1)), yes(w1.result[0]), yes(w2.result[0]));
	syscall(SYS_tgkill, getpid(), w1.tid, SIGUSR2);
	run(&w1, look);
	run(&w2, look);
	printf("tgkill SIGUSR2 to worker 1: pending in main %s, worker 1 %s, worker 2 %s\n",
	       yes(pending(SIGUSR2)), yes(w1.result[1]), yes(w2.result[1]));
	show_pending_lines(getpid());
	show_pending_lines(w1.tid);
	signal(SIGUSR1, on_signal);
	run(&w2, unblock_usr1);
	printf("worker 2 unblocks SIGUSR1: handled %d time(s), by %s, before its sigprocmask returned: %s\n",
	       handled, who(handled_by), yes(w2.result[0] == 1));
	printf("SIGUSR1 pending in main now: %s\n", yes(pending(SIGUSR1)));
	handled = 0;
	kill(getpid(), SIGUSR1);	// worker 2 takes it: it is the only one that can
	run(&w2, look);		// a job: worker 2 has run since
	printf("kill SIGUSR1 again: handled %d time(s), by %s\n", handled, who(handled_by));
	run(&w2, block_usr1);
}

static void wait_hup(struct worker *w)
{
	sigset_t s;
	siginfo_t si;

	sigemptyset(&s);
	sigaddset(&s, SIGHUP);
	w->result[0] = sigwaitinfo(&s, &si);
	w->result[1] = si.si_code;
	w->result[2] = si.si_pid == getpid();
}

static void take_usr2(struct worker *w)
{
	sigset_t s;
	siginfo_t si;
	struct timespec zero = { 0, 0 };

	sigemptyset(&s);
	sigaddset(&s, SIGUSR2);
	w->result[0] = sigtimedwait(&s, &si, &zero);
	w->result[1] = si.si_code;
}

static void sigwait_in_thread(void)
{
	printf("-- sigwaitinfo in a thread\n");
	kill(getpid(), SIGHUP);
	run(&w1, wait_hup);
	printf("sent before worker 1 waits: %s, SI_USER %s, from us %s\n",
	       signame(w1.result[0]), yes(w1.result[1] == SI_USER), yes(w1.result[2]));
	begin(&w1, wait_hup);
	usleep(50000);		// worker 1 is (most likely) asleep in sigwaitinfo
	kill(getpid(), SIGHUP);
	finish(&w1);
	printf("sent while worker 1 waits: %s, SI_USER %s, from us %s\n",
	       signame(w1.result[0]), yes(w1.result[1] == SI_USER), yes(w1.result[2]));
	printf("SIGHUP pending in main now: %s\n", yes(pending(SIGHUP)));
	run(&w1, take_usr2);
	// glibc's sigtimedwait reports tgkill's SI_TKILL as SI_USER
	printf("worker 1 takes its own SIGUSR2: %s, %s\n",
	       signame(w1.result[0]), codename(w1.result[1]));
	run(&w2, take_usr2);
	printf("worker 2 finds no SIGUSR2: %d %s\n", w2.result[0],
	       w2.result[0] < 0 ? "(none)" : "");
}

// Takes the signals of set pending for this thread or its process, as they come.
static void drain(const sigset_t *set)
{
	struct timespec zero = { 0, 0 };
	siginfo_t si;
	int sig;

	while ((sig = sigtimedwait(set, &si, &zero)) > 0)
		printf("  %s %s value %d\n", signame(sig), codename(si.si_code),
		       si.si_code == SI_QUEUE ? si.si_value.sival_int : 0);
}

static void drain_rt2(struct worker *w)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGRTMIN + 2);
	drain(&s);
}

static void unblock_rt(struct worker *w)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGRTMIN);
	pthread_sigmask(SIG_UNBLOCK, &s, NULL);
	pthread_sigmask(SIG_BLOCK, &s, NULL);
	w->result[0] = handled;
}

static void realtime(void)
{
	sigset_t set;

	printf("-- realtime signals queue\n");
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGRTMIN);
	sigaddset(&set, SIGRTMIN + 1);
	for (int i = 1; i <= 3; i++) {
		kill(getpid(), SIGRTMIN + 1);
		sigqueue(getpid(), SIGRTMIN, (union sigval){ .sival_int = i });
		kill(getpid(), SIGUSR2);
	}
	printf("sent SIGRTMIN+1, SIGRTMIN (sigqueue 1..3) and SIGUSR2, three times each; taken:\n");
	fflush(stdout);
	drain(&set);
	TRY("sigqueue with a bad signal", sigqueue(getpid(), 65, (union sigval){ 0 }));
	for (int i = 0; i < 2; i++)
		syscall(SYS_tgkill, getpid(), w1.tid, SIGRTMIN + 2);
	printf("tgkill SIGRTMIN+2 twice to worker 1; it takes:\n");
	fflush(stdout);
	run(&w1, drain_rt2);
	printf("main takes no SIGRTMIN+2: %s\n", yes(!pending(SIGRTMIN + 2)));
	handled = 0;
	signal(SIGRTMIN, on_signal);
	for (int i = 0; i < 4; i++)
		kill(getpid(), SIGRTMIN);
	run(&w2, unblock_rt);
	printf("SIGRTMIN four times, blocked everywhere, then worker 2 unblocks it: handled %d time(s), by %s\n",
	       w2.result[0], who(handled_by));
}

static void *queue_to_me(void *arg)
{
	long ok = 0;

	for (int i = 0; i < 200; i++)
		ok += syscall(SYS_tgkill, getpid(), gettid_(), SIGRTMIN + 1) == 0;
	return (void *)ok;
}

static void queues_freed(void)
{
	printf("-- queued signals go with their thread or process\n");
	for (int round = 0; round < 3; round++) {
		pid_t pid;
		int st;

		fflush(stdout);
		if ((pid = fork()) == 0) {
			pthread_t t;
			void *ok;
			int queued = 0;

			for (int i = 0; i < 200; i++)
				queued += sigqueue(getpid(), SIGRTMIN, (union sigval){ .sival_int = i }) == 0;
			pthread_create(&t, NULL, queue_to_me, NULL);
			pthread_join(t, &ok);
			_exit(queued == 200 && (long)ok == 200 ? 0 : 1);
		}
		waitpid(pid, &st, 0);
		printf("child %d queued 200 to itself and 200 to a thread that ended: %s\n", round,
		       yes(WIFEXITED(st) && WEXITSTATUS(st) == 0));
	}
}

int main(void)
{
	sigset_t all;

	setvbuf(stdout, NULL, _IOLBF, 0);
	sigemptyset(&all);
	sigaddset(&all, SIGUSR1);
	sigaddset(&all, SIGUSR2);
	sigaddset(&all, SIGHUP);
	for (int i = 0; i < 3; i++)
		sigaddset(&all, SIGRTMIN + i);
	sigprocmask(SIG_BLOCK, &all, NULL);	// the threads start with it
	start(&w1);
	start(&w2);
	blocked_everywhere();
	sigwait_in_thread();
	realtime();
	queues_freed();
	return 0;
}
