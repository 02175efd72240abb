/*
 * The socket calls and the socket file, Linux's net/socket.c.
 *
 * socket(2) makes a struct socket, an inode of type S_IFSOCK for it (on
 * SOCK_DEV, Linux's sockfs: fstat says S_IFSOCK, /proc/PID/fd says
 * socket:[INODE]) and a file: read and write are recv and send, poll and
 * FIONREAD ask the protocol, the last close releases the socket.  The
 * family's create gives the socket its protocol operations.
 *
 * i386 reaches the calls two ways: socketcall(102) with the call's number
 * and a pointer to its arguments (glibc's older way, and accept's only
 * one), and the direct calls 359 to 373 (and recvmmsg, sendmmsg): both
 * come to the same functions here, as on Linux.
 */
#include "fs/fs.h"
#include "fs/ioctl.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "net/net.h"
#include "net/sock.h"
#include "net/ipv4/ipv4.h"
#include "net/ipv6/ipv6.h"
#include "net/netlink/netlink.h"
#include "net/unix/af_unix.h"

#define SOCK_MAX	11	/* Linux's: SOCK_PACKET + 1 */
#define SOMAXCONN	4096	/* net.core.somaxconn */
#define MSG_WAITFORONE	0x10000

static const struct net_proto_family *net_families[AF_MAX] = {
	[AF_UNIX] = &unix_family_ops,
	[AF_INET] = &inet_family_ops,
	[AF_INET6] = &inet6_family_ops,
	[AF_NETLINK] = &netlink_family_ops,
};

static int sock_no_open(struct file *f)
{
	return -ENXIO;
}

/* A read is a recv with no flags; a write a send (Linux's sock_read_iter). */
static long sock_rw(struct file *f, char *ubuf, uint32_t n, int send)
{
	struct socket *sock = sock_from_file(f);
	struct msghdr m = { .iov = { (uint32_t)ubuf, n } };
	int flags = (f->flags & O_NONBLOCK) ? MSG_DONTWAIT : 0;

	if (send) {
		m.msg_flags = flags;
		return sock->ops->sendmsg(sock, &m, n);
	}
	return n ? sock->ops->recvmsg(sock, &m, n, flags) : 0;
}

static long sock_read(struct file *f, char *ubuf, uint32_t n, uint64_t *pos)
{
	return sock_rw(f, ubuf, n, 0);
}

static long sock_write(struct file *f, const char *ubuf, uint32_t n, uint64_t *pos)
{
	return sock_rw(f, (char *)ubuf, n, 1);
}

static int sock_poll(struct file *f)
{
	struct socket *sock = sock_from_file(f);

	return sock->ops->so_poll(sock);
}

/* The family's ioctl; what it does not know may be an interface's (Linux's sock_do_ioctl). */
static long sock_ioctl(struct file *f, uint32_t cmd, uint32_t arg)
{
	struct socket *sock = sock_from_file(f);
	long r = sock->ops->so_ioctl(sock, cmd, arg);

	return r == -ENOTTY ? dev_ioctl(cmd, arg) : r;
}

static void sock_close(struct file *f)
{
	sock_release(sock_from_file(f));
}

/* O_ASYNC on the socket (Linux's sock_fasync). */
static int sock_fasync(int fd, struct file *f, int on)
{
	return fasync_helper(fd, f, on, &sock_from_file(f)->fasync_list);
}

static const struct file_operations socket_file_ops = {
	.open = sock_no_open,
	.read = sock_read,
	.write = sock_write,
	.poll = sock_poll,
	.ioctl = sock_ioctl,
	.release = sock_close,
	.fasync = sock_fasync,
	.no_seek = 1,
};

/* The socket of a socket file, or NULL for any other file. */
struct socket *sock_from_file(struct file *f)
{
	return f->f_op == &socket_file_ops ? f->inode->u.socket : NULL;
}

