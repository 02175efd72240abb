/*
 * inotify, as Linux's fs/notify/inotify/inotify_user.c and the part of
 * fs/notify/fsnotify.c it uses.  inotify_init makes a group: a queue of
 * events and the watches that fill it.  inotify_add_watch puts a watch on
 * an inode (one per group and inode: adding again changes its mask and
 * gives the same watch descriptor, wd); the VFS's fsnotify hooks hand each
 * event to the inode's watches, and read() takes the queued events as
 * struct inotify_event records.
 *
 * A watch holds no reference to its inode (Linux's holds one, but Linux
 * also keeps dentries, which shmos has not): an inode nothing else holds
 * goes when its last name does, and its watches then report
 * IN_DELETE_SELF and IN_IGNORED, when Linux does (fsnotify_inoderemove).
 * A /proc inode is made for each lookup and goes with the lookup's
 * reference, so a watch on one holds it.
 *
 * Invariants: w is on w->inode->i_watches and w->group->watches, at most
 * one of a group per inode; g->q_len counts the events on g's queue, at
 * most g->max_events + 1 (the one more is g->overflow, queued at most once).
 */
#include "fs/inotify.h"
#include "fs/fs.h"
#include "fs/ioctl.h"
#include "fs/namei.h"
#include "fs/poll.h"
#include "kernel/errno.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "mm/uaccess.h"

/* What add_watch's mask may hold: without any of these, EINVAL. */
#define ALL_INOTIFY_BITS	(IN_ALL_EVENTS | IN_UNMOUNT | IN_Q_OVERFLOW | \
				 IN_IGNORED | IN_ONLYDIR | IN_DONT_FOLLOW | \
				 IN_EXCL_UNLINK | IN_MASK_ADD | IN_MASK_CREATE | \
				 IN_ISDIR | IN_ONESHOT)
/* What a watch keeps of it. */
#define WATCH_BITS		(IN_ALL_EVENTS | IN_ONESHOT | IN_EXCL_UNLINK)

/* Events that happen to a file itself, which its directory hears of too. */
#define EVENTS_ON_CHILD		(IN_ACCESS | IN_MODIFY | IN_ATTRIB | \
				 IN_CLOSE_WRITE | IN_CLOSE_NOWRITE | IN_OPEN)

#define INT_MAX			0x7fffffff

/* The wd the next new watch gets, or the next free after it (checkpoint/restore). */
#define INOTIFY_IOC_SETNEXTWD	0x40044900	/* _IOW('I', 0, __s32) */

/* Linux's struct inotify_event, what read() gives; len: name's, padded. */
struct inotify_event {
	int wd;
	uint32_t mask, cookie, len;
};

/* A queued event (Linux's inotify_event_info). */
struct inotify_kevent {
	struct inotify_kevent *next;
	int wd;
	uint32_t mask, cookie;
	int name_len;			/* 0: no name */
	char name[];			/* name_len bytes and a NUL */
};

struct fsnotify_group {
	/* NULL for inotify's: its queue; else another user's (fs/dnotify.c) */
	const struct fsnotify_ops *ops;
	struct fsnotify_group *next;	/* on groups: every instance */
	struct inotify_watch *watches;
	struct inotify_kevent *head, *tail;	/* the queue, oldest first */
	uint32_t q_len, max_events;
	struct inotify_kevent *overflow;	/* IN_Q_OVERFLOW, made with the group */
	int overflow_queued;
	int last_wd;			/* wds are handed out in turn, as idr_alloc_cyclic */
	int nwatches;
	uint32_t uid;			/* the user it counts for (Linux's ucounts) */
	/* Its file's inode (not referenced: the group goes with the file). */
	struct inode *inode;
	struct fasync_struct *fsn_fa;	/* O_ASYNC: SIGIO at each event queued */
};

unsigned long inotify_max_user_watches;
unsigned long inotify_max_user_instances = 128;
int inotify_max_queued_events = 16384;

static struct fsnotify_group *groups;
static uint32_t fsnotify_sync_cookie;	/* the last rename's cookie */

