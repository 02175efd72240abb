/*
 * What the AF_INET6 tests (inet6_tcp, inet6_udp) share: addresses made and
 * printed, and a socket bound where the kernel chooses the port.
 */
#ifndef TESTS_INET6_H
#define TESTS_INET6_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#define SA(a)	((struct sockaddr *)&(a))

/* An AF_INET6 address, port in network order. */
static inline struct sockaddr_in6 at6(const char *addr, unsigned short port)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6, .sin6_port = port };

	inet_pton(AF_INET6, addr, &a.sin6_addr);
	return a;
}

static inline struct sockaddr_in at4(const char *addr, unsigned short port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = port,
				 .sin_addr.s_addr = inet_addr(addr) };
	return a;
}

/* "ADDR len N" of a socket address of either family (its port is the kernel's: not shown). */
static inline const char *name_of(const void *sa, socklen_t len)
{
	static char buf[INET6_ADDRSTRLEN + 32];
	const struct sockaddr_in6 *a6 = sa;
	const struct sockaddr_in *a4 = sa;
	char addr[INET6_ADDRSTRLEN] = "?";

	if (a6->sin6_family == AF_INET6)
		inet_ntop(AF_INET6, &a6->sin6_addr, addr, sizeof(addr));
	else if (a4->sin_family == AF_INET)
		inet_ntop(AF_INET, &a4->sin_addr, addr, sizeof(addr));
	snprintf(buf, sizeof(buf), "%s len %d", addr, (int)len);
	return buf;
}

/* "what: ADDR len N" for getsockname (peer 0) or getpeername (1). */
static inline void show_name(const char *what, int fd, int peer)
{
	struct sockaddr_in6 a = { 0 };
	socklen_t len = sizeof(a);
	int r = peer ? getpeername(fd, SA(a), &len) : getsockname(fd, SA(a), &len);

	if (r < 0)
		printf("%s: -1 %s\n", what, ename(errno));
	else
		printf("%s: %s\n", what, name_of(&a, len));
}

/* The port sock fd is bound to, network order. */
static inline unsigned short port_of(int fd)
{
	struct sockaddr_in6 a = { 0 };
	socklen_t len = sizeof(a);

	getsockname(fd, SA(a), &len);
	return a.sin6_port;	/* sin_port too: same place */
}

/* A socket of the family and type bound at addr on a port of the kernel's (-1: failed). */
static inline int bound6(int type, const char *addr)
{
	struct sockaddr_in6 a = at6(addr, 0);
	int fd = socket(AF_INET6, type, 0);

	if (bind(fd, SA(a), sizeof(a)) < 0)
		return -1;
	return fd;
}

#endif
