/*
 * System V shared memory, built the way Linux 2.2's ipc/shm.c is.
 *
 * The life of a segment, and the function to put a breakpoint on:
 *
 *   shmget    findkey looks the key up in the shm_segs of the caller's IPC
 *             namespace (current->nsproxy->ipc_ns, ipc/namespace.h); newseg
 *             makes a segment (seg_alloc: a struct shmid_kernel whose page
 *             pointers are all NULL) and ipc_addid puts it in that shm_segs
 *             and gives it its id.
 *   shmat     do_shmat checks the address and the permission; shm_map adds
 *             a VMA over the segment (an "attach") whose vm_ops are
 *             shm_vm_ops; nattch + 1.
 *   touch     the page fault reaches shm_nopage, which allocates and zeroes
 *             the page's frame on the first touch by anyone, keeps it in
 *             shm_pages, and gives every attach that same frame.
 *   fork      mm_dup copies the VMA and calls shm_open: nattch + 1.
 *   shmdt, exit, exec, munmap
 *             the VMA goes away and mm/vma.c calls shm_close: nattch - 1.
 *   IPC_RMID  killseg frees the frames and the segment, at once if nobody
 *             is attached, else at the last shm_close (SHM_DEST).
 *
 * mmap(MAP_SHARED | MAP_ANONYMOUS) memory is such a segment too, without an
 * id: shm_zero_setup makes it with seg_alloc and lists it in anon_segs (for
 * swap), the last shm_close kills it.
 *
 * Swap (docs/swap.md): when memory runs low, reclaim (mm/vmscan.c) asks
 * shm_swap for a page of a segment: it is unmapped from every attach and
 * written out, and the segment's slot for it holds its swap entry until
 * the next touch, when shm_nopage brings it back (shm_swap_in).
 *
 * `trace=shm` on the kernel command line prints a line at each step that a
 * system call's result does not show: findkey or newseg, every nattch
 * change, the frame each fault gets, killseg.  (`trace=syscall` shows the
 * calls themselves, their arguments and results.)
 */
#include "ipc/shm.h"
#include "ipc/namespace.h"
#include "ipc/util.h"
#include "drivers/blkdev.h"
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "kernel/spinlock.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "mm/kmalloc.h"
#include "mm/memcontrol.h"
#include "mm/mm.h"
#include "mm/page.h"
#include "mm/swap.h"
#include "mm/uaccess.h"

#define shm_trace(...) \
	do { if (trace_shm) printk("shm: " __VA_ARGS__); } while (0)

/*
 * The segments that have an id: the article's shm_segs, now the table of
 * ipc/util.c that semaphore sets and message queues have too, as Linux
 * 2.4's shm_ids.  It holds a pointer to each segment's u.shm_perm, which
 * is where the segment begins (ipc/shm.h asserts it).  This one is the
 * first IPC namespace's, init_ipc_ns; each other namespace has its own.
 */
struct ipc_ids shm_segs = IPC_IDS_INIT(shm_segs);
/*
 * The segments' slots (shm_pages, shm_present) and fault counts, against
 * two faults at once: a page fault may run without the big kernel lock
 * (mm/fault.c), on several CPUs, beside one that holds it.  Linux 2.4's
 * shm_lock; one lock for all segments, held for a few instructions (the
 * frame is zeroed before).  It starts a cache line, which both CPUs'
 * faults write: no variable a fault reads shares it (after it comes
 * shm_segs, which only system calls read).  Everything else of a segment
 * stays under the big lock: such a fault reaches the segment through an
 * attach of its own, so nattch is not 0 and killseg cannot run, and it
 * never runs while a swap area is on, so no slot goes out to swap under
 * it (docs/smp.md).
 * (Unused in the nopage lab's handout, whose students write its users.)
 */
static __attribute__((unused, aligned(64))) DEFINE_SPINLOCK(shm_lock);
static DEFINE_PER_CPU(int32_t, shm_rss);	/* pages that have a frame (shm_rss_add) */
static uint32_t shm_swp;	/* pages out on swap */
static struct shmid_kernel *anon_segs;	/* shm_zero_setup's, by anon_next */
static uint32_t nr_anon_segs;
static DEFINE_PER_CPU(int32_t, anon_rss);	/* their pages that have a frame */
static uint32_t swap_attempts;	/* pages shm_swap chose to put out */
static uint32_t swap_successes;	/* and put out (written, or being written) */

static const struct vm_operations_struct shm_vm_ops;

/* ---- the page table: shm_pages[idx / SHM_BLOCK][idx % SHM_BLOCK] ---- */

static uint32_t nr_blocks(uint32_t npages)
{
	return (npages + SHM_BLOCK - 1) / SHM_BLOCK;
}

/* Where the frame of page idx is kept (NULL: not touched yet). */
static struct page **shm_page(struct shmid_kernel *shp, uint32_t idx)
{
	return &shp->shm_pages[idx / SHM_BLOCK][idx % SHM_BLOCK];
}

/*
 * A slot of shm_pages holds NULL (the page was never touched), the page's
 * frame, or, while the page is out on swap, its swap entry, with bit 0 set
 * (mm/swap.h's slot_swapped: a tmpfs file's index keeps them so too).
 * shmos keeps the frame's struct page * where Linux 2.2 kept a pte_t.
 */
static int shm_swapped(const struct page *slot)
{
	return slot_swapped(slot);
}

static swp_entry_t shm_slot_entry(const struct page *slot)
{
	return slot_entry(slot);
}

static struct page *shm_swp_slot(swp_entry_t entry)
{
	return swp_entry_to_slot(entry);
}

/*
 * Keeps pg as the frame of page idx in slot, shm_page(shp, idx), which the
 * caller has looked up already, and marks idx's line in shm_present.
 */
static void shm_set_page(struct shmid_kernel *shp, uint32_t idx,
			 struct page **slot, struct page *pg)
{
	*slot = pg;
	shp->shm_present[idx / SHM_BLOCK] |= 1u << (idx % SHM_BLOCK / SHM_LINE);
}

/*
 * The frames are found a line at a time.  shm_next_line gives the slots of
 * the first line at or after page *idx's, and below end, that has a frame,
 * and sets *idx to that line's first page; NULL if there is none.  Only
 * the lines whose bit shm_present has are looked into, so the cost follows
 * the pages touched, not the segment's size.  A line is always whole: the
 * last block has slots up to its last line's end (NULL past the segment).
 */
static struct page **shm_next_line(struct shmid_kernel *shp, uint32_t *idx,
				   uint32_t end)
{
	uint32_t i = *idx & ~(SHM_LINE - 1);

	while (i < end) {
		uint32_t b = i / SHM_BLOCK;
		uint32_t lines = shp->shm_present[b] >> (i % SHM_BLOCK / SHM_LINE);

		if (lines) {	/* i's line or a later one of block b has a frame */
			i += __builtin_ctz(lines) * SHM_LINE;
			if (i >= end)
				break;
			*idx = i;
			return &shp->shm_pages[b][i % SHM_BLOCK];
		}
		i = (b + 1) * SHM_BLOCK;	/* no frame further on in block b */
	}
	return NULL;
}

/*
 * The directory is always there: alloc_table calls this only once it has
 * it, and a segment whose alloc_table failed is never seg_free'd.
 */
static void free_table(struct shmid_kernel *shp)
{
	for (uint32_t b = 0; b < nr_blocks(shp->shm_npages); b++)
		kfree(shp->shm_pages[b]);	/* kfree(NULL) is fine */
	kfree(shp->shm_pages);		/* and shm_present, which follows it */
}

