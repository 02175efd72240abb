/*
 * /proc: a directory per process, made up when looked at.  /proc/PID/stat
 * and /proc/PID/status hold what ps wants, in Linux's formats, written out
 * afresh by every read; /proc/self is the reader's own directory.  Beside
 * them, tables of proc_dir_entry make a fixed tree: /proc/sys and
 * /proc/sysvipc (ipc/proc_sysvipc.c).  None of these inodes is kept: a
 * lookup makes one, the last reference frees it.
 */
#include "fs/fs.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "mm/kmalloc.h"
#include "mm/mm.h"
#include "mm/uaccess.h"

enum { PROC_PID_DIR, PROC_STAT, PROC_STATUS, PROC_NFILES };

static const char *const file_names[PROC_NFILES] = {
	[PROC_STAT] = "stat",
	[PROC_STATUS] = "status",
};

/*
 * Stable inode numbers, apart from the ramfs's: for /proc/PID and its
 * files, and for an entry of the fixed tree its address (0xc0000000 and
 * up, where the kernel is).
 */
#define PROC_INO(pid, kind)	(0x40000000u | (uint32_t)(pid) << 4 | (kind))
#define PDE_INO(de)		((uint32_t)(uintptr_t)(de))

/* Room for a generated file. */
#define PROC_BUF	1024

static const struct inode_operations proc_root_iops, proc_pid_iops,
				     proc_dir_iops;
static const struct file_operations proc_file_fops, proc_dir_fops;

/* What /proc holds besides self and the pids (and lists first, as Linux). */
static const struct proc_dir_entry proc_root_entries[] = {
	{ .name = "sys", .mode = S_IFDIR | 0555, .subdir = proc_sys_entries },
	{ .name = "sysvipc", .mode = S_IFDIR | 0555,
	  .subdir = proc_sysvipc_entries },
	{ .name = "locks", .mode = S_IFREG | 0444, .fops = &proc_locks_fops },
	{ .name = NULL },
};

static struct task *live_task(int pid)
{
	struct task *t = find_task(pid);

	return t && t->state != TASK_UNUSED ? t : NULL;
}

/* A new inode in directory dir; a directory keeps dir referenced for "..". */
static struct inode *proc_alloc_inode(struct inode *dir, uint32_t ino,
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
	ip->dev = PROC_DEV;
	ip->count = 1;
	ip->transient = 1;
	ip->atime = ip->mtime = ip->ctime = dir->mtime;
	if (S_ISDIR(mode)) {
		ip->f_op = &proc_dir_fops;
		ip->parent = inode_get(dir);
	}
	return ip;
}

static struct inode *proc_inode(struct inode *dir, int pid, int kind)
{
	struct task *t = live_task(pid);
	uint32_t mode = kind == PROC_PID_DIR ? S_IFDIR | 0555 : S_IFREG | 0444;
	struct inode *ip;

	if (t == NULL || (ip = proc_alloc_inode(dir, PROC_INO(pid, kind), mode,
						t->euid, t->egid)) == NULL)
		return NULL;
	ip->u.proc.pid = pid;
	ip->u.proc.kind = kind;
	if (kind == PROC_PID_DIR)
		ip->i_op = &proc_pid_iops;
	else
		ip->f_op = &proc_file_fops;
	return ip;
}

/* Entries of the fixed tree belong to root, as Linux's do. */
static struct inode *pde_inode(struct inode *dir,
			       const struct proc_dir_entry *de)
{
	struct inode *ip = proc_alloc_inode(dir, PDE_INO(de), de->mode, 0, 0);

	if (ip == NULL)
		return NULL;
	ip->u.proc.de = de;
	if (S_ISDIR(de->mode))
		ip->i_op = &proc_dir_iops;
	else
		ip->f_op = de->fops;
	return ip;
}

static int nr_entries(const struct proc_dir_entry *table)
{
	int n = 0;

	while (table[n].name)
		n++;
	return n;
}

/* Look name up in a table of entries; 0 with a new inode, or an error. */
static int pde_lookup(struct inode *dir, const struct proc_dir_entry *table,
		      const char *name, int len, struct inode **ipp)
{
	for (const struct proc_dir_entry *de = table; de->name; de++) {
		if ((int)strlen(de->name) == len &&
		    memcmp(de->name, name, len) == 0) {
			*ipp = pde_inode(dir, de);
			return *ipp ? 0 : -ENOMEM;
		}
	}
	return -ENOENT;
}

/* getdents: "." at position 0 and ".." at 1; nonzero if the buffer is full. */
static int emit_dots(struct inode *dir, struct dir_context *ctx)
{
	if (ctx->pos == 0) {
		if (ctx->actor(ctx, ".", 1, dir->ino, S_IFDIR >> 12, 1))
			return 1;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (ctx->actor(ctx, "..", 2, dir->parent->ino, S_IFDIR >> 12, 2))
			return 1;
		ctx->pos = 2;
	}
	return 0;
}

