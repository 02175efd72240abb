// inet_tcp: AF_INET stream sockets on the loopback device, as Linux has them: socket()'s
// errors, the options and their defaults (SO_SNDBUF and SO_RCVBUF doubling, TCP_NODELAY,
// SO_LINGER, SO_KEEPALIVE...), bind (EADDRNOTAVAIL, EADDRINUSE, SO_REUSEADDR, ephemeral
// ports in ip_local_port_range), listen, connect (ECONNREFUSED, non-blocking EINPROGRESS
// then writable with SO_ERROR 0), accept4 and the names each side sees, data both ways
// (MSG_PEEK, MSG_DONTWAIT, MSG_WAITALL, FIONREAD), half-close, end of file, EPIPE and
// SIGPIPE, ECONNRESET for data left unread or a listener's close, poll's bits, and a
// megabyte through a connection. Ports are the kernel's choice: none is printed.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <linux/sockios.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "unix_sock.h"

static int sigpipes;

static void on_sigpipe(int sig)
{
	sigpipes++;
}

static struct sockaddr_in lo(unsigned short port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	return a;
}

#define SA(a)	((struct sockaddr *)&(a))

/* The port a socket has, host order. */
static int port_of(int fd, int peer)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);

	if ((peer ? getpeername(fd, SA(a), &len) : getsockname(fd, SA(a), &len)) < 0)
		return -1;
	return ntohs(a.sin_port);
}

/* Wait (at most a second) for what poll should say: the wire's news takes a moment on Linux. */
static void settle(int fd, short events)
{
	struct pollfd p = { fd, events, 0 };

	poll(&p, 1, 1000);
}

/* A listener at 127.0.0.1 on a port of the kernel's, and a client connected to it. */
static int listener(int backlog, int *port)
{
	int l = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = lo(0);

	bind(l, SA(a), sizeof(a));
	listen(l, backlog);
	*port = port_of(l, 0);
	return l;
}

static int client(int port)
{
	int c = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = lo(port);

	if (connect(c, SA(a), sizeof(a)) < 0)
		printf("connect: %s\n", ename(errno));
	return c;
}

static void creation(void)
{
	int fd, sv[2];

	TRY("socket(AF_INET, SOCK_STREAM, IPPROTO_UDP)", socket(AF_INET, SOCK_STREAM, IPPROTO_UDP));
	TRY("socket(AF_INET, SOCK_SEQPACKET)", socket(AF_INET, SOCK_SEQPACKET, 0));
	TRY("socketpair(AF_INET, SOCK_STREAM)", socketpair(AF_INET, SOCK_STREAM, 0, sv));
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP);
	printf("SO_TYPE %d SO_DOMAIN %d SO_PROTOCOL %d SO_ACCEPTCONN %d\n",
	       getopt_int(fd, SOL_SOCKET, SO_TYPE), getopt_int(fd, SOL_SOCKET, SO_DOMAIN),
	       getopt_int(fd, SOL_SOCKET, SO_PROTOCOL), getopt_int(fd, SOL_SOCKET, SO_ACCEPTCONN));
	printf("SO_SNDBUF %d SO_RCVBUF %d SO_ERROR %d\n", getopt_int(fd, SOL_SOCKET, SO_SNDBUF),
	       getopt_int(fd, SOL_SOCKET, SO_RCVBUF), getopt_int(fd, SOL_SOCKET, SO_ERROR));
	printf("TCP_NODELAY %d TCP_MAXSEG %d SO_KEEPALIVE %d SO_REUSEADDR %d\n",
	       getopt_int(fd, IPPROTO_TCP, TCP_NODELAY), getopt_int(fd, IPPROTO_TCP, TCP_MAXSEG),
	       getopt_int(fd, SOL_SOCKET, SO_KEEPALIVE), getopt_int(fd, SOL_SOCKET, SO_REUSEADDR));
	TRY("setsockopt TCP_NODELAY 1", setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &(int){ 1 }, 4));
	TRY("setsockopt SO_KEEPALIVE 5", setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &(int){ 5 }, 4));
	TRY("setsockopt SO_RCVBUF 10000", setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &(int){ 10000 }, 4));
	TRY("setsockopt SO_LINGER {1, 7}", setsockopt(fd, SOL_SOCKET, SO_LINGER,
						     &(struct linger){ 1, 7 }, sizeof(struct linger)));
	TRY("setsockopt SO_LINGER, short", setsockopt(fd, SOL_SOCKET, SO_LINGER, &(int){ 1 }, 4));
	TRY("setsockopt TCP_NODELAY, short", setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, "", 1));
	TRY("setsockopt IPPROTO_TCP 9999", setsockopt(fd, IPPROTO_TCP, 9999, &(int){ 1 }, 4));
	TRY("getsockopt SOL_SOCKET 9999", getopt_int(fd, SOL_SOCKET, 9999) == -ENOPROTOOPT ? -1 : 0);
	{
		struct linger lg = { 0, 0 };
		socklen_t len = sizeof(lg);

		getsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, &len);
		printf("SO_LINGER {%d, %d} len %d\n", lg.l_onoff, lg.l_linger, (int)len);
	}
	printf("TCP_NODELAY %d SO_KEEPALIVE %d SO_RCVBUF %d\n",
	       getopt_int(fd, IPPROTO_TCP, TCP_NODELAY), getopt_int(fd, SOL_SOCKET, SO_KEEPALIVE),
	       getopt_int(fd, SOL_SOCKET, SO_RCVBUF));
	show_poll("fresh socket", fd);
	close(fd);
}

