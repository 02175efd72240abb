/*
 * File locks, as Linux's fs/locks.c: fcntl's byte-range locks and flock's
 * whole-file locks.  docs/locks.md tells the story; in short:
 *
 *  - A POSIX lock (F_SETLK) belongs to the process: all its descriptors of
 *    the file share it, closing any of them lets go of all of them, a
 *    forked child has none of its parent's, exec keeps them.
 *  - An OFD lock (F_OFD_SETLK) is a byte range too, but belongs to the open
 *    file (struct file): dup and fork share it, its last close ends it.
 *  - A flock lock covers the whole file and belongs to the open file too.
 *    flock and fcntl locks never see each other.
 *
 * Each inode has two lists (struct file_lock_context): the POSIX and OFD
 * locks, and the flock ones.  A request that must wait (F_SETLKW, flock
 * without LOCK_NB) goes on blocked_list, naming the held lock it waits for
 * (fl_blocker), and sleeps.  Whatever changes or removes a held lock lets
 * its waiters go (locks_wake_up_blocks): each tries again from the start,
 * and may find another lock in its way.  Before a POSIX request waits,
 * posix_locks_deadlock follows the waits-for chain from the lock in its
 * way: if that chain comes back to the requester, waiting would never end,
 * and it gets EDEADLK instead.
 *
 * Only tasks touch locks, never an interrupt handler, and a task switches
 * only when it sleeps: the lists need no spin lock, and a waiter sleeps
 * with sleep_on_interruptible (docs/concurrency.md), testing fl_blocker,
 * which only tasks clear.
 */
#include "fs/fs.h"
#include "fs/locks.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "mm/uaccess.h"

/* How far posix_locks_deadlock follows a chain of waits (Linux's bound). */
#define MAX_DEADLK_ITERATIONS	10

/* posix_lock_inode and flock_lock_inode: the request waits on blocked_list. */
#define FILE_LOCK_DEFERRED	1

static struct file_lock *file_lock_list;	/* every held lock, newest first */
static struct file_lock *blocked_list;		/* every waiting request */

/* ---- the lists ---- */

/* Locks are made by users by the thousand: GFP_USER (mm/kmalloc.h). */
static struct file_lock *locks_alloc_lock(void)
{
	struct file_lock *fl = kmalloc_gfp(sizeof(*fl), GFP_USER);

	if (fl)
		memset(fl, 0, sizeof(*fl));
	return fl;
}

/* fl goes at the head of file_lock_list or blocked_list. */
static void link_add(struct file_lock **head, struct file_lock *fl)
{
	fl->fl_link = *head;
	if (*head)
		(*head)->fl_link_pprev = &fl->fl_link;
	fl->fl_link_pprev = head;
	*head = fl;
}

static void link_del(struct file_lock *fl)
{
	if (fl->fl_link_pprev == NULL)
		return;
	*fl->fl_link_pprev = fl->fl_link;
	if (fl->fl_link)
		fl->fl_link->fl_link_pprev = fl->fl_link_pprev;
	fl->fl_link = NULL;
	fl->fl_link_pprev = NULL;
}

/* new, just allocated, becomes a held copy of request fl. */
static void locks_copy_lock(struct file_lock *new, const struct file_lock *fl)
{
	new->fl_owner = fl->fl_owner;
	new->fl_file = fl->fl_file;
	new->fl_pid = fl->fl_pid;
	new->fl_flags = fl->fl_flags & ~FL_SLEEP;
	new->fl_type = fl->fl_type;
	new->fl_start = fl->fl_start;
	new->fl_end = fl->fl_end;
}

/* Held lock fl goes into an inode's list at *before. */
static void locks_insert_lock(struct file_lock **before, struct file_lock *fl)
{
	fl->fl_next = *before;
	*before = fl;
	link_add(&file_lock_list, fl);
}

/*
 * Held lock fl has changed or goes: whoever waits for it tries again.  The
 * waker gives the CPU away on its way back to user mode (as Linux's
 * wakeup preemption), so that a process unlocking and locking again in a
 * loop cannot keep a waiter from ever running while the lock is free.
 */
