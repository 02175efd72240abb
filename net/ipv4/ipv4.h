/*
 * AF_INET on the loopback device alone (net/ipv4/): TCP and UDP between
 * the programs of this machine, at 127.0.0.0/8 and INADDR_ANY (and, for
 * AF_INET6, net/ipv6/, at ::1 and ::), as a Linux whose only interface is
 * lo sees them.  No packet is ever made: a
 * connection is a pair of socks, each sending onto the other's receive
 * queue, as AF_UNIX's streams (net/unix/af_unix.c), and a datagram goes
 * straight onto the receive queue of the socket bound to its port.
 */
#ifndef NET_IPV4_IPV4_H
#define NET_IPV4_IPV4_H

#include <stdint.h>
#include "net/sock.h"

#define IPPROTO_IP	0
#define IPPROTO_ICMP	1
#define IPPROTO_TCP	6
#define IPPROTO_UDP	17
#define INADDR_ANY	0
#define INADDR_LOOPBACK	0x7f000001	/* 127.0.0.1, host order */

/* Host and network order: i386 is little-endian. */
static inline uint16_t htons(uint16_t x)
{
	return x << 8 | x >> 8;
}
#define ntohs(x)	htons(x)
static inline uint32_t htonl(uint32_t x)
{
	return x << 24 | (x & 0xff00) << 8 | (x >> 8 & 0xff00) | x >> 24;
}
#define ntohl(x)	htonl(x)

struct socket;
struct msghdr;
struct seq_file;
struct net_proto_family;
extern const struct net_proto_family inet_family_ops;

/* af_inet.c: what TCP and UDP, and AF_INET and AF_INET6, share */
extern int ip_local_port_range[2];	/* net.ipv4.ip_local_port_range */
extern const struct proto_ops inet_stream_ops, inet_dgram_ops;
extern struct sock *inet_sockets;	/* every inet sock: the port tables */
int inet_sk_create(struct socket *sock, int protocol, int family);
struct sock *inet_sk_alloc(int family, int type, int protocol);
int inet_addr_any(const struct in6_addr *a);
int inet_addr_local(const struct in6_addr *a);
int inet_route(const struct in6_addr *daddr);
int inet_dest_from_user(struct sock *sk, const void *uaddr, int len, struct in6_addr *daddr,
			uint16_t *dport);
int inet_connect_addr(struct sock *sk, const void *uaddr, int len, struct in6_addr *daddr,
		      uint16_t *dport);
void inet_source_addr(const struct in6_addr *daddr, struct in6_addr *saddr);
int inet_bind_conflict(struct sock *sk, const struct in6_addr *addr, const struct in6_addr *addr2,
		       int only2, uint32_t opts2, int listen2);
int inet_port_taken(struct sock *sk, const struct in6_addr *addr, uint16_t port);
int inet_bind_sk(struct sock *sk, const struct in6_addr *addr, uint16_t port);
int inet_bind(struct socket *sock, void *uaddr, int len);
int inet_autobind(struct sock *sk);
int inet_name(struct sock *sk, void *uaddr, const struct in6_addr *addr, uint16_t port);
int inet_getname(struct socket *sock, void *uaddr, int peer);
/* What the datagram sockets' operations share, UDP's and ICMP's, of both families. */
#define INET_DGRAM_COMMON_OPS \
	.so_release = inet_dgram_release, \
	.connect = inet_dgram_connect, \
	.socketpair = sock_no_socketpair, \
	.accept = sock_no_accept, \
	.getsockname = inet_getname, \
	.so_poll = unix_poll, \
	.so_ioctl = inet_ioctl, \
	.listen = sock_no_listen, \
	.shutdown = inet_shutdown, \
	.recvmsg = inet_dgram_recvmsg
void inet_dgram_release(struct socket *sock);
int inet_dgram_connect(struct socket *sock, void *uaddr, int len, int flags);
long inet_dgram_recvmsg(struct socket *sock, struct msghdr *m, uint32_t size, int flags);
int inet_shutdown(struct socket *sock, int how);
long inet_ioctl(struct socket *sock, uint32_t cmd, uint32_t arg);
int inet_setsockopt(struct socket *sock, int level, int optname, int val);
int inet_getsockopt(struct socket *sock, int level, int optname, int *val);
void inet_release_sock(struct sock *sk);
struct sock *inet_lookup(int protocol, const struct in6_addr *saddr, uint16_t sport,
			 const struct in6_addr *daddr, uint16_t dport);
void inet_show_addrs(struct seq_file *m, int family, const struct in6_addr *saddr, uint16_t sport,
		     const struct in6_addr *daddr, uint16_t dport, int state);
void inet_show_end(struct seq_file *m, uint64_t line, int family, int width);
void proc_net_tcp_show(struct seq_file *m, const void *unused);
void proc_net_udp_show(struct seq_file *m, const void *unused);
void proc_net_tcp6_show(struct seq_file *m, const void *unused);
void proc_net_udp6_show(struct seq_file *m, const void *unused);

/* icmp.c: ping and raw sockets */
extern int ping_group_range[2];	/* net.ipv4.ping_group_range */
extern const struct proto_ops inet_ping_ops, inet_raw_ops, inet6_ping_ops, inet6_raw_ops;
int ping_group_allowed(void);

/* tcp.c */
void tcp_disconnect_listener(struct sock *sk);
void tcp_fin(struct sock *sk);
int tcp_tw_port_taken(struct sock *sk, const struct in6_addr *addr, uint16_t port);
void tcp_tw_seq_show(struct seq_file *m, int family, int *i);

/* devinet.c: the loopback device, lo, as interface ioctls and netlink describe it */
#define LOOPBACK_IFINDEX	1
#define LOOPBACK_MTU		65536
#define LOOPBACK_TXQLEN		1000
#define ARPHRD_LOOPBACK		772
#define IFF_UP			0x1
#define IFF_LOOPBACK		0x8
#define IFF_RUNNING		0x40
#define IFF_LOWER_UP		0x10000
long dev_ioctl(uint32_t cmd, uint32_t arg);
void proc_net_dev_show(struct seq_file *m, const void *unused);
void proc_net_route_show(struct seq_file *m, const void *unused);

#endif
