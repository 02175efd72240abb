/*
 * The memory controller of control groups v2 (mm/memcontrol.c; the groups
 * are kernel/cgroup.c's, docs/cgroup.md) and MAP_DROPPABLE memory, which
 * its reclaim and the machine's take back first (mm/droppable.c).
 */
#ifndef MM_MEMCONTROL_H
#define MM_MEMCONTROL_H

#include <stdint.h>
#include "kernel/cgroup.h"
#include "kernel/task.h"
#include "mm/swap.h"

struct page;
struct seq_file;

/* A group's limits as a new group's: none (a group that gets the controller). */
void mem_cgroup_css_init(struct cgroup *cg);
/*
 * A new user page of the current task's, of kind MEMCG_ANON or MEMCG_SHMEM
 * (kernel/cgroup.h): 0, or -ENOMEM over a memory.max (the caller frees the
 * page and asks mem_cgroup_reclaim for room).  No sleep.  In line: a task
 * in no group (the first touch's benchmark) pays one test.
 */
int __mem_cgroup_charge(struct page *pg, int kind);
static inline int mem_cgroup_charge(struct page *pg, int kind)
{
	return current->cgroup ? __mem_cgroup_charge(pg, kind) : 0;	/* the root's: not counted */
}
/* The same for a caller that may sleep (a tmpfs page): it reclaims itself. */
int mem_cgroup_charge_reclaim(struct page *pg, int kind);
/* A new page table of the current task's (mm/pgtable.c's pte_alloc): no limit. */
void mem_cgroup_charge_pgtable(struct page *pg);
void mem_cgroup_uncharge(struct page *pg);	/* put_page's, as it frees pg */
/*
 * A fault found no room (mm/fault.c): -1 if no group of the task is at its
 * memory.max (the machine is full); else 1 when its group gave back pages
 * (try again), 0 when it could not and the task is to die.  It may sleep.
 */
int mem_cgroup_reclaim(void);
/* At a fault and a tmpfs page's charge: above memory.high, reclaim, or a tick's wait. */
void mem_cgroup_handle_over_high(void);

/* Swap (mm/swap_state.c, mm/swapfile.c): a slot is charged to its page's group. */
void mem_cgroup_swapcache_add(struct page *pg, swp_entry_t entry);
void mem_cgroup_uncharge_swap(swp_entry_t entry);
int mem_cgroup_swapin_reclaim(swp_entry_t entry);	/* read_swap_cache's: 0 or -ENOMEM */
/* read_swap_cluster's: room for entry's page read ahead after n others? */
int mem_cgroup_swapin_room(swp_entry_t entry, uint32_t n);
int swap_cgroup_swapon(uint32_t type, uint32_t maxpages);
void swap_cgroup_swapoff(uint32_t type);
/* Reclaim's clocks: may pg go to swap now?  Must pages of its group go one by one? */
int mem_cgroup_may_swap_page(struct page *pg);
int mem_cgroup_swap_limited(struct page *pg);

/* The memory.* files (kernel/cgroup.c lists them). */
void memory_current_show(struct seq_file *m, struct cgroup *cg);
void memory_stat_show(struct seq_file *m, struct cgroup *cg);
void memory_events_show(struct seq_file *m, struct cgroup *cg);
void memory_high_show(struct seq_file *m, struct cgroup *cg);
int memory_high_write(struct cgroup *cg, char *buf);
void memory_max_show(struct seq_file *m, struct cgroup *cg);
int memory_max_write(struct cgroup *cg, char *buf);
void memory_swap_current_show(struct seq_file *m, struct cgroup *cg);
void memory_swap_max_show(struct seq_file *m, struct cgroup *cg);
int memory_swap_max_write(struct cgroup *cg, char *buf);

/* The OOM killer within a group (mm/oom_kill.c): as out_of_memory. */
int mem_cgroup_out_of_memory(struct cgroup *cg);
/* It killed a process of victim's group (memory.events' oom_kill). */
void mem_cgroup_oom_killed(struct cgroup *victim);

/*
 * Drops up to nr pages of MAP_DROPPABLE memory of the processes in cg's
 * subtree (NULL: of every process), by a clock; how many went.  No sleep.
 */
uint32_t drop_droppable_pages(struct cgroup *cg, uint32_t nr);

#endif
