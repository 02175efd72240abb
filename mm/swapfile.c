/*
 * Swap areas: swapon and swapoff (87 and 115), the swap= boot option, the
 * slots' map, and /proc/swaps, after Linux's mm/swapfile.c.
 *
 * swapon reads the area's first page, the header mkswap wrote (union
 * swap_header, mm/swap.h), and checks it as Linux's read_swap_header: the
 * magic "SWAPSPACE2" in the page's last ten bytes, version 1, a last_page
 * that is not 0, no more bad pages than fit.  Then every slot from 1 to
 * last_page is free but the bad ones, which get SWAP_MAP_BAD, as slot 0 has.
 *
 * Only a block device can be an area (shmos has a disk, hda, and a RAM file
 * system whose files, as tmpfs's on Linux, cannot hold swap: EINVAL).
 *
 * Only tasks touch swap_info, so it needs no lock (docs/concurrency.md);
 * swapon sleeps while it reads the header, so it takes the slot (SWP_USED)
 * before, and a second swapon of the same disk meanwhile finds it busy.
 */
#include "mm/swap.h"
#include "drivers/blkdev.h"
#include "fs/fcntl.h"
#include "fs/file.h"
#include "fs/fs.h"
#include "fs/mount.h"
#include "fs/namei.h"
#include "fs/proc.h"
#include "ipc/shm.h"
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/strace.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "kernel/x86.h"
#include "mm/memcontrol.h"
#include "mm/mm.h"

struct swap_info_struct swap_info[MAX_SWAPFILES];
uint32_t nr_swap_pages, total_swap_pages;
static int least_priority = -1;	/* the next area without a priority: -2 */

#define SECTORS_PER_PAGE	(PAGE_SIZE / SECTOR_SIZE)

static uint16_t *swap_map_ptr(struct swap_info_struct *si, uint32_t offset)
{
	return &si->swap_map[offset / SWAP_MAP_PER_PAGE][offset % SWAP_MAP_PER_PAGE];
}

/* The area an entry names, if it is on and the slot in it; else NULL. */
static struct swap_info_struct *swap_info_get(swp_entry_t entry)
{
	struct swap_info_struct *si;

	if (swp_type(entry) >= MAX_SWAPFILES)
		return NULL;
	si = &swap_info[swp_type(entry)];
	if (!(si->flags & SWP_USED) || swp_offset(entry) >= si->max)
		return NULL;
	return si;
}

/*
 * A free slot in si, from cluster_next on, so that pages put out one after
 * another go to slots one after another (the disk reads them back in order);
 * 0 if si is full.
 */
static uint32_t scan_swap_map(struct swap_info_struct *si)
{
	uint32_t offset = si->cluster_next;

	if (si->inuse_pages == si->pages)
		return 0;
	if (offset < si->lowest_bit || offset > si->highest_bit)
		offset = si->lowest_bit;
	while (*swap_map_ptr(si, offset)) {
		if (++offset > si->highest_bit)
			offset = si->lowest_bit;
	}
	*swap_map_ptr(si, offset) = 1;
	si->inuse_pages++;
	nr_swap_pages--;
	if (offset == si->lowest_bit)
		si->lowest_bit++;
	if (offset == si->highest_bit)
		si->highest_bit--;
	if (si->inuse_pages == si->pages) {	/* full: nothing between */
		si->lowest_bit = si->max;
		si->highest_bit = 0;
	}
	si->cluster_next = offset + 1;
	return offset;
}

/* A slot in the area of highest priority that has one, with one user. */
swp_entry_t get_swap_page(void)
{
	struct swap_info_struct *best = NULL;
	uint32_t offset;

	for (int type = 0; type < MAX_SWAPFILES; type++) {
		struct swap_info_struct *si = &swap_info[type];

		if ((si->flags & SWP_WRITEOK) && si->inuse_pages < si->pages &&
		    (!best || si->prio > best->prio))
			best = si;
	}
	if (!best || !(offset = scan_swap_map(best)))
		return (swp_entry_t){ 0 };
	return swp_entry(best - swap_info, offset);
}

