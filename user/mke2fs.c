/*
 * mke2fs: make an ext2 file system (revision 1, no features but file types
 * in directory entries), as e2fsprogs' mke2fs does without its ext3/ext4
 * features.  Installed as /bin/mkfs.ext2 and /bin/mkfs.ext4 too: shmos's
 * ext2 mounts as "ext4" as well (docs/ext2.md).
 *
 *   mkfs.ext4 [-b BLOCKSIZE] [-N INODES] [-m PERCENT] [-L LABEL] [-F] [-q]
 *             [-t TYPE] DEVICE [BLOCKS]
 *
 * BLOCKS defaults to the whole device (a block device's size, or a file's).
 * Each group: superblock, descriptors, block bitmap, inode bitmap, inode
 * table, data.  Inodes 1 to 10 are reserved; 2 is the root, 11 lost+found.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define BLKGETSIZE64	0x80041272
#define INODE_SIZE	128
#define ROOT_INO	2
#define LPF_INO		11
#define S_IFDIR_	0040000

static uint32_t bs, nblocks, ngroups, ipg, itb, ninodes, first;
static int fd;
static uint8_t *block;		/* one block of scratch */

static void put16(uint8_t *p, uint16_t v) { p[0] = v; p[1] = v >> 8; }
static void put32(uint8_t *p, uint32_t v) { put16(p, v); put16(p + 2, v >> 16); }

