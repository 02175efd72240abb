/*
 * Mounts: mount(2), umount2(2), the mount table and /proc/mounts, as
 * Linux's fs/namespace.c (one namespace: every process sees the same).
 *
 * shmos has three kinds of file system, each a tree of inodes:
 *
 *   rootfs  the root: a ramfs with tmpfs's limits (fs/ramfs_sb.c) into
 *           which the initramfs is unpacked, as Linux's rootfs is a
 *           tmpfs when it has one; statfs says TMPFS_MAGIC
 *   tmpfs   a new ramfs with limits of its own (size=, nr_blocks=,
 *           nr_inodes=, mode=, uid=, gid=); /dev/shm is one, mounted at
 *           boot, where glibc's shm_open makes POSIX shared memory
 *   ramfs   the same without limits (RAMFS_MAGIC; only mode= counts)
 *   proc    /proc (fs/procfs.c), mounted at boot
 *   sysfs   /sys (fs/sysfs.c: the CPUs), mounted at boot
 *   cgroup2 the control groups (kernel/cgroup.c): each mount shows the
 *           one tree of groups
 *   mqueue  the POSIX message queues (ipc/mqueue.c), mounted on
 *           /dev/mqueue at boot, as systemd mounts it: each mount shows
 *           the same queues
 *   devpts  the pseudo-terminals' slaves (fs/devpts.c), mounted on
 *           /dev/pts at boot: each mount shows the same nodes
 *
 * A mount covers a directory, its mount point, with the root of a tree:
 * the directory's i_mounted says which, and the path walk (fs/namei.c)
 * goes on in the mounted tree (follow_mount); ".." from the root of a
 * mount goes back out through its mount point (follow_dotdot).  Each
 * tmpfs and ramfs has a device number of its own, so link() and rename()
 * between two of them are EXDEV.  umount takes the tree away: every name
 * in it goes, and its inodes and pages with the last reference to each.
 * pivot_root swaps two mounts: a chrooted task's root mount goes under
 * the new root, which takes its place (the root file system itself, as
 * Linux's rootfs, is mounted nowhere and cannot pivot).  Container
 * runtimes' pivot_root(".", ".") puts the old root on top of the new, and
 * umount of "." then takes the topmost mount there, the old root.
 */
#include "fs/fs.h"
#include "fs/devpts.h"
#include "fs/ext2/ext2.h"
#include "fs/inotify.h"
#include "fs/mount.h"
#include "fs/proc.h"
#include "fs/namei.h"
#include "ipc/mqueue.h"
#include "kernel/cgroup.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "mm/kmalloc.h"
#include "mm/mm.h"
#include "mm/page.h"
#include "mm/uaccess.h"

static const struct file_system_type rootfs_fs_type = { "rootfs", TMPFS_MAGIC };
static const struct file_system_type tmpfs_fs_type = { "tmpfs", TMPFS_MAGIC };
static const struct file_system_type ramfs_fs_type = { "ramfs", RAMFS_MAGIC };
static const struct file_system_type proc_fs_type = { "proc", PROC_SUPER_MAGIC };
static const struct file_system_type sysfs_fs_type = { "sysfs", SYSFS_MAGIC };
static const struct file_system_type cgroup2_fs_type = { "cgroup2", CGROUP2_SUPER_MAGIC };
static const struct file_system_type devpts_fs_type = { "devpts", DEVPTS_SUPER_MAGIC };
static const struct file_system_type ext2_fs_type = { "ext2", EXT2_SUPER_MAGIC };
static const struct file_system_type ext4_fs_type = { "ext4", EXT2_SUPER_MAGIC };
static const struct file_system_type mqueue_fs_type = { "mqueue", MQUEUE_MAGIC };

static const struct file_system_type *const file_systems[] = {
	&tmpfs_fs_type, &ramfs_fs_type, &proc_fs_type, &sysfs_fs_type,
	&cgroup2_fs_type, &devpts_fs_type, &ext2_fs_type, &ext4_fs_type,
	&mqueue_fs_type,
};

struct vfsmount *mount_list;
static uint32_t next_anon_dev = 4;	/* 0:1-0:3 are ROOT_DEV, PROC_DEV, PIPE_DEV */

/* A device number for a new tree of inodes (Linux's get_anon_bdev). */
uint32_t new_anon_dev(void)
{
	uint32_t minor = next_anon_dev++;

	return MKDEV(0, minor);
}

