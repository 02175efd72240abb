/*
 * ICMP on the loopback device, as a program sees Linux's net/ipv4/icmp.c,
 * ping.c and raw.c there: ping sockets (SOCK_DGRAM, IPPROTO_ICMP) for the
 * groups of net.ipv4.ping_group_range, raw ICMP sockets (SOCK_RAW) for
 * root, and the echo request that lo's stack answers.
 *
 * A packet sent to one of lo's addresses is received at once (icmp_xmit):
 * every raw ICMP socket bound to its destination, or to none, gets a copy
 * with its IP header, as Linux's raw_local_deliver before icmp_rcv; then a
 * well-formed echo request is answered (icmp_echo) by an echo reply,
 * which the raw sockets get too, and the ping socket whose ident it bears
 * without the IP header.  A raw socket's packet is as the user made it
 * (its checksum is the user's, and a wrong one makes icmp_rcv drop the
 * request unanswered); a ping socket's gets its ident and checksum from
 * the kernel, as Linux's ping_v4_sendmsg.
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
#define IP_DF		0x4000		/* don't fragment: a socket's, path MTU discovery; not a reply's */
#define ICMP_MAX_LEN	1472		/* shmos's bound: an ICMP packet in one kmalloc */
#define SOL_RAW		255
#define ICMP_FILTER	1		/* raw: the ICMP types (1 << type) not to receive */

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

/* The Internet checksum of len bytes (RFC 1071): 0 over a packet whose own is right. */
static uint16_t ip_compute_csum(const void *buf, uint32_t len)
{
	const uint8_t *p = buf;
	uint32_t sum = 0;

	for (uint32_t i = 0; i + 1 < len; i += 2)
		sum += p[i] | p[i + 1] << 8;
	if (len & 1)
		sum += p[len - 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
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
		       uint32_t len, uint32_t saddr)
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
	ipv6_addr_set_v4mapped(saddr, &skb->name.sin6_addr);
	skb_queue_tail(&sk->receive_queue, skb);
	sk_wake(sk);
}

/*
 * Linux's raw_local_deliver: a copy of the packet, behind the IP header
 * lo's stack would have given it, for every raw ICMP socket that hears
 * daddr and has not filtered the type out.
 */
static void raw_deliver(const uint8_t *pkt, uint32_t len, uint32_t saddr, uint32_t daddr, int df)
{
	static uint16_t ip_id;		/* Linux's per-destination counters start at random */
	struct iphdr ip = { .ihl_version = 0x45, .ttl = 64, .protocol = IPPROTO_ICMP,
			    .saddr = saddr, .daddr = daddr };
	struct in6_addr to;

	ip.tot_len = htons(sizeof(ip) + len);
	ip.id = htons(ip_id++);
	ip.frag_off = df ? htons(IP_DF) : 0;
	ip.check = ip_compute_csum(&ip, sizeof(ip));
	ipv6_addr_set_v4mapped(daddr, &to);
	for (struct sock *s = inet_sockets; s; s = s->inet_next)
		if (s->type == SOCK_RAW && s->family == AF_INET &&
		    (inet_addr_any(&s->rcv_saddr) || ipv6_addr_equal(&s->rcv_saddr, &to)) &&
		    !(s->icmp_filter >> (pkt[0] & 31) & 1))
			icmp_queue(s, &ip, sizeof(ip), pkt, len, saddr);
}

/* Linux's ping_lookup: the ping socket with the reply's ident, hearing daddr. */
static void ping_deliver(const uint8_t *pkt, uint32_t len, uint32_t saddr, uint32_t daddr)
{
	const struct icmphdr *h = (const void *)pkt;
	struct in6_addr to;

	ipv6_addr_set_v4mapped(daddr, &to);
	for (struct sock *s = inet_sockets; s; s = s->inet_next)
		if (s->type == SOCK_DGRAM && s->protocol == IPPROTO_ICMP && s->sport == h->id &&
		    (inet_addr_any(&s->rcv_saddr) || ipv6_addr_equal(&s->rcv_saddr, &to))) {
			icmp_queue(s, NULL, 0, pkt, len, saddr);
			return;
		}
}

/*
 * An ICMP packet from saddr to daddr, both lo's, received (Linux's
 * ip_local_deliver_finish and icmp_rcv): the raw sockets' copies; a bad
 * checksum dropped; an echo request answered in place, the reply received
 * in turn; an echo reply to its ping socket.
 */
