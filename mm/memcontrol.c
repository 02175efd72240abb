/*
 * The memory controller of control groups v2 (Linux's mm/memcontrol.c;
 * the groups are kernel/cgroup.c's, docs/cgroup.md).
 *
 * The charge: a user page is charged to the group of the task that makes
 * it, and to each of the group's ancestors (memory.current), when it gets
 * its frame: a first touch of private memory or a copy on write (anon,
 * from mm/fault.c), the first touch of a shm segment's page (shmem, from
 * shm_nopage), a page of a tmpfs file (shmem, from fs/ramfs.c), a page
 * table (pagetables, from mm/pgtable.c, past any limit).  The page records
 * the group's id in its struct page and its kind in its flags (PG_SHMEM,
 * PG_PAGETABLE), and holds a reference on the group; when the page is freed, put_page
 * uncharges that same group, whichever task frees it and wherever the
 * task that charged it has gone since.  A shm or tmpfs page stays charged
 * to the group that brought it in, as on Linux, though other groups'
 * processes map it.  A group that rmdir removed lives on while pages are
 * charged to it (its counts with it), and the ancestors' counts stay right.
 *
 * Swap: a charged page that goes to swap records its group and kind with
 * its slot (swap_cgroup, Linux's mm/swap_cgroup.c), and the slot is
 * charged to the group's memory.swap.current until it is freed; the page
 * read back is charged to that group again (or, if rmdir removed it, to
 * its nearest live ancestor, as Linux's reparenting).  A page may go to
 * swap only while its group and every ancestor are below memory.swap.max.
 *
 * The limits: a charge that would take a group past its memory.max fails
 * (memory.events "max"), and the caller asks mem_cgroup_reclaim for room
 * in that group only, as Linux's try_charge: MAP_DROPPABLE pages of its
 * processes go first (no write, no swap needed), then pages charged to
 * its subtree go out to swap, by reclaim's own clocks (its processes'
 * private pages, then shm and tmpfs pages: the clocks pass over pages of
 * other groups while the task reclaims for this one, memcg_reclaim), and
 * when nothing can go the out-of-memory killer takes a process of the
 * group (mm/oom_kill.c; "oom", "oom_kill").  The rest of the machine does
 * not notice.  Above memory.high nothing fails: the task reclaims from the
 * group at its next system call or fault, and if that falls short it is
 * throttled a tick ("high").
 *
 * Not charged: the kernel's other pages (kmalloc's, the page directory),
 * and pages of a task in the root group.  Every group counts its charges, but only one whose parent
 * gives it the controller shows them and has limits.
 */
#include "mm/memcontrol.h"
#include "fs/fs.h"
#include "fs/proc.h"
#include "ipc/shm.h"
#include "kernel/cgroup.h"
#include "kernel/errno.h"
#include "kernel/signal.h"
#include "kernel/smp_lock.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "mm/mm.h"
#include "mm/page.h"
#include "mm/swap.h"

static int throttle_wait;	/* a channel nobody wakes: the timeout ends the sleep */

void mem_cgroup_css_init(struct cgroup *cg)
{
	cg->memory.max = PAGE_COUNTER_MAX;
	cg->memory_high = PAGE_COUNTER_MAX;
	cg->swap.max = PAGE_COUNTER_MAX;
}

/* ---- the counts ---- */

static uint32_t read_count(const uint32_t *count)
{
	return __atomic_load_n(count, __ATOMIC_RELAXED);
}

/* n pages of kind (n < 0: freed) for cg and its ancestors; the root counts none. */
static void memcg_count(struct cgroup *cg, int kind, int32_t n)
{
	for (; cg->parent; cg = cg->parent) {
		__atomic_add_fetch(&cg->memory.usage, n, __ATOMIC_RELAXED);
		__atomic_add_fetch(&cg->stat[kind], n, __ATOMIC_RELAXED);
	}
}

