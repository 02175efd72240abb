/*
 * ICMP and ICMPv6 on the loopback device, as a program sees Linux's
 * net/ipv4/icmp.c, ping.c and raw.c there (and net/ipv6's): ping sockets
 * (SOCK_DGRAM, IPPROTO_ICMP or IPPROTO_ICMPV6) for the groups of
 * net.ipv4.ping_group_range, raw sockets (SOCK_RAW) for root, and the echo
 * request that lo's stack answers.
 *
 * A packet sent to one of lo's addresses is received at once (icmp_xmit):
 * every raw socket of its family bound to its destination, or to none,
 * gets a copy, an IPv4 one with its IP header, as Linux's
 * raw_local_deliver before icmp_rcv; then a well-formed echo request is
 * answered in place by an echo reply, which the raw sockets get too, and
 * the ping socket whose ident it bears, without the IP header.  An IPv4
 * raw socket's packet is as the user made it (its checksum is the user's,
 * and a wrong one makes icmp_rcv drop the request unanswered); a ping
 * socket's gets its ident and checksum from the kernel, as Linux's
 * ping_v4_sendmsg, and an ICMPv6 raw socket's its checksum.
 */
#include "fs/fs.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "net/net.h"
#include "net/sock.h"
#include "net/ipv4/ipv4.h"
#include "net/ipv6/ipv6.h"
#include "net/unix/af_unix.h"

#define ICMP_ECHOREPLY	0
#define ICMP_ECHO	8
#define ICMPV6_ECHO_REQUEST	128
#define ICMPV6_ECHO_REPLY	129
#define IP_DF		0x4000		/* don't fragment: a socket's, path MTU discovery; not a reply's */
#define ICMP_MAX_LEN	1472		/* shmos's bound: an ICMP packet in one kmalloc */
#define SOL_RAW		255
#define ICMP_FILTER	1		/* raw: the ICMP types (1 << type) not to receive */
#define ICMP6_FILTER	1		/* at IPPROTO_ICMPV6: the same, of 256 types */
#define IPV6_CHECKSUM	7		/* at SOL_RAW: where the kernel puts the checksum */

struct icmphdr {
	uint8_t type, code;
	uint16_t checksum;
	uint16_t id, sequence;		/* an echo's */
};

struct iphdr {
	uint8_t ihl_version, tos;
	uint16_t tot_len, id, frag_off;
	uint8_t ttl, protocol;
	uint16_t check;
	uint32_t saddr, daddr;
};

int ping_group_range[2] = { 1, 0 };	/* net.ipv4.ping_group_range: nobody */

