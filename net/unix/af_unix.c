/*
 * AF_UNIX sockets, Linux's net/unix/af_unix.c.
 *
 * A socket's sock has a receive queue of sk_buffs.  A sender puts its
 * buffer straight on the receiver's queue, charged to itself until read
 * (sock_alloc_send_skb waits while it has sndbuf bytes unread): that is
 * the whole flow control, as on Linux.  A stream read takes bytes across
 * buffers; a datagram or seqpacket read takes one buffer, truncated.
 *
 * Names: a path binds a new S_IFSOCK inode in the file system (EADDRINUSE
 * if the name exists) and connect finds the socket by that inode; a name
 * whose first byte is 0 is abstract, found by its bytes (and type); an
 * unbound socket that needs a name gets an abstract "\0XXXXX" (autobind).
 * Every bound socket is on unix_bound, and every socket, from its creation
 * to its release, on unix_sockets (/proc/net/unix's lines).
 *
 * Connections: connect queues an embryo, a new sock already connected to
 * the client, on the listener (at most its backlog + 1, as Linux); accept
 * gives the embryo a socket.  Data the client sends meanwhile waits on the
 * embryo.  A sock's peer, each buffer's sender and a listener's embryos
 * hold references, so a sock outlives its socket until they let go.
 *
 * Every call runs under the big kernel lock; a sleep lets it go, so what
 * a sleeper looked at is looked at again when it wakes.
 */
#include "fs/fs.h"
#include "fs/ioctl.h"
#include "fs/namei.h"
#include "fs/poll.h"
#include "fs/proc.h"
#include "kernel/errno.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "net/net.h"
#include "net/scm.h"
#include "net/sock.h"
#include "net/unix/af_unix.h"

#define SIOCOUTQ	0x5411		/* TIOCOUTQ: bytes sent, not yet read */
#define MAX_DGRAM_QLEN	10		/* net.unix.max_dgram_qlen */
#define ADDR_OFF	2		/* offsetof(struct sockaddr_un, sun_path) */

static struct sock *unix_bound;
static struct sock *unix_sockets;	/* Linux's unix_socket_table, newest first */

static const struct proto_ops unix_stream_ops, unix_dgram_ops, unix_seqpacket_ops;

static int connection_based(struct sock *sk)
{
	return sk->type == SOCK_STREAM || sk->type == SOCK_SEQPACKET;
}

static struct sock *unix_sk_alloc(int type, int protocol)
{
	struct sock *sk = sk_alloc(type, protocol);

	if (!sk)
		return NULL;
	sk->all_next = unix_sockets;
	unix_sockets = sk;
	return sk;
}

static int unix_create(struct socket *sock, int protocol)
{
	if (protocol && protocol != AF_UNIX)
		return -EPROTONOSUPPORT;
	switch (sock->type) {
	case SOCK_STREAM:
		sock->ops = &unix_stream_ops;
		break;
	case SOCK_RAW:		/* as Linux: a datagram socket */
		sock->type = SOCK_DGRAM;
		/* fall through */
	case SOCK_DGRAM:
		sock->ops = &unix_dgram_ops;
		break;
	case SOCK_SEQPACKET:
		sock->ops = &unix_seqpacket_ops;
		break;
	default:
		return -ESOCKTNOSUPPORT;
	}
	if (!(sock->sk = unix_sk_alloc(sock->type, protocol)))
		return -ENOMEM;
	sock->sk->socket = sock;
	return 0;
}

const struct net_proto_family unix_family_ops = {
	.family = AF_UNIX,
	.create = unix_create,
};

/* --- names --- */

/*
 * A user's address checked (Linux's unix_validate_addr): more than the
 * family, no more than a sockaddr_un, of family AF_UNIX.  A path is made
 * NUL-terminated in place (the buffer has room past the end).
 */
static int unix_validate_addr(struct sockaddr_un *a, int len)
{
	if (len <= ADDR_OFF || len > (int)sizeof(*a) || a->sun_family != AF_UNIX)
		return -EINVAL;
	if (a->sun_path[0])
		((char *)a)[len] = 0;
	return 0;
}

