/*
 * Descriptors: dup, dup2 and dup3 make another descriptor for an open
 * file; fcntl reads and changes a descriptor's close-on-exec flag and its
 * file's status flags.
 */
#include <stddef.h>
#include "fs/fs.h"
#include "kernel/errno.h"
#include "kernel/task.h"

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
	if (newfd < 0 || (uint32_t)newfd >= rlimit(RLIMIT_NOFILE) ||
	    newfd >= NR_OPEN)
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
		if (arg >= rlimit(RLIMIT_NOFILE) || arg >= NR_OPEN)
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