/*
 * Linux's default for max_user_watches: what a watch costs (a mark and
 * two inodes it may keep) in 1% of the memory, between 8192 and 1048576.
 */
void inotify_user_setup(void)
{
	unsigned long cost = sizeof(struct inotify_watch) + 2 * sizeof(struct inode);
	unsigned long max = (nr_total_pages() / 100) * PAGE_SIZE / cost;

	inotify_max_user_watches = max < 8192 ? 8192 : max > 1048576 ? 1048576 : max;
}

/* ---- the queue ---- */

static void queue_add(struct fsnotify_group *g, struct inotify_kevent *e)
{
	e->next = NULL;
	if (g->tail)
		g->tail->next = e;
	else
		g->head = e;
	g->tail = e;
	g->q_len++;
	g->inode->i_pollin++;	/* an edge for EPOLLET, as Linux's wakeup for each */
	wakeup(g);
	poll_wake();
	kill_fasync(&g->fsn_fa, SIGIO, POLL_IN);
}

static void queue_overflow(struct fsnotify_group *g)
{
	if (g->overflow_queued)
		return;
	g->overflow_queued = 1;
	queue_add(g, g->overflow);
}

/*
 * Linux's inotify_merge: an event the same as the last one queued (mask,
 * wd and name; not the cookie) is not queued again, unless that was
 * IN_IGNORED.
 */
static int merges(struct fsnotify_group *g, int wd, uint32_t mask,
		  const char *name, int len)
{
	struct inotify_kevent *last = g->tail;

	return last && !(last->mask & IN_IGNORED) && last->mask == mask &&
	       last->wd == wd && last->name_len == len &&
	       memcmp(last->name, name, len) == 0;
}

static void queue_event(struct fsnotify_group *g, int wd, uint32_t mask,
			uint32_t cookie, const char *name, int len)
{
	struct inotify_kevent *e;

	if (g->q_len >= g->max_events) {
		queue_overflow(g);
		return;
	}
	if (merges(g, wd, mask, name, len))
		return;
	/*
	 * Users make events by the thousand: they leave the kernel's reserve
	 * alone and, as Linux's (__GFP_RETRY_MAYFAIL), never call the OOM
	 * killer; one that finds no memory is lost, and IN_Q_OVERFLOW says so.
	 */
	if ((e = kmalloc_gfp(sizeof(*e) + len + 1, GFP_USER | __GFP_NORETRY)) == NULL) {
		queue_overflow(g);
		return;
	}
	e->wd = wd;
	e->mask = mask;
	e->cookie = cookie;
	e->name_len = len;
	memcpy(e->name, name, len);
	e->name[len] = 0;
	queue_add(g, e);
}

static struct inotify_kevent *queue_take(struct fsnotify_group *g)
{
	struct inotify_kevent *e = g->head;

	if ((g->head = e->next) == NULL)
		g->tail = NULL;
	g->q_len--;
	if (e == g->overflow)
		g->overflow_queued = 0;
	return e;
}

static void kevent_free(struct fsnotify_group *g, struct inotify_kevent *e)
{
	if (e != g->overflow)
		kfree(e);
}

/* A name's room in a record: with its NUL, to a multiple of the header's size. */
static uint32_t padded_len(const struct inotify_kevent *e)
{
	uint32_t h = sizeof(struct inotify_event);

	return e->name_len ? (e->name_len + 1 + h - 1) / h * h : 0;
}

/* ---- watches ---- */

/* What the watches of a user count in all groups (Linux's ucounts). */
static int user_count(uint32_t uid, int watches)
{
	int n = 0;

	for (struct fsnotify_group *g = groups; g; g = g->next)
		if (g->uid == uid)
			n += watches ? g->nwatches : 1;
	return n;
}

static struct inotify_watch *find_watch(struct fsnotify_group *g, struct inode *ip)
{
	for (struct inotify_watch *w = ip->i_watches; w; w = w->i_next)
		if (w->group == g)
			return w;
	return NULL;
}

