/*
 * ext2 directories (Linux 2.4's fs/ext2/dir.c): linear lists of entries
 * in the directory's blocks, none crossing a block's end, the last of a
 * block stretched to it.  In memory a directory is a ramfs one (its
 * dentries, in order); here is how it is read at mount, how many blocks its
 * entries need packed in that order, and how it is written back.
 */
#include "fs/ext2/ext2.h"
#include "fs/fs.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "mm/page.h"

/* Blocks of the directory: file blocks 0, 1... up to its first hole. */
static uint32_t dir_blocks(struct ext2_inode_info *ei)
{
	uint32_t n = 0, block;

	while (ext2_get_block(ei, n, 0, &block) == 0 && block)
		n++;
	return n;
}

uint32_t ext2_dir_size(struct ext2_inode_info *ei)
{
	return dir_blocks(ei) * ei->sbi->s_block_size;
}

/*
 * Packs one entry of name length len after *used bytes of block *nblocks
 * (each block filled in order, as ext2_write_dir does).
 */
static void pack(uint32_t bs, int len, uint32_t *nblocks, uint32_t *used)
{
	uint32_t rec = EXT2_DIR_REC_LEN(len);

	if (*nblocks == 0 || *used + rec > bs) {
		(*nblocks)++;
		*used = 0;
	}
	*used += rec;
}

/* Blocks that ".", "..", the entries and one more of length extra need (-1: none). */
static uint32_t blocks_needed(struct inode *dir, int extra)
{
	uint32_t bs = dir->i_ext2->sbi->s_block_size, n = 0, used = 0;

	pack(bs, 1, &n, &used);
	pack(bs, 2, &n, &used);
	for (struct dentry *e = dir->u.dir.entries; e; e = e->next)
		pack(bs, e->len, &n, &used);
	if (extra >= 0)
		pack(bs, extra, &n, &used);
	return n;
}

/*
 * A name of length len is about to go into dir (fs/ramfs.c's dir_add):
 * the blocks it will be written into are taken now, so that the
 * directory always fits its blocks.  A directory never shrinks, as on
 * ext2: its blocks go with it.
 */
int ext2_dir_reserve(struct inode *dir, int len)
{
	uint32_t need = blocks_needed(dir, len), have = dir_blocks(dir->i_ext2), block;
	int err = 0;

	while (have < need && !(err = ext2_get_block(dir->i_ext2, have, 1, &block)))
		have++;
	return err;
}

static uint8_t file_type(uint32_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG: return EXT2_FT_REG_FILE;
	case S_IFDIR: return EXT2_FT_DIR;
	case S_IFCHR: return EXT2_FT_CHRDEV;
	case S_IFBLK: return EXT2_FT_BLKDEV;
	case S_IFIFO: return EXT2_FT_FIFO;
	case S_IFSOCK: return EXT2_FT_SOCK;
	case S_IFLNK: return EXT2_FT_SYMLINK;
	}
	return EXT2_FT_UNKNOWN;
}

/*
 * Puts an entry at *used in buf (a block of bs bytes), after *prev, the
 * block's last so far; a full block is written first.  0 or -errno.
 */
static int put_entry(struct ext2_inode_info *ei, char *buf, uint32_t *b, uint32_t *used,
		     struct ext2_dir_entry_2 **prev, uint32_t ino, const char *name,
		     int len, uint8_t type)
{
	uint32_t bs = ei->sbi->s_block_size, rec = EXT2_DIR_REC_LEN(len), block;
	struct ext2_dir_entry_2 *de;
	int err;

	if (*used + rec > bs) {		/* the block is full: out with it */
		(*prev)->rec_len += bs - *used;
		if ((err = ext2_get_block(ei, *b, 0, &block)) || !block ||
		    (err = ext2_bwrite(ei->sbi, block, buf)))
			return err ? err : -EIO;
		memset(buf, 0, bs);
		(*b)++;
		*used = 0;
	}
	de = (struct ext2_dir_entry_2 *)(buf + *used);
	de->inode = ino;
	de->rec_len = rec;
	de->name_len = len;
	de->file_type = type;
	memcpy(de->name, name, len);
	*used += rec;
	*prev = de;
	return 0;
}

