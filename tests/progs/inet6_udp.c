// inet6_udp: AF_INET6 datagram sockets on the loopback device, as Linux has them: the
// sender's name as the receiver's family gives it (::1; ::ffff:127.0.0.1 for an AF_INET
// sender to a socket bound to ::, or an AF_INET6 one sending to ::ffff:127.0.0.1),
// sendto's checks (short address, port 0, an AF_INET address, IPv4-mapped from a v6only
// socket), connect to ::1 and to AF_UNSPEC, a v6only socket deaf to AF_INET, and
// /proc/net/udp6's line. No port number is printed: they are the kernel's choice.
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "unix_sock.h"
#include "inet6.h"

/* recvfrom, not waiting more than a second: "what: N from ADDR len L" or the error. */
static void show_from(const char *what, int fd)
{
	struct pollfd p = { fd, POLLIN, 0 };
	struct sockaddr_in6 from = { 0 };
	socklen_t len = sizeof(from);
	char buf[64];
	long r;

	poll(&p, 1, 1000);
	errno = 0;
	r = recvfrom(fd, buf, sizeof(buf), MSG_DONTWAIT, SA(from), &len);
	if (r < 0)
		printf("%s: -1 %s\n", what, ename(errno));
	else
		printf("%s: %ld from %s\n", what, r, name_of(&from, len));
}

static void senders(void)
{
	int r = bound6(SOCK_DGRAM, "::"), v6 = socket(AF_INET6, SOCK_DGRAM, 0);
	int v4 = socket(AF_INET, SOCK_DGRAM, 0);
	unsigned short p = port_of(r);
	struct sockaddr_in6 a = at6("::1", p);
	struct sockaddr_in a4 = at4("127.0.0.1", p);

	show_name("receiver", r, 0);
	TRY("AF_INET6 sendto ::1", sendto(v6, "hello", 5, 0, SA(a), sizeof(a)));
	show_from("  received", r);
	show_name("  sender", v6, 0);
	TRY("AF_INET sendto 127.0.0.1", sendto(v4, "hello", 5, 0, SA(a4), sizeof(a4)));
	show_from("  received", r);
	TRY("AF_INET6 sendto AF_INET's 127.0.0.1", sendto(v6, "hi", 2, 0, SA(a4), sizeof(a4)));
	show_from("  received", r);
	a = at6("::ffff:127.0.0.1", p);
	TRY("AF_INET6 sendto ::ffff:127.0.0.1", sendto(v6, "hi", 2, 0, SA(a), sizeof(a)));
	show_from("  received", r);
	a = at6("::", p);
	TRY("AF_INET6 sendto ::", sendto(v6, "hi", 2, 0, SA(a), sizeof(a)));
	show_from("  received", r);
	a = at6("::1", p);
	TRY("sendto, addrlen 23", sendto(v6, "x", 1, 0, SA(a), 23));
	a = at6("::1", 0);
	TRY("sendto port 0", sendto(v6, "x", 1, 0, SA(a), sizeof(a)));
	TRY("send unconnected", send(v6, "x", 1, 0));
	close(r);
	close(v6);
	close(v4);
}

static void connected(void)
{
	int r = bound6(SOCK_DGRAM, "::1"), c = socket(AF_INET6, SOCK_DGRAM, 0);
	int o = socket(AF_INET6, SOCK_DGRAM, 0), one = 1;
	struct sockaddr_in6 a = at6("::1", port_of(r)), u = { .sin6_family = AF_UNSPEC };
	struct sockaddr_in a4 = at4("127.0.0.1", port_of(r));

	TRY("connect to ::1", connect(c, SA(a), sizeof(a)));
	show_name("  name", c, 0);
	show_name("  peer", c, 1);
	TRY("  send", send(c, "abc", 3, 0));
	show_from("  received", r);
	TRY("connect to AF_UNSPEC", connect(c, SA(u), sizeof(u)));
	show_name("  peer", c, 1);
	TRY("AF_INET sendto 127.0.0.1 (the port is ::1's)", sendto(socket(AF_INET, SOCK_DGRAM, 0),
									 "x", 1, 0, SA(a4), sizeof(a4)));
	show_from("  received", r);
	setsockopt(o, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	a = at6("::ffff:127.0.0.1", port_of(r));
	TRY("v6only sendto ::ffff:127.0.0.1", sendto(o, "x", 1, 0, SA(a), sizeof(a)));
	TRY("v6only connect to ::ffff:127.0.0.1", connect(o, SA(a), sizeof(a)));
	TRY("v6only sendto AF_INET's 127.0.0.1", sendto(o, "x", 1, 0, SA(a4), sizeof(a4)));
	close(r);
	close(c);
	close(o);
}

/* A socket on :: with IPV6_V6ONLY hears ::1 and not 127.0.0.1. */
static void v6only(void)
{
	int r = socket(AF_INET6, SOCK_DGRAM, 0), one = 1, s4 = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in6 a = at6("::", 0);
	struct sockaddr_in a4;

	setsockopt(r, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	bind(r, SA(a), sizeof(a));
	a4 = at4("127.0.0.1", port_of(r));
	TRY("v6only receiver: AF_INET sendto 127.0.0.1", sendto(s4, "x", 1, 0, SA(a4), sizeof(a4)));
	show_from("  received", r);
	close(s4);
	s4 = socket(AF_INET, SOCK_DGRAM, 0);
	TRY("  bind AF_INET at its port", bind(s4, SA(a4), sizeof(a4)));
	close(r);
	close(s4);
}

static void proc_udp6(void)
{
	int s = bound6(SOCK_DGRAM, "::1"), found = 0;
	char line[512], want[8];
	FILE *f;

	snprintf(want, sizeof(want), ":%04X ", ntohs(port_of(s)));
	f = fopen("/proc/net/udp6", "r");
	fgets(line, sizeof(line), f);
	printf("/proc/net/udp6: %.*s\n", 100, line);
	while (fgets(line, sizeof(line), f)) {
		char *at = strstr(line, want);

		if (at && at - line == 39) {
			printf("  %.32s:PORT %.37s %.2s\n", line + 7, line + 45, line + 83);
			found++;
		}
	}
	fclose(f);
	printf("  lines for the socket: %d\n", found);
	close(s);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	senders();
	connected();
	v6only();
	proc_udp6();
	return 0;
}
