/*
 * What a program can learn about a file without opening it: stat64,
 * lstat64, fstat64, fstatat64 and statx (the layouts are in fs/stat.h),
 * and readlink, the target of a symbolic link.
 */
#include "fs/fs.h"
#include "fs/namei.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "mm/page.h"
#include "mm/uaccess.h"

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
	st.st_atime = ip->atime.tv_sec;
	st.st_atime_nsec = ip->atime.tv_nsec;
	st.st_mtime = ip->mtime.tv_sec;
	st.st_mtime_nsec = ip->mtime.tv_nsec;
	st.st_ctime = ip->ctime.tv_sec;
	st.st_ctime_nsec = ip->ctime.tv_nsec;
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
	struct file *f = fget_raw(fd);

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
	st->stx_atime = (struct statx_timestamp){ ip->atime.tv_sec, ip->atime.tv_nsec, 0 };
	st->stx_ctime = (struct statx_timestamp){ ip->ctime.tv_sec, ip->ctime.tv_nsec, 0 };
	st->stx_mtime = (struct statx_timestamp){ ip->mtime.tv_sec, ip->mtime.tv_nsec, 0 };
	st->stx_rdev_major = MAJOR(ip->rdev);
	st->stx_rdev_minor = MINOR(ip->rdev);
	st->stx_dev_major = MAJOR(ip->dev);
	st->stx_dev_minor = MINOR(ip->dev);
	err = copy_to_user(ubuf, st, sizeof(*st)) ? -EFAULT : 0;
	free_kpage(st);
	inode_put(ip);
	return err;
}

/*
 * An empty path names dirfd itself (Linux's LOOKUP_EMPTY): an O_PATH
 * descriptor of a symlink, opened with O_NOFOLLOW.  For one that is not a
 * symlink the answer is then ENOENT, not EINVAL.
 */
long sys_readlinkat(int dirfd, const char *upath, char *ubuf, int bufsiz)
{
	struct inode *ip;
	char first;
	int err, n;

	if (bufsiz <= 0)
		return -EINVAL;
	err = at_lookup(dirfd, upath, AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH, &ip);
	if (err)
		return err;
	if (!S_ISLNK(ip->mode)) {
		/* (at_lookup read the path: it is there to read again) */
		err = copy_from_user(&first, upath, 1) || first ? -EINVAL : -ENOENT;
	} else {
		/* The text's length: a /proc link's size is not its length (Linux's is 0 or 64). */
		n = ip->u.symlink ? strlen(ip->u.symlink) : 0;
		n = n < bufsiz ? n : bufsiz;
		err = copy_to_user(ubuf, ip->u.symlink, n) ? -EFAULT : n;
	}
	inode_put(ip);
	return err;
}

long sys_readlink(const char *upath, char *ubuf, int bufsiz)
{
	return sys_readlinkat(AT_FDCWD, upath, ubuf, bufsiz);
}
