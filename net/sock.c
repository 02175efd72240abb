/*
 * What every socket has, whatever its family (Linux's net/core/sock.c):
 * its references, the wait for room to send, the pending error, and the
 * SOL_SOCKET options.
 */
#include "fs/fs.h"
#include "fs/poll.h"
#include "kernel/errno.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "net/net.h"
#include "net/sock.h"
#include "net/ipv4/ipv4.h"

/*
 * Linux's defaults and bounds (net.core.wmem_default, wmem_max, and the
 * smallest buffers of an x86-64 kernel, SOCK_MIN_SNDBUF and
 * SOCK_MIN_RCVBUF): setsockopt doubles what it is given, as Linux does.
 */
#define SK_WMEM_MAX	212992
#define SK_WMEM_DEFAULT	212992		/* net.core.wmem_default, rmem_default */
#define SOCK_MIN_SNDBUF	4608
#define SOCK_MIN_RCVBUF	2304

/*
 * A new sock of the type and protocol (Linux's sk_alloc): closed, with the
 * default buffers, its one reference its creator's.  NULL: no memory.
 */
struct sock *sk_alloc(int type, int protocol)
{
	struct sock *sk = kzalloc(sizeof(*sk));

	if (!sk)
		return NULL;
	sk->refcnt = 1;
	sk->type = type;
	sk->protocol = protocol;
	sk->state = TCP_CLOSE;
	sk->sndbuf = sk->rcvbuf = SK_WMEM_DEFAULT;
	return sk;
}

void sock_hold(struct sock *sk)
{
	sk->refcnt++;
}

/* The last reference: its queue is empty, its peer let go (release did). */
void sock_put(struct sock *sk)
{
	if (--sk->refcnt == 0)
		kfree(sk);
}

/* Something changed that a reader, writer or poller of sk waits for. */
void sk_wake(struct sock *sk)
{
	wakeup(sk);
	poll_wake();
}

/*
 * What sk's O_ASYNC files hear (Linux's sk_wake_async, SOCK_WAKE_WAITD):
 * POLL_IN when data comes, POLL_HUP when a connected peer goes.  (Linux
 * says nothing while a reader waits in recv, and POLL_OUT only to a
 * writer that found no room; shmos sends neither.)
 */
void sk_wake_async(struct sock *sk, int band)
{
	if (sk->socket)
		kill_fasync(&sk->socket->fasync_list, SIGIO, band);
}

/* The pending error, taken (SO_ERROR, a read), as -errno; 0 if none. */
int sock_error(struct sock *sk)
{
	int err = sk->err;

	sk->err = 0;
	return -err;
}

/* One wait for sk to change: 0, -EAGAIN (nonblock), or -ERESTARTSYS (a signal). */
int sk_wait(struct sock *sk, int nonblock)
{
	if (nonblock)
		return -EAGAIN;
	return sleep_on_interruptible(sk) ? -ERESTARTSYS : 0;
}

/* A sent buffer is freed: its sender has that much more room. */
void sock_wfree(struct sk_buff *skb)
{
	struct sock *sk = skb->sk;

	sk->wmem_alloc -= skb->truesize;
	sk_wake(sk);
	sock_put(sk);
}

/*
 * How much sk may have sent and not yet had read: its SO_SNDBUF; a TCP
 * connection's fills its receiver's SO_RCVBUF too, the window Linux's
 * receiver offers (Linux's sender grows its buffer besides, up to 4 MiB).
 */
uint32_t sk_wmem_limit(struct sock *sk)
{
	uint32_t limit = sk->sndbuf;

	if (sk->protocol == IPPROTO_TCP && sk->peer)
		limit += sk->peer->rcvbuf;
	return limit;
}

/*
 * A buffer of len bytes for sk to send, charged to it: it waits while what
 * it sent and is not read yet reaches its limit (Linux's sock_alloc_send_pskb).
 * NULL with *err set: -EPIPE (shut down), -EAGAIN, -ERESTARTSYS, -ENOBUFS.
 */
struct sk_buff *sock_alloc_send_skb(struct sock *sk, uint32_t len, int nonblock, int *err)
{
	struct sk_buff *skb;

	for (;;) {
		if ((*err = sock_error(sk)) != 0)
			return NULL;
		*err = -EPIPE;
		if (sk->shutdown & SEND_SHUTDOWN)
			return NULL;
		if (sk->wmem_alloc < sk_wmem_limit(sk))
			break;
		if ((*err = sk_wait(sk, nonblock)) != 0)
			return NULL;
	}
	if (!(skb = alloc_skb(len))) {
		*err = -ENOBUFS;
		return NULL;
	}
	skb->sk = sk;
	sock_hold(sk);
	sk->wmem_alloc += skb->truesize;
	skb->destructor = sock_wfree;
	return skb;
}

/* The operations a family does not have (Linux's sock_no_*): EOPNOTSUPP. */
int sock_no_socketpair(struct socket *a, struct socket *b)
{
	return -EOPNOTSUPP;
}

int sock_no_listen(struct socket *sock, int backlog)
{
	return -EOPNOTSUPP;
}

int sock_no_accept(struct socket *sock, struct socket *newsock, int flags)
{
	return -EOPNOTSUPP;
}

int sock_no_shutdown(struct socket *sock, int how)
{
	return -EOPNOTSUPP;
}

