// stress_msg: many processes on System V message queues.
//  - 6 senders push 600 messages each (types 1-3, sizes up to 3000 bytes: several
//    blocks each) through a queue of 8 KiB, so they keep sleeping on a full queue;
//    6 receivers take by type (1, 2, 3, any, -2, MSG_EXCEPT 3) until the queue,
//    empty, is removed: every message arrives once, whole;
//  - a queue is removed under 8 sleeping receivers and 8 sleeping senders (EIDRM);
//  - 40 queues are made, filled and removed, again and again;
// then no queue or message is left (MSG_INFO), and on shmos the free memory is what
// it was.
// timeout: 240
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define NSEND 6
#define PER 600
#define NRECV 6

struct msg {
	long mtype;
	char mtext[3100];
};

// Message i of sender s: its type, size and bytes.
static long type_of(int s, int i)
{
	return 1 + (s + i) % 3;
}

static int size_of(int s, int i)
{
	return (s * 977 + i * 131) % 3000;
}

static char byte_of(int s, int i, int k)
{
	return (char)(s * 31 + i * 7 + k);
}

static int check(const struct msg *m, int n)
{
	int s, i;

	if (n < 8)
		return n == 0 ? 0 : -1;		// too short to carry its sender
	memcpy(&s, m->mtext, 4);
	memcpy(&i, m->mtext + 4, 4);
	if (s < 0 || s >= NSEND || i < 0 || i >= PER || n != size_of(s, i) + 8 ||
	    m->mtype != type_of(s, i))
		return -1;
	for (int k = 8; k < n; k++)
		if (m->mtext[k] != byte_of(s, i, k))
			return -1;
	return 1;
}

static void traffic(void)
{
	int id = msgget(IPC_PRIVATE, 0600), p[2], bad = 0, st;
	long got = 0;
	struct msqid_ds ds;
	static const struct { long type; int flags; } want[NRECV] = {
		{ 1, 0 }, { 2, 0 }, { 3, 0 }, { 0, 0 }, { -2, 0 }, { 3, MSG_EXCEPT },
	};

	printf("%d senders x %d messages, %d receivers, a queue of 8 KiB\n", NSEND, PER, NRECV);
	msgctl(id, IPC_STAT, &ds);
	ds.msg_qbytes = 8192;
	msgctl(id, IPC_SET, &ds);
	pipe(p);
	for (int r = 0; r < NRECV; r++) {
		if (fork() == 0) {
			static struct msg m;
			long count = 0;
			int n;
			for (;;) {
				n = msgrcv(id, &m, sizeof(m.mtext), want[r].type, want[r].flags);
				if (n < 0 && errno == EINTR)
					continue;
				if (n < 0)
					break;
				if (check(&m, n) != 1)
					_exit(1);
				count++;
			}
			write(p[1], &count, sizeof(count));
			_exit(errno != EIDRM && errno != EINVAL);
		}
	}
	for (int s = 0; s < NSEND; s++) {
		if (fork() == 0) {
			static struct msg m;
			for (int i = 0; i < PER; i++) {
				int n = size_of(s, i);
				m.mtype = type_of(s, i);
				memcpy(m.mtext, &s, 4);
				memcpy(m.mtext + 4, &i, 4);
				for (int k = 8; k < n + 8; k++)
					m.mtext[k] = byte_of(s, i, k);
				while (msgsnd(id, &m, n + 8, 0) < 0)
					if (errno != EINTR)
						_exit(1);
			}
			_exit(0);
		}
	}
	for (int s = 0; s < NSEND; s++)
		if (wait(&st) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
			bad++;
	// Every message is in a receiver now, or in the queue for one: when none is
	// left, removing the queue ends the receivers (EIDRM, or EINVAL when they come
	// back for more).
	while (msgctl(id, IPC_STAT, &ds) == 0 && ds.msg_qnum > 0)
		usleep(1000);
	msgctl(id, IPC_RMID, NULL);
	for (int r = 0; r < NRECV; r++) {
		long c;
		read(p[0], &c, sizeof(c));
		got += c;
		if (wait(&st) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
			bad++;
	}
	printf("  failed: %d, received %ld of %d\n", bad, got, NSEND * PER);
	close(p[0]);
	close(p[1]);
}

static void removed(void)
{
	int id = msgget(IPC_PRIVATE, 0600), eidrm = 0, st;
	struct msqid_ds ds;
	struct msg m = { 1 };

	printf("a queue removed under 8 receivers and 8 senders\n");
	for (int r = 0; r < 8; r++)
		if (fork() == 0)
			_exit(msgrcv(id, &m, 10, 5 + r, 0) < 0 && errno == EIDRM ? 7 : 0);
	msgctl(id, IPC_STAT, &ds);
	ds.msg_qbytes = 100;
	msgctl(id, IPC_SET, &ds);
	msgsnd(id, &m, 100, 0);
	for (int s = 0; s < 8; s++)
		if (fork() == 0)
			_exit(msgsnd(id, &m, 1 + s, 0) < 0 && errno == EIDRM ? 7 : 0);
	usleep(200000);
	msgctl(id, IPC_RMID, NULL);
	for (int i = 0; i < 16; i++)
		if (wait(&st) > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 7)
			eidrm++;
	printf("  woken with EIDRM: %d\n", eidrm);
}

static void churn(void)
{
	int ids[40];
	struct msg m = { 2 };

	printf("40 queues made, filled and removed, 20 times\n");
	for (int round = 0; round < 20; round++) {
		for (int q = 0; q < 40; q++) {
			ids[q] = msgget(IPC_PRIVATE, 0600);
			for (int i = 0; i < q % 5; i++)
				msgsnd(ids[q], &m, 100 * q + i, 0);
		}
		for (int q = 0; q < 40; q++)
			msgctl(ids[q], IPC_RMID, NULL);
	}
}

static unsigned long long freeram(void)
{
	struct sysinfo si;

	sysinfo(&si);
	return (unsigned long long)si.freeram * si.mem_unit;
}

// In a child, so that the parent's own memory is the same at both measures.
static void run(void)
{
	struct msginfo mi;

	traffic();
	removed();
	churn();
	msgctl(0, MSG_INFO, (struct msqid_ds *)&mi);
	printf("queues left %d, messages %d, bytes %d\n", mi.msgpool, mi.msgmap, mi.msgtql);
}

int main(void)
{
	struct utsname u;
	unsigned long long ram0, ram1;

	setvbuf(stdout, NULL, _IONBF, 0);
	uname(&u);
	ram0 = freeram();
	if (fork() == 0) {
		run();
		_exit(0);
	}
	wait(NULL);
	ram1 = freeram();
	if (strcmp(u.sysname, "shmos") != 0 || ram1 == ram0)
		printf("freeram back: yes\n");
	else
		printf("freeram back: no, %lld bytes lost\n", (long long)(ram0 - ram1));
	return 0;
}
