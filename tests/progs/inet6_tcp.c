// inet6_tcp: AF_INET6 stream sockets on the loopback device, as Linux has them: the
// options (IPV6_V6ONLY, IPV6_UNICAST_HOPS), bind's checks of a sockaddr_in6 (short, of
// another family, an address not lo's, IPv4-mapped on a v6only socket), connections to
// ::1, to :: (lo), and to a dual-stack listener bound to :: from an AF_INET client (the
// accepted socket names it ::ffff:127.0.0.1) and from an AF_INET6 one at
// ::ffff:127.0.0.1, the ports an AF_INET6 socket bound to :: takes from AF_INET (all
// of them, unless v6only), and /proc/net/tcp6's line for a listener. No port number is
// printed: they are the kernel's choice.
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "unix_sock.h"
#include "inet6.h"

static void options(void)
{
	int s = socket(AF_INET6, SOCK_STREAM, 0), v = 10;

	printf("SO_DOMAIN %d SO_PROTOCOL %d IPV6_V6ONLY %d IPV6_UNICAST_HOPS %d\n",
	       getopt_int(s, SOL_SOCKET, SO_DOMAIN), getopt_int(s, SOL_SOCKET, SO_PROTOCOL),
	       getopt_int(s, IPPROTO_IPV6, IPV6_V6ONLY), getopt_int(s, IPPROTO_IPV6, IPV6_UNICAST_HOPS));
	TRY("IPV6_UNICAST_HOPS 10", setsockopt(s, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &v, sizeof(v)));
	printf("IPV6_UNICAST_HOPS %d\n", getopt_int(s, IPPROTO_IPV6, IPV6_UNICAST_HOPS));
	v = -1;
	TRY("IPV6_UNICAST_HOPS -1", setsockopt(s, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &v, sizeof(v)));
	printf("IPV6_UNICAST_HOPS %d\n", getopt_int(s, IPPROTO_IPV6, IPV6_UNICAST_HOPS));
	v = 256;
	TRY("IPV6_UNICAST_HOPS 256", setsockopt(s, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &v, sizeof(v)));
	show_name("unbound", s, 0);
	show_name("unbound, peer", s, 1);
	close(s);
}

static void binds(void)
{
	struct sockaddr_in6 a = at6("::1", 0);
	struct sockaddr_in b4 = at4("127.0.0.1", 0);
	int s = socket(AF_INET6, SOCK_STREAM, 0), one = 1;

	TRY("bind, addrlen 23", bind(s, SA(a), 23));
	TRY("bind an AF_INET address", bind(s, SA(b4), sizeof(b4)));
	a.sin6_family = AF_INET;
	TRY("bind AF_INET in a sockaddr_in6", bind(s, SA(a), sizeof(a)));
	a = at6("2001:db8::1", 0);
	TRY("bind 2001:db8::1", bind(s, SA(a), sizeof(a)));
	a = at6("::1", 0);
	TRY("bind ::1, addrlen 24", bind(s, SA(a), 24));
	show_name("bound", s, 0);
	printf("IPV6_V6ONLY after bind to ::1: %d\n", getopt_int(s, IPPROTO_IPV6, IPV6_V6ONLY));
	TRY("IPV6_V6ONLY after bind", setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)));
	TRY("bind again", bind(s, SA(a), sizeof(a)));
	close(s);
	s = socket(AF_INET6, SOCK_STREAM, 0);
	setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	a = at6("::ffff:127.0.0.1", 0);
	TRY("bind ::ffff:127.0.0.1, v6only", bind(s, SA(a), sizeof(a)));
	close(s);
	s = socket(AF_INET6, SOCK_STREAM, 0);
	TRY("bind ::ffff:127.0.0.1", bind(s, SA(a), sizeof(a)));
	show_name("bound", s, 0);
	printf("IPV6_V6ONLY after bind to ::ffff:127.0.0.1: %d\n",
	       getopt_int(s, IPPROTO_IPV6, IPV6_V6ONLY));
	close(s);
}

