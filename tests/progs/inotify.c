// inotify: inotify_init1's flags, inotify_add_watch's and inotify_rm_watch's errors in
// Linux's order, the events the file system raises (open, read, write, close, attributes,
// create, delete, rename with a shared cookie, the watched inode deleted or moved, unmount),
// an event on a file told to its directory's watch by name first, coalescing, IN_ONESHOT,
// IN_MASK_ADD, IN_MASK_CREATE, IN_EXCL_UNLINK, read()'s records (names padded, EINVAL for a
// buffer too small), FIONREAD, poll and select, a blocking read woken, IN_Q_OVERFLOW past
// max_queued_events, and EMFILE past max_user_instances for a user of its own. Events are
// printed by name; cookies as c1, c2... in the order they first show.
// With the argument "limits" (shmos only, as init: tests/console/inotify_limits): the
// three limits' defaults, then, lowered, ENOSPC past max_user_watches, EMFILE past
// max_user_instances, IN_Q_OVERFLOW past max_queued_events.
// host: uids
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <dirent.h>

#include "check.h"
#include "inotify_events.h"

#ifndef INOTIFY_IOC_SETNEXTWD		// linux/inotify.h's, which glibc's header leaves out
#define INOTIFY_IOC_SETNEXTWD	_IOW('I', 0, int32_t)
#endif

static char dir[] = "/tmp/inotify.XXXXXX";
static void *volatile nil;	// NULL the compiler cannot see, for EFAULT
#define at(name) path_in(dir, name)


static void put(const char *name, const char *text)
{
	int fd = open(at(name), O_WRONLY | O_CREAT | O_TRUNC, 0644);

	write(fd, text, strlen(text));
	close(fd);
}

static void cat(const char *name)
{
	char buf[64];
	int fd = open(at(name), O_RDONLY);

	while (read(fd, buf, sizeof(buf)) > 0)
		;
	close(fd);
}

