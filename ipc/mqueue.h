/*
 * POSIX message queues (ipc/mqueue.c, mq_overview(7)): named queues of
 * prioritised messages, each an inode of the mqueue file system, which
 * mount -t mqueue shows (at /dev/mqueue from boot, as systemd mounts it).
 */
#ifndef IPC_MQUEUE_H
#define IPC_MQUEUE_H

#include <stdint.h>
#include "fs/fs.h"

struct vfsmount;

#define MQUEUE_MAGIC	0x19800202	/* statfs's f_type */

/* A new IPC namespace's limits (/proc/sys/fs/mqueue), Linux's defaults. */
#define DFLT_QUEUESMAX	256
#define DFLT_MSGMAX	10
#define DFLT_MSGSIZEMAX	8192
#define DFLT_MSG	10
#define DFLT_MSGSIZE	8192

struct ipc_namespace;

void mq_init(void);
int mq_init_ns(struct ipc_namespace *ns);	/* its tree; -ENOMEM */
void mq_exit_ns(struct ipc_namespace *ns);	/* its queues' names and its tree go */
/* A mount of the mqueue file system: every mount shows the one tree. */
int mqueue_fill_super(struct vfsmount *m, char *data);
/* inode_free's part for a queue: its messages, its notification, its bytes. */
void mqueue_evict_inode(struct inode *ip);
int is_mqueue_inode(const struct inode *ip);

/* /proc/sys/fs/mqueue */
extern const struct proc_dir_entry proc_sys_mqueue_entries[];

#endif
