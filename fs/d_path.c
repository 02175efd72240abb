/*
 * Names of inodes: getcwd's working directory and the open files that
 * /proc/PID/fd and /proc/PID/exe show.  A directory's name is found by
 * walking the tree's ".." links up to the root; any other inode has no
 * such link, so an open file keeps the directory it was found in
 * (file->dir) and its name is that directory's and the entry there that
 * names the inode.  Linux's fs/d_path.c does the same with dentries.
 */
#include "fs/fs.h"
#include "fs/namei.h"
#include "kernel/errno.h"
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

/* The names of d and its ancestors, in front of what buf ends with. */
static int prepend_dirs(struct inode *d, char *buf, int *pos)
{
	char name[NAME_MAX + 1];
	int len, err;

	for (; d != root_inode && d->parent; d = d->parent) {
		if ((len = dir_name_of(d->parent, d, name, sizeof(name))) < 0)
			return len;
		if ((err = prepend(buf, pos, name, len)) != 0)
			return err;
	}
	return 0;
}

/*
 * The absolute name of the open file f, built at the end of buf (size
 * bytes, a NUL included): returns where it starts in buf, or -errno.  As
 * Linux shows them: a pipe is "pipe:[inode]", and a file no name reaches
 * any more ends in " (deleted)".  shmos keeps no copy of the name, so a
 * removed file shows as its directory's name and " (deleted)"; so does one
 * renamed into another directory, which Linux follows.
 */
int d_path(struct file *f, char *buf, int size)
{
	struct inode *ip = f->inode, *dir = S_ISDIR(ip->mode) ? ip : f->dir;
	char name[NAME_MAX + 1];
	int pos = size - 1, len, err = 0, gone;

	buf[pos] = 0;
	if (S_ISFIFO(ip->mode) && ip->dev == PIPE_DEV) {
		len = snprintf(name, sizeof(name), "pipe:[%u]", ip->ino);
		pos -= len;
		memcpy(buf + pos, name, len);
		return pos;
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
		err = prepend_dirs(dir, buf, &pos);
	if (err)
		return err;
	if (buf[pos] != '/')
		buf[--pos] = '/';	/* the root, or a name in it */
	return pos;
}

/* The working directory's path, built from its end up towards the root. */
long sys_getcwd(char *ubuf, uint32_t size)
{
	struct inode *d = cwd_inode();
	char *page;
	int pos = PATH_MAX - 1, len;
	long err;

	if (d->nlink == 0)
		return -ENOENT;		/* removed */
	if ((page = get_free_page()) == NULL)
		return -ENOMEM;
	page[pos] = 0;
	err = prepend_dirs(d, page, &pos);
	if (pos == PATH_MAX - 1)
		page[--pos] = '/';
	len = PATH_MAX - pos;		/* with the NUL */
	if (err == 0 && (uint32_t)len > size)
		err = -ERANGE;
	if (err == 0)
		err = copy_to_user(ubuf, page + pos, len) ? -EFAULT : len;
	free_kpage(page);
	return err;
}
