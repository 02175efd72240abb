/*
 * AF_INET sockets, Linux's net/ipv4/af_inet.c and the port tables of
 * inet_hashtables.c and udp.c, on the loopback device alone; AF_INET6's
 * too (net/ipv6/ has what differs), every address being kept as an
 * in6_addr, IPv4's mapped (::ffff:a.b.c.d).
 *
 * The addresses of this machine are 127.0.0.0/8 and ::1 (lo's, as Linux's
 * local routes for it), and INADDR_ANY and :: stand for them; there is no
 * other route, so another destination is ENETUNREACH, and binding another
 * address EADDRNOTAVAIL, as on a Linux whose only interface is lo.  An
 * AF_INET6 socket bound to :: hears IPv4 too, unless IPV6_V6ONLY.
 *
 * Every inet sock, from its creation to its release, is on inet_sockets:
 * the port tables are that list (a sock with a port, sport != 0, is
 * bound), and /proc/net/tcp, udp, tcp6 and udp6 print it.  A closed TCP socket lets
 * its port go at once: there is no TIME_WAIT.
 */
#include "fs/fs.h"
#include "fs/proc.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "mm/uaccess.h"
#include "net/net.h"
#include "net/sock.h"
#include "net/ipv4/ipv4.h"
#include "net/ipv6/ipv6.h"
#include "net/unix/af_unix.h"

#define SIOCOUTQ	0x5411		/* bytes sent and not yet acknowledged */
#define PROT_SOCK	1024		/* net.ipv4.ip_unprivileged_port_start */
/* Linux's defaults: net.ipv4.tcp_wmem[1] and tcp_rmem[1] (UDP's are net.core's, sk_alloc's) */
#define TCP_SNDBUF	16384
#define TCP_RCVBUF	131072

/* IPPROTO_IP options that are read back as Linux's defaults. */
#define IP_TOS		1
#define IP_TTL		2
#define IPDEFTTL	64

struct sock *inet_sockets;	/* newest first */
int ip_local_port_range[2] = { 32768, 60999 };

/*
 * A type's protocol and operations (Linux's inetsw): TCP for SOCK_STREAM,
 * UDP for SOCK_DGRAM, and ICMP's (ICMPv6's) ping sockets and raw sockets;
 * -ESOCKTNOSUPPORT or -EPROTONOSUPPORT for another.
 */
static int inet_protocol(int type, int protocol, int family, const struct proto_ops **ops)
{
	int v6 = family == AF_INET6;

	if (type == SOCK_STREAM && (protocol == 0 || protocol == IPPROTO_TCP)) {
		*ops = v6 ? &inet6_stream_ops : &inet_stream_ops;
		return IPPROTO_TCP;
	}
	if (type == SOCK_DGRAM && (protocol == 0 || protocol == IPPROTO_UDP)) {
		*ops = v6 ? &inet6_dgram_ops : &inet_dgram_ops;
		return IPPROTO_UDP;
	}
	if ((type == SOCK_DGRAM || type == SOCK_RAW) && protocol == (v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP)) {
		if (type == SOCK_RAW)
			*ops = v6 ? &inet6_raw_ops : &inet_raw_ops;
		else
			*ops = v6 ? &inet6_ping_ops : &inet_ping_ops;
		return protocol;
	}
	if (type != SOCK_STREAM && type != SOCK_DGRAM && type != SOCK_RAW)
		return -ESOCKTNOSUPPORT;
	return -EPROTONOSUPPORT;
}

/*
 * A new socket of AF_INET or AF_INET6 (Linux's inet_create and
 * inet6_create).  A raw socket is root's (CAP_NET_RAW), a ping socket
 * that of the groups of net.ipv4.ping_group_range; a raw socket of
 * another protocol than ICMP (ICMPv6) is EPROTONOSUPPORT, as if its module
 * were missing.
 */
int inet_sk_create(struct socket *sock, int protocol, int family)
{
	const struct proto_ops *ops = NULL;
	int proto;

	if (protocol < 0 || protocol >= 256)
		return -EINVAL;
	if (sock->type == SOCK_RAW && protocol && current->euid)
		return -EPERM;
	if ((proto = inet_protocol(sock->type, protocol, family, &ops)) < 0)
		return proto;
	if ((ops == &inet_ping_ops || ops == &inet6_ping_ops) && !ping_group_allowed())
		return -EACCES;
	sock->ops = ops;
	if (!(sock->sk = inet_sk_alloc(family, sock->type, proto)))
		return -ENOMEM;
	if (sock->type == SOCK_RAW)	/* its port is its protocol (Linux's inet_num) */
		sock->sk->sport = htons(proto);
	sock->sk->socket = sock;
	return 0;
}

