/*
 * UDP on the loopback device (Linux's net/ipv4/udp.c, as a program sees
 * it).  A datagram goes straight onto the receive queue of the socket
 * bound to its port, and is read as an AF_UNIX datagram is
 * (unix_dgram_recvmsg: one message, MSG_TRUNC), its sender's name being
 * the sockaddr_in6 the buffer carries, given in the receiver's family's
 * form.  As on Linux, the sender is
 * never held back by its receiver: a datagram that finds the receiver's
 * buffer full is dropped, and one that finds no socket too, a connected
 * sender learning it (ECONNREFUSED) as from the ICMP error Linux's gets.
 */
#include "fs/fs.h"
#include "kernel/errno.h"
#include "net/net.h"
#include "net/sock.h"
#include "net/ipv4/ipv4.h"
#include "net/ipv6/ipv6.h"
#include "net/unix/af_unix.h"

#define UDP_MAX_PAYLOAD	65507		/* 65535 less the IP and UDP headers */

/* Bytes on sk's queue, as its receive buffer counts them. */
static uint32_t udp_rmem(struct sock *sk)
{
	uint32_t n = 0;

	for (struct sk_buff *skb = sk->receive_queue.head; skb; skb = skb->next)
		n += skb->truesize;
	return n;
}

/* A delivered datagram is no longer its sender's to pay for (Linux's skb_orphan): it only names it. */
static void udp_skb_destructor(struct sk_buff *skb)
{
	sock_put(skb->sk);
}

/*
 * skb to whoever is at daddr:dport, or dropped; a connected sender learns
 * of nobody.  The sender's address is its own, or lo's of daddr's kind.
 */
static void udp_deliver(struct sock *sk, struct sk_buff *skb, const struct in6_addr *daddr,
			uint16_t dport)
{
	struct sockaddr_in6 *from = &skb->name;
	struct sock *other;

	from->sin6_family = AF_INET6;
	from->sin6_port = sk->sport;
	from->sin6_addr = sk->rcv_saddr;
	if (inet_addr_any(&sk->rcv_saddr))
		inet_source_addr(daddr, &from->sin6_addr);
	other = inet_lookup(IPPROTO_UDP, &from->sin6_addr, sk->sport, daddr, dport);
	if (!other) {
		if (sk->state == TCP_ESTABLISHED) {
			sk->err = ECONNREFUSED;
			sk_wake(sk);
		}
		kfree_skb(skb);
		return;
	}
	if (other->shutdown & RCV_SHUTDOWN || udp_rmem(other) + skb->truesize > (uint32_t)other->rcvbuf) {
		kfree_skb(skb);
		return;
	}
	sk->wmem_alloc -= skb->truesize;
	skb->destructor = udp_skb_destructor;
	skb_queue_tail(&other->receive_queue, skb);
	sk_wake(other);
}

/* send (Linux's udp_sendmsg): to the address given, or the connected one. */
static long udp_sendmsg(struct socket *sock, struct msghdr *m, uint32_t len)
{
	struct sock *sk = sock->sk;
	struct sk_buff *skb;
	struct in6_addr daddr = sk->daddr;
	uint16_t dport = sk->dport;
	int err;

	if (inet_autobind(sk))
		return -EAGAIN;
	if (len > UDP_MAX_PAYLOAD)
		return -EMSGSIZE;
	if (m->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (m->msg_namelen) {
		if ((err = inet_dest_from_user(sk, m->msg_name, m->msg_namelen, &daddr, &dport)))
			return err;
		if (dport == 0)
			return -EINVAL;
	} else if (sk->state != TCP_ESTABLISHED) {
		return -EDESTADDRREQ;
	}
	if (!(skb = sock_alloc_send_skb(sk, len, m->msg_flags & MSG_DONTWAIT, &err)))
		return err;
	if (skb_copy_from_msg(skb, m)) {
		kfree_skb(skb);
		return -EFAULT;
	}
	udp_deliver(sk, skb, &daddr, dport);
	return len;
}

const struct proto_ops inet_dgram_ops = {
	.family = AF_INET,
	.bind = inet_bind,
	.sendmsg = udp_sendmsg,
	.setsockopt = inet_setsockopt,
	.getsockopt = inet_getsockopt,
	INET_DGRAM_COMMON_OPS,
};

const struct proto_ops inet6_dgram_ops = {
	.family = AF_INET6,
	.bind = inet6_bind,
	.sendmsg = udp_sendmsg,
	.setsockopt = inet_setsockopt,
	.getsockopt = inet_getsockopt,
	INET_DGRAM_COMMON_OPS,
};