/* The mount whose inodes have this st_dev, or NULL. */
struct vfsmount *mount_of(uint32_t dev)
{
	for (struct vfsmount *m = mount_list; m; m = m->mnt_next)
		if (m->mnt_dev == dev)
			return m;
	return NULL;
}

/*
 * Is ip on a read-only mount (Linux's IS_RDONLY)?  What would change it
 * then is EROFS: permission's MAY_WRITE, chmod, chown, utimes.  Files
 * opened for writing before a remount read-only keep writing (Linux's
 * remount refuses with EBUSY while there are such files; shmos does not
 * look for them).  While no mount is read-only (nr_rdonly), which is the
 * usual case, a write does not look for its mount.
 */
int nr_rdonly;			/* mounts in the table with MS_RDONLY */

static void count_rdonly(struct vfsmount *m, int sign)
{
	if (m->mnt_flags & MS_RDONLY)
		nr_rdonly += sign;
}

int __is_rdonly(struct inode *ip)
{
	struct vfsmount *m = mount_of(ip->dev);

	return m && (m->mnt_flags & MS_RDONLY);
}

/* The mount whose tree ip is the root of, or NULL. */
struct vfsmount *mount_at_root(struct inode *ip)
{
	for (struct vfsmount *m = mount_list; m; m = m->mnt_next)
		if (m->mnt_root == ip)
			return m;
	return NULL;
}

/* What a walk that reaches ip finds there: the root of the topmost mount on it. */
struct inode *follow_mount(struct inode *ip)
{
	while (ip->i_mounted)
		ip = ip->i_mounted->mnt_root;
	return ip;
}

/*
 * ".." of the directory dir, as Linux's follow_dotdot: the task's root is
 * its own (so a chroot cannot be walked out of); the root of a mount goes
 * out to its mount point and takes that one's ".."; the parent may itself
 * be covered by a mount.  No reference is taken.
 */
struct inode *follow_dotdot(struct inode *dir)
{
	for (;;) {
		struct vfsmount *m;

		if (dir == current_root())
			return dir;
		if (dir->parent)
			return follow_mount(dir->parent);
		if (!(m = mount_at_root(dir)) || !m->mnt_mountpoint)
			return dir;		/* the root of all, or a lost tree */
		dir = m->mnt_mountpoint;
	}
}

/* Adds m at the end of the table, over mountpoint (NULL: the root). */
static void attach_mnt(struct vfsmount *m, struct inode *mountpoint)
{
	static int last_mnt_id;
	struct vfsmount **pp = &mount_list;

	m->mnt_id = ++last_mnt_id;
	count_rdonly(m, 1);
	m->mnt_mountpoint = mountpoint ? inode_get(mountpoint) : NULL;
	if (mountpoint)
		mountpoint->i_mounted = m;
	while (*pp)
		pp = &(*pp)->mnt_next;
	*pp = m;
}

/* ---- making a file system's tree ---- */

/*
 * Splits mount's data string ("size=1m,mode=1777") and hands each
 * key=value to the instance: tmpfs knows its six, and refuses the rest;
 * ramfs knows mode and, as on Linux, ignores the rest; proc and sysfs
 * know none.
 */
static int parse_options(const struct file_system_type *type,
			 struct ramfs_sb_info *sb, char *data)
{
	while (data && *data) {
		char *opt = data, *comma = strchr(data, ','), *eq;
		int err;

		data = comma ? comma + 1 : NULL;
		if (comma)
			*comma = 0;
		if (!*opt)
			continue;
		eq = strchr(opt, '=');
		if (type == &proc_fs_type || type == &sysfs_fs_type || !eq)
			return type == &ramfs_fs_type ? 0 : -EINVAL;
		*eq = 0;
		err = ramfs_parse_param(sb, opt, eq + 1);
		if (type == &ramfs_fs_type)
			err = strcmp(opt, "mode") ? 0 : err;
		if (err)
			return err;
	}
	return 0;
}

/*
 * cgroup2's options, Linux's names: accepted (none changes anything here);
 * anything else is EINVAL.
 */
static int cgroup2_parse_options(char *data)
{
	static const char *const known[] = {
		"nsdelegate", "favordynmods", "memory_localevents",
		"memory_recursiveprot", "memory_hugetlb_accounting",
		"pids_localevents",
	};

	return mount_options_known(data, known, sizeof(known) / sizeof(known[0]), 0);
}