static void die(const char *what)
{
	fprintf(stderr, "mke2fs: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void write_block(uint32_t nr, const void *buf)
{
	if (pwrite(fd, buf, bs, (off_t)nr * bs) != (ssize_t)bs)
		die("write");
}

/* Blocks the group's superblock and descriptors, bitmaps and inode table take. */
static uint32_t overhead(void)
{
	return 1 + (ngroups * 32 + bs - 1) / bs + 2 + itb;
}

static uint32_t group_start(uint32_t g) { return first + g * 8 * bs; }

static uint32_t group_blocks(uint32_t g)
{
	uint32_t left = nblocks - group_start(g);

	return left < 8 * bs ? left : 8 * bs;
}

/* An inode record: mode, size, links, one data block (0: none). */
static void put_inode(uint8_t *p, uint16_t mode, uint32_t size, uint16_t links,
		      uint32_t data, uint32_t now)
{
	memset(p, 0, INODE_SIZE);
	put16(p, mode);
	put32(p + 4, size);
	put32(p + 8, now);
	put32(p + 12, now);
	put32(p + 16, now);
	put16(p + 26, links);
	put32(p + 28, data ? bs / 512 : 0);
	put32(p + 40, data);
}

/* A directory block: ".", ".." and maybe one name, the last entry to the end. */
static void dir_block(uint32_t nr, uint32_t self, uint32_t parent, const char *name,
		      uint32_t ino)
{
	memset(block, 0, bs);
	put32(block, self);
	put16(block + 4, 12);
	block[6] = 1; block[7] = 2; block[8] = '.';
	put32(block + 12, parent);
	put16(block + 16, name ? 12 : bs - 12);
	block[18] = 2; block[19] = 2; block[20] = '.'; block[21] = '.';
	if (name) {
		put32(block + 24, ino);
		put16(block + 28, bs - 24);
		block[30] = strlen(name); block[31] = 2;
		memcpy(block + 32, name, strlen(name));
	}
	write_block(nr, block);
}

static uint64_t device_size(void)
{
	struct stat st;
	uint64_t size = 0;

	if (fstat(fd, &st) < 0)
		die("stat");
	if (S_ISBLK(st.st_mode) && ioctl(fd, BLKGETSIZE64, &size) < 0)
		die("BLKGETSIZE64");
	return S_ISBLK(st.st_mode) ? size : (uint64_t)st.st_size;
}

static void usage(void)
{
	fprintf(stderr, "usage: mkfs.ext4 [-b BLOCKSIZE] [-N INODES] [-m PERCENT] [-L LABEL] "
		"[-F] [-q] [-t TYPE] DEVICE [BLOCKS]\n");
	exit(1);
}

int main(int argc, char **argv)
{
	uint32_t want_inodes = 0, reserved = 5, now = time(NULL), free_blocks = 0;
	const char *label = "";
	int c, quiet = 0;
	uint8_t sb[1024];

	while ((c = getopt(argc, argv, "b:N:m:L:Fqt:V")) != -1) {
		switch (c) {
		case 'b': bs = atoi(optarg); break;
		case 'N': want_inodes = atoi(optarg); break;
		case 'm': reserved = atoi(optarg); break;
		case 'L': label = optarg; break;
		case 'F': case 't': break;
		case 'q': quiet = 1; break;
		case 'V': printf("mke2fs (shmos) 1.0\n"); return 0;
		default: usage();
		}
	}
	if (optind >= argc || argc - optind > 2 || reserved > 50)
		usage();
	if (!bs)
		bs = 1024;
	if (bs != 1024 && bs != 2048 && bs != 4096) {
		fprintf(stderr, "mke2fs: invalid block size %u\n", bs);
		return 1;
	}
	if ((fd = open(argv[optind], O_RDWR)) < 0)
		die(argv[optind]);
	nblocks = argc - optind == 2 ? strtoul(argv[optind + 1], NULL, 0) : device_size() / bs;
	if ((uint64_t)nblocks * bs > device_size()) {
		fprintf(stderr, "mke2fs: %s is smaller than %u blocks\n", argv[optind], nblocks);
		return 1;
	}
	first = bs == 1024;
	ngroups = (nblocks - first + 8 * bs - 1) / (8 * bs);
	ninodes = want_inodes ? want_inodes : (uint32_t)((uint64_t)nblocks * bs / 4096);
	ipg = (ninodes + ngroups - 1) / ngroups;
	ipg = (ipg + bs / INODE_SIZE - 1) / (bs / INODE_SIZE) * (bs / INODE_SIZE);
	if (ipg < 16)
		ipg = 16;
	if (ipg > 8 * bs)
		ipg = 8 * bs;
	itb = ipg * INODE_SIZE / bs;
	/* A last group too small for its own tables and a little data goes. */
	if (ngroups > 1 && group_blocks(ngroups - 1) < overhead() + 50) {
		ngroups--;
		nblocks = group_start(ngroups);
	}
	if (nblocks < 64 || group_blocks(0) < overhead() + 4 || ngroups > 128) {
		fprintf(stderr, "mke2fs: %u blocks: too small or too large a file system\n", nblocks);
		return 1;
	}
	ninodes = ipg * ngroups;
	if (!(block = calloc(1, bs)))
		die("calloc");

	/* The groups: bitmaps, a zeroed inode table, the descriptors. */
	uint8_t *gdt = calloc(ngroups, 32);
	uint32_t root_block = group_start(0) + overhead(), lpf_block = root_block + 1;

	for (uint32_t g = 0; g < ngroups; g++) {
		uint32_t start = group_start(g), used = overhead() + (g == 0 ? 2 : 0);
		uint32_t gfree = group_blocks(g) - used, ifree = ipg - (g == 0 ? LPF_INO : 0);

		memset(block, 0, bs);
		for (uint32_t i = 0; i < 8 * bs; i++)
			if (i < used || i >= group_blocks(g))
				block[i / 8] |= 1 << (i % 8);
		write_block(start + overhead() - itb - 2, block);
		memset(block, 0, bs);
		for (uint32_t i = 0; i < 8 * bs; i++)
			if ((g == 0 && i < LPF_INO) || i >= ipg)
				block[i / 8] |= 1 << (i % 8);
		write_block(start + overhead() - itb - 1, block);
		memset(block, 0, bs);
		for (uint32_t i = 0; i < itb; i++)
			write_block(start + overhead() - itb + i, block);
		put32(gdt + g * 32, start + overhead() - itb - 2);
		put32(gdt + g * 32 + 4, start + overhead() - itb - 1);
		put32(gdt + g * 32 + 8, start + overhead() - itb);
		put16(gdt + g * 32 + 12, gfree);
		put16(gdt + g * 32 + 14, ifree);
		put16(gdt + g * 32 + 16, g == 0 ? 2 : 0);	/* directories: / and lost+found */
		free_blocks += gfree;
	}

	/* The root and lost+found: their records (in the table's first blocks) and blocks. */
	uint32_t tblocks = (LPF_INO * INODE_SIZE + bs - 1) / bs;
	uint32_t table0 = group_start(0) + overhead() - itb;
	uint8_t *table = calloc(tblocks, bs);

	if (!gdt || !table)
		die("calloc");
	put_inode(table + (ROOT_INO - 1) * INODE_SIZE, S_IFDIR_ | 0755, bs, 3, root_block, now);
	put_inode(table + (LPF_INO - 1) * INODE_SIZE, S_IFDIR_ | 0700, bs, 2, lpf_block, now);
	for (uint32_t i = 0; i < tblocks; i++)
		write_block(table0 + i, table + i * bs);
	dir_block(root_block, ROOT_INO, ROOT_INO, "lost+found", LPF_INO);
	dir_block(lpf_block, LPF_INO, ROOT_INO, NULL, 0);

	/* The superblock, and a copy with the descriptors at the head of every group. */
	memset(sb, 0, sizeof(sb));
	put32(sb + 0, ninodes);
	put32(sb + 4, nblocks);
	put32(sb + 8, (uint64_t)nblocks * reserved / 100);
	put32(sb + 12, free_blocks);
	put32(sb + 16, ninodes - LPF_INO);
	put32(sb + 20, first);
	put32(sb + 24, bs == 1024 ? 0 : bs == 2048 ? 1 : 2);
	put32(sb + 28, bs == 1024 ? 0 : bs == 2048 ? 1 : 2);
	put32(sb + 32, 8 * bs);
	put32(sb + 36, 8 * bs);
	put32(sb + 40, ipg);
	put32(sb + 48, now);
	put16(sb + 54, 0xffff);		/* s_max_mnt_count: no forced checks */
	put16(sb + 56, 0xEF53);
	put16(sb + 58, 1);		/* s_state: clean */
	put16(sb + 60, 1);		/* s_errors: continue */
	put32(sb + 64, now);
	put32(sb + 76, 1);		/* s_rev_level: dynamic */
	put32(sb + 84, LPF_INO);	/* s_first_ino */
	put16(sb + 88, INODE_SIZE);
	put32(sb + 96, 2);		/* incompat: filetype */
	for (int i = 0; i < 16; i++)
		sb[104 + i] = (uint8_t)((now * 2654435761u + getpid() * 40503u) >> (i % 4 * 8)) ^ i;
	strncpy((char *)sb + 120, label, 16);
	for (uint32_t g = 0; g < ngroups; g++) {
		uint32_t start = group_start(g);

		put16(sb + 90, g);	/* s_block_group_nr */
		if (pwrite(fd, sb, 1024, (off_t)start * bs + (g == 0 && bs == 1024 ? 0 :
			   g == 0 ? 1024 : 0)) != 1024)
			die("write");
		for (uint32_t i = 0; i < (ngroups * 32 + bs - 1) / bs; i++) {
			memset(block, 0, bs);
			memcpy(block, gdt + i * bs, ngroups * 32 - i * bs < bs ? ngroups * 32 - i * bs : bs);
			write_block(start + 1 + i, block);
		}
	}
	if (fsync(fd) < 0 || close(fd) < 0)
		die("close");
	if (!quiet)
		printf("Creating filesystem with %u %uk blocks and %u inodes\n",
		       nblocks, bs / 1024, ninodes);
	return 0;
}
