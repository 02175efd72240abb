/*
 * progrun: run test programs one after another inside one boot, for the
 * differential tests at several CPUs (tests/run's smp-progs/N): a boot per
 * program would cost the suite minutes.
 *
 *   progrun [-t SECONDS] [-x NAME,NAME...]... PATTERN...
 *
 * runs every program of /tests whose name matches a PATTERN (a name, or a
 * prefix followed by *), but those named by -x (a comma list: the kernel
 * passes init at most 32 words), in name order, each in a
 * child of its own with its output on the console, framed as
 *
 *   progrun: start NAME
 *   ...what it prints...
 *   [exit N]            or [signal S], as tests/run writes a boot's status
 *   progrun: end NAME
 *
 * A program still running after SECONDS (60 by default) is killed with
 * its process group: its status then says SIGKILL.  progrun is init here,
 * so it also reaps the orphans the programs leave, and it removes the
 * System V objects they leave, so that each program finds none, as after
 * a boot.  The ids go on from the last program's, though: a program that
 * prints ids is for a boot of its own.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_PATTERNS	64

static const char *patterns[MAX_PATTERNS], *excluded[MAX_PATTERNS];
static int npatterns, nexcluded;
static volatile sig_atomic_t timed_out;

static int matches(const char *name, const char *pattern)
{
	size_t n = strlen(pattern);

	if (n && pattern[n - 1] == '*')
		return strncmp(name, pattern, n - 1) == 0;
	return strcmp(name, pattern) == 0;
}

static int wanted(const char *name)
{
	int yes = 0;

	for (int i = 0; i < npatterns; i++)
		yes |= matches(name, patterns[i]);
	for (int i = 0; i < nexcluded; i++)
		if (strcmp(name, excluded[i]) == 0)
			return 0;
	return yes;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
}

/*
 * Every System V object there is goes (ipcrm -a): the *_STAT calls take an
 * index into the kernel's table, up to the highest the *_INFO call gives.
 */
static void remove_ipc_objects(void)
{
	struct shm_info shm;
	struct msginfo msg;
	struct seminfo sem;
	struct shmid_ds sds;
	struct msqid_ds mds;
	struct semid_ds ds;
	int max, id;

	if ((max = shmctl(0, SHM_INFO, (struct shmid_ds *)&shm)) >= 0)
		for (int i = 0; i <= max; i++)
			if ((id = shmctl(i, SHM_STAT, &sds)) >= 0)
				shmctl(id, IPC_RMID, NULL);
	if ((max = msgctl(0, MSG_INFO, (struct msqid_ds *)&msg)) >= 0)
		for (int i = 0; i <= max; i++)
			if ((id = msgctl(i, MSG_STAT, &mds)) >= 0)
				msgctl(id, IPC_RMID, NULL);
	if ((max = semctl(0, 0, SEM_INFO, &sem)) >= 0)
		for (int i = 0; i <= max; i++)
			if ((id = semctl(i, 0, SEM_STAT, &ds)) >= 0)
				semctl(id, 0, IPC_RMID);
}

/* Runs /tests/name; its status as tests/run prints a boot's. */
static void run(const char *name, int seconds)
{
	char path[256];
	int st = 0;
	pid_t pid, p;

	snprintf(path, sizeof path, "/tests/%s", name);
	printf("progrun: start %s\n", name);
	fflush(stdout);
	if ((pid = fork()) < 0) {
		perror("progrun: fork");
		return;
	}
	if (pid == 0) {
		setpgid(0, 0);
		signal(SIGINT, SIG_DFL);
		execl(path, path, (char *)NULL);	/* argv[0] as init's */
		perror(path);
		_exit(127);
	}
	timed_out = 0;
	alarm(seconds);
	while ((p = wait(&st)) != pid) {
		if (p < 0 && errno == EINTR && timed_out) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			timed_out = 0;
		} else if (p < 0 && errno != EINTR) {
			break;
		}
	}
	alarm(0);
	kill(-pid, SIGKILL);	/* what it left running */
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	remove_ipc_objects();
	if (WIFSIGNALED(st))
		printf("[signal %d]\n", WTERMSIG(st));
	else
		printf("[exit %d]\n", WEXITSTATUS(st));
	printf("progrun: end %s\n", name);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	char *names[1024];
	int n = 0, seconds = 60, opt;
	struct dirent *e;
	DIR *d;

	while ((opt = getopt(argc, argv, "t:x:")) != -1) {
		if (opt == 't')
			seconds = atoi(optarg);
		else if (opt == 'x')
			for (char *name = strtok(optarg, ","); name && nexcluded < MAX_PATTERNS;
			     name = strtok(NULL, ","))
				excluded[nexcluded++] = name;
	}
	for (; optind < argc && npatterns < MAX_PATTERNS; optind++)
		patterns[npatterns++] = argv[optind];
	sigaction(SIGALRM, &sa, NULL);	/* no SA_RESTART: wait returns EINTR */
	if ((d = opendir("/tests")) == NULL) {
		perror("progrun: /tests");
		return 1;
	}
	while ((e = readdir(d)) != NULL && n < 1024)
		if (e->d_name[0] != '.' && wanted(e->d_name))
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof names[0], by_name);
	for (int i = 0; i < n; i++)
		run(names[i], seconds);
	printf("progrun: %d programs\n", n);
	return 0;
}
