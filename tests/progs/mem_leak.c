// mem_leak: the kernel must give back every page a process used. sysinfo's free memory
// must be the same before and after many fork/exec/exit/wait cycles.
// host: no    (Linux's free memory moves all the time; NAME.out is what shmos must print)
// timeout: 60
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include "freeram.h"

#define CYCLES 100
#define HEAVY 10

// The malloc-heavy child: many small blocks on the brk heap, one large mmap block,
// a pipe, a descriptor table grown past 4000 (fork copies it), and a grandchild, all
// left for exit to clean up.
static int heavy(void)
{
	char *big = malloc(4 << 20);
	struct rlimit nofile = { 4096, 4096 };
	int i, p[2];

	for (i = 0; i < 2000; i++)
		memset(malloc(1000), i, 1000);
	memset(big, 1, 4 << 20);
	pipe(p);
	write(p[1], "leftover", 8);
	setrlimit(RLIMIT_NOFILE, &nofile);
	for (i = 0; i < 1000; i++)
		dup(p[0]);
	dup2(p[1], 4000);
	if (fork() == 0)
		_exit(0);
	wait(NULL);
	return 0;
}

// Fork, exec this program with mode as argv[1], wait; return the exit status.
static int cycle(char *self, char *mode)
{
	char *argv[] = { self, mode, NULL };
	char *envp[] = { NULL };
	int st = -1;
	pid_t pid = fork();

	if (pid == 0) {
		execve(self, argv, envp);
		_exit(99);
	}
	waitpid(pid, &st, 0);
	return st;
}

// A child that never execs: its pages are copies of (or shared with) the parent's.
static int fork_only(void)
{
	int st = -1;
	pid_t pid = fork();

	if (pid == 0) {
		memset(malloc(100000), 2, 100000);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	return st;
}

// Run every kind of cycle n times; return how many did not exit 0.
static int round_of(char *self, int n, int heavy_n)
{
	int i, bad = 0;

	for (i = 0; i < n; i++)
		bad += cycle(self, "child") != 0;
	for (i = 0; i < heavy_n; i++)
		bad += cycle(self, "heavy") != 0;
	for (i = 0; i < n; i++)
		bad += fork_only() != 0;
	return bad;
}

int main(int argc, char **argv)
{
	unsigned long long before, after;
	int bad;

	if (argc > 1 && strcmp(argv[1], "child") == 0)
		return 0;
	if (argc > 1 && strcmp(argv[1], "heavy") == 0)
		return heavy();
	setvbuf(stdout, NULL, _IONBF, 0);
	printf("warming up\n");
	round_of(argv[0], 1, 1);	// lets the kernel and this process set up lazily once
	before = freeram();
	bad = round_of(argv[0], CYCLES, HEAVY);
	after = freeram();
	printf("%d exec cycles, %d malloc-heavy cycles, %d fork-only cycles\n", CYCLES, HEAVY,
	       CYCLES);
	printf("children that did not exit 0: %d\n", bad);
	printf("freeram same: %s\n", before == after ? "yes" : "no");
	if (before != after)
		printf("freeram changed by %lld bytes\n", (long long)(after - before));
	return 0;
}