/* The calling process's credentials, as SO_PEERCRED gives them. */
void init_peercred(struct ucred *c)
{
	c->pid = current->tgid;
	c->uid = current->euid;
	c->gid = current->egid;
}

/*
 * setsockopt (Linux's sk_setsockopt, and the family's for other levels).
 * The yes-or-no options that shmos's sockets have no use for
 * (SO_REUSEADDR but for AF_INET's bind, SO_KEEPALIVE...) and SO_LINGER
 * are kept to be read back and have no effect; the timeouts are taken
 * and not kept; unknown ones are ENOPROTOOPT.
 */
int sock_setsockopt(struct socket *sock, int level, int optname, const void *uval,
		    int optlen)
{
	struct sock *sk = sock->sk;
	int val;

	if (level != SOL_SOCKET && !sock->ops->setsockopt)
		return -EOPNOTSUPP;
	if (optlen < (int)sizeof(int))
		return -EINVAL;
	if (copy_from_user(&val, uval, sizeof(val)))
		return -EFAULT;
	if (level != SOL_SOCKET)
		return sock->ops->setsockopt(sock, level, optname, val);
	switch (optname) {
	case SO_SNDBUF:
	case SO_SNDBUFFORCE:
		if ((uint32_t)val > SK_WMEM_MAX)
			val = SK_WMEM_MAX;
		sk->sndbuf = val * 2 > SOCK_MIN_SNDBUF ? val * 2 : SOCK_MIN_SNDBUF;
		sk_wake(sk);
		return 0;
	case SO_RCVBUF:
	case SO_RCVBUFFORCE:
		if ((uint32_t)val > SK_WMEM_MAX)
			val = SK_WMEM_MAX;
		sk->rcvbuf = val * 2 > SOCK_MIN_RCVBUF ? val * 2 : SOCK_MIN_RCVBUF;
		return 0;
	case SO_PASSCRED:
		sk->passcred = val != 0;
		return 0;
	case SO_LINGER:
		if (optlen < (int)sizeof(struct linger))
			return -EINVAL;
		if (copy_from_user(&sk->linger, uval, sizeof(sk->linger)))
			return -EFAULT;
		sk->linger.l_onoff = sk->linger.l_onoff != 0;
		return 0;
	case SO_DEBUG: case SO_REUSEADDR: case SO_DONTROUTE: case SO_BROADCAST:
	case SO_KEEPALIVE: case SO_OOBINLINE: case SO_REUSEPORT:
		if (val)
			sk->sockopts |= 1u << optname;
		else
			sk->sockopts &= ~(1u << optname);
		return 0;
	case SO_PRIORITY: case SO_RCVLOWAT: case SO_RCVTIMEO_OLD: case SO_SNDTIMEO_OLD:
		return 0;
	default:
		return -ENOPROTOOPT;
	}
}

/*
 * The value of a SOL_SOCKET option at *p, *lv bytes of it (ints, and
 * SO_PEERCRED's and SO_LINGER's structs): 0, or -ENOPROTOOPT.
 */
static int sk_getsockopt(struct socket *sock, int optname, int *v, struct ucred *cred,
			 const void **p, int *lv)
{
	struct sock *sk = sock->sk;

	switch (optname) {
	case SO_TYPE:		*v = sk->type; break;
	case SO_PROTOCOL:	*v = sk->protocol; break;
	case SO_DOMAIN:		*v = sock->ops->family; break;
	case SO_ERROR:		*v = -sock_error(sk); break;
	case SO_SNDBUF:		*v = sk->sndbuf; break;
	case SO_RCVBUF:		*v = sk->rcvbuf; break;
	case SO_PASSCRED:	*v = sk->passcred; break;
	case SO_ACCEPTCONN:	*v = sk->state == TCP_LISTEN; break;
	case SO_DEBUG: case SO_REUSEADDR: case SO_DONTROUTE: case SO_BROADCAST:
	case SO_KEEPALIVE: case SO_OOBINLINE: case SO_REUSEPORT:
		*v = (sk->sockopts >> optname) & 1;
		break;
	case SO_LINGER:
		*p = &sk->linger;
		*lv = sizeof(sk->linger);
		break;
	case SO_PEERCRED:
		if (sk->peercred.pid)
			*cred = sk->peercred;
		else
			cred->pid = 0;
		*p = cred;
		*lv = sizeof(*cred);
		break;
	default:
		return -ENOPROTOOPT;
	}
	return 0;
}

/* getsockopt (Linux's sk_getsockopt, and the family's for other levels). */
int sock_getsockopt(struct socket *sock, int level, int optname, void *uval, int *uoptlen)
{
	struct ucred cred = { 0, -1, -1 };
	int len, v, lv = sizeof(int), err;
	const void *p = &v;

	if (level != SOL_SOCKET && !sock->ops->getsockopt)
		return -EOPNOTSUPP;
	if (copy_from_user(&len, uoptlen, sizeof(len)))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	if (level != SOL_SOCKET)
		err = sock->ops->getsockopt(sock, level, optname, &v);
	else
		err = sk_getsockopt(sock, optname, &v, &cred, &p, &lv);
	if (err)
		return err;
	if (len > lv)
		len = lv;
	if (copy_to_user(uval, p, len) || copy_to_user(uoptlen, &len, sizeof(len)))
		return -EFAULT;
	return 0;
}