/* One more entry names the slot (fork copied it): 0, or -EINVAL for an
 * entry that names no slot in use. */
int swap_duplicate(swp_entry_t entry)
{
	struct swap_info_struct *si = swap_info_get(entry);
	uint16_t *count;

	if (!si)
		return -EINVAL;
	count = swap_map_ptr(si, swp_offset(entry));
	if (*count == 0 || *count >= SWAP_MAP_MAX)
		return -EINVAL;
	(*count)++;
	return 0;
}

/*
 * One entry less names the slot; with the last, the slot is free, and a
 * page the swap cache held for it goes (its writer or reader holds its own
 * reference until the disk is done).  An entry that names no slot in use
 * would be a kernel bug: it is let be, quietly (the OOM killer's zap runs
 * here on a deep stack, with no room for a printk).
 */
void swap_free(swp_entry_t entry)
{
	struct swap_info_struct *si = swap_info_get(entry);
	uint32_t offset = swp_offset(entry);
	struct page *pg;
	uint16_t *count;

	if (!si)
		return;
	count = swap_map_ptr(si, offset);
	if (*count == 0 || *count == SWAP_MAP_BAD)
		return;
	if (--*count)
		return;
	if ((pg = lookup_swap_cache(entry)))	/* no one will look for it */
		delete_from_swap_cache(pg);
	mem_cgroup_uncharge_swap(entry);
	si->inuse_pages--;
	nr_swap_pages++;
	if (offset < si->lowest_bit)
		si->lowest_bit = offset;
	if (offset > si->highest_bit)
		si->highest_bit = offset;
}

uint32_t swap_count(swp_entry_t entry)
{
	struct swap_info_struct *si = swap_info_get(entry);

	return si ? *swap_map_ptr(si, swp_offset(entry)) : 0;
}

/*
 * n pages (kernel addresses) to or from n slots that follow one another
 * from entry's on, a cluster, in one disk request: 0 or -EIO.
 */
int rw_swap_pages(int rw, swp_entry_t entry, char *const *bufs, uint32_t n)
{
	struct swap_info_struct *si = swap_info_get(entry);

	if (!si || swp_offset(entry) + n > si->max)
		return -EIO;
	count_vm_events(rw == READ ? PSWPIN : PSWPOUT, n);
	return blk_rw_pages(si->bdev, rw, swp_offset(entry) * SECTORS_PER_PAGE,
			    bufs, n);
}

/* The page at buf (a kernel address) to or from its slot: 0 or -EIO. */
int rw_swap_page(int rw, swp_entry_t entry, void *buf)
{
	char *bufs[1] = { buf };

	return rw_swap_pages(rw, entry, bufs, 1);
}

static void free_swap_map(struct swap_info_struct *si)
{
	for (int i = 0; i < SWAP_MAP_DIR && si->swap_map[i]; i++) {
		free_kpage(si->swap_map[i]);
		si->swap_map[i] = NULL;
	}
}

/*
 * Linux's read_swap_header: how many slots the area has (last_page + 1, or
 * what shmos can map of it), or 0 if the header is not one swapon takes.
 */
static uint32_t read_swap_header(struct swap_info_struct *si,
				 const union swap_header *h)
{
	uint32_t last_page = h->info.last_page, maxpages = MAX_SWAP_PAGES;

	if (memcmp(h->magic.magic, "SWAPSPACE2", 10)) {
		printk(KERN_ERR "swapon: unable to find swap-space signature\n");
		return 0;
	}
	if (h->info.version != 1) {
		printk(KERN_WARNING "swapon: unable to handle swap header version %u\n",
		       h->info.version);
		return 0;
	}
	if (!last_page) {
		printk(KERN_WARNING "swapon: empty swap-file\n");
		return 0;
	}
	if (last_page >= maxpages)
		printk(KERN_WARNING "swapon: truncating oversized swap area, only using "
		       "%uk out of %uk\n", maxpages * 4, last_page * 4);
	else
		maxpages = last_page + 1;
	if (maxpages > si->bdev->capacity / SECTORS_PER_PAGE) {
		printk(KERN_WARNING "swapon: swap area shorter than signature indicates\n");
		return 0;
	}
	if (h->info.nr_badpages > MAX_SWAP_BADPAGES)
		return 0;
	return maxpages;
}

