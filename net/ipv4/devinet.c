/*
 * The loopback device, lo, shmos's only network interface: index 1, up,
 * MTU 65536, address 127.0.0.1/8, as Linux's drivers/net/loopback.c and
 * the address its net/ipv4/devinet.c gives it at boot.  Programs learn of
 * it through the interface ioctls (dev_ioctl: busybox ifconfig, hostname
 * -i), netlink (net/netlink/), /proc/net/dev and /proc/net/route.  Nothing about it can be
 * changed.
 */
#include "fs/fs.h"
#include "fs/proc.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "mm/uaccess.h"
#include "net/net.h"
#include "net/ipv4/ipv4.h"

#define IFNAMSIZ	16
#define SIOCGIFNAME	0x8910
#define SIOCGIFCONF	0x8912
#define SIOCGIFFLAGS	0x8913
#define SIOCGIFADDR	0x8915
#define SIOCGIFDSTADDR	0x8917
#define SIOCGIFBRDADDR	0x8919
#define SIOCGIFNETMASK	0x891b
#define SIOCGIFMETRIC	0x891d
#define SIOCGIFMTU	0x8921
#define SIOCGIFHWADDR	0x8927
#define SIOCGIFINDEX	0x8933
#define SIOCGIFTXQLEN	0x8942

/* i386's struct ifreq: a name, then one of these. */
struct ifreq {
	char ifr_name[IFNAMSIZ];
	union {
		struct sockaddr_in addr;
		struct {
			uint16_t sa_family;
			uint8_t sa_data[14];
		} hwaddr;
		short flags;
		int ivalue;		/* index, MTU, metric, queue length */
	};
};

struct ifconf {
	int ifc_len;
	uint32_t ifc_buf;	/* struct ifreq[] in user memory */
};

/* Its address and mask, network order. */
#define LO_ADDR		htonl(INADDR_LOOPBACK)
#define LO_MASK		htonl(0xff000000)

/* The ioctls that name no interface: SIOCGIFCONF, lo's one address. */
static long dev_ifconf(uint32_t arg)
{
	struct ifconf ifc;
	struct ifreq r = { .ifr_name = "lo" };
	int len = sizeof(r);

	if (copy_from_user(&ifc, (void *)arg, sizeof(ifc)))
		return -EFAULT;
	r.addr.sin_family = AF_INET;
	r.addr.sin_addr = LO_ADDR;
	if (ifc.ifc_buf) {
		if (ifc.ifc_len < len)
			len = 0;
		else if (copy_to_user((void *)ifc.ifc_buf, &r, len))
			return -EFAULT;
	}
	return copy_to_user((void *)arg, &len, sizeof(len)) ? -EFAULT : 0;
}

/* lo's answer to a request that names it (or, SIOCGIFNAME, gives its index). */
static int dev_ifsioc(uint32_t cmd, struct ifreq *r)
{
	switch (cmd) {
	case SIOCGIFNAME:
		if (r->ivalue != LOOPBACK_IFINDEX)
			return -ENODEV;
		strlcpy(r->ifr_name, "lo", IFNAMSIZ);
		return 0;
	case SIOCGIFFLAGS:	r->flags = IFF_UP | IFF_LOOPBACK | IFF_RUNNING; return 0;
	case SIOCGIFINDEX:	r->ivalue = LOOPBACK_IFINDEX; return 0;
	case SIOCGIFMTU:	r->ivalue = LOOPBACK_MTU; return 0;
	case SIOCGIFMETRIC:	r->ivalue = 0; return 0;
	case SIOCGIFTXQLEN:	r->ivalue = LOOPBACK_TXQLEN; return 0;
	case SIOCGIFHWADDR:
		memset(&r->hwaddr, 0, sizeof(r->hwaddr));
		r->hwaddr.sa_family = ARPHRD_LOOPBACK;
		return 0;
	}
	memset(&r->addr, 0, sizeof(r->addr));
	r->addr.sin_family = AF_INET;
	if (cmd == SIOCGIFADDR || cmd == SIOCGIFDSTADDR)
		r->addr.sin_addr = LO_ADDR;
	else if (cmd == SIOCGIFNETMASK)
		r->addr.sin_addr = LO_MASK;
	return 0;		/* SIOCGIFBRDADDR: lo has no broadcast address, 0.0.0.0 */
}

/* The interface ioctls of every socket (Linux's dev_ioctl and devinet_ioctl), or -ENOTTY. */
long dev_ioctl(uint32_t cmd, uint32_t arg)
{
	struct ifreq r;
	int err;

	if (cmd == SIOCGIFCONF)
		return dev_ifconf(arg);
	if (cmd != SIOCGIFNAME && cmd != SIOCGIFFLAGS && cmd != SIOCGIFADDR &&
	    cmd != SIOCGIFDSTADDR && cmd != SIOCGIFBRDADDR && cmd != SIOCGIFNETMASK &&
	    cmd != SIOCGIFMETRIC && cmd != SIOCGIFMTU && cmd != SIOCGIFHWADDR &&
	    cmd != SIOCGIFINDEX && cmd != SIOCGIFTXQLEN)
		return -ENOTTY;
	if (copy_from_user(&r, (void *)arg, sizeof(r)))
		return -EFAULT;
	r.ifr_name[IFNAMSIZ - 1] = 0;
	if (cmd != SIOCGIFNAME && strcmp(r.ifr_name, "lo"))
		return -ENODEV;
	if ((err = dev_ifsioc(cmd, &r)) != 0)
		return err;
	return copy_to_user((void *)arg, &r, sizeof(r)) ? -EFAULT : 0;
}

/* Linux's dev_seq_show: lo's counters (shmos counts no packets: none are made). */
void proc_net_dev_show(struct seq_file *m, const void *unused)
{
	seq_printf(m, "Inter-|   Receive                                                |  Transmit\n"
		   " face |bytes    packets errs drop fifo frame compressed multicast|"
		   "bytes    packets errs drop fifo colls carrier compressed\n");
	seq_printf(m, "    lo: %7u %7u %4u %4u %4u %5u %10u %9u %8u %7u %4u %4u %4u %5u %7u %10u\n",
		   0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}

/*
 * Linux's fib_route_seq_show: the main table's routes, of which a machine
 * with lo alone has none (lo's are in table local): the header, padded to
 * 127 columns.
 */
void proc_net_route_show(struct seq_file *m, const void *unused)
{
	seq_printf(m, "%-127s\n", "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\t"
		   "Mask\t\tMTU\tWindow\tIRTT");
}