static int inet_create(struct socket *sock, int protocol)
{
	return inet_sk_create(sock, protocol, AF_INET);
}

const struct net_proto_family inet_family_ops = {
	.family = AF_INET,
	.create = inet_create,
};

/*
 * A new sock of the family and type, on inet_sockets, with Linux's buffer
 * sizes for it; its address is its family's any (::ffff:0.0.0.0 or ::).
 */
struct sock *inet_sk_alloc(int family, int type, int protocol)
{
	struct sock *sk = sk_alloc(type, protocol);

	if (!sk)
		return NULL;
	if (type == SOCK_STREAM) {
		sk->sndbuf = TCP_SNDBUF;
		sk->rcvbuf = TCP_RCVBUF;
	}
	sk->family = family;
	if (family == AF_INET) {
		ipv6_addr_set_v4mapped(INADDR_ANY, &sk->rcv_saddr);
		ipv6_addr_set_v4mapped(INADDR_ANY, &sk->daddr);
	}
	sk->ipv6only = family == AF_INET6 && ipv6_bindv6only;
	sk->hop_limit = -1;
	sk->inet_next = inet_sockets;
	inet_sockets = sk;
	return sk;
}

/* Its socket is gone: off the list (its port is free), its queue let go. */
void inet_release_sock(struct sock *sk)
{
	struct sock **pp = &inet_sockets;

	while (*pp != sk)
		pp = &(*pp)->inet_next;
	*pp = sk->inet_next;
	sk->dead = 1;
	sk->state = TCP_CLOSE;
	sk->shutdown = SHUTDOWN_MASK;
	sk->socket = NULL;
	skb_queue_purge(&sk->receive_queue);
	sk_wake(sk);
	sock_put(sk);
}

/* --- addresses and ports --- */

/* No address: :: or ::ffff:0.0.0.0 (INADDR_ANY). */
int inet_addr_any(const struct in6_addr *a)
{
	return ipv6_addr_any(a) || (ipv6_addr_v4mapped(a) && a->s6_addr32[3] == INADDR_ANY);
}

/* An address of this machine: any, ::1, or lo's 127.0.0.0/8 (IPv4-mapped). */
int inet_addr_local(const struct in6_addr *a)
{
	if (ipv6_addr_v4mapped(a))
		return a->s6_addr32[3] == INADDR_ANY || (ntohl(a->s6_addr32[3]) >> 24) == 127;
	return ipv6_addr_any(a) || ipv6_addr_loopback(a);
}

/* Where a packet to daddr goes (Linux's ip_route_connect): lo, or -ENETUNREACH. */
int inet_route(const struct in6_addr *daddr)
{
	return inet_addr_local(daddr) && !inet_addr_any(daddr) ? 0 : -ENETUNREACH;
}

/*
 * An AF_INET socket address from the user (an AF_INET6 socket's UDP may
 * give one too, as Linux's ip6_datagram_connect and udpv6_sendmsg take
 * it): *daddr IPv4-mapped, INADDR_ANY being 127.0.0.1.  0 or -errno.
 */
static int inet_addr_from_user(struct sock *sk, const struct sockaddr_in *a, int len,
			       struct in6_addr *daddr, uint16_t *dport)
{
	if (len < (int)sizeof(*a))
		return -EINVAL;
	if (a->sin_family != AF_INET && a->sin_family != AF_UNSPEC)
		return -EAFNOSUPPORT;
	if (sk->ipv6only)		/* an AF_INET6 socket's, v6only: no IPv4 */
		return -ENETUNREACH;
	ipv6_addr_set_v4mapped(a->sin_addr ? a->sin_addr : htonl(INADDR_LOOPBACK), daddr);
	*dport = a->sin_port;
	return 0;
}

/*
 * A destination from the user, in sk's family's socket address, routed:
 * 0 or -errno.  An AF_INET6 UDP socket may give an AF_INET one.
 */
