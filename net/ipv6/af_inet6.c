/*
 * AF_INET6 sockets, Linux's net/ipv6/af_inet6.c, ipv6_sockglue.c and the
 * parts of tcp_ipv6.c and datagram.c that read socket addresses, on the
 * loopback device alone: ::1 (lo's address), :: (in6addr_any) and the
 * IPv4-mapped addresses (::ffff:127.0.0.1), which reach AF_INET's.
 *
 * TCP and UDP are net/ipv4's: every inet sock keeps its addresses as an
 * in6_addr, so that one lookup finds a sock of either family, an AF_INET6
 * one bound to :: hearing IPv4 too unless IPV6_V6ONLY (or
 * net.ipv6.bindv6only) says not.
 */
#include "fs/fs.h"
#include "fs/proc.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "net/net.h"
#include "net/sock.h"
#include "net/ipv4/ipv4.h"
#include "net/ipv6/ipv6.h"
#include "net/scm.h"

#define PROT_SOCK		1024	/* net.ipv4.ip_unprivileged_port_start, IPv6's too */
#define IPV6_UNICAST_HOPS	16
#define IPV6_MULTICAST_HOPS	18
#define IPV6_MULTICAST_LOOP	19
#define IPV6_V6ONLY		26
#define IPV6_2292HOPLIMIT	8	/* RFC 2292's: the option and its control message */
#define IPV6_RECVHOPLIMIT	51
#define IPV6_HOPLIMIT		52	/* IPV6_RECVHOPLIMIT's control message */
#define RXHLIM(opt)		(1 << ((opt) == IPV6_2292HOPLIMIT))	/* its bit in rxhlim */
#define IPV6_TCLASS		67
#define IPV6_DEFAULT_HOPLIMIT	64	/* net.ipv6.conf.all.hop_limit */

int ipv6_bindv6only;	/* net.ipv6.bindv6only: 0, an AF_INET6 socket hears IPv4 too */

static int inet6_create(struct socket *sock, int protocol)
{
	return inet_sk_create(sock, protocol, AF_INET6);
}

const struct net_proto_family inet6_family_ops = {
	.family = AF_INET6,
	.create = inet6_create,
};

/* fe80::/10, whose addresses name an interface by sin6_scope_id. */
static int ipv6_addr_linklocal(const struct in6_addr *a)
{
	return (a->s6_addr[0] == 0xfe) && (a->s6_addr[1] & 0xc0) == 0x80;
}

/*
 * A destination from the user as an AF_INET6 socket address (Linux's
 * tcp_v6_connect and __ip6_datagram_connect): :: is lo (::1, or 127.0.0.1
 * for a socket bound IPv4-mapped); an IPv4-mapped one reaches AF_INET's,
 * unless the socket is v6only; a link-local one needs its interface.
 * 0 or -errno; the route is the caller's.
 */
int inet6_addr_from_user(struct sock *sk, const void *uaddr, int len, struct in6_addr *daddr,
			 uint16_t *dport)
{
	const struct sockaddr_in6 *a = uaddr;

	if (len < SIN6_LEN_RFC2133)
		return -EINVAL;
	if (a->sin6_family != AF_INET6)
		return -EAFNOSUPPORT;
	*daddr = a->sin6_addr;
	*dport = a->sin6_port;
	if (ipv6_addr_any(daddr) && ipv6_addr_v4mapped(&sk->rcv_saddr))
		ipv6_addr_set_v4mapped(INADDR_ANY, daddr);
	if (inet_addr_any(daddr))
		inet_source_addr(daddr, daddr);
	if (ipv6_addr_v4mapped(daddr) && sk->ipv6only)
		return -ENETUNREACH;
	if (ipv6_addr_linklocal(daddr) && (len < (int)sizeof(*a) || !a->sin6_scope_id))
		return -EINVAL;
	return 0;
}

/*
 * bind (Linux's inet6_bind and __inet6_bind): ::, ::1 or an IPv4-mapped
 * address of lo's; a socket bound to an address of its own (not :: nor
 * IPv4-mapped) is v6only from then on, as Linux's.
 */
int inet6_bind(struct socket *sock, void *uaddr, int len)
{
	struct sockaddr_in6 *a = uaddr;
	struct sock *sk = sock->sk;
	uint16_t port;
	int mapped = ipv6_addr_v4mapped(&a->sin6_addr), v6only = sk->ipv6only, err;

	if (len < SIN6_LEN_RFC2133)
		return -EINVAL;
	if (a->sin6_family != AF_INET6)
		return -EAFNOSUPPORT;
	port = ntohs(a->sin6_port);
	if (port && port < PROT_SOCK && current->euid != 0)
		return -EACCES;
	if (sk->state != TCP_CLOSE || sk->sport)
		return -EINVAL;
	if (mapped && sk->ipv6only)
		return -EINVAL;
	if (!inet_addr_local(&a->sin6_addr))
		return -EADDRNOTAVAIL;
	if (!mapped && !ipv6_addr_any(&a->sin6_addr))
		sk->ipv6only = 1;
	if ((err = inet_bind_sk(sk, &a->sin6_addr, a->sin6_port)) != 0)
		sk->ipv6only = v6only;
	return err;
}

