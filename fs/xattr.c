/*
 * Extended attributes: setxattr, getxattr, listxattr, removexattr and their
 * l- (the link itself) and f- (an open file) forms, checked as Linux's
 * fs/xattr.c checks them.  tmpfs keeps them, as Linux's does
 * (CONFIG_TMPFS_XATTR, mm/shmem.c over fs/xattr.c's simple_xattrs):
 * user.*, trusted.* and security.* names on every inode of a ramfs mount
 * and on memfds, in the inode, freed with it.  system.* (POSIX ACLs, which
 * shmos does not have) and every other name get EOPNOTSUPP, as they do on
 * every other file (/proc, pipes, sockets, ext2, whose disk format here
 * keeps none): coreutils' ls -l asks each file for its ACL (lgetxattr
 * "system.posix_acl_access") and shows no '+', cp -a and mv copy none.
 *
 * The checks, in Linux's order: the path (ENOENT...) or the descriptor
 * (EBADF); setxattr's flags (EINVAL); the name, 1 to 255 bytes (ERANGE,
 * EFAULT); a value over 64 KiB (E2BIG); then xattr_permission: trusted.*
 * only for root (EPERM to write, ENODATA to read), user.* only on regular
 * files and directories (EPERM, ENODATA), then the file's own permission
 * (EACCES); then the attribute itself: XATTR_CREATE of one that is there
 * EEXIST, XATTR_REPLACE, get or remove of one that is not ENODATA, a
 * buffer too small for the value or the list ERANGE.  listxattr shows
 * trusted.* names to root only.
 *
 * Each attribute is one allocation, its name and value together, kept on
 * a list in name order (Linux's simple_xattrs tree is ordered by name).
 * Within shmos's limits: an attribute, name and value, fits a page, and an
 * inode's names together a page (so that a list is copied out of one
 * page): past that ENOSPC, as a tmpfs that is full says.
 */
#include "fs/file.h"
#include "fs/fs.h"
#include "fs/namei.h"
#include "fs/stat.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "mm/uaccess.h"

#define XATTR_NAME_MAX	255
#define XATTR_SIZE_MAX	65536
#define XATTR_CREATE	1
#define XATTR_REPLACE	2

/* The name from user space: 1 to XATTR_NAME_MAX bytes. */
static int xattr_name(const char *uname, char *kname)
{
	int n = strncpy_from_user(kname, uname, XATTR_NAME_MAX + 1);

	if (n == -ENAMETOOLONG || n == 0)
		return -ERANGE;
	return n < 0 ? n : 0;
}

/* Linux's xattr_permission: may the caller read (or write) name of ip? */
static int xattr_permission(struct inode *ip, const char *name, int mask)
{
	if (!strncmp(name, "security.", 9) || !strncmp(name, "system.", 7))
		return 0;
	if (!strncmp(name, "trusted.", 8) && current->euid != 0)
		return mask == MAY_WRITE ? -EPERM : -ENODATA;
	if (!strncmp(name, "user.", 5) && !S_ISREG(ip->mode) && !S_ISDIR(ip->mode))
		return mask == MAY_WRITE ? -EPERM : -ENODATA;
	return permission(ip, mask);
}

/* One attribute: its name, NUL-terminated, then size bytes of value. */
struct simple_xattr {
	struct simple_xattr *next;	/* the inode's next, in name order */
	uint32_t size;
	char name[];
};

#define XATTR_KMALLOC_MAX	2048	/* mm/kmalloc.h's largest; a page above */

static uint32_t xattr_bytes(uint32_t namelen, uint32_t size)
{
	return sizeof(struct simple_xattr) + namelen + 1 + size;
}

static void xattr_free(struct simple_xattr *x)
{
	if (xattr_bytes(strlen(x->name), x->size) > XATTR_KMALLOC_MAX)
		free_kpage(x);
	else
		kfree(x);
}

void simple_xattrs_free(struct inode *ip)
{
	struct simple_xattr *x;

	while ((x = ip->i_xattrs)) {
		ip->i_xattrs = x->next;
		xattr_free(x);
	}
}

/* Whether ip keeps attributes: tmpfs's inodes (a ramfs mount's, a memfd's). */
static int xattrs_kept(struct inode *ip)
{
	return !ip->i_ext2 && (ip->sb || is_ramfs_file(ip));
}

/* The names tmpfs has handlers for; the others are EOPNOTSUPP everywhere. */
static int xattr_kept_name(const char *name)
{
	return !strncmp(name, "user.", 5) || !strncmp(name, "trusted.", 8) ||
	       !strncmp(name, "security.", 9);
}

