// shm_perm: who may do what - the owner, group and other triples, root's bypass,
// IPC_SET/IPC_RMID rights, and the order of permission against other checks.
// Must run as root: forked children take other uids and gids with setuid/setgid.
// host: uids
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#define PG 4096
#define OWNER 1001	// shm_perm.uid after IPC_SET
#define CREATOR 1002	// creates a segment of its own
#define OTHER 1003
#define GROUP 2001	// shm_perm.gid after IPC_SET
#define CGROUP 2002	// the creator's group
#define NOGROUP 2009

static char dir[] = "/tmp/shm_perm.XXXXXX";
static char path[64];
static key_t key;
static int id;

static const char *err(long r)
{
	return r < 0 ? strerrorname_np(errno) : "ok";
}

// shmat's error is (void *)-1; a good address may look negative as a long.
static long at(void *p)
{
	if (p == (void *)-1)
		return -1;
	shmdt(p);
	return 0;
}

static void result(const char *what, long r)
{
	printf("%s: %s\n", what, err(r));
}

// Run fn in a child with the given ids (one supplementary group, or none).
static void as(uid_t uid, gid_t gid, gid_t extra, void (*fn)(void))
{
	pid_t pid = fork();
	if (pid == 0) {
		if (setgroups(extra ? 1 : 0, &extra) < 0 || setgid(gid) < 0 || setuid(uid) < 0) {
			printf("cannot change ids: %s\n", strerrorname_np(errno));
			_exit(1);
		}
		fn();
		_exit(0);
	}
	waitpid(pid, NULL, 0);
}

static long attach(int shmflg)
{
	return at(shmat(id, NULL, shmflg));
}

// One line: each access a triple can grant, tried by the current ids.
static void access_line(void)
{
	struct shmid_ds ds;
	printf(" get-r %s", err(shmget(key, 0, 0400)));
	printf(" get-w %s", err(shmget(key, 0, 0200)));
	printf(" get-0 %s", err(shmget(key, 0, 0)));
	printf(" at-ro %s", err(attach(SHM_RDONLY)));
	printf(" at-rw %s", err(attach(0)));
	printf(" stat %s\n", err(shmctl(id, IPC_STAT, &ds)));
}

static void set_mode(int mode)
{
	struct shmid_ds ds;
	shmctl(id, IPC_STAT, &ds);
	ds.shm_perm.mode = mode;
	shmctl(id, IPC_SET, &ds);
}

static void triples(void)
{
	static const int modes[] = { 0000, 0400, 0200, 0600, 0040, 0020, 0060, 0004, 0002, 0606, 0066 };
	static const struct {
		const char *name;
		uid_t uid;
		gid_t gid, extra;
	} who[] = {
		{ "owner", OWNER, NOGROUP, 0 },
		{ "group", OTHER, GROUP, 0 },
		{ "supplementary group", OTHER, NOGROUP, GROUP },
		{ "other", OTHER, NOGROUP, 0 },
	};
	for (unsigned m = 0; m < sizeof modes / sizeof modes[0]; m++) {
		set_mode(modes[m]);
		for (unsigned w = 0; w < sizeof who / sizeof who[0]; w++) {
			printf("%04o %s:", modes[m], who[w].name);
			fflush(stdout);
			as(who[w].uid, who[w].gid, who[w].extra, access_line);
		}
		printf("%04o root:", modes[m]);
		access_line();
	}
}

// Permission comes after EEXIST and the size check, and before the overlap check.
static void order(void)
{
	int local;
	result("bigger size", shmget(key, 2 * PG, 0400));
	result("IPC_CREAT|IPC_EXCL", shmget(key, 0, IPC_CREAT | IPC_EXCL | 0400));
	result("shmat over the stack", at(shmat(id, (void *)((uintptr_t)&local & ~(PG - 1)), 0)));
	result("shmat misaligned", at(shmat(id, (void *)0x10000123, 0)));
}

// SHM_STAT needs read permission, SHM_STAT_ANY does not; the info calls need nothing.
static void stat_any(void)
{
	struct shmid_ds ds;
	struct shm_info si;
	int top = shmctl(0, SHM_INFO, (struct shmid_ds *)&si), found = 0, denied = 0;
	for (int i = 0; i <= top; i++) {
		denied += shmctl(i, SHM_STAT, &ds) < 0 && errno == EACCES;
		found += shmctl(i, SHM_STAT_ANY, &ds) == id;
	}
	printf("SHM_INFO: %s\n", top >= 0 ? "ok" : strerrorname_np(errno));
	printf("SHM_STAT denied: %s\n", denied >= 1 ? "yes" : "no");
	printf("SHM_STAT_ANY found it: %s\n", found == 1 ? "yes" : "no");
	result("IPC_INFO", shmctl(0, IPC_INFO, &ds));
}

