/*
 * TCP on the loopback device (Linux's net/ipv4/tcp*.c, as a program sees
 * them).  A connection is made at once: connect finds the listener bound
 * to the port and queues on it an embryo, a new sock already connected to
 * the client, which accept gives a socket, as AF_UNIX's streams do; data
 * then moves as on an AF_UNIX stream (unix_stream_sendmsg and recvmsg).
 *
 * What the wire would say is said by hand: a close with nothing unread
 * sends a FIN (the peer reads to end of file, and its next write, taken,
 * is answered by a reset: the one after is EPIPE); a close with data
 * unread, or a listener's close to its embryos, sends a reset (the peer's
 * next read or write is ECONNRESET); a connect to a port nobody listens
 * on is refused (ECONNREFUSED).
 */
#include "fs/fs.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "net/net.h"
#include "net/sock.h"
#include "net/ipv4/ipv4.h"
#include "net/ipv6/ipv6.h"
#include "net/unix/af_unix.h"

/* The peer is reset: whatever it does next is ECONNRESET, once, then the end. */
static void tcp_reset(struct sock *sk)
{
	sk->err = ECONNRESET;
	sk->shutdown = SHUTDOWN_MASK;
	sk->state = TCP_CLOSE;
	sk_wake(sk);
}

/*
 * What sk's peer hears of sk's end: a FIN (the peer keeps sk, to see that
 * it is gone when it writes), or a reset if sk leaves data unread (or is
 * an embryo, or lingers 0 seconds, or disconnects); sk lets the peer go.
 */
static void tcp_send_close(struct sock *sk, int reset)
{
	struct sock *peer = sk->peer;

	if (!peer)
		return;
	if (reset || sk->receive_queue.qlen) {
		tcp_reset(peer);
		peer->peer = NULL;	/* a reset peer is done with sk */
		sock_put(sk);
	} else {
		peer->shutdown |= RCV_SHUTDOWN;
		sk_wake(peer);
	}
	sk->peer = NULL;
	sock_put(peer);
}

/* A listener stops (closed, or shut down for reading): its embryos' clients are reset. */
void tcp_disconnect_listener(struct sock *sk)
{
	struct sock *e;

	while ((e = sk->accept_head)) {
		sk->accept_head = e->accept_next;
		sk->ack_backlog--;
		tcp_send_close(e, 1);
		inet_release_sock(e);
	}
	sk->accept_tail = NULL;
	sk->state = TCP_CLOSE;
	sk_wake(sk);
}

static void tcp_release(struct socket *sock)
{
	struct sock *sk = sock->sk;

	if (!sk)
		return;
	sock->sk = NULL;
	if (sk->state == TCP_LISTEN)
		tcp_disconnect_listener(sk);
	tcp_send_close(sk, sk->linger.l_onoff && !sk->linger.l_linger);
	inet_release_sock(sk);
}

/*
 * connect to AF_UNSPEC (Linux's tcp_disconnect): a listener stops, a
 * connection is reset (SO_ERROR says ECONNRESET); the socket keeps its
 * port and may connect again.
 */
static int tcp_disconnect(struct socket *sock)
{
	struct sock *sk = sock->sk;

	if (sk->state == TCP_LISTEN)
		tcp_disconnect_listener(sk);
	else if (sk->peer)
		sk->err = ECONNRESET;
	tcp_send_close(sk, 1);
	skb_queue_purge(&sk->receive_queue);
	sk->state = TCP_CLOSE;
	sk->shutdown = 0;
	memset(&sk->daddr, 0, sizeof(sk->daddr));
	sk->dport = 0;
	sock->state = SS_UNCONNECTED;
	sk_wake(sk);
	return 0;
}

/*
 * listen (Linux's inet_listen and inet_csk_listen_start): an unbound
 * socket gets a port; the port is taken again, as a listener's (two
 * listeners may share one only with SO_REUSEPORT).
 */
static int tcp_listen(struct socket *sock, int backlog)
{
	struct sock *sk = sock->sk;

	if (sock->state != SS_UNCONNECTED || (sk->state != TCP_CLOSE && sk->state != TCP_LISTEN))
		return -EINVAL;
	if (sk->state == TCP_CLOSE) {
		if (inet_autobind(sk))
			return -EADDRINUSE;
		if (inet_port_taken(sk, &sk->rcv_saddr, sk->sport))
			return -EADDRINUSE;
	}
	sk->max_ack_backlog = backlog;
	sk->state = TCP_LISTEN;
	sk_wake(sk);
	return 0;
}

/*
 * The new connection's sock: the listener's family, port and options, the
 * client's address (IPv4-mapped, to an AF_INET6 listener, if the client's
 * is IPv4).
 */
static struct sock *tcp_embryo(struct sock *sk, struct sock *other, const struct in6_addr *daddr)
{
	struct sock *newsk = inet_sk_alloc(other->family, SOCK_STREAM, IPPROTO_TCP);

	if (!newsk)
		return NULL;
	newsk->rcv_saddr = *daddr;
	newsk->sport = other->sport;
	newsk->daddr = sk->rcv_saddr;
	newsk->dport = sk->sport;
	newsk->sockopts = other->sockopts;
	newsk->nodelay = other->nodelay;
	newsk->ipv6only = other->ipv6only;
	newsk->hop_limit = other->hop_limit;
	newsk->sndbuf = other->sndbuf;
	newsk->rcvbuf = other->rcvbuf;
	return newsk;
}

