/*
 * What the socket tests (unix_stream, unix_dgram, inet_tcp, inet_udp) share:
 * poll's answer for a socket, an int option's value, and a path's address.
 */
#ifndef TESTS_UNIX_SOCK_H
#define TESTS_UNIX_SOCK_H

#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "check.h"

/* "what: poll IN OUT HUP RDHUP ERR", as many as it has now. */
static inline void show_poll(const char *what, int fd)
{
	struct pollfd p = { fd, POLLIN | POLLOUT | POLLRDHUP, 0 };

	poll(&p, 1, 0);
	printf("%s: poll%s%s%s%s%s\n", what, p.revents & POLLIN ? " IN" : "",
	       p.revents & POLLOUT ? " OUT" : "", p.revents & POLLHUP ? " HUP" : "",
	       p.revents & POLLRDHUP ? " RDHUP" : "", p.revents & POLLERR ? " ERR" : "");
}

/* An int option's value, or -errno. */
static inline int getopt_int(int fd, int level, int name)
{
	int v = -1;
	socklen_t len = sizeof(v);

	if (getsockopt(fd, level, name, &v, &len) < 0)
		return -errno;
	return v;
}

/*
 * The line of /proc/net/tcp or udp (file) whose local port is port: "st ST
 * local ADDR, remote ADDR" with the remote's port left out (the kernel's choice).
 */
static inline void show_proc_net(const char *file, int port)
{
	char line[256], local[16], remote[16];
	unsigned lport, rport, st;
	FILE *f = fopen(file, "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%*d: %8s:%x %8s:%x %x", local, &lport, remote, &rport, &st) == 5 &&
		    (int)lport == port)
			printf("  %s: st %02X local %s, remote %s%s\n", file, st, local, remote,
			       rport ? ":port" : ":0000");
	if (f)
		fclose(f);
}

/* The address of name in dir; its length as Linux keeps it (to the NUL). */
static inline socklen_t sun_at(struct sockaddr_un *a, const char *dir, const char *name)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	strcpy(a->sun_path, path_in(dir, name));
	return offsetof(struct sockaddr_un, sun_path) + strlen(a->sun_path) + 1;
}

#endif
