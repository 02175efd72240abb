/*
 * NETLINK_ROUTE's answers, Linux's net/core/rtnetlink.c, devinet.c's
 * inet_dump_ifaddr and fib_frontend.c's inet_dump_fib, for the one link
 * shmos has: lo, up, with 127.0.0.1/8 and ::1/128, and the routes a Linux kernel adds
 * for it, all in table local (so the main table, `ip route`, is empty, as
 * on a Linux with lo alone).  A request to change anything is EOPNOTSUPP.
 */
#include "kernel/errno.h"
#include "kernel/string.h"
#include "net/net.h"
#include "net/ipv4/ipv4.h"
#include "net/ipv6/ipv6.h"
#include "net/netlink/netlink.h"

#define RTM_NEWLINK	16
#define RTM_GETLINK	18
#define RTM_NEWADDR	20
#define RTM_GETADDR	22
#define RTM_NEWROUTE	24
#define RTM_GETROUTE	26
#define NLM_F_CAPPED	0x100

struct rtattr {
	uint16_t rta_len;
	uint16_t rta_type;
};

struct ifinfomsg {
	uint8_t ifi_family, pad;
	uint16_t ifi_type;
	int32_t ifi_index;
	uint32_t ifi_flags, ifi_change;
};

struct ifaddrmsg {
	uint8_t ifa_family, ifa_prefixlen, ifa_flags, ifa_scope;
	uint32_t ifa_index;
};

struct rtmsg {
	uint8_t rtm_family, rtm_dst_len, rtm_src_len, rtm_tos;
	uint8_t rtm_table, rtm_protocol, rtm_scope, rtm_type;
	uint32_t rtm_flags;
};

struct ifa_cacheinfo {
	uint32_t ifa_prefered, ifa_valid, cstamp, tstamp;
};

/* The attributes shmos gives. */
#define IFLA_ADDRESS	1
#define IFLA_BROADCAST	2
#define IFLA_IFNAME	3
#define IFLA_MTU	4
#define IFLA_QDISC	6
#define IFLA_TXQLEN	13
#define IFLA_OPERSTATE	16
#define IFLA_LINKMODE	17
#define IFLA_GROUP	27
#define IFLA_CARRIER	33
#define IFA_ADDRESS	1
#define IFA_LOCAL	2
#define IFA_LABEL	3
#define IFA_CACHEINFO	6
#define IFA_FLAGS	8
#define RTA_DST		1
#define RTA_OIF		4
#define RTA_PRIORITY	6
#define RTA_PREFSRC	7
#define RTA_CACHEINFO	12
#define RTA_TABLE	15
#define RTA_PREF	20

#define IFA_F_PERMANENT	0x80
#define RT_SCOPE_HOST	254
#define RT_SCOPE_LINK	253
#define RT_TABLE_LOCAL	255
#define RTPROT_KERNEL	2
#define RTN_LOCAL	2
#define RTN_BROADCAST	3
#define IF_OPER_UNKNOWN	0

/*
 * A new message of type at the end of r, with size bytes of body zeroed:
 * the body, or NULL if r has no room (the answer is cut there).
 */
static void *nl_msg_start(struct nl_reply *r, uint16_t type, uint16_t flags, uint32_t size)
{
	struct nlmsghdr *h = (struct nlmsghdr *)(r->buf + r->len);
	uint32_t len = NLMSG_ALIGN(NLMSG_HDRLEN + size);

	if (r->len + len > r->size)
		return NULL;
	memset(h, 0, len);
	h->nlmsg_len = NLMSG_HDRLEN + size;
	h->nlmsg_type = type;
	h->nlmsg_flags = flags;
	h->nlmsg_seq = r->seq;
	h->nlmsg_pid = r->portid;
	r->msg = h;
	r->len += len;
	return h + 1;
}

