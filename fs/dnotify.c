/*
 * dnotify: fcntl(fd, F_NOTIFY, events) on a directory asks for a signal
 * when something happens in it, Linux's fs/notify/dnotify/dnotify.c: the
 * one before inotify, still used (Python's fcntl offers it).  The signal
 * is SIGIO, or the one F_SETSIG chose (then with si_code POLL_MSG and
 * si_fd the descriptor), sent to the file's owner: F_SETOWN's, else the
 * process that asked.  One event ends the request unless DN_MULTISHOT;
 * closing any descriptor of the file in the process that asked ends it
 * too, as does F_NOTIFY with no events.
 *
 * It hears the same hooks as inotify (fs/inotify.c): one group of its
 * own, with one mark on each directory watched; the mark's private list
 * holds a dnotify_struct per file that asked, and its mask is their
 * events', so that the hooks pass it only what one of them wants.
 */
#include "fs/inotify.h"
#include "fs/fs.h"
#include "kernel/errno.h"
#include "kernel/task.h"
#include "mm/kmalloc.h"

/* One file's request (Linux's struct dnotify_struct). */
struct dnotify_struct {
	struct dnotify_struct *next;
	uint32_t mask;			/* IN_* and FS_RENAME */
	int multishot;
	int fd;				/* what si_fd says */
	struct file *file;		/* not referenced: its close ends the request */
	struct files_struct *owner;	/* the table of the process that asked */
};

static struct fsnotify_group *dnotify_group;	/* made at the first F_NOTIFY */

/* Linux's convert_arg: DN_* to the events the hooks report. */
static uint32_t convert_arg(uint32_t arg)
{
	uint32_t mask = 0;

	if (arg & DN_ACCESS)
		mask |= IN_ACCESS;
	if (arg & DN_MODIFY)
		mask |= IN_MODIFY;
	if (arg & DN_CREATE)
		mask |= IN_CREATE | IN_MOVED_TO;
	if (arg & DN_DELETE)
		mask |= IN_DELETE | IN_MOVED_FROM;
	if (arg & DN_RENAME)
		mask |= FS_RENAME;
	if (arg & DN_ATTRIB)
		mask |= IN_ATTRIB;
	return mask;
}

/* The mark hears what its requests want; with none left it goes. */
static void dnotify_recalc(struct inotify_watch *w)
{
	w->mask = 0;
	for (struct dnotify_struct *dn = w->private; dn; dn = dn->next)
		w->mask |= dn->mask;
	if (!w->private)
		fsnotify_destroy_mark(w);
}

/* Linux's dnotify_handle_event: a signal for each request that wants mask. */
static void dnotify_handle_event(struct inotify_watch *w, uint32_t mask)
{
	struct dnotify_struct **pp = (struct dnotify_struct **)&w->private, *dn;

	while ((dn = *pp) != NULL) {
		if (!(dn->mask & mask)) {
			pp = &dn->next;
			continue;
		}
		send_sigio(dn->file, dn->fd, POLL_MSG);
		if (dn->multishot) {
			pp = &dn->next;
		} else {
			*pp = dn->next;
			kfree(dn);
		}
	}
	dnotify_recalc(w);
}

/* The directory is freed: its requests go with the mark. */
static void dnotify_freeing_mark(struct inotify_watch *w)
{
	struct dnotify_struct *dn;

	while ((dn = w->private) != NULL) {
		w->private = dn->next;
		kfree(dn);
	}
}

static const struct fsnotify_ops dnotify_ops = {
	.handle_event = dnotify_handle_event,
	.freeing_mark = dnotify_freeing_mark,
};

/*
 * A descriptor of f's in owner's table is closed (filp_close), or
 * F_NOTIFY asked for nothing: f's request there goes.
 */
void dnotify_flush(struct file *f, struct files_struct *owner)
{
	struct inotify_watch *w;
	struct dnotify_struct **pp, *dn;

	if (!S_ISDIR(f->inode->mode) || !dnotify_group ||
	    !(w = fsnotify_find_mark(dnotify_group, f->inode)))
		return;
	for (pp = (struct dnotify_struct **)&w->private; (dn = *pp) != NULL; pp = &dn->next) {
		if (dn->file == f && dn->owner == owner) {
			*pp = dn->next;
			kfree(dn);
			break;
		}
	}
	dnotify_recalc(w);
}

/* f's request in the caller's table (a new one, or the one there). */
static struct dnotify_struct *dnotify_get(struct inotify_watch *w, struct file *f)
{
	struct dnotify_struct *dn;

	for (dn = w->private; dn; dn = dn->next)
		if (dn->file == f && dn->owner == current->files)
			return dn;
	if ((dn = kzalloc(sizeof(*dn))) != NULL) {
		dn->file = f;
		dn->owner = current->files;
		dn->next = w->private;
		w->private = dn;
	}
	return dn;
}

/*
 * fcntl(fd, F_NOTIFY, arg), Linux's fcntl_dirnotify: no events ends f's
 * request (any file); else f must be a directory (ENOTDIR).  Asking again
 * adds the events to the request's, DN_MULTISHOT too.  The file's owner
 * becomes the caller unless F_SETOWN chose one.
 */
long fcntl_dirnotify(int fd, struct file *f, uint32_t arg)
{
	struct inotify_watch *w;
	struct dnotify_struct *dn;

	if ((arg & ~DN_MULTISHOT) == 0) {
		dnotify_flush(f, current->files);
		return 0;
	}
	if (!S_ISDIR(f->inode->mode))
		return -ENOTDIR;
	if (!dnotify_group && !(dnotify_group = fsnotify_alloc_group(&dnotify_ops)))
		return -ENOMEM;
	if (!(w = fsnotify_find_mark(dnotify_group, f->inode)) &&
	    !(w = fsnotify_add_mark(dnotify_group, f->inode)))
		return -ENOMEM;
	if (!(dn = dnotify_get(w, f))) {
		dnotify_recalc(w);	/* a new mark with no request goes */
		return -ENOMEM;
	}
	dn->fd = fd;
	dn->mask |= convert_arg(arg);
	dn->multishot |= (arg & DN_MULTISHOT) != 0;
	dnotify_recalc(w);
	f_setown(f, current->tgid, F_OWNER_PID, 0);
	return 0;
}
