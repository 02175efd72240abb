/*
 * Open files and the per-process descriptor table (current->files, which
 * a process's threads share).
 * A descriptor is an index into the table; several descriptors, in one
 * process (dup) or several (fork), may share one struct file and so its
 * offset.  The file goes away when the last descriptor closes.  File locks
 * (fs/locks.c) go with them: closing any descriptor of a file lets go of
 * the process's POSIX locks on it (filp_close), the file's last reference
 * of its OFD and flock locks (file_put).
 */
#include "fs/fs.h"
#include "fs/inotify.h"
#include "fs/namei.h"
#include "fs/poll.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "net/unix/af_unix.h"

/* What F_GETFL shows: open's flags without the ones that only act once. */
#define OPEN_ONLY_FLAGS	(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC)

/*
 * A file for ip opened with flags; the caller has checked that it may be.
 * An O_PATH file has no access mode and no operations.
 */
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
	f->inode = inode_get(ip);
	if (flags & O_PATH) {
		f->fmode = FMODE_PATH;
		return f;
	}
	f->fmode = fmodes[flags & O_ACCMODE];
	f->f_op = S_ISCHR(ip->mode) ? chrdev_fops(ip->rdev) :
		  S_ISBLK(ip->mode) ? blkdev_fops(ip->rdev) : ip->f_op;
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
	fsnotify_open(f);
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
	if (f->f_op)		/* not an open that failed */
		fsnotify_close(f);
	eventpoll_release(f);
	if ((f->flags & FASYNC) && f->f_op && f->f_op->fasync)
		f->f_op->fasync(-1, f, 0);
	if (f->f_op && f->f_op->release)
		f->f_op->release(f);
	inode_put(f->dir);
	inode_put(f->inode);
	kfree(f);
}

/*
 * Memory for a table, zeroed.  GFP_USER: users make the kernel hold it (a
 * table of NR_OPEN descriptors is 66 KiB), so it leaves the kernel's reserve
 * alone.
 */
static void *fdtable_zalloc(size_t size)
{
	void *p = kmalloc_gfp(size, GFP_USER);

	if (p)
		memset(p, 0, size);
	return p;
}

int sysctl_nr_open = NR_OPEN;

/* The length of piece l of a table with room for nfds descriptors (0: none). */
static unsigned int leaf_len(unsigned int nfds, unsigned int l)
{
	unsigned int first = l * FDS_PER_LEAF;

	if (nfds <= first)
		return 0;
	return nfds - first < FDS_PER_LEAF ? nfds - first : FDS_PER_LEAF;
}

/* Where descriptor fd's file is kept; fd is below max_fds. */
static struct file **fd_slot(struct files_struct *files, unsigned int fd)
{
	return &files->fd[fd / FDS_PER_LEAF][fd % FDS_PER_LEAF];
}

/* files' open file fd, or NULL: none, or beyond the table. */
struct file *fcheck_files(struct files_struct *files, unsigned int fd)
{
	return fd < files->max_fds ? *fd_slot(files, fd) : NULL;
}

/*
 * Room for descriptor nr (Linux's expand_files): the table doubles until
 * nr fits.  The new pieces and bitmap are all allocated before any old
 * one is let go of, so a failure leaves the table as it was.  0, -EMFILE
 * past fs.nr_open, or -ENOMEM.
 */
int expand_files(struct files_struct *files, unsigned int nr)
{
	struct file **grown[NR_OPEN / FDS_PER_LEAF] = { NULL };
	unsigned int old = files->max_fds, nfds, l;
	uint32_t *bits;
	int err = -ENOMEM;

	if (nr < old)
		return 0;
	if (nr >= (unsigned int)sysctl_nr_open)
		return -EMFILE;
	for (nfds = old ? old : NR_OPEN_DEFAULT; nfds <= nr; nfds *= 2)
		;
	if ((bits = fdtable_zalloc(nfds / 8)) == NULL)
		return -ENOMEM;
	for (l = 0; leaf_len(nfds, l); l++)
		if (leaf_len(nfds, l) > leaf_len(old, l) &&
		    !(grown[l] = fdtable_zalloc(leaf_len(nfds, l) * sizeof(struct file *))))
			goto out;
	/* Everything is there: the old entries move in, the old pieces go. */
	for (l = 0; leaf_len(nfds, l); l++) {
		if (!grown[l])
			continue;
		if (files->fd[l])
			memcpy(grown[l], files->fd[l],
			       leaf_len(old, l) * sizeof(struct file *));
		kfree(files->fd[l]);
		files->fd[l] = grown[l];
		grown[l] = NULL;
	}
	if (old)
		memcpy(bits, files->close_on_exec, old / 8);
	kfree(files->close_on_exec);
	files->close_on_exec = bits;
	bits = NULL;
	files->max_fds = nfds;
	err = 0;
out:
	kfree(bits);
	for (l = 0; l < NR_OPEN / FDS_PER_LEAF; l++)
		kfree(grown[l]);
	return err;
}

