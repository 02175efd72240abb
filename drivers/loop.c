/*
 * Loop block devices, as Linux's drivers/block/loop.c: /dev/loopN is a
 * disk whose sectors are the bytes of a regular file (of a tmpfs or the
 * ramfs), the "backing file", from lo_offset on, lo_size bytes: the file's
 * size then, in whole sectors, at most lo_sizelimit.  So a file can be
 * given to a program that wants a block device (mkfs, LTP's tests).
 *
 *   LOOP_CTL_GET_FREE  (/dev/loop-control) the number of an unbound
 *                      device, made if every one is bound
 *   LOOP_SET_FD        bind the file open on a descriptor (LOOP_CONFIGURE:
 *                      with its status and block size at once)
 *   LOOP_SET_STATUS64  its name, offset and size limit; GET shows them
 *   LOOP_SET_CAPACITY  the file changed size: the device follows
 *   LOOP_CHANGE_FD     a read-only device moves to another file as big
 *   LOOP_CLR_FD        unbind, when the last open file of it closes
 *
 * Linux moves each request through the block layer's queue to a worker
 * that reads or writes the file.  shmos has no page cache for block
 * devices, and its queues (drivers/blkdev.c) are for disks that interrupt:
 * a read or write of /dev/loopN reads or writes the file at once (as
 * Linux 2.2's loop did), so that the file and the device always agree.
 * What differs: a loop device sees what is written to the file at once
 * (Linux's needs BLKFLSBUF or O_DIRECT), and the file what is written to
 * the device (Linux's needs fsync); the backing file must be a ramfs one,
 * not another block device.
 *
 * While bound the device holds a reference to the file's inode: the file
 * may be unlinked, truncated or closed meanwhile; its data stays until
 * the device lets go.  A read past the file's end gives EIO, as Linux's.
 */
#include "drivers/loop.h"
#include "fs/fs.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"

static struct loop_device *loop_devs[MAX_LOOP];

/* Boot makes loop0 to loop7, Linux's CONFIG_BLK_DEV_LOOP_MIN_COUNT. */
#define LOOP_MIN_COUNT	8

/* The device's bytes over file ip: ip's from lo_offset on, in whole sectors. */
static uint64_t get_size(struct loop_device *lo, struct inode *ip)
{
	uint64_t size = ip->size;

	size = size > lo->lo_offset ? size - lo->lo_offset : 0;
	if (lo->lo_sizelimit && lo->lo_sizelimit < size)
		size = lo->lo_sizelimit;
	return size & ~(uint64_t)511;
}

static int is_root(void)
{
	return current->euid == 0;	/* Linux: CAP_SYS_ADMIN */
}

/* A logical block size Linux takes: a power of two from 512 to a page. */
static int valid_block_size(uint32_t size)
{
	return size >= 512 && size <= PAGE_SIZE && !(size & (size - 1));
}

/* Name, offset and size limit from a LOOP_SET_STATUS64 or LOOP_CONFIGURE. */
static int set_status_from_info(struct loop_device *lo,
				const struct loop_info64 *info)
{
	if (info->lo_offset > INT64_MAX || info->lo_sizelimit > INT64_MAX)
		return -EOVERFLOW;
	lo->lo_offset = info->lo_offset;
	lo->lo_sizelimit = info->lo_sizelimit;
	memcpy(lo->lo_file_name, info->lo_file_name, LO_NAME_SIZE);
	lo->lo_file_name[LO_NAME_SIZE - 1] = 0;
	return 0;
}

/* LOOP_SET_FD and LOOP_CONFIGURE: bind the file open on config->fd. */
static int loop_configure(struct loop_device *lo, struct file *dev,
			  const struct loop_config *config)
{
	struct file *file = fget(config->fd);
	int err;

	if (!file)
		return -EBADF;
	if (lo->lo_state != Lo_unbound)
		return -EBUSY;
	if (!S_ISREG(file->inode->mode) && !S_ISBLK(file->inode->mode))
		return -EINVAL;
	if (!is_ramfs_file(file->inode))
		return -EINVAL;		/* a /proc file, a block device */
	if (config->info.lo_flags & ~LOOP_CONFIGURE_SETTABLE_FLAGS)
		return -EINVAL;
	if (config->block_size && !valid_block_size(config->block_size))
		return -EINVAL;
	if ((err = set_status_from_info(lo, &config->info)))
		return err;
	lo->lo_flags = config->info.lo_flags;
	if (!(file->fmode & FMODE_WRITE) || !(dev->fmode & FMODE_WRITE))
		lo->lo_flags |= LO_FLAGS_READ_ONLY;
	lo->lo_blocksize = config->block_size ? config->block_size : 512;
	lo->lo_backing = inode_get(file->inode);
	lo->lo_size = get_size(lo, lo->lo_backing);
	lo->lo_state = Lo_bound;
	return 0;
}

