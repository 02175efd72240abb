// stress_oom: a process that touches ever more memory must be killed by a signal
// (SIGSEGV or SIGKILL) - both with anonymous memory and with shm pages - and
// the system must work normally afterwards, with all its memory back.
// host: no (the host's OOM killer is not to be woken)
// mem: 16M
// timeout: 120
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>
#include "freeram.h"

#define PG 4096
#define CHUNK (1 << 20)
#define NSEG 256	// 256 MiB of shm, far more than the machine has

static int ids[NSEG];

// Map and touch 1 MiB after another; only a failing mmap stops it.
static void anon_eater(void)
{
	for (;;) {
		char *p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			_exit(2);
		for (int i = 0; i < CHUNK; i += PG)
			p[i] = 1;
	}
}

static void shm_eater(void)
{
	for (int s = 0; s < NSEG; s++) {
		char *p = shmat(ids[s], NULL, 0);
		if (p == (void *)-1)
			_exit(2);
		for (int i = 0; i < CHUNK; i += PG)
			p[i] = 1;
	}
	_exit(3);
}

static void eat(const char *what, void (*fn)(void))
{
	int st;
	pid_t pid = fork();
	if (pid == 0)
		fn();
	waitpid(pid, &st, 0);
	int sig = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
	if (sig == SIGSEGV || sig == SIGKILL)
		printf("%s: killed by SIGSEGV or SIGKILL: yes\n", what);
	else if (sig)
		printf("%s: killed by %s\n", what, sigabbrev_np(sig));
	else
		printf("%s: exit %d\n", what, WEXITSTATUS(st));
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	grow_stack();
	unsigned long long ram0 = freeram();

	eat("anonymous memory", anon_eater);
	for (int s = 0; s < NSEG; s++)
		ids[s] = shmget(IPC_PRIVATE, CHUNK, 0600);
	eat("shm pages", shm_eater);
	for (int s = 0; s < NSEG; s++)
		shmctl(ids[s], IPC_RMID, NULL);

	pid_t pid = fork();
	if (pid == 0)
		_exit(7);
	int st = 0;
	waitpid(pid, &st, 0);
	printf("fork works afterwards: %s\n", pid > 0 && WEXITSTATUS(st) == 7 ? "yes" : "no");
	freeram_back(ram0);
	return 0;
}
