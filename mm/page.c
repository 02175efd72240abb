/*
 * The page frame allocator.  mem_map[] has a struct page for every frame up
 * to the highest RAM address; free frames sit on one of two LIFO lists, lowmem
 * (inside the kernel's direct map, usable for kernel data) and highmem (user
 * and shm pages only).
 */
#include "mm/page.h"
#include "kernel/multiboot.h"
#include "kernel/printk.h"
#include "kernel/string.h"

extern char _end[];		/* linker.ld: end of the kernel image */

struct page *mem_map;
uint32_t max_pfn;
struct boot_module initrd;

static struct page *free_low, *free_high;
uint32_t nr_free;
static uint32_t nr_free_low, nr_total, nr_total_high;
int min_free_kbytes;

#define MAX_RANGES	32
static struct { uint64_t start, end; } ram[MAX_RANGES];
static int nr_ram;

static int is_lowmem_pfn(uint32_t pfn)
{
	return pfn < (LOWMEM_LIMIT >> PAGE_SHIFT);
}

static void free_one(struct page *pg)
{
	pg->count = 0;
	pg->flags &= PG_HIGHMEM;
	if (pg->flags & PG_HIGHMEM) {
		pg->next = free_high;
		free_high = pg;
	} else {
		pg->next = free_low;
		free_low = pg;
		nr_free_low++;
	}
	nr_free++;
}

/* Copy what we need out of the multiboot block before its memory is reused. */
static void read_memory_map(const struct multiboot_info *mbi)
{
	uint32_t off = 0;

	while (mbi->flags & MB_INFO_MMAP && off < mbi->mmap_length &&
	       nr_ram < MAX_RANGES) {
		const struct multiboot_mmap *e = P2V(mbi->mmap_addr + off);
		uint64_t start = PAGE_ALIGN(e->addr);
		uint64_t end = (e->addr + e->len) & ~(uint64_t)(PAGE_SIZE - 1);

		if (e->type == 1 && end > start) {
			if (end > 0x100000000ull)	/* no PAE: 4 GiB at most */
				end = 0x100000000ull;
			ram[nr_ram].start = start;
			ram[nr_ram++].end = end;
			if ((end >> PAGE_SHIFT) > max_pfn)
				max_pfn = end >> PAGE_SHIFT;
		}
		off += e->size + 4;
	}
	if (mbi->flags & MB_INFO_MODS && mbi->mods_count) {
		const struct multiboot_mod *m = P2V(mbi->mods_addr);
		initrd.start = m->mod_start;
		initrd.end = m->mod_end;
	}
}

/* QEMU loads a module larger than the memory without a word, cut short: one that
 * is not wholly in the direct-mapped RAM is not used at all (fs_init says so). */
static void check_initrd(void)
{
	for (uint32_t pa = initrd.start & PAGE_MASK; pa < initrd.end; pa += PAGE_SIZE) {
		if (pa >= LOWMEM_LIMIT || !phys_is_ram(pa)) {
			initrd.lost = initrd.end - initrd.start;
			initrd.start = initrd.end = 0;
			return;
		}
	}
}

static int overlaps(uint32_t a, uint32_t b, uint32_t start, uint32_t end)
{
	return a < end && start < b;
}

/* A frame is free at boot unless it is below 1 MiB (BIOS, VGA), or holds the
 * kernel, the initramfs (freed later by initrd_free) or mem_map itself. */
static int reserved_at_boot(uint32_t pa, uint32_t map_start, uint32_t map_end)
{
	return pa < V2P(_end) ||
	       overlaps(pa, pa + PAGE_SIZE, initrd.start, initrd.end) ||
	       overlaps(pa, pa + PAGE_SIZE, map_start, map_end);
}

/* The integer square root, by Newton's method. */
static uint32_t int_sqrt(uint32_t x)
{
	uint32_t r = x, y = (x + 1) / 2;

	while (y < r) {
		r = y;
		y = (r + x / r) / 2;
	}
	return r;
}

/*
 * The reserve, as Linux's init_per_zone_wmark_min sizes it: sqrt(16 x
 * lowmem in KiB), between 128 KiB and 256 MiB.  512 KiB at 16 MiB,
 * about 1.4 MiB at 128 MiB.  Root may change it in /proc/sys/vm.
 */
