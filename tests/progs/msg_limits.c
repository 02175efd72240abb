// msg_limits: the message queue limits in /proc/sys/kernel (msgmax, msgmnb, msgmni;
// auto_msgmni, which does nothing now) read and written as Linux does it, and the
// errors each gives; a new queue takes msgmnb as its msg_qbytes; big messages (more
// than a page); msg_next_id; /proc/sysvipc/msg.
// Host: writing the limits needs root in the IPC namespace (as kernel.shmmax does).
// host: shmmax
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <unistd.h>
#include "check.h"

#define K "/proc/sys/kernel/"

struct msg {
	long mtype;
	char mtext[70000];
};

static struct msg m, r;

static void show(const char *path)
{
	char buf[64];
	int fd = open(path, O_RDONLY), n;

	n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	if (n < 0) {
		printf("  %s: %s\n", path, ename(errno));
	} else {
		buf[n] = 0;
		buf[strcspn(buf, "\n")] = 0;
		printf("  %s: %s\n", path, buf);
	}
	if (fd >= 0)
		close(fd);
}

static void put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	long n;

	errno = 0;
	n = fd < 0 ? -1 : write(fd, text, strlen(text));
	if (n < 0)
		printf("write \"%s\" to %s: %s\n", text, path, ename(errno));
	else
		printf("write \"%s\" to %s: %ld\n", text, path, n);
	if (fd >= 0)
		close(fd);
	show(path);
}

static void qbytes(int id)
{
	struct msqid_ds ds;

	msgctl(id, IPC_STAT, &ds);
	printf("  msg_qbytes %lu\n", (unsigned long)ds.msg_qbytes);
}

static void files(void)
{
	printf("the files\n");
	show(K "msgmax");
	show(K "msgmnb");
	show(K "msgmni");
	show(K "auto_msgmni");
	show(K "msg_next_id");
	put(K "msgmax", "-1");
	put(K "msgmax", "2147483648");
	put(K "msgmni", "32769");
	put(K "msgmni", "32768");
	put(K "auto_msgmni", "1");
	put(K "auto_msgmni", "2");
	put(K "auto_msgmni", "0");
}

static void limits(void)
{
	int ids[4], n;

	printf("msgmni 2\n");
	put(K "msgmni", "2");
	for (n = 0; n < 3; n++) {
		ids[n] = msgget(IPC_PRIVATE, 0600);
		printf("  queue %d: %d %s\n", n, ids[n], ids[n] < 0 ? ename(errno) : "");
	}
	put(K "msgmni", "32000");
	msgctl(ids[0], IPC_RMID, NULL);
	msgctl(ids[1], IPC_RMID, NULL);

	printf("msgmax 100\n");
	put(K "msgmax", "100");
	ids[0] = msgget(IPC_PRIVATE, 0600);
	m.mtype = 1;
	TRY("  send 100", msgsnd(ids[0], &m, 100, 0));
	TRY("  send 101", msgsnd(ids[0], &m, 101, 0));
	put(K "msgmax", "0");
	TRY("  msgmax 0: send 0", msgsnd(ids[0], &m, 0, 0));
	TRY("  msgmax 0: send 1", msgsnd(ids[0], &m, 1, 0));
	put(K "msgmax", "8192");
	msgctl(ids[0], IPC_RMID, NULL);

	printf("msgmnb 50: a new queue's msg_qbytes\n");
	put(K "msgmnb", "50");
	ids[0] = msgget(IPC_PRIVATE, 0600);
	qbytes(ids[0]);
	TRY("  send 50", msgsnd(ids[0], &m, 50, IPC_NOWAIT));
	TRY("  send 1", msgsnd(ids[0], &m, 1, IPC_NOWAIT));
	put(K "msgmnb", "16384");
	qbytes(ids[0]);
	ids[1] = msgget(IPC_PRIVATE, 0600);
	qbytes(ids[1]);
	msgctl(ids[0], IPC_RMID, NULL);
	msgctl(ids[1], IPC_RMID, NULL);
}