/* Pointers only, all NULL: a new segment has no frame at all. */
static int alloc_table(struct shmid_kernel *shp)
{
	uint32_t n = nr_blocks(shp->shm_npages);

	/* The directory, then shm_present: one allocation. */
	shp->shm_pages = kzalloc(n * (sizeof(struct page **) + sizeof(uint32_t)));
	if (!shp->shm_pages)
		return -ENOMEM;
	shp->shm_present = (uint32_t *)(shp->shm_pages + n);
	for (uint32_t b = 0; b < n; b++) {
		uint32_t left = shp->shm_npages - b * SHM_BLOCK;
		uint32_t len = left < SHM_BLOCK ? left : SHM_BLOCK;

		len = (len + SHM_LINE - 1) & ~(SHM_LINE - 1);	/* whole lines */
		shp->shm_pages[b] = kzalloc(len * sizeof(struct page *));
		if (!shp->shm_pages[b]) {
			free_table(shp);
			return -ENOMEM;
		}
	}
	return 0;
}

/* ---- segments ---- */

/* The segment in id's slot, whatever its seq (SHM_STAT, /proc), or NULL. */
static struct shmid_kernel *shm_obtain_object(struct ipc_namespace *ns, int id)
{
	return (struct shmid_kernel *)ipc_obtain_object_idr(ns->shm_segs, id);
}

/*
 * The segment an id names, or NULL: a free slot, or a slot whose segment
 * came after the id's was removed (its seq is another).
 */
struct shmid_kernel *shm_lookup(int shmid)
{
	/* LAB shmget: the segment id names in current's namespace's shm_segs, or NULL (a removed id names none) */
	struct ipc_namespace *ns = current->nsproxy->ipc_ns;

	return (struct shmid_kernel *)ipc_obtain_object_check(ns->shm_segs, shmid);
	/* LAB shmget END; stub: return NULL; */
}

static struct shmid_kernel *findkey(struct ipc_namespace *ns, int key)
{
	/* LAB shmget: the segment in ns->shm_segs whose key is key, or NULL */
	int idx = ipc_findkey(ns->shm_segs, key);

	return idx < 0 ? NULL : shm_obtain_object(ns, idx);
	/* LAB shmget END; stub: return NULL; */
}

/*
 * The segment object, shared by both kinds of segment: newseg's, which
 * have an id, and shm_zero_setup's, which have none.  Its page pointers
 * are all NULL: a new segment has no frame at all.  The 2.4.0-test
 * kernels' newseg and map_zero_setup shared it the same way, through
 * seg_alloc; Linux 2.4 then made the object a file of mm/shmem.c, which
 * newseg and shmem_zero_setup both make with shmem_file_setup.
 */
static struct shmid_kernel *seg_alloc(uint32_t size)
{
	struct shmid_kernel *shp = kzalloc(sizeof(*shp));

	if (!shp)
		return NULL;
	shp->shm_npages = PAGE_ALIGN(size) >> PAGE_SHIFT;
	if (alloc_table(shp)) {
		kfree(shp);
		return NULL;
	}
	shp->id = -1;		/* none until newseg's ipc_addid gives it one */
	shp->u.shm_segsz = size;
	shp->u.shm_cpid = current->tgid;
	return shp;
}

/* seg_alloc's inverse; the frames are killseg's to free. */
static void seg_free(struct shmid_kernel *shp)
{
	free_table(shp);
	kfree(shp);
}

/*
 * A new segment of size bytes in namespace ns; returns its id.  No frame is allocated.
 * Should root raise shm_ctlmax: above 0xfffff000 bytes the size in pages
 * wraps to 0 (ENOSPC, as on Linux i386), and above 512 MiB the directory
 * of blocks and shm_present are more than kmalloc gives (ENOMEM).  Should
 * root raise shm_ctlall and shm_ctlmni too, shm_tot + npages could wrap:
 * ENOSPC, as Linux checks it.  SHM_HUGETLB is checked where Linux checks
 * it, after the limits (ipc/shm.h).
 */
static long newseg(struct ipc_namespace *ns, int key, int shmflg, uint32_t size)
{
	/* LAB shmget: check size against ns's limits, then make and register the segment in ns */
	uint32_t npages = PAGE_ALIGN(size) >> PAGE_SHIFT;
	struct shmid_kernel *shp;
	int id;

	if (size < SHMMIN || size > ns->shm_ctlmax)
		return -EINVAL;
	if (npages << PAGE_SHIFT < size || ns->shm_tot + npages < ns->shm_tot ||
	    ns->shm_tot + npages > ns->shm_ctlall)
		return -ENOSPC;
	if (shmflg & SHM_HUGETLB)
		return -EINVAL;
	if (!(shp = seg_alloc(size)))
		return -ENOMEM;
	shp->u.shm_perm.key = key;
	shp->u.shm_perm.mode = shmflg & 0777;	/* not IPC_CREAT's bits */
	/* A slot, the id, the owner and creator; -ENOSPC past shm_ctlmni segments. */
	if ((id = ipc_addid(ns->shm_segs, &shp->u.shm_perm, ns->shm_ctlmni)) < 0) {
		seg_free(shp);
		return id;
	}
	shp->id = id;
	shp->ns = ns;
	shp->u.shm_ctime = get_seconds();
	ns->shm_tot += npages;
	return id;
	/* LAB shmget END; stub: return -ENOSYS; */
}

/*
 * n pages of shp got a frame (n < 0: lost one): shm_rss counts those of the
 * segments that have an id (SHM_INFO, /proc/meminfo's Shmem), anon_rss the
 * others' (shm_swap's clock).  Per-CPU counts, summed when read
 * (shm_rss_pages, anon_rss_pages), as Linux's vm_stat counters: a fault
 * without the big kernel lock fills a page (mm/fault.c), and two CPUs that
 * fill pages at once would otherwise write one cache line at every fault.
 * Each CPU writes only its own, and no interrupt handler does: no atomic
 * is needed.  One CPU's count may go below 0 (a page filled on one CPU,
 * freed on another); the sum is right.
 */
static void shm_rss_add(struct shmid_kernel *shp, int32_t n)
{
	if (shp->id >= 0)
		shm_rss += n;
	else
		anon_rss += n;
}

/* The sum of every CPU's count of a per-CPU counter above. */
#define rss_sum(counter) ({						\
	int32_t sum = 0;						\
	for (int cpu = 0; cpu < nr_cpu_ids; cpu++)			\
		sum += per_cpu(counter, cpu);				\
	(uint32_t)sum;							\
})

/* Pages of the segments without an id that have a frame (shm_swap's clock). */
static uint32_t anon_rss_pages(void)
{
	return rss_sum(anon_rss);
}

/*
 * The slots on swap of the segment's pages that are out go back (killseg,
 * before the frames): Linux 2.2's killseg did swap_free for each.  A page
 * that the swap cache holds for such a slot (a write under way) goes with
 * it.  No sleep.  Returns how many.
 */
static uint32_t shm_free_swap(struct shmid_kernel *shp)
{
	struct page **line;
	uint32_t n = 0;

	for (uint32_t i = 0; (line = shm_next_line(shp, &i, shp->shm_npages));
	     i += SHM_LINE) {
		for (int k = 0; k < SHM_LINE; k++) {
			if (shm_swapped(line[k])) {
				swap_free(shm_slot_entry(line[k]));
				line[k] = NULL;
				n++;
			}
		}
	}
	shp->shm_swp = 0;
	return n;
}

/* The segment leaves its namespace: its id names nothing, its pages no longer count. */
static void shm_rmid(struct shmid_kernel *shp)
{
	ipc_rmid(shp->ns->shm_segs, shp->id);
	shp->ns->shm_tot -= shp->shm_npages;
	shp->ns = NULL;
}

