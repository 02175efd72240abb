/*
 * ps: list every process, from the files the kernel offers in /proc.
 *   /proc/PID/stat    "PID (COMM) STATE PPID ..." on one line
 *   /proc/PID/status  "Name:", "State:", "PPid:", "Uid:" lines (we want Uid)
 * Columns: PID PPID S PSR UID CMD, sorted by pid; PSR is the CPU the
 * process runs or last ran on (/proc/PID/stat's 39th field, procps's PSR).
 * A kernel thread's CMD is its name in brackets: [kswapd].
 */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PF_KTHREAD	0x00200000	/* Linux's task flag: a kernel thread */

struct proc {
	int pid, ppid, uid, psr;
	char state;
	char cmd[64];
};

/* Field n (counting from 1: the pid) of a stat line, from just after COMM's ")". */
static int stat_field(const char *after_comm, int n)
{
	const char *s = after_comm;

	for (int field = 3; field < n && s; field++)
		s = strchr(s + 1, ' ');
	return s ? atoi(s + 1) : -1;
}

/* Fill p from /proc/PID/stat; 0 on success, -1 if the process went away. */
static int read_stat(int pid, struct proc *p)
{
	char path[64], line[512];
	char *open, *close;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	if (fgets(line, sizeof line, f) == NULL) {
		fclose(f);
		return -1;
	}
	fclose(f);

	/* COMM may itself hold spaces or ")", so it ends at the last ")". */
	open = strchr(line, '(');
	close = strrchr(line, ')');
	if (open == NULL || close == NULL || close < open)
		return -1;
	/* A kernel thread (PF_KTHREAD in the flags, field 9) in brackets, as procps shows it. */
	if (sscanf(close + 1, " %c %d", &p->state, &p->ppid) != 2)
		return -1;
	if ((unsigned)stat_field(close + 1, 9) & PF_KTHREAD)
		snprintf(p->cmd, sizeof p->cmd, "[%.*s]", (int)(close - open - 1), open + 1);
	else
		snprintf(p->cmd, sizeof p->cmd, "%.*s", (int)(close - open - 1), open + 1);
	p->psr = stat_field(close + 1, 39);
	p->pid = pid;
	return 0;
}

/* The real uid from the "Uid:" line of /proc/PID/status, or -1. */
static int read_uid(int pid)
{
	char path[64], line[256];
	int uid = -1;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/status", pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL)
		if (sscanf(line, "Uid: %d", &uid) == 1)
			break;
	fclose(f);
	return uid;
}

static int by_pid(const void *a, const void *b)
{
	return ((const struct proc *)a)->pid - ((const struct proc *)b)->pid;
}

int main(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	struct proc *procs = NULL;
	size_t n = 0, cap = 0;

	if (d == NULL) {
		perror("ps: /proc");
		return 1;
	}
	/* Every directory in /proc whose name is a number is a process. */
	while ((e = readdir(d)) != NULL) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			procs = realloc(procs, cap * sizeof *procs);
			if (procs == NULL) {
				perror("ps");
				return 1;
			}
		}
		if (read_stat(atoi(e->d_name), &procs[n]) < 0)
			continue;	/* it exited while we looked */
		procs[n].uid = read_uid(procs[n].pid);
		n++;
	}
	closedir(d);

	qsort(procs, n, sizeof *procs, by_pid);
	printf("%5s %5s S PSR %5s CMD\n", "PID", "PPID", "UID");
	for (size_t i = 0; i < n; i++)
		printf("%5d %5d %c %3d %5d %s\n", procs[i].pid, procs[i].ppid,
		       procs[i].state, procs[i].psr, procs[i].uid, procs[i].cmd);
	free(procs);
	return 0;
}