static void errors(void)
{
	int in = inotify_init1(IN_NONBLOCK), reg = open(at("f"), O_RDONLY | O_CREAT, 0644);
	char fdpath[64];
	int wd;

	printf("errors:\n");
	TRY("  inotify_init1(IN_NONBLOCK | 1)", inotify_init1(IN_NONBLOCK | 1));
	TRY("  add_watch mask 0", inotify_add_watch(in, at("f"), 0));
	TRY("  add_watch mask 0, bad fd", inotify_add_watch(-1, at("f"), 0));
	TRY("  add_watch bad fd", inotify_add_watch(-1, at("f"), IN_OPEN));
	TRY("  add_watch MASK_ADD|MASK_CREATE", inotify_add_watch(in, at("f"),
			IN_OPEN | IN_MASK_ADD | IN_MASK_CREATE));
	TRY("  add_watch MASK_ADD|MASK_CREATE, not inotify", inotify_add_watch(reg, at("f"),
			IN_OPEN | IN_MASK_ADD | IN_MASK_CREATE));
	TRY("  add_watch not inotify", inotify_add_watch(reg, at("f"), IN_OPEN));
	TRY("  add_watch no such file", inotify_add_watch(in, at("nothing"), IN_OPEN));
	TRY("  add_watch NULL path", inotify_add_watch(in, NULL, IN_OPEN));
	TRY("  add_watch ONLYDIR on a file", inotify_add_watch(in, at("f"), IN_OPEN | IN_ONLYDIR));
	TRY("  add_watch only flags (ONESHOT)", wd = inotify_add_watch(in, at("f"), IN_ONESHOT));
	TRY("  again, MASK_CREATE", inotify_add_watch(in, at("f"), IN_OPEN | IN_MASK_CREATE));
	link(at("f"), at("f2"));
	TRY("  a hard link: the same wd", inotify_add_watch(in, at("f2"), IN_OPEN));
	symlink("f", at("sym"));
	TRY("  through a symlink: the same wd", inotify_add_watch(in, at("sym"), IN_OPEN));
	TRY("  the symlink itself (DONT_FOLLOW)",
	    inotify_add_watch(in, at("sym"), IN_OPEN | IN_DONT_FOLLOW));
	TRY("  ONLYDIR on a directory", inotify_add_watch(in, dir, IN_CREATE | IN_ONLYDIR));
	snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", reg);
	TRY("  through /proc/self/fd: the same wd", inotify_add_watch(in, fdpath, IN_OPEN));
	TRY("  rm_watch bad fd", inotify_rm_watch(-1, wd));
	TRY("  rm_watch not inotify", inotify_rm_watch(reg, wd));
	TRY("  rm_watch no such wd", inotify_rm_watch(in, 99));
	TRY("  rm_watch", inotify_rm_watch(in, wd));
	TRY("  rm_watch again", inotify_rm_watch(in, wd));
	TRY("  write", write(in, "x", 1));
	drain(in, "  events");
	TRY("  a new watch: the next wd", inotify_add_watch(in, at("f"), IN_OPEN));
	mkdir(at("sub"), 0755);
	put("sub/x", "");
	put("sub/y", "");
	TRY("  INOTIFY_IOC_SETNEXTWD 0", ioctl(in, INOTIFY_IOC_SETNEXTWD, 0));
	TRY("  INOTIFY_IOC_SETNEXTWD 0x80000000", ioctl(in, INOTIFY_IOC_SETNEXTWD, 0x80000000));
	TRY("  INOTIFY_IOC_SETNEXTWD 2 (taken)", ioctl(in, INOTIFY_IOC_SETNEXTWD, 2));
	TRY("  a new watch: the next free from 2", inotify_add_watch(in, at("sub"), IN_OPEN));
	TRY("  INOTIFY_IOC_SETNEXTWD 0x7fffffff", ioctl(in, INOTIFY_IOC_SETNEXTWD, 0x7fffffff));
	TRY("  a new watch", inotify_add_watch(in, at("sub/x"), IN_OPEN));
	TRY("  a new watch: back to 1", inotify_add_watch(in, at("sub/y"), IN_OPEN));
	TRY("  an unknown ioctl", ioctl(in, 0x4004490f, 0));
	close(in);
	unlink(at("sub/x"));
	unlink(at("sub/y"));
	rmdir(at("sub"));
	close(reg);
	unlink(at("f"));
	unlink(at("f2"));
	unlink(at("sym"));
}

static void flags(void)
{
	int in = inotify_init(), nb = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	char path[64], link[64];
	long n;

	printf("flags:\n");
	printf("  inotify_init: O_NONBLOCK %s, FD_CLOEXEC %s\n",
	       yes(fcntl(in, F_GETFL) & O_NONBLOCK), yes(fcntl(in, F_GETFD) & FD_CLOEXEC));
	printf("  inotify_init1(IN_NONBLOCK | IN_CLOEXEC): O_NONBLOCK %s, FD_CLOEXEC %s\n",
	       yes(fcntl(nb, F_GETFL) & O_NONBLOCK), yes(fcntl(nb, F_GETFD) & FD_CLOEXEC));
	printf("  access mode O_RDONLY: %s\n", yes((fcntl(nb, F_GETFL) & O_ACCMODE) == O_RDONLY));
	snprintf(path, sizeof(path), "/proc/self/fd/%d", nb);
	n = readlink(path, link, sizeof(link) - 1);
	link[n > 0 ? n : 0] = 0;
	printf("  /proc/self/fd: %s\n", link);
	TRY("  read, nothing queued, O_NONBLOCK", read(nb, link, sizeof(link)));
	TRY("  open /proc/self/fd/N", open(path, O_RDONLY));
	close(in);
	close(nb);
}