static void locks_wake_up_blocks(struct file_lock *fl)
{
	uint32_t flags;
	int woke = 0;

	for (struct file_lock *w = blocked_list; w; w = w->fl_link) {
		if (w->fl_blocker == fl) {
			w->fl_blocker = NULL;
			wakeup(w);
			woke = 1;
		}
	}
	if (woke) {
		spin_lock_irqsave(&sched_lock, flags);
		need_resched = 1;
		spin_unlock_irqrestore(&sched_lock, flags);
	}
}

/* The held lock at *before leaves its inode's list and is freed. */
static void locks_delete_lock(struct file_lock **before)
{
	struct file_lock *fl = *before;

	*before = fl->fl_next;
	link_del(fl);
	locks_wake_up_blocks(fl);
	kfree(fl);
}

/* Request waiter waits for held lock blocker. */
static void locks_insert_block(struct file_lock *blocker,
			       struct file_lock *waiter)
{
	waiter->fl_blocker = blocker;
	if (waiter->fl_link_pprev == NULL)
		link_add(&blocked_list, waiter);
}

/* ---- who conflicts with whom ---- */

static int posix_same_owner(const struct file_lock *a,
			    const struct file_lock *b)
{
	return a->fl_owner == b->fl_owner;
}

static int locks_overlap(const struct file_lock *a, const struct file_lock *b)
{
	return a->fl_end >= b->fl_start && b->fl_end >= a->fl_start;
}

/* Two read locks share; anything with a write lock does not. */
static int locks_conflict(const struct file_lock *caller,
			  const struct file_lock *sys)
{
	return caller->fl_type == F_WRLCK || sys->fl_type == F_WRLCK;
}

/* An owner's own locks never stand in its way. */
static int posix_locks_conflict(const struct file_lock *caller,
				const struct file_lock *sys)
{
	return !posix_same_owner(caller, sys) && locks_overlap(caller, sys) &&
	       locks_conflict(caller, sys);
}

/*
 * F_GETLK's test.  F_UNLCK, which only F_OFD_GETLK takes, asks for the
 * caller's own locks in the range instead (Linux 6.5's extension).
 */
static int posix_test_locks_conflict(const struct file_lock *caller,
				     const struct file_lock *sys)
{
	if (caller->fl_type == F_UNLCK)
		return posix_same_owner(caller, sys) && locks_overlap(caller, sys);
	return posix_locks_conflict(caller, sys);
}

/* flock locks through the same open file never conflict: that is a conversion. */
static int flock_locks_conflict(const struct file_lock *caller,
				const struct file_lock *sys)
{
	return caller->fl_file != sys->fl_file && locks_conflict(caller, sys);
}

/* ---- deadlock ---- */

/*
 * The held lock that the owner of block_fl waits for, or NULL if it waits
 * for none.  Only waits for a process's POSIX lock count, as in Linux: an
 * OFD lock or a flock lock has no process to follow.  A waiter that has
 * been let go (fl_blocker NULL) but has not run yet waits for nothing.
 */
static struct file_lock *what_owner_is_waiting_for(struct file_lock *block_fl)
{
	for (struct file_lock *w = blocked_list; w; w = w->fl_link) {
		struct file_lock *b = w->fl_blocker;

		if (b && (b->fl_flags & (FL_POSIX | FL_OFDLCK)) == FL_POSIX &&
		    posix_same_owner(w, block_fl))
			return b;
	}
	return NULL;
}

/*
 * Whether caller, about to wait for block_fl, would wait for ever: the
 * owner of block_fl waits for a lock whose owner waits for ... a lock of
 * caller's.  Each owner waits for one lock at most (a process makes one
 * call at a time), so the chain is a path; it is followed for at most
 * MAX_DEADLK_ITERATIONS + 1 steps, so a long chain (or a cycle that does
 * not pass through caller) costs a bounded walk and is not reported.
 */
static int posix_locks_deadlock(struct file_lock *caller,
				struct file_lock *block_fl)
{
	int i = 0;

	if (caller->fl_flags & FL_OFDLCK)
		return 0;	/* an open file is no process to follow */
	while ((block_fl = what_owner_is_waiting_for(block_fl))) {
		if (i++ > MAX_DEADLK_ITERATIONS)
			return 0;
		if (posix_same_owner(caller, block_fl))
			return 1;
	}
	return 0;
}

