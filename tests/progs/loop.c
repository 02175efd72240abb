// loop: a loop block device shows a regular file as a disk (Linux's drivers/block/loop.c).
// /dev/loop-control finds a free one (LOOP_CTL_GET_FREE); LOOP_SET_FD binds a tmpfs file to
// /dev/loopN; what is written through the device is in the file and the other way round;
// the block ioctls give its size (the file's, in whole sectors, from lo_offset on, fixed
// until LOOP_SET_CAPACITY); LOOP_SET_STATUS/GET_STATUS(64) set and show the name and offset;
// the file may be truncated, unlinked and closed while bound; LOOP_CLR_FD unbinds at the last
// close, and its blocks come back; LOOP_CONFIGURE binds read-only with another block size,
// and LOOP_CHANGE_FD moves a read-only device to a file as big; Linux's errors throughout.
// (A write to an unbound device is not shown: Linux's gives EPERM if its last binding was
// read-only, ENOSPC else; this test leaves the device read-write.)
// host: root (binding a loop device needs root; the host must have /dev/loop-control)
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <linux/fs.h>
#include <linux/loop.h>

#include "check.h"

static char buf[65536 + 100], dev[64];
static struct loop_info64 info;

static void show_size(int lfd)
{
	uint64_t bytes = 0;
	unsigned long sectors = 0;

	TRY("  BLKGETSIZE64", ioctl(lfd, BLKGETSIZE64, &bytes));
	TRY("  BLKGETSIZE", ioctl(lfd, BLKGETSIZE, &sectors));
	printf("  size: %llu bytes, %lu sectors, SEEK_END at %lld\n", (unsigned long long)bytes,
	       sectors, (long long)lseek(lfd, 0, SEEK_END));
}

static void show_status(int lfd, int ffd)
{
	struct stat st;

	memset(&info, 0xff, sizeof(info));
	TRY("  LOOP_GET_STATUS64", ioctl(lfd, LOOP_GET_STATUS64, &info));
	fstat(ffd, &st);
	printf("  offset %llu sizelimit %llu flags %#x name \"%s\"; the file's device and inode: %s\n",
	       (unsigned long long)info.lo_offset, (unsigned long long)info.lo_sizelimit,
	       info.lo_flags, (char *)info.lo_file_name,
	       yes(info.lo_device == st.st_dev && info.lo_inode == st.st_ino));
}

// Reads n bytes at off from fd: the text, or the error.
static const char *at(int fd, off_t off, size_t n)
{
	static char text[64];
	ssize_t r = pread(fd, text, n, off);

	if (r < 0)
		return ename(errno);
	text[r] = 0;
	return text;
}

static void unbound(int lfd)
{
	struct loop_info old;

	printf("unbound:\n");
	TRY("  LOOP_GET_STATUS64", ioctl(lfd, LOOP_GET_STATUS64, &info));
	TRY("  LOOP_GET_STATUS", ioctl(lfd, LOOP_GET_STATUS, &old));
	TRY("  LOOP_SET_STATUS64", ioctl(lfd, LOOP_SET_STATUS64, &info));
	TRY("  LOOP_CLR_FD", ioctl(lfd, LOOP_CLR_FD, 0));
	TRY("  LOOP_SET_CAPACITY", ioctl(lfd, LOOP_SET_CAPACITY, 0));
	show_size(lfd);
	TRY("  read", read(lfd, buf, 512));
}

static void bad_binds(int lfd)
{
	int p[2], dir = open(".", O_RDONLY);

	pipe(p);
	TRY("  LOOP_SET_FD of a descriptor not open", ioctl(lfd, LOOP_SET_FD, 99));
	TRY("  LOOP_SET_FD of a directory", ioctl(lfd, LOOP_SET_FD, dir));
	TRY("  LOOP_SET_FD of a pipe", ioctl(lfd, LOOP_SET_FD, p[0]));
	close(p[0]);
	close(p[1]);
	close(dir);
}

static void data(int lfd, int ffd)
{
	printf("data:\n");
	printf("  the device's first bytes are the file's: %s\n", at(lfd, 0, 8));
	TRY("  write \"LOOPDATA\" at 8192 through the device", pwrite(lfd, "LOOPDATA", 8, 8192));
	TRY("  fsync of the device", fsync(lfd));
	printf("  the file there: %s\n", at(ffd, 8192, 8));
	TRY("  write \"FILEDATA\" at 12288 into the file", pwrite(ffd, "FILEDATA", 8, 12288));
	TRY("  BLKFLSBUF", ioctl(lfd, BLKFLSBUF, 0));
	printf("  the device there: %s\n", at(lfd, 12288, 8));
	TRY("  a read across the end", pread(lfd, buf, 100, 65536 - 10));
	TRY("  a write across the end", pwrite(lfd, buf, 10, 65536 - 6));
	TRY("  a write at the end", pwrite(lfd, buf, 10, 65536));
	TRY("  a read at the end", pread(lfd, buf, 10, 65536));
	TRY("  lseek to the end", lseek(lfd, 65536, SEEK_SET));
	TRY("  lseek past the end", lseek(lfd, 65537, SEEK_SET));
	TRY("  fsync", fsync(lfd));
}

