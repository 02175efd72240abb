/*
 * sh: a small shell.
 *
 *   sh                 read commands from standard input (prompt on a tty)
 *   sh FILE            run the commands in a script file
 *   sh -c 'LINE'       run one command line
 *
 * A line is a list of pipelines separated by ";" (run one after another) or
 * "&" (run in the background, print "[pid]").  A pipeline is commands joined
 * by "|"; each command is words with optional "< file", "> file" and
 * ">> file".  Words may be quoted with '...' (taken literally) or "..."
 * (where $?, $$ and \" \\ \$ still work); a backslash outside quotes takes
 * the next character literally.  $? is the exit status of the last
 * foreground pipeline, $$ the shell's pid; "#" at the start of a word begins
 * a comment.  There are no other variables, and no "&&" or "||".
 *
 * Built in: cd [DIR], exit [N], wait.  Other commands are looked up in the
 * directories of $PATH (default /bin:/tests) unless they contain a "/".
 *
 * There is no job control: every process stays in the shell's process
 * group.  An interactive shell ignores SIGINT, so Ctrl-C only stops the
 * foreground command; as in the classic Bourne shell, background commands
 * ignore SIGINT too and read /dev/null instead of the terminal.
 * The shell's own messages (prompt, "[pid]", errors) go to standard error.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXLINE 1024		/* longest command line */
#define MAXARGS 64		/* words per command */
#define MAXCMDS 16		/* commands per pipeline */
#define MAXJOBS 32		/* background jobs we remember */
#define DEFAULT_PATH "/bin:/tests"

enum { T_WORD, T_PIPE, T_AMP, T_SEMI, T_IN, T_OUT, T_APPEND, T_END };

struct token {
	int type;
	char *word;		/* for T_WORD: the word with quotes removed */
};

struct cmd {
	char *argv[MAXARGS + 1];	/* NULL-terminated, for execv */
	int argc;
	char *in, *out;		/* redirections, or NULL */
	int append;		/* ">>" rather than ">" */
};

static int status;		/* $? */
static int interactive;		/* reading commands from a terminal */
static pid_t jobs[MAXJOBS];	/* background pids not yet reported done */

/*
 * ---- Reading lines ----
 * From the -c string, from a script file, or from standard input.
 */
static const char *cmd_string;	/* sh -c */
static FILE *script;		/* sh FILE */

static int next_char(void)
{
	char c;

	if (cmd_string)
		return *cmd_string ? (unsigned char)*cmd_string++ : EOF;
	if (script)
		return getc(script);
	/*
	 * Standard input is read one byte at a time: a buffered read could
	 * swallow input that belongs to the commands we start, which share
	 * our standard input.
	 */
	return read(0, &c, 1) == 1 ? (unsigned char)c : EOF;
}

/* Read a line without its newline; 0 at the end of the input. */
static int read_line(char *buf, int size)
{
	int n = 0, c, too_long = 0;

	while ((c = next_char()) != EOF && c != '\n') {
		if (n < size - 1)
			buf[n++] = c;
		else
			too_long = 1;
	}
	buf[n] = '\0';
	if (too_long) {
		fprintf(stderr, "sh: line too long\n");
		buf[0] = '\0';
	}
	return c != EOF || n > 0;
}

/*
 * ---- Splitting a line into tokens ----
 * Tokens are read one at a time from *cursor, while the line is being
 * parsed, so "$?" in "false; echo $?" is expanded only after "false" ran.
 * Words are copied, without their quotes, into wordbuf, which is big enough
 * for the worst case: a line full of "$$", each growing from 2 characters
 * to at most 10 digits.
 */
static char *cursor;		/* the rest of the line */
static char wordbuf[5 * MAXLINE];
static char *wordend;		/* the free part of wordbuf */

/* At p is "$?" or "$$": append its value to the word, return 1; else 0. */
static int expand(const char *p)
{
	if (p[0] != '$' || (p[1] != '?' && p[1] != '$'))
		return 0;
	wordend += sprintf(wordend, "%d", p[1] == '?' ? status : getpid());
	return 1;
}

