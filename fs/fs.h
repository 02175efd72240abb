/*
 * The file system: one tree of in-memory inodes (ramfs), filled at boot from
 * the initramfs, with character devices in /dev and a generated /proc.
 *
 * An inode lives while something refers to it: a directory entry (nlink)
 * or an in-memory reference (count: open files, working directories, a
 * lookup in progress, a subdirectory's ".." link).  When both are gone it
 * is freed; so a file unlinked while open keeps its data until the last
 * close.  /proc inodes are "transient": made by each lookup, freed when
 * their count drops to zero.
 */
#ifndef FS_FS_H
#define FS_FS_H

#include <stdint.h>
#include "fs/file.h"
#include "fs/locks.h"
#include "fs/stat.h"
#include "kernel/time.h"
#include "mm/layout.h"

#define PATH_MAX	4096	/* with its NUL */
#define NAME_MAX	255
#define MAXSYMLINKS	40	/* followed in one lookup, in all (Linux's) */

/* lseek's whence, Linux's values. */
#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2
#define SEEK_DATA	3	/* the next byte of data at or after the offset */
#define SEEK_HOLE	4	/* the next hole (the end of the file is one) */
#define SEEK_MAX	SEEK_HOLE

/* renameat2's flags: only this one is done. */
#define RENAME_NOREPLACE	1

/* i386's struct iovec: readv, writev and sendmsg take at most UIO_MAXIOV of them. */
#define UIO_MAXIOV	1024
struct iovec32 {
	uint32_t base, len;
};

/* Linux moves at most this much in one read or write. */
#define MAX_RW_COUNT	0x7ffff000u

/* fs/read_write.c's, for the calls that move bytes without a user buffer of their own */
long check_iovec(const struct iovec32 *uiov, int cnt);
long bounce_map(uint32_t size);
void bounce_unmap(long buf, uint32_t size);

/* Access requests for permission(). */
#define MAY_EXEC	1
#define MAY_WRITE	2
#define MAY_READ	4

/* Device numbers in Linux's 32-bit encoding (what stat64 reports). */
#define MKDEV(ma, mi)	(((ma) << 8) | ((mi) & 0xff) | (((mi) & ~0xffu) << 12))
#define MAJOR(d)	(((d) >> 8) & 0xfff)
#define MINOR(d)	(((d) & 0xff) | (((d) >> 12) & 0xfff00))
#define ROOT_DEV	MKDEV(0, 1)	/* the ramfs */
#define PROC_DEV	MKDEV(0, 2)
#define PIPE_DEV	MKDEV(0, 3)
#define ANON_INODE_DEV	MKDEV(0, 4)	/* pidfds, epoll sets: Linux's anon_inodefs */
#define NSFS_DEV	MKDEV(0, 254)	/* /proc/PID/ns files: Linux's nsfs */
#define SOCK_DEV	MKDEV(0, 255)	/* sockets: Linux's sockfs (mounts count up from 0:4) */

/*
 * A ramfs regular file's data is pages, listed by index pages: the first
 * index page (pages 0 to 1023, 4 MiB) hangs from the inode, the others
 * from a top index page (the two levels of an i386 page table, the first
 * kept at hand as ext2 keeps its direct blocks: a small file needs no
 * top page): 1024 * 1024 pages, 4 GiB, more than the 32-bit size can reach.
 */
#define PTRS_PER_INDEX	(PAGE_SIZE / sizeof(void *))
#define RAMFS_MAX_PAGES	(PTRS_PER_INDEX * PTRS_PER_INDEX)
#define RAMFS_MAX_SIZE	0xffffffffu	/* the largest size: 4 GiB - 1 */
#define MAX_NON_LFS	0x7fffffffu	/* the largest without O_LARGEFILE */

/* One name in a ramfs directory. */
struct dentry {
	struct dentry *next;	/* in creation order */
	struct inode *inode;
	uint32_t off;		/* its getdents position; never reused */
	int len;
	char name[];		/* len bytes and a NUL */
};

