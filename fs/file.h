/*
 * Open files.  A struct file is one open(): it holds the offset and the
 * open flags, and is shared (count) by every descriptor that dup and fork
 * made from it.  Its file_operations say how to read and write it: ramfs
 * data, a pipe, the tty, /dev/null, /proc.
 */
#ifndef FS_FILE_H
#define FS_FILE_H

#include <stdint.h>
#include "fs/fcntl.h"
#include "kernel/task.h"

struct inode;
struct task;
struct file;
struct vm_area_struct;

/* What the descriptor allows, from O_ACCMODE. */
#define FMODE_READ	1
#define FMODE_WRITE	2
/*
 * O_PATH's: the file is named, not opened (f_op NULL, Linux's empty_fops).
 * fget refuses it, as Linux's fdget: only the calls that use the file's
 * path, which take it with fget_raw, accept it.
 */
#define FMODE_PATH	4

struct file_operations {
	/* Transfer with a user buffer at *pos; bytes moved or -errno. */
	long (*read)(struct file *f, char *ubuf, uint32_t n, uint64_t *pos);
	long (*write)(struct file *f, const char *ubuf, uint32_t n,
		      uint64_t *pos);
	long (*ioctl)(struct file *f, uint32_t cmd, uint32_t arg);
	int (*poll)(struct file *f);	/* POLLIN/POLLOUT/POLLHUP now */
	/*
	 * A new open of the inode (not dup or fork), before the descriptor
	 * exists, with open's flags: 0, or -errno to refuse it.
	 */
	int (*open)(struct file *f);
	void (*release)(struct file *f);
	/*
	 * mmap: give the new VMA its vm_ops (the file is in vma->vm_file);
	 * without it the file cannot be mapped (ENODEV).
	 */
	int (*mmap)(struct file *f, struct vm_area_struct *vma);
	/* lseek, when it is not the usual change of f->pos */
	int64_t (*llseek)(struct file *f, int64_t off, int whence);
	/*
	 * fallocate of [off, off + len), vfs_fallocate's checks passed
	 * (fs/falloc.c); without it, EOPNOTSUPP.  0 or -errno.
	 */
	long (*fallocate)(struct file *f, int mode, uint64_t off, uint64_t len);
	/*
	 * O_ASYNC turned on or off (F_SETFL, FIOASYNC; off at the last
	 * close, fd -1): fasync_helper on the object's list.  Without it
	 * O_ASYNC is kept and sends nothing.
	 */
	int (*fasync)(int fd, struct file *f, int on);
	/* Each close of a descriptor for the file (Linux's flush), before the put. */
	void (*flush)(struct file *f);
	int no_seek;			/* lseek and pread: ESPIPE */
};

/*
 * Who hears of a file by signal (Linux's struct fown_struct): pid (0:
 * nobody) is a thread, a process or a process group, as type says
 * (F_OWNER_*: F_SETOWN_EX's); the signal F_SETSIG chose (0: SIGIO); the
 * ids of whoever set it, for sigio_perm.
 */
struct fown_struct {
	int pid, type;
	int signum;
	uint32_t uid, euid;
};

struct file {
	int count;
	uint32_t flags;		/* as F_GETFL shows them */
	int fmode;		/* FMODE_READ | FMODE_WRITE, or FMODE_PATH */
	uint64_t pos;
	struct inode *inode;
	/*
	 * The directory the file was found in, referenced (NULL if unknown):
	 * its name in /proc/PID/fd is that directory's path and the name
	 * that names the inode there (fs/d_path.c), as Linux's f_path.
	 */
	struct inode *dir;
	const struct file_operations *f_op;	/* NULL for FMODE_PATH */
	void *private_data;	/* the driver's (the tty's open file) */
	struct fown_struct f_owner;	/* dnotify's signal goes there (fs/fcntl.c) */
};

struct file *file_alloc(struct inode *ip, uint32_t flags);
struct file *anon_inode_getfile(const char *name, const struct file_operations *fops,
				void *priv, uint32_t flags);	/* anon_inodes.c */
int file_open(struct inode *ip, struct inode *dir, uint32_t flags,
	      struct file **fp);
struct file *file_get(struct file *f);
void file_put(struct file *f);
void filp_close(struct file *f, struct files_struct *owner);
struct file *fget(int fd);
struct file *fget_raw(int fd);
struct file *fget_same(int fd, struct file *f);
void fput_call_files(void);	/* syscall()'s, at a call's end */
int fd_alloc(int from);
void fd_install(int fd, struct file *f, int cloexec);
int fd_close(int fd);
int fd_cloexec(int fd);
int close_on_exec(unsigned int fd, const struct files_struct *files);
#define CLOSE_RANGE_UNSHARE	(1u << 1)
#define CLOSE_RANGE_CLOEXEC	(1u << 2)
int __close_range(unsigned int fd, unsigned int max_fd, unsigned int flags);
void fd_set_cloexec(int fd, int on);

/*
 * A descriptor table, shared by the tasks that clone(CLONE_FILES) made
 * (threads), copied by fork.  count: the tasks using it.
 *
 * It grows on demand (expand_files), as Linux's: a new table has room for
 * NR_OPEN_DEFAULT descriptors and doubles when a higher one is needed, up
 * to NR_OPEN.  kmalloc gives at most 2 KiB, so the table is in pieces of
 * FDS_PER_LEAF pointers: descriptor n is fd[n / FDS_PER_LEAF][n %
 * FDS_PER_LEAF] (fcheck_files).  While max_fds is below FDS_PER_LEAF there
 * is one piece, max_fds long; above, every piece is full.
 */
#define NR_OPEN_DEFAULT	64	/* Linux's BITS_PER_LONG on the x86-64 hosts tests compare with */
#define FDS_PER_LEAF	512	/* 2 KiB of pointers: kmalloc's largest */

struct files_struct {
	int count;
	unsigned int max_fds;		/* room for descriptors 0 .. max_fds - 1 */
	struct file **fd[NR_OPEN / FDS_PER_LEAF];
	uint32_t *close_on_exec;	/* max_fds bits: bit n closes fd n at execve */
};

/*
 * fs.nr_open, which root may lower (/proc/sys/fs/nr_open, at least
 * NR_OPEN_DEFAULT): no table grows to hold it, no hard RLIMIT_NOFILE
 * goes past it (EPERM).  NR_OPEN, shmos's most, is below Linux's 1048576.
 */
extern int sysctl_nr_open;

struct file *fcheck_files(struct files_struct *files, unsigned int fd);
int expand_files(struct files_struct *files, unsigned int nr);

/* The working and root directories and umask, shared by clone(CLONE_FS), copied by fork. */
struct fs_struct {
	int count;
	struct inode *cwd;
	struct inode *root;		/* chroot's; NULL: the root of all */
	uint32_t umask;
};

/*
 * fork's and clone's side (share: the CLONE_ flag asked for it; -ENOMEM),
 * exit's, and exec's, which makes a shared table the task's own before it
 * closes the close-on-exec descriptors (unshare(2) makes either its own);
 * and init's first ones.
 */
extern struct files_struct init_files;	/* idle's */
extern struct fs_struct init_fs;
int copy_files(int share, struct task *parent, struct task *child);
int copy_fs(int share, struct task *parent, struct task *child);
void exit_files(struct task *t);
void exit_fs(struct task *t);
int unshare_files(struct task *t);
int unshare_fs(struct task *t);
void files_exec(struct task *t);
int fs_open_console(struct task *t);

#endif
