/*
 * Resolving a page fault.  A fault in user space (do_page_fault, in
 * kernel/trap.c) or on the kernel's behalf (mm/uaccess.c) comes to
 * handle_mm_fault: find the VMA, check the access, then either give a
 * not-present page its frame (vm_ops->nopage: shm_nopage for shm,
 * filemap_nopage for a file; a zeroed page for anonymous memory; the page
 * back from swap for a PTE that holds a swap entry) or break copy-on-write.
 * What to do with a fault it cannot resolve is the caller's policy, not
 * mm's.
 */
#include "mm/mm.h"
#include "kernel/errno.h"
#include "kernel/smp.h"
#include "kernel/smp_lock.h"
#include "kernel/task.h"
#include "mm/memcontrol.h"
#include "mm/swap.h"

/*
 * Linux's expand_downwards: a stack (a VM_GROWSDOWN VMA: the main one, or
 * one made with MAP_GROWSDOWN) grows down to the faulting page, within
 * RLIMIT_STACK, RLIMIT_AS and, if locked, RLIMIT_MEMLOCK
 * (acct_stack_growth).  It keeps stack_guard_gap bytes clear above the VMA
 * below, so that a stack that overflows faults (SIGSEGV) instead of running
 * into the heap or another mapping; a VMA below that is a stack itself, or
 * PROT_NONE (a guard of its own), does not count.  shmos's VMAs are a
 * singly linked list: the one below is found by a walk, once per growth.
 */
static int expand_stack(struct mm_struct *mm, struct vm_area_struct *v,
			uint32_t address)
{
	struct vm_area_struct *prev;
	uint32_t start = address & PAGE_MASK, grow;

	if (!(v->vm_flags & VM_GROWSDOWN) || start < mmap_min_addr)
		return -EFAULT;
	for (prev = mm->mmap; prev && prev->vm_next != v; prev = prev->vm_next)
		;
	/* find_vma gave v for address: prev ends at or below start. */
	if (prev && !(prev->vm_flags & VM_GROWSDOWN) &&
	    vma_is_accessible(prev) && start - prev->vm_end < stack_guard_gap)
		return -EFAULT;
	grow = (v->vm_start - start) >> PAGE_SHIFT;
	if (!acct_stack_growth(v, v->vm_end - start, grow))
		return -EFAULT;
	mm->total_vm += grow;
	if (v->vm_flags & VM_LOCKED)
		mm->locked_vm += grow;
	v->vm_start = start;
	return 0;
}

static uint32_t pte_prot(struct vm_area_struct *v)
{
	return PTE_P | PTE_U | ((v->vm_flags & VM_WRITE) ? PTE_W : 0);
}

/* The page is present but read-only and the VMA writable: copy on write. */
static int do_wp_page(struct mm_struct *mm, struct vm_area_struct *v,
		      uint32_t address, pte_t *pte)
{
	struct page *old = pte_page(*pte), *new;

	if (old->count > 1 && is_cow_mapping(v->vm_flags)) {
		if (!(new = alloc_page(GFP_HIGHUSER | __GFP_NORETRY)))
			return -ENOMEM;
		if (mem_cgroup_charge(new, MEMCG_ANON)) {	/* the group is full: fault_reclaim */
			put_page(new);
			return -ENOMEM;
		}
		copy_highpage(new, old);
		put_page(old);
		*pte = page_to_phys(new) | pte_prot(v);
	} else {
		*pte |= PTE_W;		/* the last holder keeps the frame */
	}
	flush_tlb_page(mm->pgd, address);
	return 0;
}

/*
 * A first touch: nopage's frame, or a zeroed one for anonymous memory, goes
 * into the not-present PTE.  No TLB flush: the TLB never holds one.
 * nopage's frame is the object's own (a file's page, a segment's), which
 * a private mapping must never write, as Linux 2.4's do_no_page: a write
 * gets a copy at once, a read maps the frame read-only, so that a later
 * write faults and do_wp_page copies it then.  Inlined into both of its
 * callers: it is the first touch's path, counted in instructions.
 */
