// locks_posix: fcntl's POSIX record locks between processes: the argument checks,
// conflicts and what F_GETLK answers, ranges from SEEK_SET/CUR/END with negative and
// zero lengths, merging and splitting seen from another process, upgrade and
// downgrade, the old 32-bit struct flock, F_SETLKW waiting and woken, a closed
// descriptor releasing all of the process's locks on the file, fork not
// inheriting them, exec keeping them, exit releasing them, and a waiter killed.
#define _GNU_SOURCE
#include "check.h"
#include "locks.h"

#define FILE_A "/tmp/locks_posix.a"
#define FILE_B "/tmp/locks_posix.b"

static int fd;			// the parent's, read-write
static char *self;		// argv[0], for the exec test

// ---- one process: what the kernel checks before any lock ----

static void args(void)
{
	int ro = open(FILE_A, O_RDONLY), wo = open(FILE_A, O_WRONLY);
	struct flock fl32 = { .l_type = F_WRLCK };

	printf("-- arguments\n");
	lk("bad fd", 99, F_SETLK64, F_WRLCK, 0, 1);
	lk("l_type 7", fd, F_SETLK64, 7, 0, 1);
	lk("GETLK of UNLCK", fd, F_GETLK64, F_UNLCK, 0, 1);
	lk_pid("l_whence 3", fd, F_SETLK64, F_WRLCK, 3, 0, 1, 0);
	lk_pid("bad whence and type", fd, F_SETLK64, 7, 9, 0, 1, 0);
	lk("negative start", fd, F_SETLK64, F_WRLCK, -1, 1);
	lk_pid("before the start (end)", fd, F_SETLK64, F_WRLCK, SEEK_END, -101, 1, 0);
	lk("len reaching below 0", fd, F_SETLK64, F_WRLCK, 3, -5);
	lk("start past OFFSET_MAX", fd, F_SETLK64, F_WRLCK, 0x7fffffffffffffffLL, 2);
	lk_pid("end plus OFFSET_MAX", fd, F_SETLK64, F_WRLCK, SEEK_END, 0x7fffffffffffffffLL, 1, 0);
	lk("start OFFSET_MAX, len 1", fd, F_SETLK64, F_WRLCK, 0x7fffffffffffffffLL, 1);
	lk("unlock it", fd, F_SETLK64, F_UNLCK, 0x7fffffffffffffffLL, 1);
	lk("overflow before the type", fd, F_SETLK64, 7, 0x7fffffffffffffffLL, 2);
	lk("write lock, read-only fd", ro, F_SETLK64, F_WRLCK, 0, 1);
	lk("read lock, read-only fd", ro, F_SETLK64, F_RDLCK, 0, 1);
	lk("read lock, write-only fd", wo, F_SETLK64, F_RDLCK, 0, 1);
	lk("unlock, write-only fd", wo, F_SETLK64, F_UNLCK, 0, 1);
	lk("bad type before fd mode", ro, F_SETLK64, 9, 0, 1);
	TRY("fcntl64 F_SETLK64 bad pointer", syscall(SYS_fcntl64, fd, F_SETLK64, (void *)8));
	TRY("fcntl64 F_GETLK bad pointer", syscall(SYS_fcntl64, fd, F_GETLK, (void *)8));
	TRY("fcntl F_SETLK bad fd", syscall(SYS_fcntl, -1, F_SETLK, &fl32));
	{
		struct flock64 fl = { .l_type = F_WRLCK, .l_start = 3, .l_len = 1 };

		TRY("fcntl (not fcntl64) F_SETLK64", syscall(SYS_fcntl, fd, F_SETLK64, &fl));
		fl.l_type = F_UNLCK;
		TRY("fcntl (not fcntl64) F_OFD_SETLK", syscall(SYS_fcntl, fd, F_OFD_SETLK, &fl));
		TRY("fcntl (not fcntl64) F_SETLK64", syscall(SYS_fcntl, fd, F_SETLK64, &fl));
	}
	close(ro);	// releases the read lock it took: all of ours on the file
	close(wo);
	lk("own GETLK sees nothing", fd, F_GETLK64, F_WRLCK, 0, 0);
}

// ---- two processes ----

static void show_kid(struct kid *k);

