/*
 * The page frame allocator.  mem_map[] has a struct page for every frame up
 * to the highest RAM address; free frames sit on one of two LIFO lists, lowmem
 * (inside the kernel's direct map, usable for kernel data) and highmem (user
 * and shm pages only).
 */
#include "mm/page.h"
#include "mm/memcontrol.h"
#include "mm/swap.h"
#include "kernel/multiboot.h"
#include "kernel/printk.h"
#include "kernel/smp_lock.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"

extern char _end[];		/* linker.ld: end of the kernel image */

struct page *mem_map;
uint32_t max_pfn;
struct boot_module initrd;

/*
 * The free lists and their counts, under free_lists_lock (Linux 2.4's
 * zone->lock): a page fault without the big kernel lock (mm/fault.c)
 * allocates, and frees, beside tasks that hold it on other CPUs.  A leaf:
 * nothing else is taken under it.  Taken with interrupts off: __schedule
 * frees a dead task's stack under sched_lock, which the tick takes, so a
 * tick must not come while this CPU holds it.  With one CPU, skipped, as
 * spin_lock_smp (kernel/spinlock.h).
 */
static DEFINE_SPINLOCK(free_lists_lock);
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
static inline struct page *__rmqueue(int kind)
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
 * __rmqueue under free_lists_lock, with several CPUs.  Out of line: the
 * lock's code would cost registers on the one-CPU path (a first touch is
 * counted in instructions).
 */
static __attribute__((noinline)) struct page *rmqueue_locked(int kind)
{
	uint32_t flags;
	struct page *pg;

	spin_lock_irqsave(&free_lists_lock, flags);
	pg = __rmqueue(kind);
	spin_unlock_irqrestore(&free_lists_lock, flags);
	return pg;
}

static inline struct page *rmqueue(int kind)
{
	return nr_cpu_ids == 1 ? __rmqueue(kind) : rmqueue_locked(kind);
}

/* A frame from the free lists for gfp's kind, or NULL: no reclaim, no
 * killer, no sleep (Linux's get_page_from_freelist). */
struct page *get_page_from_freelist(int gfp)
{
	return rmqueue(GFP_KIND(gfp));
}

/*
 * The free lists, then the out-of-memory killer for as long as it kills:
 * for a user allocation that reclaim cannot help.  The killer runs under
 * the big kernel lock: without it (a page fault that does without,
 * mm/fault.c) the allocation fails instead, and the fault takes the lock
 * and starts again.  Nothing here sleeps.
 */
static __attribute__((noinline)) struct page *alloc_page_or_kill(int gfp)
{
	int kind = GFP_KIND(gfp);
	struct page *pg;

	while (!(pg = rmqueue(kind)) && kind != GFP_KERNEL &&
	       !(gfp & __GFP_NORETRY) && kernel_locked() && out_of_memory() == 0)
		;
	return pg;
}

/*
 * A frame with one reference, for a caller that may not sleep.  As on
 * Linux, an allocation that cannot reclaim never calls the killer while
 * reclaim could make room: with swap free it fails (the caller says
 * ENOMEM), and kswapd or the next fault's reclaim puts pages out.  Only
 * with the swap off or full, where the killer is the one way to room,
 * does it ask for a kill (a GFP_USER kmalloc of a system call between two
 * of a task's reclaims, when memory is at the reserve: a semget of a big
 * set beside the fuzzer's overcommit killed the overcommit with swap free).
 */
struct page *__alloc_page(int gfp)
{
	if (nr_swap_pages)
		return rmqueue(GFP_KIND(gfp));
	return alloc_page_or_kill(gfp);
}

/*
 * alloc_page with __GFP_DIRECT_RECLAIM, Linux's __alloc_pages_slowpath: a
 * caller that may sleep first puts pages out to swap itself, and tries
 * again while that frees some; only then, swap full or off or nothing
 * left to put out, does the out-of-memory killer run (alloc_page_or_kill).
 * Reclaim runs under the big kernel lock, and sleeps: never with a spin
 * lock held (the lock checker's rule).
 */
struct page *__alloc_page_reclaim(int gfp)
{
	struct page *pg;
	int no_progress = 0;

	while (!(pg = rmqueue(GFP_KIND(gfp)))) {
		if (GFP_KIND(gfp) == GFP_KERNEL || (gfp & __GFP_NORETRY) ||
		    !kernel_locked() || locks_held ||
		    (no_progress = direct_reclaim(no_progress)) < 0)
			return alloc_page_or_kill(gfp);
	}
	return pg;
}

void put_page(struct page *pg)
{
	uint32_t flags;

	if (__atomic_sub_fetch(&pg->count, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	if (pg->memcg_id && !(pg->flags & PG_SLAB))
		mem_cgroup_uncharge(pg);
	if (nr_cpu_ids == 1) {
		free_one(pg);
		return;
	}
	spin_lock_irqsave(&free_lists_lock, flags);
	free_one(pg);
	spin_unlock_irqrestore(&free_lists_lock, flags);
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

void *get_free_page(void)
{
	return get_zeroed_page(GFP_KERNEL);
}

void free_kpage(void *addr)
{
	put_page(virt_to_page(addr));
}
