/*
 * Swap areas (mm/swapfile.c): disks that swapon has given the kernel to put
 * pages on, in Linux's own format (the host's mkswap makes them), and the
 * counters of /proc/vmstat (mm/vmstat.c).  docs/swap.md tells the whole.
 *
 * A swap area is an array of page-sized slots; slot 0 holds the header
 * (union swap_header).  A page put out goes to a free slot, and what
 * pointed at the page then holds its swap entry: the area's index (type)
 * and the slot (offset), as Linux's swp_entry_t.  swap_map counts, per
 * slot, the entries that name it (a page out of a process that forked
 * has two), so that the slot is free again when the last goes.
 */
#ifndef MM_SWAP_H
#define MM_SWAP_H

#include <stdint.h>
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "mm/page.h"
#include "mm/pgtable.h"

struct seq_file;

/* The header mkswap writes in the first page (Linux's include/linux/swap.h). */
union swap_header {
	struct {
		char reserved[PAGE_SIZE - 10];
		char magic[10];			/* "SWAPSPACE2" */
	} magic;
	struct {
		char bootbits[1024];		/* left for a disk label */
		uint32_t version;		/* 1 */
		uint32_t last_page;		/* the area's last slot */
		uint32_t nr_badpages;
		unsigned char sws_uuid[16];
		unsigned char sws_volume[16];
		uint32_t padding[117];
		uint32_t badpages[1];		/* nr_badpages of them */
	} info;
};

/* What fits between badpages[0] and the magic: 637. */
#define MAX_SWAP_BADPAGES \
	((PAGE_SIZE - 10 - __builtin_offsetof(union swap_header, info.badpages)) / 4)

/* swapon's flags (Linux's): a priority, or discarding, which shmos's disk
 * does not need: accepted and ignored. */
#define SWAP_FLAG_PREFER	0x8000
#define SWAP_FLAG_PRIO_MASK	0x7fff
#define SWAP_FLAG_DISCARD	0x10000
#define SWAP_FLAG_DISCARD_ONCE	0x20000
#define SWAP_FLAG_DISCARD_PAGES	0x40000
#define SWAP_FLAGS_VALID	(SWAP_FLAG_PRIO_MASK | SWAP_FLAG_PREFER | \
				 SWAP_FLAG_DISCARD | SWAP_FLAG_DISCARD_ONCE | \
				 SWAP_FLAG_DISCARD_PAGES)

#define MAX_SWAPFILES		8
#define SWP_TYPE_SHIFT		27	/* swp_entry_t: type above, offset below */

/*
 * swap_map's values.  Linux's are a byte, with continuation pages past 62
 * users; shmos's are 16 bits, so a slot can have up to SWAP_MAP_MAX users
 * (more than the tasks there can ever be) without them.
 */
#define SWAP_MAP_MAX		0xfffe
#define SWAP_MAP_BAD		0xffff	/* the header, or a bad page: never used */

/* The map is a directory of pages of counts: no allocation bigger than a
 * page.  At most SWAP_MAP_DIR pages of map: 4 GiB of swap in one area. */
#define SWAP_MAP_PER_PAGE	(PAGE_SIZE / sizeof(uint16_t))
#define SWAP_MAP_DIR		512
#define MAX_SWAP_PAGES		(SWAP_MAP_DIR * SWAP_MAP_PER_PAGE)

#define SWP_USED		0x01	/* the slot of swap_info is taken */
#define SWP_WRITEOK		0x02	/* swapon is done: pages may go out */

struct swap_info_struct {
	int flags;			/* SWP_USED, SWP_WRITEOK */
	int prio;			/* higher first */
	struct file *swap_file;		/* what swapon opened, for its name */
	struct blk_dev *bdev;		/* where the slots are */
	uint16_t *swap_map[SWAP_MAP_DIR];	/* users of each slot */
	uint32_t max;			/* slots, the header's among them */
	uint32_t pages;			/* usable: max less the header and bad */
	uint32_t inuse_pages;		/* slots with users */
	uint32_t lowest_bit, highest_bit;	/* every free slot is between */
	uint32_t cluster_next;		/* where the next search starts */
};

typedef struct {
	uint32_t val;			/* 0: no entry (slot 0 is the header) */
} swp_entry_t;

static inline swp_entry_t swp_entry(uint32_t type, uint32_t offset)
{
	return (swp_entry_t){ .val = type << SWP_TYPE_SHIFT | offset };
}

static inline uint32_t swp_type(swp_entry_t e)
{
	return e.val >> SWP_TYPE_SHIFT;
}

static inline uint32_t swp_offset(swp_entry_t e)
{
	return e.val & ((1u << SWP_TYPE_SHIFT) - 1);
}

/*
 * A swap entry in a PTE whose present bit is clear (Linux i386's layout,
 * narrower): the slot in bits 12-31, the area in bits 1-5, bit 0 (P) clear.
 * Not 0, since slot 0 is the header's: a PTE of 0 is still "never touched".
 */
static inline pte_t swp_entry_to_pte(swp_entry_t e)
{
	return swp_offset(e) << 12 | swp_type(e) << 1;
}

static inline swp_entry_t pte_to_swp_entry(pte_t pte)
{
	return swp_entry(pte >> 1 & 0x1f, pte >> 12);
}

static inline int is_swap_pte(pte_t pte)
{
	return !(pte & PTE_P) && pte != 0;
}

/*
 * A table of an object's pages (a shm segment's shm_pages, a tmpfs file's
 * index) keeps, while a page is out, its swap entry where the page's
 * address was: Linux 2.2's shm_pages held a pte_t, present or an entry.
 * Bit 0 tells the entry, since no page's address (of its struct page, or
 * in the direct map) has it.
 */
static inline int slot_swapped(const void *slot)
{
	return (uint32_t)slot & 1;
}

