/*
 * mlock, munlock, mlock2, mlockall, munlockall and mmap's MAP_LOCKED, as
 * Linux's mm/mlock.c.  A locked page stays in memory: its frame is faulted
 * in at once (mm_populate, which brings back one out on swap), and reclaim
 * passes over a VM_LOCKED VMA (mm/vmscan.c); mm->locked_vm counts it
 * against RLIMIT_MEMLOCK, which only root (Linux's CAP_IPC_LOCK) may pass.
 * msync(MS_INVALIDATE) refuses a locked range (EBUSY), as on Linux.  Locks
 * are not inherited by fork, and exec drops them with the old mm.
 */
#include "mm/mm.h"
#include "kernel/errno.h"
#include "kernel/resource.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"

#define MCL_CURRENT	1
#define MCL_FUTURE	2
#define MCL_ONFAULT	4
#define MLOCK_ONFAULT	1
#define VM_LOCKED_MASK	(VM_LOCKED | VM_LOCKONFAULT)

/* Linux's can_do_mlock: a RLIMIT_MEMLOCK above 0, or root. */
int can_do_mlock(void)
{
	return rlimit(RLIMIT_MEMLOCK) != 0 || current->euid == 0;
}

/* May mm lock npages more?  (Linux's mlock_future_check.) */
int mlock_within_limit(struct mm_struct *mm, uint32_t npages)
{
	return current->euid == 0 ||
	       mm->locked_vm + npages <= rlimit(RLIMIT_MEMLOCK) >> PAGE_SHIFT;
}

/*
 * Faults in every page of [start, start + len) that has no frame yet, as
 * the process would by touching it: writable private pages with a write,
 * so that copy-on-write is broken now too (Linux's populate_vma_page_range).
 * PROT_NONE pages and holes are passed over; it stops at the first page
 * that cannot be had: -EFAULT (past the end of a file), -ENOMEM, or 0.
 */
static int populate(uint32_t start, uint32_t len)
{
	struct mm_struct *mm = current->mm;
	uint32_t end = start + len;
	int err;

	for (uint32_t va = start; va < end && va >= start; va += PAGE_SIZE) {
		struct vm_area_struct *v = find_vma(mm, va);
		pte_t *pte;
		int write;

		if (PTX(va) == 0)
			cond_resched();
		if (!v)
			break;
		if (v->vm_start > va)
			va = v->vm_start;
		if (va >= end)
			break;
		if (!vma_is_accessible(v)) {
			va = v->vm_end - PAGE_SIZE;	/* PROT_NONE: the next VMA */
			continue;
		}
		write = (v->vm_flags & (VM_WRITE | VM_SHARED)) == VM_WRITE;
		pte = pte_walk(mm->pgd, va, 0);
		if (pte && (*pte & PTE_P) && (!write || (*pte & PTE_W)))
			continue;
		if ((err = handle_mm_fault(mm, va, write)))
			return err == -ENOMEM ? -ENOMEM : -EFAULT;
	}
	return 0;
}

/* MAP_POPULATE, MAP_LOCKED, and mlockall's future mappings: errors are ignored. */
void mm_populate(uint32_t start, uint32_t len)
{
	populate(start, len);
}

/*
 * Gives [start, end) of *vp the lock flags of newflags, splitting it
 * (split_vma_range), and counts its pages in or out of locked_vm.
 */
static int mlock_fixup(struct mm_struct *mm, struct vm_area_struct **vp,
		       uint32_t start, uint32_t end, uint32_t newflags)
{
	uint32_t npages = (end - start) >> PAGE_SHIFT;
	uint32_t oldflags = (*vp)->vm_flags;

	/* MAP_DROPPABLE memory may vanish: never locked, and no error (Linux's). */
	if (newflags == oldflags || (oldflags & VM_DROPPABLE))
		return 0;
	if (split_vma_range(vp, start, end))
		return -ENOMEM;
	if (!(newflags & VM_LOCKED))
		mm->locked_vm -= (oldflags & VM_LOCKED) ? npages : 0;
	else if (!(oldflags & VM_LOCKED))
		mm->locked_vm += npages;
	(*vp)->vm_flags = newflags;
	return 0;
}

/*
 * Sets the lock flags of every VMA in [start, start + len) to flags, VMA
 * after VMA as mprotect does: a hole is ENOMEM, and what came before it
 * stays changed, as on Linux.
 */
static int apply_vma_lock_flags(uint32_t start, uint32_t len, uint32_t flags)
{
	struct mm_struct *mm = current->mm;
	uint32_t end = start + len, nstart, tmp;
	struct vm_area_struct *v;
	int err;

	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	v = find_vma(mm, start);
	if (!v || v->vm_start > start)
		return -ENOMEM;
	for (nstart = start; ; v = v->vm_next) {
		uint32_t newflags = (v->vm_flags & ~VM_LOCKED_MASK) | flags;

		tmp = v->vm_end < end ? v->vm_end : end;
		if ((err = mlock_fixup(mm, &v, nstart, tmp, newflags)))
			return err;
		nstart = tmp;
		if (nstart >= end)
			return 0;
		if (!v->vm_next || v->vm_next->vm_start != nstart)
			return -ENOMEM;
	}
}

