/*
 * sleep: wait for the given number of seconds (a decimal fraction such as
 * 0.5 is allowed).  Uses nanosleep(2), which glibc turns into the
 * clock_nanosleep system call.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char *argv[])
{
	struct timespec ts;
	char *end;
	double secs;

	if (argc != 2) {
		fprintf(stderr, "usage: sleep SECONDS\n");
		return 1;
	}
	secs = strtod(argv[1], &end);
	if (end == argv[1] || *end != '\0' || secs < 0) {
		fprintf(stderr, "sleep: invalid time '%s'\n", argv[1]);
		return 1;
	}
	ts.tv_sec = (time_t)secs;
	ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);

	/* A signal may cut the sleep short; the remaining time is put back in ts. */
	while (nanosleep(&ts, &ts) < 0) {
		if (errno != EINTR) {
			perror("sleep: nanosleep");
			return 1;
		}
	}
	return 0;
}