static struct inotify_watch *find_wd(struct fsnotify_group *g, int wd)
{
	for (struct inotify_watch *w = g->watches; w; w = w->g_next)
		if (w->wd == wd)
			return w;
	return NULL;
}

/*
 * The watch goes; ignored: its group hears IN_IGNORED (not when the group
 * itself goes).
 */
static void watch_destroy(struct inotify_watch *w, int ignored)
{
	struct fsnotify_group *g = w->group;
	struct inotify_watch **pp;

	for (pp = &w->inode->i_watches; *pp != w; pp = &(*pp)->i_next)
		;
	*pp = w->i_next;
	for (pp = &g->watches; *pp != w; pp = &(*pp)->g_next)
		;
	*pp = w->g_next;
	g->nwatches--;
	if (g->ops)
		g->ops->freeing_mark(w);
	else if (ignored)
		queue_event(g, w->wd, IN_IGNORED, 0, "", 0);
	if (w->inode->transient)
		inode_put(w->inode);
	kfree(w);
}

/*
 * All of ip's watches go, with IN_IGNORED.  The last may free ip (a /proc
 * inode's watches hold it): ip is not looked at after.
 */
static void destroy_all(struct inode *ip)
{
	struct inotify_watch *w = ip->i_watches;

	while (w) {
		struct inotify_watch *next = w->i_next;

		watch_destroy(w, 1);
		w = next;
	}
}

/* w becomes g's watch on ip: on both their lists. */
static void attach_watch(struct fsnotify_group *g, struct inode *ip, struct inotify_watch *w)
{
	w->group = g;
	w->inode = ip->transient ? inode_get(ip) : ip;
	w->i_next = ip->i_watches;
	ip->i_watches = w;
	w->g_next = g->watches;
	g->watches = w;
	g->nwatches++;
}

/* Linux's inotify_new_watch: the next free wd, then the user's limit. */
static int new_watch(struct fsnotify_group *g, struct inode *ip, uint32_t mask)
{
	struct inotify_watch *w = kmalloc_gfp(sizeof(*w), GFP_USER);	/* no reserve */
	int wd = g->last_wd;

	if (w == NULL)
		return -ENOMEM;
	do
		wd = wd == INT_MAX ? 1 : wd + 1;
	while (find_wd(g, wd));
	if ((unsigned long)user_count(g->uid, 1) >= inotify_max_user_watches) {
		kfree(w);
		return -ENOSPC;
	}
	g->last_wd = w->wd = wd;
	w->mask = mask & WATCH_BITS;
	attach_watch(g, ip, w);
	return wd;
}

/* Linux's inotify_update_watch: the watch's wd, made or changed. */
static int update_watch(struct fsnotify_group *g, struct inode *ip, uint32_t mask)
{
	struct inotify_watch *w = find_watch(g, ip);

	if (w == NULL)
		return new_watch(g, ip, mask);
	if (mask & IN_MASK_CREATE)
		return -EEXIST;
	w->mask = ((mask & IN_MASK_ADD) ? w->mask : 0) | (mask & WATCH_BITS);
	return w->wd;
}

/* ---- delivery ---- */

/*
 * Linux's inotify_handle_inode_event: the event to the watch's queue;
 * an IN_ONESHOT watch then goes.
 */
static void handle_event(struct inotify_watch *w, uint32_t mask,
			 const char *name, int len, uint32_t cookie)
{
	if (w->group->ops) {
		w->group->ops->handle_event(w, mask);
		return;
	}
	if (mask & (IN_MOVE_SELF | IN_DELETE_SELF))
		mask &= ~IN_ISDIR;	/* inotify never said it for these */
	queue_event(w->group, w->wd, mask, cookie, name, len);
	if (w->mask & IN_ONESHOT)
		watch_destroy(w, 1);
}

/*
 * The event to those of ip's watches that want it.  child: for an event
 * from an open file, the file's inode: an IN_EXCL_UNLINK watch does not
 * hear of it once the file has no name.
 */
