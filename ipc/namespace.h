/*
 * The IPC namespace (Linux's struct ipc_namespace, ipc/namespace.c): what
 * System V IPC was global, one per namespace.  Its three tables of ids,
 * the limits root sets in /proc/sys/kernel (shmmax, sem, msgmnb...), and
 * the totals those limits are checked against.  A task reaches its own as
 * current->nsproxy->ipc_ns: shmget looks for a key in that namespace's
 * shm_segs, so a program in another namespace never finds the segment,
 * and ids restart in each.  When the last task (or /proc/PID/ns/ipc file)
 * leaves a namespace, free_ipc_ns removes every object it has, as if each
 * had got IPC_RMID: a segment still attached lives until its last detach.
 */
#ifndef IPC_NAMESPACE_H
#define IPC_NAMESPACE_H

#include "ipc/util.h"
#include "kernel/nsproxy.h"

struct ipc_namespace {
	struct ns_common ns;
	/*
	 * The tables of ids: init_ipc_ns's are ipc/shm.c's shm_segs, sem.c's
	 * sem_ids and msg.c's msg_ids; a new namespace's are a page each
	 * (a table is over the 2 KiB kmalloc gives).
	 */
	struct ipc_ids *shm_segs, *sem_ids, *msg_ids;
	/* the limits: /proc/sys/kernel/shmmax, shmall, shmmni */
	unsigned long shm_ctlmax;	/* bytes in a segment */
	unsigned long shm_ctlall;	/* pages in all segments */
	int shm_ctlmni;			/* segments, 0 to IPCMNI */
	uint32_t shm_tot;		/* pages of all segments (against shm_ctlall) */
	int sem_ctls[4];		/* /proc/sys/kernel/sem: SEMMSL SEMMNS SEMOPM SEMMNI */
	int used_sems;			/* semaphores in all sets */
	int msg_ctlmax, msg_ctlmnb, msg_ctlmni;	/* msgmax, msgmnb, msgmni */
	int msg_bytes;			/* bytes in all queues */
	int msg_hdrs;			/* messages in all queues */
	/*
	 * POSIX message queues (ipc/mqueue.c): the tree of queues that
	 * mq_open looks names up in and mount -t mqueue shows, how many it
	 * has, and /proc/sys/fs/mqueue's limits.
	 */
	struct inode *mq_root;
	int mq_queues_count;
	int mq_queues_max, mq_msg_max, mq_msgsize_max, mq_msg_default, mq_msgsize_default;
};

extern struct ipc_namespace init_ipc_ns;

/* fork, unshare: old_ns referenced, or a new namespace with CLONE_NEWIPC; NULL: no memory. */
struct ipc_namespace *copy_ipcs(uint32_t flags, struct ipc_namespace *old_ns);
static inline struct ipc_namespace *get_ipc_ns(struct ipc_namespace *ns)
{
	ns->ns.count++;
	return ns;
}
/* The last reference gone: free_ipc_ns removes every object and frees the namespace. */
void put_ipc_ns(struct ipc_namespace *ns);

/* Each kind's part of free_ipc_ns: IPC_RMID on each of its objects. */
void shm_exit_ns(struct ipc_namespace *ns);
void sem_exit_ns(struct ipc_namespace *ns);
void msg_exit_ns(struct ipc_namespace *ns);

#endif