/*
 * getdents: iterate() hands each entry at or after ctx->pos to actor.  The
 * position is the open file's, which lseek may have set to anything from 0
 * to 2^63 - 1 (each kind's llseek bounds it as Linux does): an iterate
 * finds its first entry from any of them, and one past its last entry
 * hands nothing.
 */
struct dir_context {
	/* Nonzero stops the walk (the buffer is full); ctx->pos stays put. */
	int (*actor)(struct dir_context *ctx, const char *name, int len,
		     uint32_t ino, unsigned type, uint64_t next_off);
	uint64_t pos;
};

struct inode_operations {
	/* Find name in directory dir; 0 with a referenced inode, or -ENOENT. */
	int (*lookup)(struct inode *dir, const char *name, int len,
		      struct inode **ipp);
	int (*iterate)(struct inode *dir, struct dir_context *ctx);
	/*
	 * A /proc magic link (/proc/PID/fd/N, exe, cwd): following it gives
	 * the inode it stands for and the directory that is in (both
	 * referenced, *dirp maybe NULL), not the path its u.symlink shows;
	 * 0 or -errno (Linux's get_link with nd_jump_link).
	 */
	int (*follow_link)(struct inode *link, struct inode **ipp,
			   struct inode **dirp);
	/*
	 * A directory that is not a ramfs's but makes and removes names (a
	 * cgroup2 one, kernel/cgroup.c): the VFS has found the name free (or
	 * the victim, a directory, no mount point) and checked permission.
	 */
	int (*mkdir)(struct inode *dir, const char *name, int len, uint32_t mode);
	int (*rmdir)(struct inode *dir, struct inode *victim);
	/*
	 * A ramfs directory whose files are not ramfs's (the mqueue one,
	 * ipc/mqueue.c): open(O_CREAT) of a regular file there makes one of
	 * its own, named in dir and referenced in *ipp (Linux's create);
	 * other kinds of file are EPERM.  Its names go as any ramfs's.
	 */
	int (*create)(struct inode *dir, const char *name, int len, uint32_t mode,
		      struct inode **ipp);
};

/*
 * A ramfs's limits and how much of them is used (fs/ramfs_sb.c): pages of
 * file data and inodes, as tmpfs's shmem_sb_info.  0 is no limit.  Each
 * mount of a tmpfs or a ramfs has its own (fs/namespace.c); the root file
 * system's is ramfs_sb.
 */
struct ramfs_sb_info {
	uint32_t max_blocks, used_blocks;
	uint32_t max_inodes, used_inodes;
	uint32_t dev;			/* st_dev of its inodes */
	uint32_t mode, uid, gid;	/* of its root: mount -o mode=,uid=,gid= */
	int detached;			/* unmounted: freed with its last inode */
	struct ext2_sb_info *s_ext2;	/* an ext2's tree: its disk (fs/ext2/ext2.h) */
};

struct pipe;
struct simple_xattr;
struct socket;
struct page;
struct cgroup;
struct cftype;
struct vm_area_struct;
struct vfsmount;
struct ns_common;
struct inotify_watch;
struct ext2_sb_info;
struct ext2_inode_info;
struct mqueue_inode_info;

