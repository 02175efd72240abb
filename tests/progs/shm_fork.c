// shm_fork: attaches across fork, exec, exit and kill; data flows both ways;
// a 4 MiB segment written page by page by one process is checked by another.
// Run as /path/shm_fork (it execs argv[0] again).
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#define PG 4096
#define BIG (4 << 20)

static void yesno(const char *what, int cond)
{
	printf("%s: %s\n", what, cond ? "yes" : "no");
}

static struct shmid_ds stat_of(int id)
{
	struct shmid_ds ds;
	memset(&ds, 0, sizeof ds);
	if (shmctl(id, IPC_STAT, &ds) < 0)
		printf("IPC_STAT: %s\n", strerrorname_np(errno));
	return ds;
}

static void ended(const char *who, int st)
{
	if (WIFSIGNALED(st))
		printf("%s: killed by %s\n", who, sigabbrev_np(WTERMSIG(st)));
	else
		printf("%s: exit %d\n", who, WEXITSTATUS(st));
}

static void wait_for(const char *who, pid_t pid)
{
	int st;
	waitpid(pid, &st, 0);
	ended(who, st);
}

// The child inherits the attach at the same address; writes go both ways.
static void inherit(int id)
{
	char *p = shmat(id, NULL, 0);
	strcpy(p, "from parent");
	pid_t helper = fork();
	if (helper == 0) {
		shmdt(shmat(id, NULL, 0));
		_exit(0);
	}
	waitpid(helper, NULL, 0);

	int up[2], down[2];
	pipe(up);
	pipe(down);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		int ok = strcmp(p, "from parent") == 0;
		strcpy(p + PG / 2, "from child");
		write(up[1], "1", 1);
		read(down[0], &c, 1);
		_exit(ok ? 0 : 1);
	}
	char c;
	read(up[0], &c, 1);
	struct shmid_ds ds = stat_of(id);
	printf("nattch after fork: %u\n", (unsigned)ds.shm_nattch);
	yesno("lpid after fork == parent", ds.shm_lpid == getpid());
	yesno("parent sees the child's write", strcmp(p + PG / 2, "from child") == 0);
	write(down[1], "1", 1);
	wait_for("child (read parent's data)", pid);
	printf("nattch after child exit: %u\n", (unsigned)stat_of(id).shm_nattch);
	yesno("lpid after exit == child", stat_of(id).shm_lpid == pid);
	close(up[0]), close(up[1]), close(down[0]), close(down[1]);
	shmdt(p);
}

// A read-only attach stays read-only in the child.
static void inherit_rdonly(int id)
{
	char *p = shmat(id, NULL, SHM_RDONLY);
	pid_t pid = fork();
	if (pid == 0) {
		volatile char c = p[0];
		p[0] = c;
		_exit(0);
	}
	wait_for("child writing an inherited read-only attach", pid);
	shmdt(p);
}

// Exit and death by a signal detach without shmdt.
static void exit_and_kill(int id)
{
	pid_t pid = fork();
	if (pid == 0) {
		shmat(id, NULL, 0);
		shmat(id, NULL, 0);
		_exit(3);
	}
	wait_for("child with two attaches", pid);
	printf("nattch after its exit: %u\n", (unsigned)stat_of(id).shm_nattch);

	int up[2];
	pipe(up);
	pid = fork();
	if (pid == 0) {
		shmat(id, NULL, 0);
		write(up[1], "1", 1);
		for (;;)
			pause();
	}
	char c;
	read(up[0], &c, 1);
	printf("nattch while it waits: %u\n", (unsigned)stat_of(id).shm_nattch);
	kill(pid, SIGKILL);
	wait_for("child holding an attach", pid);
	printf("nattch after SIGKILL: %u\n", (unsigned)stat_of(id).shm_nattch);
	close(up[0]), close(up[1]);
}

// The exec'ed image has lost the inherited attach; the parent keeps its own.
static void exec_detaches(char *self, int id)
{
	char *p = shmat(id, NULL, 0);
	strcpy(p, "across exec");
	pid_t pid = fork();
	if (pid == 0) {
		char arg[16];
		snprintf(arg, sizeof arg, "%d", id);
		char *argv[] = { self, "exec-check", arg, NULL };
		execv(self, argv);
		printf("execv: %s\n", strerrorname_np(errno));
		_exit(1);
	}
	wait_for("exec'ed child", pid);
	printf("nattch after exec'ed child exit: %u\n", (unsigned)stat_of(id).shm_nattch);
	shmdt(p);
}

static int exec_check(int id)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	printf("  after exec: nattch %u\n", (unsigned)stat_of(id).shm_nattch);
	char *p = shmat(id, NULL, 0);
	printf("  after exec: attach again sees data: %s\n", strcmp(p, "across exec") == 0 ? "yes" : "no");
	printf("  after exec: nattch %u\n", (unsigned)stat_of(id).shm_nattch);
	return 0;
}

// One child writes each page of a 4 MiB segment, another checks every page.
static void big(void)
{
	int id = shmget(IPC_PRIVATE, BIG, 0600);
	pid_t pid = fork();
	if (pid == 0) {
		unsigned *p = shmat(id, NULL, 0);
		for (int i = 0; i < BIG / PG; i++) {
			p[i * PG / 4] = 0x5a000000 | i;
			p[i * PG / 4 + PG / 4 - 1] = ~i;
		}
		_exit(0);
	}
	wait_for("writer of 4 MiB", pid);
	pid = fork();
	if (pid == 0) {
		unsigned *p = shmat(id, NULL, SHM_RDONLY);
		int bad = 0;
		for (int i = 0; i < BIG / PG; i++)
			for (int j = 0; j < PG / 4; j++) {
				unsigned want = j == 0 ? 0x5a000000u | i : j == PG / 4 - 1 ? ~(unsigned)i : 0;
				bad += p[i * PG / 4 + j] != want;
			}
		printf("4 MiB checked, bad words: %d\n", bad);
		_exit(bad != 0);
	}
	wait_for("checker of 4 MiB", pid);
	shmctl(id, IPC_RMID, NULL);
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "exec-check") == 0)
		return exec_check(atoi(argv[2]));
	setvbuf(stdout, NULL, _IONBF, 0);
	int id = shmget(IPC_PRIVATE, PG, 0600);
	inherit(id);
	inherit_rdonly(id);
	exit_and_kill(id);
	exec_detaches(argv[0], id);
	printf("nattch at the end: %u\n", (unsigned)stat_of(id).shm_nattch);
	shmctl(id, IPC_RMID, NULL);
	big();
	return 0;
}