/*
 * Frees the segment and every frame it has; nobody is attached any more.
 * Its id goes first: then nothing can find the segment, and the task may
 * give the CPU away while it frees the frames of a big one.
 */
static void killseg(struct shmid_kernel *shp)
{
	int named = shp->id >= 0;	/* not an mmap(MAP_SHARED|MAP_ANONYMOUS) object */
	uint32_t freed = 0, swapped = shp->shm_swp ? shm_free_swap(shp) : 0;

	if (named) {
		if (shp->ns)	/* NULL: it left when its namespace died (shm_exit_ns) */
			shm_rmid(shp);
		shm_swp -= swapped;
	} else {			/* off the list: the clock never finds it again */
		struct shmid_kernel **pp = &anon_segs;

		while (*pp != shp)
			pp = &(*pp)->anon_next;
		*pp = shp->anon_next;
		nr_anon_segs--;
	}
	/* LAB nopage: drop the segment's reference to every frame it has, count them */
	struct page **line;

	for (uint32_t i = 0; (line = shm_next_line(shp, &i, shp->shm_npages));
	     i += SHM_LINE) {
		for (int k = 0; k < SHM_LINE; k++)
			if (line[k]) {
				put_page(line[k]);	/* the segment's own reference */
				freed++;
			}
		cond_resched();
	}
	/* LAB nopage END */
	shm_rss_add(shp, -(int32_t)freed);
	shm_trace("killseg id %d (%u pages freed, %u swap slots)\n", shp->id,
		  freed, swapped);
	seg_free(shp);
}

/* ---- attaches: VMAs with shm_vm_ops, listed in shp->attaches ---- */

static void insert_attach(struct shmid_kernel *shp, struct vm_area_struct *vma)
{
	vma->vm_next_share = shp->attaches;
	if (shp->attaches)
		shp->attaches->vm_pprev_share = &vma->vm_next_share;
	shp->attaches = vma;
	vma->vm_pprev_share = &shp->attaches;
}

static void remove_attach(struct vm_area_struct *vma)
{
	if (vma->vm_next_share)
		vma->vm_next_share->vm_pprev_share = vma->vm_pprev_share;
	*vma->vm_pprev_share = vma->vm_next_share;
}

/* One attach fewer: a removed segment dies with its last one. */
static void shm_put(struct shmid_kernel *shp)
{
	/* LAB shmat: nattch - 1; a SHM_DEST segment dies with its last attach */
	if (--shp->u.shm_nattch == 0 && (shp->u.shm_perm.mode & SHM_DEST))
		killseg(shp);
	/* LAB shmat END */
}

/* Installs an attach at addr; the caller has counted it in nattch. */
static int shm_map(struct shmid_kernel *shp, uint32_t addr, uint32_t vm_flags)
{
	/* LAB shmat: a VMA with shm_vm_ops over the segment at addr, listed as an attach */
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;

	vma = vma_alloc(mm, addr, addr + shp->shm_npages * PAGE_SIZE, vm_flags);
	if (!vma)
		return -ENOMEM;
	vma->vm_ops = &shm_vm_ops;
	vma->vm_private_data = shp;
	insert_attach(shp, vma);
	insert_vm_struct(mm, vma);
	shm_trace("shm_map id %d at 0x%08x: nattch %u\n", shp->id, addr,
		  shp->u.shm_nattch);
	return 0;
	/* LAB shmat END; stub: return -ENOSYS; */
}

/* fork copied an attach, or munmap split one in two: one attach more. */
static void shm_open(struct vm_area_struct *vma)
{
	/* LAB shmat: fork or a split made vma: list it, nattch + 1, atime, lpid */
	struct shmid_kernel *shp = vma->vm_private_data;

	insert_attach(shp, vma);
	shp->u.shm_atime = get_seconds();
	shp->u.shm_lpid = current->tgid;
	shp->u.shm_nattch++;
	shm_trace("shm_open id %d at 0x%08x: nattch %u\n", shp->id,
		  vma->vm_start, shp->u.shm_nattch);
	/* LAB shmat END */
}

/* shmdt, munmap, exit or exec removes an attach. */
static void shm_close(struct vm_area_struct *vma)
{
	/* LAB shmat: vma goes away: unlist it, dtime, lpid, then shm_put */
	struct shmid_kernel *shp = vma->vm_private_data;

	remove_attach(vma);
	shp->u.shm_dtime = get_seconds();
	shp->u.shm_lpid = current->tgid;
	shm_trace("shm_close id %d at 0x%08x: nattch %u\n", shp->id,
		  vma->vm_start, shp->u.shm_nattch - 1);
	shm_put(shp);
	/* LAB shmat END */
}

/*
 * Linux 2.2's shm_swap_in: page idx is out on swap, or not.  A page in the
 * swap cache (its write still under way, or another attacher's read done)
 * comes back at once: the segment's slot holds the frame again, and the
 * slot on the disk loses its one user, the segment, so it is free.  Else
 * it is read into the swap cache and the fault starts again (-EAGAIN) to
 * find it there; an attacher that faults on it meanwhile waits for that
 * same read.  0 when the slot holds a frame (or nothing), -EAGAIN,
 * -ENOMEM, or -EIO if the disk failed.
 */
static int shm_swap_in(struct shmid_kernel *shp, uint32_t idx)
{
	/* LAB swap: bring page idx back from swap if its slot holds an entry (cache, or read and -EAGAIN) */
	struct page **slot = shm_page(shp, idx), *pg;
	swp_entry_t entry;
	int err;

	if (!shm_swapped(*slot))
		return 0;
	entry = shm_slot_entry(*slot);
	if (!(pg = lookup_swap_cache(entry))) {
		err = read_swap_cache(entry);
		return err == -EFAULT ? -EIO : err;
	}
	if (pg->flags & PG_LOCKED) {	/* another attacher's read */
		get_page(pg);		/* it may leave the cache meanwhile */
		wait_on_page(pg);
		put_page(pg);
		return -EAGAIN;
	}
	get_page(pg);			/* the segment's reference */
	pg->flags &= ~PG_DIRTY;		/* a failed write's: the segment's now */
	*slot = pg;
	swap_free(entry);		/* the last user: it leaves the cache */
	shp->shm_swp--;
	shm_swp -= shp->id >= 0;
	shm_rss_add(shp, 1);
	swap_trace("in  shm id %d page %u slot 0x%x\n", shp->id, idx, entry.val);
	return 0;
	/* LAB swap END; stub: return 0; */
}

/*
 * A process touched a page of an attach that its page table does not map
 * yet.  The first touch, by any process, allocates the frame (above the
 * direct map if there is such memory: only user mappings and kmap reach
 * it) and zeroes it; later touches find it in shm_pages.  Either way the
 * new mapping gets its own reference; the segment keeps one until killseg.
 */
