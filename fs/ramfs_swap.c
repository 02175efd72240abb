/*
 * tmpfs pages to swap, as Linux's shmem does: a page of a ramfs file
 * (/dev/shm, /tmp, the root) goes out to swap under memory pressure, and
 * comes back when it is wanted again.  The same journey as a shm
 * segment's page (ipc/shm.c, docs/swap.md), with the file's index in the
 * place of the segment's shm_pages and its i_mmap in the place of the
 * attaches:
 *
 *   out   shmem_swap, reclaim's clock over the files (mm/vmscan.c asks it
 *         in turn with the others), takes a page that no mapping has used
 *         since its last look (shared_page_old), unmaps it from every
 *         mapping (unmap_shared_page), puts its swap entry in the file's
 *         index (bit 0 set: mm/swap.h's slot_swapped) and the frame, with
 *         the file's reference, into the swap cache, and writes it;
 *   in    read(), write(), truncate and a fault of a mapping find the
 *         entry in the index (fs/ramfs.c's data_page), which reads the
 *         slot into the swap cache, and takes the page back from there
 *         (shmem_swap_in);
 *   gone  truncate and unlink free the slot (fs/ramfs.c's free_file_data);
 *         swapoff brings every page back (shmem_unuse).
 *
 * The file's blocks (its ramfs's used_blocks, st_blocks) count a page out
 * as one in memory, as tmpfs counts them.  A page that read() or write()
 * copies (get_page while the copy may fault and sleep) is passed over.
 */
#include "fs/fs.h"
#include "drivers/blkdev.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "mm/mm.h"
#include "mm/swap.h"

uint32_t shmem_rss;		/* files' data pages in memory */
uint32_t shmem_swp;		/* and out on swap */

static struct inode *shmem_inodes;	/* every ramfs file, by shmem_next */
static uint32_t nr_shmem_inodes;
static struct inode *clock_ip;		/* where shmem_swap's clock stands */
static uint32_t clock_idx;

/* A new ramfs file joins the clock's list (new_inode). */
void shmem_add_inode(struct inode *ip)
{
	ip->shmem_next = shmem_inodes;
	if (shmem_inodes)
		shmem_inodes->shmem_pprev = &ip->shmem_next;
	shmem_inodes = ip;
	ip->shmem_pprev = &shmem_inodes;
	nr_shmem_inodes++;
}

/* A file goes (inode_free, its pages and slots freed): off the list. */
void shmem_del_inode(struct inode *ip)
{
	if (clock_ip == ip) {
		clock_ip = ip->shmem_next;
		clock_idx = 0;
	}
	if (ip->shmem_next)
		ip->shmem_next->shmem_pprev = ip->shmem_pprev;
	*ip->shmem_pprev = ip->shmem_next;
	nr_shmem_inodes--;
}

/*
 * The page of ip whose swap entry *slot holds comes back from the swap
 * cache, where its write may still be under way or where fs/ramfs.c's
 * data_page had it read (read_swap_cache: not from here, so that a
 * fault's path to the disk stays within the kernel stack): it goes back
 * into the file's index, and the slot on the disk loses its one user, the
 * file.  A page still being read (another task's) is waited for: -EAGAIN,
 * the task slept and the caller looks again from the start, as after its
 * own read.  0, or -EAGAIN.
 */
int shmem_swap_in(struct inode *ip, void **slot)
{
	swp_entry_t entry = slot_entry(*slot);
	struct page *pg;

	if (!(pg = lookup_swap_cache(entry)))
		return -EAGAIN;		/* freed meanwhile: look again */
	if (pg->flags & PG_LOCKED) {	/* another task's read */
		get_page(pg);		/* it may leave the cache meanwhile */
		wait_on_page(pg);
		put_page(pg);
		return -EAGAIN;
	}
	get_page(pg);			/* the file's reference */
	pg->flags &= ~PG_DIRTY;		/* a failed write's: the file's now */
	*slot = page_address(pg);
	swap_free(entry);		/* the last user: it leaves the cache */
	ip->swapped--;
	shmem_swp--;
	shmem_rss++;
	swap_trace("in  file ino %u slot 0x%x\n", ip->ino, entry.val);
	return 0;
}