// A directory's watch hears of what happens in it, by name.
static void directory(int in)
{
	struct timespec ts[2] = { { 0, UTIME_OMIT }, { 1000, 0 } };
	int wd = inotify_add_watch(in, dir, IN_ALL_EVENTS), fd;
	char buf[16];
	DIR *d;

	printf("directory watch: wd %d\n", wd);
	fd = open(at("a"), O_WRONLY | O_CREAT, 0644);
	write(fd, "1", 1);
	write(fd, "2", 1);
	close(fd);
	drain(in, "create, write twice, close");
	fd = open(at("a"), O_RDONLY);
	read(fd, buf, sizeof(buf));
	read(fd, buf, sizeof(buf));		// at the end: 0, no event
	pread(fd, buf, 1, 0);
	close(fd);
	drain(in, "open, read, read at the end, pread, close");
	chmod(at("a"), 0600);
	chown(at("a"), -1, -1);
	utimes(at("a"), NULL);
	drain(in, "chmod, chown -1 -1, utimes now");
	chown(at("a"), 0, -1);
	utimensat(AT_FDCWD, at("a"), ts, 0);
	ts[0] = ts[1];
	ts[1].tv_nsec = UTIME_OMIT;
	utimensat(AT_FDCWD, at("a"), ts, 0);
	truncate(at("a"), 0);
	drain(in, "chown 0, utimensat mtime, utimensat atime, truncate");
	fd = open(at("a"), O_WRONLY | O_TRUNC);
	ftruncate(fd, 10);
	close(fd);
	drain(in, "open O_TRUNC, ftruncate, close");
	mkdir(at("sub"), 0755);
	d = opendir(at("sub"));
	while (readdir(d))
		;
	closedir(d);
	drain(in, "mkdir, opendir, readdir, closedir");
	rename(at("a"), at("b"));
	rename(at("sub"), at("sub2"));
	link(at("b"), at("c"));
	symlink("b", at("s"));
	mknod(at("p"), S_IFIFO | 0644, 0);
	drain(in, "rename a file, rename a directory, link, symlink, mkfifo");
	unlink(at("b"));
	unlink(at("c"));
	unlink(at("s"));
	unlink(at("p"));
	rmdir(at("sub2"));
	drain(in, "unlink four, rmdir");
	inotify_rm_watch(in, wd);
	drain(in, "rm_watch");
}

// A file watched by itself and through its directory, in one group: the directory first.
static void file_and_directory(int in)
{
	int wd, fwd, fd;

	put("f", "x");
	put("g", "x");
	wd = inotify_add_watch(in, dir, IN_ALL_EVENTS);
	fwd = inotify_add_watch(in, at("f"), IN_ALL_EVENTS);
	printf("file and directory: wd %d and %d\n", wd, fwd);
	fd = open(at("f"), O_RDWR);
	write(fd, "y", 1);
	fchmod(fd, 0644);
	close(fd);
	drain(in, "open, write, fchmod, close");
	unlink(at("f"));
	drain(in, "unlink (not open)");
	mkdir(at("sd"), 0755);
	fwd = inotify_add_watch(in, at("sd"), IN_ALL_EVENTS);
	printf("  subdirectory wd %d\n", fwd);
	drain(in, "  (mkdir sd)");
	chmod(at("sd"), 0700);
	closedir(opendir(at("sd")));
	rmdir(at("sd"));
	drain(in, "a watched subdirectory: chmod, opendir, closedir, rmdir");
	fwd = inotify_add_watch(in, at("g"), IN_ALL_EVENTS);
	rename(at("g"), at("h"));
	drain(in, "rename the watched file");
	put("t", "x");
	fwd = inotify_add_watch(in, at("t"), IN_ALL_EVENTS);
	printf("  target wd %d\n", fwd);
	drain(in, "  (put t)");
	rename(at("h"), at("t"));
	drain(in, "rename over the watched file");
	inotify_rm_watch(in, wd);
	drain(in, "rm_watch the directory");
	fd = open(at("t"), O_RDWR);
	fwd = inotify_add_watch(in, at("t"), IN_ALL_EVENTS);
	unlink(at("t"));
	write(fd, "z", 1);
	drain(in, "the file open: unlink, write");
	close(fd);
	drain(in, "close");
	fd = open(at("u"), O_RDWR | O_CREAT, 0644);
	fwd = inotify_add_watch(in, at("u"), IN_ALL_EVENTS | IN_EXCL_UNLINK);
	write(fd, "z", 1);
	unlink(at("u"));
	write(fd, "z", 1);
	drain(in, "EXCL_UNLINK, open: write, unlink, write");
	close(fd);
	drain(in, "close");
}