static struct page *shm_nopage(struct vm_area_struct *vma, uint32_t address,
			       int write_access)
{
	struct shmid_kernel *shp = vma->vm_private_data;

	/* mremap may grow an attach past its segment: SIGBUS there, as on Linux */
	if (linear_page_index(vma, address) >= shp->shm_npages)
		return NOPAGE_SIGBUS;
	/* LAB swap: a page out on swap comes back first (shm_swap_in; it may sleep: then again) */
	/* A segment with no page out (shm_swp 0, most of them) skips the slot lookup. */
	int err = shp->shm_swp ? shm_swap_in(shp, linear_page_index(vma, address)) : 0;

	if (err)
		return err == -EAGAIN ? NOPAGE_RETRY :
		       err == -ENOMEM ? NOPAGE_OOM : NOPAGE_SIGBUS;
	/* LAB swap END */
	/* LAB nopage: the page's frame: allocated and zeroed at the first touch, then shared */
	uint32_t idx = (address - vma->vm_start) / PAGE_SIZE + vma->vm_pgoff;
	struct page **slot = shm_page(shp, idx), *pg = NULL, *frame;

	/* The frame is zeroed before shm_lock: another CPU's fault may fill the slot meanwhile. */
	if (!*slot) {
		/* No sleep here: the fault reclaims and starts again (mm/fault.c). */
		if (!(pg = alloc_page(GFP_HIGHUSER | __GFP_NORETRY))) {
			shm_trace("shm_nopage id %d page %u -> out of memory\n",
				  shp->id, idx);
			return NULL;
		}
		/* The faulting task's memory cgroup pays for it until it is freed. */
		if (mem_cgroup_charge(pg, MEMCG_SHMEM)) {
			put_page(pg);
			return NULL;
		}
		clear_highpage(pg);
	}
	spin_lock_smp(&shm_lock);
	/* LAB faults: count the fault in shp->shm_faults */
	shp->shm_faults++;
	/* LAB faults END */
	if (*slot) {
		shm_trace("shm_nopage id %d page %u -> shared frame 0x%08x\n",
			  shp->id, idx, page_to_phys(*slot));
	} else {
		shm_set_page(shp, idx, slot, pg);
		pg = NULL;	/* the segment's now */
		shm_rss_add(shp, 1);
		/* LAB faults: this fault filled the page: count it in shp->shm_fills */
		shp->shm_fills++;
		/* LAB faults END */
		shm_trace("shm_nopage id %d page %u -> new frame 0x%08x\n",
			  shp->id, idx, page_to_phys(*slot));
	}
	frame = *slot;
	get_page(frame);
	spin_unlock_smp(&shm_lock);
	if (pg)		/* another CPU's fault filled the slot since the look */
		put_page(pg);
	return frame;
	/* LAB nopage END; stub: return NULL; */
}

/*
 * The first slot of [slot, stop) that is not empty, or stop.  Four slots a
 * test while four are left: in a sparse segment most slots of a line that
 * has a frame are empty (a 64 MiB shmdt with 64 pages touched reads 1,024
 * slots to find 64 frames).
 */
static inline struct page **next_frame(struct page **slot, struct page **stop)
{
	while (stop - slot >= 4 &&
	       !((uintptr_t)slot[0] | (uintptr_t)slot[1] | (uintptr_t)slot[2] | (uintptr_t)slot[3]))
		slot += 4;
	while (slot < stop && !*slot)
		slot++;
	return slot;
}

/*
 * Drops the mappings vma has of the segment's pages [lo, hi) that have a
 * frame.  Should the attach reach past the segment's end (mremap can grow
 * it, remap_file_pages move its offset; no page there ever has a frame),
 * only the pages up to that end are looked at: the table stops there.
 */
static void shm_zap_pages(struct vm_area_struct *vma, uint32_t lo, uint32_t hi)
{
	struct shmid_kernel *shp = vma->vm_private_data;
	uint32_t base = vma->vm_start - vma->vm_pgoff * PAGE_SIZE;	/* page 0's address */
	struct page **line;
	int zapped = 0;

	if (hi > shp->shm_npages)
		hi = shp->shm_npages;
	for (uint32_t i = lo; (line = shm_next_line(shp, &i, hi)); i += SHM_LINE) {
		/* The first and the last line may lie partly outside [lo, hi). */
		struct page **slot = line + (i < lo ? lo - i : 0);
		struct page **stop = line + (hi - i < SHM_LINE ? hi - i : SHM_LINE);

		for (; (slot = next_frame(slot, stop)) < stop; slot++)
			if (!shm_swapped(*slot))	/* out: unmapped */
				zapped |= zap_page_batched(vma->vm_mm->pgd,
					base + (i + (slot - line)) * PAGE_SIZE);
	}
	/* The segment holds each frame: the other CPUs flush once, after. */
	if (zapped)
		flush_tlb_others_range(vma->vm_mm->pgd, base + lo * PAGE_SIZE,
				       base + hi * PAGE_SIZE);
}

/*
 * munmap, shmdt, exit or exec takes vma's pages out of its page table
 * (mm/vma.c, before the close hook).  Only a page of the segment that has
 * a frame can be mapped, since every present PTE of an attach holds the
 * frame shm_nopage gave it: so look up just those pages' PTEs, a line of
 * shm_present at a time, where unmap_range would read every PTE of the
 * range.  A 64 MiB attach with 64 pages touched costs 64 lookups, not
 * 16384; a page table that does not exist costs nothing.  The VMA is off
 * its list: the task may give the CPU away between two page tables.
 */
static void shm_zap(struct vm_area_struct *vma)
{
	uint32_t lo = vma->vm_pgoff;	/* the page at vm_start */

	for (uint32_t va = vma->vm_start, next; va < vma->vm_end; va = next) {
		uint32_t npages;

		next = (va & ~(PTRS_PER_PTE * PAGE_SIZE - 1)) + PTRS_PER_PTE * PAGE_SIZE;
		if (next > vma->vm_end)
			next = vma->vm_end;
		npages = (next - va) / PAGE_SIZE;
		if (vma->vm_mm->pgd[PDX(va)] & PTE_P)
			shm_zap_pages(vma, lo, lo + npages);
		lo += npages;
		cond_resched();
	}
}

static const struct vm_operations_struct shm_vm_ops = {
	.open = shm_open,
	.close = shm_close,
	.nopage = shm_nopage,
	.nopage_nolock = 1,	/* shm_nopage takes shm_lock */
	.zap = shm_zap,
	.name = "shm",
};

/*
 * mmap(MAP_SHARED | MAP_ANONYMOUS) memory is a segment that nobody can name,
 * as Linux 2.4's shmem_zero_setup made it: no id, no key, marked for
 * destruction from the start, so it lives exactly as long as its mappings
 * (fork shares it through shm_open, the last munmap or exit kills it).
 * It is not in shm_segs, so ipcs and SHM_INFO do not see it; it is on
 * anon_segs, where shm_swap and shm_unuse find it.
 */
int shm_zero_setup(struct vm_area_struct *vma)
{
	struct shmid_kernel *shp = seg_alloc(vma->vm_end - vma->vm_start);

	if (!shp)
		return -ENOMEM;
	shp->u.shm_perm.mode = SHM_DEST | 0600;
	vma->vm_ops = &shm_vm_ops;
	vma->vm_private_data = shp;
	shp->anon_next = anon_segs;
	anon_segs = shp;
	nr_anon_segs++;
	shm_open(vma);
	return 0;
}

/*
 * remap_file_pages of [start, end) of v (mm/mremap.c): Linux emulates it
 * with an munmap of the range and a new mmap of the segment there, whose
 * shm_mmap looks the id up again.  A segment removed by IPC_RMID whose
 * every attach lies in the range dies in that munmap, and the id is then
 * gone: 1 if so (the remap fails with EINVAL).  Memory of
 * mmap(MAP_SHARED | MAP_ANONYMOUS) has no id (on Linux a shmem file that
 * the remap holds open): it never dies there.
 */
