// mem_rlimit: getrlimit, setrlimit and prlimit64 with Linux's rules (EINVAL for an unknown
// resource or a soft limit above the hard one, EPERM for a user who raises a hard limit, ESRCH
// for no such process), and each limit where Linux enforces it (issue 13, defect 4):
// RLIMIT_AS in mmap and brk, RLIMIT_DATA in brk and in private writable mmap only,
// RLIMIT_STACK in stack growth, RLIMIT_NOFILE for new descriptors, dup2, F_DUPFD and poll,
// RLIMIT_NPROC in fork for a user other than root. Each limit is tried in a child of its own.
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define MiB (1024 * 1024)

static void limit(int resource, rlim_t cur, rlim_t max)
{
	struct rlimit r = { cur, max };

	if (setrlimit(resource, &r) < 0)
		printf("setrlimit(%d): %s\n", resource, ename(errno));
}

static const char *mmap_result(size_t len, int prot, int flags)
{
	void *p = mmap(NULL, len, prot, flags | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return ename(errno);
	munmap(p, len);
	return "ok";
}

static const char *brk_result(intptr_t more)
{
	void *old = sbrk(0);

	if (sbrk(more) == (void *)-1)
		return ename(errno);
	brk(old);
	return "ok";
}

// Runs fn in a child and says how the child ended, if not by exit 0.
static void in_child(const char *what, void (*fn)(void))
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		printf("%s:\n", what);
		fn();
		_exit(0);
	}
	waitpid(pid, &st, 0);
	if (WIFSIGNALED(st))
		printf("  (killed by %s)\n", sigabbrev_np(WTERMSIG(st)));
}

