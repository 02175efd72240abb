/*
 * Control groups, version 2: the tree of groups and the cgroup2 file
 * system that shows it (Linux's kernel/cgroup/cgroup.c; docs/cgroup.md).
 *
 *   mount -t cgroup2 none DIR        every mount shows the one tree
 *   DIR/cgroup.controllers           what the group may give its children
 *   DIR/cgroup.subtree_control       "+memory" / "-memory": what it gives
 *   DIR/cgroup.procs                 its processes; write a pid to move one
 *   mkdir DIR/NAME, rmdir DIR/NAME   a new group; removing an empty one
 *   DIR/memory.*                     the memory controller (mm/memcontrol.c)
 *
 * The directories and files are made by each lookup, as /proc's are
 * (fs/procfs.c), and each holds a reference on its group: a group that
 * rmdir removed lives on, its files giving ENODEV, until the last open
 * file, process and charged page lets go of it.
 *
 * Linux's rule of no internal processes holds: a group other than the
 * root either has processes or gives controllers to children, not both
 * (EBUSY), so that a controller divides its group's resources among
 * children only.  Everything here runs under the big kernel lock but the
 * page counts, which a page freed on any CPU changes (mm/memcontrol.c).
 */
#include "kernel/cgroup.h"
#include "fs/file.h"
#include "fs/fs.h"
#include "fs/namei.h"
#include "fs/proc.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "mm/kmalloc.h"
#include "mm/memcontrol.h"
#include "mm/page.h"
#include "mm/uaccess.h"

struct cgroup cgroup_root = {
	.refcnt = 1, .mode = 0755, .memory = { .max = PAGE_COUNTER_MAX },
	.swap = { .max = PAGE_COUNTER_MAX }, .memory_high = PAGE_COUNTER_MAX,
};
struct cgroup *cgroup_table[CGROUP_MAX] = { &cgroup_root };

/* Inode numbers: a group's directory is file 0 of its id; file n is its nth. */
#define CGROUP_INO(id, n)	(0x20000000u | (uint32_t)(id) << 8 | (uint32_t)(n))

/* ---- the groups ---- */

struct cgroup *task_cgroup(const struct task *t)
{
	return t->cgroup ? t->cgroup : &cgroup_root;
}

int cgroup_is_descendant(const struct cgroup *cg, const struct cgroup *ancestor)
{
	for (; cg; cg = cg->parent)
		if (cg == ancestor)
			return 1;
	return 0;
}

void cgroup_get(struct cgroup *cg)
{
	__atomic_add_fetch(&cg->refcnt, 1, __ATOMIC_RELAXED);
}

/*
 * The last reference to a removed group frees it, and its hold on its
 * parent goes: a chain of removed ancestors goes in a loop, not a
 * recursion.  The root is never freed (its count never falls to 0).
 */
void cgroup_put(struct cgroup *cg)
{
	while (cg && __atomic_sub_fetch(&cg->refcnt, 1, __ATOMIC_ACQ_REL) == 0) {
		struct cgroup *parent = cg->parent;

		cgroup_table[cg->id] = NULL;
		kfree(cg);
		cg = parent;
	}
}

/* t joins cg (NULL: the root), leaving its group. */
static void cgroup_move_task(struct task *t, struct cgroup *cg)
{
	struct cgroup *old = t->cgroup;

	if (cg == &cgroup_root)
		cg = NULL;
	if (cg) {
		cgroup_get(cg);
		cg->nr_tasks++;
	}
	t->cgroup = cg;
	if (old) {
		old->nr_tasks--;
		cgroup_put(old);
	}
}

void cgroup_fork(struct task *child)
{
	child->cgroup = NULL;
	cgroup_move_task(child, current->cgroup);
}

/*
 * clone3's CLONE_INTO_CGROUP: the child starts in the group whose
 * directory fd is open, not its parent's (Linux's cgroup_css_set_fork, in
 * its order): EBADF for a descriptor that is no cgroup directory, ENODEV
 * for a removed group, EBUSY for one that gives its controllers to
 * children (only leaves hold tasks).  Root or the directory's owner only:
 * EACCES, as a write to its cgroup.procs would be.
 */