int inet_dest_from_user(struct sock *sk, const void *uaddr, int len, struct in6_addr *daddr,
			uint16_t *dport)
{
	const struct sockaddr_in *a = uaddr;
	int err;

	if (sk->family == AF_INET6 && (sk->type != SOCK_DGRAM || len < 2 ||
				       a->sin_family != AF_INET))
		err = inet6_addr_from_user(sk, uaddr, len, daddr, dport);
	else
		err = inet_addr_from_user(sk, a, len, daddr, dport);
	return err ? err : inet_route(daddr);
}

/*
 * A connect's address checked (Linux's tcp_v4_connect, tcp_v6_connect and
 * the datagram connects): its destination, routed, in *daddr; a socket
 * with no address gets lo's of the destination's kind, 127.0.0.1 or ::1.
 */
int inet_connect_addr(struct sock *sk, const void *uaddr, int len, struct in6_addr *daddr,
		      uint16_t *dport)
{
	int err;

	if ((err = inet_dest_from_user(sk, uaddr, len, daddr, dport)) != 0)
		return err;
	if (inet_addr_any(&sk->rcv_saddr))
		inet_source_addr(daddr, &sk->rcv_saddr);
	return 0;
}

/* The source of a packet to daddr, lo's: 127.0.0.1 (IPv4-mapped) or ::1. */
void inet_source_addr(const struct in6_addr *daddr, struct in6_addr *saddr)
{
	if (ipv6_addr_v4mapped(daddr)) {
		ipv6_addr_set_v4mapped(htonl(INADDR_LOOPBACK), saddr);
	} else {
		memset(saddr, 0, sizeof(*saddr));
		saddr->s6_addr[15] = 1;
	}
}

/* The IPv4 address a bound to a hears, 0 for all; -1 if none (an IPv6 address, or v6only). */
static int64_t inet_v4_heard(const struct in6_addr *a, int ipv6only)
{
	if (ipv6_addr_v4mapped(a))
		return a->s6_addr32[3];
	return ipv6_addr_any(a) && !ipv6only ? INADDR_ANY : -1;
}

/*
 * Do socks bound to a and b hear an address in common (Linux's
 * inet_rcv_saddr_equal with its wildcards)?  :: hears every IPv6 address
 * and, unless v6only, every IPv4 one; ::ffff:0.0.0.0 every IPv4 one.
 */
static int inet_addr_overlap(const struct in6_addr *a, int a_only, const struct in6_addr *b,
			     int b_only)
{
	int64_t a4 = inet_v4_heard(a, a_only), b4 = inet_v4_heard(b, b_only);

	if (ipv6_addr_equal(a, b))
		return 1;
	if (a4 >= 0 && b4 >= 0 && (a4 == INADDR_ANY || b4 == INADDR_ANY || a4 == b4))
		return 1;
	return !ipv6_addr_v4mapped(a) && !ipv6_addr_v4mapped(b) &&
	       (ipv6_addr_any(a) || ipv6_addr_any(b));
}

/*
 * Does sk at addr clash with another owner of the port, at addr2 (v6only:
 * only2) with options opts2, a listener or not (Linux's
 * inet_csk_bind_conflict)?  Not if their addresses do not overlap, or both
 * said SO_REUSEPORT, or both SO_REUSEADDR and the other is not a listener.
 */
int inet_bind_conflict(struct sock *sk, const struct in6_addr *addr, const struct in6_addr *addr2,
		       int only2, uint32_t opts2, int listen2)
{
	uint32_t both = sk->sockopts & opts2;

	if (!inet_addr_overlap(addr2, only2, addr, sk->ipv6only))
		return 0;
	if ((both >> SO_REUSEPORT) & 1)
		return 0;
	return !((both >> SO_REUSEADDR) & 1) || listen2;
}

/*
 * May sk take port at addr (Linux's inet_csk_get_port and
 * udp_lib_lport_inuse)?  Not if another sock of its protocol has it, or
 * (TCP) a connection in TIME_WAIT, in a way that clashes.
 */
int inet_port_taken(struct sock *sk, const struct in6_addr *addr, uint16_t port)
{
	for (struct sock *s = inet_sockets; s; s = s->inet_next)
		if (s != sk && s->protocol == sk->protocol && s->type == sk->type &&
		    s->sport == port && inet_bind_conflict(sk, addr, &s->rcv_saddr, s->ipv6only,
							   s->sockopts, s->state == TCP_LISTEN))
			return 1;
	return sk->protocol == IPPROTO_TCP && tcp_tw_port_taken(sk, addr, port);
}

