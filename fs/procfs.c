/*
 * /proc: the root directory, its fixed tree and the text files' reading
 * (fs/proc.h says which file makes what).  The root holds a directory per
 * process (fs/proc_base.c), made up when looked at, "self" and
 * "thread-self", links to the reader's own, and the entries of
 * proc_root_entries: files whose text a show function makes, and the
 * directories /proc/sys and /proc/sysvipc, tables of proc_dir_entry.
 * None of these inodes is kept: a lookup makes one, the last reference
 * frees it.
 */
#include <stdarg.h>
#include "fs/proc.h"
#include "fs/mount.h"
#include "drivers/blkdev.h"
#include "kernel/cgroup.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "mm/swap.h"
#include "mm/uaccess.h"
#include "net/ipv4/ipv4.h"
#include "net/ipv6/ipv6.h"
#include "net/unix/af_unix.h"

/* An entry of the fixed tree: its address (0xc0000000 and up, the kernel's). */
#define PDE_INO(de)		((uint32_t)(uintptr_t)(de))

static const struct inode_operations proc_root_iops, proc_dir_iops;

/*
 * /proc/net: Linux's is a link to self/net, each process's network
 * namespace's; with one namespace here, the directory itself.
 */
static const struct proc_dir_entry proc_net_entries[] = {
	{ .name = "dev", .mode = S_IFREG | 0444, .show = proc_net_dev_show },
	{ .name = "if_inet6", .mode = S_IFREG | 0444, .show = proc_net_if_inet6_show },
	{ .name = "ipv6_route", .mode = S_IFREG | 0444, .show = proc_net_ipv6_route_show },
	{ .name = "route", .mode = S_IFREG | 0444, .show = proc_net_route_show },
	{ .name = "tcp", .mode = S_IFREG | 0444, .show = proc_net_tcp_show },
	{ .name = "tcp6", .mode = S_IFREG | 0444, .show = proc_net_tcp6_show },
	{ .name = "udp", .mode = S_IFREG | 0444, .show = proc_net_udp_show },
	{ .name = "udp6", .mode = S_IFREG | 0444, .show = proc_net_udp6_show },
	{ .name = "unix", .mode = S_IFREG | 0444, .show = proc_net_unix_show },
	{ .name = NULL },
};

/* What /proc holds besides self, thread-self and the pids. */
static const struct proc_dir_entry proc_root_entries[] = {
	{ .name = "cmdline", .mode = S_IFREG | 0444,
	  .show = proc_cmdline_show },
	{ .name = "config.gz", .mode = S_IFREG | 0444,
	  .show = proc_config_show },
	{ .name = "cpuinfo", .mode = S_IFREG | 0444,
	  .show = proc_cpuinfo_show },
	{ .name = "diskstats", .mode = S_IFREG | 0444,
	  .show = proc_diskstats_show },	/* drivers/blkdev.c */
	{ .name = "filesystems", .mode = S_IFREG | 0444,
	  .show = proc_filesystems_show },
	{ .name = "loadavg", .mode = S_IFREG | 0444,
	  .show = proc_loadavg_show },
	{ .name = "locks", .mode = S_IFREG | 0444, .fops = &proc_locks_fops },
	{ .name = "meminfo", .mode = S_IFREG | 0444,
	  .show = proc_meminfo_show },
	/* A link, as Linux's: each process's own mounts (fs/proc_base.c). */
	{ .name = "mounts", .mode = S_IFLNK | 0777, .target = "self/mounts" },
	{ .name = "net", .mode = S_IFDIR | 0555, .subdir = proc_net_entries },
	{ .name = "slabinfo", .mode = S_IFREG | 0400, .show = proc_slabinfo_show },
	{ .name = "stat", .mode = S_IFREG | 0444, .show = proc_stat_show },
	{ .name = "swaps", .mode = S_IFREG | 0444, .show = proc_swaps_show },
	{ .name = "sys", .mode = S_IFDIR | 0555, .subdir = proc_sys_entries },
	{ .name = "sysvipc", .mode = S_IFDIR | 0555,
	  .subdir = proc_sysvipc_entries },
	{ .name = "uptime", .mode = S_IFREG | 0444,
	  .show = proc_uptime_show },
	{ .name = "version", .mode = S_IFREG | 0444,
	  .show = proc_version_show },
	{ .name = "vmstat", .mode = S_IFREG | 0444,
	  .show = proc_vmstat_show },
	{ .name = NULL },
};

/* ---- seq_file: the text files' reads ---- */

