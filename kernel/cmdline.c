#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "kernel/strace.h"
#include "kernel/string.h"

#define MAX_WORDS	32

static char line_buf[512];
char saved_command_line[512];
static char *words[MAX_WORDS];
static int nwords;
char *init_argv[MAX_WORDS + 1];
int trace_shm;
int trace_futex;
int trace_tlb;
int trace_swap;

/*
 * trace=WHAT,WHAT...: shm turns on ipc/shm.c's trace lines, futex
 * kernel/futex.c's, tlb kernel/smp.c's TLB shootdowns, swap the swap's
 * (mm/swap.h: each page out and in), syscall the
 * system call tracer; syscall:FILTER takes the rest of the word as the
 * tracer's filter, so it comes last (trace=shm,syscall:shmat,shmdt).
 */
static void trace_setup(const char *what)
{
	while (*what) {
		const char *end = strchr(what, ',');
		size_t n = end ? (size_t)(end - what) : strlen(what);

		if (!strncmp(what, "syscall:", 8)) {
			strace_setup(what + 8);
			return;
		}
		if (n == 7 && !strncmp(what, "syscall", 7))
			strace_setup(NULL);
		else if (n == 3 && !strncmp(what, "shm", 3))
			trace_shm = 1;
		else if (n == 5 && !strncmp(what, "futex", 5))
			trace_futex = 1;
		else if (n == 3 && !strncmp(what, "tlb", 3))
			trace_tlb = 1;
		else if (n == 4 && !strncmp(what, "swap", 4))
			trace_swap = 1;
		else if (n)
			printk("shmos: unknown trace=%.*s\n", (int)n, what);
		what += end ? n + 1 : n;
	}
}

/* Splits the line into words; init=PATH ends the kernel's part. */
void cmdline_parse(const char *line)
{
	char *p = line_buf;
	int nargs = 0;

	strlcpy(line_buf, line ? line : "", sizeof(line_buf));
	strlcpy(saved_command_line, line_buf, sizeof(saved_command_line));
	while (*p && nwords < MAX_WORDS && nargs < MAX_WORDS) {
		while (*p == ' ')
			*p++ = 0;
		if (!*p)
			break;
		if (nargs) {
			init_argv[nargs++] = p;
		} else if (!strncmp(p, "init=", 5)) {
			init_argv[0] = p + 5;
			nargs = 1;
		} else
			words[nwords++] = p;
		while (*p && *p != ' ')
			p++;
	}
	*p = 0;
	init_argv[nargs] = NULL;
	if (!init_argv[0]) {
		init_argv[0] = "/bin/init";
		init_argv[1] = NULL;
	}
	for (int i = 0; i < nwords; i++)
		if (!strncmp(words[i], "trace=", 6))
			trace_setup(words[i] + 6);
}

static int key_matches(const char *word, const char *key)
{
	size_t n = strlen(key);

	return !strncmp(word, key, n) && (word[n] == 0 || word[n] == '=');
}

const char *cmdline_get(const char *key)
{
	for (int i = 0; i < nwords; i++)
		if (key_matches(words[i], key) && words[i][strlen(key)] == '=')
			return words[i] + strlen(key) + 1;
	return NULL;
}

int cmdline_has(const char *word)
{
	for (int i = 0; i < nwords; i++)
		if (key_matches(words[i], word))
			return 1;
	return 0;
}
