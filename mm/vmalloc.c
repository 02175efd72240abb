/*
 * The vmalloc area, VMALLOC_START .. VMALLOC_END (mm/layout.h): what the
 * kernel maps at boot, outside the direct map, and keeps for good.
 *
 *  - ioremap: device registers and firmware tables.  The local APIC sits at
 *    0xFEE00000 and the I/O APIC at 0xFEC00000, far above the 768 MiB the
 *    direct map covers; ACPI's tables are at the top of RAM, above it too
 *    on a machine with more than 768 MiB.  Registers are mapped uncached
 *    (PCD and PWT): a read must reach the device, not a cache line.
 *  - vmalloc_stack: the idle stacks of the other CPUs (kernel/smpboot.c),
 *    8 KiB with an 8 KiB guard below that is never mapped, as the tasks'
 *    stacks in mm/kstack.c (whose slots all belong to task slots).
 *
 * Nothing here is ever unmapped, so the area is handed out upwards from its
 * start (vmalloc_next) and needs no free list.  Its one page table is made
 * by paging_init before any page directory copies the kernel half, so every
 * address space sees each new mapping at once.
 */
#include "mm/vmalloc.h"
#include "kernel/oops.h"
#include "mm/page.h"
#include "mm/pgtable.h"

#define PTE_PWT	0x008	/* write-through */
#define PTE_PCD	0x010	/* cache disabled */

static pte_t *vmalloc_pte;		/* the page table behind VMALLOC_START */
static uint32_t vmalloc_next = VMALLOC_START;

void vmalloc_init(void)
{
	if (!(vmalloc_pte = get_free_page()))
		panic("vmalloc_init: no memory for a page table");
	swapper_pg_dir[PDX(VMALLOC_START)] = V2P(vmalloc_pte) | PTE_W | PTE_P;
}

/* size bytes of the area, page aligned; their PTEs are still empty. */
static uint32_t vmalloc_take(uint32_t size)
{
	uint32_t va = vmalloc_next;

	if (size > VMALLOC_END - vmalloc_next)
		panic("vmalloc area full (%u bytes wanted)", size);
	vmalloc_next += PAGE_ALIGN(size);
	return va;
}

static void vmalloc_map(uint32_t va, uint32_t phys, uint32_t flags)
{
	vmalloc_pte[(va - VMALLOC_START) / PAGE_SIZE] = phys | flags | PTE_W | PTE_P;
}

/* A kernel address for size bytes of registers (or a table) at phys. */
void *ioremap(uint32_t phys, uint32_t size)
{
	uint32_t first = phys & PAGE_MASK, span = PAGE_ALIGN(phys + size) - first;
	uint32_t va = vmalloc_take(span);

	for (uint32_t off = 0; off < span; off += PAGE_SIZE)
		vmalloc_map(va + off, first + off, PTE_PCD | PTE_PWT);
	return (void *)(va + (phys - first));
}

/* A zeroed THREAD_SIZE stack above an unmapped guard; its lowest address. */
void *vmalloc_stack(void)
{
	uint32_t va = vmalloc_take(2 * THREAD_SIZE) + THREAD_SIZE;

	for (uint32_t off = 0; off < THREAD_SIZE; off += PAGE_SIZE) {
		void *frame = get_free_page();

		if (!frame)
			panic("vmalloc_stack: no memory");
		vmalloc_map(va + off, V2P(frame), 0);
	}
	return (void *)va;
}
