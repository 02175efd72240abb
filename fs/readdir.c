/*
 * getdents64: a directory's entries, as many as fit, in Linux's struct
 * linux_dirent64.  The directory's ->iterate walks them from the file's
 * position; each entry's d_off is where the next call starts.
 */
#include "fs/fs.h"
#include "fs/inotify.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "mm/uaccess.h"

struct getdents_buf {
	struct dir_context ctx;		/* first: the actor gets its address */
	char *ubuf;
	uint32_t count, used;
	int err;
};

/* struct linux_dirent64: 19 bytes of header, the name, padding to 8. */
static int fill_dirent64(struct dir_context *ctx, const char *name, int len,
			 uint32_t ino, unsigned type, uint64_t next_off)
{
	struct getdents_buf *b = (struct getdents_buf *)ctx;
	struct {
		uint64_t d_ino;
		int64_t d_off;
		uint16_t d_reclen;
		uint8_t d_type;
		char d_name[NAME_MAX + 1 + 7];
	} __attribute__((packed)) d;
	uint32_t reclen = (19 + len + 1 + 7) & ~7u;

	if (b->used + reclen > b->count) {
		if (b->used == 0)
			b->err = -EINVAL;
		return 1;
	}
	d.d_ino = ino;
	d.d_off = next_off;
	d.d_reclen = reclen;
	d.d_type = type;
	memcpy(d.d_name, name, len);
	memset(d.d_name + len, 0, reclen - 19 - len);
	if (copy_to_user(b->ubuf + b->used, &d, reclen)) {
		b->err = -EFAULT;
		return 1;
	}
	b->used += reclen;
	return 0;
}

long sys_getdents64(int fd, void *dirp, uint32_t count)
{
	struct file *f = fget(fd);
	struct getdents_buf b = {
		.ctx = { .actor = fill_dirent64 },
		.ubuf = dirp,
		.count = count,
	};

	if (f == NULL)
		return -EBADF;
	if (!S_ISDIR(f->inode->mode) || f->inode->i_op == NULL)
		return -ENOTDIR;
	b.ctx.pos = f->pos;
	f->inode->i_op->iterate(f->inode, &b.ctx);
	f->pos = b.ctx.pos;
	if (fget_same(fd, f))	/* each call, even at the end, as Linux's iterate_dir */
		fsnotify_access(f);
	return b.used ? (long)b.used : b.err;
}
