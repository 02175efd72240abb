// proc_clone: clone's flags do what they say. CLONE_VM shares memory (the child's
// writes are the parent's), CLONE_VFORK holds the parent until the child execs or exits,
// vfork() does both; the low byte is the signal the parent gets at the child's exit (a
// child that sends no SIGCHLD is waited for with __WCLONE or __WALL); CLONE_PARENT makes
// a sibling; the tid pointers and CLONE_SETTLS. posix_spawn (clone(CLONE_VM|CLONE_VFORK)
// in glibc) reports a missing program as ENOENT. Bad combinations are EINVAL.
#define _GNU_SOURCE
#include <asm/ldt.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#define STACK_SIZE (64 * 1024)

static char *self;
static volatile int shared;		// written by children
static volatile pid_t child_tid, parent_tid;
static char stack[STACK_SIZE] __attribute__((aligned(16)));

static void *stack_top(void)
{
	return stack + STACK_SIZE;
}

static int set_shared(void *arg)
{
	shared = (intptr_t)arg;
	return 7;
}

// Waits for pid with options; prints how it ended.
static void reap(const char *what, pid_t pid, int options)
{
	int st;
	pid_t r = waitpid(pid, &st, options);

	if (r < 0)
		printf("%s: waitpid: %s\n", what, ename(errno));
	else
		printf("%s: waitpid: the child, exit %d\n", what, WEXITSTATUS(st));
}

static void vm(void)
{
	pid_t pid;

	shared = 0;
	pid = clone(set_shared, stack_top(), CLONE_VM | SIGCHLD, (void *)11);
	reap("CLONE_VM", pid, 0);
	printf("CLONE_VM: the parent sees the child's write: %s\n", yes(shared == 11));
	shared = 0;
	pid = clone(set_shared, stack_top(), SIGCHLD, (void *)12);
	reap("no CLONE_VM", pid, 0);
	printf("no CLONE_VM: the parent sees the child's write: %s\n", yes(shared == 12));
}

static int sleep_then_set(void *arg)
{
	nanosleep(&(struct timespec){ 0, 100 * 1000 * 1000 }, NULL);
	shared = (intptr_t)arg;
	return 0;
}

static void vforks(void)
{
	pid_t pid;

	shared = 0;
	pid = clone(sleep_then_set, stack_top(), CLONE_VM | CLONE_VFORK | SIGCHLD, (void *)21);
	printf("CLONE_VFORK: the parent ran on only once the child had exited: %s\n",
	       yes(shared == 21));
	reap("CLONE_VFORK", pid, 0);

	shared = 0;
	fflush(stdout);
	pid = vfork();
	if (pid == 0) {
		nanosleep(&(struct timespec){ 0, 100 * 1000 * 1000 }, NULL);
		shared = 22;
		_exit(3);
	}
	printf("vfork: the parent waited and shares the child's memory: %s\n", yes(shared == 22));
	reap("vfork", pid, 0);

	fflush(stdout);
	pid = vfork();
	if (pid == 0) {
		execl(self, self, "exit5", (char *)NULL);
		_exit(99);
	}
	reap("vfork then exec", pid, 0);
}

static void exit_signals(void)
{
	sigset_t usr1;
	siginfo_t si;
	pid_t pid;

	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	pid = clone(set_shared, stack_top(), SIGUSR1, (void *)31);
	sigwaitinfo(&usr1, &si);
	printf("exit signal SIGUSR1: it came, from the child: %s\n", yes(si.si_pid == pid));
	reap("  without __WCLONE", pid, 0);
	reap("  with __WCLONE", pid, __WCLONE);
	sigprocmask(SIG_UNBLOCK, &usr1, NULL);

	pid = clone(set_shared, stack_top(), 0, (void *)32);
	nanosleep(&(struct timespec){ 0, 50 * 1000 * 1000 }, NULL);
	reap("exit signal 0, without __WALL", pid, WNOHANG);
	reap("exit signal 0, with __WALL", pid, __WALL);
	pid = clone(set_shared, stack_top(), SIGCHLD, (void *)33);
	reap("SIGCHLD child, with __WCLONE", pid, __WCLONE | WNOHANG);
	reap("SIGCHLD child, without", pid, 0);
}

// In a child of ours: a CLONE_PARENT child is its sibling, ours to reap.
static void parent_flag(void)
{
	int p[2];
	pid_t mid, sib = 0;

	pipe(p);
	fflush(stdout);
	mid = fork();
	if (mid == 0) {
		pid_t s = clone(set_shared, stack_top(), CLONE_PARENT | SIGCHLD, (void *)41);

		write(p[1], &s, sizeof(s));
		errno = 0;
		printf("CLONE_PARENT: the caller's waitpid: %s\n",
		       waitpid(s, NULL, 0) < 0 ? ename(errno) : "the child");
		fflush(stdout);
		_exit(0);
	}
	read(p[0], &sib, sizeof(sib));
	reap("CLONE_PARENT: our waitpid for our child's sibling", sib, 0);
	reap("CLONE_PARENT: and for our child", mid, 0);
	close(p[0]);
	close(p[1]);
}

