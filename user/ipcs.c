/*
 * ipcs: show System V IPC objects, as util-linux's ipcs prints them.
 *   ipcs, ipcs -a       message queues, shared memory segments, semaphore sets
 *   ipcs -q, -m, -s     only those (they combine: ipcs -q -s)
 *   ipcs -l             the limits (from /proc/sys/kernel, as util-linux reads them)
 *   ipcs -u             what is in use (MSG_INFO, SHM_INFO, SEM_INFO)
 *   ipcs -q|-m|-s -i ID one object in detail: a set's values and sleepers, say
 *
 * There is no system call that lists objects.  Instead MSG_INFO, SHM_INFO
 * and SEM_INFO return the highest slot index in use in the kernel's table,
 * and *_STAT_ANY asks about one slot index, returning the id of the object
 * stored there, or -1 for an empty slot.  The owner shows by name if
 * /etc/passwd has one, else by number.
 */
#define _GNU_SOURCE		/* for IPC_INFO, SEM_STAT_ANY... */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <time.h>
#include <unistd.h>

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
	struct seminfo *__buf;
};

/* "%-10d %-10.10s": the id and the owner, by name if /etc/passwd names uid. */
static void id_owner(int id, unsigned uid)
{
	char line[256], *name, *p;
	FILE *f = fopen("/etc/passwd", "r");

	while (f && fgets(line, sizeof(line), f)) {
		name = strtok_r(line, ":", &p);
		if (strtok_r(NULL, ":", &p) && (p = strtok_r(NULL, ":", &p)) &&
		    (unsigned)strtoul(p, NULL, 10) == uid) {
			printf("%-10d %-10.10s", id, name);
			fclose(f);
			return;
		}
	}
	if (f)
		fclose(f);
	printf("%-10d %-10u", id, uid);
}

/* A number from a /proc/sys/kernel file, or 0. */
static unsigned long long sysctl_num(const char *name)
{
	char path[64];
	unsigned long long v = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/sys/kernel/%s", name);
	if ((f = fopen(path, "r"))) {
		if (fscanf(f, "%llu", &v) != 1)
			v = 0;
		fclose(f);
	}
	return v;
}

/* ctime's text without its newline, or "Not set" for 0. */
static const char *when(time_t t)
{
	static char buf[32];

	if (!t)
		return "Not set";
	ctime_r(&t, buf);
	buf[strcspn(buf, "\n")] = 0;
	return buf;
}

/* ---- message queues ---- */

static void msg_list(void)
{
	struct msginfo info;
	struct msqid_ds ds;
	int maxidx = msgctl(0, MSG_INFO, (struct msqid_ds *)&info);

	printf("------ Message Queues --------\n");
	printf("%-10s %-10s %-10s %-10s %-12s %-12s\n", "key", "msqid", "owner",
	       "perms", "used-bytes", "messages");
	for (int idx = 0; idx <= maxidx; idx++) {
		int id = msgctl(idx, MSG_STAT_ANY, &ds);

		if (id < 0)
			continue;	/* an empty slot */
		printf("0x%08x ", (unsigned)ds.msg_perm.__key);
		id_owner(id, ds.msg_perm.uid);
		printf(" %-10o %-12lu %-12lu\n", ds.msg_perm.mode & 0777,
		       (unsigned long)ds.__msg_cbytes, (unsigned long)ds.msg_qnum);
	}
}

static void msg_limits(void)
{
	printf("------ Messages Limits --------\n");
	printf("max queues system wide = %llu\n", sysctl_num("msgmni"));
	printf("max size of message (bytes) = %llu\n", sysctl_num("msgmax"));
	printf("default max size of queue (bytes) = %llu\n", sysctl_num("msgmnb"));
}

static void msg_summary(void)
{
	struct msginfo info;

	msgctl(0, MSG_INFO, (struct msqid_ds *)&info);
	printf("------ Messages Status --------\n");
	printf("allocated queues = %d\n", info.msgpool);
	printf("used headers = %d\n", info.msgmap);
	printf("used space = %d bytes\n", info.msgtql);
}

