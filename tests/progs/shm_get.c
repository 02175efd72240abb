// shm_get: shmget(2) - creating and finding segments, and the order of its checks.
// Host: the .out is recorded in a fresh IPC namespace with kernel.shmmax = 2147483647,
// so that the SHMMAX a 32-bit program reads with IPC_INFO is the one enforced.
// host: shmmax
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>

static char dir[] = "/tmp/shm_get.XXXXXX";
static char path[64];

// Print the outcome of a shmget that should fail.
static void fails(const char *what, int id)
{
	printf("%s: %d %s\n", what, id, id < 0 ? strerrorname_np(errno) : "");
}

static void yesno(const char *what, int cond)
{
	printf("%s: %s\n", what, cond ? "yes" : "no");
}

static int segsz(int id)
{
	struct shmid_ds ds;
	if (shmctl(id, IPC_STAT, &ds) < 0)
		return -1;
	return ds.shm_segsz;
}

static void private_segments(void)
{
	int a = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	int b = shmget(IPC_PRIVATE, 4096, 0600);	// IPC_PRIVATE creates even without IPC_CREAT
	int c = shmget(IPC_PRIVATE, 1, IPC_CREAT | IPC_EXCL | 0600);
	yesno("private create", a >= 0);
	yesno("private without IPC_CREAT", b >= 0);
	yesno("private with IPC_EXCL", c >= 0);
	yesno("private ids differ", a != b && b != c && a != c);
	yesno("size 1 kept", segsz(c) == 1);
	fails("private size 0", shmget(IPC_PRIVATE, 0, IPC_CREAT | 0600));
	shmctl(a, IPC_RMID, NULL);
	shmctl(b, IPC_RMID, NULL);
	shmctl(c, IPC_RMID, NULL);
}

static void too_big(void)
{
	struct shminfo info;
	if (shmctl(0, IPC_INFO, (struct shmid_ds *)&info) < 0) {
		printf("IPC_INFO: %s\n", strerrorname_np(errno));
		return;
	}
	// A size_t cannot exceed 0xffffffff, so SHMMAX must stay below it to be testable.
	yesno("shmmax < 0xffffffff", info.shmmax < 0xffffffffUL);
	if (info.shmmax < 0xffffffffUL)
		fails("size shmmax+1", shmget(IPC_PRIVATE, info.shmmax + 1, IPC_CREAT | 0600));
	fails("size 0xffffffff", shmget(IPC_PRIVATE, 0xffffffffUL, IPC_CREAT | 0600));
}

static void keyed(key_t key)
{
	fails("missing key", shmget(key, 4096, 0600));
	fails("missing key, IPC_EXCL alone", shmget(key, 4096, IPC_EXCL | 0600));
	fails("missing key, size 0, IPC_CREAT", shmget(key, 0, IPC_CREAT | 0600));

	int id = shmget(key, 5000, IPC_CREAT | 0640);
	yesno("create with key", id >= 0);
	yesno("segsz not rounded", segsz(id) == 5000);
	yesno("IPC_CREAT again: same id", shmget(key, 5000, IPC_CREAT | 0640) == id);
	yesno("no flags: same id", shmget(key, 0, 0) == id);
	yesno("smaller size: same id", shmget(key, 100, 0) == id);
	yesno("exact size: same id", shmget(key, 5000, 0) == id);
	yesno("lookup asking for rw: same id", shmget(key, 0, IPC_CREAT | 0600) == id);
	fails("IPC_CREAT|IPC_EXCL", shmget(key, 5000, IPC_CREAT | IPC_EXCL | 0640));
	fails("bigger size", shmget(key, 5001, 0));
	fails("bigger size, IPC_CREAT", shmget(key, 8192, IPC_CREAT | 0640));
	// EEXIST is checked before the size.
	fails("bigger size, IPC_CREAT|IPC_EXCL", shmget(key, 8192, IPC_CREAT | IPC_EXCL | 0640));
	yesno("size unchanged", segsz(id) == 5000);

	struct shmid_ds ds;
	shmctl(id, IPC_STAT, &ds);
	yesno("IPC_STAT key is the key", ds.shm_perm.__key == key);
	shmctl(id, IPC_RMID, NULL);
	fails("after IPC_RMID", shmget(key, 0, 0));

	// A new segment with the same key gets a new id.
	int again = shmget(key, 4096, IPC_CREAT | IPC_EXCL | 0600);
	yesno("recreate with key", again >= 0);
	yesno("new id differs", again != id);
	shmctl(again, IPC_RMID, NULL);
}

// Distinct projects give distinct keys; the same file and project give the same key.
static void ftok_keys(void)
{
	key_t a = ftok(path, 1), b = ftok(path, 2), a2 = ftok(path, 1);
	yesno("ftok same project same key", a == a2);
	yesno("ftok other project other key", a != b);
	yesno("ftok project in bits 24..31", ((unsigned)a >> 24) == 1 && ((unsigned)b >> 24) == 2);
	key_t m = ftok("/tmp/shm_get.missing/x", 1);
	printf("ftok missing file: %d %s\n", m, strerrorname_np(errno));
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

	private_segments();
	too_big();
	keyed(ftok(path, 'g'));
	ftok_keys();

	unlink(path);
	rmdir(dir);
	return 0;
}
