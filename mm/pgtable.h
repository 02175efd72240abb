/*
 * Two-level i386 page tables.  A process's page directory shares entries
 * 768..1023 (the kernel half) with swapper_pg_dir; its user page tables
 * are its own.
 */
#ifndef MM_PGTABLE_H
#define MM_PGTABLE_H

#include <stddef.h>
#include <stdint.h>
#include "kernel/percpu.h"
#include "mm/page.h"

typedef uint32_t pte_t;
typedef uint32_t pde_t;

#define PTE_P	0x001	/* present */
#define PTE_W	0x002	/* writable */
#define PTE_U	0x004	/* user */
#define PTE_A	0x020	/* accessed */
#define PTE_D	0x040	/* dirty */
#define PTE_PS	0x080	/* 4 MiB page (in a PDE) */
#define PTE_FLAGS	0xFFF

#define PTRS_PER_PTE	1024	/* PTEs in a page table: 4 MiB of pages */

#define PDX(va)	(((uint32_t)(va) >> 22) & 0x3FF)
#define PTX(va)	(((uint32_t)(va) >> 12) & 0x3FF)
#define USER_PDES	PDX(TASK_SIZE)	/* 768 */

static inline struct page *pte_page(pte_t pte)
{
	return phys_to_page(pte & PAGE_MASK);
}

extern pde_t *swapper_pg_dir;

void paging_init(void);
pde_t *pgd_alloc(void);
void pgd_free(pde_t *pgd);
pte_t *pte_alloc(pde_t *pgd, uint32_t va, int gfp);	/* a table of kind gfp if none */

/*
 * The PTE for va, making its page table first if alloc (GFP_USER, which
 * never sleeps); NULL if none.  Inline: with alloc 0 no allocation is in
 * the code at all, so reclaim, which allocates nothing, can walk tables
 * (scripts/stackcheck sees no way back into the allocator).
 */
static inline pte_t *pte_walk(pde_t *pgd, uint32_t va, int alloc)
{
	pde_t pde = pgd[PDX(va)];

	if (!(pde & PTE_P))
		return alloc ? pte_alloc(pgd, va, GFP_USER) : NULL;
	return (pte_t *)P2V(pde & PAGE_MASK) + PTX(va);
}
int map_page(pde_t *pgd, uint32_t va, struct page *pg, uint32_t flags);
void zap_page(pde_t *pgd, uint32_t va);
int zap_page_batched(pde_t *pgd, uint32_t va);
uint32_t nr_page_tables(const pde_t *pgd);	/* the user's (VmPTE) */
void flush_tlb_others_range(pde_t *pgd, uint32_t start, uint32_t end);
void zap_page_range(pde_t *pgd, uint32_t start, uint32_t end);
void unmap_range(pde_t *pgd, uint32_t start, uint32_t end);
void flush_tlb_page(pde_t *pgd, uint32_t va);
void flush_tlb_range(pde_t *pgd, uint32_t start, uint32_t end);
void flush_tlb_mm(pde_t *pgd);
void switch_pgd(pde_t *pgd);

DECLARE_PER_CPU(pde_t *, cpu_pgd);	/* the page directory this CPU has loaded */

#endif
