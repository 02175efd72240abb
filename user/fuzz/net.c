// Operations on sockets, AF_UNIX's most: socket and socketpair of every type (and other
// families: AF_INET's and AF_INET6's TCP and UDP on lo, AF_INET's ping and raw ICMP sockets
// with echo requests, right and wrong, AF_NETLINK's NETLINK_ROUTE with requests of its
// own, and types that fail), names in the worker's directory and in the abstract namespace,
// addresses on lo (a few ports, so that sockets meet; IPv4, IPv6 and IPv4-mapped) and off it,
// listen, connect, accept, data both ways, SCM_RIGHTS with any of our descriptors (our
// sockets too: cycles in flight for the collector), SCM_CREDENTIALS, options, shutdown,
// and the same calls through socketcall(2). Nothing may block: each socket is made
// SOCK_NONBLOCK, made so again before a connect or accept (a child shares the open file,
// and file.c never sees these descriptors: they are not in fds[]), and every send and
// recv says MSG_DONTWAIT. Descriptors that arrive by SCM_RIGHTS are closed at once.
#include "fuzz.h"

#include <fcntl.h>
#include <linux/net.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define NSOCK 8

static int socks[NSOCK] = { -1, -1, -1, -1, -1, -1, -1, -1 };

// Is fd one of our sockets? file.c's dup2 must not land on one.
int net_holds(long fd)
{
	for (int i = 0; i < NSOCK; i++)
		if (socks[i] >= 0 && socks[i] == fd)
			return 1;
	return 0;
}

// One of our sockets, or a bad descriptor now and then (or when we have none).
static long some_sock(void)
{
	int live[NSOCK], n = 0;

	for (int i = 0; i < NSOCK; i++)
		if (socks[i] >= 0)
			live[n++] = socks[i];
	return n && chance(95) ? live[below(n)] : bad_fd();
}

static void keep(long fd)
{
	int i = below(NSOCK);

	if (fd < 0)
		return;
	if (socks[i] >= 0)
		SC(SYS_close, socks[i], 0, 0, 0, 0);
	socks[i] = fd;
}

static void nonblock(long fd)
{
	SC(SYS_fcntl64, fd, F_SETFL, O_NONBLOCK, 0, 0);
}

// An AF_INET6 address: ::1, ::, ::ffff:127.0.0.1, or off lo (2001:db8::1, fe80::1),
// port 0 or one of four, sometimes a scope id; its length in *len.
static struct sockaddr_un *some_inet6_addr(struct sockaddr_un *a, socklen_t *len)
{
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)a;
	static const unsigned char prefixes[][4] = { { 0 }, { 0x20, 0x01, 0x0d, 0xb8 }, { 0xfe, 0x80 } };

	*len = chance(85) ? sizeof(*in6) : chance(50) ? 24 : below(30);
	in6->sin6_family = chance(95) ? AF_INET6 : AF_INET;
	in6->sin6_port = chance(20) ? 0 : htons(40000 + below(4));
	in6->sin6_scope_id = chance(10) ? below(3) : 0;
	if (chance(30)) {		// ::ffff:127.0.0.1
		in6->sin6_addr.s6_addr[10] = in6->sin6_addr.s6_addr[11] = 0xff;
		in6->sin6_addr.s6_addr32[3] = htonl(0x7f000001);
		return a;
	}
	memcpy(&in6->sin6_addr, prefixes[chance(80) ? 0 : below(3)], 4);
	in6->sin6_addr.s6_addr[15] = chance(70);	// ::1 or ::
	return a;
}

// An AF_INET address on lo (127.0.0.x or INADDR_ANY, port 0 or one of four), off it,
// AF_INET6's, or AF_NETLINK's (the kernel, or a port id); its length in *len.
static struct sockaddr_un *some_inet_addr(socklen_t *len)
{
	static struct sockaddr_un a;
	struct sockaddr_in *in = (struct sockaddr_in *)&a;
	struct sockaddr_nl *nl = (struct sockaddr_nl *)&a;

	memset(&a, 0, sizeof(a));
	*len = chance(90) ? sizeof(*in) : below(20);
	if (chance(20)) {
		nl->nl_family = AF_NETLINK;
		nl->nl_pid = chance(70) ? 0 : below(4);
		return &a;
	}
	if (chance(35))
		return some_inet6_addr(&a, len);
	in->sin_family = chance(95) ? AF_INET : AF_UNSPEC;
	in->sin_port = chance(20) ? 0 : htons(40000 + below(4));
	in->sin_addr.s_addr = htonl(chance(10) ? 0x0a000001 : chance(20) ? 0 : 0x7f000001 + below(2));
	return &a;
}

