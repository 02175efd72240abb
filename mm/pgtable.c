/* Page directories and page tables. */
#include "mm/pgtable.h"
#include "kernel/oops.h"
#include "kernel/smp.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "kernel/x86.h"
#include "mm/memcontrol.h"
#include "mm/swap.h"
#include "mm/vmalloc.h"

pde_t *swapper_pg_dir;		/* the kernel's own; also idle's */
DEFINE_PER_CPU(pde_t *, cpu_pgd);
pte_t *kmap_pte;		/* the page table behind KMAP_BASE */

/* Empty page tables behind [start, end), an area the kernel maps a page at a time. */
static void kernel_page_tables(uint32_t start, uint32_t end)
{
	for (uint32_t va = start; va < end; va += 4u << 20) {
		pte_t *pt = get_free_page();

		if (!pt)
			panic("paging_init: no memory for the kernel's page tables; give QEMU more (-m)");
		swapper_pg_dir[PDX(va)] = V2P(pt) | PTE_W | PTE_P;
	}
}

/*
 * The kernel half: 4 MiB pages over physical memory below 768 MiB, one
 * page table for the kmap slots, 16 for the kernel stacks, 3 for the task
 * table and one for the vmalloc area (mm/vmalloc.c).  Its page
 * directory entries never change after boot, so copying them into each new
 * page directory shares the kernel, those tables included, with it.
 */
void paging_init(void)
{
	uint32_t low_pfns = max_pfn < (LOWMEM_LIMIT >> PAGE_SHIFT) ?
			    max_pfn : (LOWMEM_LIMIT >> PAGE_SHIFT);

	swapper_pg_dir = get_free_page();
	kmap_pte = get_free_page();
	if (!swapper_pg_dir || !kmap_pte)
		panic("paging_init: no memory for the kernel's page tables; give QEMU more (-m)");
	for (uint32_t pa = 0; pa < low_pfns << PAGE_SHIFT; pa += 4u << 20)
		swapper_pg_dir[PDX(KERNEL_BASE + pa)] = pa | PTE_PS | PTE_W | PTE_P;
	swapper_pg_dir[PDX(KMAP_BASE)] = V2P(kmap_pte) | PTE_W | PTE_P;
	kernel_page_tables(KSTACK_BASE, KSTACK_END);
	kernel_page_tables(TASK_TABLE_BASE, TASK_TABLE_END);
	vmalloc_init();
	write_cr3(V2P(swapper_pg_dir));
}

pde_t *pgd_alloc(void)
{
	struct page *pg = alloc_page(GFP_KERNEL);
	pde_t *pgd;

	if (!pg)
		return NULL;
	pgd = page_address(pg);		/* the user half empty, the kernel's shared */
	memset(pgd, 0, USER_PDES * sizeof(pde_t));
	memcpy(pgd + USER_PDES, swapper_pg_dir + USER_PDES,
	       (1024 - USER_PDES) * sizeof(pde_t));
	return pgd;
}

/* Frees the user page tables; the pages they mapped are already unmapped. */
void pgd_free(pde_t *pgd)
{
	for (uint32_t i = 0; i < USER_PDES; i++)
		if (pgd[i] & PTE_P)
			free_kpage(P2V(pgd[i] & PAGE_MASK));
	free_kpage(pgd);
}

/*
 * The PTE for va, making its page table first, a frame of kind gfp (a user
 * kind: no reserve, as user pages, mm/page.h); NULL if there is no frame.
 * With __GFP_DIRECT_RECLAIM the allocation may sleep: another task (a
 * thread of the mm, a fault of the same page) may have made the table
 * meanwhile, and then the new frame goes back.
 */
pte_t *pte_alloc(pde_t *pgd, uint32_t va, int gfp)
{
	pde_t *pde = &pgd[PDX(va)];
	pte_t *pt;

	if (!(*pde & PTE_P)) {
		if (!(pt = get_zeroed_page(gfp)))
			return NULL;
		mem_cgroup_charge_pgtable(virt_to_page(pt));
		if (*pde & PTE_P)
			free_kpage(pt);
		else
			*pde = V2P(pt) | PTE_P | PTE_W | PTE_U;
	}
	pt = P2V(*pde & PAGE_MASK);
	return &pt[PTX(va)];
}

/* Maps pg at va; the caller's reference on pg now belongs to the PTE. */
int map_page(pde_t *pgd, uint32_t va, struct page *pg, uint32_t flags)
{
	pte_t *pte = pte_walk(pgd, va, 1), old;

	if (!pte)
		return -1;
	old = *pte;
	*pte = page_to_phys(pg) | flags | PTE_P;
	if (old & PTE_P)	/* the TLB never holds a not-present entry */
		flush_tlb_page(pgd, va);
	return 0;
}

/*
 * The PTE of va goes, and the reference it held on its frame, or on its
 * swap slot for a page out on swap (mm/swap.h).  The reference goes after
 * the shootdown: a first touch without the big kernel lock on another CPU
 * (mm/fault.c) may take a free frame at once, and by then no CPU may still
 * reach it through its TLB.
 */
static inline void zap_pte(pde_t *pgd, uint32_t va, pte_t *pte)
{
	if (*pte & PTE_P) {
		struct page *pg = pte_page(*pte);

		*pte = 0;
		flush_tlb_page(pgd, va);
		put_page(pg);
	} else if (is_swap_pte(*pte)) {
		swap_free(pte_to_swp_entry(*pte));
		*pte = 0;
	}
}

/*
 * Drops the mapping of the page at va, if it has one: for an object that
 * knows which of its pages may be mapped (ipc/shm.c's shm_zap).
 */
void zap_page(pde_t *pgd, uint32_t va)
{
	pte_t *pte = pte_walk(pgd, va, 0);

	if (pte)
		zap_pte(pgd, va, pte);
}

