/*
 * memfd_create: a tmpfs file no directory names, as Linux's mm/memfd.c
 * makes on its internal tmpfs mount.  It counts in no ramfs's limits (sb
 * NULL), has no link (nlink 0), so goes with its last reference, and
 * /proc/PID/fd shows it as "/memfd:NAME (deleted)".
 *
 * Seals: every tmpfs file has a set (inode->seals), which only fcntl's
 * F_ADD_SEALS grows; a file made any other way, or a memfd made without
 * MFD_ALLOW_SEALING, starts with F_SEAL_SEAL, so never gets more.  The
 * calls that would break a seal check it here: write, truncate and
 * fallocate (fs/ramfs.c), mmap (mm/mmap.c).
 */
#include "fs/fs.h"
#include "fs/memfd.h"
#include "kernel/errno.h"
#include "kernel/task.h"
#include "kernel/string.h"
#include "mm/kmalloc.h"
#include "mm/mm.h"
#include "mm/uaccess.h"

#define MFD_NAME_PREFIX		"memfd:"
#define MFD_NAME_PREFIX_LEN	(sizeof(MFD_NAME_PREFIX) - 1)
#define MFD_NAME_MAX_LEN	(NAME_MAX - MFD_NAME_PREFIX_LEN)	/* 249 */
#define F_ALL_SEALS		(F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | \
				 F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)
#define WRITE_SEALS		(F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)

/* "memfd:" and the user's name (len bytes with its NUL), or NULL. */
static char *memfd_name(const char *uname, uint32_t len, int *err)
{
	char *name = kmalloc(MFD_NAME_PREFIX_LEN + len);

	*err = -ENOMEM;
	if (name == NULL)
		return NULL;
	memcpy(name, MFD_NAME_PREFIX, MFD_NAME_PREFIX_LEN);
	*err = -EFAULT;
	if (copy_from_user(name + MFD_NAME_PREFIX_LEN, uname, len) ||
	    name[MFD_NAME_PREFIX_LEN + len - 1]) {	/* it changed */
		kfree(name);
		return NULL;
	}
	return name;
}

long sys_memfd_create(const char *uname, uint32_t flags)
{
	struct inode *ip;
	struct file *f;
	uint32_t len;
	char *name;
	int fd, err;

	if (flags & ~(MFD_CLOEXEC | MFD_ALLOW_SEALING))
		return -EINVAL;
	if ((len = strnlen_user(uname, MFD_NAME_MAX_LEN + 1)) == 0)
		return -EFAULT;
	if (len > MFD_NAME_MAX_LEN + 1)
		return -EINVAL;
	if (!(name = memfd_name(uname, len, &err)))
		return err;
	if ((err = ramfs_new_inode(NULL, S_IFREG | 0777, current->euid,
				   current->egid, &ip)) != 0) {
		kfree(name);
		return err;
	}
	ip->nlink = 0;
	ip->memfd_name = name;		/* inode_free frees it */
	if (flags & MFD_ALLOW_SEALING)
		ip->seals = 0;
	f = file_alloc(ip, O_RDWR | O_LARGEFILE);
	inode_put(ip);		/* the file holds it, or it goes */
	if (f == NULL)
		return -ENOMEM;
	if ((fd = fd_alloc(0)) < 0) {
		file_put(f);
		return fd;
	}
	fd_install(fd, f, flags & MFD_CLOEXEC);
	return fd;
}

/* Whether a shared mapping that may write to ip is there (Linux's mapping_writably_mapped). */
static int writably_mapped(struct inode *ip)
{
	for (struct vm_area_struct *v = ip->i_mmap; v; v = v->vm_next_share)
		if ((v->vm_flags & (VM_SHARED | VM_MAYWRITE)) ==
		    (VM_SHARED | VM_MAYWRITE))
			return 1;
	return 0;
}

/* Linux's memfd_add_seals, in its order. */
static long add_seals(struct file *f, uint32_t seals)
{
	struct inode *ip = f->inode;

	if (!(f->fmode & FMODE_WRITE))
		return -EPERM;
	if (seals & ~F_ALL_SEALS)
		return -EINVAL;
	if (!is_ramfs_file(ip))
		return -EINVAL;
	if (ip->seals & F_SEAL_SEAL)
		return -EPERM;
	if ((seals & F_SEAL_WRITE) && !(ip->seals & F_SEAL_WRITE) &&
	    writably_mapped(ip))
		return -EBUSY;
	ip->seals |= seals;
	return 0;
}

/* fcntl's F_ADD_SEALS and F_GET_SEALS: EINVAL on a file that is not tmpfs's. */
long memfd_fcntl(struct file *f, uint32_t cmd, uint32_t arg)
{
	if (cmd == F_ADD_SEALS)
		return add_seals(f, arg);
	return is_ramfs_file(f->inode) ? (long)f->inode->seals : -EINVAL;
}

/* A write of n bytes at pos: EPERM if a seal forbids it (Linux's shmem_write_begin). */
int memfd_check_write(struct inode *ip, uint64_t pos, uint32_t n)
{
	if (ip->seals & WRITE_SEALS)
		return -EPERM;
	if ((ip->seals & F_SEAL_GROW) && pos + n > ip->size)
		return -EPERM;
	return 0;
}

/* A new size: EPERM if a seal forbids it (Linux's shmem_setattr). */
int memfd_check_size(struct inode *ip, uint64_t size)
{
	if ((size < ip->size && (ip->seals & F_SEAL_SHRINK)) ||
	    (size > ip->size && (ip->seals & F_SEAL_GROW)))
		return -EPERM;
	return 0;
}

/*
 * A shared mapping of a write-sealed file: EPERM if it would write, else it
 * never may (no VM_MAYWRITE: mprotect refuses); Linux's seal_check_write.
 * Returns the flags or -errno.
 */
long memfd_check_mmap(struct file *f, long vm_flags)
{
	if (!(vm_flags & VM_SHARED) || !(f->inode->seals & WRITE_SEALS))
		return vm_flags;
	if (vm_flags & VM_WRITE)
		return -EPERM;
	return vm_flags & ~VM_MAYWRITE;
}
