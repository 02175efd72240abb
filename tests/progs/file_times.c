// file_times: utimensat (32- and 64-bit), futimens, utimes, utime and futimesat set atime
// and mtime as Linux does: NULL is now, explicit seconds are kept, UTIME_NOW and UTIME_OMIT,
// ctime follows; who may do what (as root from a child of uid 1000, otherwise as the
// runner itself, on root's "/" and "/tmp"); the errors in Linux's order. Times are kept to
// the nanosecond, and set to the clock's tick: two writes a few ticks apart (within one
// second, mostly) have different mtimes, in stat and statx alike, as make and find -newer need.
// host: uids
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#define NOW	((1l << 30) - 1)	// UTIME_NOW
#define OMIT	((1l << 30) - 2)	// UTIME_OMIT
#define BAD	((void *)1)

// The kernel's layouts, so that glibc passes every argument through unchanged.
struct ts32 { int32_t sec, nsec; };
struct ts64 { int64_t sec, nsec; };
struct tv32 { int32_t sec, usec; };
struct utimbuf32 { int32_t actime, modtime; };

static char dir[] = "/tmp/file_times.XXXXXX";
#define at(name) path_in(dir, name)
static char f[sizeof(dir) + 2];	// dir/f, the file most checks use

static long set32(int dirfd, const char *path, long as, long ans, long ms, long mns,
		  int flags)
{
	struct ts32 t[2] = { { as, ans }, { ms, mns } };

	return syscall(SYS_utimensat, dirfd, path, t, flags);
}

static long set64(const char *path, int64_t as, int64_t ans, int64_t ms, int64_t mns)
{
	struct ts64 t[2] = { { as, ans }, { ms, mns } };

	return syscall(412, AT_FDCWD, path, t, 0);	// utimensat_time64
}

static struct stat get(const char *path, int follow)
{
	struct stat st;

	memset(&st, 0, sizeof(st));
	(follow ? stat : lstat)(path, &st);
	return st;
}

// A file time within a second or two of now.
static int recent(time_t t)
{
	time_t now = time(NULL);

	return t >= now - 2 && t <= now + 1;
}

static void show_times(const char *what, const char *path, int follow, long atime,
		       long mtime)
{
	struct stat st = get(path, follow);

	if (atime >= 0)
		printf("%s: atime %ld: %s\n", what, atime, yes(st.st_atime == atime));
	else
		printf("%s: atime now: %s\n", what, yes(recent(st.st_atime)));
	if (mtime >= 0)
		printf("%s: mtime %ld: %s\n", what, mtime, yes(st.st_mtime == mtime));
	else
		printf("%s: mtime now: %s\n", what, yes(recent(st.st_mtime)));
	printf("%s: ctime now: %s\n", what, yes(recent(st.st_ctime)));
}

// The nanoseconds, from stat and from statx.
static void show_nsec(const char *what, const char *path, long atime_ns, long mtime_ns)
{
	struct stat st = get(path, 1);
	struct statx sx;

	printf("%s: atime ns %ld, mtime ns %ld: %s\n", what, atime_ns, mtime_ns,
	       yes(st.st_atim.tv_nsec == atime_ns && st.st_mtim.tv_nsec == mtime_ns));
	memset(&sx, 0, sizeof(sx));
	statx(AT_FDCWD, path, 0, STATX_BASIC_STATS, &sx);
	printf("%s: statx agrees: %s\n", what,
	       yes(sx.stx_atime.tv_nsec == atime_ns && sx.stx_mtime.tv_nsec == mtime_ns &&
		   sx.stx_mtime.tv_sec == st.st_mtim.tv_sec));
}

