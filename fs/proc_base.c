/*
 * /proc/PID: a directory per process, made up when looked at, holding
 * what ps, top, a shell and the C library read about a process, in Linux
 * 6.1's formats (Linux's fs/proc/base.c and array.c):
 *
 *   stat, status, statm  ids, state, memory sizes, times, signal sets
 *   cmdline, environ     the strings exec put on the stack, read from the
 *                        process's memory
 *   comm                 the command name (writable, as PR_SET_NAME)
 *   maps                 its VMAs, as "start-end perms offset dev inode name"
 *   pagemap              an entry per page: present? whose? (fs/proc_pagemap.c)
 *   mem                  its memory, the file position the address (a debugger's)
 *   auxv                 the auxiliary vector exec gave it (binary)
 *   exe, cwd, root       symlinks to its program and directories
 *   mounts               /proc/mounts (programs read /proc/self/mounts)
 *   mountinfo            the same mounts with ids, devices and root (df, findmnt)
 *   oom_score            the OOM killer's view of it (mm/oom_kill.c)
 *   oom_score_adj        its bias for the OOM killer, -1000 to 1000 (writable;
 *   oom_adj              oom_adj the old scale of it, -17 to 15)
 *   limits               its resource limits, as getrlimit gives them
 *   personality          personality(2)'s value
 *   fd/N                 a symlink per open descriptor
 *   fdinfo/N             its offset, flags, mount and inode (fs/proc_fdinfo.c)
 *   wchan                the kernel function a sleeping task waits in
 *   io                   the bytes and calls of its reads and writes
 *   task/TID             a directory per thread (as /proc/TID)
 *   ns/ipc, ns/uts       magic links to its namespaces, "ipc:[INUM]": following
 *                        one gives the namespace's file (fs/nsfs.c), setns's
 *
 * exe, cwd, root and fd/N are "magic": their text is a path (fs/d_path.c), but
 * following one gives the very file it stands for (fs/namei.c's
 * jump_link), so a pipe opens through /dev/fd/N.  maps, pagemap, mem, environ,
 * exe, cwd, root and fd are another's only if we may trace it (may_access).
 */
#include "fs/proc.h"
#include "fs/mount.h"
#include "drivers/tty.h"
#include "ipc/shm.h"
#include "kernel/cgroup.h"
#include "kernel/errno.h"
#include "kernel/nsproxy.h"
#include "kernel/oops.h"
#include "kernel/printk.h"
#include "kernel/ptrace.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "mm/kmalloc.h"
#include "mm/mm.h"
#include "mm/page.h"
#include "mm/uaccess.h"

/* The kinds of inode in /proc/PID; 1 and 2 are /proc/self and thread-self. */
enum {
	PID_DIR, PID_TASK = 3, PID_FD, PID_FDINFO, PID_ENVIRON, PID_STATUS, PID_COMM,
	PID_CMDLINE, PID_STAT, PID_STATM, PID_MAPS, PID_CWD, PID_ROOT, PID_EXE,
	PID_MOUNTS, PID_MOUNTINFO, PID_SMAPS, PID_SMAPS_ROLLUP, PID_PAGEMAP, PID_WCHAN,
	PID_CGROUP, PID_OOM_SCORE, PID_OOM_ADJ, PID_OOM_SCORE_ADJ, PID_LIMITS, PID_PERSONALITY,
	PID_IO, PID_MEM, PID_AUXV, PID_NS, PID_NKINDS,
	/* in fd and fdinfo: made from PROC_FD_INO and PROC_FDINFO_INO numbers */
	PID_FD_LINK = PID_NKINDS, PID_FDINFO_FILE,
};
_Static_assert(PID_NKINDS <= 32, "a kind fits the 5 bits PROC_INO gives it");

struct pid_entry {
	const char *name;
	uint32_t mode;
	int is_private;		/* another's only if we may trace it */
	void (*show)(struct seq_file *m, const void *task);
};

static void stat_show(struct seq_file *m, const void *task);
static void status_show(struct seq_file *m, const void *task);
static void statm_show(struct seq_file *m, const void *task);
static void cmdline_show(struct seq_file *m, const void *task);
static void environ_show(struct seq_file *m, const void *task);
static void auxv_show(struct seq_file *m, const void *task);
static void comm_show(struct seq_file *m, const void *task);
static void maps_show(struct seq_file *m, const void *task);
static void smaps_show(struct seq_file *m, const void *task);
static void smaps_rollup_show(struct seq_file *m, const void *task);
static void cgroup_show(struct seq_file *m, const void *task);
static void oom_score_show(struct seq_file *m, const void *task);
static void oom_adj_show(struct seq_file *m, const void *task);
static void oom_score_adj_show(struct seq_file *m, const void *task);
static void limits_show(struct seq_file *m, const void *task);
static void personality_show(struct seq_file *m, const void *task);
static void wchan_show(struct seq_file *m, const void *task);
static void io_show(struct seq_file *m, const void *task);
static struct mm_struct *task_mm(struct task *t);

