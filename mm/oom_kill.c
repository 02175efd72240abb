/*
 * The out-of-memory killer.  alloc_page (mm/page.c) stops user allocations
 * short of the kernel's reserve; when one finds nothing above it, the
 * allocator calls out_of_memory, as Linux's __alloc_pages_may_oom does.
 * That picks the process whose death gives back the most (as its
 * oom_score_adj, /proc/PID/oom_score_adj, weighs it), never init, never a
 * kernel task and never one whose adj is -1000, kills it with SIGKILL, says on the console whom and
 * for whom, and at once takes back its private pages (Linux's oom_reaper),
 * so that the allocation can be tried again: the process that asked may
 * well live on.  The victim itself dies the next time it runs, and gives
 * back the rest (its page tables, its VMAs) then.  Until it has, or for two
 * seconds (Linux's oom_reaper waits as long), nobody else is killed: the
 * allocation fails, and a page fault waits for the victim, then tries
 * again (kernel/trap.c).
 *
 * The one that asked may be the one picked: then the allocation fails, and
 * the SIGKILL ends it on its way back to user mode (a page fault ends it at
 * once, kernel/trap.c).
 */
#include "fs/fs.h"
#include "ipc/shm.h"
#include "mm/mm.h"
#include "mm/memcontrol.h"
#include "mm/page.h"
#include "mm/swap.h"
#include "kernel/cgroup.h"
#include "kernel/errno.h"
#include "kernel/oops.h"
#include "kernel/printk.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/time.h"

#define OOM_GRACE	(2 * HZ)	/* for a victim to die before another is chosen */

/* Pages mapped in mm's user page tables, and the page tables themselves. */
static uint32_t mm_pages(struct mm_struct *mm)
{
	uint32_t n = 0;

	for (uint32_t pdx = 0; pdx < USER_PDES; pdx++) {
		pte_t *pt;

		if (!(mm->pgd[pdx] & PTE_P))
			continue;
		pt = P2V(mm->pgd[pdx] & PAGE_MASK);
		n++;
		for (int i = 0; i < 1024; i++)
			n += pt[i] & PTE_P;
	}
	return n;
}

/* The PTEs of mm that hold a swap entry. */
static uint32_t mm_swapents(struct mm_struct *mm)
{
	uint32_t n = 0;

	for (uint32_t pdx = 0; pdx < USER_PDES; pdx++) {
		pte_t *pt = P2V(mm->pgd[pdx] & PAGE_MASK);

		for (int i = 0; (mm->pgd[pdx] & PTE_P) && i < 1024; i++)
			n += is_swap_pte(pt[i]);
	}
	return n;
}

/*
 * What the killer saw, as Linux's dump_header prints it (show_mem,
 * dump_tasks), shorter: where the memory was, and each process's share,
 * in pages; locked_vm too, which no reclaim can put out.  At KERN_DEBUG: in the log (dmesg), and on the console only with
 * loglevel=8 on the command line, so that a program's output is its own.
 */
static void dump_header(void)
{
	printk(KERN_DEBUG "Mem-Info: free:%u shm:%u shmem:%u swapcache:%u swap free:%u of %u\n",
	       nr_free_pages(), shm_rss_pages(), shmem_rss, nr_swapcache_pages,
	       nr_swap_pages, total_swap_pages);
	printk(KERN_DEBUG "[  pid  ]   uid  tgid total_vm      rss locked_vm swapents "
	       "oom_score_adj name\n");
	for_each_process(t)
		if (t->mm && t->state != TASK_ZOMBIE)
			printk(KERN_DEBUG "[%7d] %5u %5d %8u %8u %9u %8u %13d %s\n", t->pid,
			       t->uid, t->tgid, t->mm->total_vm, mm_pages(t->mm),
			       t->mm->locked_vm, mm_swapents(t->mm),
			       t->signal->oom_score_adj, t->comm);
}

/* What the badness is measured against: the memory and the swap. */
static long oom_total_pages(void)
{
	return nr_total_pages() + total_swap_pages;
}

/*
 * Linux's oom_badness: what the process holds, in pages.  Its resident
 * pages (shared ones too, as Linux counts them) and page tables, and here
 * also its VMAs, which a process can make by the ten thousand; moved by
 * its oom_score_adj, in thousandths of all the pages.  OOM_BADNESS_NEVER
 * for a process whose adj is -1000: it is never picked.
 */
long oom_badness(struct task *t)
{
	int adj = t->signal->oom_score_adj;

	if (adj == OOM_SCORE_ADJ_MIN)
		return OOM_BADNESS_NEVER;
	return mm_pages(t->mm) +
	       t->mm->map_count * sizeof(struct vm_area_struct) / PAGE_SIZE +
	       adj * (oom_total_pages() / 1000);
}

