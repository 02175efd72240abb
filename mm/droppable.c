/*
 * MAP_DROPPABLE memory (Linux 6.11): private anonymous memory whose pages
 * the kernel may take back whenever memory is short, instead of writing
 * them to swap (there may be none).  A page taken back reads as zeros at
 * its next touch, and mincore reports it absent until then.  It is for
 * data a program can make again (a cache, a random number generator's
 * state): mmap refuses it with MAP_LOCKED, mlock leaves it unlocked, and a
 * fork's child gets the mapping but none of its pages (VM_WIPEONFORK).
 *
 * Reclaim takes these pages before any other (mm/vmscan.c's
 * free_pages_to, for the machine; mm/memcontrol.c, for a group at its
 * memory.max), since no write is needed: drop_droppable_pages walks the
 * processes' VM_DROPPABLE VMAs as the swap clock walks private ones.  A
 * page used since the last walk has its accessed bit set: the walk clears
 * it and passes on (a second chance); a page whose bit is still clear
 * goes: its PTE is cleared and its frame freed.  Two walks at most, so
 * that a call finds pages even when all were used since the last.
 *
 * No fault without the big kernel lock touches a VM_DROPPABLE VMA
 * (mm/fault.c), and the walk holds the lock: it cannot race a first touch
 * of the same PTE.
 */
#include "mm/memcontrol.h"
#include "kernel/cgroup.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "mm/page.h"

/* Drops up to nr pages of mm's VM_DROPPABLE VMAs; how many went. */
static uint32_t drop_mm(struct mm_struct *mm, uint32_t nr)
{
	uint32_t dropped = 0;

	for (struct vm_area_struct *v = mm->mmap; v && dropped < nr; v = v->vm_next) {
		if (!(v->vm_flags & VM_DROPPABLE))
			continue;
		for (uint32_t va = v->vm_start; va < v->vm_end && dropped < nr;
		     va += PAGE_SIZE) {
			pte_t *pte = pte_walk(mm->pgd, va, 0);
			struct page *pg;

			if (!pte) {			/* no page table: 4 MiB */
				va = (va & ~0x3FFFFFu) + (4u << 20) - PAGE_SIZE;
				continue;
			}
			if (!(*pte & PTE_P))
				continue;
			pg = pte_page(*pte);
			if (!(*pte & PTE_A)) {
				*pte = 0;
				dropped++;
			} else {
				*pte &= ~PTE_A;		/* used: a second chance */
			}
			flush_tlb_page(mm->pgd, va);
			if (!*pte)
				put_page(pg);
		}
	}
	return dropped;
}

uint32_t drop_droppable_pages(struct cgroup *cg, uint32_t nr)
{
	uint32_t dropped = 0;

	for (int pass = 0; pass < 2 && dropped < nr; pass++)
		for_each_process(t)
			if (t->mm && t->state != TASK_ZOMBIE && dropped < nr &&
			    (!cg || cgroup_is_descendant(task_cgroup(t), cg)))
				dropped += drop_mm(t->mm, nr - dropped);
	return dropped;
}