static int report_tid(void *arg)
{
	(void)arg;
	shared = child_tid == syscall(SYS_gettid);
	return 0;
}

static void tids(void)
{
	pid_t pid;

	child_tid = parent_tid = 0;
	pid = clone(report_tid, stack_top(),
		    CLONE_VM | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID |
			    SIGCHLD,
		    NULL, &parent_tid, NULL, &child_tid);
	waitpid(pid, NULL, 0);
	printf("CLONE_PARENT_SETTID: %s; CLONE_CHILD_SETTID seen by the child: %s; "
	       "CLONE_CHILD_CLEARTID: %s\n", yes(parent_tid == pid), yes(shared == 1),
	       yes(child_tid == 0));
}

static int report_tls(void *arg)
{
	struct user_desc *u = arg, got = { .entry_number = u->entry_number };

	syscall(SYS_get_thread_area, &got);
	shared = got.base_addr == u->base_addr;
	return 0;
}

static void settls(void)
{
	unsigned short gs;
	struct user_desc u = { .base_addr = 0x1000, .limit = 0xFFFFF, .seg_32bit = 1,
			       .limit_in_pages = 1 }, mine;
	pid_t pid;

	asm volatile("mov %%gs, %0" : "=r"(gs));
	u.entry_number = (gs >> 3) + 1;
	shared = 0;
	pid = clone(report_tls, stack_top(), CLONE_VM | CLONE_SETTLS | SIGCHLD, &u, NULL, &u);
	waitpid(pid, NULL, 0);
	mine.entry_number = u.entry_number;
	syscall(SYS_get_thread_area, &mine);
	printf("CLONE_SETTLS: the child has the entry: %s; the parent not: %s\n",
	       yes(shared == 1), yes(mine.base_addr != u.base_addr));
	u.seg_32bit = 0;
	errno = 0;
	TRY("CLONE_SETTLS with a 16-bit segment",
	    clone(report_tls, stack_top(), CLONE_VM | CLONE_SETTLS | SIGCHLD, &u, NULL, &u, NULL));
	TRY("CLONE_SETTLS with a bad pointer",
	    clone(report_tls, stack_top(), CLONE_VM | CLONE_SETTLS | SIGCHLD, &u, NULL,
		  (void *)16, NULL));
	u.seg_32bit = 1, u.entry_number = -1;
	TRY("CLONE_SETTLS with entry -1",
	    clone(report_tls, stack_top(), CLONE_VM | CLONE_SETTLS | SIGCHLD, &u, NULL, &u, NULL));
}

static void bad_flags(void)
{
	// These fail before any child exists, so the raw call cannot return twice.
	TRY("CLONE_SIGHAND without CLONE_VM", syscall(SYS_clone, CLONE_SIGHAND | SIGCHLD, 0, 0, 0, 0));
	TRY("CLONE_THREAD without CLONE_SIGHAND",
	    syscall(SYS_clone, CLONE_THREAD | CLONE_VM | SIGCHLD, 0, 0, 0, 0));
	TRY("CLONE_NEWNS with CLONE_FS",
	    syscall(SYS_clone, CLONE_NEWNS | CLONE_FS | SIGCHLD, 0, 0, 0, 0));
}

static void spawn(void)
{
	char *argv[] = { "nothing-here", NULL }, *envp[] = { NULL };
	pid_t pid;
	int r, st;

	r = posix_spawn(&pid, "/nonexistent/program", NULL, NULL, argv, envp);
	printf("posix_spawn of a missing program: %s\n", r ? ename(r) : "0");
	argv[0] = self;
	char *args[] = { self, "exit5", NULL };
	r = posix_spawn(&pid, self, NULL, NULL, args, envp);
	waitpid(pid, &st, 0);
	printf("posix_spawn of this program: %s, exit %d\n", r ? ename(r) : "0", WEXITSTATUS(st));
	setenv("PATH", "/nonexistent/bin:/nonexistent/sbin", 1);	// the same everywhere
	r = posix_spawnp(&pid, "no-such-program-anywhere", NULL, NULL, argv, envp);
	printf("posix_spawnp of a missing program: %s\n", r ? ename(r) : "0");
}

int main(int argc, char **argv)
{
	self = argv[0];
	if (argc > 1 && strcmp(argv[1], "exit5") == 0)
		return 5;
	setvbuf(stdout, NULL, _IOLBF, 0);
	vm();
	vforks();
	exit_signals();
	parent_flag();
	tids();
	settls();
	bad_flags();
	spawn();
	return 0;
}
