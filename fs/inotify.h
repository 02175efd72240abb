/*
 * inotify (fs/inotify.c): a descriptor that reads what happens to files
 * and directories it watches, as Linux's fs/notify/inotify.  The VFS tells
 * it through the fsnotify hooks below, called where Linux's are
 * (include/linux/fsnotify.h): each hands its event to the watches of the
 * inode, and, for what happens to a file itself (opened, read, written,
 * closed, its attributes changed), to those of the directory it is in,
 * with its name.
 */
#ifndef FS_INOTIFY_H
#define FS_INOTIFY_H

#include <stdint.h>

struct file;
struct inode;

/* The events (struct inotify_event's mask), Linux's values. */
#define IN_ACCESS		0x00000001	/* read */
#define IN_MODIFY		0x00000002	/* written, truncated */
#define IN_ATTRIB		0x00000004	/* mode, owner, times, link count */
#define IN_CLOSE_WRITE		0x00000008
#define IN_CLOSE_NOWRITE	0x00000010
#define IN_OPEN			0x00000020
#define IN_MOVED_FROM		0x00000040	/* a name left the directory */
#define IN_MOVED_TO		0x00000080	/* a name came in */
#define IN_CREATE		0x00000100
#define IN_DELETE		0x00000200
#define IN_DELETE_SELF		0x00000400
#define IN_MOVE_SELF		0x00000800
#define IN_ALL_EVENTS		0x00000fff
#define IN_UNMOUNT		0x00002000	/* its file system went */
#define IN_Q_OVERFLOW		0x00004000	/* events were lost */
#define IN_IGNORED		0x00008000	/* the watch went */
#define IN_ISDIR		0x40000000	/* the event is a directory's */
/* Linux's FS_RENAME: a name renamed within the directory; dnotify hears it, inotify not. */
#define FS_RENAME		0x10000000

/* inotify_add_watch's flags */
#define IN_ONLYDIR		0x01000000
#define IN_DONT_FOLLOW		0x02000000
#define IN_EXCL_UNLINK		0x04000000	/* not once the file is unlinked */
#define IN_MASK_CREATE		0x10000000	/* EEXIST if already watched */
#define IN_MASK_ADD		0x20000000	/* add to the mask, not replace */
#define IN_ONESHOT		0x80000000	/* one event, then the watch goes */

/* inotify_init1's flags: O_NONBLOCK's and O_CLOEXEC's values */
#define IN_NONBLOCK		00004000
#define IN_CLOEXEC		02000000

/*
 * /proc/sys/fs/inotify: watches and instances each user may have, and the
 * events an instance queues before IN_Q_OVERFLOW (read when it is made).
 */
extern unsigned long inotify_max_user_watches, inotify_max_user_instances;
extern int inotify_max_queued_events;
void inotify_user_setup(void);

/* What inotify_init gives: d_path names it "anon_inode:inotify". */
extern const struct file_operations inotify_fops;

/*
 * The hooks.  dir is the directory ip was found in (NULL if unknown):
 * its watches hear of ip's events by name.
 */
void fsnotify_open(struct file *f);
void fsnotify_close(struct file *f);
void fsnotify_access(struct file *f);
void fsnotify_modify(struct file *f);
void fsnotify_dentry(struct inode *ip, struct inode *dir, uint32_t mask);
void fsnotify_link_count(struct inode *ip);
void fsnotify_create(struct inode *dir, const char *name, int len, int isdir);
void fsnotify_delete(struct inode *dir, const char *name, int len, int isdir);
void fsnotify_move(struct inode *old_dir, const char *old_name, int old_len,
		   struct inode *new_dir, const char *new_name, int new_len,
		   struct inode *source, struct inode *target);
void fsnotify_name_gone(struct inode *ip, struct inode *dir, const char *name, int len);
void fsnotify_inoderemove(struct inode *ip);
void fsnotify_unmount_inodes(uint32_t dev);

/*
 * A mark: one group's watch on one inode, on the inode's list
 * (i_watches) and the group's.  An inotify instance's has a wd; another
 * group's (dnotify's) keeps its own state in private.
 */
struct fsnotify_group;
struct inotify_watch {
	struct inotify_watch *i_next;	/* the inode's watches */
	struct inotify_watch *g_next;	/* the group's */
	struct fsnotify_group *group;
	struct inode *inode;
	int wd;
	uint32_t mask;			/* the events it hears: IN_*, FS_RENAME */
	void *private;			/* a group with ops: its own */
};

/*
 * A group that is not an inotify instance (Linux's fsnotify_ops): what it
 * does with an event its mark hears (the fsnotify loop goes on safely if
 * it destroys the mark), and with a mark that goes (its inode is freed).
 */
struct fsnotify_ops {
	void (*handle_event)(struct inotify_watch *w, uint32_t mask);
	void (*freeing_mark)(struct inotify_watch *w);
};
struct fsnotify_group *fsnotify_alloc_group(const struct fsnotify_ops *ops);
struct inotify_watch *fsnotify_find_mark(struct fsnotify_group *g, struct inode *ip);
struct inotify_watch *fsnotify_add_mark(struct fsnotify_group *g, struct inode *ip);
void fsnotify_destroy_mark(struct inotify_watch *w);

/* dnotify (fs/dnotify.c): fcntl's F_NOTIFY, and a descriptor's close. */
long fcntl_dirnotify(int fd, struct file *f, uint32_t arg);
struct files_struct;
void dnotify_flush(struct file *f, struct files_struct *owner);

#endif