/* In Linux's order (tgid_base_stuff); the last is fdinfo's files'. */
static const struct pid_entry pid_entries[PID_FDINFO_FILE + 1] = {
	[PID_TASK] = { .name = "task", .mode = S_IFDIR | 0555 },
	[PID_FD] = { .name = "fd", .mode = S_IFDIR | 0500, .is_private = 1 },
	[PID_FDINFO] = { .name = "fdinfo", .mode = S_IFDIR | 0555 },
	[PID_ENVIRON] = { .name = "environ", .mode = S_IFREG | 0400,
			  .is_private = 1, .show = environ_show },
	[PID_STATUS] = { .name = "status", .mode = S_IFREG | 0444,
			 .show = status_show },
	[PID_COMM] = { .name = "comm", .mode = S_IFREG | 0644,
		       .show = comm_show },
	[PID_CMDLINE] = { .name = "cmdline", .mode = S_IFREG | 0444,
			  .show = cmdline_show },
	[PID_STAT] = { .name = "stat", .mode = S_IFREG | 0444,
		       .show = stat_show },
	[PID_STATM] = { .name = "statm", .mode = S_IFREG | 0444,
			.show = statm_show },
	[PID_MAPS] = { .name = "maps", .mode = S_IFREG | 0444,
		       .is_private = 1, .show = maps_show },
	[PID_CWD] = { .name = "cwd", .mode = S_IFLNK | 0777, .is_private = 1 },
	[PID_ROOT] = { .name = "root", .mode = S_IFLNK | 0777,
		       .is_private = 1 },
	[PID_EXE] = { .name = "exe", .mode = S_IFLNK | 0777, .is_private = 1 },
	/* Linux: the process's namespace seen from its root; shmos has one
	 * namespace, shown from the reader's root, as /proc/mounts is. */
	[PID_MOUNTS] = { .name = "mounts", .mode = S_IFREG | 0444,
			 .show = proc_mounts_show },
	[PID_MOUNTINFO] = { .name = "mountinfo", .mode = S_IFREG | 0444,
			    .show = proc_mountinfo_show },
	[PID_SMAPS] = { .name = "smaps", .mode = S_IFREG | 0444,
			.is_private = 1, .show = smaps_show },	/* fs/proc_smaps.c */
	[PID_SMAPS_ROLLUP] = { .name = "smaps_rollup", .mode = S_IFREG | 0444,
			       .is_private = 1, .show = smaps_rollup_show },
	[PID_PAGEMAP] = { .name = "pagemap", .mode = S_IFREG | 0400,
			  .is_private = 1 },	/* binary: fs/proc_pagemap.c */
	[PID_WCHAN] = { .name = "wchan", .mode = S_IFREG | 0444,
			.show = wchan_show },
	[PID_CGROUP] = { .name = "cgroup", .mode = S_IFREG | 0444,
			 .show = cgroup_show },	/* kernel/cgroup.c */
	[PID_OOM_SCORE] = { .name = "oom_score", .mode = S_IFREG | 0444,
			    .show = oom_score_show },
	[PID_OOM_ADJ] = { .name = "oom_adj", .mode = S_IFREG | 0644,
			  .show = oom_adj_show },
	[PID_OOM_SCORE_ADJ] = { .name = "oom_score_adj", .mode = S_IFREG | 0644,
				.show = oom_score_adj_show },
	[PID_LIMITS] = { .name = "limits", .mode = S_IFREG | 0444,
			 .show = limits_show },
	[PID_PERSONALITY] = { .name = "personality", .mode = S_IFREG | 0400,
			      .is_private = 1, .show = personality_show },
	[PID_IO] = { .name = "io", .mode = S_IFREG | 0400, .is_private = 1,
		     .show = io_show },
	[PID_MEM] = { .name = "mem", .mode = S_IFREG | 0600, .is_private = 1 },	/* mem_rw */
	[PID_AUXV] = { .name = "auxv", .mode = S_IFREG | 0400, .is_private = 1,
		       .show = auxv_show },
	[PID_NS] = { .name = "ns", .mode = S_IFDIR | 0511 },
	[PID_FDINFO_FILE] = { .mode = S_IFREG | 0444, .is_private = 1 },	/* proc_fdinfo_show */
};

static const struct inode_operations pid_dir_iops, fd_dir_iops, task_dir_iops, ns_dir_iops;
static const struct file_operations pid_file_fops;

/*
 * Linux's ptrace_may_access for reading: root, or the same user all
 * through (real, effective and saved ids), unless the process is not
 * dumpable (prctl PR_SET_DUMPABLE 0).
 */
static int may_access(struct task *t)
{
	struct task *me = current;

	if (t == me || me->euid == 0)
		return 1;
	return t->dumpable && me->euid == t->uid && me->euid == t->euid &&
	       me->euid == t->suid && me->egid == t->gid &&
	       me->egid == t->egid && me->egid == t->sgid;
}

/* t's open file fd, or NULL (none, or t has exited). */
static struct file *task_fd(struct task *t, unsigned int fd)
{
	return t->files ? fcheck_files(t->files, fd) : NULL;
}

/*
 * The parts of a /proc/PID inode number: PROC_INO's pid, kind and index, or
 * PROC_FD_INO's (PROC_FDINFO_INO's) pid and descriptor for an fd/N link
 * (an fdinfo/N file).
 */
static uint32_t ino_pid(uint32_t ino)
{
	return ino & PROC_FD_BIT ? (ino >> 14) & 0x7fff : (ino >> 12) & 0x7fff;
}

static uint32_t ino_kind(uint32_t ino)
{
	if (ino & PROC_FD_BIT)
		return ino & PROC_FDINFO_BIT ? PID_FDINFO_FILE : PID_FD_LINK;
	return (ino >> 7) & 31;
}

static uint32_t ino_n(uint32_t ino)
{
	return ino & PROC_FD_BIT ? ino & (NR_OPEN - 1) : ino & 127;
}

/* A process that is not dumpable has its /proc/PID owned by root, as Linux. */
static struct inode *pid_inode(struct inode *dir, struct task *t, int kind,
			       int n, uint32_t mode)
{
	uint32_t ino = kind == PID_FD_LINK ? PROC_FD_INO(t->pid, n) :
		       kind == PID_FDINFO_FILE ? PROC_FDINFO_INO(t->pid, n) :
		       PROC_INO(t->pid, kind, n);
	struct inode *ip = proc_alloc_inode(dir, ino,
					    mode, t->dumpable ? t->euid : 0,
					    t->dumpable ? t->egid : 0);

	if (ip == NULL)
		return NULL;
	ip->u.proc.pid = t->pid;
	ip->u.proc.kind = kind;
	ip->u.proc.start_time = t->start_time;
	if (kind == PID_DIR)
		ip->i_op = &pid_dir_iops;
	else if (kind == PID_FD || kind == PID_FDINFO)
		ip->i_op = &fd_dir_iops;
	else if (kind == PID_TASK)
		ip->i_op = &task_dir_iops;
	else if (kind == PID_NS && n == 0)
		ip->i_op = &ns_dir_iops;
	else if (S_ISREG(mode))
		ip->f_op = &pid_file_fops;
	return ip;
}

struct inode *proc_pid_dir(struct inode *dir, int pid)
{
	struct task *t = proc_task(pid);

	return t ? pid_inode(dir, t, PID_DIR, 0, S_IFDIR | 0555) : NULL;
}

/*
 * Linux's tgid_pidfd_to_pid: an open /proc/PID directory names its
 * process for pidfd_send_signal, as a pidfd does: the pid, -1 once that
 * process is gone (a process that took its pid since started later), or
 * -EBADF for any other file, /proc/PID/task/TID included.
 */
int tgid_pidfd_to_pid(const struct file *f)
{
	struct inode *ip = f->inode;
	struct task *t;

	if (ip->i_op != &pid_dir_iops || (f->dir && f->dir->i_op == &task_dir_iops))
		return -EBADF;
	t = find_task(ip->u.proc.pid);
	return t && t->start_time == ip->u.proc.start_time ? ip->u.proc.pid : -1;
}