/* A new socket and its inode, not yet of any family; NULL: no memory. */
struct socket *sock_alloc(void)
{
	struct socket *sock = kzalloc(sizeof(*sock));
	struct inode *ip = sock ? new_inode(S_IFSOCK | 0777, current->euid,
					    current->egid) : NULL;

	if (!ip) {
		if (sock)
			kfree(sock);
		return NULL;
	}
	ip->dev = SOCK_DEV;
	ip->u.socket = sock;
	ip->f_op = &socket_file_ops;
	sock->inode = ip;
	sock->state = SS_UNCONNECTED;
	return sock;
}

/* The protocol lets go, then the socket goes; its inode goes with the file. */
void sock_release(struct socket *sock)
{
	if (sock->ops)
		sock->ops->so_release(sock);
	sock->inode->u.socket = NULL;
	if (!sock->file)	/* never had one: the inode is the socket's */
		inode_put(sock->inode);
	kfree(sock);
}

/* A descriptor for sock (flags: SOCK_NONBLOCK, SOCK_CLOEXEC); on failure the socket is released. */
int sock_map_fd(struct socket *sock, uint32_t flags)
{
	struct file *f;
	int fd = fd_alloc(0);

	if (fd < 0) {
		sock_release(sock);
		return fd;
	}
	if (!(f = file_alloc(sock->inode, O_RDWR | (flags & O_NONBLOCK)))) {
		sock_release(sock);
		return -ENFILE;
	}
	inode_put(sock->inode);		/* the file holds it */
	sock->file = f;
	fd_install(fd, f, flags & O_CLOEXEC);
	return fd;
}

/* The socket behind descriptor fd: -EBADF, -ENOTSOCK. */
static struct socket *sockfd_lookup(int fd, int *err)
{
	struct file *f = fget(fd);
	struct socket *sock = f ? sock_from_file(f) : NULL;

	*err = !f ? -EBADF : !sock ? -ENOTSOCK : 0;
	return sock;
}

/* A new socket of the family, type and protocol: 0 with *res, or -errno (Linux's __sock_create). */
static int sock_create(int family, int type, int protocol, struct socket **res)
{
	struct socket *sock;
	int err;

	if (family < 0 || family >= AF_MAX)
		return -EAFNOSUPPORT;
	if (type < 0 || type >= SOCK_MAX)
		return -EINVAL;
	if (!(sock = sock_alloc()))
		return -ENFILE;
	if (!net_families[family]) {
		sock_release(sock);
		return -EAFNOSUPPORT;
	}
	sock->type = type;
	if ((err = net_families[family]->create(sock, protocol)) != 0) {
		sock->ops = NULL;
		sock_release(sock);
		return err;
	}
	*res = sock;
	return 0;
}

/* The type word's flags: SOCK_NONBLOCK and SOCK_CLOEXEC, or -EINVAL for others. */
static int sock_flags(int type)
{
	int flags = type & ~SOCK_TYPE_MASK;

	return flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK) ? -EINVAL : flags;
}

long sys_socket(int family, int type, int protocol)
{
	struct socket *sock;
	int flags = sock_flags(type), err;

	if (flags < 0)
		return flags;
	if ((err = sock_create(family, type & SOCK_TYPE_MASK, protocol, &sock)) != 0)
		return err;
	return sock_map_fd(sock, flags);
}

long sys_socketpair(int family, int type, int protocol, int *usv)
{
	struct socket *a, *b;
	int flags = sock_flags(type), fd[2], err;

	if (flags < 0)
		return flags;
	type &= SOCK_TYPE_MASK;
	if ((err = sock_create(family, type, protocol, &a)) != 0)
		return err;
	if ((err = sock_create(family, type, protocol, &b)) != 0) {
		sock_release(a);
		return err;
	}
	if ((err = a->ops->socketpair(a, b)) != 0) {
		sock_release(a);
		sock_release(b);
		return err;
	}
	if ((fd[0] = sock_map_fd(a, flags)) < 0) {
		sock_release(b);
		return fd[0];
	}
	if ((fd[1] = sock_map_fd(b, flags)) < 0) {
		fd_close(fd[0]);
		return fd[1];
	}
	if (copy_to_user(usv, fd, sizeof(fd))) {
		fd_close(fd[0]);
		fd_close(fd[1]);
		return -EFAULT;
	}
	return 0;
}