static void binding(void)
{
	int a = socket(AF_INET, SOCK_STREAM, 0), b = socket(AF_INET, SOCK_STREAM, 0), port;
	struct sockaddr_in sa = lo(0), other = { .sin_family = AF_INET,
						 .sin_addr.s_addr = inet_addr("192.0.2.1") };
	socklen_t len = sizeof(sa);
	FILE *f = fopen("/proc/sys/net/ipv4/ip_local_port_range", "r");
	int low = 0, high = 0;

	fscanf(f, "%d %d", &low, &high);
	fclose(f);
	TRY("bind 192.0.2.1 (not ours)", bind(a, SA(other), sizeof(other)));
	TRY("bind, short address", bind(a, SA(sa), sizeof(sa) - 1));
	sa.sin_family = AF_INET6;
	TRY("bind, family AF_INET6", bind(a, SA(sa), sizeof(sa)));
	sa.sin_family = AF_INET;
	TRY("bind 127.0.0.1:0", bind(a, SA(sa), sizeof(sa)));
	getsockname(a, SA(sa), &len);
	port = ntohs(sa.sin_port);
	printf("getsockname: %s, len %d, port in ip_local_port_range: %s\n",
	       inet_ntoa(sa.sin_addr), (int)len, yes(port >= low && port <= high));
	TRY("bind again", bind(a, SA(sa), sizeof(sa)));
	TRY("another bind to the port", bind(b, SA(sa), sizeof(sa)));
	sa.sin_addr.s_addr = INADDR_ANY;
	TRY("another bind to the port at INADDR_ANY", bind(b, SA(sa), sizeof(sa)));
	setsockopt(a, SOL_SOCKET, SO_REUSEADDR, &(int){ 1 }, 4);
	setsockopt(b, SOL_SOCKET, SO_REUSEADDR, &(int){ 1 }, 4);
	TRY("both SO_REUSEADDR: bind to the port", bind(b, SA(sa), sizeof(sa)));
	close(b);
	b = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(b, SOL_SOCKET, SO_REUSEADDR, &(int){ 1 }, 4);
	TRY("listen on the first", listen(a, 5));
	printf("SO_ACCEPTCONN %d\n", getopt_int(a, SOL_SOCKET, SO_ACCEPTCONN));
	TRY("both SO_REUSEADDR, the first listening: bind", bind(b, SA(sa), sizeof(sa)));
	close(a);
	close(b);
	b = socket(AF_INET, SOCK_STREAM, 0);
	TRY("the listener closed: bind to its port", bind(b, SA(sa), sizeof(sa)));
	close(b);
}

