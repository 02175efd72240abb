/*
 * mincore(2): which pages of a range are in memory (Linux's mm/mincore.c).
 * A byte per page, bit 0 set if the page is resident: mapped here, or
 * present where a touch would find it without a read (the swap cache for
 * a page out on swap, a ramfs file's data for a file mapping).  A page of
 * MAP_DROPPABLE memory that reclaim took back (mm/droppable.c) is absent
 * until it is touched again.  shm attaches count their mapped pages only.
 */
#include "kernel/errno.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "fs/fs.h"
#include "mm/mm.h"
#include "mm/swap.h"
#include "mm/uaccess.h"

/* Is the page at va of v resident? */
static unsigned char mincore_page(struct vm_area_struct *v, uint32_t va)
{
	pte_t *pte = pte_walk(v->vm_mm->pgd, va, 0);

	if (pte && (*pte & PTE_P))
		return 1;
	if (pte && is_swap_pte(*pte))
		return lookup_swap_cache(pte_to_swp_entry(*pte)) != NULL;
	if (v->vm_file && is_ramfs_file(v->vm_file->inode))
		return ramfs_findpage(v->vm_file->inode,
				      linear_page_index(v, va)) != NULL;
	return 0;
}

/*
 * Linux's checks in its order: start not page aligned EINVAL, a range
 * past user space ENOMEM, vec past it EFAULT, then a page of the range no VMA maps ENOMEM,
 * and vec unwritable EFAULT (found as it is filled, a chunk at a time).
 */
long sys_mincore(uint32_t start, uint32_t len, unsigned char *vec)
{
	struct mm_struct *mm = current->mm;
	uint32_t pages = (len >> PAGE_SHIFT) + ((len & ~PAGE_MASK) != 0);
	unsigned char chunk[64];

	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (start > TASK_SIZE || len > TASK_SIZE - start)
		return -ENOMEM;
	if ((uint32_t)vec > TASK_SIZE || pages > TASK_SIZE - (uint32_t)vec)
		return -EFAULT;
	while (pages) {
		struct vm_area_struct *v = find_vma(mm, start);
		uint32_t n = 0;

		if (!v || v->vm_start > start)
			return -ENOMEM;
		while (n < pages && n < sizeof(chunk) &&
		       start + n * PAGE_SIZE < v->vm_end) {
			chunk[n] = mincore_page(v, start + n * PAGE_SIZE);
			n++;
		}
		if (copy_to_user(vec, chunk, n))
			return -EFAULT;
		vec += n;
		start += n * PAGE_SIZE;
		pages -= n;
	}
	return 0;
}