/* A user's address into kaddr (MAX_SOCK_ADDR bytes): 0 or -errno (Linux's move_addr_to_kernel). */
static int move_addr_to_kernel(const void *uaddr, int ulen, void *kaddr)
{
	if (ulen < 0 || ulen > MAX_SOCK_ADDR)
		return -EINVAL;
	if (ulen && copy_from_user(kaddr, uaddr, ulen))
		return -EFAULT;
	return 0;
}

/*
 * An address of klen bytes to the user's buffer of *ulen, as much as fits,
 * and its whole length to *ulen (Linux's move_addr_to_user).
 */
int move_addr_to_user(const void *kaddr, int klen, void *uaddr, int *ulen)
{
	int len;

	if (copy_from_user(&len, ulen, sizeof(len)))
		return -EFAULT;
	if (len > klen)
		len = klen;
	if (len < 0)
		return -EINVAL;
	if (len && copy_to_user(uaddr, kaddr, len))
		return -EFAULT;
	return copy_to_user(ulen, &klen, sizeof(klen)) ? -EFAULT : 0;
}

/* bind and connect: the socket and its address in; then the call. */
static long sock_addr_call(int fd, const void *uaddr, int len, int connect)
{
	char addr[MAX_SOCK_ADDR + 4];	/* room for a path's NUL past the end */
	int err;
	struct socket *sock = sockfd_lookup(fd, &err);

	if (!sock)
		return err;
	if ((err = move_addr_to_kernel(uaddr, len, addr)) != 0)
		return err;
	if (connect)
		return sock->ops->connect(sock, addr, len, sock->file->flags);
	return sock->ops->bind(sock, addr, len);
}

long sys_bind(int fd, const void *uaddr, int len)
{
	return sock_addr_call(fd, uaddr, len, 0);
}

long sys_connect(int fd, const void *uaddr, int len)
{
	return sock_addr_call(fd, uaddr, len, 1);
}

long sys_listen(int fd, int backlog)
{
	int err;
	struct socket *sock = sockfd_lookup(fd, &err);

	if (!sock)
		return err;
	if ((uint32_t)backlog > SOMAXCONN)
		backlog = SOMAXCONN;
	return sock->ops->listen(sock, backlog);
}

long sys_accept4(int fd, void *uaddr, int *ulen, int flags)
{
	char addr[MAX_SOCK_ADDR];
	struct socket *sock, *newsock;
	struct file *f;
	int err, newfd, len;

	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	if (!(sock = sockfd_lookup(fd, &err)))
		return err;
	if (!(newsock = sock_alloc()))
		return -ENFILE;
	newsock->type = sock->type;
	newsock->ops = sock->ops;
	if ((newfd = fd_alloc(0)) < 0) {
		newsock->ops = NULL;
		sock_release(newsock);
		return newfd;
	}
	if ((err = sock->ops->accept(sock, newsock, sock->file->flags)) == 0 && uaddr) {
		len = newsock->ops->getsockname(newsock, addr, 1);
		err = len < 0 ? -ECONNABORTED : move_addr_to_user(addr, len, uaddr, ulen);
	}
	if (err == 0 && !(f = file_alloc(newsock->inode, O_RDWR | (flags & O_NONBLOCK))))
		err = -ENFILE;
	if (err) {
		sock_release(newsock);
		return err;
	}
	inode_put(newsock->inode);
	newsock->file = f;
	/* a sleeping accept let others use the table: the lowest free one now */
	if ((newfd = fd_alloc(0)) < 0) {
		file_put(f);
		return newfd;
	}
	fd_install(newfd, f, flags & SOCK_CLOEXEC);
	return newfd;
}