/* Then the entries of a table, entry i at position 2 + i; ctx->pos >= 2. */
static int emit_entries(struct dir_context *ctx,
			const struct proc_dir_entry *table)
{
	uint64_t n = nr_entries(table);

	for (uint64_t i = ctx->pos - 2; i < n; i++) {
		const struct proc_dir_entry *de = &table[i];

		if (ctx->actor(ctx, de->name, strlen(de->name), PDE_INO(de),
			       (de->mode & S_IFMT) >> 12, i + 3))
			return 1;
		ctx->pos = i + 3;
	}
	return 0;
}

/* A decimal pid, or -1. */
static int parse_pid(const char *name, int len)
{
	int pid = 0;

	if (len == 0 || len > 9 || name[0] == '0')
		return -1;
	for (int i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		pid = pid * 10 + name[i] - '0';
	}
	return pid;
}

static int proc_root_lookup(struct inode *dir, const char *name, int len,
			    struct inode **ipp)
{
	int err = pde_lookup(dir, proc_root_entries, name, len, ipp);
	int pid = parse_pid(name, len);

	if (err != -ENOENT)
		return err;
	if (len == 4 && memcmp(name, "self", 4) == 0)
		pid = current->pid;
	if (pid < 0 || (*ipp = proc_inode(dir, pid, PROC_PID_DIR)) == NULL)
		return -ENOENT;
	return 0;
}

/*
 * ".", "..", the entries, "self" at position self, then a directory per
 * pid, in pid order: pid p at self + 1 + p (pids start at 1).  Past the
 * last pid (PID_MAX) there is nothing.
 */
static int proc_root_iterate(struct inode *dir, struct dir_context *ctx)
{
	uint64_t self = 2 + nr_entries(proc_root_entries);
	char name[12];

	if (emit_dots(dir, ctx) || emit_entries(ctx, proc_root_entries))
		return 0;
	if (ctx->pos == self) {
		if (ctx->actor(ctx, "self", 4, PROC_INO(current->pid, 0),
			       S_IFDIR >> 12, self + 1))
			return 0;
		ctx->pos = self + 1;
	}
	for (;;) {
		int next = -1, len;

		for_each_task(t)
			if (t->pid > 0 && self + 1 + t->pid >= ctx->pos &&
			    (next < 0 || t->pid < next))
				next = t->pid;
		if (next < 0)
			return 0;
		len = snprintf(name, sizeof(name), "%d", next);
		if (ctx->actor(ctx, name, len, PROC_INO(next, 0),
			       S_IFDIR >> 12, self + 2 + next))
			return 0;
		ctx->pos = self + 2 + next;
	}
}

static int proc_pid_lookup(struct inode *dir, const char *name, int len,
			   struct inode **ipp)
{
	for (int kind = 1; kind < PROC_NFILES; kind++) {
		if ((int)strlen(file_names[kind]) == len &&
		    memcmp(file_names[kind], name, len) == 0) {
			*ipp = proc_inode(dir, dir->u.proc.pid, kind);
			return *ipp ? 0 : -ENOENT;
		}
	}
	return -ENOENT;
}

static int proc_pid_iterate(struct inode *dir, struct dir_context *ctx)
{
	int pid = dir->u.proc.pid;

	if (emit_dots(dir, ctx))
		return 0;
	for (uint64_t kind = ctx->pos - 1; kind < PROC_NFILES; kind++) {
		const char *name = file_names[kind];

		if (ctx->actor(ctx, name, strlen(name), PROC_INO(pid, kind),
			       S_IFREG >> 12, kind + 2))
			return 0;
		ctx->pos = kind + 2;
	}
	return 0;
}

static const struct inode_operations proc_root_iops = {
	.lookup = proc_root_lookup,
	.iterate = proc_root_iterate,
};

static const struct inode_operations proc_pid_iops = {
	.lookup = proc_pid_lookup,
	.iterate = proc_pid_iterate,
};

/* A directory of the fixed tree: /proc/sys, /proc/sys/kernel, /proc/sysvipc. */
static int proc_dir_lookup(struct inode *dir, const char *name, int len,
			   struct inode **ipp)
{
	return pde_lookup(dir, dir->u.proc.de->subdir, name, len, ipp);
}