/* Where name is, or would be, on ip's list (name order): the link to it. */
static struct simple_xattr **xattr_find(struct inode *ip, const char *name)
{
	struct simple_xattr **pp = &ip->i_xattrs;

	while (*pp && strcmp((*pp)->name, name) < 0)
		pp = &(*pp)->next;
	return pp;
}

/* The bytes of ip's names, each with its NUL: what a full list takes. */
static uint32_t xattr_names_bytes(struct inode *ip)
{
	uint32_t n = 0;

	for (struct simple_xattr *x = ip->i_xattrs; x; x = x->next)
		n += strlen(x->name) + 1;
	return n;
}

/*
 * A new attribute, its value copied from the user first (that may sleep):
 * NULL with *err.
 */
static struct simple_xattr *xattr_alloc(const char *name, const void *value,
					uint32_t size, long *err)
{
	uint32_t len = strlen(name), bytes = xattr_bytes(len, size);
	struct simple_xattr *x;

	*err = -ENOSPC;
	if (bytes > PAGE_SIZE)
		return NULL;
	*err = -ENOMEM;
	if (!(x = bytes > XATTR_KMALLOC_MAX ? get_free_page() : kmalloc(bytes)))
		return NULL;
	x->size = size;
	memcpy(x->name, name, len + 1);
	*err = 0;
	if (size && copy_from_user(x->name + len + 1, value, size)) {
		xattr_free(x);
		*err = -EFAULT;
		return NULL;
	}
	return x;
}

/*
 * Linux's simple_xattr_set: x (NULL: remove) takes the place of name's
 * attribute.  Nothing sleeps here: the list is the same from the lookup
 * to the change.
 */
static long xattr_set(struct inode *ip, const char *name, struct simple_xattr *x, int flags)
{
	struct simple_xattr **pp = xattr_find(ip, name), *old = *pp;

	if (old && !strcmp(old->name, name)) {
		if (flags & XATTR_CREATE)
			return -EEXIST;
		*pp = old->next;
		xattr_free(old);
	} else if (flags & XATTR_REPLACE || !x) {
		return -ENODATA;
	} else if (xattr_names_bytes(ip) + strlen(name) + 1 > PAGE_SIZE) {
		return -ENOSPC;
	}
	if (x) {
		x->next = *pp;
		*pp = x;
	}
	inode_touch(ip, TOUCH_C);
	return 0;
}

/* The name from user space, checked against ip for mask (MAY_READ, MAY_WRITE). */
static long xattr_name_access(struct inode *ip, const char *uname, char *kname, int mask)
{
	long err;

	if ((err = xattr_name(uname, kname)) || (err = xattr_permission(ip, kname, mask)))
		return err;
	return xattrs_kept(ip) && xattr_kept_name(kname) ? 0 : -EOPNOTSUPP;
}

/* setxattr's own checks come first: its flags, the size and the value. */
static long setxattr(struct inode *ip, const char *uname, const void *value,
		     uint32_t size, int flags)
{
	char kname[XATTR_NAME_MAX + 1];
	struct simple_xattr *x;
	long err;

	if (flags & ~(XATTR_CREATE | XATTR_REPLACE))
		return -EINVAL;
	if ((err = xattr_name(uname, kname)))
		return err;
	if (size > XATTR_SIZE_MAX)
		return -E2BIG;
	if (size && fault_in_user((uint32_t)value, size, 0))
		return -EFAULT;
	if ((err = xattr_name_access(ip, uname, kname, MAY_WRITE)))
		return err;
	if (!(x = xattr_alloc(kname, value, size, &err)))
		return err;
	if ((err = xattr_set(ip, kname, x, flags)))
		xattr_free(x);
	return err;
}

static long removexattr(struct inode *ip, const char *uname)
{
	char kname[XATTR_NAME_MAX + 1];
	long err = xattr_name_access(ip, uname, kname, MAY_WRITE);

	return err ? err : xattr_set(ip, kname, NULL, XATTR_REPLACE);
}

/*
 * Copies n bytes of a kernel page to the user and frees it: the copy may
 * fault and sleep, so what is copied is taken from the list first.
 */
static long copy_out_page(void *to, char *page, long n)
{
	long err = n > 0 && copy_to_user(to, page, n) ? -EFAULT : n;

	free_kpage(page);
	return err;
}

