/*
 * The page frame allocator.  mem_map[] has a struct page for every frame up
 * to the highest RAM address; free frames sit on one of two LIFO lists, lowmem
 * (inside the kernel's direct map, usable for kernel data) and highmem (user
 * and shm pages only), and, with several CPUs, on each CPU's own lists
 * (per_cpu_pages, below).
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
freepages_v freepages;

/*
 * Each CPU's own free frames, Linux's per_cpu_pages.  With several CPUs a
 * frame is taken from, and freed to, the lists of the CPU that runs the
 * code; the free lists above, and their lock, are reached once per
 * pcp_batch frames: an empty list takes a batch (rmqueue_bulk), a list
 * longer than pcp_high gives one back (free_pcppages_bulk).  Two CPUs
 * that fault at once no longer take turns at free_lists_lock, nor write
 * the same cache lines, at every frame: each CPU's lists are on lines of
 * their own.  The frames on them are free (count 0): nr_free_pages counts
 * them, so /proc/meminfo's MemFree and the tests' leak checks see every
 * frame; drain_all_pages gives them all back before an allocation fails.
 *
 * lock: taken by its own CPU, with interrupts off (free_lists_lock's
 * reason), and by another CPU only to drain the lists.  Linux 5.19 gave
 * its per_cpu_pages a spin lock for that same reason; before, a drain
 * asked each CPU to drain its own.  Lock order: a CPU's lock, then
 * free_lists_lock; never two CPUs' locks at once.  With one CPU, and during
 * the boot until smp_find_cpus has counted the CPUs (nr_cpu_ids 0), the
 * lists stay empty and the frames go to and from the free lists as before.
 */
enum { ZONE_NORMAL, ZONE_HIGHMEM, NR_ZONES };	/* lowmem, highmem */

struct per_cpu_pages {
	spinlock_t lock;
	struct page *list[NR_ZONES];	/* LIFO, as the free lists */
	uint32_t count[NR_ZONES];
} __attribute__((aligned(64)));		/* a line each: no false sharing */

static struct per_cpu_pages pcp[NR_CPUS] = {
	[0 ... NR_CPUS - 1] = { .lock = { .name = "pcp_lock" } },
};
static uint32_t pcp_batch, pcp_high;	/* set by mem_init_multiboot */

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
	setup_freepages(NULL);
}

