/*
 * ext2 (fs/ext2/): the second extended file system on a block device, as
 * Linux 2.4's fs/ext2 lays it out, registered as "ext2" and as "ext4"
 * (Linux's ext4 driver mounts an ext2 image too).  docs/ext2.md.
 *
 * The disk: block 0 (1 KiB of it) is the boot block, the superblock is the
 * 1 KiB at byte 1024; then the blocks are cut into groups, each with a
 * block bitmap, an inode bitmap and a table of inodes, as the group
 * descriptors (the block after the superblock's) say.  An inode maps its
 * file's blocks with 12 direct numbers, one indirect block and one double
 * indirect block (no triple: shmos refuses an image that uses one).  A
 * directory is a list of entries (inode, rec_len, name) in its blocks.
 *
 * In memory the tree is a ramfs tree (fs/ramfs.c): the mount reads every
 * inode and directory into it (ext2_read_super), and a file's data into
 * its pages, which are the page cache; names, links, reads and mappings
 * are ramfs's.  What is ext2's is the disk: the bitmaps, descriptors and
 * each inode's block map stay in memory and are the truth about blocks, so
 *
 *   a write, or a fault of a writable shared mapping (ext2_page_mkwrite),
 *   takes the file blocks it will fill from the bitmap first, and finds
 *   ENOSPC (SIGBUS for the fault) when there is none, before the data is
 *   in memory: nothing written can later find no room on the disk;
 *   truncate and the last unlink give blocks and inodes back at once;
 *   sync, syncfs, fsync and umount write everything back (ext2_sync_fs):
 *   each file's blocks from its pages, the directories packed anew into
 *   their blocks, the inodes, bitmaps, descriptors and the superblock.
 */
#ifndef FS_EXT2_EXT2_H
#define FS_EXT2_EXT2_H

#include <stdint.h>

#define EXT2_SUPER_MAGIC	0xEF53
#define EXT2_ROOT_INO		2
#define EXT2_GOOD_OLD_FIRST_INO	11
#define EXT2_GOOD_OLD_INODE_SIZE 128
#define EXT2_NDIR_BLOCKS	12
#define EXT2_IND_BLOCK		12
#define EXT2_DIND_BLOCK		13
#define EXT2_TIND_BLOCK		14
#define EXT2_N_BLOCKS		15
#define EXT2_MIN_BLOCK_SIZE	1024
#define EXT2_MAX_BLOCK_SIZE	4096
#define EXT2_MAX_GROUPS		128	/* descriptors in one page: 1 GiB of 1 KiB blocks */
#define EXT2_FAST_SYMLINK_MAX	59	/* a target this long fits in i_block */
#define EXT2_VALID_FS		1	/* s_state: unmounted cleanly */
#define EXT2_INDEX_FL		0x1000	/* i_flags: a hashed directory (ext3's htree) */

/* Features shmos's ext2 knows: others in incompat or ro_compat refuse the mount. */
#define EXT2_FEATURE_INCOMPAT_FILETYPE		0x0002
#define EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER	0x0001
#define EXT2_FEATURE_RO_COMPAT_LARGE_FILE	0x0002

/* Directory entries' file_type (incompat FILETYPE). */
enum { EXT2_FT_UNKNOWN, EXT2_FT_REG_FILE, EXT2_FT_DIR, EXT2_FT_CHRDEV,
       EXT2_FT_BLKDEV, EXT2_FT_FIFO, EXT2_FT_SOCK, EXT2_FT_SYMLINK };

struct ext2_super_block {
	uint32_t s_inodes_count, s_blocks_count, s_r_blocks_count;
	uint32_t s_free_blocks_count, s_free_inodes_count;
	uint32_t s_first_data_block, s_log_block_size, s_log_frag_size;
	uint32_t s_blocks_per_group, s_frags_per_group, s_inodes_per_group;
	uint32_t s_mtime, s_wtime;
	uint16_t s_mnt_count, s_max_mnt_count, s_magic, s_state, s_errors;
	uint16_t s_minor_rev_level;
	uint32_t s_lastcheck, s_checkinterval, s_creator_os, s_rev_level;
	uint16_t s_def_resuid, s_def_resgid;
	/* revision 1 (EXT2_DYNAMIC_REV) */
	uint32_t s_first_ino;
	uint16_t s_inode_size, s_block_group_nr;
	uint32_t s_feature_compat, s_feature_incompat, s_feature_ro_compat;
	uint8_t s_uuid[16];
	char s_volume_name[16];
	char s_last_mounted[64];
	uint32_t s_reserved[206];	/* the rest of the 1 KiB */
};

struct ext2_group_desc {
	uint32_t bg_block_bitmap, bg_inode_bitmap, bg_inode_table;
	uint16_t bg_free_blocks_count, bg_free_inodes_count, bg_used_dirs_count;
	uint16_t bg_pad;
	uint32_t bg_reserved[3];
};

struct ext2_inode {
	uint16_t i_mode, i_uid;
	uint32_t i_size, i_atime, i_ctime, i_mtime, i_dtime;
	uint16_t i_gid, i_links_count;
	uint32_t i_blocks;		/* 512-byte units */
	uint32_t i_flags, i_osd1;
	uint32_t i_block[EXT2_N_BLOCKS];
	uint32_t i_generation, i_file_acl, i_size_high, i_faddr;
	uint16_t i_frag_pad, i_pad1, i_uid_high, i_gid_high;
	uint32_t i_reserved2;
};

struct ext2_dir_entry_2 {
	uint32_t inode;			/* 0: an unused entry */
	uint16_t rec_len;		/* to the next entry, a multiple of 4 */
	uint8_t name_len, file_type;
	char name[];
};
#define EXT2_DIR_REC_LEN(len)	(((len) + 8 + 3) & ~3u)

