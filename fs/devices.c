/*
 * Character devices, found by their Linux device numbers when a /dev node
 * is opened: /dev/null (1,3), /dev/zero (1,5), which may also be mapped,
 * and the console tty, which is both /dev/tty (5,0) and /dev/console (5,1).
 */
#include "fs/fs.h"
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

/* The operations of device rdev, or NULL if there is no such device. */
const struct file_operations *chrdev_fops(uint32_t rdev)
{
	switch (rdev) {
	case MKDEV(1, 3):
		return &null_fops;
	case MKDEV(1, 5):
		return &zero_fops;
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
	};
	struct inode *dev, *ip;

	if (dir_lookup(root_inode, "dev", 3, &dev) != 0) {
		dev = new_inode(S_IFDIR | 0755, 0, 0);
		dev->nlink = 1;
		dir_add(root_inode, "dev", 3, dev);
	}
	for (unsigned i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++) {
		int len = strlen(nodes[i].name);

		if (dir_lookup(dev, nodes[i].name, len, &ip) == 0) {
			inode_put(ip);		/* the initramfs made it */
			continue;
		}
		ip = new_inode(nodes[i].mode, 0, 0);
		ip->rdev = nodes[i].rdev;
		dir_add(dev, nodes[i].name, len, ip);
		inode_put(ip);
	}
	inode_put(dev);
}