/* An attribute of len bytes at data, added to the message being built. */
static void nl_put(struct nl_reply *r, uint16_t type, const void *data, uint32_t len)
{
	struct rtattr *a = (struct rtattr *)(r->buf + r->len);
	uint32_t size = NLMSG_ALIGN(sizeof(*a) + len);

	if (!r->msg || r->len + size > r->size)
		return;
	memset(a, 0, size);
	a->rta_len = sizeof(*a) + len;
	a->rta_type = type;
	memcpy(a + 1, data, len);
	r->msg->nlmsg_len = NLMSG_ALIGN(r->msg->nlmsg_len) + size;
	r->len += size;
}

static void nl_put_u32(struct nl_reply *r, uint16_t type, uint32_t v)
{
	nl_put(r, type, &v, sizeof(v));
}

static void nl_put_u8(struct nl_reply *r, uint16_t type, uint8_t v)
{
	nl_put(r, type, &v, sizeof(v));
}

/*
 * The answer of an error, or (err 0) an acknowledgement (Linux's
 * netlink_ack): the error, then the request's header, and for an error
 * its body too.
 */
void nl_error(struct nl_reply *r, const struct nlmsghdr *req, int err)
{
	uint32_t copy = err ? req->nlmsg_len : NLMSG_HDRLEN;
	int *e = nl_msg_start(r, NLMSG_ERROR, err ? 0 : NLM_F_CAPPED, sizeof(int) + copy);

	if (!e)
		return;
	*e = err;
	memcpy(e + 1, req, copy);
}

/* lo as Linux's rtnl_fill_ifinfo describes a link. */
static void rtnl_fill_link(struct nl_reply *r, uint16_t flags)
{
	static const char zeros[6];
	struct ifinfomsg *ifi = nl_msg_start(r, RTM_NEWLINK, flags, sizeof(*ifi));

	if (!ifi)
		return;
	ifi->ifi_type = ARPHRD_LOOPBACK;
	ifi->ifi_index = LOOPBACK_IFINDEX;
	ifi->ifi_flags = IFF_UP | IFF_LOOPBACK | IFF_RUNNING | IFF_LOWER_UP;
	nl_put(r, IFLA_IFNAME, "lo", 3);
	nl_put_u32(r, IFLA_TXQLEN, LOOPBACK_TXQLEN);
	nl_put_u8(r, IFLA_OPERSTATE, IF_OPER_UNKNOWN);
	nl_put_u8(r, IFLA_LINKMODE, 0);
	nl_put_u32(r, IFLA_MTU, LOOPBACK_MTU);
	nl_put_u32(r, IFLA_GROUP, 0);
	nl_put_u8(r, IFLA_CARRIER, 1);
	nl_put(r, IFLA_ADDRESS, zeros, 6);
	nl_put(r, IFLA_BROADCAST, zeros, 6);
	nl_put(r, IFLA_QDISC, "noqueue", 8);
}

/*
 * lo as IPv6 sees it, for a dump of links asked of AF_INET6 (Linux's
 * inet6_fill_ifinfo, without its IFLA_PROTINFO): fewer attributes, no
 * queue discipline (so busybox's ip -6 addr prints none).
 */
static void rtnl_fill_link6(struct nl_reply *r)
{
	static const char zeros[6];
	struct ifinfomsg *ifi = nl_msg_start(r, RTM_NEWLINK, NLM_F_MULTI, sizeof(*ifi));

	if (!ifi)
		return;
	ifi->ifi_family = AF_INET6;
	ifi->ifi_type = ARPHRD_LOOPBACK;
	ifi->ifi_index = LOOPBACK_IFINDEX;
	ifi->ifi_flags = IFF_UP | IFF_LOOPBACK | IFF_RUNNING | IFF_LOWER_UP;
	nl_put(r, IFLA_IFNAME, "lo", 3);
	nl_put(r, IFLA_ADDRESS, zeros, 6);
	nl_put_u32(r, IFLA_MTU, LOOPBACK_MTU);
	nl_put_u8(r, IFLA_OPERSTATE, IF_OPER_UNKNOWN);
}

