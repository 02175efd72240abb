/*
 * The swap cache: pages on their way to or from a swap slot, found by
 * their swap entry (Linux's mm/swap_state.c; docs/swap.md).  A page being
 * written out is here, so that a process touching it meanwhile maps it
 * instead of reading a slot the disk has not finished; a page being read
 * in is here and locked (PG_LOCKED), so that a second user of the entry
 * waits for that read instead of making its own.
 *
 * The cache holds one reference on each page in it.  A hash of chains
 * through the pages' own `next' field (a user page never uses it), keyed
 * by the entry, which the page keeps in `private'.  Only tasks touch it.
 */
#include <stddef.h>
#include "mm/swap.h"
#include "drivers/blkdev.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/task.h"
#include "mm/memcontrol.h"

struct page *swap_hash[SWAP_HASH];
uint32_t nr_swapcache_pages;		/* SwapCached in /proc/meminfo */

static struct page **bucket(swp_entry_t entry)
{
	return &swap_hash[(entry.val ^ entry.val >> 8) % SWAP_HASH];
}

/* pg is entry's page now; the caller's reference on it is the cache's. */
void add_to_swap_cache(struct page *pg, swp_entry_t entry)
{
	struct page **b = bucket(entry);

	mem_cgroup_swapcache_add(pg, entry);	/* out: the slot's charge; in: the page's */
	pg->flags |= PG_SWAPCACHE;
	pg->private = entry.val;
	pg->next = *b;
	*b = pg;
	nr_swapcache_pages++;
}

/*
 * The write of a page whose holder keeps entry now instead of it (a PTE, a
 * file's index slot): the holder's reference becomes the swap cache's, the
 * write takes one of its own, and sleeps.  Written, and wanted by nobody
 * meanwhile, the frame leaves the cache and is free; still held (mapped
 * elsewhere, or a fault came for it), it stays in the cache until its
 * holders let it go.  A failed write leaves it in the cache, dirty: the slot
 * holds nothing good, and the next fault finds the page there.
 */
void swap_writepage(struct page *pg, swp_entry_t entry)
{
	add_to_swap_cache(pg, entry);
	get_page(pg);
	if (rw_swap_page(WRITE, entry, page_address(pg)) == 0) {
		if (lookup_swap_cache(entry) == pg && pg->count == 2)
			delete_from_swap_cache(pg);
	} else {
		pg->flags |= PG_DIRTY;
		printk(KERN_ERR "swap: write of slot 0x%x failed\n", entry.val);
	}
	put_page(pg);
}

struct page *lookup_swap_cache(swp_entry_t entry)
{
	for (struct page *pg = *bucket(entry); pg; pg = pg->next)
		if (pg->private == entry.val)
			return pg;
	return NULL;
}

/* pg leaves the cache, with the cache's reference. */
void delete_from_swap_cache(struct page *pg)
{
	struct page **p = bucket((swp_entry_t){ .val = pg->private });

	while (*p != pg)
		p = &(*p)->next;
	*p = pg->next;
	pg->next = NULL;
	pg->private = 0;
	pg->flags &= ~(PG_SWAPCACHE | PG_READAHEAD);
	nr_swapcache_pages--;
	put_page(pg);
}

/*
 * Whether the slot after a read one is worth reading with it: in use (so
 * a page out there will be wanted, most likely soon: pages put out one
 * after another went to slots one after another), not in the cache, and
 * memory not short (a readahead page nobody maps is the first that
 * reclaim drops: shrink_swap_cache).
 */
static int readahead_ok(swp_entry_t entry)
{
	uint32_t users = swap_count(entry);

	return users && users != SWAP_MAP_BAD && !lookup_swap_cache(entry) &&
	       nr_free_pages() > freepages_low() + SWAP_CLUSTER;
}

/*
 * read_swap_cache's disk request: pg0, a new frame, for entry's slot, and
 * new frames for the slots after it while readahead_ok and the memory
 * cgroup each is to be charged to has room for it, taken only if free (no
 * reclaim: the arrays of a cluster are on the stack already).
 */
static __attribute__((noinline)) int read_swap_cluster(swp_entry_t entry,
							struct page *pg0)
{
	struct page *pg[SWAP_CLUSTER];
	char *bufs[SWAP_CLUSTER];
	uint32_t n = 1;
	int err;

	pg[0] = pg0;
	while (n < SWAP_CLUSTER && readahead_ok((swp_entry_t){ .val = entry.val + n }) &&
	       mem_cgroup_swapin_room((swp_entry_t){ .val = entry.val + n }, n) &&
	       (pg[n] = get_page_from_freelist(GFP_USER)))
		n++;
	for (uint32_t i = 0; i < n; i++) {
		pg[i]->flags |= PG_LOCKED | (i ? PG_READAHEAD : 0);
		add_to_swap_cache(pg[i], (swp_entry_t){ .val = entry.val + i });
		get_page(pg[i]);			/* the read's */
		bufs[i] = page_address(pg[i]);
	}
	err = rw_swap_pages(READ, entry, bufs, n);
	for (uint32_t i = 0; i < n; i++) {
		unlock_page(pg[i]);
		if (err && lookup_swap_cache((swp_entry_t){ .val = entry.val + i }) == pg[i])
			delete_from_swap_cache(pg[i]);
		put_page(pg[i]);
	}
	return err ? -EFAULT : -EAGAIN;
}

/*
 * Linux's read_swap_cache_async with its swapin_readahead, synchronous:
 * the page of entry's slot into a new frame, and the pages of the slots
 * after it while readahead_ok, up to SWAP_CLUSTER in one disk request.
 * Each stays in the swap cache (locked while the disk reads, so that
 * another user of an entry waits for this read instead of making its own)
 * for the caller to find when it looks again: -EAGAIN, or -ENOMEM, or
 * -EFAULT if the disk failed (Linux sends SIGBUS; shmos's faults know
 * SIGSEGV only).  The task sleeps while the disk reads: the caller looks
 * again from the start (a fault from the VMA, shm_nopage from the segment).
 */
int read_swap_cache(swp_entry_t entry)
{
	/* Lowmem: the driver copies.  The allocation (and the room its memory
	 * cgroup must have for it) may sleep for reclaim: meanwhile another
	 * task may have read the slot, or freed it. */
	struct page *pg = NULL;

	if (mem_cgroup_swapin_reclaim(entry) ||
	    !(pg = alloc_page(GFP_USER | __GFP_DIRECT_RECLAIM)))
		return -ENOMEM;
	if (lookup_swap_cache(entry) || !swap_count(entry)) {
		put_page(pg);
		return -EAGAIN;
	}
	return read_swap_cluster(entry, pg);
}

/* The read into pg has ended: its waiters may look at it. */
void unlock_page(struct page *pg)
{
	pg->flags &= ~PG_LOCKED;
	wakeup(pg);
}

/*
 * Sleeps until pg is no longer being read.  Only tasks lock and unlock
 * pages (the reader, after blk_rw returns), so no lock guards the test.
 */
void wait_on_page(struct page *pg)
{
	while (pg->flags & PG_LOCKED)
		sleep_on_uninterruptible(pg, NULL);
}