/* The name of a /proc/PID inode, from its number (PROC_INO). */
int proc_pid_name(struct inode *child, char *buf, int size)
{
	uint32_t kind = ino_kind(child->ino), n = ino_n(child->ino);

	if (kind == PID_DIR)
		return snprintf(buf, size, "%u", ino_pid(child->ino));
	if (kind == PID_FD_LINK || kind == PID_FDINFO_FILE)
		return snprintf(buf, size, "%u", n);
	if (kind == PID_NS && n > 0)
		return snprintf(buf, size, "%s", ns_entries[n - 1]->name);
	if (kind < PID_NKINDS && pid_entries[kind].name)
		return snprintf(buf, size, "%s", pid_entries[kind].name);
	return -ENOENT;
}

/* ---- the magic links: exe, cwd, root, fd/N ---- */

/* Make ip a link whose text is the name of ip_of found in dir. */
static int link_text(struct inode *link, struct inode *ip, struct inode *dir)
{
	struct file f = { .inode = ip, .dir = dir };
	char *page;
	int pos, err;

	if (ip == NULL)
		return -ENOENT;		/* a zombie's */
	if ((page = get_free_page()) == NULL)
		return -ENOMEM;
	pos = d_path(&f, page, PAGE_SIZE);
	err = pos < 0 ? pos : proc_symlink(link, page + pos);
	free_kpage(page);
	return err;
}

/* What a magic link of t stands for: its inode and directory, or NULL. */
static struct inode *link_target(struct task *t, uint32_t ino,
				 struct inode **dirp)
{
	uint32_t kind = ino_kind(ino), n = ino_n(ino);
	struct file *f;

	*dirp = NULL;
	switch (kind) {
	case PID_EXE:
		*dirp = t->exe_dir;
		return t->exe;
	case PID_CWD:
		return t->fs ? t->fs->cwd : NULL;
	case PID_ROOT:		/* NULL in a task: the root of all */
		if (!t->fs)
			return NULL;
		return t->fs->root ? t->fs->root : root_inode;
	case PID_FD_LINK:
		if ((f = task_fd(t, n)) == NULL)
			return NULL;
		*dirp = f->dir;
		return f->inode;
	}
	return NULL;
}

/* Following exe, cwd, root or fd/N: the process's file as it is now. */
static int pid_follow_link(struct inode *link, struct inode **ipp,
			   struct inode **dirp)
{
	struct task *t = proc_task(ino_pid(link->ino));
	struct inode *ip, *dir;

	if (t == NULL)
		return -ENOENT;
	if (!may_access(t))
		return -EACCES;
	if ((ip = link_target(t, link->ino, &dir)) == NULL)
		return -ENOENT;
	*ipp = inode_get(ip);
	*dirp = dir ? inode_get(dir) : NULL;
	return 0;
}

static const struct inode_operations pid_link_iops = {
	.follow_link = pid_follow_link,
};

/* The text of link ip of t. */
static int make_link(struct inode *ip, struct task *t)
{
	struct inode *target, *dir;
	int err;

	/*
	 * From here the inode is a symlink: u.symlink, which shares its place
	 * with u.proc.pid, is what inode_free frees, so it must not hold the pid
	 * should the text never be made (a zombie's link, no memory).
	 */
	ip->u.symlink = NULL;
	ip->i_op = &pid_link_iops;
	target = link_target(t, ip->ino, &dir);
	err = link_text(ip, target, dir);
	/* The size stat gives is Linux's: 64 for fd/N, 0 for exe, cwd, root (readlink reads the text). */
	ip->size = ino_kind(ip->ino) == PID_FD_LINK ? 64 : 0;
	return err;
}

/* ---- /proc/PID ---- */

static int pid_dir_lookup(struct inode *dir, const char *name, int len,
			  struct inode **ipp)
{
	struct task *t = proc_task(dir->u.proc.pid);
	struct inode *ip;
	int kind, err;

	if (t == NULL)
		return -ENOENT;
	for (kind = PID_TASK; kind < PID_NKINDS; kind++)
		if ((int)strlen(pid_entries[kind].name) == len &&
		    memcmp(pid_entries[kind].name, name, len) == 0)
			break;
	if (kind == PID_NKINDS)
		return -ENOENT;
	if (pid_entries[kind].is_private && S_ISLNK(pid_entries[kind].mode) &&
	    !may_access(t))
		return -EACCES;
	if ((ip = pid_inode(dir, t, kind, 0, pid_entries[kind].mode)) == NULL)
		return -ENOMEM;
	if (S_ISLNK(ip->mode) && (err = make_link(ip, t)) != 0) {
		inode_put(ip);
		return err;
	}
	*ipp = ip;
	return 0;
}

static int pid_dir_iterate(struct inode *dir, struct dir_context *ctx)
{
	int pid = dir->u.proc.pid;

	if (proc_emit_dots(dir, ctx))
		return 0;
	/* Entry kind k at position k - 1: task, the first, at 2. */
	for (uint64_t kind = ctx->pos + 1; kind < PID_NKINDS; kind++) {
		const struct pid_entry *e = &pid_entries[kind];

		if (ctx->actor(ctx, e->name, strlen(e->name),
			       PROC_INO(pid, kind, 0), (e->mode & S_IFMT) >> 12,
			       kind))
			return 0;
		ctx->pos = kind;
	}
	return 0;
}

static const struct inode_operations pid_dir_iops = {
	.lookup = pid_dir_lookup,
	.iterate = pid_dir_iterate,
};

/* ---- /proc/PID/task: the threads ---- */

static int task_dir_lookup(struct inode *dir, const char *name, int len,
			   struct inode **ipp)
{
	struct task *t = proc_task(proc_parse_num(name, len));

	if (!t || t->tgid != dir->u.proc.pid)
		return -ENOENT;
	return (*ipp = proc_pid_dir(dir, t->pid)) ? 0 : -ENOENT;
}

/* The threads by tid, thread tid at position tid + 2. */
static int task_dir_iterate(struct inode *dir, struct dir_context *ctx)
{
	char name[12];
	int tgid = dir->u.proc.pid, len;

	if (proc_emit_dots(dir, ctx))
		return 0;
	for (;;) {
		int next = -1;

		for_each_task(t)
			if (t->tgid == tgid && (uint64_t)t->pid + 2 >= ctx->pos &&
			    (next < 0 || t->pid < next))
				next = t->pid;
		if (next < 0)
			return 0;
		len = snprintf(name, sizeof(name), "%d", next);
		if (ctx->actor(ctx, name, len, PROC_INO(next, PID_DIR, 0),
			       S_IFDIR >> 12, next + 3))
			return 0;
		ctx->pos = next + 3;
	}
}

static const struct inode_operations task_dir_iops = {
	.lookup = task_dir_lookup,
	.iterate = task_dir_iterate,
};