int shm_remap_kills(struct vm_area_struct *v, uint32_t start, uint32_t end)
{
	struct shmid_kernel *shp = v->vm_private_data;
	struct vm_area_struct *a;

	if (v->vm_ops != &shm_vm_ops || shp->id < 0 ||
	    !(shp->u.shm_perm.mode & SHM_DEST))
		return 0;
	for (a = shp->attaches; a; a = a->vm_next_share)
		if (a->vm_mm != v->vm_mm || a->vm_start < start || a->vm_end > end)
			return 0;
	return 1;
}

/* ---- shmget ---- */

/* An existing segment: the checks come in Linux's order. */
static long shm_check(struct shmid_kernel *shp, uint32_t size, int shmflg)
{
	/* LAB shmget: an existing segment: EEXIST, EINVAL, EACCES in Linux's order */
	if ((shmflg & IPC_CREAT) && (shmflg & IPC_EXCL))
		return -EEXIST;
	if (size > shp->u.shm_segsz)
		return -EINVAL;
	if (ipcperms(&shp->u.shm_perm, shmflg))
		return -EACCES;
	return shp->id;
	/* LAB shmget END; stub: return -ENOSYS; */
}

long sys_shmget(int key, uint32_t size, int shmflg)
{
	/* LAB shmget: find the key, or make a segment; ENOENT without IPC_CREAT */
	struct ipc_namespace *ns = current->nsproxy->ipc_ns;	/* the caller's System V ids */
	struct shmid_kernel *shp = key == IPC_PRIVATE ? NULL : findkey(ns, key);
	long ret;

	if (shp)
		ret = shm_check(shp, size, shmflg);
	else if (key != IPC_PRIVATE && !(shmflg & IPC_CREAT))
		ret = -ENOENT;
	else
		ret = newseg(ns, key, shmflg, size);
	if (ret >= 0)
		shm_trace("shmget key=0x%08x size=%u -> id %ld (%s)\n", key,
			  size, ret, shp ? "findkey" : "newseg");
	return ret;
	/* LAB shmget END; stub: return -ENOSYS; */
}

/* ---- shmat ---- */

/* Does [addr, addr + len) meet a VMA?  None lies above TASK_SIZE. */
static int overlaps_vma(struct mm_struct *mm, uint32_t addr, uint32_t len)
{
	uint32_t end = addr + len;

	if (addr >= TASK_SIZE)
		return 0;
	return !range_is_free(mm, addr, end < TASK_SIZE ? end : TASK_SIZE);
}

/*
 * shmseg=N on the command line: at most N attaches per process, the limit
 * POSIX allows and System V enforced (EMFILE).  Linux has none, so neither
 * has shmos unless asked: 0, the default, means no limit.
 */
static uint32_t shm_seg_limit(void)
{
	const char *s = cmdline_get("shmseg");
	uint32_t n = 0;

	while (s && *s >= '0' && *s <= '9')
		n = n * 10 + (*s++ - '0');
	return n;
}

/*
 * The attaches mm has: shmat's, each counted once however munmap split it
 * (its pieces share the segment and the origin, vm_start less vm_pgoff
 * pages).  mmap(MAP_SHARED | MAP_ANONYMOUS) segments have no id: no attach.
 */
static uint32_t count_attaches(struct mm_struct *mm)
{
	/* LAB shmseg: count mm's shm VMAs with an id, one per attach, not per piece */
	struct vm_area_struct *v, *w;
	uint32_t n = 0;

	for (v = mm->mmap; v; v = v->vm_next) {
		struct shmid_kernel *shp = v->vm_private_data;
		uint32_t origin = v->vm_start - v->vm_pgoff * PAGE_SIZE;

		if (v->vm_ops != &shm_vm_ops || shp->id < 0)
			continue;
		/* Counted at its lowest piece: is there another below v? */
		for (w = find_vma(mm, origin); w != v; w = w->vm_next)
			if (w->vm_ops == &shm_vm_ops && w->vm_private_data == shp &&
			    w->vm_start - w->vm_pgoff * PAGE_SIZE == origin)
				break;
		n += w == v;
	}
	return n;
	/* LAB shmseg END; stub: return 0; */
}

/*
 * shmat for both entries: the direct call returns the address, ipc()
 * stores it at a user pointer.
 */
long do_shmat(int shmid, uint32_t shmaddr, int shmflg, uint32_t *raddr)
{
	/* LAB shmat: check address, id, permission (Linux's order), count and map */
	struct mm_struct *mm = current->mm;
	struct shmid_kernel *shp;
	uint32_t addr = shmaddr, len;
	/*
	 * A SHM_RDONLY attach is what Linux's do_mmap makes of a read-only
	 * file mapped MAP_SHARED: no VM_MAYWRITE (mprotect can never make it
	 * writable), no VM_SHARED (nothing writes through it).  A read-write
	 * attach has both.
	 */
	uint32_t vm_flags = VM_READ | VM_MAYREAD | VM_MAYEXEC | VM_MAYSHARE;
	int access = 0444;	/* r in every triple: ipcperms picks one */
	long err = 0;

	/* The address is checked first, then the id, then the permission. */
	if (!shmaddr && (shmflg & SHM_REMAP))
		return -EINVAL;
	if (addr & (SHMLBA - 1)) {
		if (!(shmflg & SHM_RND))
			return -EINVAL;
		addr &= ~(SHMLBA - 1);
		if (!addr && (shmflg & SHM_REMAP))
			return -EINVAL;
	}
	if (!(shmflg & SHM_RDONLY)) {
		access |= 0222;
		vm_flags |= VM_WRITE | VM_MAYWRITE | VM_SHARED;
	}
	if (shmflg & SHM_EXEC) {
		access |= 0111;
		vm_flags |= VM_EXEC;
	}
	if (!(shp = shm_lookup(shmid)))
		return -EINVAL;
	if (ipcperms(&shp->u.shm_perm, access))
		return -EACCES;
	/* LAB shmseg: EMFILE when mm has shm_seg_limit() attaches already (if any limit) */
	if (shm_seg_limit() && count_attaches(mm) >= shm_seg_limit())
		return -EMFILE;
	/* LAB shmseg END */

	len = shp->shm_npages * PAGE_SIZE;
	if (shmaddr && !(shmflg & SHM_REMAP) &&
	    (addr + shp->u.shm_segsz < addr || overlaps_vma(mm, addr, len)))
		return -EINVAL;
	/* Then what Linux's do_mmap checks, in its order. */
	if (mm->map_count > sysctl_max_map_count)
		return -ENOMEM;
	if (!shmaddr) {
		if (!(addr = get_unmapped_area(mm, len)))
			return -ENOMEM;
	} else {
		if (len > TASK_SIZE || addr > TASK_SIZE - len)
			return -ENOMEM;
		if ((err = security_mmap_addr(addr)))
			return err;
	}
	/* Only SHM_REMAP replaces pages: else the range is free. */
	if (!may_expand_vm(mm, vm_flags, shp->shm_npages -
			   ((shmflg & SHM_REMAP) ?
			    count_vma_pages_range(mm, addr, addr + len) : 0)))
		return -ENOMEM;

	/*
	 * Count the attach before SHM_REMAP unmaps what is there: that may be
	 * the last other attach of this very segment, and if it was removed
	 * (SHM_DEST) it must not die now.
	 */
	shp->u.shm_nattch++;
	if (shmflg & SHM_REMAP)
		err = do_munmap(mm, addr, len);
	if (!err)
		err = shm_map(shp, addr, vm_flags);
	if (err) {
		shm_put(shp);
		return err;
	}
	shp->u.shm_atime = get_seconds();
	shp->u.shm_lpid = current->tgid;
	*raddr = addr;
	return 0;
	/* LAB shmat END; stub: return -ENOSYS; */
}

