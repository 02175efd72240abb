/*
 * statfs, fstatfs, statfs64 and fstatfs64: what a program learns of the
 * file system a file is on (df, LTP's setup), in Linux i386's layouts
 * (<asm-generic/statfs.h>).  A tmpfs (the root too, rootfs being one) and
 * a ramfs answer as Linux's shmem_statfs and simple_statfs do: pages of
 * PAGE_SIZE, the limits and what is left of them (0 where there is no
 * limit); proc and pipes only their kind.  f_flags says the mount's flags
 * and ST_VALID, as Linux's calculate_f_flags.
 */
#include "fs/fs.h"
#include "fs/ext2/ext2.h"
#include "fs/mount.h"
#include "fs/namei.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "mm/uaccess.h"

/* f_flags, Linux's ST_* values: MS_* but for relatime and ST_VALID. */
#define ST_VALID	0x0020
#define ST_RELATIME	0x1000

/* Linux i386's struct statfs: 64 bytes, every count 32 bits. */
struct statfs32 {
	uint32_t f_type, f_bsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	int32_t f_fsid[2];
	uint32_t f_namelen, f_frsize, f_flags, f_spare[4];
};
_Static_assert(sizeof(struct statfs32) == 64, "struct statfs is 64 bytes");

/* And struct statfs64: 84 bytes, packed, the counts 64 bits. */
struct statfs64 {
	uint32_t f_type, f_bsize;
	uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	int32_t f_fsid[2];
	uint32_t f_namelen, f_frsize, f_flags, f_spare[4];
} __attribute__((packed));
_Static_assert(sizeof(struct statfs64) == 84, "struct statfs64 is 84 bytes");

int vfs_statfs(struct inode *ip, struct kstatfs *st)
{
	struct vfsmount *m = mount_of(ip->dev);
	struct ramfs_sb_info *sb = m ? m->mnt_sb : ip->sb;

	memset(st, 0, sizeof(*st));
	st->f_bsize = st->f_frsize = PAGE_SIZE;
	st->f_namelen = NAME_MAX;
	st->f_type = m ? m->mnt_type->magic :
		     ip->dev == PIPE_DEV ? PIPEFS_MAGIC : TMPFS_MAGIC;
	st->f_flags = ST_VALID;
	if (m)
		st->f_flags |= (m->mnt_flags & MS_RELATIME ? ST_RELATIME : 0) |
			       (m->mnt_flags & (MS_RDONLY | MS_NOSUID | MS_NODEV |
						MS_NOEXEC | MS_SYNCHRONOUS |
						MS_MANDLOCK | MS_NOATIME |
						MS_NODIRATIME));
	if (sb && sb->s_ext2)
		ext2_statfs(sb->s_ext2, st);
	if (sb && sb->max_blocks) {
		st->f_blocks = sb->max_blocks;
		st->f_bfree = st->f_bavail = sb->max_blocks - sb->used_blocks;
	}
	if (sb && sb->max_inodes) {
		st->f_files = sb->max_inodes;
		st->f_ffree = sb->max_inodes - sb->used_inodes;
	}
	return 0;
}

static long put_statfs(struct inode *ip, void *ubuf)
{
	struct statfs32 buf;
	struct kstatfs st;

	vfs_statfs(ip, &st);
	memset(&buf, 0, sizeof(buf));
	buf.f_type = st.f_type;
	buf.f_bsize = st.f_bsize;
	buf.f_blocks = st.f_blocks;
	buf.f_bfree = st.f_bfree;
	buf.f_bavail = st.f_bavail;
	buf.f_files = st.f_files;
	buf.f_ffree = st.f_ffree;
	buf.f_namelen = st.f_namelen;
	buf.f_frsize = st.f_frsize;
	buf.f_flags = st.f_flags;
	return copy_to_user(ubuf, &buf, sizeof(buf)) ? -EFAULT : 0;
}

static long put_statfs64(struct inode *ip, void *ubuf)
{
	struct statfs64 buf;
	struct kstatfs st;

	vfs_statfs(ip, &st);
	memset(&buf, 0, sizeof(buf));
	buf.f_type = st.f_type;
	buf.f_bsize = st.f_bsize;
	buf.f_blocks = st.f_blocks;
	buf.f_bfree = st.f_bfree;
	buf.f_bavail = st.f_bavail;
	buf.f_files = st.f_files;
	buf.f_ffree = st.f_ffree;
	buf.f_namelen = st.f_namelen;
	buf.f_frsize = st.f_frsize;
	buf.f_flags = st.f_flags;
	return copy_to_user(ubuf, &buf, sizeof(buf)) ? -EFAULT : 0;
}

/* statfs of a path: its last symlink followed, as Linux's user_statfs. */
static long path_statfs(const char *upath, void *ubuf, int wide)
{
	struct inode *ip;
	long err = at_lookup(AT_FDCWD, upath, 0, &ip);

	if (err)
		return err;
	err = wide ? put_statfs64(ip, ubuf) : put_statfs(ip, ubuf);
	inode_put(ip);
	return err;
}

long sys_statfs(const char *upath, void *ubuf)
{
	return path_statfs(upath, ubuf, 0);
}

long sys_fstatfs(int fd, void *ubuf)
{
	struct file *f = fget_raw(fd);

	return f ? put_statfs(f->inode, ubuf) : -EBADF;
}

/* The 64-bit calls are told the structure's size, and refuse another. */
long sys_statfs64(const char *upath, uint32_t size, void *ubuf)
{
	if (size != sizeof(struct statfs64))
		return -EINVAL;
	return path_statfs(upath, ubuf, 1);
}

long sys_fstatfs64(int fd, uint32_t size, void *ubuf)
{
	struct file *f;

	if (size != sizeof(struct statfs64))
		return -EINVAL;
	if (!(f = fget_raw(fd)))
		return -EBADF;
	return put_statfs64(f->inode, ubuf);
}
