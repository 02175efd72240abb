// sem_basic: semget(2) and semop(2) without sleeping - creating and finding sets,
// the order of semget's checks, semop's operations (all or nothing), IPC_NOWAIT,
// and every error semop gives before it would sleep, in Linux's order; through
// glibc (which goes through ipc()) and through the direct calls semget 393,
// semctl 394 and semtimedop_time64 420.
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/sem.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "check.h"
#include "semun.h"

#define NR_SEMGET 393
#define NR_SEMCTL 394
#define NR_SEMTIMEDOP_TIME64 420
#define NR_IPC 117
#define SEMOP 1		// ipc() call numbers
#define SEMTIMEDOP 4

static int getval(int id, int n)
{
	return semctl(id, n, GETVAL);
}

static void show_vals(const char *what, int id, int nsems)
{
	unsigned short v[8];
	union semun arg = { .array = v };

	printf("%s:", what);
	if (semctl(id, 0, GETALL, arg) < 0) {
		printf(" GETALL %s\n", ename(errno));
		return;
	}
	for (int i = 0; i < nsems; i++)
		printf(" %d", v[i]);
	printf("\n");
}

static int op(int id, struct sembuf *sops, int n)
{
	return semop(id, sops, n);
}

static void semget_checks(void)
{
	key_t key = 0x5e3a0001;
	int a, b, b2;

	TRY("private nsems 0", semget(IPC_PRIVATE, 0, 0600));
	TRY("private nsems -1", semget(IPC_PRIVATE, -1, 0600));
	TRY("private nsems 32001 (SEMMSL+1)", semget(IPC_PRIVATE, 32001, 0600));
	a = semget(IPC_PRIVATE, 3, 0600);
	b = semget(IPC_PRIVATE, 1, IPC_CREAT | IPC_EXCL | 0600);
	printf("first ids: %d %d\n", a, b);
	TRY("missing key", semget(key, 1, 0600));
	TRY("missing key, IPC_EXCL alone", semget(key, 1, IPC_EXCL | 0600));
	TRY("missing key, nsems 0, IPC_CREAT", semget(key, 0, IPC_CREAT | 0600));
	TRY("key created", semget(key, 4, IPC_CREAT | 0640));
	TRY("key again, IPC_CREAT", semget(key, 4, IPC_CREAT | 0640));
	TRY("key again, nsems 0", semget(key, 0, 0));
	TRY("key again, fewer", semget(key, 2, 0));
	TRY("key again, more: EINVAL", semget(key, 5, 0));
	TRY("key again, IPC_CREAT|IPC_EXCL: EEXIST first", semget(key, 5, IPC_CREAT | IPC_EXCL));
	TRY("key again, nsems -1: EINVAL first", semget(key, -1, IPC_CREAT | IPC_EXCL));
	TRY("direct semget 393", syscall(NR_SEMGET, key, 4, 0));
	b2 = syscall(NR_SEMGET, IPC_PRIVATE, 2, 0600);
	printf("direct semget, new: %d\n", b2);
	TRY("semctl IPC_RMID of the new one, direct", syscall(NR_SEMCTL, b2, 0, IPC_RMID, 0));
	TRY("IPC_RMID key's set", semctl(semget(key, 0, 0), 0, IPC_RMID));
	TRY("key gone", semget(key, 1, 0));
	semctl(a, 0, IPC_RMID);
	semctl(b, 0, IPC_RMID);
}