/*
 * zap_page for an object that keeps its own reference on each frame
 * (shm's segment), so that no frame can be freed here: this CPU's entry
 * goes, the other CPUs' wait for one flush_tlb_others_range over the
 * whole batch.  1 if va had a mapping.
 */
int zap_page_batched(pde_t *pgd, uint32_t va)
{
	pte_t *pte = pte_walk(pgd, va, 0);

	if (!pte || !(*pte & PTE_P))
		return 0;
	put_page(pte_page(*pte));	/* not the last: the object holds one */
	*pte = 0;
	if (read_cr3() == V2P(pgd))
		invlpg(va);
	return 1;
}

/* The other CPUs' part of flush_tlb_range: after zap_page_batched. */
uint32_t nr_page_tables(const pde_t *pgd)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < USER_PDES; i++)
		n += pgd[i] & PTE_P;
	return n;
}

void flush_tlb_others_range(pde_t *pgd, uint32_t start, uint32_t end)
{
	if (nr_cpu_ids == 1)
		return;		/* no other CPU (a sparse shmdt asks once per page table) */
	flush_tlb_others(cpu_vm_mask(pgd), start, end);
}

/*
 * Frames whose PTEs are gone but which other CPUs' TLBs may still reach
 * (Linux's mmu_gather, in small): freed only after the shootdown, since a
 * fault without the big kernel lock (mm/fault.c) may take a free frame at
 * once.
 */
struct mmu_gather {
	pde_t *pgd;
	uint32_t start, end;	/* what the shootdown covers */
	int nr;
	struct page *pages[16];
};

static void tlb_flush_free(struct mmu_gather *tlb)
{
	flush_tlb_others(cpu_vm_mask(tlb->pgd), tlb->start, tlb->end);
	for (int i = 0; i < tlb->nr; i++)
		put_page(tlb->pages[i]);
	tlb->nr = 0;
}

static void tlb_remove_page(struct mmu_gather *tlb, struct page *pg)
{
	if (tlb->nr == (int)(sizeof(tlb->pages) / sizeof(tlb->pages[0])))
		tlb_flush_free(tlb);
	tlb->pages[tlb->nr++] = pg;
}

/*
 * Drops every mapping in [start, end) and the references the PTEs held (to
 * frames, and to swap slots), in one go: nothing here lets another task
 * run.  The OOM killer needs that:
 * it takes back another task's pages from inside an allocation, which may
 * itself be inside fault_in_user (mm/oom_kill.c).
 */
void zap_page_range(pde_t *pgd, uint32_t start, uint32_t end)
{
	int live = read_cr3() == V2P(pgd);	/* its TLB entries need flushing */
	struct mmu_gather tlb = { .pgd = pgd, .start = start, .end = end };
	int zapped = 0;

	/* A page table (4 MiB) at a time: its entries are consecutive. */
	for (uint32_t va = start, next; va < end; va = next) {
		pte_t *pte;

		next = (va & ~0x3FFFFFu) + (4u << 20);
		if (next > end || next == 0)
			next = end;
		if (!(pte = pte_walk(pgd, va, 0)))
			continue;	/* no page table: nothing mapped in its 4 MiB */
		for (; va < next; va += PAGE_SIZE, pte++) {
			if (is_swap_pte(*pte)) {	/* out on swap: the slot loses a user */
				swap_free(pte_to_swp_entry(*pte));
				*pte = 0;
			}
			if (!(*pte & PTE_P))
				continue;
			tlb_remove_page(&tlb, pte_page(*pte));
			*pte = 0;
			zapped = 1;
			if (live)
				invlpg(va);
		}
	}
	/*
	 * Other CPUs running this address space flush too (docs/smp.md), and
	 * only then do the frames go back.
	 */
	if (zapped)
		tlb_flush_free(&tlb);
}

/*
 * zap_page_range for munmap, exit and exec.  The range may be the whole
 * user space: the task may give the CPU away between two page tables
 * (4 MiB), since the caller's VMA is already off its list.
 */
void unmap_range(pde_t *pgd, uint32_t start, uint32_t end)
{
	while (start < end) {
		uint32_t next = (start & ~0x3FFFFFu) + (4u << 20);

		if (next > end)
			next = end;
		cond_resched();
		zap_page_range(pgd, start, next);
		start = next;
	}
}

/*
 * A PTE of pgd changed: the translations of this CPU and of every other
 * that has pgd loaded (a TLB shootdown, kernel/smp.c) go.
 */
void flush_tlb_page(pde_t *pgd, uint32_t va)
{
	if (read_cr3() == V2P(pgd))
		invlpg(va);
	flush_tlb_others(cpu_vm_mask(pgd), va, va + PAGE_SIZE);
}

void flush_tlb_range(pde_t *pgd, uint32_t start, uint32_t end)
{
	if (read_cr3() == V2P(pgd))
		for (uint32_t va = start; va < end; va += PAGE_SIZE)
			invlpg(va);
	flush_tlb_others(cpu_vm_mask(pgd), start, end);
}

/* Every translation of pgd, on every CPU that has it loaded. */
void flush_tlb_mm(pde_t *pgd)
{
	if (read_cr3() == V2P(pgd))
		write_cr3(read_cr3());
	flush_tlb_others(cpu_vm_mask(pgd), 0, TASK_SIZE);
}

/*
 * cpu_pgd is set before CR3 is loaded: a CPU that another's cpu_vm_mask
 * misses has not loaded pgd yet, and will walk the new table when it does
 * (the write to CR3 serializes).
 */
void switch_pgd(pde_t *pgd)
{
	cpu_pgd = pgd;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	write_cr3(V2P(pgd));
}