// An address: one of a few names of ours (a path in the run's directory, or abstract and
// this process's own), the family alone (autobind), or garbage; its length in *len.
static struct sockaddr_un *some_addr(socklen_t *len)
{
	static struct sockaddr_un a;
	static const socklen_t odd[] = { 0, 1, 2, 3, sizeof(a), sizeof(a) + 1, 0x80000000u };
	int n = below(4);

	if (chance(25))
		return some_inet_addr(len);
	memset(&a, 0, sizeof(a));
	a.sun_family = chance(95) ? AF_UNIX : below(50);
	switch (below(5)) {
	case 0:
		*len = PICK(odd);
		return &a;
	case 1:
		snprintf(a.sun_path + 1, sizeof(a.sun_path) - 1, "fuzz-%d-%d", getpid(), n);
		*len = offsetof(struct sockaddr_un, sun_path) + 1 + strlen(a.sun_path + 1);
		return &a;
	default:
		snprintf(a.sun_path, sizeof(a.sun_path), "%s/s%d", dir, n);
		// a length that cuts the name leaves it in dir: "dir/s" (a name made outside the
		// run's directory would outlive it, "/tmp/fuzz.E" or "/tm")
		*len = chance(80) ? sizeof(a) : offsetof(struct sockaddr_un, sun_path) + strlen(dir) + 2 + below(3);
		return &a;
	}
}

// Ping sockets are for the groups of net.ipv4.ping_group_range, by default nobody's: ours.
static void allow_ping(void)
{
	static int done;
	int fd;

	if (done++)
		return;
	fd = SC(SYS_open, (long)"/proc/sys/net/ipv4/ping_group_range", O_WRONLY, 0, 0, 0);
	SC(SYS_write, fd, (long)"0 2147483647", 12, 0, 0);
	SC(SYS_close, fd, 0, 0, 0, 0);
}

static void make(void)
{
	static const long types[] = { SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_RAW, SOCK_RDM, 0, 11 };
	static const long protocols[] = { 1 /* ICMP */, 2, 6, 17, 58 /* ICMPV6 */ };
	long type = PICK(types) | SOCK_NONBLOCK | (chance(30) ? SOCK_CLOEXEC : 0);
	long family = chance(70) ? AF_UNIX :
		      PICK(((const long[]){ AF_INET, AF_INET, AF_INET, AF_NETLINK, AF_INET6, AF_INET6, 0, 99 }));
	int *sv = (int *)scratch;

	allow_ping();
	if (chance(50)) {
		keep(SC(SYS_socket, family, type | (chance(3) ? 0x100 : 0),
			chance(80) ? 0 : chance(80) ? PICK(protocols) : below(3), 0, 0));
		return;
	}
	sv[0] = sv[1] = -1;
	if (SC(SYS_socketpair, family, type, 0, chance(95) ? (long)sv : bad_ptr(), 0) == 0) {
		keep(sv[0]);
		keep(sv[1]);
	}
}

// A control buffer: SCM_RIGHTS with some of our descriptors (sockets among them), or
// SCM_CREDENTIALS, right or wrong, or garbage; its length in *len.
static void *some_control(size_t *len)
{
	char *buf = scratch + 512;
	struct cmsghdr *c = (struct cmsghdr *)buf;
	int n = below(5);

	memset(buf, 0, 256);
	c->cmsg_level = chance(95) ? SOL_SOCKET : below(300);
	if (chance(60)) {
		c->cmsg_type = SCM_RIGHTS;
		for (int i = 0; i < n; i++)
			((int *)CMSG_DATA(c))[i] = chance(60) ? some_sock() : fd_any();
		c->cmsg_len = CMSG_LEN(n * sizeof(int));
	} else {
		struct ucred u = { getpid(), getuid(), getgid() };

		if (chance(20))
			u.pid = 1;
		c->cmsg_type = chance(90) ? SCM_CREDENTIALS : below(5);
		memcpy(CMSG_DATA(c), &u, sizeof(u));
		c->cmsg_len = CMSG_LEN(sizeof(u)) - (chance(10) ? 4 : 0);
	}
	if (chance(5))
		c->cmsg_len = below(300);
	*len = chance(90) ? CMSG_SPACE(c->cmsg_len) : below(300);
	return chance(95) ? buf : (void *)bad_ptr();
}

