/*
 * Reclaim: when free memory runs low, private anonymous pages and pages of
 * shm segments go out to swap (Linux 2.2's mm/vmscan.c, swap_out and
 * try_to_swap_out here, shm_swap in ipc/shm.c; the design is in
 * docs/swap.md): in the background by kswapd, a kernel thread (Linux
 * 2.4's), or by a task that finds memory lower still (the synchronous
 * path, do_try_to_free_pages).
 *
 * The clock: swap_out walks the tasks in turn, and each task's private
 * VMAs from where the last walk of it stopped (mm->swap_address).  A page
 * the CPU has used since the last pass has its accessed bit set: the walk
 * clears it and passes on (a second chance); the first page whose bit is
 * still clear goes.  Its PTE gets the swap entry and the page goes into
 * the swap cache before the write, which sleeps: after it, the walk looks
 * at nothing it saw before (the task may have exited meanwhile).
 *
 * A page shared copy-on-write after fork goes the same way, as in Linux
 * 2.2: its other PTEs cannot be found from here, so it stays in the swap
 * cache after the write, and the walk turns each other read-only PTE it
 * meets into the entry (unmap_swapcache_page), without a write; the last
 * one frees it.  So does a page back from swap whose slot a fork's other
 * side shares.  Passed over: a VMA that mlock locked (VM_LOCKED), and a
 * frame above the direct map (the disk driver copies through a kernel
 * address; kmap's few slots cannot be held across the write).
 */
#include "mm/swap.h"
#include "drivers/blkdev.h"
#include "kernel/printk.h"
#include "kernel/signal.h"
#include "kernel/smp.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "fs/fs.h"
#include "ipc/shm.h"
#include "mm/memcontrol.h"
#include "mm/mm.h"

/* Each call of swap_out looks at this many PTEs at most: twice what the
 * tasks map (an mm that clone shares, twice more), so that every page has
 * had its second chance. */
static uint32_t scan_budget(void)
{
	uint32_t n = 0;

	for_each_task(t)
		if (t->state != TASK_ZOMBIE && t->mm)
			n += t->mm->total_vm;
	return 2 * n + 1;
}

/*
 * Drops swap cache pages that no PTE maps and whose slot holds them (read
 * ahead and not wanted yet, read in for a process that has gone, or mapped
 * and let go since), until target pages are free: they come back from
 * the disk if they are wanted.  Only as many as are needed; a page read
 * ahead (PG_READAHEAD) is about to be used, most likely, and is passed
 * over once, as the clock passes a used page.  The walk goes on from the
 * bucket where the last one stopped, so that no bucket's pages are always
 * the first to go.  No sleep.
 */
static uint32_t nr_reclaimed;	/* pages put out or dropped, ever: direct_reclaim's progress */

static void shrink_swap_cache(uint32_t target)
{
	static uint32_t cursor;

	for (uint32_t n = 0; n < SWAP_HASH && nr_free_pages() < target; n++) {
		struct page *pg = swap_hash[cursor], *next;

		for (; pg; pg = next) {
			next = pg->next;
			if (pg->flags & PG_READAHEAD)	/* a second chance */
				pg->flags &= ~PG_READAHEAD;
			else if (pg->count == 1 && !(pg->flags & (PG_LOCKED | PG_DIRTY))) {
				delete_from_swap_cache(pg);
				nr_reclaimed++;
			}
		}
		cursor = (cursor + 1) % SWAP_HASH;
	}
}

/*
 * A page of the swap cache that this PTE maps, read-only (so the slot still
 * holds what it holds): the PTE goes back to the entry, and the page leaves
 * the cache if that was its last mapping.  No write, no sleep.
 */
static int unmap_swapcache_page(struct mm_struct *mm, uint32_t va,
				pte_t *pte, struct page *pg)
{
	swp_entry_t entry = { .val = pg->private };

	if ((pg->flags & (PG_LOCKED | PG_DIRTY)) || (*pte & PTE_W) ||
	    swap_duplicate(entry))
		return 0;
	*pte = swp_entry_to_pte(entry);
	flush_tlb_page(mm->pgd, va);
	put_page(pg);
	if (pg->count == 1)
		delete_from_swap_cache(pg);
	return 1;
}

/*
 * The page at va in mm, if the clock takes it: out, 1 (the task may have
 * slept); 0 to go on; -1 when the swap is full.
 */
