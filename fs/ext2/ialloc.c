/*
 * Inode allocation (Linux 2.4's fs/ext2/ialloc.c): an inode number is
 * taken by setting its bit in its group's inode bitmap, in memory from
 * mount to umount as the block bitmaps are (fs/ext2/balloc.c).  The lowest
 * free number is taken; each group counts its directories.
 */
#include "fs/ext2/ext2.h"

int ext2_inode_in_use(struct ext2_sb_info *sbi, uint32_t ino)
{
	uint32_t i = ino - 1;

	if (ino == 0 || ino > sbi->s_es.s_inodes_count)
		return 0;
	return ext2_test_bit(sbi->s_inode_bitmap[i / sbi->s_es.s_inodes_per_group],
			     i % sbi->s_es.s_inodes_per_group) != 0;
}

/* The lowest free inode number from s_first_ino on; 0 if none. */
uint32_t ext2_new_inode_number(struct ext2_sb_info *sbi, int dir)
{
	struct ext2_super_block *es = &sbi->s_es;

	if (es->s_free_inodes_count == 0)
		return 0;
	for (uint32_t i = es->s_first_ino - 1; i < es->s_inodes_count; i++) {
		uint32_t g = i / es->s_inodes_per_group;

		if (ext2_test_bit(sbi->s_inode_bitmap[g], i % es->s_inodes_per_group))
			continue;
		ext2_set_bit(sbi->s_inode_bitmap[g], i % es->s_inodes_per_group);
		sbi->s_gd[g].bg_free_inodes_count--;
		sbi->s_gd[g].bg_used_dirs_count += dir != 0;
		es->s_free_inodes_count--;
		return i + 1;
	}
	return 0;
}

void ext2_free_inode_number(struct ext2_sb_info *sbi, uint32_t ino, int dir)
{
	uint32_t i = ino - 1, g = i / sbi->s_es.s_inodes_per_group;

	if (!ext2_inode_in_use(sbi, ino))
		return;
	ext2_clear_bit(sbi->s_inode_bitmap[g], i % sbi->s_es.s_inodes_per_group);
	sbi->s_gd[g].bg_free_inodes_count++;
	sbi->s_gd[g].bg_used_dirs_count -= dir != 0;
	sbi->s_es.s_free_inodes_count++;
}
