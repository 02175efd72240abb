/*
 * mmap2 and the old mmap, the system calls; Linux i386 keeps them in
 * arch/i386/kernel/sys_i386.c (today mm/mmap.c's ksys_mmap_pgoff).  They
 * find the file, and mm/mmap.c's do_mmap checks the rest and places the
 * mapping: of a file (mm/filemap.c), of anonymous memory, private (a
 * zeroed frame at each first touch) or shared, which is a System V segment
 * without a key, made by ipc/shm.c's shm_zero_setup (Linux 2.4's
 * shmem_zero_setup).
 */
#include "kernel/syscalls.h"
#include "kernel/errno.h"
#include "kernel/task.h"
#include "fs/file.h"
#include "mm/mm.h"
#include "mm/uaccess.h"

/*
 * Linux's ksys_mmap_pgoff: the descriptor is checked first (EBADF), before
 * even the length.  shmos has no hugetlbfs: a file cannot be mapped with
 * MAP_HUGETLB (EINVAL), and anonymous memory cannot have huge pages
 * (ENOSYS, what Linux built without CONFIG_HUGETLBFS says).
 */
long sys_mmap2(uint32_t addr, uint32_t len, uint32_t prot, uint32_t flags,
	       int fd, uint32_t pgoff)
{
	struct file *file = NULL;

	if (!(flags & MAP_ANONYMOUS)) {
		if (!(file = fget(fd)))
			return -EBADF;
		if (flags & MAP_HUGETLB)
			return -EINVAL;
	} else if (flags & MAP_HUGETLB) {
		return -ENOSYS;
	}
	return do_mmap(file, addr, len, prot, flags, pgoff);
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
