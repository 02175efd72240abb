/*
 * Namespaces (kernel/nsproxy.c), in Linux's shape: a task reaches each of
 * its namespaces through one struct nsproxy, which the tasks that share
 * all of them share.  clone and unshare with a CLONE_NEW* flag give a task
 * a new one of that kind; setns moves it into another's (docs/namespaces.md).
 * shmos has two kinds: the UTS namespace (the host and domain names) and
 * the IPC namespace (System V ids and limits, ipc/namespace.h).
 */
#ifndef KERNEL_NSPROXY_H
#define KERNEL_NSPROXY_H

#include <stdint.h>

/* The namespace flags of clone, unshare and setns. */
#define CLONE_NEWTIME		0x00000080	/* clone3 and unshare only */
#define CLONE_NEWNS		0x00020000
#define CLONE_NEWCGROUP		0x02000000
#define CLONE_NEWUTS		0x04000000
#define CLONE_NEWIPC		0x08000000
#define CLONE_NEWUSER		0x10000000
#define CLONE_NEWPID		0x20000000
#define CLONE_NEWNET		0x40000000
/* The kinds an nsproxy holds: all but the user namespace (Linux's CLONE_NEWNSPROXY). */
#define CLONE_NEWNSPROXY	(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | \
				 CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWCGROUP | \
				 CLONE_NEWTIME)
/* What shmos makes: the others are EINVAL, as from a Linux built without them. */
#define CLONE_NEWSUPPORTED	(CLONE_NEWUTS | CLONE_NEWIPC)

struct task;
struct file;
struct proc_ns_operations;
struct nsproxy;

/*
 * What every namespace begins with (Linux's struct ns_common): its kind's
 * operations, the inode number /proc/PID/ns/KIND shows it by, and its
 * references (the nsproxies and the /proc/PID/ns files that hold it).
 */
struct ns_common {
	const struct proc_ns_operations *ops;
	uint32_t inum;
	int count;
};

/* Linux's proc_ns_operations: one per kind, for /proc/PID/ns and setns. */
struct proc_ns_operations {
	const char *name;	/* "ipc": the file's name, and "ipc:[inum]" */
	int type;		/* its CLONE_NEW* flag */
	struct ns_common *(*get)(struct task *t);	/* a reference to t's */
	void (*put)(struct ns_common *ns);
	/* makes ns the one in nsproxy (which is new, current's own); 0 or -errno */
	int (*install)(struct nsproxy *nsproxy, struct ns_common *ns);
};

extern const struct proc_ns_operations utsns_operations, ipcns_operations;

/* A task's namespaces; tasks whose namespaces are all the same share one. */
struct nsproxy {
	int count;
	struct uts_namespace *uts_ns;
	struct ipc_namespace *ipc_ns;
};

extern struct nsproxy init_nsproxy;

/*
 * The inode numbers of the first namespaces, Linux's (PROC_IPC_INIT_INO,
 * PROC_UTS_INIT_INO); the later ones count up from 0xF0000000.
 */
#define PROC_IPC_INIT_INO	0xEFFFFFFFu
#define PROC_UTS_INIT_INO	0xEFFFFFFEu
uint32_t ns_alloc_inum(void);

static inline struct nsproxy *get_nsproxy(struct nsproxy *ns)
{
	ns->count++;
	return ns;
}

/*
 * clone's and unshare's checks, Linux's order: EPERM without privilege
 * (CAP_SYS_ADMIN: root in shmos), then EINVAL for a kind shmos has not.
 */
int check_namespace_flags(uint32_t flags);
/* fork: the child's nsproxy, the parent's or new namespaces; 0 or -ENOMEM. */
int copy_namespaces(uint32_t flags, struct task *tsk);
/* unshare: new namespaces for the flags in *new_nsp, or NULL if none; 0 or -errno. */
int unshare_nsproxy_namespaces(uint32_t flags, struct nsproxy **new_nsp);
/* p's nsproxy becomes new (referenced, or NULL at exit); the old one is put. */
void switch_task_namespaces(struct task *p, struct nsproxy *new);
void exit_task_namespaces(struct task *p);

/* The kinds /proc/PID/ns has a file of (fs/nsfs.c), in Linux's order. */
#define NR_NS_ENTRIES	2
extern const struct proc_ns_operations *const ns_entries[NR_NS_ENTRIES];

#endif