static int msg_detail(int id)
{
	struct msqid_ds ds;

	if (msgctl(id, IPC_STAT, &ds) < 0) {
		fprintf(stderr, "ipcs: id %d not found\n", id);
		return 1;
	}
	printf("\nMessage Queue msqid=%d\n", id);
	printf("uid=%u\tgid=%u\tcuid=%u\tcgid=%u\tmode=%#o\n", ds.msg_perm.uid,
	       ds.msg_perm.gid, ds.msg_perm.cuid, ds.msg_perm.cgid, ds.msg_perm.mode);
	printf("cbytes=%lu\tqbytes=%lu\tqnum=%lu\tlspid=%d\tlrpid=%d\n",
	       (unsigned long)ds.__msg_cbytes, (unsigned long)ds.msg_qbytes,
	       (unsigned long)ds.msg_qnum, ds.msg_lspid, ds.msg_lrpid);
	printf("send_time=%-26.24s\n", when(ds.msg_stime));
	printf("rcv_time=%-26.24s\n", when(ds.msg_rtime));
	printf("change_time=%-26.24s\n", when(ds.msg_ctime));
	printf("\n");
	return 0;
}

/* ---- shared memory ---- */

static void shm_list(void)
{
	struct shm_info info;
	struct shmid_ds ds;
	int maxidx = shmctl(0, SHM_INFO, (struct shmid_ds *)&info);

	printf("------ Shared Memory Segments --------\n");
	printf("%-10s %-10s %-10s %-10s %-10s %-10s %-12s\n", "key", "shmid", "owner",
	       "perms", "bytes", "nattch", "status");
	for (int idx = 0; idx <= maxidx; idx++) {
		int id = shmctl(idx, SHM_STAT_ANY, &ds);

		if (id < 0)
			continue;
		printf("0x%08x ", (unsigned)ds.shm_perm.__key);
		id_owner(id, ds.shm_perm.uid);
		printf(" %-10o %-10lu %-10lu %-6s %-6s\n", ds.shm_perm.mode & 0777,
		       (unsigned long)ds.shm_segsz, (unsigned long)ds.shm_nattch,
		       (ds.shm_perm.mode & SHM_DEST) ? "dest" : " ",
		       (ds.shm_perm.mode & SHM_LOCKED) ? "locked" : " ");
	}
}

static void shm_limits(void)
{
	unsigned long long page = sysconf(_SC_PAGESIZE);

	printf("------ Shared Memory Limits --------\n");
	printf("max number of segments = %llu\n", sysctl_num("shmmni"));
	printf("max seg size (kbytes) = %llu\n", sysctl_num("shmmax") / 1024);
	printf("max total shared memory (kbytes) = %llu\n",
	       sysctl_num("shmall") * (page / 1024));
	printf("min seg size (bytes) = 1\n");
}

static void shm_summary(void)
{
	struct shm_info info;

	shmctl(0, SHM_INFO, (struct shmid_ds *)&info);
	printf("------ Shared Memory Status --------\n");
	printf("segments allocated %d\n", info.used_ids);
	printf("pages allocated %lu\n", (unsigned long)info.shm_tot);
	printf("pages resident  %lu\n", (unsigned long)info.shm_rss);
	printf("pages swapped   %lu\n", (unsigned long)info.shm_swp);
	printf("Swap performance: %lu attempts\t %lu successes\n",
	       (unsigned long)info.swap_attempts, (unsigned long)info.swap_successes);
}

static int shm_detail(int id)
{
	struct shmid_ds ds;

	if (shmctl(id, IPC_STAT, &ds) < 0) {
		fprintf(stderr, "ipcs: id %d not found\n", id);
		return 1;
	}
	printf("\nShared memory Segment shmid=%d\n", id);
	printf("uid=%u\tgid=%u\tcuid=%u\tcgid=%u\n", ds.shm_perm.uid, ds.shm_perm.gid,
	       ds.shm_perm.cuid, ds.shm_perm.cgid);
	printf("mode=%#o\taccess_perms=%#o\n", ds.shm_perm.mode, ds.shm_perm.mode & 0777);
	printf("bytes=%lu\tlpid=%d\tcpid=%d\tnattch=%lu\n", (unsigned long)ds.shm_segsz,
	       ds.shm_lpid, ds.shm_cpid, (unsigned long)ds.shm_nattch);
	printf("att_time=%-26.24s\n", when(ds.shm_atime));
	printf("det_time=%-26.24s\n", when(ds.shm_dtime));
	printf("change_time=%-26.24s\n", when(ds.shm_ctime));
	printf("\n");
	return 0;
}

/* ---- semaphores ---- */

