// proc_exec: execve of this very program (argv[0]) with arguments and environment,
// execve errors, 100 arguments, and which file descriptors survive exec.
#define _GNU_SOURCE // pipe2
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define NARGS 100

extern char **environ;

// --- what the re-executed program does, chosen by argv[1] ---

static int child_show(int argc, char **argv)
{
	int i, n = 0;

	printf("  child: argc %d\n", argc);
	for (i = 1; i < argc; i++)
		printf("  child: argv[%d] = \"%s\"\n", i, argv[i]);
	printf("  child: argv[argc] is NULL: %s\n", argv[argc] == NULL ? "yes" : "no");
	for (; environ[n]; n++)
		printf("  child: env \"%s\"\n", environ[n]);
	printf("  child: %d environment strings\n", n);
	return 7;
}

static int child_many(int argc, char **argv)
{
	char want[16];
	int i, ok = argc == NARGS + 2;

	for (i = 0; ok && i < NARGS; i++) {
		snprintf(want, sizeof(want), "arg%d", i);
		ok = strcmp(argv[i + 2], want) == 0;
	}
	printf("  child: argc %d, all %d arguments intact: %s\n", argc, NARGS, ok ? "yes" : "no");
	return 0;
}

// argv: self fds pid kept-fd closed-fd dup-of-closed-fd
static int child_fds(int argc, char **argv)
{
	int kept = atoi(argv[3]), gone = atoi(argv[4]), dupped = atoi(argv[5]);
	int r;

	printf("  child: pid kept across exec: %s\n", atoi(argv[2]) == getpid() ? "yes" : "no");
	r = write(kept, "k", 1);
	printf("  child: write to inherited pipe fd: %d\n", r);
	errno = 0;
	r = write(gone, "g", 1);
	printf("  child: write to O_CLOEXEC pipe fd: %d %s\n", r, ename(errno));
	r = write(dupped, "d", 1);
	printf("  child: write to dup of the O_CLOEXEC fd: %d\n", r);
	return 0;
}

// Run as a "#!" interpreter: argv[0] is this program, the rest is printed
// with the test directory (PROC_EXEC_SCRIPT) shown as DIR.
static int child_script(int argc, char **argv)
{
	const char *dir = getenv("PROC_EXEC_SCRIPT");
	size_t n = strlen(dir);

	printf("  interpreter: argc %d\n", argc);
	for (int i = 1; i < argc; i++) {
		int in_dir = strncmp(argv[i], dir, n) == 0;

		printf("  interpreter: argv[%d] = \"%s%s\"\n", i, in_dir ? "DIR" : "",
		       argv[i] + (in_dir ? n : 0));
	}
	return 0;
}

// --- the parent side ---

static void run(char *path, char **argv, char **envp)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		execve(path, argv, envp);
		printf("  execve failed: %s\n", ename(errno));
		_exit(99);
	}
	waitpid(pid, &st, 0);
	printf("child exit status: %d\n", WEXITSTATUS(st));
}

static void args_and_env(char *self)
{
	char *argv[] = { self, "child", "hello", "two words", "", "last", NULL };
	char *envp[] = { "A=1", "B=two", "EMPTY=", NULL };
	char *none[] = { NULL };

	printf("exec with 5 arguments and 3 environment strings:\n");
	run(self, argv, envp);
	printf("exec with an empty environment:\n");
	argv[2] = NULL;
	run(self, argv, none);
	// Linux 5.18 on: an empty argv still gives argc 1 with argv[0] "".
	printf("exec with an empty argv:\n");
	run(self, none, (char *[]){ "PROC_EXEC_EMPTY=1", NULL });
	printf("exec with a NULL argv:\n");
	run(self, NULL, (char *[]){ "PROC_EXEC_EMPTY=1", NULL });
}

static void many_args(char *self)
{
	static char bufs[NARGS][16];
	char *argv[NARGS + 3];
	char *envp[] = { NULL };
	int i;

	argv[0] = self;
	argv[1] = "many";
	for (i = 0; i < NARGS; i++) {
		snprintf(bufs[i], sizeof(bufs[i]), "arg%d", i);
		argv[i + 2] = bufs[i];
	}
	argv[NARGS + 2] = NULL;
	printf("exec with %d extra arguments:\n", NARGS);
	run(self, argv, envp);
}

static void try_exec(const char *what, char *path)
{
	char *argv[] = { path, NULL };
	char *envp[] = { NULL };
	int r;

	errno = 0;
	r = execve(path, argv, envp);
	printf("execve %s: %d %s\n", what, r, ename(errno));
}