/* lo's IPv4 address, 127.0.0.1/8 (Linux's inet_fill_ifaddr). */
static void rtnl_fill_addr(struct nl_reply *r)
{
	struct ifaddrmsg *ifa = nl_msg_start(r, RTM_NEWADDR, NLM_F_MULTI, sizeof(*ifa));
	struct ifa_cacheinfo ci = { 0xffffffff, 0xffffffff, 0, 0 };

	if (!ifa)
		return;
	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = 8;
	ifa->ifa_flags = IFA_F_PERMANENT;
	ifa->ifa_scope = RT_SCOPE_HOST;
	ifa->ifa_index = LOOPBACK_IFINDEX;
	nl_put_u32(r, IFA_ADDRESS, htonl(INADDR_LOOPBACK));
	nl_put_u32(r, IFA_LOCAL, htonl(INADDR_LOOPBACK));
	nl_put(r, IFA_LABEL, "lo", 3);
	nl_put_u32(r, IFA_FLAGS, IFA_F_PERMANENT);
	nl_put(r, IFA_CACHEINFO, &ci, sizeof(ci));
}

/* lo's IPv6 address, ::1/128 (Linux's inet6_fill_ifaddr). */
static void rtnl_fill_addr6(struct nl_reply *r)
{
	struct ifaddrmsg *ifa = nl_msg_start(r, RTM_NEWADDR, NLM_F_MULTI, sizeof(*ifa));
	struct ifa_cacheinfo ci = { 0xffffffff, 0xffffffff, 0, 0 };
	struct in6_addr lo6 = { .s6_addr[15] = 1 };

	if (!ifa)
		return;
	ifa->ifa_family = AF_INET6;
	ifa->ifa_prefixlen = 128;
	ifa->ifa_flags = IFA_F_PERMANENT;
	ifa->ifa_scope = RT_SCOPE_HOST;
	ifa->ifa_index = LOOPBACK_IFINDEX;
	nl_put(r, IFA_ADDRESS, &lo6, sizeof(lo6));
	nl_put(r, IFA_CACHEINFO, &ci, sizeof(ci));
	nl_put_u32(r, IFA_FLAGS, IFA_F_PERMANENT);
}

/* One of the routes Linux's fib_add_ifaddr makes for lo's address. */
static void rtnl_fill_route(struct nl_reply *r, uint32_t dst, int dst_len, int type)
{
	struct rtmsg *rtm = nl_msg_start(r, RTM_NEWROUTE, NLM_F_MULTI, sizeof(*rtm));

	if (!rtm)
		return;
	rtm->rtm_family = AF_INET;
	rtm->rtm_dst_len = dst_len;
	rtm->rtm_table = RT_TABLE_LOCAL;
	rtm->rtm_protocol = RTPROT_KERNEL;
	rtm->rtm_scope = type == RTN_LOCAL ? RT_SCOPE_HOST : RT_SCOPE_LINK;
	rtm->rtm_type = type;
	nl_put_u32(r, RTA_TABLE, RT_TABLE_LOCAL);
	nl_put_u32(r, RTA_DST, htonl(dst));
	nl_put_u32(r, RTA_PREFSRC, htonl(INADDR_LOOPBACK));
	nl_put_u32(r, RTA_OIF, LOOPBACK_IFINDEX);
}

/*
 * The route addrconf makes for ::1, in table local (Linux's
 * rt6_fill_node); an IPv6 route's scope is always universe.
 */
static void rtnl_fill_route6(struct nl_reply *r)
{
	struct rtmsg *rtm = nl_msg_start(r, RTM_NEWROUTE, NLM_F_MULTI, sizeof(*rtm));
	struct in6_addr lo6 = { .s6_addr[15] = 1 };
	uint32_t ci[8] = { 0 };		/* struct rta_cacheinfo: nothing to say */

	if (!rtm)
		return;
	rtm->rtm_family = AF_INET6;
	rtm->rtm_dst_len = 128;
	rtm->rtm_table = RT_TABLE_LOCAL;
	rtm->rtm_protocol = RTPROT_KERNEL;
	rtm->rtm_type = RTN_LOCAL;
	nl_put_u32(r, RTA_TABLE, RT_TABLE_LOCAL);
	nl_put(r, RTA_DST, &lo6, sizeof(lo6));
	nl_put_u32(r, RTA_PRIORITY, 0);
	nl_put_u32(r, RTA_OIF, LOOPBACK_IFINDEX);
	nl_put(r, RTA_CACHEINFO, ci, sizeof(ci));
	nl_put_u8(r, RTA_PREF, 0);	/* ICMPV6_ROUTER_PREF_MEDIUM */
}