/*
 * The map for maxpages slots, every one free but slot 0 and the bad pages
 * (Linux's setup_swap_map_and_extents): usable slots, or -errno.
 */
static int setup_swap_map(struct swap_info_struct *si,
			  const union swap_header *h, uint32_t maxpages)
{
	uint32_t good = maxpages - 1;

	for (uint32_t i = 0; i * SWAP_MAP_PER_PAGE < maxpages; i++)
		if (!(si->swap_map[i] = get_free_page()))
			return -ENOMEM;
	si->max = maxpages;
	*swap_map_ptr(si, 0) = SWAP_MAP_BAD;
	for (uint32_t i = 0; i < h->info.nr_badpages; i++) {
		uint32_t bad = h->info.badpages[i];

		if (bad == 0 || bad > h->info.last_page)
			return -EINVAL;
		if (bad < maxpages && *swap_map_ptr(si, bad) != SWAP_MAP_BAD) {
			*swap_map_ptr(si, bad) = SWAP_MAP_BAD;
			good--;
		}
	}
	if (good == 0) {
		printk(KERN_WARNING "swapon: empty swap-file\n");
		return -EINVAL;
	}
	si->lowest_bit = 1;
	si->highest_bit = maxpages - 1;
	si->cluster_next = 1;
	return good;
}

/* The header in a page, checked, and the map made from it: 0 or -errno. */
static int read_header_and_map(struct swap_info_struct *si)
{
	union swap_header *h = get_free_page();
	uint32_t maxpages;
	int err;

	if (!h)
		return -ENOMEM;
	err = blk_rw(si->bdev, READ, 0, h, SECTORS_PER_PAGE);
	if (!err && !(maxpages = read_swap_header(si, h)))
		err = -EINVAL;
	if (!err && (err = setup_swap_map(si, h, maxpages)) > 0) {
		si->pages = err;
		err = 0;
	}
	free_kpage(h);
	return err;
}

/* Whether the disk rdev is a swap area (a file system may not be mounted from it). */
int swap_on_disk(uint32_t rdev)
{
	for (int type = 0; type < MAX_SWAPFILES; type++)
		if (swap_info[type].flags && swap_info[type].bdev->rdev == rdev)
			return 1;
	return 0;
}

/* The area swapon or swapoff names: its swap_info, or NULL. */
static struct swap_info_struct *find_swap(struct inode *ip, int flags)
{
	for (int type = 0; type < MAX_SWAPFILES; type++) {
		struct swap_info_struct *si = &swap_info[type];

		if ((si->flags & flags) && S_ISBLK(ip->mode) &&
		    si->bdev->rdev == ip->rdev)
			return &swap_info[type];
	}
	return NULL;
}

/*
 * swapon and swapoff open the name for reading and writing first, as
 * Linux's do: EISDIR, EACCES, ENXIO for a device without a driver.
 */
static int swap_may_open(struct inode *ip)
{
	int err;

	if (S_ISDIR(ip->mode))
		return -EISDIR;
	if ((err = permission(ip, MAY_READ | MAY_WRITE)))
		return err;
	if ((S_ISBLK(ip->mode) && !blkdev_get(ip->rdev)) ||
	    (S_ISCHR(ip->mode) && !chrdev_fops(ip->rdev)))
		return -ENXIO;
	return 0;
}

/*
 * The heart of swapon, for the system call and the boot option: ip (found
 * in dir) becomes a swap area.  The checks in Linux's order after the
 * name's lookup: opening it (swap_may_open), claiming it (EBUSY), then the
 * header (EINVAL, EIO).
 */
