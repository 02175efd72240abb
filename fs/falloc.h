/*
 * fallocate(2)'s modes, Linux's values (<uapi/linux/falloc.h>).  Mode 0
 * allocates the range and makes the file at least that long.
 */
#ifndef FS_FALLOC_H
#define FS_FALLOC_H

#define FALLOC_FL_KEEP_SIZE		0x01	/* allocate, the size stays */
#define FALLOC_FL_PUNCH_HOLE		0x02	/* free the range (with KEEP_SIZE) */
#define FALLOC_FL_COLLAPSE_RANGE	0x08
#define FALLOC_FL_ZERO_RANGE		0x10
#define FALLOC_FL_INSERT_RANGE		0x20
#define FALLOC_FL_UNSHARE_RANGE		0x40
#define FALLOC_FL_WRITE_ZEROES		0x80

#endif
