/*
 * Character devices, found by their Linux device numbers when a /dev node
 * is opened: the memory devices /dev/null (1,3), /dev/zero (1,5), which may
 * also be mapped, /dev/full (1,7), /dev/random (1,8) and /dev/urandom
 * (1,9) (Linux's drivers/char/mem.c), and the console tty (drivers/tty_io.c): /dev/ttyS0
 * (4,64) itself, /dev/console (5,1) and /dev/tty (5,0), the caller's
 * controlling terminal, and /dev/ptmx (5,2), which makes a pseudo-terminal
 * whose slave is /dev/pts/N (136,N), a devpts node (fs/devpts.c).  The disk, /dev/hda (block device 3,0), has its
 * node when drivers/ata.c found it, as devtmpfs makes a node for each
 * device there is; it is for swapon, not for reads and writes (open: ENXIO).
 * The loop devices (drivers/loop.c: /dev/loop-control, char 10,237, and
 * /dev/loopN, block 7,N) are the block devices a program may open.
 * dev_init also makes the links Debian's udev
 * makes: /dev/fd to /proc/self/fd and /dev/stdin, stdout, stderr to its
 * first three (bash's process substitution opens /dev/fd/N).
 */
#include "fs/fs.h"
#include "drivers/blkdev.h"
#include "drivers/loop.h"
#include "drivers/random.h"
#include "drivers/tty.h"
#include "ipc/shm.h"
#include "kernel/errno.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "mm/mm.h"
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

/*
 * mmap of /dev/zero, as Linux's mmap_zero: a shared mapping is shared
 * anonymous memory, a segment without a key (shm_zero_setup), which then
 * stands in for the file, as Linux 2.4's shmem_zero_setup put its own file
 * in vm_file; a private one is plain anonymous memory.
 */
static int zero_mmap(struct file *f, struct vm_area_struct *vma)
{
	int err;

	if (!(vma->vm_flags & VM_SHARED))
		return 0;
	if ((err = shm_zero_setup(vma)))
		return err;
	file_put(vma->vm_file);
	vma->vm_file = NULL;
	return 0;
}

static const struct file_operations zero_fops = {
	.read = zero_read,
	.write = sink_write,
	.llseek = null_llseek,
	.mmap = zero_mmap,
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
	if (MAJOR(rdev) == UNIX98_PTY_SLAVE_MAJOR)
		return &tty_fops;
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
	case MKDEV(4, 64):
	case MKDEV(5, 0):
	case MKDEV(5, 1):
	case MKDEV(5, 2):
		return &tty_fops;
	case MKDEV(10, LOOP_CTRL_MINOR):
		return &loop_ctl_fops;
	}
	return NULL;
}

/*
 * The operations of block device rdev, or NULL: only the loop devices are
 * read and written through their nodes (drivers/loop.c, whose open says
 * whether device N is there); the disk is for swapon alone.
 */
const struct file_operations *blkdev_fops(uint32_t rdev)
{
	return MAJOR(rdev) == LOOP_MAJOR ? &loop_fops : NULL;
}

/* /dev, referenced. */
static struct inode *dev_dir(void)
{
	struct inode *dev;

	if (dir_lookup(root_inode, "dev", 3, &dev) != 0) {
		dev = new_inode(S_IFDIR | 0755, 0, 0);
		dev->nlink = 1;
		dir_add(root_inode, "dev", 3, dev);
	}
	return dev;
}

/*
 * A node /dev/name for device rdev, as devtmpfs makes one for each device
 * there is; a name that is there already (the initramfs made it) stays.
 */
void dev_mknod(const char *name, uint32_t mode, uint32_t gid, uint32_t rdev)
{
	struct inode *dev = dev_dir(), *ip;
	int len = strlen(name);

	if (dir_lookup(dev, name, len, &ip) == 0) {
		inode_put(ip);
	} else if ((ip = new_inode(mode, 0, gid))) {
		ip->rdev = rdev;
		dir_add(dev, name, len, ip);
		inode_put(ip);
	}
	inode_put(dev);
}

/* The device rdev is gone: so is its node /dev/name, if it is its. */
void dev_unlink(const char *name, uint32_t rdev)
{
	struct inode *dev = dev_dir(), *ip;
	int len = strlen(name);

	if (dir_lookup(dev, name, len, &ip) == 0) {
		if ((S_ISBLK(ip->mode) || S_ISCHR(ip->mode)) && ip->rdev == rdev)
			dir_remove(dev, name, len);
		inode_put(ip);
	}
	inode_put(dev);
}

/* The device nodes every boot has, whatever the initramfs holds. */
void dev_init(void)
{
	/* Debian's modes and groups: ttyS0 is the group dialout's (20) */
	static const struct {
		const char *name;
		uint32_t mode, gid, rdev;
	} nodes[] = {
		{ "console", S_IFCHR | 0600, 0, MKDEV(5, 1) },
		{ "tty", S_IFCHR | 0666, 0, MKDEV(5, 0) },
		{ "ptmx", S_IFCHR | 0666, 0, MKDEV(5, 2) },
		{ "ttyS0", S_IFCHR | 0660, 20, MKDEV(4, 64) },
		{ "null", S_IFCHR | 0666, 0, MKDEV(1, 3) },
		{ "zero", S_IFCHR | 0666, 0, MKDEV(1, 5) },
		{ "full", S_IFCHR | 0666, 0, MKDEV(1, 7) },
		{ "random", S_IFCHR | 0666, 0, MKDEV(1, 8) },
		{ "urandom", S_IFCHR | 0666, 0, MKDEV(1, 9) },
		{ "hda", S_IFBLK | 0660, 6, MKDEV(3, 0) },	/* group disk */
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

	for (unsigned i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++) {
		if (S_ISBLK(nodes[i].mode) && !blkdev_get(nodes[i].rdev))
			continue;		/* no such disk */
		dev_mknod(nodes[i].name, nodes[i].mode, nodes[i].gid, nodes[i].rdev);
	}
	loop_init();
	dev = dev_dir();
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