static void fsnotify(struct inode *ip, uint32_t mask, const char *name,
		     int len, uint32_t cookie, struct inode *child)
{
	struct inotify_watch *w, *next;

	for (w = ip->i_watches; w; w = next) {
		next = w->i_next;
		if (!(mask & IN_UNMOUNT) && !(mask & w->mask & (IN_ALL_EVENTS | FS_RENAME)))
			continue;
		if ((w->mask & IN_EXCL_UNLINK) && child && child->nlink == 0)
			continue;
		handle_event(w, mask, name, len, cookie);
	}
}

/*
 * ip's name in dir, into name (NAME_MAX + 1 bytes): the one it has there,
 * or the last it had if it has none left (fsnotify_name_gone); its length,
 * or <= 0 for none.
 */
static int child_name(struct inode *dir, struct inode *ip, char *name)
{
	int len = dir_name_of(dir, ip, name, NAME_MAX + 1);

	if (len <= 0 && ip->i_unlinked_name && ip->i_unlinked_dir == dir) {
		len = strlen(ip->i_unlinked_name);
		memcpy(name, ip->i_unlinked_name, len + 1);
	}
	return len;
}

/*
 * Linux's fsnotify_parent: an event on ip, told first to the directory
 * it is in, by name (a directory's is its parent), then to ip's own
 * watches.  from_file: it came through an open file.
 */
static void notify_parent(struct inode *ip, struct inode *dir, uint32_t mask,
			  int from_file)
{
	char name[NAME_MAX + 1];
	int len;

	if (S_ISDIR(ip->mode)) {
		mask |= IN_ISDIR;
		dir = ip->parent;
	}
	if (dir && dir->i_watches && (mask & EVENTS_ON_CHILD) &&
	    (len = child_name(dir, ip, name)) > 0)
		fsnotify(dir, mask, name, len, 0, from_file ? ip : NULL);
	if (ip->i_watches)
		fsnotify(ip, mask, "", 0, 0, from_file ? ip : NULL);
}

void fsnotify_dentry(struct inode *ip, struct inode *dir, uint32_t mask)
{
	notify_parent(ip, dir, mask, 0);
}

static void fsnotify_file(struct file *f, uint32_t mask)
{
	notify_parent(f->inode, f->dir, mask, 1);
}

void fsnotify_open(struct file *f)
{
	fsnotify_file(f, IN_OPEN);
}

void fsnotify_close(struct file *f)
{
	fsnotify_file(f, (f->fmode & FMODE_WRITE) ? IN_CLOSE_WRITE : IN_CLOSE_NOWRITE);
}

void fsnotify_access(struct file *f)
{
	fsnotify_file(f, IN_ACCESS);
}

void fsnotify_modify(struct file *f)
{
	fsnotify_file(f, IN_MODIFY);
}

/* Its link count changed (link, unlink, rename over it): ip's watches only. */
void fsnotify_link_count(struct inode *ip)
{
	if (ip->i_watches)
		fsnotify(ip, IN_ATTRIB | (S_ISDIR(ip->mode) ? IN_ISDIR : 0), "", 0, 0, NULL);
}

void fsnotify_create(struct inode *dir, const char *name, int len, int isdir)
{
	if (dir->i_watches)
		fsnotify(dir, IN_CREATE | (isdir ? IN_ISDIR : 0), name, len, 0, NULL);
}

void fsnotify_delete(struct inode *dir, const char *name, int len, int isdir)
{
	if (dir->i_watches)
		fsnotify(dir, IN_DELETE | (isdir ? IN_ISDIR : 0), name, len, 0, NULL);
}

/*
 * A rename of source, which took the place of target (or NULL): the two
 * directories hear IN_MOVED_FROM and IN_MOVED_TO with one cookie, then
 * target's link count changed and source moved.  A rename within one
 * directory is FS_RENAME too, which only dnotify hears.
 */
