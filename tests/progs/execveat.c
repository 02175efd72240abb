// execveat: running a program from a descriptor (glibc's fexecve, Python's os.execve with
// a descriptor): "" with AT_EMPTY_PATH runs the descriptor's own file, a relative path is
// looked up from a directory descriptor, and the program's AT_EXECFN is then "/dev/fd/N"
// or "/dev/fd/N/PATH"; a script run so gets that name as its argument, and cannot be run
// from a close-on-exec descriptor (ENOENT: its interpreter could not open it). The errors
// in Linux's order: the name (ENOENT for "" without AT_EMPTY_PATH), the flags (EINVAL),
// the descriptor (EBADF, ENOTDIR), the file (ELOOP for a symlink with AT_SYMLINK_NOFOLLOW,
// EACCES for a directory or a file without execute permission).
#define _GNU_SOURCE
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "check.h"

static char *const env[] = { "EXECVEAT=1", NULL };

static long xat(int dirfd, const char *path, char *const argv[], int flags)
{
	return syscall(SYS_execveat, dirfd, path, argv, env, flags);
}

/* Runs execveat in a child and says how the child ended. */
static void run(const char *what, int dirfd, const char *path, char *const argv[], int flags)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		xat(dirfd, path, argv, flags);
		printf("%s: exec failed %s\n", what, ename(errno));
		_exit(1);
	}
	waitpid(pid, &status, 0);
	printf("%s: exit %d\n", what, WEXITSTATUS(status));
}

static const char *base(const char *s)
{
	const char *b = strrchr(s, '/');

	return b ? b + 1 : s;
}

int main(int argc, char **argv)
{
	char exe[256] = "", script[300];
	char *const child[] = { "child", "two", NULL }, *const sargv[] = { "x", NULL };
	int self, dir, fd, cfd;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (getenv("EXECVEAT")) {	/* the new image */
		printf("  argc %d argv[0] %s", argc, argc && strchr(argv[0], '/') ? base(argv[0]) : argv[0]);
		for (int i = 1; i < argc; i++)
			printf(" [%s]", argv[i]);
		printf(" execfn %s\n", (char *)getauxval(AT_EXECFN));
		return 0;
	}
	readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	TRY("mkdir", mkdir("/tmp/execveat.d", 0755));
	TRY("symlink", symlink(exe, "/tmp/execveat.d/prog"));
	snprintf(script, sizeof(script), "#!%s arg\n", exe);
	fd = open("/tmp/execveat.d/script", O_WRONLY | O_CREAT, 0755);
	printf("write script: %s\n", yes(write(fd, script, strlen(script)) > 0));
	close(fd);
	TRY("open data", fd = open("/tmp/execveat.d/data", O_WRONLY | O_CREAT, 0644));
	TRY("open self", self = open(exe, O_RDONLY));
	TRY("open dir", dir = open("/tmp/execveat.d", O_RDONLY | O_DIRECTORY));
	TRY("open script cloexec", cfd = open("/tmp/execveat.d/script", O_RDONLY | O_CLOEXEC));

	run("self, AT_EMPTY_PATH", self, "", child, AT_EMPTY_PATH);
	run("dir + prog", dir, "prog", child, 0);
	run("AT_FDCWD + absolute", AT_FDCWD, "/tmp/execveat.d/prog", child, 0);
	run("bad fd + absolute", 99, "/tmp/execveat.d/prog", child, 0);
	run("script, AT_EMPTY_PATH", open("/tmp/execveat.d/script", O_RDONLY), "", sargv,
	    AT_EMPTY_PATH);
	run("dir + script", dir, "script", sargv, 0);
	TRY("cloexec script", xat(cfd, "", sargv, AT_EMPTY_PATH));
	TRY("\"\" without AT_EMPTY_PATH", xat(self, "", child, 0));
	TRY("\"\" and a bad flag", xat(self, "", child, AT_EMPTY_PATH | 0x4));
	TRY("bad flag, bad fd", xat(99, "prog", child, 0x4));
	TRY("bad fd", xat(99, "prog", child, 0));
	TRY("file fd + relative", xat(self, "prog", child, 0));
	TRY("symlink, NOFOLLOW", xat(dir, "prog", child, AT_SYMLINK_NOFOLLOW));
	TRY("dir fd, AT_EMPTY_PATH", xat(dir, "", child, AT_EMPTY_PATH));
	TRY("not executable", xat(dir, "data", child, 0));
	TRY("missing", xat(dir, "nothing", child, 0));
	TRY("bad argv", syscall(SYS_execveat, self, "", 8, env, AT_EMPTY_PATH));
	unlink("/tmp/execveat.d/prog");
	unlink("/tmp/execveat.d/script");
	unlink("/tmp/execveat.d/data");
	rmdir("/tmp/execveat.d");
	return 0;
}
