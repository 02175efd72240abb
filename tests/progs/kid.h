/*
 * A kid in a process group of its own, talked to through two pipes: proc_stop and
 * thread_stop stop, continue and kill it and follow what it says.  spawn_kid runs fn in
 * the kid with the kid's ends of the pipes; hear prints one line it said.
 */
#ifndef TESTS_KID_H
#define TESTS_KID_H

#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct kid {
	pid_t pid;
	int to;		// write end: a byte tells it to go on (kids that wait for one)
	int from;	// read end: what it says
};

static inline void say(int fd, const char *what)
{
	write(fd, what, strlen(what));
}

static inline void hear(struct kid *k)
{
	char line[128];
	int n = 0;

	while (n < (int)sizeof(line) - 1 && read(k->from, line + n, 1) == 1 && line[n] != '\n')
		n++;
	line[n] = '\0';
	printf("  kid: %s\n", line);
}

static inline struct kid spawn_kid(void (*fn)(int in, int out))
{
	int to[2], from[2];
	struct kid k;

	pipe(to);
	pipe(from);
	fflush(stdout);
	k.pid = fork();
	if (k.pid == 0) {
		close(to[1]);
		close(from[0]);
		setpgid(0, 0);
		fn(to[0], from[1]);
		_exit(0);
	}
	setpgid(k.pid, k.pid);	// both: whichever runs first
	close(to[0]);
	close(from[1]);
	k.to = to[1];
	k.from = from[0];
	return k;
}

#endif