static void send_some(long fd)
{
	static struct iovec iov[3];
	struct msghdr *m = (struct msghdr *)(scratch + 256);
	long flags = MSG_DONTWAIT | (chance(70) ? MSG_NOSIGNAL : 0) | (chance(5) ? MSG_OOB : 0);
	socklen_t alen;
	size_t clen;

	for (int i = 0; i < 3; i++)
		iov[i] = (struct iovec){ (void *)ptr(PG), chance(90) ? below(PG) : (size_t)size() };
	if (chance(10)) {	// an ICMP or ICMPv6 echo request, its checksum right or not, for lo or off it
		unsigned char *e = (unsigned char *)scratch + 1700;
		int n = 8 + below(64);
		unsigned sum = 0;
		struct sockaddr_un *a;

		memset(e, 0, n);
		e[0] = chance(80) ? PICK(((const unsigned char[]){ 8, 128 })) : below(20);
		for (int i = 0; i + 1 < n; i += 2)
			sum += e[i] | e[i + 1] << 8;
		if (n & 1)
			sum += e[n - 1];
		sum = (sum & 0xffff) + (sum >> 16);
		sum += sum >> 16;
		e[2] = ~sum & 0xff;
		e[3] = (~sum >> 8 & 0xff) + chance(10);
		a = some_inet_addr(&alen);
		SC(SYS_sendto, fd, (long)e, n, flags, chance(80) ? (long)a : 0);
		return;
	}
	if (chance(15)) {	// a NETLINK_ROUTE request, right or wrong
		struct nlmsghdr *h = (struct nlmsghdr *)(scratch + 1536);

		memset(h, 0, 64);
		h->nlmsg_len = chance(90) ? 32 : below(80);
		h->nlmsg_type = chance(90) ? RTM_GETLINK + 4 * below(3) : below(40);
		h->nlmsg_flags = NLM_F_REQUEST | (chance(70) ? NLM_F_DUMP : 0) | (chance(30) ? NLM_F_ACK : 0);
		((int *)(h + 1))[1] = below(3);		// ifi_index
		SC(SYS_sendto, fd, (long)h, chance(90) ? 32 : below(64), flags, 0);
		return;
	}
	switch (below(3)) {
	case 0:
		SC(SYS_sendto, fd, ptr(PG), below(3 * PG), flags, 0);
		break;
	case 1: {
		struct sockaddr_un *a = some_addr(&alen);
		SC(SYS_sendto, fd, ptr(PG), below(PG), flags, chance(90) ? (long)a : bad_ptr());
		break;
	}
	default:
		memset(m, 0, sizeof(*m));
		m->msg_iov = chance(95) ? iov : (struct iovec *)bad_ptr();
		m->msg_iovlen = below(4);
		if (chance(30))
			m->msg_name = some_addr(&m->msg_namelen);
		if (chance(60)) {
			m->msg_control = some_control(&clen);
			m->msg_controllen = clen;
		}
		SC(SYS_sendmsg, fd, m, flags, 0, 0);
	}
}

// What arrived by SCM_RIGHTS is closed: the process keeps only what it made.
static void close_received(struct msghdr *m)
{
	if ((uintptr_t)m->msg_control < 0x1000 || m->msg_control != scratch + 1024)
		return;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
			for (size_t i = 0; i < (c->cmsg_len - CMSG_LEN(0)) / sizeof(int); i++)
				SC(SYS_close, ((int *)CMSG_DATA(c))[i], 0, 0, 0, 0);
}

static void recv_some(long fd)
{
	static struct iovec iov[2];
	struct msghdr *m = (struct msghdr *)(scratch + 256);
	long flags = MSG_DONTWAIT | (chance(20) ? MSG_PEEK : 0) | (chance(10) ? MSG_TRUNC : 0) |
		     (chance(10) ? MSG_WAITALL : 0) | (chance(20) ? MSG_CMSG_CLOEXEC : 0);
	socklen_t *alen = (socklen_t *)(scratch + 512);

	for (int i = 0; i < 2; i++)
		iov[i] = (struct iovec){ (void *)ptr(PG), below(PG) };
	if (chance(30)) {
		*alen = below(120);
		SC(SYS_recvfrom, fd, ptr(PG), below(2 * PG), flags, chance(50) ? (long)(scratch + 600) : 0);
		return;
	}
	memset(m, 0, sizeof(*m));
	m->msg_iov = chance(95) ? iov : (struct iovec *)bad_ptr();
	m->msg_iovlen = below(3);
	m->msg_name = chance(50) ? scratch + 600 : NULL;
	m->msg_namelen = below(120);
	m->msg_control = chance(90) ? scratch + 1024 : (void *)bad_ptr();
	m->msg_controllen = chance(90) ? below(64) : 0;
	if (SC(SYS_recvmsg, fd, m, flags, 0, 0) >= 0)
		close_received(m);
}

