// inet_udp: AF_INET datagram sockets on the loopback device, as Linux has them: the
// defaults, sendto and recvfrom with the sender's address (an unbound sender gets a port
// and 127.0.0.1), message boundaries, MSG_TRUNC both ways, MSG_PEEK, FIONREAD, connect
// (the default destination, the only sender heard; AF_UNSPEC forgets it), EDESTADDRREQ,
// EMSGSIZE, ECONNREFUSED for a connected socket whose peer port is closed, shutdown, a
// datagram to 127.0.0.2 or INADDR_ANY, a 60000-byte datagram, and poll's bits. No port
// number is printed: they are the kernel's choice.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"
#include "unix_sock.h"

#define SA(a)	((struct sockaddr *)&(a))

static struct sockaddr_in at(const char *addr, unsigned short port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = port,
				 .sin_addr.s_addr = inet_addr(addr) };
	return a;
}

/* A UDP socket bound at addr on a port of the kernel's; its address in *a. */
static int bound(const char *addr, struct sockaddr_in *a)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	socklen_t len = sizeof(*a);

	*a = at(addr, 0);
	bind(fd, SA(*a), sizeof(*a));
	getsockname(fd, SA(*a), &len);
	return fd;
}

/* Wait (at most a second) for fd to have something to read. */
static void settle(int fd)
{
	struct pollfd p = { fd, POLLIN, 0 };

	poll(&p, 1, 1000);
}

/* recvfrom into buf: "what: n from ADDR, same port as want's: yes". */
static void show_from(const char *what, int fd, char *buf, int size, int flags,
		      const struct sockaddr_in *want)
{
	struct sockaddr_in from = { 0 };
	socklen_t len = sizeof(from);
	long r;

	errno = 0;
	r = recvfrom(fd, buf, size, flags, SA(from), &len);
	if (r < 0) {
		printf("%s: -1 %s\n", what, ename(errno));
		return;
	}
	printf("%s: %ld from %s len %d, the sender's port: %s\n", what, r, inet_ntoa(from.sin_addr),
	       (int)len, yes(want && from.sin_port == want->sin_port));
}

static void basics(void)
{
	struct sockaddr_in ra, sa, ua;
	int r = bound("127.0.0.1", &ra), s = bound("127.0.0.1", &sa), u, n = -1;
	char buf[64] = "";
	socklen_t len = sizeof(ua);

	printf("SO_TYPE %d SO_PROTOCOL %d SO_SNDBUF %d SO_RCVBUF %d\n",
	       getopt_int(r, SOL_SOCKET, SO_TYPE), getopt_int(r, SOL_SOCKET, SO_PROTOCOL),
	       getopt_int(r, SOL_SOCKET, SO_SNDBUF), getopt_int(r, SOL_SOCKET, SO_RCVBUF));
	TRY("socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP)", socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP));
	TRY("listen on UDP", listen(r, 1));
	TRY("accept on UDP", accept(r, NULL, NULL));
	show_poll("fresh", r);
	TRY("send, no destination", send(s, "x", 1, 0));
	TRY("sendto 0 port", sendto(s, "x", 1, 0, SA(((struct sockaddr_in){ AF_INET, 0, { htonl(INADDR_LOOPBACK) } })), sizeof(ra)));
	TRY("sendto, short address", sendto(s, "x", 1, 0, SA(ra), sizeof(ra) - 1));
	TRY("sendto one", sendto(s, "one", 3, 0, SA(ra), sizeof(ra)));
	TRY("sendto two", sendto(s, "twotwo", 6, 0, SA(ra), sizeof(ra)));
	TRY("sendto three", sendto(s, "three", 5, 0, SA(ra), sizeof(ra)));
	settle(r);
	usleep(20000);
	ioctl(r, FIONREAD, &n);
	printf("FIONREAD (the next datagram): %d\n", n);
	show_poll("with data", r);
	show_from("recvfrom MSG_PEEK", r, buf, 64, MSG_PEEK, &sa);
	show_from("recvfrom", r, buf, 64, 0, &sa);
	printf("  \"%.3s\"\n", buf);
	show_from("recvfrom 3 of 6", r, buf, 3, 0, &sa);
	show_from("recvfrom 2 of 5, MSG_TRUNC", r, buf, 2, MSG_TRUNC, &sa);
	TRY("recv MSG_DONTWAIT, empty", recv(r, buf, 64, MSG_DONTWAIT));

	u = socket(AF_INET, SOCK_DGRAM, 0);
	TRY("sendto from an unbound socket", sendto(u, "auto", 4, 0, SA(ra), sizeof(ra)));
	getsockname(u, SA(ua), &len);
	printf("it has a port now: %s, address %s\n", yes(ua.sin_port != 0), inet_ntoa(ua.sin_addr));
	settle(r);
	show_from("recvfrom", r, buf, 64, 0, &ua);
	close(u);

	u = socket(AF_INET, SOCK_DGRAM, 0);
	TRY("connect to the receiver", connect(u, SA(ra), sizeof(ra)));
	show_proc_net("/proc/net/udp", ntohs(ra.sin_port));
	len = sizeof(ua);
	getsockname(u, SA(ua), &len);
	printf("getsockname: %s, has a port: %s\n", inet_ntoa(ua.sin_addr), yes(ua.sin_port != 0));
	show_proc_net("/proc/net/udp", ntohs(ua.sin_port));
	TRY("getpeername is the receiver", getpeername(u, SA(sa), &len) == 0 && sa.sin_port == ra.sin_port);
	TRY("send", send(u, "conn", 4, 0));
	settle(r);
	show_from("recvfrom", r, buf, 64, 0, &ua);
	TRY("receiver connects to the other", connect(r, SA(ua), sizeof(ua)));
	len = sizeof(sa);
	getsockname(s, SA(sa), &len);
	TRY("a third sends to it", sendto(s, "lost", 4, 0, SA(ra), sizeof(ra)));
	TRY("its peer sends to it", send(u, "heard", 5, 0));
	settle(r);
	show_from("recvfrom: the peer's only", r, buf, 64, 0, &ua);
	TRY("recv MSG_DONTWAIT, nothing else", recv(r, buf, 64, MSG_DONTWAIT));
	TRY("connect AF_UNSPEC", connect(r, SA(((struct sockaddr){ AF_UNSPEC })), sizeof(struct sockaddr)));
	TRY("getpeername after", getpeername(r, SA(sa), &len));
	close(u);
	close(s);
	close(r);
}