// Two directories: the cookie ties MOVED_FROM to MOVED_TO.
static void moves(int in)
{
	int a, b, s;

	mkdir(at("d1"), 0755);
	mkdir(at("d2"), 0755);
	mkdir(at("d1/sub"), 0755);
	put("d1/x", "x");
	a = inotify_add_watch(in, at("d1"), IN_MOVE | IN_MOVE_SELF);
	b = inotify_add_watch(in, at("d2"), IN_MOVE | IN_MOVE_SELF);
	s = inotify_add_watch(in, at("d1/sub"), IN_MOVE_SELF | IN_DELETE_SELF);
	printf("moves: wd %d %d %d\n", a, b, s);
	rename(at("d1/x"), at("d2/x"));
	rename(at("d2/x"), at("d1/y"));
	rename(at("d1/sub"), at("d2/sub"));
	rename(at("d2"), at("d3"));
	drain(in, "d1/x to d2, back as y, d1/sub to d2, d2 to d3");
	rmdir(at("d3/sub"));
	unlink(at("d1/y"));
	rmdir(at("d1"));
	rmdir(at("d3"));
	drain(in, "rmdir the watched sub, the rest");
}

static void mask_flags(int in)
{
	int wd;

	put("m", "x");
	wd = inotify_add_watch(in, at("m"), IN_OPEN | IN_ONESHOT);
	printf("flags in the mask: wd %d\n", wd);
	cat("m");
	cat("m");
	drain(in, "ONESHOT OPEN: cat twice");
	wd = inotify_add_watch(in, at("m"), IN_OPEN);
	TRY("  MASK_ADD CLOSE_NOWRITE", inotify_add_watch(in, at("m"), IN_CLOSE_NOWRITE | IN_MASK_ADD));
	cat("m");
	drain(in, "cat");
	TRY("  replace with ACCESS", inotify_add_watch(in, at("m"), IN_ACCESS));
	cat("m");
	drain(in, "cat");
	inotify_rm_watch(in, wd);
	drain(in, "rm_watch");
	unlink(at("m"));
}

static void reading(int in)
{
	static char buf[256] __attribute__((aligned(4)));
	int wd = inotify_add_watch(in, dir, IN_CREATE), avail = -1;
	struct pollfd p = { .fd = in, .events = POLLIN };
	struct timeval tv = { 0, 0 };
	fd_set r;
	long n;

	printf("reading: wd %d\n", wd);
	TRY("  poll, nothing queued", poll(&p, 1, 0));
	ioctl(in, FIONREAD, &avail);
	printf("  FIONREAD %d\n", avail);
	put("1", "");
	put("123456789012345", "");
	put("1234567890123456", "");
	put("2", "");
	TRY("  poll", poll(&p, 1, 0));
	printf("  revents POLLIN %s\n", yes(p.revents == POLLIN));
	FD_ZERO(&r);
	FD_SET(in, &r);
	TRY("  select", select(in + 1, &r, NULL, NULL, &tv));
	ioctl(in, FIONREAD, &avail);
	printf("  FIONREAD %d (names of 1, 15, 16 and 1 bytes)\n", avail);
	TRY("  read 0 bytes", read(in, buf, 0));
	TRY("  read 31 bytes", read(in, buf, 31));
	TRY("  read 32 bytes", n = read(in, buf, 32));
	print_events(buf, n);
	TRY("  read 80 bytes", n = read(in, buf, 80));
	print_events(buf, n);
	ioctl(in, FIONREAD, &avail);
	printf("  FIONREAD %d\n", avail);
	TRY("  read to a bad address", read(in, nil, 64));
	TRY("  read, now empty", read(in, buf, sizeof(buf)));
	put("3", "");
	unlink(at("3"));
	put("3", "");
	unlink(at("3"));
	put("4", "");
	drain(in, "create 3, unlink, create 3 again (coalesced), unlink, create 4");
	inotify_rm_watch(in, wd);
	drain(in, "rm_watch");
	unlink(at("1"));
	unlink(at("2"));
	unlink(at("4"));
	unlink(at("123456789012345"));
	unlink(at("1234567890123456"));
}

