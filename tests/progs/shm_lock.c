// shm_lock: SHM_LOCK and SHM_UNLOCK - who may, and RLIMIT_MEMLOCK.  Root may lock any
// segment whatever its limit; another user only its own, not at all with a limit of 0,
// and its locked segments together within the limit (they count against it until
// SHM_UNLOCK or their removal, whichever process of that user locked them).
// host: uids (the locks are nobody's)
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define PG 4096

// The soft limit only: the hard one stays 1 MiB, so that it may go up again.
static void limit(rlim_t bytes)
{
	struct rlimit rl = { bytes, 1 << 20 };

	if (setrlimit(RLIMIT_MEMLOCK, &rl))
		printf("setrlimit: -1 %s\n", ename(errno));
}

static int seg(size_t size)
{
	return shmget(IPC_PRIVATE, size, IPC_CREAT | 0600);
}

static int locked(int id)
{
	struct shmid_ds ds;

	return shmctl(id, IPC_STAT, &ds) == 0 && (ds.shm_perm.mode & SHM_LOCKED);
}

// What nobody, with an RLIMIT_MEMLOCK of 2 pages and a bit, may lock.
static void as_nobody(int roots)
{
	int a, b, c, big;
	pid_t pid;

	if (setgid(65534) || setuid(65534)) {
		printf("setuid: -1 %s\n", ename(errno));
		exit(1);
	}
	TRY("nobody: SHM_LOCK of root's segment", shmctl(roots, SHM_LOCK, NULL));
	TRY("nobody: SHM_UNLOCK of root's segment", shmctl(roots, SHM_UNLOCK, NULL));

	a = seg(PG);
	limit(0);
	TRY("limit 0: SHM_LOCK", shmctl(a, SHM_LOCK, NULL));
	TRY("limit 0: SHM_UNLOCK", shmctl(a, SHM_UNLOCK, NULL));

	limit(2 * PG + 100);
	b = seg(PG);
	c = seg(1);
	big = seg(3 * PG);
	TRY("3 pages, limit 2", shmctl(big, SHM_LOCK, NULL));
	TRY("page a", shmctl(a, SHM_LOCK, NULL));
	TRY("page a again", shmctl(a, SHM_LOCK, NULL));
	TRY("page b", shmctl(b, SHM_LOCK, NULL));
	TRY("page c (1 byte), over the limit", shmctl(c, SHM_LOCK, NULL));
	printf("a, b, c locked: %d %d %d\n", locked(a), locked(b), locked(c));

	// Another process of the same user: the locks are the user's.
	pid = fork();
	if (pid == 0) {
		TRY("child: page c", shmctl(c, SHM_LOCK, NULL));
		TRY("child: SHM_UNLOCK a", shmctl(a, SHM_UNLOCK, NULL));
		TRY("child: page c now", shmctl(c, SHM_LOCK, NULL));
		exit(0);
	}
	waitpid(pid, NULL, 0);
	printf("a, b, c locked: %d %d %d\n", locked(a), locked(b), locked(c));
	TRY("page a, over the limit", shmctl(a, SHM_LOCK, NULL));

	// Removal gives the pages back.
	TRY("IPC_RMID of locked b", shmctl(b, IPC_RMID, NULL));
	TRY("page a after b's removal", shmctl(a, SHM_LOCK, NULL));
	TRY("SHM_UNLOCK of an unlocked segment", shmctl(big, SHM_UNLOCK, NULL));
	shmctl(a, IPC_RMID, NULL);
	shmctl(c, IPC_RMID, NULL);
	shmctl(big, IPC_RMID, NULL);
}

int main(void)
{
	int roots = seg(PG), big = seg(64 * PG);
	pid_t pid;

	setvbuf(stdout, NULL, _IOLBF, 0);
	shmctl(roots, IPC_SET, &(struct shmid_ds){ .shm_perm = { .uid = 0, .gid = 0, .mode = 0666 } });

	// Root: any segment, whatever its limit.
	limit(0);
	TRY("root, limit 0: SHM_LOCK 64 pages", shmctl(big, SHM_LOCK, NULL));
	printf("locked: %s\n", yes(locked(big)));
	TRY("SHM_UNLOCK", shmctl(big, SHM_UNLOCK, NULL));
	printf("locked: %s\n", yes(locked(big)));
	TRY("SHM_LOCK of a bad id", shmctl(-5, SHM_LOCK, NULL));
	limit(64 * 1024);

	pid = fork();
	if (pid == 0) {
		as_nobody(roots);
		exit(0);
	}
	waitpid(pid, NULL, 0);
	shmctl(roots, IPC_RMID, NULL);
	shmctl(big, IPC_RMID, NULL);
	return 0;
}
