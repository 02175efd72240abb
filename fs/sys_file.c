/*
 * The file system calls, with Linux i386's numbers, arguments and errors.
 * Each takes the raw register values; paths are copied in with getname and
 * resolved by namei.c, relative to the working directory or, for the *at
 * calls, to a directory descriptor.
 */
#include "fs/fs.h"
#include "fs/ioctl.h"
#include "fs/namei.h"
#include "fs/poll.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "mm/page.h"
#include "mm/uaccess.h"

/* Descriptors and paths. */

/* Where a *at call's relative path starts (no reference is taken). */
static int at_base(int dirfd, const char *path, struct inode **base)
{
	struct file *f;

	if (path[0] == '/' || dirfd == AT_FDCWD) {
		*base = cwd_inode();
		return 0;
	}
	if ((f = fget(dirfd)) == NULL)
		return -EBADF;
	if (path[0] && !S_ISDIR(f->inode->mode))
		return -ENOTDIR;
	*base = f->inode;
	return 0;
}

/* getname, but "" is allowed with AT_EMPTY_PATH: it names dirfd itself. */
static int getname_at(const char *upath, int flags, char **kpath)
{
	int err = getname(upath, kpath);

	if (err == -ENOENT && (flags & AT_EMPTY_PATH)) {
		if ((*kpath = get_free_page()) == NULL)
			return -ENOMEM;
		return 0;
	}
	return err;
}

/* The inode (dirfd, upath) names, referenced. */
static int at_lookup(int dirfd, const char *upath, int flags,
		     struct inode **ipp)
{
	struct inode *base;
	char *path;
	int err;

	if ((err = getname_at(upath, flags, &path)) != 0)
		return err;
	if ((err = at_base(dirfd, path, &base)) == 0) {
		if (path[0] == 0)
			*ipp = inode_get(base);
		else
			err = path_lookup(base, path,
					  (flags & AT_SYMLINK_NOFOLLOW) ?
					  0 : LOOKUP_FOLLOW, ipp);
	}
	putname(path);
	return err;
}

/* Open. */

/* Find or make the file of an O_CREAT open. */
static int open_create(struct inode *base, char *path, uint32_t flags,
		       uint32_t mode, struct inode **ipp, int *created)
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
	err = lookup_last(&nd, 0, &ip);
	if (err == -ENOENT) {
		mode = S_IFREG | (mode & 07777 & ~current->umask);
		err = vfs_create(&nd, mode, 0, ipp);
		*created = err == 0;
	} else if (err == 0 && (flags & O_EXCL)) {
		inode_put(ip);
		err = -EEXIST;
	} else if (err == 0 && S_ISLNK(ip->mode) && !(flags & O_NOFOLLOW)) {
		/* An existing symlink is followed (a dangling one: ENOENT). */
		inode_put(ip);
		err = lookup_last(&nd, 1, ipp);
	} else if (err == 0) {
		*ipp = ip;
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
	if (S_ISCHR(ip->mode) ? chrdev_fops(ip->rdev) == NULL : ip->f_op == NULL)
		return -ENXIO;
	return 0;
}

int vfs_open(struct inode *base, char *path, uint32_t flags, uint32_t mode,
	     struct file **fp)
{
	struct inode *ip;
	int err, created = 0;