/* An event of memory.events in cg, and so in each ancestor's subtree. */
static void memcg_memory_event(struct cgroup *cg, int event)
{
	for (; cg && cg->parent; cg = cg->parent)
		cg->events[event]++;
}

/* The lowest group from cg up whose memory.max the next page would pass, or NULL. */
static struct cgroup *mem_cgroup_over_limit(struct cgroup *cg)
{
	for (; cg && cg->parent; cg = cg->parent)
		if (read_count(&cg->memory.usage) >=
		    cg->memory.max)
			return cg;
	return NULL;
}

/* The lowest group from cg up above its memory.high, or NULL. */
static struct cgroup *mem_cgroup_over_high(struct cgroup *cg)
{
	for (; cg && cg->parent; cg = cg->parent)
		if (read_count(&cg->memory.usage) >
		    cg->memory_high)
			return cg;
	return NULL;
}

/* pg is charged to cg now, as a page of kind (kept in its flags). */
static void commit_charge(struct page *pg, struct cgroup *cg, int kind)
{
	memcg_count(cg, kind, 1);
	cgroup_get(cg);			/* the page's, until it is freed */
	pg->memcg_id = cg->id;
	if (kind == MEMCG_SHMEM)
		pg->flags |= PG_SHMEM;
	else if (kind == MEMCG_PAGETABLES)
		pg->flags |= PG_PAGETABLE;
}

static int page_kind(const struct page *pg)
{
	if (pg->flags & PG_SHMEM)
		return MEMCG_SHMEM;
	return (pg->flags & PG_PAGETABLE) ? MEMCG_PAGETABLES : MEMCG_ANON;
}

/*
 * Charges run under the big kernel lock (a task in a group never takes a
 * fault's lock-free path, mm/fault.c), so the test and the counts cannot
 * race another charge; an uncharge meanwhile only makes room.
 */
int __mem_cgroup_charge(struct page *pg, int kind)
{
	struct cgroup *cg = current->cgroup, *over;

	if ((over = mem_cgroup_over_limit(cg))) {
		memcg_memory_event(over, MEMCG_MAX);
		return -ENOMEM;
	}
	commit_charge(pg, cg, kind);
	return 0;
}

/* May the task sleep to reclaim here: the big lock, no spin lock? */
static int may_reclaim(void)
{
	return kernel_locked() && !locks_held;
}

/*
 * A page table is charged whatever the limit (it is made where its caller
 * cannot wait), as Linux lets some kernel charges pass: the group's next
 * page makes room for it.
 */
void mem_cgroup_charge_pgtable(struct page *pg)
{
	if (current->cgroup)
		commit_charge(pg, current->cgroup, MEMCG_PAGETABLES);
}

int mem_cgroup_charge_reclaim(struct page *pg, int kind)
{
	while (mem_cgroup_charge(pg, kind))
		if (!may_reclaim() || mem_cgroup_reclaim() <= 0)
			return -ENOMEM;
	if (current->cgroup)	/* above its memory.high: its pages go first */
		mem_cgroup_handle_over_high();
	return 0;
}

void mem_cgroup_uncharge(struct page *pg)
{
	struct cgroup *cg = cgroup_table[pg->memcg_id];

	memcg_count(cg, page_kind(pg), -1);
	pg->memcg_id = 0;
	pg->flags &= ~(PG_SHMEM | PG_PAGETABLE);
	cgroup_put(cg);
}

/* ---- swap: which group each slot is charged to ---- */

/*
 * Per area, a directory of pages of records, as swap_map's: the id of the
 * group a slot is charged to, SWAP_CGROUP_SHMEM for a shmem page's, 0 for
 * none.  Made at swapon for every slot, as Linux's swap_cgroup_swapon
 * does, and freed at swapoff: reclaim, which writes the records, never
 * allocates, and the pages are the area's, like its swap_map, not memory
 * that a page's trip to swap takes for ever.  Only tasks change a record,
 * under the big kernel lock.
 */
#define SWAP_CGROUP_SHMEM	0x8000
#define SWAP_CGROUP_ID(r)	((r) & 0x7fff)
static uint16_t *swap_cgroup[MAX_SWAPFILES][SWAP_MAP_DIR];

