/*
 * Mounting and writing back an ext2 (Linux 2.4's fs/ext2/super.c):
 * ext2_read_super checks the superblock and descriptors, reads the bitmaps
 * and then the whole tree into memory (fs/ext2/ext2.h says why); a bad
 * image is EINVAL, whatever it holds.  ext2_sync_fs writes it all back.
 */
#include "drivers/blkdev.h"
#include "drivers/loop.h"
#include "fs/ext2/ext2.h"
#include "fs/fs.h"
#include "fs/mount.h"
#include "fs/namei.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/time.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "mm/swap.h"

/* n bytes at byte pos of the ATA disk (multiples of 512), to or from buf: 0 or -EIO. */
static __attribute__((noinline)) int disk_rw(struct blk_dev *bdev, int cmd, uint64_t pos, void *buf, uint32_t n)
{
	return pos + n > (uint64_t)bdev->capacity * SECTOR_SIZE ||
	       blk_rw(bdev, cmd, pos / SECTOR_SIZE, buf, n / SECTOR_SIZE) ? -EIO : 0;
}

/*
 * n bytes at byte pos of the disk: a loop device's file, or the ATA disk's
 * sectors.  Reads and writes apart: the mount reads, and its path is deep.
 */
static int dev_read(struct ext2_sb_info *sbi, uint64_t pos, void *buf, uint32_t n)
{
	return sbi->s_bdev ? disk_rw(sbi->s_bdev, READ, pos, buf, n) :
			     loop_kernel_read(sbi->s_dev, buf, n, pos);
}

static int dev_write(struct ext2_sb_info *sbi, uint64_t pos, const void *buf, uint32_t n)
{
	return sbi->s_bdev ? disk_rw(sbi->s_bdev, WRITE, pos, (void *)buf, n) :
			     loop_kernel_write(sbi->s_dev, buf, n, pos);
}

int ext2_bread(struct ext2_sb_info *sbi, uint32_t block, void *buf)
{
	return dev_read(sbi, (uint64_t)block * sbi->s_block_size, buf, sbi->s_block_size);
}

int ext2_bwrite(struct ext2_sb_info *sbi, uint32_t block, const void *buf)
{
	return dev_write(sbi, (uint64_t)block * sbi->s_block_size, buf, sbi->s_block_size);
}

/*
 * Linux's ext4 options that mean nothing to a file system without a
 * journal or delayed allocation: accepted and ignored; any other is EINVAL.
 */
static __attribute__((noinline)) int parse_options(char *data)
{
	static const char *const known[] = {
		"nodelalloc", "delalloc", "data", "barrier", "nobarrier", "user_xattr",
		"nouser_xattr", "acl", "noacl", "errors", "discard", "nodiscard",
		"commit", "auto_da_alloc", "noauto_da_alloc", "init_itable",
		"noinit_itable", "block_validity", "noblock_validity", "i_version",
		"dioread_nolock", "dioread_lock", "grpid", "nogrpid", "bsdgroups",
		"sysvgroups", "minixdf", "bsddf", "oldalloc", "orlov", "debug",
		"nocheck", "check",
	};

	return mount_options_known(data, known, sizeof(known) / sizeof(known[0]), 1);
}

/* Whether a block of metadata lies in the disk and past the superblock. */
static int valid_meta(struct ext2_sb_info *sbi, uint32_t block, uint32_t n)
{
	return block > sbi->s_es.s_first_data_block && block < sbi->s_es.s_blocks_count &&
	       n <= sbi->s_es.s_blocks_count - block;
}

