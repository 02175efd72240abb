// msg_block: msgsnd(2) and msgrcv(2) that sleep - a receiver until a message of its
// type comes (handed to it directly: it never sits in the queue), a sender while
// the queue is full (msg_qbytes); woken by IPC_RMID (EIDRM), by a signal (EINTR,
// even with SA_RESTART; without a handler the call goes on), by IPC_SET (senders
// that fit now, receivers to look again); receivers served oldest first among
// those that want the message.  Children report through a pipe; the parent waits
// for each to sleep (the wait channel in /proc is not portable: it sleeps a little
// and checks the queue's counters) before it goes on.
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

struct msg {
	long mtype;
	char mtext[256];
};

static int pipefd[2];
static int nchildren;

static void on_usr1(int sig)
{
}

// A child: a receiver of type (bufsz bytes), or with text a sender of type.
static pid_t child(const char *name, int id, long type, const char *text, size_t bufsz,
		   int flags)
{
	pid_t pid;

	fflush(stdout);
	if ((pid = fork()) == 0) {
		struct msg m = { .mtype = type };
		long r;

		if (text) {
			strcpy(m.mtext, text);
			r = msgsnd(id, &m, strlen(text), flags);
			dprintf(pipefd[1], "%s: %s\n", name, r < 0 ? ename(errno) : "sent");
		} else {
			r = msgrcv(id, &m, bufsz, type, flags);
			if (r < 0)
				dprintf(pipefd[1], "%s: %s\n", name, ename(errno));
			else
				dprintf(pipefd[1], "%s: got \"%.*s\" (type %ld)\n", name, (int)r,
					m.mtext, m.mtype);
		}
		_exit(0);
	}
	nchildren++;
	return pid;
}

// A child has had time to go to sleep in its call (50 ms of our sleeping).
static void settle(void)
{
	usleep(50000);
}

static void report(void)
{
	char line[256];
	int n = 0;

	while (n < (int)sizeof(line) - 1 && read(pipefd[0], line + n, 1) == 1 &&
	       line[n] != '\n')
		n++;
	line[n] = 0;
	printf("  %s\n", line);
}

// count reports, sorted (the children may run in any order).
static void reports(int count)
{
	char lines[4][256];

	for (int k = 0; k < count; k++) {
		int n = 0;

		while (n < 255 && read(pipefd[0], lines[k] + n, 1) == 1 && lines[k][n] != '\n')
			n++;
		lines[k][n] = 0;
	}
	for (int i = 0; i < count; i++)
		for (int j = i + 1; j < count; j++)
			if (strcmp(lines[i], lines[j]) > 0) {
				char t[256];
				strcpy(t, lines[i]);
				strcpy(lines[i], lines[j]);
				strcpy(lines[j], t);
			}
	for (int k = 0; k < count; k++)
		printf("  %s\n", lines[k]);
}

static void reap(void)
{
	while (nchildren > 0 && wait(NULL) > 0)
		nchildren--;
}

static void send(int id, long type, const char *text)
{
	struct msg m = { .mtype = type };

	strcpy(m.mtext, text);
	if (msgsnd(id, &m, strlen(text), IPC_NOWAIT) < 0)
		printf("  send: %s\n", ename(errno));
}

static void stat(int id)
{
	struct msqid_ds ds;

	msgctl(id, IPC_STAT, &ds);
	printf("  qnum %lu, cbytes %lu\n", (unsigned long)ds.msg_qnum,
	       (unsigned long)ds.__msg_cbytes);
}

static void receivers(void)
{
	int id = msgget(IPC_PRIVATE, 0600);
	struct msqid_ds ds;
	pid_t r1;

	printf("a receiver gets the message straight from the sender\n");
	r1 = child("receiver", id, 0, NULL, 100, 0);
	settle();
	send(id, 4, "direct");
	report();
	msgctl(id, IPC_STAT, &ds);
	printf("  qnum %lu, lrpid is the receiver: %s, lspid is us: %s, rtime set: %s\n",
	       (unsigned long)ds.msg_qnum, yes(ds.msg_lrpid == r1),
	       yes(ds.msg_lspid == getpid()), yes(ds.msg_rtime != 0));
	reap();

	printf("three receivers of types 1, 2, any; messages 2, 2, 1\n");
	child("wants 1", id, 1, NULL, 100, 0);
	settle();
	child("wants 2", id, 2, NULL, 100, 0);
	settle();
	child("wants any", id, 0, NULL, 100, 0);
	settle();
	send(id, 2, "first 2");
	report();
	send(id, 2, "second 2");
	report();
	send(id, 1, "a 1");
	report();
	stat(id);
	reap();

	printf("receivers of -3 and MSG_EXCEPT 3\n");
	child("wants <= 3", id, -3, NULL, 100, 0);
	settle();
	child("wants not 3", id, 3, NULL, 100, MSG_EXCEPT);
	settle();
	send(id, 5, "five");
	report();
	send(id, 3, "three");
	report();
	reap();

	printf("a receiver too small: E2BIG, the next one gets it\n");
	child("buffer 2", id, 0, NULL, 2, 0);
	settle();
	child("buffer 100", id, 0, NULL, 100, 0);
	settle();
	send(id, 1, "long text");
	reports(2);
	child("buffer 2, MSG_NOERROR", id, 0, NULL, 2, MSG_NOERROR);
	settle();
	send(id, 1, "long text");
	report();
	stat(id);
	reap();
	msgctl(id, IPC_RMID, NULL);
}

