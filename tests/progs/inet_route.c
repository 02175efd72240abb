// inet_route: what a program sees of a machine whose only interface is lo, where the host
// of a test has more: no route beyond 127.0.0.0/8 (ENETUNREACH for TCP's connect and
// UDP's connect and sendto, EADDRNOTAVAIL for bind), no IPv6 (EAFNOSUPPORT), and glibc's
// getaddrinfo with AI_ADDRCONFIG, which asks NETLINK_ROUTE for the addresses and counts
// none of lo's, finding neither IPv4 nor IPv6 configured.
// host: no (the host has routes and addresses beyond lo; NAME.out is Linux 6.18's in a
// network namespace with lo alone, up: unshare -rn sh -c 'ip link set lo up; ./inet_route',
// but for socket(AF_INET6), EAFNOSUPPORT as on a Linux without CONFIG_IPV6)
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
	for (struct addrinfo *i = r ? NULL : res; i; i = i->ai_next)
		printf(" %s", i->ai_family == AF_INET ?
		       inet_ntoa(((struct sockaddr_in *)i->ai_addr)->sin_addr) : "(inet6)");
	printf("\n");
	if (!r)
		freeaddrinfo(res);
}

int main(void)
{
	struct sockaddr_in far = { .sin_family = AF_INET, .sin_port = htons(80),
				   .sin_addr.s_addr = inet_addr("192.0.2.1") };
	int t = socket(AF_INET, SOCK_STREAM, 0), u = socket(AF_INET, SOCK_DGRAM, 0);

	setvbuf(stdout, NULL, _IONBF, 0);
	TRY("TCP connect to 192.0.2.1", connect(t, SA(far), sizeof(far)));
	TRY("UDP sendto 192.0.2.1", sendto(u, "x", 1, 0, SA(far), sizeof(far)));
	TRY("UDP connect to 192.0.2.1", connect(u, SA(far), sizeof(far)));
	TRY("bind 192.0.2.1", bind(t, SA(far), sizeof(far)));
	TRY("socket(AF_INET6)", socket(AF_INET6, SOCK_STREAM, 0));
	show_gai("getaddrinfo 127.0.0.1", "127.0.0.1", AF_UNSPEC, AI_NUMERICHOST);
	show_gai("getaddrinfo 127.0.0.1, AI_ADDRCONFIG", "127.0.0.1", AF_UNSPEC,
		 AI_NUMERICHOST | AI_ADDRCONFIG);
	show_gai("getaddrinfo 127.0.0.1, AF_INET, AI_ADDRCONFIG", "127.0.0.1", AF_INET,
		 AI_NUMERICHOST | AI_ADDRCONFIG);
	show_gai("getaddrinfo NULL, AI_PASSIVE", NULL, AF_INET, AI_PASSIVE);
	return 0;
}
