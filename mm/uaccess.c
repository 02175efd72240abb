#include "mm/uaccess.h"
#include "mm/mm.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "kernel/task.h"

static int user_range_ok(uint32_t addr, size_t n)
{
	return addr + n >= addr && addr + n <= TASK_SIZE;
}

/*
 * The kernel runs at CPL 0, where the MMU ignores the U bit (and, without
 * CR0.WP, the W bit): it would read a PROT_NONE page or write a read-only
 * one without a fault.  So the check is made here, as the MMU would make it
 * for the user: present, user-accessible and, for a write, writable.
 */
static int user_access_ok(pte_t *pte, int write)
{
	return pte && (*pte & PTE_P) && (*pte & PTE_U) &&
	       (!write || (*pte & PTE_W));
}

int fault_in_user(uint32_t addr, size_t n, int write)
{
	struct mm_struct *mm = current->mm;

	if (!user_range_ok(addr, n) || !mm)
		return -EFAULT;
	for (uint32_t va = addr & PAGE_MASK; va < addr + n; va += PAGE_SIZE) {
		if (user_access_ok(pte_walk(mm->pgd, va, 0), write))
			continue;	/* already there: the common case */
		if (handle_mm_fault(mm, va, write))
			return -EFAULT;
		/* handle_mm_fault checked the VMA; the PTE must now agree. */
		if (!user_access_ok(pte_walk(mm->pgd, va, 0), write))
			return -EFAULT;
		current->usage.min_flt++;	/* as if the user had touched it */
		if (va + PAGE_SIZE < va)
			break;
	}
	return 0;
}

int copy_to_user(void *udst, const void *ksrc, size_t n)
{
	if (fault_in_user((uint32_t)udst, n, 1))
		return -EFAULT;
	memcpy(udst, ksrc, n);
	return 0;
}

int copy_from_user(void *kdst, const void *usrc, size_t n)
{
	if (fault_in_user((uint32_t)usrc, n, 0))
		return -EFAULT;
	memcpy(kdst, usrc, n);
	return 0;
}

int clear_user(void *udst, size_t n)
{
	if (fault_in_user((uint32_t)udst, n, 1))
		return -EFAULT;
	memset(udst, 0, n);
	return 0;
}

int strncpy_from_user(char *kdst, const char *usrc, size_t max)
{
	uint32_t addr = (uint32_t)usrc;
	size_t n = 0;

	while (n < max) {
		/* Fault in one page at a time: the string may end before the next. */
		size_t chunk = PAGE_SIZE - ((addr + n) & ~PAGE_MASK);
		if (fault_in_user(addr + n, 1, 0))
			return -EFAULT;
		for (; chunk && n < max; chunk--, n++) {
			kdst[n] = usrc[n];
			if (!kdst[n])
				return n;
		}
	}
	return -ENAMETOOLONG;
}