static void operations(void)
{
	int id = semget(IPC_PRIVATE, 3, 0600);
	struct sembuf s[4];
	union semun arg;

	printf("new set id %d\n", id);
	show_vals("new set values", id, 3);
	s[0] = (struct sembuf){ 0, 5, 0 };
	TRY("semop +5 on 0", op(id, s, 1));
	s[0] = (struct sembuf){ 0, -2, 0 };
	s[1] = (struct sembuf){ 1, 3, 0 };
	s[2] = (struct sembuf){ 2, 0, 0 };
	TRY("semop -2 on 0, +3 on 1, wait for 0 on 2", op(id, s, 3));
	show_vals("values", id, 3);
	// All or nothing: the third operation would block, so nothing is done.
	s[0] = (struct sembuf){ 0, -1, IPC_NOWAIT };
	s[1] = (struct sembuf){ 1, -1, IPC_NOWAIT };
	s[2] = (struct sembuf){ 2, -1, IPC_NOWAIT };
	TRY("semop -1 on all three, 2 is 0, IPC_NOWAIT", op(id, s, 3));
	show_vals("values unchanged", id, 3);
	s[0] = (struct sembuf){ 1, 0, IPC_NOWAIT };
	TRY("wait for 0 on 1 (3), IPC_NOWAIT", op(id, s, 1));
	s[0] = (struct sembuf){ 2, 0, IPC_NOWAIT };
	TRY("wait for 0 on 2 (0), IPC_NOWAIT", op(id, s, 1));
	// The same semaphore twice: each operation sees the one before.
	s[0] = (struct sembuf){ 1, -3, 0 };
	s[1] = (struct sembuf){ 1, 0, 0 };
	s[2] = (struct sembuf){ 1, 2, 0 };
	TRY("on 1: -3, wait for 0, +2", op(id, s, 3));
	show_vals("values", id, 3);
	s[0] = (struct sembuf){ 1, 2, 0 };
	s[1] = (struct sembuf){ 1, 0, IPC_NOWAIT };
	TRY("on 1: +2, then wait for 0, IPC_NOWAIT", op(id, s, 2));
	show_vals("values unchanged", id, 3);
	// SEMVMX is 32767.
	arg.val = 32767;
	TRY("SETVAL 32767", semctl(id, 2, SETVAL, arg));
	s[0] = (struct sembuf){ 2, 1, 0 };
	TRY("+1 past SEMVMX", op(id, s, 1));
	s[0] = (struct sembuf){ 0, -1, 0 };
	s[1] = (struct sembuf){ 2, 1, 0 };
	TRY("-1 on 0, then +1 past SEMVMX: ERANGE", op(id, s, 2));
	s[0] = (struct sembuf){ 2, 1, IPC_NOWAIT };
	s[1] = (struct sembuf){ 1, -100, IPC_NOWAIT };
	TRY("ERANGE before a later block", op(id, s, 2));
	s[0] = (struct sembuf){ 1, -100, IPC_NOWAIT };
	s[1] = (struct sembuf){ 2, 1, IPC_NOWAIT };
	TRY("a block (IPC_NOWAIT) before a later ERANGE", op(id, s, 2));
	s[0] = (struct sembuf){ 2, -32767, 0 };
	TRY("-32767", op(id, s, 1));
	show_vals("values", id, 3);
	printf("GETPID is us: %s\n", yes(semctl(id, 0, GETPID) == getpid()));
	TRY("GETPID of one never changed", semctl(semget(IPC_PRIVATE, 1, 0600), 0, GETPID));
	semctl(id, 0, IPC_RMID);
}

static void errors(void)
{
	int id = semget(IPC_PRIVATE, 2, 0600);
	int ro = semget(IPC_PRIVATE, 2, 0400);
	struct sembuf s[2] = { { 0, 1, 0 }, { 1, 1, 0 } };
	struct sembuf *big = calloc(501, sizeof(*big));
	struct sembuf *unmapped = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct sembuf *gone = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	gone[0] = s[0];				/* the page is there, then PROT_NONE */
	mprotect(gone, 4096, PROT_NONE);

	TRY("nsops 0", semop(id, s, 0));
	TRY("semid -1", semop(-1, s, 1));
	TRY("semid -1, nsops 0", semop(-1, s, 0));
	TRY("nsops 501 (SEMOPM+1)", semop(id, big, 501));
	TRY("nsops 500, all +0 wait for zero on 0", semop(id, big, 500));
	TRY("nsops 501 on a bad semid: E2BIG first", semop(12345, big, 501));
	TRY("sops unreadable", semop(id, unmapped, 1));
	TRY("sops in a touched page made PROT_NONE", semop(id, gone, 1));
	TRY("sops NULL, bad semid: EFAULT first", semop(12345, NULL, 1));
	TRY("semid never used", semop(12345, s, 1));
	TRY("semid of a slot in use, other seq", semop(id + 32768, s, 1));
	s[0].sem_num = 2;
	TRY("sem_num 2 of 2", semop(id, s, 1));
	s[0].sem_num = 65535;
	TRY("sem_num 65535", semop(id, s, 1));
	s[0].sem_num = 0;
	s[1].sem_num = 7;
	TRY("second sem_num out of range", semop(id, s, 2));
	s[1].sem_num = 1;
	TRY("read-only set: EFBIG", semop(ro, (struct sembuf[]){ { 9, 1, 0 } }, 1));
	semctl(id, 0, IPC_RMID);
	TRY("removed set", semop(id, s, 1));
	semctl(ro, 0, IPC_RMID);
	free(big);
}