/* entry's record; NULL for an entry of no area. */
static uint16_t *swap_cgroup_record(swp_entry_t entry)
{
	uint16_t *page;

	if (swp_type(entry) >= MAX_SWAPFILES || swp_offset(entry) >= MAX_SWAP_PAGES)
		return NULL;
	page = swap_cgroup[swp_type(entry)][swp_offset(entry) / SWAP_MAP_PER_PAGE];
	return page ? &page[swp_offset(entry) % SWAP_MAP_PER_PAGE] : NULL;
}

/* The records of area type's maxpages slots, all 0: 0, or -ENOMEM. */
int swap_cgroup_swapon(uint32_t type, uint32_t maxpages)
{
	for (uint32_t i = 0; i * SWAP_MAP_PER_PAGE < maxpages; i++)
		if (!(swap_cgroup[type][i] = get_zeroed_page(GFP_USER))) {
			swap_cgroup_swapoff(type);
			return -ENOMEM;
		}
	return 0;
}

/*
 * The group a page read back from entry's slot is charged to: the one its
 * record names, or that one's nearest live ancestor if rmdir removed it
 * (Linux reparents); NULL for none, or the root.
 */
static struct cgroup *swap_cgroup_owner(swp_entry_t entry)
{
	uint16_t *rec = swap_cgroup_record(entry);
	struct cgroup *cg;

	if (!rec || !*rec)
		return NULL;
	for (cg = cgroup_table[SWAP_CGROUP_ID(*rec)]; cg->removed; cg = cg->parent)
		;
	return cg->parent ? cg : NULL;
}

/* n slots (n < 0: freed) for cg's memory.swap.current and its ancestors'. */
static void swap_count_add(struct cgroup *cg, int32_t n)
{
	for (; cg->parent; cg = cg->parent)
		__atomic_add_fetch(&cg->swap.usage, n, __ATOMIC_RELAXED);
}

/*
 * Linux's mem_cgroup_swapout and mem_cgroup_swapin_charge_folio, at the one
 * place both pass (add_to_swap_cache): a charged page on its way out
 * charges its slot to its group; a page read in (not charged: a new frame)
 * is charged to the group its slot records.  No sleep.
 */
void mem_cgroup_swapcache_add(struct page *pg, swp_entry_t entry)
{
	struct cgroup *cg;
	uint16_t *rec;

	if (pg->memcg_id) {
		if (!(rec = swap_cgroup_record(entry)))
			return;
		cg = cgroup_table[pg->memcg_id];
		*rec = cg->id | ((pg->flags & PG_SHMEM) ? SWAP_CGROUP_SHMEM : 0);
		swap_count_add(cg, 1);
		cgroup_get(cg);		/* the slot's, until swap_free frees it */
		return;
	}
	if ((cg = swap_cgroup_owner(entry)))
		commit_charge(pg, cg, (*swap_cgroup_record(entry) & SWAP_CGROUP_SHMEM) ?
				      MEMCG_SHMEM : MEMCG_ANON);
}

/* The slot of entry is free (swap_free's last user): its group's charge goes. */
void mem_cgroup_uncharge_swap(swp_entry_t entry)
{
	uint16_t *rec = swap_cgroup_record(entry);
	struct cgroup *cg;

	if (!rec || !*rec)
		return;
	cg = cgroup_table[SWAP_CGROUP_ID(*rec)];
	*rec = 0;
	swap_count_add(cg, -1);
	cgroup_put(cg);
}

/* swapoff freed every slot of area type (or swapon failed): so go its records. */
void swap_cgroup_swapoff(uint32_t type)
{
	for (int i = 0; i < SWAP_MAP_DIR; i++) {
		if (swap_cgroup[type][i])
			free_kpage(swap_cgroup[type][i]);
		swap_cgroup[type][i] = NULL;
	}
}