/*
 * LOOP_CHANGE_FD: a read-only device moves to another file of the same
 * size (a live CD's root swapped for its copy in RAM), as Linux's.
 */
static int loop_change_fd(struct loop_device *lo, int fd)
{
	struct file *file = fget(fd);
	struct inode *old = lo->lo_backing;

	if (!file)
		return -EBADF;
	if (lo->lo_state != Lo_bound)
		return -ENXIO;
	if (!(lo->lo_flags & LO_FLAGS_READ_ONLY))
		return -EINVAL;
	if ((!S_ISREG(file->inode->mode) && !S_ISBLK(file->inode->mode)) ||
	    !is_ramfs_file(file->inode))
		return -EINVAL;
	if (get_size(lo, file->inode) != get_size(lo, old))
		return -EINVAL;
	lo->lo_backing = inode_get(file->inode);
	inode_put(old);
	return 0;
}

/* Unbind: the last open file of it closed with LO_FLAGS_AUTOCLEAR. */
static void loop_clr_fd_now(struct loop_device *lo)
{
	struct inode *backing = lo->lo_backing;
	struct disk_stats stats = lo->lo_stats;
	int number = lo->lo_number;

	memset(lo, 0, sizeof(*lo));
	lo->lo_number = number;
	lo->lo_stats = stats;
	lo->lo_blocksize = 512;
	lo->lo_state = Lo_unbound;
	inode_put(backing);
}

/*
 * LOOP_CLR_FD: since Linux 5.x the device unbinds at its last close
 * (LO_FLAGS_AUTOCLEAR); if the caller's is the only open file, none can
 * open it meanwhile (Lo_rundown: ENXIO).
 */
static int loop_clr_fd(struct loop_device *lo)
{
	if (lo->lo_state != Lo_bound)
		return -ENXIO;
	lo->lo_flags |= LO_FLAGS_AUTOCLEAR;
	if (lo->lo_refcnt == 1)
		lo->lo_state = Lo_rundown;
	return 0;
}

static int loop_set_status(struct loop_device *lo, const struct loop_info64 *info)
{
	uint32_t prev = lo->lo_flags;
	int err;

	if (lo->lo_state != Lo_bound)
		return -ENXIO;
	if ((err = set_status_from_info(lo, info)))
		return err;
	lo->lo_flags = (info->lo_flags & LOOP_SET_STATUS_SETTABLE_FLAGS) |
		       (prev & ~LOOP_SET_STATUS_SETTABLE_FLAGS) |
		       (prev & LOOP_SET_STATUS_CLEARABLE_FLAGS);
	lo->lo_size = get_size(lo, lo->lo_backing);
	return 0;
}

static int loop_get_status(struct loop_device *lo, struct loop_info64 *info)
{
	if (lo->lo_state != Lo_bound)
		return -ENXIO;
	memset(info, 0, sizeof(*info));
	info->lo_number = lo->lo_number;
	info->lo_offset = lo->lo_offset;
	info->lo_sizelimit = lo->lo_sizelimit;
	info->lo_flags = lo->lo_flags;
	memcpy(info->lo_file_name, lo->lo_file_name, LO_NAME_SIZE);
	info->lo_device = lo->lo_backing->dev;
	info->lo_inode = lo->lo_backing->ino;
	info->lo_rdevice = lo->lo_backing->rdev;
	return 0;
}

/* The old LOOP_SET_STATUS's struct, as a loop_info64 (no size limit). */
static void info64_from_old(const struct loop_info *old, struct loop_info64 *info)
{
	memset(info, 0, sizeof(*info));
	info->lo_number = old->lo_number;
	info->lo_device = old->lo_device;
	info->lo_inode = old->lo_inode;
	info->lo_rdevice = old->lo_rdevice;
	info->lo_offset = (int64_t)old->lo_offset;	/* negative: EOVERFLOW */
	info->lo_flags = old->lo_flags;
	memcpy(info->lo_file_name, old->lo_name, LO_NAME_SIZE);
}

