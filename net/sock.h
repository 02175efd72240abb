/*
 * The protocol's side of a socket (Linux's struct sock, with the families'
 * own folded in: struct unix_sock, inet_sock and netlink_sock, each used by
 * its family alone) and the buffers that carry its data (struct sk_buff,
 * net/skbuff.c).
 */
#ifndef NET_SOCK_H
#define NET_SOCK_H

#include <stdint.h>

struct file;
struct inode;
struct socket;
struct sock;
struct msghdr;

/* The sender's credentials a message carries (SCM_CREDENTIALS, SO_PEERCRED). */
struct ucred {
	int32_t pid;
	uint32_t uid, gid;
};

/* Files passed by SCM_RIGHTS, referenced while they are in flight. */
#define SCM_MAX_FD	253
struct scm_fp_list {
	struct scm_fp_list *next;	/* waiting to be let go (net/scm.c) */
	int count;
	struct file *fp[SCM_MAX_FD];
};

/* An IPv4 address and port, in network order, as the user gives them. */
struct sockaddr_in {
	uint16_t sin_family;
	uint16_t sin_port;
	uint32_t sin_addr;
	uint8_t sin_zero[8];
};

/*
 * An IPv6 address, network order.  AF_INET's socks keep theirs in this
 * form too, IPv4-mapped (::ffff:a.b.c.d, ::ffff:0.0.0.0 being INADDR_ANY),
 * so that TCP and UDP find a sock of either family by one address.
 */
struct in6_addr {
	union {
		uint8_t s6_addr[16];
		uint16_t s6_addr16[8];
		uint32_t s6_addr32[4];
	};
};

struct sockaddr_in6 {
	uint16_t sin6_family;
	uint16_t sin6_port;
	uint32_t sin6_flowinfo;
	struct in6_addr sin6_addr;
	uint32_t sin6_scope_id;
};

/*
 * A message, or a stream's piece of data: len bytes, in the buffer's own
 * tail when they fit in one kmalloc, else in pages of their own.  The
 * sender is referenced and charged truesize (its wmem_alloc) until the
 * buffer is freed, which wakes it: that is how a writer waits for room.
 */
struct sk_buff {
	struct sk_buff *next;
	struct sock *sk;		/* the sender */
	void (*destructor)(struct sk_buff *skb);
	uint32_t len;			/* bytes of data */
	uint32_t off;			/* of them, taken already by stream reads */
	uint32_t truesize;
	struct scm_fp_list *fp;		/* SCM_RIGHTS files, or NULL */
	struct ucred creds;		/* the sender's, or those it gave */
	struct sockaddr_in6 name;	/* AF_INET's and AF_INET6's: the sender's address
					   (sin6_family 0: AF_UNIX's, its sock's name) */
	uint32_t npages;		/* 0: the data follows in data[] */
	char *data[];			/* npages page addresses, or the bytes */
};

struct sk_buff_head {
	struct sk_buff *head, *tail;
	uint32_t qlen;
};

/* sk_state: Linux's TCP states, which AF_UNIX uses too. */
#define TCP_ESTABLISHED	1
#define TCP_FIN_WAIT2	5
#define TCP_TIME_WAIT	6
#define TCP_CLOSE	7
#define TCP_CLOSE_WAIT	8
#define TCP_LISTEN	10

/* SO_LINGER's value. */
struct linger {
	int l_onoff;
	int l_linger;
};

#define UNIX_PATH_MAX	108
struct sockaddr_un {
	uint16_t sun_family;
	char sun_path[UNIX_PATH_MAX];
};