/*
 * A mount's data, "opt,opt=value,...": 0 if every option is one of the n
 * names of known, else -EINVAL (an unknown parameter, as Linux's parsers
 * say).  With values, "name=value" is name's; without, an option is its
 * whole text.  data is cut at its commas (and equal signs).
 */
int mount_options_known(char *data, const char *const *known, unsigned n, int values)
{
	while (data && *data) {
		char *opt = data, *comma = strchr(data, ','), *eq;
		unsigned i;

		data = comma ? comma + 1 : NULL;
		if (comma)
			*comma = 0;
		if (values && (eq = strchr(opt, '=')) != NULL)
			*eq = 0;
		for (i = 0; *opt && i < n; i++)
			if (!strcmp(opt, known[i]))
				break;
		if (*opt && i == n)
			return -EINVAL;
	}
	return 0;
}

/* A new tmpfs or ramfs: its limits, and a root directory that counts in them. */
static int ramfs_fill_super(struct vfsmount *m, char *data)
{
	struct ramfs_sb_info *sb = kzalloc(sizeof(*sb));
	int err;

	if (!sb)
		return -ENOMEM;
	if (m->mnt_type == &tmpfs_fs_type)
		ramfs_sb_defaults(sb);
	else
		sb->mode = S_IFDIR | 0755;
	if ((err = parse_options(m->mnt_type, sb, data)) ||
	    (err = ramfs_new_inode(sb, sb->mode, sb->uid, sb->gid, &m->mnt_root))) {
		kfree(sb);
		return err;
	}
	sb->dev = m->mnt_root->dev = m->mnt_dev = new_anon_dev();
	m->mnt_root->nlink = 2;
	m->mnt_sb = sb;
	return 0;
}

static void kill_tree(struct inode *root);

/*
 * A new ext2 (or ext4) on devname: a ramfs tree with no limits of its own,
 * filled from the disk (fs/ext2/super.c).  A failure takes away what was
 * read; the tree's sb goes with its last inode.
 */
static int ext2_fill_super(struct vfsmount *m, const char *devname, char *data)
{
	struct ramfs_sb_info *sb = kzalloc(sizeof(*sb));
	struct inode *root;
	int err;

	if (!sb)
		return -ENOMEM;
	if ((err = ext2_read_super(sb, devname, data, &root)) == 0) {
		m->mnt_root = root;
		m->mnt_dev = sb->dev;
		m->mnt_sb = sb;
	} else if (root) {
		kill_tree(root);
		sb->detached = 1;
		root->nlink = 0;
		inode_put(root);	/* sb and the disk go with it */
	} else {
		kfree(sb);
	}
	return err;
}

/* A new mount of type, its tree made; NULL-free on error. */
static int new_mount(const struct file_system_type *type, const char *devname,
		     uint32_t flags, char *data, struct vfsmount **mp)
{
	struct vfsmount *m = kzalloc(sizeof(*m));
	int err = 0;

	if (!m)
		return -ENOMEM;
	m->mnt_type = type;
	m->mnt_flags = flags;
	strlcpy(m->mnt_devname, devname ? devname : "none", sizeof(m->mnt_devname));
	if (type == &proc_fs_type) {
		if ((err = parse_options(type, NULL, data)) == 0 &&
		    !(m->mnt_root = proc_fill_super()))
			err = -ENOMEM;
		m->mnt_dev = PROC_DEV;
	} else if (type == &sysfs_fs_type) {
		m->mnt_dev = new_anon_dev();
		if ((err = parse_options(type, NULL, data)) == 0 &&
		    !(m->mnt_root = sysfs_fill_super(m->mnt_dev)))
			err = -ENOMEM;
	} else if (type == &cgroup2_fs_type) {
		m->mnt_dev = new_anon_dev();
		if ((err = cgroup2_parse_options(data)) == 0 &&
		    !(m->mnt_root = cgroup_fill_super(m->mnt_dev)))
			err = -ENOMEM;
	} else if (type == &devpts_fs_type) {
		m->mnt_dev = new_anon_dev();
		if ((err = devpts_parse_options(data)) == 0 &&
		    !(m->mnt_root = devpts_fill_super(m->mnt_dev)))
			err = -ENOMEM;
	} else if (type == &ext2_fs_type || type == &ext4_fs_type) {
		err = ext2_fill_super(m, devname, data);
	} else if (type == &mqueue_fs_type) {
		err = mqueue_fill_super(m, data);
	} else {
		err = ramfs_fill_super(m, data);
	}
	if (err) {
		kfree(m);
		return err;
	}
	*mp = m;
	return 0;
}

