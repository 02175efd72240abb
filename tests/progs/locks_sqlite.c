// locks_sqlite: the locks SQLite's unix VFS (os_unix.c) takes on a database file,
// between a reader and a writer process: SHARED is a read lock on PENDING_BYTE
// (0x40000000) while a read lock is taken on the 510 bytes from SHARED_FIRST, then
// PENDING_BYTE is let go; RESERVED a write lock on RESERVED_BYTE; EXCLUSIVE a write
// lock on PENDING_BYTE and then on the shared range; a check for RESERVED is
// F_GETLK. The same steps go through the 32-bit struct flock (fcntl F_SETLK) as a
// build without large file support would.
#define _GNU_SOURCE
#include "check.h"
#include "locks.h"

#define DB "/tmp/locks_sqlite.db"

#define PENDING_BYTE	0x40000000LL
#define RESERVED_BYTE	(PENDING_BYTE + 1)
#define SHARED_FIRST	(PENDING_BYTE + 2)
#define SHARED_SIZE	510

enum { NO_LOCK, SHARED_LOCK, RESERVED_LOCK, PENDING_LOCK, EXCLUSIVE_LOCK };
static const char *level_name[] = { "NONE", "SHARED", "RESERVED", "PENDING", "EXCLUSIVE" };

static int small;	// through fcntl with the 32-bit struct flock

// One lock call as os_unix.c's unixFileLock makes it: F_SETLK, EAGAIN is "busy".
static int setlk(int fd, int type, long long start, long long len)
{
	if (small) {
		struct flock f = { .l_type = type, .l_whence = SEEK_SET,
				   .l_start = start, .l_len = len };

		return syscall(SYS_fcntl, fd, F_SETLK, &f) ? errno : 0;
	}
	return lk_quiet(fd, F_SETLK64, type, start, len) ? errno : 0;
}

struct db {
	const char *name;
	int fd, level;
};

// unixLock: from the level held to `want`, as SQLite goes (SHARED first).
static void db_lock(struct db *d, int want)
{
	int err = 0;

	if (want == SHARED_LOCK) {
		if (!(err = setlk(d->fd, F_RDLCK, PENDING_BYTE, 1))) {
			err = setlk(d->fd, F_RDLCK, SHARED_FIRST, SHARED_SIZE);
			setlk(d->fd, F_UNLCK, PENDING_BYTE, 1);
		}
	} else {
		if (want == EXCLUSIVE_LOCK && d->level < PENDING_LOCK) {
			if (!(err = setlk(d->fd, F_WRLCK, PENDING_BYTE, 1)))
				d->level = PENDING_LOCK;
		}
		if (!err && want == RESERVED_LOCK)
			err = setlk(d->fd, F_WRLCK, RESERVED_BYTE, 1);
		if (!err && want == EXCLUSIVE_LOCK)
			err = setlk(d->fd, F_WRLCK, SHARED_FIRST, SHARED_SIZE);
	}
	printf("%s: %s -> %s: %s\n", d->name, level_name[d->level], level_name[want],
	       err ? (err == EAGAIN || err == EACCES ? "SQLITE_BUSY" : ename(err)) : "ok");
	if (!err)
		d->level = want;
}

// unixUnlock to SHARED or NONE.
static void db_unlock(struct db *d, int to)
{
	if (to == SHARED_LOCK && d->level > SHARED_LOCK) {
		setlk(d->fd, F_RDLCK, SHARED_FIRST, SHARED_SIZE);	// downgrade
		setlk(d->fd, F_UNLCK, PENDING_BYTE, 2);		// PENDING and RESERVED
	} else if (to == NO_LOCK) {
		setlk(d->fd, F_UNLCK, 0, 0);
	}
	printf("%s: %s -> %s\n", d->name, level_name[d->level], level_name[to]);
	d->level = to;
}

// unixCheckReservedLock: does another process hold RESERVED?
static void db_check_reserved(struct db *d)
{
	int r;

	if (small) {
		struct flock f = { .l_type = F_WRLCK, .l_whence = SEEK_SET,
				   .l_start = RESERVED_BYTE, .l_len = 1 };

		syscall(SYS_fcntl, d->fd, F_GETLK, &f);
		r = f.l_type != F_UNLCK;
	} else {
		struct flock64 f = { .l_type = F_WRLCK, .l_whence = SEEK_SET,
				     .l_start = RESERVED_BYTE, .l_len = 1 };

		syscall(SYS_fcntl64, d->fd, F_GETLK64, &f);
		r = f.l_type != F_UNLCK;
	}
	printf("%s: reserved by another: %s\n", d->name, yes(r));
}

// The reader runs the steps the parent (the writer) sends it.
static void reader(struct kid *k)
{
	struct db d = { "reader", open(DB, O_RDWR), NO_LOCK };
	char c;

	while (read(k->in, &c, 1) == 1) {
		switch (c) {
		case 's': db_lock(&d, SHARED_LOCK); break;
		case 'r': db_lock(&d, RESERVED_LOCK); break;
		case 'x': db_lock(&d, EXCLUSIVE_LOCK); break;
		case 'c': db_check_reserved(&d); break;
		case 'd': db_unlock(&d, SHARED_LOCK); break;
		case 'u': db_unlock(&d, NO_LOCK); break;
		}
		post(k->out);
	}
}

static void step(struct kid *k, char c)
{
	write(k->to, &c, 1);
	await(k->from);
}

static void session(void)
{
	struct db w = { "writer", open(DB, O_RDWR), NO_LOCK };
	struct kid k = spawn("reader", reader);

	printf("-- %s\n", small ? "fcntl, 32-bit struct flock" : "fcntl64, struct flock64");
	step(&k, 's');			// the reader reads
	db_lock(&w, SHARED_LOCK);	// so may the writer
	db_lock(&w, RESERVED_LOCK);	// it means to write
	step(&k, 'c');
	step(&k, 'r');			// only one may
	db_lock(&w, EXCLUSIVE_LOCK);	// the reader still reads: PENDING only
	step(&k, 'u');			// the reader is done
	step(&k, 's');			// PENDING keeps new readers out
	db_lock(&w, EXCLUSIVE_LOCK);	// now it may write
	step(&k, 'c');
	db_unlock(&w, SHARED_LOCK);	// committed
	step(&k, 'c');
	step(&k, 's');
	step(&k, 'r');
	db_lock(&w, RESERVED_LOCK);
	step(&k, 'x');
	db_unlock(&w, NO_LOCK);
	step(&k, 'x');
	db_lock(&w, SHARED_LOCK);
	step(&k, 'd');
	db_lock(&w, SHARED_LOCK);
	step(&k, 'u');
	db_unlock(&w, NO_LOCK);
	reap(&k);
	close(w.fd);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	name_pid(getpid(), "writer");
	close(make_file(DB, 4096));
	session();
	small = 1;
	session();
	unlink(DB);
	return 0;
}