/* Read one word starting at *pp; returns it and advances *pp past it. */
static char *lex_word(char **pp)
{
	char *p = *pp, *word = wordend;

	while (*p && !strchr(" \t\n;&|<>", *p)) {
		if (*p == '\'') {			/* '...': all literal */
			for (p++; *p && *p != '\''; p++)
				*wordend++ = *p;
			if (*p++ != '\'')
				return NULL;
		} else if (*p == '"') {			/* "...": $? and \ work */
			for (p++; *p && *p != '"'; p++) {
				if (expand(p))
					p++;
				else if (p[0] == '\\' && strchr("\"\\$", p[1]))
					*wordend++ = *++p;
				else
					*wordend++ = *p;
			}
			if (*p++ != '"')
				return NULL;
		} else if (p[0] == '\\' && p[1]) {	/* \x: x, literally */
			*wordend++ = p[1];
			p += 2;
		} else if (expand(p)) {
			p += 2;
		} else {
			*wordend++ = *p++;
		}
	}
	*wordend++ = '\0';
	*pp = p;
	return word;
}

/* Read the next token from cursor into *t; -1 on an error. */
static int next_token(struct token *t)
{
	char *p = cursor;

	while (*p == ' ' || *p == '\t')
		p++;
	t->word = NULL;
	if ((p[0] == '&' && p[1] == '&') || (p[0] == '|' && p[1] == '|')) {
		fprintf(stderr, "sh: %.2s is not supported\n", p);
		return -1;
	}
	switch (*p) {
	case '\0': case '\n': case '#':
		t->type = T_END;
		return 0;		/* stay at the end */
	case '|': t->type = T_PIPE; p++; break;
	case '&': t->type = T_AMP; p++; break;
	case ';': t->type = T_SEMI; p++; break;
	case '<': t->type = T_IN; p++; break;
	case '>':
		t->type = p[1] == '>' ? T_APPEND : T_OUT;
		p += t->type == T_APPEND ? 2 : 1;
		break;
	default:
		t->type = T_WORD;
		t->word = lex_word(&p);
		if (t->word == NULL) {
			fprintf(stderr, "sh: unterminated quote\n");
			return -1;
		}
	}
	cursor = p;
	return 0;
}

/*
 * ---- Parsing a pipeline ----
 * Fills cmds[] from the next tokens, up to a ";", "&" or the end of the
 * line; *term is set to that token's type.  Returns the number of commands
 * (0 for an empty pipeline), or -1 after an error.
 */
static int parse_pipeline(struct cmd *cmds, int *term)
{
	struct cmd *c = cmds;
	struct token k, file;
	int n = 0;

	wordend = wordbuf;	/* the previous pipeline's words are done with */
	memset(c, 0, sizeof *c);
	for (;;) {
		if (next_token(&k) < 0)
			return -1;
		switch (k.type) {
		case T_WORD:
			if (c->argc == MAXARGS) {
				fprintf(stderr, "sh: too many arguments\n");
				return -1;
			}
			c->argv[c->argc++] = k.word;
			break;
		case T_IN:
		case T_OUT:
		case T_APPEND:
			if (next_token(&file) < 0)
				return -1;
			if (file.type != T_WORD)
				goto syntax;
			if (k.type == T_IN) {
				c->in = file.word;
			} else {
				c->out = file.word;
				c->append = k.type == T_APPEND;
			}
			break;
		case T_PIPE:
			if (c->argc == 0)
				goto syntax;
			if (++n == MAXCMDS) {
				fprintf(stderr, "sh: pipeline too long\n");
				return -1;
			}
			c = &cmds[n];
			memset(c, 0, sizeof *c);
			break;
		default:	/* T_SEMI, T_AMP, T_END */
			*term = k.type;
			if (c->argc > 0)
				return n + 1;
			/* Nothing at all before ";" or the end is fine. */
			if (n == 0 && k.type != T_AMP && !c->in && !c->out)
				return 0;
			goto syntax;
		}
	}
syntax:
	fprintf(stderr, "sh: syntax error\n");
	return -1;
}

/*
 * ---- Background jobs ----
 */
static void add_job(pid_t pid)
{
	for (int i = 0; i < MAXJOBS; i++) {
		if (jobs[i] == 0) {
			jobs[i] = pid;
			return;
		}
	}
}

