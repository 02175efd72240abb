// Operations on System V semaphores and message queues, through ipc() or the direct
// calls. Only sets and queues this worker created are changed or removed; its
// children use them too (they inherit the ids) but never create any, so that
// nothing is left when one is killed. No call sleeps without an end: semop waits
// only with IPC_NOWAIT or a short timeout, and a message call that may sleep runs
// under a 20 ms interval timer whose signal interrupts it. Sleepers meet IPC_RMID,
// signals and timeouts: removal while waiting happens when a child sleeps on a set
// its worker removes.
#include "fuzz.h"

#include <signal.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/time.h>
#include <unistd.h>

// ipc()'s call numbers and its IPC_64 flag; the direct calls beside it
#define IPC_SEMOP 1
#define IPC_SEMGET 2
#define IPC_SEMCTL 3
#define IPC_SEMTIMEDOP 4
#define IPC_MSGSND 11
#define IPC_MSGRCV 12
#define IPC_MSGGET 13
#define IPC_MSGCTL 14
#define IPC_64 0x100
#define NR_semget 393
#define NR_semctl 394
#define NR_msgget 399
#define NR_msgsnd 400
#define NR_msgrcv 401
#define NR_msgctl 402
#define NR_semtimedop_time64 420
#ifndef MSG_COPY
#define MSG_COPY 040000
#endif
#define NOBJ 8

struct obj {
	int id;
	int nsems;		// a set's; 0 for a queue
	int live;		// 0: removed by us, the id is stale
};

static struct obj sets[NOBJ], queues[NOBJ];
static int nsets, nqueues;

// ---- bookkeeping ----

static int own(struct obj *t, int n, long id)
{
	for (int i = 0; i < n; i++)
		if (t[i].id == id)
			return i;
	return -1;
}

// An id that is ours (live or stale) or plainly invalid: safe to change or remove.
static long mine(struct obj *t, int n)
{
	static const long bad[] = { -1, 0, 0x7fffffff, 0x80000000, 32768 };
	return n && chance(85) ? t[below(n)].id : PICK(bad);
}

static void remember(struct obj *t, int *n, long id, int nsems, int is_sem)
{
	if (own(t, *n, id) >= 0)
		return;
	if (*n == NOBJ) {	// forget a removed one, or remove a live one
		int i = below(NOBJ);
		if (t[i].live && is_sem)
			syscall(NR_semctl, t[i].id, 0, IPC_RMID, 0);
		else if (t[i].live)
			syscall(NR_msgctl, t[i].id, IPC_RMID, 0);
		t[i] = t[--*n];
	}
	t[(*n)++] = (struct obj){ id, nsems, 1 };
}

// A key and flags for a ...get(): a new object, or one of ours by key; children
// only look keys up.
static void get_args(long *key, long *flg)
{
	*key = chance(50) ? IPC_PRIVATE : keys[below(N(keys))];
	*flg = chance(80) ? 0600 : mode() & 0777;
	if (chance(20))
		*flg |= below(8) << 9;	// IPC_CREAT, IPC_EXCL, IPC_NOWAIT in any mix
	else if (chance(60))
		*flg |= IPC_CREAT | IPC_EXCL;
	if (*key != IPC_PRIVATE && (*flg & IPC_CREAT) && !(*flg & IPC_EXCL))
		*flg &= ~IPC_CREAT;	// could find a set another worker made
	if (is_kid && (*key == IPC_PRIVATE || (*flg & IPC_CREAT)))
		*key = keys[0], *flg &= ~IPC_CREAT;
}

static int created(long key, long flg)
{
	return key == IPC_PRIVATE || (flg & IPC_CREAT);
}

// ---- semaphores ----

void op_semget(void)
{
	static const long nsems[] = { 0, 1, 2, 5, 32000, 32001, -1 };
	long key, flg, n = chance(80) ? 1 + below(6) : PICK(nsems), id;

	get_args(&key, &flg);
	if (chance(50))
		id = SC(SYS_ipc, IPC_SEMGET, key, n, flg, 0);
	else
		id = SC(NR_semget, key, n, flg, 0, 0);
	if (id >= 0 && created(key, flg))
		remember(sets, &nsets, id, n, 1);
}