/* The superblock's numbers make a disk shmos can use. */
static __attribute__((noinline)) int check_super(struct ext2_sb_info *sbi)
{
	struct ext2_super_block *es = &sbi->s_es;
	uint32_t bs = EXT2_MIN_BLOCK_SIZE << (es->s_log_block_size & 7);

	if (es->s_magic != EXT2_SUPER_MAGIC || es->s_log_block_size > 2 ||
	    es->s_rev_level > 1 || es->s_blocks_per_group != 8 * bs ||
	    es->s_inodes_per_group == 0 || es->s_inodes_per_group > 8 * bs ||
	    es->s_first_data_block != (bs == 1024) || es->s_blocks_count <= es->s_first_data_block)
		return -EINVAL;
	sbi->s_block_size = bs;
	sbi->s_inode_size = es->s_rev_level ? es->s_inode_size : EXT2_GOOD_OLD_INODE_SIZE;
	if (es->s_rev_level == 0)
		es->s_first_ino = EXT2_GOOD_OLD_FIRST_INO;
	else if ((es->s_feature_incompat & ~EXT2_FEATURE_INCOMPAT_FILETYPE) ||
		 (es->s_feature_ro_compat & ~(EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER |
					      EXT2_FEATURE_RO_COMPAT_LARGE_FILE)))
		return -EINVAL;	/* extents, 64bit, flex_bg, checksums...: not ext2 */
	sbi->s_groups_count = (es->s_blocks_count - es->s_first_data_block +
			       es->s_blocks_per_group - 1) / es->s_blocks_per_group;
	sbi->s_desc_blocks = (sbi->s_groups_count * sizeof(struct ext2_group_desc) + bs - 1) / bs;
	if (sbi->s_inode_size < EXT2_GOOD_OLD_INODE_SIZE || sbi->s_inode_size > bs ||
	    (sbi->s_inode_size & (sbi->s_inode_size - 1)) ||
	    sbi->s_groups_count > EXT2_MAX_GROUPS ||
	    (uint64_t)sbi->s_groups_count * es->s_inodes_per_group != es->s_inodes_count ||
	    es->s_first_ino <= EXT2_ROOT_INO || es->s_first_ino > es->s_inodes_count ||
	    es->s_free_blocks_count > es->s_blocks_count ||
	    es->s_free_inodes_count > es->s_inodes_count)
		return -EINVAL;
	return 0;
}

/* Counts the zero bits of map below n. */
static uint32_t count_free(const uint8_t *map, uint32_t n)
{
	uint32_t free = 0;

	for (uint32_t i = 0; i < n; i++)
		free += !ext2_test_bit(map, i);
	return free;
}

/* The descriptors and bitmaps: each where the disk has room for it, counts that add up. */
static __attribute__((noinline)) int read_groups(struct ext2_sb_info *sbi)
{
	struct ext2_super_block *es = &sbi->s_es;
	uint32_t bs = sbi->s_block_size, itb = es->s_inodes_per_group * sbi->s_inode_size / bs;
	uint32_t bfree = 0, ifree = 0;
	int err = 0;

	if (!(sbi->s_gd = get_free_page()))
		return -ENOMEM;
	for (uint32_t i = 0; i < sbi->s_desc_blocks && !err; i++)
		err = ext2_bread(sbi, es->s_first_data_block + 1 + i, (char *)sbi->s_gd + i * bs);
	for (uint32_t g = 0; g < sbi->s_groups_count && !err; g++) {
		struct ext2_group_desc *gd = &sbi->s_gd[g];
		uint32_t nblocks = es->s_blocks_count - es->s_first_data_block -
				   g * es->s_blocks_per_group;

		if (nblocks > es->s_blocks_per_group)
			nblocks = es->s_blocks_per_group;
		if (!valid_meta(sbi, gd->bg_block_bitmap, 1) ||
		    !valid_meta(sbi, gd->bg_inode_bitmap, 1) ||
		    !valid_meta(sbi, gd->bg_inode_table, itb))
			return -EINVAL;
		if (!(sbi->s_block_bitmap[g] = get_free_page()) ||
		    !(sbi->s_inode_bitmap[g] = get_free_page()))
			return -ENOMEM;
		if ((err = ext2_bread(sbi, gd->bg_block_bitmap, sbi->s_block_bitmap[g])) ||
		    (err = ext2_bread(sbi, gd->bg_inode_bitmap, sbi->s_inode_bitmap[g])))
			return err;
		/* Bits past a short last group are in use, whatever the disk said. */
		for (uint32_t i = nblocks; i < 8 * bs; i++)
			ext2_set_bit(sbi->s_block_bitmap[g], i);
		for (uint32_t i = es->s_inodes_per_group; i < 8 * bs; i++)
			ext2_set_bit(sbi->s_inode_bitmap[g], i);
		if (count_free(sbi->s_block_bitmap[g], nblocks) != gd->bg_free_blocks_count ||
		    count_free(sbi->s_inode_bitmap[g], es->s_inodes_per_group) !=
		    gd->bg_free_inodes_count)
			return -EINVAL;
		bfree += gd->bg_free_blocks_count;
		ifree += gd->bg_free_inodes_count;
	}
	/* The superblock's totals are only a summary (e2fsck trusts the groups too). */
	es->s_free_blocks_count = bfree;
	es->s_free_inodes_count = ifree;
	return err;
}