// The file changes under the bound device.
static void changes(int lfd, int ffd)
{
	printf("the file truncated to 8192:\n");
	TRY("  ftruncate", ftruncate(ffd, 8192));
	TRY("  BLKFLSBUF", ioctl(lfd, BLKFLSBUF, 0));
	show_size(lfd);
	memset(buf, 'x', 100);
	TRY("  a read past the file's end", pread(lfd, buf, 100, 20000));
	printf("  reads zeros: %s\n", yes(buf[0] == 0 && buf[99] == 0));
	TRY("  LOOP_SET_CAPACITY", ioctl(lfd, LOOP_SET_CAPACITY, 0));
	show_size(lfd);
	printf("offset 4096 (LOOP_SET_STATUS64):\n");
	show_status(lfd, ffd);
	info.lo_offset = 4096;
	TRY("  LOOP_SET_STATUS64", ioctl(lfd, LOOP_SET_STATUS64, &info));
	show_status(lfd, ffd);
	show_size(lfd);
	printf("  the device's first bytes: %s\n", at(lfd, 0, 8));
}

int main(void)
{
	char tmp[] = "/tmp/loop.XXXXXX";
	struct stat st;
	struct loop_info old;
	struct loop_config config;
	int ctl, lfd, ffd, n, lfd2, f3, f4;
	struct statfs sf;
	long free0;

	if (!mkdtemp(tmp) || chdir(tmp))
		return 1;
	statfs(".", &sf);
	free0 = sf.f_bfree;
	ctl = open("/dev/loop-control", O_RDWR);
	fstat(ctl, &st);
	printf("/dev/loop-control: %s %u:%u\n", S_ISCHR(st.st_mode) ? "char" : "?",
	       major(st.st_rdev), minor(st.st_rdev));
	n = ioctl(ctl, LOOP_CTL_GET_FREE);
	printf("LOOP_CTL_GET_FREE gives a device: %s\n", yes(n >= 0));
	snprintf(dev, sizeof(dev), "/dev/loop%d", n);
	stat(dev, &st);
	printf("/dev/loopN: %s, major %u, minor N: %s\n", S_ISBLK(st.st_mode) ? "block" : "?",
	       major(st.st_rdev), yes(minor(st.st_rdev) == (unsigned)n));
	TRY("LOOP_CTL_ADD of it", ioctl(ctl, LOOP_CTL_ADD, n));
	TRY("LOOP_CTL_REMOVE -1", ioctl(ctl, LOOP_CTL_REMOVE, -1));
	TRY("LOOP_CTL_REMOVE of one not there", ioctl(ctl, LOOP_CTL_REMOVE, 250));
	TRY("an unknown request to loop-control", ioctl(ctl, 0x4C8F, 0));

	lfd = open(dev, O_RDWR);
	TRY("LOOP_CTL_REMOVE of it, open", ioctl(ctl, LOOP_CTL_REMOVE, n));
	TRY("an unknown request to the device (TCGETS)", ioctl(lfd, 0x5401, buf));
	unbound(lfd);

	for (int i = 0; i < (int)sizeof(buf); i++)
		buf[i] = 'a' + i % 26;
	ffd = open("img", O_RDWR | O_CREAT, 0600);
	write(ffd, buf, 65536 + 100);
	printf("bind a file of 65636 bytes:\n");
	bad_binds(lfd);
	TRY("  LOOP_SET_FD", ioctl(lfd, LOOP_SET_FD, ffd));
	TRY("  LOOP_SET_FD again", ioctl(lfd, LOOP_SET_FD, ffd));
	show_size(lfd);
	int v = -1;
	TRY("  BLKSSZGET", ioctl(lfd, BLKSSZGET, &v));
	printf("  logical block size %d\n", v);
	TRY("  BLKPBSZGET", ioctl(lfd, BLKPBSZGET, &v));
	printf("  physical block size %d\n", v);
	TRY("  BLKROGET", ioctl(lfd, BLKROGET, &v));
	printf("  read-only %d\n", v);
	show_status(lfd, ffd);
	memset(&old, 0, sizeof(old));
	strcpy(old.lo_name, "img");
	TRY("  LOOP_SET_STATUS", ioctl(lfd, LOOP_SET_STATUS, &old));
	memset(&old, 0xff, sizeof(old));
	TRY("  LOOP_GET_STATUS", ioctl(lfd, LOOP_GET_STATUS, &old));
	printf("  lo_number N: %s, offset %d, name \"%s\"\n", yes(old.lo_number == n),
	       old.lo_offset, old.lo_name);
	v = ioctl(ctl, LOOP_CTL_GET_FREE);
	printf("  LOOP_CTL_GET_FREE gives another: %s\n", yes(v >= 0 && v != n));
	data(lfd, ffd);
	changes(lfd, ffd);

	printf("the file unlinked and closed:\n");
	TRY("  unlink", unlink("img"));
	TRY("  close", close(ffd));
	printf("  the device still reads it: %s\n", at(lfd, 0, 8));
	printf("LOOP_CLR_FD:\n");
	TRY("  LOOP_CLR_FD", ioctl(lfd, LOOP_CLR_FD, 0));
	TRY("  LOOP_GET_STATUS64", ioctl(lfd, LOOP_GET_STATUS64, &info));
	TRY("  LOOP_CLR_FD again", ioctl(lfd, LOOP_CLR_FD, 0));
	TRY("  close", close(lfd));
	lfd = open(dev, O_RDWR);
	TRY("  reopened: LOOP_GET_STATUS64", ioctl(lfd, LOOP_GET_STATUS64, &info));
	show_size(lfd);
	statfs(".", &sf);
	printf("  the unlinked file's blocks came back: %s\n", yes(sf.f_bfree == free0));

	printf("LOOP_CONFIGURE, read-only, blocks of 4096:\n");
	ffd = open("img2", O_RDWR | O_CREAT, 0600);
	ftruncate(ffd, 65536);
	memset(&config, 0, sizeof(config));
	config.fd = ffd;
	config.block_size = 1000;
	TRY("  block size 1000", ioctl(lfd, LOOP_CONFIGURE, &config));
	config.block_size = 4096;
	config.info.lo_flags = 0x100;
	TRY("  an unknown flag", ioctl(lfd, LOOP_CONFIGURE, &config));
	config.info.lo_flags = LO_FLAGS_READ_ONLY;
	TRY("  LOOP_CONFIGURE", ioctl(lfd, LOOP_CONFIGURE, &config));
	TRY("  BLKSSZGET", ioctl(lfd, BLKSSZGET, &v));
	printf("  logical block size %d\n", v);
	TRY("  BLKROGET", ioctl(lfd, BLKROGET, &v));
	printf("  read-only %d\n", v);
	show_status(lfd, ffd);
	TRY("  a write", pwrite(lfd, "x", 1, 0));
	f3 = open("img3", O_RDWR | O_CREAT, 0600);
	pwrite(f3, "IMG3", 4, 0);
	ftruncate(f3, 65536);
	f4 = open("img4", O_RDWR | O_CREAT, 0600);
	ftruncate(f4, 4096);
	TRY("  LOOP_CHANGE_FD to a descriptor not open", ioctl(lfd, LOOP_CHANGE_FD, 99));
	TRY("  LOOP_CHANGE_FD to a smaller file", ioctl(lfd, LOOP_CHANGE_FD, f4));
	TRY("  LOOP_CHANGE_FD to a file as big", ioctl(lfd, LOOP_CHANGE_FD, f3));
	show_status(lfd, f3);
	printf("  the device reads it: %s\n", at(lfd, 0, 4));
	lfd2 = open(dev, O_RDONLY);
	TRY("  LOOP_CLR_FD with two opens", ioctl(lfd, LOOP_CLR_FD, 0));
	show_status(lfd, f3);
	TRY("  close one", close(lfd2));
	TRY("  close the other", close(lfd));
	lfd = open(dev, O_RDWR);
	TRY("  reopened: LOOP_GET_STATUS64", ioctl(lfd, LOOP_GET_STATUS64, &info));
	TRY("  LOOP_SET_FD, read-write", ioctl(lfd, LOOP_SET_FD, ffd));
	TRY("  BLKROGET", ioctl(lfd, BLKROGET, &v));
	printf("  read-only %d\n", v);
	TRY("  LOOP_CHANGE_FD, read-write", ioctl(lfd, LOOP_CHANGE_FD, f3));
	TRY("  LOOP_CLR_FD", ioctl(lfd, LOOP_CLR_FD, 0));
	close(lfd);
	close(ffd);
	close(f3);
	close(f4);
	unlink("img2");
	unlink("img3");
	unlink("img4");
	close(ctl);
	chdir("/");
	TRY("rmdir", rmdir(tmp));
	return 0;
}
