/*
 * AF_INET6 on the loopback device alone (net/ipv6/): ::1 and ::, and
 * IPv4-mapped addresses, as a Linux whose only interface is lo has them.
 * TCP and UDP are net/ipv4's, which keep every address as an in6_addr
 * (struct sock): this folder has what differs, the socket addresses, the
 * IPPROTO_IPV6 options and the /proc/net files.
 */
#ifndef NET_IPV6_IPV6_H
#define NET_IPV6_IPV6_H

#include <stdint.h>
#include "net/sock.h"

#define AF_INET6		10
#define IPPROTO_IPV6		41
#define IPPROTO_ICMPV6		58
#define SIN6_LEN_RFC2133	24	/* a sockaddr_in6 without sin6_scope_id */

/* Linux's include/net/ipv6.h tests, on network-order words. */
static inline int ipv6_addr_any(const struct in6_addr *a)
{
	return (a->s6_addr32[0] | a->s6_addr32[1] | a->s6_addr32[2] | a->s6_addr32[3]) == 0;
}

static inline int ipv6_addr_v4mapped(const struct in6_addr *a)
{
	return (a->s6_addr32[0] | a->s6_addr32[1]) == 0 && a->s6_addr32[2] == 0xffff0000;
}

static inline int ipv6_addr_loopback(const struct in6_addr *a)
{
	return (a->s6_addr32[0] | a->s6_addr32[1] | a->s6_addr32[2]) == 0 &&
	       a->s6_addr32[3] == 0x01000000;
}

static inline int ipv6_addr_equal(const struct in6_addr *a, const struct in6_addr *b)
{
	return a->s6_addr32[0] == b->s6_addr32[0] && a->s6_addr32[1] == b->s6_addr32[1] &&
	       a->s6_addr32[2] == b->s6_addr32[2] && a->s6_addr32[3] == b->s6_addr32[3];
}

/* ::ffff:addr, addr an IPv4 address in network order. */
static inline void ipv6_addr_set_v4mapped(uint32_t addr, struct in6_addr *a)
{
	a->s6_addr32[0] = a->s6_addr32[1] = 0;
	a->s6_addr32[2] = 0xffff0000;
	a->s6_addr32[3] = addr;
}

struct socket;
struct seq_file;
struct net_proto_family;
extern const struct net_proto_family inet6_family_ops;
extern const struct proto_ops inet6_stream_ops, inet6_dgram_ops;
extern int ipv6_bindv6only;	/* net.ipv6.bindv6only */

/* af_inet6.c */
int inet6_addr_from_user(struct sock *sk, const void *uaddr, int len, struct in6_addr *daddr,
			 uint16_t *dport);
int inet6_bind(struct socket *sock, void *uaddr, int len);
int inet6_fill_name(void *uaddr, const struct in6_addr *addr, uint16_t port);
int ipv6_setsockopt(struct socket *sock, int optname, int val);
int ipv6_getsockopt(struct socket *sock, int optname, int *val);
void ip6_datagram_recv_ctl(struct sock *sk, struct msghdr *m);
void proc_net_if_inet6_show(struct seq_file *m, const void *unused);
void proc_net_ipv6_route_show(struct seq_file *m, const void *unused);

#endif
