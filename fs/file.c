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

struct file *file_alloc(struct inode *ip, uint32_t flags)
{
	struct file *f = kzalloc(sizeof(*f));
	static const int fmodes[4] = {
		FMODE_READ, FMODE_WRITE, FMODE_READ | FMODE_WRITE, 0
	};

	if (f == NULL)
		return NULL;
	f->count = 1;
	f->flags = flags & ~OPEN_ONLY_FLAGS;
	f->fmode = fmodes[flags & O_ACCMODE];
	f->inode = inode_get(ip);
	f->f_op = S_ISCHR(ip->mode) ? chrdev_fops(ip->rdev) : ip->f_op;
	return f;
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
	f = file_alloc(ip, O_RDWR | O_LARGEFILE);
	inode_put(ip);
	if (f == NULL) {
		inode_put(dir);
		return -ENOMEM;
	}
	f->dir = dir;
	if (f->f_op == NULL) {
		file_put(f);
		return -ENXIO;
	}
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
	inode_put(t->exe);
	inode_put(t->exe_dir);
	t->cwd = t->exe = t->exe_dir = NULL;
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