/* ---- /proc/PID/fd and fdinfo: a link or a file per descriptor ---- */

/* Linux's fd link modes: r-x for reading, -wx for writing, for the owner. */
static uint32_t fd_link_mode(struct file *f)
{
	uint32_t mode = S_IFLNK;

	if (f->fmode & FMODE_READ)
		mode |= 0500;
	if (f->fmode & FMODE_WRITE)
		mode |= 0300;
	return mode;
}

static int fd_dir_lookup(struct inode *dir, const char *name, int len,
			 struct inode **ipp)
{
	struct task *t = proc_task(dir->u.proc.pid);
	int fd = proc_parse_num(name, len), info = dir->u.proc.kind == PID_FDINFO, err;
	struct inode *ip;
	struct file *f;

	if (t == NULL || fd < 0 || !(f = task_fd(t, fd)))
		return -ENOENT;
	if (info && !may_access(t))
		return -EACCES;		/* Linux's proc_fdinfo_permission */
	ip = info ? pid_inode(dir, t, PID_FDINFO_FILE, fd, pid_entries[PID_FDINFO_FILE].mode) :
		    pid_inode(dir, t, PID_FD_LINK, fd, fd_link_mode(f));
	if (ip == NULL)
		return -ENOMEM;
	if (!info && (err = make_link(ip, t)) != 0) {
		inode_put(ip);
		return err;
	}
	*ipp = ip;
	return 0;
}

/* Descriptor fd at position fd + 2. */
static int fd_dir_iterate(struct inode *dir, struct dir_context *ctx)
{
	struct task *t = proc_task(dir->u.proc.pid);
	int info = dir->u.proc.kind == PID_FDINFO;
	char name[12];

	if (proc_emit_dots(dir, ctx) || t == NULL || (info && !may_access(t)))
		return 0;
	for (uint64_t fd = ctx->pos - 2; t->files && fd < t->files->max_fds; fd++) {
		int len;

		if (!task_fd(t, fd))
			continue;
		len = snprintf(name, sizeof(name), "%u", (uint32_t)fd);
		if (ctx->actor(ctx, name, len,
			       info ? PROC_FDINFO_INO(t->pid, fd) : PROC_FD_INO(t->pid, fd),
			       (info ? S_IFREG : S_IFLNK) >> 12, fd + 3))
			return 0;
		ctx->pos = fd + 3;
	}
	return 0;
}

static const struct inode_operations fd_dir_iops = {
	.lookup = fd_dir_lookup,
	.iterate = fd_dir_iterate,
};

/* ---- /proc/PID/ns: a magic link per kind of namespace ---- */

/*
 * Following ns/KIND: a new inode of the namespace t is in now (Linux's
 * proc_ns_get_link, which asks ptrace's read access: EACCES).
 */
static int ns_follow_link(struct inode *link, struct inode **ipp,
			  struct inode **dirp)
{
	struct task *t = proc_task(ino_pid(link->ino));

	if (t == NULL)
		return -ENOENT;
	if (!may_access(t))
		return -EACCES;
	if (!(*ipp = ns_get_inode(t, ns_entries[ino_n(link->ino) - 1])))
		return -ENOENT;
	*dirp = NULL;
	return 0;
}

static const struct inode_operations ns_link_iops = {
	.follow_link = ns_follow_link,
};

/* Kind i's link of t, its text "ipc:[4026531839]" (the inum, as Linux's ns_get_name). */
static int ns_make_link(struct inode *ip, struct task *t, int i)
{
	const struct proc_ns_operations *ops = ns_entries[i];
	struct ns_common *ns = ops->get(t);
	char text[32];

	ip->u.symlink = NULL;	/* as make_link: a symlink from here */
	ip->i_op = &ns_link_iops;
	if (!ns)
		return -ENOENT;		/* a zombie's */
	snprintf(text, sizeof(text), "%s:[%u]", ops->name, ns->inum);
	ops->put(ns);
	return proc_symlink(ip, text);
}

static int ns_dir_lookup(struct inode *dir, const char *name, int len,
			 struct inode **ipp)
{
	struct task *t = proc_task(dir->u.proc.pid);
	struct inode *ip;
	int i, err;

	if (t == NULL)
		return -ENOENT;
	for (i = 0; i < NR_NS_ENTRIES; i++)
		if ((int)strlen(ns_entries[i]->name) == len &&
		    memcmp(ns_entries[i]->name, name, len) == 0)
			break;
	if (i == NR_NS_ENTRIES)
		return -ENOENT;
	if (!(ip = pid_inode(dir, t, PID_NS, i + 1, S_IFLNK | 0777)))
		return -ENOMEM;
	if ((err = ns_make_link(ip, t, i)) != 0) {
		inode_put(ip);
		return err;
	}
	*ipp = ip;
	return 0;
}

/* Kind i at position i + 2. */
static int ns_dir_iterate(struct inode *dir, struct dir_context *ctx)
{
	if (proc_emit_dots(dir, ctx))
		return 0;
	for (uint64_t i = ctx->pos - 2; i < NR_NS_ENTRIES; i++) {
		const char *name = ns_entries[i]->name;

		if (ctx->actor(ctx, name, strlen(name),
			       PROC_INO(dir->u.proc.pid, PID_NS, i + 1), S_IFLNK >> 12, i + 3))
			return 0;
		ctx->pos = i + 3;
	}
	return 0;
}

static const struct inode_operations ns_dir_iops = {
	.lookup = ns_dir_lookup,
	.iterate = ns_dir_iterate,
};

/* ---- the files ---- */

/*
 * /proc/PID/mem (Linux's mem_rw): n bytes of t's memory at the address
 * *pos, read or written as ptrace's PEEKDATA and POKEDATA do, a debugger's
 * way to its tracee's memory (gdb's): its text too, where a write gets a
 * private copy of the page.  The bytes done, or EIO if none could be.
 */
static long mem_rw(struct task *t, char *ubuf, uint32_t n, uint64_t *pos, int write)
{
	char buf[256];
	long done = 0;

	while ((uint32_t)done < n && *pos < 0x100000000ULL) {
		uint32_t len = n - done < sizeof(buf) ? n - done : sizeof(buf), got;

		if (len > 0x100000000ULL - *pos)
			len = 0x100000000ULL - *pos;
		if (write && copy_from_user(buf, ubuf + done, len))
			return done ? done : -EFAULT;
		got = access_process_vm(t, *pos, buf, len, write);
		if (!write && copy_to_user(ubuf + done, buf, got))
			return done ? done : -EFAULT;
		done += got;
		*pos += got;
		if (got < len)
			break;
	}
	return done || !n ? done : -EIO;
}