long sys_shmat(int shmid, uint32_t shmaddr, int shmflg)
{
	uint32_t addr;
	long err = do_shmat(shmid, shmaddr, shmflg, &addr);

	return err ? err : (long)addr;
}

/* ---- shmdt ---- */

/* Is vma a piece of an attach of a System V segment made at addr? */
static int attached_at(struct vm_area_struct *vma, uint32_t addr)
{
	struct shmid_kernel *shp = vma->vm_private_data;

	return vma->vm_ops == &shm_vm_ops && shp->id >= 0 &&
	       (vma->vm_start - addr) / PAGE_SIZE == vma->vm_pgoff;
}

/*
 * Detaches the attach made at shmaddr: every piece of it, should munmap or
 * mprotect have split it (a piece at page vm_pgoff of the segment was
 * attached at vm_start - vm_pgoff pages).  As Linux's ksys_shmdt: the first
 * such piece at or above shmaddr names the segment; after it, only pieces
 * of that same segment go, and only within its size of shmaddr.  So another
 * segment's piece that happens to have the same origin stays.  shm_close
 * does the counting.
 */
long sys_shmdt(uint32_t shmaddr)
{
	/* LAB shmat: munmap every piece of the attach made at shmaddr; EINVAL if none */
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma, *next;
	struct shmid_kernel *shp = NULL;
	uint32_t size = 0;

	if (shmaddr & ~PAGE_MASK)
		return -EINVAL;
	for (vma = find_vma(mm, shmaddr); vma && !shp; vma = next) {
		next = vma->vm_next;
		if (attached_at(vma, shmaddr)) {
			shp = vma->vm_private_data;
			size = shp->shm_npages * PAGE_SIZE;
			do_munmap(mm, vma->vm_start, vma->vm_end - vma->vm_start);
		}
	}
	if (!shp)
		return -EINVAL;
	for (; vma && vma->vm_end - shmaddr <= size; vma = next) {
		next = vma->vm_next;
		if (attached_at(vma, shmaddr) && vma->vm_private_data == shp)
			do_munmap(mm, vma->vm_start, vma->vm_end - vma->vm_start);
	}
	return 0;
	/* LAB shmat END; stub: return -ENOSYS; */
}

/* ---- shmctl ---- */

/* The highest slot in use, 0 if none: what IPC_INFO and SHM_INFO return. */
static int max_index(struct ipc_namespace *ns)
{
	return ns->shm_segs->max_idx < 0 ? 0 : ns->shm_segs->max_idx;
}

/*
 * The command handlers have Linux 2.6+'s names (2.2 and 2.4 do every
 * command inline in sys_shmctl); each one returns shmctl's result.
 */

/* IPC_INFO: the limits of the caller's namespace. */
static long shmctl_ipc_info(void *buf)
{
	struct ipc_namespace *ns = current->nsproxy->ipc_ns;
	struct shminfo64 info = {
		.shmmax = ns->shm_ctlmax, .shmmin = SHMMIN, .shmmni = ns->shm_ctlmni,
		.shmseg = shm_seg_limit() ? shm_seg_limit() : SHMSEG,
		.shmall = ns->shm_ctlall,
	};

	if (copy_to_user(buf, &info, sizeof(info)))
		return -EFAULT;
	return max_index(ns);
}

/*
 * SHM_INFO: the totals; the ids and pages of the caller's namespace, the
 * frames and swap of all (Linux sums them over the namespace's segments).
 */
static long shmctl_shm_info(void *buf)
{
	struct ipc_namespace *ns = current->nsproxy->ipc_ns;
	struct shm_info info = {
		.used_ids = ns->shm_segs->in_use, .shm_tot = ns->shm_tot,
		.shm_rss = shm_rss_pages(), .shm_swp = shm_swp,
		.swap_attempts = swap_attempts, .swap_successes = swap_successes,
	};

	if (copy_to_user(buf, &info, sizeof(info)))
		return -EFAULT;
	return max_index(ns);
}

/* IPC_STAT by id; SHM_STAT and SHM_STAT_ANY by slot, returning the id. */
static long shmctl_stat(int shmid, int cmd, void *buf)
{
	struct shmid_kernel *shp;

	if (cmd == IPC_STAT)
		shp = shm_lookup(shmid);
	else
		shp = shm_obtain_object(current->nsproxy->ipc_ns, shmid);
	if (!shp)
		return -EINVAL;
	if (cmd != SHM_STAT_ANY && ipcperms(&shp->u.shm_perm, 0444))
		return -EACCES;
	if (copy_to_user(buf, &shp->u, sizeof(shp->u)))
		return -EFAULT;
	return cmd == IPC_STAT ? 0 : shp->id;
}

/*
 * Removal.  An attached segment lives on until its last detach, usable by
 * its id, but its key is free at once for a new segment.
 */
static void do_shm_rmid(struct shmid_kernel *shp)
{
	/* LAB shmat: kill it now if unattached, else mark it SHM_DEST and free its key */
	if (shp->u.shm_nattch) {
		shp->u.shm_perm.mode |= SHM_DEST;
		shp->u.shm_perm.key = IPC_PRIVATE;
	} else {
		killseg(shp);
	}
	/* LAB shmat END */
}

/*
 * The namespace's last reference went (ipc/namespace.c): IPC_RMID on every
 * segment, as Linux's shm_exit_ns.  One still attached (by a task that
 * left the namespace by setns, or a /proc/PID/ns/ipc file's holder) leaves
 * the namespace's table now, and dies with its last detach.
 */
void shm_exit_ns(struct ipc_namespace *ns)
{
	for (int idx = 0; idx <= ns->shm_segs->max_idx; idx++) {
		struct shmid_kernel *shp = shm_obtain_object(ns, idx);

		if (!shp)
			continue;
		do_shm_rmid(shp);
		if (shp->u.shm_nattch)
			shm_rmid(shp);
	}
}

/*
 * IPC_SET and IPC_RMID: the commands only the owner, the creator or root
 * may give.  IPC_SET changes the owner, the group and the rwx bits;
 * SHM_DEST and SHM_LOCKED stay.
 */
static long shmctl_down(int shmid, int cmd, const void *buf)
{
	struct shmid64_ds in;
	struct shmid_kernel *shp;

	if (cmd == IPC_SET && copy_from_user(&in, buf, sizeof(in)))
		return -EFAULT;
	if (!(shp = shm_lookup(shmid)))
		return -EINVAL;
	if (!ipc_owner(&shp->u.shm_perm))
		return -EPERM;
	if (cmd == IPC_RMID) {
		do_shm_rmid(shp);
		return 0;
	}
	if (in.shm_perm.uid == (uint32_t)-1 || in.shm_perm.gid == (uint32_t)-1)
		return -EINVAL;
	shp->u.shm_perm.uid = in.shm_perm.uid;
	shp->u.shm_perm.gid = in.shm_perm.gid;
	shp->u.shm_perm.mode = (shp->u.shm_perm.mode & ~0777) |
			       (in.shm_perm.mode & 0777);
	shp->u.shm_ctime = get_seconds();
	return 0;
}

/* Pages of the segments uid has SHM_LOCK'ed: Linux's UCOUNT_RLIMIT_MEMLOCK. */
static uint32_t shm_locked_pages(uint32_t uid)
{
	struct ipc_namespace *ns = current->nsproxy->ipc_ns;
	uint32_t n = 0;

	for (int idx = 0; idx <= ns->shm_segs->max_idx; idx++) {
		struct shmid_kernel *shp = shm_obtain_object(ns, idx);

		if (shp && (shp->u.shm_perm.mode & SHM_LOCKED) && shp->mlock_uid == uid)
			n += shp->shm_npages;
	}
	return n;
}