static struct sock *unix_find_abstract(const struct sockaddr_un *a, int len, int type)
{
	for (struct sock *s = unix_bound; s; s = s->bound_next)
		if (!s->path && s->addr_len == len && s->type == type &&
		    memcmp(&s->addr, a, len) == 0)
			return s;
	return NULL;
}

static void unix_bind_to(struct sock *sk, const struct sockaddr_un *a, int len)
{
	memcpy(&sk->addr, a, len);
	sk->addr_len = len;
	sk->bound_next = unix_bound;
	unix_bound = sk;
}

static void unix_unbind(struct sock *sk)
{
	struct sock **pp = &unix_bound;

	while (*pp && *pp != sk)
		pp = &(*pp)->bound_next;
	if (*pp)
		*pp = sk->bound_next;
	if (sk->path)
		inode_put(sk->path);
	sk->path = NULL;
}

/* A name of its own for an unbound socket: abstract "\0" and five hex digits. */
static int unix_autobind(struct sock *sk)
{
	static uint32_t ordernum = 1;
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	static const char hex[] = "0123456789abcdef";

	if (sk->addr_len)
		return 0;
	for (int tries = 0; tries < 0x100000; tries++) {
		uint32_t n = ordernum++ & 0xfffff;

		for (int i = 0; i < 5; i++)
			a.sun_path[5 - i] = hex[(n >> (4 * i)) & 0xf];
		if (!unix_find_abstract(&a, ADDR_OFF + 6, sk->type)) {
			unix_bind_to(sk, &a, ADDR_OFF + 6);
			return 0;
		}
	}
	return -ENOSPC;
}

static int unix_bind(struct socket *sock, void *uaddr, int len)
{
	struct sockaddr_un *a = uaddr;
	struct sock *sk = sock->sk;
	char path[UNIX_PATH_MAX + 1];
	struct inode *ip;
	int err;

	if (len == ADDR_OFF && a->sun_family == AF_UNIX)
		return unix_autobind(sk);
	if ((err = unix_validate_addr(a, len)) != 0)
		return err;
	if (!a->sun_path[0]) {
		if (sk->addr_len)
			return -EINVAL;
		if (unix_find_abstract(a, len, sk->type))
			return -EADDRINUSE;
		unix_bind_to(sk, a, len);
		return 0;
	}
	/* as Linux, the name is made first: one in use is EADDRINUSE even for a bound socket */
	strlcpy(path, a->sun_path, sizeof(path));	/* vfs_mknod may cut it up */
	err = vfs_mknod(AT_FDCWD, path, S_IFSOCK | 0777, 0, &ip);
	if (err)
		return err == -EEXIST ? -EADDRINUSE : err;
	if (sk->addr_len) {
		inode_put(ip);
		strlcpy(path, a->sun_path, sizeof(path));
		vfs_unlink(cwd_inode(), path);
		return -EINVAL;
	}
	/* as Linux, the name is kept as far as its NUL */
	unix_bind_to(sk, a, ADDR_OFF + strlen(a->sun_path) + 1);
	sk->path = ip;
	return 0;
}

/*
 * The socket an address names, referenced (Linux's unix_find_other): a
 * path must be a socket inode the caller may write, bound to a socket of
 * the same type.  NULL with *err: -ECONNREFUSED, -EPROTOTYPE, a lookup's.
 */
static struct sock *unix_find_other(struct sockaddr_un *a, int len, int type, int *err)
{
	struct inode *ip;
	struct sock *s = NULL;

	*err = -ECONNREFUSED;
	if (!a->sun_path[0]) {
		s = unix_find_abstract(a, len, type);
	} else if ((*err = path_lookup(cwd_inode(), a->sun_path, LOOKUP_FOLLOW, &ip)) == 0) {
		if ((*err = permission(ip, MAY_WRITE)) == 0) {
			*err = -ECONNREFUSED;
			for (s = unix_bound; s; s = s->bound_next)
				if (s->path == ip)
					break;
			if (s && s->type != type) {
				*err = -EPROTOTYPE;
				s = NULL;
			}
		}
		inode_put(ip);
	}
	if (s)
		sock_hold(s);
	return s;
}

/*
 * The sender's name for recvfrom and recvmsg: its sock's, none if it has
 * none; or an inet datagram's, that the buffer carries.
 */
