/*
 * File locks (fs/locks.c): fcntl's record locks, POSIX (owned by a
 * process) and open file description ("OFD", owned by a struct file), and
 * flock(2)'s whole-file locks, owned by a struct file.  Advisory only: they
 * stop other locks, never a read or a write.  docs/locks.md tells the story.
 */
#ifndef FS_LOCKS_H
#define FS_LOCKS_H

#include <stdint.h>

struct file;
struct inode;
struct task;
struct files_struct;

/* l_type, and flock's operations (Linux i386's values). */
#define F_RDLCK		0
#define F_WRLCK		1
#define F_UNLCK		2
#define LOCK_SH		1
#define LOCK_EX		2
#define LOCK_NB		4
#define LOCK_UN		8
#define LOCK_MAND	32	/* gone from Linux: accepted and ignored */

/* The largest offset (loff_t) and the largest the 32-bit struct flock holds. */
#define OFFSET_MAX	INT64_MAX
#define OFFT_OFFSET_MAX	INT32_MAX

/* i386's struct flock (fcntl F_GETLK...) and struct flock64 (fcntl64). */
struct flock {
	int16_t l_type, l_whence;
	int32_t l_start, l_len;
	int32_t l_pid;
};

struct flock64 {
	int16_t l_type, l_whence;
	int64_t l_start, l_len;		/* 4-aligned on i386: 24 bytes in all */
	int32_t l_pid;
};

_Static_assert(sizeof(struct flock) == 16 && sizeof(struct flock64) == 24,
	       "i386's struct flock and flock64");

/* fl_flags */
#define FL_POSIX	1	/* fcntl's: a byte range */
#define FL_FLOCK	2	/* flock's: the whole file */
#define FL_OFDLCK	4	/* with FL_POSIX: owned by the open file */
#define FL_SLEEP	8	/* a request that waits (F_SETLKW, flock without LOCK_NB) */

/*
 * A lock held, or a request waiting for one (then on its caller's kernel
 * stack, on blocked_list).  Bytes fl_start..fl_end, both included;
 * fl_end OFFSET_MAX is "to the end of the file, however far it grows".
 */
struct file_lock {
	struct file_lock *fl_next;	/* the inode's list: flc_posix or flc_flock */
	struct file_lock *fl_link;	/* file_lock_list, or blocked_list */
	struct file_lock **fl_link_pprev;	/* held: what points at us there */
	struct file_lock *fl_blocker;	/* a waiter: the held lock it waits for */
	void *fl_owner;		/* POSIX: the process (its files_struct); OFD and flock: the struct file */
	struct file *fl_file;	/* the open file it was taken through */
	int fl_pid;		/* who took it, for F_GETLK and /proc/locks */
	uint8_t fl_flags;	/* FL_POSIX, FL_FLOCK, FL_OFDLCK, FL_SLEEP */
	uint8_t fl_type;	/* F_RDLCK, F_WRLCK; F_UNLCK in a request */
	int64_t fl_start, fl_end;
};

/*
 * An inode's locks (in struct inode).  flc_posix holds the POSIX and OFD
 * locks, each owner's together and in order of their start, owners in the
 * order they took their first; flc_flock the flock locks, oldest first.
 */
struct file_lock_context {
	struct file_lock *flc_flock;
	struct file_lock *flc_posix;
};

/* fcntl's lock commands, for fs/fcntl.c (which copies the structs in and out). */
int fcntl_getlk(struct file *f, uint32_t cmd, struct flock64 *fl);
int fcntl_setlk(struct file *f, uint32_t cmd, struct flock64 *fl);

/* Closing: a descriptor (the process's POSIX locks), the file's last (OFD, flock). */
void locks_remove_posix(struct file *f, struct files_struct *owner);
void locks_remove_file(struct file *f);

/* /proc/locks */
extern const struct file_operations proc_locks_fops;

#endif