// Operations on a set of n: mostly right, sometimes out of range or far too many.
static long sembufs(int n, int *nsops, int *blocking)
{
	struct sembuf *s = (struct sembuf *)scratch;
	static const short ops[] = { -2, -1, -1, 0, 1, 1, 2, 32767, -32768 };

	*nsops = chance(90) ? 1 + below(4) : chance(50) ? 0 : 501;
	*blocking = 0;
	for (int i = 0; i < *nsops && i < 8; i++) {
		s[i].sem_num = n && chance(95) ? below(n) : below(70000);
		s[i].sem_op = PICK(ops);
		s[i].sem_flg = (chance(60) ? IPC_NOWAIT : 0) | (chance(40) ? SEM_UNDO : 0);
		*blocking |= !(s[i].sem_flg & IPC_NOWAIT);
	}
	return chance(90) ? (long)scratch : bad_ptr();
}

void op_semop(void)
{
	long id = mine(sets, nsets), sops, r;
	int i = own(sets, nsets, id), nsops, blocking;
	struct { int32_t sec, nsec; } ts32 = { 0, 1000000 * (1 + below(10)) };
	struct { int64_t sec, nsec; } ts64 = { 0, ts32.nsec };

	sops = sembufs(i >= 0 ? sets[i].nsems : 0, &nsops, &blocking);
	if (chance(5))
		ts32.nsec = ts64.nsec = 1000000000;	// EINVAL
	switch (below(3)) {
	case 0:	// ipc(SEMOP), only when nothing can sleep
		if (!blocking) {
			r = SC(SYS_ipc, IPC_SEMOP, id, nsops, 0, sops);
			break;
		}
		/* fall through */
	case 1:	// the timeout is ipc()'s sixth argument, past what SC passes
		r = syscall(SYS_ipc, IPC_SEMTIMEDOP, id, nsops, 0, sops, (long)&ts32);
		break;
	default:
		r = SC(NR_semtimedop_time64, id, sops, nsops, &ts64, 0);
	}
	(void)r;
}

void op_semctl(void)
{
	static const long safe[] = { IPC_STAT, IPC_INFO, SEM_INFO, SEM_STAT, SEM_STAT_ANY, GETVAL,
				     GETPID, GETNCNT, GETZCNT, GETALL, 99, -1 };
	static const long change[] = { IPC_SET, IPC_RMID, SETVAL, SETALL };
	long cmd, id, arg, r, semnum = chance(90) ? (long)below(8) : -1;
	int ipc = chance(50);

	if (chance(60)) {
		cmd = PICK(safe);
		id = cmd == SEM_STAT || cmd == SEM_STAT_ANY ? (long)below(100) : mine(sets, nsets);
	} else {
		cmd = PICK(change);
		id = mine(sets, nsets);
	}
	arg = ptr(64);
	if (cmd == SETVAL)
		arg = chance(90) ? (long)below(5) : chance(50) ? -1 : 40000;
	else if (cmd == SETALL && chance(70)) {
		for (int k = 0; k < 8; k++)
			((unsigned short *)scratch)[k] = chance(95) ? below(5) : 40000;
		arg = (long)scratch;
	} else if (cmd == IPC_SET && chance(70)) {	// mode and owner as they are
		memset(scratch, 0, 64);
		*(uint32_t *)(scratch + 4) = chance(90) ? geteuid() : 0xffffffff;
		*(uint32_t *)(scratch + 8) = getegid();
		*(uint16_t *)(scratch + 20) = chance(80) ? 0600 : below(010000);
		arg = (long)scratch;
	}
	if (ipc) {	// the union by reference, and IPC_64 as glibc passes it
		static long u;
		u = arg;
		r = SC(SYS_ipc, IPC_SEMCTL, id, semnum, chance(85) ? cmd | IPC_64 : cmd,
		       chance(90) ? (long)&u : bad_ptr());
	} else {
		r = SC(NR_semctl, id, semnum, cmd, arg, 0);
	}
	int i = own(sets, nsets, id);
	if (cmd == IPC_RMID && r == 0 && i >= 0)
		sets[i].live = 0;
}

// ---- message queues ----

void op_msgget(void)
{
	long key, flg, id;

	get_args(&key, &flg);
	id = chance(50) ? SC(SYS_ipc, IPC_MSGGET, key, flg, 0, 0) : SC(NR_msgget, key, flg, 0, 0, 0);
	if (id >= 0 && created(key, flg))
		remember(queues, &nqueues, id, 0, 0);
}

