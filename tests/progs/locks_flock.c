// locks_flock: flock(2)'s whole-file locks: the argument checks; shared and
// exclusive between open files (LOCK_NB: EWOULDBLOCK); owned by the open file, so
// two opens in one process conflict, dup and fork share one lock (a child's
// LOCK_UN releases the parent's), a closed duplicate keeps it and the last close
// releases it; a conversion releases the old lock first (and may lose it); a wait
// woken by the unlock, and one interrupted; flock and fcntl locks never conflict.
#define _GNU_SOURCE
#include "check.h"
#include "locks.h"
#include <sys/file.h>

#define FILE_A "/tmp/locks_flock.a"

static void fl(const char *who, int fd, int op)
{
	static const char *names[] = { [LOCK_SH] = "LOCK_SH", [LOCK_EX] = "LOCK_EX",
				       [LOCK_UN] = "LOCK_UN" };
	int base = op & ~LOCK_NB;
	long r;

	errno = 0;
	r = flock(fd, op);
	printf("%s: %s%s: ", who, base < 9 && names[base] ? names[base] : "op?",
	       op & LOCK_NB ? "|LOCK_NB" : "");
	if (r)
		printf("-1 %s\n", ename(errno));
	else
		printf("0\n");
}

static void args(int fd)
{
	int wo = open(FILE_A, O_WRONLY), ro = open(FILE_A, O_RDONLY);

	printf("-- arguments\n");
	TRY("flock 0", flock(fd, 0));
	TRY("flock LOCK_SH|LOCK_EX", flock(fd, LOCK_SH | LOCK_EX));
	TRY("flock LOCK_UN|LOCK_EX", flock(fd, LOCK_UN | LOCK_EX));
	TRY("flock 16", flock(fd, 16));
	TRY("flock LOCK_NB alone", flock(fd, LOCK_NB));
	TRY("flock LOCK_MAND|LOCK_READ (ignored)", flock(fd, 32 | 64));
	TRY("flock LOCK_MAND, bad fd", flock(-1, 32));
	TRY("flock bad fd", flock(-1, LOCK_SH));
	TRY("flock bad op, bad fd", flock(-1, 0));
	TRY("flock LOCK_UN, closed fd", flock(99, LOCK_UN));
	TRY("flock LOCK_EX on a read-only fd", flock(ro, LOCK_EX));
	TRY("flock LOCK_SH on a write-only fd", flock(wo, LOCK_SH | LOCK_NB));
	TRY("flock LOCK_UN with nothing held", flock(fd, LOCK_UN));
	TRY("flock LOCK_UN on the read-only fd", flock(ro, LOCK_UN));
	close(ro);
	close(wo);
}

static void one_process(void)
{
	int a = open(FILE_A, O_RDWR), b = open(FILE_A, O_RDWR), c;

	printf("-- one process, two opens\n");
	fl("a", a, LOCK_SH);
	fl("b", b, LOCK_SH | LOCK_NB);
	fl("b", b, LOCK_EX | LOCK_NB);
	fl("a (again)", a, LOCK_SH);
	fl("a (upgrade)", a, LOCK_EX | LOCK_NB);
	printf("-- a conversion that fails has lost the old lock\n");
	fl("b (the other is gone)", b, LOCK_EX | LOCK_NB);
	fl("a", a, LOCK_SH | LOCK_NB);
	fl("b (downgrade)", b, LOCK_SH | LOCK_NB);
	fl("a", a, LOCK_SH | LOCK_NB);
	fl("b", b, LOCK_UN);
	fl("a (upgrade)", a, LOCK_EX | LOCK_NB);
	printf("-- dup shares it; the last close ends it\n");
	c = dup(a);
	fl("dup of a", c, LOCK_EX | LOCK_NB);
	fl("b", b, LOCK_SH | LOCK_NB);
	close(a);
	fl("b (a closed, its dup open)", b, LOCK_SH | LOCK_NB);
	close(c);
	fl("b (the last closed)", b, LOCK_EX | LOCK_NB);
	printf("-- flock and fcntl locks do not see each other\n");
	c = open(FILE_A, O_RDWR);
	lk("fcntl on another open", c, F_SETLK64, F_WRLCK, 0, 0);
	lk("fcntl GETLK", c, F_GETLK64, F_WRLCK, 0, 0);
	lk("OFD on another open", c, F_OFD_SETLK, F_WRLCK, 0, 0);
	fl("b", b, LOCK_UN);
	close(b);
	close(c);
}

// ---- processes ----

static int shared;

static void child_unlocks(struct kid *k)
{
	int mine = open(FILE_A, O_RDWR);

	fl("child, its own open", mine, LOCK_SH | LOCK_NB);
	fl("child, the shared open", shared, LOCK_UN);
	fl("child, its own open", mine, LOCK_EX | LOCK_NB);
	fl("child, its own open", mine, LOCK_UN);
	close(mine);
}

static void waiter(struct kid *k)
{
	int mine = open(FILE_A, O_RDWR);

	await(k->in);
	fl("waiter", mine, LOCK_EX | LOCK_NB);
	post(k->out);
	fl("waiter", mine, LOCK_EX);
	post(k->out);
	await(k->in);
}

static void interrupted(struct kid *k)
{
	int mine = open(FILE_A, O_RDWR);

	catch_alarm(0);
	alarm(1);
	fl("child, no SA_RESTART", mine, LOCK_SH);
	catch_alarm(1);
	alarm_fd = k->out;
	alarm(1);
	fl("child, SA_RESTART", mine, LOCK_SH);
	printf("child: %d alarms\n", (int)alarms);
}

static void processes(void)
{
	struct kid k;
	int fd;

	printf("-- fork shares the open file's lock\n");
	shared = open(FILE_A, O_RDWR);
	fl("parent", shared, LOCK_EX);
	k = spawn("child", child_unlocks);
	reap(&k);
	fd = open(FILE_A, O_RDWR);
	fl("parent, another open", fd, LOCK_EX | LOCK_NB);
	close(shared);

	printf("-- a wait, woken by the unlock\n");
	k = spawn("waiter", waiter);
	post(k.to);
	await(k.from);
	wait_asleep(k.pid);
	printf("parent: LOCK_UN\n");
	flock(fd, LOCK_UN);
	await(k.from);
	fl("parent", fd, LOCK_SH | LOCK_NB);
	post(k.to);
	reap(&k);

	printf("-- EINTR, and SA_RESTART\n");
	fl("parent", fd, LOCK_EX);
	k = spawn("child", interrupted);
	await(k.from);
	printf("parent: LOCK_UN\n");
	flock(fd, LOCK_UN);
	reap(&k);
	close(fd);
}

int main(void)
{
	int fd;

	setvbuf(stdout, NULL, _IONBF, 0);
	name_pid(getpid(), "parent");
	fd = make_file(FILE_A, 100);
	args(fd);
	close(fd);
	one_process();
	processes();
	unlink(FILE_A);
	return 0;
}
