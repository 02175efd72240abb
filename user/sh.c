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
 * Built in: cd [DIR], exit [N], wait, jobs, fg [%N], bg [%N].  Other
 * commands are looked up in the directories of $PATH (default /bin:/tests)
 * unless they contain a "/".
 *
 * Job control, when the shell is interactive and standard input is its
 * controlling terminal: each pipeline is a job, a process group of its own
 * ("[1] 42" for one started with "&").  The foreground job has the terminal
 * (tcsetpgrp), so Ctrl-C (SIGINT), Ctrl-\ (SIGQUIT) and Ctrl-Z (SIGTSTP)
 * reach it and not the shell; a background job that reads the terminal is
 * stopped by SIGTTIN.  "jobs" lists the jobs, "fg" continues one in the
 * foreground, "bg" in the background, "wait" waits for those running.  A
 * shell that leads its session but has no controlling terminal (a shell
 * /bin/init starts in a new session) takes standard input's terminal as it,
 * as busybox's init and cttyhack do: TIOCSCTTY, and if that is /dev/console,
 * which job control leaves alone, /dev/tty instead.  An interactive shell
 * that is init (init=/bin/sh) runs itself in a child, in a session of its
 * own, and only reaps: Linux counts a group whose members' parent is init as
 * orphaned, where ^Z stops nothing.
 *
 * Without job control (a script, sh -c, no terminal) every process stays
 * in the shell's process group, and as in the classic Bourne shell
 * background commands ignore SIGINT and read /dev/null instead of the
 * terminal.  An interactive shell ignores SIGINT and SIGQUIT either way.
 * The shell's own messages (prompt, jobs, errors) go to standard error.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXLINE 1024		/* longest command line */
#define MAXARGS 64		/* words per command */
#define MAXCMDS 16		/* commands per pipeline */
#define MAXJOBS 32		/* jobs we remember */
#define JOBTEXT 64		/* of a job's command line, for "jobs" */
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

/*
 * A pipeline that was started and has not been reported done: its process
 * group (with job control: else the shell's), its processes, and whether
 * it is stopped.
 */
struct job {
	int id;			/* %N; 0: a free slot */
	pid_t pgid;
	pid_t pids[MAXCMDS];
	int npids, running;	/* processes started, not yet exited */
	int stopped;		/* running ones are all stopped */
	int st;			/* the wait status of the last command */
	char text[JOBTEXT];
};

static int status;		/* $? */
static int interactive;		/* reading commands from a terminal */
static int job_control;		/* the jobs get process groups and the terminal */
static pid_t shell_pgid;
static struct job jobs[MAXJOBS];
static int current_job;		/* the id "fg" and "bg" take by default */

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

/*
 * ---- Jobs ----
 */
/* A job numbered one above the highest in use, as bash numbers them. */
static struct job *new_job(const char *text)
{
	struct job *free = NULL;
	int id = 1;

	for (int i = 0; i < MAXJOBS; i++) {
		if (jobs[i].id >= id)
			id = jobs[i].id + 1;
		if (!jobs[i].id && !free)
			free = &jobs[i];
	}
	if (free) {
		memset(free, 0, sizeof *free);
		free->id = id;
		snprintf(free->text, sizeof free->text, "%s", text);
	}
	return free;
}

static struct job *find_job(int id)
{
	for (int i = 0; i < MAXJOBS; i++)
		if (jobs[i].id && jobs[i].id == id)
			return &jobs[i];
	return NULL;
}

static struct job *job_of_pid(pid_t pid)
{
	for (int i = 0; i < MAXJOBS; i++)
		for (int k = 0; jobs[i].id && k < jobs[i].npids; k++)
			if (jobs[i].pids[k] == pid)
				return &jobs[i];
	return NULL;
}

static void free_job(struct job *j)
{
	if (j->id == current_job)
		current_job = 0;
	j->id = 0;
	if (current_job)
		return;
	for (int i = 0; i < MAXJOBS; i++)	/* the newest left becomes current */
		if (jobs[i].id > current_job)
			current_job = jobs[i].id;
}