static inline swp_entry_t slot_entry(const void *slot)
{
	return (swp_entry_t){ .val = (uint32_t)slot >> 1 };
}

static inline void *swp_entry_to_slot(swp_entry_t entry)
{
	return (void *)(entry.val << 1 | 1);
}

extern struct swap_info_struct swap_info[MAX_SWAPFILES];
extern uint32_t nr_swap_pages;		/* free slots, in every area */
extern uint32_t total_swap_pages;	/* usable slots, in every area */

/* mm/swapfile.c */
swp_entry_t get_swap_page(void);		/* a slot with one user, or 0 */
int swap_duplicate(swp_entry_t entry);	/* one more user: 0 or -errno */
void swap_free(swp_entry_t entry);		/* one user less */
uint32_t swap_count(swp_entry_t entry);		/* its users (0: free) */
int rw_swap_page(int rw, swp_entry_t entry, void *buf);
int rw_swap_pages(int rw, swp_entry_t entry, char *const *bufs, uint32_t n);

/*
 * Pages read or written in one disk request, at most: Linux's
 * 1 << page_cluster.  A fault that reads a slot reads the slots after it
 * too while they are in use (read_swap_cache's readahead), and shm_swap
 * writes the old pages after the one it chose to the slots after its.
 * 32, where Linux has 8: each request of shmos's PIO disk waits for the
 * host, and under make bench's icount that wait, not the pages moved, was
 * most of a read back; 32 pages a request read back about five times as
 * fast as 8 (docs/swap.md).  The arrays of a cluster are on the kernel
 * stack: 64 would pass the compiler's frame limit.
 */
#define SWAP_CLUSTER	32
void swap_setup(void);				/* the swap= boot option */
void proc_swaps_show(struct seq_file *m, const void *arg);
int swap_on_disk(uint32_t rdev);	/* the disk is a swap area (fs/ext2 asks) */
int swap_selftest(void);			/* ktest=swap (mm/ktest_swap.c) */

/* mm/swap_state.c: the swap cache, a hash by entry (mm/vmscan.c walks it) */
#define SWAP_HASH	256
extern struct page *swap_hash[SWAP_HASH];
extern uint32_t nr_swapcache_pages;
void add_to_swap_cache(struct page *pg, swp_entry_t entry);
void swap_writepage(struct page *pg, swp_entry_t entry);	/* out to its slot, sleeping */
struct page *lookup_swap_cache(swp_entry_t entry);
void delete_from_swap_cache(struct page *pg);
int read_swap_cache(swp_entry_t entry);		/* -EAGAIN once read */
void unlock_page(struct page *pg);
void wait_on_page(struct page *pg);

/*
 * trace=swap (kernel/cmdline.c's trace_swap): a line for each page that goes out or
 * comes in, with where it was: a segment's id and page index, or an
 * address space (its mm) and the address.
 */
#define swap_trace(...) \
	do { if (trace_swap) printk("swap: " __VA_ARGS__); } while (0)

/* mm/vmscan.c: reclaim */
void do_try_to_free_pages(void);	/* out until above freepages.high */
#define MAX_RECLAIM_RETRIES	16	/* Linux's: then the out-of-memory killer */
int try_direct_reclaim(void);	/* mm/vmscan.c: 1 progress, 0 none yet, -1 no use */

/*
 * The allocator's reclaim, tried again and again: no_progress is the
 * caller's count of tries in a row that put nothing out, given and
 * returned (0 again after a try that did), as Linux's no_progress_loops;
 * -1 when there is no use trying again.  While other tasks take the pages
 * as fast as this one puts them out (the fuzzer's overcommit beside a big
 * semget), it keeps trying, and swap filling up ends that.  By value, not
 * by address: the callers' frames are on the deepest kernel stack.
 */
static inline int direct_reclaim(int no_progress)
{
	int r = no_progress < MAX_RECLAIM_RETRIES ? try_direct_reclaim() : -1;

	return r < 0 ? -1 : r ? 0 : no_progress + 1;
}
void reclaim_for(uint32_t n);		/* room for n pages a call takes without sleeping */
void wakeup_kswapd(void);		/* below freepages.high: kswapd runs */
void kswapd_init(void);			/* at boot: the kernel thread */

/* Linux 2.2's freepages (mm/page.h): where reclaim starts, and kswapd. */
static inline uint32_t freepages_low(void)
{
	return freepages.low;
}

static inline uint32_t freepages_high(void)
{
	return freepages.high;
}

/*
 * At every system call and page fault: the test is inline, so that a
 * machine with memory to spare pays two loads and a compare, and only a
 * low one wakes kswapd or, lower still, reclaims itself.  It reads the
 * free lists' count, which leaves out the frames on the CPUs' own lists
 * (mm/page.c), as Linux's watermarks do: with several CPUs reclaim may
 * start a few batches early.
 */
static inline void try_to_free_pages(void)
{
	if (__builtin_expect(nr_free < freepages_high(), 0)) {
		wakeup_kswapd();
		if (nr_free < freepages_low())
			do_try_to_free_pages();
	}
}
int swap_out(void);			/* one page out: 1, or 0 if none could go */
struct mm_struct;
int swap_out_mm(struct mm_struct *mm, uint32_t *budget);	/* of one mm */

/* mm/vmstat.c: Linux's vm_event counters, for /proc/vmstat */
enum vm_event_item { PGPGIN, PGPGOUT, PSWPIN, PSWPOUT, NR_VM_EVENT_ITEMS };
extern uint32_t vm_events[NR_VM_EVENT_ITEMS];

static inline void count_vm_events(enum vm_event_item item, uint32_t n)
{
	vm_events[item] += n;
}

void proc_vmstat_show(struct seq_file *m, const void *arg);

#endif