/*
 * SHM_LOCK and SHM_UNLOCK, as Linux checks them: root (CAP_IPC_LOCK) may
 * lock anything; another user only a segment it owns or created, and not
 * at all with an RLIMIT_MEMLOCK of 0 (EPERM); its locked segments together
 * may not pass that limit (ENOMEM).  A lock counts against the user who
 * made it until SHM_UNLOCK or the segment's end.  shm_swap passes over a
 * SHM_LOCKED segment: its pages stay in memory (one out already comes back
 * at its next touch, and then stays, as on Linux 2.2).
 */
static long shmctl_do_lock(int shmid, int cmd)
{
	struct shmid_kernel *shp = shm_lookup(shmid);
	uint16_t *mode;

	if (!shp)
		return -EINVAL;
	mode = &shp->u.shm_perm.mode;
	if (!ipc_owner(&shp->u.shm_perm))
		return -EPERM;
	if (cmd == SHM_UNLOCK) {
		*mode &= ~SHM_LOCKED;
		return 0;
	}
	if (current->euid != 0 && rlimit(RLIMIT_MEMLOCK) == 0)
		return -EPERM;
	if (*mode & SHM_LOCKED)
		return 0;
	if (current->euid != 0 && rlimit(RLIMIT_MEMLOCK) != RLIM_INFINITY &&
	    shm_locked_pages(current->uid) + shp->shm_npages >
	    rlimit(RLIMIT_MEMLOCK) >> PAGE_SHIFT)
		return -ENOMEM;
	*mode |= SHM_LOCKED;
	shp->mlock_uid = current->uid;
	return 0;
}

/* The old (pre-IPC_64, 16-bit uid) layouts are not supported. */
static int has_layout(int cmd)
{
	return cmd == IPC_STAT || cmd == SHM_STAT || cmd == SHM_STAT_ANY ||
	       cmd == IPC_SET || cmd == IPC_INFO;
}

/* shmctl for both entries: ipc() says which layouts the caller uses. */
long do_shmctl(int shmid, int cmd, void *buf, int ipc64)
{
	if (cmd < 0 || shmid < 0 || (!ipc64 && has_layout(cmd)))
		return -EINVAL;
	switch (cmd) {
	case IPC_INFO:
		return shmctl_ipc_info(buf);
	case SHM_INFO:
		return shmctl_shm_info(buf);
	case IPC_STAT:
	case SHM_STAT:
	case SHM_STAT_ANY:
		return shmctl_stat(shmid, cmd, buf);
	case IPC_SET:
	case IPC_RMID:
		return shmctl_down(shmid, cmd, buf);
	case SHM_LOCK:
	case SHM_UNLOCK:
		return shmctl_do_lock(shmid, cmd);
	default:
		return -EINVAL;
	}
}

/* The direct system call: always the 64-bit layouts, IPC_64 is no command. */
long sys_shmctl(int shmid, int cmd, void *buf)
{
	return do_shmctl(shmid, cmd, buf, 1);
}

/* ---- /proc/sysvipc/shm ---- */

/*
 * Linux's columns and widths as a 64-bit kernel prints them (a 32-bit one
 * makes size, rss and swap 10 wide): what a test compares with on the host.
 */
const char shm_proc_header[] =
	"       key      shmid perms                  size  cpid  lpid nattch"
	"   uid   gid  cuid  cgid      atime      dtime      ctime"
	"                   rss                  swap\n";

/* Pages of the segment that have a frame: its part of shm_rss. */
static uint32_t seg_rss(struct shmid_kernel *shp)
{
	struct page **line;
	uint32_t n = 0;

	for (uint32_t i = 0; (line = shm_next_line(shp, &i, shp->shm_npages));
	     i += SHM_LINE)
		for (int k = 0; k < SHM_LINE; k++)
			n += line[k] && !shm_swapped(line[k]);
	return n;
}

/* As Linux's sysvipc_shm_proc_show: the reader's namespace's segments. */
int shm_proc_show(int slot, char *buf, int size)
{
	struct shmid_kernel *shp = shm_obtain_object(current->nsproxy->ipc_ns, slot);
	struct shmid64_ds *u;
	char mode[8];

	if (!shp)
		return 0;
	u = &shp->u;
	return snprintf(buf, size,
		"%10d %10d  %4s %21u %5u %5u  %5u %5u %5u %5u %5u "
		"%10llu %10llu %10llu %21u %21u\n",
		u->shm_perm.key, shp->id, ipc_octal(u->shm_perm.mode, mode),
		u->shm_segsz, u->shm_cpid, u->shm_lpid, u->shm_nattch,
		u->shm_perm.uid, u->shm_perm.gid, u->shm_perm.cuid,
		u->shm_perm.cgid, (unsigned long long)u->shm_atime,
		(unsigned long long)u->shm_dtime,
		(unsigned long long)u->shm_ctime,
		seg_rss(shp) * PAGE_SIZE, shp->shm_swp * PAGE_SIZE);
}

/* Pages of all segments that have a frame: /proc/meminfo's Shmem. */
uint32_t shm_rss_pages(void)
{
	return rss_sum(shm_rss);
}

/* ---- swap: shm_swap (reclaim's), shm_unuse (swapoff's) ---- */

/*
 * Where shm_swap's clock stands: a slot of shm_segs and a page of its
 * segment.  The clock goes over init_ipc_ns's segments (and the anonymous
 * ones): another namespace's stay in memory, so none of their pages is
 * ever on swap, and swapoff (shm_unuse) has none to look for.
 */
static int swap_id;
static uint32_t swap_idx;

/*
 * The clock's look at page idx, frame pg: 1 if it may go now (mm/rmap.c:
 * no attach has used it since the last look, none mlock'd it).
 */
static int shm_page_old(struct shmid_kernel *shp, uint32_t idx, struct page *pg)
{
	return shared_page_old(shp->attaches, idx, pg);
}

/* Every attach's PTE of page idx goes, with its reference on pg; each
 * mm's TLB is flushed (every CPU that may hold the entry). */
static void shm_unmap_page(struct shmid_kernel *shp, uint32_t idx,
			   struct page *pg)
{
	/* LAB swap: clear each attach's PTE of page idx, flush its TLB entry, drop its reference */
	for (struct vm_area_struct *v = shp->attaches; v; v = v->vm_next_share) {
		uint32_t va;
		pte_t *pte = shared_pte(v, idx, &va);

		if (!pte || pte_page(*pte) != pg)
			continue;
		*pte = 0;	/* "never touched": the next touch is shm_nopage's */
		flush_tlb_page(v->vm_mm->pgd, va);
		put_page(pg);
	}
	/* LAB swap END */
}

/*
 * Page idx+n of the segment joins the cluster that starts at idx: it has a
 * frame that no attach has used since the clock last looked, the slot
 * after the cluster's last is free, and nobody holds the frame but the
 * segment and its attaches.  Then it is unmapped: 1; else 0.
 */
static int shm_cluster_add(struct shmid_kernel *shp, uint32_t idx, uint32_t n,
			   swp_entry_t first, char **bufs)
{
	struct page *pg = *shm_page(shp, idx + n);
	swp_entry_t entry;

	if (!pg || shm_swapped(pg) || mem_cgroup_swap_limited(pg) ||
	    !shm_page_old(shp, idx + n, pg))
		return 0;	/* a group's memory.swap.max counts pages one by one */
	entry = get_swap_page();
	if (entry.val != first.val + n) {	/* not the next slot: the cluster ends */
		if (entry.val)
			swap_free(entry);
		return 0;
	}
	swap_attempts++;
	shm_unmap_page(shp, idx + n, pg);
	if (pg->count != 1) {		/* not the segment's alone: it stays */
		swap_free(entry);
		return 0;
	}
	bufs[n] = page_address(pg);
	return 1;
}