/* Page slot of a file is out and the file lets it go: so does its slot. */
void shmem_free_swap(struct inode *ip, void *slot)
{
	swap_free(slot_entry(slot));	/* a write under way: its page too */
	ip->swapped--;
	shmem_swp--;
}

/*
 * Page idx of ip (frame pg, in *slot) goes out: 1; 0 if it could not
 * (someone besides the file and its mappings holds the frame: a read() or
 * write() copying it); -1 if the swap is full.  The index gets the entry
 * and the frame goes into the swap cache before the write, which sleeps:
 * after it nothing of the file is looked at (it may be gone, or the page
 * back already through shmem_swap_in).
 */
static int shmem_swap_out(struct inode *ip, uint32_t idx, void **slot,
			  struct page *pg)
{
	swp_entry_t entry = get_swap_page();

	if (!entry.val)
		return -1;
	unmap_shared_page(ip->i_mmap, idx, pg);
	if (pg->count != 1) {		/* not the file's alone: it stays */
		swap_free(entry);
		return 0;
	}
	*slot = swp_entry_to_slot(entry);
	ip->swapped++;
	shmem_swp++;
	shmem_rss--;
	swap_trace("out file ino %u page %u slot 0x%x\n", ip->ino, idx, entry.val);
	swap_writepage(pg, entry);	/* the file's reference; shmem_swap_in finds it */
	return 1;
}

/* The clock moves to the next file, the first after the last. */
static void next_file(void)
{
	clock_ip = clock_ip ? clock_ip->shmem_next : NULL;
	if (!clock_ip)
		clock_ip = shmem_inodes;
	clock_idx = 0;
}

/*
 * One page of a file out to swap, by a clock over the files of every ramfs
 * and their pages in memory, from where it stopped, as shm_swap goes over
 * the segments: the first page that no mapping has used since the last
 * look goes.  1 when a page went out, 0 if none did within the budget
 * (twice the pages in memory, so that every one has had its second
 * chance), -1 when the swap is full.
 */
int shmem_swap(void)
{
	uint32_t budget = 2 * (shmem_rss + nr_shmem_inodes);

	if (!nr_swap_pages || !shmem_rss)
		return 0;
	if (!clock_ip)
		next_file();
	while (budget) {
		struct inode *ip = clock_ip;
		uint32_t idx = clock_idx;
		void **slot;
		int r;

		if (idx >= ramfs_npages(ip)) {
			next_file();
			budget--;
			continue;
		}
		if (!(slot = ramfs_slot(ip, idx))) {		/* no index page: a hole of PTRS_PER_INDEX */
			clock_idx = (idx / PTRS_PER_INDEX + 1) * PTRS_PER_INDEX;
			continue;
		}
		clock_idx = idx + 1;	/* before the write sleeps */
		if (!*slot || slot_swapped(*slot))
			continue;
		budget--;
		if (shared_page_old(ip->i_mmap, idx, virt_to_page(*slot)) &&
		    (r = shmem_swap_out(ip, idx, slot, virt_to_page(*slot))) != 0)
			return r;
	}
	return 0;
}

/*
 * swapoff: every page of a file out on area type comes back into its file
 * (mm/swapfile.c's try_to_unuse, after the segments').  A read sleeps,
 * and files may come and go meanwhile: the walk starts again after each.
 * 0, or -ENOMEM or -EIO.
 */
int shmem_unuse(uint32_t type)
{
	swp_entry_t entry;
	int err;

again:
	for (struct inode *ip = shmem_inodes; ip; ip = ip->shmem_next) {
		for (uint32_t idx = 0; ip->swapped && idx < ramfs_npages(ip); idx++) {
			void **slot = ramfs_slot(ip, idx);

			if (!slot) {
				idx = (idx / PTRS_PER_INDEX + 1) * PTRS_PER_INDEX - 1;
				continue;
			}
			entry = slot_entry(*slot);
			if (!slot_swapped(*slot) || swp_type(entry) != type)
				continue;
			err = lookup_swap_cache(entry) ? shmem_swap_in(ip, slot) :
							 read_swap_cache(entry);
			if (err == -EAGAIN)
				goto again;	/* it slept */
			if (err)
				return err == -EFAULT ? -EIO : err;
		}
	}
	return 0;
}
