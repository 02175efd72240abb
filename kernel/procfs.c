/*
 * /proc: a directory per process, made up when looked at.  /proc/PID/stat
 * and /proc/PID/status hold what ps wants, in Linux's formats, written out
 * afresh by every read; /proc/self is the reader's own directory.  None of
 * these inodes is kept: a lookup makes one, the last reference frees it.
 */
#include "kernel/fs.h"
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

/* Stable inode numbers, apart from the ramfs's. */
#define PROC_INO(pid, kind)	(0x40000000u | (uint32_t)(pid) << 4 | (kind))

/* Room for a generated file. */
#define PROC_BUF	1024

static const struct inode_operations proc_root_iops, proc_pid_iops;
static const struct file_operations proc_file_fops;

static struct task *live_task(int pid)
{
	struct task *t = find_task(pid);

	return t && t->state != TASK_UNUSED ? t : NULL;
}

static struct inode *proc_inode(struct inode *dir, int pid, int kind)
{
	struct task *t = live_task(pid);
	struct inode *ip;

	if (t == NULL || (ip = kzalloc(sizeof(*ip))) == NULL)
		return NULL;
	ip->ino = PROC_INO(pid, kind);
	ip->uid = t->euid;
	ip->gid = t->egid;
	ip->dev = PROC_DEV;
	ip->count = 1;
	ip->transient = 1;
	ip->atime = ip->mtime = ip->ctime = dir->mtime;
	ip->u.proc.pid = pid;
	ip->u.proc.kind = kind;
	if (kind == PROC_PID_DIR) {
		ip->mode = S_IFDIR | 0555;
		ip->nlink = 2;
		ip->i_op = &proc_pid_iops;
		ip->f_op = &dir_fops;
		ip->parent = inode_get(dir);
	} else {
		ip->mode = S_IFREG | 0444;
		ip->nlink = 1;
		ip->f_op = &proc_file_fops;
	}
	return ip;
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
	int pid = parse_pid(name, len);

	if (len == 4 && memcmp(name, "self", 4) == 0)
		pid = current->pid;
	if (pid < 0 || (*ipp = proc_inode(dir, pid, PROC_PID_DIR)) == NULL)
		return -ENOENT;
	return 0;
}

/* "." and "..", then "self", then a directory per pid, in pid order. */
static int proc_root_iterate(struct inode *dir, struct dir_context *ctx)
{
	char name[12];

	if (ctx->pos == 0) {
		if (ctx->actor(ctx, ".", 1, dir->ino, S_IFDIR >> 12, 1))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (ctx->actor(ctx, "..", 2, dir->parent->ino, S_IFDIR >> 12, 2))
			return 0;
		ctx->pos = 2;
	}
	if (ctx->pos == 2) {
		if (ctx->actor(ctx, "self", 4, PROC_INO(current->pid, 0),
			       S_IFDIR >> 12, 3))
			return 0;
		ctx->pos = 3;
	}
	for (;;) {
		int next = -1, len;

		for_each_task(t)
			if (t->pid >= (int)ctx->pos - 3 &&
			    (next < 0 || t->pid < next))
				next = t->pid;
		if (next < 0)
			return 0;
		len = snprintf(name, sizeof(name), "%d", next);
		if (ctx->actor(ctx, name, len, PROC_INO(next, 0),
			       S_IFDIR >> 12, next + 4))
			return 0;
		ctx->pos = next + 4;
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

	if (ctx->pos == 0) {
		if (ctx->actor(ctx, ".", 1, dir->ino, S_IFDIR >> 12, 1))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (ctx->actor(ctx, "..", 2, dir->parent->ino, S_IFDIR >> 12, 2))
			return 0;
		ctx->pos = 2;
	}
	for (int kind = ctx->pos - 1; kind < PROC_NFILES; kind++) {
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

int proc_dir_name(struct inode *child, char *buf, int size)
{
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
	ip->nlink = 1;
	dir_add(root_inode, "proc", 4, ip);
	inode_put(ip);
}
