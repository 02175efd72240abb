// file_basic: files and directories in a fresh mkdtemp directory: create, read, write,
// lseek, stat, errors of open/mkdir/rmdir/unlink/rename, readdir, chdir/getcwd, access,
// O_APPEND, O_TRUNC, and sharing files between processes.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static char dir[] = "/tmp/file_basic.XXXXXX";

// The path of name inside the test directory.
#define at(name) path_in(dir, name)

// Print a file's whole contents with NUL and newline made visible.
static void cat(const char *what, const char *name)
{
	char buf[256];
	int fd = open(at(name), O_RDONLY), n, i;

	n = read(fd, buf, sizeof(buf));
	close(fd);
	printf("%s: %d \"", what, n);
	for (i = 0; i < n; i++) {
		if (buf[i] == 0)
			printf("\\0");
		else if (buf[i] == '\n')
			printf("\\n");
		else
			putchar(buf[i]);
	}
	printf("\"\n");
}

static void put(const char *name, const char *text)
{
	int fd = open(at(name), O_CREAT | O_WRONLY | O_TRUNC, 0644);

	write(fd, text, strlen(text));
	close(fd);
}

static int fd_open(const char *name, int flags)
{
	return open(at(name), flags, 0644);
}

static void create_and_seek(void)
{
	struct stat st;
	char buf[16];
	int fd;

	fd = open(at("f"), O_CREAT | O_EXCL | O_WRONLY, 0644);
	printf("open O_CREAT|O_EXCL new file: %s\n", yes(fd >= 0));
	TRY("open O_CREAT|O_EXCL again", open(at("f"), O_CREAT | O_EXCL | O_WRONLY, 0644));
	TRY("write 12 bytes", write(fd, "hello world\n", 12));
	TRY("lseek(0, SEEK_CUR)", lseek(fd, 0, SEEK_CUR));
	TRY("lseek(6, SEEK_SET)", lseek(fd, 6, SEEK_SET));
	TRY("write WORLD", write(fd, "WORLD", 5));
	TRY("lseek(0, SEEK_END)", lseek(fd, 0, SEEK_END));
	TRY("lseek(-6, SEEK_END)", lseek(fd, -6, SEEK_END));
	TRY("lseek(-100, SEEK_SET)", lseek(fd, -100, SEEK_SET));
	TRY("lseek(0, whence 7)", lseek(fd, 0, 7));
	TRY("lseek(20, SEEK_SET) past the end", lseek(fd, 20, SEEK_SET));
	TRY("write X there", write(fd, "X", 1));
	TRY("read from O_WRONLY fd", read(fd, buf, 1));
	memset(&st, 0, sizeof(st));
	fstat(fd, &st);
	printf("fstat: size %ld, regular %s\n", (long)st.st_size, yes(S_ISREG(st.st_mode)));
	close(fd);
	cat("contents (the gap reads as zeros)", "f");

	fd = open(at("f"), O_RDONLY);
	lseek(fd, 6, SEEK_SET);
	TRY("read 5 at offset 6", read(fd, buf, 5));
	printf("they are: %.5s\n", buf);
	lseek(fd, 0, SEEK_END);
	TRY("read at end of file", read(fd, buf, 5));
	TRY("write to O_RDONLY fd", write(fd, "x", 1));
	close(fd);
	TRY("read from closed fd", read(fd, buf, 1));
	memset(&st, 0, sizeof(st));
	stat(at("f"), &st);
	printf("stat file: size %ld, regular %s\n", (long)st.st_size, yes(S_ISREG(st.st_mode)));
	printf("stat dir: directory %s\n", yes(stat(dir, &st) == 0 && S_ISDIR(st.st_mode)));
}

static void open_errors(void)
{
	char longname[300];
	struct stat st;
	int fd;

	TRY("stat missing", stat(at("missing"), &st));
	TRY("open missing", open(at("missing"), O_RDONLY));
	TRY("open empty path", open("", O_RDONLY));
	TRY("open O_CREAT in missing dir", open(at("nodir/x"), O_CREAT | O_WRONLY, 0644));
	TRY("open file/x", open(at("f/x"), O_RDONLY));
	TRY("open dir O_WRONLY", open(dir, O_WRONLY));
	TRY("open dir O_RDWR", open(dir, O_RDWR));
	fd = open(dir, O_RDONLY);
	printf("open dir O_RDONLY: %s\n", yes(fd >= 0));
	close(fd);
	memset(longname, 'n', 255);
	longname[255] = 0;
	fd = fd_open(longname, O_CREAT | O_WRONLY);
	printf("create a 255-byte name: %s\n", yes(fd >= 0));
	close(fd);
	TRY("unlink it", unlink(at(longname)));
	strcat(longname, "n");
	TRY("create a 256-byte name", fd_open(longname, O_CREAT | O_WRONLY));
}