static void timeouts(void)
{
	int id = semget(IPC_PRIVATE, 1, 0600);
	struct sembuf s = { 0, -1, 0 };
	struct timespec ts = { 0, 20 * 1000 * 1000 }, bad = { 0, 1000000000 };
	struct { int64_t sec, nsec; } ts64 = { 0, 20 * 1000 * 1000 }, bad64 = { -1, 0 };
	struct timespec t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	TRY("semtimedop 20 ms, nothing comes", semtimedop(id, &s, 1, &ts));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("waited at least 20 ms: %s\n",
	       yes((t1.tv_sec - t0.tv_sec) * 1000000000LL + t1.tv_nsec - t0.tv_nsec >= 20000000));
	TRY("semtimedop tv_nsec 1e9", semtimedop(id, &s, 1, &bad));
	TRY("semtimedop bad timeout, op can go: EINVAL first",
	    semtimedop(id, (struct sembuf[]){ { 0, 1, 0 } }, 1, &bad));
	// glibc reads the timeout itself: ipc(SEMTIMEDOP) directly for a bad one.
	TRY("ipc SEMTIMEDOP timeout unreadable", syscall(NR_IPC, SEMTIMEDOP, id, 1, 0, &s, 8));
	TRY("ipc SEMTIMEDOP timeout unreadable, nsops 0: EFAULT first",
	    syscall(NR_IPC, SEMTIMEDOP, id, 0, 0, &s, 8));
	TRY("ipc SEMTIMEDOP 32-bit timeout", syscall(NR_IPC, SEMTIMEDOP, id, 1, 0, &s, &ts));
	TRY("ipc SEMOP, can go", syscall(NR_IPC, SEMOP, id, 1, 0,
					 (struct sembuf[]){ { 0, 1, 0 } }, 0));
	TRY("ipc SEMOP, can go", syscall(NR_IPC, SEMOP, id, 1, 0, &s, 0));
	TRY("semtimedop zero timeout, can go", semtimedop(id, (struct sembuf[]){ { 0, 1, 0 } }, 1,
						     &(struct timespec){ 0, 0 }));
	TRY("semtimedop_time64 420 -1", syscall(NR_SEMTIMEDOP_TIME64, id, &s, 1, &ts64));
	TRY("semtimedop_time64 420 -1 again: 20 ms", syscall(NR_SEMTIMEDOP_TIME64, id, &s, 1, &ts64));
	TRY("semtimedop_time64 tv_sec -1", syscall(NR_SEMTIMEDOP_TIME64, id, &s, 1, &bad64));
	TRY("semtimedop_time64 NULL timeout, +2", syscall(NR_SEMTIMEDOP_TIME64, id,
							    (struct sembuf[]){ { 0, 2, 0 } }, 1, NULL));
	printf("value: %d\n", getval(id, 0));
	TRY("direct semctl GETVAL", syscall(NR_SEMCTL, id, 0, GETVAL, 0));
	TRY("direct semctl SETVAL 9 (by value)", syscall(NR_SEMCTL, id, 0, SETVAL, 9));
	TRY("direct semctl GETVAL", syscall(NR_SEMCTL, id, 0, GETVAL, 0));
	semctl(id, 0, IPC_RMID);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	semget_checks();
	operations();
	errors();
	timeouts();
	return 0;
}