/*
 * At boot: the root file system is the first mount; proc goes on /proc,
 * sysfs on /sys, a tmpfs of mode 1777 on /dev/shm (as systemd mounts it, nosuid,nodev),
 * and devpts on /dev/pts, each directory made if the initramfs has none.
 */
void mount_init(void)
{
	static struct vfsmount rootfs = {
		.mnt_type = &rootfs_fs_type, .mnt_sb = &ramfs_sb,
		.mnt_dev = ROOT_DEV, .mnt_devname = "rootfs",
	};
	static const struct {
		const char *dir;
		const struct file_system_type *type;
		uint32_t flags;
	} boot[] = {
		{ "/proc", &proc_fs_type, MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RELATIME },
		{ "/sys", &sysfs_fs_type, MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RELATIME },
		{ "/dev/shm", &tmpfs_fs_type, MS_NOSUID | MS_NODEV },
		{ "/dev/pts", &devpts_fs_type, MS_NOSUID | MS_NOEXEC | MS_RELATIME },
		{ "/dev/mqueue", &mqueue_fs_type, MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RELATIME },
	};

	rootfs.mnt_root = inode_get(root_inode);
	attach_mnt(&rootfs, NULL);
	for (unsigned i = 0; i < sizeof(boot) / sizeof(boot[0]); i++) {
		const char *type = boot[i].type->name;
		char path[16];
		struct inode *dir;
		struct vfsmount *m;

		strlcpy(path, boot[i].dir, sizeof(path));
		vfs_mkdir(root_inode, path, 0755);	/* EEXIST: the initramfs has it */
		if (path_lookup(root_inode, boot[i].dir, LOOKUP_FOLLOW, &dir) ||
		    !S_ISDIR(dir->mode) ||
		    new_mount(boot[i].type, type, boot[i].flags, NULL, &m)) {
			printk("fs: no %s on %s\n", type, boot[i].dir);
			continue;
		}
		attach_mnt(m, dir);
		inode_put(dir);
	}
}

/* ---- mount(2) ---- */

/* A string mount was given, copied into a page of its own; NULL stays NULL. */
static int copy_mount_string(const char *ustr, char **kstr)
{
	*kstr = NULL;
	return ustr ? getname(ustr, kstr) : 0;
}

/* Linux's do_remount: the flags, and a tmpfs's new limits. */
static int do_remount(struct vfsmount *m, uint32_t flags, char *data)
{
	struct ramfs_sb_info new;
	int err;

	if (m->mnt_sb) {
		new = *m->mnt_sb;
		if (m->mnt_type == &rootfs_fs_type)
			return -EINVAL;	/* rootfs takes no options, as Linux's */
		if ((err = parse_options(m->mnt_type, &new, data)))
			return err;
		/* Not below what is used, nor a limit where there was none. */
		if (new.max_blocks != m->mnt_sb->max_blocks &&
		    (!m->mnt_sb->max_blocks || (new.max_blocks &&
		     new.max_blocks < m->mnt_sb->used_blocks)))
			return -EINVAL;
		if (new.max_inodes != m->mnt_sb->max_inodes &&
		    (!m->mnt_sb->max_inodes || (new.max_inodes &&
		     new.max_inodes < m->mnt_sb->used_inodes)))
			return -EINVAL;
		m->mnt_sb->max_blocks = new.max_blocks;
		m->mnt_sb->max_inodes = new.max_inodes;
	} else if ((err = parse_options(m->mnt_type, NULL, data))) {
		return err;
	}
	count_rdonly(m, -1);
	m->mnt_flags = flags;
	count_rdonly(m, 1);
	return 0;
}

/* The mount flags a new mount keeps, and relatime unless told otherwise. */
static uint32_t mnt_flags_of(uint32_t flags)
{
	flags &= MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_SYNCHRONOUS |
		 MS_MANDLOCK | MS_DIRSYNC | MS_NOSYMFOLLOW | MS_NOATIME |
		 MS_NODIRATIME | MS_RELATIME | MS_LAZYTIME;
	if (!(flags & MS_NOATIME))
		flags |= MS_RELATIME;
	return flags;
}

/*
 * Linux's path_mount, once the strings are in and the directory found:
 * root only; then remount, bind, propagation and move, or a new mount.
 * shmos has neither bind nor move mounts (EINVAL); MS_RDONLY, on a new
 * mount or a remount, makes what would change its files EROFS
 * (is_rdonly); the propagation types are all one with a single
 * namespace, and succeed.
 */
