/*
 * An ext2 inode's blocks (Linux 2.4's fs/ext2/inode.c): ext2_get_block
 * finds, and makes with create, the disk block of a file block through the
 * direct, indirect and double indirect numbers; ext2_truncate gives back
 * those past the end.  The indirect blocks' contents are kept in memory
 * (ext2_inode_info), written back with the inode.
 */
#include "fs/ext2/ext2.h"
#include "fs/fs.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "mm/kmalloc.h"
#include "mm/mm.h"
#include "mm/page.h"

static uint32_t per_block(struct ext2_inode_info *ei)
{
	return ei->sbi->s_block_size / 4;
}

/*
 * The slot holding *nr, an indirect block's number, whose contents are
 * *arrayp: made (a new block, a zeroed page) with create.  0, or -ENOSPC,
 * -ENOMEM; with create 0 a missing one is 0 with *arrayp NULL.
 */
static int get_indirect(struct ext2_inode_info *ei, uint32_t *nr, uint32_t **arrayp,
			int create)
{
	if (*arrayp || !create)
		return 0;
	if (!(*arrayp = get_free_page()))
		return -ENOMEM;
	if (!(*nr = ext2_new_block(ei->sbi))) {
		free_kpage(*arrayp);
		*arrayp = NULL;
		return -ENOSPC;
	}
	ei->i_nblocks++;
	return 0;
}

/*
 * The slot of file block iblock in the map, with the indirect blocks on
 * the way made if create; *slotp NULL: a hole on the way (create 0).
 */
static int block_slot(struct ext2_inode_info *ei, uint32_t iblock, int create,
		      uint32_t **slotp)
{
	uint32_t per = per_block(ei);
	int err;

	*slotp = NULL;
	if (iblock < EXT2_NDIR_BLOCKS) {
		*slotp = &ei->i_block[iblock];
		return 0;
	}
	iblock -= EXT2_NDIR_BLOCKS;
	if (iblock < per) {
		if ((err = get_indirect(ei, &ei->i_block[EXT2_IND_BLOCK], &ei->i_ind, create)))
			return err;
		*slotp = ei->i_ind ? &ei->i_ind[iblock] : NULL;
		return 0;
	}
	iblock -= per;
	if (iblock / per >= per)
		return -EFBIG;		/* a triple indirect block: not here */
	if (!ei->i_dind_ind && create && !(ei->i_dind_ind = get_free_page()))
		return -ENOMEM;
	if ((err = get_indirect(ei, &ei->i_block[EXT2_DIND_BLOCK], &ei->i_dind, create)) ||
	    !ei->i_dind ||
	    (err = get_indirect(ei, &ei->i_dind[iblock / per],
				&ei->i_dind_ind[iblock / per], create)))
		return err;
	if (ei->i_dind_ind[iblock / per])
		*slotp = &ei->i_dind_ind[iblock / per][iblock % per];
	return 0;
}

/* *blockp: the disk block of file block iblock, 0 for a hole (create 0). */
int ext2_get_block(struct ext2_inode_info *ei, uint32_t iblock, int create,
		   uint32_t *blockp)
{
	uint32_t *slot;
	int err = block_slot(ei, iblock, create, &slot);

	*blockp = 0;
	if (err)
		return err;
	if (slot && *slot == 0 && create) {
		if (!(*slot = ext2_new_block(ei->sbi)))
			return -ENOSPC;
		ei->i_nblocks++;
	}
	*blockp = slot ? *slot : 0;
	return 0;
}

/* ip, a new inode of the tree, gets its ext2 side (no number yet). */
struct ext2_inode_info *ext2_attach(struct ext2_sb_info *sbi, struct inode *ip)
{
	struct ext2_inode_info *ei = kzalloc(sizeof(*ei));

	if (!ei)
		return NULL;
	ei->inode = ip;
	ei->sbi = sbi;
	ei->next = sbi->s_inodes;
	if (ei->next)
		ei->next->pprev = &ei->next;
	sbi->s_inodes = ei;
	ei->pprev = &sbi->s_inodes;
	ip->i_ext2 = ei;
	return ei;
}

/* A new file of the tree (fs/ramfs.c's ramfs_new_inode): an inode number of the disk. */
int ext2_new_inode(struct ext2_sb_info *sbi, struct inode *ip)
{
	uint32_t ino = ext2_new_inode_number(sbi, S_ISDIR(ip->mode));

	if (!ino)
		return -ENOSPC;
	if (!ext2_attach(sbi, ip)) {
		ext2_free_inode_number(sbi, ino, S_ISDIR(ip->mode));
		return -ENOMEM;
	}
	ip->ino = ino;
	return 0;
}

/* Gives back the blocks of array (a map of per numbers) from index from on. */
static void free_array(struct ext2_inode_info *ei, uint32_t *array, uint32_t from)
{
	for (uint32_t i = from; array && i < per_block(ei); i++)
		if (array[i]) {
			ext2_free_block(ei->sbi, array[i]);
			ei->i_nblocks--;
			array[i] = 0;
		}
}

