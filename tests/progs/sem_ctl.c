// sem_ctl: semctl(2) with every command - IPC_STAT, IPC_SET, IPC_RMID, IPC_INFO,
// SEM_INFO, SEM_STAT, SEM_STAT_ANY, GETVAL, SETVAL, GETALL, SETALL, GETPID, GETNCNT,
// GETZCNT - their results and errors in Linux's order, and who may do what (root,
// the owner, the creator, others: a child becomes nobody).
// host: uids
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/sem.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define NOBODY 65534
#define NR_IPC 117
#define SEMCTL 3
#define IPC_64 0x100

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
	struct seminfo *__buf;
};

static int ctl(int id, int n, int cmd, union semun arg)
{
	return semctl(id, n, cmd, arg);
}

// semctl through ipc(SEMCTL) with the IPC_64 layouts, as glibc calls it, but with the
// kernel's own struct: glibc converts IPC_STAT's and would fault on a bad pointer itself.
static long rawctl(int id, int n, int cmd, void *p)
{
	return syscall(NR_IPC, SEMCTL, id, n, cmd | IPC_64, &p);
}

static void show_ds(const char *what, int id)
{
	struct semid_ds ds;
	union semun arg = { .buf = &ds };

	if (semctl(id, 0, IPC_STAT, arg) < 0) {
		printf("%s: IPC_STAT %s\n", what, ename(errno));
		return;
	}
	printf("%s: key 0x%x uid %u gid %u cuid %u cgid %u mode %o nsems %lu otime %s ctime %s\n",
	       what, (unsigned)ds.sem_perm.__key, ds.sem_perm.uid, ds.sem_perm.gid,
	       ds.sem_perm.cuid, ds.sem_perm.cgid, ds.sem_perm.mode,
	       (unsigned long)ds.sem_nsems, ds.sem_otime ? "set" : "0",
	       ds.sem_ctime ? "set" : "0");
}

static void info(void)
{
	struct seminfo si;
	union semun arg = { .__buf = &si };
	int r;

	r = semctl(0, 0, IPC_INFO, arg);
	printf("IPC_INFO: %d: semmap %d semmni %d semmns %d semmnu %d semmsl %d semopm %d "
	       "semume %d semusz %d semvmx %d semaem %d\n", r, si.semmap, si.semmni, si.semmns,
	       si.semmnu, si.semmsl, si.semopm, si.semume, si.semusz, si.semvmx, si.semaem);
	r = semctl(0, 0, SEM_INFO, arg);
	printf("SEM_INFO: %d: semusz (sets) %d semaem (semaphores) %d\n", r, si.semusz,
	       si.semaem);
}

