#include "kernel/cmdline.h"
#include "kernel/string.h"

#define MAX_WORDS	32

static char line_buf[512];
static char *words[MAX_WORDS];
static int nwords;
char *init_argv[MAX_WORDS + 1];
int trace_shm;

/* Splits the line into words; init=PATH ends the kernel's part. */
void cmdline_parse(const char *line)
{
	char *p = line_buf;
	int nargs = 0;

	strlcpy(line_buf, line ? line : "", sizeof(line_buf));
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
	const char *trace = cmdline_get("trace");
	trace_shm = trace && !strcmp(trace, "shm");
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