/* LOOP_GET_STATUS: EOVERFLOW when a value does not fit the old struct. */
static int info64_to_old(const struct loop_info64 *info, struct loop_info *old)
{
	memset(old, 0, sizeof(*old));
	old->lo_number = info->lo_number;
	old->lo_device = info->lo_device;
	old->lo_inode = info->lo_inode;
	old->lo_rdevice = info->lo_rdevice;
	old->lo_offset = info->lo_offset;
	old->lo_flags = info->lo_flags;
	memcpy(old->lo_name, info->lo_file_name, LO_NAME_SIZE);
	if (old->lo_device != info->lo_device || old->lo_rdevice != info->lo_rdevice ||
	    old->lo_inode != info->lo_inode || (uint64_t)old->lo_offset != info->lo_offset)
		return -EOVERFLOW;
	return 0;
}

/* The status requests: copies between the user's struct and the device. */
static long loop_status_ioctl(struct loop_device *lo, uint32_t cmd, void *uarg)
{
	struct loop_info64 info;
	struct loop_info old;
	long err;

	switch (cmd) {
	case LOOP_SET_STATUS:
		if (copy_from_user(&old, uarg, sizeof(old)))
			return -EFAULT;
		info64_from_old(&old, &info);
		return loop_set_status(lo, &info);
	case LOOP_SET_STATUS64:
		if (copy_from_user(&info, uarg, sizeof(info)))
			return -EFAULT;
		return loop_set_status(lo, &info);
	case LOOP_GET_STATUS:
		if ((err = loop_get_status(lo, &info)) || (err = info64_to_old(&info, &old)))
			return err;
		return copy_to_user(uarg, &old, sizeof(old)) ? -EFAULT : 0;
	default:	/* LOOP_GET_STATUS64 */
		if ((err = loop_get_status(lo, &info)))
			return err;
		return copy_to_user(uarg, &info, sizeof(info)) ? -EFAULT : 0;
	}
}

/* LOOP_SET_CAPACITY, LOOP_SET_DIRECT_IO, LOOP_SET_BLOCK_SIZE (lo_simple_ioctl). */
static long loop_simple_ioctl(struct loop_device *lo, uint32_t cmd, uint32_t arg)
{
	if (lo->lo_state != Lo_bound)
		return -ENXIO;
	switch (cmd) {
	case LOOP_SET_CAPACITY:
		lo->lo_size = get_size(lo, lo->lo_backing);
		return 0;
	case LOOP_SET_DIRECT_IO:	/* a ramfs file has no direct I/O */
		return arg ? -EINVAL : 0;
	default:			/* LOOP_SET_BLOCK_SIZE */
		if (!valid_block_size(arg))
			return -EINVAL;
		lo->lo_blocksize = arg;
		return 0;
	}
}

/*
 * The block ioctls every disk answers (Linux's blkdev_common_ioctl), then
 * the loop device's own (lo_ioctl); others are not a disk's: ENOTTY.
 */
static long lo_ioctl(struct file *f, uint32_t cmd, uint32_t arg)
{
	struct loop_device *lo = f->private_data;
	struct loop_config config;
	uint64_t bytes = lo->lo_size;
	uint32_t v;

	switch (cmd) {
	case BLKGETSIZE64:
		return copy_to_user((void *)arg, &bytes, sizeof(bytes)) ? -EFAULT : 0;
	case BLKGETSIZE:
		v = bytes >> 9;
		return copy_to_user((void *)arg, &v, sizeof(v)) ? -EFAULT : 0;
	case BLKSSZGET:
	case BLKPBSZGET:
		return copy_to_user((void *)arg, &lo->lo_blocksize, 4) ? -EFAULT : 0;
	case BLKROGET:
		v = !!(lo->lo_flags & LO_FLAGS_READ_ONLY);
		return copy_to_user((void *)arg, &v, sizeof(v)) ? -EFAULT : 0;
	case BLKFLSBUF:		/* nothing is cached on the way to the file */
		return is_root() ? 0 : -EACCES;
	case LOOP_SET_FD:
		memset(&config, 0, sizeof(config));
		config.fd = arg;
		return loop_configure(lo, f, &config);
	case LOOP_CONFIGURE:
		if (copy_from_user(&config, (void *)arg, sizeof(config)))
			return -EFAULT;
		return loop_configure(lo, f, &config);
	case LOOP_CHANGE_FD:
		return loop_change_fd(lo, arg);
	case LOOP_CLR_FD:
		return loop_clr_fd(lo);
	case LOOP_SET_STATUS:
	case LOOP_SET_STATUS64:
		if (!(f->fmode & FMODE_WRITE) && !is_root())
			return -EPERM;
		/* fall through */
	case LOOP_GET_STATUS:
	case LOOP_GET_STATUS64:
		return loop_status_ioctl(lo, cmd, (void *)arg);
	case LOOP_SET_CAPACITY:
	case LOOP_SET_DIRECT_IO:
	case LOOP_SET_BLOCK_SIZE:
		if (!(f->fmode & FMODE_WRITE) && !is_root())
			return -EPERM;
		return loop_simple_ioctl(lo, cmd, arg);
	}
	return -ENOTTY;
}

