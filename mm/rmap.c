/*
 * The PTEs that map a page of a shared object, found through the object's
 * list of its mappings (vm_next_share: a shm segment's attaches, a tmpfs
 * file's i_mmap), as Linux 2.2's shm_swap found them and Linux's rmap does
 * for every page.  Reclaim's clocks (shm_swap in ipc/shm.c, shmem_swap in
 * fs/ramfs_swap.c) ask here whether a page has been used since their last
 * look, and take it out of every mapping before it goes to swap.
 */
#include "mm/memcontrol.h"
#include "mm/mm.h"
#include "mm/swap.h"

/*
 * The PTE of page idx of the object in the mapping vma, and its address,
 * if vma covers idx and the PTE maps a frame; else NULL.
 */
pte_t *shared_pte(struct vm_area_struct *vma, uint32_t idx, uint32_t *va)
{
	uint32_t pages = (vma->vm_end - vma->vm_start) / PAGE_SIZE;
	pte_t *pte;

	if (idx < vma->vm_pgoff || idx - vma->vm_pgoff >= pages)
		return NULL;
	*va = vma->vm_start + (idx - vma->vm_pgoff) * PAGE_SIZE;
	pte = pte_walk(vma->vm_mm->pgd, *va, 0);
	return pte && (*pte & PTE_P) ? pte : NULL;
}

/*
 * The clock's look at page idx, frame pg, of the object that the mappings
 * vmas map: 1 if it may go now.  A mapping that has used it since the last
 * look (its PTE's accessed bit) gives it a second chance, the bit cleared;
 * an mlock'd mapping keeps it in; so does a frame above the direct map
 * (the disk driver copies through a kernel address, as for private pages:
 * mm/vmscan.c).  A PTE of a private copy (a MAP_PRIVATE mapping of a file
 * that was written) is not pg's, and says nothing about it.
 */
int shared_page_old(struct vm_area_struct *vmas, uint32_t idx, struct page *pg)
{
	int old = 1;

	if ((pg->flags & (PG_HIGHMEM | PG_RESERVED)) || !mem_cgroup_may_swap_page(pg))
		return 0;	/* or its memory cgroup's swap is full, or another's reclaim */
	for (struct vm_area_struct *v = vmas; v; v = v->vm_next_share) {
		uint32_t va;
		pte_t *pte = shared_pte(v, idx, &va);

		if (!pte || pte_page(*pte) != pg)
			continue;
		if (v->vm_flags & VM_LOCKED)
			return 0;
		if (*pte & PTE_A) {
			*pte &= ~PTE_A;
			flush_tlb_page(v->vm_mm->pgd, va);
			old = 0;
		}
	}
	return old;
}

/*
 * Every mapping's PTE of page idx goes, with its reference on pg; each
 * mm's TLB is flushed (every CPU that may hold the entry).  The next touch
 * faults into the object's nopage, which finds the page where the object
 * keeps it: in memory, or its swap entry.
 */
void unmap_shared_page(struct vm_area_struct *vmas, uint32_t idx,
		       struct page *pg)
{
	for (struct vm_area_struct *v = vmas; v; v = v->vm_next_share) {
		uint32_t va;
		pte_t *pte = shared_pte(v, idx, &va);

		if (!pte || pte_page(*pte) != pg)
			continue;
		*pte = 0;	/* "never touched" */
		flush_tlb_page(v->vm_mm->pgd, va);
		put_page(pg);
	}
}