// Two files written 50 ms apart: the second is newer, the first not; a file's ctime is
// its mtime after a write.
static void order(void)
{
	struct stat a, b;
	struct timespec pause = { 0, 50000000 };

	close(open(at("a"), O_CREAT | O_WRONLY, 0644));
	nanosleep(&pause, NULL);
	close(open(at("b"), O_CREAT | O_WRONLY, 0644));
	a = get(at("a"), 1);
	b = get(at("b"), 1);
	printf("order: b newer than a: %s\n", yes(b.st_mtim.tv_sec > a.st_mtim.tv_sec ||
		(b.st_mtim.tv_sec == a.st_mtim.tv_sec && b.st_mtim.tv_nsec > a.st_mtim.tv_nsec)));
	printf("order: ctime is mtime: %s\n", yes(b.st_ctim.tv_sec == b.st_mtim.tv_sec &&
					      b.st_ctim.tv_nsec == b.st_mtim.tv_nsec));
	unlink(at("a"));
	unlink(at("b"));
}

static void basic(void)
{
	struct tv32 tv[2] = { { 1300000000, 0 }, { 1300000001, 999999 } };
	struct utimbuf32 ub = { 1400000000, 1400000001 };

	TRY("utimensat explicit", set32(AT_FDCWD, f, 1000000000, 0, 1000000001, 500, 0));
	show_times("explicit", f, 1, 1000000000, 1000000001);
	show_nsec("explicit", f, 0, 500);
	TRY("utimensat omit atime", set32(AT_FDCWD, f, 5, OMIT, 1200000000, 0, 0));
	show_times("omit atime", f, 1, 1000000000, 1200000000);
	TRY("utimensat now, omit", set32(AT_FDCWD, f, 0, NOW, 0, OMIT, 0));
	show_times("now, omit", f, 1, -1, 1200000000);
	TRY("utimensat explicit again", set32(AT_FDCWD, f, 1000000000, 0, 1000000001, 0, 0));
	TRY("utimensat both omit", set32(AT_FDCWD, f, 0, OMIT, 0, OMIT, 0));
	show_times("both omit", f, 1, 1000000000, 1000000001);
	TRY("utimensat both now", set32(AT_FDCWD, f, 0, NOW, 0, NOW, 0));
	show_times("both now", f, 1, -1, -1);
	TRY("utimensat explicit again", set32(AT_FDCWD, f, 1000000000, 0, 1000000001, 0, 0));
	TRY("utimensat NULL", syscall(SYS_utimensat, AT_FDCWD, f, NULL, 0));
	show_times("NULL", f, 1, -1, -1);

	TRY("utimensat_time64 explicit", set64(f, 1800000000, 999999999, 1800000001, 0));
	show_times("time64", f, 1, 1800000000, 1800000001);
	show_nsec("time64", f, 999999999, 0);
	TRY("utimensat_time64 omit mtime", set64(f, 1800000002, 0, 0, OMIT));
	show_times("time64 omit", f, 1, 1800000002, 1800000001);

	TRY("utimes explicit", syscall(SYS_utimes, f, tv));
	show_times("utimes", f, 1, 1300000000, 1300000001);
	show_nsec("utimes", f, 0, 999999000);
	TRY("utimes NULL", syscall(SYS_utimes, f, NULL));
	show_times("utimes NULL", f, 1, -1, -1);
	TRY("utime explicit", syscall(SYS_utime, f, &ub));
	show_times("utime", f, 1, 1400000000, 1400000001);
	TRY("utime NULL", syscall(SYS_utime, f, NULL));
	show_times("utime NULL", f, 1, -1, -1);
}

