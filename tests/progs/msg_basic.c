// msg_basic: msgget(2), msgsnd(2) and msgrcv(2) without sleeping - creating and
// finding queues, sending and receiving, the counts IPC_STAT shows, and every error
// in Linux's order; through glibc (ipc(), with msgrcv's version-0 "kludge" struct)
// and through the direct calls msgget 399, msgsnd 400, msgrcv 401, msgctl 402.
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

#define NR_IPC 117
#define NR_MSGGET 399
#define NR_MSGSND 400
#define NR_MSGRCV 401
#define NR_MSGCTL 402
#define MSGSND 11	// ipc() call numbers
#define MSGRCV 12
#define MSGGET 13
#define MSGCTL 14
#define IPC_64 0x100

struct msg {
	long mtype;
	char mtext[8200];
};

static struct msg m;

static int snd(int id, long type, const char *text, int flags)
{
	m.mtype = type;
	strcpy(m.mtext, text);
	return msgsnd(id, &m, strlen(text), flags);
}

// Receives into m and prints what came.
static void rcv(const char *what, int id, size_t size, long type, int flags)
{
	ssize_t n;

	memset(&m, 0, sizeof(m));
	errno = 0;
	n = msgrcv(id, &m, size, type, flags);
	if (n < 0)
		printf("%s: -1 %s\n", what, ename(errno));
	else
		printf("%s: %zd bytes, type %ld, \"%.*s\"\n", what, n, m.mtype, (int)n, m.mtext);
}

static void counts(int id)
{
	struct msqid_ds ds;

	if (msgctl(id, IPC_STAT, &ds) < 0) {
		printf("  IPC_STAT: %s\n", ename(errno));
		return;
	}
	printf("  qnum %lu, cbytes %lu, qbytes %lu, lspid ours %s, lrpid ours %s\n",
	       (unsigned long)ds.msg_qnum, (unsigned long)ds.__msg_cbytes,
	       (unsigned long)ds.msg_qbytes, yes(ds.msg_lspid == getpid()),
	       yes(ds.msg_lrpid == getpid()));
}

static void msgget_checks(void)
{
	key_t key = 0x6d5a0001;
	int a = msgget(IPC_PRIVATE, 0600), b = msgget(IPC_PRIVATE, IPC_CREAT | IPC_EXCL | 0600);

	printf("first ids: %d %d\n", a, b);
	TRY("missing key", msgget(key, 0600));
	TRY("missing key, IPC_EXCL alone", msgget(key, IPC_EXCL | 0600));
	TRY("key created", msgget(key, IPC_CREAT | 0640));
	TRY("key again, IPC_CREAT", msgget(key, IPC_CREAT | 0640));
	TRY("key again, no flags", msgget(key, 0));
	TRY("key again, IPC_CREAT|IPC_EXCL", msgget(key, IPC_CREAT | IPC_EXCL | 0640));
	TRY("direct msgget 399", syscall(NR_MSGGET, key, 0));
	TRY("ipc MSGGET", syscall(NR_IPC, MSGGET, key, 0, 0, 0, 0));
	TRY("IPC_RMID the key's", msgctl(msgget(key, 0), IPC_RMID, NULL));
	TRY("key gone", msgget(key, 0));
	TRY("direct msgctl IPC_RMID", syscall(NR_MSGCTL, b, IPC_RMID, 0));
	TRY("direct msgctl IPC_64|IPC_RMID", syscall(NR_MSGCTL, a, IPC_64 | IPC_RMID, 0));
	TRY("ipc MSGCTL IPC_RMID", syscall(NR_IPC, MSGCTL, a, IPC_RMID, 0, 0, 0));
}

