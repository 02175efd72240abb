/*
 * Block allocation (Linux 2.4's fs/ext2/balloc.c): a block is taken by
 * setting its bit in its group's bitmap, which is in memory from mount to
 * umount (ext2_sync_fs writes it back).  ext2_new_block looks from where
 * the last one was found, so a file written in order gets blocks in order.
 * Root may use the blocks the superblock reserves (s_r_blocks_count);
 * others find the disk full before them, as on Linux.
 */
#include "fs/ext2/ext2.h"
#include "kernel/task.h"

/* Whether block is a data block of the disk and marked in use. */
int ext2_block_in_use(struct ext2_sb_info *sbi, uint32_t block)
{
	uint32_t b = block - sbi->s_es.s_first_data_block;

	if (block < sbi->s_es.s_first_data_block || block >= sbi->s_es.s_blocks_count)
		return 0;
	return ext2_test_bit(sbi->s_block_bitmap[b / sbi->s_es.s_blocks_per_group],
			     b % sbi->s_es.s_blocks_per_group) != 0;
}

uint32_t ext2_new_block(struct ext2_sb_info *sbi)
{
	struct ext2_super_block *es = &sbi->s_es;
	uint32_t n = es->s_blocks_count - es->s_first_data_block;

	if (es->s_free_blocks_count == 0 ||
	    (current->euid != 0 && es->s_free_blocks_count <= es->s_r_blocks_count))
		return 0;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t b = (sbi->s_goal + i) % n;
		uint32_t g = b / es->s_blocks_per_group;
		uint8_t *map = sbi->s_block_bitmap[g];

		if (map[(b % es->s_blocks_per_group) / 8] == 0xff) {
			i += 7 - b % 8;		/* a full byte: on to the next */
			continue;
		}
		if (ext2_test_bit(map, b % es->s_blocks_per_group))
			continue;
		ext2_set_bit(map, b % es->s_blocks_per_group);
		sbi->s_gd[g].bg_free_blocks_count--;
		es->s_free_blocks_count--;
		sbi->s_goal = b + 1;
		return b + es->s_first_data_block;
	}
	return 0;	/* the counts were wrong: ext2_read_super checked them */
}

void ext2_free_block(struct ext2_sb_info *sbi, uint32_t block)
{
	uint32_t b = block - sbi->s_es.s_first_data_block;
	uint32_t g = b / sbi->s_es.s_blocks_per_group;

	if (!ext2_block_in_use(sbi, block))
		return;		/* never: every map entry was checked at mount */
	ext2_clear_bit(sbi->s_block_bitmap[g], b % sbi->s_es.s_blocks_per_group);
	sbi->s_gd[g].bg_free_blocks_count++;
	sbi->s_es.s_free_blocks_count++;
}
