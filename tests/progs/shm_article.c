// shm_article: the article's scenario. Process A creates a segment for the key
// ftok(file, 0x6666), attaches it, writes "Hello World" and exits without shmdt;
// then process B finds the segment by the same key, attaches it and prints it.
// Both are forked children here; the file lives in a fresh temporary directory.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#define SHM_SIZE 128

static char dir[] = "/tmp/shm_article.XXXXXX";
static char path[64];

static int process_a(void)
{
	key_t key = ftok(path, 0x6666);
	int shmid = shmget(key, SHM_SIZE, IPC_CREAT | IPC_EXCL | 0666);
	if (shmid < 0) {
		printf("failed to create share memory\n");
		return 1;
	}
	char *addr = shmat(shmid, NULL, 0);
	if (addr == (void *)-1) {
		printf("failed to map share memory\n");
		return 1;
	}
	sprintf(addr, "%s", "Hello World\n");
	return 0;
}

static int process_b(void)
{
	key_t key = ftok(path, 0x6666);
	char buf[SHM_SIZE];
	int shmid = shmget(key, SHM_SIZE, IPC_CREAT);
	if (shmid < 0) {
		printf("failed to get share memory\n");
		return 1;
	}
	char *addr = shmat(shmid, NULL, 0);
	if (addr == (void *)-1) {
		printf("failed to map share memory\n");
		return 1;
	}
	memcpy(buf, addr, SHM_SIZE);
	buf[SHM_SIZE - 1] = 0;
	printf("%s", buf);
	return 0;
}

static void run(const char *name, int (*process)(void))
{
	int st;
	pid_t pid = fork();
	if (pid == 0)
		_exit(process());
	waitpid(pid, &st, 0);
	printf("%s: exit %d\n", name, WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(path, sizeof path, "%s/shm", dir);
	close(open(path, O_CREAT | O_WRONLY, 0644));

	run("A", process_a);
	run("B", process_b);

	// The segment outlives both processes until someone removes it.
	int id = shmget(ftok(path, 0x6666), 0, 0);
	struct shmid_ds ds;
	shmctl(id, IPC_STAT, &ds);
	printf("segment left behind: %s, nattch %u\n", id >= 0 ? "yes" : "no", (unsigned)ds.shm_nattch);
	shmctl(id, IPC_RMID, NULL);
	unlink(path);
	rmdir(dir);
	return 0;
}