static void fds(void)
{
	struct tv32 tv[2] = { { 1500000000, 0 }, { 1500000001, 0 } };
	struct timespec ts[2] = { { 1600000000, 0 }, { 1600000001, 0 } };
	int d = open(dir, O_RDONLY | O_DIRECTORY), fd = open(f, O_RDONLY);

	TRY("futimesat dirfd", syscall(SYS_futimesat, d, "f", tv));
	show_times("futimesat", f, 1, 1500000000, 1500000001);
	TRY("utimensat fd, NULL path", set32(fd, NULL, 1700000000, 0, 1700000001, 0, 0));
	show_times("fd", f, 1, 1700000000, 1700000001);
	TRY("futimens", futimens(fd, ts));
	show_times("futimens", f, 1, 1600000000, 1600000001);
	TRY("futimens NULL", futimens(fd, NULL));
	show_times("futimens NULL", f, 1, -1, -1);
	TRY("utimensat fd, NULL path, flag", set32(fd, NULL, 1, 0, 1, 0, AT_SYMLINK_NOFOLLOW));
	TRY("utimensat bad fd, NULL path", set32(99, NULL, 1, 0, 1, 0, 0));
	TRY("utimensat AT_EMPTY_PATH", set32(fd, "", 1900000000, 0, 1900000001, 0,
					     AT_EMPTY_PATH));
	show_times("empty path", f, 1, 1900000000, 1900000001);
	TRY("utimensat dirfd relative", set32(d, "f", 1000000000, 0, 1000000001, 0, 0));
	show_times("relative", f, 1, 1000000000, 1000000001);
	TRY("utimensat file as dirfd", set32(fd, "f", 1, 0, 1, 0, 0));
	TRY("utimensat bad dirfd", set32(99, "f", 1, 0, 1, 0, 0));
	close(fd);
	close(d);
}

static void links(void)
{
	symlink("f", at("l"));
	symlink("none", at("dangling"));
	TRY("utimensat symlink nofollow", set32(AT_FDCWD, at("l"), 1100000000, 0, 1100000001,
						0, AT_SYMLINK_NOFOLLOW));
	show_times("link itself", at("l"), 0, 1100000000, 1100000001);
	show_times("its target", f, 1, 1000000000, 1000000001);
	TRY("utimensat symlink follow", set32(AT_FDCWD, at("l"), 1110000000, 0, 1110000001,
					      0, 0));
	show_times("target followed", f, 1, 1110000000, 1110000001);
	TRY("utimensat dangling follow", set32(AT_FDCWD, at("dangling"), 1, 0, 1, 0, 0));
	TRY("utimensat dangling nofollow", set32(AT_FDCWD, at("dangling"), 1120000000, 0,
						 1120000001, 0, AT_SYMLINK_NOFOLLOW));
	show_times("dangling", at("dangling"), 0, 1120000000, 1120000001);
}

static void errors(void)
{
	struct tv32 tv[2] = { { 1, 0 }, { 1, 1000000 } }, tvneg[2] = { { 1, -1 }, { 1, 0 } };
	struct tv32 tvnow[2] = { { 1, NOW }, { 1, NOW } };

	TRY("nsec 1000000000", set32(AT_FDCWD, f, 1, 1000000000, 1, 0, 0));
	TRY("nsec -1", set32(AT_FDCWD, f, 1, 0, 1, -1, 0));
	TRY("time64 nsec 1000000000", set64(f, 1, 0, 1, 1000000000));
	TRY("bad flags", set32(AT_FDCWD, f, 1, 0, 1, 0, 1));
	TRY("bad flags, both omit", set32(AT_FDCWD, f, 1, OMIT, 1, OMIT, 1));
	TRY("missing file", set32(AT_FDCWD, at("none"), 1, 0, 1, 0, 0));
	TRY("missing file, bad nsec", set32(AT_FDCWD, at("none"), 1, -1, 1, 0, 0));
	TRY("missing file, NULL", syscall(SYS_utimensat, AT_FDCWD, at("none"), NULL, 0));
	TRY("file as directory", set32(AT_FDCWD, at("f/x"), 1, 0, 1, 0, 0));
	TRY("empty path", set32(AT_FDCWD, "", 1, 0, 1, 0, 0));
	TRY("bad path pointer", set32(AT_FDCWD, BAD, 1, 0, 1, 0, 0));
	TRY("AT_FDCWD, NULL path", set32(AT_FDCWD, NULL, 1, 0, 1, 0, 0));
	TRY("bad times pointer", syscall(SYS_utimensat, AT_FDCWD, f, BAD, 0));
	TRY("time64 bad times pointer", syscall(412, AT_FDCWD, f, BAD, 0));
	TRY("utimes usec 1000000", syscall(SYS_utimes, f, tv));
	TRY("utimes usec -1", syscall(SYS_utimes, f, tvneg));
	TRY("utimes usec UTIME_NOW", syscall(SYS_utimes, f, tvnow));
	TRY("utimes bad pointer", syscall(SYS_utimes, f, BAD));
	TRY("utimes missing", syscall(SYS_utimes, at("none"), NULL));
	TRY("utime bad pointer", syscall(SYS_utime, f, BAD));
	TRY("utime missing", syscall(SYS_utime, at("none"), NULL));
	TRY("futimesat bad dirfd", syscall(SYS_futimesat, 99, "f", NULL));
	show_times("after the errors", f, 1, 1110000000, 1110000001);
}

