/*
 * The files /proc/PID/ns/KIND stands for (Linux's fs/nsfs.c): following
 * the link gives an inode of its own whose number is the namespace's
 * (ns_common.inum), so two tasks are in the same namespace exactly when
 * stat gives the same st_ino for theirs.  The inode holds a reference to
 * the namespace: an open file keeps the namespace alive, and setns takes
 * the namespace from it (kernel/nsproxy.c).  Reading one is EINVAL.
 */
#include "fs/fs.h"
#include "fs/file.h"
#include "kernel/errno.h"
#include "kernel/nsproxy.h"

static long ns_read(struct file *f, char *ubuf, uint32_t n, uint64_t *pos)
{
	return -EINVAL;
}

static const struct file_operations ns_file_operations = {
	.read = ns_read,
};

struct inode *ns_get_inode(struct task *t, const struct proc_ns_operations *ops)
{
	struct ns_common *ns = ops->get(t);
	struct inode *ip;

	if (!ns)
		return NULL;
	if (!(ip = new_inode(0444, 0, 0))) {
		ops->put(ns);
		return NULL;
	}
	ip->mode |= S_IFREG;	/* after new_inode: not a ramfs file */
	ip->ino = ns->inum;
	ip->dev = NSFS_DEV;
	ip->f_op = &ns_file_operations;
	ip->u.ns = ns;
	return ip;
}

int proc_ns_file(const struct file *f)
{
	return f->inode->f_op == &ns_file_operations;
}

int is_nsfs_inode(const struct inode *ip)
{
	return ip->f_op == &ns_file_operations;
}

void nsfs_evict(struct inode *ip)
{
	ip->u.ns->ops->put(ip->u.ns);
}
