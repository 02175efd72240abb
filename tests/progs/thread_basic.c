// thread_basic: glibc's threads on clone(CLONE_THREAD...). Threads share getpid() and
// have their own gettid(); they share memory, descriptors (CLONE_FILES), the working
// directory and umask (CLONE_FS) and handlers (CLONE_SIGHAND); /proc/self/task lists
// them and status counts them. pthread_join's wait is CLONE_CHILD_CLEARTID's futex wake.
// exit ends one thread, exit_group (exit()) all; the parent's wait sees the process end
// only when its last thread has gone; a fatal signal in one thread kills them all; a
// signal to the process goes to a thread that does not block it, tgkill to the one named;
// execve from a thread ends the others and keeps the pid; robust mutexes of a dead
// thread say EOWNERDEAD.
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#define NTHREADS 4

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t barrier;
static long counter;
static pid_t main_pid;

static pid_t gettid_(void)
{
	return syscall(SYS_gettid);
}

static void *count(void *arg)
{
	for (int i = 0; i < 20000; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		if (i % 2000 == 0)
			sched_yield();
		pthread_mutex_unlock(&lock);
	}
	return (void *)(intptr_t)(getpid() == main_pid && gettid_() != main_pid);
}

static int count_tasks(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

static int status_threads(void)
{
	char line[128];
	int n = -1;
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f))
		sscanf(line, "Threads: %d", &n);
	if (f)
		fclose(f);
	return n;
}

static void *at_barrier(void *arg)
{
	pthread_barrier_wait(&barrier);		// all here: main counts
	pthread_barrier_wait(&barrier);		// main has counted
	return NULL;
}

static void create_join(void)
{
	pthread_t t[NTHREADS];
	void *r;
	int all = 1;

	for (int i = 0; i < NTHREADS; i++)
		pthread_create(&t[i], NULL, count, NULL);
	for (int i = 0; i < NTHREADS; i++) {
		pthread_join(t[i], &r);
		all &= r == (void *)1;
	}
	printf("threads: same pid, own tid: %s\n", yes(all));
	printf("counter under the mutex: %ld\n", counter);

	pthread_barrier_init(&barrier, NULL, NTHREADS + 1);
	for (int i = 0; i < NTHREADS; i++)
		pthread_create(&t[i], NULL, at_barrier, NULL);
	pthread_barrier_wait(&barrier);
	printf("/proc/self/task entries: %d, status Threads: %d\n", count_tasks(), status_threads());
	pthread_barrier_wait(&barrier);
	for (int i = 0; i < NTHREADS; i++)
		pthread_join(t[i], NULL);
	printf("after join: /proc/self/task entries: %d, Threads: %d\n", count_tasks(),
	       status_threads());
	pthread_barrier_destroy(&barrier);
}

static int shared_fd = -1;
static void on_usr2(int sig) { }

static void *share(void *arg)
{
	shared_fd = open("/dev/null", O_RDONLY);
	chdir("/tmp");
	umask(077);
	signal(SIGUSR2, on_usr2);
	return NULL;
}

static void sharing(void)
{
	pthread_t t;
	char cwd[64];
	mode_t old;
	struct sigaction sa;

	pthread_create(&t, NULL, share, NULL);
	pthread_join(t, NULL);
	printf("the thread's open file is ours: %s\n", yes(fcntl(shared_fd, F_GETFD) >= 0));
	printf("the thread's chdir is ours: %s\n", yes(getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, "/tmp")));
	old = umask(022);
	printf("the thread's umask is ours: %03o\n", (unsigned)old);
	sigaction(SIGUSR2, NULL, &sa);
	printf("the thread's handler is ours: %s\n", yes(sa.sa_handler == on_usr2));
	close(shared_fd);
	chdir("/");
	signal(SIGUSR2, SIG_DFL);
}

static void report(const char *what, pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) != pid)
		printf("%s: waitpid: %s\n", what, ename(errno));
	else if (WIFEXITED(st))
		printf("%s: exit %d\n", what, WEXITSTATUS(st));
	else
		printf("%s: killed by %s\n", what, sigabbrev_np(WTERMSIG(st)));
}

static void *exit_7(void *arg)
{
	usleep(20000);
	exit(7);
}

static void *sleep_then_exit_3(void *arg)
{
	usleep(100000);
	exit(3);
}

static void *segv(void *arg)
{
	raise(SIGSEGV);
	return NULL;
}

static void *forever(void *arg)
{
	for (;;)
		pause();
	return NULL;
}

static void exits(void)
{
	pthread_t t;
	pid_t pid;
	int st;

	if ((pid = fork()) == 0) {
		pthread_create(&t, NULL, forever, NULL);
		pthread_create(&t, NULL, exit_7, NULL);
		pthread_join(t, NULL);
		_exit(1);
	}
	report("exit() in a thread ends the process", pid);

	if ((pid = fork()) == 0) {
		pthread_create(&t, NULL, sleep_then_exit_3, NULL);
		pthread_exit(NULL);	// the leader goes first
	}
	usleep(30000);
	printf("leader gone, a thread left: WNOHANG: %s\n",
	       yes(waitpid(pid, &st, WNOHANG) == 0));
	report("the last thread's exit", pid);

	if ((pid = fork()) == 0) {
		pthread_create(&t, NULL, forever, NULL);
		pthread_create(&t, NULL, segv, NULL);
		pthread_join(t, NULL);
		_exit(1);
	}
	report("SIGSEGV in a thread", pid);

	if ((pid = fork()) == 0) {
		pthread_create(&t, NULL, forever, NULL);
		usleep(10000);
		for (;;)
			pause();
	}
	usleep(30000);
	kill(pid, SIGTERM);
	report("SIGTERM to the process", pid);
}

