/*
 * mmap2 and the old mmap, the system calls; Linux i386 keeps them in
 * arch/i386/kernel/sys_i386.c.  They check the arguments and choose what
 * backs the mapping, and mm/mmap.c's do_mmap places it.  shmos maps no
 * files, only anonymous memory: private (a zeroed frame at each first
 * touch) or shared, which is a System V segment without a key, made by
 * ipc/shm.c's shm_zero_setup (Linux 2.4's shmem_zero_setup).
 */
#include "kernel/syscalls.h"
#include "kernel/errno.h"
#include "kernel/task.h"
#include "ipc/shm.h"
#include "mm/mm.h"
#include "mm/uaccess.h"

long sys_mmap2(uint32_t addr, uint32_t len, uint32_t prot, uint32_t flags,
	       int fd, uint32_t pgoff)
{
	if (!len || (addr & ~PAGE_MASK) || PAGE_ALIGN(len) < len)
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS))
		return -ENODEV;		/* no file mappings: glibc never asks */
	if (!(flags & (MAP_SHARED | MAP_PRIVATE)))
		return -EINVAL;
	return do_mmap(current->mm, addr, PAGE_ALIGN(len), prot, flags,
		       (flags & MAP_SHARED) ? shm_zero_setup : NULL);
}

/* The old mmap takes its six arguments in a user structure. */
long sys_old_mmap(const uint32_t *args)
{
	uint32_t a[6];

	if (copy_from_user(a, args, sizeof(a)))
		return -EFAULT;
	if (a[5] & ~PAGE_MASK)
		return -EINVAL;
	return sys_mmap2(a[0], a[1], a[2], a[3], a[4], a[5] >> PAGE_SHIFT);
}
