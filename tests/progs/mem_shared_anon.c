/*
 * mmap(MAP_SHARED | MAP_ANONYMOUS): parent and child see each other's
 * writes, whether the page was touched before the fork or not; ipcs does
 * not list it.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

static int used_ids(void)
{
	struct shm_info si;

	return shmctl(0, SHM_INFO, (struct shmid_ds *)&si) < 0 ? -1 : si.used_ids;
}

int main(void)
{
	int used0 = used_ids(), st;
	char *p;
	pid_t pid;

	setvbuf(stdout, NULL, _IONBF, 0);
	p = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	printf("mmap: %s\n", p == MAP_FAILED ? "failed" : "ok");
	printf("zero-filled: %s\n", p[0] == 0 && p[8191] == 0 ? "yes" : "no");
	strcpy(p, "touched before fork");	/* page 0 has a frame, page 1 not yet */
	pid = fork();
	if (pid == 0) {
		printf("child reads: %s\n", p);
		strcpy(p, "child was here");
		strcpy(p + 4096, "page 1 from the child");
		_exit(0);
	}
	waitpid(pid, &st, 0);
	printf("parent reads page 0: %s\n", p);
	printf("parent reads page 1: %s\n", p + 4096);
	printf("segments listed by SHM_INFO unchanged: %s\n", used_ids() == used0 ? "yes" : "no");
	printf("munmap: %d\n", munmap(p, 2 * 4096));

	/* A private mapping stays private. */
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	strcpy(p, "parent");
	pid = fork();
	if (pid == 0) {
		strcpy(p, "child");
		_exit(0);
	}
	waitpid(pid, &st, 0);
	printf("private mapping after the child wrote: %s\n", p);
	return 0;
}