struct inode {
	uint32_t ino;
	uint32_t mode;		/* S_IFMT type and permission bits */
	uint32_t uid, gid;
	uint32_t nlink;		/* directory entries naming it (dirs: 2 + subdirs) */
	uint32_t rdev;		/* character devices */
	uint32_t size;		/* bytes (regular files, symlinks) */
	struct inode_time atime, mtime, ctime;
	uint32_t dev;		/* ROOT_DEV, PROC_DEV or PIPE_DEV */
	int count;		/* in-memory references */
	int transient;		/* freed at count 0 even though nlink > 0 */
	const struct inode_operations *i_op;	/* directories */
	const struct file_operations *f_op;	/* what open() gives */
	union {
		struct {			/* regular: its index pages */
			void **first;		/* pages [0, PTRS_PER_INDEX), or NULL */
			void ***top;		/* the others (entry 0 unused), or NULL */
		} index;
		struct {			/* ramfs directory */
			struct dentry *entries, *last;
			uint32_t next_off;
			int nentries;
		} dir;
		char *symlink;			/* the target, size bytes + NUL */
		struct pipe *pipe;		/* pipe: the shared buffer */
		struct socket *socket;		/* a socket (net/socket.c) */
		struct {			/* an anonymous inode: pidfds, epoll sets, eventfds */
			const char *name;	/* "[pidfd]", "[eventpoll]", "[eventfd]" */
			int pid;		/* a pidfd's, for a reopen through /proc/PID/fd */
		} anon;
		struct {			/* /proc/PID and its files */
			int pid;
			int kind;
			uint64_t start_time;	/* pid's process's: a later one is another */
			/* the rest of /proc: its entry (NULL in /proc/PID) */
			const struct proc_dir_entry *de;
		} proc;
		struct ns_common *ns;		/* a /proc/PID/ns file's namespace, referenced */
		struct {			/* a cgroup2 directory or file */
			struct cgroup *cgrp;	/* referenced */
			const struct cftype *cft;	/* NULL: the directory */
		} cgroup;
		struct mqueue_inode_info *mqueue;	/* a POSIX message queue (ipc/mqueue.c) */
	} u;
	struct file_lock_context i_flctx;	/* its fcntl and flock locks (fs/locks.c) */
	struct inode *parent;	/* directories: "..", a counted reference */
	struct ramfs_sb_info *sb;	/* the ramfs it counts in; NULL: none */
	/*
	 * Regular files: the VMAs that map it, linked by vm_next_share (Linux
	 * 2.2's i_mmap), so that truncate can unmap its pages from every one
	 * (mm/filemap.c).
	 */
	struct vm_area_struct *i_mmap;
	/*
	 * Regular ramfs files: on the list of shmem_swap's clock
	 * (fs/ramfs_swap.c), and how many of its pages are out on swap.
	 */
	struct inode *shmem_next, **shmem_pprev;
	uint32_t swapped;
	/*
	 * Regular ramfs files: fallocate(FALLOC_FL_KEEP_SIZE) gave it pages
	 * past its end, up to this page (0: none); truncate down takes them.
	 */
	uint32_t falloc_npages;
	/*
	 * Regular ramfs files: fcntl's seals (fs/memfd.c), F_SEAL_* bits; and
	 * a memfd's name, "memfd:NAME" (NULL: not one), which it is known by.
	 */
	uint32_t seals;
	char *memfd_name;
	/* Directories: the mount on top of it (fs/namespace.c), or NULL. */
	struct vfsmount *i_mounted;
	/* inotify's watches on it (fs/inotify.c), Linux's i_fsnotify_marks. */
	struct inotify_watch *i_watches;
	/*
	 * Its last name and the directory it was in (not referenced: only
	 * compared), when it went while the directory was watched and the
	 * inode in use (fsnotify_name_gone): its open files still tell the
	 * directory of their events by that name, as Linux's unhashed dentry.
	 */
	char *i_unlinked_name;
	struct inode *i_unlinked_dir;
	/*
	 * Arrivals of data (a pipe's writes, an inotify instance's events),
	 * ever: each is an edge for an EPOLLET watcher (fs/eventpoll.c), even
	 * onto data already there.
	 */
	uint32_t i_pollin;
	/* An ext2's inode: its number and blocks on the disk (fs/ext2/ext2.h). */
	struct ext2_inode_info *i_ext2;
	/* tmpfs's extended attributes, in name order (fs/xattr.c), or NULL. */
	struct simple_xattr *i_xattrs;
};

extern struct inode *root_inode;

/* nsfs.c: the files of /proc/PID/ns */
struct task;
struct proc_ns_operations;
/* A new inode for t's namespace of that kind (referenced), or NULL (t exited, no memory). */
struct inode *ns_get_inode(struct task *t, const struct proc_ns_operations *ops);
int proc_ns_file(const struct file *f);	/* Linux's: is f one? */
int is_nsfs_inode(const struct inode *ip);
void nsfs_evict(struct inode *ip);	/* inode_free's: the namespace's reference goes */

