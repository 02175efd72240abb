// memcg: cgroup2's memory controller. A group whose parent writes "+memory" into its
// cgroup.subtree_control has memory.current (the bytes charged to its processes' memory, its
// subgroups' too), memory.max, memory.high and memory.swap.max ("max", or bytes rounded down
// to pages; EINVAL else). A group that gives a controller to its subgroups takes no process
// (EBUSY), and one with processes gives none. Pages a process touches are charged, and
// uncharged when it frees them. At memory.max, with memory.swap.max 0, the group's
// MAP_DROPPABLE pages are taken back first (they read as zeros, mincore says absent); when
// nothing can be taken, the out-of-memory killer kills a process of the group; lowering
// memory.max below what the group holds does the same at once.
// host: no (Linux's own .out needs cgroup2's memory controller, which the machine where the
// tests are recorded has in a version 1 hierarchy; and the kernel's out-of-memory report is
// on shmos's console, in the output)
// mem: 64M
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#ifndef MAP_DROPPABLE
#define MAP_DROPPABLE 0x08
#endif
#define MiB (1024 * 1024)

static char dir[] = "/tmp/memcg.XXXXXX";
static char a[128], b[160];	// dir/memcg-test-PID and its subgroup b
static long page;
static char *volatile keep;	// what a child touches: the compiler may not drop the stores

static const char *put(const char *d, const char *file, const char *s)
{
	return write_string(path_in(d, file), s);
}

static const char *put_pid(const char *d, pid_t pid)
{
	char s[16];

	snprintf(s, sizeof(s), "%d", pid);
	return put(d, "cgroup.procs", s);
}

// The first line of d/file, without its newline ("" if none).
static const char *get(const char *d, const char *file)
{
	static char buf[256];

	if (slurp_file(path_in(d, file), buf, sizeof(buf)) < 0)
		snprintf(buf, sizeof(buf), "%s", ename(errno));
	buf[strcspn(buf, "\n")] = 0;
	return buf;
}

static long long current(const char *d)
{
	return atoll(get(d, "memory.current"));
}

// Writes value to a's file, then shows what reading it gives.
static void set_file(const char *file, const char *value)
{
	const char *r = put(a, file, value);

	printf("%s \"%s\": %s, ", file, value, r);
	printf("reads %s\n", get(a, file));
}

static void set_max(const char *value)
{
	set_file("memory.max", value);
}

// A child moved into b that runs job, then waits while the parent runs meanwhile (if
// any), then exits: its status.
static int in_b(void (*job)(void), void (*meanwhile)(void))
{
	int go[2], done[2], status;
	char c;
	pid_t pid;

	if (pipe(go) < 0 || pipe(done) < 0)
		exit(1);
	pid = fork();
	if (pid == 0) {
		read(go[0], &c, 1);
		job();
		write(done[1], "x", 1);
		read(go[0], &c, 1);
		_exit(0);
	}
	close(go[0]);
	close(done[1]);		// a child killed ends our read of done
	printf("  move a child into b: %s\n", put_pid(b, pid));
	write(go[1], "x", 1);
	if (read(done[0], &c, 1) == 1 && meanwhile)
		meanwhile();
	write(go[1], "x", 1);
	waitpid(pid, &status, 0);
	close(go[1]);
	close(done[0]);
	return status;
}

static void touch_4m(void)
{
	keep = malloc(4 * MiB);
	memset(keep, 1, 4 * MiB);
}

static void count_4m(void)
{
	printf("  b's memory.current at least 4 MiB: %s; a's too: %s\n",
	       yes(current(b) >= 4 * MiB), yes(current(a) >= 4 * MiB));
	printf("  b: +memory while the child is in b: %s\n",
	       put(b, "cgroup.subtree_control", "+memory"));
}

static void lower_max(void)
{
	set_max("1M");
}

