/*
 * Names of inodes: getcwd's working directory, the open files that
 * /proc/PID/fd and /proc/PID/exe show, and the mount points of
 * /proc/mounts.  A directory's name is found by walking the tree's ".."
 * links up to the task's root, across mounts through their mount points;
 * any other inode has no such link, so an open file keeps the directory it
 * was found in (file->dir) and its name is that directory's and the entry
 * there that names the inode.  Linux's fs/d_path.c does the same with
 * dentries.
 */
#include "fs/fs.h"
#include "fs/inotify.h"
#include "fs/mount.h"
#include "fs/namei.h"
#include "kernel/errno.h"
#include "kernel/nsproxy.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/page.h"
#include "mm/uaccess.h"

/*
 * Put "/name" in front of the name being built at the end of buf: *pos is
 * where it starts and goes down.  -ENAMETOOLONG if it does not fit.
 */
static int prepend(char *buf, int *pos, const char *name, int len)
{
	if (len + 1 > *pos)
		return -ENAMETOOLONG;
	*pos -= len;
	memcpy(buf + *pos, name, len);
	buf[--*pos] = '/';
	return 0;
}

/*
 * The names of directory d and its ancestors up to the task's root, in
 * front of what buf ends with (*pos, as prepend).  Returns 0; or 1 when d
 * is not under the task's root (a chroot elsewhere, a tree that was
 * unmounted), the names then going up to the root of d's own tree; or
 * -errno.  Linux's prepend_path.
 */
int prepend_path(struct inode *d, char *buf, int *pos)
{
	struct inode *root = current_root();
	char name[NAME_MAX + 1];
	int len, err;

	while (d != root) {
		struct vfsmount *m;

		if (!d->parent) {	/* the root of a mount, or of all */
			if (!(m = mount_at_root(d)) || !m->mnt_mountpoint)
				return 1;
			d = m->mnt_mountpoint;
			continue;
		}
		if ((len = dir_name_of(d->parent, d, name, sizeof(name))) < 0)
			return len;
		if ((err = prepend(buf, pos, name, len)) != 0)
			return err;
		d = d->parent;
	}
	return 0;
}

/*
 * The absolute name of the open file f, built at the end of buf (size
 * bytes, a NUL included): returns where it starts in buf, or -errno.  As
 * Linux shows them: a pipe is "pipe:[inode]", a socket "socket:[inode]", a pidfd
 * "anon_inode:[pidfd]", an inotify instance "anon_inode:inotify", an open
 * /proc/PID/ns file "ipc:[4026531839]" (as its link), a memfd
 * "/memfd:NAME (deleted)", and a file no name reaches
 * any more ends in " (deleted)".  shmos keeps no copy of the name, so a
 * removed file shows as its directory's name and " (deleted)"; so does one
 * renamed into another directory, which Linux follows.  A file outside the
 * reader's root is named from the root of its own tree, as Linux does.
 */
int d_path(struct file *f, char *buf, int size)
{
	struct inode *ip = f->inode, *dir = S_ISDIR(ip->mode) ? ip : f->dir;
	char name[NAME_MAX + 1];
	int pos = size - 1, len, err = 0, gone;

	buf[pos] = 0;
	if (ip->f_op == &inotify_fops) {
		len = snprintf(name, sizeof(name), "anon_inode:inotify");
		pos -= len;
		memcpy(buf + pos, name, len);
		return pos;
	}
	if (S_ISFIFO(ip->mode) && ip->dev == PIPE_DEV) {
		len = snprintf(name, sizeof(name), "pipe:[%u]", ip->ino);
		pos -= len;
		memcpy(buf + pos, name, len);
		return pos;
	}
	if (S_ISSOCK(ip->mode) && ip->dev == SOCK_DEV) {
		len = snprintf(name, sizeof(name), "socket:[%u]", ip->ino);
		pos -= len;
		memcpy(buf + pos, name, len);
		return pos;
	}
	if (ip->dev == ANON_INODE_DEV || is_nsfs_inode(ip)) {	/* nsfs: Linux's ns_dname */
		len = ip->dev == ANON_INODE_DEV ?
		      snprintf(name, sizeof(name), "anon_inode:%s", ip->u.anon.name) :
		      snprintf(name, sizeof(name), "%s:[%u]", ip->u.ns->ops->name, ip->ino);
		pos -= len;
		memcpy(buf + pos, name, len);
		return pos;
	}
	if (ip->memfd_name) {		/* Linux's internal tmpfs mount shows so */
		len = snprintf(buf, size, "/%s (deleted)", ip->memfd_name);
		return len < size ? 0 : -ENAMETOOLONG;
	}
	gone = ip->nlink == 0 || dir == NULL;
	if (!gone && dir != ip) {
		len = dir_name_of(dir, ip, name, sizeof(name));
		if (len < 0)
			gone = 1;
		else
			err = prepend(buf, &pos, name, len);
	}
	if (gone) {
		pos -= 10;
		memcpy(buf + pos, " (deleted)", 10);
	}
	if (err == 0 && dir && !(gone && dir == ip))	/* a removed directory */
		err = prepend_path(dir, buf, &pos);
	if (err < 0)
		return err;
	if (buf[pos] != '/')
		buf[--pos] = '/';	/* the root, or a name in it */
	return pos;
}

/*
 * The working directory's path, built from its end up towards the task's
 * root.  One outside that root (chroot without chdir) is "(unreachable)"
 * and its path from the root of its tree, as Linux says it.
 */
long sys_getcwd(char *ubuf, uint32_t size)
{
	static const char unreachable[] = "(unreachable)";
	struct inode *d = cwd_inode();
	char *page;
	int pos = PATH_MAX - 1, len;
	long err;

	if (d->nlink == 0)
		return -ENOENT;		/* removed */
	if ((page = get_free_page()) == NULL)
		return -ENOMEM;
	page[pos] = 0;
	err = prepend_path(d, page, &pos);
	if (err >= 0 && pos == PATH_MAX - 1)
		page[--pos] = '/';
	if (err == 1) {
		err = 0;
		if (pos < (int)sizeof(unreachable) - 1)
			err = -ENAMETOOLONG;
		else
			memcpy(page + (pos -= sizeof(unreachable) - 1), unreachable,
			       sizeof(unreachable) - 1);
	}
	len = PATH_MAX - pos;		/* with the NUL */
	if (err == 0 && (uint32_t)len > size)
		err = -ERANGE;
	if (err == 0)
		err = copy_to_user(ubuf, page + pos, len) ? -EFAULT : len;
	free_kpage(page);
	return err;
}
