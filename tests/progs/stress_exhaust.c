// stress_exhaust: running out of segment ids gives ENOSPC, running out of
// processes gives EAGAIN, and everything works again once they are given back.
// Must run as root: the fork bomb runs as an ordinary user under RLIMIT_NPROC
// (root ignores that limit, on Linux and on shmos).
// timeout: 120
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXSEG 65536
#define MAXPROC 4096
#define BOMBER 40404	// an unused uid: RLIMIT_NPROC counts its processes

static int ids[MAXSEG];
static pid_t kids[MAXPROC];

static int used_ids(void)
{
	struct shm_info si;
	return shmctl(0, SHM_INFO, (struct shmid_ds *)&si) < 0 ? -1 : si.used_ids;
}

static void shmmni(void)
{
	struct shminfo lim;
	shmctl(0, IPC_INFO, (struct shmid_ds *)&lim);
	int used0 = used_ids(), n = 0;
	while (n < MAXSEG && (ids[n] = shmget(IPC_PRIVATE, 1, 0600)) >= 0)
		n++;
	int e = errno;
	printf("shmget until failure: %s\n", n < MAXSEG ? strerrorname_np(e) : "no failure");
	printf("created shmmni - used: %s\n", (unsigned long)(n + used0) == lim.shmmni ? "yes" : "no");
	printf("used_ids at shmmni: %s\n", (unsigned long)used_ids() == lim.shmmni ? "yes" : "no");
	shmctl(ids[--n], IPC_RMID, NULL);
	ids[n] = shmget(IPC_PRIVATE, 1, 0600);
	printf("after removing one, shmget: %s\n", ids[n] >= 0 ? "ok" : strerrorname_np(errno));
	n++;
	while (n > 0)
		shmctl(ids[--n], IPC_RMID, NULL);
	printf("all removed: %s\n", used_ids() == used0 ? "yes" : "no");
}

// Fork children that wait on a pipe until fork fails; then let them all go.
static int bomb(void)
{
	struct rlimit rl = { 32, 32 };
	if (setgid(BOMBER) < 0 || setuid(BOMBER) < 0) {
		printf("setuid: %s\n", strerrorname_np(errno));
		return 1;
	}
	setrlimit(RLIMIT_NPROC, &rl);
	int fd[2], n = 0, e = 0;
	pipe(fd);
	while (n < MAXPROC) {
		pid_t pid = fork();
		if (pid < 0) {
			e = errno;
			break;
		}
		if (pid == 0) {
			char c;
			close(fd[1]);
			read(fd[0], &c, 1);
			_exit(0);
		}
		kids[n++] = pid;
	}
	close(fd[1]);
	int reaped = 0;
	for (int i = 0; i < n; i++)
		reaped += waitpid(kids[i], NULL, 0) == kids[i];
	if (n == MAXPROC)
		printf("fork failed with EAGAIN: no, %d forks succeeded\n", n);
	else if (e != EAGAIN)
		printf("fork failed with EAGAIN: no, %s\n", strerrorname_np(e));
	else
		printf("fork failed with EAGAIN: yes\n");
	printf("all children reaped: %s\n", reaped == n ? "yes" : "no");
	pid_t pid = fork();
	if (pid == 0)
		_exit(7);
	int st = 0;
	waitpid(pid, &st, 0);
	printf("fork works again: %s\n", pid > 0 && WEXITSTATUS(st) == 7 ? "yes" : "no");
	return 0;
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (geteuid() != 0) {
		printf("stress_exhaust must run as root\n");
		return 1;
	}
	shmmni();
	int st;
	pid_t pid = fork();
	if (pid == 0)
		_exit(bomb());
	waitpid(pid, &st, 0);
	printf("bomb: exit %d\n", WEXITSTATUS(st));
	return 0;
}
