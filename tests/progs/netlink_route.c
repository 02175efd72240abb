// netlink_route: what a program learns of the loopback device, as on Linux: NETLINK_ROUTE
// dumps (RTM_GETLINK, RTM_GETADDR, RTM_GETROUTE, read to NLMSG_DONE, the sequence number
// and port id echoed, MSG_PEEK|MSG_TRUNC sizing), one link by index and an unknown one
// (ENODEV in NLMSG_ERROR), the socket's port id (its pid), getifaddrs and if_nametoindex,
// and the interface ioctls busybox ifconfig and hostname -i use (SIOCGIFFLAGS, SIOCGIFADDR,
// SIOCGIFNETMASK, SIOCGIFMTU, SIOCGIFINDEX, SIOCGIFNAME, SIOCGIFHWADDR, SIOCGIFCONF).
// The host has other interfaces and IPv6: only lo's IPv4 lines are printed.
#define _GNU_SOURCE
#include <net/if.h>		// before linux/'s headers, which then leave its names alone
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"

static char lines[64][160];
static int nlines;

static int cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The lines gathered, sorted (the host's dumps come in its tables' order). */
static void flush(void)
{
	qsort(lines, nlines, sizeof(lines[0]), cmp);
	for (int i = 0; i < nlines; i++)
		printf("  %s\n", lines[i]);
	nlines = 0;
}

static const char *ip(const void *p)
{
	struct in_addr a;

	memcpy(&a, p, 4);
	return inet_ntoa(a);
}

static void show_link(struct nlmsghdr *h)
{
	struct ifinfomsg *ifi = NLMSG_DATA(h);
	int len = IFLA_PAYLOAD(h), n = 0;
	char *l = lines[nlines];

	if (ifi->ifi_index != 1)
		return;
	n += sprintf(l + n, "link %d type %d flags %#x", ifi->ifi_index, ifi->ifi_type, ifi->ifi_flags);
	for (struct rtattr *a = IFLA_RTA(ifi); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		void *d = RTA_DATA(a);

		if (a->rta_type == IFLA_IFNAME)
			n += sprintf(l + n, " name %s", (char *)d);
		else if (a->rta_type == IFLA_MTU)
			n += sprintf(l + n, " mtu %u", *(unsigned *)d);
		else if (a->rta_type == IFLA_TXQLEN)
			n += sprintf(l + n, " qlen %u", *(unsigned *)d);
		else if (a->rta_type == IFLA_QDISC)
			n += sprintf(l + n, " qdisc %s", (char *)d);
		else if (a->rta_type == IFLA_OPERSTATE)
			n += sprintf(l + n, " operstate %u", *(unsigned char *)d);
		else if (a->rta_type == IFLA_ADDRESS)
			n += sprintf(l + n, " address of %d bytes", (int)RTA_PAYLOAD(a));
	}
	nlines++;
}

static void show_addr(struct nlmsghdr *h)
{
	struct ifaddrmsg *ifa = NLMSG_DATA(h);
	int len = IFA_PAYLOAD(h), n = 0;
	char *l = lines[nlines];

	if (ifa->ifa_index != 1 || ifa->ifa_family != AF_INET)
		return;
	n += sprintf(l + n, "addr /%d flags %#x scope %d", ifa->ifa_prefixlen, ifa->ifa_flags,
		     ifa->ifa_scope);
	for (struct rtattr *a = IFA_RTA(ifa); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		if (a->rta_type == IFA_ADDRESS)
			n += sprintf(l + n, " address %s", ip(RTA_DATA(a)));
		else if (a->rta_type == IFA_LOCAL)
			n += sprintf(l + n, " local %s", ip(RTA_DATA(a)));
		else if (a->rta_type == IFA_LABEL)
			n += sprintf(l + n, " label %s", (char *)RTA_DATA(a));
	}
	nlines++;
}

static void show_route(struct nlmsghdr *h)
{
	struct rtmsg *rtm = NLMSG_DATA(h);
	int len = RTM_PAYLOAD(h), n = 0, oif = 0;
	char *l = lines[nlines];

	if (rtm->rtm_family != AF_INET)
		return;
	n += sprintf(l + n, "route table %d type %d scope %d proto %d /%d", rtm->rtm_table,
		     rtm->rtm_type, rtm->rtm_scope, rtm->rtm_protocol, rtm->rtm_dst_len);
	for (struct rtattr *a = RTM_RTA(rtm); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		if (a->rta_type == RTA_DST)
			n += sprintf(l + n, " dst %s", ip(RTA_DATA(a)));
		else if (a->rta_type == RTA_PREFSRC)
			n += sprintf(l + n, " src %s", ip(RTA_DATA(a)));
		else if (a->rta_type == RTA_OIF)
			oif = *(int *)RTA_DATA(a);
	}
	if (oif == 1)
		nlines++;
}

