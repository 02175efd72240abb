// unix_dgram: AF_UNIX datagram and seqpacket sockets as Linux has them. Datagrams keep
// their boundaries: a short read truncates (MSG_TRUNC), MSG_PEEK leaves the message, a
// zero-length one is a message; sendto a named socket and recvfrom its sender's name (or
// none); connect sets the default destination, and a socket connected elsewhere refuses
// others (EPERM); the receiver's closing is ECONNREFUSED once, then ENOTCONN; EMSGSIZE past
// SO_SNDBUF; a full queue blocks, or is EAGAIN with MSG_DONTWAIT; poll's bits. Seqpacket:
// records over a connection, EOF and EPIPE when the peer has gone. sendmmsg, recvmmsg,
// SO_TYPE, SO_SNDBUF as setsockopt doubles it, and a blocking recv that a signal interrupts
// (EINTR) or that SA_RESTART resumes.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "unix_sock.h"

static char dir[] = "/tmp/unix_dgram.XXXXXX";
static int alarms;
static char big[1000];

static void on_alarm(int sig)
{
	alarms++;
}

static int getint(int fd, int opt)
{
	int v = -1;
	socklen_t len = sizeof(v);

	getsockopt(fd, SOL_SOCKET, opt, &v, &len);
	return v;
}

static void pair(void)
{
	int sv[2], n = -1;
	char buf[64] = "";
	struct msghdr m = { 0 };
	struct iovec iov = { buf, 3 };

	TRY("socketpair(AF_UNIX, SOCK_DGRAM)", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	printf("SO_TYPE: %d\n", getint(sv[0], SO_TYPE));
	show_poll("fresh pair", sv[0]);
	TRY("send 5", send(sv[0], "first", 5, 0));
	TRY("send 0", send(sv[0], "", 0, 0));
	TRY("send 6", send(sv[0], "second", 6, 0));
	ioctl(sv[1], FIONREAD, &n);
	printf("FIONREAD (the next message): %d\n", n);
	TRY("recv 2 with MSG_PEEK", recv(sv[1], buf, 2, MSG_PEEK));
	TRY("recv 64", recv(sv[1], buf, 64, 0));
	TRY("recv the empty one", recv(sv[1], buf, 64, 0));
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	TRY("recvmsg 3 of 6", recvmsg(sv[1], &m, 0));
	printf("  MSG_TRUNC %s, \"%.3s\"\n", yes(m.msg_flags & MSG_TRUNC), buf);
	TRY("recv, empty, MSG_DONTWAIT", recv(sv[1], buf, 64, MSG_DONTWAIT));
	send(sv[0], "longer message", 14, 0);
	TRY("recv 4 with MSG_TRUNC: the whole length", recv(sv[1], buf, 4, MSG_TRUNC));
	n = 10000;
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &n, sizeof(n));
	printf("SO_SNDBUF after setting 10000: %d\n", getint(sv[0], SO_SNDBUF));
	n = 1;
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &n, sizeof(n));
	printf("SO_SNDBUF after setting 1: %d\n", getint(sv[0], SO_SNDBUF));
	n = 10000;
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &n, sizeof(n));
	TRY("send 20000 (past SO_SNDBUF)", send(sv[0], malloc(20000), 20000, 0));
	n = 0;
	while (send(sv[0], big, sizeof(big), MSG_DONTWAIT) == sizeof(big))
		n++;
	printf("filling: stops with %s after some: %s\n", ename(errno), yes(n > 0));
	show_poll("full", sv[0]);
	while (recv(sv[1], buf, 64, MSG_DONTWAIT) > 0)
		;
	show_poll("drained", sv[0]);
	TRY("setsockopt SO_REUSEADDR (accepted)", setsockopt(sv[0], SOL_SOCKET, SO_REUSEADDR, &n, sizeof(n)));
	TRY("setsockopt with a short option", setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &n, 2));
	TRY("setsockopt unknown", setsockopt(sv[0], SOL_SOCKET, 999, &n, sizeof(n)));
	TRY("getsockopt unknown", getsockopt(sv[0], SOL_SOCKET, 999, &n, &(socklen_t){ 4 }));
	TRY("getsockopt SOL_TCP-level (6)", getsockopt(sv[0], 6, 1, &n, &(socklen_t){ 4 }));
	TRY("shutdown(SHUT_RD)", shutdown(sv[1], SHUT_RD));
	show_poll("after its own SHUT_RD", sv[1]);
	TRY("recv after own SHUT_RD", recv(sv[1], buf, 64, 0));
	TRY("send to it", send(sv[0], "x", 1, 0));
	close(sv[1]);
	TRY("send after the peer closed", send(sv[0], "x", 1, 0));
	TRY("send again", send(sv[0], "x", 1, 0));
	close(sv[0]);
}