long sys_accept(int fd, void *uaddr, int *ulen)
{
	return sys_accept4(fd, uaddr, ulen, 0);
}

static long sock_getname(int fd, void *uaddr, int *ulen, int peer)
{
	char addr[MAX_SOCK_ADDR];
	int err, len;
	struct socket *sock = sockfd_lookup(fd, &err);

	if (!sock)
		return err;
	if ((len = sock->ops->getsockname(sock, addr, peer)) < 0)
		return len;
	return move_addr_to_user(addr, len, uaddr, ulen);
}

long sys_getsockname(int fd, void *uaddr, int *ulen)
{
	return sock_getname(fd, uaddr, ulen, 0);
}

long sys_getpeername(int fd, void *uaddr, int *ulen)
{
	return sock_getname(fd, uaddr, ulen, 1);
}

long sys_sendto(int fd, const void *buf, uint32_t len, int flags, const void *uaddr,
		int addrlen)
{
	char addr[MAX_SOCK_ADDR + 4];
	struct msghdr m = { .iov = { (uint32_t)buf, len > MAX_RW_COUNT ? MAX_RW_COUNT : len } };
	int err;
	struct socket *sock = sockfd_lookup(fd, &err);

	if (!sock)
		return err;
	if (uaddr) {
		if ((err = move_addr_to_kernel(uaddr, addrlen, addr)) != 0)
			return err;
		m.msg_name = addr;
		m.msg_namelen = addrlen;
	}
	if (sock->file->flags & O_NONBLOCK)
		flags |= MSG_DONTWAIT;
	m.msg_flags = flags;
	return sock->ops->sendmsg(sock, &m, m.iov.len);
}

long sys_send(int fd, const void *buf, uint32_t len, int flags)
{
	return sys_sendto(fd, buf, len, flags, NULL, 0);
}

long sys_recvfrom(int fd, void *buf, uint32_t len, int flags, void *uaddr, int *ulen)
{
	char addr[MAX_SOCK_ADDR];
	struct msghdr m = { .iov = { (uint32_t)buf, len > MAX_RW_COUNT ? MAX_RW_COUNT : len },
			    .msg_name = addr };
	int err;
	long r;
	struct socket *sock = sockfd_lookup(fd, &err);

	if (!sock)
		return err;
	if (sock->file->flags & O_NONBLOCK)
		flags |= MSG_DONTWAIT;
	r = sock->ops->recvmsg(sock, &m, m.iov.len, flags);
	if (r >= 0 && uaddr && (err = move_addr_to_user(addr, m.msg_namelen, uaddr, ulen)))
		return err;
	return r;
}

long sys_recv(int fd, void *buf, uint32_t len, int flags)
{
	return sys_recvfrom(fd, buf, len, flags, NULL, NULL);
}

long sys_shutdown(int fd, int how)
{
	int err;
	struct socket *sock = sockfd_lookup(fd, &err);

	return sock ? sock->ops->shutdown(sock, how) : err;
}

long sys_setsockopt(int fd, int level, int optname, const void *optval, int optlen)
{
	int err;
	struct socket *sock = sockfd_lookup(fd, &err);

	if (!sock)
		return err;
	if (optlen < 0)
		return -EINVAL;
	return sock_setsockopt(sock, level, optname, optval, optlen);
}

long sys_getsockopt(int fd, int level, int optname, void *optval, int *optlen)
{
	int err;
	struct socket *sock = sockfd_lookup(fd, &err);

	return sock ? sock_getsockopt(sock, level, optname, optval, optlen) : err;
}

/*
 * A user's msghdr in: the header, the total length of its iovecs, clamped
 * as a write's is, and where the user's address is (Linux's
 * copy_msghdr_from_user).  0 or -errno.
 */