	if ((flags & O_TMPFILE) == O_TMPFILE)
		return -EOPNOTSUPP;
	if (flags & O_CREAT)
		err = open_create(base, path, flags, mode, &ip, &created);
	else
		err = path_lookup(base, path,
				  (flags & O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &ip);
	if (err)
		return err;
	err = may_open(ip, flags, created);
	if (err == 0 && (flags & O_TRUNC) && is_ramfs_file(ip) && !created)
		err = ramfs_truncate(ip, 0);
	if (err == 0 && (*fp = file_alloc(ip, flags)) == NULL)
		err = -ENOMEM;
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

/* Reading and writing. */

static struct file *fget_mode(int fd, int fmode, long *err)
{
	struct file *f = fget(fd);

	*err = -EBADF;
	if (f == NULL || !(f->fmode & fmode))
		return NULL;
	*err = -EINVAL;
	if (f->f_op == NULL ||
	    (fmode == FMODE_READ ? !f->f_op->read : !f->f_op->write))
		return NULL;
	return f;
}

long sys_read(int fd, char *buf, uint32_t count)
{
	long err;
	struct file *f = fget_mode(fd, FMODE_READ, &err);

	if (f == NULL)
		return err;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	return f->f_op->read(f, buf, count, &f->pos);
}

long sys_write(int fd, const char *buf, uint32_t count)
{
	long err;
	struct file *f = fget_mode(fd, FMODE_WRITE, &err);

	if (f == NULL)
		return err;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	return f->f_op->write(f, buf, count, &f->pos);
}

static long pread_pwrite(int fd, char *buf, uint32_t count, uint32_t lo,
			 uint32_t hi, int fmode)
{
	long err;
	struct file *f = fget_mode(fd, fmode, &err);
	int64_t pos = (int64_t)((uint64_t)hi << 32 | lo);
	uint64_t upos = pos;

	if (f == NULL)
		return err;
	if (pos < 0)
		return -EINVAL;
	if (f->f_op->no_seek)
		return -ESPIPE;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	if (fmode == FMODE_READ)
		return f->f_op->read(f, buf, count, &upos);
	return f->f_op->write(f, buf, count, &upos);
}

long sys_pread64(int fd, char *buf, uint32_t count, uint32_t lo, uint32_t hi)
{
	return pread_pwrite(fd, buf, count, lo, hi, FMODE_READ);
}

long sys_pwrite64(int fd, const char *buf, uint32_t count, uint32_t lo,
		  uint32_t hi)
{
	return pread_pwrite(fd, (char *)buf, count, lo, hi, FMODE_WRITE);
}

/* i386's struct iovec; readv and writev take at most UIO_MAXIOV of them. */
#define UIO_MAXIOV	1024

struct iovec32 {
	uint32_t base, len;
};

/* readv and writev: one transfer per iovec, until one comes up short. */
static long rw_vec(int fd, const struct iovec32 *uiov, int cnt, int fmode)
{
	struct iovec32 v;
	long err, done = 0;
	struct file *f = fget_mode(fd, fmode, &err);

	if (f == NULL)
		return err;
	if (cnt < 0 || cnt > UIO_MAXIOV)
		return -EINVAL;
	for (int i = 0; i < cnt; i++) {
		if (copy_from_user(&v, uiov + i, sizeof(v)))
			return -EFAULT;
		if ((int32_t)v.len < 0)
			return -EINVAL;
	}
	for (int i = 0; i < cnt; i++) {
		long r;

		if (copy_from_user(&v, uiov + i, sizeof(v)))
			return done ? done : -EFAULT;
		if (v.len == 0)
			continue;
		if (v.len > MAX_RW_COUNT - done)
			v.len = MAX_RW_COUNT - done;
		if (fmode == FMODE_READ)
			r = f->f_op->read(f, (char *)v.base, v.len, &f->pos);
		else
			r = f->f_op->write(f, (char *)v.base, v.len, &f->pos);
		if (r < 0)
			return done ? done : r;
		done += r;
		if ((uint32_t)r < v.len || done >= (long)MAX_RW_COUNT)
			break;
	}
	return done;
}

long sys_readv(int fd, const struct iovec32 *iov, int cnt)
{
	return rw_vec(fd, iov, cnt, FMODE_READ);
}

long sys_writev(int fd, const struct iovec32 *iov, int cnt)
{
	return rw_vec(fd, iov, cnt, FMODE_WRITE);
}

static int64_t do_lseek(struct file *f, int64_t off, int whence)
{
	int64_t pos;

	if (f->f_op && f->f_op->no_seek)
		return -ESPIPE;
	if (f->f_op && f->f_op->llseek)
		return f->f_op->llseek(f, off, whence);
	switch (whence) {
	case SEEK_SET:
		pos = off;
		break;
	case SEEK_CUR:
		pos = (int64_t)f->pos + off;
		break;
	case SEEK_END:
		pos = (int64_t)f->inode->size + off;
		break;
	default:
		return -EINVAL;
	}
	if (pos < 0)
		return -EINVAL;
	f->pos = pos;
	return pos;
}

long sys_lseek(int fd, int32_t off, int whence)
{
	struct file *f = fget(fd);
	int64_t pos;

	if (f == NULL)
		return -EBADF;
	pos = do_lseek(f, off, whence);
	if (pos > 0x7fffffff)
		return -EOVERFLOW;
	return pos;
}

long sys_llseek(int fd, uint32_t hi, uint32_t lo, int64_t *result,
		int whence)
{
	struct file *f = fget(fd);
	int64_t pos;

	if (f == NULL)
		return -EBADF;
	pos = do_lseek(f, (int64_t)((uint64_t)hi << 32 | lo), whence);
	if (pos < 0)
		return pos;
	return copy_to_user(result, &pos, sizeof(pos)) ? -EFAULT : 0;
}

/* Descriptors. */

/* What F_SETFL may change. */
#define SETFL_MASK	(O_APPEND | O_NONBLOCK)

long sys_dup(int fd)
{
	struct file *f = fget(fd);
	int nfd;

	if (f == NULL)
		return -EBADF;
	if ((nfd = fd_alloc(0)) < 0)
		return nfd;
	fd_install(nfd, file_get(f), 0);
	return nfd;
}

long sys_dup3(int oldfd, int newfd, uint32_t flags)
{
	struct file *f;

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	if (newfd < 0 || newfd >= NR_OPEN)
		return -EBADF;
	if ((f = fget(oldfd)) == NULL)
		return -EBADF;
	file_get(f);		/* before closing newfd, which may share it */
	fd_close(newfd);
	fd_install(newfd, f, flags & O_CLOEXEC);
	return newfd;
}

long sys_dup2(int oldfd, int newfd)
{
	if (oldfd == newfd)
		return fget(oldfd) ? newfd : -EBADF;
	return sys_dup3(oldfd, newfd, 0);
}

long sys_fcntl(int fd, uint32_t cmd, uint32_t arg)
{
	struct file *f = fget(fd);
	int nfd;

	if (f == NULL)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg >= NR_OPEN)
			return -EINVAL;
		if ((nfd = fd_alloc(arg)) < 0)
			return nfd;
		fd_install(nfd, file_get(f), cmd == F_DUPFD_CLOEXEC);
		return nfd;
	case F_GETFD:
		return fd_cloexec(fd);
	case F_SETFD:
		fd_set_cloexec(fd, arg & FD_CLOEXEC);
		return 0;
	case F_GETFL:
		return f->flags;
	case F_SETFL:
		f->flags = (f->flags & ~SETFL_MASK) | (arg & SETFL_MASK);
		return 0;
	case F_GETOWN:
	case F_SETOWN:
		return 0;
	}
	return -EINVAL;		/* record locks among others */
}