static int try_to_swap_out(struct mm_struct *mm, uint32_t va, pte_t *pte)
{
	struct page *pg;
	swp_entry_t entry;

	if (!(*pte & PTE_P))
		return 0;
	pg = pte_page(*pte);
	if ((pg->flags & (PG_RESERVED | PG_HIGHMEM)) || !mem_cgroup_may_swap_page(pg))
		return 0;	/* or its memory cgroup's swap is full, or another's reclaim */
	if (*pte & PTE_A) {			/* used since the last pass */
		*pte &= ~PTE_A;
		flush_tlb_page(mm->pgd, va);
		return 0;
	}
	if (pg->flags & PG_SWAPCACHE)
		return unmap_swapcache_page(mm, va, pte, pg);
	if (pg->count != 1 && (*pte & PTE_W))
		return 0;		/* shared and writable: not a private page */
	entry = get_swap_page();
	if (!entry.val)
		return -1;
	*pte = swp_entry_to_pte(entry);
	flush_tlb_page(mm->pgd, va);
	mm->swap_address = va + PAGE_SIZE;
	swap_trace("out mm 0x%08x va 0x%08x slot 0x%x\n", (uint32_t)mm, va,
		   entry.val);
	/* Mapped elsewhere too, it stays in the cache until the walk meets
	 * its other PTEs (unmap_swapcache_page). */
	swap_writepage(pg, entry);	/* the PTE's reference */
	return 1;
}

/* Walks mm's private anonymous pages from swap_address; as try_to_swap_out,
 * or 0 when the budget is spent or mm's end is reached (back to 0).  Also
 * a memory cgroup's reclaim (mm/memcontrol.c). */
int swap_out_mm(struct mm_struct *mm, uint32_t *budget)
{
	for (struct vm_area_struct *v = find_vma(mm, mm->swap_address); v;
	     v = v->vm_next) {
		uint32_t va = v->vm_start > mm->swap_address ? v->vm_start :
			      mm->swap_address;

		if ((v->vm_flags & (VM_SHARED | VM_LOCKED | VM_DROPPABLE)) ||
		    v->vm_ops)
			continue;	/* shm, a file, mlock'd, or dropped instead (mm/droppable.c) */
		for (; va < v->vm_end; va += PAGE_SIZE) {
			pte_t *pte = pte_walk(mm->pgd, va, 0);
			int r;

			if (!pte) {			/* no page table: 4 MiB */
				va = (va & ~0x3FFFFFu) + (4u << 20) - PAGE_SIZE;
				continue;
			}
			if ((r = try_to_swap_out(mm, va, pte)) != 0)
				return r;
			if (--*budget == 0) {
				mm->swap_address = va + PAGE_SIZE;
				return 0;
			}
		}
	}
	mm->swap_address = 0;
	return 0;
}

/*
 * One page out, from the next task in turn: 1, or 0 if no page could go
 * (the swap is full or off, or nothing is eligible).
 */
int swap_out(void)
{
	static int cursor;
	uint32_t budget = scan_budget();

	if (nr_swap_pages == 0)
		return 0;
	/* Only slots [0, task_hi) are mapped (mm/kstack.c): the cursor stays in them. */
	for (int n = 0; n < 2 * task_hi && budget; n++) {
		struct task *t = &tasks[cursor % task_hi];
		int r;

		cursor = (cursor % task_hi + 1) % task_hi;
		if (t->state == TASK_UNUSED || t->state == TASK_ZOMBIE || !t->mm)
			continue;
		if ((r = swap_out_mm(t->mm, &budget)) != 0)
			return r > 0;
	}
	return 0;
}

/*
 * One page out, of a shm segment or a process's private memory, by turns
 * (Linux 2.2's do_try_to_free_pages asked shm_swap and swap_out each in
 * turn), or of a tmpfs file (shmem_swap, fs/ramfs_swap.c) every third
 * turn: 1, or 0 if none could put one out.
 */
static int swap_out_one(void)
{
	static int turn;

	turn = (turn + 1) % 3;
	if (turn == 2)
		return shmem_swap() > 0 || shm_swap() > 0 || swap_out();
	if (turn)
		return shm_swap() > 0 || swap_out() || shmem_swap() > 0;
	return swap_out() || shm_swap() > 0 || shmem_swap() > 0;
}