static long msg_size(void)
{
	static const long sizes[] = { 0, 1, 8192, 8193, 16384, -1 };
	return chance(80) ? (long)below(3000) : PICK(sizes);
}

void op_msgsnd(void)
{
	long id = mine(queues, nqueues), sz = msg_size(), flg = chance(85) ? IPC_NOWAIT : 0;
	long buf = chance(85) ? (long)scratch : ptr(sz + 4);

	*(int32_t *)scratch = chance(90) ? (int32_t)(1 + below(5)) : chance(50) ? 0 : -3;
	if (!(flg & IPC_NOWAIT))
		bounded(1);
	if (chance(50))
		SC(SYS_ipc, IPC_MSGSND, id, sz, flg, buf);
	else
		SC(NR_msgsnd, id, buf, sz, flg, 0);
	if (!(flg & IPC_NOWAIT))
		bounded(0);
}

void op_msgrcv(void)
{
	static const long flags[] = { IPC_NOWAIT, IPC_NOWAIT, IPC_NOWAIT | MSG_NOERROR,
				      IPC_NOWAIT | MSG_EXCEPT, IPC_NOWAIT | MSG_COPY, MSG_COPY,
				      MSG_COPY | MSG_EXCEPT | IPC_NOWAIT, 0, MSG_NOERROR };
	static const long types[] = { 0, 1, 2, 5, -1, -3, 0x7fffffff, -0x7fffffff - 1 };
	long id = mine(queues, nqueues), sz = msg_size(), flg = PICK(flags), typ = PICK(types);
	long buf = chance(85) ? (long)scratch : ptr(sz + 4);

	if (sz > PG - 4)
		sz = chance(50) ? PG - 4 : sz;	// scratch is a page: a larger size faults
	if (!(flg & IPC_NOWAIT))
		bounded(1);
	switch (below(3)) {
	case 0: {	// version 0: buffer and type in the "kludge"
		static struct { long msgp, msgtyp; } k;
		k.msgp = buf, k.msgtyp = typ;
		SC(SYS_ipc, IPC_MSGRCV, id, sz, flg, chance(90) ? (long)&k : bad_ptr());
		break;
	}
	case 1:
		syscall(SYS_ipc, IPC_MSGRCV | 1 << 16, id, sz, flg, buf, typ);
		break;
	default:
		SC(NR_msgrcv, id, buf, sz, typ, flg);
	}
	if (!(flg & IPC_NOWAIT))
		bounded(0);
}

void op_msgctl(void)
{
	static const long safe[] = { IPC_STAT, IPC_INFO, MSG_INFO, MSG_STAT, MSG_STAT_ANY, 99, -1 };
	static const long change[] = { IPC_SET, IPC_RMID };
	long cmd, id, buf = ptr(88), r;

	if (chance(60)) {
		cmd = PICK(safe);
		id = cmd == MSG_STAT || cmd == MSG_STAT_ANY ? (long)below(100) : mine(queues, nqueues);
	} else {
		cmd = PICK(change);
		id = mine(queues, nqueues);
	}
	if (cmd == IPC_SET && chance(70)) {	// owner as it is; a queue size up to msgmnb
		memset(scratch, 0, 88);
		*(uint32_t *)(scratch + 4) = chance(90) ? geteuid() : 0xffffffff;
		*(uint32_t *)(scratch + 8) = getegid();
		*(uint16_t *)(scratch + 20) = chance(80) ? 0600 : below(010000);
		*(uint32_t *)(scratch + 68) = chance(80) ? below(16385) : 0x7fffffff;
		buf = (long)scratch;
	}
	if (chance(50))
		r = SC(SYS_ipc, IPC_MSGCTL, id, chance(85) ? cmd | IPC_64 : cmd, 0, buf);
	else
		r = SC(NR_msgctl, id, cmd, buf, 0, 0);
	int i = own(queues, nqueues, id);
	if (cmd == IPC_RMID && r == 0 && i >= 0)
		queues[i].live = 0;
}

// The worker's sets and queues go at its end (its children are gone by then).
void sysv_cleanup(void)
{
	for (int i = 0; i < nsets; i++)
		syscall(NR_semctl, sets[i].id, 0, IPC_RMID, 0);
	for (int i = 0; i < nqueues; i++)
		syscall(NR_msgctl, queues[i].id, IPC_RMID, 0);
}