/* An indirect block whose map is now empty goes too. */
static void drop_indirect(struct ext2_inode_info *ei, uint32_t *nr, uint32_t **arrayp)
{
	for (uint32_t i = 0; *arrayp && i < per_block(ei); i++)
		if ((*arrayp)[i])
			return;
	if (*arrayp) {
		free_kpage(*arrayp);
		*arrayp = NULL;
	}
	if (*nr) {
		ext2_free_block(ei->sbi, *nr);
		ei->i_nblocks--;
		*nr = 0;
	}
}

/* The blocks of file blocks keep and up go back (Linux's ext2_truncate). */
static void truncate_blocks(struct ext2_inode_info *ei, uint32_t keep)
{
	uint32_t per = per_block(ei), i;

	for (i = keep; i < EXT2_NDIR_BLOCKS; i++)
		if (ei->i_block[i]) {
			ext2_free_block(ei->sbi, ei->i_block[i]);
			ei->i_nblocks--;
			ei->i_block[i] = 0;
		}
	keep = keep > EXT2_NDIR_BLOCKS ? keep - EXT2_NDIR_BLOCKS : 0;
	free_array(ei, ei->i_ind, keep < per ? keep : per);
	drop_indirect(ei, &ei->i_block[EXT2_IND_BLOCK], &ei->i_ind);
	keep = keep > per ? keep - per : 0;
	for (i = 0; ei->i_dind && i < per; i++) {
		uint32_t first = i * per;	/* the first file block child i maps */

		if (first + per <= keep)
			continue;
		free_array(ei, ei->i_dind_ind[i], keep > first ? keep - first : 0);
		drop_indirect(ei, &ei->i_dind[i], &ei->i_dind_ind[i]);
	}
	drop_indirect(ei, &ei->i_block[EXT2_DIND_BLOCK], &ei->i_dind);
	if (!ei->i_dind && ei->i_dind_ind) {
		free_kpage(ei->i_dind_ind);
		ei->i_dind_ind = NULL;
	}
}

/* The last reference to an unlinked inode went: its blocks and number go back. */
void ext2_free_inode(struct inode *ip)
{
	struct ext2_inode_info *ei = ip->i_ext2;

	if (!S_ISLNK(ip->mode) || ip->size > EXT2_FAST_SYMLINK_MAX)
		truncate_blocks(ei, 0);
	ext2_free_inode_number(ei->sbi, ip->ino, S_ISDIR(ip->mode));
	if (ei->next)
		ei->next->pprev = ei->pprev;
	*ei->pprev = ei->next;
	ip->i_ext2 = NULL;
	kfree(ei);
}

/*
 * A write of [off, off + n) is coming (fs/ramfs.c's ramfs_write): each of
 * its blocks gets its disk block first.  The bytes that found room, or
 * -ENOSPC if the first block found none.
 */
long ext2_prepare_write(struct inode *ip, uint32_t off, uint32_t n)
{
	uint32_t bs = ip->i_ext2->sbi->s_block_size, block;
	uint32_t first = off / bs, last = (uint32_t)(((uint64_t)off + n - 1) / bs);
	int err = 0;

	for (uint32_t b = first; b <= last && err == 0; b++)
		if ((err = ext2_get_block(ip->i_ext2, b, 1, &block)) && b > first)
			return (long)b * bs - off;
	return err ? err : (long)n;
}

/*
 * A write of an ext2 file (fs/ramfs.c's ramfs_write): the blocks, then the
 * data into the pages.  What a short or failed write took past the end
 * goes back (Linux's ext2_write_failed).
 */
long ext2_file_write(struct inode *ip, const void *buf, uint32_t off, uint32_t n,
		     int from_user)
{
	uint32_t bs = ip->i_ext2->sbi->s_block_size;
	long room = n ? ext2_prepare_write(ip, off, n) : 0, done = room;

	if (room > 0)
		done = ramfs_write_data(ip, buf, off, room, from_user);
	if (done != (long)n)
		truncate_blocks(ip->i_ext2, (uint32_t)(((uint64_t)ip->size + bs - 1) / bs));
	return done;
}

/* A symlink's target longer than i_block holds takes file block 0. */
int ext2_set_link(struct inode *ip, uint32_t len)
{
	uint32_t block;

	return len > EXT2_FAST_SYMLINK_MAX ? ext2_get_block(ip->i_ext2, 0, 1, &block) : 0;
}

/*
 * The size went from old_size to ip->size (fs/ramfs.c's ramfs_truncate).
 * Down: the blocks past the end go.  Up: the page that held the old end
 * may be mapped writable with its blocks past that end never taken; it
 * leaves every mapping, so that the next store there faults and
 * ext2_page_mkwrite takes them (Linux's pagecache_isize_extended).
 */