static int path_mount(const char *devname, struct inode *dir, const char *type,
		      uint32_t flags, char *data)
{
	const struct file_system_type *fs = NULL;
	struct vfsmount *m;
	uint32_t kind;
	int err;

	if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
		flags &= ~MS_MGC_MSK;
	if (flags & MS_NOUSER)
		return -EINVAL;
	if (current->euid != 0)
		return -EPERM;
	if (flags & MS_REMOUNT) {
		if (!(m = mount_at_root(dir)))
			return -EINVAL;
		return do_remount(m, mnt_flags_of(flags), data);
	}
	if (flags & (MS_BIND | MS_MOVE))
		return -EINVAL;
	kind = flags & (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE);
	if (kind) {
		if ((kind & (kind - 1)) ||
		    (flags & ~(kind | MS_REC | MS_SILENT)) || !mount_at_root(dir))
			return -EINVAL;
		return 0;
	}
	if (!type)
		return -EINVAL;
	for (unsigned i = 0; i < sizeof(file_systems) / sizeof(file_systems[0]); i++)
		if (!strcmp(type, file_systems[i]->name))
			fs = file_systems[i];
	if (!fs)
		return -ENODEV;
	/* proc is one file system: once more on its own root is EBUSY. */
	if (fs == &proc_fs_type && (m = mount_at_root(dir)) &&
	    m->mnt_type == &proc_fs_type)
		return -EBUSY;
	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	if (dir->transient)
		return -EINVAL;		/* a /proc directory lives no longer than a lookup */
	if ((err = new_mount(fs, devname, mnt_flags_of(flags), data, &m)))
		return err;
	attach_mnt(m, dir);
	return 0;
}

long sys_mount(const char *udev, const char *udir, const char *utype,
	       uint32_t flags, const char *udata)
{
	char *type, *devname = NULL, *data = NULL;
	struct inode *dir;
	int err;

	if ((err = copy_mount_string(utype, &type)) ||
	    (err = copy_mount_string(udev, &devname)) ||
	    (err = copy_mount_string(udata, &data)))
		goto out;
	if ((err = at_lookup(AT_FDCWD, udir, 0, &dir)) == 0) {
		err = path_mount(devname, dir, type, flags, data);
		inode_put(dir);
	}
out:
	putname(type);
	putname(devname);
	putname(data);
	return err;
}

/* ---- umount2(2) ---- */

/*
 * Is anything of m in use: a working directory, a root, an open file or a
 * mapped one of some task, or a mount inside it?  (Linux's
 * propagate_mount_busy, by looking.)
 */
static int mount_busy(struct vfsmount *m)
{
	uint32_t dev = m->mnt_dev;

	for (struct vfsmount *n = mount_list; n; n = n->mnt_next)
		if (n->mnt_mountpoint && n->mnt_mountpoint->dev == dev)
			return 1;
	for_each_task(t) {
		struct fs_struct *fs = t->fs;

		if (fs && ((fs->cwd && fs->cwd->dev == dev) ||
			   (fs->root && fs->root->dev == dev)))
			return 1;
		for (unsigned int fd = 0; t->files && fd < t->files->max_fds; fd++) {
			struct file *f = fcheck_files(t->files, fd);

			if (f && f->inode->dev == dev)
				return 1;
		}
		for (struct vm_area_struct *v = t->mm ? t->mm->mmap : NULL; v;
		     v = v->vm_next)
			if (v->vm_file && v->vm_file->inode->dev == dev)
				return 1;
	}
	return 0;
}

/*
 * Takes every name of a ramfs tree away, deepest first, in a loop (a tree
 * may be as deep as a user made it): an inode goes with its last
 * reference, an open file's when it is closed.
 */
static void kill_tree(struct inode *root)
{
	struct inode *dir = root;

	for (;;) {
		struct dentry *e = dir->u.dir.entries;
		struct inode *ip;

		cond_resched();
		if (!e) {
			if (dir == root)
				return;
			dir = dir->parent;	/* its now empty child goes next */
			continue;
		}
		ip = e->inode;
		if (S_ISDIR(ip->mode) && !dir_is_empty(ip)) {
			dir = ip;
			continue;
		}
		inode_get(ip);
		if (!S_ISDIR(ip->mode) && ip->nlink > 1)
			ramfs_release_inode(ip->sb);	/* an extra name */
		dir_remove(dir, e->name, e->len);
		if (S_ISDIR(ip->mode))
			ip->nlink = 0;
		inode_put(ip);
	}
}