/* Keep what of data falls in the reader's window. */
void seq_write(struct seq_file *m, const void *data, uint32_t len)
{
	uint64_t start = m->count, end = m->count + len;
	uint64_t lo = start > m->from ? start : m->from;
	uint64_t hi = end < m->from + m->size ? end : m->from + m->size;

	if (lo < hi)
		memcpy(m->buf + (lo - m->from), (const char *)data + (lo - start),
		       hi - lo);
	m->count = end;
}

void seq_printf(struct seq_file *m, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	seq_write(m, line, n < (int)sizeof(line) ? n : (int)sizeof(line) - 1);
}

void seq_pad_to(struct seq_file *m, uint64_t line_start, uint32_t col)
{
	while (m->count < line_start + col)
		seq_write(m, " ", 1);
}

int seq_start(struct seq_file *m, uint32_t n, uint64_t pos)
{
	m->from = pos;
	m->size = n < PAGE_SIZE ? n : PAGE_SIZE;
	m->count = 0;
	m->buf = get_free_page();
	return m->buf ? 0 : -ENOMEM;
}

long seq_finish(struct seq_file *m, char *ubuf, uint64_t *pos)
{
	long r = 0;

	if (m->count > m->from) {
		r = m->count - m->from < m->size ? m->count - m->from : m->size;
		if (copy_to_user(ubuf, m->buf, r))
			r = -EFAULT;
		else
			*pos += r;
	}
	free_kpage(m->buf);
	return r;
}

static long proc_seq_read(struct file *f, char *ubuf, uint32_t n,
			  uint64_t *pos)
{
	const struct proc_dir_entry *de = f->inode->u.proc.de;
	struct seq_file m;
	int err;

	if (n == 0 || seq_past_end(f, *pos))
		return 0;
	if ((err = seq_start(&m, n, *pos)) != 0)
		return err;
	de->show(&m, de->data);
	seq_note_end(f, &m);
	return seq_finish(&m, ubuf, pos);
}

/* Linux's answer to a write into a /proc file that takes none. */
static long proc_no_write(struct file *f, const char *ubuf, uint32_t n,
			  uint64_t *pos)
{
	return -EIO;
}

const struct file_operations proc_seq_fops = {
	.read = proc_seq_read,
	.write = proc_no_write,
};

/* ---- inodes ---- */

struct task *proc_task(int pid)
{
	struct task *t = find_task(pid);

	return t && t->state != TASK_UNUSED ? t : NULL;
}

/* A new inode in directory dir; a directory keeps dir referenced for "..". */
struct inode *proc_alloc_inode(struct inode *dir, uint32_t ino,
			       uint32_t mode, uint32_t uid, uint32_t gid)
{
	struct inode *ip = kzalloc(sizeof(*ip));

	if (ip == NULL)
		return NULL;
	ip->ino = ino;
	ip->mode = mode;
	ip->uid = uid;
	ip->gid = gid;
	ip->nlink = S_ISDIR(mode) ? 2 : 1;
	ip->dev = dir->dev;		/* PROC_DEV, or a sysfs mount's */
	ip->count = 1;
	ip->transient = 1;
	ip->atime = ip->mtime = ip->ctime = dir->mtime;
	if (S_ISDIR(mode)) {
		ip->f_op = &proc_dir_fops;
		ip->parent = inode_get(dir);
	}
	return ip;
}

/* Make ip a symlink to target. */
int proc_symlink(struct inode *ip, const char *target)
{
	uint32_t len = strlen(target);

	if ((ip->u.symlink = kmalloc(len + 1)) == NULL)
		return -ENOMEM;
	memcpy(ip->u.symlink, target, len + 1);
	ip->size = len;
	return 0;
}

/* Entries of the fixed tree belong to root, as Linux's do. */
static struct inode *pde_inode(struct inode *dir,
			       const struct proc_dir_entry *de)
{
	struct inode *ip = proc_alloc_inode(dir, PDE_INO(de), de->mode, 0, 0);

	if (ip == NULL)
		return NULL;
	ip->u.proc.de = de;
	if (S_ISDIR(de->mode)) {
		ip->i_op = &proc_dir_iops;
	} else if (S_ISLNK(de->mode)) {
		ip->u.proc.de = NULL;	/* u.symlink takes its place */
		if (proc_symlink(ip, de->target)) {
			inode_put(ip);
			return NULL;
		}
	} else {
		ip->f_op = de->show ? &proc_seq_fops : de->fops;
	}
	return ip;
}

static int nr_entries(const struct proc_dir_entry *table)
{
	int n = 0;

	while (table && table[n].name)
		n++;
	return n;
}