/*
 * Pages go out until target are free: 1 when they are, 0 if no more can
 * go (the swap is full, or nothing is eligible).  A walk that found
 * nothing may have spent its budget giving every page its second chance:
 * the next walk finds them, so one more is made before giving up.
 */
static int free_pages_to(uint32_t target)
{
	int misses = 0;

	/* MAP_DROPPABLE pages first: they need no write, nor any swap. */
	if (nr_free_pages() < target)
		nr_reclaimed += drop_droppable_pages(NULL, target - nr_free_pages());
	if (!total_swap_pages && !nr_swapcache_pages)
		return nr_free_pages() >= target;	/* nowhere to put pages */
	shrink_swap_cache(target);
	while (nr_free_pages() < target && nr_swap_pages && misses < 2) {
		if (swap_out_one()) {
			misses = 0;
			nr_reclaimed++;
		} else {
			misses++;
		}
	}
	return nr_free_pages() >= target;
}

/*
 * The synchronous path, from the page fault handler before it allocates
 * and at system call entry (places where the task holds nothing and may
 * sleep), once try_to_free_pages (mm/swap.h) has found free memory below
 * freepages.low: kswapd has fallen behind, and the task puts pages out
 * itself until freepages.high are free, or none can (else the fault
 * would go on into the kernel's reserve, and the out-of-memory killer
 * would choose while swap has room).
 *
 * When most of the memory cannot go out (SHM_LOCK'd segments, mlock,
 * the kernel's own), freepages.high cannot be reached: a try puts out
 * all that can go, the faulting task's own pages included, and the task
 * faults them back one by one, each fault trying again.  Nothing else
 * ran: a segment's owner, its pages locked, could not even reach its
 * IPC_RMID.  So after a try that fell short, the task's faults and calls
 * of the next tenth of a second leave reclaim to kswapd, to the other
 * tasks' tries and to the allocator (direct_reclaim, when the free lists
 * are empty), as Linux's kswapd backs off a zone it found all
 * unreclaimable.  Only that task: the others' tries keep the free pages
 * above the reserve, which allocations that cannot reclaim need (kmalloc's
 * GFP_USER; with a back-off for all, the fuzzer's overcommit saw one of
 * them call the out-of-memory killer with swap free).
 */
void do_try_to_free_pages(void)
{
	if (get_jiffies_64() < current->reclaim_short_until)
		return;
	if (!free_pages_to(freepages_high()))
		current->reclaim_short_until = get_jiffies_64() + HZ / 10;
}

/*
 * The allocator's own reclaim, Linux's __alloc_pages_direct_reclaim: an
 * allocation that may sleep found the free lists empty (alloc_page with
 * __GFP_DIRECT_RECLAIM), or a page fault found no frame (handle_mm_fault).
 * A system call can take more than freepages.high pages between two
 * entries (a big write to a file or a pipe, fork's page tables), so the
 * test at the entry is not enough.  Pages go out until freepages.high are
 * free; 1 if any page went out or was freed (the caller tries again), 0
 * if none could (then, and only then, the out-of-memory killer).  Pages
 * busy now may be free a moment later: with swap free, a try that freed
 * nothing waits a tick, and the killer comes only after MAX_RECLAIM_RETRIES
 * such tries, as Linux's should_reclaim_retry.  Progress
 * is what reclaim did, not what is free after: while the disk writes,
 * other tasks run and may take the pages this one freed, as Linux counts
 * did_some_progress.  1 when it did some, 0 when
 * none but it is worth another try, -1 when not (mm/swap.h's
 * direct_reclaim counts the tries in a row that did nothing).  It sleeps.
 */
int try_direct_reclaim(void)
{
	uint32_t before = nr_free_pages(), done = nr_reclaimed;
	static int reclaim_wait;	/* a channel nobody wakes: the timeout ends the sleep */

	if (fatal_signal_pending(current))
		return -1;
	/*
	 * Enough is free (others freed it meanwhile): try the lists again, but
	 * not as progress.  A caller that still fails with memory to spare (a
	 * nopage that gives no frame, a lab's stub) then reaches its limit and
	 * the killer, instead of trying for ever.
	 */
	if (before >= freepages_high())
		return 0;
	free_pages_to(freepages_high());
	if (nr_reclaimed != done || nr_free_pages() > before)
		return 1;
	if (!nr_swap_pages)
		return -1;	/* swap full: only the killer can make room */
	/*
	 * Nothing went out this time, with swap free: the pages were all in
	 * use since the clock's last look (their second chance), or under a
	 * write that frees them when it ends.  Both pass: a tick, then again.
	 */
	sleep_on_killable(&reclaim_wait, NULL, get_jiffies_64() + 1);
	return 0;
}