/*
 * A free port of ip_local_port_range for sk, at the address it has: one
 * after the other from where the last search stopped (Linux's start at a
 * random place, so no program counts on which).  0, or -EADDRINUSE.
 */
static int inet_get_ephemeral(struct sock *sk)
{
	static uint32_t next;
	int low = ip_local_port_range[0], n = ip_local_port_range[1] - low + 1;

	for (int i = 0; i < n; i++) {
		uint16_t port = htons(low + next++ % n);

		if (!inet_port_taken(sk, &sk->rcv_saddr, port)) {
			sk->sport = port;
			return 0;
		}
	}
	return -EADDRINUSE;
}

/* An unbound socket gets a port of its own (Linux's inet_autobind): 0 or -EAGAIN. */
int inet_autobind(struct sock *sk)
{
	if (sk->sport)
		return 0;
	return inet_get_ephemeral(sk) ? -EAGAIN : 0;
}

/*
 * What inet_bind and inet6_bind share, once the address is checked: sk
 * takes addr and port (0: one of the ephemeral ports).  0 or -errno.
 */
int inet_bind_sk(struct sock *sk, const struct in6_addr *addr, uint16_t port)
{
	struct in6_addr any = sk->rcv_saddr;

	sk->rcv_saddr = *addr;
	if (port == 0 && inet_get_ephemeral(sk) == 0)
		return 0;
	if (port == 0 || inet_port_taken(sk, addr, port)) {
		sk->rcv_saddr = any;
		return -EADDRINUSE;
	}
	sk->sport = port;
	return 0;
}

/* bind (Linux's __inet_bind). */
int inet_bind(struct socket *sock, void *uaddr, int len)
{
	struct sockaddr_in *a = uaddr;
	struct sock *sk = sock->sk;
	struct in6_addr addr;
	uint16_t port;

	if (len < (int)sizeof(*a))
		return -EINVAL;
	if (a->sin_family != AF_INET && (a->sin_family != AF_UNSPEC || a->sin_addr != INADDR_ANY))
		return -EAFNOSUPPORT;
	ipv6_addr_set_v4mapped(a->sin_addr, &addr);
	if (!inet_addr_local(&addr))
		return -EADDRNOTAVAIL;
	port = ntohs(a->sin_port);
	if (port && port < PROT_SOCK && current->euid != 0)
		return -EACCES;
	if (sk->state != TCP_CLOSE || sk->sport)
		return -EINVAL;
	return inet_bind_sk(sk, &addr, a->sin_port);
}

/* An address and port as an AF_INET socket address: its length. */
static int inet_fill_name(void *uaddr, const struct in6_addr *addr, uint16_t port)
{
	struct sockaddr_in *a = uaddr;

	memset(a, 0, sizeof(*a));
	a->sin_family = AF_INET;
	a->sin_port = port;
	a->sin_addr = addr->s6_addr32[3];
	return sizeof(*a);
}

/* addr and port as sk's family's socket address: its length. */
int inet_name(struct sock *sk, void *uaddr, const struct in6_addr *addr, uint16_t port)
{
	if (sk->family == AF_INET6)
		return inet6_fill_name(uaddr, addr, port);
	return inet_fill_name(uaddr, addr, port);
}

/* The socket's address, or its peer's (Linux's inet_getname and inet6_getname): its length. */
int inet_getname(struct socket *sock, void *uaddr, int peer)
{
	struct sock *sk = sock->sk;

	if (!peer)
		return inet_name(sk, uaddr, &sk->rcv_saddr, sk->sport);
	if (!sk->dport || (sk->state == TCP_CLOSE && sk->type == SOCK_STREAM))
		return -ENOTCONN;
	return inet_name(sk, uaddr, &sk->daddr, sk->dport);
}

/* The release of a datagram socket, UDP's or ICMP's: nothing to tell anyone. */
void inet_dgram_release(struct socket *sock)
{
	struct sock *sk = sock->sk;

	if (!sk)
		return;
	sock->sk = NULL;
	inet_release_sock(sk);
}

/*
 * connect of a datagram socket, UDP's or ICMP's (Linux's
 * inet_dgram_connect and ip4_datagram_connect): the default destination,
 * and the only sender received from; AF_UNSPEC forgets it.  The socket
 * gets a port, and lo's address if it had none.
 */
