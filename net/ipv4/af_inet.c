/*
 * AF_INET sockets, Linux's net/ipv4/af_inet.c and the port tables of
 * inet_hashtables.c and udp.c, on the loopback device alone.
 *
 * The addresses of this machine are 127.0.0.0/8 (lo's, as Linux's local
 * route for it) and INADDR_ANY stands for them all; there is no other
 * route, so another destination is ENETUNREACH, and binding another
 * address EADDRNOTAVAIL, as on a Linux whose only interface is lo.
 *
 * Every inet sock, from its creation to its release, is on inet_sockets:
 * the port tables are that list (a sock with a port, sport != 0, is
 * bound), and /proc/net/tcp and udp print it.  A closed TCP socket lets
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

static struct sock *inet_sockets;	/* newest first */
int ip_local_port_range[2] = { 32768, 60999 };

static int inet_create(struct socket *sock, int protocol)
{
	int stream = sock->type == SOCK_STREAM;

	if (protocol < 0 || protocol >= 256)
		return -EINVAL;
	if (sock->type == SOCK_RAW)	/* no raw sockets: as without CAP_NET_RAW, or the module */
		return current->euid ? -EPERM : -EPROTONOSUPPORT;
	if (!stream && sock->type != SOCK_DGRAM)
		return -ESOCKTNOSUPPORT;
	if (protocol && protocol != (stream ? IPPROTO_TCP : IPPROTO_UDP))
		return -EPROTONOSUPPORT;
	sock->ops = stream ? &inet_stream_ops : &inet_dgram_ops;
	if (!(sock->sk = inet_sk_alloc(sock->type, stream ? IPPROTO_TCP : IPPROTO_UDP)))
		return -ENOMEM;
	sock->sk->socket = sock;
	return 0;
}

const struct net_proto_family inet_family_ops = {
	.family = AF_INET,
	.create = inet_create,
};

/* A new sock of the type, on inet_sockets, with Linux's buffer sizes for it. */
struct sock *inet_sk_alloc(int type, int protocol)
{
	struct sock *sk = sk_alloc(type, protocol);