static void senders(void)
{
	int id = msgget(IPC_PRIVATE, 0600);
	struct msqid_ds ds;
	struct msg m;

	printf("a queue of 10 bytes, full: a sender waits until a receive makes room\n");
	msgctl(id, IPC_STAT, &ds);
	ds.msg_qbytes = 10;
	TRY("  IPC_SET msg_qbytes 10", msgctl(id, IPC_SET, &ds));
	send(id, 1, "xxxxxx");
	send(id, 1, "yyyy");
	child("sender aaaa", id, 1, "aaaa", 0, 0);
	settle();
	stat(id);
	TRY("  receive", msgrcv(id, &m, 100, 0, IPC_NOWAIT));
	report();
	stat(id);
	reap();

	printf("two senders wait; a receive makes room for the first only\n");
	child("sender 1 dddddd", id, 1, "dddddd", 0, 0);
	settle();
	child("sender 2 eeeeeeeee", id, 1, "eeeeeeeee", 0, 0);
	settle();
	TRY("  receive", msgrcv(id, &m, 100, 0, IPC_NOWAIT));
	report();
	stat(id);
	TRY("  receive", msgrcv(id, &m, 100, 0, IPC_NOWAIT));
	settle();
	stat(id);
	TRY("  receive", msgrcv(id, &m, 100, 0, IPC_NOWAIT));
	report();
	stat(id);
	reap();

	printf("IPC_SET raising msg_qbytes wakes a sender that fits now\n");
	child("sender ffff", id, 1, "ffff", 0, 0);
	settle();
	msgctl(id, IPC_STAT, &ds);
	ds.msg_qbytes = 100;
	TRY("  IPC_SET msg_qbytes 100", msgctl(id, IPC_SET, &ds));
	report();
	stat(id);
	reap();

	printf("msg_qbytes 0: nothing fits, not even an empty message\n");
	ds.msg_qbytes = 0;
	msgctl(id, IPC_SET, &ds);
	m.mtype = 1;
	TRY("  empty message, IPC_NOWAIT", msgsnd(id, &m, 0, IPC_NOWAIT));
	ds.msg_qbytes = 2;
	msgctl(id, IPC_SET, &ds);
	while (msgrcv(id, &m, 100, 0, IPC_NOWAIT) >= 0)
		;
	TRY("  qbytes 2: empty message", msgsnd(id, &m, 0, IPC_NOWAIT));
	TRY("  empty message", msgsnd(id, &m, 0, IPC_NOWAIT));
	TRY("  a third: messages count against msg_qbytes too", msgsnd(id, &m, 0, IPC_NOWAIT));
	msgctl(id, IPC_RMID, NULL);
}

static void interrupted(void)
{
	int id = msgget(IPC_PRIVATE, 0600);
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = SA_RESTART };
	struct msqid_ds ds;
	pid_t pid;

	sigaction(SIGUSR1, &sa, NULL);
	printf("a signal with an SA_RESTART handler: EINTR\n");
	pid = child("receiver", id, 0, NULL, 100, 0);
	settle();
	kill(pid, SIGUSR1);
	report();
	reap();
	msgctl(id, IPC_STAT, &ds);
	ds.msg_qbytes = 0;
	msgctl(id, IPC_SET, &ds);
	pid = child("sender", id, 1, "x", 0, 0);
	settle();
	kill(pid, SIGUSR1);
	report();
	reap();

	printf("a signal without a handler that stops nothing: the call goes on\n");
	msgctl(id, IPC_STAT, &ds);
	ds.msg_qbytes = 100;
	msgctl(id, IPC_SET, &ds);
	fflush(stdout);
	if ((pid = fork()) == 0) {
		struct msg m;
		signal(SIGUSR1, SIG_IGN);
		signal(SIGUSR2, SIG_DFL);
		long r = msgrcv(id, &m, 100, 0, 0);
		dprintf(pipefd[1], "receiver: %s\n", r < 0 ? ename(errno) : "got it");
		_exit(0);
	}
	nchildren++;
	settle();
	kill(pid, SIGUSR1);	// ignored: not even delivered
	kill(pid, SIGCHLD);	// ignored by default
	settle();
	send(id, 1, "late");
	report();
	reap();

	printf("IPC_RMID wakes receivers and senders with EIDRM\n");
	child("receiver", id, 7, NULL, 100, 0);
	settle();
	msgctl(id, IPC_STAT, &ds);
	ds.msg_qbytes = 0;
	msgctl(id, IPC_SET, &ds);
	child("sender", id, 1, "y", 0, 0);
	settle();
	TRY("  IPC_RMID", msgctl(id, IPC_RMID, NULL));
	reports(2);
	reap();
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	pipe(pipefd);
	receivers();
	senders();
	interrupted();
	return 0;
}