static inline __attribute__((always_inline)) int do_no_page(struct vm_area_struct *v, uint32_t address, int write,
		      pte_t *pte)
{
	uint32_t prot = pte_prot(v);
	struct page *pg, *copy;

	if (!v->vm_ops || !v->vm_ops->nopage) {
		if (!(pg = alloc_page(GFP_HIGHUSER | __GFP_NORETRY)))
			return -ENOMEM;
		if (mem_cgroup_charge(pg, MEMCG_ANON)) {
			put_page(pg);
			return -ENOMEM;
		}
		clear_highpage(pg);
		*pte = page_to_phys(pg) | prot;
		return 0;
	}
	pg = v->vm_ops->nopage(v, address & PAGE_MASK, write);
	if (pg == NOPAGE_SIGBUS)
		return -EIO;
	if (pg == NOPAGE_OOM)
		return -ENOMEM;
	if (pg == NOPAGE_RETRY)
		return -EAGAIN;
	if (*pte) {	/* nopage slept (a file's page, reclaim) and a thread mapped it */
		put_page(pg);
		return -EAGAIN;
	}
	if (!(v->vm_flags & VM_SHARED)) {
		if (write) {
			if (!(copy = alloc_page(GFP_HIGHUSER | __GFP_NORETRY)) ||
			    mem_cgroup_charge(copy, MEMCG_ANON)) {
				if (copy)
					put_page(copy);
				put_page(pg);
				return -ENOMEM;
			}
			copy_highpage(copy, pg);
			put_page(pg);
			pg = copy;
		} else {
			prot &= ~PTE_W;
		}
	}
	*pte = page_to_phys(pg) | prot;
	return 0;
}

/*
 * The PTE holds a swap entry.  A page in the swap cache is mapped at once
 * (after a read in flight ends); another is read first, and the fault
 * starts again, since the task slept.  The page is writable only if no one
 * else holds it (the cache, for a slot a fork shares): else the write
 * copies it, as copy-on-write.  -EAGAIN: look again from the start.
 * Not inlined: handle_mm_fault's frame stays small on the other paths, the
 * deepest of the kernel's stack (scripts/stackcheck).
 */
static __attribute__((noinline)) int do_swap_page(struct vm_area_struct *v,
						 uint32_t address, pte_t *pte)
{
	swp_entry_t entry = pte_to_swp_entry(*pte);
	struct page *pg = lookup_swap_cache(entry);

	if (!pg)
		return read_swap_cache(entry);
	if (pg->flags & PG_LOCKED) {
		get_page(pg);		/* it may leave the cache meanwhile */
		wait_on_page(pg);
		put_page(pg);
		return -EAGAIN;
	}
	get_page(pg);			/* the PTE's */
	swap_trace("in  mm 0x%08x va 0x%08x slot 0x%x\n", (uint32_t)v->vm_mm,
		   address, entry.val);
	swap_free(entry);		/* the last user's takes it from the cache */
	/* i386 reads what it may write or execute: PROT_WRITE or PROT_EXEC
	 * alone is user-accessible too, as mprotect makes it (mm/mmap.c) */
	*pte = page_to_phys(pg) | PTE_P | PTE_A |
	       (vma_is_accessible(v) ? PTE_U : 0) |
	       (pg->count == 1 && (v->vm_flags & VM_WRITE) ? PTE_W : 0);
	return 0;
}

/*
 * Brings the page at va back if its PTE holds a swap entry, whatever the
 * VMA allows now (swapoff, for any task's mm): 0, -ENOMEM or -EFAULT.
 */
int swapin_pte(struct mm_struct *mm, uint32_t va)
{
	for (;;) {
		struct vm_area_struct *v = find_vma(mm, va);
		pte_t *pte = pte_walk(mm->pgd, va, 0);
		int err;

		if (!v || v->vm_start > va || !pte || !is_swap_pte(*pte))
			return 0;
		if ((err = do_swap_page(v, va, pte)) != -EAGAIN)
			return err;
	}
}