/*
 * Writes the directory's entries, packed in order, into its blocks; the
 * blocks left over hold one empty entry each.
 */
int ext2_write_dir(struct ext2_inode_info *ei)
{
	struct inode *dir = ei->inode, *parent = dir->parent ? dir->parent : dir;
	uint32_t bs = ei->sbi->s_block_size, n = dir_blocks(ei), b = 0, used = 0, block;
	struct ext2_dir_entry_2 *prev = NULL;
	char *buf = get_free_page();
	int err;

	if (!buf)
		return -ENOMEM;
	err = put_entry(ei, buf, &b, &used, &prev, dir->ino, ".", 1, EXT2_FT_DIR);
	if (!err)
		err = put_entry(ei, buf, &b, &used, &prev, parent->ino, "..", 2, EXT2_FT_DIR);
	for (struct dentry *e = dir->u.dir.entries; e && !err; e = e->next)
		err = put_entry(ei, buf, &b, &used, &prev, e->inode->ino, e->name, e->len,
				file_type(e->inode->mode));
	for (; !err && b < n; b++) {
		if (used)
			prev->rec_len += bs - used;
		else			/* an empty block: one unused entry */
			((struct ext2_dir_entry_2 *)buf)->rec_len = bs;
		if (!(err = ext2_get_block(ei, b, 0, &block)))
			err = ext2_bwrite(ei->sbi, block, buf);
		memset(buf, 0, bs);
		used = 0;
	}
	free_kpage(buf);
	return err;
}

/* A name a directory of the disk may hold: no '/', no NUL, not there yet. */
static __attribute__((noinline)) int good_name(struct inode *dir, const char *name, int len)
{
	struct inode *ip;

	for (int i = 0; i < len; i++)
		if (name[i] == '/' || name[i] == 0)
			return 0;
	if (dir_lookup(dir, name, len, &ip))
		return 1;
	inode_put(ip);
	return 0;
}

/*
 * Reads the entries of dir from its blocks into the tree (at mount): each
 * names an inode read with ext2_iget; a bad entry is a bad image, EINVAL.
 */
int ext2_load_dir(struct ext2_sb_info *sbi, struct inode *dir)
{
	uint32_t bs = sbi->s_block_size, n = dir->i_ext2 ? dir_blocks(dir->i_ext2) : 0;
	char *buf = get_free_page();
	int err = buf ? 0 : -ENOMEM;

	for (uint32_t b = 0, block; b < n && !err; b++) {
		if ((err = ext2_get_block(dir->i_ext2, b, 0, &block)) ||
		    (err = ext2_bread(sbi, block, buf)))
			break;
		for (uint32_t off = 0; off < bs && !err; ) {
			struct ext2_dir_entry_2 *de = (struct ext2_dir_entry_2 *)(buf + off);
			struct inode *ip;

			if (de->rec_len < 12 || de->rec_len % 4 || de->rec_len > bs - off ||
			    EXT2_DIR_REC_LEN(de->name_len) > de->rec_len) {
				err = -EINVAL;
				break;
			}
			off += de->rec_len;
			if (de->inode == 0 || (de->name[0] == '.' && (de->name_len == 1 ||
			    (de->name_len == 2 && de->name[1] == '.'))))
				continue;
			if (!good_name(dir, de->name, de->name_len)) {
				err = -EINVAL;
				break;
			}
			if ((err = ext2_iget(sbi, de->inode, &ip))) {
				inode_put(ip);	/* nameless: it goes */
				break;
			}
			if (S_ISDIR(ip->mode))
				ip->nlink = 1;		/* its "." */
			err = dir_add(dir, de->name, de->name_len, ip);
			inode_put(ip);
		}
	}
	if (buf)
		free_kpage(buf);
	return err;
}