static void calls(void)
{
	struct rlimit r, saved;
	uint32_t old[2];

	getrlimit(RLIMIT_CORE, &saved);
	TRY("  getrlimit(16)", getrlimit(16, &r));
	TRY("  prlimit64(0, 16)", prlimit(0, 16, NULL, &r));
	TRY("  prlimit64(no such pid)", prlimit(999999, RLIMIT_CORE, NULL, &r));
	r = (struct rlimit){ 2, 1 };
	TRY("  setrlimit(soft above hard)", setrlimit(RLIMIT_CORE, &r));
	TRY("  setrlimit(16)", setrlimit(16, &saved));
	r = (struct rlimit){ 0, 4096 };
	TRY("  setrlimit(RLIMIT_CORE, 0, 4096)", setrlimit(RLIMIT_CORE, &r));
	getrlimit(RLIMIT_CORE, &r);
	printf("  read back: %lu %lu\n", (unsigned long)r.rlim_cur, (unsigned long)r.rlim_max);
	r = (struct rlimit){ 4096, 4096 };
	TRY("  raise the soft limit to the hard one", setrlimit(RLIMIT_CORE, &r));
	TRY("  old getrlimit(RLIMIT_AS)", syscall(76, RLIMIT_AS, old));
	printf("  old getrlimit's infinity: %#x %#x\n", old[0], old[1]);
	TRY("  ugetrlimit(RLIMIT_AS)", syscall(191, RLIMIT_AS, old));
	printf("  ugetrlimit's infinity: %#x %#x\n", old[0], old[1]);
	pid_t pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	TRY("  prlimit64(child) reads", prlimit(pid, RLIMIT_CORE, NULL, &r));
	printf("  the child's: %lu %lu\n", (unsigned long)r.rlim_cur, (unsigned long)r.rlim_max);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static void as_nobody(void)
{
	struct rlimit r;

	setuid(65534);
	r = (struct rlimit){ 0, 4096 };
	TRY("  RLIMIT_CORE 0, 4096", setrlimit(RLIMIT_CORE, &r));
	r = (struct rlimit){ 0, 8192 };
	TRY("  raise the hard limit", setrlimit(RLIMIT_CORE, &r));
	getrlimit(RLIMIT_NOFILE, &r);
	r.rlim_max++;
	TRY("  raise RLIMIT_NOFILE's hard limit", setrlimit(RLIMIT_NOFILE, &r));
	getrlimit(RLIMIT_NPROC, &r);
	rlim_t max = r.rlim_max;
	r = (struct rlimit){ 1, max };
	TRY("  RLIMIT_NPROC 1", setrlimit(RLIMIT_NPROC, &r));
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	printf("  fork: %s\n", pid < 0 ? ename(errno) : "ok");
	if (pid > 0)
		waitpid(pid, NULL, 0);
	r = (struct rlimit){ max, max };
	TRY("  RLIMIT_NPROC back to the hard limit", setrlimit(RLIMIT_NPROC, &r));
	pid = fork();
	if (pid == 0)
		_exit(0);
	printf("  fork: %s\n", pid < 0 ? ename(errno) : "ok");
	if (pid > 0)
		waitpid(pid, NULL, 0);
	r = (struct rlimit){ max, max + 1 };
	TRY("  raise RLIMIT_NPROC's hard limit", setrlimit(RLIMIT_NPROC, &r));
}

static void nofile(void)
{
	struct rlimit r;
	struct pollfd pfd[11];
	int n = 0, fd;

	getrlimit(RLIMIT_NOFILE, &r);
	limit(RLIMIT_NOFILE, 10, r.rlim_max);
	while ((fd = open("/dev/null", O_RDONLY)) >= 0)
		n++;
	printf("  opened %d more, then %s\n", n, ename(errno));
	TRY("  dup2(0, 10)", dup2(0, 10));
	TRY("  dup2(0, 9)", dup2(0, 9));
	TRY("  fcntl(0, F_DUPFD, 10)", fcntl(0, F_DUPFD, 10));
	TRY("  fcntl(0, F_DUPFD, 3)", fcntl(0, F_DUPFD, 3));
	TRY("  dup(0)", dup(0));
	for (int i = 0; i < 11; i++)
		pfd[i] = (struct pollfd){ 0, POLLIN, 0 };
	TRY("  poll(11 fds)", poll(pfd, 11, 0));
	TRY("  poll(10 fds)", poll(pfd, 10, 0) >= 0 ? 0 : -1);
	close(9);
	TRY("  after a close, open", open("/dev/null", O_RDONLY));
}

static void as(void)
{
	limit(RLIMIT_AS, 64 * MiB, RLIM_INFINITY);
	printf("  mmap 128 MiB: %s\n", mmap_result(128 * MiB, PROT_READ, MAP_PRIVATE));
	printf("  mmap 128 MiB shared: %s\n", mmap_result(128 * MiB, PROT_READ, MAP_SHARED));
	printf("  mmap 1 MiB: %s\n", mmap_result(MiB, PROT_READ, MAP_PRIVATE));
	printf("  brk 128 MiB more: %s\n", brk_result(128 * MiB));
	printf("  brk 1 MiB more: %s\n", brk_result(MiB));
	char *p = mmap(NULL, 48 * MiB, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	void *q = mmap(p, 48 * MiB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	printf("  MAP_FIXED over 48 MiB already counted: %s\n", q == p ? "ok" : ename(errno));
	munmap(p, 48 * MiB);
	limit(RLIMIT_AS, RLIM_INFINITY, RLIM_INFINITY);
	printf("  limit lifted, mmap 128 MiB: %s\n", mmap_result(128 * MiB, PROT_READ, MAP_PRIVATE));
}

static void data(void)
{
	limit(RLIMIT_DATA, 32 * MiB, RLIM_INFINITY);
	printf("  mmap 64 MiB private writable: %s\n",
	       mmap_result(64 * MiB, PROT_READ | PROT_WRITE, MAP_PRIVATE));
	printf("  mmap 64 MiB private read-only: %s\n", mmap_result(64 * MiB, PROT_READ, MAP_PRIVATE));
	printf("  mmap 64 MiB shared writable: %s\n",
	       mmap_result(64 * MiB, PROT_READ | PROT_WRITE, MAP_SHARED));
	printf("  mmap 1 MiB private writable: %s\n", mmap_result(MiB, PROT_READ | PROT_WRITE, MAP_PRIVATE));
	char *p = mmap(NULL, 64 * MiB, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	TRY("  mprotect it writable", mprotect(p, 64 * MiB, PROT_READ | PROT_WRITE));
	TRY("  mprotect 1 MiB of it writable", mprotect(p, MiB, PROT_READ | PROT_WRITE));
	munmap(p, 64 * MiB);
	printf("  brk 64 MiB more: %s\n", brk_result(64 * MiB));
	printf("  brk 1 MiB more: %s\n", brk_result(MiB));
	limit(RLIMIT_DATA, 0, 32 * MiB);
	printf("  soft 0, hard 32 MiB: mmap 16 MiB private writable: %s\n",
	       mmap_result(16 * MiB, PROT_READ | PROT_WRITE, MAP_PRIVATE));
	printf("  soft 0, hard 32 MiB: mmap 64 MiB private writable: %s\n",
	       mmap_result(64 * MiB, PROT_READ | PROT_WRITE, MAP_PRIVATE));
	printf("  soft 0: brk 4 KiB more: %s\n", brk_result(4096));
}

// Touch the stack depth bytes below here.
static void touch_stack(size_t depth)
{
	volatile char *sp = (volatile char *)&depth;

	for (size_t off = 0; off < depth; off += 4096)
		sp[-(long)off] = 1;
}

static void stack_small(void)
{
	limit(RLIMIT_STACK, 256 * 1024, RLIM_INFINITY);
	touch_stack(200 * 1024);
	printf("  200 KiB deep: ok\n");
	touch_stack(512 * 1024);
	printf("  512 KiB deep: ok\n");
}

static void stack_default(void)
{
	touch_stack(4 * MiB);
	printf("  4 MiB deep: ok\n");
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	in_child("the calls", calls);
	in_child("as uid 65534", as_nobody);
	in_child("RLIMIT_NOFILE 10", nofile);
	in_child("RLIMIT_AS 64 MiB", as);
	in_child("RLIMIT_DATA 32 MiB", data);
	in_child("RLIMIT_STACK 256 KiB", stack_small);
	in_child("RLIMIT_STACK 8 MiB", stack_default);
	return 0;
}
