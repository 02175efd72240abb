/*
 * Names of directories: d_path builds one by walking the directory tree's
 * ".." links up to the task's root, across mounts through their mount
 * points (Linux's fs/d_path.c, which does it with dentries); getcwd and
 * /proc/mounts (fs/namespace.c) print them.
 */
#include "fs/fs.h"
#include "fs/mount.h"
#include "fs/namei.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "mm/page.h"
#include "mm/uaccess.h"

/*
 * The path of directory d from the task's root, built from its end up at
 * the end of page (PATH_MAX bytes).  Returns the offset in page where it
 * starts, or -ENAMETOOLONG, or -ENOENT (a name not found).  *reachable is
 * 0 when d is not under the task's root (a chroot elsewhere, a tree that
 * was unmounted): the path is then from the root of its own tree.
 */
int d_path(struct inode *d, char *page, int *reachable)
{
	struct inode *root = current_root();
	char name[NAME_MAX + 1];
	int pos = PATH_MAX - 1, len;

	page[pos] = 0;
	*reachable = 1;
	while (d != root) {
		struct vfsmount *m;

		if (!d->parent) {	/* the root of a mount, or of all */
			if (!(m = mount_at_root(d)) || !m->mnt_mountpoint) {
				*reachable = 0;
				break;
			}
			d = m->mnt_mountpoint;
			continue;
		}
		len = dir_name_of(d->parent, d, name, sizeof(name));
		if (len < 0)
			return len;
		if (len + 1 > pos)
			return -ENAMETOOLONG;
		pos -= len;
		memcpy(page + pos, name, len);
		page[--pos] = '/';
		d = d->parent;
	}
	if (pos == PATH_MAX - 1)
		page[--pos] = '/';
	return pos;
}

/*
 * The working directory's path.  One outside the task's root (chroot
 * without chdir) is "(unreachable)" and its path from the root, as Linux
 * says it.
 */
long sys_getcwd(char *ubuf, uint32_t size)
{
	static const char unreachable[] = "(unreachable)";
	struct inode *d = cwd_inode();
	int pos, len, reachable;
	char *page;
	long err = 0;

	if (d->nlink == 0)
		return -ENOENT;		/* removed */
	if ((page = get_free_page()) == NULL)
		return -ENOMEM;
	pos = d_path(d, page, &reachable);
	if (pos >= 0 && !reachable) {
		if (pos < (int)sizeof(unreachable) - 1)
			pos = -ENAMETOOLONG;
		else
			memcpy(page + (pos -= sizeof(unreachable) - 1), unreachable,
			       sizeof(unreachable) - 1);
	}
	if (pos < 0) {
		err = pos;
	} else {
		len = PATH_MAX - pos;		/* with the NUL */
		if ((uint32_t)len > size)
			err = -ERANGE;
		else
			err = copy_to_user(ubuf, page + pos, len) ? -EFAULT : len;
	}
	free_kpage(page);
	return err;
}
