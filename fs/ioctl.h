/*
 * The ioctl numbers every kind of file answers, Linux i386's values
 * (<uapi/asm-generic/ioctls.h>, <uapi/linux/fs.h>): sys_ioctl answers
 * them itself (fs/ioctl.c), but FIONREAD for all but regular files, which
 * each file's ->ioctl answers.
 */
#ifndef FS_IOCTL_H
#define FS_IOCTL_H

#define FIONREAD	0x541B
#define FIONBIO		0x5421
#define FIOASYNC	0x5452
#define FIONCLEX	0x5450
#define FIOCLEX		0x5451
#define FIOQSIZE	0x5460
#define FIGETBSZ	0x00000002	/* _IO(0x00, 2) */
#define FICLONE		0x40049409	/* _IOW(0x94, 9, int) */
#define FICLONERANGE	0x4020940d	/* _IOW(0x94, 13, struct file_clone_range) */

#endif
