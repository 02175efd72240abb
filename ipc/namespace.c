/*
 * IPC namespaces (Linux's ipc/namespace.c and the ipc parts of
 * ipc/util.c): the first, init_ipc_ns, which every task starts in; a new
 * one for clone or unshare with CLONE_NEWIPC, its limits back at their boot
 * values and its tables empty; and its end, when its last reference goes.
 * The reference count is Linux's: each nsproxy that holds the namespace,
 * and each open /proc/PID/ns/ipc file.
 */
#include <stddef.h>
#include "ipc/namespace.h"
#include "ipc/mqueue.h"
#include "ipc/msg.h"
#include "ipc/sem.h"
#include "ipc/shm.h"
#include "kernel/errno.h"
#include "kernel/task.h"
#include "mm/kmalloc.h"
#include "mm/page.h"

/* The boot values of a namespace's limits (a new namespace starts with them too). */
#define IPC_NS_LIMITS \
	.shm_ctlmax = SHMMAX, .shm_ctlall = SHMALL, .shm_ctlmni = SHMMNI, \
	.sem_ctls = { SEMMSL, SEMMNS, SEMOPM, SEMMNI }, \
	.msg_ctlmax = MSGMAX, .msg_ctlmnb = MSGMNB, .msg_ctlmni = MSGMNI, \
	.mq_queues_max = DFLT_QUEUESMAX, .mq_msg_max = DFLT_MSGMAX, \
	.mq_msgsize_max = DFLT_MSGSIZEMAX, .mq_msg_default = DFLT_MSG, \
	.mq_msgsize_default = DFLT_MSGSIZE

struct ipc_namespace init_ipc_ns = {
	.ns = { .ops = &ipcns_operations, .inum = PROC_IPC_INIT_INO, .count = 1 },
	.shm_segs = &shm_segs, .sem_ids = &sem_ids, .msg_ids = &msg_ids,
	IPC_NS_LIMITS,
};

static const struct ipc_namespace new_ipc_ns = {
	.ns = { .ops = &ipcns_operations, .count = 1 },
	IPC_NS_LIMITS,
};

_Static_assert(sizeof(struct ipc_ids) <= PAGE_SIZE, "a table of ids fits a page");
_Static_assert(offsetof(struct ipc_namespace, ns) == 0, "a namespace begins with its ns_common");

/* An empty table of ids (IPC_IDS_INIT's) in a zeroed page of its own, or NULL. */
static struct ipc_ids *ids_alloc(void)
{
	struct ipc_ids *ids = get_free_page();

	if (ids) {
		ids->max_idx = ids->last_idx = ids->next_id = -1;
		ids->blocks[0] = ids->first;
	}
	return ids;
}

static void ids_free(struct ipc_ids *ids)
{
	if (ids)
		free_kpage(ids);
}

/* Linux's create_ipc_ns: empty tables, the boot's limits. */
static struct ipc_namespace *create_ipc_ns(void)
{
	struct ipc_namespace *ns = kmalloc(sizeof(*ns));

	if (!ns)
		return NULL;
	*ns = new_ipc_ns;
	ns->shm_segs = ids_alloc();
	ns->sem_ids = ids_alloc();
	ns->msg_ids = ids_alloc();
	if (!ns->shm_segs || !ns->sem_ids || !ns->msg_ids || mq_init_ns(ns)) {
		ids_free(ns->shm_segs);
		ids_free(ns->sem_ids);
		ids_free(ns->msg_ids);
		kfree(ns);
		return NULL;
	}
	ns->ns.inum = ns_alloc_inum();
	return ns;
}

struct ipc_namespace *copy_ipcs(uint32_t flags, struct ipc_namespace *old_ns)
{
	if (!(flags & CLONE_NEWIPC))
		return get_ipc_ns(old_ns);
	return create_ipc_ns();
}

/*
 * Linux's free_ipc_ns: every object goes as with IPC_RMID (an attached
 * segment lives on, nameless, until its last detach: shm_exit_ns), then
 * the tables (their blocks went with their last objects).
 */
static void free_ipc_ns(struct ipc_namespace *ns)
{
	sem_exit_ns(ns);
	msg_exit_ns(ns);
	shm_exit_ns(ns);
	mq_exit_ns(ns);
	ids_free(ns->shm_segs);
	ids_free(ns->sem_ids);
	ids_free(ns->msg_ids);
	kfree(ns);
}

void put_ipc_ns(struct ipc_namespace *ns)
{
	if (--ns->ns.count == 0)
		free_ipc_ns(ns);	/* never init_ipc_ns: init's nsproxy holds it */
}

/* ---- /proc/PID/ns/ipc and setns ---- */

static struct ns_common *ipcns_get(struct task *t)
{
	return t->nsproxy ? &get_ipc_ns(t->nsproxy->ipc_ns)->ns : NULL;
}

static void ipcns_put(struct ns_common *ns)
{
	put_ipc_ns((struct ipc_namespace *)ns);
}

/*
 * Linux's ipcns_install: privilege (EPERM), then the semaphore undo
 * records go as at exit: they are of the old namespace's sets.
 */
static int ipcns_install(struct nsproxy *nsproxy, struct ns_common *new)
{
	if (current->euid != 0)
		return -EPERM;
	exit_sem(current);
	put_ipc_ns(nsproxy->ipc_ns);
	nsproxy->ipc_ns = get_ipc_ns((struct ipc_namespace *)new);
	return 0;
}

const struct proc_ns_operations ipcns_operations = {
	.name = "ipc", .type = CLONE_NEWIPC,
	.get = ipcns_get, .put = ipcns_put, .install = ipcns_install,
};
