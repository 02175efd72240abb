/*
 * Files that no name reaches (Linux's anon_inodefs): an epoll set, an
 * eventfd.  Each has an inode of its own, root's and 0600, which
 * /proc/PID/fd shows as "anon_inode:NAME".
 */
#include "fs/fs.h"

/* Linux's anon_inode_getfile: a file of fops with priv, or NULL for want of memory. */
struct file *anon_inode_getfile(const char *name, const struct file_operations *fops,
				void *priv, uint32_t flags)
{
	struct inode *ip = new_inode(0600, 0, 0);
	struct file *f = NULL;

	if (ip) {
		ip->dev = ANON_INODE_DEV;
		ip->u.anon.name = name;
		ip->f_op = fops;
		if ((f = file_alloc(ip, flags)))
			f->private_data = priv;
		inode_put(ip);		/* the file holds it */
	}
	return f;
}
