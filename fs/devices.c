/*
 * Character devices, found by their Linux device numbers when a /dev node
 * is opened: the memory devices /dev/null (1,3), /dev/zero (1,5), /dev/full
 * (1,7), /dev/random (1,8) and /dev/urandom (1,9) (Linux's
 * drivers/char/mem.c), and the console tty, which is both /dev/tty (5,0)
 * and /dev/console (5,1).  The disk, /dev/hda (block device 3,0), has its
 * node when drivers/ata.c found it, as devtmpfs makes a node for each
 * device there is; it is for swapon, not for reads and writes (open: ENXIO).
 * dev_init also makes the links Debian's udev
 * makes: /dev/fd to /proc/self/fd and /dev/stdin, stdout, stderr to its
 * first three (bash's process substitution opens /dev/fd/N).
 */
#include "fs/fs.h"
#include "drivers/blkdev.h"
#include "drivers/random.h"
#include "drivers/tty.h"
#include "kernel/errno.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "mm/uaccess.h"

static long null_read(struct file *f, char *ubuf, uint32_t n, uint64_t *pos)
{
	return 0;
}

/* Writes to null and zero vanish. */
static long sink_write(struct file *f, const char *ubuf, uint32_t n,
		       uint64_t *pos)
{
	return n;
}

/*
 * A page at a time, as Linux's read_iter_zero: a read of 2 GiB lets the
 * others run between two and stops early for a signal, and one that runs
 * into a bad page returns what it cleared before it.
 */
static long zero_read(struct file *f, char *ubuf, uint32_t n, uint64_t *pos)
{
	uint32_t done = 0;

	while (done < n) {
		uint32_t k = PAGE_SIZE - (uint32_t)(ubuf + done) % PAGE_SIZE;

		if (k > n - done)
			k = n - done;
		if (done) {
			if (signal_pending(current))
				break;
			cond_resched();
		}
		if (clear_user(ubuf + done, k))
			return done ? (long)done : -EFAULT;
		done += k;
	}
	return done;
}

/* /dev/full: reads as zero, and every write finds the device full. */
static long full_write(struct file *f, const char *ubuf, uint32_t n,
		       uint64_t *pos)
{
	return -ENOSPC;
}

/* Writes to random and urandom are taken and mixed in nowhere: accepted. */

/* Linux's null and zero stay at offset 0, whatever lseek asks. */
static int64_t null_llseek(struct file *f, int64_t off, int whence)
{
	return f->pos = 0;
}

static const struct file_operations null_fops = {
	.read = null_read,
	.write = sink_write,
	.llseek = null_llseek,
};

static const struct file_operations zero_fops = {
	.read = zero_read,
	.write = sink_write,
	.llseek = null_llseek,
};

static const struct file_operations full_fops = {
	.read = zero_read,
	.write = full_write,
	.llseek = null_llseek,
};

/* random and urandom read getrandom's generator (drivers/random.c). */
static const struct file_operations random_fops = {
	.read = random_read,
	.write = sink_write,
	.llseek = null_llseek,
};

/* The operations of device rdev, or NULL if there is no such device. */
const struct file_operations *chrdev_fops(uint32_t rdev)
{
	switch (rdev) {
	case MKDEV(1, 3):
		return &null_fops;
	case MKDEV(1, 5):
		return &zero_fops;
	case MKDEV(1, 7):
		return &full_fops;
	case MKDEV(1, 8):
	case MKDEV(1, 9):
		return &random_fops;
	case MKDEV(5, 0):
	case MKDEV(5, 1):
		return &tty_fops;
	}
	return NULL;
}

/* The device nodes every boot has, whatever the initramfs holds. */
void dev_init(void)
{
	static const struct {
		const char *name;
		uint32_t mode, rdev;
	} nodes[] = {
		{ "console", S_IFCHR | 0600, MKDEV(5, 1) },
		{ "tty", S_IFCHR | 0666, MKDEV(5, 0) },
		{ "null", S_IFCHR | 0666, MKDEV(1, 3) },
		{ "zero", S_IFCHR | 0666, MKDEV(1, 5) },
		{ "full", S_IFCHR | 0666, MKDEV(1, 7) },
		{ "random", S_IFCHR | 0666, MKDEV(1, 8) },
		{ "urandom", S_IFCHR | 0666, MKDEV(1, 9) },
		{ "hda", S_IFBLK | 0660, MKDEV(3, 0) },
	};
	static const struct {
		const char *name, *target;
	} links[] = {
		{ "fd", "/proc/self/fd" },
		{ "stdin", "/proc/self/fd/0" },
		{ "stdout", "/proc/self/fd/1" },
		{ "stderr", "/proc/self/fd/2" },
	};
	struct inode *dev, *ip;

	if (dir_lookup(root_inode, "dev", 3, &dev) != 0) {
		dev = new_inode(S_IFDIR | 0755, 0, 0);
		dev->nlink = 1;
		dir_add(root_inode, "dev", 3, dev);
	}
	for (unsigned i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++) {
		int len = strlen(nodes[i].name);

		if (S_ISBLK(nodes[i].mode) && !blkdev_get(nodes[i].rdev))
			continue;		/* no such disk */
		if (dir_lookup(dev, nodes[i].name, len, &ip) == 0) {
			inode_put(ip);		/* the initramfs made it */
			continue;
		}
		ip = new_inode(nodes[i].mode, 0, 0);
		ip->rdev = nodes[i].rdev;
		dir_add(dev, nodes[i].name, len, ip);
		inode_put(ip);
	}
	for (unsigned i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		int len = strlen(links[i].name);

		if (dir_lookup(dev, links[i].name, len, &ip) == 0) {
			inode_put(ip);
			continue;
		}
		ip = new_inode(S_IFLNK | 0777, 0, 0);
		if (ramfs_set_link(ip, links[i].target,
				   strlen(links[i].target)) == 0)
			dir_add(dev, links[i].name, len, ip);
		inode_put(ip);
	}
	inode_put(dev);
}