/*
 * Takes m out of the table and its tree away.  A ramfs's limits go with
 * the last inode counted in them (ramfs_release_inode): its root's, unless
 * something in it is still open.
 */
static void umount_one(struct vfsmount *m)
{
	struct vfsmount **pp = &mount_list;

	while (*pp != m)
		pp = &(*pp)->mnt_next;
	*pp = m->mnt_next;
	count_rdonly(m, -1);
	m->mnt_mountpoint->i_mounted = NULL;
	inode_put(m->mnt_mountpoint);
	fsnotify_unmount_inodes(m->mnt_dev);	/* before its names go: no IN_DELETE */
	if (m->mnt_sb && m->mnt_sb->s_ext2)
		ext2_sync_fs(m->mnt_sb->s_ext2);	/* the disk gets it all first */
	if (m->mnt_sb) {
		kill_tree(m->mnt_root);
		if (m->mnt_sb->s_ext2)
			ext2_release_disk(m->mnt_sb->s_ext2);
		m->mnt_sb->detached = 1;
	}
	m->mnt_root->nlink = 0;
	inode_put(m->mnt_root);
	kfree(m);
}

/*
 * Linux's ksys_umount: the flags, root only, the path (its last symlink
 * followed unless UMOUNT_NOFOLLOW), which must be the root of a mount;
 * EBUSY while something in it is in use, unless MNT_DETACH: then the
 * names go at once (what is open stays open), and so do the mounts
 * inside it.  The root file system is never unmounted (EINVAL).
 */
long sys_umount(const char *upath, uint32_t flags)
{
	struct vfsmount *m;
	struct inode *ip;
	int err;

	if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	if (current->euid != 0)
		return -EPERM;
	err = at_lookup(AT_FDCWD, upath,
			(flags & UMOUNT_NOFOLLOW) ? AT_SYMLINK_NOFOLLOW : 0, &ip);
	if (err)
		return err;
	/*
	 * The topmost mount there (Linux's LOOKUP_MOUNTPOINT): a walk that
	 * ends where it started, ".", does not go into what covers it, as
	 * after pivot_root(".", "."), whose old root is on top of ".".
	 */
	m = mount_at_root(follow_mount(ip));
	inode_put(ip);
	if (!m || !m->mnt_mountpoint)
		return -EINVAL;
	if ((flags & MNT_EXPIRE) && (flags & (MNT_FORCE | MNT_DETACH)))
		return -EINVAL;
	if (flags & MNT_EXPIRE)
		return -EAGAIN;		/* marked; a second call would expire it */
	if (!(flags & MNT_DETACH) && mount_busy(m))
		return -EBUSY;
	for (;;) {		/* the mounts inside it, innermost first */
		struct vfsmount *n, *inner = NULL;

		for (n = mount_list; n; n = n->mnt_next)
			if (n->mnt_mountpoint && n->mnt_mountpoint->dev == m->mnt_dev &&
			    n != m)
				inner = n;
		if (!inner)
			break;
		umount_one(inner);
	}
	umount_one(m);
	return 0;
}

long sys_oldumount(const char *upath)
{
	return sys_umount(upath, 0);
}

/* ---- pivot_root(2) ---- */

/* Whether ip is anc or below it, across mount points (Linux's is_path_reachable). */
static int is_path_reachable(struct inode *ip, struct inode *anc)
{
	for (;;) {
		struct vfsmount *m;

		if (ip == anc)
			return 1;
		if (ip->parent)
			ip = ip->parent;
		else if ((m = mount_at_root(ip)) && m->mnt_mountpoint)
			ip = m->mnt_mountpoint;
		else
			return 0;
	}
}

/* Every task whose root or working directory is from is moved to to (Linux's chroot_fs_refs). */
static void chroot_fs_refs(struct inode *from, struct inode *to)
{
	for_each_task(t) {
		struct fs_struct *fs = t->fs;

		if (fs && fs->root == from) {
			fs->root = inode_get(to);
			inode_put(from);
		}
		if (fs && fs->cwd == from) {
			fs->cwd = inode_get(to);
			inode_put(from);
		}
	}
}