int inet_dgram_connect(struct socket *sock, void *uaddr, int len, int flags)
{
	struct sockaddr_in *a = uaddr;
	struct sock *sk = sock->sk;
	struct in6_addr daddr;
	uint16_t dport;
	int err;

	if (len < (int)sizeof(a->sin_family))
		return -EINVAL;
	if (a->sin_family == AF_UNSPEC) {
		memset(&sk->daddr, 0, sizeof(sk->daddr));
		sk->dport = 0;
		sk->state = TCP_CLOSE;
		return 0;
	}
	if (inet_autobind(sk))
		return -EAGAIN;
	if ((err = inet_connect_addr(sk, a, len, &daddr, &dport)) != 0)
		return err;
	sk->daddr = daddr;
	sk->dport = dport;
	sk->state = TCP_ESTABLISHED;
	return 0;
}

/*
 * recv of one datagram, UDP's or ICMP's (Linux's udp_recvmsg and
 * ping_recvmsg): its sender named in the receiver's family's form, and
 * for AF_INET6 the control messages asked for.
 */
long inet_dgram_recvmsg(struct socket *sock, struct msghdr *m, uint32_t size, int flags)
{
	long r = unix_dgram_recvmsg(sock, m, size, flags);
	struct sockaddr_in6 from;

	if (r >= 0 && m->msg_name && m->msg_namelen == sizeof(from)) {
		memcpy(&from, m->msg_name, sizeof(from));
		m->msg_namelen = inet_name(sock->sk, m->msg_name, &from.sin6_addr, from.sin6_port);
	}
	if (r >= 0 && sock->sk->family == AF_INET6)
		ip6_datagram_recv_ctl(sock->sk, m);
	return r;
}

/*
 * How well sock s, bound to its port, hears a packet to daddr: 2 if bound
 * to daddr itself, 1 through a wildcard (INADDR_ANY, or :: if not v6only,
 * for IPv4), 0 not at all.
 */
static int inet_hears(struct sock *s, const struct in6_addr *daddr)
{
	if (ipv6_addr_equal(&s->rcv_saddr, daddr))
		return 2;
	if (ipv6_addr_v4mapped(daddr))
		return inet_v4_heard(&s->rcv_saddr, s->ipv6only) == INADDR_ANY;
	return ipv6_addr_any(&s->rcv_saddr);
}

/*
 * Whom a packet from saddr:sport to daddr:dport reaches: for TCP a
 * listener, for UDP a socket not connected, or connected to the sender;
 * one bound to daddr itself before one bound to a wildcard, as Linux's
 * lookups score them.  Not referenced.
 */
struct sock *inet_lookup(int protocol, const struct in6_addr *saddr, uint16_t sport,
			 const struct in6_addr *daddr, uint16_t dport)
{
	struct sock *any = NULL;

	for (struct sock *s = inet_sockets; s; s = s->inet_next) {
		int score;

		if (s->protocol != protocol || s->sport != dport)
			continue;
		if (protocol == IPPROTO_TCP ? s->state != TCP_LISTEN :
		    s->dport && (!ipv6_addr_equal(&s->daddr, saddr) || s->dport != sport))
			continue;
		if ((score = inet_hears(s, daddr)) == 2)
			return s;
		if (score && !any)
			any = s;
	}
	return any;
}

/*
 * shutdown (Linux's inet_shutdown): an unconnected socket is marked
 * anyway, which wakes its readers, and says ENOTCONN; a TCP connection
 * tells its peer it sends no more; a listener that stops receiving stops
 * listening.
 */
int inet_shutdown(struct socket *sock, int how)
{
	struct sock *sk = sock->sk, *peer = sk->peer;
	int mode = how + 1, err = 0;

	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	if (sk->state == TCP_LISTEN) {
		if (mode & RCV_SHUTDOWN)
			tcp_disconnect_listener(sk);
		return 0;
	}
	if (sk->state == TCP_CLOSE)
		err = -ENOTCONN;
	if (peer && (mode & SEND_SHUTDOWN) && !(sk->shutdown & SEND_SHUTDOWN))
		tcp_fin(sk);
	sk->shutdown |= mode;
	sk_wake(sk);
	return err;
}