static void big(void)
{
	int id = msgget(IPC_PRIVATE, 0600), ok = 1;
	struct msqid_ds ds;

	printf("big messages: msgmax and msgmnb 65536\n");
	put(K "msgmax", "65536");
	put(K "msgmnb", "65536");
	msgctl(id, IPC_STAT, &ds);
	ds.msg_qbytes = 65536;
	msgctl(id, IPC_SET, &ds);
	for (int i = 0; i < 65536; i++)
		m.mtext[i] = i * 7 + i / 256;
	m.mtype = 3;
	TRY("  send 65536", msgsnd(id, &m, 65536, 0));
	TRY("  send 1 more", msgsnd(id, &m, 1, IPC_NOWAIT));
	TRY("  receive with a buffer of 65535, MSG_NOERROR", msgrcv(id, &r, 65535, 0, MSG_NOERROR));
	for (int i = 0; i < 65535; i++)
		ok &= r.mtext[i] == m.mtext[i];
	printf("  the bytes are the same: %s\n", yes(ok));
	for (int len = 2030; len < 2060; len += 7) {
		msgsnd(id, &m, len, 0);
		memset(&r, 0, sizeof(r));
		ok = msgrcv(id, &r, sizeof(r.mtext), 0, 0) == len && !memcmp(r.mtext, m.mtext, len);
		printf("  %d bytes there and back: %s\n", len, yes(ok));
	}
	put(K "msgmax", "8192");
	put(K "msgmnb", "16384");
	msgctl(id, IPC_RMID, NULL);
}

static void next_id(void)
{
	int a;

	printf("msg_next_id\n");
	put(K "msg_next_id", "77");
	TRY("  a new queue", a = msgget(IPC_PRIVATE, 0600));
	show(K "msg_next_id");
	msgctl(a, IPC_RMID, NULL);
	TRY("  the next", a = msgget(IPC_PRIVATE, 0600));
	msgctl(a, IPC_RMID, NULL);
}

static void proc_sysvipc(void)
{
	char buf[4096];
	int a = msgget(0x6d1e0001, IPC_CREAT | 0640), b = msgget(IPC_PRIVATE, 0600), fd, n;

	m.mtype = 1;
	msgsnd(a, &m, 10, 0);
	msgsnd(a, &m, 20, 0);
	msgsnd(b, &m, 5, 0);
	msgrcv(b, &m, 100, 0, 0);
	fd = open("/proc/sysvipc/msg", O_RDONLY);
	n = read(fd, buf, sizeof(buf) - 1);
	buf[n < 0 ? 0 : n] = 0;
	printf("/proc/sysvipc/msg (pids as P, times as T)\n");
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		unsigned key, id, mode, cbytes, qnum, lspid, lrpid, uid, gid, cuid, cgid;
		unsigned long long st, rt, ct;
		if (sscanf(line, "%u %u %o %u %u %u %u %u %u %u %u %llu %llu %llu", &key, &id,
			   &mode, &cbytes, &qnum, &lspid, &lrpid, &uid, &gid, &cuid, &cgid, &st, &rt,
			   &ct) != 14) {
			printf("%s\n", line);
			continue;
		}
		printf("%10d %10u  %4o  %10u %10u %5s %5s %5u %5u %5u %5u %10s %10s %10s\n", key,
		       id, mode, cbytes, qnum, lspid ? "P" : "0", lrpid ? "P" : "0", uid, gid,
		       cuid, cgid, st ? "T" : "0", rt ? "T" : "0", ct ? "T" : "0");
	}
	close(fd);
	msgctl(a, IPC_RMID, NULL);
	msgctl(b, IPC_RMID, NULL);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	files();
	limits();
	big();
	next_id();
	proc_sysvipc();
	return 0;
}