static void icmp_xmit(uint8_t *pkt, uint32_t len, uint32_t saddr, uint32_t daddr)
{
	struct icmphdr *h = (void *)pkt;

	raw_deliver(pkt, len, saddr, daddr, 1);
	if (len < sizeof(*h) || ip_compute_csum(pkt, len) != 0)
		return;
	if (h->type == ICMP_ECHO && h->code == 0) {	/* icmp_echo: the same, type 0 */
		h->type = ICMP_ECHOREPLY;
		h->checksum = 0;
		h->checksum = ip_compute_csum(pkt, len);
		raw_deliver(pkt, len, daddr, saddr, 0);
		ping_deliver(pkt, len, daddr, saddr);
	} else if (h->type == ICMP_ECHOREPLY) {
		ping_deliver(pkt, len, saddr, daddr);
	}
}

/*
 * What ping_v4_sendmsg and raw_sendmsg share: the flags, the destination
 * (given, or connected to), the user's packet in a buffer; then sent from
 * lo's address.  ping: the kernel's ident and checksum go in.
 */
static long icmp_sendmsg(struct socket *sock, struct msghdr *m, uint32_t len, int ping)
{
	struct sock *sk = sock->sk;
	struct in6_addr daddr = sk->daddr, saddr = sk->rcv_saddr;
	struct icmphdr *h;
	struct sk_buff *skb;
	uint16_t port;
	int err;

	if (len > 0xffff)
		return -EMSGSIZE;
	if (m->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (ping && len < sizeof(*h))
		return -EINVAL;
	if (m->msg_namelen) {
		if ((err = inet_dest_from_user(sk, m->msg_name, m->msg_namelen, &daddr, &port)))
			return err;
	} else if (sk->state != TCP_ESTABLISHED) {
		return -EDESTADDRREQ;
	}
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
	if (ping && (h->type != ICMP_ECHO || h->code != 0)) {
		err = -EINVAL;
	} else {
		if (ping) {
			h->id = sk->sport;
			h->checksum = 0;
			h->checksum = ip_compute_csum(h, len);
		}
		if (inet_addr_any(&saddr))
			inet_source_addr(&daddr, &saddr);
		icmp_xmit((uint8_t *)h, len, saddr.s6_addr32[3], daddr.s6_addr32[3]);
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

/* ICMP_FILTER, a raw socket's (Linux's raw_seticmpfilter), then IPPROTO_IP's. */
static int raw_setsockopt(struct socket *sock, int level, int optname, int val)
{
	if (level == SOL_RAW && optname == ICMP_FILTER) {
		sock->sk->icmp_filter = val;
		return 0;
	}
	return inet_setsockopt(sock, level, optname, val);
}

static int raw_getsockopt(struct socket *sock, int level, int optname, int *val)
{
	if (level == SOL_RAW && optname == ICMP_FILTER) {
		*val = sock->sk->icmp_filter;
		return 0;
	}
	return inet_getsockopt(sock, level, optname, val);
}

/* A raw socket has no port (it is its protocol's); bind names an address (Linux's raw_bind). */
static int raw_bind(struct socket *sock, void *uaddr, int len)
{
	struct sockaddr_in *a = uaddr;
	struct in6_addr addr;

	if (len < (int)sizeof(*a))
		return -EINVAL;
	ipv6_addr_set_v4mapped(a->sin_addr, &addr);
	if (a->sin_family != AF_INET || !inet_addr_local(&addr))
		return -EADDRNOTAVAIL;
	sock->sk->rcv_saddr = addr;
	return 0;
}

const struct proto_ops inet_ping_ops = {
	.family = AF_INET,
	.so_release = inet_dgram_release,
	.bind = inet_bind,
	.connect = inet_dgram_connect,
	.socketpair = sock_no_socketpair,
	.accept = sock_no_accept,
	.getsockname = inet_getname,
	.so_poll = unix_poll,
	.so_ioctl = inet_ioctl,
	.listen = sock_no_listen,
	.shutdown = inet_shutdown,
	.sendmsg = ping_sendmsg,
	.recvmsg = inet_dgram_recvmsg,
	.setsockopt = inet_setsockopt,
	.getsockopt = inet_getsockopt,
};

const struct proto_ops inet_raw_ops = {
	.family = AF_INET,
	.so_release = inet_dgram_release,
	.bind = raw_bind,
	.connect = inet_dgram_connect,
	.socketpair = sock_no_socketpair,
	.accept = sock_no_accept,
	.getsockname = inet_getname,
	.so_poll = unix_poll,
	.so_ioctl = inet_ioctl,
	.listen = sock_no_listen,
	.shutdown = inet_shutdown,
	.sendmsg = raw_sendmsg,
	.recvmsg = inet_dgram_recvmsg,
	.setsockopt = raw_setsockopt,
	.getsockopt = raw_getsockopt,
};
