/*
 * Open files.  A struct file is one open(): it holds the offset and the
 * open flags, and is shared (count) by every descriptor that dup and fork
 * made from it.  Its file_operations say how to read and write it: ramfs
 * data, a pipe, the tty, /dev/null, /proc.
 */
#ifndef FS_FILE_H
#define FS_FILE_H

#include <stdint.h>

struct inode;
struct task;
struct file;

/* open(2) flags, Linux i386's values. */
#define O_ACCMODE	00000003
#define O_RDONLY	00000000
#define O_WRONLY	00000001
#define O_RDWR		00000002
#define O_CREAT		00000100
#define O_EXCL		00000200
#define O_NOCTTY	00000400
#define O_TRUNC		00001000
#define O_APPEND	00002000
#define O_NONBLOCK	00004000
#define O_DSYNC		00010000
#define O_DIRECT	00040000
#define O_LARGEFILE	00100000
#define O_DIRECTORY	00200000
#define O_NOFOLLOW	00400000
#define O_NOATIME	01000000
#define O_CLOEXEC	02000000
#define O_PATH		010000000
#define O_TMPFILE	020000000

/* What the descriptor allows, from O_ACCMODE. */
#define FMODE_READ	1
#define FMODE_WRITE	2

/* poll(2) bits */
#define POLLIN		0x0001
#define POLLPRI		0x0002
#define POLLOUT		0x0004
#define POLLERR		0x0008
#define POLLHUP		0x0010
#define POLLNVAL	0x0020

struct file_operations {
	/* Transfer with a user buffer at *pos; bytes moved or -errno. */
	long (*read)(struct file *f, char *ubuf, uint32_t n, uint64_t *pos);
	long (*write)(struct file *f, const char *ubuf, uint32_t n,
		      uint64_t *pos);
	long (*ioctl)(struct file *f, uint32_t cmd, uint32_t arg);
	int (*poll)(struct file *f);	/* POLLIN/POLLOUT/POLLHUP now */
	void (*release)(struct file *f);
	/* lseek, when it is not the usual change of f->pos */
	int64_t (*llseek)(struct file *f, int64_t off, int whence);
	int no_seek;			/* lseek and pread: ESPIPE */
};

struct file {
	int count;
	uint32_t flags;		/* as F_GETFL shows them */
	int fmode;		/* FMODE_READ | FMODE_WRITE */
	uint64_t pos;
	struct inode *inode;
	const struct file_operations *f_op;
};

/* What F_SETFL may change. */
#define SETFL_MASK	(O_APPEND | O_NONBLOCK)

struct file *file_alloc(struct inode *ip, uint32_t flags);
struct file *file_get(struct file *f);
void file_put(struct file *f);
struct file *fget(int fd);
int fd_alloc(int from);
void fd_install(int fd, struct file *f, int cloexec);
int fd_close(int fd);
int fd_cloexec(int fd);
void fd_set_cloexec(int fd, int on);

/* Sleep queue for poll() and select(): every readiness change wakes it. */
extern char poll_wait_chan;

#endif
