// shm_rmid: IPC_RMID - at once when nobody is attached, deferred until the last
// detach otherwise, while the key is free for a new segment at once.
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

#define PG 4096

static char dir[] = "/tmp/shm_rmid.XXXXXX";
static char path[64];

static void yesno(const char *what, int cond)
{
	printf("%s: %s\n", what, cond ? "yes" : "no");
}

static void result(const char *what, long r)
{
	if (r < 0)
		printf("%s: -1 %s\n", what, strerrorname_np(errno));
	else
		printf("%s: ok\n", what);
}

// shmat's error is (void *)-1; a good address may look negative as a long.
static long at(void *p)
{
	if (p == (void *)-1)
		return -1;
	shmdt(p);
	return 0;
}

static int used_ids(void)
{
	struct shm_info si;
	return shmctl(0, SHM_INFO, (struct shmid_ds *)&si) < 0 ? -1 : si.used_ids;
}

static void unattached(key_t key)
{
	int id = shmget(key, PG, IPC_CREAT | IPC_EXCL | 0600);
	struct shmid_ds ds;
	result("IPC_RMID unattached", shmctl(id, IPC_RMID, NULL));
	result("IPC_STAT after", shmctl(id, IPC_STAT, &ds));
	result("shmat after", at(shmat(id, NULL, 0)));
	result("shmget key after", shmget(key, 0, 0));
}

static void attached(key_t key)
{
	int used0 = used_ids();
	int id = shmget(key, PG, IPC_CREAT | IPC_EXCL | 0600);
	char *p = shmat(id, NULL, 0);
	strcpy(p, "still here");
	result("IPC_RMID attached", shmctl(id, IPC_RMID, NULL));

	struct shmid_ds ds;
	result("IPC_STAT after", shmctl(id, IPC_STAT, &ds));
	yesno("SHM_DEST in mode", ds.shm_perm.mode & SHM_DEST);
	printf("mode & 0777: %03o\n", ds.shm_perm.mode & 0777);
	yesno("key now IPC_PRIVATE", ds.shm_perm.__key == IPC_PRIVATE);
	printf("nattch: %u\n", (unsigned)ds.shm_nattch);
	yesno("data still there", strcmp(p, "still here") == 0);
	yesno("still counted in used_ids", used_ids() == used0 + 1);
	result("shmget old key", shmget(key, 0, 0));
	result("IPC_RMID again", shmctl(id, IPC_RMID, NULL));

	int fresh = shmget(key, PG, IPC_CREAT | IPC_EXCL | 0600);
	yesno("new segment with the old key", fresh >= 0 && fresh != id);
	yesno("shmget old key finds the new one", shmget(key, 0, 0) == fresh);

	// The old id keeps working until the last detach, even for a new attach.
	char *q = shmat(id, NULL, 0);
	yesno("attach by the old id", q != (void *)-1);
	yesno("sees the same data", strcmp(q, "still here") == 0);
	shmctl(id, IPC_STAT, &ds);
	printf("nattch: %u\n", (unsigned)ds.shm_nattch);
	ds.shm_perm.mode = 0640;
	result("IPC_SET while destroyed", shmctl(id, IPC_SET, &ds));
	shmctl(id, IPC_STAT, &ds);
	yesno("SHM_DEST survives IPC_SET", ds.shm_perm.mode & SHM_DEST);
	printf("mode & 0777: %03o\n", ds.shm_perm.mode & 0777);

	result("shmdt first", shmdt(p));
	result("IPC_STAT with one attach left", shmctl(id, IPC_STAT, &ds));
	result("shmdt last", shmdt(q));
	result("IPC_STAT after last detach", shmctl(id, IPC_STAT, &ds));
	result("shmat after last detach", at(shmat(id, NULL, 0)));
	result("IPC_RMID after last detach", shmctl(id, IPC_RMID, NULL));
	yesno("new segment untouched", shmctl(fresh, IPC_STAT, &ds) == 0 && !(ds.shm_perm.mode & SHM_DEST));
	shmctl(fresh, IPC_RMID, NULL);
	yesno("used_ids back", used_ids() == used0);
}

// A child holds the last attach: the segment lives until the child exits.
static void child_holds(void)
{
	int id = shmget(IPC_PRIVATE, PG, 0600);
	int go[2], done[2];
	pipe(go);
	pipe(done);
	pid_t pid = fork();
	if (pid == 0) {
		char *p = shmat(id, NULL, 0), c;
		write(done[1], "a", 1);
		read(go[0], &c, 1);	// the parent has removed the segment
		_exit(strcmp(p, "from parent") == 0 ? 0 : 1);
	}
	char c, *p = shmat(id, NULL, 0);
	read(done[0], &c, 1);
	strcpy(p, "from parent");
	shmctl(id, IPC_RMID, NULL);
	shmdt(p);
	struct shmid_ds ds;
	result("IPC_STAT while the child holds it", shmctl(id, IPC_STAT, &ds));
	printf("nattch: %u\n", (unsigned)ds.shm_nattch);
	write(go[1], "g", 1);
	int st;
	waitpid(pid, &st, 0);
	printf("child read the data: %s\n", WIFEXITED(st) && WEXITSTATUS(st) == 0 ? "yes" : "no");
	result("IPC_STAT after the child exits", shmctl(id, IPC_STAT, &ds));
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(path, sizeof path, "%s/key", dir);
	close(open(path, O_CREAT | O_WRONLY, 0600));
	key_t key = ftok(path, 'r');

	unattached(key);
	attached(key);
	child_holds();

	unlink(path);
	rmdir(dir);
	return 0;
}
