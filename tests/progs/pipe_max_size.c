// pipe_max_size: /proc/sys/fs/pipe-max-size and root's pipes.  A size written is rounded
// as F_SETPIPE_SZ rounds one (Linux's proc_dopipe_max_size: a page at least, a power of
// two, EINVAL past 2 GiB or negative); a user who is not root may not write it, nor grow a
// pipe past it, and gets new pipes no larger (Linux's alloc_pipe_info), though keeping or
// shrinking a larger pipe's size is allowed; root grows
// pipes past it up to shmos's own limit, a ring of one page (2 MiB: ENOMEM past it), and a
// pipe of that size holds 2 MiB and gives its memory back.
// host: no (the host's root lacks CAP_SYS_RESOURCE, and its pipe-max-size is the machine's:
// the .out is written by hand, its sysctl lines checked against Linux 6.18)
#define _GNU_SOURCE
#include <sys/ioctl.h>
#include <sys/wait.h>

#include "check.h"
#include "freeram.h"

#define MAX "/proc/sys/fs/pipe-max-size"

static char buf[1 << 20];

static void set_max(const char *v)
{
	char now[32];

	printf("write %s: %s", v, write_string(MAX, v));
	slurp_file(MAX, now, sizeof(now));
	printf(", now %s", now);
}

/* A pipe of 2 MiB, filled, then closed. */
static void big_pipe(int show)
{
	int p[2];
	long total = 0, r;

	pipe2(p, O_NONBLOCK);
	r = fcntl(p[1], F_SETPIPE_SZ, 2 << 20);
	while ((r = write(p[1], buf, sizeof(buf))) > 0)
		total += r;
	if (show)
		printf("a 2 MiB pipe holds %ld\n", total);
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	static const char *values[] = { "5000", "0", "1048577", "2147483648", "2147483649", "-1",
					"abc", "8192" };
	unsigned long long before;
	int p[2], status;
	char now[32];

	setvbuf(stdout, NULL, _IONBF, 0);
	slurp_file(MAX, now, sizeof(now));
	printf("pipe-max-size: %s", now);
	pipe(p);
	TRY("root: F_SETPIPE_SZ(2097152)", fcntl(p[1], F_SETPIPE_SZ, 2 << 20));
	TRY("root: F_SETPIPE_SZ(2097153)", fcntl(p[1], F_SETPIPE_SZ, (2 << 20) + 1));
	TRY("root: F_SETPIPE_SZ(2147483648)", fcntl(p[1], F_SETPIPE_SZ, 0x80000000L));
	TRY("  F_GETPIPE_SZ", fcntl(p[1], F_GETPIPE_SZ));
	big_pipe(1);
	before = freeram();
	big_pipe(0);
	freeram_back(before);

	for (int i = 0; i < (int)(sizeof(values) / sizeof(values[0])); i++)
		set_max(values[i]);
	close(p[0]);
	close(p[1]);
	if (fork() == 0) {
		setgid(65534);
		setuid(65534);
		printf("nobody: write 1048576: %s\n", write_string(MAX, "1048576"));
		/* 8192 bytes: a new pipe is no larger than pipe-max-size but root's
		   (Linux's alloc_pipe_info since 4.16), so nothing past it grows */
		pipe(p);
		TRY("nobody: a new pipe's size", fcntl(p[1], F_GETPIPE_SZ));
		TRY("nobody: F_SETPIPE_SZ(131072)", fcntl(p[1], F_SETPIPE_SZ, 131072));
		TRY("nobody: F_SETPIPE_SZ(65536), the default", fcntl(p[1], F_SETPIPE_SZ, 65536));
		TRY("nobody: F_SETPIPE_SZ(32768), still past it", fcntl(p[1], F_SETPIPE_SZ, 32768));
		TRY("nobody: F_SETPIPE_SZ(65536) again", fcntl(p[1], F_SETPIPE_SZ, 65536));
		TRY("nobody: F_SETPIPE_SZ(8192)", fcntl(p[1], F_SETPIPE_SZ, 8192));
		TRY("nobody: F_SETPIPE_SZ(16384)", fcntl(p[1], F_SETPIPE_SZ, 16384));
		_exit(0);
	}
	wait(&status);
	set_max("1048576");
	return 0;
}
