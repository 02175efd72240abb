/*
 * kmap: the kernel's window onto frames above the direct map.  A handful of
 * fixed PTEs at KMAP_BASE; the kernel is not preemptive and never kmaps in
 * an interrupt, so a slot stays ours until kunmap.
 */
#include "mm/page.h"
#include "mm/pgtable.h"
#include "kernel/string.h"
#include "kernel/oops.h"
#include "kernel/spinlock.h"
#include "kernel/x86.h"

extern pte_t *kmap_pte;		/* mm/pgtable.c */
static int slot_used[KMAP_SLOTS];
/* slot_used: a page fault without the big kernel lock may kmap (mm/fault.c) */
static DEFINE_SPINLOCK(kmap_lock);

void *kmap(struct page *pg)
{
	if (!(pg->flags & PG_HIGHMEM))
		return page_address(pg);
	spin_lock_smp(&kmap_lock);
	for (int i = 0; i < KMAP_SLOTS; i++) {
		if (!slot_used[i]) {
			uint32_t va = KMAP_BASE + i * PAGE_SIZE;
			slot_used[i] = 1;
			kmap_pte[i] = page_to_phys(pg) | PTE_P | PTE_W;
			spin_unlock_smp(&kmap_lock);
			invlpg(va);	/* only this CPU uses the slot until kunmap */
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
	kmap_pte[(va - KMAP_BASE) / PAGE_SIZE] = 0;
	invlpg(va);
	spin_lock_smp(&kmap_lock);
	slot_used[(va - KMAP_BASE) / PAGE_SIZE] = 0;
	spin_unlock_smp(&kmap_lock);
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
