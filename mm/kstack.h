/*
 * Kernel stacks (mm/kstack.c): task n's THREAD_SIZE stack in slot n of the
 * kernel stack area, above a guard that is never mapped; and the task
 * table's memory.
 */
#ifndef MM_KSTACK_H
#define MM_KSTACK_H

#include <stdint.h>
#include "mm/layout.h"

void *alloc_thread_stack(int slot);
void free_thread_stack(int slot);
int task_table_grow(uint32_t bytes);
uint32_t task_table_pages(void);	/* mapped so far: it never shrinks */

/* Is addr in the guard below one of the kernel stacks? */
static inline int kstack_guard(uint32_t addr)
{
	return addr >= KSTACK_BASE && addr - KSTACK_BASE < KSTACK_SLOTS * KSTACK_SLOT &&
	       (addr - KSTACK_BASE) % KSTACK_SLOT < THREAD_SIZE;
}

#endif