static void connecting(void)
{
	int port, l = listener(5, &port), c, s, r;
	struct sockaddr_in sa = lo(0);
	socklen_t len = sizeof(sa);

	c = socket(AF_INET, SOCK_STREAM, 0);
	bind(c, SA(sa), sizeof(sa));
	r = port_of(c, 0);
	close(c);
	c = socket(AF_INET, SOCK_STREAM, 0);
	sa = lo(r);
	TRY("connect to a port nobody listens on", connect(c, SA(sa), sizeof(sa)));
	printf("getsockname after: has a port: %s\n", yes(port_of(c, 0) > 0));
	sa = lo(port);
	TRY("the same socket connects to the listener", connect(c, SA(sa), sizeof(sa)));
	TRY("and sends", send(c, "x", 1, 0));
	close(accept(l, NULL, NULL));
	close(c);
	sa = lo(r);
	c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	TRY("non-blocking connect there", connect(c, SA(sa), sizeof(sa)));
	settle(c, POLLOUT);
	usleep(20000);
	show_poll("refused", c);
	printf("SO_ERROR %s\n", ename(getopt_int(c, SOL_SOCKET, SO_ERROR) == ECONNREFUSED ? ECONNREFUSED : 0));
	close(c);

	show_poll("listener, nobody yet", l);
	show_proc_net("/proc/net/tcp", port);
	c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	sa = lo(port);
	TRY("non-blocking connect to the listener", connect(c, SA(sa), sizeof(sa)));
	settle(c, POLLOUT);
	show_poll("connecting", c);
	printf("SO_ERROR %d\n", getopt_int(c, SOL_SOCKET, SO_ERROR));
	TRY("connect again", connect(c, SA(sa), sizeof(sa)));
	TRY("and again", connect(c, SA(sa), sizeof(sa)));
	settle(l, POLLIN);
	show_poll("listener, one waiting", l);
	s = accept4(l, SA(sa), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
	printf("accept4: %s, address %s len %d, port is the client's: %s\n", s >= 0 ? "ok" : ename(errno),
	       inet_ntoa(sa.sin_addr), (int)len, yes(ntohs(sa.sin_port) == port_of(c, 0)));
	printf("O_NONBLOCK %s FD_CLOEXEC %s\n", yes(fcntl(s, F_GETFL) & O_NONBLOCK),
	       yes(fcntl(s, F_GETFD) & FD_CLOEXEC));
	printf("client's peer is the listener's port: %s; server's name: the same port: %s\n",
	       yes(port_of(c, 1) == port), yes(port_of(s, 0) == port));
	fcntl(l, F_SETFL, O_NONBLOCK);
	TRY("accept, non-blocking, none waiting", accept(l, NULL, NULL));
	show_proc_net("/proc/net/tcp", port);
	show_proc_net("/proc/net/tcp", port_of(c, 0));
	printf("TCP_MAXSEG connected above 536: %s, SO_ACCEPTCONN accepted %d\n",
	       yes(getopt_int(s, IPPROTO_TCP, TCP_MAXSEG) > 536), getopt_int(s, SOL_SOCKET, SO_ACCEPTCONN));
	TRY("listen on a connected socket", listen(c, 1));
	TRY("accept on a connected socket", accept(c, NULL, NULL));
	close(s);
	close(c);
	close(l);
}

static void unconnected(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	char buf[8];

	TRY("send, not connected", send(fd, "x", 1, 0));
	printf("SIGPIPEs: %d\n", sigpipes);
	TRY("send MSG_NOSIGNAL, not connected", send(fd, "x", 1, MSG_NOSIGNAL));
	TRY("recv, not connected", recv(fd, buf, 8, 0));
	TRY("getpeername, not connected", port_of(fd, 1));
	TRY("shutdown, not connected", shutdown(fd, SHUT_RDWR));
	TRY("shutdown(7)", shutdown(fd, 7));
	TRY("accept, not listening", accept(fd, NULL, NULL));
	close(fd);
}

static void data(void)
{
	int port, l = listener(5, &port), c = client(port), s = accept(l, NULL, NULL), n = -1;
	char buf[64] = "";
	struct sockaddr_in from, sa;
	socklen_t len = sizeof(from);

	show_poll("connected", c);
	TRY("send hello", send(c, "hello", 5, 0));
	TRY("write world", write(c, " world", 6));
	settle(s, POLLIN);
	usleep(20000);
	ioctl(s, FIONREAD, &n);
	printf("FIONREAD: %d\n", n);
	show_poll("with data", s);
	TRY("recv MSG_PEEK 4", recv(s, buf, 4, MSG_PEEK));
	TRY("recvfrom 64", recvfrom(s, buf, 64, 0, SA(from), &len));
	printf("  got \"%s\", address length %d\n", buf, (int)len);
	TRY("recv MSG_DONTWAIT, empty", recv(s, buf, 64, MSG_DONTWAIT));
	usleep(50000);		/* (Linux's acknowledgement may wait a moment) */
	ioctl(c, SIOCOUTQ, &n);
	printf("SIOCOUTQ, all read: %d\n", n);
	if (fork() == 0) {
		for (int i = 0; i < 4; i++) {
			usleep(20000);
			write(c, "ab", 2);
		}
		_exit(0);
	}
	TRY("recv MSG_WAITALL 8 (four writes of 2)", recv(s, buf, 8, MSG_WAITALL));
	wait(NULL);
	TRY("shutdown(SHUT_WR)", shutdown(c, SHUT_WR));
	settle(s, POLLRDHUP);
	show_poll("peer shut its writing", s);
	TRY("read: end of file", read(s, buf, 64));
	TRY("write back", write(s, "back", 4));
	settle(c, POLLIN);
	TRY("read it on the half-closed side", read(c, buf, 64));
	TRY("write on the half-closed side", send(c, "x", 1, MSG_NOSIGNAL));
	close(s);
	settle(c, POLLIN);
	usleep(20000);
	TRY("peer closed: read", read(c, buf, 64));
	close(c);

	c = client(port);
	s = accept(l, NULL, NULL);
	close(s);
	settle(c, POLLIN);
	usleep(20000);
	show_poll("peer closed", c);
	TRY("read: end of file", read(c, buf, 64));
	TRY("write to the closed peer (taken)", write(c, "x", 1));
	usleep(20000);
	sigpipes = 0;
	TRY("write again", write(c, "x", 1));
	printf("SIGPIPEs: %d\n", sigpipes);
	TRY("and with MSG_NOSIGNAL", send(c, "x", 1, MSG_NOSIGNAL));
	close(c);

	c = client(port);
	s = accept(l, NULL, NULL);
	write(c, "unread", 6);
	settle(s, POLLIN);
	usleep(20000);
	close(s);
	settle(c, POLLIN);
	usleep(20000);
	TRY("peer closed with data unread: read", read(c, buf, 64));
	TRY("read again", read(c, buf, 64));
	TRY("getpeername after the reset", port_of(c, 1));
	close(c);

	c = client(port);
	s = accept(l, NULL, NULL);
	TRY("connect AF_UNSPEC: disconnect", connect(c, SA(((struct sockaddr){ AF_UNSPEC })), sizeof(struct sockaddr)));
	printf("SO_ERROR %s\n", ename(getopt_int(c, SOL_SOCKET, SO_ERROR)));
	settle(s, POLLIN);
	usleep(20000);
	TRY("the peer reads", read(s, buf, 64));
	TRY("getpeername", port_of(c, 1));
	sa = lo(port);
	TRY("connect again", connect(c, SA(sa), sizeof(sa)));
	close(s);
	s = accept(l, NULL, NULL);
	TRY("a new connection: send", send(c, "again", 5, 0));
	TRY("recv", recv(s, buf, 64, 0));
	close(s);
	close(c);

	c = client(port);
	usleep(20000);
	close(l);
	settle(c, POLLIN);
	usleep(20000);
	TRY("listener closed before accept: read", read(c, buf, 64));
	close(c);
}

/*
 * A writer gets well ahead of a reader that does not read (Linux's lets it
 * have megabytes in flight, shmos's its SO_SNDBUF and the reader's SO_RCVBUF),
 * then waits for room, which the reader's reading gives it.
 */
static void buffering(void)
{
	int port, l = listener(5, &port), c = client(port), s = accept(l, NULL, NULL);
	static char buf[65536];
	long total = 0, r, got = 0;

	while ((r = send(c, buf, 4096, MSG_DONTWAIT)) > 0)
		total += r;
	printf("non-blocking writes: more than 100000 bytes taken, then %s: %s\n", ename(errno),
	       yes(total > 100000));
	show_poll("the writer, full", c);
	while (got < total && (r = recv(s, buf, sizeof(buf), MSG_DONTWAIT)) > 0)
		got += r;
	printf("the reader reads it all: %s\n", yes(got == total));
	settle(c, POLLOUT);
	show_poll("the writer, emptied", c);
	close(s);
	close(c);
	close(l);
}

/* A sleeper in epoll_wait wakes for a connection, one in select for its data. */
static void readiness(void)
{
	int port, l = listener(5, &port), ep = epoll_create1(0), s;
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = l }, out;
	struct timeval tv = { 2, 0 };
	fd_set rd;
	char buf[8];

	epoll_ctl(ep, EPOLL_CTL_ADD, l, &ev);
	if (fork() == 0) {
		int c;

		usleep(50000);
		c = client(port);
		usleep(50000);
		write(c, "x", 1);
		_exit(0);
	}
	TRY("epoll_wait for a connection", epoll_wait(ep, &out, 1, 2000));
	s = accept(l, NULL, NULL);
	FD_ZERO(&rd);
	FD_SET(s, &rd);
	TRY("select for its data", select(s + 1, &rd, NULL, NULL, &tv));
	TRY("read", read(s, buf, 8));
	wait(NULL);
	TRY("read: the child is gone", read(s, buf, 8));
	close(s);
	close(ep);
	close(l);
}

/* A megabyte through a connection in writes of 7000, read in pieces of 3000: its sum. */
static void bulk(void)
{
	int port, l = listener(1, &port), c = client(port), s = accept(l, NULL, NULL);
	static char buf[7000];
	unsigned long sum = 0, want = 0, total = 0;
	long r;

	if (fork() == 0) {
		for (int i = 0; i < 150; i++) {
			for (int j = 0; j < 7000; j++)
				buf[j] = i * 31 + j;
			write(c, buf, 7000);
		}
		_exit(0);
	}
	close(c);
	for (int i = 0; i < 150; i++)
		for (int j = 0; j < 7000; j++)
			want += (unsigned char)(char)(i * 31 + j);
	while ((r = read(s, buf, 3000)) > 0) {
		total += r;
		for (long j = 0; j < r; j++)
			sum += (unsigned char)buf[j];
	}
	wait(NULL);
	printf("bulk: %lu bytes, sum right: %s\n", total, yes(sum == want));
	close(s);
	close(l);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	signal(SIGPIPE, on_sigpipe);
	creation();
	binding();
	connecting();
	unconnected();
	data();
	readiness();
	buffering();
	bulk();
	return 0;
}