/* "Done", "Exit 3", "Stopped", "Terminated"... for "jobs" and reports. */
static const char *job_state(struct job *j)
{
	static char buf[32];

	if (j->running == 0 && WIFSIGNALED(j->st))
		return strsignal(WTERMSIG(j->st));
	if (j->running == 0 && WEXITSTATUS(j->st))
		snprintf(buf, sizeof buf, "Exit %d", WEXITSTATUS(j->st));
	else
		snprintf(buf, sizeof buf, "%s", j->running == 0 ? "Done" :
			 j->stopped ? "Stopped" : "Running");
	return buf;
}

static void print_job(struct job *j)
{
	fprintf(stderr, "[%d]%c %s  %s%s\n", j->id, j->id == current_job ? '+' : ' ',
		job_state(j), j->text, j->running && !j->stopped ? " &" : "");
}

/*
 * What waitpid said about pid: exited, stopped or continued.  A job is
 * stopped once all its running processes are; it is done when none runs.
 */
static struct job *job_changed(pid_t pid, int st)
{
	struct job *j = job_of_pid(pid);

	if (j == NULL)
		return NULL;
	if (WIFSTOPPED(st)) {
		j->stopped = 1;
		current_job = j->id;
	} else if (WIFCONTINUED(st)) {
		j->stopped = 0;
	} else {
		j->running--;
		if (pid == j->pids[j->npids - 1])
			j->st = st;
	}
	return j;
}

/* Before a prompt: the background jobs that ended, stopped or went on, without waiting. */
static void reap_jobs(void)
{
	pid_t pid;
	int st;

	while ((pid = waitpid(-1, &st, WNOHANG | WUNTRACED | WCONTINUED)) > 0) {
		struct job *j = job_changed(pid, st);

		if (j && (j->running == 0 || WIFSTOPPED(st))) {
			print_job(j);
			if (j->running == 0)
				free_job(j);
		}
	}
}

/*
 * Waits until the foreground job j has ended or stopped, then takes the
 * terminal back.  A stopped job stays, to be continued by "fg" or "bg".
 */
static void wait_fg(struct job *j)
{
	int st = 0;

	while (j->running > 0 && !j->stopped) {
		pid_t pid = waitpid(job_control ? -j->pgid : -1, &st, WUNTRACED);
		struct job *other;

		if (pid < 0)
			break;
		other = job_changed(pid, st);
		if (other && other != j && other->running == 0) {
			print_job(other);	/* a background job, without job control */
			free_job(other);
		}
	}
	if (job_control)
		tcsetpgrp(0, shell_pgid);
	if (j->stopped) {
		fputc('\n', stderr);
		print_job(j);
		status = 128 + WSTOPSIG(st);
		return;
	}
	status = exit_code(j->st);
	free_job(j);
}

/*
 * ---- Built-in commands ----
 * These change the shell itself, so they run in the shell process (unless
 * they are part of a pipeline or run with "&"); their redirections are
 * ignored then.
 */
static int is_builtin(const char *name)
{
	static const char *names[] = { "cd", "exit", "wait", "jobs", "fg", "bg" };

	for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i]) == 0)
			return 1;
	return 0;
}

/* The "wait" built-in: wait until every running job has ended (or stopped). */
static int wait_all(void)
{
	pid_t pid;
	int st;

	for (;;) {
		int running = 0;

		for (int i = 0; i < MAXJOBS; i++)
			running |= jobs[i].id && jobs[i].running && !jobs[i].stopped;
		if (!running || (pid = waitpid(-1, &st, WUNTRACED)) < 0)
			return 0;
		struct job *j = job_changed(pid, st);

		if (j && j->running == 0) {
			print_job(j);
			free_job(j);
		}
	}
}

/* "fg" and "bg": the job named %N (or N), else the current one. */
static struct job *job_arg(struct cmd *c)
{
	const char *a = c->argc > 1 ? c->argv[1] : NULL;
	struct job *j = find_job(a ? atoi(a + (a[0] == '%')) : current_job);

