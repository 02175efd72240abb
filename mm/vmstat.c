/*
 * /proc/vmstat: the kernel's event counters, in Linux 6.1's format (one
 * "name value" line each, mm/vmstat.c's vmstat_text).  Linux has about 150;
 * shmos prints the free pages and the counters it keeps:
 *
 *   pgpgin, pgpgout    KiB read from and written to disk (drivers/blkdev.c)
 *   pswpin, pswpout    pages read from and written to swap (mm/swapfile.c)
 */
#include "mm/swap.h"
#include "fs/proc.h"

uint32_t vm_events[NR_VM_EVENT_ITEMS];

void proc_vmstat_show(struct seq_file *m, const void *arg)
{
	static const char *const names[NR_VM_EVENT_ITEMS] = {
		[PGPGIN] = "pgpgin",
		[PGPGOUT] = "pgpgout",
		[PSWPIN] = "pswpin",
		[PSWPOUT] = "pswpout",
	};

	seq_printf(m, "nr_free_pages %u\n", nr_free_pages());
	for (int i = 0; i < NR_VM_EVENT_ITEMS; i++)
		seq_printf(m, "%s %u\n", names[i], vm_events[i]);
}