/* Send one request of type (a dump if flags say so); read the answers to the end. */
static void ask(int fd, int type, int flags, int index, unsigned seq)
{
	struct {
		struct nlmsghdr h;
		struct ifinfomsg ifi;
	} req = { { sizeof(req), type, NLM_F_REQUEST | flags, seq, 0 }, { .ifi_index = index } };
	static char buf[65536];
	int done = 0, echoed = 1, msgs = 0;
	struct sockaddr_nl from;
	socklen_t fromlen;

	if (send(fd, &req, sizeof(req), 0) < 0)
		printf("send: %s\n", ename(errno));
	while (!done) {
		long peek = recv(fd, NULL, 0, MSG_PEEK | MSG_TRUNC), r;

		fromlen = sizeof(from);
		r = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fromlen);
		if (r <= 0 || peek != r) {
			printf("recv: %ld (peeked %ld) %s\n", r, peek, r < 0 ? ename(errno) : "");
			return;
		}
		if (fromlen != sizeof(from) || from.nl_pid != 0)
			printf("from: len %d pid %u\n", (int)fromlen, from.nl_pid);
		for (struct nlmsghdr *h = (void *)buf; NLMSG_OK(h, r); h = NLMSG_NEXT(h, r)) {
			msgs++;
			echoed &= h->nlmsg_seq == seq && h->nlmsg_pid == (unsigned)getpid();
			if (h->nlmsg_type == NLMSG_DONE)
				done = 1;
			else if (h->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(h);

				printf("  NLMSG_ERROR %s%s\n", e->error ? ename(-e->error) : "0",
				       e->msg.nlmsg_seq == seq ? ", the request's header" : "");
				done = 1;
			} else if (h->nlmsg_type == RTM_NEWLINK) {
				show_link(h);
				done |= !(h->nlmsg_flags & NLM_F_MULTI);
			} else if (h->nlmsg_type == RTM_NEWADDR)
				show_addr(h);
			else if (h->nlmsg_type == RTM_NEWROUTE)
				show_route(h);
		}
	}
	flush();
	printf("  seq and port id echoed: %s\n", yes(echoed && msgs));
}

static void ioctls(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	struct ifreq r;
	struct ifconf ifc;
	struct ifreq all[32];

	memset(&r, 0, sizeof(r));
	strcpy(r.ifr_name, "lo");
	TRY("SIOCGIFFLAGS", ioctl(fd, SIOCGIFFLAGS, &r));
	printf("  flags %#x\n", r.ifr_flags & (IFF_UP | IFF_LOOPBACK | IFF_RUNNING));
	TRY("SIOCGIFADDR", ioctl(fd, SIOCGIFADDR, &r));
	printf("  %s\n", inet_ntoa(((struct sockaddr_in *)&r.ifr_addr)->sin_addr));
	TRY("SIOCGIFNETMASK", ioctl(fd, SIOCGIFNETMASK, &r));
	printf("  %s\n", inet_ntoa(((struct sockaddr_in *)&r.ifr_netmask)->sin_addr));
	TRY("SIOCGIFMTU", ioctl(fd, SIOCGIFMTU, &r));
	printf("  %d\n", r.ifr_mtu);
	TRY("SIOCGIFHWADDR", ioctl(fd, SIOCGIFHWADDR, &r));
	printf("  family %d\n", r.ifr_hwaddr.sa_family);
	TRY("SIOCGIFINDEX", ioctl(fd, SIOCGIFINDEX, &r));
	printf("  %d\n", r.ifr_ifindex);
	memset(r.ifr_name, 0, sizeof(r.ifr_name));
	TRY("SIOCGIFNAME of 1", ioctl(fd, SIOCGIFNAME, &r));
	printf("  %s\n", r.ifr_name);
	strcpy(r.ifr_name, "nosuch0");
	TRY("SIOCGIFFLAGS nosuch0", ioctl(fd, SIOCGIFFLAGS, &r));
	ifc.ifc_len = sizeof(all);
	ifc.ifc_req = all;
	TRY("SIOCGIFCONF", ioctl(fd, SIOCGIFCONF, &ifc));
	for (int i = 0; i < ifc.ifc_len / (int)sizeof(struct ifreq); i++)
		if (!strcmp(all[i].ifr_name, "lo"))
			printf("  lo %s\n", inet_ntoa(((struct sockaddr_in *)&all[i].ifr_addr)->sin_addr));
	printf("if_nametoindex(lo) %u\n", if_nametoindex("lo"));
	close(fd);
}

int main(void)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	struct sockaddr_nl a = { .nl_family = AF_NETLINK };
	socklen_t len = sizeof(a);
	struct ifaddrs *ifap;

	setvbuf(stdout, NULL, _IONBF, 0);
	TRY("socket(AF_NETLINK, SOCK_STREAM)", socket(AF_NETLINK, SOCK_STREAM, NETLINK_ROUTE));
	TRY("bind, short", bind(fd, (struct sockaddr *)&a, sizeof(a) - 1));
	TRY("bind port id 0", bind(fd, (struct sockaddr *)&a, sizeof(a)));
	TRY("getsockname", getsockname(fd, (struct sockaddr *)&a, &len));
	printf("  family %d len %d, port id is the pid: %s\n", a.nl_family, (int)len,
	       yes(a.nl_pid == (unsigned)getpid()));
	printf("RTM_GETLINK dump:\n");
	ask(fd, RTM_GETLINK, NLM_F_DUMP, 0, 101);
	printf("RTM_GETLINK of index 1:\n");
	ask(fd, RTM_GETLINK, 0, 1, 102);
	printf("RTM_GETLINK of index 9999:\n");
	ask(fd, RTM_GETLINK, 0, 9999, 103);
	printf("RTM_GETADDR dump:\n");
	ask(fd, RTM_GETADDR, NLM_F_DUMP, 0, 104);
	printf("RTM_GETROUTE dump:\n");
	ask(fd, RTM_GETROUTE, NLM_F_DUMP, 0, 105);
	close(fd);
	ioctls();
	if (getifaddrs(&ifap) == 0) {
		for (struct ifaddrs *i = ifap; i; i = i->ifa_next)
			if (!strcmp(i->ifa_name, "lo") && i->ifa_addr && i->ifa_addr->sa_family == AF_INET)
				printf("getifaddrs: lo %s flags %#x\n",
				       inet_ntoa(((struct sockaddr_in *)i->ifa_addr)->sin_addr),
				       i->ifa_flags & (IFF_UP | IFF_LOOPBACK | IFF_RUNNING));
		freeifaddrs(ifap);
	}
	return 0;
}
