// thread_ipc_pid: the pids System V semaphores and message queues record are the
// process's (its tgid), not the thread's, as on Linux: a semop, SETVAL and SETALL from a
// second thread leave GETPID at getpid(), a msgsnd and msgrcv from it leave msg_lspid
// and msg_lrpid at getpid(), and so does a msgrcv that slept until the main thread's
// msgsnd, and a semop that slept until the main thread's.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"

static int semid, msqid;

struct msgbuf1 {
	long type;
	char text[8];
};

static void *worker(void *arg)
{
	struct sembuf up = { 0, 1, 0 }, down = { 1, -1, 0 };
	struct msgbuf1 m = { 1, "hello" };
	unsigned short vals[2] = { 3, 0 };

	(void)arg;
	printf("the thread's tid is not the pid: %s\n", yes(syscall(SYS_gettid) != getpid()));
	semop(semid, &up, 1);
	printf("after a thread's semop, GETPID is the pid: %s\n",
	       yes(semctl(semid, 0, GETPID) == getpid()));
	semctl(semid, 0, SETVAL, 7);
	printf("after a thread's SETVAL, GETPID is the pid: %s\n",
	       yes(semctl(semid, 0, GETPID) == getpid()));
	semctl(semid, 0, SETALL, vals);
	printf("after a thread's SETALL, GETPID is the pid: %s\n",
	       yes(semctl(semid, 0, GETPID) == getpid() && semctl(semid, 1, GETPID) == getpid()));
	msgsnd(msqid, &m, sizeof(m.text), 0);
	msgrcv(msqid, &m, sizeof(m.text), 1, 0);
	msgrcv(msqid, &m, sizeof(m.text), 2, 0);	// sleeps until main's msgsnd
	semop(semid, &down, 1);				// sleeps until main's semop
	return NULL;
}

int main(void)
{
	struct msgbuf1 m = { 2, "there" };
	struct sembuf up1 = { 1, 1, 0 };
	struct msqid_ds ds;
	pthread_t t;

	setvbuf(stdout, NULL, _IONBF, 0);
	semid = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
	msqid = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	pthread_create(&t, NULL, worker, NULL);
	usleep(200000);		// the thread sleeps in its msgrcv of type 2 by now
	msgctl(msqid, IPC_STAT, &ds);
	printf("after a thread's msgsnd and msgrcv: lspid %s, lrpid %s\n",
	       ds.msg_lspid == getpid() ? "the pid" : "not the pid",
	       ds.msg_lrpid == getpid() ? "the pid" : "not the pid");
	msgsnd(msqid, &m, sizeof(m.text), 0);
	usleep(100000);
	semop(semid, &up1, 1);	// served to the sleeping thread: its semop is done here
	pthread_join(t, NULL);
	msgctl(msqid, IPC_STAT, &ds);
	printf("a sleeping thread's msgrcv: lrpid %s\n",
	       ds.msg_lrpid == getpid() ? "the pid" : "not the pid");
	printf("a sleeping thread's semop: GETPID of 1 is the pid: %s, value %d\n",
	       yes(semctl(semid, 1, GETPID) == getpid()), semctl(semid, 1, GETVAL));
	semctl(semid, 0, IPC_RMID);
	msgctl(msqid, IPC_RMID, NULL);
	return 0;
}
