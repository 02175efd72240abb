/*
 * A file's times: utimensat, futimesat, utimes and utime.  An inode keeps
 * whole seconds, as stat64's 32-bit st_*time fields report them (their
 * nanoseconds are always 0): a time set here keeps only its low 32 bits of
 * seconds and drops its nanoseconds.
 */
#include "fs/fs.h"
#include "fs/inotify.h"
#include "fs/mount.h"
#include "fs/namei.h"
#include "kernel/errno.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "mm/uaccess.h"

static int nsec_valid(int64_t nsec)
{
	return nsec == UTIME_NOW || nsec == UTIME_OMIT ||
	       (nsec >= 0 && nsec < (int64_t)NSEC_PER_SEC);
}

/* One of atime and mtime: t NULL or UTIME_NOW is now. */
static void set_time(struct inode_time *field, const struct timespec64 *t,
		     struct inode_time now)
{
	if (t == NULL || t->tv_nsec == UTIME_NOW)
		*field = now;
	else if (t->tv_nsec != UTIME_OMIT)
		*field = (struct inode_time){ t->tv_sec, t->tv_nsec };
}

/*
 * Linux's vfs_utimes: t NULL (or both UTIME_NOW) sets both to now, which
 * write permission is enough for; anything else only the owner or root may
 * do.  ctime becomes now whatever changed.
 */
static int utimes_inode(struct inode *ip, struct inode *dir, struct timespec64 *t)
{
	struct inode_time now = current_time();
	int err;

	if (t) {
		if (!nsec_valid(t[0].tv_nsec) || !nsec_valid(t[1].tv_nsec))
			return -EINVAL;
		if (t[0].tv_nsec == UTIME_NOW && t[1].tv_nsec == UTIME_NOW)
			t = NULL;
	}
	if (is_rdonly(ip))
		return -EROFS;		/* Linux's mnt_want_write, after the times' checks */
	if (current->euid != 0 && current->euid != ip->uid) {
		if (t)
			return -EPERM;
		if ((err = permission(ip, MAY_WRITE)) != 0)
			return err;
	}
	set_time(&ip->atime, t ? &t[0] : NULL, now);
	set_time(&ip->mtime, t ? &t[1] : NULL, now);
	ip->ctime = now;
	/* Linux's fsnotify_change: both times a utime call, one alone a use */
	if (!t || (t[0].tv_nsec != UTIME_OMIT && t[1].tv_nsec != UTIME_OMIT))
		fsnotify_dentry(ip, dir, IN_ATTRIB);
	else if (t[0].tv_nsec != UTIME_OMIT)
		fsnotify_dentry(ip, dir, IN_ACCESS);
	else if (t[1].tv_nsec != UTIME_OMIT)
		fsnotify_dentry(ip, dir, IN_MODIFY);
	return 0;
}

/* A NULL path with a descriptor is the descriptor's file (futimens). */
static long do_utimes(int dirfd, const char *upath, struct timespec64 *t,
		      uint32_t flags)
{
	struct inode *ip, *dir;
	struct file *f;
	int err;

	if (upath == NULL && dirfd != AT_FDCWD) {
		if (flags)
			return -EINVAL;
		if ((f = fget(dirfd)) == NULL)
			return -EBADF;
		return utimes_inode(f->inode, f->dir, t);
	}
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if ((err = at_lookup_dir(dirfd, upath, flags, &ip, &dir)) != 0)
		return err;
	err = utimes_inode(ip, dir, t);
	inode_put(dir);
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
