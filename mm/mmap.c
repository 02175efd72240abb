/*
 * brk, munmap, mprotect, and do_mmap, which places a new mapping: what malloc
 * asks for.  Pages come on first touch.  The mmap system calls themselves
 * are kernel/sys_mmap.c's.
 */
#include "mm/mm.h"
#include "mm/kmalloc.h"
#include "kernel/errno.h"
#include "kernel/task.h"

static uint32_t prot_to_vm(uint32_t prot)
{
	return ((prot & PROT_READ) ? VM_READ : 0) |
	       ((prot & PROT_WRITE) ? VM_WRITE | VM_READ : 0) |
	       ((prot & PROT_EXEC) ? VM_EXEC | VM_READ : 0);
}

/* The heap is one VMA [start_brk, brk) that grows and shrinks in place. */
long sys_brk(uint32_t brk)
{
	struct mm_struct *mm = current->mm;
	uint32_t old_end = PAGE_ALIGN(mm->brk), new_end = PAGE_ALIGN(brk);
	struct vm_area_struct *heap;

	/* Past TASK_SIZE PAGE_ALIGN would wrap to 0 and shrink the heap away. */
	if (brk < mm->start_brk || brk > TASK_SIZE)
		return mm->brk;
	if (new_end < old_end) {
		do_munmap(mm, new_end, old_end - new_end);
	} else if (new_end > old_end) {
		if (!range_is_free(mm, old_end, new_end))
			return mm->brk;
		heap = find_vma(mm, old_end - 1);
		if (heap && heap->vm_end == old_end && !heap->vm_ops &&
		    heap->vm_start >= mm->start_brk) {
			heap->vm_end = new_end;
			mm->total_vm += (new_end - old_end) >> PAGE_SHIFT;
		} else {
			heap = vma_alloc(mm, old_end, new_end, VM_READ | VM_WRITE);
			if (!heap)
				return mm->brk;
			insert_vm_struct(mm, heap);
		}
	}
	mm->brk = brk;
	return brk;
}

/*
 * A new mapping of len bytes (page aligned, not 0) at addr, or where there is
 * room if addr is 0 or taken, or exactly at addr with MAP_FIXED (replacing
 * what was there).  setup is the object's part, which gives the VMA its
 * vm_ops (shm_zero_setup for shared anonymous memory), or NULL for private
 * anonymous memory.  Returns the address or -errno.
 */
long do_mmap(struct mm_struct *mm, uint32_t addr, uint32_t len, uint32_t prot,
	     uint32_t flags, int (*setup)(struct vm_area_struct *vma))
{
	struct vm_area_struct *v;

	if (flags & MAP_FIXED) {
		if (addr + len > TASK_SIZE || addr + len < addr)
			return -EINVAL;
		if (do_munmap(mm, addr, len))
			return -ENOMEM;
	} else if (!addr || !range_is_free(mm, addr, addr + len)) {
		if (!(addr = get_unmapped_area(mm, len)))
			return -ENOMEM;
	}
	if (!(v = vma_alloc(mm, addr, addr + len, prot_to_vm(prot))))
		return -ENOMEM;
	if (setup && setup(v)) {
		kfree(v);
		return -ENOMEM;
	}
	insert_vm_struct(mm, v);
	return addr;
}

long sys_munmap(uint32_t addr, uint32_t len)
{
	if (!len)
		return -EINVAL;
	return do_munmap(current->mm, addr, len);
}

/*
 * mprotect: VMAs that straddle the range are split first, as on Linux, so
 * the new protection applies to exactly [addr, addr+len).
 */
long sys_mprotect(uint32_t addr, uint32_t len, uint32_t prot)
{
	struct mm_struct *mm = current->mm;
	uint32_t end = addr + PAGE_ALIGN(len);
	struct vm_area_struct *v;

	if ((addr & ~PAGE_MASK) || end < addr || end > TASK_SIZE)
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
		return -EINVAL;
	for (uint32_t a = addr; a < end; a = v->vm_end) {
		v = find_vma(mm, a);
		if (!v || v->vm_start > a)
			return -ENOMEM;		/* a hole in the range */
		if ((v->vm_flags & VM_SHARED) && (prot & PROT_WRITE) &&
		    !(v->vm_flags & VM_WRITE))
			return -EACCES;		/* a read-only shm attach stays so */
	}
	for (v = find_vma(mm, addr); v && v->vm_start < end; v = v->vm_next) {
		if (v->vm_start < addr) {
			if (split_vma(v, addr))
				return -ENOMEM;
			continue;		/* the upper piece comes next */
		}
		if (v->vm_end > end && split_vma(v, end))
			return -ENOMEM;
		v->vm_flags = (v->vm_flags & ~(VM_READ | VM_WRITE | VM_EXEC)) |
			      prot_to_vm(prot);
		/*
		 * Drop W bits now; a later write fault puts them back if
		 * allowed.  U follows VM_READ both ways: PROT_NONE takes it
		 * away, and a later PROT_READ must give it back, as no fault
		 * would (the page is present and the VMA readable).
		 */
		for (uint32_t va = v->vm_start; va < v->vm_end; va += PAGE_SIZE) {
			pte_t *pte;

			if (PTX(va) == 0)
				cond_resched();	/* 4 MiB at a time */
			pte = pte_walk(mm->pgd, va, 0);
			if (pte && (*pte & PTE_P)) {
				*pte &= ~(PTE_W | PTE_U);
				if (v->vm_flags & VM_READ)
					*pte |= PTE_U;
				flush_tlb_page(mm->pgd, va);
			}
		}
	}
	return 0;
}

long sys_madvise(void)
{
	return 0;
}