static void named(void)
{
	struct sockaddr_un a, b, from;
	socklen_t alen, blen, flen;
	int s, c, d;
	char buf[16] = "";

	s = socket(AF_UNIX, SOCK_DGRAM, 0);
	alen = sun_at(&a, dir, "server");
	TRY("bind the server", bind(s, (struct sockaddr *)&a, alen));
	c = socket(AF_UNIX, SOCK_DGRAM, 0);
	TRY("send, not connected", send(c, "x", 1, 0));
	TRY("sendto the server (unbound sender)", sendto(c, "anon", 4, 0, (struct sockaddr *)&a, alen));
	flen = sizeof(from);
	TRY("recvfrom", recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen));
	printf("  sender's name length %d\n", (int)flen);
	blen = sun_at(&b, dir, "client");
	bind(c, (struct sockaddr *)&b, blen);
	TRY("sendto the server (bound sender)", sendto(c, "named", 5, 0, (struct sockaddr *)&a, alen));
	flen = sizeof(from);
	memset(&from, 0, sizeof(from));
	TRY("recvfrom", recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen));
	printf("  the sender's name %s\n", yes(flen == blen && strcmp(from.sun_path, b.sun_path) == 0));
	TRY("sendto a missing name", sendto(c, "x", 1, 0, (struct sockaddr *)&from, sun_at(&from, dir, "none")));
	TRY("sendto a bad length", sendto(c, "x", 1, 0, (struct sockaddr *)&a, 1));
	TRY("connect the server to the client", connect(s, (struct sockaddr *)&b, blen));
	d = socket(AF_UNIX, SOCK_DGRAM, 0);
	TRY("a third sends to the server (connected elsewhere)",
	    sendto(d, "x", 1, 0, (struct sockaddr *)&a, alen));
	TRY("the client sends to it", sendto(c, "ok", 2, 0, (struct sockaddr *)&a, alen));
	TRY("recv", recv(s, buf, sizeof(buf), 0));
	TRY("connect to AF_UNSPEC (disconnect)", connect(s, (struct sockaddr *)&(struct sockaddr){ AF_UNSPEC }, sizeof(struct sockaddr)));
	TRY("the third sends now", sendto(d, "x", 1, 0, (struct sockaddr *)&a, alen));
	TRY("connect the client to the server", connect(c, (struct sockaddr *)&a, alen));
	TRY("send", send(c, "via peer", 8, 0));
	TRY("getpeername length", getpeername(c, (struct sockaddr *)&from, &(socklen_t){ sizeof(from) }));
	close(d);
	close(s);
	TRY("send after the server closed", send(c, "x", 1, 0));
	TRY("send again", send(c, "x", 1, 0));
	TRY("connect a stream socket's type to it", connect(socket(AF_UNIX, SOCK_STREAM, 0),
							   (struct sockaddr *)&b, blen));
	close(c);
	unlink(a.sun_path);
	unlink(b.sun_path);
}