/* A child was reaped: if it is a background job, say so. */
static void job_done(pid_t pid, int st)
{
	for (int i = 0; i < MAXJOBS; i++) {
		if (jobs[i] != pid)
			continue;
		jobs[i] = 0;
		if (WIFSIGNALED(st))
			fprintf(stderr, "[%d] done (signal %d)\n", pid, WTERMSIG(st));
		else if (WEXITSTATUS(st) != 0)
			fprintf(stderr, "[%d] done (exit %d)\n", pid, WEXITSTATUS(st));
		else
			fprintf(stderr, "[%d] done\n", pid);
	}
}

/* Reap every child that has finished, without waiting. */
static void reap_jobs(void)
{
	pid_t pid;
	int st;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
		job_done(pid, st);
}

/*
 * ---- Built-in commands ----
 * These change the shell itself, so they run in the shell process (unless
 * they are part of a pipeline or run with "&"); their redirections are
 * ignored then.
 */
static int is_builtin(const char *name)
{
	return strcmp(name, "cd") == 0 || strcmp(name, "exit") == 0 ||
	       strcmp(name, "wait") == 0;
}

/* The "wait" built-in: wait until every child has finished. */
static int wait_all(void)
{
	pid_t pid;
	int st;

	while ((pid = waitpid(-1, &st, 0)) > 0)
		job_done(pid, st);
	return 0;
}

static int builtin(struct cmd *c)
{
	if (strcmp(c->argv[0], "cd") == 0) {
		const char *dir = c->argc > 1 ? c->argv[1] : getenv("HOME");

		if (dir == NULL)
			dir = "/";
		if (chdir(dir) < 0) {
			fprintf(stderr, "sh: cd: %s: %s\n", dir, strerror(errno));
			return 1;
		}
		return 0;
	}
	if (strcmp(c->argv[0], "exit") == 0)
		exit(c->argc > 1 ? atoi(c->argv[1]) : status);
	return wait_all();
}

/*
 * ---- Running commands ----
 */