/* The family a dump asks for: the first byte of its body (struct rtgenmsg), or any. */
static int rtnl_family(const struct nlmsghdr *req)
{
	return req->nlmsg_len > NLMSG_HDRLEN ? *(const uint8_t *)(req + 1) : AF_UNSPEC;
}

/* A dump: everything of the kind the request asks for, then NLMSG_DONE. */
static void rtnl_dump(struct nl_reply *r, const struct nlmsghdr *req)
{
	int family = rtnl_family(req), *done;
	int inet = family == AF_UNSPEC || family == AF_INET;
	int inet6 = family == AF_UNSPEC || family == AF_INET6;

	if (req->nlmsg_type == RTM_GETLINK && family == AF_INET6)
		rtnl_fill_link6(r);
	else if (req->nlmsg_type == RTM_GETLINK)
		rtnl_fill_link(r, NLM_F_MULTI);
	if (req->nlmsg_type == RTM_GETADDR && inet)
		rtnl_fill_addr(r);
	if (req->nlmsg_type == RTM_GETADDR && inet6)
		rtnl_fill_addr6(r);
	if (req->nlmsg_type == RTM_GETROUTE && inet) {
		rtnl_fill_route(r, 0x7f000000, 8, RTN_LOCAL);
		rtnl_fill_route(r, INADDR_LOOPBACK, 32, RTN_LOCAL);
		rtnl_fill_route(r, 0x7fffffff, 32, RTN_BROADCAST);
	}
	if (req->nlmsg_type == RTM_GETROUTE && inet6)
		rtnl_fill_route6(r);
	if ((done = nl_msg_start(r, NLMSG_DONE, NLM_F_MULTI, sizeof(int))))
		*done = 0;
}

/*
 * RTM_GETLINK of one link: lo, asked for by its index or by its name
 * (IFLA_IFNAME, the first attribute iproute2 and busybox give); 0 or -errno.
 */
static int rtnl_getlink(struct nl_reply *r, const struct nlmsghdr *req)
{
	const struct ifinfomsg *ifi = (const void *)(req + 1);
	const struct rtattr *a = (const void *)(ifi + 1);
	uint32_t len = req->nlmsg_len;

	if (len < NLMSG_HDRLEN + sizeof(*ifi))
		return -EINVAL;
	if (ifi->ifi_index == 0 && len >= NLMSG_HDRLEN + sizeof(*ifi) + sizeof(*a) + 3 &&
	    a->rta_type == IFLA_IFNAME && !strcmp((const char *)(a + 1), "lo")) {
		rtnl_fill_link(r, 0);
		return 0;
	}
	if (ifi->ifi_index == 0)
		return -EINVAL;
	if (ifi->ifi_index != LOOPBACK_IFINDEX)
		return -ENODEV;
	rtnl_fill_link(r, 0);
	return 0;
}

/* One request (Linux's rtnetlink_rcv_msg and netlink_rcv_skb's acknowledgement). */
void rtnetlink_rcv_msg(struct nl_reply *r, const struct nlmsghdr *req)
{
	int get = req->nlmsg_type == RTM_GETLINK || req->nlmsg_type == RTM_GETADDR ||
		  req->nlmsg_type == RTM_GETROUTE;
	int err = -EOPNOTSUPP;

	if (get && (req->nlmsg_flags & NLM_F_DUMP)) {
		rtnl_dump(r, req);
		return;
	}
	if (req->nlmsg_type == RTM_GETLINK)
		err = rtnl_getlink(r, req);
	if (err || (req->nlmsg_flags & NLM_F_ACK))
		nl_error(r, req, err);
}