int cgroup_fork_into(struct task *child, int fd)
{
	struct file *f = fget(fd);
	struct cgroup *cg;

	if (!f || !S_ISDIR(f->inode->mode) || !is_cgroup_inode(f->inode))
		return -EBADF;
	cg = f->inode->u.cgroup.cgrp;
	if (cg->removed)
		return -ENODEV;
	if (cg->parent && cg->subtree_control)
		return -EBUSY;
	if (current->euid != 0 && current->euid != f->inode->uid)
		return -EACCES;
	cgroup_move_task(child, cg);
	return 0;
}

void cgroup_exit(struct task *t)
{
	cgroup_move_task(t, NULL);
}

/* A new child group of parent named name (len bytes), its directory mode: 0 or -errno. */
static int cgroup_create(struct cgroup *parent, const char *name, int len,
			 uint32_t mode)
{
	struct cgroup *cg;
	int id;

	for (id = 1; id < CGROUP_MAX && cgroup_table[id]; id++)
		;
	if (id == CGROUP_MAX)
		return -ENOSPC;
	if (!(cg = kzalloc(sizeof(*cg) + len + 1)))
		return -ENOMEM;
	cg->refcnt = 1;			/* the tree's, until rmdir */
	cg->id = id;
	cg->parent = parent;
	cgroup_get(parent);
	parent->nr_children++;
	cg->mode = mode & 07777;
	cg->mtime = current_time();
	mem_cgroup_css_init(cg);
	memcpy(cg->name, name, len);
	cgroup_table[id] = cg;
	return 0;
}

/* The child of parent named name, if it is live. */
static struct cgroup *cgroup_child(struct cgroup *parent, const char *name,
				   int len)
{
	for (int id = 1; id < CGROUP_MAX; id++) {
		struct cgroup *cg = cgroup_table[id];

		if (cg && cg->parent == parent && !cg->removed &&
		    (int)strlen(cg->name) == len && !memcmp(cg->name, name, len))
			return cg;
	}
	return NULL;
}

/* ---- the files ---- */

static void controllers_show(struct seq_file *m, uint32_t mask)
{
	seq_printf(m, "%s\n", (mask & CGRP_MEMORY) ? "memory" : "");
}

/* cgroup.controllers: the root has them all; a child what its parent gives. */
static void cgroup_controllers_show(struct seq_file *m, struct cgroup *cg)
{
	controllers_show(m, cg->parent ? cg->parent->subtree_control : CGRP_MEMORY);
}