/* Reads an indirect block's numbers into *arrayp (a page); each must be in use. */
static inline __attribute__((always_inline)) int load_array(struct ext2_inode_info *ei, uint32_t nr, uint32_t **arrayp)
{
	uint32_t per = ei->sbi->s_block_size / 4;
	int err;

	if (!nr)
		return 0;
	if (!ext2_block_in_use(ei->sbi, nr))
		return -EINVAL;
	if (!(*arrayp = get_free_page()))
		return -ENOMEM;
	ei->i_nblocks++;
	if ((err = ext2_bread(ei->sbi, nr, *arrayp)))
		return err;
	for (uint32_t i = 0; i < per; i++)
		if ((*arrayp)[i] && !ext2_block_in_use(ei->sbi, (*arrayp)[i]))
			return -EINVAL;
	return 0;
}

/* The block map of ei from the disk's raw inode: every block in use, no triple indirect. */
static __attribute__((noinline)) int load_map(struct ext2_inode_info *ei, const struct ext2_inode *raw)
{
	uint32_t per = ei->sbi->s_block_size / 4, block;
	int err;

	memcpy(ei->i_block, raw->i_block, sizeof(ei->i_block));
	if (ei->i_block[EXT2_TIND_BLOCK])
		return -EINVAL;
	for (int i = 0; i < EXT2_NDIR_BLOCKS; i++)
		if (ei->i_block[i] && !ext2_block_in_use(ei->sbi, ei->i_block[i]))
			return -EINVAL;
	if ((err = load_array(ei, ei->i_block[EXT2_IND_BLOCK], &ei->i_ind)) ||
	    (err = load_array(ei, ei->i_block[EXT2_DIND_BLOCK], &ei->i_dind)))
		return err;
	if (ei->i_dind && !(ei->i_dind_ind = get_free_page()))
		return -ENOMEM;
	for (uint32_t i = 0; ei->i_dind && i < per && !err; i++)
		err = load_array(ei, ei->i_dind[i], &ei->i_dind_ind[i]);
	/* data blocks: counted here, as the arrays hold them */
	for (uint32_t b = 0; !err && b < EXT2_NDIR_BLOCKS + per + per * per; b++) {
		if (b >= EXT2_NDIR_BLOCKS && !ei->i_ind && b < EXT2_NDIR_BLOCKS + per)
			b = EXT2_NDIR_BLOCKS + per;
		if (b >= EXT2_NDIR_BLOCKS + per && !ei->i_dind)
			break;
		if ((err = ext2_get_block(ei, b, 0, &block)) == 0 && block)
			ei->i_nblocks++;
	}
	return err;
}

/* A regular file's data: each block of the map into the file's pages. */
static __attribute__((noinline)) int load_data(struct ext2_inode_info *ei, uint32_t size)
{
	uint32_t bs = ei->sbi->s_block_size, block;
	uint32_t nblocks = size / bs + (size % bs != 0);
	char *buf = get_free_page();
	long err = buf ? 0 : -ENOMEM;

	for (uint32_t b = 0; !err && b < nblocks; b++) {
		uint32_t n = b + 1 == nblocks && size % bs ? size % bs : bs;

		if ((err = ext2_get_block(ei, b, 0, &block)) || !block ||
		    (err = ext2_bread(ei->sbi, block, buf)))
			continue;
		if ((err = ramfs_write_data(ei->inode, buf, b * bs, n, 0)) == (long)n)
			err = 0;
		else if (err >= 0)
			err = -ENOMEM;
	}
	ei->inode->size = size;
	if (buf)
		free_kpage(buf);
	return err;
}

/* A symlink's target: in i_block (fast), or in its block. */
static int load_link(struct ext2_inode_info *ei, const struct ext2_inode *raw)
{
	uint32_t len = raw->i_size, block;
	char *buf;
	int err;

	if (len == 0 || len >= ei->sbi->s_block_size)
		return -EINVAL;
	if (len <= EXT2_FAST_SYMLINK_MAX && !raw->i_blocks)
		return strnlen((const char *)raw->i_block, len) != len ? -EINVAL :
		       ramfs_set_link(ei->inode, (const char *)raw->i_block, len);
	if ((err = ext2_get_block(ei, 0, 0, &block)) || !block)
		return err ? err : -EINVAL;
	if (!(buf = get_free_page()))
		return -ENOMEM;
	if (!(err = ext2_bread(ei->sbi, block, buf)))
		err = strnlen(buf, len) != len ? -EINVAL : ramfs_set_link(ei->inode, buf, len);
	free_kpage(buf);
	return err;
}

