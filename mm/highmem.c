/*
 * kmap: the kernel's window onto frames above the direct map.  A handful of
 * fixed PTEs at KMAP_BASE; the kernel is not preemptive and never kmaps in
 * an interrupt, so a slot stays ours until kunmap.
 */
#include "mm/page.h"
#include "mm/pgtable.h"
#include "kernel/string.h"
#include "kernel/oops.h"
#include "kernel/x86.h"

extern pte_t *kmap_pte;		/* mm/pgtable.c */
static int slot_used[KMAP_SLOTS];

void *kmap(struct page *pg)
{
	if (!(pg->flags & PG_HIGHMEM))
		return page_address(pg);
	for (int i = 0; i < KMAP_SLOTS; i++) {
		if (!slot_used[i]) {
			uint32_t va = KMAP_BASE + i * PAGE_SIZE;
			slot_used[i] = 1;
			kmap_pte[i] = page_to_phys(pg) | PTE_P | PTE_W;
			invlpg(va);
			return (void *)va;
		}
	}
	panic("kmap: all %d slots in use", KMAP_SLOTS);
}

void kunmap(void *addr)
{
	uint32_t va = (uint32_t)addr;

	if (va < KMAP_BASE || va >= KMAP_BASE + KMAP_SLOTS * PAGE_SIZE)
		return;		/* a lowmem page: nothing was mapped */
	slot_used[(va - KMAP_BASE) / PAGE_SIZE] = 0;
	kmap_pte[(va - KMAP_BASE) / PAGE_SIZE] = 0;
	invlpg(va);
}

void clear_highpage(struct page *pg)
{
	void *va;

	if (!(pg->flags & PG_HIGHMEM)) {	/* the first-touch fast path */
		clear_page(page_address(pg));
		return;
	}
	va = kmap(pg);
	clear_page(va);
	kunmap(va);
}

void copy_highpage(struct page *dst, struct page *src)
{
	void *d = kmap(dst), *s = kmap(src);
	memcpy(d, s, PAGE_SIZE);
	kunmap(s);
	kunmap(d);
}