long sys_fcntl64(int fd, uint32_t cmd, uint32_t arg)
{
	return sys_fcntl(fd, cmd, arg);
}

long sys_ioctl(int fd, uint32_t cmd, uint32_t arg)
{
	struct file *f = fget(fd);
	int on;

	if (f == NULL)
		return -EBADF;
	switch (cmd) {
	case FIOCLEX:
	case FIONCLEX:
		fd_set_cloexec(fd, cmd == FIOCLEX);
		return 0;
	case FIONBIO:
		if (copy_from_user(&on, (void *)arg, sizeof(on)))
			return -EFAULT;
		if (on)
			f->flags |= O_NONBLOCK;
		else
			f->flags &= ~O_NONBLOCK;
		return 0;
	}
	if (f->f_op && f->f_op->ioctl)
		return f->f_op->ioctl(f, cmd, arg);
	return -ENOTTY;
}

long sys_pipe2(int *ufds, uint32_t flags)
{
	struct file *rf, *wf;
	int fds[2], err;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	if ((err = pipe_create(&rf, &wf, flags)) != 0)
		return err;
	fds[0] = fd_alloc(0);
	if (fds[0] >= 0)
		fd_install(fds[0], rf, flags & O_CLOEXEC);
	fds[1] = fd_alloc(0);
	if (fds[0] < 0 || fds[1] < 0) {
		if (fds[0] >= 0)
			fd_close(fds[0]);
		else
			file_put(rf);
		file_put(wf);
		return -EMFILE;
	}
	fd_install(fds[1], wf, flags & O_CLOEXEC);
	if (copy_to_user(ufds, fds, sizeof(fds))) {
		fd_close(fds[0]);
		fd_close(fds[1]);
		return -EFAULT;
	}
	return 0;
}

long sys_pipe(int *ufds)
{
	return sys_pipe2(ufds, 0);
}

/* Directories and names. */

struct getdents_buf {
	struct dir_context ctx;		/* first: the actor gets its address */
	char *ubuf;
	uint32_t count, used;
	int err;
};

/* struct linux_dirent64: 19 bytes of header, the name, padding to 8. */
static int fill_dirent64(struct dir_context *ctx, const char *name, int len,
			 uint32_t ino, unsigned type, uint32_t next_off)
{
	struct getdents_buf *b = (struct getdents_buf *)ctx;
	struct {
		uint64_t d_ino;
		int64_t d_off;
		uint16_t d_reclen;
		uint8_t d_type;
		char d_name[NAME_MAX + 1 + 7];
	} __attribute__((packed)) d;
	uint32_t reclen = (19 + len + 1 + 7) & ~7u;

	if (b->used + reclen > b->count) {
		if (b->used == 0)
			b->err = -EINVAL;
		return 1;
	}
	d.d_ino = ino;
	d.d_off = next_off;
	d.d_reclen = reclen;
	d.d_type = type;
	memcpy(d.d_name, name, len);
	memset(d.d_name + len, 0, reclen - 19 - len);
	if (copy_to_user(b->ubuf + b->used, &d, reclen)) {
		b->err = -EFAULT;
		return 1;
	}
	b->used += reclen;
	return 0;
}

long sys_getdents64(int fd, void *dirp, uint32_t count)
{
	struct file *f = fget(fd);
	struct getdents_buf b = {
		.ctx = { .actor = fill_dirent64 },
		.ubuf = dirp,
		.count = count,
	};

	if (f == NULL)
		return -EBADF;
	if (!S_ISDIR(f->inode->mode) || f->inode->i_op == NULL)
		return -ENOTDIR;
	b.ctx.pos = f->pos;
	f->inode->i_op->iterate(f->inode, &b.ctx);
	f->pos = b.ctx.pos;
	return b.used ? (long)b.used : b.err;
}

long sys_mkdirat(int dirfd, const char *upath, uint32_t mode)
{
	struct inode *base;
	char *path;
	int err;

	if ((err = getname(upath, &path)) != 0)
		return err;
	if ((err = at_base(dirfd, path, &base)) == 0)
		err = vfs_mkdir(base, path, mode);
	putname(path);
	return err;
}

long sys_mkdir(const char *upath, uint32_t mode)
{
	return sys_mkdirat(AT_FDCWD, upath, mode);
}