/* Pages of [start, start + len) already locked: they count once. */
static uint32_t count_mlocked_pages(struct mm_struct *mm, uint32_t start,
				    uint32_t len)
{
	uint32_t end = start + len, n = 0;

	for (struct vm_area_struct *v = find_vma(mm, start);
	     v && v->vm_start < end; v = v->vm_next)
		if (v->vm_flags & VM_LOCKED)
			n += ((v->vm_end < end ? v->vm_end : end) -
			      (v->vm_start > start ? v->vm_start : start)) >>
			     PAGE_SHIFT;
	return n;
}

/*
 * Linux's do_mlock: EPERM without the right, ENOMEM past RLIMIT_MEMLOCK,
 * then the flags, then the pages (a page that cannot be had: ENOMEM, no
 * memory for it: EAGAIN, as __mlock_posix_error_return says).
 */
static long do_mlock(uint32_t start, uint32_t len, uint32_t flags)
{
	struct mm_struct *mm = current->mm;
	uint32_t locked;
	int err;

	if (!can_do_mlock())
		return -EPERM;
	len = PAGE_ALIGN(len + (start & ~PAGE_MASK));
	start &= PAGE_MASK;
	locked = (len >> PAGE_SHIFT) + mm->locked_vm;
	if (!mlock_within_limit(mm, len >> PAGE_SHIFT))
		locked -= count_mlocked_pages(mm, start, len);
	if (current->euid != 0 && locked > rlimit(RLIMIT_MEMLOCK) >> PAGE_SHIFT)
		return -ENOMEM;
	if ((err = apply_vma_lock_flags(start, len, flags)))
		return err;
	if (flags & VM_LOCKONFAULT)
		return 0;
	err = populate(start, len);
	return err == -EFAULT ? -ENOMEM : err == -ENOMEM ? -EAGAIN : 0;
}

long sys_mlock(uint32_t start, uint32_t len)
{
	return do_mlock(start, len, VM_LOCKED);
}

long sys_mlock2(uint32_t start, uint32_t len, uint32_t flags)
{
	if (flags & ~MLOCK_ONFAULT)
		return -EINVAL;
	return do_mlock(start, len, VM_LOCKED |
			((flags & MLOCK_ONFAULT) ? VM_LOCKONFAULT : 0));
}

long sys_munlock(uint32_t start, uint32_t len)
{
	len = PAGE_ALIGN(len + (start & ~PAGE_MASK));
	return apply_vma_lock_flags(start & PAGE_MASK, len, 0);
}

/*
 * MCL_FUTURE locks what is mapped from now on (mm->def_flags), MCL_CURRENT
 * what is mapped now; without either, nothing is locked any more.
 */
static void apply_mlockall_flags(uint32_t flags)
{
	struct mm_struct *mm = current->mm;
	uint32_t to_add = 0;

	mm->def_flags &= ~VM_LOCKED_MASK;
	if (flags & MCL_FUTURE)
		mm->def_flags |= VM_LOCKED |
				 ((flags & MCL_ONFAULT) ? VM_LOCKONFAULT : 0);
	if (flags & MCL_CURRENT)
		to_add = VM_LOCKED | ((flags & MCL_ONFAULT) ? VM_LOCKONFAULT : 0);
	if (!(flags & MCL_CURRENT) && (flags & MCL_FUTURE))
		return;
	for (struct vm_area_struct *v = mm->mmap; v; v = v->vm_next) {
		cond_resched();
		/* A whole VMA: no split, no failure. */
		mlock_fixup(mm, &v, v->vm_start, v->vm_end,
			    (v->vm_flags & ~VM_LOCKED_MASK) | to_add);
	}
}

long sys_mlockall(uint32_t flags)
{
	struct mm_struct *mm = current->mm;

	if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) ||
	    flags == MCL_ONFAULT)
		return -EINVAL;
	if (!can_do_mlock())
		return -EPERM;
	if ((flags & MCL_CURRENT) && current->euid != 0 &&
	    mm->total_vm > rlimit(RLIMIT_MEMLOCK) >> PAGE_SHIFT)
		return -ENOMEM;
	apply_mlockall_flags(flags);
	if ((flags & (MCL_CURRENT | MCL_ONFAULT)) == MCL_CURRENT)
		populate(0, TASK_SIZE);
	return 0;
}

long sys_munlockall(void)
{
	apply_mlockall_flags(0);
	return 0;
}
