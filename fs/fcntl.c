/*
 * Descriptors: dup, dup2 and dup3 make another descriptor for an open
 * file; fcntl reads and changes a descriptor's close-on-exec flag and its
 * file's status flags, and passes the record lock commands to fs/locks.c
 * with the struct they name copied in.
 */
#include <stddef.h>
#include "fs/fs.h"
#include "fs/memfd.h"
#include "fs/locks.h"
#include "kernel/errno.h"
#include "kernel/task.h"
#include "mm/uaccess.h"

/* What F_SETFL may change. */
#define SETFL_MASK	(O_APPEND | O_NONBLOCK)

long sys_dup(int fd)
{
	struct file *f = fget_raw(fd);
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
	int err;

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	if (newfd < 0 || (uint32_t)newfd >= rlimit(RLIMIT_NOFILE))
		return -EBADF;
	if ((f = fget_raw(oldfd)) == NULL)
		return -EBADF;
	/* room for newfd, as Linux's do_dup2: no memory is ENOMEM */
	if ((err = expand_files(current->files, newfd)) != 0)
		return err == -EMFILE ? -EBADF : err;
	file_get(f);		/* before closing newfd, which may share it */
	fd_close(newfd);
	fd_install(newfd, f, flags & O_CLOEXEC);
	return newfd;
}

long sys_dup2(int oldfd, int newfd)
{
	if (oldfd == newfd)
		return fget_raw(oldfd) ? newfd : -EBADF;
	return sys_dup3(oldfd, newfd, 0);
}

/*
 * F_GETLK, F_SETLK, F_SETLKW with i386's struct flock, whose offsets are
 * 32 bits.  F_GETLK's answer is as Linux x86-64 gives i386 programs (the
 * oracle the tests are recorded on, fs/fcntl.c's fixup_compat_flock): a
 * lock starting past 2^31 - 1 is EOVERFLOW, a longer one is cut short.  (A
 * 32-bit Linux also says EOVERFLOW for a lock that only ends past it.)
 */
static long fcntl_lock32(struct file *f, uint32_t cmd, struct flock *ufl)
{
	struct flock fl32;
	struct flock64 fl;
	int err;

	if (copy_from_user(&fl32, ufl, sizeof(fl32)))
		return -EFAULT;
	fl = (struct flock64){ .l_type = fl32.l_type, .l_whence = fl32.l_whence,
			       .l_start = fl32.l_start, .l_len = fl32.l_len,
			       .l_pid = fl32.l_pid };
	if (cmd != F_GETLK)
		return fcntl_setlk(f, cmd, &fl);
	if ((err = fcntl_getlk(f, cmd, &fl)) != 0)
		return err;
	if (fl.l_start > OFFT_OFFSET_MAX)
		return -EOVERFLOW;
	if (fl.l_len > OFFT_OFFSET_MAX)
		fl.l_len = OFFT_OFFSET_MAX;
	fl32 = (struct flock){ .l_type = fl.l_type, .l_whence = fl.l_whence,
			       .l_start = fl.l_start, .l_len = fl.l_len,
			       .l_pid = fl.l_pid };
	return copy_to_user(ufl, &fl32, sizeof(fl32)) ? -EFAULT : 0;
}

/* fcntl64's own: the record locks with struct flock64, and the OFD locks. */
static long fcntl_lock64(struct file *f, uint32_t cmd, struct flock64 *ufl)
{
	struct flock64 fl;
	int err;

	if (copy_from_user(&fl, ufl, sizeof(fl)))
		return -EFAULT;
	if (cmd != F_GETLK64 && cmd != F_OFD_GETLK)
		return fcntl_setlk(f, cmd, &fl);
	if ((err = fcntl_getlk(f, cmd, &fl)) != 0)
		return err;
	return copy_to_user(ufl, &fl, sizeof(fl)) ? -EFAULT : 0;
}

/* What fcntl and fcntl64 share: all but fcntl64's own lock commands. */
static long do_fcntl(int fd, struct file *f, uint32_t cmd, uint32_t arg)
{
	int nfd;

	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg >= rlimit(RLIMIT_NOFILE))
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
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
		return fcntl_lock32(f, cmd, (struct flock *)arg);
	case F_GETOWN:
	case F_SETOWN:
		return 0;
	case F_ADD_SEALS:
	case F_GET_SEALS:
		return memfd_fcntl(f, cmd, arg);
	}
	return -EINVAL;
}

/* What an O_PATH descriptor allows (Linux's check_fcntl_cmd); the rest is EBADF. */
static int path_fcntl_cmd(uint32_t cmd)
{
	return cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC || cmd == F_GETFD ||
	       cmd == F_SETFD || cmd == F_GETFL;
}

/*
 * fcntl and fcntl64 are one call: so Linux x86-64 runs i386 programs (its
 * table gives both numbers compat_sys_fcntl64), and glibc only ever uses
 * fcntl64.  (A 32-bit Linux's fcntl refuses fcntl64's own commands.)
 */
long sys_fcntl64(int fd, uint32_t cmd, uint32_t arg)
{
	struct file *f = fget_raw(fd);

	if (f == NULL || ((f->fmode & FMODE_PATH) && !path_fcntl_cmd(cmd)))
		return -EBADF;
	switch (cmd) {
	case F_GETLK64:
	case F_SETLK64:
	case F_SETLKW64:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		return fcntl_lock64(f, cmd, (struct flock64 *)arg);
	}
	return do_fcntl(fd, f, cmd, arg);
}

long sys_fcntl(int fd, uint32_t cmd, uint32_t arg)
{
	return sys_fcntl64(fd, cmd, arg);
}