long sys_unlinkat(int dirfd, const char *upath, uint32_t flags)
{
	struct inode *base;
	char *path;
	int err;

	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	if ((err = getname(upath, &path)) != 0)
		return err;
	if ((err = at_base(dirfd, path, &base)) == 0)
		err = (flags & AT_REMOVEDIR) ? vfs_rmdir(base, path) :
		      vfs_unlink(base, path);
	putname(path);
	return err;
}

long sys_unlink(const char *upath)
{
	return sys_unlinkat(AT_FDCWD, upath, 0);
}

long sys_rmdir(const char *upath)
{
	return sys_unlinkat(AT_FDCWD, upath, AT_REMOVEDIR);
}

/* Copy in two paths and find where each starts. */
static int two_paths(int odfd, const char *uold, int ndfd, const char *unew,
		     char **op, struct inode **obase, char **np,
		     struct inode **nbase)
{
	int err;

	*np = NULL;
	if ((err = getname(uold, op)) != 0)
		return err;
	if ((err = getname(unew, np)) == 0 &&
	    (err = at_base(odfd, *op, obase)) == 0)
		err = at_base(ndfd, *np, nbase);
	if (err) {
		putname(*op);
		putname(*np);
	}
	return err;
}

long sys_renameat(int odfd, const char *uold, int ndfd, const char *unew)
{
	struct inode *obase, *nbase;
	char *op, *np;
	int err;

	err = two_paths(odfd, uold, ndfd, unew, &op, &obase, &np, &nbase);
	if (err)
		return err;
	err = vfs_rename(obase, op, nbase, np);
	putname(op);
	putname(np);
	return err;
}

long sys_rename(const char *uold, const char *unew)
{
	return sys_renameat(AT_FDCWD, uold, AT_FDCWD, unew);
}

/* renameat2 with RENAME_NOREPLACE; RENAME_EXCHANGE and WHITEOUT are EINVAL. */
long sys_renameat2(int odfd, const char *uold, int ndfd, const char *unew,
		   uint32_t flags)
{
	struct inode *ip;
	int err;

	if (flags & ~RENAME_NOREPLACE)
		return -EINVAL;
	if (flags & RENAME_NOREPLACE) {
		if ((err = at_lookup(odfd, uold, AT_SYMLINK_NOFOLLOW, &ip)) != 0)
			return err;
		inode_put(ip);
		if (at_lookup(ndfd, unew, AT_SYMLINK_NOFOLLOW, &ip) == 0) {
			inode_put(ip);
			return -EEXIST;
		}
	}
	return sys_renameat(odfd, uold, ndfd, unew);
}

long sys_linkat(int odfd, const char *uold, int ndfd, const char *unew,
		uint32_t flags)
{
	struct inode *obase, *nbase;
	char *op, *np;
	int err;

	if (flags & ~AT_SYMLINK_FOLLOW)
		return -EINVAL;
	err = two_paths(odfd, uold, ndfd, unew, &op, &obase, &np, &nbase);
	if (err)
		return err;
	err = vfs_link(obase, op, nbase, np,
		       (flags & AT_SYMLINK_FOLLOW) ? LOOKUP_FOLLOW : 0);
	putname(op);
	putname(np);
	return err;
}

long sys_link(const char *uold, const char *unew)
{
	return sys_linkat(AT_FDCWD, uold, AT_FDCWD, unew, 0);
}

long sys_symlinkat(const char *utarget, int dirfd, const char *upath)
{
	struct inode *base;
	char *target, *path;
	int err;

	if ((err = getname(utarget, &target)) != 0)
		return err;
	if ((err = getname(upath, &path)) == 0) {
		if ((err = at_base(dirfd, path, &base)) == 0)
			err = vfs_symlink(target, base, path);
		putname(path);
	}
	putname(target);
	return err;
}

long sys_symlink(const char *utarget, const char *upath)
{
	return sys_symlinkat(utarget, AT_FDCWD, upath);
}

long sys_readlinkat(int dirfd, const char *upath, char *ubuf, int bufsiz)
{
	struct inode *ip;
	int err, n;

	if (bufsiz <= 0)
		return -EINVAL;
	if ((err = at_lookup(dirfd, upath, AT_SYMLINK_NOFOLLOW, &ip)) != 0)
		return err;
	if (!S_ISLNK(ip->mode)) {
		err = -EINVAL;
	} else {
		n = (int)ip->size < bufsiz ? (int)ip->size : bufsiz;
		err = copy_to_user(ubuf, ip->u.symlink, n) ? -EFAULT : n;
	}
	inode_put(ip);
	return err;
}

long sys_readlink(const char *upath, char *ubuf, int bufsiz)
{
	return sys_readlinkat(AT_FDCWD, upath, ubuf, bufsiz);
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
	inode_put(current->cwd);
	current->cwd = ip;
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
	struct file *f = fget(fd);

	if (f == NULL)
		return -EBADF;
	return set_cwd(inode_get(f->inode));
}

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

/* Attributes. */