/* Are cg and its ancestors below their memory.swap.max? */
static int mem_cgroup_swap_room(struct cgroup *cg)
{
	for (; cg->parent; cg = cg->parent)
		if (read_count(&cg->swap.usage) >=
		    cg->swap.max)
			return 0;
	return 1;
}

/*
 * Reclaim's clocks ask before a page goes out (try_to_swap_out for
 * private pages, shared_page_old for shm and tmpfs pages): not while its
 * group is at memory.swap.max, and, while the task reclaims for a group
 * (mm/memcontrol.c's own reclaim), only pages charged in that group's
 * subtree.
 */
int mem_cgroup_may_swap_page(struct page *pg)
{
	struct cgroup *cg = pg->memcg_id ? cgroup_table[pg->memcg_id] : NULL;

	if (current->memcg_reclaim &&
	    (!cg || !cgroup_is_descendant(cg, current->memcg_reclaim)))
		return 0;
	return !cg || mem_cgroup_swap_room(cg);
}

/* Does pg's group limit its swap at all (then pages go out one by one)? */
int mem_cgroup_swap_limited(struct page *pg)
{
	for (struct cgroup *cg = pg->memcg_id ? cgroup_table[pg->memcg_id] :
			&cgroup_root; cg->parent; cg = cg->parent)
		if (cg->swap.max != PAGE_COUNTER_MAX)
			return 1;
	return 0;
}

/* ---- reclaim in a group ---- */

/*
 * One private page of a process of cg's subtree out to swap, by reclaim's
 * clock (mm/vmscan.c's swap_out_mm): 1 if one went (the caller slept),
 * else 0.
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

/*
 * Pages of the swap cache charged to cg's subtree that nobody holds but
 * the cache (read ahead and not wanted yet: a page read in is charged to
 * the group its slot records) go, up to SWAP_CLUSTER, as mm/vmscan.c's
 * shrink_swap_cache; their slots keep what they hold.  How many.  No sleep.
 */
static uint32_t shrink_swap_cache_cgroup(struct cgroup *cg)
{
	uint32_t n = 0;

	for (int b = 0; b < SWAP_HASH && n < SWAP_CLUSTER; b++) {
		struct page *pg = swap_hash[b], *next;

		for (; pg && n < SWAP_CLUSTER; pg = next) {
			next = pg->next;
			if (pg->count == 1 && pg->memcg_id &&
			    !(pg->flags & (PG_LOCKED | PG_DIRTY)) &&
			    cgroup_is_descendant(cgroup_table[pg->memcg_id], cg)) {
				delete_from_swap_cache(pg);
				n++;
			}
		}
	}
	return n;
}

/*
 * Linux's try_to_free_mem_cgroup_pages: a few pages charged to cg's
 * subtree go; how many.  Droppable pages and unwanted swap cache pages
 * first (no write needed), then private ones, then shm and tmpfs pages,
 * each by its own clock, which passes over the other groups' pages
 * meanwhile.
 */
static uint32_t try_to_free_mem_cgroup_pages(struct cgroup *cg)
{
	uint32_t n = drop_droppable_pages(cg, SWAP_CLUSTER);

	if (!n && nr_swapcache_pages)
		n = shrink_swap_cache_cgroup(cg);
	if (n || !nr_swap_pages || !mem_cgroup_swap_room(cg))
		return n;	/* no page of the subtree may go to swap */
	current->memcg_reclaim = cg;
	n = swap_out_cgroup(cg);
	if (!n)
		n = shm_swap() > 0;
	if (!n)
		n = shmem_swap() > 0;
	current->memcg_reclaim = NULL;
	return n;
}

/*
 * Linux's try_charge, past its first try: room for a page of cg's, made in
 * the lowest group from cg up at its memory.max.  1 when there is room
 * (or a victim's pages are coming back: try again), 0 when there is none
 * and the task is to die (the killer chose it) or to fail.  It sleeps.
 */
