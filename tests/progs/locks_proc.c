// locks_proc: /proc/locks shows the locks on a file, in Linux's format: POSIX, OFD and
// FLOCK locks, READ and WRITE, the taker's pid (-1 for OFD), the file as
// MAJOR:MINOR:INODE, the range (EOF for "to the end"), and a waiting request as a
// " ->" line. Only the lines of this test's file are shown, sorted (Linux lists the
// locks of each CPU apart), with the line number and the pid by name.
#define _GNU_SOURCE
#include "check.h"
#include "locks.h"
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#define FILE_A "/tmp/locks_proc.a"

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void show(const char *when)
{
	char line[256], want[64], *lines[32];
	struct stat st;
	FILE *f = fopen("/proc/locks", "r");
	int n = 0;

	stat(FILE_A, &st);
	snprintf(want, sizeof(want), " %02x:%02x:%lu ", major(st.st_dev), minor(st.st_dev),
		 (unsigned long)st.st_ino);
	printf("-- %s\n", when);
	if (f == NULL) {
		printf("/proc/locks: %s\n", ename(errno));
		return;
	}
	while (n < 32 && fgets(line, sizeof(line), f)) {
		char kind[16], type[8], range[64], *p = strstr(line, want);
		int pid;

		if (p == NULL)
			continue;
		sscanf(line + strcspn(line, "PFO"), "%15s ADVISORY %7s %d", kind, type, &pid);
		snprintf(range, sizeof(range), "%s", p + strlen(want));
		range[strcspn(range, "\n")] = 0;
		// the text between "N:" and the pid, spaces and all
		char *head = strchr(line, ':') + 1, *end = strstr(head, type) + strlen(type) + 1;

		lines[n] = malloc(160);
		snprintf(lines[n++], 160, "\"%.*s\" %s file %s", (int)(end - head), head,
			 pid_name(pid), range);
	}
	fclose(f);
	qsort(lines, n, sizeof(lines[0]), cmp);
	for (int i = 0; i < n; i++) {
		printf("%s\n", lines[i]);
		free(lines[i]);
	}
}

static void waiter(struct kid *k)
{
	int fd = open(FILE_A, O_RDWR);

	post(k->out);
	lk_quiet(fd, F_SETLKW64, F_WRLCK, 0, 1);
	post(k->out);
	await(k->in);
}

int main(void)
{
	int fd, ofd;
	struct kid k;

	setvbuf(stdout, NULL, _IONBF, 0);
	name_pid(getpid(), "parent");
	fd = make_file(FILE_A, 100);
	ofd = open(FILE_A, O_RDWR);
	show("none");
	lk_quiet(fd, F_SETLK64, F_WRLCK, 0, 10);
	lk_quiet(fd, F_SETLK64, F_RDLCK, 20, 0);
	lk_quiet(ofd, F_OFD_SETLK, F_RDLCK, 12, 3);
	flock(ofd, LOCK_EX);
	show("POSIX, OFD and flock");
	k = spawn("child", waiter);
	await(k.from);
	wait_asleep(k.pid);
	show("a child waits for byte 0");
	lk_quiet(fd, F_SETLK64, F_UNLCK, 0, 0);
	await(k.from);
	show("the parent's POSIX locks gone: the child has its byte");
	post(k.to);
	reap(&k);
	close(ofd);
	show("the child and the second open gone");
	close(fd);
	unlink(FILE_A);
	return 0;
}