static int copy_msghdr_from_user(struct msghdr *m, const struct user_msghdr *um,
				 uint32_t *total, void **uaddr)
{
	struct user_msghdr h;
	struct iovec32 v;

	if (copy_from_user(&h, um, sizeof(h)))
		return -EFAULT;
	if (h.msg_iovlen > UIO_MAXIOV)
		return -EMSGSIZE;
	if ((int)h.msg_controllen < 0)
		return -ENOBUFS;
	*total = 0;
	for (uint32_t i = 0; i < h.msg_iovlen; i++) {
		if (copy_from_user(&v, (struct iovec32 *)h.msg_iov + i, sizeof(v)))
			return -EFAULT;
		if ((int32_t)v.len < 0)
			return -EINVAL;
		*total += v.len < MAX_RW_COUNT - *total ? v.len : MAX_RW_COUNT - *total;
	}
	m->msg_namelen = h.msg_namelen;
	m->msg_iov = (struct iovec32 *)h.msg_iov;
	m->msg_iovlen = h.msg_iovlen;
	m->msg_control = (char *)h.msg_control;
	m->msg_controllen = h.msg_controllen;
	m->msg_flags = 0;
	*uaddr = (void *)h.msg_name;
	return 0;
}

/* One sendmsg: bytes sent or -errno (Linux's ___sys_sendmsg). */
static long do_sendmsg(struct socket *sock, const struct user_msghdr *um, int flags)
{
	char addr[MAX_SOCK_ADDR + 4];
	struct msghdr m = { 0 };
	uint32_t total;
	void *uaddr;
	long err = copy_msghdr_from_user(&m, um, &total, &uaddr);

	if (err == 0 && !uaddr)
		m.msg_namelen = 0;
	else if (err == 0 && (err = move_addr_to_kernel(uaddr, m.msg_namelen, addr)) == 0)
		m.msg_name = addr;
	if (err == 0) {
		if (sock->file->flags & O_NONBLOCK)
			flags |= MSG_DONTWAIT;
		m.msg_flags = flags;
		err = sock->ops->sendmsg(sock, &m, total);
	}
	return err;
}

/* One recvmsg: bytes received or -errno; the header's outputs written back. */
static long do_recvmsg(struct socket *sock, struct user_msghdr *um, int flags)
{
	char addr[MAX_SOCK_ADDR];
	struct msghdr m = { 0 };
	uint32_t total, controllen;
	char *control;
	void *uaddr;
	long r, err = copy_msghdr_from_user(&m, um, &total, &uaddr);

	if (err < 0)
		return err;
	control = m.msg_control;
	controllen = m.msg_controllen;
	m.msg_name = addr;
	m.msg_namelen = 0;
	if (sock->file->flags & O_NONBLOCK)
		flags |= MSG_DONTWAIT;
	if ((r = sock->ops->recvmsg(sock, &m, total, flags)) < 0)
		return r;
	if (uaddr && (err = move_addr_to_user(addr, m.msg_namelen, uaddr, &um->msg_namelen)))
		return err;
	controllen = m.msg_control - control;
	if (copy_to_user(&um->msg_flags, &m.msg_flags, sizeof(m.msg_flags)) ||
	    copy_to_user(&um->msg_controllen, &controllen, sizeof(controllen)))
		return -EFAULT;
	return r;
}

long sys_sendmsg(int fd, const struct user_msghdr *um, int flags)
{
	int err;
	struct socket *sock = sockfd_lookup(fd, &err);

	return sock ? do_sendmsg(sock, um, flags) : err;
}

long sys_recvmsg(int fd, struct user_msghdr *um, int flags)
{
	int err;
	struct socket *sock = sockfd_lookup(fd, &err);

	return sock ? do_recvmsg(sock, um, flags) : err;
}

/*
 * sendmmsg and recvmmsg: one message after the other, each one's length in
 * its msg_len; an error after the first ends the batch with the count.
 * recvmmsg's timeout is not kept (shmos waits as without one);
 * MSG_WAITFORONE makes every receive after the first non-blocking.
 */