static int do_chmod(struct inode *ip, uint32_t mode)
{
	if (current->euid != 0 && current->euid != ip->uid)
		return -EPERM;
	if (ip->transient)
		return -EPERM;		/* /proc */
	mode &= 07777;
	if (current->euid != 0 && !in_group_p(ip->gid))
		mode &= ~S_ISGID;
	ip->mode = (ip->mode & S_IFMT) | mode;
	inode_touch(ip, TOUCH_C);
	return 0;
}

long sys_fchmodat(int dirfd, const char *upath, uint32_t mode)
{
	struct inode *ip;
	int err = at_lookup(dirfd, upath, 0, &ip);

	if (err)
		return err;
	err = do_chmod(ip, mode);
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

	return f ? do_chmod(f->inode, mode) : -EBADF;
}

/*
 * Only root gives files away; an owner may change the group to its own.
 * Like Linux, a chown clears set-user-ID (and set-group-ID if group
 * execute is on) of anything but a directory.
 */
static int do_chown(struct inode *ip, uint32_t uid, uint32_t gid)
{
	uint32_t euid = current->euid;

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
	return 0;
}

long sys_fchownat(int dirfd, const char *upath, uint32_t uid, uint32_t gid,
		  uint32_t flags)
{
	struct inode *ip;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if ((err = at_lookup(dirfd, upath, flags, &ip)) != 0)
		return err;
	err = do_chown(ip, uid, gid);
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

	return f ? do_chown(f->inode, uid, gid) : -EBADF;
}

/*
 * Times.  An inode keeps whole seconds, as stat64's 32-bit st_*time fields
 * report them (their nanoseconds are always 0): a time set here keeps only
 * its low 32 bits of seconds and drops its nanoseconds.
 */
static int nsec_valid(int64_t nsec)
{
	return nsec == UTIME_NOW || nsec == UTIME_OMIT ||
	       (nsec >= 0 && nsec < (int64_t)NSEC_PER_SEC);
}

/* One of atime and mtime: t NULL or UTIME_NOW is now. */
static void set_time(uint32_t *field, const struct timespec64 *t, uint32_t now)
{
	if (t == NULL || t->tv_nsec == UTIME_NOW)
		*field = now;
	else if (t->tv_nsec != UTIME_OMIT)
		*field = t->tv_sec;
}

/*
 * Linux's vfs_utimes: t NULL (or both UTIME_NOW) sets both to now, which
 * write permission is enough for; anything else only the owner or root may
 * do.  ctime becomes now whatever changed.
 */
static int utimes_inode(struct inode *ip, struct timespec64 *t)
{
	uint32_t now = get_seconds();
	int err;

	if (t) {
		if (!nsec_valid(t[0].tv_nsec) || !nsec_valid(t[1].tv_nsec))
			return -EINVAL;
		if (t[0].tv_nsec == UTIME_NOW && t[1].tv_nsec == UTIME_NOW)
			t = NULL;
	}
	if (current->euid != 0 && current->euid != ip->uid) {
		if (t)
			return -EPERM;
		if ((err = permission(ip, MAY_WRITE)) != 0)
			return err;
	}
	set_time(&ip->atime, t ? &t[0] : NULL, now);
	set_time(&ip->mtime, t ? &t[1] : NULL, now);
	ip->ctime = now;
	return 0;
}

/* A NULL path with a descriptor is the descriptor's file (futimens). */
static long do_utimes(int dirfd, const char *upath, struct timespec64 *t,
		      uint32_t flags)
{
	struct inode *ip;
	struct file *f;
	int err;

	if (upath == NULL && dirfd != AT_FDCWD) {
		if (flags)
			return -EINVAL;
		if ((f = fget(dirfd)) == NULL)
			return -EBADF;
		return utimes_inode(f->inode, t);
	}
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if ((err = at_lookup(dirfd, upath, flags, &ip)) != 0)
		return err;
	err = utimes_inode(ip, t);
	inode_put(ip);
	return err;
}

/*
 * The two timespecs of utimensat, 32- or 64-bit.  i386 Linux keeps only
 * the low 32 bits of a 64-bit tv_nsec (its long), so this does too.
 */
static int get_utimens(const void *uts, int is64, struct timespec64 *t)
{
	struct timespec32 ts32[2];

	if (is64) {
		if (copy_from_user(t, uts, 2 * sizeof(*t)))
			return -EFAULT;
		t[0].tv_nsec = (int32_t)t[0].tv_nsec;
		t[1].tv_nsec = (int32_t)t[1].tv_nsec;
		return 0;
	}
	if (copy_from_user(ts32, uts, sizeof(ts32)))
		return -EFAULT;
	for (int i = 0; i < 2; i++) {
		t[i].tv_sec = ts32[i].tv_sec;
		t[i].tv_nsec = ts32[i].tv_nsec;
	}
	return 0;
}

static long utimensat(int dirfd, const char *upath, const void *uts,
		      uint32_t flags, int is64)
{
	struct timespec64 t[2];

	if (uts) {
		if (get_utimens(uts, is64, t))
			return -EFAULT;
		/* Nothing to do: like Linux, not even the path is checked. */
		if (t[0].tv_nsec == UTIME_OMIT && t[1].tv_nsec == UTIME_OMIT)
			return 0;
	}
	return do_utimes(dirfd, upath, uts ? t : NULL, flags);
}