static int mem_cgroup_reclaim_in(struct cgroup *cg)
{
	struct cgroup *over = mem_cgroup_over_limit(cg);

	if (!over)
		return 1;
	/*
	 * A walk of the clocks may find nothing, having given every page its
	 * second chance: a few walks before the killer (Linux's retries).
	 */
	for (int tries = 0; tries < MAX_RECLAIM_RETRIES; tries++) {
		if (fatal_signal_pending(current))
			return 0;
		if (try_to_free_mem_cgroup_pages(over) || !mem_cgroup_over_limit(cg))
			return 1;
	}
	memcg_memory_event(over, MEMCG_OOM);
	switch (mem_cgroup_out_of_memory(over)) {
	case 0:
		return 1;	/* a victim's pages came back */
	case -EAGAIN:		/* a victim has yet to die: a tick for it */
		sleep_on_killable(&throttle_wait, NULL, get_jiffies_64() + 1);
		return 1;
	default:
		return 0;	/* the task itself was chosen, or nobody */
	}
}

int mem_cgroup_reclaim(void)
{
	if (!mem_cgroup_over_limit(current->cgroup))
		return -1;
	return mem_cgroup_reclaim_in(current->cgroup);
}

/*
 * Before a page of swap comes back (read_swap_cache): if the group it is
 * to be charged to is at its memory.max, room is made there first, as for
 * a new page, by whichever task reads it (Linux's swap-in charge).  0, or
 * -ENOMEM for a task of that group that found none.  A task of another
 * group is not made to fail for it: the page is charged past the limit,
 * which the group's next charge reclaims.  It may sleep.
 */
int mem_cgroup_swapin_reclaim(swp_entry_t entry)
{
	struct cgroup *cg;

	/* The owner is looked up again after each sleep: the slot may be freed. */
	while ((cg = swap_cgroup_owner(entry)) && mem_cgroup_over_limit(cg)) {
		int mine = cgroup_is_descendant(task_cgroup(current), cg), room;

		memcg_memory_event(mem_cgroup_over_limit(cg), MEMCG_MAX);
		cgroup_get(cg);		/* it could go while the task sleeps */
		room = may_reclaim() && mem_cgroup_reclaim_in(cg) > 0;
		cgroup_put(cg);
		if (!room)
			return mine ? -ENOMEM : 0;	/* else charged past the limit */
	}
	return 0;
}

/*
 * Would a page read ahead for entry fit the group it is to be charged to,
 * after the n pages of the same read (charged when it ends, to whichever
 * groups)?  Linux's readahead page whose charge fails is not read.
 */
int mem_cgroup_swapin_room(swp_entry_t entry, uint32_t n)
{
	for (struct cgroup *cg = swap_cgroup_owner(entry); cg && cg->parent;
	     cg = cg->parent)
		if (read_count(&cg->memory.usage) + n >= cg->memory.max)
			return 0;
	return 1;
}

/*
 * Linux's mem_cgroup_handle_over_high, at a fault or a charge that may
 * sleep (a tmpfs page's), where the task holds nothing: above a
 * memory.high, the task
 * reclaims from that group until it is below, a few tries; if it is still
 * above, it is throttled a tick.  Never killed for it.
 */
void mem_cgroup_handle_over_high(void)
{
	struct cgroup *over = mem_cgroup_over_high(current->cgroup);

	if (!over || !may_reclaim())
		return;
	memcg_memory_event(over, MEMCG_HIGH);
	for (int tries = 0; over && tries < MAX_RECLAIM_RETRIES &&
	     !fatal_signal_pending(current); tries++) {
		if (!try_to_free_mem_cgroup_pages(over))
			break;
		over = mem_cgroup_over_high(current->cgroup);
	}
	if (over)
		sleep_on_killable(&throttle_wait, NULL, get_jiffies_64() + 1);
}

/* ---- the files: sizes in bytes, "max" for no limit ---- */

static void show_pages(struct seq_file *m, uint32_t pages)
{
	if (pages == PAGE_COUNTER_MAX)
		seq_printf(m, "max\n");
	else
		seq_printf(m, "%llu\n", (unsigned long long)pages * PAGE_SIZE);
}

