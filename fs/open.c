/*
 * Opening and closing files, and the rest of what Linux keeps in
 * fs/open.c: access checks (access, faccessat), the working directory
 * (chdir, fchdir), a file's owner and mode (chmod, chown) and its size
 * (truncate, ftruncate).  Each call takes the raw register values; paths
 * are copied in with getname and resolved by namei.c, relative to the
 * working directory or, for the *at calls, to a directory descriptor.
 */
#include <stddef.h>
#include "fs/fs.h"
#include "fs/inotify.h"
#include "fs/mount.h"
#include "fs/namei.h"
#include "kernel/errno.h"
#include "kernel/task.h"

/*
 * Find or make the file of an O_CREAT open, and the directory it is in
 * (referenced, for its name in /proc/PID/fd).
 */
static int open_create(struct inode *base, char *path, uint32_t flags,
		       uint32_t mode, struct inode **ipp, struct inode **dirp,
		       int *created)
{
	struct nameidata nd;
	struct inode *ip;
	int err;

	if ((err = path_parent(base, path, &nd)) != 0)
		return err;
	if (nd.type != LAST_NORM || nd.trailing_slash) {
		err = -EISDIR;
		goto out;
	}
	err = lookup_last(&nd, 0, &ip, NULL);
	if (err == -ENOENT) {
		mode = S_IFREG | (mode & 07777 & ~current->fs->umask);
		err = vfs_create(&nd, mode, 0, ipp);
		*created = err == 0;
		if (err == 0)
			*dirp = inode_get(nd.dir);
	} else if (err == 0 && (flags & O_EXCL)) {
		inode_put(ip);
		err = -EEXIST;
	} else if (err == 0 && S_ISLNK(ip->mode) && !(flags & O_NOFOLLOW)) {
		/* An existing symlink is followed (a dangling one: ENOENT). */
		inode_put(ip);
		err = lookup_last(&nd, 1, ipp, dirp);
	} else if (err == 0) {
		*ipp = ip;
		*dirp = inode_get(nd.dir);
	}
out:
	inode_put(nd.dir);
	return err;
}

/* May the current task open ip so? */
static int may_open(struct inode *ip, uint32_t flags, int created)
{
	static const int masks[4] = {
		MAY_READ, MAY_WRITE, MAY_READ | MAY_WRITE, MAY_READ | MAY_WRITE
	};
	int mask = masks[flags & O_ACCMODE];
	int err;

	if (flags & O_TRUNC)
		mask |= MAY_WRITE;
	if (S_ISLNK(ip->mode))
		return -ELOOP;		/* O_NOFOLLOW */
	if (S_ISDIR(ip->mode) && ((flags & O_CREAT) || (mask & MAY_WRITE)))
		return -EISDIR;
	if ((flags & O_DIRECTORY) && !S_ISDIR(ip->mode))
		return -ENOTDIR;
	if (!created && (err = permission(ip, mask)) != 0)
		return err;
	/* Not touching atime hides a read from others: the owner's or root's to ask. */
	if ((flags & O_NOATIME) && current->euid != 0 && current->euid != ip->uid)
		return -EPERM;
	if (S_ISCHR(ip->mode) ? chrdev_fops(ip->rdev) == NULL :
	    S_ISBLK(ip->mode) ? blkdev_fops(ip->rdev) == NULL : ip->f_op == NULL)
		return -ENXIO;
	return 0;
}

/*
 * O_PATH (Linux's do_o_path): the file is found and named, not opened.
 * The directories on the way are searched as for any open, but nothing
 * of the file's own is asked: no access mode, no permission, no driver's
 * or FIFO's open, no inotify event.  Of the other flags only O_DIRECTORY,
 * O_NOFOLLOW (the descriptor then names the symlink itself) and O_CLOEXEC
 * count.  The descriptor serves the calls that use a path: fstat, fchdir,
 * fstatfs, the *at calls' dirfd, dup, close (fget_raw); the rest say EBADF.
 */
static int open_path(struct inode *base, char *path, uint32_t flags,
		     struct file **fp)
{
	struct inode *ip, *dir;
	int err = path_lookup_dir(base, path,
				  (flags & O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &ip, &dir);

	if (err)
		return err;
	if ((flags & O_DIRECTORY) && !S_ISDIR(ip->mode))
		err = -ENOTDIR;
	else if (!(*fp = file_alloc(ip, flags & (O_PATH | O_DIRECTORY | O_NOFOLLOW))))
		err = -ENOMEM;
	if (err)
		inode_put(dir);
	else
		(*fp)->dir = dir;
	inode_put(ip);
	return err;
}

int vfs_open(struct inode *base, char *path, uint32_t flags, uint32_t mode,
	     struct file **fp)
{
	struct inode *ip, *dir = NULL;
	int err, created = 0;

