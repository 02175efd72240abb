/*
 * Sockets (net/socket.c): the socket calls, both ways i386 makes them (the
 * direct calls 359 to 373 and socketcall, 102), and the socket file that
 * socket(2) gives, as Linux's net/socket.c and include/linux/net.h.  A
 * family gives its protocol operations (struct proto_ops); shmos has three,
 * AF_UNIX (net/unix/af_unix.c), AF_INET on the loopback device alone
 * (net/ipv4/) and AF_NETLINK's NETLINK_ROUTE (net/netlink/), and answers
 * the others EAFNOSUPPORT, as a Linux built with CONFIG_UNIX and CONFIG_INET
 * whose only interface is lo.
 */
#ifndef NET_NET_H
#define NET_NET_H

#include <stdint.h>
#include "fs/fs.h"

struct file;
struct inode;
struct sock;

/* Families and types, Linux's values. */
#define AF_UNSPEC	0
#define AF_UNIX		1
#define AF_INET		2
#define AF_NETLINK	16
#define AF_MAX		46
#define SOCK_STREAM	1
#define SOCK_DGRAM	2
#define SOCK_RAW	3
#define SOCK_RDM	4
#define SOCK_SEQPACKET	5
#define SOCK_TYPE_MASK	0xf
#define SOCK_CLOEXEC	02000000	/* O_CLOEXEC */
#define SOCK_NONBLOCK	04000		/* O_NONBLOCK */

/* The flags of send and recv. */
#define MSG_OOB		0x1
#define MSG_PEEK	0x2
#define MSG_CTRUNC	0x8
#define MSG_TRUNC	0x20
#define MSG_DONTWAIT	0x40
#define MSG_EOR		0x80
#define MSG_WAITALL	0x100
#define MSG_NOSIGNAL	0x4000
#define MSG_CMSG_CLOEXEC 0x40000000

/* Socket options at SOL_SOCKET. */
#define SOL_SOCKET	1
#define SO_DEBUG	1
#define SO_REUSEADDR	2
#define SO_TYPE		3
#define SO_ERROR	4
#define SO_DONTROUTE	5
#define SO_BROADCAST	6
#define SO_SNDBUF	7
#define SO_RCVBUF	8
#define SO_KEEPALIVE	9
#define SO_OOBINLINE	10
#define SO_PRIORITY	12
#define SO_LINGER	13
#define SO_REUSEPORT	15
#define SO_PASSCRED	16
#define SO_PEERCRED	17
#define SO_RCVLOWAT	18
#define SO_SNDLOWAT	19
#define SO_RCVTIMEO_OLD	20
#define SO_SNDTIMEO_OLD	21
#define SO_ACCEPTCONN	30
#define SO_SNDBUFFORCE	32
#define SO_RCVBUFFORCE	33
#define SO_PROTOCOL	38
#define SO_DOMAIN	39

/* shutdown's how, and the bits of sk_shutdown it sets. */
#define SHUT_RD		0
#define SHUT_WR		1
#define SHUT_RDWR	2
#define RCV_SHUTDOWN	1
#define SEND_SHUTDOWN	2
#define SHUTDOWN_MASK	3

/* A socket's state, as the socket layer sees it (Linux's socket_state). */
enum { SS_UNCONNECTED = 1, SS_CONNECTING, SS_CONNECTED, SS_DISCONNECTING };

/*
 * A message as the protocols see it: the address (in the kernel), the
 * user's buffers, the user's control buffer, the flags.  The buffers are
 * iov, then msg_iovlen more iovecs at msg_iov in user memory, read as the
 * copy reaches them (net/skbuff.c's msg_copy).
 */
struct msghdr {
	void *msg_name;			/* a struct sockaddr, copied in (send), or to copy out */
	int msg_namelen;
	struct iovec32 iov;		/* the buffer being copied, what is left of it */
	const struct iovec32 *msg_iov;	/* the user's next ones */
	uint32_t msg_iovlen;
	char *msg_control;		/* user memory */
	uint32_t msg_controllen;
	uint32_t msg_flags;
};

/* i386's struct msghdr and struct mmsghdr, as the user gives them. */
struct user_msghdr {
	uint32_t msg_name;
	int msg_namelen;
	uint32_t msg_iov;
	uint32_t msg_iovlen;
	uint32_t msg_control;
	uint32_t msg_controllen;
	uint32_t msg_flags;
};
struct mmsghdr32 {
	struct user_msghdr msg_hdr;
	uint32_t msg_len;
};

#define MAX_SOCK_ADDR	128		/* sockaddr_storage */

struct socket;

/*
 * A family's operations on its sockets: 0 or -errno, or bytes moved.
 * Linux's names, but for so_release, so_poll and so_ioctl (release, poll,
 * ioctl): scripts/stackcheck follows a call through a pointer by the
 * member's name, and file_operations has those.
 */
struct proto_ops {
	int family;
	void (*so_release)(struct socket *sock);
	int (*bind)(struct socket *sock, void *addr, int len);
	int (*connect)(struct socket *sock, void *addr, int len, int flags);
	int (*socketpair)(struct socket *a, struct socket *b);
	int (*accept)(struct socket *sock, struct socket *newsock, int flags);
	/* The address (peer: the peer's) at addr: its length, or -errno (Linux's getname). */
	int (*getsockname)(struct socket *sock, void *addr, int peer);
	int (*so_poll)(struct socket *sock);
	long (*so_ioctl)(struct socket *sock, uint32_t cmd, uint32_t arg);
	int (*listen)(struct socket *sock, int backlog);
	int (*shutdown)(struct socket *sock, int how);
	long (*sendmsg)(struct socket *sock, struct msghdr *m, uint32_t len);
	long (*recvmsg)(struct socket *sock, struct msghdr *m, uint32_t len, int flags);
	/* An int option at a level other than SOL_SOCKET (NULL: EOPNOTSUPP, as AF_UNIX's). */
	int (*setsockopt)(struct socket *sock, int level, int optname, int val);
	int (*getsockopt)(struct socket *sock, int level, int optname, int *val);
};

/*
 * The BSD socket: one per socket file (its inode's u.socket), with the
 * protocol's sock behind it (sk, NULL once released).
 */
struct socket {
	int state;			/* SS_ */
	short type;			/* SOCK_STREAM... */
	struct file *file;		/* not referenced: the file holds the socket */
	struct inode *inode;
	const struct proto_ops *ops;
	struct sock *sk;
	struct fasync_struct *fasync_list;	/* O_ASYNC files: SIGIO on data */
};

/* A family: create makes sock one of its own (sock->type set), 0 or -errno. */
struct net_proto_family {
	int family;
	int (*create)(struct socket *sock, int protocol);
};

/* net/socket.c */
struct socket *sock_alloc(void);
struct socket *sock_from_file(struct file *f);
int sock_map_fd(struct socket *sock, uint32_t flags);
void sock_release(struct socket *sock);
int move_addr_to_user(const void *kaddr, int klen, void *uaddr, int *ulen);

#endif