static void make_file(const char *path, int mode, const char *text)
{
	int fd = open(path, O_CREAT | O_EXCL | O_WRONLY, mode);

	write(fd, text, strlen(text));
	close(fd);
}

static void exec_errors(void)
{
	char dir[] = "/tmp/proc_exec.XXXXXX", plain[64], junk[64], sub[64];

	mkdtemp(dir);
	snprintf(plain, sizeof(plain), "%s/plain", dir);
	snprintf(junk, sizeof(junk), "%s/junk", dir);
	snprintf(sub, sizeof(sub), "%s/plain/x", dir);
	make_file(plain, 0644, "#!/bin/sh\necho hi\n");
	make_file(junk, 0755, "this is not a program\n");
	try_exec("missing file", "/nonexistent/program");
	try_exec("directory", "/tmp");
	try_exec("file without execute bits", plain);
	try_exec("executable file in no known format", junk);
	try_exec("path through a regular file", sub);
	unlink(plain);
	unlink(junk);
	rmdir(dir);
	printf("still running after failed execs: yes\n");
}

// "#!" scripts whose interpreter is this program: what argv the kernel builds.
static void scripts(char *self)
{
	static const char *lines[] = {
		"#!%s\n",			// no argument
		"#! %s  one  two \t\n",	// the rest of the line is one argument
		"#!%s x",			// no newline at all
	};
	char dir[] = "/tmp/proc_exec.XXXXXX", path[64], text[600], env[64];
	char *argv[] = { "name-ignored", "a b", NULL };
	char *envp[] = { env, NULL };
	char *interp = realpath(self, NULL);

	mkdtemp(dir);
	snprintf(env, sizeof(env), "PROC_EXEC_SCRIPT=%s", dir);
	snprintf(path, sizeof(path), "%s/script", dir);
	for (unsigned i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		snprintf(text, sizeof(text), lines[i], interp);
		make_file(path, 0755, text);
		printf("script %u, run as (name-ignored, \"a b\"):\n", i + 1);
		run(path, argv, envp);
		unlink(path);
	}
	make_file(path, 0755, "#!\n");
	try_exec("script without an interpreter", path);
	unlink(path);
	make_file(path, 0755, "#!/nonexistent/interpreter\n");
	try_exec("script with a missing interpreter", path);
	unlink(path);
	make_file(path, 0644, "#!/bin/sh\n");
	try_exec("script without execute bits", path);
	unlink(path);
	rmdir(dir);
	free(interp);
}

static void fds(char *self)
{
	char spid[16], skept[16], sgone[16], sdup[16], buf[8];
	char *argv[] = { self, "fds", spid, skept, sgone, sdup, NULL };
	char *envp[] = { NULL };
	int kept[2], gone[2], dupped, st, n;
	pid_t pid;

	pipe(kept);
	pipe2(gone, O_CLOEXEC);
	dupped = dup(gone[1]);	// dup never copies close-on-exec
	snprintf(skept, sizeof(skept), "%d", kept[1]);
	snprintf(sgone, sizeof(sgone), "%d", gone[1]);
	snprintf(sdup, sizeof(sdup), "%d", dupped);
	printf("exec with an inherited fd and an O_CLOEXEC fd:\n");
	pid = fork();
	if (pid == 0) {
		snprintf(spid, sizeof(spid), "%d", getpid());
		execve(self, argv, envp);
		_exit(99);
	}
	close(kept[1]);
	close(gone[1]);
	close(dupped);
	waitpid(pid, &st, 0);
	printf("child exit status: %d\n", WEXITSTATUS(st));
	n = read(kept[0], buf, sizeof(buf));
	printf("parent read from inherited pipe: %d \"%.*s\"\n", n, n > 0 ? n : 0, buf);
	n = read(gone[0], buf, sizeof(buf));
	printf("parent read from O_CLOEXEC pipe: %d \"%.*s\"\n", n, n > 0 ? n : 0, buf);
	close(kept[0]);
	close(gone[0]);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (getenv("PROC_EXEC_EMPTY")) {
		printf("  child: argc %d, argv[0] \"%s\"\n", argc, argv[0]);
		return 0;
	}
	if (getenv("PROC_EXEC_SCRIPT"))
		return child_script(argc, argv);
	if (argc > 1 && strcmp(argv[1], "child") == 0)
		return child_show(argc, argv);
	if (argc > 1 && strcmp(argv[1], "many") == 0)
		return child_many(argc, argv);
	if (argc > 1 && strcmp(argv[1], "fds") == 0)
		return child_fds(argc, argv);
	args_and_env(argv[0]);
	many_args(argv[0]);
	exec_errors();
	scripts(argv[0]);
	fds(argv[0]);
	return 0;
}