	if (!sk)
		return NULL;
	if (type == SOCK_STREAM) {
		sk->sndbuf = TCP_SNDBUF;
		sk->rcvbuf = TCP_RCVBUF;
	}
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

/* An address of this machine: INADDR_ANY, or lo's 127.0.0.0/8 (network order). */
int inet_addr_local(uint32_t addr)
{
	return addr == INADDR_ANY || (ntohl(addr) >> 24) == 127;
}

/*
 * Where a packet to *daddr goes (Linux's ip_route_connect): INADDR_ANY is
 * 127.0.0.1, lo's addresses are lo; 0, or -ENETUNREACH with no route.
 */
int inet_route(uint32_t *daddr)
{
	if (*daddr == INADDR_ANY)
		*daddr = htonl(INADDR_LOOPBACK);
	return inet_addr_local(*daddr) ? 0 : -ENETUNREACH;
}

/*
 * A connect's address checked (Linux's tcp_v4_connect and
 * ip4_datagram_connect): its destination, routed, in *daddr; a socket
 * with no address gets lo's, 127.0.0.1.  0 or -errno.
 */
int inet_connect_addr(struct sock *sk, const struct sockaddr_in *a, int len, uint32_t *daddr)
{
	int err;

	if (len < (int)sizeof(*a))
		return -EINVAL;
	if (a->sin_family != AF_INET)
		return -EAFNOSUPPORT;
	*daddr = a->sin_addr;
	if ((err = inet_route(daddr)) != 0)
		return err;
	if (!sk->rcv_saddr)
		sk->rcv_saddr = htonl(INADDR_LOOPBACK);
	return 0;
}

static int sk_reuse(struct sock *sk, int opt)
{
	return (sk->sockopts >> opt) & 1;
}

/*
 * May sk take port at addr (Linux's inet_csk_bind_conflict and
 * udp_lib_lport_inuse)?  Not if another sock of its protocol has the port
 * at an address that overlaps, unless both said SO_REUSEPORT, or both
 * SO_REUSEADDR and the other is not a TCP listener.
 */
static int inet_port_taken(struct sock *sk, uint32_t addr, uint16_t port)
{
	for (struct sock *s = inet_sockets; s; s = s->inet_next) {
		if (s == sk || s->protocol != sk->protocol || s->sport != port)
			continue;
		if (s->rcv_saddr && addr && s->rcv_saddr != addr)
			continue;
		if (sk_reuse(sk, SO_REUSEPORT) && sk_reuse(s, SO_REUSEPORT))
			continue;
		if (sk_reuse(sk, SO_REUSEADDR) && sk_reuse(s, SO_REUSEADDR) &&
		    s->state != TCP_LISTEN)
			continue;
		return 1;
	}
	return 0;
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

		if (!inet_port_taken(sk, sk->rcv_saddr, port)) {
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

/* bind (Linux's __inet_bind): port 0 is one of the ephemeral ports. */
int inet_bind(struct socket *sock, void *uaddr, int len)
{
	struct sockaddr_in *a = uaddr;
	struct sock *sk = sock->sk;
	uint16_t port;

	if (len < (int)sizeof(*a))
		return -EINVAL;
	if (a->sin_family != AF_INET && (a->sin_family != AF_UNSPEC || a->sin_addr != INADDR_ANY))
		return -EAFNOSUPPORT;
	if (!inet_addr_local(a->sin_addr))
		return -EADDRNOTAVAIL;
	port = ntohs(a->sin_port);
	if (port && port < PROT_SOCK && current->euid != 0)
		return -EACCES;
	if (sk->state != TCP_CLOSE || sk->sport)
		return -EINVAL;
	sk->rcv_saddr = a->sin_addr;
	if (port == 0 && inet_get_ephemeral(sk) == 0)
		return 0;
	if (port == 0 || inet_port_taken(sk, a->sin_addr, a->sin_port)) {
		sk->rcv_saddr = INADDR_ANY;
		return -EADDRINUSE;
	}
	sk->sport = a->sin_port;
	return 0;
}

/* The socket's address, or its peer's (Linux's inet_getname): a sockaddr_in's length. */
int inet_getname(struct socket *sock, void *uaddr, int peer)
{
	struct sock *sk = sock->sk;
	struct sockaddr_in *a = uaddr;

	memset(a, 0, sizeof(*a));
	a->sin_family = AF_INET;
	if (peer) {
		if (!sk->dport || (sk->state == TCP_CLOSE && sk->type == SOCK_STREAM))
			return -ENOTCONN;
		a->sin_port = sk->dport;
		a->sin_addr = sk->daddr;
	} else {
		a->sin_port = sk->sport;
		a->sin_addr = sk->rcv_saddr;
	}
	return sizeof(*a);
}

/*
 * Whom a packet from saddr:sport to daddr:dport reaches: for TCP a
 * listener, for UDP a socket not connected, or connected to the sender;
 * one bound to daddr itself before one bound to INADDR_ANY, as Linux's
 * lookups score them.  Not referenced.
 */
struct sock *inet_lookup(int protocol, uint32_t saddr, uint16_t sport, uint32_t daddr,
			 uint16_t dport)
{
	struct sock *any = NULL;

	for (struct sock *s = inet_sockets; s; s = s->inet_next) {
		if (s->protocol != protocol || s->sport != dport)
			continue;
		if (protocol == IPPROTO_TCP ? s->state != TCP_LISTEN :
		    s->dport && (s->daddr != saddr || s->dport != sport))
			continue;
		if (s->rcv_saddr == daddr)
			return s;
		if (s->rcv_saddr == INADDR_ANY && !any)
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
	sk->shutdown |= mode;
	if (peer && (mode & SEND_SHUTDOWN)) {
		peer->shutdown |= RCV_SHUTDOWN;
		sk_wake(peer);
	}
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
	return -ENOPROTOOPT;
}

/* --- /proc/net/tcp and udp --- */

/* Linux prints an address as the hex of its network-order word, a port in host order. */
static void inet_show_addrs(struct seq_file *m, struct sock *s)
{
	seq_printf(m, "%08X:%04X %08X:%04X %02X", s->rcv_saddr, ntohs(s->sport), s->daddr,
		   ntohs(s->dport), s->state);
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

static void tcp_show_sock(struct seq_file *m, struct sock *s, int i)
{
	uint64_t line = m->count;

	seq_printf(m, "%4d: ", i);
	inet_show_addrs(m, s);
	seq_printf(m, " %08X:%08X 00:00000000 00000000 %5u %8d %u %d %08x 20 4 30 10 -1",
		   0, s->state == TCP_LISTEN ? (uint32_t)s->ack_backlog : inet_rqueue(s),
		   inet_uid(s), 0, inet_ino(s), s->refcnt, (uint32_t)(uintptr_t)s);
	seq_pad_to(m, line, 149);
	seq_printf(m, "\n");
}

/*
 * Linux's tcp4_seq_show: a line per listener, then per connection (a
 * socket only bound is in neither of Linux's tables), padded to 149
 * columns; a listener's receive queue is its connections not yet
 * accepted.  The timers, retransmits and congestion window are those of a
 * loopback connection at rest.
 */
void proc_net_tcp_show(struct seq_file *m, const void *unused)
{
	int i = 0;
	uint64_t line = m->count;

	seq_printf(m, "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
		   "retrnsmt   uid  timeout inode");
	seq_pad_to(m, line, 149);
	seq_printf(m, "\n");
	for (int listeners = 1; listeners >= 0; listeners--)
		for (struct sock *s = inet_sockets; s; s = s->inet_next)
			if (s->protocol == IPPROTO_TCP && s->state != TCP_CLOSE &&
			    (s->state == TCP_LISTEN) == listeners)
				tcp_show_sock(m, s, i++);
}

/* Linux's udp4_seq_show: a line per UDP socket with a port, padded to 127 columns. */
void proc_net_udp_show(struct seq_file *m, const void *unused)
{
	uint64_t line = m->count;

	seq_printf(m, "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
		   "retrnsmt   uid  timeout inode ref pointer drops");
	seq_pad_to(m, line, 127);
	seq_printf(m, "\n");
	for (struct sock *s = inet_sockets; s; s = s->inet_next) {
		if (s->protocol != IPPROTO_UDP || !s->sport)
			continue;
		line = m->count;
		seq_printf(m, "%5d: ", ntohs(s->sport) & 127);	/* Linux's hash slot */
		inet_show_addrs(m, s);
		seq_printf(m, " %08X:%08X 00:00000000 00000000 %5u %8d %u %d %08x 0", 0,
			   inet_rqueue(s), inet_uid(s), 0, inet_ino(s), s->refcnt,
			   (uint32_t)(uintptr_t)s);
		seq_pad_to(m, line, 127);
		seq_printf(m, "\n");
	}
}
