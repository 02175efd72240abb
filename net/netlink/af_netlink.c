/*
 * AF_NETLINK sockets, Linux's net/netlink/af_netlink.c, for NETLINK_ROUTE
 * alone and for talking to the kernel alone.
 *
 * A socket has a port id (bind's, or its process's id at its first send,
 * as Linux's autobind).  What it sends is a run of requests (struct
 * nlmsghdr each) that rtnetlink.c answers at once: the answer to each
 * request is one datagram on the sender's receive queue, read as an
 * AF_UNIX datagram is (unix_dgram_recvmsg: MSG_PEEK, MSG_TRUNC), from the
 * kernel's address (port id 0), whose sock netlink_kernel stands for.
 * The multicast groups a socket joins are kept, and nothing is ever sent
 * to them: lo never changes.
 */
#include "fs/fs.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "mm/kmalloc.h"
#include "net/net.h"
#include "net/sock.h"
#include "net/netlink/netlink.h"
#include "net/unix/af_unix.h"

#define SOL_NETLINK	270
#define NL_REPLY_MAX	1536	/* an answer's bytes: lo's fit, with room */

struct sockaddr_nl {
	uint16_t nl_family;
	uint16_t nl_pad;
	uint32_t nl_pid;
	uint32_t nl_groups;
};

/* The sender of every answer: named, never referenced nor freed. */
static struct sock netlink_kernel = {
	.refcnt = 1,
	.addr = { .sun_family = AF_NETLINK },
	.addr_len = sizeof(struct sockaddr_nl),
};

static struct sock *netlink_sockets;
static const struct proto_ops netlink_ops;

static int netlink_create(struct socket *sock, int protocol)
{
	struct sock *sk;

	if (sock->type != SOCK_RAW && sock->type != SOCK_DGRAM)
		return -ESOCKTNOSUPPORT;
	if (protocol != NETLINK_ROUTE)
		return -EPROTONOSUPPORT;
	if (!(sk = sk_alloc(sock->type, protocol)))
		return -ENOMEM;
	sk->nl_next = netlink_sockets;
	netlink_sockets = sk;
	sk->socket = sock;
	sock->sk = sk;
	sock->ops = &netlink_ops;
	return 0;
}

const struct net_proto_family netlink_family_ops = {
	.family = AF_NETLINK,
	.create = netlink_create,
};

static void netlink_release(struct socket *sock)
{
	struct sock *sk = sock->sk, **pp = &netlink_sockets;

	if (!sk)
		return;
	sock->sk = NULL;
	while (*pp != sk)
		pp = &(*pp)->nl_next;
	*pp = sk->nl_next;
	sk->dead = 1;
	sk->socket = NULL;
	skb_queue_purge(&sk->receive_queue);
	sock_put(sk);
}

static int netlink_portid_taken(uint32_t portid)
{
	for (struct sock *s = netlink_sockets; s; s = s->nl_next)
		if (s->portid == portid)
			return 1;
	return 0;
}

/* A port id of its own (Linux's netlink_autobind): its process's id, else -4096 and down. */
static void netlink_autobind(struct sock *sk)
{
	static int32_t rover = -4096;
	uint32_t portid = current->tgid;

	if (sk->portid)
		return;
	while (netlink_portid_taken(portid))
		portid = (uint32_t)rover--;
	sk->portid = portid;
}

static int netlink_bind(struct socket *sock, void *uaddr, int len)
{
	struct sockaddr_nl *a = uaddr;
	struct sock *sk = sock->sk;

	if (len < (int)sizeof(*a) || a->nl_family != AF_NETLINK)
		return -EINVAL;
	sk->groups = a->nl_groups;
	if (sk->portid)
		return a->nl_pid == sk->portid ? 0 : -EINVAL;
	if (!a->nl_pid) {
		netlink_autobind(sk);
		return 0;
	}
	if (netlink_portid_taken(a->nl_pid))
		return -EADDRINUSE;
	sk->portid = a->nl_pid;
	return 0;
}

/* connect: the kernel is the only peer there is (port id 0). */
static int netlink_connect(struct socket *sock, void *uaddr, int len, int flags)
{
	struct sockaddr_nl *a = uaddr;

	if (len < (int)sizeof(a->nl_family))
		return -EINVAL;
	if (a->nl_family == AF_UNSPEC)
		return 0;
	if (len < (int)sizeof(*a) || a->nl_family != AF_NETLINK)
		return -EINVAL;
	if (a->nl_pid)
		return -ECONNREFUSED;
	netlink_autobind(sock->sk);
	return 0;
}

