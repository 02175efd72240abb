/*
 * kill: send a signal to processes.
 *   kill PID...            send SIGTERM
 *   kill -9 PID...         send signal number 9 (SIGKILL)
 *   kill -INT PID...       send a signal by name (with or without "SIG")
 *   kill -l                list the signal names this program knows
 * A negative PID names a process group; -1 means every process we may signal
 * (it must come after a signal, e.g. "kill -KILL -1").
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
	const char *name;
	int num;
} signals[] = {
	{ "HUP", SIGHUP },   { "INT", SIGINT },   { "QUIT", SIGQUIT },
	{ "ILL", SIGILL },   { "ABRT", SIGABRT }, { "FPE", SIGFPE },
	{ "KILL", SIGKILL }, { "SEGV", SIGSEGV }, { "PIPE", SIGPIPE },
	{ "ALRM", SIGALRM }, { "TERM", SIGTERM }, { "USR1", SIGUSR1 },
	{ "USR2", SIGUSR2 }, { "CHLD", SIGCHLD }, { "CONT", SIGCONT },
	{ "STOP", SIGSTOP }, { "TSTP", SIGTSTP },
};
#define NSIGNALS (sizeof signals / sizeof signals[0])

/* Parse a whole decimal number (optionally negative); 0 if it is not one. */
static int number(const char *s, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end != '\0' || errno != 0)
		return 0;
	*out = (int)v;
	return 1;
}

/* "9", "KILL" or "SIGKILL" to a signal number; -1 if unknown. */
static int signal_number(const char *s)
{
	int n;

	if (number(s, &n))
		return n >= 0 && n < NSIG ? n : -1;
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (unsigned i = 0; i < NSIGNALS; i++)
		if (strcasecmp(s, signals[i].name) == 0)
			return signals[i].num;
	return -1;
}

int main(int argc, char *argv[])
{
	int sig = SIGTERM;
	int status = 0;
	int i = 1;

	if (argc == 2 && strcmp(argv[1], "-l") == 0) {
		for (unsigned j = 0; j < NSIGNALS; j++)
			printf("%2d %s\n", signals[j].num, signals[j].name);
		return 0;
	}
	/*
	 * A leading "-X" is always the signal, so "kill -1" alone is a usage
	 * error rather than "signal every process"; say "kill -TERM -1" for that.
	 */
	if (argc > 1 && argv[1][0] == '-') {
		sig = signal_number(argv[1] + 1);
		if (sig < 0) {
			fprintf(stderr, "kill: %s: unknown signal\n", argv[1] + 1);
			return 1;
		}
		i = 2;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: kill [-SIGNAL] PID...\n");
		return 1;
	}
	for (; i < argc; i++) {
		int pid;

		if (!number(argv[i], &pid)) {
			fprintf(stderr, "kill: %s: not a process id\n", argv[i]);
			status = 1;
		} else if (kill(pid, sig) < 0) {
			fprintf(stderr, "kill: %d: %s\n", pid, strerror(errno));
			status = 1;
		}
	}
	return status;
}