static int do_swapon(struct inode *ip, struct inode *dir, int swap_flags,
		     const char *name)
{
	struct swap_info_struct *si = NULL;
	struct blk_dev *bdev;
	int err;

	if ((err = swap_may_open(ip)))
		return err;
	if (!S_ISBLK(ip->mode))
		return -EINVAL;	/* a file of the ramfs, a character device... */
	if (find_swap(ip, SWP_USED) || mount_of(ip->rdev))
		return -EBUSY;		/* swap already, or a mounted file system */
	bdev = blkdev_get(ip->rdev);
	for (int type = 0; type < MAX_SWAPFILES && !si; type++)
		if (!swap_info[type].flags)
			si = &swap_info[type];
	if (!si)
		return -EPERM;	/* Linux's answer when every type is taken */
	memset(si, 0, sizeof(*si));
	si->flags = SWP_USED;
	si->bdev = bdev;
	if ((err = read_header_and_map(si)) != 0 ||
	    (err = swap_cgroup_swapon(si - swap_info, si->max)) != 0)
		goto bad;
	if (!(si->swap_file = file_alloc(ip, O_RDWR | O_LARGEFILE))) {
		err = -ENOMEM;
		goto bad;
	}
	si->swap_file->dir = dir ? inode_get(dir) : NULL;
	si->prio = (swap_flags & SWAP_FLAG_PREFER) ?
		   (swap_flags & SWAP_FLAG_PRIO_MASK) : --least_priority;
	si->flags |= SWP_WRITEOK;
	nr_swap_pages += si->pages;
	total_swap_pages += si->pages;
	nolock_faults_sync();	/* reclaim may now change PTEs and slots (mm/fault.c) */
	printk(KERN_INFO "Adding %uk swap on %s.  Priority:%d extents:1 across:%uk\n",
	       si->pages * 4, name, si->prio, (si->max - 1) * 4);
	return 0;
bad:
	free_swap_map(si);
	swap_cgroup_swapoff(si - swap_info);
	si->flags = 0;
	return err;
}

/*
 * swapon(path, flags): Linux's order: the flags, privilege, then the name
 * (EFAULT, ENOENT...), then do_swapon's checks.
 */
long sys_swapon(const char *upath, int swap_flags)
{
	struct inode *ip, *dir = NULL;
	char *path;
	int err;

	if (swap_flags & ~SWAP_FLAGS_VALID)
		return -EINVAL;
	if (current->euid != 0)
		return -EPERM;
	if ((err = getname(upath, &path)) != 0)
		return err;
	err = path_lookup_dir(cwd_inode(), path, LOOKUP_FOLLOW, &ip, &dir);
	if (!err) {
		err = do_swapon(ip, dir, swap_flags, path);
		if (!err)
			kswapd_init();	/* with the first area: work for it */
		inode_put(dir);
		inode_put(ip);
	}
	putname(path);
	return err;
}

/*
 * Every page out on area type comes back (Linux's try_to_unuse): the
 * segments' (shm_unuse), the files' (shmem_unuse), then a walk of every task's private pages, which goes on after each page brought in from
 * where it was (the read slept: the task there may have changed, so the
 * walk only looks at what is there now), and again until a whole walk finds
 * none: a fork may have copied an entry behind the walk.  0, or the error
 * of a page that could not come back.
 */
/* t's address space, or NULL for a free slot, a zombie or the idle task. */
static struct mm_struct *task_mm(struct task *t)
{
	return t->state == TASK_UNUSED || t->state == TASK_ZOMBIE ? NULL : t->mm;
}

static int try_to_unuse(uint32_t type)
{
	int found = 1, err;

	if ((err = shm_unuse(type)) || (err = shmem_unuse(type)))
		return err;		/* the segments' pages first, the files' */

	while (found) {
		found = 0;
		for (int i = 0; i < task_hi; i++) {	/* slots above were never mapped */
			uint32_t va = 0;
			struct mm_struct *mm;
			pte_t *pte;

			while ((mm = task_mm(&tasks[i])) && va < TASK_SIZE) {
				if (!(pte = pte_walk(mm->pgd, va, 0))) {
					va = (va & ~0x3FFFFFu) + (4u << 20);
					continue;
				}
				if (is_swap_pte(*pte) &&
				    swp_type(pte_to_swp_entry(*pte)) == type) {
					if ((err = swapin_pte(mm, va)))
						return err;
					found = 1;
				}
				va += PAGE_SIZE;
				if (PTX(va) == 0)
					cond_resched();
			}
		}
	}
	return 0;
}