static long pid_file_read(struct file *f, char *ubuf, uint32_t n,
			  uint64_t *pos)
{
	int kind = ino_kind(f->inode->ino);
	const struct pid_entry *e = &pid_entries[kind];
	struct task *t = proc_task(f->inode->u.proc.pid);
	struct file *fdf = NULL;
	struct seq_file m;
	int err;

	if (t == NULL)
		return -ESRCH;
	if (e->is_private && !may_access(t))
		return -EACCES;
	if (kind == PID_PAGEMAP)
		return pagemap_read(task_mm(t), ubuf, n, pos);
	if (kind == PID_MEM)
		return mem_rw(t, ubuf, n, pos, 0);
	if (kind == PID_FDINFO_FILE && !(fdf = task_fd(t, ino_n(f->inode->ino))))
		return -ENOENT;		/* closed since */
	if (n == 0 || seq_past_end(f, *pos))
		return 0;
	if ((err = seq_start(&m, n, *pos)) != 0)
		return err;
	if (fdf)
		proc_fdinfo_show(&m, fdf, close_on_exec(ino_n(f->inode->ino), t->files));
	else
		e->show(&m, t);
	seq_note_end(f, &m);
	return seq_finish(&m, ubuf, pos);
}

/* comm: the new name, cut at 15 bytes, as PR_SET_NAME gives it. */
static long comm_write(const char *ubuf, uint32_t n)
{
	char name[TASK_COMM_LEN] = { 0 };
	uint32_t len = n < TASK_COMM_LEN - 1 ? n : TASK_COMM_LEN - 1;

	if (copy_from_user(name, ubuf, len))
		return -EFAULT;
	memcpy(current->comm, name, TASK_COMM_LEN);
	return n;
}

/*
 * Linux's kstrtoint(strstrip(s), 0): an int in decimal, 0x hex or 0 octal,
 * with a sign, spaces and a newline around it; -EINVAL for anything else,
 * -ERANGE past an int.
 */
static int parse_int(const char *s, int *val)
{
	int neg = 0, base = 10, digits = 0;
	int64_t v = 0;

	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		base = 16, s += 2;
	else if (s[0] == '0')
		base = 8;
	for (;; s++, digits++) {
		int d = *s >= '0' && *s <= '9' ? *s - '0' :
			(*s | 0x20) >= 'a' && (*s | 0x20) <= 'f' ? (*s | 0x20) - 'a' + 10 : 99;

		if (d >= base)
			break;
		if ((v = v * base + d) > 0x80000000LL)
			return -ERANGE;
	}
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	if (!digits || *s)
		return -EINVAL;
	if (!neg && v > 0x7fffffff)
		return -ERANGE;
	*val = neg ? (int)-v : (int)v;
	return 0;
}

/*
 * oom_score_adj, or oom_adj (the old scale: -17 never, 15 the most), as
 * Linux's oom_score_adj_write and oom_adj_write: a value out of range is
 * EINVAL; going below the lowest that root last set (oom_score_adj_min)
 * needs root (CAP_SYS_RESOURCE), else EACCES.  The whole process takes it.
 */
static long oom_adj_write(struct task *t, int kind, const char *ubuf, uint32_t n)
{
	char buf[13] = { 0 };	/* Linux's PROC_NUMBUF: the rest is not read */
	int adj, err;

	if (copy_from_user(buf, ubuf, n < sizeof(buf) - 1 ? n : sizeof(buf) - 1))
		return -EFAULT;
	if ((err = parse_int(buf, &adj)))
		return err;
	if (kind == PID_OOM_ADJ) {
		if (adj < OOM_DISABLE || adj > OOM_ADJUST_MAX)
			return -EINVAL;
		adj = adj == OOM_ADJUST_MAX ? OOM_SCORE_ADJ_MAX :
		      adj * OOM_SCORE_ADJ_MAX / -OOM_DISABLE;
	} else if (adj < OOM_SCORE_ADJ_MIN || adj > OOM_SCORE_ADJ_MAX) {
		return -EINVAL;
	}
	if (adj < t->signal->oom_score_adj_min && current->euid != 0)
		return -EACCES;
	t->signal->oom_score_adj = adj;
	if (kind == PID_OOM_SCORE_ADJ && current->euid == 0)
		t->signal->oom_score_adj_min = adj;
	return n;
}

/*
 * comm takes a write into the writer's own process only (Linux: its thread
 * group), else EINVAL; oom_score_adj and oom_adj into any process the file's
 * mode lets the writer open (its owner, or root).
 */
static long pid_file_write(struct file *f, const char *ubuf, uint32_t n,
			   uint64_t *pos)
{
	int kind = f->inode->u.proc.kind;
	struct task *t;

	if (kind == PID_COMM)
		return f->inode->u.proc.pid == current->pid ? comm_write(ubuf, n) : -EINVAL;
	if (kind == PID_MEM) {
		if (!(t = proc_task(f->inode->u.proc.pid)))
			return -ESRCH;
		return may_access(t) ? mem_rw(t, (char *)ubuf, n, pos, 1) : -EACCES;
	}
	if (kind != PID_OOM_ADJ && kind != PID_OOM_SCORE_ADJ)
		return -EIO;
	if (!(t = find_task(f->inode->u.proc.pid)) || t->state == TASK_UNUSED ||
	    !t->signal)
		return -ESRCH;
	return oom_adj_write(t, kind, ubuf, n);
}

static const struct file_operations pid_file_fops = {
	.read = pid_file_read,
	.write = pid_file_write,
};

/* ---- what the files show ---- */

/* Linux's proc_pid_limits: a line per limit, in RLIMIT_ order, with its unit. */
static void limits_show(struct seq_file *m, const void *task)
{
	static const struct { const char *name, *unit; } lnames[RLIM_NLIMITS] = {
		{ "Max cpu time", "seconds" }, { "Max file size", "bytes" },
		{ "Max data size", "bytes" }, { "Max stack size", "bytes" },
		{ "Max core file size", "bytes" }, { "Max resident set", "bytes" },
		{ "Max processes", "processes" }, { "Max open files", "files" },
		{ "Max locked memory", "bytes" }, { "Max address space", "bytes" },
		{ "Max file locks", "locks" }, { "Max pending signals", "signals" },
		{ "Max msgqueue size", "bytes" }, { "Max nice priority", NULL },
		{ "Max realtime priority", NULL }, { "Max realtime timeout", "us" },
	};
	const struct task *t = task;

	seq_printf(m, "%-25s %-20s %-20s %-10s\n", "Limit", "Soft Limit",
		   "Hard Limit", "Units");
	for (int i = 0; i < RLIM_NLIMITS; i++) {
		const struct rlimit *r = &t->rlim[i];

		seq_printf(m, "%-25s ", lnames[i].name);
		if (r->rlim_cur == RLIM_INFINITY)
			seq_printf(m, "%-20s ", "unlimited");
		else
			seq_printf(m, "%-20u ", r->rlim_cur);
		if (r->rlim_max == RLIM_INFINITY)
			seq_printf(m, "%-20s ", "unlimited");
		else
			seq_printf(m, "%-20u ", r->rlim_max);
		if (lnames[i].unit)
			seq_printf(m, "%-10s\n", lnames[i].unit);
		else
			seq_printf(m, "\n");
	}
}