long sys_utimensat(int dirfd, const char *upath, const void *uts,
		   uint32_t flags)
{
	return utimensat(dirfd, upath, uts, flags, 0);
}

long sys_utimensat_time64(int dirfd, const char *upath, const void *uts,
			  uint32_t flags)
{
	return utimensat(dirfd, upath, uts, flags, 1);
}

/* The older calls take microseconds, where UTIME_NOW and UTIME_OMIT are errors. */
long sys_futimesat(int dirfd, const char *upath, const struct timeval32 *utv)
{
	struct timeval32 tv[2];
	struct timespec64 t[2];

	if (utv == NULL)
		return do_utimes(dirfd, upath, NULL, 0);
	if (copy_from_user(tv, utv, sizeof(tv)))
		return -EFAULT;
	for (int i = 0; i < 2; i++) {
		if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000)
			return -EINVAL;
		t[i].tv_sec = tv[i].tv_sec;
		t[i].tv_nsec = tv[i].tv_usec * 1000;
	}
	return do_utimes(dirfd, upath, t, 0);
}

long sys_utimes(const char *upath, const struct timeval32 *utv)
{
	return sys_futimesat(AT_FDCWD, upath, utv);
}

/* i386's struct utimbuf: whole seconds. */
struct utimbuf32 {
	int32_t actime, modtime;
};

long sys_utime(const char *upath, const struct utimbuf32 *ubuf)
{
	struct utimbuf32 buf;
	struct timespec64 t[2];

	if (ubuf == NULL)
		return do_utimes(AT_FDCWD, upath, NULL, 0);
	if (copy_from_user(&buf, ubuf, sizeof(buf)))
		return -EFAULT;
	t[0] = (struct timespec64){ buf.actime, 0 };
	t[1] = (struct timespec64){ buf.modtime, 0 };
	return do_utimes(AT_FDCWD, upath, t, 0);
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

long sys_umask(uint32_t mask)
{
	uint32_t old = current->umask;

	current->umask = mask & 0777;
	return old;
}

/* Sizes. */

static int do_truncate(struct inode *ip, int64_t len)
{
	if (S_ISDIR(ip->mode))
		return -EISDIR;
	if (!is_ramfs_file(ip))
		return -EINVAL;
	if (len > (int64_t)RAMFS_MAX_SIZE)
		return -EFBIG;
	return ramfs_truncate(ip, len);
}

static long truncate_path(const char *upath, int64_t len)
{
	struct inode *ip;
	int err;

	if (len < 0)
		return -EINVAL;
	if ((err = at_lookup(AT_FDCWD, upath, 0, &ip)) != 0)
		return err;
	if (S_ISDIR(ip->mode))
		err = -EISDIR;
	else if (!S_ISREG(ip->mode))
		err = -EINVAL;
	else if ((err = permission(ip, MAY_WRITE)) == 0)
		err = do_truncate(ip, len);
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
	return do_truncate(f->inode, len);
}

long sys_ftruncate(int fd, int32_t len)
{
	return truncate_fd(fd, len);
}

long sys_ftruncate64(int fd, uint32_t lo, uint32_t hi)
{
	return truncate_fd(fd, (int64_t)((uint64_t)hi << 32 | lo));
}

/* The data is always in memory: nothing to write back. */
long sys_sync(void)
{
	return 0;
}

long sys_fsync(int fd)
{
	struct file *f = fget(fd);

	if (f == NULL)
		return -EBADF;
	return S_ISREG(f->inode->mode) || S_ISDIR(f->inode->mode) ? 0 : -EINVAL;
}

long sys_fdatasync(int fd)
{
	return sys_fsync(fd);
}

/* stat. */

static long put_stat64(struct inode *ip, void *ubuf)
{
	struct stat64 st;

	memset(&st, 0, sizeof(st));
	st.st_dev = ip->dev;
	st.__st_ino = ip->ino;
	st.st_mode = ip->mode;
	st.st_nlink = ip->nlink;
	st.st_uid = ip->uid;
	st.st_gid = ip->gid;
	st.st_rdev = ip->rdev;
	st.st_size = S_ISCHR(ip->mode) || S_ISFIFO(ip->mode) ? 0 : ip->size;
	st.st_blksize = PAGE_SIZE;
	st.st_blocks = ramfs_blocks(ip);
	st.st_atime = ip->atime;
	st.st_mtime = ip->mtime;
	st.st_ctime = ip->ctime;
	st.st_ino = ip->ino;
	return copy_to_user(ubuf, &st, sizeof(st)) ? -EFAULT : 0;
}

long sys_fstatat64(int dirfd, const char *upath, void *ubuf, uint32_t flags)
{
	struct inode *ip;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH))
		return -EINVAL;
	if ((err = at_lookup(dirfd, upath, flags, &ip)) != 0)
		return err;
	err = put_stat64(ip, ubuf);
	inode_put(ip);
	return err;
}