/* SIOCINQ (FIONREAD) as AF_UNIX's; nothing waits unsent (SIOCOUTQ). */
long inet_ioctl(struct socket *sock, uint32_t cmd, uint32_t arg)
{
	int n = 0;

	if (cmd == SIOCOUTQ) {
		if (sock->sk->state == TCP_LISTEN)
			return -EINVAL;
		return copy_to_user((void *)arg, &n, sizeof(n)) ? -EFAULT : 0;
	}
	return unix_ioctl(sock, cmd, arg);
}

/* --- options --- */

#define TCP_NODELAY	1
#define TCP_MAXSEG	2
#define TCP_CORK	3
#define TCP_KEEPIDLE	4
#define TCP_KEEPINTVL	5
#define TCP_KEEPCNT	6
#define TCP_MSS_DEFAULT	536		/* before a connection */
#define TCP_MSS_LO	32768		/* Linux 6.18 on lo (65483, the MTU less the headers, before) */

/*
 * Options of IPPROTO_TCP (TCP_NODELAY kept and read back; the keepalive
 * times and the others taken, without effect) and IPPROTO_IP (taken):
 * Linux's do_tcp_setsockopt and do_ip_setsockopt for what programs set.
 */
int inet_setsockopt(struct socket *sock, int level, int optname, int val)
{
	if (level == IPPROTO_TCP && sock->type == SOCK_STREAM) {
		switch (optname) {
		case TCP_NODELAY:
			sock->sk->nodelay = val != 0;
			return 0;
		case TCP_KEEPIDLE: case TCP_KEEPINTVL: case TCP_KEEPCNT:
			return val < 1 || val > 32767 ? -EINVAL : 0;
		case TCP_MAXSEG: case TCP_CORK:
			return 0;
		}
	}
	if (level == IPPROTO_IP && (optname == IP_TOS || optname == IP_TTL))
		return 0;
	if (level == IPPROTO_IPV6 && sock->sk->family == AF_INET6)
		return ipv6_setsockopt(sock, optname, val);
	return -ENOPROTOOPT;
}

/* Their values: TCP_NODELAY's, and Linux's defaults for the rest. */
int inet_getsockopt(struct socket *sock, int level, int optname, int *val)
{
	struct sock *sk = sock->sk;

	if (level == IPPROTO_TCP && sock->type == SOCK_STREAM) {
		switch (optname) {
		case TCP_NODELAY:	*val = sk->nodelay; return 0;
		case TCP_MAXSEG:
			*val = sk->state == TCP_ESTABLISHED ? TCP_MSS_LO : TCP_MSS_DEFAULT;
			return 0;
		case TCP_CORK:		*val = 0; return 0;
		case TCP_KEEPIDLE:	*val = 7200; return 0;
		case TCP_KEEPINTVL:	*val = 75; return 0;
		case TCP_KEEPCNT:	*val = 9; return 0;
		}
	}
	if (level == IPPROTO_IP && optname == IP_TOS) {
		*val = 0;
		return 0;
	}
	if (level == IPPROTO_IP && optname == IP_TTL) {
		*val = IPDEFTTL;
		return 0;
	}
	if (level == IPPROTO_IPV6 && sk->family == AF_INET6)
		return ipv6_getsockopt(sock, optname, val);
	return -ENOPROTOOPT;
}

/* --- /proc/net/tcp, udp, tcp6 and udp6 --- */

/*
 * Linux prints an address as the hex of its network-order words (IPv4's
 * one, IPv6's four), a port in host order.
 */
static void inet_show_addr(struct seq_file *m, const struct in6_addr *a, uint16_t port, int family)
{
	if (family == AF_INET)
		seq_printf(m, "%08X:%04X", a->s6_addr32[3], ntohs(port));
	else
		seq_printf(m, "%08X%08X%08X%08X:%04X", a->s6_addr32[0], a->s6_addr32[1],
			   a->s6_addr32[2], a->s6_addr32[3], ntohs(port));
}

void inet_show_addrs(struct seq_file *m, int family, const struct in6_addr *saddr, uint16_t sport,
		     const struct in6_addr *daddr, uint16_t dport, int state)
{
	inet_show_addr(m, saddr, sport, family);
	seq_printf(m, " ");
	inet_show_addr(m, daddr, dport, family);
	seq_printf(m, " %02X", state);
}

static void inet_show_sock(struct seq_file *m, struct sock *s)
{
	inet_show_addrs(m, s->family, &s->rcv_saddr, s->sport, &s->daddr, s->dport, s->state);
}