static void init_min_free_kbytes(void)
{
	uint32_t kb = int_sqrt(nr_free_low * (PAGE_SIZE / 1024) * 16);

	min_free_kbytes = kb < 128 ? 128 : kb > 262144 ? 262144 : kb;
}

void mem_init_multiboot(const struct multiboot_info *mbi)
{
	uint32_t map_start, map_end;

	read_memory_map(mbi);
	check_initrd();
	/* mem_map goes right after the kernel, or after the initramfs if
	 * that is where the loader put it. */
	map_start = PAGE_ALIGN(V2P(_end));
	map_end = map_start + max_pfn * sizeof(struct page);
	if (overlaps(map_start, map_end, initrd.start, initrd.end)) {
		map_start = PAGE_ALIGN(initrd.end);
		map_end = map_start + max_pfn * sizeof(struct page);
	}
	mem_map = P2V(map_start);
	memset(mem_map, 0, map_end - map_start);

	for (uint32_t pfn = 0; pfn < max_pfn; pfn++)
		mem_map[pfn].flags = PG_RESERVED |
				     (is_lowmem_pfn(pfn) ? 0 : PG_HIGHMEM);
	for (int i = 0; i < nr_ram; i++) {
		for (uint64_t a = ram[i].start; a < ram[i].end; a += PAGE_SIZE) {
			if (reserved_at_boot(a, map_start, map_end))
				continue;
			free_one(phys_to_page(a));
			nr_total++;
			nr_total_high += !is_lowmem_pfn(a >> PAGE_SHIFT);
		}
	}
	init_min_free_kbytes();
}

/* The initramfs has been unpacked into the file system: reuse its frames. */
void initrd_free(void)
{
	for (uint32_t a = initrd.start & PAGE_MASK; a < initrd.end; a += PAGE_SIZE) {
		free_one(phys_to_page(a));
		nr_total++;
	}
	initrd.start = initrd.end = 0;
}

/* Is [pa, pa + 4 KiB) RAM in the loader's memory map?  (For ktest.) */
int phys_is_ram(uint32_t pa)
{
	for (int i = 0; i < nr_ram; i++)
		if (pa >= ram[i].start && pa + PAGE_SIZE <= ram[i].end)
			return 1;
	return 0;
}

static uint32_t reserve_pages(void)
{
	return (uint32_t)min_free_kbytes / (PAGE_SIZE / 1024);
}

/* Takes a frame off the free list for gfp's kind, or NULL. */
static struct page *rmqueue(int kind)
{
	struct page **list = &free_low;
	struct page *pg;

	if (kind == GFP_HIGHUSER && free_high)
		list = &free_high;
	else if (kind != GFP_KERNEL && nr_free_low <= reserve_pages())
		return NULL;		/* the rest is the kernel's */
	pg = *list;
	if (!pg)
		return NULL;
	*list = pg->next;
	pg->next = NULL;
	pg->count = 1;
	nr_free--;
	if (list == &free_low)
		nr_free_low--;
	return pg;
}

/*
 * A frame with one reference.  A user allocation that fails asks the
 * out-of-memory killer for room and tries again, for as long as it kills.
 */
struct page *alloc_page(int gfp)
{
	int kind = gfp & ~__GFP_NORETRY;
	struct page *pg;

	while (!(pg = rmqueue(kind)) && kind != GFP_KERNEL &&
	       !(gfp & __GFP_NORETRY) && out_of_memory() == 0)
		;
	return pg;
}

void put_page(struct page *pg)
{
	if (--pg->count == 0)
		free_one(pg);
}

uint32_t nr_total_pages(void)
{
	return nr_total;
}

uint32_t nr_total_highpages(void)
{
	return nr_total_high;
}

uint32_t nr_free_highpages(void)
{
	return nr_free - nr_free_low;
}

void *__get_free_page(int gfp)
{
	struct page *pg = alloc_page(gfp);

	return pg ? page_address(pg) : NULL;
}

void *get_zeroed_page(int gfp)
{
	void *va = __get_free_page(gfp);

	if (va)
		clear_page(va);
	return va;
}

void *get_free_page(void)
{
	return get_zeroed_page(GFP_KERNEL);
}

void free_kpage(void *addr)
{
	put_page(virt_to_page(addr));
}