/*
 * Linux's proc_pid_wchan: the kernel function a sleeping task waits in
 * (get_wchan), "0" for one that runs, or when we may not trace it.
 */
static void wchan_show(struct seq_file *m, const void *task)
{
	struct task *t = (struct task *)task;
	uint32_t off, wchan = may_access(t) ? get_wchan(t) : 0;
	const char *name = wchan ? ksym_lookup(wchan, &off) : NULL;

	seq_printf(m, "%s", name ? name : "0");
}

/*
 * Linux's proc_tgid_io_accounting: a process's counts are those of its
 * threads, live and gone; a thread's (/proc/PID/task/TID) its own.
 */
static void io_show(struct seq_file *m, const void *task)
{
	const struct task *t = task;
	struct task_io_accounting ioac = t->ioac;

	if (thread_group_leader(t) && t->signal) {
		ioac = t->signal->ioac;
		for_each_thread(t, th)
			task_io_accounting_add(&ioac, &th->ioac);
	}
	seq_printf(m, "rchar: %llu\nwchar: %llu\nsyscr: %llu\nsyscw: %llu\n"
		   "read_bytes: 0\nwrite_bytes: 0\ncancelled_write_bytes: 0\n",
		   ioac.rchar, ioac.wchar, ioac.syscr, ioac.syscw);
}

static void personality_show(struct seq_file *m, const void *task)
{
	seq_printf(m, "%08x\n", ((const struct task *)task)->personality);
}

static void oom_score_show(struct seq_file *m, const void *task)
{
	seq_printf(m, "%d\n", oom_score((struct task *)task));
}

static void oom_score_adj_show(struct seq_file *m, const void *task)
{
	const struct task *t = task;

	seq_printf(m, "%d\n", t->signal ? t->signal->oom_score_adj : 0);
}

static void oom_adj_show(struct seq_file *m, const void *task)
{
	const struct task *t = task;
	int adj = t->signal ? t->signal->oom_score_adj : 0;

	seq_printf(m, "%d\n", adj == OOM_SCORE_ADJ_MAX ? OOM_ADJUST_MAX :
		   adj * -OOM_DISABLE / OOM_SCORE_ADJ_MAX);
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
	case TASK_TRACED:
		return 't';
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
	case 't':
		return "tracing stop";
	case 'Z':
		return "zombie";
	}
	return "unknown";
}

/* The memory a zombie no longer has is NULL. */
static struct mm_struct *task_mm(struct task *t)
{
	return t->state == TASK_ZOMBIE ? NULL : t->mm;
}

/* Pages of [start, end) with a frame: a walk of the page tables. */
static uint32_t range_rss(pde_t *pgd, uint32_t start, uint32_t end)
{
	uint32_t n = 0;

	while (start < end) {
		uint32_t next = (start & ~0x3fffffu) + (4u << 20);
		pde_t pde = pgd[PDX(start)];

		if (next > end || next == 0)
			next = end;
		if ((pde & PTE_P) && (pde & PTE_PS)) {
			n += (next - start) >> PAGE_SHIFT;
		} else if (pde & PTE_P) {
			pte_t *pt = P2V(pde & PAGE_MASK);

			for (uint32_t va = start; va < next; va += PAGE_SIZE)
				n += pt[PTX(va)] & PTE_P;
		}
		start = next;
	}
	return n;
}

/* Linux's counts of an mm, in pages, from its VMAs. */
struct mem_counts {
	uint32_t total, rss, rss_shmem, data, stack, exec, pte;
	uint32_t start_code, end_code, start_data, end_data;
};

static void mem_counts(struct mm_struct *mm, struct mem_counts *c)
{
	memset(c, 0, sizeof(*c));
	if (mm == NULL)
		return;
	c->total = mm->total_vm;
	for (struct vm_area_struct *v = mm->mmap; v; v = v->vm_next) {
		uint32_t pages = (v->vm_end - v->vm_start) >> PAGE_SHIFT;
		uint32_t rss = range_rss(mm->pgd, v->vm_start, v->vm_end);

		c->rss += rss;
		if (v->vm_flags & VM_SHARED)
			c->rss_shmem += rss;
		if (v->vm_flags & VM_GROWSDOWN)
			c->stack += pages;
		else if ((v->vm_flags & (VM_WRITE | VM_SHARED)) == VM_WRITE)
			c->data += pages;
		else if (v->vm_flags & VM_EXEC)
			c->exec += pages;
		if ((v->vm_flags & VM_EXEC) && !c->end_code) {
			c->start_code = v->vm_start;
			c->end_code = v->vm_end;
		}
		if (v->vm_end == mm->start_brk) {	/* the image's data */
			c->start_data = v->vm_start;
			c->end_data = v->vm_end;
		}
	}
	c->pte = nr_page_tables(mm->pgd);
}

/* The low 31 bits of a signal set, as Linux's stat shows them. */
static uint32_t sig_low(uint64_t set)
{
	return (uint32_t)set & 0x7fffffffu;
}

static uint64_t sig_set(struct task *t, int ignored)
{
	uint64_t set = 0;

	for (int sig = 1; sig < NSIG; sig++) {
		uint32_t h = t->sighand->action[sig].handler;

		if (ignored ? h == SIG_IGN : h > SIG_IGN)
			set |= sigmask(sig);
	}
	return set;
}

/* Linux's task flags that shmos has a meaning for (and task->flags: PF_KTHREAD). */
#define PF_EXITING	0x00000004
#define PF_FORKNOEXEC	0x00000040

/*
 * proc(5)'s 52 fields, in Linux 6.1's order (fs/proc/array.c's
 * do_task_stat); what shmos does not keep (major faults, guest time...)
 * is 0, and the fields Linux
 * shows only to who may trace the process are 0 for others, as there.
 * tty_nr is the controlling terminal's device number (/dev/ttyS0's 4,64:
 * 1088; never /dev/tty's or /dev/console's, which only stand for it), tpgid
 * its foreground group (0: none); without one, 0 and -1.
 */