_Static_assert(sizeof(struct ext2_super_block) == 1024, "the superblock is 1 KiB");
_Static_assert(sizeof(struct ext2_group_desc) == 32, "a descriptor is 32 bytes");
_Static_assert(sizeof(struct ext2_inode) == 128, "an inode is 128 bytes");

struct blk_dev;
struct file;
struct inode;
struct ramfs_sb_info;
struct kstatfs;
struct vm_area_struct;

/* A mounted ext2: the disk's superblock, descriptors and bitmaps, in memory (a page). */
struct ext2_sb_info {
	struct file *s_dev;		/* a loop device, open for both, or NULL */
	struct blk_dev *s_bdev;		/* else the ATA disk */
	struct ramfs_sb_info *s_ramfs;	/* the tree's */
	struct ext2_super_block s_es;	/* as on disk, with the counts kept here */
	uint32_t s_block_size, s_groups_count, s_desc_blocks, s_inode_size;
	struct ext2_group_desc *s_gd;	/* a page: s_groups_count of them */
	uint8_t *s_block_bitmap[EXT2_MAX_GROUPS], *s_inode_bitmap[EXT2_MAX_GROUPS];
	struct ext2_inode_info *s_inodes;	/* every inode of the tree */
	uint32_t s_goal;		/* where ext2_new_block looks first */
	/* At mount: the directories read whose entries are not yet (ext2_iget). */
	struct ext2_inode_info *s_load, **s_load_tail;
};

/*
 * An inode's block map, as on disk: i_block, and the contents of the
 * indirect blocks (arrays of block numbers, a page each; NULL: none).
 */
struct ext2_inode_info {
	struct ext2_inode_info *next, **pprev;	/* in s_inodes */
	struct inode *inode;
	struct ext2_sb_info *sbi;
	uint32_t i_block[EXT2_N_BLOCKS];
	uint32_t *i_ind, *i_dind, **i_dind_ind;
	uint32_t i_nblocks;		/* blocks held: data and indirect */
	uint32_t i_flags, i_generation;
	uint32_t i_file_acl;		/* a Linux-made extended attribute block: kept */
	struct ext2_inode_info *i_load_next;	/* directories still to read at mount */
};

/* super.c */
int ext2_read_super(struct ramfs_sb_info *sb, const char *devname, char *data,
		    struct inode **rootp);
int ext2_sync_fs(struct ext2_sb_info *sbi);
void ext2_release_disk(struct ext2_sb_info *sbi);
void ext2_put_super(struct ext2_sb_info *sbi);
void ext2_statfs(struct ext2_sb_info *sbi, struct kstatfs *st);
void ext2_sync_all(void);
int ext2_bread(struct ext2_sb_info *sbi, uint32_t block, void *buf);
int ext2_bwrite(struct ext2_sb_info *sbi, uint32_t block, const void *buf);

/* Bit i of a bitmap (a block's or an inode's), as on disk: byte i / 8, bit i % 8. */
static inline int ext2_test_bit(const uint8_t *map, uint32_t i)
{
	return map[i / 8] & (1u << (i % 8));
}

static inline void ext2_set_bit(uint8_t *map, uint32_t i)
{
	map[i / 8] |= 1u << (i % 8);
}

static inline void ext2_clear_bit(uint8_t *map, uint32_t i)
{
	map[i / 8] &= ~(1u << (i % 8));
}

/* balloc.c and ialloc.c */
int ext2_block_in_use(struct ext2_sb_info *sbi, uint32_t block);
uint32_t ext2_new_block(struct ext2_sb_info *sbi);	/* 0: the disk is full */
void ext2_free_block(struct ext2_sb_info *sbi, uint32_t block);
uint32_t ext2_new_inode_number(struct ext2_sb_info *sbi, int dir);	/* 0: none */
void ext2_free_inode_number(struct ext2_sb_info *sbi, uint32_t ino, int dir);
int ext2_inode_in_use(struct ext2_sb_info *sbi, uint32_t ino);

/* inode.c */
int ext2_get_block(struct ext2_inode_info *ei, uint32_t iblock, int create,
		   uint32_t *blockp);
struct ext2_inode_info *ext2_attach(struct ext2_sb_info *sbi, struct inode *ip);
int ext2_new_inode(struct ext2_sb_info *sbi, struct inode *ip);
void ext2_free_inode(struct inode *ip);
long ext2_prepare_write(struct inode *ip, uint32_t off, uint32_t n);
long ext2_file_write(struct inode *ip, const void *buf, uint32_t off, uint32_t n,
		     int from_user);
int ext2_set_link(struct inode *ip, uint32_t len);
void ext2_truncate(struct inode *ip, uint32_t old_size);
int ext2_page_mkwrite(struct vm_area_struct *vma, uint32_t address);
uint32_t ext2_blocks(struct inode *ip);		/* st_blocks */
int ext2_read_inode(struct ext2_sb_info *sbi, uint32_t ino, struct ext2_inode *raw);
int ext2_write_inode(struct ext2_inode_info *ei);

/* dir.c */
int ext2_dir_reserve(struct inode *dir, int len);
int ext2_load_dir(struct ext2_sb_info *sbi, struct inode *dir);
int ext2_write_dir(struct ext2_inode_info *ei);
uint32_t ext2_dir_size(struct ext2_inode_info *ei);
int ext2_iget(struct ext2_sb_info *sbi, uint32_t ino, struct inode **ipp);	/* super.c */

_Static_assert(sizeof(struct ext2_sb_info) <= 4096, "an ext2_sb_info fits its page");

#endif