static long do_mmsg(int fd, struct mmsghdr32 *umm, uint32_t vlen, int flags, int send)
{
	int err;
	uint32_t n;
	struct socket *sock = sockfd_lookup(fd, &err);

	if (!sock)
		return err;
	if (vlen > UIO_MAXIOV)
		vlen = UIO_MAXIOV;
	for (n = 0; n < vlen; n++) {
		long r = send ? do_sendmsg(sock, &umm[n].msg_hdr, flags) :
				do_recvmsg(sock, &umm[n].msg_hdr, flags & ~MSG_WAITFORONE);
		uint32_t len = r;

		if (r < 0)
			return n ? (long)n : r;
		if (copy_to_user(&umm[n].msg_len, &len, sizeof(len)))
			return n ? (long)n : -EFAULT;
		if (!send && (flags & MSG_WAITFORONE))
			flags |= MSG_DONTWAIT;
	}
	return n;
}

long sys_sendmmsg(int fd, struct mmsghdr32 *umm, uint32_t vlen, int flags)
{
	return do_mmsg(fd, umm, vlen, flags, 1);
}

long sys_recvmmsg(int fd, struct mmsghdr32 *umm, uint32_t vlen, int flags)
{
	return do_mmsg(fd, umm, vlen, flags, 0);
}

/*
 * socketcall(2): call 1 (SYS_SOCKET) to 20 (SYS_SENDMMSG), its arguments
 * the words at uargs, so many for each call (Linux's nargs).
 */
long sys_socketcall(int call, const uint32_t *uargs)
{
	static const uint8_t nargs[21] = {
		0, 3, 3, 3, 2, 3, 3, 3, 4, 4, 4, 6, 6, 2, 5, 5, 3, 3, 4, 5, 4
	};
	uint32_t a[6];

	if (call < 1 || call > 20)
		return -EINVAL;
	if (copy_from_user(a, uargs, nargs[call] * sizeof(uint32_t)))
		return -EFAULT;
	switch (call) {
	case 1: return sys_socket(a[0], a[1], a[2]);
	case 2: return sys_bind(a[0], (void *)a[1], a[2]);
	case 3: return sys_connect(a[0], (void *)a[1], a[2]);
	case 4: return sys_listen(a[0], a[1]);
	case 5: return sys_accept4(a[0], (void *)a[1], (int *)a[2], 0);
	case 6: return sys_getsockname(a[0], (void *)a[1], (int *)a[2]);
	case 7: return sys_getpeername(a[0], (void *)a[1], (int *)a[2]);
	case 8: return sys_socketpair(a[0], a[1], a[2], (int *)a[3]);
	case 9: return sys_sendto(a[0], (void *)a[1], a[2], a[3], NULL, 0);
	case 10: return sys_recvfrom(a[0], (void *)a[1], a[2], a[3], NULL, NULL);
	case 11: return sys_sendto(a[0], (void *)a[1], a[2], a[3], (void *)a[4], a[5]);
	case 12: return sys_recvfrom(a[0], (void *)a[1], a[2], a[3], (void *)a[4], (int *)a[5]);
	case 13: return sys_shutdown(a[0], a[1]);
	case 14: return sys_setsockopt(a[0], a[1], a[2], (void *)a[3], a[4]);
	case 15: return sys_getsockopt(a[0], a[1], a[2], (void *)a[3], (int *)a[4]);
	case 16: return sys_sendmsg(a[0], (void *)a[1], a[2]);
	case 17: return sys_recvmsg(a[0], (void *)a[1], a[2]);
	case 18: return sys_accept4(a[0], (void *)a[1], (int *)a[2], a[3]);
	case 19: return sys_recvmmsg(a[0], (void *)a[1], a[2], a[3]);
	default: return sys_sendmmsg(a[0], (void *)a[1], a[2], a[3]);
	}
}
