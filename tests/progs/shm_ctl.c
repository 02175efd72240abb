// shm_ctl: shmctl(2) - IPC_STAT fields, IPC_SET, IPC_INFO, SHM_INFO, SHM_STAT,
// SHM_LOCK, bad commands and bad buffers.
// Host: the .out is recorded in a fresh IPC namespace, so the counters are ours alone.
// host: uids (IPC_SET gives the segment to other users)
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PG 4096
#define SHMCTL 24	// ipc() call number
#define IPC_64 0x100	// the layout glibc asks for

// A page the kernel must not write into: the buffer lives in .rodata.
static const char rodata[2 * PG] __attribute__((aligned(PG))) = { 1 };

static void yesno(const char *what, int cond)
{
	printf("%s: %s\n", what, cond ? "yes" : "no");
}

static void result(const char *what, int r)
{
	if (r < 0)
		printf("%s: -1 %s\n", what, strerrorname_np(errno));
	else
		printf("%s: ok\n", what);
}

// shmctl through the raw ipc() call, so glibc cannot touch buf itself.
static int raw_shmctl(int id, int cmd, const void *buf)
{
	return syscall(SYS_ipc, SHMCTL, id, cmd | IPC_64, 0, buf);
}

static struct shmid_ds stat_of(int id)
{
	struct shmid_ds ds;
	memset(&ds, 0, sizeof ds);
	if (shmctl(id, IPC_STAT, &ds) < 0)
		printf("IPC_STAT: %s\n", strerrorname_np(errno));
	return ds;
}

static void fresh_fields(void)
{
	time_t now = time(NULL);
	int id = shmget(IPC_PRIVATE, 5000, IPC_CREAT | IPC_EXCL | 0640);
	struct shmid_ds ds = stat_of(id);
	yesno("key IPC_PRIVATE", ds.shm_perm.__key == IPC_PRIVATE);
	yesno("uid == euid", ds.shm_perm.uid == geteuid());
	yesno("cuid == euid", ds.shm_perm.cuid == geteuid());
	yesno("gid == egid", ds.shm_perm.gid == getegid());
	yesno("cgid == egid", ds.shm_perm.cgid == getegid());
	printf("mode: %04o\n", ds.shm_perm.mode);
	printf("segsz: %u\n", (unsigned)ds.shm_segsz);
	yesno("cpid == getpid", ds.shm_cpid == getpid());
	printf("lpid: %d\n", ds.shm_lpid);
	printf("nattch: %u\n", (unsigned)ds.shm_nattch);
	yesno("atime set", ds.shm_atime != 0);
	yesno("dtime set", ds.shm_dtime != 0);
	yesno("ctime is now", ds.shm_ctime >= now && ds.shm_ctime <= now + 10);

	char *p = shmat(id, NULL, 0);
	ds = stat_of(id);
	yesno("after shmat: atime set", ds.shm_atime >= now && ds.shm_atime <= now + 10);
	yesno("after shmat: lpid == getpid", ds.shm_lpid == getpid());
	printf("after shmat: nattch: %u\n", (unsigned)ds.shm_nattch);
	shmdt(p);
	ds = stat_of(id);
	yesno("after shmdt: dtime set", ds.shm_dtime >= now && ds.shm_dtime <= now + 10);
	printf("after shmdt: nattch: %u\n", (unsigned)ds.shm_nattch);

	pid_t child = fork();
	if (child == 0) {
		shmdt(shmat(id, NULL, 0));
		_exit(0);
	}
	waitpid(child, NULL, 0);
	ds = stat_of(id);
	yesno("after a child's shmat/shmdt: lpid == child", ds.shm_lpid == child);
	yesno("cpid still == getpid", ds.shm_cpid == getpid());
	shmctl(id, IPC_RMID, NULL);
}