/* Linux's getxattr: size 0 asks for the value's size; a smaller buffer ERANGE. */
static long getxattr(struct inode *ip, const char *uname, void *value, uint32_t size)
{
	char kname[XATTR_NAME_MAX + 1], *page = NULL;
	struct simple_xattr *x;
	long err = xattr_name_access(ip, uname, kname, MAY_READ);

	if (err)
		return err;
	if (size && !(page = get_free_page()))
		return -ENOMEM;
	x = *xattr_find(ip, kname);
	if (!x || strcmp(x->name, kname))
		err = -ENODATA;
	else if (size && size < x->size)
		err = -ERANGE;
	else
		err = x->size;
	if (!size)
		return err;
	if (err > 0)
		memcpy(page, x->name + strlen(x->name) + 1, err);
	return copy_out_page(value, page, err);
}

/* Linux's listxattr: the names, each with its NUL; trusted.* for root only. */
static long listxattr(struct inode *ip, char *list, uint32_t size)
{
	char *page = NULL;
	long n = 0;

	if (size && !(page = get_free_page()))
		return -ENOMEM;
	for (struct simple_xattr *x = ip->i_xattrs; x; x = x->next) {
		long len = strlen(x->name) + 1;

		if (!strncmp(x->name, "trusted.", 8) && current->euid != 0)
			continue;
		if (size && n + len > (long)size) {
			n = -ERANGE;
			break;
		}
		if (size)
			memcpy(page + n, x->name, len);
		n += len;
	}
	return size ? copy_out_page(list, page, n) : n;
}

enum xattr_call { XATTR_SET, XATTR_GET, XATTR_LIST, XATTR_REMOVE };

/* One call on ip: the same for a path and a descriptor. */
static long xattr_call(struct inode *ip, enum xattr_call call, const char *uname,
		       void *value, uint32_t size, int flags)
{
	switch (call) {
	case XATTR_SET:
		return setxattr(ip, uname, value, size, flags);
	case XATTR_GET:
		return getxattr(ip, uname, value, size);
	case XATTR_LIST:
		return listxattr(ip, value, size);
	default:
		return removexattr(ip, uname);
	}
}

/* One call on the inode a path names (follow: through a last symlink). */
static long path_xattr(const char *upath, int follow, enum xattr_call call,
		       const char *uname, void *value, uint32_t size, int flags)
{
	struct inode *ip;
	long err;

	if ((err = at_lookup(AT_FDCWD, upath, follow ? 0 : AT_SYMLINK_NOFOLLOW, &ip)))
		return err;
	err = xattr_call(ip, call, uname, value, size, flags);
	inode_put(ip);
	return err;
}

/* One call on an open file's inode. */
static long fd_xattr(int fd, enum xattr_call call, const char *uname, void *value,
		     uint32_t size, int flags)
{
	struct file *f = fget(fd);

	return f ? xattr_call(f->inode, call, uname, value, size, flags) : -EBADF;
}

long sys_setxattr(const char *upath, const char *uname, const void *value,
		  uint32_t size, int flags)
{
	return path_xattr(upath, 1, XATTR_SET, uname, (void *)value, size, flags);
}

long sys_lsetxattr(const char *upath, const char *uname, const void *value,
		   uint32_t size, int flags)
{
	return path_xattr(upath, 0, XATTR_SET, uname, (void *)value, size, flags);
}

long sys_fsetxattr(int fd, const char *uname, const void *value, uint32_t size, int flags)
{
	return fd_xattr(fd, XATTR_SET, uname, (void *)value, size, flags);
}

long sys_getxattr(const char *upath, const char *uname, void *value, uint32_t size)
{
	return path_xattr(upath, 1, XATTR_GET, uname, value, size, 0);
}

long sys_lgetxattr(const char *upath, const char *uname, void *value, uint32_t size)
{
	return path_xattr(upath, 0, XATTR_GET, uname, value, size, 0);
}

long sys_fgetxattr(int fd, const char *uname, void *value, uint32_t size)
{
	return fd_xattr(fd, XATTR_GET, uname, value, size, 0);
}

long sys_listxattr(const char *upath, char *list, uint32_t size)
{
	return path_xattr(upath, 1, XATTR_LIST, NULL, list, size, 0);
}

long sys_llistxattr(const char *upath, char *list, uint32_t size)
{
	return path_xattr(upath, 0, XATTR_LIST, NULL, list, size, 0);
}

long sys_flistxattr(int fd, char *list, uint32_t size)
{
	return fd_xattr(fd, XATTR_LIST, NULL, list, size, 0);
}

long sys_removexattr(const char *upath, const char *uname)
{
	return path_xattr(upath, 1, XATTR_REMOVE, uname, NULL, 0, 0);
}

long sys_lremovexattr(const char *upath, const char *uname)
{
	return path_xattr(upath, 0, XATTR_REMOVE, uname, NULL, 0, 0);
}

long sys_fremovexattr(int fd, const char *uname)
{
	return fd_xattr(fd, XATTR_REMOVE, uname, NULL, 0, 0);
}
