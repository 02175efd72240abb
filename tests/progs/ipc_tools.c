// ipc_tools: ipcs and ipcrm print what util-linux's do.  The program makes objects of
// each kind and runs `ipcs` and `ipcrm` by name: on Linux util-linux's, on shmos its
// own (user/ipcs.c, user/ipcrm.c), which must print the same.  (ipcs -l's shared
// memory part is left out: a 64-bit kernel's limits are not an i386 kernel's.)
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

static void run(char *const argv[])
{
	int status;

	printf("$");
	for (int i = 0; argv[i]; i++)
		printf(" %s", argv[i]);
	printf("\n");
	fflush(stdout);
	if (fork() == 0) {
		dup2(1, 2);
		execvp(argv[0], argv);
		perror(argv[0]);
		_exit(127);
	}
	wait(&status);
	printf("[exit %d]\n", WEXITSTATUS(status));
}

#define RUN(...) run((char *const[]){ __VA_ARGS__, NULL })

int main(void)
{
	struct { long type; char text[100]; } m = { 1, "x" };
	int q1 = msgget(0x51c00001, IPC_CREAT | 0644), q2 = msgget(IPC_PRIVATE, 0600);
	int s1 = semget(0x51c00002, 3, IPC_CREAT | 0640), s2 = semget(IPC_PRIVATE, 1, 0666);
	int m1 = shmget(0x51c00003, 5000, IPC_CREAT | 0600), m2 = shmget(IPC_PRIVATE, 4096, 0604);
	void *at = shmat(m1, NULL, 0);
	char id[16];

	setvbuf(stdout, NULL, _IONBF, 0);
	msgsnd(q1, &m, 10, 0);
	msgsnd(q1, &m, 90, 0);
	shmctl(m2, IPC_RMID, NULL);	// gone at once: nobody attached
	*(char *)at = 1;
	RUN("ipcs");
	RUN("ipcs", "-q");
	RUN("ipcs", "-s", "-m");
	RUN("ipcs", "-u");
	RUN("ipcs", "-l", "-q", "-s");
	RUN("ipcrm", "-q", (snprintf(id, sizeof(id), "%d", q2), id), "-S", "0x51c00002");
	RUN("ipcrm", "-s", "12345");
	RUN("ipcrm", "-S", "0x51c0ffff", "-Q", "0");
	RUN("ipcrm", "-m", "-1");
	RUN("ipcs", "-a");
	RUN("ipcrm", "-M", "0x51c00003");
	RUN("ipcs", "-m");
	shmdt(at);
	RUN("ipcrm", "-asem", "-amsg");
	RUN("ipcs");
	(void)s1, (void)s2;
	return 0;
}