/*
 * The connection made, or refused: 0 or -errno.  A full accept queue
 * makes a blocking connect wait; a non-blocking one is EAGAIN (Linux's
 * would go on trying in the background).
 */
static int tcp_connect_to(struct socket *sock, const struct in6_addr *daddr, uint16_t dport,
			  int flags)
{
	struct sock *sk = sock->sk, *other, *newsk;
	int err;

	for (;;) {
		if (!(other = inet_lookup(IPPROTO_TCP, &sk->rcv_saddr, sk->sport, daddr, dport)) ||
		    (other->shutdown & RCV_SHUTDOWN))
			return -ECONNREFUSED;
		if (other->ack_backlog <= other->max_ack_backlog)
			break;
		sock_hold(other);
		err = sk_wait(other, flags & O_NONBLOCK);
		sock_put(other);
		if (err)
			return err;
	}
	if (!(newsk = tcp_embryo(sk, other, daddr)))
		return -ENOMEM;
	sk->daddr = *daddr;
	sk->dport = dport;
	sk->shutdown = 0;	/* a socket refused before may connect again */
	unix_queue_embryo(other, sock, newsk);
	return 0;
}

/*
 * connect (Linux's inet_stream_connect, tcp_v4_connect and tcp_v6_connect).  A
 * non-blocking one says EINPROGRESS, its outcome in SO_ERROR and poll (a
 * later connect says it: 0, then EISCONN).  A socket that had no port
 * gets one at 127.0.0.1 (or ::1), and keeps it if refused, as Linux's.
 */
static int tcp_connect(struct socket *sock, void *uaddr, int len, int flags)
{
	struct sockaddr_in *a = uaddr;
	struct sock *sk = sock->sk;
	struct in6_addr daddr;
	uint16_t dport;
	int err;

	if (len < (int)sizeof(a->sin_family))
		return -EINVAL;
	if (a->sin_family == AF_UNSPEC)
		return tcp_disconnect(sock);
	if (sock->state == SS_CONNECTED)
		return -EISCONN;
	if (sock->state == SS_CONNECTING) {
		if (sk->state == TCP_ESTABLISHED) {
			sock->state = SS_CONNECTED;
			return 0;
		}
		sock->state = SS_UNCONNECTED;
		return (err = sock_error(sk)) ? err : -ECONNABORTED;
	}
	if (sk->state != TCP_CLOSE)
		return -EISCONN;
	if ((err = inet_connect_addr(sk, a, len, &daddr, &dport)) != 0)
		return err;
	if ((err = inet_autobind(sk)) == 0)
		err = tcp_connect_to(sock, &daddr, dport, flags);
	if (err == -ECONNREFUSED)	/* the reset closes it (Linux's tcp_done) */
		sk->shutdown = SHUTDOWN_MASK;
	if (!(flags & O_NONBLOCK) || (err && err != -ECONNREFUSED))
		return err;
	sk->err = -err;		/* the outcome, for SO_ERROR */
	sock->state = SS_CONNECTING;
	sk_wake(sk);
	return -EINPROGRESS;
}

/*
 * send (Linux's tcp_sendmsg): an address is ignored; not connected is
 * EPIPE.  To a peer that has closed, the first send is taken and lost
 * (the peer's reset comes back), the next EPIPE.
 */
static long tcp_sendmsg(struct socket *sock, struct msghdr *m, uint32_t len)
{
	struct sock *sk = sock->sk, *peer = sk->peer;
	int err;

	m->msg_namelen = 0;
	if (!peer || sk->state != TCP_ESTABLISHED) {
		if ((err = sock_error(sk)) != 0)
			return err;
		if (!(m->msg_flags & MSG_NOSIGNAL))
			send_signal(current, SIGPIPE);
		return -EPIPE;
	}
	if (peer->dead && !(sk->shutdown & SEND_SHUTDOWN)) {
		sk->shutdown = SHUTDOWN_MASK;
		sk_wake(sk);
		return len;
	}
	return unix_stream_sendmsg(sock, m, len);
}

/* recv (Linux's tcp_recvmsg): a listener, or a socket never connected, is ENOTCONN. */
static long tcp_recvmsg(struct socket *sock, struct msghdr *m, uint32_t size, int flags)
{
	struct sock *sk = sock->sk;

	if (sk->state == TCP_LISTEN ||
	    (sk->state == TCP_CLOSE && !sk->shutdown && !sk->receive_queue.qlen && !sk->err))
		return -ENOTCONN;
	return unix_stream_recvmsg(sock, m, size, flags);
}

/* AF_INET's and AF_INET6's are the same but for the family (and bind, its address's). */
#define INET_STREAM_OPS \
	.so_release = tcp_release, \
	.connect = tcp_connect, \
	.socketpair = sock_no_socketpair, \
	.accept = unix_accept, \
	.getsockname = inet_getname, \
	.so_poll = unix_poll, \
	.so_ioctl = inet_ioctl, \
	.listen = tcp_listen, \
	.shutdown = inet_shutdown, \
	.sendmsg = tcp_sendmsg, \
	.recvmsg = tcp_recvmsg, \
	.setsockopt = inet_setsockopt, \
	.getsockopt = inet_getsockopt

const struct proto_ops inet_stream_ops = {
	.family = AF_INET,
	.bind = inet_bind,
	INET_STREAM_OPS,
};

const struct proto_ops inet6_stream_ops = {
	.family = AF_INET6,
	.bind = inet6_bind,
	INET_STREAM_OPS,
};
