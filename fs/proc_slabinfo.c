/*
 * /proc/slabinfo: the kernel's object caches in Linux's format 2.1
 * (Linux's mm/slab_common.c), root's only as on Linux.  shmos has two kinds:
 *
 *   kmalloc-16 .. kmalloc-2048   kmalloc's size classes (mm/kmalloc.c):
 *                                a page each slab, given back when empty
 *   task_struct                  the task table (mm/kstack.c), which grows a
 *                                page at a time and never shrinks
 *
 * No cache has per-CPU arrays, so the tunables are 0.  The task table is
 * one array, so an object may straddle two of its "slabs" (pages).
 */
#include "fs/proc.h"
#include "kernel/printk.h"
#include "kernel/task.h"
#include "mm/kmalloc.h"
#include "mm/kstack.h"
#include "mm/page.h"

static void show_cache(struct seq_file *m, const char *name, uint32_t active,
		       uint32_t objs, uint32_t size, uint32_t pages)
{
	uint32_t per_slab = size <= PAGE_SIZE ? PAGE_SIZE / size : 1;

	seq_printf(m, "%-17s %6u %6u %6u %4u %4d : tunables %4u %4u %4u : "
		   "slabdata %6u %6u %6u\n", name, active, objs, size, per_slab,
		   1, 0, 0, 0, pages, pages, 0);
}

void proc_slabinfo_show(struct seq_file *m, const void *arg)
{
	uint32_t table = task_table_pages();
	char name[16];

	seq_printf(m, "slabinfo - version: 2.1\n");
	seq_printf(m, "# name            <active_objs> <num_objs> <objsize> <objperslab> "
		   "<pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : "
		   "slabdata <active_slabs> <num_slabs> <sharedavail>\n");
	show_cache(m, "task_struct", count_tasks(),
		   table * PAGE_SIZE / sizeof(struct task), sizeof(struct task), table);
	for (int c = KMALLOC_CLASSES - 1; c >= 0; c--) {
		uint32_t size, active, pages;

		kmalloc_class_usage(c, &size, &active, &pages);
		snprintf(name, sizeof(name), "kmalloc-%u", size);
		show_cache(m, name, active, pages * (PAGE_SIZE / size), size, pages);
	}
}
