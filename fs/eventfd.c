/*
 * eventfd: a 64-bit counter behind a descriptor, Linux's fs/eventfd.c.  A
 * write adds to it, a read takes it all (or one, with EFD_SEMAPHORE) and
 * waits while it is 0; a write that would take it to 2^64 - 1 waits for a
 * read.  poll says readable while it is above 0, writable while one more
 * fits.  Programs use it to wake an event loop (GLib's main loop does).
 */
#include "fs/fs.h"
#include "fs/fcntl.h"
#include "fs/poll.h"
#include "kernel/errno.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"

#define EFD_SEMAPHORE	1
#define EFD_CLOEXEC	O_CLOEXEC
#define EFD_NONBLOCK	O_NONBLOCK
#define EFD_MAX		UINT64_MAX	/* the count never reaches it */

struct eventfd_ctx {
	uint64_t count;
	uint32_t flags;		/* EFD_SEMAPHORE */
};

static void eventfd_changed(struct file *f)
{
	f->inode->i_pollin++;	/* an edge for EPOLLET, at every change */
	wakeup(f->private_data);
	poll_wake();
}

static long eventfd_read(struct file *f, char *ubuf, uint32_t n, uint64_t *pos)
{
	struct eventfd_ctx *ctx = f->private_data;
	uint64_t val;

	if (n < sizeof(val))
		return -EINVAL;
	while (ctx->count == 0) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (sleep_on_interruptible(ctx))
			return -ERESTARTSYS;
	}
	/* Taken before the copy: a bad buffer loses the value, as on Linux. */
	val = ctx->flags & EFD_SEMAPHORE ? 1 : ctx->count;
	ctx->count -= val;
	eventfd_changed(f);
	return copy_to_user(ubuf, &val, sizeof(val)) ? -EFAULT : (long)sizeof(val);
}

static long eventfd_write(struct file *f, const char *ubuf, uint32_t n, uint64_t *pos)
{
	struct eventfd_ctx *ctx = f->private_data;
	uint64_t val;

	if (n < sizeof(val))
		return -EINVAL;
	if (copy_from_user(&val, ubuf, sizeof(val)))
		return -EFAULT;
	if (val == EFD_MAX)
		return -EINVAL;
	while (EFD_MAX - ctx->count <= val) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (sleep_on_interruptible(ctx))
			return -ERESTARTSYS;
	}
	ctx->count += val;
	if (val)
		eventfd_changed(f);
	return sizeof(val);
}

static int eventfd_poll(struct file *f)
{
	struct eventfd_ctx *ctx = f->private_data;
	int mask = 0;

	if (ctx->count > 0)
		mask |= POLLIN | POLLRDNORM;
	if (ctx->count < EFD_MAX - 1)
		mask |= POLLOUT | POLLWRNORM;
	return mask;
}

static void eventfd_release(struct file *f)
{
	kfree(f->private_data);
}

static const struct file_operations eventfd_fops = {
	.read = eventfd_read,
	.write = eventfd_write,
	.poll = eventfd_poll,
	.release = eventfd_release,
};

long sys_eventfd2(uint32_t count, uint32_t flags)
{
	struct eventfd_ctx *ctx;
	struct file *f;
	int fd;

	if (flags & ~(EFD_SEMAPHORE | EFD_CLOEXEC | EFD_NONBLOCK))
		return -EINVAL;
	if (!(ctx = kzalloc(sizeof(*ctx))))
		return -ENOMEM;
	ctx->count = count;
	ctx->flags = flags & EFD_SEMAPHORE;
	if (!(f = anon_inode_getfile("[eventfd]", &eventfd_fops, ctx,
				     O_RDWR | (flags & EFD_NONBLOCK)))) {
		kfree(ctx);
		return -ENOMEM;
	}
	if ((fd = fd_alloc(0)) < 0) {
		file_put(f);
		return fd;
	}
	fd_install(fd, f, (flags & EFD_CLOEXEC) != 0);
	return fd;
}

long sys_eventfd(uint32_t count)
{
	return sys_eventfd2(count, 0);
}