static uint32_t inet_ino(struct sock *s)
{
	return s->socket ? s->socket->inode->ino : 0;
}

static uint32_t inet_uid(struct sock *s)
{
	return s->socket ? s->socket->inode->uid : 0;
}

static uint32_t inet_rqueue(struct sock *s)
{
	uint32_t n = 0;

	for (struct sk_buff *skb = s->receive_queue.head; skb; skb = skb->next)
		n += skb->len - skb->off;
	return n;
}

/* Linux pads tcp's lines to 149 columns, udp's to 127; tcp6's and udp6's not. */
void inet_show_end(struct seq_file *m, uint64_t line, int family, int width)
{
	if (family == AF_INET)
		seq_pad_to(m, line, width);
	seq_printf(m, "\n");
}

static void tcp_show_sock(struct seq_file *m, struct sock *s, int i)
{
	uint64_t line = m->count;

	seq_printf(m, "%4d: ", i);
	inet_show_sock(m, s);
	seq_printf(m, " %08X:%08X 00:00000000 00000000 %5u %8d %u %d %08x 20 4 30 10 -1",
		   0, s->state == TCP_LISTEN ? (uint32_t)s->ack_backlog : inet_rqueue(s),
		   inet_uid(s), 0, inet_ino(s), s->refcnt, (uint32_t)(uintptr_t)s);
	inet_show_end(m, line, s->family, 149);
}

/*
 * Linux's tcp4_seq_show and tcp6_seq_show: a line per listener of the
 * family, then per connection (a socket only bound is in neither of
 * Linux's tables), then per connection in TIME_WAIT; a listener's receive
 * queue is its connections not yet accepted.  The timers, retransmits and congestion window are those of a
 * loopback connection at rest.
 */
static void tcp_seq_show(struct seq_file *m, int family, const char *header)
{
	int i = 0;
	uint64_t line = m->count;

	seq_printf(m, "%s", header);
	inet_show_end(m, line, family, 149);
	for (int listeners = 1; listeners >= 0; listeners--)
		for (struct sock *s = inet_sockets; s; s = s->inet_next)
			if (s->protocol == IPPROTO_TCP && s->family == family &&
			    s->state != TCP_CLOSE && (s->state == TCP_LISTEN) == listeners)
				tcp_show_sock(m, s, i++);
	tcp_tw_seq_show(m, family, &i);
}

void proc_net_tcp_show(struct seq_file *m, const void *unused)
{
	tcp_seq_show(m, AF_INET, "  sl  local_address rem_address   st tx_queue rx_queue tr "
		     "tm->when retrnsmt   uid  timeout inode");
}

void proc_net_tcp6_show(struct seq_file *m, const void *unused)
{
	tcp_seq_show(m, AF_INET6, "  sl  local_address                         remote_address"
		     "                        st tx_queue rx_queue tr tm->when retrnsmt   uid  "
		     "timeout inode");
}

/* Linux's udp4_seq_show and udp6_seq_show: a line per UDP socket of the family with a port. */
static void udp_seq_show(struct seq_file *m, int family, const char *header)
{
	uint64_t line = m->count;

	seq_printf(m, "%s", header);
	inet_show_end(m, line, family, 127);
	for (struct sock *s = inet_sockets; s; s = s->inet_next) {
		if (s->protocol != IPPROTO_UDP || s->family != family || !s->sport)
			continue;
		line = m->count;
		seq_printf(m, "%5d: ", ntohs(s->sport) & 127);	/* Linux's hash slot */
		inet_show_sock(m, s);
		seq_printf(m, " %08X:%08X 00:00000000 00000000 %5u %8d %u %d %08x 0", 0,
			   inet_rqueue(s), inet_uid(s), 0, inet_ino(s), s->refcnt,
			   (uint32_t)(uintptr_t)s);
		inet_show_end(m, line, family, 127);
	}
}

void proc_net_udp_show(struct seq_file *m, const void *unused)
{
	udp_seq_show(m, AF_INET, "   sl  local_address rem_address   st tx_queue rx_queue tr "
		     "tm->when retrnsmt   uid  timeout inode ref pointer drops");
}

void proc_net_udp6_show(struct seq_file *m, const void *unused)
{
	udp_seq_show(m, AF_INET6, "  sl  local_address                         remote_address"
		     "                        st tx_queue rx_queue tr tm->when retrnsmt   uid  "
		     "timeout inode ref pointer drops");
}
