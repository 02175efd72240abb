/*
 * The ioctl numbers every kind of file answers, Linux i386's values
 * (<uapi/asm-generic/ioctls.h>): FIONBIO, FIOCLEX and FIONCLEX are done
 * by sys_ioctl itself (fs/ioctl.c), FIONREAD by each file's ->ioctl.
 */
#ifndef FS_IOCTL_H
#define FS_IOCTL_H

#define FIONREAD	0x541B
#define FIONBIO		0x5421
#define FIONCLEX	0x5450
#define FIOCLEX		0x5451

#endif