/* ---- POSIX and OFD locks ---- */

/* F_GETLK: fl becomes the first lock in its way, or its type F_UNLCK. */
static void posix_test_lock(struct inode *ip, struct file_lock *fl)
{
	for (struct file_lock *cfl = ip->i_flctx.flc_posix; cfl;
	     cfl = cfl->fl_next) {
		if (posix_test_locks_conflict(fl, cfl)) {
			locks_copy_lock(fl, cfl);
			return;
		}
	}
	fl->fl_type = F_UNLCK;
}

/*
 * The first lock in request's way: -EAGAIN, or for a request that waits
 * -EDEADLK or FILE_LOCK_DEFERRED (it is on blocked_list).  0 if none.
 */
static int posix_find_conflict(struct inode *ip, struct file_lock *request)
{
	for (struct file_lock *fl = ip->i_flctx.flc_posix; fl; fl = fl->fl_next) {
		if (!posix_locks_conflict(request, fl))
			continue;
		if (!(request->fl_flags & FL_SLEEP))
			return -EAGAIN;
		if (posix_locks_deadlock(request, fl))
			return -EDEADLK;
		locks_insert_block(fl, request);
		return FILE_LOCK_DEFERRED;
	}
	return 0;
}

/*
 * Sets (or with F_UNLCK clears) request's range for its owner, Linux's
 * posix_lock_inode: the owner's locks of the same type that touch or
 * overlap the range merge with it into one; those of the other type lose
 * the part the range covers, and one that holds the range inside it splits
 * in two.  The owner's locks stay together in the list, in order of start.
 * request itself is a caller's; what stays is a copy, or a lock it merged
 * into.  0, or an error from posix_find_conflict, or -ENOLCK.
 */
static int posix_lock_inode(struct inode *ip, struct file_lock *request)
{
	struct file_lock *new_fl = NULL, *new_fl2 = NULL;
	struct file_lock *fl, *left = NULL, *right = NULL;
	struct file_lock **before = &ip->i_flctx.flc_posix;
	int error, added = 0;

	if (request->fl_type != F_UNLCK &&
	    (error = posix_find_conflict(ip, request)) != 0)
		return error;
	/* Two at most are needed; get them before changing anything. */
	if (request->fl_type != F_UNLCK || request->fl_start != 0 ||
	    request->fl_end != OFFSET_MAX) {
		new_fl = locks_alloc_lock();
		new_fl2 = locks_alloc_lock();
	}

	/* The owner's first lock, or the end of the list. */
	while (*before && !posix_same_owner(request, *before))
		before = &(*before)->fl_next;

	while ((fl = *before) != NULL && posix_same_owner(request, fl)) {
		if (request->fl_type == fl->fl_type) {
			/* "start - 1", never "end + 1": end may be OFFSET_MAX */
			if (fl->fl_end < request->fl_start - 1)
				goto next;
			if (fl->fl_start - 1 > request->fl_end)
				break;	/* wholly after: request goes here */
			/* adjacent or overlapping: one lock covers both */
			if (fl->fl_start > request->fl_start)
				fl->fl_start = request->fl_start;
			else
				request->fl_start = fl->fl_start;
			if (fl->fl_end < request->fl_end)
				fl->fl_end = request->fl_end;
			else
				request->fl_end = fl->fl_end;
			if (added) {
				locks_delete_lock(before);
				continue;
			}
			request = fl;
			added = 1;
		} else {
			if (fl->fl_end < request->fl_start)
				goto next;
			if (fl->fl_start > request->fl_end)
				break;
			if (request->fl_type == F_UNLCK)
				added = 1;
			if (fl->fl_start < request->fl_start)
				left = fl;
			if (fl->fl_end > request->fl_end) {
				right = fl;
				break;
			}
			if (fl->fl_start >= request->fl_start) {
				/* the range covers fl: it goes */
				if (added) {
					locks_delete_lock(before);
					continue;
				}
				if (new_fl == NULL) {
					error = -ENOLCK;
					goto out;
				}
				locks_copy_lock(new_fl, request);
				request = new_fl;
				new_fl = NULL;
				locks_insert_lock(before, request);
				before = &request->fl_next;
				locks_delete_lock(before);
				added = 1;
				continue;
			}
		}
next:
		before = &fl->fl_next;
	}

	error = -ENOLCK;
	if (right && left == right && new_fl2 == NULL)
		goto out;
	error = 0;
	if (!added) {
		if (request->fl_type == F_UNLCK)
			goto out;
		if (new_fl == NULL) {
			error = -ENOLCK;
			goto out;
		}
		locks_copy_lock(new_fl, request);
		locks_insert_lock(before, new_fl);
		new_fl = NULL;
	}
	if (right) {
		if (left == right) {
			/* the range falls inside one lock: it splits in two */
			left = new_fl2;
			new_fl2 = NULL;
			locks_copy_lock(left, right);
			locks_insert_lock(before, left);
		}
		right->fl_start = request->fl_end + 1;
		locks_wake_up_blocks(right);
	}
	if (left) {
		left->fl_end = request->fl_start - 1;
		locks_wake_up_blocks(left);
	}
out:
	kfree(new_fl);
	kfree(new_fl2);
	return error;
}