/* The in-memory inode with this number, if read already (a hard link). */
static struct inode *find_inode(struct ext2_sb_info *sbi, uint32_t ino)
{
	for (struct ext2_inode_info *ei = sbi->s_inodes; ei; ei = ei->next)
		if (ei->inode->ino == ino)
			return ei->inode;
	return NULL;
}

/* A new inode of the tree for raw, inode ino of the disk (ramfs_new_inode, but for the number it would take). */
static __attribute__((noinline)) int new_tree_inode(struct ext2_sb_info *sbi, uint32_t ino, const struct ext2_inode *raw,
			  struct inode **ipp)
{
	struct inode *ip;

	if (ramfs_reserve_inode(sbi->s_ramfs))
		return -ENOMEM;		/* the tree has no limit: never */
	if (!(ip = new_inode(raw->i_mode, raw->i_uid | raw->i_uid_high << 16,
			     raw->i_gid | raw->i_gid_high << 16))) {
		ramfs_release_inode(sbi->s_ramfs);
		return -ENOMEM;
	}
	ip->sb = sbi->s_ramfs;
	ip->dev = sbi->s_ramfs->dev;
	ip->ino = ino;
	*ipp = ip;
	if (!ext2_attach(sbi, ip))
		return -ENOMEM;
	ip->i_ext2->i_flags = raw->i_flags;
	ip->i_ext2->i_generation = raw->i_generation;
	ip->i_ext2->i_file_acl = raw->i_file_acl;
	return 0;
}

/* What the inode holds: its map and data, a link's target, a device's number. */
static int load_contents(struct ext2_inode_info *ei, const struct ext2_inode *raw)
{
	struct ext2_sb_info *sbi = ei->sbi;
	struct inode *ip = ei->inode;
	uint32_t mode = raw->i_mode;
	int err = 0;

	if (S_ISCHR(mode) || S_ISBLK(mode))
		ip->rdev = raw->i_block[0] ? raw->i_block[0] : raw->i_block[1];
	else if (S_ISLNK(mode) && raw->i_size <= EXT2_FAST_SYMLINK_MAX && !raw->i_blocks)
		err = load_link(ei, raw);
	else if (!S_ISFIFO(mode) && (mode & S_IFMT) != S_IFSOCK && !(err = load_map(ei, raw)))
		err = S_ISREG(mode) ? load_data(ei, raw->i_size) :
		      S_ISLNK(mode) ? load_link(ei, raw) : 0;
	if (S_ISDIR(mode) && !err &&
	    (raw->i_size % sbi->s_block_size || raw->i_size != ext2_dir_size(ei)))
		err = -EINVAL;
	if (S_ISDIR(mode) && !err) {
		*sbi->s_load_tail = ei;		/* its entries next (load_tree) */
		sbi->s_load_tail = &ei->i_load_next;
	}
	/* A 128-byte inode keeps whole seconds only */
	ip->atime = (struct inode_time){ raw->i_atime, 0 };
	ip->mtime = (struct inode_time){ raw->i_mtime, 0 };
	ip->ctime = (struct inode_time){ raw->i_ctime, 0 };
	return err;
}

/*
 * Inode ino of the disk as an inode of the tree, referenced (Linux's iget):
 * read from its table, with its map and data; a directory goes on the list
 * whose entries ext2_read_super reads next.  On an error *ipp may be an
 * inode to put, with no name.
 */
int ext2_iget(struct ext2_sb_info *sbi, uint32_t ino, struct inode **ipp)
{
	struct ext2_inode *raw;
	struct inode *ip;
	uint32_t mode;
	int err;

	*ipp = NULL;
	if (!ext2_inode_in_use(sbi, ino) || (ino < sbi->s_es.s_first_ino && ino != EXT2_ROOT_INO))
		return -EINVAL;
	if ((ip = find_inode(sbi, ino))) {
		if (S_ISDIR(ip->mode))
			return -EINVAL;		/* a directory has one name: a loop */
		*ipp = inode_get(ip);
		return 0;
	}
	if (!(raw = kmalloc(sizeof(*raw))))
		return -ENOMEM;
	if (!(err = ext2_read_inode(sbi, ino, raw))) {
		mode = raw->i_mode;
		if (raw->i_links_count == 0 || raw->i_size_high ||
		    !(S_ISREG(mode) || S_ISDIR(mode) || S_ISLNK(mode) || S_ISCHR(mode) ||
		      S_ISBLK(mode) || S_ISFIFO(mode) || (mode & S_IFMT) == S_IFSOCK))
			err = -EINVAL;
	}
	if (!err && !(err = new_tree_inode(sbi, ino, raw, ipp)))
		err = load_contents((*ipp)->i_ext2, raw);
	kfree(raw);
	return err;
}

