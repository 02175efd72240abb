/*
 * Loop block devices (drivers/loop.c): /dev/loopN (block 7:N) shows a
 * regular file as a disk, and /dev/loop-control (char 10:237) finds, adds
 * and removes them.  The ioctl numbers and structures are Linux i386's
 * (<uapi/linux/loop.h>, <uapi/linux/fs.h>).
 */
#ifndef DRIVERS_LOOP_H
#define DRIVERS_LOOP_H

#include <stdint.h>
#include "drivers/blkdev.h"
#include "fs/file.h"

#define LOOP_MAJOR		7
#define LOOP_CTRL_MINOR		237	/* of the misc major, 10 */
#define MAX_LOOP		256	/* devices loop0 to loop255 */

/* /dev/loopN's requests */
#define LOOP_SET_FD		0x4C00
#define LOOP_CLR_FD		0x4C01
#define LOOP_SET_STATUS		0x4C02
#define LOOP_GET_STATUS		0x4C03
#define LOOP_SET_STATUS64	0x4C04
#define LOOP_GET_STATUS64	0x4C05
#define LOOP_CHANGE_FD		0x4C06
#define LOOP_SET_CAPACITY	0x4C07
#define LOOP_SET_DIRECT_IO	0x4C08
#define LOOP_SET_BLOCK_SIZE	0x4C09
#define LOOP_CONFIGURE		0x4C0A

/* /dev/loop-control's */
#define LOOP_CTL_ADD		0x4C80
#define LOOP_CTL_REMOVE		0x4C81
#define LOOP_CTL_GET_FREE	0x4C82

/* Every block device's (Linux's block/ioctl.c) */
#define BLKROGET		0x125E
#define BLKGETSIZE		0x1260	/* in 512-byte sectors, an unsigned long */
#define BLKFLSBUF		0x1261
#define BLKSSZGET		0x1268	/* logical block size */
#define BLKGETSIZE64		0x80041272	/* _IOR(0x12, 114, size_t): bytes */
#define BLKPBSZGET		0x127B	/* physical block size */

/* lo_flags */
#define LO_FLAGS_READ_ONLY	1
#define LO_FLAGS_AUTOCLEAR	4	/* unbind at the last close */
#define LO_FLAGS_PARTSCAN	8
#define LO_FLAGS_DIRECT_IO	16
#define LOOP_SET_STATUS_SETTABLE_FLAGS	(LO_FLAGS_AUTOCLEAR | LO_FLAGS_PARTSCAN)
#define LOOP_SET_STATUS_CLEARABLE_FLAGS	LO_FLAGS_AUTOCLEAR
#define LOOP_CONFIGURE_SETTABLE_FLAGS	(LO_FLAGS_READ_ONLY | LO_FLAGS_AUTOCLEAR | \
					 LO_FLAGS_PARTSCAN | LO_FLAGS_DIRECT_IO)

#define LO_NAME_SIZE		64
#define LO_KEY_SIZE		32

/* LOOP_SET_STATUS's, with i386's 16-bit old device numbers */
struct loop_info {
	int lo_number;
	uint16_t lo_device;
	uint32_t lo_inode;
	uint16_t lo_rdevice;
	int lo_offset;
	int lo_encrypt_type, lo_encrypt_key_size;
	int lo_flags;
	char lo_name[LO_NAME_SIZE];
	unsigned char lo_encrypt_key[LO_KEY_SIZE];
	uint32_t lo_init[2];
	char reserved[4];
};

struct loop_info64 {
	uint64_t lo_device, lo_inode, lo_rdevice;	/* the backing file's */
	uint64_t lo_offset;		/* where in the file the device starts */
	uint64_t lo_sizelimit;		/* bytes at most; 0: to the file's end */
	uint32_t lo_number;
	uint32_t lo_encrypt_type, lo_encrypt_key_size;
	uint32_t lo_flags;
	char lo_file_name[LO_NAME_SIZE];
	char lo_crypt_name[LO_NAME_SIZE];
	unsigned char lo_encrypt_key[LO_KEY_SIZE];
	uint64_t lo_init[2];
};

/* LOOP_CONFIGURE's: LOOP_SET_FD and LOOP_SET_STATUS64 in one */
struct loop_config {
	uint32_t fd;
	uint32_t block_size;		/* 0: 512 */
	struct loop_info64 info;
	uint64_t reserved[8];
};

/* What a loop device is doing (Linux's lo_state). */
enum { Lo_unbound, Lo_bound, Lo_rundown };

struct inode;

struct loop_device {
	int lo_number;			/* N of /dev/loopN */
	/*
	 * Each read or write of the device is one I/O of its sectors, over
	 * at once (no queue): kept across unbinding, as the disk's.
	 */
	struct disk_stats lo_stats;
	int lo_state;
	int lo_refcnt;			/* open files of it (Linux's disk_openers) */
	uint32_t lo_flags;
	uint64_t lo_offset, lo_sizelimit;
	uint64_t lo_size;		/* its bytes: 0 unbound */
	uint32_t lo_blocksize;		/* logical block size */
	struct inode *lo_backing;	/* the file's inode, referenced while bound */
	char lo_file_name[LO_NAME_SIZE];
};

extern const struct file_operations loop_fops, loop_ctl_fops;
int loop_kernel_read(struct file *f, void *buf, uint32_t n, uint64_t pos);
int loop_kernel_write(struct file *f, const void *buf, uint32_t n, uint64_t pos);
void loop_init(void);
struct seq_file;
void loop_diskstats_show(struct seq_file *m);	/* their lines of /proc/diskstats */

#endif
