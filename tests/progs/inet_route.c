// inet_route: what a program sees of a machine whose only interface is lo, where the host
// of a test has more: no route beyond 127.0.0.0/8 (ENETUNREACH for TCP's connect and
// UDP's connect and sendto, EADDRNOTAVAIL for bind), none beyond ::1 for IPv6 either, and
// glibc's getaddrinfo with AI_ADDRCONFIG, which asks NETLINK_ROUTE for the addresses and
// counts none of lo's, finding neither IPv4 nor IPv6 configured.
// host: no (the host has routes and addresses beyond lo; NAME.out is Linux 6.18's in a
// network namespace with lo alone, up: unshare -rn sh -c 'ip link set lo up; ./inet_route')
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"

#define SA(a)	((struct sockaddr *)&(a))

static void show_gai(const char *what, const char *host, int family, int flags)
{
	struct addrinfo hints = { .ai_family = family, .ai_socktype = SOCK_STREAM, .ai_flags = flags };
	struct addrinfo *res;
	int r = getaddrinfo(host, "80", &hints, &res);

	printf("%s: %s", what, r ? gai_strerror(r) : "");
	for (struct addrinfo *i = r ? NULL : res; i; i = i->ai_next) {
		char buf[INET6_ADDRSTRLEN];

		printf(" %s", i->ai_family == AF_INET ?
		       inet_ntoa(((struct sockaddr_in *)i->ai_addr)->sin_addr) :
		       inet_ntop(AF_INET6, &((struct sockaddr_in6 *)i->ai_addr)->sin6_addr, buf,
				 sizeof(buf)));
	}
	printf("\n");
	if (!r)
		freeaddrinfo(res);
}

int main(void)
{
	struct sockaddr_in far = { .sin_family = AF_INET, .sin_port = htons(80),
				   .sin_addr.s_addr = inet_addr("192.0.2.1") };
	struct sockaddr_in6 far6 = { .sin6_family = AF_INET6, .sin6_port = htons(80) };
	int t = socket(AF_INET, SOCK_STREAM, 0), u = socket(AF_INET, SOCK_DGRAM, 0);
	int t6 = socket(AF_INET6, SOCK_STREAM, 0), u6 = socket(AF_INET6, SOCK_DGRAM, 0);

	setvbuf(stdout, NULL, _IONBF, 0);
	TRY("TCP connect to 192.0.2.1", connect(t, SA(far), sizeof(far)));
	TRY("UDP sendto 192.0.2.1", sendto(u, "x", 1, 0, SA(far), sizeof(far)));
	TRY("UDP connect to 192.0.2.1", connect(u, SA(far), sizeof(far)));
	TRY("bind 192.0.2.1", bind(t, SA(far), sizeof(far)));
	inet_pton(AF_INET6, "2001:db8::1", &far6.sin6_addr);
	TRY("TCP connect to 2001:db8::1", connect(t6, SA(far6), sizeof(far6)));
	TRY("UDP sendto 2001:db8::1", sendto(u6, "x", 1, 0, SA(far6), sizeof(far6)));
	TRY("UDP connect to 2001:db8::1", connect(u6, SA(far6), sizeof(far6)));
	TRY("bind 2001:db8::1", bind(t6, SA(far6), sizeof(far6)));
	inet_pton(AF_INET6, "::ffff:192.0.2.1", &far6.sin6_addr);
	TRY("TCP connect to ::ffff:192.0.2.1", connect(t6, SA(far6), sizeof(far6)));
	TRY("bind ::ffff:192.0.2.1", bind(u6, SA(far6), sizeof(far6)));
	show_gai("getaddrinfo 127.0.0.1", "127.0.0.1", AF_UNSPEC, AI_NUMERICHOST);
	show_gai("getaddrinfo 127.0.0.1, AI_ADDRCONFIG", "127.0.0.1", AF_UNSPEC,
		 AI_NUMERICHOST | AI_ADDRCONFIG);
	show_gai("getaddrinfo 127.0.0.1, AF_INET, AI_ADDRCONFIG", "127.0.0.1", AF_INET,
		 AI_NUMERICHOST | AI_ADDRCONFIG);
	show_gai("getaddrinfo NULL, AI_PASSIVE", NULL, AF_INET, AI_PASSIVE);
	show_gai("getaddrinfo ::1", "::1", AF_UNSPEC, AI_NUMERICHOST);
	show_gai("getaddrinfo ::1, AI_ADDRCONFIG", "::1", AF_UNSPEC, AI_NUMERICHOST | AI_ADDRCONFIG);
	show_gai("getaddrinfo NULL, AF_INET6, AI_PASSIVE", NULL, AF_INET6, AI_PASSIVE);
	return 0;
}