/* Every POSIX (or OFD) lock of owner on f's file goes. */
static void posix_unlock_all(struct file *f, void *owner, int flags)
{
	struct file_lock fl = {
		.fl_owner = owner, .fl_file = f, .fl_flags = flags,
		.fl_type = F_UNLCK, .fl_start = 0, .fl_end = OFFSET_MAX,
	};

	if (f->inode->i_flctx.flc_posix)
		posix_lock_inode(f->inode, &fl);
}

/* ---- flock locks ---- */

/*
 * flock: a lock through the same open file is replaced, not converted in
 * place: the old one goes first (and its waiters are let go), then the new
 * one is asked for like any other, so a conversion may wait, or fail with
 * LOCK_NB, having lost the old lock (Linux does the same).
 */
static int flock_lock_inode(struct inode *ip, struct file_lock *request)
{
	struct file_lock **before, *new_fl;

	for (before = &ip->i_flctx.flc_flock; *before;
	     before = &(*before)->fl_next) {
		if ((*before)->fl_file != request->fl_file)
			continue;
		if ((*before)->fl_type == request->fl_type)
			return 0;
		locks_delete_lock(before);
		break;
	}
	if (request->fl_type == F_UNLCK)
		return 0;

	for (before = &ip->i_flctx.flc_flock; *before;
	     before = &(*before)->fl_next) {
		if (!flock_locks_conflict(request, *before))
			continue;
		if (!(request->fl_flags & FL_SLEEP))
			return -EAGAIN;
		locks_insert_block(*before, request);
		return FILE_LOCK_DEFERRED;
	}
	if ((new_fl = locks_alloc_lock()) == NULL)
		return -ENOLCK;
	locks_copy_lock(new_fl, request);
	locks_insert_lock(before, new_fl);	/* at the end */
	return 0;
}

/* ---- taking a lock, and waiting for it ---- */

/*
 * Tries request until it is granted or fails; while a lock is in its way,
 * sleeps until that lock changes or a signal comes: ERESTARTSYS, which a
 * handler with SA_RESTART runs again, and a stop and SIGCONT too (Linux's
 * wait_event_interruptible).
 */
static int lock_file_wait(struct inode *ip, struct file_lock *request)
{
	int error;

	for (;;) {
		if (request->fl_flags & FL_FLOCK)
			error = flock_lock_inode(ip, request);
		else
			error = posix_lock_inode(ip, request);
		if (error != FILE_LOCK_DEFERRED)
			break;
		while (request->fl_blocker &&
		       (error = sleep_on_interruptible(request)) == 0)
			;
		if (error) {
			error = -ERESTARTSYS;
			break;
		}
	}
	link_del(request);		/* off blocked_list */
	request->fl_blocker = NULL;
	return error;
}

/*
 * l as a POSIX lock of the caller's on f, as Linux's flock64_to_posix_lock
 * checks it: l_whence, then the range (EOVERFLOW past OFFSET_MAX, EINVAL
 * before 0), then l_type.  A negative l_len counts back from l_start.
 */
