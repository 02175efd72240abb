// ping_socket: ICMP on the loopback device, as Linux has it: ping sockets (SOCK_DGRAM,
// IPPROTO_ICMP) only for the groups of net.ipv4.ping_group_range (by default nobody's:
// EACCES, root's too), raw ICMP sockets only for root (EPERM), an echo request to
// 127.0.0.1 answered by an echo reply, which a raw socket receives behind its IP header
// (after the request itself, lo's own packet), and a ping socket without it, with the
// socket's ident put in by the kernel; a bad checksum unanswered, ICMP_FILTER, and the
// errors of a ping socket's send; the same for ICMPv6 on ::1 (no IP header, the checksum
// the kernel's for a raw socket too). The IP header's id is Linux's choice: not printed.
// host: root (writes net.ipv4.ping_group_range for a moment, and puts back what was there)
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/icmp.h>
#include <netinet/in.h>
#include <netinet/icmp6.h>
#include <netinet/ip.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "unix_sock.h"

#define SA(a)	((struct sockaddr *)&(a))
#define RANGE	"/proc/sys/net/ipv4/ping_group_range"

static unsigned short csum(const void *buf, int len)
{
	const unsigned char *p = buf;
	unsigned sum = 0;

	for (int i = 0; i + 1 < len; i += 2)
		sum += p[i] | p[i + 1] << 8;
	if (len & 1)
		sum += p[len - 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

/* An echo request of id and seq with "hello" after it; its checksum right, or not. */
static int echo(unsigned char *buf, int id, int seq, int good)
{
	struct icmphdr *h = (void *)buf;

	memset(h, 0, sizeof(*h));
	h->type = ICMP_ECHO;
	h->un.echo.id = htons(id);
	h->un.echo.sequence = htons(seq);
	memcpy(buf + sizeof(*h), "hello", 5);
	h->checksum = csum(buf, sizeof(*h) + 5) + !good;
	return sizeof(*h) + 5;
}

static void show_icmp(const unsigned char *p, int len, int ident)
{
	const struct icmphdr *h = (const void *)p;

	printf(" icmp type %d code %d id %s seq %d checksum %s data %.*s\n", h->type, h->code,
	       ntohs(h->un.echo.id) == ident ? "ident" : "other", ntohs(h->un.echo.sequence),
	       csum(p, len) == 0 ? "ok" : "bad", len - 8, p + 8);
}

/* Receive what comes within 300 ms: "what: [ip ...] icmp ..." or the error. */
static void show_recv(const char *what, int fd, int raw, int ident)
{
	struct pollfd pf = { fd, POLLIN, 0 };
	struct sockaddr_in from = { 0 };
	socklen_t len = sizeof(from);
	unsigned char buf[256];
	long r;

	poll(&pf, 1, 300);
	errno = 0;
	r = recvfrom(fd, buf, sizeof(buf), MSG_DONTWAIT, SA(from), &len);
	if (r < 0) {
		printf("%s: -1 %s\n", what, ename(errno));
		return;
	}
	printf("%s: %ld from %s:%d len %d,", what, r, inet_ntoa(from.sin_addr),
	       ntohs(from.sin_port), (int)len);
	if (raw) {
		struct iphdr *ip = (void *)buf;
		struct in_addr s = { ip->saddr }, d = { ip->daddr };

		printf(" ip v%d ihl %d tot_len %d DF %d ttl %d proto %d check %s %s",
		       ip->version, ip->ihl, ntohs(ip->tot_len), !!(ntohs(ip->frag_off) & IP_DF),
		       ip->ttl, ip->protocol, csum(ip, 20) == 0 ? "ok" : "bad", inet_ntoa(s));
		printf(" > %s", inet_ntoa(d));
		show_icmp(buf + 20, r - 20, ident);
	} else {
		show_icmp(buf, r, ident);
	}
}

static void unprivileged(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		setresuid(65534, 65534, 65534);
		TRY("nobody: socket(SOCK_RAW, IPPROTO_ICMP)", socket(AF_INET, SOCK_RAW, IPPROTO_ICMP));
		TRY("nobody: socket(SOCK_DGRAM, IPPROTO_ICMP)", socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP));
		_exit(0);
	}
	waitpid(pid, NULL, 0);
}

