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

/* af_unix.c: /proc/net/unix */
struct seq_file;
void proc_net_unix_show(struct seq_file *m, const void *unused);

/* garbage.c */
struct sock *unix_get_socket(struct file *f);
void unix_inflight(struct scm_fp_list *fpl);
void unix_notinflight(struct scm_fp_list *fpl);
void unix_gc(void);

#endif
