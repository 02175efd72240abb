// proc_exec_script: long paths and "#!" scripts, as Linux runs them. A path may have
// 4095 bytes (PATH_MAX 4096 with the NUL); the program finds it in AT_EXECFN. Only the
// first 256 bytes of a script are read: a longer "#!" line loses the end of its
// argument, but an interpreter name cut short is ENOEXEC. Scripts may run scripts,
// five deep. This program is the interpreter: with PROC_EXEC_SCRIPT set it prints its
// arguments, with its own path (argv[0], which the "#!" line gave) shown as SELF.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static char *self;

static int interpreter(int argc, char **argv)
{
	printf("  argc %d\n", argc);
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, self) == 0)
			printf("  argv[%d] SELF\n", i);
		else if (strlen(a) > 60 && i == 1)	// "#!" argv[0] " " a: cut at 255?
			printf("  argv[1] \"%.10s...\", the line cut at byte 255: %s\n", a,
			       yes(2 + strlen(argv[0]) + 1 + strlen(a) == 255));
		else if (strlen(a) > 60)
			printf("  argv[%d] %zu bytes: \"%.20s...\"\n", i, strlen(a), a);
		else
			printf("  argv[%d] \"%s\"\n", i, a);
	}
	return 0;
}

// The long-path child: is AT_EXECFN the path it was run by (length in argv[2])?
static int execfn(char **argv)
{
	const char *fn = (const char *)getauxval(AT_EXECFN);

	printf("  AT_EXECFN has the %s bytes of the path: %s\n", argv[2],
	       yes(fn && strlen(fn) == strtoul(argv[2], NULL, 10)));
	return 0;
}

static void run(const char *what, const char *path, char **argv)
{
	char *envp[] = { "PROC_EXEC_SCRIPT=1", NULL };
	int st;
	pid_t pid;

	printf("%s:\n", what);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execve(path, argv, envp);
		printf("  execve: %s\n", ename(errno));
		fflush(stdout);
		_exit(100);
	}
	waitpid(pid, &st, 0);
}

static void script(const char *name, const char *text, int mode)
{
	int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, mode);

	write(fd, text, strlen(text));
	close(fd);
}

// "/" then "./" repeated, then self: a path of exactly len bytes naming this program.
static char *long_path(size_t len)
{
	char *p = malloc(len + 1);
	size_t n = len - strlen(self);

	p[0] = '/';
	for (size_t i = 1; i < n; i++)
		p[i] = i % 2 ? '.' : '/';
	if (n % 2 == 0)
		p[n - 1] = '/';	// "//" is as good as "/"
	strcpy(p + n, self);
	return p;
}

static void paths(void)
{
	static const size_t lens[] = { 1100, 4095, 4096 };

	for (unsigned i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		char *p = long_path(lens[i]), len[16], what[64];
		char *argv[] = { self, "execfn", len, NULL };

		snprintf(len, sizeof(len), "%zu", lens[i]);
		snprintf(what, sizeof(what), "a %zu-byte path", lens[i]);
		run(what, p, argv);
		free(p);
	}
}

static void scripts(void)
{
	char line[1024], *argv[] = { "argv0", "extra", NULL };

	snprintf(line, sizeof(line), "#!%s one\n", self);
	script("s_plain", line, 0755);
	run("a script", "./s_plain", argv);

	snprintf(line, sizeof(line), "#! \t%s\t  two  words \t \necho\n", self);
	script("s_blanks", line, 0755);
	run("blanks around the name and the argument", "./s_blanks", argv);

	snprintf(line, sizeof(line), "#!%s", self);
	script("s_nonl", line, 0755);
	run("no newline at all", "./s_nonl", argv);

	snprintf(line, sizeof(line), "#!%s %0300d\n", self, 0);
	script("s_longarg", line, 0755);
	run("a 300-byte argument, cut at the 256-byte buffer", "./s_longarg", argv);

	char *p = long_path(300);
	snprintf(line, sizeof(line), "#!%s arg\n", p);
	free(p);
	script("s_longname", line, 0755);
	run("a 300-byte interpreter name", "./s_longname", argv);

	p = long_path(253);
	snprintf(line, sizeof(line), "#!%s\n", p);
	free(p);
	script("s_name253", line, 0755);
	run("a 253-byte interpreter name", "./s_name253", argv);

	script("s_empty", "#!\n", 0755);
	run("#! and a newline", "./s_empty", argv);
	script("s_blank", "#!   \t \n", 0755);
	run("#! and blanks", "./s_blank", argv);
	script("s_missing", "#!/nonexistent/interpreter\n", 0755);
	run("a missing interpreter", "./s_missing", argv);
	script("s_dir", "#!/\n", 0755);
	run("a directory as interpreter", "./s_dir", argv);
	snprintf(line, sizeof(line), "#!%s\n", self);
	script("s_noexec", line, 0644);
	run("a script without execute permission", "./s_noexec", argv);
	run("an empty argv", "./s_plain", (char *[]){ NULL });
}

// s_n0 runs s_n1 ... runs s_n<depth-1>, which runs this program.
static void nested(int depth)
{
	char line[1024], name[16], what[64];

	for (int i = 0; i < depth; i++) {
		snprintf(name, sizeof(name), "s_n%d", i);
		if (i == depth - 1)
			snprintf(line, sizeof(line), "#!%s level%d\n", self, i);
		else
			snprintf(line, sizeof(line), "#!./s_n%d level%d\n", i + 1, i);
		script(name, line, 0755);
	}
	snprintf(what, sizeof(what), "%d scripts deep", depth);
	run(what, "./s_n0", (char *[]){ "argv0", NULL });
	for (int i = 0; i < depth; i++) {
		snprintf(name, sizeof(name), "s_n%d", i);
		unlink(name);
	}
}

int main(int argc, char **argv)
{
	static const char *const names[] = {
		"s_plain", "s_blanks", "s_nonl", "s_longarg", "s_longname", "s_name253",
		"s_empty", "s_blank", "s_missing", "s_dir", "s_noexec",
	};

	self = argv[0];
	if (argc > 1 && strcmp(argv[1], "execfn") == 0)
		return execfn(argv);
	if (getenv("PROC_EXEC_SCRIPT"))
		return interpreter(argc, argv);
	setvbuf(stdout, NULL, _IOLBF, 0);
	paths();
	scripts();
	nested(5);
	nested(6);
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		unlink(names[i]);
	return 0;
}