static void unix_copy_addr(struct msghdr *m, struct sk_buff *skb)
{
	struct sock *from = skb->sk;

	if (!m->msg_name)
		return;
	if (skb->name.sin6_family) {
		m->msg_namelen = sizeof(skb->name);
		memcpy(m->msg_name, &skb->name, sizeof(skb->name));
		return;
	}
	m->msg_namelen = from->addr_len;
	if (from->addr_len)
		memcpy(m->msg_name, &from->addr, from->addr_len);
}

static int unix_getname(struct socket *sock, void *uaddr, int peer)
{
	struct sock *sk = sock->sk;
	struct sockaddr_un *a = uaddr;

	if (peer && !(sk = sk->peer))
		return -ENOTCONN;
	if (!sk->addr_len) {
		a->sun_family = AF_UNIX;
		return ADDR_OFF;
	}
	memcpy(a, &sk->addr, sk->addr_len);
	return sk->addr_len;
}

/* --- the end of a socket --- */

/*
 * The sock's socket is gone (or, an embryo, its listener): no more names,
 * no more data; a connected peer sees the end (ECONNRESET first if this
 * side left data unread), an embryo's client is reset.
 */
static void unix_release_sock(struct sock *sk, int embrion)
{
	struct sock *skpair = sk->peer, **pp = &unix_sockets;

	while (*pp != sk)
		pp = &(*pp)->all_next;
	*pp = sk->all_next;
	unix_unbind(sk);
	sk->dead = 1;
	sk->state = TCP_CLOSE;
	sk->shutdown = SHUTDOWN_MASK;
	sk->socket = NULL;
	if (skpair) {
		if (connection_based(sk)) {
			skpair->shutdown = SHUTDOWN_MASK;
			if (sk->receive_queue.qlen || embrion)
				skpair->err = ECONNRESET;
			sk_wake_async(skpair, POLL_HUP);
		}
		sk_wake(skpair);
		sk->peer = NULL;
		sock_put(skpair);
	}
	skb_queue_purge(&sk->receive_queue);
	sk_wake(sk);
	sock_put(sk);
}

/* A listener's embryos go first: their clients are reset. */
static void unix_release(struct socket *sock)
{
	struct sock *sk = sock->sk, *e;

	if (!sk)
		return;
	sock->sk = NULL;
	while ((e = sk->accept_head)) {
		sk->accept_head = e->accept_next;
		unix_release_sock(e, 1);
	}
	sk->accept_tail = NULL;
	unix_release_sock(sk, 0);
}

static int unix_shutdown(struct socket *sock, int how)
{
	struct sock *sk = sock->sk, *other = sk->peer;
	int mode = how + 1;

	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	sk->shutdown |= mode;
	sk_wake(sk);
	if (other && connection_based(sk)) {
		int peer_mode = (mode & RCV_SHUTDOWN ? SEND_SHUTDOWN : 0) |
				(mode & SEND_SHUTDOWN ? RCV_SHUTDOWN : 0);

		other->shutdown |= peer_mode;
		sk_wake(other);
	}
	return 0;
}

/* --- connections --- */

static void unix_connect_pair(struct sock *a, struct sock *b)
{
	sock_hold(b);
	a->peer = b;
	sock_hold(a);
	b->peer = a;
}

static int unix_socketpair(struct socket *a, struct socket *b)
{
	unix_connect_pair(a->sk, b->sk);
	init_peercred(&a->sk->peercred);
	init_peercred(&b->sk->peercred);
	if (a->type != SOCK_DGRAM) {
		a->sk->state = b->sk->state = TCP_ESTABLISHED;
		a->state = b->state = SS_CONNECTED;
	}
	return 0;
}

static int unix_listen(struct socket *sock, int backlog)
{
	struct sock *sk = sock->sk;

	if (sock->type != SOCK_STREAM && sock->type != SOCK_SEQPACKET)
		return -EOPNOTSUPP;
	if (!sk->addr_len || (sk->state != TCP_CLOSE && sk->state != TCP_LISTEN))
		return -EINVAL;
	sk->max_ack_backlog = backlog;
	sk->state = TCP_LISTEN;
	init_peercred(&sk->peercred);
	sk_wake(sk);
	return 0;
}

