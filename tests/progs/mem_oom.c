// mem_oom: when memory runs out, the out-of-memory killer kills the process that holds the
// most, never init (this program), and says so on the console; the process that asked for
// the page that was not there may live on (issue 13, defect 4: whoever faulted next died,
// init included). A hog of anonymous memory, one of shm pages, a hog that is not the one
// asking, and one of kernel memory (VMAs, with max_map_count raised); afterwards every page
// is back.
// host: no (the host's OOM killer is not to be woken; the console line is shmos's)
// mem: 16M
// timeout: 120
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>
#include "freeram.h"

#define PG 4096
#define CHUNK (1 << 20)

// Touches n bytes of new anonymous memory, a page at a time.
static void touch(unsigned long n)
{
	for (unsigned long done = 0; done < n; done += CHUNK) {
		char *p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			_exit(2);
		for (int i = 0; i < CHUNK; i += PG)
			p[i] = 1;
	}
}

static void anon_hog(void)
{
	for (;;)
		touch(CHUNK);
}

// Segments removed at once: they go when the hog does.
static void shm_hog(void)
{
	for (;;) {
		int id = shmget(IPC_PRIVATE, CHUNK, 0600);
		char *p = shmat(id, NULL, 0);
		shmctl(id, IPC_RMID, NULL);
		if (p == (void *)-1)
			_exit(2);
		for (int i = 0; i < CHUNK; i += PG)
			p[i] = 1;
	}
}

static const char *how(int st)
{
	static char buf[32];

	if (WIFSIGNALED(st))
		snprintf(buf, sizeof buf, "killed by %s", sigabbrev_np(WTERMSIG(st)));
	else
		snprintf(buf, sizeof buf, "exit %d", WEXITSTATUS(st));
	return buf;
}

static void hog(const char *what, void (*fn)(void))
{
	int st;
	pid_t pid = fork();

	if (pid == 0)
		fn();
	waitpid(pid, &st, 0);
	printf("%s: %s\n", what, how(st));
}

// The big one holds 60% of what is free and waits; the small one then asks for 60% too.
// The big one is killed, and the small one gets its memory and finishes.
static void bystander(void)
{
	unsigned long free0 = freeram() / 10 * 6;
	int ready[2], st;

	pipe(ready);
	pid_t big = fork();
	if (big == 0) {
		touch(free0);
		write(ready[1], "x", 1);
		pause();
		_exit(0);
	}
	char c;
	read(ready[0], &c, 1);
	pid_t small = fork();
	if (small == 0) {
		touch(free0);
		_exit(0);
	}
	waitpid(small, &st, 0);
	printf("the one that asked: %s\n", how(st));
	waitpid(big, &st, 0);
	printf("the one that held the most: %s\n", how(st));
	close(ready[0]);
	close(ready[1]);
}

// Fault in what this process uses later, so that it does not count as a leak.
static void warm_up(void)
{
	volatile char buf[64 << 10];
	int st;

	memset((char *)buf, 0, sizeof buf);
	asm volatile("" : : "r"(buf) : "memory");
	if (fork() == 0)
		_exit(0);
	wait(&st);
	how(st);
}

static void set_max_map_count(const char *value)
{
	int fd = open("/proc/sys/vm/max_map_count", O_WRONLY);

	write(fd, value, strlen(value));
	close(fd);
}

// The hog maps one-page VMAs until memory runs out: VMAs are the kernel's memory, but
// their slabs stay out of its reserve and count in the hog's due. It is the one killed,
// init (which then needs pages) is not.
static void kernel_memory(void)
{
	int st;

	set_max_map_count("10000000");
	pid_t pid = fork();
	if (pid == 0) {
		for (int n = 0; mmap(NULL, PG, n % 2 ? PROT_READ : PROT_READ | PROT_WRITE,
				     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) != MAP_FAILED; n++)
			;
		_exit(2);
	}
	waitpid(pid, &st, 0);
	printf("a hog of VMAs: %s\n", how(st));
	char *p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (int i = 0; p != MAP_FAILED && i < CHUNK; i += PG)
		p[i] = 1;
	printf("then a MiB for init: %s\n", p != MAP_FAILED ? "yes" : "no");
	munmap(p, CHUNK);
	set_max_map_count("65530");
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	warm_up();
	unsigned long free0 = freeram();

	hog("anonymous memory hog", anon_hog);
	hog("shm hog", shm_hog);
	bystander();
	kernel_memory();
	printf("init still here: yes\n");
	pid_t pid = fork();
	if (pid == 0)
		_exit(7);
	int st = 0;
	waitpid(pid, &st, 0);
	printf("fork works afterwards: %s\n", pid > 0 && WEXITSTATUS(st) == 7 ? "yes" : "no");
	printf("every page back: %s\n", freeram() == free0 ? "yes" : "no");
	return 0;
}
