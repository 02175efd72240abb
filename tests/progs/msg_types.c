// msg_types: which message msgrcv(2) takes - msgtyp 0 (the first), > 0 (the first of
// that type), < 0 (the first of the lowest type up to -msgtyp), MSG_EXCEPT (the first
// of another type), MSG_COPY (message number msgtyp, left in the queue; only with
// IPC_NOWAIT, never with MSG_EXCEPT), MSG_NOERROR with each.
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <unistd.h>
#include "check.h"

#ifndef MSG_COPY
#define MSG_COPY 040000
#endif

struct msg {
	long mtype;
	char mtext[64];
};

static int id;

static void fill(void)
{
	static const struct { long type; const char *text; } q[] = {
		{ 5, "a5" }, { 3, "b3" }, { 7, "c7" }, { 3, "d3" }, { 1, "e1" }, { 5, "f5" },
		{ 2, "g2" },
	};
	struct msg m;

	printf("queue:");
	for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		m.mtype = q[i].type;
		strcpy(m.mtext, q[i].text);
		msgsnd(id, &m, strlen(m.mtext), 0);
		printf(" %s", q[i].text);
	}
	printf("\n");
}

static void take(const char *what, long type, int flags, size_t size)
{
	struct msg m = { 0 };
	ssize_t n = msgrcv(id, &m, size, type, flags | IPC_NOWAIT);

	if (n < 0)
		printf("%s: -1 %s\n", what, ename(errno));
	else
		printf("%s: %.*s (type %ld, %zd bytes)\n", what, (int)n, m.mtext, m.mtype, n);
}

static void left(void)
{
	struct msqid_ds ds;

	msgctl(id, IPC_STAT, &ds);
	printf("  %lu left\n", (unsigned long)ds.msg_qnum);
}

static void drain(void)
{
	struct msg m;

	while (msgrcv(id, &m, sizeof(m.mtext), 0, IPC_NOWAIT) >= 0)
		;
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	id = msgget(IPC_PRIVATE, 0600);

	fill();
	take("type 3", 3, 0, 64);
	take("type 3", 3, 0, 64);
	take("type 3", 3, 0, 64);
	take("type 0", 0, 0, 64);
	take("type 9", 9, 0, 64);
	left();
	drain();

	fill();
	take("type -4 (lowest up to 4)", -4, 0, 64);
	take("type -4", -4, 0, 64);
	take("type -4", -4, 0, 64);
	take("type -4", -4, 0, 64);
	take("type -1", -1, 0, 64);
	take("type LONG_MIN", LONG_MIN, 0, 64);
	take("type -6", -6, 0, 64);
	left();
	drain();

	fill();
	take("MSG_EXCEPT 5", 5, MSG_EXCEPT, 64);
	take("MSG_EXCEPT 3", 3, MSG_EXCEPT, 64);
	take("MSG_EXCEPT 0 (any, not 0)", 0, MSG_EXCEPT, 64);
	take("MSG_EXCEPT -3 (as -3)", -3, MSG_EXCEPT, 64);
	left();
	drain();

	printf("MSG_COPY\n");
	fill();
	take("MSG_COPY 0", 0, MSG_COPY, 64);
	take("MSG_COPY 2", 2, MSG_COPY, 64);
	take("MSG_COPY 6", 6, MSG_COPY, 64);
	take("MSG_COPY 7 (past the end)", 7, MSG_COPY, 64);
	take("MSG_COPY -1", -1, MSG_COPY, 64);
	left();
	take("MSG_COPY 0, buffer 1", 0, MSG_COPY, 1);
	take("MSG_COPY 0, buffer 1, MSG_NOERROR", 0, MSG_COPY | MSG_NOERROR, 1);
	take("MSG_COPY 0, buffer 2, MSG_NOERROR", 0, MSG_COPY | MSG_NOERROR, 2);
	take("MSG_COPY|MSG_EXCEPT", 0, MSG_COPY | MSG_EXCEPT, 64);
	{
		struct msg m;
		errno = 0;
		long r = msgrcv(id, &m, 64, 0, MSG_COPY);
		printf("MSG_COPY without IPC_NOWAIT: %ld %s\n", r, ename(errno));
		r = msgrcv(id, NULL, 64, 0, MSG_COPY | IPC_NOWAIT);
		printf("MSG_COPY, buffer NULL: %ld %s\n", r, ename(errno));
		r = msgrcv(-1, &m, 64, 0, MSG_COPY);
		printf("MSG_COPY without IPC_NOWAIT, msqid -1: %ld %s\n", r, ename(errno));
	}
	left();
	take("then type 0", 0, 0, 64);
	left();
	drain();

	printf("MSG_NOERROR cuts\n");
	fill();
	take("type 7, buffer 1", 7, 0, 1);
	take("type 7, buffer 1, MSG_NOERROR", 7, MSG_NOERROR, 1);
	take("type -2, buffer 0, MSG_NOERROR", -2, MSG_NOERROR, 0);
	left();
	msgctl(id, IPC_RMID, NULL);
	return 0;
}