static void stat_show(struct seq_file *m, const void *task)
{
	struct task *t = (struct task *)task;
	struct mm_struct *mm = task_mm(t);
	int mine = may_access(t) && mm;
	struct mem_counts c;
	uint32_t flags = (t->did_exec || (t->flags & PF_KTHREAD) ? 0 : PF_FORKNOEXEC) |
			 (t->state == TASK_ZOMBIE ? PF_EXITING : 0) | t->flags;

	mem_counts(mm, &c);
	seq_printf(m, "%d (%s) %c %d %d %d %u %d %u ", t->pid, t->comm,
		   state_char(t), t->parent ? t->parent->tgid : 0, t->pgrp,
		   t->session, t->tty ? t->tty->dev : 0,
		   t->tty ? t->tty->pgrp : -1, flags);
	seq_printf(m, "%u 0 %u 0 %u %u %u %u %d %d %d 0 %llu ",
		   t->usage.min_flt, t->cusage.min_flt, t->usage.utime,
		   t->usage.stime, t->cusage.utime, t->cusage.stime,
		   t->rt_priority ? -1 - t->rt_priority : 20 + t->nice, t->nice,
		   t->signal ? t->signal->nr_threads : 0,
		   (unsigned long long)t->start_time);
	seq_printf(m, "%u %u %u %u %u %u 0 0 ", c.total * PAGE_SIZE, c.rss,
		   t->rlim[RLIMIT_RSS].rlim_cur, mine ? c.start_code : 0,
		   mine ? c.end_code : 0, mine ? mm->start_stack : 0);
	seq_printf(m, "%u %u %u %u 0 0 0 %d %d %d %d 0 0 0 ",
		   sig_low(t->pending.signal), sig_low(t->sig_blocked),
		   sig_low(sig_set(t, 1)), sig_low(sig_set(t, 0)),
		   t->exit_signal, t->processor,	/* 39: the CPU it last ran on */
		   t->rt_priority, t->policy & ~SCHED_RESET_ON_FORK);
	if (mine)
		seq_printf(m, "%u %u %u %u %u %u %u %d\n", c.start_data,
			   c.end_data, mm->start_brk, mm->arg_start,
			   mm->arg_end, mm->arg_end, mm->env_end,
			   t->state == TASK_ZOMBIE ? t->exit_code : 0);
	else
		seq_printf(m, "0 0 0 0 0 0 0 %d\n",
			   may_access(t) && t->state == TASK_ZOMBIE ?
			   t->exit_code : 0);
}

static void statm_show(struct seq_file *m, const void *task)
{
	struct mem_counts c;

	mem_counts(task_mm((struct task *)task), &c);
	seq_printf(m, "%u %u %u %u 0 %u 0\n", c.total, c.rss, c.rss_shmem,
		   c.exec, c.data + c.stack);
}

/* A line of status's memory, in kB, as Linux right-aligns it. */
static void vm_line(struct seq_file *m, const char *name, uint32_t pages)
{
	seq_printf(m, "%s:\t%8u kB\n", name, pages * (PAGE_SIZE / 1024));
}

static void status_mem(struct seq_file *m, struct mm_struct *mm)
{
	struct mem_counts c;

	mem_counts(mm, &c);
	/* shmos keeps no high-water marks: the peaks are the sizes now. */
	vm_line(m, "VmPeak", c.total);
	vm_line(m, "VmSize", c.total);
	vm_line(m, "VmLck", mm->locked_vm);
	vm_line(m, "VmPin", 0);
	vm_line(m, "VmHWM", c.rss);
	vm_line(m, "VmRSS", c.rss);
	seq_printf(m, "RssAnon:\t%8u kB\nRssFile:\t%8u kB\n"
		   "RssShmem:\t%8u kB\n", (c.rss - c.rss_shmem) * 4, 0,
		   c.rss_shmem * 4);
	vm_line(m, "VmData", c.data);
	vm_line(m, "VmStk", c.stack);
	vm_line(m, "VmExe", c.exec);
	vm_line(m, "VmLib", 0);
	seq_printf(m, "VmPTE:\t%8u kB\n", c.pte * 4);
	vm_line(m, "VmSwap", 0);
	seq_printf(m, "HugetlbPages:\t%8u kB\nCoreDumping:\t0\n"
		   "THP_enabled:\t0\n", 0);
}

/* Root has every capability Linux 6.1 knows (41 of them), others none. */
#define CAP_FULL	0x000001ffffffffffull

static void cgroup_show(struct seq_file *m, const void *task)
{
	proc_cgroup_show(m, (struct task *)task);
}

static void status_show(struct seq_file *m, const void *task)
{
	struct task *t = (struct task *)task;
	struct mm_struct *mm = task_mm(t);
	uint64_t caps = t->euid == 0 ? CAP_FULL : 0;
	int ppid = t->parent ? t->parent->tgid : 0;
	uint32_t um = t->fs ? t->fs->umask : 0;
	uint64_t shared = t->signal ? t->signal->shared_pending.signal : 0;
	int queued = __builtin_popcountll(t->pending.signal) +
		     __builtin_popcountll(shared);

	seq_printf(m, "Name:\t%s\nUmask:\t0%u%u%u\nState:\t%c (%s)\n",
		   t->comm, (um >> 6) & 7, (um >> 3) & 7, um & 7,
		   state_char(t), state_name(t));
	seq_printf(m, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\n"
		   "TracerPid:\t0\n", t->tgid, t->pid, ppid);
	seq_printf(m, "Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\n",
		   t->uid, t->euid, t->suid, t->euid,
		   t->gid, t->egid, t->sgid, t->egid);
	seq_printf(m, "FDSize:\t%u\nGroups:\t", t->files ? t->files->max_fds : 0);
	for (int i = 0; i < t->ngroups; i++)
		seq_printf(m, "%u ", t->groups[i]);
	seq_printf(m, "\nNStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n",
		   t->tgid, t->pid, t->pgrp, t->session);
	if (mm)
		status_mem(m, mm);
	seq_printf(m, "Threads:\t%d\nSigQ:\t%d/%u\n",
		   t->signal ? t->signal->nr_threads : 0, queued,
		   t->rlim[RLIMIT_SIGPENDING].rlim_cur);
	seq_printf(m, "SigPnd:\t%016llx\nShdPnd:\t%016llx\n",
		   (unsigned long long)t->pending.signal,
		   (unsigned long long)shared);
	seq_printf(m, "SigBlk:\t%016llx\nSigIgn:\t%016llx\nSigCgt:\t%016llx\n",
		   (unsigned long long)t->sig_blocked,
		   (unsigned long long)sig_set(t, 1),
		   (unsigned long long)sig_set(t, 0));
	seq_printf(m, "CapInh:\t%016llx\nCapPrm:\t%016llx\nCapEff:\t%016llx\n"
		   "CapBnd:\t%016llx\nCapAmb:\t%016llx\n", 0ull,
		   (unsigned long long)caps, (unsigned long long)caps,
		   CAP_FULL, 0ull);
	seq_printf(m, "NoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\n"
		   "Speculation_Store_Bypass:\tunknown\n"
		   "SpeculationIndirectBranch:\tunknown\n");
	seq_printf(m, "Cpus_allowed:\t1\nCpus_allowed_list:\t0\n"
		   "Mems_allowed:\t1\nMems_allowed_list:\t0\n");
	seq_printf(m, "voluntary_ctxt_switches:\t%u\n"
		   "nonvoluntary_ctxt_switches:\t%u\n",
		   t->usage.nvcsw, t->usage.nivcsw);
}