static void no_rights(void)
{
	struct shmid_ds ds;
	shmctl(id, IPC_STAT, &ds);
	result("other IPC_SET", shmctl(id, IPC_SET, &ds));
	result("other IPC_RMID", shmctl(id, IPC_RMID, NULL));
	result("other SHM_LOCK", shmctl(id, SHM_LOCK, NULL));
	result("other SHM_UNLOCK", shmctl(id, SHM_UNLOCK, NULL));
}

static void group_rights(void)
{
	result("group member IPC_RMID", shmctl(id, IPC_RMID, NULL));
}

// The owner may change the mode without read permission, and give the segment away.
static void owner_rights(void)
{
	struct shmid_ds ds;
	memset(&ds, 0, sizeof ds);
	ds.shm_perm.uid = OWNER;
	ds.shm_perm.gid = GROUP;
	ds.shm_perm.mode = 0600;
	result("owner IPC_SET", shmctl(id, IPC_SET, &ds));
	result("owner SHM_EXEC on 0600", attach(SHM_EXEC));
	ds.shm_perm.mode = 0700;
	shmctl(id, IPC_SET, &ds);
	result("owner SHM_EXEC on 0700", attach(SHM_EXEC));
	ds.shm_perm.uid = OTHER;
	result("owner gives it away", shmctl(id, IPC_SET, &ds));
	result("former owner IPC_SET", shmctl(id, IPC_SET, &ds));
}

// The creator keeps the owner triple and its rights after giving the segment away.
static int mine;
static void creator(void)
{
	mine = shmget(IPC_PRIVATE, PG, 0640);
	struct shmid_ds ds;
	shmctl(mine, IPC_STAT, &ds);
	ds.shm_perm.uid = OWNER;
	ds.shm_perm.gid = GROUP;
	result("creator gives it away", shmctl(mine, IPC_SET, &ds));
	result("creator IPC_STAT", shmctl(mine, IPC_STAT, &ds));
	printf("uid OWNER cuid CREATOR gid GROUP cgid CGROUP: %s\n",
	       ds.shm_perm.uid == OWNER && ds.shm_perm.cuid == CREATOR &&
	       ds.shm_perm.gid == GROUP && ds.shm_perm.cgid == CGROUP ? "yes" : "no");
	result("creator shmat rw", at(shmat(mine, NULL, 0)));
	ds.shm_perm.mode = 0066;
	result("creator IPC_SET", shmctl(mine, IPC_SET, &ds));
	result("creator IPC_STAT on 0066", shmctl(mine, IPC_STAT, &ds));
	ds.shm_perm.mode = 0040;
	shmctl(mine, IPC_SET, &ds);
}

// A member of the creator's group, not of the owner's, uses the group triple.
static void creator_group(void)
{
	struct shmid_ds ds;
	result("creator's group IPC_STAT on 0040", shmctl(mine, IPC_STAT, &ds));
	result("creator's group shmat rw on 0040", at(shmat(mine, NULL, 0)));
}

static void creator_rmid(void)
{
	result("creator IPC_RMID", shmctl(mine, IPC_RMID, NULL));
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (geteuid() != 0) {
		printf("shm_perm must run as root\n");
		return 1;
	}
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(path, sizeof path, "%s/key", dir);
	close(open(path, O_CREAT | O_WRONLY, 0600));
	key = ftok(path, 'p');
	id = shmget(key, PG, IPC_CREAT | IPC_EXCL | 0600);

	struct shmid_ds ds;
	shmctl(id, IPC_STAT, &ds);
	ds.shm_perm.uid = OWNER;
	ds.shm_perm.gid = GROUP;
	shmctl(id, IPC_SET, &ds);
	triples();

	set_mode(0000);
	as(OTHER, NOGROUP, 0, order);
	as(OTHER, NOGROUP, 0, stat_any);
	set_mode(0666);
	as(OTHER, NOGROUP, 0, no_rights);
	as(OTHER, GROUP, 0, group_rights);
	set_mode(0000);
	as(OWNER, NOGROUP, 0, owner_rights);

	// The creator's segment was made in a child: find its id by its cuid.
	as(CREATOR, CGROUP, 0, creator);
	int top = shmctl(0, SHM_INFO, &ds);
	for (int i = 0; i <= top; i++)
		if (shmctl(i, SHM_STAT, &ds) >= 0 && ds.shm_perm.cuid == CREATOR)
			mine = shmctl(i, SHM_STAT, &ds);
	as(OTHER, CGROUP, 0, creator_group);
	as(CREATOR, NOGROUP, 0, creator_rmid);

	result("root IPC_RMID", shmctl(id, IPC_RMID, NULL));
	unlink(path);
	rmdir(dir);
	return 0;
}