// The child answers each post with a line about the parent's locks.
static void checker(struct kid *k)
{
	int cfd = open(FILE_A, O_RDWR);

	for (;;) {
		char c;

		if (read(k->in, &c, 1) != 1)
			break;
		switch (c) {
		case 'a':	// the whole file
			lk("child", cfd, F_GETLK64, F_WRLCK, 0, 0);
			break;
		case 'b':	// from 5 on, reading
			lk("child", cfd, F_GETLK64, F_RDLCK, 5, 0);
			break;
		case 'c':	// each byte 0..31
			for (int i = 0; i < 32; i++) {
				struct flock64 fl = { .l_type = F_WRLCK, .l_start = i, .l_len = 1 };

				syscall(SYS_fcntl64, cfd, F_GETLK64, &fl);
				putchar(fl.l_type == F_UNLCK ? '.' : fl.l_type == F_RDLCK ? 'r' : 'w');
			}
			putchar('\n');
			break;
		case 'd':	// a shared lock on 20..29, then try to write 5
			lk("child", cfd, F_SETLK64, F_RDLCK, 20, 10);
			lk("child", cfd, F_SETLK64, F_WRLCK, 5, 1);
			break;
		case 'e':	// let go of them
			lk("child", cfd, F_SETLK64, F_UNLCK, 0, 0);
			break;
		case 'f':	// far past the end
			lk("child", cfd, F_GETLK64, F_RDLCK, 1000000, 1);
			break;
		case 'g': {	// the old struct flock, through fcntl and fcntl64
			struct flock fl = { .l_type = F_WRLCK, .l_start = 0, .l_len = 0 };
			long r = syscall(SYS_fcntl, cfd, F_GETLK, &fl);

			printf("child: fcntl F_GETLK: %ld %s %s %ld+%ld pid=%s\n", r,
			       r ? ename(errno) : "", type_name(fl.l_type), (long)fl.l_start,
			       (long)fl.l_len, pid_name(fl.l_pid));
			fl = (struct flock){ .l_type = F_RDLCK, .l_start = 0, .l_len = 0 };
			r = syscall(SYS_fcntl64, cfd, F_GETLK, &fl);
			printf("child: fcntl64 F_GETLK: %ld %s %s %ld+%ld pid=%s\n", r,
			       r ? ename(errno) : "", type_name(fl.l_type), (long)fl.l_start,
			       (long)fl.l_len, pid_name(fl.l_pid));
			fl = (struct flock){ .l_type = F_WRLCK, .l_start = 5, .l_len = 1 };
			r = syscall(SYS_fcntl, cfd, F_SETLK, &fl);
			printf("child: fcntl F_SETLK: %ld %s\n", r, r ? ename(errno) : "");
			fl.l_type = F_UNLCK;
			syscall(SYS_fcntl, cfd, F_SETLK, &fl);
			break;
		}
		case 'w':	// wait for byte 7, then say so
			lk("child", cfd, F_SETLK64, F_WRLCK, 7, 1);
			post(k->out);
			lk("child waited", cfd, F_SETLKW64, F_WRLCK, 7, 1);
			lk("child", cfd, F_SETLK64, F_UNLCK, 7, 1);
			break;
		}
		post(k->out);
	}
}

static void ask(struct kid *k, char what)
{
	write(k->to, &what, 1);
	await(k->from);
}

static void show_kid(struct kid *k)
{
	ask(k, 'c');
}