/*
 * A read or write of the device at *pos is one of the backing file at
 * lo_offset + *pos, cut at the device's end: a write there finds the disk
 * full (ENOSPC), a read nothing.  A failure of the file is the disk's
 * (EIO), but for a bad user buffer.
 */
static long lo_rw(struct file *f, char *ubuf, uint32_t n, uint64_t *pos,
		  int write)
{
	struct loop_device *lo = f->private_data;
	struct inode *ip;
	uint64_t off;
	long r;

	if (write && (lo->lo_flags & LO_FLAGS_READ_ONLY))
		return -EPERM;
	if (n == 0)
		return 0;
	if (*pos >= lo->lo_size)
		return write ? -ENOSPC : 0;
	if (n > lo->lo_size - *pos)
		n = lo->lo_size - *pos;
	off = lo->lo_offset + *pos;	/* below the file's largest size */
	ip = inode_get(lo->lo_backing);	/* the copy may sleep */
	if (write)
		r = ramfs_write(ip, ubuf, off, n, 1);
	else if (off >= ip->size)	/* truncated since LOOP_SET_CAPACITY */
		r = -EIO;
	else
		r = ramfs_read(ip, ubuf, off, n, 1);
	inode_put(ip);
	if (r < 0 && r != -EFAULT)
		r = -EIO;
	if (r > 0) {
		*pos += r;
		lo->lo_stats.ios[write]++;
		lo->lo_stats.sectors[write] += (r + SECTOR_SIZE - 1) / SECTOR_SIZE;
	}
	return r;
}

void loop_diskstats_show(struct seq_file *m)
{
	char name[16];

	for (int i = 0; i < MAX_LOOP; i++) {
		if (!loop_devs[i])
			continue;
		snprintf(name, sizeof(name), "loop%d", i);
		diskstats_show_line(m, MKDEV(LOOP_MAJOR, i), name, &loop_devs[i]->lo_stats);
	}
}

static long lo_read(struct file *f, char *ubuf, uint32_t n, uint64_t *pos)
{
	return lo_rw(f, ubuf, n, pos, 0);
}

static long lo_write(struct file *f, const char *ubuf, uint32_t n, uint64_t *pos)
{
	return lo_rw(f, (char *)ubuf, n, pos, 1);
}

/*
 * The kernel's own reads and writes of an open loop device, with a kernel
 * buffer (a file system on it, fs/ext2): n bytes at pos, 0 or -errno.  A
 * block past the end is EIO (the device shrank under the file system).
 */
static __attribute__((noinline)) struct loop_device *kernel_io(struct file *f, uint32_t n, uint64_t pos)
{
	struct loop_device *lo = f->private_data;

	if (f->f_op != &loop_fops || pos >= lo->lo_size || n > lo->lo_size - pos)
		return NULL;
	return lo;
}

int loop_kernel_read(struct file *f, void *buf, uint32_t n, uint64_t pos)
{
	struct loop_device *lo = kernel_io(f, n, pos);

	return lo && ramfs_read(lo->lo_backing, buf, lo->lo_offset + pos, n, 0) == (long)n ?
	       0 : -EIO;
}