/* The one's complement sum of len bytes, added to sum (Linux's csum_partial). */
static uint32_t csum_partial(const void *buf, uint32_t len, uint32_t sum)
{
	const uint8_t *p = buf;

	for (uint32_t i = 0; i + 1 < len; i += 2)
		sum += p[i] | p[i + 1] << 8;
	if (len & 1)
		sum += p[len - 1];
	return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

/*
 * The checksum of an ICMP packet from saddr to daddr (RFC 1071): 0 over
 * a packet whose own is right.  ICMPv6's covers the pseudo-header too:
 * the addresses, the length and the next header (RFC 8200).
 */
static uint16_t icmp_csum(const void *pkt, uint32_t len, const struct in6_addr *saddr,
			  const struct in6_addr *daddr)
{
	uint32_t sum = 0, pseudo[2] = { htonl(len), htonl(IPPROTO_ICMPV6) };

	if (!ipv6_addr_v4mapped(daddr)) {
		sum = csum_partial(saddr, sizeof(*saddr), sum);
		sum = csum_partial(daddr, sizeof(*daddr), sum);
		sum = csum_partial(pseudo, sizeof(pseudo), sum);
	}
	return csum_fold(csum_partial(pkt, len, sum));
}

/* May the caller have a ping socket (Linux's ping_init_sock)? Its egid or a group in the range. */
int ping_group_allowed(void)
{
	uint32_t low = ping_group_range[0], high = ping_group_range[1];

	if (current->egid >= low && current->egid <= high)
		return 1;
	for (int i = 0; i < current->ngroups; i++)
		if (current->groups[i] >= low && current->groups[i] <= high)
			return 1;
	return 0;
}

/* A received packet on sk's queue, named as from saddr; dropped if sk's buffer is full. */
static void icmp_queue(struct sock *sk, const void *hdr, uint32_t hlen, const uint8_t *pkt,
		       uint32_t len, const struct in6_addr *saddr)
{
	struct sk_buff *skb;
	uint32_t queued = 0;

	for (skb = sk->receive_queue.head; skb; skb = skb->next)
		queued += skb->truesize;
	if ((sk->shutdown & RCV_SHUTDOWN) || !(skb = alloc_skb(hlen + len)))
		return;
	if (queued + skb->truesize > (uint32_t)sk->rcvbuf) {
		kfree_skb(skb);
		return;
	}
	memcpy(skb->data, hdr, hlen);
	memcpy((char *)skb->data + hlen, pkt, len);
	skb->name.sin6_family = AF_INET6;
	skb->name.sin6_addr = *saddr;
	skb_queue_tail(&sk->receive_queue, skb);
	sk_wake(sk);
}

/* Does s, an ICMP socket of the type, hear a packet to daddr (of its family)? */
static int icmp_hears(struct sock *s, int type, const struct in6_addr *daddr)
{
	int v6 = !ipv6_addr_v4mapped(daddr);

	return s->type == type && s->family == (v6 ? AF_INET6 : AF_INET) &&
	       s->protocol == (v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP) &&
	       (inet_addr_any(&s->rcv_saddr) || ipv6_addr_equal(&s->rcv_saddr, daddr));
}

/*
 * Linux's raw_local_deliver and rawv6_rcv: a copy of the packet for every
 * raw socket of its family that hears daddr and has not filtered the type
 * out (types 0 to 31: ICMP_FILTER's and ICMP6_FILTER's first word); an
 * IPv4 one behind the IP header lo's stack would have given it.
 */
static void raw_deliver(const uint8_t *pkt, uint32_t len, const struct in6_addr *saddr,
			const struct in6_addr *daddr, int df)
{
	static uint16_t ip_id;		/* Linux's per-destination counters start at random */
	struct iphdr ip = { .ihl_version = 0x45, .ttl = 64, .protocol = IPPROTO_ICMP,
			    .saddr = saddr->s6_addr32[3], .daddr = daddr->s6_addr32[3] };
	int v6 = !ipv6_addr_v4mapped(daddr);

	ip.tot_len = htons(sizeof(ip) + len);
	ip.id = htons(ip_id++);
	ip.frag_off = df ? htons(IP_DF) : 0;
	ip.check = csum_fold(csum_partial(&ip, sizeof(ip), 0));
	for (struct sock *s = inet_sockets; s; s = s->inet_next)
		if (icmp_hears(s, SOCK_RAW, daddr) &&
		    (pkt[0] > 31 || !(s->icmp_filter >> pkt[0] & 1)))
			icmp_queue(s, &ip, v6 ? 0 : sizeof(ip), pkt, len, saddr);
}

/* Linux's ping_lookup: the ping socket with the reply's ident, hearing daddr. */
static void ping_deliver(const uint8_t *pkt, uint32_t len, const struct in6_addr *saddr,
			 const struct in6_addr *daddr)
{
	const struct icmphdr *h = (const void *)pkt;

	for (struct sock *s = inet_sockets; s; s = s->inet_next)
		if (icmp_hears(s, SOCK_DGRAM, daddr) && s->sport == h->id) {
			icmp_queue(s, NULL, 0, pkt, len, saddr);
			return;
		}
}

/*
 * An ICMP or ICMPv6 packet from saddr to daddr, both lo's, received
 * (Linux's ip_local_deliver_finish and icmp_rcv, icmpv6_rcv): the raw
 * sockets' copies; a bad checksum dropped; an echo request answered in
 * place, the reply received in turn; an echo reply to its ping socket.
 */
static void icmp_xmit(uint8_t *pkt, uint32_t len, const struct in6_addr *saddr,
		      const struct in6_addr *daddr)
{
	struct icmphdr *h = (void *)pkt;
	int v6 = !ipv6_addr_v4mapped(daddr);
	uint8_t reply = v6 ? ICMPV6_ECHO_REPLY : ICMP_ECHOREPLY;

	raw_deliver(pkt, len, saddr, daddr, 1);
	if (len < sizeof(*h) || icmp_csum(pkt, len, saddr, daddr) != 0)
		return;
	if (h->type == (v6 ? ICMPV6_ECHO_REQUEST : ICMP_ECHO) && h->code == 0) {
		h->type = reply;	/* icmp_echo: the same, an echo reply */
		h->checksum = 0;
		h->checksum = icmp_csum(pkt, len, daddr, saddr);
		raw_deliver(pkt, len, daddr, saddr, 0);
		ping_deliver(pkt, len, daddr, saddr);
	} else if (h->type == reply) {
		ping_deliver(pkt, len, saddr, daddr);
	}
}

/*
 * The destination of an ICMP socket's message: given (ping_v6_sendmsg
 * wants a whole sockaddr_in6, and no IPv4-mapped address), or connected
 * to.  0 or -errno.
 */
static int icmp_dest(struct sock *sk, struct msghdr *m, struct in6_addr *daddr)
{
	uint16_t port;
	int err;

	if (!m->msg_namelen)
		return sk->state == TCP_ESTABLISHED ? 0 : -EDESTADDRREQ;
	if (sk->family == AF_INET6 && m->msg_namelen < (int)sizeof(struct sockaddr_in6))
		return -EINVAL;
	if ((err = inet_dest_from_user(sk, m->msg_name, m->msg_namelen, daddr, &port)))
		return err;
	return sk->family == AF_INET6 && ipv6_addr_v4mapped(daddr) ? -EINVAL : 0;
}

/*
 * What ping_v4_sendmsg, ping_v6_sendmsg, raw_sendmsg and rawv6_sendmsg
 * share: the flags, the destination, the user's packet in a buffer; then
 * sent from lo's address.  A ping socket's must be an echo request, and
 * gets the kernel's ident; its checksum is the kernel's, and an ICMPv6 raw
 * socket's too (IPV6_CHECKSUM, always on for ICMPv6).
 */
static long icmp_sendmsg(struct socket *sock, struct msghdr *m, uint32_t len, int ping)
{
	struct sock *sk = sock->sk;
	struct in6_addr daddr = sk->daddr, saddr = sk->rcv_saddr;
	int v6 = sk->family == AF_INET6, err;
	struct icmphdr *h;
	struct sk_buff *skb;

	if (len > 0xffff)
		return -EMSGSIZE;
	if (m->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;
	if ((ping || v6) && len < sizeof(*h))
		return -EINVAL;
	if ((err = icmp_dest(sk, m, &daddr)) != 0)
		return err;
	if (len > ICMP_MAX_LEN)
		return -EMSGSIZE;
	if (ping && inet_autobind(sk))
		return -EAGAIN;
	if (!(skb = alloc_skb(len)))
		return -ENOMEM;
	if (skb_copy_from_msg(skb, m)) {
		kfree_skb(skb);
		return -EFAULT;
	}
	h = (void *)skb->data;
	err = len;
	if (ping && (h->type != (v6 ? ICMPV6_ECHO_REQUEST : ICMP_ECHO) || h->code != 0)) {
		err = -EINVAL;
	} else {
		if (inet_addr_any(&saddr))
			inet_source_addr(&daddr, &saddr);
		if (ping)
			h->id = sk->sport;
		if (ping || v6) {
			h->checksum = 0;
			h->checksum = icmp_csum(h, len, &saddr, &daddr);
		}
		icmp_xmit((uint8_t *)h, len, &saddr, &daddr);
	}
	kfree_skb(skb);
	return err;
}

static long ping_sendmsg(struct socket *sock, struct msghdr *m, uint32_t len)
{
	return icmp_sendmsg(sock, m, len, 1);
}

static long raw_sendmsg(struct socket *sock, struct msghdr *m, uint32_t len)
{
	return icmp_sendmsg(sock, m, len, 0);
}

/*
 * A raw socket's own options (Linux's raw_seticmpfilter and
 * rawv6_setsockopt): ICMP_FILTER, or ICMP6_FILTER of which shmos keeps
 * the first word (types 0 to 31); IPV6_CHECKSUM, taken (an ICMPv6
 * socket's checksum is the kernel's anyway).  1 if the option is one.
 */
static int raw_own_option(struct socket *sock, int level, int optname)
{
	if (sock->sk->family == AF_INET6)
		return (level == IPPROTO_ICMPV6 && optname == ICMP6_FILTER) ||
		       (level == SOL_RAW && optname == IPV6_CHECKSUM);
	return level == SOL_RAW && optname == ICMP_FILTER;
}

static int raw_setsockopt(struct socket *sock, int level, int optname, int val)
{
	if (!raw_own_option(sock, level, optname))
		return inet_setsockopt(sock, level, optname, val);
	if (level != SOL_RAW || optname == ICMP_FILTER)
		sock->sk->icmp_filter = val;
	return 0;
}

static int raw_getsockopt(struct socket *sock, int level, int optname, int *val)
{
	if (!raw_own_option(sock, level, optname))
		return inet_getsockopt(sock, level, optname, val);
	*val = optname == IPV6_CHECKSUM && level == SOL_RAW ? 2 : (int)sock->sk->icmp_filter;
	return 0;
}

/*
 * A raw socket has no port (it is its protocol's); bind names an address
 * of lo's (Linux's raw_bind and rawv6_bind).
 */
static int raw_bind(struct socket *sock, void *uaddr, int len)
{
	struct sockaddr_in *a = uaddr;
	struct sockaddr_in6 *a6 = uaddr;
	int v6 = sock->sk->family == AF_INET6;
	struct in6_addr addr;

	if (len < (v6 ? SIN6_LEN_RFC2133 : (int)sizeof(*a)))
		return -EINVAL;
	if (v6 && a6->sin6_family != AF_INET6)
		return -EINVAL;
	if (v6)
		addr = a6->sin6_addr;
	else
		ipv6_addr_set_v4mapped(a->sin_addr, &addr);
	if ((!v6 && a->sin_family != AF_INET) || !inet_addr_local(&addr) ||
	    (v6 && ipv6_addr_v4mapped(&addr)))
		return -EADDRNOTAVAIL;
	sock->sk->rcv_saddr = addr;
	return 0;
}

const struct proto_ops inet_ping_ops = {
	.family = AF_INET,
	.bind = inet_bind,
	.sendmsg = ping_sendmsg,
	.setsockopt = inet_setsockopt,
	.getsockopt = inet_getsockopt,
	INET_DGRAM_COMMON_OPS,
};

const struct proto_ops inet6_ping_ops = {
	.family = AF_INET6,
	.bind = inet6_bind,
	.sendmsg = ping_sendmsg,
	.setsockopt = inet_setsockopt,
	.getsockopt = inet_getsockopt,
	INET_DGRAM_COMMON_OPS,
};

const struct proto_ops inet_raw_ops = {
	.family = AF_INET,
	.bind = raw_bind,
	.sendmsg = raw_sendmsg,
	.setsockopt = raw_setsockopt,
	.getsockopt = raw_getsockopt,
	INET_DGRAM_COMMON_OPS,
};

const struct proto_ops inet6_raw_ops = {
	.family = AF_INET6,
	.bind = raw_bind,
	.sendmsg = raw_sendmsg,
	.setsockopt = raw_setsockopt,
	.getsockopt = raw_getsockopt,
	INET_DGRAM_COMMON_OPS,
};