static void set(void)
{
	int id = shmget(IPC_PRIVATE, PG, 0600);
	struct shmid_ds ds = stat_of(id);
	ds.shm_perm.uid = 1234;
	ds.shm_perm.gid = 5678;
	ds.shm_perm.mode = 07777;
	ds.shm_segsz = 1;	// ignored, like every field but uid, gid, mode
	ds.shm_cpid = 42;
	result("IPC_SET", shmctl(id, IPC_SET, &ds));
	ds = stat_of(id);
	yesno("uid set", ds.shm_perm.uid == 1234);
	yesno("gid set", ds.shm_perm.gid == 5678);
	printf("mode: %04o\n", ds.shm_perm.mode);
	yesno("cuid kept", ds.shm_perm.cuid == geteuid());
	yesno("cgid kept", ds.shm_perm.cgid == getegid());
	printf("segsz: %u\n", (unsigned)ds.shm_segsz);
	yesno("cpid kept", ds.shm_cpid == getpid());
	// The creator may still change it back and remove it.
	ds.shm_perm.uid = geteuid();
	ds.shm_perm.mode = 0600;
	result("IPC_SET by the creator", shmctl(id, IPC_SET, &ds));
	result("IPC_RMID", shmctl(id, IPC_RMID, NULL));
	result("IPC_STAT removed", shmctl(id, IPC_STAT, &ds));
	result("IPC_SET removed", shmctl(id, IPC_SET, &ds));
	result("IPC_RMID removed", shmctl(id, IPC_RMID, NULL));
}

static int used_ids(unsigned long *tot, unsigned long *rss)
{
	struct shm_info si;
	if (shmctl(0, SHM_INFO, (struct shmid_ds *)&si) < 0)
		return -1;
	*tot = si.shm_tot;
	*rss = si.shm_rss;
	return si.used_ids;
}

static void info(void)
{
	struct shminfo lim;
	int top = shmctl(0, IPC_INFO, (struct shmid_ds *)&lim);
	yesno("IPC_INFO returns an index >= 0", top >= 0);
	printf("shmmin: %lu\n", lim.shmmin);
	yesno("shmmni >= 128", lim.shmmni >= 128);
	yesno("shmmax >= 4 MiB", lim.shmmax >= (4ul << 20));
	yesno("shmall pages hold shmmax", lim.shmall >= lim.shmmax / PG);
	yesno("shmseg >= 1", lim.shmseg >= 1);

	unsigned long tot0, rss0, tot1, rss1;
	int used0 = used_ids(&tot0, &rss0);
	int ids[3];
	for (int i = 0; i < 3; i++)
		ids[i] = shmget(IPC_PRIVATE, (i + 1) * PG - 100, 0600);
	int used1 = used_ids(&tot1, &rss1);
	yesno("SHM_INFO used_ids +3", used1 == used0 + 3);
	yesno("SHM_INFO shm_tot +6 pages", tot1 == tot0 + 6);
	yesno("SHM_INFO shm_rss unchanged", rss1 == rss0);
	char *p = shmat(ids[2], NULL, 0);
	p[0] = p[2 * PG] = 1;
	used_ids(&tot1, &rss1);
	yesno("SHM_INFO shm_rss +2 after touching 2 pages", rss1 == rss0 + 2);
	shmdt(p);

	struct shm_info si;
	int top2 = shmctl(0, SHM_INFO, (struct shmid_ds *)&si);
	printf("shm_swp: %lu\n", si.shm_swp);
	yesno("IPC_INFO and SHM_INFO agree on the index", shmctl(0, IPC_INFO, (struct shmid_ds *)&lim) == top2);

	// SHM_STAT takes an index and answers with the id living there.
	int found = 0, found_any = 0;
	for (int i = 0; i <= top2; i++) {
		struct shmid_ds ds;
		int r = shmctl(i, SHM_STAT, &ds);
		found += r == ids[1] && ds.shm_segsz == 2 * PG - 100;
		found_any += shmctl(i, SHM_STAT_ANY, &ds) == ids[1];
	}
	yesno("SHM_STAT finds our id", found == 1);
	yesno("SHM_STAT_ANY finds our id", found_any == 1);
	struct shmid_ds ds;
	result("SHM_STAT past the top index", shmctl(top2 + 1, SHM_STAT, &ds));
	result("SHM_STAT -1", shmctl(-1, SHM_STAT, &ds));
	for (int i = 0; i < 3; i++)
		shmctl(ids[i], IPC_RMID, NULL);
	used1 = used_ids(&tot1, &rss1);
	yesno("used_ids back", used1 == used0);
	yesno("shm_tot back", tot1 == tot0);
	yesno("shm_rss back", rss1 == rss0);
}