/*
 * Linux's page_counter_memparse: "max", or bytes rounded down to pages,
 * with white space around (strstrip): "max max" is neither.
 */
static int parse_pages(const char *buf, uint32_t *pages)
{
	uint64_t bytes;
	const char *s = buf;

	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	if (!strncmp(s, "max", 3)) {
		for (s += 3; *s == ' ' || *s == '\t' || *s == '\n'; s++)
			;
		if (*s)
			return -EINVAL;
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
	show_pages(m, read_count(&cg->memory.usage));
}

/*
 * memory.stat, Linux's lines of what shmos charges, in its order, in
 * bytes: anon, the private pages; file, the pages of files and shm (all of
 * them tmpfs's here, so all of them shmem too); kernel, the kernel's pages
 * charged, page tables alone here (pagetables).  anon + file + kernel is
 * memory.current.
 */
void memory_stat_show(struct seq_file *m, struct cgroup *cg)
{
	uint64_t anon = read_count(&cg->stat[MEMCG_ANON]);
	uint64_t shmem = read_count(&cg->stat[MEMCG_SHMEM]);
	uint64_t pagetables = read_count(&cg->stat[MEMCG_PAGETABLES]);

	seq_printf(m, "anon %llu\n", anon * PAGE_SIZE);
	seq_printf(m, "file %llu\n", shmem * PAGE_SIZE);
	seq_printf(m, "kernel %llu\n", pagetables * PAGE_SIZE);
	seq_printf(m, "pagetables %llu\n", pagetables * PAGE_SIZE);
	seq_printf(m, "shmem %llu\n", shmem * PAGE_SIZE);
}

void memory_events_show(struct seq_file *m, struct cgroup *cg)
{
	static const char *const names[MEMCG_NR_MEMORY_EVENTS] = {
		[MEMCG_LOW] = "low", [MEMCG_HIGH] = "high", [MEMCG_MAX] = "max",
		[MEMCG_OOM] = "oom", [MEMCG_OOM_KILL] = "oom_kill",
	};

	for (int i = 0; i < MEMCG_NR_MEMORY_EVENTS; i++)
		seq_printf(m, "%s %u\n", names[i], cg->events[i]);
}

/* mm/oom_kill.c's: a process of victim's group was killed for a group's limit. */
void mem_cgroup_oom_killed(struct cgroup *victim)
{
	memcg_memory_event(victim, MEMCG_OOM_KILL);
}

void memory_high_show(struct seq_file *m, struct cgroup *cg)
{
	show_pages(m, cg->memory_high);
}

/* As Linux's memory_high_write: the group is brought below it at once, a few tries. */
int memory_high_write(struct cgroup *cg, char *buf)
{
	int err = parse_pages(buf, &cg->memory_high);

	for (int tries = 0; !err && tries < MAX_RECLAIM_RETRIES &&
	     read_count(&cg->memory.usage) > cg->memory_high &&
	     !fatal_signal_pending(current); tries++)
		if (!try_to_free_mem_cgroup_pages(cg))
			break;
	return err;
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

	while (!err && read_count(&cg->memory.usage) > cg->memory.max &&
	       !fatal_signal_pending(current)) {
		if (tries > 0) {
			tries--;
			try_to_free_mem_cgroup_pages(cg);
		} else {
			memcg_memory_event(cg, MEMCG_OOM);
			if (mem_cgroup_out_of_memory(cg) != 0)
				break;
		}
	}
	return err;
}

void memory_swap_current_show(struct seq_file *m, struct cgroup *cg)
{
	show_pages(m, read_count(&cg->swap.usage));
}

void memory_swap_max_show(struct seq_file *m, struct cgroup *cg)
{
	show_pages(m, cg->swap.max);
}

/* A limit below what is out already takes nothing back: no more go (Linux's). */
int memory_swap_max_write(struct cgroup *cg, char *buf)
{
	return parse_pages(buf, &cg->swap.max);
}