static int netlink_getname(struct socket *sock, void *uaddr, int peer)
{
	struct sockaddr_nl *a = uaddr;

	memset(a, 0, sizeof(*a));
	a->nl_family = AF_NETLINK;
	if (!peer) {
		a->nl_pid = sock->sk->portid;
		a->nl_groups = sock->sk->groups;
	}
	return sizeof(*a);
}

/*
 * len bytes go to sk as one datagram from the kernel (Linux's
 * netlink_sendskb): an answer, or mq_notify's cookie (ipc/mqueue.c), which
 * may come after the socket was closed: then nobody reads it.
 */
void netlink_sendskb(struct sock *sk, const void *data, uint32_t len)
{
	struct sk_buff *skb;

	if (!len || sk->dead || !(skb = alloc_skb(len)))
		return;		/* as Linux's, a message without memory is lost */
	memcpy(skb->data, data, len);
	skb->sk = &netlink_kernel;
	skb_queue_tail(&sk->receive_queue, skb);
	sk_wake(sk);
}

/* Each request of the message in skb answered (Linux's netlink_rcv_skb). */
static int netlink_rcv_skb(struct sock *sk, struct sk_buff *skb)
{
	struct nl_reply r = { .size = NL_REPLY_MAX, .portid = sk->portid };
	const char *p = (const char *)skb->data;
	uint32_t left = skb->len;

	if (!(r.buf = kmalloc(NL_REPLY_MAX)))
		return -ENOBUFS;
	while (left >= NLMSG_HDRLEN) {
		const struct nlmsghdr *req = (const struct nlmsghdr *)p;
		uint32_t len = NLMSG_ALIGN(req->nlmsg_len);

		if (req->nlmsg_len < NLMSG_HDRLEN || req->nlmsg_len > left)
			break;
		r.len = 0;
		r.seq = req->nlmsg_seq;
		if (req->nlmsg_flags & NLM_F_REQUEST)
			rtnetlink_rcv_msg(&r, req);
		else if (req->nlmsg_flags & NLM_F_ACK)
			nl_error(&r, req, 0);
		netlink_sendskb(sk, r.buf, r.len);
		if (len >= left)
			break;
		p += len;
		left -= len;
	}
	kfree(r.buf);
	return 0;
}

/*
 * send (Linux's netlink_sendmsg): to the kernel alone; a message must fit
 * in one small buffer (a few requests), which shmos's answers need.
 */
static long netlink_sendmsg(struct socket *sock, struct msghdr *m, uint32_t len)
{
	struct sockaddr_nl *a = m->msg_name;
	struct sock *sk = sock->sk;
	struct sk_buff *skb;
	int err;

	if (m->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (m->msg_namelen) {
		if (m->msg_namelen < (int)sizeof(*a) || a->nl_family != AF_NETLINK)
			return -EINVAL;
		if (a->nl_pid || a->nl_groups)
			return -ECONNREFUSED;
	}
	netlink_autobind(sk);
	if (len > (uint32_t)sk->sndbuf - 32)
		return -EMSGSIZE;
	if (!(skb = alloc_skb(len)))
		return -ENOBUFS;
	err = skb->npages ? -EMSGSIZE : skb_copy_from_msg(skb, m);
	if (err == 0)
		err = netlink_rcv_skb(sk, skb);
	kfree_skb(skb);
	return err ? err : (long)len;
}

/* The options of SOL_NETLINK that programs set (NETLINK_ADD_MEMBERSHIP, NETLINK_EXT_ACK...): taken. */
static int netlink_setsockopt(struct socket *sock, int level, int optname, int val)
{
	if (level != SOL_NETLINK || optname < 1 || optname > 12)
		return -ENOPROTOOPT;
	return 0;
}

static int netlink_getsockopt(struct socket *sock, int level, int optname, int *val)
{
	return -ENOPROTOOPT;
}

/* No ioctl of its own: the interface ioctls (net/socket.c) answer. */
static long netlink_ioctl(struct socket *sock, uint32_t cmd, uint32_t arg)
{
	return -ENOTTY;
}

static const struct proto_ops netlink_ops = {
	.family = AF_NETLINK,
	.so_release = netlink_release,
	.bind = netlink_bind,
	.connect = netlink_connect,
	.socketpair = sock_no_socketpair,
	.accept = sock_no_accept,
	.getsockname = netlink_getname,
	.so_poll = unix_poll,
	.so_ioctl = netlink_ioctl,
	.listen = sock_no_listen,
	.shutdown = sock_no_shutdown,
	.sendmsg = netlink_sendmsg,
	.recvmsg = unix_dgram_recvmsg,
	.setsockopt = netlink_setsockopt,
	.getsockopt = netlink_getsockopt,
};
