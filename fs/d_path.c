/*
 * getcwd: the working directory's name, found by walking the directory
 * tree's ".." links up to the root (Linux's fs/d_path.c, which does it
 * with dentries).
 */
#include "fs/fs.h"
#include "fs/namei.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "mm/page.h"
#include "mm/uaccess.h"

/* The working directory's path, built from its end up towards the root. */
long sys_getcwd(char *ubuf, uint32_t size)
{
	struct inode *d = cwd_inode();
	char name[NAME_MAX + 1];
	char *page;
	int pos = PATH_MAX - 1, len;
	long err = 0;

	if (d->nlink == 0)
		return -ENOENT;		/* removed */
	if ((page = get_free_page()) == NULL)
		return -ENOMEM;
	page[pos] = 0;
	for (; d != root_inode && d->parent; d = d->parent) {
		len = dir_name_of(d->parent, d, name, sizeof(name));
		if (len < 0 || len + 1 > pos) {
			err = len < 0 ? len : -ENAMETOOLONG;
			break;
		}
		pos -= len;
		memcpy(page + pos, name, len);
		page[--pos] = '/';
	}
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
