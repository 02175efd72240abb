/*
 * A ramfs's limits, as tmpfs has them (Linux's shmem_sb_info).  Every page
 * of a file lives in RAM until the file goes, and so does every inode and
 * directory entry: without a limit, one user who fills /tmp takes the
 * memory every process needs.  So a ramfs holds at most
 *
 *   max_blocks  pages of file data, with the index pages that list them
 *               (as Linux 2.4's tmpfs counted its swap index pages) and a
 *               page for a symbolic link of 128 bytes or more (as tmpfs);
 *               a write past it gives ENOSPC.  Default: half of RAM (of
 *               lowmem, where ramfs keeps its pages), tmpfs's default.
 *   max_inodes  inodes, and the extra names of hard links (as tmpfs counts
 *               them: each pins kernel memory); a new name past it gives
 *               ENOSPC.  Default: half of RAM's pages, tmpfs's.
 *
 * 0 means no limit.  The boot options ramfs.size=, ramfs.nr_blocks= and
 * ramfs.nr_inodes= set the root file system's, in tmpfs's mount option
 * syntax (size=64m, size=25%, nr_inodes=4k); ramfs_parse_param takes the
 * same words a mount -o would give it.  The initramfs is unpacked before
 * the limits are set: it counts in the use, but is never refused.
 */
#include "fs/fs.h"
#include "fs/ext2/ext2.h"
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/kmalloc.h"
#include "mm/page.h"

struct ramfs_sb_info ramfs_sb = { .dev = ROOT_DEV, .mode = S_IFDIR | 0755 };

int ramfs_reserve_blocks(struct ramfs_sb_info *sb, uint32_t n)
{
	if (!sb)
		return 0;
	if (sb->max_blocks && sb->used_blocks + n > sb->max_blocks)
		return -ENOSPC;
	sb->used_blocks += n;
	return 0;
}

void ramfs_release_blocks(struct ramfs_sb_info *sb, uint32_t n)
{
	if (sb)
		sb->used_blocks -= n;
}

int ramfs_reserve_inode(struct ramfs_sb_info *sb)
{
	if (!sb)
		return 0;
	if (sb->max_inodes && sb->used_inodes >= sb->max_inodes)
		return -ENOSPC;
	sb->used_inodes++;
	return 0;
}

/* An unmounted tmpfs (fs/namespace.c) goes with the last inode it counts. */
void ramfs_release_inode(struct ramfs_sb_info *sb)
{
	if (sb && --sb->used_inodes == 0 && sb->detached) {
		if (sb->s_ext2)
			ext2_put_super(sb->s_ext2);	/* closes its disk */
		kfree(sb);
	}
}

/* Pages of RAM ramfs may use: lowmem, the initramfs's frames included. */
static uint32_t ram_pages(void)
{
	uint32_t initrd_pages = 0;

	if (initrd.end > initrd.start)
		initrd_pages = (PAGE_ALIGN(initrd.end) - (initrd.start & PAGE_MASK)) >>
			       PAGE_SHIFT;
	return nr_total_pages() - nr_total_highpages() + initrd_pages;
}

/*
 * Linux's memparse: a number (decimal, 0x hex or 0 octal) and a suffix k,
 * m, g or t (either case) multiplying by 1024 each.  *end is left after it.
 */
static uint64_t memparse(const char *s, const char **end)
{
	unsigned long n;
	uint64_t v;
	int len = kstrntoul(s, strlen(s), &n), shift = 0;

	if (len <= 0) {
		*end = s;
		return 0;
	}
	s += len;
	switch (*s) {
	case 't': case 'T': shift += 10;	/* fall through */
	case 'g': case 'G': shift += 10;	/* fall through */
	case 'm': case 'M': shift += 10;	/* fall through */
	case 'k': case 'K': shift += 10;
		s++;
	}
	v = (uint64_t)n << shift;
	*end = s;
	return v;
}

/* A number in base 8 (mode=) or 10 (uid=, gid=), all of value; -1 if not. */
static int64_t parse_base(const char *value, int base)
{
	int64_t v = 0;

	if (!*value)
		return -1;
	for (; *value; value++) {
		if (*value < '0' || *value >= '0' + base || v > 0xffffffffll)
			return -1;
		v = v * base + (*value - '0');
	}
	return v;
}

/*
 * One of tmpfs's options: size (bytes, or a % of RAM), nr_blocks (pages)
 * or nr_inodes, and mode, uid and gid, those of the root directory a
 * mount makes.  -EINVAL for a bad value or an unknown option.
 */
int ramfs_parse_param(struct ramfs_sb_info *sb, const char *param,
		      const char *value)
{
	const char *rest;
	uint64_t v;
	int64_t id;

	if (!strcmp(param, "mode") || !strcmp(param, "uid") ||
	    !strcmp(param, "gid")) {
		if ((id = parse_base(value, param[0] == 'm' ? 8 : 10)) < 0)
			return -EINVAL;
		if (param[0] == 'm')
			sb->mode = S_IFDIR | (id & 07777);
		else if (param[0] == 'u')
			sb->uid = id;
		else
			sb->gid = id;
		return 0;
	}
	v = memparse(value, &rest);
	if (rest == value)
		return -EINVAL;
	if (!strcmp(param, "size")) {
		if (*rest == '%' && v <= 100) {
			v = ram_pages() * (uint32_t)v / 100;	/* pages */
			rest++;
		} else {
			v = (v + PAGE_SIZE - 1) >> PAGE_SHIFT;
		}
		param = "nr_blocks";
	}
	if (*rest || v > 0xffffffffu)
		return -EINVAL;
	if (!strcmp(param, "nr_blocks"))
		sb->max_blocks = v;
	else if (!strcmp(param, "nr_inodes"))
		sb->max_inodes = v;
	else
		return -EINVAL;
	return 0;
}

/* tmpfs's defaults: half of RAM, pages and inodes; a root of mode 1777. */
void ramfs_sb_defaults(struct ramfs_sb_info *sb)
{
	sb->max_blocks = ram_pages() / 2;
	sb->max_inodes = ram_pages() / 2;
	sb->mode = S_IFDIR | S_ISVTX | 0777;
}

/* The root file system's limits: tmpfs's defaults, then the boot options. */
void ramfs_sb_init(struct ramfs_sb_info *sb)
{
	static const char *const params[] = { "size", "nr_blocks", "nr_inodes" };
	char key[32];

	sb->max_blocks = ram_pages() / 2;
	sb->max_inodes = ram_pages() / 2;
	for (unsigned i = 0; i < sizeof(params) / sizeof(params[0]); i++) {
		const char *value;

		snprintf(key, sizeof(key), "ramfs.%s", params[i]);
		if ((value = cmdline_get(key)) &&
		    ramfs_parse_param(sb, params[i], value))
			printk("fs: bad %s=%s, ignored\n", key, value);
	}
	printk("fs: ramfs holds up to %u KiB in %u inodes; the initramfs "
	       "uses %u KiB in %u\n", sb->max_blocks * (PAGE_SIZE / 1024),
	       sb->max_inodes, sb->used_blocks * (PAGE_SIZE / 1024),
	       sb->used_inodes);
}