/* A connection from c to the listener l, at addr: both ends' names, and a word each way. */
static void connect_to(const char *what, int c, int l, const void *addr, socklen_t len)
{
	char buf[16] = "";
	int a;

	printf("%s:\n", what);
	if (connect(c, addr, len) < 0) {
		printf("  connect: -1 %s\n", ename(errno));
		return;
	}
	a = accept(l, NULL, NULL);
	show_name("  client", c, 0);
	show_name("  client's peer", c, 1);
	show_name("  accepted", a, 0);
	show_name("  accepted's peer", a, 1);
	printf("  ports: %s\n", yes(port_of(a) == port_of(l)));
	write(c, "ping", 4);
	read(a, buf, sizeof(buf));
	write(a, "pong", 4);
	read(c, buf + 4, sizeof(buf) - 4);
	printf("  data: %s\n", buf);
	close(a);
	close(c);
}

static void connections(void)
{
	int l = bound6(SOCK_STREAM, "::");
	unsigned short p = port_of(l);
	struct sockaddr_in6 a = at6("::1", p);
	struct sockaddr_in a4 = at4("127.0.0.1", p);

	listen(l, 4);
	show_name("listener", l, 0);
	connect_to("AF_INET6 to ::1", socket(AF_INET6, SOCK_STREAM, 0), l, &a, sizeof(a));
	a = at6("::", p);
	connect_to("AF_INET6 to ::", socket(AF_INET6, SOCK_STREAM, 0), l, &a, sizeof(a));
	connect_to("AF_INET to 127.0.0.1", socket(AF_INET, SOCK_STREAM, 0), l, &a4, sizeof(a4));
	a = at6("::ffff:127.0.0.1", p);
	connect_to("AF_INET6 to ::ffff:127.0.0.1", socket(AF_INET6, SOCK_STREAM, 0), l, &a,
		   sizeof(a));
	a = at6("::1", p);
	connect_to("AF_INET6 to ::1, addrlen 23", socket(AF_INET6, SOCK_STREAM, 0), l, &a, 23);
	connect_to("AF_INET6 to AF_INET's address", socket(AF_INET6, SOCK_STREAM, 0), l, &a4,
		   sizeof(a4));
	a = at6("fe80::1", p);
	connect_to("AF_INET6 to fe80::1, no scope", socket(AF_INET6, SOCK_STREAM, 0), l, &a,
		   sizeof(a));
	close(l);
	a = at6("::1", p);
	connect_to("AF_INET6 to ::1, closed", socket(AF_INET6, SOCK_STREAM, 0), l, &a, sizeof(a));
}

/* Who may bind p next to a listener l6 on :: (v6only or not). */
static void ports(int v6only)
{
	int l6 = socket(AF_INET6, SOCK_STREAM, 0), s4 = socket(AF_INET, SOCK_STREAM, 0);
	int s6 = socket(AF_INET6, SOCK_STREAM, 0), c = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in6 a = at6("::", 0);
	struct sockaddr_in a4;

	printf("a listener on ::, v6only %d:\n", v6only);
	setsockopt(l6, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof(v6only));
	bind(l6, SA(a), sizeof(a));
	listen(l6, 1);
	a4 = at4("127.0.0.1", port_of(l6));
	TRY("  AF_INET connect to 127.0.0.1", connect(c, SA(a4), sizeof(a4)));
	TRY("  bind AF_INET 127.0.0.1", bind(s4, SA(a4), sizeof(a4)));
	a = at6("::1", port_of(l6));
	TRY("  bind AF_INET6 ::1", bind(s6, SA(a), sizeof(a)));
	close(l6);
	close(s4);
	close(s6);
	close(c);
}

/* /proc/net/tcp6's line for the socket bound to port p, its addresses and state. */
static void proc_tcp6(void)
{
	int l = bound6(SOCK_STREAM, "::1"), found = 0;
	char line[512], want[8];
	FILE *f;

	listen(l, 1);
	snprintf(want, sizeof(want), ":%04X ", ntohs(port_of(l)));
	f = fopen("/proc/net/tcp6", "r");
	fgets(line, sizeof(line), f);
	printf("/proc/net/tcp6: %.*s\n", 100, line);
	while (fgets(line, sizeof(line), f))
		if (strstr(line, want) && strstr(line, want) - line == 6 + 32) {
			printf("  %.32s:PORT %.32s:%.4s %.2s\n", line + 6, line + 44, line + 77,
			       line + 82);
			found++;
		}
	fclose(f);
	printf("  lines for the listener: %d\n", found);
	close(l);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	options();
	binds();
	connections();
	ports(0);
	ports(1);
	proc_tcp6();
	return 0;
}