static void send_receive(void)
{
	int id = msgget(IPC_PRIVATE, 0600);

	printf("queue %d\n", id);
	counts(id);
	TRY("send type 1 \"hello\"", snd(id, 1, "hello", 0));
	TRY("send type 2 \"world!\"", snd(id, 2, "world!", 0));
	TRY("send type 1, empty", snd(id, 1, "", 0));
	counts(id);
	rcv("receive any", id, 100, 0, 0);
	counts(id);
	rcv("receive any", id, 100, 0, 0);
	rcv("receive any", id, 100, 0, 0);
	rcv("receive any, empty queue, IPC_NOWAIT", id, 100, 0, IPC_NOWAIT);
	counts(id);

	printf("too long for the buffer\n");
	snd(id, 3, "0123456789", 0);
	rcv("buffer of 4", id, 4, 0, IPC_NOWAIT);
	counts(id);
	rcv("buffer of 4, MSG_NOERROR", id, 4, 0, IPC_NOWAIT | MSG_NOERROR);
	counts(id);
	snd(id, 3, "0123456789", 0);
	rcv("buffer of 0, MSG_NOERROR", id, 0, 0, IPC_NOWAIT | MSG_NOERROR);

	printf("the direct calls\n");
	m.mtype = 7;
	memcpy(m.mtext, "direct", 6);
	TRY("msgsnd 400", syscall(NR_MSGSND, id, &m, 6, 0));
	memset(&m, 0, sizeof(m));
	TRY("msgrcv 401", syscall(NR_MSGRCV, id, &m, 100, 7, 0));
	printf("  type %ld, \"%.6s\"\n", m.mtype, m.mtext);
	m.mtype = 8;
	TRY("ipc MSGSND", syscall(NR_IPC, MSGSND, id, 3, 0, &m, 0));
	struct { void *msgp; long msgtyp; } kludge = { &m, 8 };
	memset(&m, 0, sizeof(m));
	TRY("ipc MSGRCV version 0 (the kludge)", syscall(NR_IPC, MSGRCV, id, 100, 0, &kludge, 0));
	printf("  type %ld\n", m.mtype);
	snd(id, 9, "v1", 0);
	memset(&m, 0, sizeof(m));
	TRY("ipc MSGRCV version 1 (ptr and fifth)",
	    syscall(NR_IPC, MSGRCV | 1 << 16, id, 100, 0, &m, 9));
	printf("  type %ld\n", m.mtype);
	TRY("ipc MSGRCV version 0, NULL kludge", syscall(NR_IPC, MSGRCV, id, 100, 0, 0, 0));
	TRY("ipc MSGRCV version 0, kludge unreadable", syscall(NR_IPC, MSGRCV, id, 100, 0, 8, 0));
	TRY("ipc call 99", syscall(NR_IPC, 99, 0, 0, 0, 0, 0));
	counts(id);
	msgctl(id, IPC_RMID, NULL);
}

static void errors(void)
{
	int id = msgget(IPC_PRIVATE, 0600);
	void *none = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	*(long *)(ro + 4092) = 1;	// a read-only page: mtype 1 in its last 4 bytes
	mprotect(ro, 4096, PROT_READ);

	printf("msgsnd errors\n");
	m.mtype = 1;
	TRY("msqid -1", msgsnd(-1, &m, 1, 0));
	TRY("size 8193 (MSGMAX+1)", msgsnd(id, &m, 8193, 0));
	TRY("size 8192", msgsnd(id, &m, 8192, IPC_NOWAIT));
	TRY("receive the 8192", msgrcv(id, &m, 8192, 0, IPC_NOWAIT));
	TRY("size -1", msgsnd(id, &m, (size_t)-1, 0));
	m.mtype = 0;
	TRY("mtype 0", msgsnd(id, &m, 1, 0));
	m.mtype = -5;
	TRY("mtype -5", msgsnd(id, &m, 1, 0));
	TRY("mtype -5, msqid -1: EINVAL", msgsnd(-1, &m, 1, 0));
	TRY("msgp unreadable", msgsnd(id, none, 1, 0));
	TRY("msgp unreadable, msqid -1: EFAULT first", msgsnd(-1, none, 1, 0));
	TRY("mtype readable, mtext beyond the page", msgsnd(id, ro + 4092, 8, 0));
	m.mtype = 1;
	TRY("msqid never used", msgsnd(12345, &m, 1, 0));
	TRY("bad msqid, mtext unreadable: EFAULT first", syscall(NR_MSGSND, 12345, ro + 4092, 8, 0));
	TRY("msqid of a slot in use, other seq", msgsnd(id + 32768, &m, 1, 0));

	printf("msgrcv errors\n");
	TRY("msqid -1", msgrcv(-1, &m, 10, 0, 0));
	TRY("size -1", msgrcv(id, &m, (size_t)-1, 0, 0));
	TRY("msqid never used", msgrcv(12345, &m, 10, 0, 0));
	TRY("empty, IPC_NOWAIT", msgrcv(id, &m, 10, 0, IPC_NOWAIT));
	TRY("type 5 missing, IPC_NOWAIT", msgrcv(id, &m, 10, 5, IPC_NOWAIT));
	snd(id, 1, "abc", 0);
	TRY("buffer read-only: EFAULT, the message is gone", msgrcv(id, ro, 10, 0, IPC_NOWAIT));
	counts(id);
	snd(id, 1, "abc", 0);
	TRY("E2BIG before EFAULT", msgrcv(id, none, 1, 0, IPC_NOWAIT));
	counts(id);
	msgctl(id, IPC_RMID, NULL);
	TRY("removed queue", msgrcv(id, &m, 10, 0, IPC_NOWAIT));
	TRY("removed queue, msgsnd", msgsnd(id, &m, 1, 0));
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	msgget_checks();
	send_receive();
	errors();
	return 0;
}
