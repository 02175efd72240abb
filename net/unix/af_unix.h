/*
 * AF_UNIX (net/unix/af_unix.c): stream, datagram and seqpacket sockets
 * between processes of this machine, named by a path in the file system
 * or in the abstract namespace; and the collector of the sockets that
 * only messages in flight still hold (net/unix/garbage.c).
 */
#ifndef NET_UNIX_AF_UNIX_H
#define NET_UNIX_AF_UNIX_H

#include "net/sock.h"

struct net_proto_family;
extern const struct net_proto_family unix_family_ops;

/*
 * af_unix.c: the stream machinery AF_INET's TCP shares (a connection is a
 * pair of socks, each sending onto the other's receive queue; accept takes
 * an embryo from the listener's queue), UDP's reading of a datagram, and
 * /proc/net/unix.
 */
struct socket;
struct msghdr;
void unix_queue_embryo(struct sock *other, struct socket *sock, struct sock *newsk);
int unix_accept(struct socket *sock, struct socket *newsock, int flags);
long unix_stream_sendmsg(struct socket *sock, struct msghdr *m, uint32_t len);
long unix_stream_recvmsg(struct socket *sock, struct msghdr *m, uint32_t size, int flags);
long unix_dgram_recvmsg(struct socket *sock, struct msghdr *m, uint32_t size, int flags);
int unix_poll(struct socket *sock);
long unix_ioctl(struct socket *sock, uint32_t cmd, uint32_t arg);
struct seq_file;
void proc_net_unix_show(struct seq_file *m, const void *unused);

/* garbage.c */
struct sock *unix_get_socket(struct file *f);
void unix_inflight(struct scm_fp_list *fpl);
void unix_notinflight(struct scm_fp_list *fpl);
void unix_gc(void);

#endif
