/*
 * The virtual memory map (docs/memory-map.md draws it):
 *
 *   0x00000000 - 0xBFFFFFFF  user space (TASK_SIZE), per process
 *   0xC0000000 - 0xEFFFFFFF  all physical memory below 768 MiB, mapped
 *                            1:1 + KERNEL_BASE ("lowmem", the direct map)
 *   0xF0000000 - 0xF03FFFFF  kmap slots: temporary windows on frames above
 *                            768 MiB ("highmem"), which only user and shm
 *                            pages use, as on Linux
 *   0xF0400000 - 0xF07FFFFF  kernel stacks: one 16 KiB slot per task slot,
 *                            an unmapped 8 KiB guard below its 8 KiB stack,
 *                            so an overflow faults (mm/kstack.c)
 *   0xF0800000 - 0xF0BFFFFF  the vmalloc area: what the kernel maps at boot
 *                            and keeps, device registers (ioremap) and the
 *                            other CPUs' idle stacks (mm/vmalloc.c)
 */
#ifndef MM_LAYOUT_H
#define MM_LAYOUT_H

#define PAGE_SIZE	4096
#define PAGE_SHIFT	12
#define PAGE_MASK	(~(PAGE_SIZE - 1))
#define PAGE_ALIGN(x)	(((x) + PAGE_SIZE - 1) & PAGE_MASK)

#define KERNEL_BASE	0xC0000000u
#define TASK_SIZE	KERNEL_BASE
#define LOWMEM_LIMIT	0x30000000u	/* 768 MiB of direct map */
#define KMAP_BASE	0xF0000000u
#define KMAP_SLOTS	4

/*
 * Each task's kernel stack is THREAD_SIZE bytes, as Linux i386's: the
 * deepest path scripts/stackcheck finds, with interrupts on top, must fit.
 * Slot n of the area (task n's) is a guard of THREAD_SIZE that is never
 * mapped, then the stack; the area is 16 page tables' 64 MiB, a slot for
 * each slot of the task table (NR_TASKS, kernel/task.h).
 */
#define KSTACK_BASE	0xF0400000u
#define THREAD_SIZE	8192u
#define KSTACK_SLOT	(2 * THREAD_SIZE)
#define KSTACK_SLOTS	4096
#define KSTACK_END	(KSTACK_BASE + KSTACK_SLOTS * KSTACK_SLOT)

#define VMALLOC_START	0xF4400000u
#define VMALLOC_END	0xF4800000u	/* one page table's 4 MiB */

/*
 * The task table (kernel/sched.c's tasks[]), mapped a page at a time as
 * its highest slot in use grows (mm/kstack.c: task_table_grow).
 */
#define TASK_TABLE_BASE	0xF4800000u
#define TASK_TABLE_END	0xF5400000u	/* 12 MiB: NR_TASKS of them */

/* Where shmat(NULL) and mmap(NULL) start looking, as in Linux 2.2. */
#define TASK_UNMAPPED_BASE	0x40000000u
#define USER_STACK_TOP		TASK_SIZE
#define USER_STACK_MAX		(8u << 20)	/* RLIMIT_STACK */

#define P2V(pa)	((void *)((unsigned long)(pa) + KERNEL_BASE))
#define V2P(va)	((unsigned long)(va) - KERNEL_BASE)

#endif