static void raw(void)
{
	int r = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP), f = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	struct sockaddr_in lo = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sockaddr_in name = { 0 };
	socklen_t len = sizeof(name);
	unsigned char buf[64];
	unsigned filter = 1 << ICMP_ECHO;

	getsockname(r, SA(name), &len);
	printf("raw socket: %s port %d\n", inet_ntoa(name.sin_addr), ntohs(name.sin_port));
	TRY("ICMP_FILTER (no echo requests)", setsockopt(f, SOL_RAW, ICMP_FILTER, &filter, sizeof(filter)));
	TRY("raw sendto 127.0.0.1", sendto(r, buf, echo(buf, 0x1234, 1, 1), 0, SA(lo), sizeof(lo)));
	show_recv("  raw", r, 1, 0x1234);
	show_recv("  raw", r, 1, 0x1234);
	show_recv("  raw", r, 1, 0x1234);
	show_recv("  filtered", f, 1, 0x1234);
	show_recv("  filtered", f, 1, 0x1234);
	TRY("raw sendto, bad checksum", sendto(r, buf, echo(buf, 0x1234, 2, 0), 0, SA(lo), sizeof(lo)));
	show_recv("  raw", r, 1, 0x1234);
	show_recv("  raw", r, 1, 0x1234);
	TRY("raw send unconnected", send(r, buf, 8, 0));
	close(r);
	close(f);
}

static void ping(void)
{
	int p = socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP), r = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	struct sockaddr_in lo = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sockaddr_in name = { 0 };
	socklen_t len = sizeof(name);
	unsigned char buf[64];
	int ident;

	printf("ping socket: %s\n", p < 0 ? ename(errno) : "made");
	if (p < 0)
		return;
	getsockname(p, SA(name), &len);
	printf("  before a send: port %d\n", ntohs(name.sin_port));
	TRY("ping sendto 127.0.0.1", sendto(p, buf, echo(buf, 0x1234, 7, 0), 0, SA(lo), sizeof(lo)));
	getsockname(p, SA(name), &len);
	ident = ntohs(name.sin_port);
	printf("  after: a port, the ident: %s\n", yes(ident != 0));
	show_recv("  ping", p, 0, ident);
	show_recv("  ping", p, 0, ident);
	show_recv("  raw", r, 1, ident);
	show_recv("  raw", r, 1, ident);
	buf[0] = ICMP_TIMESTAMP;
	TRY("ping sendto, not an echo", sendto(p, buf, 13, 0, SA(lo), sizeof(lo)));
	TRY("ping sendto, 4 bytes", sendto(p, buf, 4, 0, SA(lo), sizeof(lo)));
	TRY("ping sendto, addrlen 8", sendto(p, buf, echo(buf, 1, 1, 1), 0, SA(lo), 8));
	TRY("ping send unconnected", send(p, buf, echo(buf, 1, 1, 1), 0));
	TRY("ping connect 127.0.0.1", connect(p, SA(lo), sizeof(lo)));
	TRY("ping send", send(p, buf, echo(buf, 1, 8, 1), 0));
	show_recv("  ping", p, 0, ident);
	close(p);
	close(r);
}