// A child makes name a little later.
static pid_t put_later(const char *name)
{
	pid_t pid;

	fflush(stdout);
	if ((pid = fork()) == 0) {
		usleep(50000);
		put(name, "x");
		_exit(0);
	}
	return pid;
}

// A poll, then a blocking read, sleep until an event comes.
static void blocking(void)
{
	int in = inotify_init(), wd = inotify_add_watch(in, dir, IN_CREATE | IN_CLOSE_WRITE);
	static char buf[256] __attribute__((aligned(4)));
	struct pollfd p = { .fd = in, .events = POLLIN };
	pid_t pid;
	long n;

	printf("blocking poll and read: wd %d\n", wd);
	pid = put_later("early");
	TRY("  poll, 5 s at most", poll(&p, 1, 5000));
	waitpid(pid, NULL, 0);
	while (read(in, buf, sizeof(buf)) == sizeof(buf))
		;			// the events, all in one read: they fit
	pid = put_later("late");
	n = read(in, buf, sizeof(buf));
	printf("  woken: %s\n", yes(n > 0));
	print_events(buf, n);
	waitpid(pid, NULL, 0);
	fcntl(in, F_SETFL, O_NONBLOCK);
	drain(in, NULL);		// what the first read did not find yet
	close(in);
	unlink(at("early"));
	unlink(at("late"));
}

static long sysctl(const char *name)
{
	char buf[32];

	return slurp_file(name, buf, sizeof(buf)) > 0 ? atol(buf) : -1;
}

// Two files' attributes changed in turn (no two events alike) until the queue is full.
static void overflow(void)
{
	static char buf[8192] __attribute__((aligned(4)));
	long max = sysctl("/proc/sys/fs/inotify/max_queued_events"), count = 0, n;
	int in = inotify_init1(IN_NONBLOCK), fd[2], avail = -1;
	struct inotify_event last = { 0 };

	put("o1", "");
	put("o2", "");
	fd[0] = open(at("o1"), O_RDONLY);
	fd[1] = open(at("o2"), O_RDONLY);
	inotify_add_watch(in, at("o1"), IN_ATTRIB);
	inotify_add_watch(in, at("o2"), IN_ATTRIB);
	for (long i = 0; i < max + 10; i++)
		fchmod(fd[i & 1], 0644);
	ioctl(in, FIONREAD, &avail);
	printf("overflow: FIONREAD is (max_queued_events + 1) records: %s\n",
	       yes(avail == (max + 1) * 16));
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		count += n / 16;
		memcpy(&last, buf + n - 16, 16);
	}
	printf("  events read: max_queued_events + 1: %s\n", yes(count == max + 1));
	printf("  the last: wd %d ", last.wd);
	print_mask(last.mask);
	printf("\n");
	fchmod(fd[0], 0644);
	drain(in, "  then one more");
	close(fd[0]);
	close(fd[1]);
	close(in);
	unlink(at("o1"));
	unlink(at("o2"));
}