void ext2_truncate(struct inode *ip, uint32_t old_size)
{
	uint32_t bs = ip->i_ext2->sbi->s_block_size;

	if (ip->size < old_size)
		truncate_blocks(ip->i_ext2, (uint32_t)(((uint64_t)ip->size + bs - 1) / bs));
	else if (ip->size > old_size && old_size % PAGE_SIZE)
		unmap_mapping_range(ip, old_size / PAGE_SIZE, 1, 0);
}

/*
 * A page is mapped writable in a shared mapping (mm/filemap.c's
 * ext2_filemap_nopage; Linux's ext4_page_mkwrite): the blocks of the page
 * below the end of the file get theirs now.  0, or -ENOSPC: the touch is
 * SIGBUS, so no store is ever in memory with no room for it on the disk.
 */
int ext2_page_mkwrite(struct vm_area_struct *vma, uint32_t address)
{
	struct inode *ip = vma->vm_file->inode;
	uint32_t pgno = linear_page_index(vma, address);
	uint64_t start = (uint64_t)pgno * PAGE_SIZE, end = start + PAGE_SIZE;

	if (start >= ip->size)
		return -EFAULT;		/* truncated meanwhile */
	if (end > ip->size)
		end = ip->size;
	return ext2_prepare_write(ip, start, end - start) == (long)(end - start) ?
	       0 : -ENOSPC;
}

/* st_blocks: 512-byte units of the blocks the file holds. */
uint32_t ext2_blocks(struct inode *ip)
{
	return ip->i_ext2->i_nblocks * (ip->i_ext2->sbi->s_block_size / 512);
}

/* Where inode ino's record is: its table block, and the offset in it. */
static uint32_t inode_block(struct ext2_sb_info *sbi, uint32_t ino, uint32_t *off)
{
	uint32_t i = ino - 1, g = i / sbi->s_es.s_inodes_per_group;
	uint32_t byte = (i % sbi->s_es.s_inodes_per_group) * sbi->s_inode_size;

	*off = byte % sbi->s_block_size;
	return sbi->s_gd[g].bg_inode_table + byte / sbi->s_block_size;
}

int ext2_read_inode(struct ext2_sb_info *sbi, uint32_t ino, struct ext2_inode *raw)
{
	char *buf = get_free_page();
	uint32_t off;
	int err;

	if (!buf)
		return -ENOMEM;
	if ((err = ext2_bread(sbi, inode_block(sbi, ino, &off), buf)) == 0)
		memcpy(raw, buf + off, sizeof(*raw));
	free_kpage(buf);
	return err;
}

/* Writes an indirect block's contents to its block. */
static int write_array(struct ext2_inode_info *ei, uint32_t nr, const uint32_t *array)
{
	return nr && array ? ext2_bwrite(ei->sbi, nr, array) : 0;
}

/* The inode's record in its table, and its indirect blocks. */
int ext2_write_inode(struct ext2_inode_info *ei)
{
	struct inode *ip = ei->inode;
	struct ext2_inode raw = {
		.i_mode = ip->mode, .i_uid = ip->uid, .i_size = ip->size,
		.i_atime = ip->atime.tv_sec, .i_ctime = ip->ctime.tv_sec,
		.i_mtime = ip->mtime.tv_sec,
		.i_gid = ip->gid, .i_links_count = ip->nlink,
		.i_blocks = ext2_blocks(ip), .i_flags = ei->i_flags,
		.i_generation = ei->i_generation, .i_file_acl = ei->i_file_acl,
		.i_uid_high = ip->uid >> 16, .i_gid_high = ip->gid >> 16,
	};
	char *buf = get_free_page();
	uint32_t off, block = inode_block(ei->sbi, ip->ino, &off);
	int err;

	if (!buf)
		return -ENOMEM;
	if (S_ISDIR(ip->mode)) {
		raw.i_size = ext2_dir_size(ei);
		raw.i_flags &= ~EXT2_INDEX_FL;	/* written linear, as Linux's ext2 does */
	}
	if (S_ISLNK(ip->mode) && ip->size <= EXT2_FAST_SYMLINK_MAX)
		memcpy(raw.i_block, ip->u.symlink, ip->size);	/* a fast symlink */
	else
		memcpy(raw.i_block, ei->i_block, sizeof(raw.i_block));
	if (S_ISCHR(ip->mode) || S_ISBLK(ip->mode))
		raw.i_block[1] = ip->rdev;	/* Linux's new encoding */
	err = write_array(ei, ei->i_block[EXT2_IND_BLOCK], ei->i_ind);
	for (uint32_t i = 0; !err && ei->i_dind && i < per_block(ei); i++)
		err = write_array(ei, ei->i_dind[i], ei->i_dind_ind[i]);
	if (!err)
		err = write_array(ei, ei->i_block[EXT2_DIND_BLOCK], ei->i_dind);
	if (!err && !(err = ext2_bread(ei->sbi, block, buf))) {
		memcpy(buf + off, &raw, sizeof(raw));
		err = ext2_bwrite(ei->sbi, block, buf);
	}
	free_kpage(buf);
	return err;
}
