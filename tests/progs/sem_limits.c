// sem_limits: the semaphore limits in /proc/sys/kernel/sem (SEMMSL SEMMNS SEMOPM
// SEMMNI), read and written as Linux does it (partial writes, bad numbers, SEMMNI's
// range), and the errors each limit gives; sem_next_id; how ids are given (the next
// free slot after the last one given, seq raised each time round); /proc/sysvipc/sem.
// Host: writing the limits needs root in the IPC namespace (as kernel.shmmax does).
// host: shmmax
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <unistd.h>
#include "check.h"

#define SEM "/proc/sys/kernel/sem"
#define NEXT_ID "/proc/sys/kernel/sem_next_id"

static void show(const char *path)
{
	char buf[128];
	int fd = open(path, O_RDONLY), n;

	n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	if (n < 0) {
		printf("  %s: %s\n", path, ename(errno));
	} else {
		buf[n] = 0;
		buf[strcspn(buf, "\n")] = 0;
		for (char *p = buf; *p; p++)
			if (*p == '\t')
				*p = '|';	// the numbers are tab-separated
		printf("  %s: %s\n", path, buf);
	}
	if (fd >= 0)
		close(fd);
}

static void put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	long n;

	errno = 0;
	n = fd < 0 ? -1 : write(fd, text, strlen(text));
	if (n < 0)
		printf("write \"%s\": %s\n", text, ename(errno));
	else
		printf("write \"%s\": %ld of %zu\n", text, n, strlen(text));
	if (fd >= 0)
		close(fd);
	show(path);
}

static void proc_sem(void)
{
	printf("/proc/sys/kernel/sem\n");
	show(SEM);
	put(SEM, "250 32000 32 128");
	put(SEM, "1 2");
	put(SEM, "250 32000 32 128 99");
	put(SEM, "7 x");
	put(SEM, "x");
	put(SEM, "  ");
	put(SEM, "250 32000 32 40000");
	put(SEM, "250 32000 32 -1");
	put(SEM, "-5 -6 -7 32768");
	put(SEM, "250 32000 32 32769");
	put(SEM, "2147483648 0 0 0");
	put(SEM, "32000 1024000000 500 32000");
}

static void limits(void)
{
	int ids[8], n;
	struct sembuf ops[4] = { { 0, 1, 0 }, { 0, 1, 0 }, { 0, 1, 0 }, { 0, -3, 0 } };

	printf("SEMMNI 3\n");
	put(SEM, "32000 1024000000 500 3");
	for (n = 0; n < 4; n++) {
		ids[n] = semget(IPC_PRIVATE, 1, 0600);
		printf("  set %d: %d %s\n", n, ids[n], ids[n] < 0 ? ename(errno) : "");
	}
	TRY("  a new key", semget(0x5e1e0001, 1, IPC_CREAT | 0600));
	for (n = 0; n < 3; n++)
		semctl(ids[n], 0, IPC_RMID);

	printf("SEMMNS 10\n");
	put(SEM, "32000 10 500 32000");
	ids[0] = semget(IPC_PRIVATE, 6, 0600);
	TRY("  5 more", semget(IPC_PRIVATE, 5, 0600));
	TRY("  4 more", ids[1] = semget(IPC_PRIVATE, 4, 0600));
	TRY("  1 more", semget(IPC_PRIVATE, 1, 0600));
	semctl(ids[0], 0, IPC_RMID);
	semctl(ids[1], 0, IPC_RMID);

	printf("SEMMSL 5\n");
	put(SEM, "5 1024000000 500 32000");
	TRY("  nsems 5", ids[0] = semget(0x5e1e0002, 5, IPC_CREAT | 0600));
	TRY("  nsems 6", semget(IPC_PRIVATE, 6, 0600));
	put(SEM, "2 1024000000 500 32000");
	TRY("  a set of 5 found with nsems 0", semget(0x5e1e0002, 0, 0));
	TRY("  ... with nsems 3: EINVAL", semget(0x5e1e0002, 3, 0));
	semctl(ids[0], 0, IPC_RMID);

	printf("SEMOPM 3\n");
	put(SEM, "32000 1024000000 3 32000");
	ids[0] = semget(IPC_PRIVATE, 1, 0600);
	TRY("  3 operations", semop(ids[0], ops, 3));
	TRY("  4 operations", semop(ids[0], ops, 4));
	put(SEM, "32000 1024000000 0 32000");
	TRY("  SEMOPM 0: 1 operation", semop(ids[0], ops, 1));
	put(SEM, "32000 1024000000 500 32000");
	semctl(ids[0], 0, IPC_RMID);
}