// 16 MiB of MAP_DROPPABLE memory in a group of 8: the first pages go as the last come.
static void droppable_16m(void)
{
	size_t len = 16 * MiB, n = len / page, absent = n;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_DROPPABLE, -1, 0);
	unsigned char *vec = malloc(n);

	if (p == MAP_FAILED || !vec)
		return;
	memset(p, 'A', len);
	mincore(p, len, vec);
	for (size_t i = 0; i < n && absent == n; i++)
		if (!(vec[i] & 1))
			absent = i;
	printf("  the child filled 16 MiB of MAP_DROPPABLE memory; a page is absent: %s\n",
	       yes(absent < n));
	if (absent < n) {
		printf("  it reads as zero: %s\n", yes(p[absent * page] == 0));
		mincore(p + absent * page, page, vec);
		printf("  and is present once read: %s\n", yes(vec[0] & 1));
	}
	printf("  memory.current within memory.max: %s\n", yes(current(a) <= 8 * MiB));
}

// 16 MiB of private memory in a group of 8, with no swap for it: the killer comes.
static void anonymous_16m(void)
{
	keep = malloc(16 * MiB);
	memset(keep, 1, 16 * MiB);
	printf("  the child filled 16 MiB (it should not have)\n");
}

static void show_status(const char *what, int status)
{
	if (WIFSIGNALED(status))
		printf("  %s: killed by signal %d\n", what, WTERMSIG(status));
	else
		printf("  %s: exit %d\n", what, WEXITSTATUS(status));
}

int main(void)
{
	const char *words;

	setvbuf(stdout, NULL, _IONBF, 0);
	page = sysconf(_SC_PAGESIZE);
	if (!mkdtemp(dir))
		return 1;
	TRY("mount cgroup2", mount("none", dir, "cgroup2", 0, NULL));
	words = get(dir, "cgroup.controllers");
	printf("the root's cgroup.controllers has memory: %s\n",
	       yes(strstr(words, "memory") != NULL));
	snprintf(a, sizeof(a), "%s/memcg-test-%d", dir, getpid());
	snprintf(b, sizeof(b), "%s/b", a);
	TRY("mkdir a", mkdir(a, 0755));
	printf("a has memory.max before the root gives memory: %s\n",
	       yes(access(path_in(a, "memory.max"), F_OK) == 0));
	printf("root: +memory: %s\n", put(dir, "cgroup.subtree_control", "+memory"));
	printf("a's cgroup.controllers has memory: %s\n",
	       yes(strstr(get(a, "cgroup.controllers"), "memory") != NULL));
	printf("a: memory.max %s, ", get(a, "memory.max"));
	printf("memory.high %s, ", get(a, "memory.high"));
	printf("memory.swap.max %s, ", get(a, "memory.swap.max"));
	printf("memory.current %s\n", get(a, "memory.current"));
	set_max("1M");
	set_max("12345");
	set_max("4k");
	set_max("abc");
	set_max("-1");
	set_max("max");
	set_max("max max");
	set_file("memory.high", "2M");
	set_file("memory.high", "max");
	printf("a: +memory: %s\n", put(a, "cgroup.subtree_control", "+memory"));
	TRY("mkdir b", mkdir(b, 0755));
	printf("b has memory.max: %s\n", yes(access(path_in(b, "memory.max"), F_OK) == 0));
	printf("move ourselves into a, which gives memory to b: %s\n", put_pid(a, getpid()));

	printf("a child touches 4 MiB in b:\n");
	show_status("the child", in_b(touch_4m, count_4m));
	printf("b's memory.current once it has exited below 1 MiB: %s\n",
	       yes(current(b) < MiB));

	set_file("memory.swap.max", "0");
	set_max("8M");
	printf("a child maps 16 MiB of MAP_DROPPABLE memory in b:\n");
	show_status("the child", in_b(droppable_16m, NULL));
	printf("a child takes 16 MiB in b:\n");
	show_status("the child", in_b(anonymous_16m, NULL));
	printf("a's memory.current below 1 MiB again: %s\n", yes(current(a) < MiB));
	set_max("max");
	printf("a child touches 4 MiB in b, then a's memory.max falls to 1M:\n");
	show_status("the child", in_b(touch_4m, lower_max));

	set_max("max");
	TRY("rmdir b", rmdir(b));
	TRY("rmdir a", rmdir(a));
	printf("root: -memory: %s\n", put(dir, "cgroup.subtree_control", "-memory"));
	TRY("umount", umount(dir));
	rmdir(dir);
	return 0;
}
