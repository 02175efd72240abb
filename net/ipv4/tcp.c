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
#include "fs/proc.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "net/net.h"
#include "net/sock.h"
#include "net/ipv4/ipv4.h"
#include "net/ipv6/ipv6.h"
#include "net/unix/af_unix.h"

#define TCP_TIMEWAIT_LEN	(60 * HZ)	/* how long TIME_WAIT lasts, Linux's */
#define TCP_TW_BUCKETS		64		/* shmos's net.ipv4.tcp_max_tw_buckets */

/*
 * A connection in TIME_WAIT (Linux's inet_timewait_sock): what is left of
 * the side that closed first, for a minute, holding its address and port
 * against a new bind (unless both said SO_REUSEADDR).  A fixed table: when
 * it is full, a connection ends without TIME_WAIT, as Linux's do past
 * tcp_max_tw_buckets.
 */
static struct tcp_tw_bucket {
	uint64_t expires;		/* jiffies; past: free */
	short family, ipv6only;
	struct in6_addr rcv_saddr, daddr;
	uint16_t sport, dport;
	uint32_t sockopts;		/* SO_REUSEADDR and SO_REUSEPORT, the sock's */
} tcp_tw[TCP_TW_BUCKETS];

static int tw_live(const struct tcp_tw_bucket *tw)
{
	return tw->expires > get_jiffies_64();
}

/*
 * An orphan's end (a sock in FIN_WAIT2 whose socket is closed): its peer
 * closed too, or sent to it and was reset.  It lets the peer go and leaves
 * inet_sockets; the peer's reference is the last.
 */
static void tcp_orphan_end(struct sock *sk)
{
	struct sock *peer = sk->peer;

	sk->peer = NULL;
	sock_put(peer);
	inet_release_sock(sk);
}

/*
 * sk's connection is over, sk having closed first (Linux's
 * tcp_time_wait): its addresses wait in a TIME_WAIT bucket, sk is closed,
 * and an orphan (sk's socket closed in FIN_WAIT2) lets its peer go and
 * goes.
 */
static void tcp_time_wait(struct sock *sk)
{
	struct tcp_tw_bucket *tw = tcp_tw;

	while (tw < tcp_tw + TCP_TW_BUCKETS && tw_live(tw))
		tw++;
	if (tw < tcp_tw + TCP_TW_BUCKETS) {
		tw->expires = get_jiffies_64() + TCP_TIMEWAIT_LEN;
		tw->family = sk->family;
		tw->ipv6only = sk->ipv6only;
		tw->rcv_saddr = sk->rcv_saddr;
		tw->daddr = sk->daddr;
		tw->sport = sk->sport;
		tw->dport = sk->dport;
		tw->sockopts = sk->sockopts;
	}
	sk->state = TCP_CLOSE;
	if (sk->dead)
		tcp_orphan_end(sk);
}

/*
 * Is port at addr held by a connection in TIME_WAIT, for sk (Linux's
 * inet_csk_bind_conflict, the bucket being among the port's owners)?
 */
int tcp_tw_port_taken(struct sock *sk, const struct in6_addr *addr, uint16_t port)
{
	for (struct tcp_tw_bucket *tw = tcp_tw; tw < tcp_tw + TCP_TW_BUCKETS; tw++)
		if (tw_live(tw) && tw->sport == port &&
		    inet_bind_conflict(sk, addr, &tw->rcv_saddr, tw->ipv6only, tw->sockopts, 0))
			return 1;
	return 0;
}

/*
 * /proc/net/tcp's and tcp6's lines for the connections of the family in
 * TIME_WAIT (Linux's get_timewait4_sock and get_timewait6_sock): timer
 * 3 with the time left, in clock ticks, no inode, and the bucket's three
 * references (its hash, its port, its timer).
 */