void fsnotify_move(struct inode *old_dir, const char *old_name, int old_len,
		   struct inode *new_dir, const char *new_name, int new_len,
		   struct inode *source, struct inode *target)
{
	uint32_t isdir = S_ISDIR(source->mode) ? IN_ISDIR : 0;
	uint32_t cookie = ++fsnotify_sync_cookie;

	/* dnotify's DN_RENAME: a rename within the directory (Linux's FS_RENAME) */
	if (old_dir == new_dir && old_dir->i_watches)
		fsnotify(old_dir, FS_RENAME | isdir, old_name, old_len, 0, NULL);
	if (old_dir->i_watches)
		fsnotify(old_dir, IN_MOVED_FROM | isdir, old_name, old_len, cookie, NULL);
	if (new_dir->i_watches)
		fsnotify(new_dir, IN_MOVED_TO | isdir, new_name, new_len, cookie, NULL);
	if (target)
		fsnotify_link_count(target);
	if (source->i_watches)
		fsnotify(source, IN_MOVE_SELF | isdir, "", 0, 0, NULL);
}

/*
 * ip's last name, name in dir, went (unlink, rmdir).  If dir is watched
 * and ip is still in use (the caller holds one reference), ip keeps the
 * name: its open files tell dir of their events by it (child_name), as
 * Linux's, whose file holds the dentry of its name even once unhashed.
 * Without the memory for it they tell dir nothing.
 */
void fsnotify_name_gone(struct inode *ip, struct inode *dir, const char *name, int len)
{
	if (ip->nlink || !dir->i_watches || ip->count < 2 || ip->i_unlinked_name)
		return;
	if ((ip->i_unlinked_name = kmalloc_gfp(len + 1, GFP_USER)) == NULL)
		return;
	memcpy(ip->i_unlinked_name, name, len);
	ip->i_unlinked_name[len] = 0;
	ip->i_unlinked_dir = dir;
}

/*
 * ip is being freed: if it had no name left it was deleted
 * (IN_DELETE_SELF); its watches go (IN_IGNORED), and the name it kept.
 */
void fsnotify_inoderemove(struct inode *ip)
{
	if (ip->i_watches && ip->nlink == 0)
		fsnotify(ip, IN_DELETE_SELF, "", 0, 0, NULL);
	destroy_all(ip);
	kfree(ip->i_unlinked_name);
}

/* The file system dev is unmounted: IN_UNMOUNT and IN_IGNORED on its inodes. */
void fsnotify_unmount_inodes(uint32_t dev)
{
	for (struct fsnotify_group *g = groups; g; g = g->next) {
		struct inotify_watch *w = g->watches;

		while (w) {
			struct inode *ip = w->inode;

			if (ip->dev != dev) {
				w = w->g_next;
				continue;
			}
			fsnotify(ip, IN_UNMOUNT | (S_ISDIR(ip->mode) ? IN_ISDIR : 0),
				 "", 0, 0, NULL);
			destroy_all(ip);
			w = g->watches;		/* the list changed: again */
		}
	}
}

/* ---- the marks of other groups (dnotify's) ---- */

/* A group with ops, on no list: not an inotify instance, no limits. */
struct fsnotify_group *fsnotify_alloc_group(const struct fsnotify_ops *ops)
{
	struct fsnotify_group *g = kzalloc(sizeof(*g));

	if (g)
		g->ops = ops;
	return g;
}

struct inotify_watch *fsnotify_find_mark(struct fsnotify_group *g, struct inode *ip)
{
	return find_watch(g, ip);
}

/* g's new mark on ip, hearing nothing yet (mask 0); NULL for want of memory. */
struct inotify_watch *fsnotify_add_mark(struct fsnotify_group *g, struct inode *ip)
{
	struct inotify_watch *w = kzalloc(sizeof(*w));

	if (w)
		attach_watch(g, ip, w);
	return w;
}

void fsnotify_destroy_mark(struct inotify_watch *w)
{
	watch_destroy(w, 0);
}

/* ---- the file ---- */