/* Each directory read so far has its entries read, breadth first (no recursion). */
static int load_tree(struct ext2_sb_info *sbi)
{
	int err = 0;

	while (sbi->s_load && !err) {
		struct ext2_inode_info *ei = sbi->s_load;

		if (!(sbi->s_load = ei->i_load_next))
			sbi->s_load_tail = &sbi->s_load;
		err = ext2_load_dir(sbi, ei->inode);
	}
	return err;
}

/*
 * mount -t ext2 (or ext4) DEVICE DIR: the device must be a block device
 * (ENOTBLK), a loop device or the ATA disk (not while it is swap: EBUSY);
 * its file system a good ext2 (EINVAL).  The tree is made in sb, a
 * ramfs_sb_info with no limits of its own: the disk's blocks and inodes are
 * the limits.  *rootp: the root, or NULL if the tree was not begun (an
 * error then leaves nothing to undo but the tree).
 */
int ext2_read_super(struct ramfs_sb_info *sb, const char *devname, char *data,
		    struct inode **rootp)
{
	struct ext2_sb_info *sbi;
	struct inode *dev;
	char *path = NULL;
	int err;

	*rootp = NULL;
	if (!devname)
		return -ENOENT;
	if ((err = parse_options(data)) ||
	    (err = path_lookup(cwd_inode(), devname, LOOKUP_FOLLOW, &dev)))
		return err;
	err = !S_ISBLK(dev->mode) ? -ENOTBLK :
	      mount_of(dev->rdev) || swap_on_disk(dev->rdev) ? -EBUSY : 0;
	sb->dev = dev->rdev;		/* st_dev: the disk's, as on Linux */
	inode_put(dev);
	if (err)
		return err;
	if (!(sbi = get_free_page()) || !(path = get_free_page())) {
		if (sbi)
			free_kpage(sbi);
		return -ENOMEM;
	}
	strlcpy(path, devname, PAGE_SIZE);
	sbi->s_ramfs = sb;
	sbi->s_load_tail = &sbi->s_load;
	sb->s_ext2 = sbi;
	if (MAJOR(sb->dev) != LOOP_MAJOR)	/* the ATA disk: its sectors */
		err = (sbi->s_bdev = blkdev_get(sb->dev)) ? 0 : -ENXIO;
	else					/* a loop device: open, so it stays bound */
		err = vfs_open(cwd_inode(), path, O_RDWR, 0, &sbi->s_dev);
	free_kpage(path);
	if (err) {
		ext2_put_super(sbi);
		return err;
	}
	err = dev_read(sbi, 1024, &sbi->s_es, sizeof(sbi->s_es)) ?
	      -EINVAL : check_super(sbi);	/* too small a disk is a bad one */
	if (err == 0)
		err = read_groups(sbi);
	if (err == 0 && (err = ext2_iget(sbi, EXT2_ROOT_INO, rootp)) == 0 &&
	    !S_ISDIR((*rootp)->mode))
		err = -EINVAL;
	if (*rootp) {
		(*rootp)->nlink = 2;		/* "." and its name in its parent */
		if (err == 0)
			err = load_tree(sbi);
	} else {
		ext2_release_disk(sbi);
		ext2_put_super(sbi);	/* no tree holds it: it goes now */
	}
	if (err && err != -ENOMEM && err != -EIO)
		err = -EINVAL;
	if (err && *rootp)
		ext2_release_disk(sbi);
	return err;
}