/*
 * /proc/PID/oom_score (fs/proc_base.c): the badness as a share of all the
 * pages, in Linux's range 0 to 1333 (666 for a process of no size and no
 * adj; 0 for one never picked); 0 for a process without memory.
 */
int oom_score(struct task *t)
{
	long badness = t->mm && t->signal ? oom_badness(t) : 0;

	if (badness == OOM_BADNESS_NEVER)
		return 0;
	return (1000 + (long long)badness * 1000 / oom_total_pages()) * 2 / 3;
}

/*
 * Unmaps the private memory of a process that is to die, whose pages no
 * one else needs (anonymous memory, and its copies of a file's pages);
 * shared memory (shm, MAP_SHARED) stays with its segment or file.  The
 * VMAs stay too: should the victim touch its memory before it dies, it
 * finds zeroed pages, or the file's.  The mm is marked a victim's.
 * Nothing here lets another task run (zap_page_range, not unmap_range):
 * the victim could change its VMA list under the walk, and the caller is
 * an allocation.  The mark comes first: a first touch the victim makes
 * without the big kernel lock on another CPU sees it and goes the old way
 * (mm/fault.c), and one under way ends before the walk (nolock_faults_sync).
 */
static void oom_reap(struct mm_struct *mm)
{
	mm->oom_deadline = get_jiffies_64() + OOM_GRACE;
	nolock_faults_sync();
	for (struct vm_area_struct *v = mm->mmap; v; v = v->vm_next)
		if (!(v->vm_flags & VM_MAYSHARE))
			zap_page_range(mm->pgd, v->vm_start, v->vm_end);
}

static int may_be_killed(struct task *t)
{
	return t != &tasks[0] && t->pid != 1 && t->mm &&
	       t->state != TASK_ZOMBIE && t->state != TASK_NEW;
}

/*
 * Kills a process of memcg's subtree (NULL: of the machine): as
 * out_of_memory.
 */
static int oom_kill(struct cgroup *memcg)
{
	struct task *victim = NULL;
	long worst = OOM_BADNESS_NEVER;

	if (locks_held)
		panic("out_of_memory with %d spin locks held", locks_held);
	if (fatal_signal_pending(current))
		return -ENOMEM;		/* dying anyway: no one else for it */
	for_each_task(t) {
		long points;

		if (!may_be_killed(t) ||
		    (memcg && !cgroup_is_descendant(task_cgroup(t), memcg)))
			continue;
		if (t->mm->oom_deadline) {	/* a victim, not dead yet */
			if (get_jiffies_64() < t->mm->oom_deadline)
				return -EAGAIN;
			continue;		/* it had its time */
		}
		/* Killed already by someone: its memory is the first to take back. */
		if (fatal_signal_pending(t) && t->mm != current->mm) {
			oom_reap(t->mm);
			return 0;
		}
		if ((points = oom_badness(t)) != OOM_BADNESS_NEVER &&
		    (!victim || points > worst)) {
			worst = points;
			victim = t;
		}
	}
	if (!victim) {
		printk("shmos: out of memory for pid %d (%s), and no process "
		       "to kill\n", current->pid, current->comm);
		return -ENOMEM;
	}
	printk("shmos: out of memory for pid %d (%s): killed pid %d (%s), "
	       "%ld pages%s\n", current->pid, current->comm, victim->pid,
	       victim->comm, worst, memcg ? ", of its memory cgroup" : "");
	dump_header();
	mem_cgroup_oom_killed(task_cgroup(victim));	/* memory.events' oom_kill */
	/* Every process that shares the memory dies with it, as on Linux. */
	for_each_task(t)
		if (t->mm == victim->mm)
			send_signal(t, SIGKILL);
	if (victim->mm == current->mm) {
		/* Not reaped under the caller's feet; the others still wait. */
		victim->mm->oom_deadline = get_jiffies_64() + OOM_GRACE;
		return -ENOMEM;
	}
	oom_reap(victim->mm);
	return 0;
}

/*
 * Called when an allocation for a user failed.  0 if memory was given back
 * (try again now); -EAGAIN if a victim has yet to die (try again when it
 * has run); -ENOMEM if nothing can be done: no process could be killed, or
 * the caller's own address space was chosen.  Never under a spin lock: it
 * signals (sched_lock) and prints (console_lock), so user allocations are
 * never made under one (kernel/spinlock.h).  Nor does it let another task
 * run.
 */
int out_of_memory(void)
{
	return oom_kill(NULL);
}

/* A memory cgroup is at its memory.max: the victim is one of its processes. */
int mem_cgroup_out_of_memory(struct cgroup *memcg)
{
	return oom_kill(memcg);
}