/*
 * Linux's inotify_read: whole records while they fit.  One that does not
 * fit in what is left is EINVAL if nothing was read yet; an empty queue
 * waits (unless O_NONBLOCK) only if nothing was.
 */
static long inotify_read(struct file *f, char *ubuf, uint32_t n, uint64_t *pos)
{
	static const char zeros[sizeof(struct inotify_event)];
	struct fsnotify_group *g = f->private_data;
	uint32_t done = 0;
	long err = 0;

	for (;;) {
		struct inotify_kevent *e = g->head;
		struct inotify_event ev;
		uint32_t pad;

		if (e == NULL) {
			if (done)
				break;
			if (f->flags & O_NONBLOCK)
				return -EAGAIN;
			if (sleep_on_interruptible(g))
				return -ERESTARTSYS;
			continue;
		}
		pad = padded_len(e);
		if (sizeof(ev) + pad > n - done) {
			err = -EINVAL;
			break;
		}
		queue_take(g);
		ev.wd = e->wd;
		ev.mask = e->mask;
		ev.cookie = e->cookie;
		ev.len = pad;
		err = copy_to_user(ubuf + done, &ev, sizeof(ev)) ||
		      copy_to_user(ubuf + done + sizeof(ev), e->name, e->name_len) ||
		      copy_to_user(ubuf + done + sizeof(ev) + e->name_len, zeros,
				   pad - e->name_len) ? -EFAULT : 0;
		kevent_free(g, e);
		if (err)
			return err;	/* the event is lost, as on Linux */
		done += sizeof(ev) + pad;
	}
	return done ? (long)done : err;
}

/* FIONREAD: the bytes the queued events take; INOTIFY_IOC_SETNEXTWD. */
static long inotify_ioctl(struct file *f, uint32_t cmd, uint32_t arg)
{
	struct fsnotify_group *g = f->private_data;
	int n = 0;

	if (cmd == INOTIFY_IOC_SETNEXTWD) {
		if (arg < 1 || arg > INT_MAX)
			return -EINVAL;
		g->last_wd = arg - 1;
		return 0;
	}
	if (cmd != FIONREAD)
		return -ENOTTY;
	for (struct inotify_kevent *e = g->head; e; e = e->next)
		n += sizeof(struct inotify_event) + padded_len(e);
	return copy_to_user((void *)arg, &n, sizeof(n)) ? -EFAULT : 0;
}

static int inotify_poll(struct file *f)
{
	struct fsnotify_group *g = f->private_data;

	return g->head ? POLLIN | POLLRDNORM : 0;
}

/*
 * An open by name, through /proc/PID/fd/N: the inode is no file, as
 * Linux's anon_inode (inotify_init1 makes its files with file_alloc).
 */
static int inotify_open(struct file *f)
{
	return -ENXIO;
}

/* Linux's noop_llseek: the position stays 0. */
static int64_t inotify_llseek(struct file *f, int64_t off, int whence)
{
	return f->pos;
}

/* The watches go without IN_IGNORED, the events with them. */
static void group_free(struct fsnotify_group *g)
{
	struct fsnotify_group **pp;

	while (g->watches)
		watch_destroy(g->watches, 0);
	while (g->head)
		kevent_free(g, queue_take(g));
	for (pp = &groups; *pp != g; pp = &(*pp)->next)
		;
	*pp = g->next;
	kfree(g->overflow);
	kfree(g);
}

static void inotify_release(struct file *f)
{
	group_free(f->private_data);
}

/* O_ASYNC on the instance (Linux's fsnotify_fasync). */
static int inotify_fasync(int fd, struct file *f, int on)
{
	struct fsnotify_group *g = f->private_data;

	return fasync_helper(fd, f, on, &g->fsn_fa) >= 0 ? 0 : -EIO;
}

const struct file_operations inotify_fops = {
	.open = inotify_open,
	.read = inotify_read,
	.ioctl = inotify_ioctl,
	.poll = inotify_poll,
	.llseek = inotify_llseek,
	.release = inotify_release,
	.fasync = inotify_fasync,
};

/* ---- the calls ---- */

