/*
 * Netlink (net/netlink/): AF_NETLINK sockets, NETLINK_ROUTE alone, through
 * which a program asks the kernel what its interfaces, addresses and routes
 * are (glibc's getaddrinfo with AI_ADDRCONFIG and getifaddrs, ip addr, ip
 * link, ip route).  shmos answers for lo (net/ipv4/devinet.c) and changes
 * nothing.
 */
#ifndef NET_NETLINK_NETLINK_H
#define NET_NETLINK_NETLINK_H

#include <stdint.h>

#define NETLINK_ROUTE	0

struct nlmsghdr {
	uint32_t nlmsg_len;		/* with the header */
	uint16_t nlmsg_type;
	uint16_t nlmsg_flags;
	uint32_t nlmsg_seq;
	uint32_t nlmsg_pid;		/* the sender's port id */
};

#define NLMSG_ALIGN(len)	(((len) + 3) & ~3u)
#define NLMSG_HDRLEN		((uint32_t)sizeof(struct nlmsghdr))

#define NLM_F_REQUEST	0x1
#define NLM_F_MULTI	0x2
#define NLM_F_ACK	0x4
#define NLM_F_DUMP	0x300

#define NLMSG_ERROR	2
#define NLMSG_DONE	3

/* A reply being built: messages one after the other in buf, len bytes so far. */
struct nl_reply {
	char *buf;
	uint32_t len, size;
	uint32_t seq, portid;		/* the request's, echoed */
	struct nlmsghdr *msg;		/* the message being built */
};

struct net_proto_family;
struct sock;
extern const struct net_proto_family netlink_family_ops;
void netlink_sendskb(struct sock *sk, const void *data, uint32_t len);

/* rtnetlink.c: NETLINK_ROUTE's answer to one request, put in r */
void rtnetlink_rcv_msg(struct nl_reply *r, const struct nlmsghdr *req);
void nl_error(struct nl_reply *r, const struct nlmsghdr *req, int err);

#endif