static void refused(void)
{
	struct sockaddr_in ra;
	int r = bound("127.0.0.1", &ra), u = socket(AF_INET, SOCK_DGRAM, 0);
	char buf[8];

	close(r);
	TRY("sendto a closed port, unconnected", sendto(u, "x", 1, 0, SA(ra), sizeof(ra)));
	usleep(20000);
	TRY("send again", sendto(u, "x", 1, 0, SA(ra), sizeof(ra)));
	connect(u, SA(ra), sizeof(ra));
	TRY("connected: send to the closed port", send(u, "x", 1, 0));
	usleep(20000);
	show_poll("after", u);
	TRY("recv", recv(u, buf, 8, MSG_DONTWAIT));
	TRY("send", send(u, "x", 1, 0));
	usleep(20000);
	TRY("send", send(u, "x", 1, 0));
	TRY("SO_ERROR", getopt_int(u, SOL_SOCKET, SO_ERROR));
	close(u);
}

static void addresses(void)
{
	struct sockaddr_in ra, to;
	int r = bound("0.0.0.0", &ra), s = socket(AF_INET, SOCK_DGRAM, 0), two;
	static char big[60000];
	char buf[64];

	printf("bound to %s\n", inet_ntoa(ra.sin_addr));
	to = at("127.0.0.2", ra.sin_port);
	TRY("sendto 127.0.0.2", sendto(s, "x", 1, 0, SA(to), sizeof(to)));
	settle(r);
	show_from("recvfrom", r, buf, 64, 0, NULL);
	to = at("0.0.0.0", ra.sin_port);
	TRY("sendto 0.0.0.0", sendto(s, "y", 1, 0, SA(to), sizeof(to)));
	settle(r);
	show_from("recvfrom", r, buf, 64, 0, NULL);
	two = socket(AF_INET, SOCK_DGRAM, 0);
	to = at("127.0.0.2", ra.sin_port);
	TRY("bind 127.0.0.2 to the same port", bind(two, SA(to), sizeof(to)));
	TRY("sendto 127.0.0.2 again", sendto(s, "z", 1, 0, SA(to), sizeof(to)));
	settle(two);
	TRY("the one bound to 127.0.0.2 has it", recv(two, buf, 64, MSG_DONTWAIT));
	TRY("the other has nothing", recv(r, buf, 64, MSG_DONTWAIT));
	to = at("127.0.0.1", ra.sin_port);
	TRY("sendto 60000 bytes", sendto(s, big, sizeof(big), 0, SA(to), sizeof(to)));
	settle(r);
	TRY("recv it", recv(r, big, sizeof(big), 0));
	TRY("sendto 65508 bytes", sendto(s, big, 65508, 0, SA(to), sizeof(to)));
	TRY("shutdown SHUT_RD, unconnected", shutdown(r, SHUT_RD));
	TRY("recv after", recv(r, buf, 64, 0));
	close(two);
	close(s);
	close(r);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	basics();
	refused();
	addresses();
	return 0;
}