long sys_stat64(const char *upath, void *ubuf)
{
	return sys_fstatat64(AT_FDCWD, upath, ubuf, 0);
}

long sys_lstat64(const char *upath, void *ubuf)
{
	return sys_fstatat64(AT_FDCWD, upath, ubuf, AT_SYMLINK_NOFOLLOW);
}

long sys_fstat64(int fd, void *ubuf)
{
	struct file *f = fget(fd);

	return f ? put_stat64(f->inode, ubuf) : -EBADF;
}

long sys_statx(int dirfd, const char *upath, uint32_t flags, uint32_t mask,
	       void *ubuf)
{
	struct statx *st;
	struct inode *ip;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH |
		      AT_STATX_SYNC_TYPE))
		return -EINVAL;
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE ||
	    (mask & STATX__RESERVED))
		return -EINVAL;
	if ((err = at_lookup(dirfd, upath, flags, &ip)) != 0)
		return err;
	st = get_free_page();	/* 256 bytes: too much for the kernel stack */
	if (st == NULL) {
		inode_put(ip);
		return -ENOMEM;
	}
	st->stx_mask = STATX_BASIC_STATS;
	st->stx_blksize = PAGE_SIZE;
	st->stx_nlink = ip->nlink;
	st->stx_uid = ip->uid;
	st->stx_gid = ip->gid;
	st->stx_mode = ip->mode;
	st->stx_ino = ip->ino;
	st->stx_size = S_ISCHR(ip->mode) || S_ISFIFO(ip->mode) ? 0 : ip->size;
	st->stx_blocks = ramfs_blocks(ip);
	st->stx_atime.tv_sec = ip->atime;
	st->stx_ctime.tv_sec = ip->ctime;
	st->stx_mtime.tv_sec = ip->mtime;
	st->stx_rdev_major = MAJOR(ip->rdev);
	st->stx_rdev_minor = MINOR(ip->rdev);
	st->stx_dev_major = MAJOR(ip->dev);
	st->stx_dev_minor = MINOR(ip->dev);
	err = copy_to_user(ubuf, st, sizeof(*st)) ? -EFAULT : 0;
	free_kpage(st);
	inode_put(ip);
	return err;
}

/* Waiting for descriptors: poll and select. */

#define POLL_MAX	(PAGE_SIZE / sizeof(struct pollfd))

/* What fd is ready for now, as poll reports it (POLLNVAL if not open). */
static int fd_ready(int fd)
{
	struct file *f = fget(fd);
	int mask;

	if (f == NULL)
		return POLLNVAL;
	mask = f->f_op && f->f_op->poll ? f->f_op->poll(f) : POLLIN | POLLOUT;
	if (mask & POLLIN)
		mask |= POLLRDNORM;
	if (mask & POLLOUT)
		mask |= POLLWRNORM;
	return mask;
}

/*
 * Sleep until something changes (every pipe and tty change wakes
 * poll_wait_chan), a signal comes, or jiffies reach end (0: no limit).
 * 1 if the time is up, -EINTR, or 0 to look again.
 */
static int poll_sleep(uint64_t end)
{
	int err;

	if (end && jiffies >= end)
		return 1;
	current->timeout = end;
	err = sleep_on_interruptible(&poll_wait_chan);
	current->timeout = 0;
	return err;
}

/* The jiffy at which a wait of ns nanoseconds ends; 0 for no wait. */
static uint64_t deadline(uint64_t ns)
{
	uint64_t tick = 1000000000ull / HZ;

	return ns ? jiffies + (ns + tick - 1) / tick : 0;
}

/* What is left of a wait until end, in nanoseconds. */
static uint64_t time_left(uint64_t end)
{
	return end > jiffies ? (end - jiffies) * (1000000000ull / HZ) : 0;
}

/* poll's loop over a kernel copy of the array; end 0 waits forever. */
static long do_poll(struct pollfd *fds, uint32_t n, uint64_t end, int nowait)
{
	for (;;) {
		int ready = 0, err;

		for (uint32_t i = 0; i < n; i++) {
			int mask = 0;

			if (fds[i].fd >= 0) {
				mask = fd_ready(fds[i].fd);
				mask &= fds[i].events | POLLERR | POLLHUP | POLLNVAL;
			}
			fds[i].revents = mask;
			ready += mask != 0;
		}
		if (ready || nowait)
			return ready;
		if ((err = poll_sleep(end)) != 0)
			return err > 0 ? 0 : err;
	}
}

static long poll_common(struct pollfd *ufds, uint32_t n, uint64_t end,
			int nowait)
{
	struct pollfd *fds;
	long r;

	if (n > POLL_MAX)
		return -EINVAL;
	if ((fds = get_free_page()) == NULL)
		return -ENOMEM;
	r = copy_from_user(fds, ufds, n * sizeof(*fds)) ? -EFAULT :
	    do_poll(fds, n, end, nowait);
	for (uint32_t i = 0; r >= 0 && i < n; i++)
		if (copy_to_user(&ufds[i].revents, &fds[i].revents,
				 sizeof(short)))
			r = -EFAULT;
	free_kpage(fds);
	return r;
}

