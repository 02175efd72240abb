/*
 * Open files and the per-process descriptor table (current->files[]).
 * A descriptor is an index into the table; several descriptors, in one
 * process (dup) or several (fork), may share one struct file and so its
 * offset.  The file goes away when the last descriptor closes.  File locks
 * (fs/locks.c) go with them: closing any descriptor of a file lets go of
 * the process's POSIX locks on it (filp_close), the file's last reference
 * of its OFD and flock locks (file_put).
 */
#include "fs/fs.h"
#include "fs/namei.h"
#include "kernel/errno.h"
#include "kernel/task.h"
#include "mm/kmalloc.h"

/* What F_GETFL shows: open's flags without the ones that only act once. */
#define OPEN_ONLY_FLAGS	(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC)

/* A file for ip opened with flags; the caller has checked that it may be. */
struct file *file_alloc(struct inode *ip, uint32_t flags)
{
	struct file *f = kzalloc(sizeof(*f));
	static const int fmodes[4] = {
		FMODE_READ, FMODE_WRITE, FMODE_READ | FMODE_WRITE, 0
	};

	if (f == NULL)
		return NULL;
	f->count = 1;
	f->flags = flags;
	f->fmode = fmodes[flags & O_ACCMODE];
	f->inode = inode_get(ip);
	f->f_op = S_ISCHR(ip->mode) ? chrdev_fops(ip->rdev) : ip->f_op;
	return f;
}

/*
 * open's file (Linux's do_dentry_open) for ip, found in dir (whose
 * reference the file takes; NULL if unknown): the file's own open method
 * runs with every flag open was given (the tty looks at O_NOCTTY, a FIFO
 * waits for its other end, a pipe reopened through /proc/PID/fd counts one
 * more end), then the flags that act only at open are dropped.  A failed
 * open leaves nothing: no release runs.
 */
int file_open(struct inode *ip, struct inode *dir, uint32_t flags,
	      struct file **fp)
{
	struct file *f = file_alloc(ip, flags);
	int err;

	if (f == NULL) {
		inode_put(dir);
		return -ENOMEM;
	}
	f->dir = dir;
	if (f->f_op && f->f_op->open && (err = f->f_op->open(f)) != 0) {
		f->f_op = NULL;	/* nothing to release */
		file_put(f);
		return err;
	}
	f->flags &= ~OPEN_ONLY_FLAGS;
	*fp = f;
	return 0;
}

struct file *file_get(struct file *f)
{
	f->count++;
	return f;
}

void file_put(struct file *f)
{
	if (--f->count > 0)
		return;
	locks_remove_file(f);
	if (f->f_op && f->f_op->release)
		f->f_op->release(f);
	inode_put(f->dir);
	inode_put(f->inode);
	kfree(f);
}

struct file *fget(int fd)
{
	if (fd < 0 || fd >= NR_OPEN)
		return NULL;
	return current->files[fd];
}

/* The lowest free descriptor at or above from, below RLIMIT_NOFILE. */
int fd_alloc(int from)
{
	uint32_t end = rlimit(RLIMIT_NOFILE);

	if (end > NR_OPEN)
		end = NR_OPEN;
	for (int fd = from < 0 ? 0 : from; (uint32_t)fd < end; fd++)
		if (current->files[fd] == NULL)
			return fd;
	return -EMFILE;
}

void fd_install(int fd, struct file *f, int cloexec)
{
	current->files[fd] = f;
	fd_set_cloexec(fd, cloexec);
}

/* A descriptor of owner's for f is gone: Linux's filp_close. */
void filp_close(struct file *f, struct task *owner)
{
	locks_remove_posix(f, owner);
	file_put(f);
}

int fd_close(int fd)
{
	struct file *f = fget(fd);

	if (f == NULL)
		return -EBADF;
	current->files[fd] = NULL;
	fd_set_cloexec(fd, 0);
	filp_close(f, current);
	return 0;
}

int fd_cloexec(int fd)
{
	return (current->close_on_exec >> fd) & 1;
}

void fd_set_cloexec(int fd, int on)
{
	if (on)
		current->close_on_exec |= 1ull << fd;
	else
		current->close_on_exec &= ~(1ull << fd);
}

/* init's standard input, output and error: the console, read-write. */
int fs_open_console(struct task *t)
{
	struct inode *ip, *dir;
	struct file *f;
	int err;

	err = path_lookup_dir(root_inode, "/dev/console", LOOKUP_FOLLOW, &ip,
			      &dir);
	if (err)
		return err;
	if (chrdev_fops(ip->rdev)) {
		err = file_open(ip, dir, O_RDWR | O_LARGEFILE, &f);
	} else {
		inode_put(dir);
		err = -ENXIO;
	}
	inode_put(ip);
	if (err)
		return err;
	for (int fd = 0; fd < 3; fd++)
		t->files[fd] = fd ? file_get(f) : f;
	if (t->cwd == NULL)
		t->cwd = inode_get(root_inode);
	return 0;
}

void files_fork(struct task *parent, struct task *child)
{
	for (int fd = 0; fd < NR_OPEN; fd++)
		child->files[fd] = parent->files[fd] ?
				   file_get(parent->files[fd]) : NULL;
	child->close_on_exec = parent->close_on_exec;
	child->cwd = parent->cwd ? inode_get(parent->cwd) : NULL;
	child->root = parent->root ? inode_get(parent->root) : NULL;
	child->exe = parent->exe ? inode_get(parent->exe) : NULL;
	child->exe_dir = parent->exe_dir ? inode_get(parent->exe_dir) : NULL;
}

void files_exit(struct task *t)
{
	for (int fd = 0; fd < NR_OPEN; fd++) {
		struct file *f = t->files[fd];

		if (f) {
			t->files[fd] = NULL;
			filp_close(f, t);
		}
	}
	t->close_on_exec = 0;
	inode_put(t->cwd);
	inode_put(t->root);
	inode_put(t->exe);
	inode_put(t->exe_dir);
	t->cwd = t->root = t->exe = t->exe_dir = NULL;
}

void files_exec(struct task *t)
{
	for (int fd = 0; fd < NR_OPEN; fd++) {
		if (t->files[fd] && ((t->close_on_exec >> fd) & 1)) {
			struct file *f = t->files[fd];

			t->files[fd] = NULL;
			filp_close(f, t);
		}
	}
	t->close_on_exec = 0;
}
