/*
 * devpts, the file system of the pseudo-terminals' slaves (Linux's
 * fs/devpts/inode.c): a directory, mounted on /dev/pts at boot
 * (fs/namespace.c), that holds /dev/pts/N for each pseudo-terminal N whose
 * master is open (drivers/pty.c makes and kills them).  Each node is a
 * character device (136, N), the opener's, of the group tty, mode 0620, as
 * Debian mounts devpts (gid=5,mode=620); chmod and chown change it.
 *
 * Linux makes each mount of devpts an instance of its own, whose ptmx
 * makes its own numbers; here every mount shows the one set of nodes, as
 * Linux's single instance did before 4.7.  A mount's options are accepted
 * and change nothing.
 */
#include "fs/fs.h"
#include "fs/devpts.h"
#include "fs/mount.h"
#include "fs/proc.h"
#include "drivers/tty.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/task.h"

#define TTY_GID			5	/* Debian's group tty */

/* The nodes by number; NULL: no pty, or its master is closed. */
static struct inode *pts_nodes[NR_UNIX98_PTY_MAX];
static uint32_t devpts_dev;		/* st_dev of the nodes: the first mount's */
static struct inode *devpts_root;	/* the first mount's root, referenced */

/* N from its name, or -1: decimal, no sign, no leading zero. */
static int pts_index(const char *name, int len)
{
	int n = 0;

	if (len < 1 || len > 3 || (name[0] == '0' && len > 1))
		return -1;
	for (int i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		n = n * 10 + name[i] - '0';
	}
	return n < NR_UNIX98_PTY_MAX ? n : -1;
}

static int devpts_lookup(struct inode *dir, const char *name, int len,
			 struct inode **ipp)
{
	int n = pts_index(name, len);

	if (n < 0 || !pts_nodes[n])
		return -ENOENT;
	*ipp = inode_get(pts_nodes[n]);
	return 0;
}

/* ".", "..", then pty N at position N + 2. */
static int devpts_iterate(struct inode *dir, struct dir_context *ctx)
{
	char name[12];
	int len;

	if (ctx->pos == 0) {
		if (ctx->actor(ctx, ".", 1, dir->ino, S_IFDIR >> 12, 1))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (ctx->actor(ctx, "..", 2, dir->ino, S_IFDIR >> 12, 2))
			return 0;
		ctx->pos = 2;
	}
	for (uint64_t n = ctx->pos - 2; n < NR_UNIX98_PTY_MAX; n++) {
		if (!pts_nodes[n])
			continue;
		len = snprintf(name, sizeof(name), "%u", (unsigned)n);
		if (ctx->actor(ctx, name, len, pts_nodes[n]->ino, S_IFCHR >> 12,
			       n + 3))
			return 0;
		ctx->pos = n + 3;
	}
	return 0;
}

const struct inode_operations devpts_dir_iops = {
	.lookup = devpts_lookup,
	.iterate = devpts_iterate,
};

/* The name child has in a devpts directory (/proc/PID/fd links). */
int devpts_dir_name(struct inode *child, char *buf, int size)
{
	if (!S_ISCHR(child->mode) ||
	    MAJOR(child->rdev) != UNIX98_PTY_SLAVE_MAJOR)
		return -ENOENT;
	return snprintf(buf, size, "%u", MINOR(child->rdev));
}

/*
 * A mount's options, Linux's names: accepted (none changes anything
 * here); anything else is EINVAL.
 */
int devpts_parse_options(char *data)
{
	static const char *const known[] = {
		"uid", "gid", "mode", "ptmxmode", "max", "newinstance",
	};

	return mount_options_known(data, known, sizeof(known) / sizeof(known[0]), 1);
}

/* The root of a new mount of devpts (fs/namespace.c); every mount shows the same nodes. */
struct inode *devpts_fill_super(uint32_t dev)
{
	struct inode *ip = new_inode(S_IFDIR | 0755, 0, 0);

	if (!devpts_dev)
		devpts_dev = dev;
	if (ip) {
		ip->dev = dev;
		ip->i_op = &devpts_dir_iops;
		ip->f_op = &proc_dir_fops;
		ip->nlink = 2;
		if (!devpts_root)
			devpts_root = inode_get(ip);
	}
	return ip;
}

/* /dev/pts/N for a new pty (Linux's devpts_pty_new): the opener's, group tty. */
int devpts_pty_new(int index)
{
	struct inode *ip = new_inode(S_IFCHR | 0620, current->euid, TTY_GID);

	if (!ip)
		return -ENOMEM;
	ip->rdev = MKDEV(UNIX98_PTY_SLAVE_MAJOR, index);
	ip->dev = devpts_dev;
	ip->nlink = 1;
	pts_nodes[index] = ip;
	return 0;
}

/* /dev/pts/N goes with its master (Linux's devpts_pty_kill); open files keep the inode. */
void devpts_pty_kill(int index)
{
	struct inode *ip = pts_nodes[index];

	pts_nodes[index] = NULL;
	if (ip) {
		ip->nlink = 0;
		inode_put(ip);
	}
}

/*
 * A new file of /dev/pts/N as open with flags would make it, without its
 * path (TIOCGPTPEER): its name is the first mount's.
 */
int devpts_open_peer(int index, uint32_t flags, struct file **fp)
{
	if (!pts_nodes[index] || !devpts_root)
		return -EIO;
	return file_open(pts_nodes[index], inode_get(devpts_root), flags, fp);
}
