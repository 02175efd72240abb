// Operations on file locks: fcntl's record locks (struct flock and flock64, POSIX and
// OFD) and flock, on our own descriptors, with arguments right and wrong; closes of
// a duplicate that hold locks. A worker or a child never waits for a lock (another
// process of ours may hold it for good); it forks lock children for that, which
// wait (F_SETLKW, F_OFD_SETLKW, flock without LOCK_NB) for each other's locks and
// the worker's, and which an alarm kills if a wait lasts: a cycle of OFD or flock
// waits is a deadlock that nothing else ends (F_SETLKW sees only POSIX cycles).
#include "fuzz.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

// A struct flock (32-bit) or flock64 in scratch, sometimes a bad pointer instead.
static long flock_arg(int wide)
{
	static const long long starts[] = { 0, 1, 0x40000000, 0x7fffffff, 0x80000000LL,
					    0x7fffffffffffffffLL, -1 };
	static const long long lens[] = { 0, 1, -1, 510, 0x7fffffff, 0x7fffffffffffffffLL,
					  -0x7fffffffffffffffLL };
	long long start = chance(70) ? below(64) : PICK(starts);
	long long len = chance(60) ? (long long)below(16) - 4 : PICK(lens);
	short type = chance(90) ? below(3) : rnd();
	short whence = chance(90) ? below(3) : rnd();
	int pid = chance(85) ? 0 : rnd();

	if (chance(5))
		return bad_ptr();
	if (wide) {
		struct flock64 *fl = (struct flock64 *)scratch;

		*fl = (struct flock64){ .l_type = type, .l_whence = whence, .l_start = start,
					.l_len = len, .l_pid = pid };
	} else {
		struct flock *fl = (struct flock *)scratch;

		*fl = (struct flock){ .l_type = type, .l_whence = whence, .l_start = start,
				      .l_len = len, .l_pid = pid };
	}
	return (long)scratch;
}

// One lock call; a waiting one only if may_wait.
static void one_lock(int may_wait)
{
	static const int wait_cmds[] = { F_SETLKW, F_SETLKW64, F_OFD_SETLKW };
	static const int cmds[] = { F_GETLK, F_SETLK, F_GETLK64, F_SETLK64, F_OFD_GETLK,
				    F_OFD_SETLK, 1031, 39 };
	long fd = chance(80) ? fd_file() : fd_any();

	if (chance(25)) {
		int op = chance(85) ? PICK(((int[]){ LOCK_SH, LOCK_EX, LOCK_UN })) : (int)rnd();

		if (!may_wait || chance(30))
			op |= LOCK_NB;
		SC(SYS_flock, fd, op, 0, 0, 0);
		return;
	}
	int cmd = may_wait && chance(50) ? PICK(wait_cmds) : PICK(cmds);
	int wide = cmd != F_GETLK && cmd != F_SETLK && cmd != F_SETLKW;
	SC(chance(80) ? SYS_fcntl64 : SYS_fcntl, fd, cmd, flock_arg(wide), 0, 0);
}

// A child that waits for locks, for a second at most.
static void lock_kid(void)
{
	is_kid = 1;
	nkids = 0;
	signal(SIGALRM, SIG_DFL);
	alarm(1);
	for (int i = 1 + below(8); i > 0; i--)
		one_lock(1);
	_exit(0);
}

void op_locks(void)
{
	if (!is_kid && nkids < NKID && chance(10)) {
		uint64_t kid_seed = ((uint64_t)rnd() << 32) | rnd();
		pid_t pid = fork();

		if (pid == 0) {
			rs = kid_seed | 1;
			lock_kid();
		}
		if (pid > 0)
			kids[nkids++] = (struct kid){ pid, 0 };
		return;
	}
	if (chance(15)) {	// locks through a duplicate, which its close lets go
		long fd = fd_file(), dup = SC(SYS_dup, fd, 0, 0, 0, 0);

		if (dup < 0)
			return;
		for (int i = below(4); i >= 0; i--)
			SC(SYS_fcntl64, dup, F_SETLK64, flock_arg(1), 0, 0);
		SC(SYS_close, dup, 0, 0, 0, 0);
		return;
	}
	for (int i = below(4); i >= 0; i--)
		one_lock(0);
}