/*
 * Linux's checks, in its order: root only; the two paths, directories;
 * new_root still linked (ENOENT); new_root and put_old on a mount other
 * than the root's (EBUSY); the caller's root the root of a mount that is
 * itself mounted somewhere (the root file system is not: EINVAL, as
 * Linux's rootfs, which is why an initramfs cannot pivot, and switch_root
 * moves a mount over / instead); new_root the root of a mount so mounted;
 * put_old at or under new_root, and new_root under the root (EINVAL).
 */
static int pivot_check(struct inode *new, struct inode *old, struct inode *root)
{
	struct vfsmount *new_mnt = mount_of(new->dev), *root_mnt = mount_of(root->dev);

	if (new->nlink == 0)
		return -ENOENT;
	if (new_mnt == root_mnt || mount_of(old->dev) == root_mnt)
		return -EBUSY;
	if (!root_mnt || root_mnt->mnt_root != root || !root_mnt->mnt_mountpoint)
		return -EINVAL;
	if (!new_mnt || new_mnt->mnt_root != new || !new_mnt->mnt_mountpoint)
		return -EINVAL;
	if (!is_path_reachable(old, new) || !is_path_reachable(new, root))
		return -EINVAL;
	return 0;
}

/*
 * The swap: the new root's mount leaves its mount point and takes the old
 * root's place; the old root's mount goes on put_old.  Each task whose
 * root or working directory was the old root now has the new one.  The
 * mount table keeps its order, as Linux's namespace list does.
 */
static void do_pivot(struct inode *new, struct inode *old, struct inode *root)
{
	struct vfsmount *new_mnt = mount_of(new->dev), *root_mnt = mount_of(root->dev);
	struct inode *root_mp = root_mnt->mnt_mountpoint, *new_mp = new_mnt->mnt_mountpoint;

	new_mp->i_mounted = NULL;
	root_mp->i_mounted = new_mnt;
	new_mnt->mnt_mountpoint = root_mp;	/* the old root's reference */
	old->i_mounted = root_mnt;
	root_mnt->mnt_mountpoint = inode_get(old);
	inode_put(new_mp);
	chroot_fs_refs(root, new);
}

long sys_pivot_root(const char *unew, const char *uold)
{
	struct inode *new, *old = NULL;
	int err;

	if (current->euid != 0)
		return -EPERM;
	if ((err = at_lookup(AT_FDCWD, unew, 0, &new)))
		return err;
	if (!S_ISDIR(new->mode))
		err = -ENOTDIR;
	else if (!(err = at_lookup(AT_FDCWD, uold, 0, &old)) && !S_ISDIR(old->mode))
		err = -ENOTDIR;
	if (!err && !(err = pivot_check(new, old, current_root())))
		do_pivot(new, old, current_root());
	if (old)
		inode_put(old);
	inode_put(new);
	return err;
}

/* ---- /proc/mounts ---- */

/* A path or a name as /proc/mounts escapes it: space, tab, newline, backslash. */
static void seq_escape(struct seq_file *s, const char *str)
{
	for (; *str; str++)
		if (*str == ' ' || *str == '\t' || *str == '\n' || *str == '\\')
			seq_printf(s, "\\%03o", (unsigned char)*str);
		else
			seq_printf(s, "%c", *str);
}

/* The flags' names: the superblock's first (Linux's show_sb_opts), then the mount's (show_mnt_opts). */
static const struct { uint32_t flag; const char *name; } flag_names[] = {
	{ MS_SYNCHRONOUS, ",sync" }, { MS_DIRSYNC, ",dirsync" },
	{ MS_MANDLOCK, ",mand" }, { MS_LAZYTIME, ",lazytime" },
	{ MS_NOSUID, ",nosuid" }, { MS_NODEV, ",nodev" },
	{ MS_NOEXEC, ",noexec" }, { MS_NOATIME, ",noatime" },
	{ MS_NODIRATIME, ",nodiratime" }, { MS_RELATIME, ",relatime" },
	{ MS_NOSYMFOLLOW, ",nosymfollow" },
};
#define SB_FLAG_NAMES	4	/* sync, dirsync, mand, lazytime */
#define ALL_FLAG_NAMES	(sizeof(flag_names) / sizeof(flag_names[0]))

/* m's flags among flag_names[from, to). */
static void show_flags(struct seq_file *s, struct vfsmount *m, unsigned from,
		       unsigned to)
{
	for (unsigned i = from; i < to; i++)
		if (m->mnt_flags & flag_names[i].flag)
			seq_printf(s, "%s", flag_names[i].name);
}

