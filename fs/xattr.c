/*
 * Extended attributes: setxattr, getxattr, listxattr, removexattr and their
 * l- (the link itself) and f- (an open file) forms, checked as Linux's
 * fs/xattr.c checks them, on a file system that keeps none.  shmos's ramfs
 * is Linux's ramfs, which has no xattr handlers: every name that passes the
 * checks gets EOPNOTSUPP, and every list is empty.  Programs take that as
 * "no attributes here": coreutils' ls -l asks each file for its ACL
 * (lgetxattr "system.posix_acl_access") and shows no '+', cp -a and mv copy
 * none.
 *
 * The checks, in Linux's order: the path (ENOENT...) or the descriptor
 * (EBADF); setxattr's flags (EINVAL); the name, 1 to 255 bytes (ERANGE,
 * EFAULT); a value over 64 KiB (E2BIG); then xattr_permission: trusted.*
 * only for root (EPERM to write, ENODATA to read), user.* only on regular
 * files and directories (EPERM, ENODATA), then the file's own permission
 * (EACCES).
 */
#include "fs/file.h"
#include "fs/fs.h"
#include "fs/namei.h"
#include "fs/stat.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
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

/* What a name that passed its checks gets: nothing is kept. */
static long xattr_access(struct inode *ip, const char *uname, int mask)
{
	char kname[XATTR_NAME_MAX + 1];
	long err;

	if ((err = xattr_name(uname, kname)) || (err = xattr_permission(ip, kname, mask)))
		return err;
	return -EOPNOTSUPP;
}

/* setxattr's own checks come first: its flags, the size and the value. */
static long setxattr(struct inode *ip, const char *uname, const void *value,
		     uint32_t size, int flags)
{
	char kname[XATTR_NAME_MAX + 1];
	long err;

	if (flags & ~(XATTR_CREATE | XATTR_REPLACE))
		return -EINVAL;
	if ((err = xattr_name(uname, kname)))
		return err;
	if (size > XATTR_SIZE_MAX)
		return -E2BIG;
	if (size && fault_in_user((uint32_t)value, size, 0))
		return -EFAULT;
	return xattr_access(ip, uname, MAY_WRITE);
}

enum xattr_call { XATTR_SET, XATTR_GET, XATTR_LIST, XATTR_REMOVE };

/* One call on the inode a path names (follow: through a last symlink). */
static long path_xattr(const char *upath, int follow, enum xattr_call call,
		       const char *uname, const void *value, uint32_t size, int flags)
{
	struct inode *ip;
	long err;

	if ((err = at_lookup(AT_FDCWD, upath, follow ? 0 : AT_SYMLINK_NOFOLLOW, &ip)))
		return err;
	switch (call) {
	case XATTR_SET:
		err = setxattr(ip, uname, value, size, flags);
		break;
	case XATTR_GET:
		err = xattr_access(ip, uname, MAY_READ);
		break;
	case XATTR_LIST:
		err = 0;	/* no names: an empty list */
		break;
	case XATTR_REMOVE:
		err = xattr_access(ip, uname, MAY_WRITE);
		break;
	}
	inode_put(ip);
	return err;
}

long sys_setxattr(const char *upath, const char *uname, const void *value,
		  uint32_t size, int flags)
{
	return path_xattr(upath, 1, XATTR_SET, uname, value, size, flags);
}

long sys_lsetxattr(const char *upath, const char *uname, const void *value,
		   uint32_t size, int flags)
{
	return path_xattr(upath, 0, XATTR_SET, uname, value, size, flags);
}

long sys_fsetxattr(int fd, const char *uname, const void *value, uint32_t size, int flags)
{
	struct file *f = fget(fd);

	return f ? setxattr(f->inode, uname, value, size, flags) : -EBADF;
}

long sys_getxattr(const char *upath, const char *uname)
{
	return path_xattr(upath, 1, XATTR_GET, uname, NULL, 0, 0);
}

long sys_lgetxattr(const char *upath, const char *uname)
{
	return path_xattr(upath, 0, XATTR_GET, uname, NULL, 0, 0);
}

long sys_fgetxattr(int fd, const char *uname)
{
	struct file *f = fget(fd);

	return f ? xattr_access(f->inode, uname, MAY_READ) : -EBADF;
}

long sys_listxattr(const char *upath)
{
	return path_xattr(upath, 1, XATTR_LIST, NULL, NULL, 0, 0);
}

long sys_llistxattr(const char *upath)
{
	return path_xattr(upath, 0, XATTR_LIST, NULL, NULL, 0, 0);
}

long sys_flistxattr(int fd)
{
	return fget(fd) ? 0 : -EBADF;
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
	struct file *f = fget(fd);

	return f ? xattr_access(f->inode, uname, MAY_WRITE) : -EBADF;
}
