// file_perm: permission checks on open, mkdir and unlink. The test starts as root; forked
// children become uid/gid 1000 and 1001 so the result is the same under any runner.
// O_NOATIME (not updating the access time hides a read) is for the owner and root alone:
// anyone else gets EPERM, after the access check's EACCES (LTP's open02).
// host: uids
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static void show_ok(const char *what, long r)
{
	if (r < 0)
		printf("%s: %ld %s\n", what, r, ename(errno));
	else
		printf("%s: ok\n", what);
}

#define TRY_OK(what, call) do { errno = 0; show_ok(what, (long)(call)); } while (0)

static char dir[] = "/tmp/file_perm.XXXXXX";

// The path of name inside the test directory.
#define at(name) path_in(dir, name)

// open() that closes what it opened: only the outcome matters here.
static int try_open(const char *name, int flags, int mode)
{
	int fd = open(at(name), flags, mode);

	if (fd >= 0)
		close(fd);
	return fd;
}

static int make(const char *name, int mode, const char *text)
{
	int fd = open(at(name), O_CREAT | O_EXCL | O_WRONLY, mode);

	if (fd >= 0) {
		write(fd, text, strlen(text));
		close(fd);
	}
	return fd;
}

static void owner(void)
{
	struct stat st;

	TRY_OK("1000: create secret mode 0600", make("secret", 0600, "secret"));
	memset(&st, 0, sizeof(st));
	stat(at("secret"), &st);
	printf("1000: secret is uid %d gid %d mode %03o\n", (int)st.st_uid, (int)st.st_gid,
	       (unsigned)(st.st_mode & 07777));
	TRY_OK("1000: read own secret", try_open("secret", O_RDONLY, 0));
	TRY_OK("1000: read own secret O_NOATIME", try_open("secret", O_RDONLY | O_NOATIME, 0));
	TRY_OK("1000: write own secret", try_open("secret", O_WRONLY, 0));
	TRY_OK("1000: create readonly mode 0400", make("readonly", 0400, "ro"));
	TRY_OK("1000: write own 0400 file", try_open("readonly", O_WRONLY, 0));
	TRY_OK("1000: read own 0400 file", try_open("readonly", O_RDONLY, 0));
	TRY_OK("1000: mkdir ro mode 0555", mkdir(at("ro"), 0555));
	TRY_OK("1000: create in own 0555 dir", try_open("ro/x", O_CREAT | O_WRONLY, 0644));
	TRY_OK("1000: mkdir in own 0555 dir", mkdir(at("ro/y"), 0755));
	TRY_OK("1000: mkdir shared mode 0755", mkdir(at("shared"), 0755));
	TRY_OK("1000: create shared/f mode 0644", make("shared/f", 0644, "f"));
	TRY_OK("1000: mkdir private mode 0700", mkdir(at("private"), 0700));
	TRY_OK("1000: create private/f", make("private/f", 0644, "p"));
}

static void other(void)
{
	struct stat st;

	TRY_OK("1001: read 1000's 0600 file", try_open("secret", O_RDONLY, 0));
	TRY_OK("1001: write 1000's 0600 file", try_open("secret", O_WRONLY, 0));
	TRY_OK("1001: access R_OK on it", access(at("secret"), R_OK));
	TRY_OK("1001: stat it", stat(at("secret"), &st));
	TRY_OK("1001: read 1000's 0644 file", try_open("shared/f", O_RDONLY, 0));
	TRY_OK("1001: read it O_NOATIME", try_open("shared/f", O_RDONLY | O_NOATIME, 0));
	TRY_OK("1001: read 1000's 0600 file O_NOATIME", try_open("secret", O_RDONLY | O_NOATIME, 0));
	TRY_OK("1001: write 1000's 0644 file", try_open("shared/f", O_WRONLY, 0));
	TRY_OK("1001: create in 1000's 0755 dir", try_open("shared/new", O_CREAT | O_WRONLY, 0644));
	TRY_OK("1001: mkdir in 1000's 0755 dir", mkdir(at("shared/d"), 0755));
	TRY_OK("1001: unlink in 1000's 0755 dir", unlink(at("shared/f")));
	TRY_OK("1001: stat in 1000's 0700 dir", stat(at("private/f"), &st));
	TRY_OK("1001: open in 1000's 0700 dir", try_open("private/f", O_RDONLY, 0));
	TRY_OK("1001: open missing in 1000's 0700 dir", try_open("private/none", O_RDONLY, 0));
	TRY_OK("1001: create in the 0777 test dir", make("mine", 0644, "m"));
	TRY_OK("1001: unlink it", unlink(at("mine")));
}

// Run body in a child with the given user and group id.
static void as_user(int id, void (*body)(void))
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		if (setgid(id) < 0 || setuid(id) < 0) {
			printf("%d: cannot become this user\n", id);
			_exit(1);
		}
		body();
		_exit(0);
	}
	waitpid(pid, &st, 0);
}

static void root(void)
{
	char buf[16];
	int fd, n;

	fd = open(at("secret"), O_RDONLY);
	n = fd < 0 ? -1 : read(fd, buf, sizeof(buf));
	printf("root: read 1000's 0600 file: %d \"%.*s\"\n", n, n > 0 ? n : 0, buf);
	close(fd);
	TRY_OK("root: write 1000's 0400 file", try_open("readonly", O_WRONLY, 0));
	TRY_OK("root: read 1000's file O_NOATIME", try_open("shared/f", O_RDONLY | O_NOATIME, 0));
	TRY_OK("root: create in 1000's 0555 dir", make("ro/x", 0644, "x"));
	TRY_OK("root: open in 1000's 0700 dir", try_open("private/f", O_RDONLY, 0));
}

static void cleanup(void)
{
	const char *files[] = { "secret", "readonly", "ro/x", "shared/f", "private/f" };
	const char *dirs[] = { "ro", "shared", "private" };
	unsigned i;

	for (i = 0; i < 5; i++)
		unlink(at(files[i]));
	for (i = 0; i < 3; i++)
		rmdir(at(dirs[i]));
	TRY_OK("root: remove everything", rmdir(dir));
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	umask(022);
	if (mkdtemp(dir) == NULL) {
		printf("mkdtemp failed\n");
		return 1;
	}
	TRY_OK("root: chmod the test dir 0777", chmod(dir, 0777));
	as_user(1000, owner);
	as_user(1001, other);
	root();
	cleanup();
	return 0;
}