/* The file system's own options: what differs from its defaults. */
static void show_fs_options(struct seq_file *s, struct vfsmount *m)
{
	struct ramfs_sb_info def, *sb = m->mnt_sb;

	if (m->mnt_type == &devpts_fs_type)	/* fs/devpts.c's nodes: Debian's options */
		seq_printf(s, ",gid=5,mode=620,ptmxmode=000");
	if (!sb)
		return;
	if (m->mnt_type == &ramfs_fs_type) {
		if (sb->mode != (S_IFDIR | 0755))
			seq_printf(s, ",mode=%o", sb->mode & 07777);
		return;
	}
	/* tmpfs's show_options. */
	memset(&def, 0, sizeof(def));
	ramfs_sb_defaults(&def);
	if (sb->max_blocks != def.max_blocks)
		seq_printf(s, ",size=%uk", sb->max_blocks * (PAGE_SIZE / 1024));
	if (sb->max_inodes != def.max_inodes)
		seq_printf(s, ",nr_inodes=%u", sb->max_inodes);
	if (m->mnt_type == &rootfs_fs_type)
		return;
	if (sb->mode != def.mode)
		seq_printf(s, ",mode=%o", sb->mode & 07777);
	if (sb->uid)
		seq_printf(s, ",uid=%u", sb->uid);
	if (sb->gid)
		seq_printf(s, ",gid=%u", sb->gid);
}

/* Where m is mounted, from the reader's root, in path (a page); NULL: out of reach. */
static const char *mount_point_path(struct vfsmount *m, char *path)
{
	int pos = PAGE_SIZE - 1;

	path[pos] = 0;
	if (prepend_path(m->mnt_root, path, &pos) != 0)
		return NULL;	/* not under the reader's root */
	if (pos == PAGE_SIZE - 1)
		path[--pos] = '/';
	return path + pos;
}

/*
 * /proc/mounts: a line per mount the reader can reach from its root, in
 * Linux's format, "DEVICE MOUNTPOINT TYPE OPTIONS 0 0", the options in
 * Linux's order: rw, the flags, then the file system's.
 */
void proc_mounts_show(struct seq_file *s, const void *arg)
{
	char *page = get_free_page();
	const char *path;

	if (!page)
		return;
	for (struct vfsmount *m = mount_list; m; m = m->mnt_next) {
		if (!(path = mount_point_path(m, page)))
			continue;
		seq_escape(s, m->mnt_devname);
		seq_printf(s, " ");
		seq_escape(s, path);
		seq_printf(s, " %s %s", m->mnt_type->name,
			   (m->mnt_flags & MS_RDONLY) ? "ro" : "rw");
		show_flags(s, m, 0, ALL_FLAG_NAMES);
		show_fs_options(s, m);
		seq_printf(s, " 0 0\n");
	}
	free_kpage(page);
}

/*
 * /proc/PID/mountinfo (Linux's show_mountinfo), what df, findmnt and
 * libmount read: "ID PARENT MAJOR:MINOR ROOT MOUNTPOINT MOUNT-OPTIONS -
 * TYPE DEVICE SUPER-OPTIONS".  ROOT, the directory of its file system the
 * mount shows, is always that file system's root (shmos has no bind
 * mounts); the root file system is its own parent, as Linux's namespace
 * root is.  No optional fields: every mount is private (no propagation).
 */
void proc_mountinfo_show(struct seq_file *s, const void *arg)
{
	char *page = get_free_page();
	const char *path;

	if (!page)
		return;
	for (struct vfsmount *m = mount_list; m; m = m->mnt_next) {
		struct vfsmount *parent = m->mnt_mountpoint ?
			mount_of(m->mnt_mountpoint->dev) : NULL;
		const char *rw = (m->mnt_flags & MS_RDONLY) ? "ro" : "rw";

		if (!(path = mount_point_path(m, page)))
			continue;
		seq_printf(s, "%d %d %u:%u / ", m->mnt_id,
			   parent ? parent->mnt_id : m->mnt_id,
			   MAJOR(m->mnt_dev), MINOR(m->mnt_dev));
		seq_escape(s, path);
		seq_printf(s, " %s", rw);
		show_flags(s, m, SB_FLAG_NAMES, ALL_FLAG_NAMES);
		seq_printf(s, " - %s ", m->mnt_type->name);
		seq_escape(s, m->mnt_devname);
		seq_printf(s, " %s", rw);
		show_flags(s, m, 0, SB_FLAG_NAMES);
		show_fs_options(s, m);
		seq_printf(s, "\n");
	}
	free_kpage(page);
}