/*
 * The file of descriptor fd, O_PATH or not (Linux's fdget_raw), for the
 * call in progress.  A table of this
 * task's alone changes only through its own calls: the file stays while
 * the call needs it.  One that other threads share (clone's CLONE_FILES)
 * may see a thread close fd while this call sleeps in a read on the file,
 * whose last reference would go: Linux's fdget then takes a reference,
 * which its fdput drops.  Here the reference is kept in the task, and
 * syscall() lets go of it at the call's end (fput_call_files), so the
 * callers need no fdput.  At most CALL_FILES: the calls that sleep on a
 * file take one or two.  select and poll take every descriptor they look
 * at and keep the first CALL_FILES across their sleep; Linux's keep them
 * all (poll_wait's reference), so a pipe's end another thread closes stays
 * a writer until the poll returns (tests/progs/thread_close_busy).
 */
struct file *fget_raw(int fd)
{
	struct files_struct *files = current->files;
	struct file *f = fd < 0 ? NULL : fcheck_files(files, fd);

	if (f && files->count > 1 && current->nr_call_files < CALL_FILES)
		current->call_files[current->nr_call_files++] = file_get(f);
	return f;
}

/*
 * fget_raw, but an O_PATH descriptor is none (Linux's fdget): read, write,
 * ioctl, mmap... say EBADF for it.
 */
struct file *fget(int fd)
{
	struct file *f = fget_raw(fd);

	return f && !(f->fmode & FMODE_PATH) ? f : NULL;
}

/* The end of a call: the references fget took for it go. */
void fput_call_files(void)
{
	while (current->nr_call_files > 0)
		file_put(current->call_files[--current->nr_call_files]);
}

/*
 * After a call on f that may have slept: f if descriptor fd still holds it,
 * else NULL: a thread sharing the table may have closed fd meanwhile (f
 * stays, fget's reference holds it, but it is no longer fd's).
 */
struct file *fget_same(int fd, struct file *f)
{
	return fd >= 0 && fcheck_files(current->files, fd) == f ? f : NULL;
}

/*
 * The lowest free descriptor at or above from, below RLIMIT_NOFILE (Linux's
 * alloc_fd), with room made for it in the table: -EMFILE, or -ENOMEM.
 */
int fd_alloc(int from)
{
	struct files_struct *files = current->files;
	unsigned int fd = from < 0 ? 0 : from;
	int err;

	while (fd < files->max_fds && *fd_slot(files, fd))
		fd++;
	if (fd >= rlimit(RLIMIT_NOFILE))
		return -EMFILE;
	if ((err = expand_files(files, fd)) != 0)
		return err;
	return fd;
}

/* fd is below max_fds: fd_alloc or expand_files made room for it. */
void fd_install(int fd, struct file *f, int cloexec)
{
	*fd_slot(current->files, fd) = f;
	fd_set_cloexec(fd, cloexec);
}

/*
 * A descriptor of owner's for f is gone: Linux's filp_close.  Its F_NOTIFY
 * request ends (fs/dnotify.c).  A socket's
 * may have been the last hold from outside on a cycle of sockets in
 * flight: the collector looks (net/unix/garbage.c).
 */
void filp_close(struct file *f, struct files_struct *owner)
{
	int sock = S_ISSOCK(f->inode->mode);

	dnotify_flush(f, owner);
	if (f->f_op && f->f_op->flush)
		f->f_op->flush(f);
	locks_remove_posix(f, owner);
	file_put(f);
	if (sock)
		unix_gc();
}