struct sock {
	int refcnt;		/* the socket, a peer, buffers it sent, an accept queue */
	short type;		/* SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET */
	short protocol;
	int state;		/* TCP_ */
	int shutdown;		/* RCV_SHUTDOWN | SEND_SHUTDOWN */
	int err;		/* a pending error (ECONNRESET), SO_ERROR's */
	int dead;		/* released: no socket will ever use it again */
	int passcred;		/* SO_PASSCRED */
	uint32_t sockopts;	/* 1 << SO_x: the yes-or-no options set (SO_KEEPALIVE...) */
	struct linger linger;	/* SO_LINGER, kept to be read back */
	int sndbuf, rcvbuf;
	uint32_t wmem_alloc;	/* truesize of the buffers it sent, not yet freed */
	struct socket *socket;	/* NULL: an embryo, or released */
	struct sk_buff_head receive_queue;
	struct ucred peercred;	/* SO_PEERCRED */
	int max_ack_backlog, ack_backlog;
	/* AF_UNIX's (struct unix_sock) */
	struct sockaddr_un addr;	/* bound to it (addr_len > 0) */
	int addr_len;
	struct inode *path;		/* a filesystem name's inode, referenced */
	struct sock *bound_next;	/* on the list of bound sockets */
	struct sock *all_next;		/* on unix_sockets, from creation to release */
	struct sock *peer;		/* connected to, referenced */
	struct sock *accept_head, *accept_tail, *accept_next;	/* embryos */
	int inflight;			/* references to its file in flight */
	struct sock *gc_next, **gc_pprev;	/* on the in-flight list */
	int gc_candidate, gc_refs;	/* net/unix/garbage.c's marks */
	/*
	 * AF_INET's and AF_INET6's (struct inet_sock, ipv6_pinfo), in network
	 * order: an address of either family as an in6_addr (IPv4-mapped for
	 * IPv4); a port 0 is none.
	 */
	short family;			/* AF_INET or AF_INET6: an embryo has no socket to say */
	short ipv6only;			/* IPV6_V6ONLY: an IPv6 sock bound to :: hears no IPv4 */
	struct in6_addr rcv_saddr, daddr;	/* bound to (any: none), connected to */
	uint16_t sport, dport;
	int nodelay;			/* TCP_NODELAY, kept to be read back */
	int hop_limit;			/* IPV6_UNICAST_HOPS, -1: the default */
	int rxhlim;			/* 1 << IPV6_RECVHOPLIMIT or IPV6_2292HOPLIMIT (Linux's rxohlim):
					   a datagram says its hop limit */
	uint32_t icmp_filter;		/* a raw socket's ICMP_FILTER: 1 << type, not heard */
	struct sock *inet_next;		/* on inet_sockets, from creation to release */
	/* AF_NETLINK's (struct netlink_sock) */
	uint32_t portid, groups;	/* bound to (portid 0: not yet) */
	struct sock *nl_next;		/* on netlink_sockets */
};

/* net/skbuff.c */
struct sk_buff *alloc_skb(uint32_t len);
void kfree_skb(struct sk_buff *skb);
int skb_copy_from_msg(struct sk_buff *skb, struct msghdr *m);
int skb_copy_to_msg(struct msghdr *m, struct sk_buff *skb, uint32_t off, uint32_t n);
void skb_queue_tail(struct sk_buff_head *q, struct sk_buff *skb);
struct sk_buff *skb_dequeue(struct sk_buff_head *q);
void skb_queue_purge(struct sk_buff_head *q);

/* net/sock.c */
struct sock *sk_alloc(int type, int protocol);
void sock_hold(struct sock *sk);
void sock_put(struct sock *sk);
void sk_wake(struct sock *sk);
void sk_wake_async(struct sock *sk, int band);	/* its O_ASYNC files' SIGIO */
int sock_error(struct sock *sk);
int sk_wait(struct sock *sk, int nonblock);
void sock_wfree(struct sk_buff *skb);
uint32_t sk_wmem_limit(struct sock *sk);
struct sk_buff *sock_alloc_send_skb(struct sock *sk, uint32_t len, int nonblock, int *err);
int sock_setsockopt(struct socket *sock, int level, int optname, const void *uval, int optlen);
int sock_getsockopt(struct socket *sock, int level, int optname, void *uval, int *uoptlen);
void init_peercred(struct ucred *c);
int sock_no_socketpair(struct socket *a, struct socket *b);
int sock_no_listen(struct socket *sock, int backlog);
int sock_no_accept(struct socket *sock, struct socket *newsock, int flags);
int sock_no_shutdown(struct socket *sock, int how);

#endif