/* Entry i of a directory's tables, subdir's then more's, or NULL. */
static const struct proc_dir_entry *pde_nth(const struct proc_dir_entry *dir,
					    int i)
{
	int n = nr_entries(dir->subdir);

	if (i < n)
		return &dir->subdir[i];
	return i - n < nr_entries(dir->more) ? &dir->more[i - n] : NULL;
}

/* Look name up in a directory's tables; 0 with a new inode, or an error. */
static int pde_lookup(struct inode *dir, const struct proc_dir_entry *pdir,
		      const char *name, int len, struct inode **ipp)
{
	const struct proc_dir_entry *de;

	for (int i = 0; (de = pde_nth(pdir, i)) != NULL; i++) {
		if ((int)strlen(de->name) == len &&
		    memcmp(de->name, name, len) == 0) {
			*ipp = pde_inode(dir, de);
			return *ipp ? 0 : -ENOMEM;
		}
	}
	return -ENOENT;
}

/* getdents: "." at position 0 and ".." at 1; nonzero if the buffer is full. */
int proc_emit_dots(struct inode *dir, struct dir_context *ctx)
{
	if (ctx->pos == 0) {
		if (ctx->actor(ctx, ".", 1, dir->ino, S_IFDIR >> 12, 1))
			return 1;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (ctx->actor(ctx, "..", 2, (dir->parent ? dir->parent : dir)->ino,
			       S_IFDIR >> 12, 2))
			return 1;
		ctx->pos = 2;
	}
	return 0;
}

/* Then the entries of a directory, entry i at position 2 + i; ctx->pos >= 2. */
static int emit_entries(struct dir_context *ctx,
			const struct proc_dir_entry *pdir)
{
	const struct proc_dir_entry *de;

	for (uint64_t i = ctx->pos - 2; (de = pde_nth(pdir, i)) != NULL; i++) {
		if (ctx->actor(ctx, de->name, strlen(de->name), PDE_INO(de),
			       (de->mode & S_IFMT) >> 12, i + 3))
			return 1;
		ctx->pos = i + 3;
	}
	return 0;
}

/* A decimal number without a leading 0 (a pid, a descriptor), or -1. */
int proc_parse_num(const char *name, int len)
{
	int v = 0;

	if (len == 0 || len > 9 || (name[0] == '0' && len > 1))
		return -1;
	for (int i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		v = v * 10 + name[i] - '0';
	}
	return v;
}

/* ---- the root ---- */

static const struct proc_dir_entry proc_root_de = {
	.name = "", .mode = S_IFDIR | 0555, .subdir = proc_root_entries,
};

/* self -> "PID", thread-self -> "PID/task/TID": the reader's own. */
static struct inode *self_link(struct inode *dir, int thread)
{
	struct inode *ip;
	char target[32];
	int pid = current->tgid;

	if (thread)
		snprintf(target, sizeof(target), "%d/task/%d", pid, current->pid);
	else
		snprintf(target, sizeof(target), "%d", pid);
	ip = proc_alloc_inode(dir, PROC_INO(0, thread + 1, 0), S_IFLNK | 0777,
			      0, 0);
	if (ip && proc_symlink(ip, target)) {
		inode_put(ip);
		ip = NULL;
	}
	if (ip)
		ip->size = 0;	/* as Linux's stat says (readlink reads the text) */
	return ip;
}

static int proc_root_lookup(struct inode *dir, const char *name, int len,
			    struct inode **ipp)
{
	int err = pde_lookup(dir, &proc_root_de, name, len, ipp);
	int pid = proc_parse_num(name, len);

	if (err != -ENOENT)
		return err;
	if ((len == 4 && memcmp(name, "self", 4) == 0) ||
	    (len == 11 && memcmp(name, "thread-self", 11) == 0))
		return (*ipp = self_link(dir, len == 11)) ? 0 : -ENOMEM;
	if (pid <= 0 || (*ipp = proc_pid_dir(dir, pid)) == NULL)
		return -ENOENT;
	return 0;
}

/*
 * ".", "..", the entries, "self" and "thread-self" at positions self and
 * self + 1, then a directory per pid, in pid order: pid p at self + 2 + p
 * (pids start at 1).  Past the last pid (PID_MAX) there is nothing.
 */