/*
 * newsk, a new sock, is sock's connection to the listener other, and waits
 * on other's queue for accept (AF_INET's TCP makes its connections so too).
 */
void unix_queue_embryo(struct sock *other, struct socket *sock, struct sock *newsk)
{
	struct sock *sk = sock->sk;

	newsk->state = TCP_ESTABLISHED;
	init_peercred(&newsk->peercred);
	unix_connect_pair(sk, newsk);
	sk->peercred = other->peercred;
	sk->state = TCP_ESTABLISHED;
	sock->state = SS_CONNECTED;
	if (other->accept_tail)
		other->accept_tail->accept_next = newsk;
	else
		other->accept_head = newsk;
	other->accept_tail = newsk;
	other->ack_backlog++;
	sk_wake(other);
}

/*
 * connect of a stream or seqpacket socket (Linux's unix_stream_connect):
 * an embryo connected to it goes on the listener's queue, waiting while
 * that holds more than its backlog.
 */
static int unix_stream_connect(struct socket *sock, void *uaddr, int len, int flags)
{
	struct sockaddr_un *a = uaddr;
	struct sock *sk = sock->sk, *other, *newsk;
	int err;

	if ((err = unix_validate_addr(a, len)) != 0)
		return err;
	if (sk->passcred && (err = unix_autobind(sk)) != 0)
		return err;
	for (;;) {
		if (!(other = unix_find_other(a, len, sk->type, &err)))
			return err;
		err = -ECONNREFUSED;
		if (other->state != TCP_LISTEN || (other->shutdown & RCV_SHUTDOWN))
			goto out;
		if (other->ack_backlog <= other->max_ack_backlog)
			break;
		if ((err = sk_wait(other, flags & O_NONBLOCK)) != 0)
			goto out;
		sock_put(other);
	}
	err = sk->state == TCP_ESTABLISHED ? -EISCONN : -EINVAL;
	if (sk->state != TCP_CLOSE)
		goto out;
	err = -ENOMEM;
	if (!(newsk = unix_sk_alloc(sk->type, sk->protocol)))
		goto out;
	memcpy(&newsk->addr, &other->addr, other->addr_len);
	newsk->addr_len = other->addr_len;
	newsk->passcred = other->passcred;
	unix_queue_embryo(other, sock, newsk);
	err = 0;
out:
	sock_put(other);
	return err;
}

int unix_accept(struct socket *sock, struct socket *newsock, int flags)
{
	struct sock *sk = sock->sk, *newsk;
	int err;

	if (sock->type != SOCK_STREAM && sock->type != SOCK_SEQPACKET)
		return -EOPNOTSUPP;
	if (sk->state != TCP_LISTEN)
		return -EINVAL;
	while (!(newsk = sk->accept_head)) {
		if (sk->shutdown & RCV_SHUTDOWN)
			return -EINVAL;
		if ((err = sk_wait(sk, flags & O_NONBLOCK)) != 0)
			return err;
	}
	if (!(sk->accept_head = newsk->accept_next))
		sk->accept_tail = NULL;
	newsk->accept_next = NULL;
	sk->ack_backlog--;
	sk_wake(sk);		/* a connect waiting for room */
	newsk->socket = newsock;
	newsock->sk = newsk;
	newsock->state = SS_CONNECTED;
	return 0;
}

/* connect of a datagram socket: its default destination (AF_UNSPEC: none). */
static int unix_dgram_connect(struct socket *sock, void *uaddr, int len, int flags)
{
	struct sockaddr_un *a = uaddr;
	struct sock *sk = sock->sk, *other, *old = sk->peer;
	int err;

	if (len >= (int)sizeof(a->sun_family) && a->sun_family == AF_UNSPEC) {
		sk->peer = NULL;
		sk->state = TCP_CLOSE;
		if (old)
			sock_put(old);
		return 0;
	}
	if ((err = unix_validate_addr(a, len)) != 0)
		return err;
	if (sk->passcred && (err = unix_autobind(sk)) != 0)
		return err;
	if (!(other = unix_find_other(a, len, sk->type, &err)))
		return err;
	if (other->peer && other->peer != sk) {
		sock_put(other);
		return -EPERM;
	}
	sk->peer = other;	/* find_other's reference */
	sk->state = TCP_ESTABLISHED;
	if (old)
		sock_put(old);
	return 0;
}