/* Open path as file descriptor target (0 or 1); -1 on failure. */
static int reopen(const char *path, int flags, int target)
{
	int fd = open(path, flags, 0666);

	if (fd < 0) {
		fprintf(stderr, "sh: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (fd != target) {
		dup2(fd, target);
		close(fd);
	}
	return 0;
}

static int redirect(struct cmd *c)
{
	if (c->in && reopen(c->in, O_RDONLY, 0) < 0)
		return -1;
	if (c->out && reopen(c->out, O_WRONLY | O_CREAT |
			     (c->append ? O_APPEND : O_TRUNC), 1) < 0)
		return -1;
	return 0;
}

/*
 * execv, but a file the kernel cannot run (ENOEXEC: no ELF header, no
 * "#!") is taken to be a shell script, as the Bourne shell did.
 */
static void try_exec(const char *path, char **argv)
{
	char *args[MAXARGS + 2];
	int i;

	execv(path, argv);
	if (errno != ENOEXEC)
		return;
	args[0] = "sh";
	args[1] = (char *)path;
	for (i = 1; argv[i]; i++)
		args[i + 1] = argv[i];
	args[i + 1] = NULL;
	execv("/bin/sh", args);
	errno = ENOEXEC;
}

/* In the child: run argv[0], searching $PATH; never returns. */
static void exec_command(char **argv)
{
	const char *path = getenv("PATH");
	char full[512];
	int err = ENOENT;	/* the most telling error seen on the way */

	if (strchr(argv[0], '/')) {
		try_exec(argv[0], argv);
		fprintf(stderr, "sh: %s: %s\n", argv[0], strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	if (path == NULL)
		path = DEFAULT_PATH;
	while (*path) {
		size_t len = strcspn(path, ":");

		snprintf(full, sizeof full, "%.*s/%s", (int)len, path, argv[0]);
		try_exec(full, argv);
		/* e.g. EACCES: remember it, but a later directory may work */
		if (errno != ENOENT && errno != ENOTDIR)
			err = errno;
		path += len;
		if (*path == ':')
			path++;
	}
	if (err == ENOENT) {
		fprintf(stderr, "sh: %s: not found\n", argv[0]);
		_exit(127);
	}
	fprintf(stderr, "sh: %s: %s\n", argv[0], strerror(err));
	_exit(126);
}

/*
 * In the child: connect standard input to in (the previous pipe, or -1)
 * and standard output to out (the next pipe, or -1), apply the
 * redirections and run the command.
 */
static void child(struct cmd *c, int in, int out, int unused_end, int bg)
{
	if (bg) {
		signal(SIGINT, SIG_IGN);
		signal(SIGQUIT, SIG_IGN);
		if (in < 0 && reopen("/dev/null", O_RDONLY, 0) < 0)
			_exit(1);
	} else if (interactive) {
		signal(SIGINT, SIG_DFL);	/* undo the shell's SIG_IGN */
		signal(SIGQUIT, SIG_DFL);
	}
	if (in >= 0) {
		dup2(in, 0);
		close(in);
	}
	if (out >= 0) {
		dup2(out, 1);
		close(out);
	}
	if (unused_end >= 0)
		close(unused_end);	/* the next command's read end */
	if (redirect(c) < 0)
		_exit(1);
	if (is_builtin(c->argv[0]))
		_exit(builtin(c));
	exec_command(c->argv);
}

/* Turn a wait status into a $? value, the way sh does. */
static int exit_code(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WTERMSIG(st) == SIGINT) {
		if (interactive)
			fputc('\n', stderr);	/* the prompt starts a fresh line */
	} else if (WTERMSIG(st) != SIGPIPE) {
		fprintf(stderr, "%s%s\n", strsignal(WTERMSIG(st)),
			WCOREDUMP(st) ? " (core dumped)" : "");
	}
	return 128 + WTERMSIG(st);
}

static void run_pipeline(struct cmd *cmds, int n, int bg)
{
	pid_t pids[MAXCMDS];
	int in = -1;		/* read end of the pipe from the previous command */
	int i, started = 0;

	if (n == 1 && !bg && is_builtin(cmds[0].argv[0])) {
		status = builtin(&cmds[0]);
		return;
	}
	for (i = 0; i < n; i++) {
		int p[2] = { -1, -1 };

		if (i < n - 1 && pipe(p) < 0) {
			perror("sh: pipe");
			break;
		}
		pids[i] = fork();
		if (pids[i] == 0)
			child(&cmds[i], in, p[1], p[0], bg);
		/* The parent keeps only the read end, for the next command. */
		if (in >= 0)
			close(in);
		if (p[1] >= 0)
			close(p[1]);
		in = p[0];
		if (pids[i] < 0) {
			perror("sh: fork");
			break;
		}
		started++;
	}
	if (in >= 0)
		close(in);

	if (bg) {
		if (started == n) {
			fprintf(stderr, "[%d]\n", pids[n - 1]);
			add_job(pids[n - 1]);
		}
		status = 0;
		return;
	}
	/* Wait for each command; $? is the status of the last one. */
	status = 1;
	for (i = 0; i < started; i++) {
		int st;

		if (waitpid(pids[i], &st, 0) == pids[i] && i == n - 1)
			status = exit_code(st);
	}
}

static void run_line(char *line)
{
	struct cmd cmds[MAXCMDS];
	int term, n;

	cursor = line;
	do {
		n = parse_pipeline(cmds, &term);
		if (n < 0) {
			status = 2;
			return;
		}
		if (n > 0)
			run_pipeline(cmds, n, term == T_AMP);
	} while (term != T_END);
}

int main(int argc, char *argv[])
{
	char line[MAXLINE];

	if (argc > 1 && strcmp(argv[1], "-c") == 0) {
		if (argc < 3) {
			fprintf(stderr, "usage: sh [-c LINE | FILE]\n");
			return 2;
		}
		cmd_string = argv[2];
	} else if (argc > 1) {
		/* "e": close-on-exec, so commands do not inherit the script */
		script = fopen(argv[1], "re");
		if (script == NULL) {
			fprintf(stderr, "sh: %s: %s\n", argv[1], strerror(errno));
			return 127;
		}
	} else {
		interactive = isatty(0);
	}
	if (interactive) {
		signal(SIGINT, SIG_IGN);
		signal(SIGQUIT, SIG_IGN);
	}
	for (;;) {
		reap_jobs();
		if (interactive)
			fputs(geteuid() == 0 ? "# " : "$ ", stderr);
		if (!read_line(line, sizeof line))
			break;
		run_line(line);
	}
	return status;
}