int fd_close(int fd)
{
	struct file *f = fget_raw(fd);

	if (f == NULL)
		return -EBADF;
	*fd_slot(current->files, fd) = NULL;
	fd_set_cloexec(fd, 0);
	filp_close(f, current->files);
	return 0;
}

/*
 * close_range: descriptors fd to max_fd close, or with CLOSE_RANGE_CLOEXEC
 * become close-on-exec.  CLOSE_RANGE_UNSHARE first makes a table shared
 * through clone(CLONE_FILES) the task's own, so that the others keep
 * theirs.  Linux's order of checks; max_fd past the table is its end.
 */
int __close_range(unsigned int fd, unsigned int max_fd, unsigned int flags)
{
	struct files_struct *files;

	if (flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC))
		return -EINVAL;
	if (fd > max_fd)
		return -EINVAL;
	if ((flags & CLOSE_RANGE_UNSHARE) && unshare_files(current))
		return -ENOMEM;
	files = current->files;
	for (; fd <= max_fd && fd < files->max_fds; fd++) {
		if (!*fd_slot(files, fd))
			continue;
		if (flags & CLOSE_RANGE_CLOEXEC)
			fd_set_cloexec(fd, 1);
		else
			fd_close(fd);
	}
	return 0;
}

/* Whether files closes descriptor fd (below its max_fds) at execve. */
int close_on_exec(unsigned int fd, const struct files_struct *files)
{
	return (files->close_on_exec[fd / 32] >> (fd % 32)) & 1;
}

int fd_cloexec(int fd)
{
	return close_on_exec(fd, current->files);
}

void fd_set_cloexec(int fd, int on)
{
	uint32_t *word = &current->files->close_on_exec[fd / 32];

	if (on)
		*word |= 1u << (fd % 32);
	else
		*word &= ~(1u << (fd % 32));
}

/* idle's, for the ktests that run in it: no descriptors, cwd /, umask 0. */
struct files_struct init_files = { .count = 1 };
struct fs_struct init_fs = { .count = 1 };

/* The table's memory, its files closed: exit's and a failed copy's. */
static void files_free(struct files_struct *files)
{
	for (unsigned int l = 0; l < NR_OPEN / FDS_PER_LEAF; l++)
		kfree(files->fd[l]);
	kfree(files->close_on_exec);
	kfree(files);
}

/* An empty table with room for nfds descriptors (at least NR_OPEN_DEFAULT). */
static struct files_struct *files_alloc(unsigned int nfds)
{
	struct files_struct *files = kzalloc(sizeof(*files));

	if (files == NULL)
		return NULL;
	files->count = 1;
	if (expand_files(files, (nfds ? nfds : 1) - 1) != 0) {
		files_free(files);
		return NULL;
	}
	return files;
}

static struct fs_struct *fs_alloc(void)
{
	struct fs_struct *fs = kzalloc(sizeof(*fs));

	if (fs)
		fs->count = 1;
	return fs;
}

/* init's standard input, output and error: the console, read-write; cwd /, umask 022. */
int fs_open_console(struct task *t)
{
	struct inode *ip, *dir;
	struct file *f;
	int err;

	if (!(t->files = files_alloc(NR_OPEN_DEFAULT)) || !(t->fs = fs_alloc()))
		return -ENOMEM;
	t->fs->cwd = inode_get(root_inode);
	t->fs->umask = 022;
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
		*fd_slot(t->files, fd) = fd ? file_get(f) : f;
	return 0;
}

/*
 * A copy of old: the same open files, each one more reference, and the
 * same close-on-exec bits.  As Linux's dup_fd, the copy is only as large
 * as the highest open descriptor needs (old may have grown for ones since
 * closed), so a child's FDSize may be smaller than its parent's.
 */
static struct files_struct *dup_fd(struct files_struct *old)
{
	struct files_struct *files;
	unsigned int open_files = old->max_fds;

