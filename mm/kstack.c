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
 * The area's page tables are made by paging_init and shared by every page
 * directory, so a stack mapped here is in every address space at once.
 * No TLB holds an entry of another address space (a switch reloads CR3 and
 * the kernel uses no global pages), so unmapping needs an invlpg here only.
 * One CPU may still hold an entry of a slot it wrote without switching
 * since: fork writes the child's stack on the parent's CPU.  So a slot's
 * entries are flushed here again when it gets new frames, and alloc_task
 * (kernel/sched.c) has the other CPUs flush them too (docs/smp.md).
 *
 * The task table (kernel/sched.c's tasks[]) is mapped the same way, in an
 * area of its own: room for TASK_TABLE_BOOT tasks at boot, then a page at
 * a time as the highest slot in use grows, so room for NR_TASKS costs only
 * the memory of the most tasks there have been at once (Linux allocates
 * each task_struct on its own).  It never shrinks: a slot freed may still
 * be read (a vfork parent looks at its child's, which may have been reaped).
 */
#include <stddef.h>
#include "mm/kstack.h"
#include "mm/page.h"
#include "mm/pgtable.h"
#include "kernel/errno.h"
#include "kernel/x86.h"

static uint32_t stack_bottom(int slot)
{
	return KSTACK_BASE + slot * KSTACK_SLOT + THREAD_SIZE;
}

/* The stack's two PTEs: a slot never straddles two page tables. */
static pte_t *stack_ptes(int slot)
{
	return pte_walk(swapper_pg_dir, stack_bottom(slot), 0);
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
		invlpg(stack_bottom(slot) + i * PAGE_SIZE);
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

static uint32_t task_table_mapped = TASK_TABLE_BASE;	/* mapped below this */

/*
 * Maps the task table's first bytes (zeroed: every new slot is
 * TASK_UNUSED); 0, or -ENOMEM.  From sched_init and alloc_task.
 */
int task_table_grow(uint32_t bytes)
{
	while (task_table_mapped < TASK_TABLE_BASE + bytes) {
		void *pg;

		if (task_table_mapped >= TASK_TABLE_END || !(pg = get_free_page()))
			return -ENOMEM;
		*pte_walk(swapper_pg_dir, task_table_mapped, 0) = V2P(pg) | PTE_W | PTE_P;
		task_table_mapped += PAGE_SIZE;
	}
	return 0;
}

/*
 * The table's frames: /proc/slabinfo's task_struct line and meminfo's Slab
 * count them, so a leak check that sees free memory fall can tell growth
 * of the table, which serves later forks, from a frame lost.
 */
uint32_t task_table_pages(void)
{
	return (task_table_mapped - TASK_TABLE_BASE) / PAGE_SIZE;
}