static void commands(void)
{
	key_t key = 0x5ec70001;
	int a = semget(key, 3, IPC_CREAT | 0640), b = semget(IPC_PRIVATE, 5, 0600);
	unsigned short v[5] = { 1, 2, 3, 4, 5 }, w[5];
	union semun arg;
	struct semid_ds ds;

	info();
	show_ds("new", a);
	TRY("SEM_STAT index 0", ctl(0, 0, SEM_STAT, (union semun){ .buf = &ds }));
	TRY("SEM_STAT index 1", ctl(1, 0, SEM_STAT, (union semun){ .buf = &ds }));
	TRY("SEM_STAT index 2 (free)", ctl(2, 0, SEM_STAT, (union semun){ .buf = &ds }));
	TRY("SEM_STAT index 32768 (index 0 again)", ctl(32768, 0, SEM_STAT, (union semun){ .buf = &ds }));
	TRY("SEM_STAT_ANY index 1", ctl(1, 0, SEM_STAT_ANY, (union semun){ .buf = &ds }));
	printf("SEM_STAT's nsems %lu\n", (unsigned long)ds.sem_nsems);

	TRY("SETALL", ctl(b, 0, SETALL, (union semun){ .array = v }));
	memset(w, 0, sizeof(w));
	TRY("GETALL", ctl(b, 0, GETALL, (union semun){ .array = w }));
	printf("values: %d %d %d %d %d\n", w[0], w[1], w[2], w[3], w[4]);
	TRY("GETVAL 4", ctl(b, 4, GETVAL, arg));
	TRY("GETVAL 5", ctl(b, 5, GETVAL, arg));
	TRY("GETVAL -1", ctl(b, -1, GETVAL, arg));
	TRY("GETPID 0", ctl(b, 0, GETPID, arg) == getpid());
	TRY("GETNCNT 0", ctl(b, 0, GETNCNT, arg));
	TRY("GETZCNT 0", ctl(b, 0, GETZCNT, arg));
	TRY("GETNCNT 5", ctl(b, 5, GETNCNT, arg));
	arg.val = 32767;
	TRY("SETVAL 32767", ctl(b, 1, SETVAL, arg));
	arg.val = 32768;
	TRY("SETVAL 32768", ctl(b, 1, SETVAL, arg));
	arg.val = -1;
	TRY("SETVAL -1", ctl(b, 1, SETVAL, arg));
	TRY("SETVAL -1 on semnum 9: ERANGE first", ctl(b, 9, SETVAL, arg));
	TRY("SETVAL -1 on a bad id: ERANGE first", ctl(12345, 0, SETVAL, arg));
	arg.val = 1;
	TRY("SETVAL semnum 5", ctl(b, 5, SETVAL, arg));
	v[3] = 32768;
	TRY("SETALL with 32768", ctl(b, 0, SETALL, (union semun){ .array = v }));
	TRY("GETALL after: unchanged", ctl(b, 0, GETALL, (union semun){ .array = w }));
	printf("values: %d %d %d %d %d\n", w[0], w[1], w[2], w[3], w[4]);
	TRY("GETALL to NULL", ctl(b, 0, GETALL, (union semun){ .array = NULL }));
	TRY("SETALL from NULL", ctl(b, 0, SETALL, (union semun){ .array = NULL }));
	TRY("IPC_STAT to NULL", rawctl(b, 0, IPC_STAT, NULL));
	TRY("IPC_STAT to NULL, bad id: EINVAL first", rawctl(12345, 0, IPC_STAT, NULL));
	TRY("SEM_STAT to NULL", rawctl(0, 0, SEM_STAT, NULL));
	TRY("IPC_SET from NULL", rawctl(b, 0, IPC_SET, NULL));
	TRY("IPC_SET from NULL, bad id: EFAULT first", rawctl(12345, 0, IPC_SET, NULL));
	TRY("IPC_INFO to NULL", rawctl(0, 0, IPC_INFO, NULL));
	TRY("SEM_INFO to NULL", rawctl(0, 0, SEM_INFO, NULL));
	TRY("command 99", ctl(b, 0, 99, arg));
	TRY("command -1", ctl(b, 0, -1, arg));
	TRY("semid -1, IPC_INFO", ctl(-1, 0, IPC_INFO, (union semun){ .__buf = (void *)w }));
	TRY("semid -1, GETVAL", ctl(-1, 0, GETVAL, arg));
	TRY("never used, GETVAL", ctl(12345, 0, GETVAL, arg));
	TRY("never used, IPC_STAT", ctl(12345, 0, IPC_STAT, (union semun){ .buf = &ds }));
	TRY("never used, IPC_RMID", ctl(12345, 0, IPC_RMID, arg));
	// ipc(SEMCTL) passes the union by reference.
	TRY("ipc SEMCTL GETVAL", syscall(NR_IPC, SEMCTL, b, 4, GETVAL, &arg, 0));
	TRY("ipc SEMCTL, NULL union", syscall(NR_IPC, SEMCTL, b, 4, GETVAL, 0, 0));
	TRY("ipc SEMCTL, union unreadable", syscall(NR_IPC, SEMCTL, b, 4, GETVAL, 8, 0));
	info();

	printf("IPC_SET\n");
	semctl(a, 0, IPC_STAT, (union semun){ .buf = &ds });
	ds.sem_perm.uid = 1000;
	ds.sem_perm.gid = 2000;
	ds.sem_perm.mode = 01777;	// only the rwx bits are taken
	TRY("IPC_SET uid 1000 gid 2000 mode 01777", ctl(a, 0, IPC_SET, (union semun){ .buf = &ds }));
	show_ds("after", a);
	ds.sem_perm.uid = -1;
	TRY("IPC_SET uid -1", ctl(a, 0, IPC_SET, (union semun){ .buf = &ds }));
	ds.sem_perm.uid = 0;
	ds.sem_perm.gid = -1;
	TRY("IPC_SET gid -1", ctl(a, 0, IPC_SET, (union semun){ .buf = &ds }));
	show_ds("unchanged", a);

	printf("IPC_RMID\n");
	TRY("IPC_RMID", ctl(a, 0, IPC_RMID, arg));
	TRY("IPC_RMID again", ctl(a, 0, IPC_RMID, arg));
	TRY("key gone", semget(key, 0, 0));
	TRY("SEM_STAT index 0 (free now)", ctl(0, 0, SEM_STAT, (union semun){ .buf = &ds }));
	info();
	semctl(b, 0, IPC_RMID);
}