static void lock(void)
{
	int id = shmget(IPC_PRIVATE, PG, 0600);
	result("SHM_LOCK", shmctl(id, SHM_LOCK, NULL));
	yesno("SHM_LOCKED in mode", stat_of(id).shm_perm.mode & SHM_LOCKED);
	result("SHM_LOCK again", shmctl(id, SHM_LOCK, NULL));
	result("SHM_UNLOCK", shmctl(id, SHM_UNLOCK, NULL));
	yesno("SHM_LOCKED in mode", stat_of(id).shm_perm.mode & SHM_LOCKED);
	result("SHM_UNLOCK again", shmctl(id, SHM_UNLOCK, NULL));
	shmctl(id, IPC_RMID, NULL);
	result("SHM_LOCK removed id", shmctl(id, SHM_LOCK, NULL));
}

// The slot index SHM_STAT needs for id.
static int index_of(int id)
{
	struct shmid_ds ds;
	int top = shmctl(0, SHM_INFO, &ds);
	for (int i = 0; i <= top; i++)
		if (shmctl(i, SHM_STAT, &ds) == id)
			return i;
	return -1;
}

static void bad(void)
{
	int id = shmget(IPC_PRIVATE, PG, 0600);
	struct shmid_ds ds;
	result("cmd 4", shmctl(id, 4, &ds));
	result("cmd 10", shmctl(id, 10, &ds));
	result("cmd 16", shmctl(id, 16, &ds));
	result("cmd 99", shmctl(id, 99, &ds));
	result("cmd -1", shmctl(id, -1, &ds));
	result("IPC_STAT id -1", shmctl(-1, IPC_STAT, &ds));
	result("IPC_RMID id -1", shmctl(-1, IPC_RMID, NULL));
	result("IPC_STAT id 0x7fffffff", shmctl(0x7fffffff, IPC_STAT, &ds));

	result("raw IPC_STAT", raw_shmctl(id, IPC_STAT, &ds));
	result("raw IPC_STAT NULL", raw_shmctl(id, IPC_STAT, NULL));
	result("raw IPC_STAT 0xfffff000", raw_shmctl(id, IPC_STAT, (void *)0xfffff000));
	result("raw IPC_STAT read-only page", raw_shmctl(id, IPC_STAT, rodata));
	result("raw IPC_STAT bad id, NULL", raw_shmctl(-1, IPC_STAT, NULL));
	result("raw SHM_STAT NULL", raw_shmctl(index_of(id), SHM_STAT, NULL));
	result("raw IPC_SET NULL", raw_shmctl(id, IPC_SET, NULL));
	result("raw IPC_SET id -1, NULL", raw_shmctl(-1, IPC_SET, NULL));
	// IPC_SET copies the buffer in before it looks the id up.
	int stale = shmget(IPC_PRIVATE, PG, 0600);
	shmctl(stale, IPC_RMID, NULL);
	result("raw IPC_SET stale id, NULL", raw_shmctl(stale, IPC_SET, NULL));
	result("raw IPC_SET from a read-only page", raw_shmctl(id, IPC_SET, rodata));
	result("raw IPC_INFO NULL", raw_shmctl(0, IPC_INFO, NULL));
	result("raw SHM_INFO NULL", raw_shmctl(0, SHM_INFO, NULL));
	result("raw IPC_RMID NULL", raw_shmctl(id, IPC_RMID, NULL));
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	fresh_fields();
	set();
	info();
	lock();
	bad();
	return 0;
}