/* freepages from min_free_kbytes (and /proc/sys/vm/min_free_kbytes's check): 0. */
int setup_freepages(const int *old)
{
	(void)old;
	freepages.min = (uint32_t)min_free_kbytes / (PAGE_SIZE / 1024);
	freepages.low = freepages.min + 32;
	freepages.high = freepages.low + 32;
	return 0;
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
	/* A frame a batch per 16 MiB, up to 16 (64 KiB), as Linux's
	 * zone_batchsize grows with the zone; a list holds up to 4 batches. */
	pcp_batch = nr_total / 4096 < 1 ? 1 : nr_total / 4096 > 16 ? 16 : nr_total / 4096;
	pcp_high = 4 * pcp_batch;
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

/* Takes a frame off the free list for gfp's kind, or NULL. */
static inline struct page *__rmqueue(int kind)
{
	struct page **list = &free_low;
	struct page *pg;

	if (kind == GFP_HIGHUSER && free_high)
		list = &free_high;
	else if (kind != GFP_KERNEL && nr_free_low <= freepages.min)
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
 * Moves up to pcp_batch frames of zone's free list to p's list, under
 * free_lists_lock (Linux's rmqueue_bulk); a user kind's batch stops at the
 * kernel's reserve.  How many it moved.  p's lock is held.
 */
static uint32_t rmqueue_bulk(struct per_cpu_pages *p, int zone, int kind)
{
	struct page **list = zone == ZONE_HIGHMEM ? &free_high : &free_low;
	uint32_t n = pcp_batch, got = 0;

	spin_lock(&free_lists_lock);
	if (zone == ZONE_NORMAL && kind != GFP_KERNEL)
		n = nr_free_low <= freepages.min ? 0 :
		    nr_free_low - freepages.min < n ? nr_free_low - freepages.min : n;
	for (struct page *pg; got < n && (pg = *list); got++) {
		*list = pg->next;
		pg->next = p->list[zone];
		p->list[zone] = pg;
	}
	nr_free -= got;
	if (zone == ZONE_NORMAL)
		nr_free_low -= got;
	spin_unlock(&free_lists_lock);
	p->count[zone] += got;
	return got;
}

/* Gives n frames of p's zone list back to the free lists (Linux's
 * free_pcppages_bulk).  p's lock is held. */
static void free_pcppages_bulk(struct per_cpu_pages *p, int zone, uint32_t n)
{
	spin_lock(&free_lists_lock);
	for (; n && p->list[zone]; n--) {
		struct page *pg = p->list[zone];

		p->list[zone] = pg->next;
		p->count[zone]--;
		free_one(pg);
	}
	spin_unlock(&free_lists_lock);
}

/*
 * A frame for kind from this CPU's lists, which take a batch when empty;
 * NULL if the free lists have none either.  The same choice as __rmqueue:
 * a user page from highmem first; lowmem for a user kind only while the
 * free lists hold more than the reserve (the watermark reads the shared
 * count, as Linux's zone_watermark_ok, which leaves the CPUs' lists out).
 */
static inline __attribute__((always_inline)) struct page *rmqueue_pcp(int kind)
{
	uint32_t flags = local_irq_save();
	struct per_cpu_pages *p = &pcp[smp_processor_id()];
	int zone = ZONE_HIGHMEM;
	struct page *pg = NULL;

	spin_lock(&p->lock);
	/* No highmem on the machine: not even a look at its free list's lock. */
	if (kind != GFP_HIGHUSER || !nr_total_high ||
	    (!p->count[ZONE_HIGHMEM] && !rmqueue_bulk(p, ZONE_HIGHMEM, kind)))
		zone = ZONE_NORMAL;
	if (zone == ZONE_NORMAL && kind != GFP_KERNEL && nr_free_low <= freepages.min)
		goto out;		/* the rest is the kernel's */
	if (p->count[zone] || rmqueue_bulk(p, zone, kind)) {
		pg = p->list[zone];
		p->list[zone] = pg->next;
		p->count[zone]--;
		pg->next = NULL;
		pg->count = 1;
	}
out:
	spin_unlock_irqrestore(&p->lock, flags);
	return pg;
}

/*
 * Every CPU's frames back to the free lists (Linux's drain_all_pages): an
 * allocation that found none looks again after it, so that no frame is
 * out of reach on another CPU's list.  1 if any came back.
 */
static int drain_all_pages(void)
{
	int drained = 0;

	for (int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct per_cpu_pages *p = &pcp[cpu];
		uint32_t flags;

		spin_lock_irqsave(&p->lock, flags);
		for (int zone = 0; zone < NR_ZONES; zone++) {
			drained |= p->count[zone] != 0;
			free_pcppages_bulk(p, zone, p->count[zone]);
		}
		spin_unlock_irqrestore(&p->lock, flags);
	}
	return drained;
}

/* With several CPUs.  Out of line: its code would cost registers on the
 * one-CPU path (a first touch is counted in instructions). */
static __attribute__((noinline)) struct page *rmqueue_smp(int kind)
{
	struct page *pg = rmqueue_pcp(kind);

	if (!pg && drain_all_pages())
		pg = rmqueue_pcp(kind);
	return pg;
}

static inline struct page *rmqueue(int kind)
{
	return nr_cpu_ids > 1 ? rmqueue_smp(kind) : __rmqueue(kind);
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

/* A frame onto this CPU's list; a list past pcp_high gives a batch back. */
static __attribute__((noinline)) void free_pcp(struct page *pg)
{
	int zone = (pg->flags & PG_HIGHMEM) ? ZONE_HIGHMEM : ZONE_NORMAL;
	uint32_t flags = local_irq_save();
	struct per_cpu_pages *p = &pcp[smp_processor_id()];

	pg->flags &= PG_HIGHMEM;	/* as free_one leaves it */
	spin_lock(&p->lock);
	pg->next = p->list[zone];
	p->list[zone] = pg;
	if (++p->count[zone] > pcp_high)
		free_pcppages_bulk(p, zone, pcp_batch);
	spin_unlock_irqrestore(&p->lock, flags);
}

void put_page(struct page *pg)
{
	if (__atomic_sub_fetch(&pg->count, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	if (pg->memcg_id && !(pg->flags & PG_SLAB))
		mem_cgroup_uncharge(pg);
	if (nr_cpu_ids > 1)
		free_pcp(pg);
	else
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

/* The frames on the CPUs' lists of zone: read without their locks, a
 * snapshot, exact when no CPU allocates or frees meanwhile. */
static uint32_t nr_pcp_pages(int zone)
{
	uint32_t n = 0;

	for (int cpu = 0; cpu < nr_cpu_ids; cpu++)
		n += pcp[cpu].count[zone];
	return n;
}

uint32_t nr_free_pages(void)
{
	return nr_free + nr_pcp_pages(ZONE_NORMAL) + nr_pcp_pages(ZONE_HIGHMEM);
}

uint32_t nr_free_highpages(void)
{
	return nr_free - nr_free_low + nr_pcp_pages(ZONE_HIGHMEM);
}

void *get_free_page(void)
{
	return get_zeroed_page(GFP_KERNEL);
}

void free_kpage(void *addr)
{
	put_page(virt_to_page(addr));
}
