/*
 * Namespaces, as Linux's kernel/nsproxy.c shapes them.  A task's
 * namespaces are in its struct nsproxy (current->nsproxy->ipc_ns...), which
 * tasks share until one of them changes one: fork gives the child the
 * parent's (copy_namespaces), or with CLONE_NEW* flags a new nsproxy with
 * new namespaces of those kinds; unshare does the same to the caller
 * (unshare_nsproxy_namespaces); setns puts another task's namespace in a
 * new nsproxy of the caller's.  An nsproxy never changes once made, so a
 * task reads its namespaces without a lock.  Each namespace counts its
 * references (ns_common.count): the nsproxies that hold it and its open
 * /proc/PID/ns files; it goes with the last (an IPC namespace with all its
 * objects: ipc/namespace.c).
 *
 * The kinds shmos has are UTS (kernel/sys_info.c) and IPC
 * (ipc/namespace.c); the other flags are EINVAL, as from a Linux built
 * without them (docs/namespaces.md).
 */
#include "kernel/nsproxy.h"
#include "ipc/namespace.h"
#include "ipc/sem.h"
#include "fs/file.h"
#include "fs/fs.h"
#include "kernel/errno.h"
#include "kernel/pidfd.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "kernel/utsname.h"
#include "mm/kmalloc.h"

struct nsproxy init_nsproxy = {
	.count = 1, .uts_ns = &init_uts_ns, .ipc_ns = &init_ipc_ns,
};

/*
 * Linux's proc_alloc_inum: the inode number of a new namespace.  Numbers
 * are not given back: 2^28 namespaces would have to be made first.
 */
uint32_t ns_alloc_inum(void)
{
	static uint32_t next = 0xF0000000u;

	return next++;
}

/* The kinds /proc/PID/ns shows, in Linux's order (ns_entries). */
const struct proc_ns_operations *const ns_entries[NR_NS_ENTRIES] = {
	&ipcns_operations, &utsns_operations,
};

static void put_nsproxy(struct nsproxy *ns)
{
	if (--ns->count > 0)
		return;
	put_uts_ns(ns->uts_ns);
	put_ipc_ns(ns->ipc_ns);
	kfree(ns);
}

int check_namespace_flags(uint32_t flags)
{
	if (!(flags & CLONE_NEWNSPROXY))
		return 0;
	if (current->euid != 0)
		return -EPERM;
	return (flags & CLONE_NEWNSPROXY & ~CLONE_NEWSUPPORTED) ? -EINVAL : 0;
}

/* Linux's create_new_namespaces: tsk's, with new ones of the flags' kinds. */
static struct nsproxy *create_new_namespaces(uint32_t flags, struct task *tsk)
{
	struct nsproxy *new = kmalloc(sizeof(*new));

	if (!new)
		return NULL;
	new->count = 1;
	if (!(new->uts_ns = copy_utsname(flags, tsk->nsproxy->uts_ns))) {
		kfree(new);
		return NULL;
	}
	if (!(new->ipc_ns = copy_ipcs(flags, tsk->nsproxy->ipc_ns))) {
		put_uts_ns(new->uts_ns);
		kfree(new);
		return NULL;
	}
	return new;
}

/*
 * tsk is fork's child, which has its parent's nsproxy, not yet counted:
 * count it, or with CLONE_NEW* flags (check_namespace_flags passed them)
 * make the child its own.
 */
int copy_namespaces(uint32_t flags, struct task *tsk)
{
	struct nsproxy *new;

	if (!(flags & CLONE_NEWNSPROXY)) {
		get_nsproxy(tsk->nsproxy);
		return 0;
	}
	if (!(new = create_new_namespaces(flags, tsk))) {
		tsk->nsproxy = NULL;	/* not counted: exit_task_namespaces must not put it */
		return -ENOMEM;
	}
	tsk->nsproxy = new;
	return 0;
}

int unshare_nsproxy_namespaces(uint32_t flags, struct nsproxy **new_nsp)
{
	*new_nsp = NULL;
	if (!(flags & CLONE_NEWNSPROXY))
		return 0;
	return (*new_nsp = create_new_namespaces(flags, current)) ? 0 : -ENOMEM;
}

void switch_task_namespaces(struct task *p, struct nsproxy *new)
{
	struct nsproxy *old = p->nsproxy;

	p->nsproxy = new;
	if (old)
		put_nsproxy(old);
}

void exit_task_namespaces(struct task *p)
{
	switch_task_namespaces(p, NULL);
}

/* ---- setns ---- */

/*
 * Linux's check_setns_flags, for a pidfd: some kinds, and only those
 * this kernel has (shmos: EINVAL for the others, as Linux without them).
 */
static int check_setns_flags(uint32_t flags)
{
	if (!flags || (flags & ~(CLONE_NEWNSPROXY | CLONE_NEWUSER)))
		return -EINVAL;
	return (flags & ~CLONE_NEWSUPPORTED) ? -EINVAL : 0;
}

/*
 * Into a new nsproxy of current's, the namespaces of the kinds in flags:
 * ns (a /proc/PID/ns file's), or t's (a pidfd's).  Linux's
 * prepare_nsset, validate_ns and commit_nsset: all or nothing.
 */
static int install_namespaces(uint32_t flags, struct ns_common *ns, struct task *t)
{
	struct nsproxy *new = create_new_namespaces(0, current);
	int err = 0;

	if (!new)
		return -ENOMEM;
	for (int i = 0; i < NR_NS_ENTRIES && !err; i++) {
		const struct proc_ns_operations *ops = ns_entries[i];
		struct ns_common *other;

		if (!(flags & ops->type))
			continue;
		if (!(other = ns ? ns : ops->get(t)))
			err = -ESRCH;
		else
			err = ops->install(new, other);
		if (other && !ns)
			ops->put(other);
	}
	if (err)
		put_nsproxy(new);
	else
		switch_task_namespaces(current, new);
	return err;
}

/*
 * setns(2), Linux's order: the descriptor (EBADF); a /proc/PID/ns file
 * whose kind is flags' if any (EINVAL), or a pidfd with valid flags
 * (EINVAL), its process still there (ESRCH); then each kind's install
 * (EPERM without privilege).
 */
long sys_setns(int fd, int flags)
{
	struct file *f = fget(fd);
	uint32_t f_flags;
	struct task *t;
	int pid, err;

	if (!f)
		return -EBADF;
	if (proc_ns_file(f)) {
		struct ns_common *ns = f->inode->u.ns;

		if (flags && flags != ns->ops->type)
			return -EINVAL;
		return install_namespaces(ns->ops->type, ns, NULL);
	}
	if ((pid = pidfd_get_pid(fd, &f_flags)) < 0)
		return -EINVAL;
	if ((err = check_setns_flags(flags)))
		return err;
	if (!(t = find_task(pid)) || !t->nsproxy)
		return -ESRCH;	/* gone, or a zombie: its namespaces went at exit */
	return install_namespaces(flags, NULL, t);
}
