// open_path: O_PATH descriptors, which name a file without opening it (Linux's do_o_path).
// No access mode, no permission check on the file, no driver's open: a FIFO does not wait
// for a writer, a device is not opened, a directory is no EISDIR even asked O_WRONLY, and
// the other flags are dropped (O_CREAT, O_TRUNC do nothing). With O_NOFOLLOW the symlink
// itself is named. Then the calls that use only the path work (fstat, fstatfs, fchdir,
// openat and fstatat with it as the directory or AT_EMPTY_PATH, dup, fcntl F_GETFD, F_SETFD
// and F_GETFL, close, /proc/self/fd, which glibc's lchmod goes through), and every call
// that would use the open file is EBADF: read, write, lseek, getdents, ioctl, mmap, fsync,
// fchmod, fchown, ftruncate, flock, fcntl's locks and F_SETFL, and poll says POLLNVAL.
// Opening and closing one is no inotify event.
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"

static char dir[] = "/tmp/open_path.XXXXXX";

#define at(name) path_in(dir, name)

static const char *type(int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return ename(errno);
	return S_ISREG(st.st_mode) ? "file" : S_ISDIR(st.st_mode) ? "directory" :
	       S_ISFIFO(st.st_mode) ? "fifo" : S_ISLNK(st.st_mode) ? "symlink" :
	       S_ISCHR(st.st_mode) ? "chardev" : "other";
}

// open with O_PATH and flags: the file's type, or the error.
static void open_path(const char *what, const char *path, int flags)
{
	int fd = open(path, O_PATH | flags);

	printf("%s: %s\n", what, fd < 0 ? ename(errno) : type(fd));
	if (fd >= 0)
		close(fd);
}

// Each call that needs an open file, on an O_PATH descriptor of a file.
static void refused(int fd)
{
	char c, buf[64];
	struct flock fl = { .l_type = F_RDLCK, .l_whence = SEEK_SET };
	struct pollfd p = { .fd = fd, .events = POLLIN };

	TRY("read", read(fd, &c, 1));
	TRY("write", write(fd, "x", 1));
	TRY("lseek", lseek(fd, 0, SEEK_SET));
	TRY("pread", pread(fd, &c, 1, 0));
	TRY("ioctl FIONREAD", ioctl(fd, FIONREAD, buf));
	errno = 0;
	printf("mmap: %s\n", mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED ?
	       ename(errno) : "mapped");
	TRY("fsync", fsync(fd));
	TRY("fchmod", fchmod(fd, 0600));
	TRY("fchown", fchown(fd, 0, 0));
	TRY("ftruncate", ftruncate(fd, 0));
	TRY("flock", flock(fd, LOCK_SH));
	TRY("fcntl F_SETLK", fcntl(fd, F_SETLK, &fl));
	TRY("fcntl F_SETFL", fcntl(fd, F_SETFL, O_NONBLOCK));
	TRY("poll", poll(&p, 1, 0));
	printf("poll revents: %s\n", p.revents == POLLNVAL ? "POLLNVAL" : "other");
}

// Each call that needs only the path, on O_PATH descriptors of a file and a directory.
static void allowed(int fd, int dfd)
{
	struct statfs sfs;
	struct stat st;
	char buf[512];
	long n;
	int fd2;

	TRY("fstatfs", fstatfs(fd, &sfs));
	TRY("fstatat AT_EMPTY_PATH", fstatat(fd, "", &st, AT_EMPTY_PATH));
	printf("size through it: %ld\n", (long)st.st_size);
	TRY("fcntl F_GETFL has O_PATH", !!(fcntl(fd, F_GETFL) & O_PATH));
	TRY("fcntl F_SETFD", fcntl(fd, F_SETFD, FD_CLOEXEC));
	TRY("fcntl F_GETFD", fcntl(fd, F_GETFD));
	fd2 = dup(fd);
	printf("dup: %s\n", fd2 < 0 ? ename(errno) : type(fd2));
	close(fd2);
	fd2 = openat(dfd, "f", O_RDONLY);
	printf("openat, O_PATH directory: %s\n", fd2 < 0 ? ename(errno) : type(fd2));
	n = fd2 < 0 ? 0 : read(fd2, buf, sizeof(buf));
	printf("read it: %ld\n", n);
	close(fd2);
	snprintf(buf, sizeof(buf), "/proc/self/fd/%d", fd);
	fd2 = open(buf, O_RDONLY);
	printf("reopened through /proc/self/fd: %s\n", fd2 < 0 ? ename(errno) : type(fd2));
	close(fd2);
	TRY("chmod through /proc/self/fd", chmod(buf, 0640));
	TRY("stat mode", (stat(at("f"), &st), st.st_mode & 0777));
	TRY("fchdir, O_PATH directory", fchdir(dfd));
	TRY("access f, relative", access("f", F_OK));
	TRY("getdents, O_PATH directory", syscall(SYS_getdents64, dfd, buf, sizeof(buf)));
	TRY("close", close(fd));
	TRY("close again", close(fd));
}