/* xattr.c: tmpfs's extended attributes */
void simple_xattrs_free(struct inode *ip);

/* ramfs.c: inodes, file data, directories */
void fs_init(void);
struct inode *new_inode(uint32_t mode, uint32_t uid, uint32_t gid);
int ramfs_new_inode(struct ramfs_sb_info *sb, uint32_t mode, uint32_t uid,
		    uint32_t gid, struct inode **ipp);
int ramfs_set_link(struct inode *ip, const char *target, uint32_t len);
struct inode *inode_get(struct inode *ip);
void inode_put(struct inode *ip);
long ramfs_read(struct inode *ip, void *buf, uint32_t off, uint32_t n,
		int to_user);
long ramfs_write(struct inode *ip, const void *buf, uint32_t off, uint32_t n,
		 int from_user);
long ramfs_write_data(struct inode *ip, const void *buf, uint32_t off, uint32_t n,
		      int from_user);
int ramfs_truncate(struct inode *ip, uint32_t size);
int ramfs_getpage(struct inode *ip, uint32_t pgno, struct page **pgp);
struct page *ramfs_findpage(struct inode *ip, uint32_t pgno);
long inode_read(struct inode *ip, void *dst, uint32_t off, uint32_t n,
		int to_user);
uint32_t inode_size(struct inode *ip);
int inode_mode(struct inode *ip);
uint32_t ramfs_blocks(struct inode *ip);
int dir_lookup(struct inode *dir, const char *name, int len,
	       struct inode **ipp);
int dir_add(struct inode *dir, const char *name, int len, struct inode *ip);
void dir_remove(struct inode *dir, const char *name, int len);
int dir_is_empty(struct inode *dir);
int dir_name_of(struct inode *dir, struct inode *child, char *buf, int size);
void inode_touch(struct inode *ip, int what);
#define TOUCH_M	1	/* data changed: mtime and ctime */
#define TOUCH_C	2	/* attributes changed: ctime */
extern const struct inode_operations ramfs_dir_iops;
int ramfs_iterate(struct inode *dir, struct dir_context *ctx);
extern const struct file_operations ramfs_file_fops, dir_fops;
extern const struct file_operations fifo_fops;	/* pipe.c */
long generic_read_dir(struct file *f, char *ubuf, uint32_t n, uint64_t *pos);

/* A regular file with ramfs data (a /proc file is regular too, but not this). */
static inline int is_ramfs_file(const struct inode *ip)
{
	return ip->f_op == &ramfs_file_fops;
}

/*
 * The pages [0, ramfs_npages(ip)) hold the file's bytes and those
 * fallocate gave it past its end (falloc_npages), and no page, data or
 * index, lies wholly at or past it: a write fills holes only below the
 * end it makes (fs/ramfs.c's drop_page_past_end takes back what a failed
 * one took), and a mapping gets a page only below the end
 * (filemap_nopage).  So truncate, st_blocks and the swap clock look at
 * those pages alone, not at every entry of the index.  An index page, or
 * the top one, that truncate or a punched hole left empty goes.
 */
static inline uint32_t ramfs_npages(const struct inode *ip)
{
	uint32_t n = ip->size / PAGE_SIZE + (ip->size % PAGE_SIZE != 0);

	return n > ip->falloc_npages ? n : ip->falloc_npages;
}

/*
 * Where ip's index keeps page pgno (below RAMFS_MAX_PAGES): NULL if its
 * index page is not there.  The slot holds NULL (a hole), the page's kernel
 * address, or, while the page is out, its swap entry (mm/swap.h's
 * slot_swapped).
 */
/* Index page i of ip (below PTRS_PER_INDEX), or NULL if it is not there. */
static inline void **ramfs_index(const struct inode *ip, uint32_t i)
{
	if (i == 0)
		return ip->u.index.first;
	return ip->u.index.top ? ip->u.index.top[i] : NULL;
}

