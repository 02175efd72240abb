// proc_exec_args: how much execve may carry. The argv and envp strings (and the path)
// may use a quarter of the stack rlimit (at most 6 MiB, at least 128 KiB), less room
// for the pointers; one string at most 128 KiB with its NUL. Beyond, E2BIG, and the
// caller lives on. The limit is computed here from getrlimit(RLIMIT_STACK), as Linux
// computes it, so the test holds for whatever limit the kernel reports; the pointers are
// counted at 8 bytes and a margin left, so that the 64-bit Linux that records NAME.out
// and i386 agree. Errors come in Linux's order: a bad argv array before E2BIG, and the
// strings copied envp first, last to first.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define MAX_ARG_STRLEN	(32 * 4096)
#define BIG		100000		// bytes in one big string, its NUL included

static char *self;
static size_t limit;	// what the strings and pointers may use

// The child: argv[1] "check", argv[2] how many big strings follow in argv and envp.
static int check(int argc, char **argv, char **envp)
{
	long big = atol(argv[2]), seen = 0, envc = 0;

	for (int i = 3; i < argc; i++)
		seen += strlen(argv[i]) == BIG - 1 && argv[i][0] == 'a' + i % 26;
	for (; envp[envc]; envc++)
		seen += strlen(envp[envc]) == BIG - 1 && envp[envc][0] == 'A' + envc % 26;
	if (big)	// how many fit depends on the limit: not printed
		printf("  child: %s big strings intact: %s\n", big > 1 ? "several" : "too few",
		       yes(seen == big));
	else
		printf("  child: argc %d, envc %ld\n", argc, envc);
	return 0;
}

// Runs path with argv and envp; says how it went.
static void run_path(const char *what, const char *path, char **argv, char **envp)
{
	static int survivor = 1234;
	int st;
	pid_t pid;

	printf("%s:\n", what);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execve(path, argv, envp);
		printf("  execve: %s, and the caller lives on: %s\n", ename(errno),
		       yes(survivor == 1234));
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		printf("  child status 0x%x\n", st);
}

static void run(const char *what, char **argv, char **envp)
{
	run_path(what, self, argv, envp);
}

static char *big_string(int c, size_t len)
{
	char *s = malloc(len);

	memset(s, c, len - 1);
	s[len - 1] = 0;
	return s;
}

// argv = self "check" N, then n big strings; envp = m big strings. Returns the bytes
// the strings take, the path included.
static size_t fill(char **argv, char **envp, int n, int m, char *count)
{
	size_t bytes = 2 * (strlen(self) + 1) + strlen("check") + 1;

	argv[0] = self, argv[1] = "check", argv[2] = count;
	for (int i = 0; i < n; i++)
		argv[3 + i] = big_string('a' + (3 + i) % 26, BIG);
	argv[3 + n] = NULL;
	for (int i = 0; i < m; i++)
		envp[i] = big_string('A' + i % 26, BIG);
	envp[m] = NULL;
	snprintf(count, 16, "%d", n + m);
	return bytes + strlen(count) + 1 + (size_t)(n + m) * BIG;
}

static void unfill(char **argv, char **envp)
{
	for (int i = 3; argv[i]; i++)
		free(argv[i]);
	for (int i = 0; envp[i]; i++)
		free(envp[i]);
}

// Big strings as many as fit (with 8-byte pointers and 64 bytes to spare), and then
// one that tops them up to the limit plus one byte.
static void near_the_limit(void)
{
	int n = 0, slots = 1000;
	char **argv = calloc(slots, sizeof(char *)), **envp = calloc(slots, sizeof(char *));
	char count[16];
	size_t used;

	while (fill(argv, envp, n + 1, 0, count) + (n + 4) * 8 + 64 <= limit) {
		unfill(argv, envp);
		n++;
	}
	unfill(argv, envp);
	used = fill(argv, envp, n / 2, n - n / 2, count);
	run("as many 100000-byte strings as fit, in argv and envp", argv, envp);
	// One more string makes strings alone exceed the limit.
	size_t rest = limit + 1 - used;
	argv[3 + n / 2] = big_string('z', rest < MAX_ARG_STRLEN ? rest : MAX_ARG_STRLEN);
	argv[4 + n / 2] = NULL;
	if (rest > MAX_ARG_STRLEN)
		printf("(the test's arithmetic is off: %zu bytes left)\n", rest);
	run("one byte over the limit", argv, envp);
	free(argv[3 + n / 2]);
	argv[3 + n / 2] = NULL;
	unfill(argv, envp);
	free(argv);
	free(envp);
}

