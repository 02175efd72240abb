/*
 * /proc/PID/smaps: each VMA's line of maps, then what its pages are, as
 * Linux's fs/proc/task_mmu.c counts them (procps's pmap -x reads it), and
 * /proc/PID/smaps_rollup, the same counts summed over the whole process.
 *
 * A walk of the VMA's page tables looks at each present page: resident
 * (Rss), dirty or clean, referenced (the accessed bit), and shared or
 * private by how many PTEs map it.  shmos keeps no map count apart: a
 * page's references are its PTEs', plus one for the segment or file that
 * holds it and one while it is in the swap cache.  Pss is each page's size
 * divided among its mappers.  A swap entry in a PTE is a page out on swap.
 * shmos has no huge pages: those lines are 0.
 */
#include "fs/proc.h"
#include "kernel/string.h"
#include "mm/mm.h"
#include "mm/page.h"
#include "mm/pgtable.h"
#include "mm/swap.h"

/* Linux's fixed point for Pss: page sizes shifted left, divided by the mappers. */
#define PSS_SHIFT	12

/* Linux's mem_size_stats, in bytes (pss in bytes << PSS_SHIFT). */
struct mem_size_stats {
	uint64_t resident, shared_clean, shared_dirty, private_clean, private_dirty;
	uint64_t referenced, anonymous, swap, pss, pss_dirty, pss_anon, pss_file;
	uint64_t pss_shmem, pss_locked;
};

/* Is v an attach of a segment (or MAP_SHARED anonymous memory)? */
static int vma_is_shm(struct vm_area_struct *v)
{
	return v->vm_ops && strcmp(v->vm_ops->name, "shm") == 0;
}

/*
 * The references to pg that are not PTEs': the segment's or the file's
 * (the page is theirs, not a private copy), the swap cache's.
 */
static int owner_refs(struct vm_area_struct *v, uint32_t va, struct page *pg)
{
	int refs = (pg->flags & PG_SWAPCACHE) != 0;

	if (vma_is_shm(v))
		refs++;
	else if (v->vm_file && is_ramfs_file(v->vm_file->inode) &&
		 ramfs_findpage(v->vm_file->inode, linear_page_index(v, va)) == pg)
		refs++;
	return refs;
}

static void smaps_page(struct mem_size_stats *mss, struct vm_area_struct *v, uint32_t va,
		       pte_t pte)
{
	struct page *pg = pte_page(pte);
	int mapcount = pg->count - owner_refs(v, va, pg), dirty = (pte & PTE_D) != 0;
	int anon = !vma_is_shm(v) && owner_refs(v, va, pg) == ((pg->flags & PG_SWAPCACHE) != 0);
	uint64_t pss = ((uint64_t)PAGE_SIZE << PSS_SHIFT) / (mapcount > 1 ? mapcount : 1);

	mss->resident += PAGE_SIZE;
	mss->referenced += (pte & PTE_A) ? PAGE_SIZE : 0;
	mss->anonymous += anon ? PAGE_SIZE : 0;
	if (mapcount > 1)
		*(dirty ? &mss->shared_dirty : &mss->shared_clean) += PAGE_SIZE;
	else
		*(dirty ? &mss->private_dirty : &mss->private_clean) += PAGE_SIZE;
	mss->pss += pss;
	mss->pss_dirty += dirty ? pss : 0;
	*(anon ? &mss->pss_anon : vma_is_shm(v) ? &mss->pss_shmem : &mss->pss_file) += pss;
	if (v->vm_flags & VM_LOCKED)
		mss->pss_locked += pss;
}

/* Every page table of v, a page table absent at a time skipped. */
static void smaps_walk(struct mem_size_stats *mss, struct vm_area_struct *v)
{
	pde_t *pgd = v->vm_mm->pgd;

	for (uint32_t va = v->vm_start; va < v->vm_end; ) {
		uint32_t next = (va & ~0x3fffffu) + (4u << 20);
		pde_t pde = pgd[PDX(va)];
		pte_t *pt = (pde & PTE_P) && !(pde & PTE_PS) ? P2V(pde & PAGE_MASK) : NULL;

		if (next > v->vm_end || next == 0)
			next = v->vm_end;
		for (; pt && va < next; va += PAGE_SIZE) {
			pte_t pte = pt[PTX(va)];

			if (pte & PTE_P)
				smaps_page(mss, v, va, pte);
			else if (is_swap_pte(pte))
				mss->swap += PAGE_SIZE;
		}
		va = next;
	}
}

