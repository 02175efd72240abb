// futex_shm: a shared futex is the segment and the offset in it, not an address. Two
// processes attach one System V segment at different addresses; one's FUTEX_WAKE on its
// address wakes the other's FUTEX_WAIT on its own, in the segment's second page too. A
// FUTEX_PRIVATE_FLAG wake from the other process wakes nobody: a private futex is the
// address space's. Two attaches in one process are the same futex too.
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#define OFF	(4096 + 64)	// a word in the segment's second page

static long futex(void *uaddr, int op, uint32_t val, const void *timeout)
{
	return syscall(SYS_futex, uaddr, op, val, timeout, NULL, 0);
}

// Wakes the word until someone was woken (the child may not sleep yet), at most 5 s.
static long wake_until_one(void *word, int op)
{
	long r = 0;

	for (int i = 0; i < 5000 && (r = futex(word, op, 1, NULL)) == 0; i++)
		usleep(1000);
	return r;
}

int main(void)
{
	int id = shmget(IPC_PRIVATE, 2 * 4096, IPC_CREAT | 0600);
	char *a = shmat(id, NULL, 0), *b = shmat(id, NULL, 0);
	struct timespec ts = { 0, 200000000 };
	int st;
	pid_t pid;

	setvbuf(stdout, NULL, _IONBF, 0);
	printf("two attaches, two addresses: %s\n", yes(a != b));
	pid = fork();
	if (pid == 0) {
		char *c;
		long r;

		shmdt(a);
		shmdt(b);
		c = shmat(id, NULL, SHM_RND);
		r = futex(c + OFF, FUTEX_WAIT, 0, NULL);
		_exit(r == 0 ? 0 : errno);
	}
	printf("wake through the other attach: %ld\n", wake_until_one(b + OFF, FUTEX_WAKE));
	waitpid(pid, &st, 0);
	printf("the child: %s\n", WEXITSTATUS(st) ? ename(WEXITSTATUS(st)) : "woken");

	pid = fork();
	if (pid == 0) {
		long r = futex(a + OFF, FUTEX_WAIT_PRIVATE, 0, &ts);
		_exit(r == 0 ? 0 : errno);
	}
	usleep(50000);
	TRY("private wake from another process", futex(a + OFF, FUTEX_WAKE_PRIVATE, 1, NULL));
	TRY("shared wake of a private waiter", futex(a + OFF, FUTEX_WAKE, 1, NULL));
	waitpid(pid, &st, 0);
	printf("the private waiter: %s\n", WEXITSTATUS(st) ? ename(WEXITSTATUS(st)) : "woken");

	TRY("wait through one attach, 10 ms", futex(a, FUTEX_WAIT, 0, &(struct timespec){ 0, 10000000 }));
	TRY("wait, the word changed through the other", (b[0] = 1, futex(a, FUTEX_WAIT, 0, NULL)));
	shmdt(a);
	shmdt(b);
	shmctl(id, IPC_RMID, NULL);
	return 0;
}
