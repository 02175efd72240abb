// msg_ctl: msgctl(2) with every command - IPC_STAT (times, counts, pids), IPC_SET
// (msg_qbytes: only root may raise it past msgmnb), IPC_RMID, IPC_INFO, MSG_INFO,
// MSG_STAT, MSG_STAT_ANY - their results and errors in Linux's order, and who may do
// what (a child becomes nobody).
// host: uids
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define NOBODY 65534
#define NR_IPC 117
#define MSGCTL 14
#define IPC_64 0x100

struct msg {
	long mtype;
	char mtext[64];
};

// msgctl through ipc(MSGCTL) with the IPC_64 layouts, the kernel's own struct: glibc
// converts IPC_STAT's and would fault on a bad pointer itself.
static long rawctl(int id, int cmd, void *p)
{
	return syscall(NR_IPC, MSGCTL, id, cmd | IPC_64, 0, p, 0);
}

static void show_ds(const char *what, int id)
{
	struct msqid_ds ds;

	if (msgctl(id, IPC_STAT, &ds) < 0) {
		printf("%s: IPC_STAT %s\n", what, ename(errno));
		return;
	}
	printf("%s: key 0x%x uid %u gid %u cuid %u cgid %u mode %o qnum %lu cbytes %lu "
	       "qbytes %lu lspid %s lrpid %s stime %s rtime %s ctime %s\n", what,
	       (unsigned)ds.msg_perm.__key, ds.msg_perm.uid, ds.msg_perm.gid, ds.msg_perm.cuid,
	       ds.msg_perm.cgid, ds.msg_perm.mode, (unsigned long)ds.msg_qnum,
	       (unsigned long)ds.__msg_cbytes, (unsigned long)ds.msg_qbytes,
	       ds.msg_lspid == 0 ? "0" : ds.msg_lspid == getpid() ? "ours" : "other",
	       ds.msg_lrpid == 0 ? "0" : ds.msg_lrpid == getpid() ? "ours" : "other",
	       ds.msg_stime ? "set" : "0", ds.msg_rtime ? "set" : "0",
	       ds.msg_ctime ? "set" : "0");
}

static void info(void)
{
	struct msginfo mi;
	int r;

	r = msgctl(0, IPC_INFO, (struct msqid_ds *)&mi);
	printf("IPC_INFO: %d: msgpool %d msgmap %d msgmax %d msgmnb %d msgmni %d msgssz %d "
	       "msgtql %d msgseg %u\n", r, mi.msgpool, mi.msgmap, mi.msgmax, mi.msgmnb, mi.msgmni,
	       mi.msgssz, mi.msgtql, mi.msgseg);
	r = msgctl(0, MSG_INFO, (struct msqid_ds *)&mi);
	printf("MSG_INFO: %d: msgpool (queues) %d msgmap (messages) %d msgtql (bytes) %d\n", r,
	       mi.msgpool, mi.msgmap, mi.msgtql);
}

static void commands(void)
{
	key_t key = 0x6dc70001;
	int a = msgget(key, IPC_CREAT | 0640), b = msgget(IPC_PRIVATE, 0600);
	struct msqid_ds ds;
	struct msg m = { 1, "hello" };

	info();
	show_ds("new", a);
	msgsnd(a, &m, 5, 0);
	msgsnd(a, &m, 3, 0);
	show_ds("two sent", a);
	msgrcv(a, &m, 64, 0, 0);
	show_ds("one received", a);
	info();
	TRY("MSG_STAT index 0", msgctl(0, MSG_STAT, &ds));
	TRY("MSG_STAT index 1", msgctl(1, MSG_STAT, &ds));
	TRY("MSG_STAT index 2 (free)", msgctl(2, MSG_STAT, &ds));
	TRY("MSG_STAT_ANY index 0", msgctl(0, MSG_STAT_ANY, &ds));
	printf("MSG_STAT_ANY's qnum %lu\n", (unsigned long)ds.msg_qnum);
	TRY("IPC_STAT to NULL", rawctl(a, IPC_STAT, NULL));
	TRY("IPC_SET from NULL", rawctl(a, IPC_SET, NULL));
	TRY("IPC_SET from NULL, bad id: EFAULT first", rawctl(12345, IPC_SET, NULL));
	TRY("IPC_INFO to NULL", rawctl(0, IPC_INFO, NULL));
	TRY("MSG_INFO to NULL", rawctl(0, MSG_INFO, NULL));
	TRY("command 99", msgctl(a, 99, &ds));
	TRY("command -1", msgctl(a, -1, &ds));
	TRY("msqid -1, IPC_INFO", msgctl(-1, IPC_INFO, &ds));
	TRY("never used, IPC_STAT", msgctl(12345, IPC_STAT, &ds));
	TRY("never used, IPC_RMID", msgctl(12345, IPC_RMID, NULL));

	printf("IPC_SET\n");
	msgctl(a, IPC_STAT, &ds);
	ds.msg_perm.uid = 1000;
	ds.msg_perm.gid = 2000;
	ds.msg_perm.mode = 01777;
	ds.msg_qbytes = 100;
	TRY("IPC_SET uid 1000 gid 2000 mode 01777 qbytes 100", msgctl(a, IPC_SET, &ds));
	show_ds("after", a);
	// Root may raise msg_qbytes past msgmnb (CAP_SYS_RESOURCE, which a container's
	// root may lack: that is tested as nobody, who never may).
	ds.msg_perm.uid = -1;
	TRY("IPC_SET uid -1", msgctl(a, IPC_SET, &ds));
	show_ds("unchanged", a);

	printf("IPC_RMID\n");
	TRY("IPC_RMID", msgctl(a, IPC_RMID, NULL));
	TRY("IPC_RMID again", msgctl(a, IPC_RMID, NULL));
	TRY("key gone", msgget(key, 0));
	info();
	msgctl(b, IPC_RMID, NULL);
	info();
}