// The owner may do anything even without write permission.
static void owner(void)
{
	const char *f = at("ro");

	close(open(f, O_CREAT | O_WRONLY, 0444));
	TRY("owner, mode 0444: explicit", set32(AT_FDCWD, f, 1000000000, 0, 1000000001, 0, 0));
	show_times("owner", f, 1, 1000000000, 1000000001);
	TRY("owner, mode 0444: NULL", syscall(SYS_utimensat, AT_FDCWD, f, NULL, 0));
	show_times("owner NULL", f, 1, -1, -1);
}

// Not the owner: "/" is root's 0755, "/tmp" root's 1777.
static void other(void)
{
	TRY("other, /: NULL", syscall(SYS_utimensat, AT_FDCWD, "/", NULL, 0));
	TRY("other, /: both now", set32(AT_FDCWD, "/", 0, NOW, 0, NOW, 0));
	TRY("other, /: now and omit", set32(AT_FDCWD, "/", 0, NOW, 0, OMIT, 0));
	TRY("other, /: explicit", set32(AT_FDCWD, "/", 1, 0, 1, 0, 0));
	TRY("other, /: utimes NULL", syscall(SYS_utimes, "/", NULL));
	TRY("other, /: utime explicit",
	    syscall(SYS_utime, "/", &(struct utimbuf32){ 1, 1 }));
	TRY("other, /tmp: NULL", syscall(SYS_utimensat, AT_FDCWD, "/tmp", NULL, 0));
	TRY("other, /tmp: both now", set32(AT_FDCWD, "/tmp", 0, NOW, 0, NOW, 0));
	TRY("other, /tmp: explicit", set32(AT_FDCWD, "/tmp", 1, 0, 1, 0, 0));
	TRY("other, /tmp: omit and now", set32(AT_FDCWD, "/tmp", 0, OMIT, 0, NOW, 0));
}

// As root, other() runs in a child of uid 1000; otherwise as ourselves.
static void not_owner(void)
{
	pid_t pid;

	if (geteuid() != 0) {
		other();
		return;
	}
	if ((pid = fork()) == 0) {
		if (setgid(1000) < 0 || setuid(1000) < 0)
			printf("cannot become uid 1000\n");
		else
			other();
		_exit(0);
	}
	waitpid(pid, NULL, 0);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (mkdtemp(dir) == NULL) {
		printf("mkdtemp failed\n");
		return 1;
	}
	snprintf(f, sizeof(f), "%s/f", dir);
	close(open(f, O_CREAT | O_WRONLY, 0644));
	basic();
	order();
	fds();
	links();
	errors();
	owner();
	not_owner();
	unlink(f);
	unlink(at("l"));
	unlink(at("dangling"));
	unlink(at("ro"));
	TRY("remove everything", rmdir(dir));
	return 0;
}