long sys_poll(struct pollfd *ufds, uint32_t n, int timeout_ms)
{
	uint64_t end = timeout_ms > 0 ? deadline(timeout_ms * 1000000ull) : 0;

	return poll_common(ufds, n, end, timeout_ms == 0);
}

/* select's three sets, as bit masks over at most NR_OPEN descriptors. */
struct fd_sets {
	uint64_t in[3], out[3];		/* read, write, except */
};

static int get_set(uint64_t *set, const void *uset, int n)
{
	*set = 0;
	if (uset == NULL)
		return 0;
	if (copy_from_user(set, uset, (n + 31) / 32 * 4))
		return -EFAULT;
	if (n < 64)
		*set &= (1ull << n) - 1;
	return 0;
}

/* One pass over the sets: how many bits are set in s->out; or -EBADF. */
static int select_pass(struct fd_sets *s, int n)
{
	int count = 0;

	for (int fd = 0; fd < n; fd++) {
		uint64_t bit = 1ull << fd;
		int mask;

		if (!((s->in[0] | s->in[1] | s->in[2]) & bit))
			continue;
		if ((mask = fd_ready(fd)) == POLLNVAL)
			return -EBADF;
		if ((s->in[0] & bit) && (mask & (POLLIN | POLLHUP | POLLERR))) {
			s->out[0] |= bit;
			count++;
		}
		if ((s->in[1] & bit) && (mask & (POLLOUT | POLLERR))) {
			s->out[1] |= bit;
			count++;
		}
	}
	return count;
}

static long do_select(int n, void *uin, void *uout, void *uex,
		      uint64_t end, int nowait)
{
	void *usets[3] = { uin, uout, uex };
	struct fd_sets s = { .in = { 0 }, .out = { 0 } };
	long r;

	if (n < 0)
		return -EINVAL;
	if (n > NR_OPEN)
		n = NR_OPEN;
	for (int i = 0; i < 3; i++)
		if (get_set(&s.in[i], usets[i], n))
			return -EFAULT;
	while ((r = select_pass(&s, n)) == 0 && !nowait) {
		int err = poll_sleep(end);

		if (err)
			return err > 0 ? 0 : err;
	}
	for (int i = 0; r >= 0 && i < 3; i++)
		if (usets[i] && copy_to_user(usets[i], &s.out[i],
					     (n + 31) / 32 * 4))
			r = -EFAULT;
	return r;
}

/* select(2) (_newselect), which writes back the time left. */
long sys_select(int n, void *uin, void *uout, void *uex,
		struct timeval32 *utv)
{
	struct timeval32 tv;
	uint64_t ns = 0, end;
	long r;

	if (utv) {
		if (copy_from_user(&tv, utv, sizeof(tv)))
			return -EFAULT;
		if (tv.tv_sec < 0 || tv.tv_usec < 0 || tv.tv_usec >= 1000000)
			return -EINVAL;
		ns = tv.tv_sec * 1000000000ull + tv.tv_usec * 1000ull;
	}
	end = deadline(ns);
	r = do_select(n, uin, uout, uex, end, utv && ns == 0);
	if (utv && r != -EFAULT) {
		ns = time_left(end);
		tv.tv_sec = ns / 1000000000ull;
		tv.tv_usec = ns % 1000000000ull / 1000;
		if (copy_to_user(utv, &tv, sizeof(tv)))
			return -EFAULT;
	}
	return r;
}

/*
 * pselect6 and ppoll: the timeout is a timespec (32- or 64-bit); the
 * signal mask argument is not applied.
 */
static long pselect(int n, void *uin, void *uout, void *uex, void *uts,
		    int is64)
{
	uint64_t ns = 0, end;
	long r;
	int err;

	if (uts && (err = get_timespec(uts, is64, &ns)) != 0)
		return err;
	end = deadline(ns);
	r = do_select(n, uin, uout, uex, end, uts && ns == 0);
	if (uts && r != -EFAULT && put_timespec(uts, is64, time_left(end)))
		return -EFAULT;
	return r;
}

long sys_pselect6(int n, void *uin, void *uout, void *uex, void *uts)
{
	return pselect(n, uin, uout, uex, uts, 0);
}

long sys_pselect6_time64(int n, void *uin, void *uout, void *uex, void *uts)
{
	return pselect(n, uin, uout, uex, uts, 1);
}

static long ppoll(struct pollfd *ufds, uint32_t n, void *uts, int is64)
{
	uint64_t ns = 0, end;
	long r;
	int err;

	if (uts && (err = get_timespec(uts, is64, &ns)) != 0)
		return err;
	end = deadline(ns);
	r = poll_common(ufds, n, end, uts && ns == 0);
	if (uts && r != -EFAULT && put_timespec(uts, is64, time_left(end)))
		return -EFAULT;
	return r;
}

long sys_ppoll(struct pollfd *ufds, uint32_t n, void *uts)
{
	return ppoll(ufds, n, uts, 0);
}

long sys_ppoll_time64(struct pollfd *ufds, uint32_t n, void *uts)
{
	return ppoll(ufds, n, uts, 1);
}
