// host: uids
// o_path: open's O_PATH gives a descriptor that only names a file: no permission on the
// file is needed (nobody opens root's mode 000 file), a symlink is itself with O_NOFOLLOW,
// a FIFO does not wait; the other flags but O_DIRECTORY, O_NOFOLLOW and O_CLOEXEC are
// dropped (O_CREAT creates nothing). What only names the file works: fstat, fstatat's
// AT_EMPTY_PATH, fstatfs, fchdir, a *at call's directory, dup, close, fcntl's F_GETFD,
// F_SETFD, F_GETFL and F_DUPFD, /proc/self/fd's link; what would use it is EBADF (read,
// write, lseek, mmap, ioctl, fchmod, fchown, fsync, getdents, fcntl's others), and poll
// says POLLNVAL. glibc's fchmodat(AT_SYMLINK_NOFOLLOW) opens the symlink so (Python's
// test_tempfile got ELOOP there).
#define _GNU_SOURCE
#include <dirent.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "check.h"

static const char *type(mode_t m)
{
	return S_ISLNK(m) ? "symlink" : S_ISDIR(m) ? "directory" : S_ISREG(m) ? "file" :
	       S_ISFIFO(m) ? "fifo" : "other";
}

static void show_stat(const char *what, int r, struct stat *st)
{
	show_result(what, r);
	if (r == 0)
		printf("  %s\n", type(st->st_mode));
}

int main(void)
{
	struct stat st;
	struct statfs sfs;
	struct pollfd pfd;
	char buf[64], link[64];
	int fd, lfd, dfd, n;

	setvbuf(stdout, NULL, _IONBF, 0);
	close(open("o_path.file", O_WRONLY | O_CREAT, 0));
	symlink("o_path.file", "o_path.link");
	mkdir("o_path.dir", 0755);
	mkfifo("o_path.fifo", 0600);
	if (fork() == 0) {
		setuid(65534);
		TRY("nobody: O_RDONLY of a mode 000 file", open("o_path.file", O_RDONLY));
		TRY("nobody: O_PATH of it", open("o_path.file", O_PATH));
		_exit(0);
	}
	wait(NULL);
	TRY("O_PATH", fd = open("o_path.file", O_PATH | O_RDWR | O_APPEND));
	TRY("F_GETFL (octal below)", n = fcntl(fd, F_GETFL));
	printf("  %o\n", n);
	TRY("O_PATH|O_NOFOLLOW of a symlink", lfd = open("o_path.link", O_PATH | O_NOFOLLOW));
	show_stat("  fstat", fstat(lfd, &st), &st);
	show_stat("  fstatat \"\" AT_EMPTY_PATH", fstatat(lfd, "", &st, AT_EMPTY_PATH), &st);
	show_stat("fstat through the followed O_PATH", fstat(fd, &st), &st);
	TRY("O_PATH|O_NOFOLLOW|O_DIRECTORY of a symlink",
	    open("o_path.link", O_PATH | O_NOFOLLOW | O_DIRECTORY));
	TRY("O_PATH|O_DIRECTORY of a file", open("o_path.file", O_PATH | O_DIRECTORY));
	TRY("O_PATH|O_CREAT of a missing file", open("o_path.none", O_PATH | O_CREAT, 0644));
	TRY("O_PATH of a FIFO (no wait)", open("o_path.fifo", O_PATH));
	TRY("O_PATH of a missing file", open("o_path.none", O_PATH));

	TRY("read", read(fd, buf, 1));
	TRY("write", write(fd, "x", 1));
	TRY("lseek", lseek(fd, 0, SEEK_SET));
	TRY("mmap", (long)mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0) == -1 ? -1 : 0);
	TRY("ioctl FIONREAD", ioctl(fd, FIONREAD, &n));
	TRY("fchmod", fchmod(fd, 0644));
	TRY("fchown", fchown(fd, 0, 0));
	TRY("fsync", fsync(fd));
	TRY("fcntl F_SETFL", fcntl(fd, F_SETFL, O_NONBLOCK));
	TRY("fcntl F_SETFD", fcntl(fd, F_SETFD, FD_CLOEXEC));
	TRY("fcntl F_GETFD", fcntl(fd, F_GETFD));
	TRY("fcntl F_DUPFD >= 20", fcntl(fd, F_DUPFD, 20));
	TRY("dup", n = dup(fd));
	TRY("close the dup", close(n));
	TRY("fstatfs", fstatfs(fd, &sfs));
	pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
	TRY("poll", poll(&pfd, 1, 0));
	printf("  revents %#x\n", pfd.revents);
	snprintf(buf, sizeof(buf), "/proc/self/fd/%d", lfd);
	n = readlink(buf, link, sizeof(link) - 1);
	link[n > 0 ? n : 0] = 0;
	printf("readlink /proc/self/fd of the symlink's: %s\n", strrchr(link, '/') + 1);

	TRY("O_PATH|O_DIRECTORY of a directory", dfd = open("o_path.dir", O_PATH | O_DIRECTORY));
	TRY("getdents64", syscall(SYS_getdents64, dfd, buf, sizeof(buf)));
	TRY("openat in it", n = openat(dfd, "made", O_WRONLY | O_CREAT, 0644));
	close(n);
	TRY("fchdir", fchdir(dfd));
	TRY("stat made, from there", stat("made", &st));
	TRY("fchdir back", chdir(".."));
	unlink("o_path.dir/made");
	rmdir("o_path.dir");
	unlink("o_path.fifo");
	unlink("o_path.link");
	unlink("o_path.file");
	return 0;
}