/* --- files in flight --- */

/* The files of scm go with skb, counted in flight. */
static void unix_attach_fds(struct scm_cookie *scm, struct sk_buff *skb)
{
	skb->fp = scm->fp;
	scm->fp = NULL;
	unix_inflight(skb->fp);
	skb->truesize += sizeof(*skb->fp);	/* the sender is charged for the list too */
	skb->sk->wmem_alloc += sizeof(*skb->fp);
}

/* skb's files go to the reader (scm), out of flight. */
static void unix_detach_fds(struct scm_cookie *scm, struct sk_buff *skb)
{
	scm->fp = skb->fp;
	skb->fp = NULL;
	unix_notinflight(scm->fp);
}

static void unix_destruct_scm(struct sk_buff *skb)
{
	struct scm_cookie scm = { .fp = NULL };

	if (skb->fp) {
		unix_detach_fds(&scm, skb);
		scm_destroy(&scm);
	}
	sock_wfree(skb);
}

/* A buffer of len bytes from sk, filled from m, with scm's creds (and files, if fds). */
static struct sk_buff *unix_alloc_skb(struct sock *sk, struct msghdr *m, uint32_t len,
				      struct scm_cookie *scm, int fds, int *err)
{
	struct sk_buff *skb = sock_alloc_send_skb(sk, len, m->msg_flags & MSG_DONTWAIT, err);

	if (!skb)
		return NULL;
	skb->destructor = unix_destruct_scm;
	skb->creds = scm->creds;
	if (fds && scm->fp)
		unix_attach_fds(scm, skb);
	if ((*err = skb_copy_from_msg(skb, m)) != 0) {
		kfree_skb(skb);
		return NULL;
	}
	return skb;
}

static void unix_queue(struct sock *other, struct sk_buff *skb)
{
	skb_queue_tail(&other->receive_queue, skb);
	sk_wake(other);
	sk_wake_async(other, POLL_IN);
}

/* --- streams --- */

long unix_stream_sendmsg(struct socket *sock, struct msghdr *m, uint32_t len)
{
	struct sock *sk = sock->sk, *other;
	struct scm_cookie scm;
	struct sk_buff *skb;
	uint32_t sent = 0;
	int err;

	if ((err = scm_send(sock, m, &scm)) != 0)
		return err;
	err = -EOPNOTSUPP;
	if (m->msg_flags & MSG_OOB)
		goto out_err;
	if (m->msg_namelen) {
		err = sk->state == TCP_ESTABLISHED ? -EISCONN : -EOPNOTSUPP;
		goto out_err;
	}
	err = -ENOTCONN;
	if (!(other = sk->peer))
		goto out_err;
	if (sk->shutdown & SEND_SHUTDOWN)
		goto pipe_err;
	while (sent < len) {
		uint32_t size = len - sent, most = sk->sndbuf / 2 - 64;

		if (size > most)
			size = most;
		/* the files go with the first piece */
		if (!(skb = unix_alloc_skb(sk, m, size, &scm, sent == 0, &err)))
			goto out_err;
		if (other->dead || (other->shutdown & RCV_SHUTDOWN)) {
			kfree_skb(skb);
			goto pipe_err;
		}
		unix_queue(other, skb);
		sent += size;
	}
	scm_destroy(&scm);
	return sent;
pipe_err:
	if (sent == 0 && !(m->msg_flags & MSG_NOSIGNAL))
		send_signal(current, SIGPIPE);
	err = -EPIPE;
out_err:
	scm_destroy(&scm);
	return sent ? (long)sent : err;
}

static int same_creds(const struct ucred *a, const struct ucred *b)
{
	return a->pid == b->pid && a->uid == b->uid && a->gid == b->gid;
}

/*
 * recv on a stream (Linux's unix_stream_read_generic): bytes across
 * buffers, waiting for the first (all, MSG_WAITALL).  A read stops after
 * a buffer that brought files, and, for a reader of credentials, before
 * one from another sender.  MSG_PEEK leaves everything queued.
 */