/*
 * No frame for a fault (its allocations ask for __GFP_NORETRY: they hold a
 * PTE and a VMA that a sleep could change under them): pages go out to
 * swap, or, if none can, the out-of-memory killer takes a process's.  When
 * memory was freed, the fault starts again from the VMA lookup, as Linux's
 * VM_FAULT_RETRY: the count of tries in a row that put nothing out
 * (direct_reclaim's), given and returned; -1 if not.  When it is the
 * task's memory cgroup that is full, not the machine, the room is made in
 * the group (mm/memcontrol.c).  It sleeps.
 */
static __attribute__((noinline)) int fault_reclaim(int no_progress)
{
	int r;

	if (!kernel_locked())
		return -1;
	if ((r = mem_cgroup_reclaim()) >= 0)
		return r ? no_progress : -1;
	if ((r = direct_reclaim(no_progress)) >= 0)
		return r;
	/* After a kill, straight to the killer again if room is still short. */
	return out_of_memory() == 0 ? MAX_RECLAIM_RETRIES : -1;
}

/*
 * 0 when the access may now proceed; -EFAULT when it is not allowed (no VMA,
 * or not with this access); -EIO when the page lies past the end of the
 * object it maps (SIGBUS); -ENOMEM when no frame or page table is left,
 * even after reclaim and the out-of-memory killer.
 */
int handle_mm_fault(struct mm_struct *mm, uint32_t address, int write)
{
	struct vm_area_struct *v;
	pte_t *pte;
	int err, no_progress = 0;

again:
	if (!mm || address >= TASK_SIZE)
		return -EFAULT;
	v = find_vma(mm, address);
	if (!v || (address < v->vm_start && expand_stack(mm, v, address)))
		return -EFAULT;
	if (write ? !(v->vm_flags & VM_WRITE) : !vma_is_accessible(v))
		return -EFAULT;
	if (!(pte = pte_walk(mm->pgd, address, 0))) {
		/* A new page table, which may sleep for reclaim: then look again. */
		if (!pte_alloc(mm->pgd, address, GFP_USER | __GFP_DIRECT_RECLAIM))
			return -ENOMEM;
		goto again;
	}
	if (is_swap_pte(*pte)) {
		if ((err = do_swap_page(v, address & PAGE_MASK, pte)) == -EAGAIN)
			goto again;	/* it slept: the VMA may have changed */
		if (err == -ENOMEM && (no_progress = fault_reclaim(no_progress)) >= 0)
			goto again;
		if (err)
			return err;
	}
	if (!(*pte & PTE_P)) {
		if ((err = do_no_page(v, address, write, pte)) == -EAGAIN)
			goto again;	/* nopage slept */
		if (err == -ENOMEM && (no_progress = fault_reclaim(no_progress)) >= 0)
			goto again;
		return err;
	}
	if (write && !(*pte & PTE_W)) {
		if ((err = do_wp_page(mm, v, address, pte)) == -ENOMEM && (no_progress = fault_reclaim(no_progress)) >= 0)
			goto again;
		return err;
	}
	return 0;	/* nothing to do: the page is there */
}

/*
 * The PTE of address in mm, its page brought in, for a tracer's access
 * (ptrace's PEEK and POKE, /proc/PID/mem; Linux's get_user_pages with
 * FOLL_FORCE): a write into a private mapping the process may not write,
 * its text where a debugger puts its breakpoints, gets a private copy of
 * the page, still read-only to the process.  NULL where the process could
 * not have the page.
 */
pte_t *follow_page_force(struct mm_struct *mm, uint32_t address, int write)
{
	struct vm_area_struct *v = find_vma(mm, address);
	int forced = write && v && v->vm_start <= address &&
		     !(v->vm_flags & VM_WRITE) && is_cow_mapping(v->vm_flags);
	pte_t *pte;

	if (handle_mm_fault(mm, address, write && !forced) ||
	    !(pte = pte_walk(mm->pgd, address, 0)) || !(*pte & PTE_P))
		return NULL;
	/* A frame only we map is our private copy already: written as it is. */
	if (forced && pte_page(*pte)->count > 1 && do_wp_page(mm, v, address, pte))
		return NULL;
	return pte;
}