/* One inode to the disk: its data (a directory's entries, a long link's target), its record. */
static int write_one(struct ext2_inode_info *ei, char *buf)
{
	struct inode *ip = ei->inode;
	uint32_t bs = ei->sbi->s_block_size, block;
	long err = 0;

	if (S_ISREG(ip->mode)) {
		for (uint32_t b = 0; !err && (uint64_t)b * bs < ip->size; b++) {
			memset(buf, 0, bs);
			if (!(err = ext2_get_block(ei, b, 0, &block)) && block &&
			    (err = ramfs_read(ip, buf, b * bs, bs, 0)) >= 0)
				err = ext2_bwrite(ei->sbi, block, buf);
		}
	} else if (S_ISDIR(ip->mode)) {
		err = ext2_write_dir(ei);
	} else if (S_ISLNK(ip->mode) && ip->size > EXT2_FAST_SYMLINK_MAX) {
		memset(buf, 0, bs);
		memcpy(buf, ip->u.symlink, ip->size);
		if (!(err = ext2_get_block(ei, 0, 0, &block)))
			err = ext2_bwrite(ei->sbi, block, buf);
	}
	return err ? err : ext2_write_inode(ei);
}

/*
 * Everything in memory to the disk: the inodes, then the bitmaps,
 * descriptors and superblock.  A write may sleep, and another task unlink
 * meanwhile: the inode being written, and the next, are held.
 */
int ext2_sync_fs(struct ext2_sb_info *sbi)
{
	struct ext2_super_block *es = &sbi->s_es;
	uint32_t bs = sbi->s_block_size;
	struct inode *ip, *next;
	char *buf;
	int err;

	if (!sbi->s_dev && !sbi->s_bdev)
		return 0;		/* unmounted with MNT_DETACH: the disk is let go */
	err = (buf = get_free_page()) ? 0 : -ENOMEM;
	ip = sbi->s_inodes && !err ? inode_get(sbi->s_inodes->inode) : NULL;
	while (ip) {
		if (!err)
			err = write_one(ip->i_ext2, buf);
		next = ip->i_ext2->next ? inode_get(ip->i_ext2->next->inode) : NULL;
		inode_put(ip);
		ip = next;
	}
	for (uint32_t g = 0; g < sbi->s_groups_count && !err; g++)
		if (!(err = ext2_bwrite(sbi, sbi->s_gd[g].bg_block_bitmap, sbi->s_block_bitmap[g])))
			err = ext2_bwrite(sbi, sbi->s_gd[g].bg_inode_bitmap, sbi->s_inode_bitmap[g]);
	for (uint32_t i = 0; i < sbi->s_desc_blocks && !err; i++)
		err = ext2_bwrite(sbi, es->s_first_data_block + 1 + i, (char *)sbi->s_gd + i * bs);
	if (!err) {
		es->s_wtime = get_seconds();
		err = dev_write(sbi, 1024, es, sizeof(*es));
	}
	if (buf)
		free_kpage(buf);
	if (err)
		printk("ext2: writing back failed: %d\n", err);
	return err;
}

/*
 * umount: the device is closed (what is still open of the tree, after
 * MNT_DETACH, lives on in memory alone).  Here, not with the last inode
 * (ext2_put_super): closing a file may put inodes itself.
 */
void ext2_release_disk(struct ext2_sb_info *sbi)
{
	if (sbi->s_dev)
		file_put(sbi->s_dev);
	sbi->s_dev = NULL;
	sbi->s_bdev = NULL;
}

/* The mount is gone and its last inode too: the memory goes back. */
void ext2_put_super(struct ext2_sb_info *sbi)
{
	for (uint32_t g = 0; g < EXT2_MAX_GROUPS; g++) {
		if (sbi->s_block_bitmap[g])
			free_kpage(sbi->s_block_bitmap[g]);
		if (sbi->s_inode_bitmap[g])
			free_kpage(sbi->s_inode_bitmap[g]);
	}
	if (sbi->s_gd)
		free_kpage(sbi->s_gd);
	sbi->s_ramfs->s_ext2 = NULL;
	free_kpage(sbi);
}

void ext2_statfs(struct ext2_sb_info *sbi, struct kstatfs *st)
{
	struct ext2_super_block *es = &sbi->s_es;

	st->f_bsize = st->f_frsize = sbi->s_block_size;
	st->f_blocks = es->s_blocks_count;
	st->f_bfree = es->s_free_blocks_count;
	st->f_bavail = es->s_free_blocks_count > es->s_r_blocks_count ?
		       es->s_free_blocks_count - es->s_r_blocks_count : 0;
	st->f_files = es->s_inodes_count;
	st->f_ffree = es->s_free_inodes_count;
}

/* sync(2): every ext2 mounted. */
void ext2_sync_all(void)
{
	for (struct vfsmount *m = mount_list; m; m = m->mnt_next)
		if (m->mnt_sb && m->mnt_sb->s_ext2)
			ext2_sync_fs(m->mnt_sb->s_ext2);
}