long unix_stream_recvmsg(struct socket *sock, struct msghdr *m, uint32_t size,
				int flags)
{
	struct sock *sk = sock->sk;
	struct scm_cookie scm = { .fp = NULL };
	uint32_t copied = 0, target = flags & MSG_WAITALL && size ? size : 1, peeked = 0;
	struct sk_buff *skb;
	int err = 0, have_creds = 0;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (sk->state == TCP_LISTEN)
		return -EINVAL;
	do {		/* once at least: a recv of 0 bytes waits for data, as Linux's */
		uint32_t chunk;

		skb = sk->receive_queue.head;
		for (uint32_t i = 0; skb && i < peeked; i++)	/* MSG_PEEK's place */
			skb = skb->next;
		if (!skb) {
			if (copied >= target || (flags & MSG_PEEK && copied))
				break;
			if ((err = sock_error(sk)) || (sk->shutdown & RCV_SHUTDOWN))
				break;
			if ((err = sk_wait(sk, flags & MSG_DONTWAIT)) != 0)
				break;
			continue;
		}
		if (have_creds && sk->passcred && !same_creds(&scm.creds, &skb->creds))
			break;
		if (!have_creds) {
			scm.creds = skb->creds;
			have_creds = 1;
			unix_copy_addr(m, skb);
		}
		chunk = skb->len - skb->off < size - copied ? skb->len - skb->off : size - copied;
		if (skb_copy_to_msg(m, skb, skb->off, chunk)) {
			err = -EFAULT;
			break;
		}
		copied += chunk;
		if (flags & MSG_PEEK) {
			if (skb->fp && (scm.fp = scm_fp_dup(skb->fp)))
				break;
			peeked++;
			continue;
		}
		skb->off += chunk;
		if (skb->fp)
			unix_detach_fds(&scm, skb);
		if (skb->off < skb->len)
			break;
		kfree_skb(skb_dequeue(&sk->receive_queue));
		if (scm.fp)
			break;
	} while (copied < size);
	scm_recv(sock, m, &scm, flags);
	return copied ? (long)copied : err;
}

/* --- datagrams and seqpackets --- */

/*
 * send on a datagram socket, to the address given or the peer (Linux's
 * unix_dgram_sendmsg); a seqpacket's goes to its peer.  The receiver may
 * hold MAX_DGRAM_QLEN + 1 from others than its own peer.
 */
static long unix_dgram_sendmsg(struct socket *sock, struct msghdr *m, uint32_t len)
{
	struct sockaddr_un *a = m->msg_name;
	struct sock *sk = sock->sk, *other = NULL;
	struct scm_cookie scm;
	struct sk_buff *skb = NULL;
	int err;

	if ((err = scm_send(sock, m, &scm)) != 0)
		return err;
	err = -EOPNOTSUPP;
	if (m->msg_flags & MSG_OOB)
		goto out;
	if (m->msg_namelen) {
		if ((err = unix_validate_addr(a, m->msg_namelen)) != 0)
			goto out;
	} else {
		err = -ENOTCONN;
		if (!(other = sk->peer))
			goto out;
		sock_hold(other);
	}
	if (sk->passcred && (err = unix_autobind(sk)) != 0)
		goto out;
	err = -EMSGSIZE;
	if (len > (uint32_t)sk->sndbuf - 32)
		goto out;
	if (!(skb = unix_alloc_skb(sk, m, len, &scm, 1, &err)))
		goto out;
	for (;;) {
		if (!other && !(other = unix_find_other(a, m->msg_namelen, sk->type, &err)))
			goto out;
		err = -EPERM;
		if (other->peer && other->peer != sk)
			goto out;
		if (other->dead) {
			err = -ECONNREFUSED;
			if (sk->peer == other) {	/* it went: no peer now */
				sk->peer = NULL;
				sk->state = TCP_CLOSE;
				sock_put(other);
			}
			goto out;
		}
		err = -EPIPE;
		if (other->shutdown & RCV_SHUTDOWN)
			goto out;
		if (other == sk || other->peer == sk ||
		    other->receive_queue.qlen <= MAX_DGRAM_QLEN)
			break;
		if ((err = sk_wait(other, m->msg_flags & MSG_DONTWAIT)) != 0)
			goto out;
		if (m->msg_namelen) {	/* look the name up again */
			sock_put(other);
			other = NULL;
		}
	}
	unix_queue(other, skb);
	skb = NULL;
	err = len;
out:
	if (skb)
		kfree_skb(skb);
	if (other)
		sock_put(other);
	scm_destroy(&scm);
	return err;
}