static void options(long fd)
{
	static const long names[] = { SO_TYPE, SO_ERROR, SO_SNDBUF, SO_RCVBUF, SO_PASSCRED,
				      SO_PEERCRED, SO_ACCEPTCONN, SO_REUSEADDR, SO_LINGER, SO_KEEPALIVE,
				      SO_REUSEPORT, 26 /* IPV6_V6ONLY */, 999 };
	static const long levels[] = { IPPROTO_TCP, IPPROTO_IP, IPPROTO_IPV6, 255 /* SOL_RAW */,
				       270 /* SOL_NETLINK */, 300 };
	int *v = (int *)(scratch + 256);
	socklen_t *len = (socklen_t *)(scratch + 300);

	*v = chance(50) ? 1 : (int)size();
	*len = chance(80) ? 4 : below(20);
	if (chance(50))
		SC(SYS_setsockopt, fd, chance(80) ? SOL_SOCKET : PICK(levels), PICK(names), v, *len);
	else
		SC(SYS_getsockopt, fd, chance(80) ? SOL_SOCKET : PICK(levels), PICK(names),
		   chance(95) ? (long)v : bad_ptr(), chance(95) ? (long)len : bad_ptr());
}

void op_net(void)
{
	long fd = some_sock();
	socklen_t alen, *lenp = (socklen_t *)(scratch + 100);
	struct sockaddr_un *a;
	long args[6];

	switch (fd < 0 ? 0 : below(14)) {
	case 0:
	case 1:
		make();
		break;
	case 2:
		a = some_addr(&alen);
		SC(SYS_bind, fd, chance(95) ? (long)a : bad_ptr(), alen, 0, 0);
		break;
	case 3:
		SC(SYS_listen, fd, chance(80) ? below(4) : -1, 0, 0, 0);
		break;
	case 4:
		nonblock(fd);
		a = some_addr(&alen);
		SC(SYS_connect, fd, a, alen, 0, 0);
		break;
	case 5:
		nonblock(fd);
		*lenp = below(120);
		keep(SC(SYS_accept4, fd, chance(50) ? (long)(scratch + 600) : 0, lenp,
			SOCK_NONBLOCK | (chance(10) ? 1 : 0), 0));
		break;
	case 6:
	case 7:
		send_some(fd);
		break;
	case 8:
	case 9:
		recv_some(fd);
		break;
	case 10:
		options(fd);
		break;
	case 11:
		*lenp = below(120);
		SC(chance(50) ? SYS_getsockname : SYS_getpeername, fd,
		   chance(95) ? (long)(scratch + 600) : bad_ptr(), chance(95) ? (long)lenp : bad_ptr(), 0, 0);
		((long *)(scratch + 700))[0] = below(64);	// SIOCGIFCONF's: room, and where
		((long *)(scratch + 700))[1] = chance(50) ? (long)(scratch + 800) : 0;
		SC(SYS_ioctl, fd, PICK(((const long[]){ FIONREAD, TIOCOUTQ, SIOCGIFCONF, SIOCGIFFLAGS,
						       SIOCGIFADDR, SIOCGIFNAME, SIOCGIFMTU, 0x89ff })),
		   chance(95) ? (long)(scratch + 700) : bad_ptr(), 0, 0);
		break;
	case 12:
		if (chance(50)) {
			SC(SYS_shutdown, fd, below(4), 0, 0, 0);
		} else {
			for (int i = 0; i < NSOCK; i++)
				if (socks[i] == fd && chance(50)) {
					SC(SYS_close, fd, 0, 0, 0, 0);
					socks[i] = -1;
				}
		}
		break;
	default:	// socketcall: recv, send or a bad call, the arguments in memory
		args[0] = fd;
		args[1] = ptr(PG);
		args[2] = below(PG);
		args[3] = MSG_DONTWAIT | MSG_NOSIGNAL;
		SC(SYS_socketcall, PICK(((const long[]){ SYS_RECV, SYS_SEND, 0, 21, SYS_GETSOCKNAME })),
		   chance(95) ? (long)args : bad_ptr(), 0, 0, 0);
		break;
	}
}