int loop_kernel_write(struct file *f, const void *buf, uint32_t n, uint64_t pos)
{
	struct loop_device *lo = kernel_io(f, n, pos);

	return lo && ramfs_write(lo->lo_backing, buf, lo->lo_offset + pos, n, 0) == (long)n ?
	       0 : -EIO;
}

/* As Linux's block devices: anywhere from 0 to the size (fixed_size_llseek). */
static int64_t lo_llseek(struct file *f, int64_t off, int whence)
{
	struct loop_device *lo = f->private_data;

	return generic_file_llseek_size(f, off, whence, lo->lo_size, lo->lo_size);
}

/* Opening /dev/loopN: the device must be there and not being unbound. */
static int lo_open(struct file *f)
{
	uint32_t minor = MINOR(f->inode->rdev);
	struct loop_device *lo = minor < MAX_LOOP ? loop_devs[minor] : NULL;

	if (!lo || lo->lo_state == Lo_rundown)
		return -ENXIO;
	lo->lo_refcnt++;
	f->private_data = lo;
	return 0;
}

/* The last close of a device that LOOP_CLR_FD (or AUTOCLEAR) marked unbinds it. */
static void lo_release(struct file *f)
{
	struct loop_device *lo = f->private_data;

	if (--lo->lo_refcnt > 0)
		return;
	if (lo->lo_state != Lo_unbound && (lo->lo_flags & LO_FLAGS_AUTOCLEAR))
		loop_clr_fd_now(lo);
}

const struct file_operations loop_fops = {
	.open = lo_open,
	.release = lo_release,
	.read = lo_read,
	.write = lo_write,
	.llseek = lo_llseek,
	.ioctl = lo_ioctl,
};

/* Device loop<i> and its node /dev/loop<i> (devtmpfs makes it on Linux). */
static int loop_add(int i)
{
	struct loop_device *lo;
	char name[16];

	if (i < 0) {			/* the first number free */
		for (i = 0; i < MAX_LOOP && loop_devs[i]; i++)
			;
		if (i == MAX_LOOP)
			return -ENOSPC;
	} else if (i >= MAX_LOOP) {
		return -EINVAL;
	} else if (loop_devs[i]) {
		return -EEXIST;
	}
	if (!(lo = kzalloc(sizeof(*lo))))
		return -ENOMEM;
	lo->lo_number = i;
	lo->lo_blocksize = 512;
	loop_devs[i] = lo;
	snprintf(name, sizeof(name), "loop%d", i);
	dev_mknod(name, S_IFBLK | 0660, 6, MKDEV(LOOP_MAJOR, i));	/* group disk */
	return i;
}

/* LOOP_CTL_REMOVE: an unbound device nothing has open goes. */
static int loop_control_remove(int i)
{
	struct loop_device *lo = i >= 0 && i < MAX_LOOP ? loop_devs[i] : NULL;
	char name[16];

	if (i < 0)
		return -EINVAL;
	if (!lo)
		return -ENODEV;
	if (lo->lo_state != Lo_unbound || lo->lo_refcnt > 0)
		return -EBUSY;
	snprintf(name, sizeof(name), "loop%d", i);
	dev_unlink(name, MKDEV(LOOP_MAJOR, i));
	loop_devs[i] = NULL;
	kfree(lo);
	return 0;
}

/* LOOP_CTL_GET_FREE: an unbound device, or a new one. */
static int loop_control_get_free(void)
{
	for (int i = 0; i < MAX_LOOP; i++)
		if (loop_devs[i] && loop_devs[i]->lo_state == Lo_unbound)
			return i;
	return loop_add(-1);
}

static long loop_control_ioctl(struct file *f, uint32_t cmd, uint32_t arg)
{
	switch (cmd) {
	case LOOP_CTL_ADD:
		return loop_add((int)arg);
	case LOOP_CTL_REMOVE:
		return loop_control_remove((int)arg);
	case LOOP_CTL_GET_FREE:
		return loop_control_get_free();
	}
	return -ENOSYS;
}

const struct file_operations loop_ctl_fops = {
	.ioctl = loop_control_ioctl,
};

/* loop0 to loop7 and /dev/loop-control (fs/devices.c's dev_init). */
void loop_init(void)
{
	dev_mknod("loop-control", S_IFCHR | 0660, 6, MKDEV(10, LOOP_CTRL_MINOR));
	for (int i = 0; i < LOOP_MIN_COUNT; i++)
		loop_add(i);
}