// inotify hears nothing of an O_PATH open and close; an ordinary open's it does.
static void events(void)
{
	char buf[256];
	int in = inotify_init1(IN_NONBLOCK), fd;

	inotify_add_watch(in, dir, IN_OPEN | IN_CLOSE);
	fd = open(at("f"), O_PATH);
	close(fd);
	TRY("inotify, O_PATH open and close", read(in, buf, sizeof(buf)));
	fd = open(at("f"), O_RDONLY);
	close(fd);
	TRY("inotify, O_RDONLY open and close, bytes", read(in, buf, sizeof(buf)));
	close(in);
}

int main(void)
{
	char target[64];
	int fd, dfd;
	long n;

	if (!mkdtemp(dir))
		return 1;
	fd = open(at("f"), O_WRONLY | O_CREAT, 0644);
	write(fd, "hello\n", 6);
	close(fd);
	mkfifo(at("fifo"), 0600);
	symlink("f", at("link"));
	symlink("nowhere", at("dangling"));

	open_path("fifo (no writer)", at("fifo"), 0);
	open_path("fifo, O_WRONLY|O_NONBLOCK", at("fifo"), O_WRONLY | O_NONBLOCK);
	open_path("/dev/null", "/dev/null", 0);
	open_path("directory, O_WRONLY", dir, O_WRONLY);
	open_path("directory, O_RDWR|O_DIRECTORY", dir, O_RDWR | O_DIRECTORY);
	open_path("file, O_DIRECTORY", at("f"), O_DIRECTORY);
	open_path("link", at("link"), 0);
	open_path("link, O_NOFOLLOW", at("link"), O_NOFOLLOW);
	open_path("dangling link", at("dangling"), 0);
	open_path("dangling link, O_NOFOLLOW", at("dangling"), O_NOFOLLOW);
	open_path("missing, O_CREAT", at("new"), O_CREAT | O_WRONLY);
	open_path("missing/, in a file", path_in(at("f"), "x"), 0);
	open_path("file, O_TRUNC|O_WRONLY", at("f"), O_TRUNC | O_WRONLY);
	open_path("file, O_CREAT|O_EXCL", at("f"), O_CREAT | O_EXCL);
	fd = open(at("dangling"), O_PATH | O_NOFOLLOW);
	n = readlinkat(fd, "", target, sizeof(target) - 1);
	target[n > 0 ? n : 0] = 0;
	printf("readlinkat(symlink's O_PATH fd, \"\"): %s\n", n < 0 ? ename(errno) : target);
	close(fd);
	fd = open(at("f"), O_PATH);
	TRY("readlinkat(file's O_PATH fd, \"\")", readlinkat(fd, "", target, sizeof(target)));
	close(fd);
	TRY("readlink /", readlink("/", target, sizeof(target)));
	TRY("readlink .", readlink(".", target, sizeof(target)));
	TRY("readlink \"\"", readlink("", target, sizeof(target)));

	fd = open(at("f"), O_PATH);
	dfd = open(dir, O_PATH | O_DIRECTORY);
	refused(fd);
	allowed(fd, dfd);
	close(dfd);
	events();

	unlink(at("f"));
	unlink(at("fifo"));
	unlink(at("link"));
	unlink(at("dangling"));
	rmdir(dir);
	return 0;
}