static void two(void)
{
	struct kid k = spawn("child", checker);

	printf("-- conflicts, seen by a child\n");
	lk("parent", fd, F_SETLK64, F_WRLCK, 0, 10);
	lk("parent", fd, F_SETLK64, F_RDLCK, 20, 10);
	ask(&k, 'a');
	ask(&k, 'b');
	show_kid(&k);
	ask(&k, 'd');
	printf("-- merging and splitting\n");
	lk("parent (adjacent, same type)", fd, F_SETLK64, F_WRLCK, 10, 5);
	show_kid(&k);
	ask(&k, 'a');
	lk("parent (hole)", fd, F_SETLK64, F_UNLCK, 3, 4);
	show_kid(&k);
	ask(&k, 'a');
	lk("parent (read inside write)", fd, F_SETLK64, F_RDLCK, 11, 2);
	show_kid(&k);
	lk("parent (upgrade where the child reads)", fd, F_SETLK64, F_WRLCK, 25, 1);
	lk("parent (upgrade, the child elsewhere)", fd, F_SETLK64, F_WRLCK, 16, 2);
	show_kid(&k);
	lk("parent (downgrade all)", fd, F_SETLK64, F_RDLCK, 0, 20);
	show_kid(&k);
	ask(&k, 'a');
	lk("parent (negative length)", fd, F_SETLK64, F_WRLCK, 31, -3);
	show_kid(&k);
	lseek(fd, 20, SEEK_SET);
	lk_pid("parent (from here)", fd, F_SETLK64, F_UNLCK, SEEK_CUR, -2, 2, 0);
	lk_pid("parent (from the end)", fd, F_SETLK64, F_WRLCK, SEEK_END, -100, 2, 0);
	show_kid(&k);
	ask(&k, 'e');
	show_kid(&k);
	lk("parent (unlock all)", fd, F_SETLK64, F_UNLCK, 0, 0);
	show_kid(&k);

	printf("-- to the end of the file and beyond\n");
	lk_pid("parent", fd, F_SETLK64, F_WRLCK, SEEK_END, 0, 0, 0);
	ask(&k, 'f');
	ask(&k, 'b');
	lk("parent", fd, F_SETLK64, F_UNLCK, 0, 0);

	printf("-- the 32-bit struct flock\n");
	lk("parent", fd, F_SETLK64, F_WRLCK, 0x7ffffff0, 0x20);
	ask(&k, 'g');
	lk("parent", fd, F_SETLK64, F_UNLCK, 0, 0);
	lk("parent", fd, F_SETLK64, F_RDLCK, 0x80000000LL, 1);
	ask(&k, 'g');
	lk("parent", fd, F_SETLK64, F_UNLCK, 0, 0);
	lk("parent", fd, F_SETLK64, F_RDLCK, 0x70000000LL, 0x7fffffffffLL);
	ask(&k, 'g');
	lk("parent", fd, F_SETLK64, F_UNLCK, 0, 0);
	lk("parent", fd, F_SETLK64, F_RDLCK, 0, 0);
	ask(&k, 'g');
	lk("parent", fd, F_SETLK64, F_UNLCK, 0, 0);

	printf("-- F_SETLKW waits\n");
	lk("parent", fd, F_SETLK64, F_WRLCK, 0, 10);
	write(k.to, "w", 1);
	await(k.from);		// it is about to wait
	wait_asleep(k.pid);
	lk("parent (the child waits)", fd, F_GETLK64, F_WRLCK, 7, 1);
	unlock_all("parent", fd);
	await(k.from);
	reap(&k);
}

// ---- close, dup, fork, exec, exit ----

static void peek_at(const char *who, const char *path)
{
	int cfd = open(path, O_RDONLY);

	lk(who, cfd, F_GETLK64, F_WRLCK, 0, 0);
	close(cfd);
}

static void peek(const char *who)
{
	peek_at(who, FILE_A);
}

static void forked(struct kid *k)
{
	printf("-- fork: the child has none of the parent's locks\n");
	peek("child");
	lk("child", fd, F_SETLK64, F_WRLCK, 0, 1);
	lk("child", fd, F_SETLK64, F_UNLCK, 0, 0);
	close(fd);		// releases nothing of the parent's
}

static void exec_locker(struct kid *k)
{
	int cfd = open(FILE_A, O_RDWR);
	int ofd = open(FILE_B, O_RDWR | O_CLOEXEC);
	char in[16], out[16];

	lk("exec child, file a", cfd, F_SETLK64, F_WRLCK, 0, 1);
	lk("exec child, file b", ofd, F_SETLK64, F_WRLCK, 0, 1);
	snprintf(in, sizeof(in), "%d", k->in);
	snprintf(out, sizeof(out), "%d", k->out);
	execl(self, self, "exec", in, out, (char *)NULL);
	printf("exec: %s\n", ename(errno));
}

// After exec: the locks taken through fd cfd stay, through a close-on-exec fd go.
static void after_exec(int in, int out)
{
	post(out);
	await(in);
	_exit(0);
}

static void lifetimes(void)
{
	struct kid k;
	int fd2;

	printf("-- a close releases all of the process's locks on the file\n");
	fd2 = open(FILE_A, O_RDONLY);
	lk("parent", fd, F_SETLK64, F_WRLCK, 0, 5);
	lk("parent", fd2, F_SETLK64, F_RDLCK, 10, 5);
	close(fd2);
	k = spawn("child", checker);
	show_kid(&k);
	lk("parent", fd, F_SETLK64, F_WRLCK, 0, 5);
	fd2 = dup(fd);
	close(fd2);
	show_kid(&k);
	lk("parent", fd, F_SETLK64, F_WRLCK, 0, 5);
	fd2 = open("/tmp/locks_posix.other", O_RDWR | O_CREAT, 0644);
	close(fd2);		// another file: nothing changes
	unlink("/tmp/locks_posix.other");
	show_kid(&k);

	k.pid = fork();
	if (k.pid == 0) {
		forked(&k);
		_exit(0);
	}
	waitpid(k.pid, NULL, 0);
	printf("-- after the fork's child closed and exited\n");
	peek("parent's own view");
	{
		struct kid c = spawn("child2", checker);

		show_kid(&c);
		reap(&c);
	}
	lk("parent", fd, F_SETLK64, F_UNLCK, 0, 0);

	printf("-- exec keeps locks, a close-on-exec fd's go\n");
	k = spawn("exec child", exec_locker);
	await(k.from);
	peek_at("parent, file a", FILE_A);
	peek_at("parent, file b", FILE_B);
	post(k.to);
	reap(&k);
	printf("-- exit released them\n");
	peek("parent");
}