	if (j == NULL)
		fprintf(stderr, "sh: %s: %s: no such job\n", c->argv[0],
			a ? a : "current");
	else if (!job_control)
		fprintf(stderr, "sh: %s: no job control\n", c->argv[0]);
	return j && job_control ? j : NULL;
}

/*
 * fg gives the job the terminal and, if it is stopped, continues it
 * (SIGCONT to its group), then waits for it; bg only continues it.
 */
static int fg_bg(struct cmd *c)
{
	int fg = c->argv[0][0] == 'f';
	struct job *j = job_arg(c);

	if (j == NULL)
		return 1;
	current_job = j->id;
	if (fg) {
		fprintf(stderr, "%s\n", j->text);
		tcsetpgrp(0, j->pgid);
	} else {
		fprintf(stderr, "[%d]+ %s &\n", j->id, j->text);
	}
	if (j->stopped) {
		j->stopped = 0;
		kill(-j->pgid, SIGCONT);
	}
	if (fg)
		wait_fg(j);
	return fg ? status : 0;
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
	if (strcmp(c->argv[0], "jobs") == 0) {
		reap_jobs();
		for (int i = 0; i < MAXJOBS; i++)
			if (jobs[i].id)
				print_job(&jobs[i]);
		return 0;
	}
	if (strcmp(c->argv[0], "wait") == 0)
		return wait_all();
	return fg_bg(c);
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
 * In the child, before kill runs: its job specs, as bash's kill builtin
 * takes them.  %N becomes the job's process group (-PGID), or without job
 * control its first process; /bin/kill takes a leading negative number for
 * a signal, so a command with none gets -TERM first.  An unknown job stays
 * as it is, for kill to refuse.
 */
static void kill_jobspecs(struct cmd *c)
{
	static char words[MAXARGS][16];

	for (int i = 1; i < c->argc; i++) {
		struct job *j = c->argv[i][0] == '%' ? find_job(atoi(c->argv[i] + 1)) : NULL;

		if (j == NULL)
			continue;
		snprintf(words[i], sizeof words[i], "%d", job_control ? -j->pgid : j->pids[0]);
		c->argv[i] = words[i];
	}
	if (c->argv[1] != words[1] || words[1][0] != '-' || c->argc == MAXARGS)
		return;
	memmove(&c->argv[2], &c->argv[1], c->argc * sizeof(c->argv[0]));
	c->argv[1] = "-TERM";
	c->argc++;
}

/*
 * In the child: connect standard input to in (the previous pipe, or -1)
 * and standard output to out (the next pipe, or -1), apply the
 * redirections and run the command.
 */
static void child(struct cmd *c, int in, int out, int unused_end, int bg)
{
	if (job_control) {
		/* undo the shell's SIG_IGN: the job's own group gets these */
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		signal(SIGTSTP, SIG_DFL);
		signal(SIGTTIN, SIG_DFL);
		signal(SIGTTOU, SIG_DFL);
	} else if (bg) {
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
	if (strcmp(c->argv[0], "kill") == 0)
		kill_jobspecs(c);
	exec_command(c->argv);
}

/*
 * The job's first process leads its group; parent and child both put each
 * process in it, so that it is there whichever runs first (and a
 * foreground job has the terminal before its command starts).
 */
static void join_job(struct job *j, pid_t pid, int bg)
{
	if (!job_control)
		return;
	if (j->pgid == 0)
		j->pgid = pid;
	setpgid(pid, j->pgid);
	if (!bg)
		tcsetpgrp(0, j->pgid);
}

static void run_pipeline(struct cmd *cmds, int n, int bg, const char *text)
{
	int in = -1;		/* read end of the pipe from the previous command */
	struct job *j;

	if (n == 1 && !bg && is_builtin(cmds[0].argv[0])) {
		status = builtin(&cmds[0]);
		return;
	}
	if ((j = new_job(text)) == NULL) {
		fprintf(stderr, "sh: too many jobs\n");
		status = 1;
		return;
	}
	for (int i = 0; i < n; i++) {
		int p[2] = { -1, -1 };
		pid_t pid;

		if (i < n - 1 && pipe(p) < 0) {
			perror("sh: pipe");
			break;
		}
		pid = fork();
		if (pid == 0) {
			join_job(j, getpid(), bg);
			child(&cmds[i], in, p[1], p[0], bg);
		}
		/* The parent keeps only the read end, for the next command. */
		if (in >= 0)
			close(in);
		if (p[1] >= 0)
			close(p[1]);
		in = p[0];
		if (pid < 0) {
			perror("sh: fork");
			break;
		}
		join_job(j, pid, bg);
		j->pids[j->npids++] = pid;
		j->running++;
	}
	if (in >= 0)
		close(in);
	if (j->npids == 0) {
		free_job(j);
		status = 1;
		return;
	}
	if (!bg) {
		wait_fg(j);	/* $? is the status of the last command */
		return;
	}
	current_job = j->id;
	fprintf(stderr, "[%d] %d\n", j->id, j->pids[j->npids - 1]);
	status = 0;
}

/* The text of the pipeline just parsed, from start to the cursor, without its ";" or "&". */
static void pipeline_text(const char *start, char *text)
{
	int len = cursor - start;

	while (len > 0 && strchr(" \t;&", start[len - 1]))
		len--;
	while (len > 0 && (*start == ' ' || *start == '\t'))
		start++, len--;
	snprintf(text, JOBTEXT, "%.*s", len, start);
}

static void run_line(char *line)
{
	struct cmd cmds[MAXCMDS];
	char text[JOBTEXT];
	int term, n;

	cursor = line;
	do {
		char *start = cursor;

		n = parse_pipeline(cmds, &term);
		if (n < 0) {
			status = 2;
			return;
		}
		pipeline_text(start, text);
		if (n > 0)
			run_pipeline(cmds, n, term == T_AMP, text);
	} while (term != T_END);
}

/*
 * init (pid 1) forks the interactive shell into a session of its own, as
 * /bin/init does, then reaps whatever exits (orphans come to init) until
 * that shell does, and exits as it did: the kernel powers off.  Were the
 * shell init, every job would be init's child, and Linux's job control
 * takes such a group for orphaned: ^Z, SIGTTIN and SIGTTOU would do nothing.
 */
static void init_forks_shell(void)
{
	pid_t shell = fork(), pid;
	int st;

	if (shell == 0) {
		setsid();
		return;
	}
	if (shell < 0)
		return;		/* go on as init, without job control */
	for (;;) {
		pid = wait(&st);
		if (pid == shell)
			exit(WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
		if (pid < 0 && errno != EINTR)
			exit(127);
	}
}

/*
 * An interactive shell takes charge of its terminal.  A session leader
 * without a controlling terminal takes standard input's (TIOCSCTTY), and
 * if that is /dev/console, opens it again as /dev/tty: /dev/console's
 * reads and writes are never stopped, so job control needs the other.
 * Then, once the shell's group is in the foreground (started in the
 * background, it stops itself until it is), it leads a group of its own,
 * gives that the terminal, and ignores the job-control signals.
 */
static void init_job_control(void)
{
	struct stat st;
	pid_t fg;

	if (getsid(0) == getpid() && tcgetpgrp(0) < 0 &&
	    ioctl(0, TIOCSCTTY, 0) == 0 && fstat(0, &st) == 0 &&
	    S_ISCHR(st.st_mode) && st.st_rdev == makedev(5, 1)) {
		int fd = open("/dev/tty", O_RDWR);

		for (int i = 0; fd >= 0 && i < 3; i++)
			dup2(fd, i);
		if (fd > 2)
			close(fd);
	}
	while ((fg = tcgetpgrp(0)) != getpgrp()) {
		if (fg < 0)
			return;		/* no controlling terminal: no job control */
		kill(0, SIGTTIN);
	}
	signal(SIGTSTP, SIG_IGN);
	signal(SIGTTIN, SIG_IGN);
	signal(SIGTTOU, SIG_IGN);
	setpgid(0, 0);			/* a session leader already leads its group */
	shell_pgid = getpgrp();
	tcsetpgrp(0, shell_pgid);
	job_control = 1;
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
		if (getpid() == 1)
			init_forks_shell();
		init_job_control();
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
