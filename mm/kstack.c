/*
 * Kernel stacks with guard pages.  A task's kernel stack holds its
 * trapframe and every call the kernel makes for it; a path deeper than the
 * stack would silently overwrite whatever lies below.  So the stacks are
 * not in the direct map, where below is another task's stack or a page
 * table, but each in its own slot of the kernel stack area (mm/layout.h),
 * whose lower half is never mapped: the guard.  A push into the guard
 * faults; the page fault cannot push its frame there either, so the CPU
 * raises a double fault, which kernel/doublefault.c takes on a stack of its
 * own and reports as an oops naming the task.  scripts/stackcheck checks at
 * build time that no path of the kernel gets that deep.
 *
 * The area has one page table, made by paging_init and shared by every
 * page directory, so a stack mapped here is in every address space at once.
 * No TLB holds an entry of another address space (a switch reloads CR3 and
 * the kernel uses no global pages), so unmapping needs an invlpg here only.
 */
#include <stddef.h>
#include "mm/kstack.h"
#include "mm/page.h"
#include "mm/pgtable.h"
#include "kernel/x86.h"

extern pte_t *kstack_pte;	/* mm/pgtable.c */

static uint32_t stack_bottom(int slot)
{
	return KSTACK_BASE + slot * KSTACK_SLOT + THREAD_SIZE;
}

static pte_t *stack_ptes(int slot)
{
	return &kstack_pte[(stack_bottom(slot) - KSTACK_BASE) / PAGE_SIZE];
}

/*
 * Maps a stack in slot; its lowest address, or NULL without memory.  Its
 * frames are not cleared: the kernel writes before it reads (the
 * trapframe, the first context), and no user sees a kernel stack, so
 * zeroing 8 KiB would only slow every fork.
 */
void *alloc_thread_stack(int slot)
{
	pte_t *pte = stack_ptes(slot);

	for (uint32_t i = 0; i < THREAD_SIZE / PAGE_SIZE; i++) {
		struct page *pg = alloc_page(GFP_KERNEL);

		if (!pg) {
			free_thread_stack(slot);
			return NULL;
		}
		pte[i] = page_to_phys(pg) | PTE_W | PTE_P;
	}
	return (void *)stack_bottom(slot);
}

/* Gives back slot's frames; the stack must not be the one in use. */
void free_thread_stack(int slot)
{
	pte_t *pte = stack_ptes(slot);
	uint32_t va = stack_bottom(slot);

	for (uint32_t i = 0; i < THREAD_SIZE / PAGE_SIZE; i++, va += PAGE_SIZE) {
		if (pte[i] & PTE_P) {
			put_page(pte_page(pte[i]));
			pte[i] = 0;
			invlpg(va);
		}
	}
}