/* Linux's inotify_new_group: ENOMEM, or EMFILE past the user's instances. */
static int new_group(struct fsnotify_group **gp)
{
	struct fsnotify_group *g = kzalloc(sizeof(*g));
	struct inotify_kevent *ov = kzalloc(sizeof(*ov) + 1);

	if (g == NULL || ov == NULL) {
		kfree(g);
		kfree(ov);
		return -ENOMEM;
	}
	if ((unsigned long)user_count(current->euid, 0) >= inotify_max_user_instances) {
		kfree(g);
		kfree(ov);
		return -EMFILE;
	}
	ov->wd = -1;
	ov->mask = IN_Q_OVERFLOW;
	g->overflow = ov;
	g->max_events = inotify_max_queued_events;
	g->uid = current->euid;
	g->next = groups;
	groups = g;
	*gp = g;
	return 0;
}

long sys_inotify_init1(uint32_t flags)
{
	struct fsnotify_group *g;
	struct inode *ip;
	struct file *f = NULL;
	int fd, err;

	if (flags & ~(IN_CLOEXEC | IN_NONBLOCK))
		return -EINVAL;
	if ((err = new_group(&g)) != 0)
		return err;
	/* An inode of its own, as Linux's anon_inode: no type, 0600. */
	if ((ip = new_inode(0600, current->euid, current->egid)) != NULL) {
		ip->dev = PIPE_DEV;
		ip->f_op = &inotify_fops;
		g->inode = ip;
		f = file_alloc(ip, O_RDONLY | (flags & IN_NONBLOCK));
		inode_put(ip);		/* the file holds it */
	}
	if (f == NULL) {
		group_free(g);
		return -ENOMEM;
	}
	f->private_data = g;
	if ((fd = fd_alloc(0)) < 0) {
		file_put(f);
		return fd;
	}
	fd_install(fd, f, flags & IN_CLOEXEC);
	return fd;
}

long sys_inotify_init(void)
{
	return sys_inotify_init1(0);
}

/* The group of descriptor fd: EBADF, or EINVAL if it is not inotify's. */
static int fget_group(int fd, struct fsnotify_group **gp)
{
	struct file *f = fget(fd);

	if (f == NULL)
		return -EBADF;
	if (f->f_op != &inotify_fops)
		return -EINVAL;
	*gp = f->private_data;
	return 0;
}

/*
 * Linux's order: a mask with nothing inotify knows, the descriptor, both
 * IN_MASK_ADD and IN_MASK_CREATE, not inotify's; then the path (its last
 * symlink followed unless IN_DONT_FOLLOW, a directory if IN_ONLYDIR) and
 * read permission on it.
 */
long sys_inotify_add_watch(int fd, const char *upath, uint32_t mask)
{
	struct fsnotify_group *g;
	struct inode *ip;
	struct file *f;
	int err;

	if (!(mask & ALL_INOTIFY_BITS))
		return -EINVAL;
	if ((f = fget(fd)) == NULL)
		return -EBADF;
	if (((mask & IN_MASK_ADD) && (mask & IN_MASK_CREATE)) ||
	    f->f_op != &inotify_fops)
		return -EINVAL;
	g = f->private_data;
	err = at_lookup(AT_FDCWD, upath,
			(mask & IN_DONT_FOLLOW) ? AT_SYMLINK_NOFOLLOW : 0, &ip);
	if (err)
		return err;
	if ((mask & IN_ONLYDIR) && !S_ISDIR(ip->mode))
		err = -ENOTDIR;
	else if ((err = permission(ip, MAY_READ)) == 0)
		err = update_watch(g, ip, mask);
	inode_put(ip);
	return err;
}

long sys_inotify_rm_watch(int fd, int wd)
{
	struct fsnotify_group *g;
	struct inotify_watch *w;
	int err;

	if ((err = fget_group(fd, &g)) != 0)
		return err;
	if ((w = find_wd(g, wd)) == NULL)
		return -EINVAL;
	watch_destroy(w, 1);
	return 0;
}
