// ext2_disk: shmos's ext2 (docs/ext2.md) on the ATA disk, an ext2 that the host's e2fsprogs
// made (mke2fs -t ext2: sparse superblocks, 256-byte inodes, resize_inode, dir_index): it
// mounts; directories, a file past the double indirect block's start, a sparse file, a long
// and a short symlink, a hard link, a FIFO, renames and unlinks go in; swapon of the mounted
// disk and a second mount are EBUSY; after umount and mount all is there; and after this
// program the host's e2fsck -fn finds the disk clean (tests/run's `// disk: ext2`).
// host: no (the disk is shmos's /dev/hda)
// disk: ext2 4096
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <unistd.h>
#include "ext2.h"

#define MNT "/tmp/disk"

int main(void)
{
	char name[80], target[200], got[200];
	struct stat st;
	int ok = 1, fd;

	memset(target, 'x', sizeof(target) - 1);
	target[sizeof(target) - 1] = 0;
	mkdir(MNT, 0755);
	check("mount /dev/hda (ext2 by the host's mke2fs)", mount("/dev/hda", MNT, "ext2", 0, NULL) == 0);
	check("mounted again: EBUSY", mount("/dev/hda", "/tmp", "ext2", 0, NULL) < 0 && errno == EBUSY);
	check("swapon of the mounted disk: EBUSY", swapon("/dev/hda", 0) < 0 && errno == EBUSY);
	check("mkdir d, d/e", mkdir(MNT "/d", 0755) == 0 && mkdir(MNT "/d/e", 0700) == 0);
	check("a 1500 KiB file (double indirect blocks)", fill(MNT "/d/big", 1500, 'b'));
	for (int i = 0; i < 60; i++) {
		snprintf(name, sizeof(name), MNT "/d/e/a-file-with-a-longish-name-%03d", i);
		ok &= fill(name, 1, 'a' + i % 26);
	}
	for (int i = 0; i < 60; i += 2) {
		snprintf(name, sizeof(name), MNT "/d/e/a-file-with-a-longish-name-%03d", i);
		ok &= unlink(name) == 0;
	}
	check("60 files in d/e, every other one unlinked", ok);
	fd = open(MNT "/d/sparse", O_CREAT | O_WRONLY, 0644);
	check("a sparse file: 3 bytes at 3 MB", pwrite(fd, "end", 3, 3000000) == 3 && close(fd) == 0);
	check("symlinks (7 and 199 bytes), a hard link, a FIFO",
	      symlink("d/big", MNT "/short") == 0 && symlink(target, MNT "/long") == 0 &&
	      link(MNT "/d/big", MNT "/big2") == 0 && mkfifo(MNT "/fifo", 0644) == 0);
	check("a 400 KiB file unlinked, a rename across directories",
	      fill(MNT "/gone", 400, 'g') && unlink(MNT "/gone") == 0 &&
	      rename(MNT "/d/e/a-file-with-a-longish-name-001", MNT "/moved") == 0);
	check("umount, mount -t ext4", umount(MNT) == 0 &&
	      mount("/dev/hda", MNT, "ext4", 0, NULL) == 0);
	check("the big file and its second name",
	      holds(MNT "/d/big", 1500, 'b') && stat(MNT "/big2", &st) == 0 && st.st_nlink == 2);
	check("the moved file", holds(MNT "/moved", 1, 'b'));
	check("the long symlink", readlink(MNT "/long", got, sizeof(got)) == 199 &&
	      !memcmp(got, target, 199));
	fd = open(MNT "/d/sparse", O_RDONLY);
	check("the sparse file: zeros, then its end",
	      pread(fd, got, 4, 2999999) == 4 && !memcmp(got, "\0end", 4) &&
	      fstat(fd, &st) == 0 && st.st_size == 3000003 && st.st_blocks <= 16);
	close(fd);
	check("the FIFO", stat(MNT "/fifo", &st) == 0 && S_ISFIFO(st.st_mode));
	check("umount", umount(MNT) == 0);
	return 0;
}
