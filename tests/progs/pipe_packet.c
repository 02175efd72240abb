// pipe_packet: pipe2's O_DIRECT makes a packet pipe (Linux 3.4's, for autofs): each write
// of at most a page is a packet, and a read takes one packet whole, however little it asks
// for (the rest is thrown away); a longer write is a packet per page. An ordinary pipe
// joins the writes. The write end shows O_DIRECT in F_GETFL, the read end not, as on
// Linux (LTP's pipe2_01).
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

static char buf[8192];

static void reads(int fd, int ask, int times)
{
	for (int i = 0; i < times; i++) {
		long r = read(fd, buf, ask);

		if (r < 0)
			printf("  read %d: -1 %s\n", ask, ename(errno));
		else
			printf("  read %d: %ld \"%.*s\"\n", ask, r, r > 12 ? 12 : (int)r, buf);
	}
}

static void writes(int fd)
{
	write(fd, "abc", 3);
	write(fd, "defgh", 5);
	memset(buf, 'x', sizeof(buf));
	write(fd, buf, 5000);
}

static void run(const char *what, int flags)
{
	int fds[2];

	if (pipe2(fds, flags | O_NONBLOCK) < 0) {
		printf("pipe2 %s: -1 %s\n", what, ename(errno));
		return;
	}
	printf("%s: read end O_DIRECT %s, write end %s\n", what,
	       yes(fcntl(fds[0], F_GETFL) & O_DIRECT), yes(fcntl(fds[1], F_GETFL) & O_DIRECT));
	writes(fds[1]);
	reads(fds[0], 100, 1);
	reads(fds[0], 2, 1);
	reads(fds[0], 8192, 3);
	close(fds[0]);
	close(fds[1]);
}

int main(void)
{
	int fds[2];

	setvbuf(stdout, NULL, _IONBF, 0);
	run("ordinary pipe", 0);
	run("packet pipe", O_DIRECT);
	TRY("pipe2 O_APPEND", pipe2(fds, O_APPEND));
	return 0;
}
