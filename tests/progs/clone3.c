// clone3: the struct clone_args form of clone that glibc's pthread_create tries first.
// A fork through it, CLONE_PIDFD and CLONE_PARENT_SETTID with pointers of their own,
// CLONE_CLEAR_SIGHAND (handlers back to SIG_DFL, SIG_IGN kept), and Linux's errors in its
// order: the size, the struct's tail, the exit signal, the flags clone3 refuses, the stack,
// set_tid and CLONE_INTO_CGROUP.
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define NR_clone3		435
#define CLONE_PIDFD_		0x00001000
#define CLONE_SIGHAND_		0x00000800
#define CLONE_VM_		0x00000100
#define CLONE_THREAD_		0x00010000
#define CLONE_DETACHED_		0x00400000
#define CLONE_PARENT_SETTID_	0x00100000
#define CLONE_CLEAR_SIGHAND_	0x100000000ULL
#define CLONE_INTO_CGROUP_	0x200000000ULL

struct clone_args_ {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
	uint64_t stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};

static long clone3_(struct clone_args_ *a, size_t size)
{
	return syscall(NR_clone3, a, size);
}

static void on_usr1(int sig)
{
	(void)sig;
}

// One call that must fail: its errno by name.
static void bad(const char *what, struct clone_args_ a, size_t size)
{
	long r = clone3_(&a, size);

	if (r == 0)
		_exit(0);	/* a child after all: the parent prints the result */
	if (r > 0)
		waitpid(r, NULL, 0);
	printf("%-44s %ld %s\n", what, r, r < 0 ? ename(errno) : "");
}

static void forks(void)
{
	struct clone_args_ a;
	int pidfd = -1, ptid = 0, status;
	long pid;

	memset(&a, 0, sizeof(a));
	a.exit_signal = SIGCHLD;
	if ((pid = clone3_(&a, 64)) == 0)
		_exit(5);
	status = waitpid(pid, &status, 0) == pid ? status : -1;
	printf("fork: child %s, exit %d\n", yes(pid > 0), WIFEXITED(status) ? WEXITSTATUS(status) : -1);

	a.flags = CLONE_PIDFD_ | CLONE_PARENT_SETTID_;
	a.pidfd = (uintptr_t)&pidfd;
	a.parent_tid = (uintptr_t)&ptid;
	if ((pid = clone3_(&a, sizeof(a))) == 0)
		_exit(6);
	printf("CLONE_PIDFD + PARENT_SETTID: parent_tid is the pid %s, pidfd open %s\n",
	       yes(ptid == pid), yes(fcntl(pidfd, F_GETFD) >= 0));
	waitpid(pid, &status, 0);
	close(pidfd);

	// The child's handlers: SIGUSR1's back to SIG_DFL, SIGUSR2 still ignored.
	signal(SIGUSR1, on_usr1);
	signal(SIGUSR2, SIG_IGN);
	memset(&a, 0, sizeof(a));
	a.flags = CLONE_CLEAR_SIGHAND_;
	a.exit_signal = SIGCHLD;
	if ((pid = clone3_(&a, 64)) == 0) {
		struct sigaction s1, s2;

		sigaction(SIGUSR1, NULL, &s1);
		sigaction(SIGUSR2, NULL, &s2);
		_exit((s1.sa_handler == SIG_DFL) | (s2.sa_handler == SIG_IGN) << 1);
	}
	waitpid(pid, &status, 0);
	printf("CLONE_CLEAR_SIGHAND: SIGUSR1 default %s, SIGUSR2 still ignored %s\n",
	       yes(WEXITSTATUS(status) & 1), yes(WEXITSTATUS(status) & 2));
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
}

int main(void)
{
	static char big[4200];
	struct clone_args_ z, a;
	int tid = -1, self = getpid();
	long r;

	setvbuf(stdout, NULL, _IONBF, 0);
	forks();
	memset(&z, 0, sizeof(z));
	z.exit_signal = SIGCHLD;

	a = z;
	bad("size 63", a, 63);
	bad("size 4097", a, 4097);
	errno = 0;
	r = clone3_(NULL, 64);
	printf("%-44s %ld %s\n", "NULL args", r, ename(errno));
	memcpy(big, &z, sizeof(z));
	big[100] = 1;
	errno = 0;
	r = clone3_((struct clone_args_ *)big, 128);
	printf("%-44s %ld %s\n", "128 bytes, one past ours not zero", r, ename(errno));
	a = z, a.exit_signal = 65;
	bad("exit_signal 65", a, 64);
	a = z, a.exit_signal = 0x100000000ULL | SIGCHLD;
	bad("exit_signal with high bits", a, 64);
	a = z, a.flags = SIGCHLD;
	bad("a signal in flags", a, 64);
	a = z, a.flags = CLONE_DETACHED_;
	bad("CLONE_DETACHED", a, 64);
	a = z, a.flags = 0x400000000ULL;
	bad("an unknown flag above 32 bits", a, 64);
	a = z, a.flags = CLONE_SIGHAND_ | CLONE_VM_ | CLONE_CLEAR_SIGHAND_;
	bad("CLONE_SIGHAND with CLONE_CLEAR_SIGHAND", a, 64);
	a = z, a.flags = CLONE_THREAD_ | CLONE_SIGHAND_ | CLONE_VM_;
	bad("CLONE_THREAD with an exit signal", a, 64);
	a = z, a.stack = (uintptr_t)big;
	bad("a stack without a size", a, 64);
	a = z, a.stack_size = 4096;
	bad("a size without a stack", a, 64);
	a = z, a.flags = CLONE_PIDFD_ | CLONE_PARENT_SETTID_;
	a.pidfd = a.parent_tid = (uintptr_t)&tid;
	bad("CLONE_PIDFD and PARENT_SETTID, one pointer", a, 64);
	a = z, a.set_tid_size = 1;
	bad("set_tid_size without set_tid", a, 80);
	a = z, a.set_tid = (uintptr_t)&tid;
	bad("set_tid without a size", a, 80);
	a = z, a.set_tid = (uintptr_t)&tid, a.set_tid_size = 40;
	bad("set_tid_size 40", a, 80);
	a = z, a.set_tid = (uintptr_t)&tid, a.set_tid_size = 1;
	bad("set_tid -1", a, 80);
	a = z, a.set_tid = 4, a.set_tid_size = 1;
	bad("set_tid at a bad address", a, 80);
	// Our own pid is taken: EEXIST for root, EPERM without CAP_CHECKPOINT_RESTORE over
	// the pid namespace (another user; or root of a user namespace, as the host side of
	// an ordinary user's run is).
	a = z, a.set_tid = (uintptr_t)&self, a.set_tid_size = 1;
	errno = 0;
	r = clone3_(&a, 80);
	printf("%-44s %s\n", "set_tid of our own pid: refused",
	       yes(r == -1 && (errno == EEXIST || errno == EPERM)));
	a = z, a.flags = CLONE_INTO_CGROUP_;
	bad("CLONE_INTO_CGROUP in a version 1 struct", a, 80);
	a = z, a.flags = CLONE_INTO_CGROUP_, a.cgroup = open("/", O_RDONLY | O_DIRECTORY);
	bad("CLONE_INTO_CGROUP of a directory not a cgroup", a, 88);
	return 0;
}