/* Receive an ICMPv6 packet within 300 ms: "what: N from ADDR:PORT, type code id seq data". */
static void show_recv6(const char *what, int fd, int ident)
{
	struct pollfd pf = { fd, POLLIN, 0 };
	struct sockaddr_in6 from = { 0 };
	socklen_t len = sizeof(from);
	unsigned char buf[256];
	char addr[INET6_ADDRSTRLEN];
	long r;

	poll(&pf, 1, 300);
	errno = 0;
	r = recvfrom(fd, buf, sizeof(buf), MSG_DONTWAIT, SA(from), &len);
	if (r < 0) {
		printf("%s: -1 %s\n", what, ename(errno));
		return;
	}
	inet_ntop(AF_INET6, &from.sin6_addr, addr, sizeof(addr));
	printf("%s: %ld from %s:%d len %d, type %d code %d id %s seq %d data %.*s\n", what, r,
	       addr, ntohs(from.sin6_port), (int)len, buf[0], buf[1],
	       (buf[4] << 8 | buf[5]) == ident ? "ident" : "other", buf[6] << 8 | buf[7],
	       (int)r - 8, buf + 8);
}

/* An ICMPv6 echo request of id and seq with "hello" after it, the checksum left to the kernel. */
static int echo6(unsigned char *buf, int id, int seq)
{
	memset(buf, 0, 8);
	buf[0] = 128;
	buf[4] = id >> 8;
	buf[5] = id;
	buf[7] = seq;
	memcpy(buf + 8, "hello", 5);
	return 13;
}

static void icmp6(void)
{
	int r = socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6), p = socket(AF_INET6, SOCK_DGRAM, IPPROTO_ICMPV6);
	struct sockaddr_in6 lo = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	struct sockaddr_in6 name = { 0 };
	socklen_t len = sizeof(name);
	unsigned char buf[64];
	int ident;

	getsockname(r, SA(name), &len);
	printf("ICMPv6 raw socket: port %d, IPV6_CHECKSUM %d\n", ntohs(name.sin6_port),
	       getopt_int(r, SOL_RAW, IPV6_CHECKSUM));
	TRY("raw sendto ::1", sendto(r, buf, echo6(buf, 0x1234, 1), 0, SA(lo), sizeof(lo)));
	show_recv6("  raw", r, 0x1234);
	show_recv6("  raw", r, 0x1234);
	show_recv6("  raw", r, 0x1234);
	printf("ping6 socket: %s\n", p < 0 ? ename(errno) : "made");
	TRY("ping6 sendto ::1", sendto(p, buf, echo6(buf, 0x1234, 7), 0, SA(lo), sizeof(lo)));
	getsockname(p, SA(name), &len);
	ident = ntohs(name.sin6_port);
	show_recv6("  ping6", p, ident);
	show_recv6("  raw", r, ident);
	show_recv6("  raw", r, ident);
	TRY("ping6 sendto, addrlen 24", sendto(p, buf, echo6(buf, 1, 1), 0, SA(lo), 24));
	buf[0] = ICMP_ECHO;
	TRY("ping6 sendto, an ICMP echo", sendto(p, buf, 13, 0, SA(lo), sizeof(lo)));
	inet_pton(AF_INET6, "::ffff:127.0.0.1", &lo.sin6_addr);
	TRY("ping6 sendto ::ffff:127.0.0.1", sendto(p, buf, echo6(buf, 1, 1), 0, SA(lo), sizeof(lo)));
	close(r);
	close(p);
}

static void write_range(const char *v)
{
	int fd = open(RANGE, O_WRONLY);

	write(fd, v, strlen(v));
	close(fd);
}

int main(void)
{
	char old[64] = "";
	int fd = open(RANGE, O_RDONLY);

	setvbuf(stdout, NULL, _IONBF, 0);
	read(fd, old, sizeof(old) - 1);
	close(fd);
	printf("ping_group_range: %s", old);
	TRY("socket(SOCK_DGRAM, IPPROTO_ICMP)", socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP));
	TRY("socket(SOCK_RAW, 0)", socket(AF_INET, SOCK_RAW, 0));
	unprivileged();
	raw();
	write_range("0 0");
	ping();
	icmp6();
	write_range(old);
	return 0;
}