// ---- a waiter killed ----

static void waiter(struct kid *k)
{
	int cfd = open(FILE_A, O_RDWR);

	post(k->out);
	lk("waiter", cfd, F_SETLKW64, F_WRLCK, 0, 1);
	printf("waiter: should not get here\n");
}

static void killed(void)
{
	struct kid k;

	printf("-- a waiter killed\n");
	lk("parent", fd, F_SETLK64, F_WRLCK, 0, 0);
	k = spawn("waiter", waiter);
	await(k.from);
	wait_asleep(k.pid);
	kill(k.pid, SIGKILL);
	reap(&k);
	lk("parent", fd, F_SETLK64, F_UNLCK, 0, 0);
	lk("parent", fd, F_SETLK64, F_WRLCK, 0, 0);
	lk("parent", fd, F_SETLK64, F_UNLCK, 0, 0);
}

// ---- a wait interrupted ----

static void interrupted(struct kid *k)
{
	int cfd = open(FILE_A, O_RDWR);

	catch_alarm(0);
	alarm(1);
	lk("child, no SA_RESTART", cfd, F_SETLKW64, F_WRLCK, 0, 1);
	printf("child: %d alarm\n", (int)alarms);
	catch_alarm(1);
	alarm_fd = k->out;	// the handler tells the parent, which then unlocks
	alarm(1);
	lk("child, SA_RESTART", cfd, F_SETLKW64, F_WRLCK, 0, 1);
	printf("child: %d alarms\n", (int)alarms);
}

static void eintr(void)
{
	struct kid k;

	printf("-- EINTR, and SA_RESTART\n");
	lk("parent", fd, F_SETLK64, F_WRLCK, 0, 0);
	k = spawn("child", interrupted);
	await(k.from);
	unlock_all("parent", fd);
	reap(&k);
}

// ---- no waiter starves ----

static void patient(struct kid *k)
{
	int cfd = open(FILE_A, O_RDWR);

	post(k->out);
	lk_quiet(cfd, F_SETLKW64, F_WRLCK, 0, 1);
	post(k->out);	// got it
	lk_quiet(cfd, F_SETLK64, F_UNLCK, 0, 1);
}

// The parent unlocks and locks again at once, over and over, for 2 s at most: the
// waiting child must get the lock in one of the gaps.
static void fairness(void)
{
	struct timespec t0, t;
	struct kid k;
	int got = 0, rounds = 0;

	printf("-- no waiter starves\n");
	lk_quiet(fd, F_SETLK64, F_WRLCK, 0, 1);
	k = spawn("child", patient);
	await(k.from);
	wait_asleep(k.pid);
	fcntl(k.from, F_SETFL, O_NONBLOCK);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		char c;

		lk_quiet(fd, F_SETLK64, F_UNLCK, 0, 1);
		lk_quiet(fd, F_SETLKW64, F_WRLCK, 0, 1);
		got = read(k.from, &c, 1) == 1;
		rounds++;
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (!got && (t.tv_sec - t0.tv_sec) * 1000000000LL + t.tv_nsec - t0.tv_nsec < 2000000000LL);
	printf("the child got the lock while the parent kept taking it: %s\n", yes(got));
	lk_quiet(fd, F_SETLK64, F_UNLCK, 0, 1);
	fcntl(k.from, F_SETFL, 0);
	reap(&k);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc == 4 && !strcmp(argv[1], "exec"))
		after_exec(atoi(argv[2]), atoi(argv[3]));
	self = argv[0];
	name_pid(getpid(), "parent");
	fd = make_file(FILE_A, 100);
	close(make_file(FILE_B, 10));
	args();
	two();
	lifetimes();
	killed();
	eintr();
	fairness();
	close(fd);
	unlink(FILE_A);
	unlink(FILE_B);
	return 0;
}
