/*
 * The open(2), fcntl(2) and *at(2) ABI, Linux i386's values
 * (<uapi/asm-generic/fcntl.h> and <uapi/linux/fcntl.h>).
 */
#ifndef FS_FCNTL_H
#define FS_FCNTL_H

/* open(2) flags */
#define O_ACCMODE	00000003
#define O_RDONLY	00000000
#define O_WRONLY	00000001
#define O_RDWR		00000002
#define O_CREAT		00000100
#define O_EXCL		00000200
#define O_NOCTTY	00000400
#define O_TRUNC		00001000
#define O_APPEND	00002000
#define O_NONBLOCK	00004000
#define O_DSYNC		00010000
#define FASYNC		00020000	/* O_ASYNC: SIGIO when I/O is possible */
#define O_DIRECT	00040000
#define O_LARGEFILE	00100000
#define O_DIRECTORY	00200000
#define O_NOFOLLOW	00400000
#define O_NOATIME	01000000
#define O_CLOEXEC	02000000
#define O_PATH		010000000
#define O_TMPFILE	020000000

/* fcntl(2) commands */
#define F_DUPFD		0
#define F_GETFD		1
#define F_SETFD		2
#define F_GETFL		3
#define F_SETFL		4
#define F_GETLK		5	/* the record locks (fs/locks.h), struct flock */
#define F_SETLK		6
#define F_SETLKW	7
#define F_SETOWN	8
#define F_GETOWN	9
#define F_SETSIG	10	/* the signal F_SETOWN's owner gets (0: SIGIO) */
#define F_GETSIG	11
#define F_SETOWN_EX	15	/* struct f_owner_ex: a thread, process or group */
#define F_GETOWN_EX	16	/* glibc's F_GETOWN */
#define F_GETLK64	12	/* fcntl64 only: struct flock64 */
#define F_SETLK64	13
#define F_SETLKW64	14
#define F_OFD_GETLK	36	/* fcntl64 only: open file description locks */
#define F_OFD_SETLK	37
#define F_OFD_SETLKW	38
#define F_NOTIFY	1026	/* dnotify: a directory's changes, by signal (fs/dnotify.c) */
#define F_DUPFD_CLOEXEC	1030
#define F_SETPIPE_SZ	1031	/* a pipe's size (fs/pipe.c) */
#define F_GETPIPE_SZ	1032
#define FD_CLOEXEC	1

/* The *at calls: a dirfd, and flags (some share a value, as on Linux). */
#define AT_FDCWD		-100
#define AT_SYMLINK_NOFOLLOW	0x100
#define AT_REMOVEDIR		0x200
#define AT_EACCESS		0x200
#define AT_SYMLINK_FOLLOW	0x400
#define AT_NO_AUTOMOUNT		0x800
#define AT_EMPTY_PATH		0x1000
#define AT_STATX_SYNC_TYPE	0x6000

/* F_NOTIFY's events, Linux's DN_* */
#define DN_ACCESS	0x00000001	/* a file in it read */
#define DN_MODIFY	0x00000002	/* ...written, truncated */
#define DN_CREATE	0x00000004	/* a name made (or renamed into it) */
#define DN_DELETE	0x00000008	/* a name removed (or renamed out of it) */
#define DN_RENAME	0x00000010	/* a name in it renamed */
#define DN_ATTRIB	0x00000020	/* attributes changed */
#define DN_MULTISHOT	0x80000000	/* every time, not only the first */

/* struct f_owner_ex, F_SETOWN_EX's */
struct f_owner_ex {
	int type;
	int pid;
};
#define F_OWNER_TID	0
#define F_OWNER_PID	1
#define F_OWNER_PGRP	2

/* si_code of a signal F_SETOWN's owner gets: what became possible (Linux's POLL_*) */
#define POLL_IN		1	/* input */
#define POLL_OUT	2	/* room for output */
#define POLL_MSG	3	/* a message: dnotify's */
#define POLL_ERR	4
#define POLL_PRI	5
#define POLL_HUP	6

struct file;
/*
 * Who hears of a file's I/O by signal (Linux's fasync_struct): each file
 * with O_ASYNC on an object (a pipe's end, a tty, a socket, an inotify
 * instance), with the descriptor that turned it on (the signal's si_fd).
 */
struct fasync_struct {
	struct fasync_struct *fa_next;
	int fa_fd;
	struct file *fa_file;
};

/* fs/fcntl.c: f's owner (Linux's __f_setown), and its signal (Linux's send_sigio). */
void f_setown(struct file *f, int pid, int type, int force);
void send_sigio(struct file *f, int fd, int reason);
int fasync_helper(int fd, struct file *f, int on, struct fasync_struct **fapp);
void kill_fasync(struct fasync_struct **fapp, int sig, int reason);

#endif