static void seqpacket(void)
{
	struct sockaddr_un a;
	socklen_t alen = sun_at(&a, dir, "seq");
	int l, c, s, sv[2];
	char buf[16];

	l = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	bind(l, (struct sockaddr *)&a, alen);
	TRY("listen (seqpacket)", listen(l, 4));
	c = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	TRY("send before connect", send(c, "x", 1, 0));
	TRY("recv before connect", recv(c, buf, 1, MSG_DONTWAIT));
	TRY("connect", connect(c, (struct sockaddr *)&a, alen));
	s = accept(l, NULL, NULL);
	TRY("send 5", send(c, "hello", 5, 0));
	TRY("send 5", send(c, "world", 5, 0));
	TRY("recv 3 (one record, cut)", recv(s, buf, 3, 0));
	TRY("recv 16 (the next record whole)", recv(s, buf, 16, 0));
	close(s);
	show_poll("peer gone", c);
	TRY("recv after the peer closed", recv(c, buf, 16, 0));
	TRY("send after the peer closed (no SIGPIPE for a record)", send(c, "x", 1, 0));
	close(c);
	close(l);
	unlink(a.sun_path);
	TRY("socketpair(AF_UNIX, SOCK_SEQPACKET)", socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv));
	send(sv[0], "one", 3, 0);
	send(sv[0], "two", 3, 0);
	TRY("recv 16", recv(sv[1], buf, 16, 0));
	close(sv[0]);
	close(sv[1]);
}

static void mmsg(void)
{
	int sv[2];
	char b[3][8];
	struct iovec iov[3] = { { "aa", 2 }, { "bbb", 3 }, { "c", 1 } }, riov[3];
	struct mmsghdr m[3], r[3];

	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	memset(m, 0, sizeof(m));
	memset(r, 0, sizeof(r));
	for (int i = 0; i < 3; i++) {
		m[i].msg_hdr.msg_iov = &iov[i];
		m[i].msg_hdr.msg_iovlen = 1;
		riov[i] = (struct iovec){ b[i], sizeof(b[i]) };
		r[i].msg_hdr.msg_iov = &riov[i];
		r[i].msg_hdr.msg_iovlen = 1;
	}
	TRY("sendmmsg 3", sendmmsg(sv[0], m, 3, 0));
	TRY("recvmmsg 3", recvmmsg(sv[1], r, 3, 0, NULL));
	printf("  lengths %u %u %u\n", r[0].msg_len, r[1].msg_len, r[2].msg_len);
	sendmmsg(sv[0], m, 1, 0);
	TRY("recvmmsg MSG_WAITFORONE with one there", recvmmsg(sv[1], r, 3, MSG_WAITFORONE, NULL));
	// sendmsg of two iovecs is one datagram
	m[0].msg_hdr.msg_iov = iov;
	m[0].msg_hdr.msg_iovlen = 3;
	TRY("sendmsg of three iovecs", sendmsg(sv[0], &m[0].msg_hdr, 0));
	TRY("recv", recv(sv[1], b[0], 8, 0));
	printf("  \"%.6s\"\n", b[0]);
	close(sv[0]);
	close(sv[1]);
}

static void interrupted(void)
{
	int sv[2];
	char buf[4];

	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	sigaction(SIGALRM, &(struct sigaction){ .sa_handler = on_alarm }, NULL);
	ualarm(50000, 0);
	TRY("recv that a signal interrupts", recv(sv[1], buf, 4, 0));
	sigaction(SIGALRM, &(struct sigaction){ .sa_handler = on_alarm, .sa_flags = SA_RESTART }, NULL);
	if (fork() == 0) {
		usleep(200000);
		send(sv[0], "late", 4, 0);
		_exit(0);
	}
	ualarm(50000, 0);
	TRY("recv with SA_RESTART: resumed, then the data", recv(sv[1], buf, 4, 0));
	printf("  alarms: %d\n", alarms);
	wait(NULL);
	close(sv[0]);
	close(sv[1]);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (!mkdtemp(dir))
		return 1;
	pair();
	named();
	seqpacket();
	mmsg();
	interrupted();
	TRY("rmdir (nothing left behind)", rmdir(dir));
	return 0;
}