static int flock_to_posix_lock(struct file *f, struct file_lock *fl,
			       const struct flock64 *l)
{
	int64_t start;

	memset(fl, 0, sizeof(*fl));
	switch (l->l_whence) {
	case SEEK_SET:
		start = 0;
		break;
	case SEEK_CUR:
		start = f->pos;
		break;
	case SEEK_END:
		start = inode_size(f->inode);
		break;
	default:
		return -EINVAL;
	}
	if (l->l_start > OFFSET_MAX - start)
		return -EOVERFLOW;
	start += l->l_start;
	if (start < 0)
		return -EINVAL;
	fl->fl_start = start;
	if (l->l_len > 0) {
		if (l->l_len - 1 > OFFSET_MAX - start)
			return -EOVERFLOW;
		fl->fl_end = start + (l->l_len - 1);
	} else if (l->l_len < 0) {
		if (start + l->l_len < 0)
			return -EINVAL;
		fl->fl_end = start - 1;
		fl->fl_start = start + l->l_len;
	} else {
		fl->fl_end = OFFSET_MAX;
	}
	fl->fl_owner = current->files;	/* the process's, as Linux's: its threads share them */
	fl->fl_pid = current->tgid;
	fl->fl_file = f;
	fl->fl_flags = FL_POSIX;
	if (l->l_type != F_RDLCK && l->l_type != F_WRLCK && l->l_type != F_UNLCK)
		return -EINVAL;
	fl->fl_type = l->l_type;
	return 0;
}

/*
 * F_GETLK, F_GETLK64, F_OFD_GETLK: l becomes the first lock in the way of
 * the lock it describes (l_whence SEEK_SET; l_pid -1 for an OFD lock), or
 * only its l_type changes, to F_UNLCK.
 */
int fcntl_getlk(struct file *f, uint32_t cmd, struct flock64 *l)
{
	struct file_lock fl;
	int error;

	if (cmd != F_OFD_GETLK && l->l_type != F_RDLCK && l->l_type != F_WRLCK)
		return -EINVAL;
	if ((error = flock_to_posix_lock(f, &fl, l)) != 0)
		return error;
	if (cmd == F_OFD_GETLK) {
		if (l->l_pid != 0)
			return -EINVAL;
		fl.fl_flags |= FL_OFDLCK;
		fl.fl_owner = f;
	}
	posix_test_lock(f->inode, &fl);
	l->l_type = fl.fl_type;
	if (fl.fl_type != F_UNLCK) {
		l->l_whence = SEEK_SET;
		l->l_start = fl.fl_start;
		l->l_len = fl.fl_end == OFFSET_MAX ? 0 :
			   fl.fl_end - fl.fl_start + 1;
		l->l_pid = (fl.fl_flags & FL_OFDLCK) ? -1 : fl.fl_pid;
	}
	return 0;
}

/*
 * F_SETLK(W)(64), F_OFD_SETLK(W).  A read lock needs the file open for
 * reading, a write lock for writing (EBADF); an OFD request's l_pid must
 * be 0.  A conflict is EAGAIN, or for the W forms a wait.
 */
int fcntl_setlk(struct file *f, uint32_t cmd, struct flock64 *l)
{
	struct file_lock fl;
	int error;

	if ((error = flock_to_posix_lock(f, &fl, l)) != 0)
		return error;
	if ((fl.fl_type == F_RDLCK && !(f->fmode & FMODE_READ)) ||
	    (fl.fl_type == F_WRLCK && !(f->fmode & FMODE_WRITE)))
		return -EBADF;
	if (cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW) {
		if (l->l_pid != 0)
			return -EINVAL;
		fl.fl_flags |= FL_OFDLCK;
		fl.fl_owner = f;
	}
	if (cmd == F_SETLKW || cmd == F_SETLKW64 || cmd == F_OFD_SETLKW)
		fl.fl_flags |= FL_SLEEP;
	return lock_file_wait(f->inode, &fl);
}

