// ext2_cycle: shmos's ext2 (fs/ext2, docs/ext2.md) on a loop device: mkfs.ext4 (shmos's
// mke2fs) formats it; mount as ext4 (ext4's options accepted, unknown ones EINVAL),
// statfs says EXT2_SUPER_MAGIC; files, a directory, a symlink and a hard link made, umount,
// mounted again (as ext2): all there with their data; an unlink gives every block back;
// a MAP_SHARED store into a page whose blocks the full disk cannot give is SIGBUS, and
// a disk with a bad superblock is EINVAL.
// host: no (the host's mkfs.ext4 makes ext4 features shmos refuses: extents, journal)
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/loop.h>
#include "ext2.h"

#define MNT "/tmp/ext2mnt"

static char dev[32];

static int run_mkfs(const char *blocks)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		execl("/bin/mkfs.ext4", "mkfs.ext4", "-q", "-b", "1024", dev, blocks, (char *)0);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static long free_blocks(void)
{
	struct statfs st;

	return statfs(MNT, &st) ? -1 : (long)st.f_bfree;
}

/*
 * A child maps a 1 KiB file (one block), grows it to 2 pages, waits for the
 * disk to fill, stores into the rest of the first page; with prot PROT_READ
 * it reads there first and mprotects the mapping writable.
 */
static pid_t mapper(const char *path, int prot, int wait_fd)
{
	pid_t pid = fork();
	int fd;
	char buf[1024], *a, c;

	if (pid)
		return pid;
	fd = open(path, O_CREAT | O_RDWR, 0644);
	memset(buf, 'm', sizeof(buf));
	write(fd, buf, sizeof(buf));
	a = mmap(NULL, 8192, prot, MAP_SHARED, fd, 0);
	if (prot & PROT_WRITE)
		a[0] = 'M';
	ftruncate(fd, 8192);
	read(wait_fd, &c, 1);		/* the disk is full now */
	if (!(prot & PROT_WRITE) &&
	    (a[1024] != 0 || mprotect(a, 8192, PROT_READ | PROT_WRITE)))
		_exit(2);
	a[1024] = 'X';
	_exit(1);
}

static void sigbus_case(void)
{
	int p[2], s1, s2;
	pid_t c1, c2;

	pipe(p);
	c1 = mapper(MNT "/mapped", PROT_READ | PROT_WRITE, p[0]);
	c2 = mapper(MNT "/mapped2", PROT_READ, p[0]);
	usleep(100000);
	fill(MNT "/filler", 100000, 'f');	/* until ENOSPC */
	check("a write fills the disk (ENOSPC)", errno == ENOSPC || free_blocks() == 0);
	write(p[1], "gg", 2);
	waitpid(c1, &s1, 0);
	waitpid(c2, &s2, 0);
	check("a store into the mapping's blockless part is SIGBUS",
	      WIFSIGNALED(s1) && WTERMSIG(s1) == SIGBUS);
	check("read there, mprotect writable, store: SIGBUS",
	      WIFSIGNALED(s2) && WTERMSIG(s2) == SIGBUS);
	check("unlinks", unlink(MNT "/filler") == 0 && unlink(MNT "/mapped") == 0 &&
	      unlink(MNT "/mapped2") == 0);
}

/* Zeroes the record length of the root's entry for lost+found in the image. */
static int break_dir_entry(int img)
{
	static char disk[2 << 20];

	if (pread(img, disk, sizeof(disk), 0) != sizeof(disk))
		return 0;
	for (size_t i = 8; i + 10 < sizeof(disk); i++)
		if (!memcmp(disk + i, "lost+found", 10) && disk[i - 2] == 10)
			return pwrite(img, "\0\0", 2, i - 4) == 2;
	return 0;
}

int main(void)
{
	int ctl = open("/dev/loop-control", O_RDWR), n, lfd, img;
	struct statfs st;
	struct stat sa, sb;
	char target[64];
	long before;

	n = ioctl(ctl, LOOP_CTL_GET_FREE);
	snprintf(dev, sizeof(dev), "/dev/loop%d", n);
	img = open("/tmp/ext2.img", O_CREAT | O_RDWR | O_TRUNC, 0600);
	ftruncate(img, 2 << 20);
	lfd = open(dev, O_RDWR);
	check("LOOP_SET_FD", ioctl(lfd, LOOP_SET_FD, img) == 0);
	mkdir(MNT, 0755);
	check("mount of a zeroed disk: EINVAL",
	      mount(dev, MNT, "ext4", 0, NULL) < 0 && errno == EINVAL);
	check("mkfs.ext4 -q -b 1024 DEV 2048", run_mkfs("2048") == 0);
	check("mount of a char device: ENOTBLK",
	      mount("/dev/zero", MNT, "ext4", 0, NULL) < 0 && errno == ENOTBLK);
	check("mount -o bogus: EINVAL", mount(dev, MNT, "ext4", 0, "bogus") < 0 && errno == EINVAL);
	check("mount -t ext4 -o nodelalloc", mount(dev, MNT, "ext4", 0, "nodelalloc") == 0);
	check("statfs: EXT2_SUPER_MAGIC, 1 KiB blocks, 2048 of them",
	      statfs(MNT, &st) == 0 && st.f_type == 0xEF53 && st.f_bsize == 1024 &&
	      st.f_blocks == 2048);
	before = free_blocks();
	check("lost+found is there", stat(MNT "/lost+found", &sa) == 0 && S_ISDIR(sa.st_mode));
	check("mkdir d, a 300 KiB file in it (indirect blocks)",
	      mkdir(MNT "/d", 0755) == 0 && fill(MNT "/d/big", 300, 'b'));
	check("a symlink, a hard link", symlink("d/big", MNT "/sym") == 0 &&
	      link(MNT "/d/big", MNT "/hard") == 0);
	check("umount", umount(MNT) == 0);
	check("mount -t ext2 again", mount(dev, MNT, "ext2", 0, NULL) == 0);
	check("the file's data is there", holds(MNT "/d/big", 300, 'b'));
	check("the hard link is the same inode, 2 links",
	      stat(MNT "/d/big", &sa) == 0 && stat(MNT "/hard", &sb) == 0 &&
	      sa.st_ino == sb.st_ino && sa.st_nlink == 2 && sa.st_blocks >= 600);
	n = readlink(MNT "/sym", target, sizeof(target));
	check("the symlink's target", n == 5 && !memcmp(target, "d/big", 5));
	check("unlink both names, rmdir, umount, mount",
	      unlink(MNT "/d/big") == 0 && unlink(MNT "/hard") == 0 &&
	      unlink(MNT "/sym") == 0 && rmdir(MNT "/d") == 0 &&
	      umount(MNT) == 0 && mount(dev, MNT, "ext4", 0, NULL) == 0);
	check("every block given back", free_blocks() == before);
	sigbus_case();
	check("every block given back again", free_blocks() == before);
	check("umount", umount(MNT) == 0);
	check("a directory entry of length 0: EINVAL", break_dir_entry(img) &&
	      mount(dev, MNT, "ext4", 0, NULL) < 0 && errno == EINVAL);
	pwrite(img, "\0\0", 2, 1024 + 56);	/* the magic */
	check("a bad superblock: EINVAL", mount(dev, MNT, "ext4", 0, NULL) < 0 && errno == EINVAL);
	ioctl(lfd, LOOP_CLR_FD, 0);
	return 0;
}