/*
 * Before work that will take up to n pages where it may not sleep for
 * them, done where the task holds nothing and may sleep: kmalloc's slab
 * pages (GFP_USER never sleeps for reclaim where it is taken, since its
 * callers were not made to look again after a sleep: a big semget), fork's
 * page tables when a thread shares the parent's mm (another thread could
 * change the VMAs the copy walks while reclaim slept) and mremap's moved
 * page tables.  Without it a call on a machine whose memory is at
 * freepages.low called the out-of-memory killer with swap free (the
 * fuzzer's overcommit case, tests/progs/swap_pgtables).  Pages go out until
 * n above freepages.low are free, as the allocator's reclaim does
 * (direct_reclaim, a tick between tries), or no more can.
 */
void reclaim_for(uint32_t n)
{
	int no_progress = 0;

	while (nr_free_pages() < freepages_low() + n &&
	       (no_progress = direct_reclaim(no_progress)) >= 0)
		free_pages_to(freepages_low() + n);
}

/*
 * kswapd, Linux 2.4's background reclaimer, a kernel thread
 * (kernel/kthread.c).  It sleeps until a fault or a system call finds fewer
 * than freepages.high pages free (wakeup_kswapd), then puts pages out, by the
 * same clocks as the synchronous path, until kswapd_high() are free, and
 * sleeps again.  While it waits for the disk to write a cluster, the task
 * that woke it goes on (it allocates from the pages between freepages.high
 * and .low): the writes are asynchronous for it.  Only if kswapd falls
 * behind does a task find fewer than freepages.low free and reclaim for
 * itself.  Out of swap, or nothing eligible, it gives up and sleeps a
 * second on its own task, where wakeup_kswapd does not wake it (else
 * every fault would start a futile scan); it looks again after it.
 */
static struct task *kswapd_task;
static int kswapd_wait;			/* its channel: a fault or a call wakes it */

/* Where kswapd stops: a cluster's write above where it is woken. */
static uint32_t kswapd_high(void)
{
	return freepages_high() + SWAP_CLUSTER;
}

static void kswapd(void)
{
	kthread_start();
	for (;;) {
		if (nr_free_pages() >= freepages_high())
			sleep_on(&kswapd_wait, NULL, get_jiffies_64() + HZ);
		else if (!free_pages_to(kswapd_high()))
			sleep_on(kswapd_task, NULL, get_jiffies_64() + HZ);
		cond_resched();
	}
}

/*
 * Free memory has fallen below freepages.high (try_to_free_pages, at a
 * fault or a system call's entry): kswapd runs next on this CPU, as Linux
 * 2.4's wake_up_process let a task that has slept run before the one that
 * woke it (the one that woke it switches at its return to user mode).  A kswapd that is already
 * running, or has given up for a while, is left as it is.  Reading its
 * state without sched_lock is safe under the big kernel lock, which kswapd
 * lets go of only asleep; a stale read elsewhere costs a second at most.
 */
void wakeup_kswapd(void)
{
	struct task *t = kswapd_task;
	uint32_t flags;

	if (!t || t->state != TASK_INTERRUPTIBLE || t->chan != &kswapd_wait ||
	    !nr_swap_pages)
		return;
	wakeup_task(t, &kswapd_wait);
	spin_lock_irqsave(&sched_lock, flags);
	if (t->cpus_allowed & (1u << smp_processor_id()))
		need_resched = 1;
	spin_unlock_irqrestore(&sched_lock, flags);
}

/*
 * kswapd starts with the first swap area, when there is work for it: at
 * boot after init (swap=: pid 2), or at the first swapon.  Not before: a
 * machine without swap keeps the pids a Linux in its own pid namespace
 * gives (init's first child is 2: tests/trace, tests/console compare them).
 */
void kswapd_init(void)
{
	if (kswapd_task)
		return;
	if (!(kswapd_task = kernel_thread(kswapd, "kswapd")))
		printk(KERN_ERR "kswapd: no task; reclaim is synchronous only\n");
}
