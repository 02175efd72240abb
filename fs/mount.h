/*
 * Mounts (fs/namespace.c) and what statfs reports of them (fs/statfs.c).
 *
 * Every file system shmos has is a tree of inodes with a root: the root
 * file system (rootfs: a ramfs with tmpfs's limits, the initramfs unpacked
 * into it), /proc, and each tmpfs or ramfs that mount(2) makes, /dev/shm
 * at boot among them.  A mount puts one such root over a directory of
 * another tree, its mount point: a path walk that reaches the mount point
 * goes on in the mounted tree, and ".." from its root comes back out.
 * The mounts are listed in mount order, as /proc/mounts shows them.
 */
#ifndef FS_MOUNT_H
#define FS_MOUNT_H

#include <stdint.h>

struct inode;
struct ramfs_sb_info;
struct file_operations;

/* The kinds of file system mount -t knows, as Linux's file_system_type. */
struct file_system_type {
	const char *name;
	uint32_t magic;		/* statfs's f_type */
};

/* Linux's magic numbers (<uapi/linux/magic.h>). */
#define TMPFS_MAGIC		0x01021994
#define RAMFS_MAGIC		0x858458f6
#define PROC_SUPER_MAGIC	0x9fa0
#define SYSFS_MAGIC		0x62656572
#define PIPEFS_MAGIC		0x50495045
#define DEVPTS_SUPER_MAGIC	0x1cd1

/* mount(2)'s flags that shmos keeps (Linux's values), shown in /proc/mounts. */
#define MS_RDONLY	1
#define MS_NOSUID	2
#define MS_NODEV	4
#define MS_NOEXEC	8
#define MS_SYNCHRONOUS	16
#define MS_REMOUNT	32
#define MS_MANDLOCK	64
#define MS_DIRSYNC	128
#define MS_NOSYMFOLLOW	256
#define MS_NOATIME	1024
#define MS_NODIRATIME	2048
#define MS_BIND		4096
#define MS_MOVE		8192
#define MS_REC		16384
#define MS_SILENT	32768
#define MS_UNBINDABLE	(1 << 17)
#define MS_PRIVATE	(1 << 18)
#define MS_SLAVE	(1 << 19)
#define MS_SHARED	(1 << 20)
#define MS_RELATIME	(1 << 21)
#define MS_STRICTATIME	(1 << 24)
#define MS_LAZYTIME	(1 << 25)
#define MS_NOUSER	(1u << 31)
#define MS_MGC_VAL	0xC0ED0000u	/* a magic old mount(8) put in the top half */
#define MS_MGC_MSK	0xffff0000u

/* umount2's flags. */
#define MNT_FORCE	1
#define MNT_DETACH	2
#define MNT_EXPIRE	4
#define UMOUNT_NOFOLLOW	8

struct vfsmount {
	struct vfsmount *mnt_next;	/* in mount order */
	struct inode *mnt_root;		/* its tree's root, referenced */
	struct inode *mnt_mountpoint;	/* the directory it covers, referenced;
					   NULL for the root file system */
	const struct file_system_type *mnt_type;
	struct ramfs_sb_info *mnt_sb;	/* a ramfs's limits; NULL for proc */
	uint32_t mnt_dev;		/* st_dev of every inode in it */
	uint32_t mnt_flags;		/* MS_NOSUID ... MS_RELATIME */
	int mnt_id;			/* /proc/PID/mountinfo's: 1, 2... in mount order */
	char mnt_devname[64];		/* mount's first argument */
};

extern struct vfsmount *mount_list;

void mount_init(void);
uint32_t new_anon_dev(void);
struct vfsmount *mount_of(uint32_t dev);
/* Is ip on a read-only mount?  Its mount is looked for only while one is (fs/namespace.c). */
extern int nr_rdonly;
int __is_rdonly(struct inode *ip);
static inline int is_rdonly(struct inode *ip)
{
	return nr_rdonly && __is_rdonly(ip);
}
struct inode *follow_mount(struct inode *ip);
struct inode *follow_dotdot(struct inode *dir);
struct vfsmount *mount_at_root(struct inode *ip);
struct seq_file;
void proc_mounts_show(struct seq_file *s, const void *arg);
void proc_mountinfo_show(struct seq_file *s, const void *arg);
/* A mount's options, each one of known's n names (values: "name=value" too)? 0 or -EINVAL. */
int mount_options_known(char *data, const char *const *known, unsigned n, int values);

/* d_path.c: a directory's name up to the task's root (1: not under it) */
int prepend_path(struct inode *d, char *buf, int *pos);

/* statfs.c */
struct kstatfs {
	uint32_t f_type, f_bsize, f_frsize, f_namelen, f_flags;
	uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
};
int vfs_statfs(struct inode *ip, struct kstatfs *st);

#endif
