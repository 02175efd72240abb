/*
 * Control groups, version 2 (Linux's unified hierarchy, with one
 * controller, memory; docs/cgroup.md).  The groups form one tree, rooted
 * at cgroup_root; every process is in exactly one group, which a fork's
 * child shares, and a write of its pid to another group's cgroup.procs
 * moves it.  The cgroup2 file system (kernel/cgroup.c) shows the tree:
 * a directory per group, mkdir and rmdir make and remove groups, and each
 * directory's files are the group's settings.
 *
 * A group whose parent lists "memory" in cgroup.subtree_control has the
 * memory controller (mm/memcontrol.c): its memory.current counts the user
 * pages charged to the processes of its subtree (their private memory, and
 * the shm and tmpfs pages they brought in), memory.max bounds them,
 * memory.high throttles them, and memory.swap.current and memory.swap.max
 * count and bound its pages out on swap.
 */
#ifndef KERNEL_CGROUP_H
#define KERNEL_CGROUP_H

#include <stdint.h>
#include "kernel/time.h"

#define CGROUP_MAX		1024	/* groups at once, the root too: ids 1 to CGROUP_MAX - 1 */
#define CGRP_MEMORY		0x1	/* a controller's bit in subtree_control */
#define CGROUP2_SUPER_MAGIC	0x63677270	/* statfs's f_type, Linux's */
#define PAGE_COUNTER_MAX	0xFFFFFFFFu	/* "max": no limit, in pages */

/* Linux's struct page_counter: pages charged, and how many may be. */
struct page_counter {
	uint32_t usage;		/* atomic: a page may be freed on any CPU */
	uint32_t max;
};

/* What a charged page is, for memory.stat (Linux's memcg_stat_item). */
enum memcg_stat_item {
	MEMCG_ANON,		/* a process's private page: anon */
	MEMCG_SHMEM,		/* a shm segment's, a tmpfs file's: shmem (and file) */
	MEMCG_PAGETABLES,	/* a process's page table: pagetables (and kernel) */
	NR_MEMCG_STAT
};

/* memory.events' counts, in its order (Linux's memcg_memory_event). */
enum memcg_memory_event {
	MEMCG_LOW,		/* never: shmos has no memory.low */
	MEMCG_HIGH,		/* a task of the subtree reclaimed over memory.high */
	MEMCG_MAX,		/* a charge found the group at memory.max */
	MEMCG_OOM,		/* reclaim failed there: the killer was called */
	MEMCG_OOM_KILL,		/* a process of the subtree was killed for it */
	MEMCG_NR_MEMORY_EVENTS
};

struct cgroup {
	/*
	 * What holds the group: its directory's inodes, its processes, its
	 * children, the pages charged to it and the tree (until rmdir); the
	 * last put frees it and drops its own hold on its parent.
	 */
	int refcnt;
	int id;				/* its slot in cgroup_table: what a page records */
	struct cgroup *parent;		/* NULL for the root */
	int nr_tasks;			/* tasks (threads too) in it now */
	int nr_children;		/* live (not removed) child groups */
	int removed;			/* rmdir'd: its files give ENODEV */
	uint32_t subtree_control;	/* CGRP_*: what its children get */
	uint32_t mode;			/* its directory's permissions: mkdir's */
	struct inode_time mtime;
	/*
	 * The memory controller's (mm/memcontrol.c), in pages.  Each count
	 * is of the whole subtree: a charge adds to the group and every
	 * ancestor but the root, as Linux's hierarchical counters.
	 */
	struct page_counter memory;	/* memory.current, memory.max */
	struct page_counter swap;	/* memory.swap.current, memory.swap.max */
	uint32_t memory_high;		/* memory.high: its tasks reclaim above it */
	uint32_t stat[NR_MEMCG_STAT];	/* memory.current by kind (atomic) */
	uint32_t events[MEMCG_NR_MEMORY_EVENTS];	/* memory.events */
	char name[];			/* its directory's name ("" for the root) */
};

/*
 * A file of each group's directory (Linux's cftype): seq_show prints its
 * text, store parses one whole write, a NUL-terminated string (0 or
 * -errno; Linux's write).
 */
struct seq_file;
struct cftype {
	const char *name;
	uint32_t mode;
	int flags;			/* CFTYPE_* (kernel/cgroup.c) */
	void (*seq_show)(struct seq_file *m, struct cgroup *cg);
	int (*store)(struct cgroup *cg, char *buf);
};
int cgroup_parse_u64(const char *s, uint64_t *v);

extern struct cgroup cgroup_root;
extern struct cgroup *cgroup_table[CGROUP_MAX];

struct task;
struct inode;

/* The group t is in (a kernel thread's, and a task never moved: the root). */
struct cgroup *task_cgroup(const struct task *t);
/* Is cg in the subtree of ancestor (or ancestor itself)? */
int cgroup_is_descendant(const struct cgroup *cg, const struct cgroup *ancestor);
/* Has cg the memory controller: does its parent give it? */
static inline int cgroup_has_memory(const struct cgroup *cg)
{
	return cg->parent && (cg->parent->subtree_control & CGRP_MEMORY);
}
void cgroup_get(struct cgroup *cg);
void cgroup_put(struct cgroup *cg);

/* fork's, exit's: the child joins its parent's group; an exit leaves it. */
void cgroup_fork(struct task *child);
void cgroup_exit(struct task *t);
/* clone3's CLONE_INTO_CGROUP: the new child moves to the group of directory fd. */
int cgroup_fork_into(struct task *child, int fd);

/* The cgroup2 file system: a mount's root directory; cgroup inodes */
struct inode *cgroup_fill_super(uint32_t dev);
int is_cgroup_inode(const struct inode *ip);
void cgroup_inode_free(struct inode *ip);
int cgroup_dir_name(struct inode *child, char *buf, int size);

/* /proc/PID/cgroup: "0::/PATH" */
void proc_cgroup_show(struct seq_file *m, struct task *t);

#endif