// The same calls from a child that is nobody: root made the sets.
static void others(void)
{
	int priv = semget(0x5ec70002, 2, IPC_CREAT | 0600);
	int ro = semget(0x5ec70003, 2, IPC_CREAT | 0444);
	int rw = semget(0x5ec70004, 2, IPC_CREAT | 0666);
	int given = semget(0x5ec70005, 2, IPC_CREAT | 0600);
	struct semid_ds ds;

	semctl(given, 0, IPC_STAT, (union semun){ .buf = &ds });
	ds.sem_perm.uid = NOBODY;
	semctl(given, 0, IPC_SET, (union semun){ .buf = &ds });	// nobody owns it, root made it
	fflush(stdout);
	if (fork() == 0) {
		union semun arg = { .val = 1 };

		if (setgid(NOBODY) < 0 || setuid(NOBODY) < 0) {
			printf("setuid: %s\n", ename(errno));
			_exit(1);
		}
		printf("as nobody, a 0600 set of root's\n");
		TRY("semget by key", semget(0x5ec70002, 0, 0));
		TRY("semget by key, asking nothing (mode 0)", semget(0x5ec70002, 0, 0) >= 0);
		TRY("semget by key, asking r", semget(0x5ec70002, 0, 0400));
		TRY("GETVAL", ctl(priv, 0, GETVAL, arg));
		TRY("GETALL", ctl(priv, 0, GETALL, (union semun){ .array = (void *)&ds }));
		TRY("SETVAL", ctl(priv, 0, SETVAL, arg));
		TRY("SETVAL -1: ERANGE first", ctl(priv, 0, SETVAL, (union semun){ .val = -1 }));
		TRY("GETVAL semnum 9: EACCES first", ctl(priv, 9, GETVAL, arg));
		TRY("IPC_STAT", ctl(priv, 0, IPC_STAT, (union semun){ .buf = &ds }));
		TRY("SEM_STAT", ctl(priv & 32767, 0, SEM_STAT, (union semun){ .buf = &ds }));
		TRY("SEM_STAT_ANY", ctl(priv & 32767, 0, SEM_STAT_ANY, (union semun){ .buf = &ds }) == priv);
		TRY("IPC_SET", ctl(priv, 0, IPC_SET, (union semun){ .buf = &ds }));
		TRY("IPC_RMID", ctl(priv, 0, IPC_RMID, arg));
		TRY("semop +1", semop(priv, (struct sembuf[]){ { 0, 1, 0 } }, 1));
		TRY("semop wait for 0", semop(priv, (struct sembuf[]){ { 0, 0, 0 } }, 1));
		printf("as nobody, a 0444 set\n");
		TRY("GETVAL", ctl(ro, 0, GETVAL, arg));
		TRY("SETVAL", ctl(ro, 0, SETVAL, arg));
		TRY("SETALL", ctl(ro, 0, SETALL, (union semun){ .array = (void *)&ds }));
		TRY("semop wait for 0", semop(ro, (struct sembuf[]){ { 0, 0, IPC_NOWAIT } }, 1));
		TRY("semop +1", semop(ro, (struct sembuf[]){ { 0, 1, 0 } }, 1));
		TRY("semop wait for 0 and +1", semop(ro, (struct sembuf[]){ { 0, 0, 0 }, { 1, 1, 0 } }, 2));
		printf("as nobody, a 0666 set\n");
		TRY("SETVAL", ctl(rw, 0, SETVAL, arg));
		TRY("GETPID is ours", ctl(rw, 0, GETPID, arg) == getpid());
		TRY("IPC_SET", ctl(rw, 0, IPC_SET, (union semun){ .buf = &ds }));
		TRY("IPC_RMID", ctl(rw, 0, IPC_RMID, arg));
		printf("as nobody, a set root made and gave to nobody\n");
		TRY("GETVAL", ctl(given, 0, GETVAL, arg));
		semctl(given, 0, IPC_STAT, (union semun){ .buf = &ds });
		ds.sem_perm.mode = 0660;
		TRY("IPC_SET mode 0660", ctl(given, 0, IPC_SET, (union semun){ .buf = &ds }));
		ds.sem_perm.uid = 0;
		TRY("IPC_SET uid 0 (gives it back)", ctl(given, 0, IPC_SET, (union semun){ .buf = &ds }));
		TRY("GETVAL now", ctl(given, 0, GETVAL, arg));
		TRY("IPC_RMID: not owner, not creator", ctl(given, 0, IPC_RMID, arg));
		_exit(0);
	}
	wait(NULL);
	show_ds("given back", given);
	semctl(priv, 0, IPC_RMID);
	semctl(ro, 0, IPC_RMID);
	semctl(rw, 0, IPC_RMID);
	semctl(given, 0, IPC_RMID);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	commands();
	others();
	return 0;
}
