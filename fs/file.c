/*
 * Open files and the per-process descriptor table (current->files[]).
 * A descriptor is an index into the table; several descriptors, in one
 * process (dup) or several (fork), may share one struct file and so its
 * offset.  The file goes away when the last descriptor closes.
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
 * open's file (Linux's do_dentry_open): the file's own open method runs
 * with every flag open was given (the tty looks at O_NOCTTY), then the
 * flags that act only at open are dropped.  A failed open leaves nothing:
 * no release runs.
 */
int file_open(struct inode *ip, uint32_t flags, struct file **fp)
{
	struct file *f = file_alloc(ip, flags);
	int err;

	if (f == NULL)
		return -ENOMEM;
	if (f->f_op && f->f_op->open && (err = f->f_op->open(ip, f)) != 0) {
		inode_put(f->inode);
		kfree(f);
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
	if (f->f_op && f->f_op->release)
		f->f_op->release(f);
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

int fd_close(int fd)
{
	struct file *f = fget(fd);

	if (f == NULL)
		return -EBADF;
	current->files[fd] = NULL;
	fd_set_cloexec(fd, 0);
	file_put(f);
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
	struct inode *ip;
	struct file *f;
	int err;

	err = path_lookup(root_inode, "/dev/console", LOOKUP_FOLLOW, &ip);
	if (err)
		return err;
	err = chrdev_fops(ip->rdev) ? file_open(ip, O_RDWR | O_LARGEFILE, &f) : -ENXIO;
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
}

void files_exit(struct task *t)
{
	for (int fd = 0; fd < NR_OPEN; fd++) {
		struct file *f = t->files[fd];

		if (f) {
			t->files[fd] = NULL;
			file_put(f);
		}
	}
	t->close_on_exec = 0;
	inode_put(t->cwd);
	t->cwd = NULL;
}

void files_exec(struct task *t)
{
	for (int fd = 0; fd < NR_OPEN; fd++) {
		if (t->files[fd] && ((t->close_on_exec >> fd) & 1)) {
			struct file *f = t->files[fd];

			t->files[fd] = NULL;
			file_put(f);
		}
	}
	t->close_on_exec = 0;
}