static void dirs(void)
{
	TRY("create inside a missing dir", fd_open("sub/inner", O_CREAT | O_WRONLY));
	TRY("mkdir sub", mkdir(at("sub"), 0755));
	TRY("mkdir sub again", mkdir(at("sub"), 0755));
	TRY("mkdir over a file", mkdir(at("f"), 0755));
	TRY("mkdir in missing dir", mkdir(at("none/sub"), 0755));
	close(fd_open("sub/inner", O_CREAT | O_WRONLY));
	TRY("rmdir non-empty", rmdir(at("sub")));
	TRY("rmdir a file", rmdir(at("f")));
	TRY("unlink a dir", unlink(at("sub")));
	TRY("unlink sub/inner", unlink(at("sub/inner")));
	TRY("unlink it again", unlink(at("sub/inner")));
	TRY("open it", open(at("sub/inner"), O_RDONLY));
	TRY("rmdir sub (now empty)", rmdir(at("sub")));
	TRY("rmdir it again", rmdir(at("sub")));
}

static void renames(void)
{
	struct stat st;

	TRY("rename f g", rename(at("f"), at("g")));
	TRY("open f", open(at("f"), O_RDONLY));
	cat("g", "g");
	TRY("rename missing", rename(at("missing"), at("x")));
	put("h", "old h");
	TRY("rename g onto existing h", rename(at("g"), at("h")));
	cat("h", "h");
	TRY("g is gone", stat(at("g"), &st));
	mkdir(at("d1"), 0755);
	TRY("rename dir d1 d2", rename(at("d1"), at("d2")));
	printf("d2 is a directory: %s\n", yes(stat(at("d2"), &st) == 0 && S_ISDIR(st.st_mode)));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void listing(void)
{
	char *names[32];
	struct dirent *de;
	int n = 0, i;
	DIR *d;

	put("a", "a");
	put("b", "b");
	put("c", "c");
	d = opendir(dir);
	while ((de = readdir(d)) != NULL && n < 32)
		names[n++] = strdup(de->d_name);
	closedir(d);
	qsort(names, n, sizeof(char *), cmp_str);
	printf("readdir (sorted):");
	for (i = 0; i < n; i++) {
		printf(" %s", names[i]);
		free(names[i]);
	}
	printf("\n");
}

static int cwd_is(const char *want)
{
	char buf[512];

	return getcwd(buf, sizeof(buf)) != NULL && strcmp(buf, want) == 0;
}

static void cwd(void)
{
	char old[512];
	int fd;

	getcwd(old, sizeof(old));
	TRY("chdir dir", chdir(dir));
	printf("getcwd is dir: %s\n", yes(cwd_is(dir)));
	fd = open("a", O_RDONLY);
	printf("open relative name: %s\n", yes(fd >= 0));
	close(fd);
	TRY("chdir d2", chdir("d2"));
	printf("getcwd is dir/d2: %s\n", yes(cwd_is(at("d2"))));
	TRY("chdir ..", chdir(".."));
	printf("getcwd is dir again: %s\n", yes(cwd_is(dir)));
	TRY("chdir to a file", chdir("a"));
	TRY("chdir to missing", chdir("missing"));
	TRY("chdir back", chdir(old));
}

static void access_checks(void)
{
	TRY("access F_OK", access(at("a"), F_OK));
	TRY("access R_OK|W_OK", access(at("a"), R_OK | W_OK));
	TRY("access X_OK on a 0644 file", access(at("a"), X_OK));
	TRY("access missing", access(at("missing"), F_OK));
}

static void modes(void)
{
	int fd;

	fd = fd_open("a", O_WRONLY | O_APPEND);
	lseek(fd, 0, SEEK_SET);
	write(fd, "2", 1);
	TRY("O_APPEND offset after write", lseek(fd, 0, SEEK_CUR));
	close(fd);
	cat("a after O_APPEND write", "a");
	fd = fd_open("a", O_WRONLY | O_TRUNC);
	close(fd);
	cat("a after O_TRUNC", "a");
	fd = fd_open("a", O_RDONLY | O_CREAT);
	printf("O_CREAT on an existing file opens it: %s\n", yes(fd >= 0));
	close(fd);
}

// Independent opens have their own offsets; a descriptor shared by fork has one.
static void sharing(void)
{
	int fd1, fd2, st;
	char buf[16];
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		put("p", "from child");
		_exit(0);
	}
	waitpid(pid, &st, 0);
	cat("file written by an exited child", "p");

	fd1 = fd_open("o", O_CREAT | O_RDWR);
	fd2 = fd_open("o", O_RDWR);
	write(fd1, "xyz", 3);
	TRY("second open reads from offset 0", read(fd2, buf, sizeof(buf)));
	close(fd1);
	close(fd2);

	fd1 = fd_open("s", O_CREAT | O_WRONLY);
	pid = fork();
	if (pid == 0) {
		write(fd1, "AAAA", 4);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	write(fd1, "BBBB", 4);
	close(fd1);
	cat("fd shared across fork", "s");
}

static void cleanup(void)
{
	const char *files[] = { "a", "b", "c", "h", "p", "o", "s" };
	unsigned i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		unlink(at(files[i]));
	rmdir(at("d2"));
	TRY("rmdir the emptied test dir", rmdir(dir));
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (mkdtemp(dir) == NULL) {
		printf("mkdtemp failed\n");
		return 1;
	}
	create_and_seek();
	open_errors();
	dirs();
	renames();
	listing();
	cwd();
	access_checks();
	modes();
	sharing();
	cleanup();
	return 0;
}
