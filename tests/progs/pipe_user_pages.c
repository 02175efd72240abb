// pipe_user_pages: /proc/sys/fs/pipe-user-pages-soft and -hard, the buffers (pages) the
// pipes of one user may hold, as Linux counts them (account_pipe_buffers, by real uid).
// Past the soft limit a user's new pipe gets 2 buffers, not 16, and no pipe of theirs may
// grow (EPERM); past the hard limit pipe() fails ENFILE; shrinking is always allowed, and
// a closed pipe gives its count back. Root is never limited, and another user's pipes do
// not count. Only root may write the files.
// host: no (the limits are the whole machine's: the .out is written by hand from Linux
// 6.1's fs/pipe.c, and the defaults, 16384 and 0, checked on Linux 6.18)
#define _GNU_SOURCE
#include <sys/wait.h>

#include "check.h"

#define SOFT "/proc/sys/fs/pipe-user-pages-soft"
#define HARD "/proc/sys/fs/pipe-user-pages-hard"

static void show(const char *what, const char *path)
{
	char now[32];

	slurp_file(path, now, sizeof(now));
	printf("%s: %s", what, now);
}

/* A new pipe's size, or its error; the pipe stays open in p. */
static void new_pipe(const char *who, int *p)
{
	if (pipe(p) < 0)
		printf("%s: pipe: %s\n", who, ename(errno));
	else
		printf("%s: a new pipe: %d\n", who, fcntl(p[0], F_GETPIPE_SZ));
}

int main(void)
{
	int a[2], b[2], c[2], d[2], r[2];
	pid_t pid;

	setvbuf(stdout, NULL, _IONBF, 0);
	show("soft", SOFT);
	show("hard", HARD);
	printf("write soft 40: %s\n", write_string(SOFT, "40"));
	if ((pid = fork()) == 0) {
		setgid(65534);
		setuid(65534);
		printf("nobody: write soft: %s\n", write_string(SOFT, "100"));
		new_pipe("nobody 16", a);		/* 16 counted */
		new_pipe("nobody 32", b);		/* 32 */
		new_pipe("nobody 48, past 40", c);	/* 48 > 40: 2, so 34 */
		TRY("nobody: grow the first to 32 buffers", fcntl(a[0], F_SETPIPE_SZ, 131072));
		TRY("nobody: shrink the first to 1", fcntl(a[0], F_SETPIPE_SZ, 4096));	/* 19 */
		TRY("nobody: grow the first to 16 again", fcntl(a[0], F_SETPIPE_SZ, 65536));	/* 34 */
		TRY("nobody: grow the third to 8", fcntl(c[0], F_SETPIPE_SZ, 32768));	/* 40 */
		new_pipe("nobody at 40", d);		/* 56 > 40: 2, 42 */
		close(b[0]);
		close(b[1]);				/* 26 */
		new_pipe("nobody at 26", b);		/* 42 > 40: 2, 28 */
		close(b[0]);
		close(b[1]);				/* 26 */
		close(d[0]);
		close(d[1]);				/* 24 */
		new_pipe("nobody at 24", b);		/* 40: 16 */
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	new_pipe("root", r);
	printf("write soft 0, hard 20: %s %s\n", write_string(SOFT, "0"), write_string(HARD, "20"));
	if ((pid = fork()) == 0) {
		setuid(65534);
		new_pipe("nobody 16", a);		/* 16 */
		new_pipe("nobody 32, past 20", b);	/* ENFILE */
		TRY("nobody: grow to 32 buffers", fcntl(a[0], F_SETPIPE_SZ, 131072));
		TRY("nobody: 4 buffers", fcntl(a[0], F_SETPIPE_SZ, 16384));	/* 4 */
		new_pipe("nobody at 4", b);		/* 20 */
		new_pipe("nobody at 20", c);		/* ENFILE */
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	if ((pid = fork()) == 0) {
		setuid(65533);				/* another user: none of nobody's */
		new_pipe("user 65533", a);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	new_pipe("root past both", c);
	printf("back: %s %s\n", write_string(SOFT, "16384"), write_string(HARD, "0"));
	show("soft", SOFT);
	show("hard", HARD);
	return 0;
}