/* An address and port as an AF_INET6 socket address: its length. */
int inet6_fill_name(void *uaddr, const struct in6_addr *addr, uint16_t port)
{
	struct sockaddr_in6 *a = uaddr;

	memset(a, 0, sizeof(*a));
	a->sin6_family = AF_INET6;
	a->sin6_port = port;
	a->sin6_addr = *addr;
	return sizeof(*a);
}

/*
 * IPPROTO_IPV6 options (Linux's do_ipv6_setsockopt): IPV6_V6ONLY before
 * bind, IPV6_UNICAST_HOPS (-1 is the default), IPV6_RECVHOPLIMIT and
 * RFC 2292's IPV6_2292HOPLIMIT kept and read back; the others programs set
 * are taken.
 */
int ipv6_setsockopt(struct socket *sock, int optname, int val)
{
	struct sock *sk = sock->sk;

	switch (optname) {
	case IPV6_V6ONLY:
		if (sk->sport)
			return -EINVAL;
		sk->ipv6only = val != 0;
		return 0;
	case IPV6_UNICAST_HOPS:
		if (val < -1 || val > 255)
			return -EINVAL;
		sk->hop_limit = val;
		return 0;
	case IPV6_RECVHOPLIMIT: case IPV6_2292HOPLIMIT:
		sk->rxhlim = val ? sk->rxhlim | RXHLIM(optname) : sk->rxhlim & ~RXHLIM(optname);
		return 0;
	case IPV6_MULTICAST_HOPS: case IPV6_MULTICAST_LOOP: case IPV6_TCLASS:
		return 0;
	}
	return -ENOPROTOOPT;
}

/* Their values (Linux's do_ipv6_getsockopt): the kept ones, Linux's defaults for the rest. */
int ipv6_getsockopt(struct socket *sock, int optname, int *val)
{
	struct sock *sk = sock->sk;

	switch (optname) {
	case IPV6_V6ONLY:		*val = sk->ipv6only; return 0;
	case IPV6_RECVHOPLIMIT: case IPV6_2292HOPLIMIT:
		*val = (sk->rxhlim & RXHLIM(optname)) != 0;
		return 0;
	case IPV6_UNICAST_HOPS:
		*val = sk->hop_limit < 0 ? IPV6_DEFAULT_HOPLIMIT : sk->hop_limit;
		return 0;
	case IPV6_MULTICAST_HOPS:	*val = 1; return 0;
	case IPV6_MULTICAST_LOOP:	*val = 1; return 0;
	case IPV6_TCLASS:		*val = 0; return 0;
	}
	return -ENOPROTOOPT;
}

/*
 * The control messages a received datagram brings (Linux's
 * ip6_datagram_recv_ctl): its hop limit, if asked for; on lo, the
 * default, 64, which the kernel's replies and a sender of its own have.
 */
void ip6_datagram_recv_ctl(struct sock *sk, struct msghdr *m)
{
	int hlim = IPV6_DEFAULT_HOPLIMIT;

	if (sk->rxhlim & RXHLIM(IPV6_RECVHOPLIMIT))
		put_cmsg(m, IPPROTO_IPV6, IPV6_HOPLIMIT, sizeof(hlim), &hlim);
	if (sk->rxhlim & RXHLIM(IPV6_2292HOPLIMIT))
		put_cmsg(m, IPPROTO_IPV6, IPV6_2292HOPLIMIT, sizeof(hlim), &hlim);
}

/*
 * Linux's if6_seq_show: lo's one address, ::1, its index, prefix length
 * 128, scope host (0x10) and flags permanent (0x80).
 */
void proc_net_if_inet6_show(struct seq_file *m, const void *unused)
{
	seq_printf(m, "00000000000000000000000000000001 %02x 80 10 80 %8s\n",
		   LOOPBACK_IFINDEX, "lo");
}

/*
 * Linux's ipv6_route_seq_show on a machine with lo alone: the null
 * routes of the main and local tables (reject, metric -1) and the local
 * route to ::1 (up, local, a host route).
 */
void proc_net_ipv6_route_show(struct seq_file *m, const void *unused)
{
	static const char zero[] = "00000000000000000000000000000000";

	seq_printf(m, "%s 00 %s 00 %s ffffffff 00000001 00000000 00200200 %8s\n",
		   zero, zero, zero, "lo");
	seq_printf(m, "00000000000000000000000000000001 80 %s 00 %s 00000000 00000002 "
		   "00000000 80200001 %8s\n", zero, zero, "lo");
	seq_printf(m, "%s 00 %s 00 %s ffffffff 00000001 00000000 00200200 %8s\n",
		   zero, zero, zero, "lo");
}