	while (open_files > 0 && !*fd_slot(old, open_files - 1))
		open_files--;
	if (!(files = files_alloc(open_files)))
		return NULL;
	for (unsigned int fd = 0; fd < open_files; fd++) {
		struct file *f = *fd_slot(old, fd);

		*fd_slot(files, fd) = f ? file_get(f) : NULL;
	}
	memcpy(files->close_on_exec, old->close_on_exec,
	       (files->max_fds < old->max_fds ? files->max_fds : old->max_fds) / 8);
	return files;
}

int copy_files(int share, struct task *parent, struct task *child)
{
	if (share) {
		child->files = parent->files;
		child->files->count++;
		return 0;
	}
	child->files = dup_fd(parent->files);
	return child->files ? 0 : -ENOMEM;
}

/* The working and root directories and umask; and the program's inodes, the task's own. */
int copy_fs(int share, struct task *parent, struct task *child)
{
	child->exe = parent->exe ? inode_get(parent->exe) : NULL;
	child->exe_dir = parent->exe_dir ? inode_get(parent->exe_dir) : NULL;
	if (share) {
		child->fs = parent->fs;
		child->fs->count++;
		return 0;
	}
	if (!(child->fs = fs_alloc()))
		return -ENOMEM;
	child->fs->cwd = inode_get(parent->fs->cwd);
	child->fs->root = parent->fs->root ? inode_get(parent->fs->root) : NULL;
	child->fs->umask = parent->fs->umask;
	return 0;
}

/*
 * The task lets go of its table; the last user closes every descriptor.
 * A thread's POSIX locks belong to its process (the table): the last
 * closes them, as Linux's, whose lock owner is the files_struct.
 */
void exit_files(struct task *t)
{
	struct files_struct *files = t->files;

	if (!files)
		return;
	t->files = NULL;
	if (--files->count > 0)
		return;
	for (unsigned int fd = 0; fd < files->max_fds; fd++) {
		struct file *f = *fd_slot(files, fd);

		if (f) {
			*fd_slot(files, fd) = NULL;
			filp_close(f, files);
		}
	}
	files_free(files);
}

void exit_fs(struct task *t)
{
	struct fs_struct *fs = t->fs;

	inode_put(t->exe);
	inode_put(t->exe_dir);
	t->exe = t->exe_dir = NULL;
	if (!fs)
		return;
	t->fs = NULL;
	if (--fs->count > 0)
		return;
	inode_put(fs->cwd);
	inode_put(fs->root);
	kfree(fs);
}

/*
 * execve, before its point of no return: a table still shared (clone's
 * CLONE_FILES without a thread group) becomes the task's own copy, as
 * Linux's unshare_files, so that closing the close-on-exec descriptors
 * does not close the other's.  -ENOMEM if the copy cannot be made.
 */
int unshare_files(struct task *t)
{
	struct files_struct *files = t->files, *copy;

	if (files->count == 1)
		return 0;
	if (!(copy = dup_fd(files)))
		return -ENOMEM;
	files->count--;
	t->files = copy;
	return 0;
}

/*
 * unshare(CLONE_FS): directories and umask shared with clone(CLONE_FS)'s
 * others become the task's own copy, from then on changed for it alone.
 */
int unshare_fs(struct task *t)
{
	struct fs_struct *fs = t->fs, *copy;

	if (fs->count == 1)
		return 0;
	if (!(copy = fs_alloc()))
		return -ENOMEM;
	copy->cwd = inode_get(fs->cwd);
	copy->root = fs->root ? inode_get(fs->root) : NULL;
	copy->umask = fs->umask;
	fs->count--;
	t->fs = copy;
	return 0;
}

/*
 * execve: the close-on-exec descriptors close (the table is the task's
 * own), a word of the bitmap at a time.
 */
void files_exec(struct task *t)
{
	struct files_struct *files = t->files;

	for (unsigned int w = 0; w < files->max_fds / 32; w++) {
		uint32_t bits = files->close_on_exec[w];

		files->close_on_exec[w] = 0;
		for (unsigned int fd = w * 32; bits; bits >>= 1, fd++) {
			struct file *f = *fd_slot(files, fd);

			if (!(bits & 1) || !f)
				continue;
			*fd_slot(files, fd) = NULL;
			filp_close(f, files);
		}
	}
}