static inline void **ramfs_slot(struct inode *ip, uint32_t pgno)
{
	void **index = ramfs_index(ip, pgno / PTRS_PER_INDEX);

	return index ? &index[pgno % PTRS_PER_INDEX] : NULL;
}

/* ramfs_swap.c: files' pages to swap and back (as Linux's shmem) */
extern uint32_t shmem_rss, shmem_swp;	/* data pages in memory, on swap */
void shmem_add_inode(struct inode *ip);
void shmem_del_inode(struct inode *ip);
int shmem_swap_in(struct inode *ip, void **slot);	/* 0, -EAGAIN, -errno */
void shmem_free_swap(struct inode *ip, void *slot);
int shmem_swap(void);		/* one page out: 1, 0 if none, -1 swap full */
int shmem_unuse(uint32_t type);	/* every page out on area type back: 0 or -errno */

/* ramfs_sb.c: the limits, and ramfs_sb, the root file system's */
extern struct ramfs_sb_info ramfs_sb;
void ramfs_sb_init(struct ramfs_sb_info *sb);
void ramfs_sb_defaults(struct ramfs_sb_info *sb);
int ramfs_parse_param(struct ramfs_sb_info *sb, const char *param,
		      const char *value);
int ramfs_reserve_blocks(struct ramfs_sb_info *sb, uint32_t n);
void ramfs_release_blocks(struct ramfs_sb_info *sb, uint32_t n);
int ramfs_reserve_inode(struct ramfs_sb_info *sb);
void ramfs_release_inode(struct ramfs_sb_info *sb);

/* open.c */
int vfs_open(struct inode *base, char *path, uint32_t flags, uint32_t mode,
	     struct file **fp);

/* read_write.c: lseek's arithmetic, for a file kind with a size of its own */
int64_t generic_file_llseek_size(struct file *f, int64_t off, int whence, int64_t maxsize,
				 int64_t size);

/* d_path.c: an open file's name, at the end of buf; where it starts, or -errno */
int d_path(struct file *f, char *buf, int size);

/* devices.c: device files and the nodes of /dev */
const struct file_operations *chrdev_fops(uint32_t rdev);
const struct file_operations *blkdev_fops(uint32_t rdev);
void dev_mknod(const char *name, uint32_t mode, uint32_t gid, uint32_t rdev);
void dev_unlink(const char *name, uint32_t rdev);
void dev_init(void);

/* procfs.c */
struct inode *proc_fill_super(void);
struct inode *sysfs_fill_super(uint32_t dev);
int proc_dir_name(struct inode *child, char *buf, int size);

struct seq_file;

/*
 * A file or directory of /proc outside /proc/PID, as Linux's
 * proc_dir_entry: a directory lists its entries in subdir, ended by one
 * without a name, and then those of more, another part of the kernel's
 * (/proc/sys/kernel has kernel/sysctl.c's and ipc/'s); a symlink names
 * target; a file has its own fops, which find what it shows in data, or
 * a show function that prints its text (fs/proc.h).
 */
struct proc_dir_entry {
	const char *name;
	uint32_t mode;
	const struct proc_dir_entry *subdir, *more;
	const char *target;
	const struct file_operations *fops;
	void (*show)(struct seq_file *m, const void *data);
	const void *data;
};

/*
 * What /proc/sys holds (kernel/sysctl.c), and /proc/sys/kernel's System V
 * limits and /proc/sysvipc (ipc/proc_sysvipc.c)
 */
extern const struct proc_dir_entry proc_sys_entries[], proc_sys_kernel_entries[],
				   proc_sysvipc_entries[];

/* /sys's tree (fs/sysfs.c), the root of a sysfs mount (sysfs_fill_super) */
extern const struct proc_dir_entry sysfs_root;

/* initramfs.c */
void initramfs_unpack(const char *buf, uint32_t len);

/* ktest_fs.c: the in-kernel tests (kernel/ktest.c runs them) */
int fs_selftest(void);

#endif