static long unix_seqpacket_sendmsg(struct socket *sock, struct msghdr *m, uint32_t len)
{
	struct sock *sk = sock->sk;
	int err;

	if ((err = sock_error(sk)) != 0)
		return err;
	if (sk->state != TCP_ESTABLISHED)
		return -ENOTCONN;
	if (sk->shutdown & SEND_SHUTDOWN || (sk->peer && sk->peer->dead))
		return -EPIPE;		/* as Linux: no SIGPIPE for a record */
	m->msg_namelen = 0;
	return unix_dgram_sendmsg(sock, m, len);
}

/* recv of one datagram (Linux's unix_dgram_recvmsg): what does not fit is lost, MSG_TRUNC. */
long unix_dgram_recvmsg(struct socket *sock, struct msghdr *m, uint32_t size, int flags)
{
	struct sock *sk = sock->sk;
	struct scm_cookie scm = { .fp = NULL };
	struct sk_buff *skb;
	uint32_t chunk;
	long err;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	while (!(skb = sk->receive_queue.head)) {
		if ((err = sock_error(sk)) != 0)
			return err;
		if (sk->shutdown & RCV_SHUTDOWN)
			return 0;
		if (connection_based(sk) && sk->state != TCP_ESTABLISHED)
			return -ENOTCONN;
		if ((err = sk_wait(sk, flags & MSG_DONTWAIT)) != 0)
			return err;
	}
	unix_copy_addr(m, skb);
	chunk = skb->len;
	if (chunk > size) {
		chunk = size;
		m->msg_flags |= MSG_TRUNC;
	}
	if (skb_copy_to_msg(m, skb, 0, chunk))
		return -EFAULT;
	err = flags & MSG_TRUNC ? skb->len : chunk;
	scm.creds = skb->creds;
	if (flags & MSG_PEEK) {
		if (skb->fp)
			scm.fp = scm_fp_dup(skb->fp);
	} else {
		if (skb->fp)
			unix_detach_fds(&scm, skb);
		kfree_skb(skb_dequeue(&sk->receive_queue));
		sk_wake(sk);	/* a sender waiting for room on the queue */
	}
	scm_recv(sock, m, &scm, flags);
	return err;
}

static long unix_seqpacket_recvmsg(struct socket *sock, struct msghdr *m, uint32_t size,
				   int flags)
{
	if (sock->sk->state != TCP_ESTABLISHED)
		return -ENOTCONN;
	return unix_dgram_recvmsg(sock, m, size, flags);
}

/* --- readiness, ioctl --- */

static int unix_writable(struct sock *sk)
{
	return sk->state != TCP_LISTEN && sk->wmem_alloc * 4 <= sk_wmem_limit(sk);
}

/* Linux's unix_poll and unix_dgram_poll. */
int unix_poll(struct socket *sock)
{
	struct sock *sk = sock->sk, *other = sk->peer;
	int mask = 0;

	if (sk->err)
		mask |= POLLERR;
	if (sk->shutdown == SHUTDOWN_MASK)
		mask |= POLLHUP;
	if (sk->shutdown & RCV_SHUTDOWN)
		mask |= POLLRDHUP | POLLIN | POLLRDNORM;
	if (sk->receive_queue.qlen || sk->accept_head)
		mask |= POLLIN | POLLRDNORM;
	if (connection_based(sk) && sk->state == TCP_CLOSE)
		mask |= POLLHUP;
	if (unix_writable(sk) && !(sk->type == SOCK_DGRAM && other && other->peer != sk &&
				   other->receive_queue.qlen > MAX_DGRAM_QLEN))
		mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
	return mask;
}