static int proc_dir_iterate(struct inode *dir, struct dir_context *ctx)
{
	if (!emit_dots(dir, ctx))
		emit_entries(ctx, dir->u.proc.de->subdir);
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
#define SEEK_DATA	3
#define SEEK_HOLE	4

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

static const struct file_operations proc_dir_fops = {
	.read = generic_read_dir,
	.llseek = proc_dir_llseek,
};

int proc_dir_name(struct inode *child, char *buf, int size)
{
	if (child->u.proc.de)
		return snprintf(buf, size, "%s", child->u.proc.de->name);
	return snprintf(buf, size, "%d", child->u.proc.pid);
}

static char state_char(struct task *t)
{
	switch (t->state) {
	case TASK_RUNNING:
		return 'R';
	case TASK_INTERRUPTIBLE:
		return 'S';
	case TASK_UNINTERRUPTIBLE:
		return 'D';
	case TASK_STOPPED:
		return 'T';
	case TASK_ZOMBIE:
		return 'Z';
	default:
		return '?';
	}
}

static const char *state_name(struct task *t)
{
	switch (state_char(t)) {
	case 'R':
		return "running";
	case 'S':
		return "sleeping";
	case 'D':
		return "disk sleep";
	case 'T':
		return "stopped";
	case 'Z':
		return "zombie";
	}
	return "unknown";
}

static uint32_t vm_bytes(struct task *t)
{
	return t->mm && t->state != TASK_ZOMBIE ? t->mm->total_vm * PAGE_SIZE : 0;
}

/*
 * proc(5)'s 52 fields; what shmos does not keep (fault counts, times, ...)
 * is 0.  tty_nr 0 and tpgid -1: shmos has no controlling terminals.
 */
static int gen_stat(struct task *t, char *buf)
{
	int ppid = t->parent ? t->parent->pid : 0;

	return snprintf(buf, PROC_BUF,
		"%d (%s) %c %d %d %d 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 0 %u 0 "
		"4294967295 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 "
		"0 0 0\n",
		t->pid, t->comm, state_char(t), ppid, t->pgrp, t->session,
		vm_bytes(t));
}

static uint64_t sig_set(struct task *t, int ignored)
{
	uint64_t set = 0;

	for (int sig = 1; sig < NSIG; sig++) {
		uint32_t h = t->sigaction[sig].handler;

		if (ignored ? h == SIG_IGN : h > SIG_IGN)
			set |= sigmask(sig);
	}
	return set;
}

static int gen_status(struct task *t, char *buf)
{
	int ppid = t->parent ? t->parent->pid : 0;
	uint32_t m = t->umask;

	return snprintf(buf, PROC_BUF,
		"Name:\t%s\nUmask:\t0%u%u%u\nState:\t%c (%s)\nTgid:\t%d\n"
		"Pid:\t%d\nPPid:\t%d\nTracerPid:\t0\n"
		"Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\n"
		"FDSize:\t%d\nVmSize:\t%u kB\nThreads:\t1\n"
		"SigPnd:\t%016llx\nSigBlk:\t%016llx\n"
		"SigIgn:\t%016llx\nSigCgt:\t%016llx\n",
		t->comm, (m >> 6) & 7, (m >> 3) & 7, m & 7,
		state_char(t), state_name(t), t->pid, t->pid, ppid,
		t->uid, t->euid, t->suid, t->euid,
		t->gid, t->egid, t->sgid, t->egid,
		NR_OPEN, vm_bytes(t) / 1024,
		(unsigned long long)t->sig_pending,
		(unsigned long long)t->sig_blocked,
		(unsigned long long)sig_set(t, 1),
		(unsigned long long)sig_set(t, 0));
}

static long proc_file_read(struct file *f, char *ubuf, uint32_t n,
			   uint64_t *pos)
{
	struct inode *ip = f->inode;
	struct task *t = live_task(ip->u.proc.pid);
	char *buf;
	int len;
	long r = 0;

	if (t == NULL)
		return -ESRCH;
	if ((buf = kmalloc(PROC_BUF)) == NULL)
		return -ENOMEM;
	len = ip->u.proc.kind == PROC_STAT ? gen_stat(t, buf) :
	      gen_status(t, buf);
	if (len >= PROC_BUF)
		len = PROC_BUF - 1;
	if (*pos < (uint64_t)len) {
		r = len - *pos < n ? len - *pos : n;
		if (copy_to_user(ubuf, buf + *pos, r))
			r = -EFAULT;
		else
			*pos += r;
	}
	kfree(buf);
	return r;
}

static const struct file_operations proc_file_fops = {
	.read = proc_file_read,
};

/* Put the /proc directory in the root, replacing an empty one. */
void proc_init(void)
{
	struct inode *ip;

	if (dir_lookup(root_inode, "proc", 4, &ip) == 0) {
		int empty = S_ISDIR(ip->mode) && dir_is_empty(ip);

		if (empty) {
			dir_remove(root_inode, "proc", 4);
			ip->nlink = 0;
		}
		inode_put(ip);
		if (!empty) {
			printk("fs: /proc is taken: no procfs\n");
			return;
		}
	}
	ip = new_inode(S_IFDIR | 0555, 0, 0);
	ip->dev = PROC_DEV;
	ip->i_op = &proc_root_iops;
	ip->f_op = &proc_dir_fops;
	ip->nlink = 1;
	dir_add(root_inode, "proc", 4, ip);
	inode_put(ip);
}
