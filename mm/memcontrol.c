/*
 * The memory controller of control groups v2 (Linux's mm/memcontrol.c;
 * the groups are kernel/cgroup.c's, docs/cgroup.md).
 *
 * The charge: a page a fault gives a task's private memory (a first touch
 * of anonymous memory, a copy on write) is charged to the task's group
 * and to each of its ancestors (memory.current), and records the group's
 * id in its struct page; when the page is freed, put_page uncharges the
 * same groups.  A charge that would take a group with the controller past
 * its memory.max fails, and the fault asks mem_cgroup_reclaim for room in
 * that group only, as Linux's try_charge: MAP_DROPPABLE pages of the
 * group's processes go first (no write, no swap needed), then, if its
 * memory.swap.max is not 0, private pages go out to swap, and when
 * nothing can go the out-of-memory killer takes a process of the group
 * (mm/oom_kill.c).  The rest of the machine does not notice.
 *
 * What is not done: pages of files, shm and the kernel are not charged;
 * a page back from swap is not charged again; memory.swap.max is a switch
 * (0: never to swap), not a count; memory.high is kept and shown but
 * reclaims nothing.  Every group counts its charges, but only one whose
 * parent gives it the controller shows them and has limits.
 */
#include "mm/memcontrol.h"
#include "fs/proc.h"
#include "kernel/cgroup.h"
#include "kernel/errno.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "mm/mm.h"
#include "mm/page.h"
#include "mm/swap.h"

void mem_cgroup_css_init(struct cgroup *cg)
{
	cg->memory.max = PAGE_COUNTER_MAX;
	cg->memory_high = PAGE_COUNTER_MAX;
	cg->swap_max = PAGE_COUNTER_MAX;
}

/* The lowest group from t's up whose memory.max the next page would pass, or NULL. */
static struct cgroup *mem_cgroup_over_limit(struct task *t)
{
	for (struct cgroup *cg = task_cgroup(t); cg->parent; cg = cg->parent)
		if (__atomic_load_n(&cg->memory.usage, __ATOMIC_RELAXED) >=
		    cg->memory.max)
			return cg;
	return NULL;
}

/*
 * Charges run under the big kernel lock (a task in a group never takes a
 * fault's lock-free path, mm/fault.c), so the test and the counts cannot
 * race another charge; an uncharge meanwhile only makes room.
 */
int mem_cgroup_charge(struct page *pg)
{
	struct cgroup *cg = current->cgroup;

	if (!cg)
		return 0;		/* the root's: not counted */
	if (mem_cgroup_over_limit(current))
		return -ENOMEM;
	for (struct cgroup *c = cg; c->parent; c = c->parent)
		__atomic_add_fetch(&c->memory.usage, 1, __ATOMIC_RELAXED);
	cgroup_get(cg);			/* the page's, until it is freed */
	pg->memcg_id = cg->id;
	return 0;
}

void mem_cgroup_uncharge(struct page *pg)
{
	struct cgroup *cg = cgroup_table[pg->memcg_id];

	pg->memcg_id = 0;
	for (struct cgroup *c = cg; c->parent; c = c->parent)
		__atomic_sub_fetch(&c->memory.usage, 1, __ATOMIC_RELAXED);
	cgroup_put(cg);
}

/* May pages of cg's subtree go to swap?  Not if cg or an ancestor says 0. */
static int mem_cgroup_may_swap(struct cgroup *cg)
{
	for (; cg->parent; cg = cg->parent)
		if (cg->swap_max == 0)
			return 0;
	return nr_swap_pages != 0;
}

/*
 * One page of a process of cg's subtree out to swap, by reclaim's clock
 * (mm/vmscan.c's swap_out_mm): 1 if one went (the caller slept), else 0.
 */
static int swap_out_cgroup(struct cgroup *cg)
{
	uint32_t budget = 1;

	for_each_process(t)
		if (t->mm && t->state != TASK_ZOMBIE &&
		    cgroup_is_descendant(task_cgroup(t), cg))
			budget += 2 * t->mm->total_vm;
	for_each_process(t)
		if (t->mm && t->state != TASK_ZOMBIE &&
		    cgroup_is_descendant(task_cgroup(t), cg) &&
		    swap_out_mm(t->mm, &budget) > 0)
			return 1;
	return 0;
}