/* A line "Name:   <kB> kB", the value right-aligned in 8 columns, as Linux's. */
static void put_kb(struct seq_file *m, const char *name, uint64_t bytes)
{
	seq_printf(m, "%-16s%8llu kB\n", name, (unsigned long long)(bytes >> 10));
}

static void show_smap_counts(struct seq_file *m, const struct mem_size_stats *mss, int rollup)
{
	put_kb(m, "Rss:", mss->resident);
	put_kb(m, "Pss:", mss->pss >> PSS_SHIFT);
	put_kb(m, "Pss_Dirty:", mss->pss_dirty >> PSS_SHIFT);
	if (rollup) {
		put_kb(m, "Pss_Anon:", mss->pss_anon >> PSS_SHIFT);
		put_kb(m, "Pss_File:", mss->pss_file >> PSS_SHIFT);
		put_kb(m, "Pss_Shmem:", mss->pss_shmem >> PSS_SHIFT);
	}
	put_kb(m, "Shared_Clean:", mss->shared_clean);
	put_kb(m, "Shared_Dirty:", mss->shared_dirty);
	put_kb(m, "Private_Clean:", mss->private_clean);
	put_kb(m, "Private_Dirty:", mss->private_dirty);
	put_kb(m, "Referenced:", mss->referenced);
	put_kb(m, "Anonymous:", mss->anonymous);
	put_kb(m, "LazyFree:", 0);
	put_kb(m, "AnonHugePages:", 0);
	put_kb(m, "ShmemPmdMapped:", 0);
	put_kb(m, "FilePmdMapped:", 0);
	put_kb(m, "Shared_Hugetlb:", 0);
	seq_printf(m, "Private_Hugetlb: %7u kB\n", 0);
	put_kb(m, "Swap:", mss->swap);
	put_kb(m, "SwapPss:", mss->swap);	/* a slot's mappers are not counted */
	put_kb(m, "Locked:", mss->pss_locked >> PSS_SHIFT);
}

/* The flags of v that shmos has, by Linux's two-letter names, in bit order. */
static void show_vma_flags(struct seq_file *m, struct vm_area_struct *v)
{
	static const struct { uint32_t flag; const char *name; } names[] = {
		{ VM_READ, "rd" }, { VM_WRITE, "wr" }, { VM_EXEC, "ex" },
		{ VM_SHARED, "sh" }, { VM_MAYREAD, "mr" }, { VM_MAYWRITE, "mw" },
		{ VM_MAYEXEC, "me" }, { VM_MAYSHARE, "ms" }, { VM_GROWSDOWN, "gd" },
		{ VM_LOCKED, "lo" }, { VM_DONTCOPY, "dc" }, { VM_LOCKONFAULT, "lf" },
		{ VM_WIPEONFORK, "wf" },
	};

	seq_printf(m, "VmFlags:");
	for (uint32_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (v->vm_flags & names[i].flag)
			seq_printf(m, " %s", names[i].name);
	seq_write(m, "\n", 1);
}

void proc_smaps_show(struct seq_file *m, struct mm_struct *mm, int rollup)
{
	struct mem_size_stats mss;
	char *page = rollup ? NULL : get_free_page();	/* for a file's name */
	struct vm_area_struct *v;

	memset(&mss, 0, sizeof(mss));
	for (v = mm ? mm->mmap : NULL; v && !seq_full(m); v = v->vm_next) {
		if (!rollup)
			memset(&mss, 0, sizeof(mss));
		smaps_walk(&mss, v);
		if (rollup)
			continue;
		show_map_vma(m, v, page);
		put_kb(m, "Size:", v->vm_end - v->vm_start);
		put_kb(m, "KernelPageSize:", PAGE_SIZE);
		put_kb(m, "MMUPageSize:", PAGE_SIZE);
		show_smap_counts(m, &mss, 0);
		seq_printf(m, "THPeligible:    0\n");
		show_vma_flags(m, v);
	}
	if (rollup && mm && mm->mmap) {
		struct vm_area_struct *last = mm->mmap;
		uint64_t line;

		while (last->vm_next)
			last = last->vm_next;
		line = m->count;
		seq_printf(m, "%08x-%08x ---p 00000000 00:00 0 ", mm->mmap->vm_start,
			   last->vm_end);
		seq_pad_to(m, line, MAPS_NAME_COL);
		seq_printf(m, " [rollup]\n");
		show_smap_counts(m, &mss, 1);
	}
	if (page)
		free_kpage(page);
}