static void sem_list(void)
{
	struct seminfo info;
	struct semid_ds ds;
	int maxidx = semctl(0, 0, SEM_INFO, (union semun){ .__buf = &info });

	printf("------ Semaphore Arrays --------\n");
	printf("%-10s %-10s %-10s %-10s %-10s\n", "key", "semid", "owner", "perms",
	       "nsems");
	for (int idx = 0; idx <= maxidx; idx++) {
		int id = semctl(idx, 0, SEM_STAT_ANY, (union semun){ .buf = &ds });

		if (id < 0)
			continue;
		printf("0x%08x ", (unsigned)ds.sem_perm.__key);
		id_owner(id, ds.sem_perm.uid);
		printf(" %-10o %-10lu\n", ds.sem_perm.mode & 0777,
		       (unsigned long)ds.sem_nsems);
	}
}

static void sem_limits(void)
{
	int msl = 0, mns = 0, opm = 0, mni = 0;
	FILE *f = fopen("/proc/sys/kernel/sem", "r");

	if (f) {
		if (fscanf(f, "%d %d %d %d", &msl, &mns, &opm, &mni) != 4)
			msl = mns = opm = mni = 0;
		fclose(f);
	}
	printf("------ Semaphore Limits --------\n");
	printf("max number of arrays = %d\n", mni);
	printf("max semaphores per array = %d\n", msl);
	printf("max semaphores system wide = %d\n", mns);
	printf("max ops per semop call = %d\n", opm);
	printf("semaphore max value = %u\n", 32767);
}

static void sem_summary(void)
{
	struct seminfo info;

	semctl(0, 0, SEM_INFO, (union semun){ .__buf = &info });
	printf("------ Semaphore Status --------\n");
	printf("used arrays = %d\n", info.semusz);
	printf("allocated semaphores = %d\n", info.semaem);
}

/* The set and each semaphore: value, sleepers waiting for more and for 0, last pid. */
static int sem_detail(int id)
{
	struct semid_ds ds;

	if (semctl(id, 0, IPC_STAT, (union semun){ .buf = &ds }) < 0) {
		fprintf(stderr, "ipcs: id %d not found\n", id);
		return 1;
	}
	printf("\nSemaphore Array semid=%d\n", id);
	printf("uid=%u\t gid=%u\t cuid=%u\t cgid=%u\n", ds.sem_perm.uid, ds.sem_perm.gid,
	       ds.sem_perm.cuid, ds.sem_perm.cgid);
	printf("mode=%#o, access_perms=%#o\n", ds.sem_perm.mode, ds.sem_perm.mode & 0777);
	printf("nsems = %lu\n", (unsigned long)ds.sem_nsems);
	printf("otime = %-26.24s\n", when(ds.sem_otime));
	printf("ctime = %-26.24s\n", when(ds.sem_ctime));
	printf("%-10s %-10s %-10s %-10s %-10s\n", "semnum", "value", "ncount", "zcount", "pid");
	for (unsigned long i = 0; i < ds.sem_nsems; i++)
		printf("%-10lu %-10d %-10d %-10d %-10d\n", i, semctl(id, i, GETVAL),
		       semctl(id, i, GETNCNT), semctl(id, i, GETZCNT), semctl(id, i, GETPID));
	printf("\n");
	return 0;
}

int main(int argc, char *argv[])
{
	int msg = 0, shm = 0, sem = 0, id = 0, specific = 0, opt;
	char format = 0;	/* 0: the lists; 'l', 'u' */

	while ((opt = getopt(argc, argv, "i:qmsalu")) != -1) {
		switch (opt) {
		case 'i':
			id = atoi(optarg);
			specific = 1;
			break;
		case 'a':
			msg = shm = sem = 1;
			break;
		case 'q':
			msg = 1;
			break;
		case 'm':
			shm = 1;
			break;
		case 's':
			sem = 1;
			break;
		case 'l':
		case 'u':
			format = opt;
			break;
		default:
			fprintf(stderr, "usage: ipcs [-q] [-m] [-s] [-a] [-l | -u]\n"
				"       ipcs -q|-m|-s -i ID\n");
			return 1;
		}
	}
	if (specific) {
		if (msg + shm + sem != 1) {
			fprintf(stderr, "ipcs: when using an ID, a single resource must be specified\n");
			return 1;
		}
		return msg ? msg_detail(id) : shm ? shm_detail(id) : sem_detail(id);
	}
	if (!msg && !shm && !sem)
		msg = shm = sem = 1;
	printf("\n");
	if (msg) {
		format == 'l' ? msg_limits() : format == 'u' ? msg_summary() : msg_list();
		printf("\n");
	}
	if (shm) {
		format == 'l' ? shm_limits() : format == 'u' ? shm_summary() : shm_list();
		printf("\n");
	}
	if (sem) {
		format == 'l' ? sem_limits() : format == 'u' ? sem_summary() : sem_list();
		printf("\n");
	}
	return 0;
}