static void comm_show(struct seq_file *m, const void *task)
{
	seq_printf(m, "%s\n", ((struct task *)task)->comm);
}

/*
 * Bytes [start, end) of mm's user memory, a page at a time through the
 * page tables (the process is not the one running); it stops at a page
 * with no frame, or when the reader's window is full.
 */
static void show_user_range(struct seq_file *m, struct mm_struct *mm,
			    uint32_t start, uint32_t end)
{
	while (start < end && !seq_full(m)) {
		uint32_t n = PAGE_SIZE - (start & ~PAGE_MASK);
		pte_t *pte = pte_walk(mm->pgd, start, 0);
		char *kaddr;

		if (n > end - start)
			n = end - start;
		if (pte == NULL || !(*pte & PTE_P))
			return;
		kaddr = kmap(pte_page(*pte));
		seq_write(m, kaddr + (start & ~PAGE_MASK), n);
		kunmap(kaddr);
		start += n;
	}
}

/* argv's strings, each with its NUL: nothing for a zombie. */
static void cmdline_show(struct seq_file *m, const void *task)
{
	struct mm_struct *mm = task_mm((struct task *)task);

	if (mm)
		show_user_range(m, mm, mm->arg_start, mm->arg_end);
}

static void environ_show(struct seq_file *m, const void *task)
{
	struct mm_struct *mm = task_mm((struct task *)task);

	if (mm)
		show_user_range(m, mm, mm->arg_end, mm->env_end);
}

/* Linux's proc_pid_auxv: exec's auxiliary vector, binary, to its AT_NULL pair. */
static void auxv_show(struct seq_file *m, const void *task)
{
	struct mm_struct *mm = task_mm((struct task *)task);
	uint32_t n = 0;

	if (!mm)
		return;
	do
		n += 2;
	while (n < AUXV_WORDS && mm->saved_auxv[n - 2]);
	seq_write(m, mm->saved_auxv, n * 4);
}

/* Is v an attach of a System V segment (or shared anonymous memory)? */
static int is_shm(struct vm_area_struct *v)
{
	return v->vm_ops && strcmp(v->vm_ops->name, "shm") == 0;
}

/* What a VMA maps, named as Linux names it, or NULL for plain memory. */
static const char *vma_name(struct vm_area_struct *v, char *buf, int size,
			    uint32_t *ino)
{
	struct mm_struct *mm = v->vm_mm;

	*ino = 0;
	if (is_shm(v)) {
		struct shmid_kernel *shp = v->vm_private_data;

		/* A segment's file is named for its key; its inode is its id. */
		if (shp->id < 0) {
			snprintf(buf, size, "/dev/zero (deleted)");
			return buf;
		}
		*ino = shp->id;
		snprintf(buf, size, "/SYSV%08x (deleted)", shp->u.shm_perm.key);
		return buf;
	}
	/* Linux's test, but for the end: shmos never merges the bss into the heap */
	if (v->vm_start <= mm->brk && v->vm_end > mm->start_brk)
		return "[heap]";
	if (v->vm_start <= mm->start_stack && v->vm_end >= mm->start_stack)
		return "[stack]";
	return NULL;
}

/*
 * A file mapping's name (the program and its libraries, mmap of a file),
 * at the end of page as d_path builds it, with the file's device and
 * inode: where the name starts, or NULL.
 */
static const char *vma_file_name(struct vm_area_struct *v, char *page, uint32_t *dev,
				 uint32_t *ino)
{
	int pos;

	if (!v->vm_file || !page || (pos = d_path(v->vm_file, page, PAGE_SIZE)) < 0)
		return NULL;
	*dev = v->vm_file->inode->dev;
	*ino = v->vm_file->inode->ino;
	return page + pos;
}

/* A VMA's line of maps (smaps' first line too); page: a page for a file's name, or NULL. */
void show_map_vma(struct seq_file *m, struct vm_area_struct *v, char *page)
{
	uint64_t line = m->count;
	uint32_t f = v->vm_flags, ino, dev = 0;
	char name[32];
	const char *s = vma_name(v, name, sizeof(name), &ino);

	if (is_shm(v))
		dev = MKDEV(0, 1);	/* Linux's shm mount */
	else if (!s)
		s = vma_file_name(v, page, &dev, &ino);
	seq_printf(m, "%08x-%08x %c%c%c%c %08x %02x:%02x %u ",
		   v->vm_start, v->vm_end, f & VM_READ ? 'r' : '-',
		   f & VM_WRITE ? 'w' : '-', f & VM_EXEC ? 'x' : '-',
		   f & VM_MAYSHARE ? 's' : 'p',
		   v->vm_pgoff << PAGE_SHIFT, MAJOR(dev), MINOR(dev), ino);
	if (s) {
		seq_pad_to(m, line, MAPS_NAME_COL);
		seq_printf(m, " %s", s);
	}
	seq_write(m, "\n", 1);
}

static void maps_show(struct seq_file *m, const void *task)
{
	struct mm_struct *mm = task_mm((struct task *)task);
	char *page = get_free_page();	/* for a file's name */

	for (struct vm_area_struct *v = mm ? mm->mmap : NULL;
	     v && !seq_full(m); v = v->vm_next)
		show_map_vma(m, v, page);
	if (page)
		free_kpage(page);
}

static void smaps_show(struct seq_file *m, const void *task)
{
	proc_smaps_show(m, task_mm((struct task *)task), 0);
}

static void smaps_rollup_show(struct seq_file *m, const void *task)
{
	proc_smaps_show(m, task_mm((struct task *)task), 1);
}