/*
 * Each CPU's flag: 1 while it runs handle_mm_fault_nolock, what
 * nolock_faults_sync waits for.  A line each, not to share one.
 */
static struct {
	volatile int busy;
} __attribute__((aligned(64))) nolock_fault[NR_CPUS];

/*
 * A first touch without the big kernel lock, so that first touches on
 * several CPUs run at once (docs/smp.md): a not-present PTE of an
 * anonymous VMA gets a zeroed frame, or one of a VMA whose nopage does
 * without the lock (shm) gets its frame, under finer locks: shm_lock for
 * the segment's slot, this CPU's pcp_lock for the frame (and, once a
 * batch, free_lists_lock: mm/page.c), kmap_lock.  0 when
 * done; -EAGAIN for anything else, and whenever a frame or a page table
 * cannot be had: the caller takes the big lock and handle_mm_fault does it
 * the old way, or says why not.
 *
 * Who else could change what it reads, and why they cannot:
 *  - the VMA list and the page tables change only through a task of the
 *    mm (mmap, munmap, shmdt, brk, mprotect, mremap, exit, exec) when
 *    mm_users is 1: that task is this one, in its fault.  A thread group
 *    or a vfork's shared mm goes the old way;
 *  - reclaim and swapoff change other tasks' PTEs and the segments'
 *    slots, but only while a swap area is on: swapon waits for the faults
 *    under way (nolock_faults_sync) once total_swap_pages is set; without
 *    swap, reclaim changes only PTEs of VM_DROPPABLE VMAs, which go the
 *    old way;
 *  - the out-of-memory killer zaps a victim's private pages: it marks the
 *    mm (oom_deadline) and waits for the faults under way before it does;
 *  - killseg frees a segment's frames when no attach is left, and this
 *    fault's VMA is one.
 * Each test comes after this CPU's flag is set, with a full barrier
 * between (the xchg); each waiter sets what it tests first, then reads the
 * flags: one of the two sees the other.
 */
int handle_mm_fault_nolock(struct mm_struct *mm, uint32_t address, int write)
{
	int cpu = smp_processor_id(), err = -EAGAIN;
	struct vm_area_struct *v;
	pte_t *pte;

	if (!mm || mm->mm_users != 1 || address >= TASK_SIZE)
		return -EAGAIN;
	__atomic_exchange_n(&nolock_fault[cpu].busy, 1, __ATOMIC_SEQ_CST);
	if (total_swap_pages || nr_swapcache_pages || mm->oom_deadline)
		goto out;
	v = find_vma(mm, address);
	if (!v || address < v->vm_start ||	/* none, or a stack to grow */
	    (write ? !(v->vm_flags & VM_WRITE) : !vma_is_accessible(v)))
		goto out;
	if (v->vm_ops && !(v->vm_ops->nopage_nolock && (v->vm_flags & VM_SHARED)))
		goto out;
	/* Reclaim drops droppable pages at any time; a group's charge needs the lock. */
	if ((v->vm_flags & VM_DROPPABLE) || current->cgroup)
		goto out;
	if (!(pte = pte_walk(mm->pgd, address, 1)) || *pte)
		goto out;	/* present, or out on swap: the old way */
	if (do_no_page(v, address, write, pte) == 0)
		err = 0;
out:
	__atomic_store_n(&nolock_fault[cpu].busy, 0, __ATOMIC_RELEASE);
	return err;
}

/*
 * Waits until no CPU but this one runs handle_mm_fault_nolock (swapon and
 * the out-of-memory killer, once they have set what keeps the next ones
 * out).  Such a fault never sleeps nor waits for the big lock: the wait is
 * short.
 */
void nolock_faults_sync(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (int cpu = 0; cpu < nr_cpu_ids; cpu++)
		while (cpu != smp_processor_id() && nolock_fault[cpu].busy)
			cpu_relax();
}