static void cgroup_subtree_control_show(struct seq_file *m, struct cgroup *cg)
{
	controllers_show(m, cg->subtree_control);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* The next word of *s, NUL-terminated in place, or NULL; *s moves past it. */
static char *next_word(char **s)
{
	char *p = *s, *w;

	while (is_space(*p))
		p++;
	if (!*p)
		return NULL;
	for (w = p; *p && !is_space(*p); p++)
		;
	if (*p)
		*p++ = 0;
	*s = p;
	return w;
}

/*
 * "+memory -memory ...": each word enables or disables a controller for
 * the children, as Linux's cgroup_subtree_control_write, in its order:
 * an unknown name is EINVAL, one the group has not got ENOENT, and
 * enabling where processes are (but in the root) EBUSY.  Disabling it
 * takes it from the whole subtree, and each group that loses it forgets
 * its limits.
 */
static int cgroup_subtree_control_write(struct cgroup *cg, char *buf)
{
	uint32_t enable = 0, disable = 0;
	char *tok;

	while ((tok = next_word(&buf)) != NULL) {
		if (strcmp(tok + 1, "memory") || (*tok != '+' && *tok != '-'))
			return -EINVAL;
		if (*tok == '+') {
			enable |= CGRP_MEMORY;
			disable &= ~CGRP_MEMORY;
		} else {
			disable |= CGRP_MEMORY;
			enable &= ~CGRP_MEMORY;
		}
	}
	if (enable && cg->parent && !(cg->parent->subtree_control & enable))
		return -ENOENT;
	if (enable && cg->parent && cg->nr_tasks && !(cg->subtree_control & enable))
		return -EBUSY;
	cg->subtree_control = (cg->subtree_control | enable) & ~disable;
	if (!disable)
		return 0;
	for (int id = 1; id < CGROUP_MAX; id++) {
		struct cgroup *d = cgroup_table[id];

		if (d && d != cg && cgroup_is_descendant(d, cg)) {
			d->subtree_control &= ~disable;
			mem_cgroup_css_init(d);
		}
	}
	return 0;
}

/* cgroup.procs: the processes in the group, a pid a line. */
static void cgroup_procs_show(struct seq_file *m, struct cgroup *cg)
{
	for_each_process(t)
		if (t->state != TASK_ZOMBIE && !(t->flags & PF_KTHREAD) &&
		    t->pid > 0 && task_cgroup(t) == cg)
			seq_printf(m, "%d\n", t->pid);
}

/*
 * A pid (0: the writer) moves with all its threads into the group.  Linux's
 * checks: a removed group was ENODEV already; a group that gives
 * controllers to children takes no processes (EBUSY); no such process
 * ESRCH; a kernel thread stays where it is (EINVAL).
 */
static int cgroup_procs_write(struct cgroup *cg, char *buf)
{
	struct task *p;
	uint64_t pid;

	if (cgroup_parse_u64(buf, &pid) || pid > 0x7fffffff)
		return -EINVAL;
	if (cg->parent && cg->subtree_control)
		return -EBUSY;
	p = pid ? find_task((int)pid) : current;
	if (!p || p->state == TASK_UNUSED || p->state == TASK_ZOMBIE)
		return -ESRCH;
	if (p->flags & PF_KTHREAD)
		return -EINVAL;
	/*
	 * Not a thread in do_exit, as Linux's cgroup_migrate_add_task: past its
	 * cgroup_exit it may sleep before it is a zombie, and moved then it
	 * would hold the group for ever (rmdir: EBUSY; the fuzzer at 4 CPUs).
	 */
	for_each_thread(p, t)
		if (!(t->flags & PF_EXITING))
			cgroup_move_task(t, cg);
	return 0;
}

#define CFTYPE_NOT_ON_ROOT	1	/* only in groups below the root */
#define CFTYPE_MEMORY		2	/* only where the memory controller is */

static const struct cftype cgroup_files[] = {
	{ .name = "cgroup.controllers", .mode = 0444,
	  .seq_show = cgroup_controllers_show },
	{ .name = "cgroup.procs", .mode = 0644,
	  .seq_show = cgroup_procs_show, .store = cgroup_procs_write },
	{ .name = "cgroup.subtree_control", .mode = 0644,
	  .seq_show = cgroup_subtree_control_show,
	  .store = cgroup_subtree_control_write },
	{ .name = "memory.current", .mode = 0444, .flags = CFTYPE_MEMORY,
	  .seq_show = memory_current_show },
	{ .name = "memory.events", .mode = 0444, .flags = CFTYPE_MEMORY,
	  .seq_show = memory_events_show },
	{ .name = "memory.high", .mode = 0644, .flags = CFTYPE_MEMORY,
	  .seq_show = memory_high_show, .store = memory_high_write },
	{ .name = "memory.max", .mode = 0644, .flags = CFTYPE_MEMORY,
	  .seq_show = memory_max_show, .store = memory_max_write },
	{ .name = "memory.stat", .mode = 0444, .flags = CFTYPE_MEMORY,
	  .seq_show = memory_stat_show },
	{ .name = "memory.swap.current", .mode = 0444, .flags = CFTYPE_MEMORY,
	  .seq_show = memory_swap_current_show },
	{ .name = "memory.swap.max", .mode = 0644, .flags = CFTYPE_MEMORY,
	  .seq_show = memory_swap_max_show, .store = memory_swap_max_write },
};
#define NR_CGROUP_FILES	(int)(sizeof(cgroup_files) / sizeof(cgroup_files[0]))

/* Has cg this file now? */
static int cftype_visible(const struct cftype *cft, const struct cgroup *cg)
{
	if ((cft->flags & CFTYPE_NOT_ON_ROOT) && !cg->parent)
		return 0;
	return !(cft->flags & CFTYPE_MEMORY) || cgroup_has_memory(cg);
}

/*
 * A decimal number of bytes or pids with an optional K, M or G (Linux's
 * memparse), surrounded by nothing but white space: 0, or -EINVAL.
 */
int cgroup_parse_u64(const char *s, uint64_t *v)
{
	uint64_t n = 0;
	int digits = 0;

	while (is_space(*s))
		s++;
	for (; *s >= '0' && *s <= '9'; s++, digits++) {
		if (n > (~0ull - 9) / 10)
			return -EINVAL;
		n = n * 10 + (*s - '0');
	}
	if (!digits)
		return -EINVAL;
	switch (*s) {
	case 'G': case 'g': n <<= 10;	/* fall through */
	case 'M': case 'm': n <<= 10;	/* fall through */
	case 'K': case 'k': n <<= 10; s++;
	}
	while (is_space(*s))
		s++;
	*v = n;
	return *s ? -EINVAL : 0;
}

static long cgroup_file_read(struct file *f, char *ubuf, uint32_t n,
			     uint64_t *pos)
{
	struct cgroup *cg = f->inode->u.cgroup.cgrp;
	struct seq_file m;
	int err;

	if (cg->removed)
		return -ENODEV;
	if (n == 0)
		return 0;
	if ((err = seq_start(&m, n, *pos)) != 0)
		return err;
	f->inode->u.cgroup.cft->seq_show(&m, cg);
	return seq_finish(&m, ubuf, pos);
}

/*
 * Each write is one whole setting, whatever the offset (Linux's
 * cgroup_file_write): at most a page, NUL-terminated here for the
 * file's parser.  All the bytes, or the parser's -errno.
 */
static long cgroup_file_write(struct file *f, const char *ubuf, uint32_t n,
			      uint64_t *pos)
{
	struct cgroup *cg = f->inode->u.cgroup.cgrp;
	char *kbuf;
	int err;

	if (cg->removed)
		return -ENODEV;
	if (n >= PAGE_SIZE)
		return -E2BIG;
	if (!f->inode->u.cgroup.cft->store)
		return -EINVAL;		/* read-only, though root may open it to write */
	if ((kbuf = get_free_page()) == NULL)
		return -ENOMEM;
	/*
	 * The page and the copy may sleep, and rmdir may remove the group
	 * meanwhile: a store sees it as it is now, as Linux's kernfs, which
	 * holds off the removal while a write runs (a process moved into a
	 * removed group would keep it populated with its parent gone).
	 */
	if (copy_from_user(kbuf, ubuf, n))
		err = -EFAULT;
	else if (cg->removed)
		err = -ENODEV;
	else
		err = f->inode->u.cgroup.cft->store(cg, kbuf);	/* the page is zeroed */
	free_kpage(kbuf);
	if (err)
		return err;
	*pos += n;
	return n;
}

static const struct file_operations cgroup_file_fops = {
	.read = cgroup_file_read,
	.write = cgroup_file_write,
};

/* ---- the directories ---- */

static const struct inode_operations cgroup_dir_iops;

int is_cgroup_inode(const struct inode *ip)
{
	return ip->i_op == &cgroup_dir_iops || ip->f_op == &cgroup_file_fops;
}

/* The inode of cg's directory, or of its file cft, in directory dir. */
static struct inode *cgroup_inode(struct inode *dir, struct cgroup *cg,
				  const struct cftype *cft)
{
	uint32_t n = cft ? 1 + (cft - cgroup_files) : 0;
	uint32_t mode = cft ? S_IFREG | cft->mode : S_IFDIR | cg->mode;
	struct inode *ip = proc_alloc_inode(dir, CGROUP_INO(cg->id, n), mode, 0, 0);

	if (!ip)
		return NULL;
	ip->mtime = ip->ctime = cg->mtime;
	if (cft)
		ip->f_op = &cgroup_file_fops;
	else
		ip->i_op = &cgroup_dir_iops;
	ip->u.cgroup.cgrp = cg;
	ip->u.cgroup.cft = cft;
	cgroup_get(cg);
	return ip;
}

void cgroup_inode_free(struct inode *ip)
{
	cgroup_put(ip->u.cgroup.cgrp);
}

static int cgroup_lookup(struct inode *dir, const char *name, int len,
			 struct inode **ipp)
{
	struct cgroup *cg = dir->u.cgroup.cgrp, *child;

	for (int i = 0; i < NR_CGROUP_FILES; i++) {
		const struct cftype *cft = &cgroup_files[i];

		if (cftype_visible(cft, cg) && (int)strlen(cft->name) == len &&
		    !memcmp(cft->name, name, len))
			return (*ipp = cgroup_inode(dir, cg, cft)) ? 0 : -ENOMEM;
	}
	if (cg->removed || !(child = cgroup_child(cg, name, len)))
		return -ENOENT;
	return (*ipp = cgroup_inode(dir, child, NULL)) ? 0 : -ENOMEM;
}

/* ".", "..", the files at 2 + their index, then the child groups by id. */
static int cgroup_iterate(struct inode *dir, struct dir_context *ctx)
{
	struct cgroup *cg = dir->u.cgroup.cgrp;

	if (proc_emit_dots(dir, ctx))
		return 0;
	for (uint64_t i = ctx->pos - 2; i < NR_CGROUP_FILES; i++) {
		const struct cftype *cft = &cgroup_files[i];

		if (cftype_visible(cft, cg) &&
		    ctx->actor(ctx, cft->name, strlen(cft->name),
			       CGROUP_INO(cg->id, 1 + i), S_IFREG >> 12, i + 3))
			return 0;
		ctx->pos = i + 3;
	}
	for (uint64_t id = ctx->pos - 2 - NR_CGROUP_FILES; id < CGROUP_MAX; id++) {
		struct cgroup *child = cgroup_table[id];

		if (child && child->parent == cg && !child->removed &&
		    ctx->actor(ctx, child->name, strlen(child->name),
			       CGROUP_INO(id, 0), S_IFDIR >> 12,
			       id + 3 + NR_CGROUP_FILES))
			return 0;
		ctx->pos = id + 3 + NR_CGROUP_FILES;
	}
	return 0;
}

/* mkdir: a new group (the VFS found no name taken, and checked permission). */
static int cgroup_mkdir(struct inode *dir, const char *name, int len,
			uint32_t mode)
{
	struct cgroup *parent = dir->u.cgroup.cgrp;

	if (parent->removed)
		return -ENODEV;
	for (int i = 0; i < len; i++)
		if (name[i] == '\n')
			return -EINVAL;
	return cgroup_create(parent, name, len, mode);
}

/*
 * The count rmdir trusts, checked against the tasks when it refuses for
 * them: a difference is a path that moved or ended a task past
 * cgroup_move_task, which would keep the group for ever.  Reported for
 * the fuzzer's runs (tests/run fails on it).
 */
static void cgroup_check_tasks(const struct cgroup *cg)
{
	int n = 0;

	for_each_task(t)
		n += t->cgroup == cg;
	if (n != cg->nr_tasks)
		printk("cgroup: %s counts %d tasks, holds %d\n", cg->name,
		       cg->nr_tasks, n);
}

/* rmdir: a group with processes or live children stays (EBUSY). */
static int cgroup_rmdir(struct inode *dir, struct inode *victim)
{
	struct cgroup *cg = victim->u.cgroup.cgrp;

	if (cg->removed)
		return -ENOENT;
	if (cg->nr_tasks)
		cgroup_check_tasks(cg);
	if (cg->nr_tasks || cg->nr_children)
		return -EBUSY;
	cg->removed = 1;
	cg->parent->nr_children--;
	victim->nlink = 0;
	cgroup_put(cg);			/* the tree's reference */
	return 0;
}

static const struct inode_operations cgroup_dir_iops = {
	.lookup = cgroup_lookup,
	.iterate = cgroup_iterate,
	.mkdir = cgroup_mkdir,
	.rmdir = cgroup_rmdir,
};

/* The name child has in its cgroup2 directory (getcwd, /proc/PID/fd). */
int cgroup_dir_name(struct inode *child, char *buf, int size)
{
	const struct cftype *cft = child->u.cgroup.cft;

	return snprintf(buf, size, "%s",
			cft ? cft->name : child->u.cgroup.cgrp->name);
}

/* The root of a new mount of cgroup2 (fs/namespace.c): the root group's directory. */
struct inode *cgroup_fill_super(uint32_t dev)
{
	struct inode *ip = new_inode(S_IFDIR | 0755, 0, 0);

	if (ip) {
		ip->dev = dev;
		ip->ino = CGROUP_INO(0, 0);
		ip->i_op = &cgroup_dir_iops;
		ip->f_op = &proc_dir_fops;
		ip->u.cgroup.cgrp = &cgroup_root;
		ip->nlink = 2;
		cgroup_get(&cgroup_root);
	}
	return ip;
}

/* /proc/PID/cgroup: the v2 hierarchy's line, "0::/a/b". */
void proc_cgroup_show(struct seq_file *m, struct task *t)
{
	char *path = get_free_page();
	int pos = PAGE_SIZE - 1;

	if (!path)
		return;
	path[pos] = 0;
	for (struct cgroup *cg = task_cgroup(t); cg->parent; cg = cg->parent) {
		int len = strlen(cg->name);

		if (pos - len - 1 < 0)
			break;		/* deeper than a page: the end of the path */
		pos -= len;
		memcpy(path + pos, cg->name, len);
		path[--pos] = '/';
	}
	seq_printf(m, "0::%s\n", path[pos] ? path + pos : "/");
	free_kpage(path);
}