/* FIONREAD: a stream's unread bytes, a datagram socket's next message's. */
long unix_ioctl(struct socket *sock, uint32_t cmd, uint32_t arg)
{
	struct sock *sk = sock->sk;
	int n = 0;

	switch (cmd) {
	case FIONREAD:
		if (sk->state == TCP_LISTEN)
			return -EINVAL;
		for (struct sk_buff *skb = sk->receive_queue.head; skb; skb = skb->next) {
			n += skb->len - skb->off;
			if (sk->type != SOCK_STREAM)
				break;
		}
		break;
	case SIOCOUTQ:
		n = sk->wmem_alloc;
		break;
	default:
		return -ENOTTY;
	}
	return copy_to_user((void *)arg, &n, sizeof(n)) ? -EFAULT : 0;
}

/*
 * The three kinds differ in connect, sendmsg and recvmsg.  (Each table is
 * spelled out: scripts/stackcheck finds what a member may call from the
 * initializers it reads, and a macro would hide them.)
 */
static const struct proto_ops unix_stream_ops = {
	.family = AF_UNIX,
	.so_release = unix_release,
	.bind = unix_bind,
	.socketpair = unix_socketpair,
	.accept = unix_accept,
	.getsockname = unix_getname,
	.so_poll = unix_poll,
	.so_ioctl = unix_ioctl,
	.listen = unix_listen,
	.shutdown = unix_shutdown,
	.connect = unix_stream_connect,
	.sendmsg = unix_stream_sendmsg,
	.recvmsg = unix_stream_recvmsg,
};

static const struct proto_ops unix_dgram_ops = {
	.family = AF_UNIX,
	.so_release = unix_release,
	.bind = unix_bind,
	.socketpair = unix_socketpair,
	.accept = unix_accept,
	.getsockname = unix_getname,
	.so_poll = unix_poll,
	.so_ioctl = unix_ioctl,
	.listen = unix_listen,
	.shutdown = unix_shutdown,
	.connect = unix_dgram_connect,
	.sendmsg = unix_dgram_sendmsg,
	.recvmsg = unix_dgram_recvmsg,
};

static const struct proto_ops unix_seqpacket_ops = {
	.family = AF_UNIX,
	.so_release = unix_release,
	.bind = unix_bind,
	.socketpair = unix_socketpair,
	.accept = unix_accept,
	.getsockname = unix_getname,
	.so_poll = unix_poll,
	.so_ioctl = unix_ioctl,
	.listen = unix_listen,
	.shutdown = unix_shutdown,
	.connect = unix_stream_connect,
	.sendmsg = unix_seqpacket_sendmsg,
	.recvmsg = unix_seqpacket_recvmsg,
};

/* --- /proc/net/unix --- */

#define SO_ACCEPTCON	(1 << 16)	/* Flags: a listener (Linux's __SO_ACCEPTCON) */

/*
 * A line per socket, as Linux's unix_seq_show prints them: its address
 * (Linux hashes it), references, protocol 0, a listener's flag, the type,
 * the socket's state (SS_CONNECTED or SS_UNCONNECTED; an embryo, which has
 * no socket yet, SS_CONNECTING), the socket's inode (0 for an embryo) and
 * the name: a path, or an abstract one with '@' for each NUL.
 */
void proc_net_unix_show(struct seq_file *m, const void *unused)
{
	seq_printf(m, "Num       RefCount Protocol Flags    Type St Inode Path\n");
	for (struct sock *s = unix_sockets; s; s = s->all_next) {
		int est = s->state == TCP_ESTABLISHED, len = s->addr_len - ADDR_OFF;
		const char *name = s->addr.sun_path;

		seq_printf(m, "%08x: %08X %08X %08X %04X %02X %5u", (uint32_t)(uintptr_t)s,
			   s->refcnt, 0, s->state == TCP_LISTEN ? SO_ACCEPTCON : 0,
			   s->type, s->socket ? (est ? SS_CONNECTED : SS_UNCONNECTED) :
			   (est ? SS_CONNECTING : SS_DISCONNECTING),
			   s->socket ? s->socket->inode->ino : 0);
		if (s->addr_len && name[0])
			seq_printf(m, " %s", name);
		else if (s->addr_len) {
			seq_printf(m, " @");
			for (int i = 1; i < len; i++)
				seq_printf(m, "%c", name[i] ? name[i] : '@');
		}
		seq_printf(m, "\n");
	}
}