static int proc_root_iterate(struct inode *dir, struct dir_context *ctx)
{
	uint64_t self = 2 + nr_entries(proc_root_entries);
	char name[12];

	if (proc_emit_dots(dir, ctx) || emit_entries(ctx, &proc_root_de))
		return 0;
	if (ctx->pos == self) {
		if (ctx->actor(ctx, "self", 4, PROC_INO(0, 1, 0),
			       S_IFLNK >> 12, self + 1))
			return 0;
		ctx->pos = self + 1;
	}
	if (ctx->pos == self + 1) {
		if (ctx->actor(ctx, "thread-self", 11, PROC_INO(0, 2, 0),
			       S_IFLNK >> 12, self + 2))
			return 0;
		ctx->pos = self + 2;
	}
	for (;;) {
		int next = -1, len;

		for_each_task(t)
			if (t->pid > 0 && thread_group_leader(t) &&
			    self + 2 + t->pid >= ctx->pos &&
			    (next < 0 || t->pid < next))
				next = t->pid;
		if (next < 0)
			return 0;
		len = snprintf(name, sizeof(name), "%d", next);
		if (ctx->actor(ctx, name, len, PROC_INO(next, 0, 0),
			       S_IFDIR >> 12, self + 3 + next))
			return 0;
		ctx->pos = self + 3 + next;
	}
}

static const struct inode_operations proc_root_iops = {
	.lookup = proc_root_lookup,
	.iterate = proc_root_iterate,
};

/* A directory of the fixed tree: /proc/sys, /proc/sys/kernel, /proc/sysvipc. */
static int proc_dir_lookup(struct inode *dir, const char *name, int len,
			   struct inode **ipp)
{
	return pde_lookup(dir, dir->u.proc.de, name, len, ipp);
}

static int proc_dir_iterate(struct inode *dir, struct dir_context *ctx)
{
	if (!proc_emit_dots(dir, ctx))
		emit_entries(ctx, dir->u.proc.de);
	return 0;
}

static const struct inode_operations proc_dir_iops = {
	.lookup = proc_dir_lookup,
	.iterate = proc_dir_iterate,
};

/*
 * lseek in a /proc directory, as Linux's generic_file_llseek with /proc's
 * limits: positions up to 2^31 - 1 (its s_maxbytes, MAX_NON_LFS), an end
 * at 0 (a directory's i_size), and so no data to find (SEEK_DATA and
 * SEEK_HOLE: ENXIO).  Past the last entry getdents finds nothing.
 */
#define PROC_DIR_MAX	0x7fffffffll

static int64_t proc_dir_llseek(struct file *f, int64_t off, int whence)
{
	switch (whence) {
	case SEEK_SET:
	case SEEK_END:		/* the end is 0 */
		break;
	case SEEK_CUR:
		off = (int64_t)(f->pos + (uint64_t)off);	/* wraps negative */
		break;
	case SEEK_DATA:
	case SEEK_HOLE:
		return -ENXIO;
	default:
		return -EINVAL;
	}
	if (off < 0 || off > PROC_DIR_MAX)
		return -EINVAL;
	f->pos = off;
	return off;
}

const struct file_operations proc_dir_fops = {
	.read = generic_read_dir,
	.llseek = proc_dir_llseek,
};

/* The name child has in its /proc directory (getcwd, /proc/PID/fd links). */
int proc_dir_name(struct inode *child, char *buf, int size)
{
	if (is_cgroup_inode(child))
		return cgroup_dir_name(child, buf, size);
	if (child->ino & 0x80000000u)		/* the fixed tree's */
		return snprintf(buf, size, "%s", child->u.proc.de->name);
	return proc_pid_name(child, buf, size);
}

/*
 * The root of a new mount of proc (fs/namespace.c mounts one on /proc at
 * boot): the directory of the pids and of the fixed tree.
 */
struct inode *proc_fill_super(void)
{
	struct inode *ip = new_inode(S_IFDIR | 0555, 0, 0);

	if (ip) {
		ip->dev = PROC_DEV;
		ip->i_op = &proc_root_iops;
		ip->f_op = &proc_dir_fops;
		ip->nlink = 1;
	}
	return ip;
}

/*
 * The root of a new mount of sysfs (fs/namespace.c mounts one on /sys at
 * boot): a directory of the fixed tree, fs/sysfs.c's.  Its inodes take
 * their st_dev from it (proc_alloc_inode), so statfs says sysfs.
 */
struct inode *sysfs_fill_super(uint32_t dev)
{
	struct inode *ip = new_inode(S_IFDIR | 0555, 0, 0);

	if (ip) {
		ip->dev = dev;
		ip->i_op = &proc_dir_iops;
		ip->f_op = &proc_dir_fops;
		ip->u.proc.de = &sysfs_root;
		ip->nlink = 1;
	}
	return ip;
}