/* Linux's try_to_free_mem_cgroup_pages: a few pages of cg's subtree go; how many. */
static uint32_t try_to_free_mem_cgroup_pages(struct cgroup *cg)
{
	uint32_t n = drop_droppable_pages(cg, SWAP_CLUSTER);

	if (!n && mem_cgroup_may_swap(cg))
		n = swap_out_cgroup(cg);
	return n;
}

int mem_cgroup_reclaim(void)
{
	static int oom_wait;	/* a channel nobody wakes: the timeout ends the sleep */
	struct cgroup *over = mem_cgroup_over_limit(current);

	if (!over)
		return -1;
	if (fatal_signal_pending(current))
		return 0;
	if (try_to_free_mem_cgroup_pages(over))
		return 1;
	switch (mem_cgroup_out_of_memory(over)) {
	case 0:
		return 1;	/* a victim's pages came back */
	case -EAGAIN:		/* a victim has yet to die: a tick for it */
		sleep_on_killable(&oom_wait, NULL, get_jiffies_64() + 1);
		return 1;
	default:
		return 0;	/* the task itself was chosen, or nobody */
	}
}

/* ---- the files: sizes in bytes, "max" for no limit ---- */

static void show_pages(struct seq_file *m, uint32_t pages)
{
	if (pages == PAGE_COUNTER_MAX)
		seq_printf(m, "max\n");
	else
		seq_printf(m, "%llu\n", (unsigned long long)pages * PAGE_SIZE);
}

/* Linux's page_counter_memparse: "max", or bytes rounded down to pages. */
static int parse_pages(const char *buf, uint32_t *pages)
{
	uint64_t bytes;
	const char *s = buf;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!strncmp(s, "max", 3) && (!s[3] || s[3] == '\n' || s[3] == ' ')) {
		*pages = PAGE_COUNTER_MAX;
		return 0;
	}
	if (cgroup_parse_u64(buf, &bytes))
		return -EINVAL;
	bytes /= PAGE_SIZE;
	*pages = bytes < PAGE_COUNTER_MAX ? (uint32_t)bytes : PAGE_COUNTER_MAX;
	return 0;
}

void memory_current_show(struct seq_file *m, struct cgroup *cg)
{
	seq_printf(m, "%llu\n", (unsigned long long)__atomic_load_n(
		   &cg->memory.usage, __ATOMIC_RELAXED) * PAGE_SIZE);
}

void memory_high_show(struct seq_file *m, struct cgroup *cg)
{
	show_pages(m, cg->memory_high);
}

int memory_high_write(struct cgroup *cg, char *buf)
{
	return parse_pages(buf, &cg->memory_high);
}

void memory_max_show(struct seq_file *m, struct cgroup *cg)
{
	show_pages(m, cg->memory.max);
}

/*
 * A new limit below what the group holds takes effect at once, as Linux's
 * memory_max_write: its pages are reclaimed, a few tries, then its
 * processes killed, until it fits (or the writer itself was chosen).
 */
int memory_max_write(struct cgroup *cg, char *buf)
{
	int tries = MAX_RECLAIM_RETRIES, err = parse_pages(buf, &cg->memory.max);

	while (!err && __atomic_load_n(&cg->memory.usage, __ATOMIC_RELAXED) >
	       cg->memory.max && !fatal_signal_pending(current)) {
		if (tries > 0) {
			tries--;
			try_to_free_mem_cgroup_pages(cg);
		} else if (mem_cgroup_out_of_memory(cg) != 0) {
			break;
		}
	}
	return err;
}

void memory_swap_max_show(struct seq_file *m, struct cgroup *cg)
{
	show_pages(m, cg->swap_max);
}

int memory_swap_max_write(struct cgroup *cg, char *buf)
{
	return parse_pages(buf, &cg->swap_max);
}