static void others(void)
{
	int priv = msgget(0x6dc70002, IPC_CREAT | 0600);
	int ro = msgget(0x6dc70003, IPC_CREAT | 0444);
	int wo = msgget(0x6dc70004, IPC_CREAT | 0222);
	int given = msgget(0x6dc70005, IPC_CREAT | 0600);
	struct msqid_ds ds;
	struct msg m = { 1, "x" };

	msgsnd(ro, &m, 1, 0);
	msgctl(given, IPC_STAT, &ds);
	ds.msg_perm.uid = NOBODY;
	msgctl(given, IPC_SET, &ds);
	fflush(stdout);
	if (fork() == 0) {
		if (setgid(NOBODY) < 0 || setuid(NOBODY) < 0) {
			printf("setuid: %s\n", ename(errno));
			_exit(1);
		}
		printf("as nobody, a 0600 queue of root's\n");
		TRY("msgget by key", msgget(0x6dc70002, 0));
		TRY("msgget by key, asking w", msgget(0x6dc70002, 0200));
		TRY("msgsnd", msgsnd(priv, &m, 1, IPC_NOWAIT));
		TRY("msgrcv", msgrcv(priv, &m, 10, 0, IPC_NOWAIT));
		TRY("IPC_STAT", msgctl(priv, IPC_STAT, &ds));
		TRY("MSG_STAT", msgctl(priv & 32767, MSG_STAT, &ds));
		TRY("MSG_STAT_ANY", msgctl(priv & 32767, MSG_STAT_ANY, &ds) == priv);
		TRY("IPC_SET", msgctl(priv, IPC_SET, &ds));
		TRY("IPC_RMID", msgctl(priv, IPC_RMID, NULL));
		printf("as nobody, a 0444 queue\n");
		TRY("msgrcv", msgrcv(ro, &m, 10, 0, IPC_NOWAIT));
		TRY("msgsnd", msgsnd(ro, &m, 1, IPC_NOWAIT));
		TRY("msgsnd, size too big: EINVAL first", msgsnd(ro, &m, 100000, IPC_NOWAIT));
		printf("as nobody, a 0222 queue\n");
		TRY("msgsnd", msgsnd(wo, &m, 1, IPC_NOWAIT));
		TRY("msgrcv", msgrcv(wo, &m, 10, 0, IPC_NOWAIT));
		TRY("msgrcv, empty but IPC_NOWAIT: EACCES first", msgrcv(wo, &m, 10, 9, IPC_NOWAIT));
		printf("as nobody, a queue given to nobody\n");
		msgctl(given, IPC_STAT, &ds);
		ds.msg_qbytes = 16384;
		TRY("IPC_SET qbytes 16384 (msgmnb)", msgctl(given, IPC_SET, &ds));
		ds.msg_qbytes = 16385;
		TRY("IPC_SET qbytes 16385: EPERM", msgctl(given, IPC_SET, &ds));
		ds.msg_qbytes = 16385;
		ds.msg_perm.uid = -1;
		TRY("IPC_SET qbytes 16385, uid -1: EPERM first", msgctl(given, IPC_SET, &ds));
		ds.msg_qbytes = 10;
		ds.msg_perm.uid = NOBODY;
		ds.msg_perm.mode = 0;
		TRY("IPC_SET mode 0, qbytes 10", msgctl(given, IPC_SET, &ds));
		TRY("IPC_STAT now", msgctl(given, IPC_STAT, &ds));
		TRY("IPC_RMID (the owner)", msgctl(given, IPC_RMID, NULL));
		_exit(0);
	}
	wait(NULL);
	msgctl(priv, IPC_RMID, NULL);
	msgctl(ro, IPC_RMID, NULL);
	msgctl(wo, IPC_RMID, NULL);
	TRY("given, removed by nobody", msgctl(given, IPC_RMID, NULL));
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	commands();
	others();
	return 0;
}
