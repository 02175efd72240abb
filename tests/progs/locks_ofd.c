// locks_ofd: open file description locks (F_OFD_SETLK, F_OFD_SETLKW, F_OFD_GETLK):
// owned by the open file, not the process, so two opens in one process conflict and
// an OFD lock conflicts with the same process's POSIX lock; dup and fork share them;
// closing a duplicate keeps them, the last close releases them; l_pid must be 0 and
// reads back -1; F_OFD_GETLK with F_UNLCK finds the caller's own locks; merging as
// POSIX locks do; a wait for one, woken by the last close.
#define _GNU_SOURCE
#include "check.h"
#include "locks.h"

#define FILE_A "/tmp/locks_ofd.a"

static void args(int fd)
{
	printf("-- arguments\n");
	lk_pid("l_pid 1", fd, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 1, 1);
	lk_pid("l_pid -1", fd, F_OFD_SETLKW, F_WRLCK, SEEK_SET, 0, 1, -1);
	lk_pid("GETLK l_pid 5", fd, F_OFD_GETLK, F_WRLCK, SEEK_SET, 0, 1, 5);
	lk_pid("unlock, l_pid 1", fd, F_OFD_SETLK, F_UNLCK, SEEK_SET, 0, 1, 1);
	lk_pid("bad whence first", fd, F_OFD_SETLK, F_WRLCK, 7, 0, 1, 1);
	lk("GETLK type 9", fd, F_OFD_GETLK, 9, 0, 1);
	lk("GETLK UNLCK, none held", fd, F_OFD_GETLK, F_UNLCK, 0, 0);
}

static void one_process(void)
{
	int a = open(FILE_A, O_RDWR), b = open(FILE_A, O_RDWR), c;

	printf("-- one process, two opens\n");
	lk("open a", a, F_OFD_SETLK, F_WRLCK, 0, 10);
	lk("open b", b, F_OFD_SETLK, F_WRLCK, 5, 10);
	lk("open b", b, F_OFD_GETLK, F_WRLCK, 0, 0);
	lk("open b", b, F_OFD_SETLK, F_RDLCK, 10, 10);
	lk("open a, its own", a, F_OFD_GETLK, F_WRLCK, 0, 0);
	lk("open a, its own (UNLCK)", a, F_OFD_GETLK, F_UNLCK, 3, 0);
	lk("open b, its own (UNLCK)", b, F_OFD_GETLK, F_UNLCK, 0, 0);
	lk("open b, not here (UNLCK)", b, F_OFD_GETLK, F_UNLCK, 0, 10);
	lk("POSIX, same process", a, F_SETLK64, F_RDLCK, 0, 1);
	lk("POSIX GETLK", a, F_GETLK64, F_RDLCK, 0, 0);
	lk("POSIX on 30", a, F_SETLK64, F_WRLCK, 30, 1);
	lk("open a, sees the POSIX lock", a, F_OFD_GETLK, F_WRLCK, 25, 10);
	lk("open a, OFD over it", a, F_OFD_SETLK, F_RDLCK, 30, 1);
	printf("-- merging: open a\n");
	lk("open b, lets go", b, F_OFD_SETLK, F_UNLCK, 0, 0);
	lk("open a", a, F_OFD_SETLK, F_WRLCK, 10, 5);
	lk("open b", b, F_OFD_GETLK, F_RDLCK, 0, 0);
	lk("open a", a, F_OFD_SETLK, F_UNLCK, 2, 3);
	lk("open b", b, F_OFD_GETLK, F_RDLCK, 0, 0);
	lk("open b", b, F_OFD_GETLK, F_RDLCK, 2, 0);
	printf("-- dup shares, a closed duplicate keeps them, the last close ends them\n");
	c = dup(a);
	lk("dup of a, a's own lock", c, F_OFD_SETLK, F_WRLCK, 0, 1);
	close(c);
	lk("open b", b, F_OFD_GETLK, F_RDLCK, 0, 0);
	close(a);
	lk("open b", b, F_OFD_GETLK, F_WRLCK, 0, 0);
	lk("open b", b, F_OFD_SETLK, F_UNLCK, 0, 0);
	close(b);
}

// ---- across fork ----

static int shared;		// opened before the fork

static void child_shares(struct kid *k)
{
	int mine = open(FILE_A, O_RDWR);

	lk("child, the shared open", shared, F_OFD_SETLK, F_WRLCK, 0, 1);
	lk("child, the shared open (UNLCK)", shared, F_OFD_GETLK, F_UNLCK, 0, 0);
	lk("child, its own open", mine, F_OFD_GETLK, F_WRLCK, 0, 0);
	lk("child, POSIX", mine, F_GETLK64, F_WRLCK, 0, 0);
	post(k->out);
	await(k->in);	// the parent has closed its descriptor
	lk("child, its own open", mine, F_OFD_GETLK, F_WRLCK, 0, 0);
	close(shared);	// the last: the lock goes
	lk("child, its own open", mine, F_OFD_GETLK, F_WRLCK, 0, 0);
	post(k->out);
	await(k->in);
}

static void waiter(struct kid *k)
{
	int mine = open(FILE_A, O_RDWR);

	await(k->in);
	post(k->out);
	lk("waiter", mine, F_OFD_SETLKW, F_RDLCK, 0, 1);
	lk("waiter", mine, F_OFD_GETLK, F_UNLCK, 0, 0);
	post(k->out);
	await(k->in);
}

static void across_fork(void)
{
	struct kid k;
	int fd;

	printf("-- fork shares the open file and its locks\n");
	shared = open(FILE_A, O_RDWR);
	lk("parent", shared, F_OFD_SETLK, F_WRLCK, 0, 10);
	k = spawn("child", child_shares);
	await(k.from);
	close(shared);
	post(k.to);
	await(k.from);
	post(k.to);
	reap(&k);

	printf("-- a wait, ended by the last close\n");
	k = spawn("waiter", waiter);	// before the open: it must not share it
	fd = open(FILE_A, O_RDWR);
	lk("parent", fd, F_OFD_SETLK, F_WRLCK, 0, 0);
	post(k.to);
	await(k.from);
	wait_asleep(k.pid);
	lk("parent", fd, F_GETLK64, F_WRLCK, 0, 0);
	printf("parent: closes\n");
	close(fd);
	await(k.from);
	fd = open(FILE_A, O_RDWR);
	lk("parent", fd, F_OFD_GETLK, F_WRLCK, 0, 0);
	lk("parent", fd, F_GETLK64, F_WRLCK, 0, 0);
	close(fd);
	post(k.to);
	reap(&k);
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
	across_fork();
	unlink(FILE_A);
	return 0;
}
