/*
 * ioctl: the few requests every descriptor answers (close-on-exec and
 * non-blocking), then the file's own ->ioctl (the tty's termios, FIONREAD).
 */
#include "fs/fs.h"
#include "fs/ioctl.h"
#include "kernel/errno.h"
#include "mm/uaccess.h"

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