	if (flags & O_PATH)
		return open_path(base, path, flags, fp);
	if ((flags & O_TMPFILE) == O_TMPFILE)
		return -EOPNOTSUPP;
	if (flags & O_CREAT)
		err = open_create(base, path, flags, mode, &ip, &dir, &created);
	else
		err = path_lookup_dir(base, path,
				      (flags & O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW,
				      &ip, &dir);
	if (err)
		return err;
	err = may_open(ip, flags, created);
	if (err == 0) {
		err = file_open(ip, dir, flags, fp);
		dir = NULL;
	}
	/* after the file's open, which may refuse it (Linux's handle_truncate) */
	if (err == 0 && (flags & O_TRUNC) && is_ramfs_file(ip) && !created) {
		if ((err = ramfs_truncate(ip, 0)) != 0)
			file_put(*fp);
		else
			fsnotify_dentry(ip, (*fp)->dir, IN_MODIFY);
	}
	inode_put(dir);
	inode_put(ip);
	return err;
}

long sys_openat(int dirfd, const char *upath, uint32_t flags, uint32_t mode)
{
	struct inode *base;
	struct file *f;
	char *path;
	int fd, err;

	if ((fd = fd_alloc(0)) < 0)
		return fd;
	if ((err = getname(upath, &path)) != 0)
		return err;
	err = at_base(dirfd, path, &base);
	if (err == 0 && (err = vfs_open(base, path, flags, mode, &f)) == 0)
		fd_install(fd, f, flags & O_CLOEXEC);
	putname(path);
	return err ? err : fd;
}

long sys_open(const char *upath, uint32_t flags, uint32_t mode)
{
	return sys_openat(AT_FDCWD, upath, flags, mode);
}

long sys_creat(const char *upath, uint32_t mode)
{
	return sys_openat(AT_FDCWD, upath, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

long sys_close(int fd)
{
	return fd_close(fd);
}

long sys_close_range(unsigned int fd, unsigned int max_fd, unsigned int flags)
{
	return __close_range(fd, max_fd, flags);
}

/* access() checks with the real ids unless AT_EACCESS. */
long sys_faccessat2(int dirfd, const char *upath, uint32_t mode,
		    uint32_t flags)
{
	uint32_t euid = current->euid, egid = current->egid;
	struct inode *ip;
	int err;

	if (mode & ~7u)
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (!(flags & AT_EACCESS)) {
		current->euid = current->uid;
		current->egid = current->gid;
	}
	err = at_lookup(dirfd, upath, flags & ~AT_EACCESS, &ip);
	if (err == 0) {
		if (mode)
			err = permission(ip, mode);
		inode_put(ip);
	}
	current->euid = euid;
	current->egid = egid;
	return err;
}

long sys_faccessat(int dirfd, const char *upath, uint32_t mode)
{
	return sys_faccessat2(dirfd, upath, mode, 0);
}

long sys_access(const char *upath, uint32_t mode)
{
	return sys_faccessat2(AT_FDCWD, upath, mode, 0);
}

/* Make ip (a reference we hand over) the working directory. */
static int set_cwd(struct inode *ip)
{
	int err = 0;

	if (!S_ISDIR(ip->mode))
		err = -ENOTDIR;
	else
		err = permission(ip, MAY_EXEC);
	if (err) {
		inode_put(ip);
		return err;
	}
	inode_put(current->fs->cwd);
	current->fs->cwd = ip;
	return 0;
}

long sys_chdir(const char *upath)
{
	struct inode *ip;
	int err = at_lookup(AT_FDCWD, upath, 0, &ip);

	return err ? err : set_cwd(ip);
}

long sys_fchdir(int fd)
{
	struct file *f = fget_raw(fd);

	if (f == NULL)
		return -EBADF;
	return set_cwd(inode_get(f->inode));
}

/*
 * chroot: the directory becomes the task's "/" (fs/namei.c starts there
 * and ".." stops there), for it and the children it makes; the working
 * directory stays where it is, as on Linux.  The directory is checked
 * before the caller: ENOENT, ENOTDIR, EACCES, then EPERM for all but root
 * (Linux's CAP_SYS_CHROOT).
 */
long sys_chroot(const char *upath)
{
	struct inode *ip;
	int err = at_lookup(AT_FDCWD, upath, 0, &ip);

	if (err)
		return err;
	if (!S_ISDIR(ip->mode))
		err = -ENOTDIR;
	else if ((err = permission(ip, MAY_EXEC)) == 0 && current->euid != 0)
		err = -EPERM;
	if (err) {
		inode_put(ip);
		return err;
	}
	inode_put(current->fs->root);
	current->fs->root = ip;
	return 0;
}

/* Attributes. */

/* dir: where ip was found (NULL if unknown), told of IN_ATTRIB with ip's. */
static int do_chmod(struct inode *ip, struct inode *dir, uint32_t mode)
{
	if (is_rdonly(ip))
		return -EROFS;		/* Linux's mnt_want_write, first */
	if (current->euid != 0 && current->euid != ip->uid)
		return -EPERM;
	if (ip->transient)
		return -EPERM;		/* /proc */
	mode &= 07777;
	if (current->euid != 0 && !in_group_p(ip->gid))
		mode &= ~S_ISGID;
	ip->mode = (ip->mode & S_IFMT) | mode;
	inode_touch(ip, TOUCH_C);
	fsnotify_dentry(ip, dir, IN_ATTRIB);
	return 0;
}

long sys_fchmodat(int dirfd, const char *upath, uint32_t mode)
{
	struct inode *ip, *dir;
	int err = at_lookup_dir(dirfd, upath, 0, &ip, &dir);

	if (err)
		return err;
	err = do_chmod(ip, dir, mode);
	inode_put(dir);
	inode_put(ip);
	return err;
}

long sys_chmod(const char *upath, uint32_t mode)
{
	return sys_fchmodat(AT_FDCWD, upath, mode);
}

long sys_fchmod(int fd, uint32_t mode)
{
	struct file *f = fget(fd);

	return f ? do_chmod(f->inode, f->dir, mode) : -EBADF;
}

/*
 * Only root gives files away; an owner may change the group to its own.
 * Like Linux, a chown clears set-user-ID (and set-group-ID if group
 * execute is on) of anything but a directory.
 */
static int do_chown(struct inode *ip, struct inode *dir, uint32_t uid, uint32_t gid)
{
	uint32_t euid = current->euid, mode = ip->mode;

	if (is_rdonly(ip))
		return -EROFS;
	if (ip->transient)
		return -EPERM;
	if (euid != 0) {
		if (uid != (uint32_t)-1 && (euid != ip->uid || uid != ip->uid))
			return -EPERM;
		if (gid != (uint32_t)-1 && (euid != ip->uid ||
		    (gid != ip->gid && !in_group_p(gid))))
			return -EPERM;
	}
	if (uid != (uint32_t)-1)
		ip->uid = uid;
	if (gid != (uint32_t)-1)
		ip->gid = gid;
	if (!S_ISDIR(ip->mode)) {
		ip->mode &= ~S_ISUID;
		if (ip->mode & 0010)
			ip->mode &= ~S_ISGID;
	}
	inode_touch(ip, TOUCH_C);
	/* Linux's fsnotify_change: an owner, a group or the mode changed */
	if (uid != (uint32_t)-1 || gid != (uint32_t)-1 || mode != ip->mode)
		fsnotify_dentry(ip, dir, IN_ATTRIB);
	return 0;
}

long sys_fchownat(int dirfd, const char *upath, uint32_t uid, uint32_t gid,
		  uint32_t flags)
{
	struct inode *ip, *dir;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if ((err = at_lookup_dir(dirfd, upath, flags, &ip, &dir)) != 0)
		return err;
	err = do_chown(ip, dir, uid, gid);
	inode_put(dir);
	inode_put(ip);
	return err;
}

long sys_chown32(const char *upath, uint32_t uid, uint32_t gid)
{
	return sys_fchownat(AT_FDCWD, upath, uid, gid, 0);
}

long sys_lchown32(const char *upath, uint32_t uid, uint32_t gid)
{
	return sys_fchownat(AT_FDCWD, upath, uid, gid, AT_SYMLINK_NOFOLLOW);
}

long sys_fchown32(int fd, uint32_t uid, uint32_t gid)
{
	struct file *f = fget(fd);

	return f ? do_chown(f->inode, f->dir, uid, gid) : -EBADF;
}

/* Sizes. */

static int do_truncate(struct inode *ip, struct inode *dir, int64_t len)
{
	int err;

	if (S_ISDIR(ip->mode))
		return -EISDIR;
	if (!is_ramfs_file(ip))
		return -EINVAL;
	if (len > (int64_t)RAMFS_MAX_SIZE)
		return -EFBIG;
	if ((err = ramfs_truncate(ip, len)) == 0)
		fsnotify_dentry(ip, dir, IN_MODIFY);
	return err;
}

static long truncate_path(const char *upath, int64_t len)
{
	struct inode *ip, *dir;
	int err;

	if (len < 0)
		return -EINVAL;
	if ((err = at_lookup_dir(AT_FDCWD, upath, 0, &ip, &dir)) != 0)
		return err;
	if (S_ISDIR(ip->mode))
		err = -EISDIR;
	else if (!S_ISREG(ip->mode))
		err = -EINVAL;
	else if ((err = permission(ip, MAY_WRITE)) == 0)
		err = do_truncate(ip, dir, len);
	inode_put(dir);
	inode_put(ip);
	return err;
}

long sys_truncate(const char *upath, int32_t len)
{
	return truncate_path(upath, len);
}

long sys_truncate64(const char *upath, uint32_t lo, uint32_t hi)
{
	return truncate_path(upath, (int64_t)((uint64_t)hi << 32 | lo));
}

static long truncate_fd(int fd, int64_t len)
{
	struct file *f;

	if (len < 0)
		return -EINVAL;
	if ((f = fget(fd)) == NULL)
		return -EBADF;
	if (!S_ISREG(f->inode->mode) || !(f->fmode & FMODE_WRITE))
		return -EINVAL;
	return do_truncate(f->inode, f->dir, len);
}

long sys_ftruncate(int fd, int32_t len)
{
	return truncate_fd(fd, len);
}

long sys_ftruncate64(int fd, uint32_t lo, uint32_t hi)
{
	return truncate_fd(fd, (int64_t)((uint64_t)hi << 32 | lo));
}