static volatile pid_t handled_by;
static void on_usr1(int sig)
{
	handled_by = gettid_();
}

static pid_t worker_tid;
static void *worker(void *arg)
{
	worker_tid = gettid_();
	pthread_barrier_wait(&barrier);
	while (!handled_by)
		usleep(1000);
	return NULL;
}

static void signals(void)
{
	pthread_t t;

	signal(SIGUSR1, on_usr1);
	pthread_barrier_init(&barrier, NULL, 2);
	pthread_create(&t, NULL, worker, NULL);
	pthread_barrier_wait(&barrier);
	printf("tgkill to a thread that blocks nothing: %d\n",
	       (int)syscall(SYS_tgkill, getpid(), worker_tid, SIGUSR1));
	pthread_join(t, NULL);
	printf("the handler ran in that thread: %s\n", yes(handled_by == worker_tid));
	TRY("tgkill with the wrong tgid", syscall(SYS_tgkill, getpid() + 10000, gettid_(), 0));
	TRY("tgkill of an ended thread", syscall(SYS_tgkill, getpid(), worker_tid, 0));
	pthread_barrier_destroy(&barrier);
	signal(SIGUSR1, SIG_DFL);
}

static void *worker_unblocked(void *arg)
{
	sigset_t usr1;

	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	pthread_sigmask(SIG_UNBLOCK, &usr1, NULL);
	worker_tid = gettid_();
	pthread_barrier_wait(&barrier);
	while (!handled_by)
		usleep(1000);
	return NULL;
}

static void process_signal(void)
{
	pthread_t t;
	sigset_t usr1;

	handled_by = 0;
	signal(SIGUSR1, on_usr1);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	pthread_barrier_init(&barrier, NULL, 2);
	pthread_sigmask(SIG_BLOCK, &usr1, NULL);
	pthread_create(&t, NULL, worker_unblocked, NULL);
	pthread_barrier_wait(&barrier);
	kill(getpid(), SIGUSR1);
	pthread_join(t, NULL);
	printf("kill(getpid()) with main blocking it: the other thread handled it: %s\n",
	       yes(handled_by == worker_tid));
	pthread_sigmask(SIG_UNBLOCK, &usr1, NULL);
	pthread_barrier_destroy(&barrier);
	signal(SIGUSR1, SIG_DFL);
}

static char *self;
static void *exec_self(void *arg)
{
	char pid[16];

	snprintf(pid, sizeof(pid), "%d", getpid());
	execl(self, self, "exec-check", pid, (char *)NULL);
	printf("execl: %s\n", ename(errno));
	exit(1);
}

static void exec_from_thread(void)
{
	pthread_t t;
	pid_t pid;

	if ((pid = fork()) == 0) {
		pthread_create(&t, NULL, forever, NULL);
		pthread_create(&t, NULL, exec_self, NULL);
		for (;;)
			pause();
	}
	report("execve from a thread", pid);
}

static pthread_mutex_t robust;
static void *lock_and_die(void *arg)
{
	pthread_mutex_lock(&robust);
	return NULL;
}

static void robust_mutex(void)
{
	pthread_mutexattr_t a;
	pthread_t t;
	void *head = NULL;
	size_t len = 0;

	long r = syscall(SYS_get_robust_list, 0, &head, &len);
	int e;

	printf("get_robust_list: %ld, len %zu, head set: %s\n", r, len, yes(head != NULL));
	TRY("set_robust_list, len 11", syscall(SYS_set_robust_list, head, 11));
	pthread_mutexattr_init(&a);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	pthread_mutex_init(&robust, &a);
	pthread_create(&t, NULL, lock_and_die, NULL);
	pthread_join(t, NULL);
	printf("lock a robust mutex its dead owner held: %s\n", ename(pthread_mutex_lock(&robust)));
	printf("pthread_mutex_consistent: %d\n", pthread_mutex_consistent(&robust));
	e = pthread_mutex_unlock(&robust);
	printf("unlock, lock again: %d %d\n", e, pthread_mutex_lock(&robust));
	pthread_mutex_unlock(&robust);
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "exec-check")) {
		printf("exec'd from a thread: same pid: %s, Threads: %d\n",
		       yes(getpid() == atoi(argv[2])), status_threads());
		return 9;
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	self = realpath(argv[0], NULL);
	main_pid = getpid();
	printf("gettid() == getpid() in main: %s\n", yes(gettid_() == getpid()));
	create_join();
	sharing();
	exits();
	signals();
	process_signal();
	exec_from_thread();
	robust_mutex();
	return 0;
}
