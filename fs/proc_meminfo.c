/*
 * /proc/meminfo: the memory's use in Linux 6.1's format (Linux's
 * fs/proc/meminfo.c), with shmos's figures.  Linux sorts pages into many
 * kinds; shmos knows these:
 *
 *   MemTotal, MemFree      nr_total_pages, nr_free_pages (mm/page.c)
 *   MemAvailable           free pages less the kernel's reserve (what
 *                          could go to swap is not counted)
 *   Cached, Shmem          System V segments' pages with a frame
 *                          (ipc/shm.c) and the ramfs files' (tmpfs's:
 *                          fs/ramfs_swap.c's shmem_rss)
 *   Unevictable            the files' pages while no swap area is on
 *   AnonPages, Active      every process's private pages with a frame
 *   KernelStack, PageTables, Slab   the kernel's own (Slab: kmalloc's
 *                          pages and the task table's, /proc/slabinfo)
 *   HighTotal, HighFree    frames above the direct map (mm/highmem.c)
 *   SwapTotal, SwapFree    the swap areas' usable and free slots
 *                          (mm/swapfile.c)
 *   SwapCached             pages in the swap cache (mm/swap_state.c)
 *
 * Every kind shmos does not have (dirty pages, huge pages, vmalloc)
 * is 0, so a program reading a key finds it.  LTP reads MemFree,
 * MemAvailable and SwapFree; free and top read most of them.
 */
#include "fs/proc.h"
#include "ipc/shm.h"
#include "kernel/task.h"
#include "mm/kstack.h"
#include "mm/mm.h"
#include "mm/page.h"
#include "mm/swap.h"

/* Linux's show_val_kb: the name padded to 16, the number to 8, in kB. */
static void show_kb(struct seq_file *m, const char *name, uint32_t pages)
{
	seq_printf(m, "%-16s%8u kB\n", name, pages * (PAGE_SIZE / 1024));
}

/* What all processes' page tables hold: private pages and table pages. */
static void user_pages(uint32_t *anon, uint32_t *tables)
{
	*anon = *tables = 0;
	for_each_task(t) {
		struct mm_struct *mm = t->mm;
		int seen = 0;

		if (mm == NULL || t->state == TASK_ZOMBIE)
			continue;
		for_each_task(u)	/* an mm that clone shares counts once */
			if (u < t && u->mm == mm && u->state != TASK_ZOMBIE)
				seen = 1;
		if (seen)
			continue;
		for (uint32_t i = 0; i < USER_PDES; i++)
			*tables += mm->pgd[i] & PTE_P;
		*tables += 1;		/* the page directory */
		for (struct vm_area_struct *v = mm->mmap; v; v = v->vm_next) {
			if (v->vm_flags & VM_SHARED)
				continue;
			for (uint32_t va = v->vm_start; va < v->vm_end;
			     va += PAGE_SIZE) {
				pde_t pde = mm->pgd[PDX(va)];
				pte_t *pt = P2V(pde & PAGE_MASK);

				if (!(pde & PTE_P)) {
					va |= 0x3ff000;	/* to the table's end */
					continue;
				}
				*anon += pt[PTX(va)] & PTE_P;
			}
		}
	}
}

/* Frames kmalloc holds: a walk of mem_map. */
static uint32_t slab_pages(void)
{
	uint32_t n = 0;

	for (uint32_t pfn = 0; pfn < max_pfn; pfn++)
		n += (mem_map[pfn].flags & PG_SLAB) != 0;
	return n;
}

void proc_meminfo_show(struct seq_file *m, const void *arg)
{
	uint32_t total = nr_total_pages(), free = nr_free_pages();
	uint32_t reserve = min_free_kbytes / (PAGE_SIZE / 1024);
	uint32_t shmem = shm_rss_pages() + shmem_rss;
	uint32_t high = nr_total_highpages(), highfree = nr_free_highpages();
	uint32_t anon, tables, slab = slab_pages() + task_table_pages();
	uint32_t stacks = count_tasks() * (THREAD_SIZE / PAGE_SIZE);

	user_pages(&anon, &tables);
	show_kb(m, "MemTotal:", total);
	show_kb(m, "MemFree:", free);
	show_kb(m, "MemAvailable:", free > reserve ? free - reserve : 0);
	show_kb(m, "Buffers:", 0);
	show_kb(m, "Cached:", shmem);
	show_kb(m, "SwapCached:", nr_swapcache_pages);
	show_kb(m, "Active:", anon + shmem);
	show_kb(m, "Inactive:", 0);
	show_kb(m, "Active(anon):", anon + shmem);
	show_kb(m, "Inactive(anon):", 0);
	show_kb(m, "Active(file):", 0);
	show_kb(m, "Inactive(file):", 0);
	show_kb(m, "Unevictable:", total_swap_pages ? 0 : shmem_rss);
	show_kb(m, "Mlocked:", 0);
	show_kb(m, "HighTotal:", high);
	show_kb(m, "HighFree:", highfree);
	show_kb(m, "LowTotal:", total - high);
	show_kb(m, "LowFree:", free - highfree);
	show_kb(m, "SwapTotal:", total_swap_pages);
	show_kb(m, "SwapFree:", nr_swap_pages);
	show_kb(m, "Zswap:", 0);
	show_kb(m, "Zswapped:", 0);
	show_kb(m, "Dirty:", 0);
	show_kb(m, "Writeback:", 0);
	show_kb(m, "AnonPages:", anon);
	show_kb(m, "Mapped:", 0);
	show_kb(m, "Shmem:", shmem);
	show_kb(m, "KReclaimable:", 0);
	show_kb(m, "Slab:", slab);
	show_kb(m, "SReclaimable:", 0);
	show_kb(m, "SUnreclaim:", slab);
	seq_printf(m, "%-16s%8u kB\n", "KernelStack:", stacks * 4);
	show_kb(m, "PageTables:", tables);
	show_kb(m, "NFS_Unstable:", 0);
	show_kb(m, "Bounce:", 0);
	show_kb(m, "WritebackTmp:", 0);
	show_kb(m, "CommitLimit:", vm_commit_limit());
	show_kb(m, "Committed_AS:", anon + shmem);
	show_kb(m, "VmallocTotal:", 0);
	show_kb(m, "VmallocUsed:", 0);
	show_kb(m, "VmallocChunk:", 0);
	show_kb(m, "Percpu:", 0);
	show_kb(m, "HardwareCorrupted:", 0);
	show_kb(m, "AnonHugePages:", 0);
	show_kb(m, "ShmemHugePages:", 0);
	show_kb(m, "ShmemPmdMapped:", 0);
	show_kb(m, "FileHugePages:", 0);
	show_kb(m, "FilePmdMapped:", 0);
	seq_printf(m, "HugePages_Total:   %5u\nHugePages_Free:    %5u\n"
		   "HugePages_Rsvd:    %5u\nHugePages_Surp:    %5u\n", 0, 0, 0, 0);
	seq_printf(m, "%-16s%8u kB\n", "Hugepagesize:", 4096);
	show_kb(m, "Hugetlb:", 0);
	show_kb(m, "DirectMap4k:", total - high);
	show_kb(m, "DirectMap4M:", 0);
}