static void next_id(void)
{
	int a, b;

	printf("sem_next_id\n");
	show(NEXT_ID);
	put(NEXT_ID, "100");
	TRY("  a new set", a = semget(IPC_PRIVATE, 1, 0600));
	show(NEXT_ID);
	put(NEXT_ID, "65541");	// seq 2, slot 5
	TRY("  a new set", b = semget(IPC_PRIVATE, 1, 0600));
	put(NEXT_ID, "100");	// slot 100 is taken: the next free one above
	TRY("  a new set", semget(0x5e1e0003, 1, IPC_CREAT | 0600));
	put(NEXT_ID, "-1");
	put(NEXT_ID, "x");
	TRY("  the next one, as usual", semget(0x5e1e0004, 1, IPC_CREAT | 0600));
	semctl(a, 0, IPC_RMID);
	semctl(b, 0, IPC_RMID);
	semctl(semget(0x5e1e0003, 0, 0), 0, IPC_RMID);
	semctl(semget(0x5e1e0004, 0, 0), 0, IPC_RMID);
}

static void ids(void)
{
	int id[80], n = 0;

	printf("ids: the next slot after the last given, seq + 1 when the search goes round\n");
	for (int i = 0; i < 3; i++)
		id[n++] = semget(IPC_PRIVATE, 1, 0600);
	printf("  three:");
	for (int i = 0; i < n; i++)
		printf(" %d", id[i]);
	printf("\n");
	semctl(id[1], 0, IPC_RMID);
	printf("  removed %d;", id[1]);
	printf(" the next: %d\n", id[1] = semget(IPC_PRIVATE, 1, 0600));
	for (int i = 0; i < n; i++)
		semctl(id[i], 0, IPC_RMID);
	for (n = 0; n < 70; n++) {
		id[n] = semget(IPC_PRIVATE, 1, 0600);
		if (n >= 60)
			semctl(id[n - 60], 0, IPC_RMID);
	}
	printf("  70 made, the first 10 removed as they went:");
	for (int i = 50; i < 70; i++)
		printf(" %d", id[i]);
	printf("\n");
	for (int i = 10; i < 70; i++)
		semctl(id[i], 0, IPC_RMID);
	printf("  all gone; one more: %d\n", id[0] = semget(IPC_PRIVATE, 1, 0600));
	semctl(id[0], 0, IPC_RMID);
}

static void proc_sysvipc(void)
{
	char buf[4096];
	int a = semget(0x5e1e0005, 3, IPC_CREAT | 0640), b = semget(IPC_PRIVATE, 1, 0600);
	int fd, n;

	semop(b, (struct sembuf[]){ { 0, 1, 0 } }, 1);
	fd = open("/proc/sysvipc/sem", O_RDONLY);
	n = read(fd, buf, sizeof(buf) - 1);
	printf("/proc/sysvipc/sem (times as T)\n");
	buf[n < 0 ? 0 : n] = 0;
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		char *p;
		if ((p = strstr(line, "      otime")) == NULL && (p = strrchr(line, ' ')) != NULL) {
			// the last two columns are otime and ctime: 0, or a time
			p = line + strlen(line) - 21;
			printf("%.*s %s %s\n", (int)(p - line), line,
			       strtoul(p, NULL, 10) ? "T" : "0", "T");
		} else {
			printf("%s\n", line);
		}
	}
	close(fd);
	semctl(a, 0, IPC_RMID);
	semctl(b, 0, IPC_RMID);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	proc_sem();
	limits();
	next_id();
	ids();
	proc_sysvipc();
	return 0;
}