// For a user with no instances yet: max_user_instances of them, then EMFILE.
static void instances(void)
{
	long max = sysctl("/proc/sys/fs/inotify/max_user_instances");
	pid_t pid;
	int status;

	close(open("/tmp/inotify.secret", O_WRONLY | O_CREAT, 0600));
	fflush(stdout);
	if ((pid = fork()) == 0) {
		long n = 0;

		if (setuid(4242) < 0)
			_exit(2);
		TRY("instances: add_watch on a file it may not read",
		    inotify_add_watch(inotify_init(), "/tmp/inotify.secret", IN_OPEN));
		n = 1;			// that instance
		while (n <= max && inotify_init() >= 0)
			n++;
		printf("instances: EMFILE after max_user_instances: %s (%s)\n",
		       yes(n == max && errno == EMFILE), ename(errno));
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	if (status)
		printf("instances: child status %d\n", status);
	unlink("/tmp/inotify.secret");
}

// A tmpfs unmounted: its watched inodes hear IN_UNMOUNT, then IN_IGNORED; no IN_DELETE.
static void unmount(int in)
{
	int r, f, d;

	mkdir(at("mnt"), 0755);
	if (mount("tmpfs", at("mnt"), "tmpfs", 0, NULL) < 0) {
		printf("unmount: mount %s\n", ename(errno));
		return;
	}
	put("mnt/file", "x");
	r = inotify_add_watch(in, at("mnt"), IN_ALL_EVENTS);
	d = inotify_add_watch(in, dir, IN_ALL_EVENTS);
	f = inotify_add_watch(in, at("mnt/file"), IN_ALL_EVENTS);
	printf("unmount: wd %d (its root) %d (the directory above) %d (a file)\n", r, d, f);
	TRY("  umount", umount(at("mnt")));
	drain(in, "  events");
	inotify_rm_watch(in, d);
	drain(in, "  rm_watch the directory above");
	rmdir(at("mnt"));
}

static void set_sysctl(const char *name, const char *value)
{
	int fd = open(name, O_WRONLY);

	if (write(fd, value, strlen(value)) < 0)
		printf("%s: %s\n", name, ename(errno));
	close(fd);
}

static void show_limits(void)
{
	printf("limits: watches %ld, instances %ld, queued events %ld\n",
	       sysctl("/proc/sys/fs/inotify/max_user_watches"),
	       sysctl("/proc/sys/fs/inotify/max_user_instances"),
	       sysctl("/proc/sys/fs/inotify/max_queued_events"));
}

// The system's own limits lowered (the kernel is this test's alone): ENOSPC, EMFILE, IN_Q_OVERFLOW.
static void limits(void)
{
	int in, fds[64], n = 1;
	long i, watches;

	show_limits();
	set_sysctl("/proc/sys/fs/inotify/max_user_watches", "3");
	set_sysctl("/proc/sys/fs/inotify/max_user_instances", "2");
	set_sysctl("/proc/sys/fs/inotify/max_queued_events", "4\n");
	set_sysctl("/proc/sys/fs/inotify/max_queued_events", "-1");
	show_limits();
	watches = sysctl("/proc/sys/fs/inotify/max_user_watches");
	in = inotify_init1(IN_NONBLOCK);
	for (i = 0; i < watches + 1; i++) {
		char name[16];

		snprintf(name, sizeof(name), "w%ld", i);
		put(name, "");
		if (inotify_add_watch(in, at(name), IN_ATTRIB) < 0)
			break;
	}
	printf("watches: %ld, then %s\n", i, ename(errno));
	while (n < 64 && (fds[n] = inotify_init()) >= 0)
		n++;
	printf("instances: %d, then %s\n", n, ename(errno));
	for (i = 0; i < 8; i++) {
		char name[16];

		snprintf(name, sizeof(name), "w%ld", i % 2);
		chmod(at(name), 0644);
	}
	drain(in, "eight events");
}

int main(int argc, char **argv)
{
	int in;

	if (!mkdtemp(dir))
		return 1;
	if (argc > 1 && !strcmp(argv[1], "limits")) {
		limits();
		return 0;
	}
	errors();
	flags();
	in = inotify_init1(IN_NONBLOCK);
	directory(in);
	file_and_directory(in);
	moves(in);
	mask_flags(in);
	reading(in);
	unmount(in);
	close(in);
	blocking();
	overflow();
	instances();
	rmdir(dir);
	return 0;
}