void tcp_tw_seq_show(struct seq_file *m, int family, int *i)
{
	for (struct tcp_tw_bucket *tw = tcp_tw; tw < tcp_tw + TCP_TW_BUCKETS; tw++) {
		uint64_t line = m->count;

		if (!tw_live(tw) || tw->family != family)
			continue;
		seq_printf(m, "%4d: ", (*i)++);
		inet_show_addrs(m, family, &tw->rcv_saddr, tw->sport, &tw->daddr, tw->dport,
				TCP_TIME_WAIT);
		seq_printf(m, " %08X:%08X 03:%08X %08X %5d %8d %d %d %08x", 0, 0,
			   (uint32_t)(tw->expires - get_jiffies_64()) * (100 / HZ), 0, 0, 0, 0, 3,
			   (uint32_t)(uintptr_t)tw);
		inet_show_end(m, line, family, 149);
	}
}

/* The peer is reset: whatever it does next is ECONNRESET, once, then the end. */
static void tcp_reset(struct sock *sk)
{
	sk->err = ECONNRESET;
	sk->shutdown = SHUTDOWN_MASK;
	sk->state = TCP_CLOSE;
	sk_wake(sk);
}

/*
 * sk sends its FIN (shutdown for writing, or close).  The peer reads to
 * the end and is in CLOSE_WAIT, sk in FIN_WAIT2 (on lo, the FIN is
 * acknowledged at once); or, if the peer's FIN came first, sk's LAST_ACK
 * is acknowledged at once: sk is closed and the peer in TIME_WAIT.
 */
void tcp_fin(struct sock *sk)
{
	struct sock *peer = sk->peer;

	peer->shutdown |= RCV_SHUTDOWN;
	sk_wake(peer);
	if (sk->state == TCP_CLOSE_WAIT) {
		sk->state = TCP_CLOSE;
		tcp_time_wait(peer);
	} else if (sk->state == TCP_ESTABLISHED) {
		sk->state = TCP_FIN_WAIT2;
		peer->state = TCP_CLOSE_WAIT;
	}
}

/*
 * What sk's peer hears of sk's end: a reset if sk leaves data unread (or
 * is an embryo, or lingers 0 seconds, or disconnects), whatever it does
 * next being ECONNRESET (an orphan peer just goes); else nothing more (its
 * FIN is sent: the peer keeps sk, to see that it is gone when it writes).
 * sk lets the peer go.
 */
static void tcp_send_close(struct sock *sk, int reset)
{
	struct sock *peer = sk->peer;

	if (!peer)
		return;
	if (reset || sk->receive_queue.qlen) {
		int orphan = peer->dead && peer->state == TCP_FIN_WAIT2;

		tcp_reset(peer);
		if (peer->peer == sk) {		/* a reset peer is done with sk */
			peer->peer = NULL;
			sock_put(sk);
		}
		if (orphan)
			inet_release_sock(peer);
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

/*
 * close (Linux's tcp_close): a reset if data is left unread or SO_LINGER
 * says 0 seconds, else a FIN; a socket whose FIN came first waits, an
 * orphan in FIN_WAIT2, for its peer's.
 */
static void tcp_release(struct socket *sock)
{
	struct sock *sk = sock->sk;
	int reset;

	if (!sk)
		return;
	sock->sk = NULL;
	if (sk->state == TCP_LISTEN)
		tcp_disconnect_listener(sk);
	reset = (sk->linger.l_onoff && !sk->linger.l_linger) || sk->receive_queue.qlen;
	if (!reset && sk->peer && !(sk->shutdown & SEND_SHUTDOWN))
		tcp_fin(sk);
	if (!reset && sk->state == TCP_FIN_WAIT2) {	/* an orphan, until the peer's FIN */
		sk->dead = 1;
		sk->socket = NULL;
		return;
	}
	tcp_send_close(sk, reset);
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
		if (sk->state != TCP_CLOSE) {	/* its peer may have closed since */
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
	if (!peer || (sk->state != TCP_ESTABLISHED && sk->state != TCP_CLOSE_WAIT)) {
		if ((err = sock_error(sk)) != 0)
			return err;
		if (!(m->msg_flags & MSG_NOSIGNAL))
			send_signal(current, SIGPIPE);
		return -EPIPE;
	}
	if (peer->dead && !(sk->shutdown & SEND_SHUTDOWN)) {
		sk->shutdown = SHUTDOWN_MASK;
		sk->state = TCP_CLOSE;
		sk_wake(sk);
		if (peer->state == TCP_FIN_WAIT2)	/* an orphan: it resets, and goes */
			tcp_orphan_end(peer);
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
