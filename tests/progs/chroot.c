// chroot: a directory becomes the process's "/": absolute paths, absolute symlinks and exec
// start there, ".." stops there, and its children inherit it; the working directory stays
// where it was (getcwd says "(unreachable)" until a chdir). Linux's checks: ENOENT, ENOTDIR,
// EACCES before EPERM for a process that is not root. /proc/PID/root is the new root, as
// the parent names it and as "/" for the process itself.
// host: uids
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static char dir[] = "/tmp/chroot.XXXXXX";

#define at(name) path_in(dir, name)

static void put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);

	write(fd, text, strlen(text));
	close(fd);
}

static const char *cat(const char *path)
{
	static char buf[64];
	int fd = open(path, O_RDONLY), n;

	if (fd < 0)
		return ename(errno);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	return buf;
}

// readlinkat's text, or its error.
static const char *link_text(int dirfd, const char *name)
{
	static char buf[256];
	long n = readlinkat(dirfd, name, buf, sizeof(buf) - 1);

	if (n < 0)
		return ename(errno);
	buf[n] = 0;
	return buf;
}

static const char *cwd(void)
{
	static char buf[256];

	return getcwd(buf, sizeof(buf)) ? buf : ename(errno);
}

// Copies this program into the new root, to be run there.
static void copy_self(const char *self, const char *to)
{
	char buf[4096];
	int in = open(self, O_RDONLY), out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0755), n;

	while ((n = read(in, buf, sizeof(buf))) > 0)
		write(out, buf, n);
	close(in);
	close(out);
}

int main(int argc, char **argv)
{
	struct stat a, b;
	int st, ready[2], done[2];
	char c, raw[256];

	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc > 1) {		// run again inside the new root
		printf("inside: argv[0] %s, /etc/motd says \"%s\", cwd %s\n", argv[0],
		       cat("/etc/motd"), cwd());
		return 0;
	}
	mkdtemp(dir);
	chmod(dir, 0755);
	mkdir(at("etc"), 0755);
	mkdir(at("sub"), 0755);
	mkdir(at("closed"), 0700);
	put(at("etc/motd"), "inside the new root");
	symlink("/etc/motd", at("sub/abs"));
	copy_self(argv[0], at("prog"));
	chdir("/tmp");

	TRY("chroot of nothing", chroot(at("none")));
	TRY("chroot of a file", chroot(at("etc/motd")));
	pid_t pid = fork();
	if (pid == 0) {
		setuid(65534);
		TRY("nobody: chroot of a directory it may not search", chroot(at("closed")));
		TRY("nobody: chroot", chroot(dir));
		_exit(0);
	}
	waitpid(pid, NULL, 0);

	pipe(ready);
	pipe(done);
	pid = fork();
	if (pid == 0) {
		int self = open("/proc/self", O_RDONLY | O_DIRECTORY);

		TRY("chroot", chroot(dir));
		printf("cwd after chroot: %s\n", cwd());
		printf("getcwd(2) after chroot: %s\n",
		       syscall(SYS_getcwd, raw, sizeof(raw)) > 0 ? raw : ename(errno));
		printf("its own /proc/self/root: %s\n", link_text(self, "root"));
		printf("its own /proc/self/cwd: %s\n", link_text(self, "cwd"));
		close(self);
		write(ready[1], "r", 1);
		read(done[0], &c, 1);		// the parent has looked
		printf("/etc/motd: %s\n", cat("/etc/motd"));
		printf("an absolute symlink: %s\n", cat("/sub/abs"));
		TRY("chdir /", chdir("/"));
		printf("cwd: %s\n", cwd());
		stat("/", &a);
		stat("/..", &b);
		printf("/.. is /: %s\n", yes(a.st_ino == b.st_ino && a.st_dev == b.st_dev));
		stat("../../../etc/motd", &b);
		printf("../../../etc/motd is in the new root: %s\n", cat("../../../etc/motd"));
		TRY("chdir sub", chdir("sub"));
		printf("cwd: %s\n", cwd());
		TRY("chdir ../..", chdir("../.."));
		printf("cwd: %s\n", cwd());
		printf("the old /tmp: %s\n", access("/tmp", F_OK) ? ename(errno) : "there");
		pid_t kid = fork();
		if (kid == 0) {
			printf("a child's /etc/motd: %s\n", cat("/etc/motd"));
			execl("/prog", "/prog", "inner", (char *)NULL);
			printf("execl: %s\n", ename(errno));
			_exit(1);
		}
		waitpid(kid, &st, 0);
		TRY("chroot again, to sub", chroot("sub"));
		printf("/abs there: %s\n", cat("/abs"));
		_exit(0);
	}
	read(ready[0], &c, 1);
	snprintf(raw, sizeof(raw), "/proc/%d/root", (int)pid);
	printf("the child's root, as the parent reads it, is the directory: %s\n",
	       yes(!strcmp(link_text(AT_FDCWD, raw), dir)));
	write(done[1], "d", 1);
	waitpid(pid, &st, 0);
	printf("the parent's root is its own: %s\n", cat("/etc/motd") == NULL ? "" :
	       access(at("etc/motd"), F_OK) == 0 ? "yes" : "no");
	unlink(at("prog"));
	unlink(at("sub/abs"));
	unlink(at("etc/motd"));
	rmdir(at("etc"));
	rmdir(at("sub"));
	rmdir(at("closed"));
	TRY("rmdir", rmdir(dir));
	return 0;
}