/*
 * Page idx (frame pg) goes out, and with it the old pages after it, up to
 * SWAP_CLUSTER, to the slots after its, in one write: 1; 0 if it could not
 * (someone besides the segment and its attaches holds the frame); -1 if
 * the swap is full.  Each page's slot in the segment gets its entry, and
 * its frame, with the segment's reference, goes into the swap cache before
 * the write, which sleeps: after it nothing of the segment is looked at
 * (it may be gone, its slots freed by killseg, or pages back already
 * through shm_swap_in).
 */
static int shm_swap_out(struct shmid_kernel *shp, uint32_t idx, struct page *pg)
{
	/* LAB swap: a slot, unmap the page, its entry in the segment's table, the frame to the swap cache, the write */
	char *bufs[SWAP_CLUSTER];	/* the frames, at their kernel addresses */
	swp_entry_t first;
	uint32_t n = 1;
	int err;

	swap_attempts++;
	first = get_swap_page();
	if (!first.val)
		return -1;
	shm_unmap_page(shp, idx, pg);
	if (pg->count != 1) {		/* not the segment's alone: it stays */
		swap_free(first);
		return 0;
	}
	bufs[0] = page_address(pg);
	while (n < SWAP_CLUSTER && idx + n < shp->shm_npages &&
	       shm_cluster_add(shp, idx, n, first, bufs))
		n++;
	swap_idx = idx + n;		/* the clock moves past them */
	for (uint32_t i = 0; i < n; i++) {
		swp_entry_t entry = { .val = first.val + i };

		pg = virt_to_page(bufs[i]);
		*shm_page(shp, idx + i) = shm_swp_slot(entry);
		add_to_swap_cache(pg, entry);	/* the segment's reference */
		get_page(pg);			/* the write's */
		swap_trace("out shm id %d page %u slot 0x%x\n", shp->id, idx + i,
			   entry.val);
	}
	/* Out from here on, for the segment and for SHM_INFO (Linux 2.2
	 * counted them so, its write being asynchronous): kswapd's writes
	 * are under way while others read the counters. */
	shp->shm_swp += n;
	shm_swp += shp->id >= 0 ? n : 0;
	shm_rss_add(shp, -(int32_t)n);
	swap_successes += n;
	err = rw_swap_pages(WRITE, first, bufs, n);
	for (uint32_t i = 0; i < n; i++) {
		swp_entry_t entry = { .val = first.val + i };

		pg = virt_to_page(bufs[i]);
		if (!err) {
			/* No attacher came for it during the write: the frame goes. */
			if (lookup_swap_cache(entry) == pg && pg->count == 2)
				delete_from_swap_cache(pg);
		} else {
			/* The slot holds nothing good: the page stays in the
			 * cache, where shm_swap_in finds it. */
			pg->flags |= PG_DIRTY;
		}
		put_page(pg);
	}
	if (err)
		printk(KERN_ERR "swap: write of slots 0x%x-0x%x failed\n", first.val,
		       first.val + n - 1);
	return 1;
	/* LAB swap END; stub: return -1; */
}

/*
 * The clock's positions: the slots of shm_segs, then the segments of
 * anon_segs (mmap(MAP_SHARED | MAP_ANONYMOUS) memory), the n-th at
 * max_idx + 1 + n.
 */
static uint32_t clock_positions(void)
{
	return shm_segs.max_idx + 1 + nr_anon_segs;
}

/* The segment at a position of the clock, or NULL (a free slot). */
static struct shmid_kernel *clock_segment(int pos)
{
	struct shmid_kernel *shp = anon_segs;

	if (pos <= shm_segs.max_idx)
		return shm_obtain_object(&init_ipc_ns, pos);
	for (pos -= shm_segs.max_idx + 1; shp && pos > 0; pos--)
		shp = shp->anon_next;
	return shp;
}

/* The clock moves to the next position. */
static void next_segment(void)
{
	swap_id = (uint32_t)swap_id + 1 >= clock_positions() ? 0 : swap_id + 1;
	swap_idx = 0;
}

/*
 * Linux 2.2's shm_swap: one page of a segment out to swap.  A clock goes
 * over the segments of shm_segs in turn, passing over SHM_LOCK'd ones, and
 * over each one's pages that have a frame, from where it stopped; the first
 * page that no attach has used since the last look goes (shm_page_old,
 * shm_swap_out).  SHM_INFO counts the pages chosen (swap_attempts) and
 * put out (swap_successes, as the write starts).  mmap(MAP_SHARED |
 * MAP_ANONYMOUS) memory has no id: the clock goes over anon_segs after
 * shm_segs (clock_segment), as Linux's shmem swaps both.  1 when a page went out,
 * 0 if none did within the budget (twice the pages in memory, so that
 * every one has had its second chance), -1 when the swap is full.
 */
int shm_swap(void)
{
	/* LAB swap: the clock over shm_segs and their pages; the first old page goes (shm_swap_out) */
	uint32_t budget = 2 * (shm_rss_pages() + anon_rss_pages() + clock_positions());

	if (!nr_swap_pages || !(shm_rss_pages() + anon_rss_pages()))
		return 0;
	while (budget--) {
		struct shmid_kernel *shp = clock_segment(swap_id);
		uint32_t i = swap_idx;
		struct page **line;

		/* The clock may stand at the end (shm_swap_out moves it past
		 * the segment's last page): the segment's last line is behind. */
		if (!shp || (shp->u.shm_perm.mode & SHM_LOCKED) || i >= shp->shm_npages ||
		    !(line = shm_next_line(shp, &i, shp->shm_npages))) {
			next_segment();
			continue;
		}
		/* i is the line's first page; the clock may stand inside it */
		for (swap_idx = i > swap_idx ? i : swap_idx;
		     swap_idx < i + SHM_LINE && swap_idx < shp->shm_npages && budget;
		     swap_idx++) {
			struct page *pg = line[swap_idx - i];
			int r;

			if (!pg || shm_swapped(pg))
				continue;
			budget--;
			if (!shm_page_old(shp, swap_idx, pg))
				continue;
			/* shm_swap_out moves the clock past what it puts out */
			if ((r = shm_swap_out(shp, swap_idx, pg)) != 0)
				return r;
		}
	}
	return 0;
	/* LAB swap END; stub: return 0; */
}

/*
 * swapoff: every page of a segment out on area type comes back into its
 * segment (before mm/swapfile.c's try_to_unuse looks for the processes').
 * A read sleeps, and segments may come and go meanwhile: the walk starts
 * again after each.  0, or -ENOMEM or -EIO.
 */
int shm_unuse(uint32_t type)
{
	int err = 0;

again:
	for (uint32_t pos = 0; pos < clock_positions() && !err; pos++) {
		struct shmid_kernel *shp = clock_segment(pos);
		struct page **line;

		if (!shp || !shp->shm_swp)
			continue;
		for (uint32_t i = 0; (line = shm_next_line(shp, &i, shp->shm_npages));
		     i += SHM_LINE) {
			for (int k = 0; k < SHM_LINE && !err; k++)
				if (shm_swapped(line[k]) &&
				    swp_type(shm_slot_entry(line[k])) == type)
					err = shm_swap_in(shp, i + k);
			if (err == -EAGAIN) {
				err = 0;
				goto again;	/* it slept */
			}
			if (err)
				break;
		}
	}
	return err;
}