long sys_flock(int fd, uint32_t cmd)
{
	struct file_lock fl = { .fl_flags = FL_FLOCK, .fl_end = OFFSET_MAX };
	struct file *f;

	if (cmd & LOCK_MAND)
		return 0;	/* never worked; Linux now ignores it */
	switch (cmd & ~LOCK_NB) {
	case LOCK_SH:
		fl.fl_type = F_RDLCK;
		break;
	case LOCK_EX:
		fl.fl_type = F_WRLCK;
		break;
	case LOCK_UN:
		fl.fl_type = F_UNLCK;
		break;
	default:
		return -EINVAL;
	}
	if ((f = fget(fd)) == NULL)
		return -EBADF;
	if (fl.fl_type != F_UNLCK && !(f->fmode & (FMODE_READ | FMODE_WRITE)))
		return -EBADF;
	fl.fl_owner = f;
	fl.fl_file = f;
	fl.fl_pid = current->tgid;
	if (!(cmd & LOCK_NB))
		fl.fl_flags |= FL_SLEEP;
	return lock_file_wait(f->inode, &fl);
}

/* ---- closing ---- */

/* A descriptor of f closes: owner's POSIX locks on the file go, all of them. */
void locks_remove_posix(struct file *f, struct files_struct *owner)
{
	posix_unlock_all(f, owner, FL_POSIX);
}

/* The last reference to f goes: its OFD locks and its flock lock go. */
void locks_remove_file(struct file *f)
{
	struct file_lock **before = &f->inode->i_flctx.flc_flock;

	posix_unlock_all(f, f, FL_POSIX | FL_OFDLCK);
	while (*before) {
		if ((*before)->fl_file == f)
			locks_delete_lock(before);
		else
			before = &(*before)->fl_next;
	}
}

/* ---- /proc/locks ---- */

/*
 * One lock as Linux prints it: "1: POSIX  ADVISORY  WRITE 42 00:01:17 0 EOF";
 * a request waiting for it follows with " ->" after the number.
 */
static int lock_get_status(char *buf, int size, const struct file_lock *fl,
			   int id, const char *pfx)
{
	const char *kind = (fl->fl_flags & FL_FLOCK) ? "FLOCK " :
			   (fl->fl_flags & FL_OFDLCK) ? "OFDLCK" : "POSIX ";
	const char *type = fl->fl_type == F_WRLCK ? "WRITE" :
			   fl->fl_type == F_RDLCK ? "READ" : "UNLCK";
	struct inode *ip = fl->fl_file->inode;
	int n;

	n = snprintf(buf, size, "%d:%s %s ADVISORY  %s %d %02x:%02x:%u ", id,
		     pfx, kind, type, (fl->fl_flags & FL_OFDLCK) ? -1 : fl->fl_pid,
		     MAJOR(ip->dev), MINOR(ip->dev), ip->ino);
	if (fl->fl_flags & FL_FLOCK)
		return n + snprintf(buf + n, size - n, "0 EOF\n");
	if (fl->fl_end == OFFSET_MAX)
		return n + snprintf(buf + n, size - n, "%lld EOF\n",
				    (long long)fl->fl_start);
	return n + snprintf(buf + n, size - n, "%lld %lld\n",
			    (long long)fl->fl_start, (long long)fl->fl_end);
}

#define LOCK_LINE	128

/*
 * As ipc/proc_sysvipc.c's file: every read writes the list out from its
 * start and copies what falls in [*pos, *pos + n).
 */
static long proc_locks_read(struct file *f, char *ubuf, uint32_t n,
			    uint64_t *pos)
{
	char line[LOCK_LINE];
	uint64_t off = 0;	/* the file position of line[0] */
	uint32_t done = 0;
	int id = 0;

	for (struct file_lock *fl = file_lock_list; fl && done < n;
	     fl = fl->fl_link) {
		struct file_lock *w = NULL;

		id++;
		do {	/* the lock, then each request waiting for it */
			uint32_t len = lock_get_status(line, sizeof(line),
						       w ? w : fl, id,
						       w ? " ->" : "");

			if (off + len > *pos + done) {
				uint32_t skip = *pos + done - off;
				uint32_t m = len - skip < n - done ?
					     len - skip : n - done;

				if (copy_to_user(ubuf + done, line + skip, m))
					return -EFAULT;
				done += m;
			}
			off += len;
			for (w = w ? w->fl_link : blocked_list;
			     w && w->fl_blocker != fl; w = w->fl_link)
				;
		} while (w && done < n);
	}
	*pos += done;
	return done;
}

const struct file_operations proc_locks_fops = {
	.read = proc_locks_read,
};