/*
 * swapoff(path): the area stops taking pages, every page on it comes back,
 * and it goes.  EPERM, the name's errors and the open's (swap_may_open),
 * then EINVAL if it is no swap area; a page that cannot come back (no
 * memory, a disk error) leaves the area on, with that error.
 */
long sys_swapoff(const char *upath)
{
	struct swap_info_struct *si;
	struct inode *ip;
	char *path;
	int err;

	if (current->euid != 0)
		return -EPERM;
	if ((err = getname(upath, &path)) != 0)
		return err;
	err = path_lookup(cwd_inode(), path, LOOKUP_FOLLOW, &ip);
	putname(path);
	if (err)
		return err;
	if (!(err = swap_may_open(ip)) && !(si = find_swap(ip, SWP_WRITEOK)))
		err = -EINVAL;
	inode_put(ip);
	if (err)
		return err;
	si->flags &= ~SWP_WRITEOK;		/* no page goes out to it now */
	err = try_to_unuse(si - swap_info);
	if (!err && si->inuse_pages)
		err = -EBUSY;		/* a slot whose user was not found */
	if (err) {
		si->flags |= SWP_WRITEOK;
		return err;
	}
	nr_swap_pages -= si->pages;		/* all free now */
	total_swap_pages -= si->pages;
	if (si->prio < 0) {	/* the areas made after it move up, as Linux's */
		for (int type = 0; type < MAX_SWAPFILES; type++)
			if ((swap_info[type].flags & SWP_WRITEOK) &&
			    swap_info[type].prio < si->prio)
				swap_info[type].prio++;
		least_priority++;
	}
	file_put(si->swap_file);
	free_swap_map(si);
	swap_cgroup_swapoff(si - swap_info);	/* its slots' memory cgroup records */
	si->flags = 0;
	return 0;
}

/*
 * swap=PATH on the command line: PATH (/dev/hda) is swapped on at boot, as
 * if init's first act were `swapon PATH`.  The boot thread runs with
 * interrupts off, and the header's read needs the disk's: on while it reads.
 */
void swap_setup(void)
{
	const char *path = cmdline_get("swap");
	struct inode *ip, *dir = NULL;
	uint32_t flags;
	int err;

	if (!path)
		return;
	flags = local_irq_save();
	sti();
	err = path_lookup_dir(root_inode, path, LOOKUP_FOLLOW, &ip, &dir);
	if (!err) {
		err = do_swapon(ip, dir, 0, path);
		inode_put(dir);
		inode_put(ip);
	}
	local_irq_restore(flags);
	if (err)
		printk("swap=%s: swapon failed: %s\n", path, errno_name(-err));
}

/*
 * /proc/swaps, Linux's swap_show: the name padded to 40 columns, the type,
 * and sizes in KiB, with Linux's tabs.
 */
void proc_swaps_show(struct seq_file *m, const void *arg)
{
	char *buf = get_free_page();

	seq_printf(m, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
	for (int type = 0; buf && type < MAX_SWAPFILES; type++) {
		struct swap_info_struct *si = &swap_info[type];
		uint32_t size = si->pages * 4, used = si->inuse_pages * 4;
		int pos, len;

		if (!(si->flags & SWP_WRITEOK))
			continue;
		pos = d_path(si->swap_file, buf, PAGE_SIZE);
		if (pos < 0)
			continue;
		len = strlen(buf + pos);
		seq_printf(m, "%s%*s%s\t%u\t%s%u\t%s%d\n", buf + pos,
			   len < 40 ? 40 - len : 1, " ", "partition", size,
			   size < 10000000 ? "\t" : "", used,
			   used < 10000000 ? "\t" : "", si->prio);
	}
	if (buf)
		free_kpage(buf);
}