static void many_small(void)
{
	int n = 5000, pointers = limit / 4 + 16;
	char **argv = calloc(pointers + 4, sizeof(char *)), *none[] = { NULL };

	argv[0] = self, argv[1] = "check", argv[2] = "0";
	for (int i = 3; i < n + 3; i++)
		argv[i] = "0123456789";
	argv[n + 3] = NULL;
	run("5000 small arguments", argv, none);
	// Empty strings take a byte each, their pointers 4: the pointers alone are too many.
	for (int i = 3; i < pointers + 3; i++)
		argv[i] = "";
	argv[pointers + 3] = NULL;
	run("more pointers than the limit has room for", argv, none);
	free(argv);
}

static void one_string(void)
{
	char *s = big_string('x', MAX_ARG_STRLEN), *none[] = { NULL };
	char *argv[] = { self, "check", "0", s, NULL };

	run("a string of 131071 bytes and its NUL", argv, none);
	free(s);
	s = big_string('x', MAX_ARG_STRLEN + 1);
	argv[3] = s;
	run("a string of 131072 bytes and its NUL", argv, none);
	char *envp[] = { s, NULL };
	argv[3] = NULL;
	run("the same in envp", argv, envp);
	free(s);
}

// A string that runs into an unmapped page before its NUL.
static void unterminated(void)
{
	size_t len = 40 * 4096;
	char *m = mmap(NULL, len + 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *none[] = { NULL };

	munmap(m + len, 4096);
	memset(m, 'u', len);
	char *argv[] = { self, "check", "0", m + len - 100, NULL };
	run("100 bytes, then an unmapped page", argv, none);
	argv[3] = m;
	run("160 KiB, then an unmapped page", argv, none);
	munmap(m, len);
}

static void order(void)
{
	char *huge = big_string('h', MAX_ARG_STRLEN + 1), *none[] = { NULL };
	char *bad = (char *)16;

	run("argv[3] bad, argv[4] too long", (char *[]){ self, "check", "0", bad, huge, NULL }, none);
	run("argv[3] too long, argv[4] bad", (char *[]){ self, "check", "0", huge, bad, NULL }, none);
	run("envp bad, argv too long", (char *[]){ self, "check", "0", huge, NULL },
	    (char *[]){ bad, NULL });
	run("argv array unreadable", (char **)16, none);
	run("envp array unreadable", (char *[]){ self, "check", "0", NULL }, (char **)16);
	run_path("a missing file, argv unreadable", "proc_exec_args.missing", (char **)16, none);
	free(huge);
}

int main(int argc, char **argv, char **envp)
{
	struct rlimit r;

	self = argv[0];
	if (argc > 2 && strcmp(argv[1], "check") == 0)
		return check(argc, argv, envp);
	setvbuf(stdout, NULL, _IOLBF, 0);
	getrlimit(RLIMIT_STACK, &r);
	limit = r.rlim_cur == RLIM_INFINITY || r.rlim_cur / 4 > (6 << 20) ? 6 << 20 : r.rlim_cur / 4;
	if (limit < MAX_ARG_STRLEN)
		limit = MAX_ARG_STRLEN;
	many_small();
	one_string();
	near_the_limit();
	unterminated();
	order();
	// A smaller stack rlimit, a smaller limit, if the kernel lets the rlimit change.
	r.rlim_cur = 1 << 20;
	setrlimit(RLIMIT_STACK, &r);
	getrlimit(RLIMIT_STACK, &r);
	limit = r.rlim_cur / 4 < MAX_ARG_STRLEN ? MAX_ARG_STRLEN : r.rlim_cur / 4;
	printf("with the stack rlimit lowered:\n");
	near_the_limit();
	return 0;
}
