/*
 * POSIX message queues, as Linux's ipc/mqueue.c (mq_overview(7)).
 *
 * A queue is a named inode in the mqueue file system, a tree for each IPC
 * namespace (its mq_root, docs/namespaces.md): mq_open("/name") looks
 * "name" up in the caller's (glibc strips the slash), makes the inode with
 * O_CREAT, and opens it; the descriptor is an
 * ordinary file (close-on-exec, always), which poll and select watch and
 * read() shows a line of ("QSIZE:... NOTIFY:... SIGNO:... NOTIFY_PID:...").
 * mount -t mqueue shows the caller's tree (at /dev/mqueue from boot, as
 * systemd mounts it): ls lists the queues, rm is mq_unlink.  When the
 * namespace dies its queues' names go, as with mq_unlink.
 *
 * Unlike a System V queue (ipc/msg.c), a message has no type but a
 * priority (below MQ_PRIO_MAX), and mq_receive takes the oldest of the
 * highest: the list is kept in that order, each message put after the
 * last one of its priority or higher.  A queue holds at most mq_maxmsg
 * messages of at most mq_msgsize bytes, both set at creation; its owner's
 * user is charged for that room in advance against RLIMIT_MSGQUEUE, as
 * Linux counts it (struct msg_msg and a tree node per message, and the
 * bytes).  A deadline is a time on the wall clock, and follows its steps.
 *
 * mq_notify: one process at a time asks to hear when a message arrives
 * in an empty queue that nobody waits on in mq_receive: a signal
 * (SIGEV_SIGNAL, si_code SI_MESGQ), nothing (SIGEV_NONE), or glibc's
 * SIGEV_THREAD, for which the kernel sends a 32-byte cookie to a netlink
 * socket that glibc's helper thread reads.  Then the registration is
 * gone; its owner's close of the queue takes it off too.
 *
 * Like the rest of ipc/, this runs under the big kernel lock
 * (kernel/smp_lock.c): nothing here needs a lock of its own.
 */
#include "ipc/mqueue.h"
#include "ipc/msg.h"
#include "ipc/namespace.h"
#include "fs/fcntl.h"
#include "fs/fs.h"
#include "fs/mount.h"
#include "fs/namei.h"
#include "fs/poll.h"
#include "kernel/errno.h"
#include "kernel/list.h"
#include "kernel/oops.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"
#include "kernel/sysctl.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "kernel/user.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "net/net.h"
#include "net/sock.h"
#include "net/netlink/netlink.h"

#define MQ_PRIO_MAX	32768
#define DIRENT_SIZE	20	/* what a name adds to the root's st_size */
#define FILENT_SIZE	80	/* a queue's st_size */

/* The bounds of the limits (/proc/sys/fs/mqueue), Linux's. */
#define HARD_QUEUESMAX	1024
#define HARD_MSGMAX	65536
#define HARD_MSGSIZEMAX	(16 * 1024 * 1024)
#define MIN_MSGMAX	1
#define MIN_MSGSIZEMAX	128

/* What i386 Linux charges RLIMIT_MSGQUEUE per message, beside its bytes. */
#define MSG_MSG_SIZE	24	/* its struct msg_msg */
#define TREE_NODE_SIZE	24	/* its struct posix_msg_tree_node */

/* glibc's SIGEV_THREAD: the cookie's last byte says why it came. */
#define NOTIFY_COOKIE_LEN	32
#define NOTIFY_WOKENUP		1
#define NOTIFY_REMOVED		2

#define SI_MESGQ	(-3)
#define SEND		0
#define RECV		1

/* i386's struct mq_attr: longs. */
struct mq_attr {
	int32_t mq_flags;	/* O_NONBLOCK, the open file's */
	int32_t mq_maxmsg, mq_msgsize;
	int32_t mq_curmsgs;
	int32_t reserved[4];
};

struct mqueue_inode_info {
	struct ipc_namespace *ns;	/* its namespace; NULL once that died */
	struct mq_attr attr;
	struct list_head msgs;		/* highest priority first, then oldest */
	uint32_t qsize;			/* bytes of the messages in it */
	int waiting[2];			/* tasks asleep to send, to receive */
	struct user_struct *user;	/* charged mq_bytes */
	uint32_t mq_bytes;
	struct sigevent32 notify;
	int notify_owner;		/* its process's id; 0: nobody */
	uint32_t notify_uid;
	struct sock *notify_sock;	/* SIGEV_THREAD's netlink socket, held */
	char notify_cookie[NOTIFY_COOKIE_LEN];
};

/* Every namespace's tree counts here (no limit) and has its device number. */
static struct ramfs_sb_info mqueue_sb = { .mode = S_IFDIR | S_ISVTX | 0777 };
static const struct file_operations mqueue_file_operations;

int is_mqueue_inode(const struct inode *ip)
{
	return ip->f_op == &mqueue_file_operations;
}

/* ---- the messages ---- */

static void msg_insert(struct msg_msg *msg, struct mqueue_inode_info *info)
{
	struct list_head *pos;

	for (pos = info->msgs.next; pos != &info->msgs; pos = pos->next)
		if (list_entry(pos, struct msg_msg, m_list)->m_type < msg->m_type)
			break;
	list_add_tail(&msg->m_list, pos);
	info->attr.mq_curmsgs++;
	info->qsize += msg->m_ts;
}

static struct msg_msg *msg_get(struct mqueue_inode_info *info)
{
	struct msg_msg *msg = list_first_entry(&info->msgs, struct msg_msg, m_list);

	list_del(&msg->m_list);
	info->attr.mq_curmsgs--;
	info->qsize -= msg->m_ts;
	return msg;
}

/* ---- notification ---- */

/* The registration goes; SIGEV_THREAD's helper hears that it did. */
static void remove_notification(struct mqueue_inode_info *info)
{
	if (info->notify_owner && info->notify.sigev_notify == SIGEV_THREAD) {
		info->notify_cookie[NOTIFY_COOKIE_LEN - 1] = NOTIFY_REMOVED;
		netlink_sendskb(info->notify_sock, info->notify_cookie, NOTIFY_COOKIE_LEN);
	}
	if (info->notify_sock)
		sock_put(info->notify_sock);
	info->notify_sock = NULL;
	info->notify_owner = 0;
}

/*
 * A message arrived with nobody asleep in mq_receive: if it is the queue's
 * only one, the registered process hears of it, once (Linux's __do_notify).
 */
static void do_notify(struct mqueue_inode_info *info)
{
	struct ksiginfo si = { .code = SI_MESGQ, .pid = current->tgid, .uid = current->uid };
	struct task *owner;

	if (!info->notify_owner || info->attr.mq_curmsgs != 1)
		return;
	switch (info->notify.sigev_notify) {
	case SIGEV_SIGNAL:
		si.status = info->notify.sigev_value;	/* siginfo's si_value */
		if (info->notify.sigev_signo && (owner = find_task(info->notify_owner)))
			group_send_sig_info(owner, info->notify.sigev_signo, &si);
		break;
	case SIGEV_THREAD:
		info->notify_cookie[NOTIFY_COOKIE_LEN - 1] = NOTIFY_WOKENUP;
		netlink_sendskb(info->notify_sock, info->notify_cookie, NOTIFY_COOKIE_LEN);
		info->notify.sigev_notify = SIGEV_NONE;	/* nothing more to send */
		break;
	}
	remove_notification(info);
}

/* ---- the inodes ---- */

/*
 * What a queue of attr charges its user (Linux's mq_bytes): 0, -EINVAL for
 * sizes past the limits (root's are the hard ones), -EOVERFLOW.
 */
static int mq_attr_ok(const struct ipc_namespace *ns, const struct mq_attr *attr,
		      uint32_t *bytes)
{
	uint32_t nodes = attr->mq_maxmsg < MQ_PRIO_MAX ? attr->mq_maxmsg : MQ_PRIO_MAX;
	uint64_t total;

	if (attr->mq_maxmsg <= 0 || attr->mq_msgsize <= 0)
		return -EINVAL;
	if (current->euid == 0 ? attr->mq_maxmsg > HARD_MSGMAX ||
				 attr->mq_msgsize > HARD_MSGSIZEMAX :
				 attr->mq_maxmsg > ns->mq_msg_max ||
				 attr->mq_msgsize > ns->mq_msgsize_max)
		return -EINVAL;
	total = (uint64_t)attr->mq_maxmsg * attr->mq_msgsize +
		attr->mq_maxmsg * MSG_MSG_SIZE + nodes * TREE_NODE_SIZE;
	if (total > UINT32_MAX)
		return -EOVERFLOW;
	*bytes = total;
	return 0;
}

/* The user pays for the queue's room, within RLIMIT_MSGQUEUE (EMFILE past it). */
static int charge_user(struct mqueue_inode_info *info)
{
	if (!(info->user = get_current_user()))
		return -ENOMEM;
	if (info->user->mq_bytes + info->mq_bytes < info->user->mq_bytes ||
	    info->user->mq_bytes + info->mq_bytes > rlimit(RLIMIT_MSGQUEUE)) {
		free_uid(info->user);
		info->user = NULL;
		return -EMFILE;
	}
	info->user->mq_bytes += info->mq_bytes;
	return 0;
}

/*
 * A new queue named name, with attr's sizes (NULL: the defaults) and
 * mode's permissions: Linux's mqueue_create_attr and mqueue_get_inode, in
 * their order of errors.  The name is in ns's tree when it returns 0.
 */
static int mqueue_create_attr(struct ipc_namespace *ns, const char *name, int len,
			      uint32_t mode, const struct mq_attr *attr, struct inode **ipp)
{
	struct mqueue_inode_info *info;
	struct inode *ip = NULL;
	int err;

	if (ns->mq_queues_count >= ns->mq_queues_max && current->euid != 0)
		return -ENOSPC;
	if (!(info = kzalloc(sizeof(*info))))
		return -ENOMEM;
	INIT_LIST_HEAD(&info->msgs);
	info->ns = ns;
	info->attr.mq_maxmsg = attr ? attr->mq_maxmsg : ns->mq_msg_max < ns->mq_msg_default ?
			       ns->mq_msg_max : ns->mq_msg_default;
	info->attr.mq_msgsize = attr ? attr->mq_msgsize :
				ns->mq_msgsize_max < ns->mq_msgsize_default ?
				ns->mq_msgsize_max : ns->mq_msgsize_default;
	if ((err = mq_attr_ok(ns, &info->attr, &info->mq_bytes)) ||
	    (err = charge_user(info)) ||
	    (err = ramfs_new_inode(&mqueue_sb, 0, current->euid, current->egid, &ip)))
		goto fail;
	/* Made as no kind of ramfs file: no pages, not on the swap clock. */
	ip->mode = S_IFREG | (mode & 07777);
	ip->f_op = &mqueue_file_operations;
	ip->size = FILENT_SIZE;
	ip->u.mqueue = info;
	ns->mq_queues_count++;
	if ((err = dir_add(ns->mq_root, name, len, ip))) {
		inode_put(ip);		/* no name: it goes, and info with it */
		return err;
	}
	*ipp = ip;
	return 0;
fail:
	if (info->user)
		free_uid(info->user);
	kfree(info);
	return err;
}

/*
 * From inode_free (fs/ramfs.c): the queue's last name and descriptor are
 * gone, so is any registration (its owner's close took it off: flush).
 */
void mqueue_evict_inode(struct inode *ip)
{
	struct mqueue_inode_info *info = ip->u.mqueue;

	while (!list_empty(&info->msgs))
		free_msg(msg_get(info));
	info->user->mq_bytes -= info->mq_bytes;
	free_uid(info->user);
	if (info->ns)
		info->ns->mq_queues_count--;
	kfree(info);
}

/* ---- the file ---- */

static long mqueue_read_file(struct file *f, char *ubuf, uint32_t n, uint64_t *pos)
{
	struct mqueue_inode_info *info = f->inode->u.mqueue;
	int owned = info->notify_owner != 0;
	char line[FILENT_SIZE];
	uint32_t len;

	snprintf(line, sizeof(line), "QSIZE:%-10u NOTIFY:%-5d SIGNO:%-5d NOTIFY_PID:%-6d\n",
		 info->qsize, owned ? info->notify.sigev_notify : 0,
		 owned && info->notify.sigev_notify == SIGEV_SIGNAL ? info->notify.sigev_signo : 0,
		 info->notify_owner);
	len = strlen(line);
	if (*pos >= len)
		return 0;
	if (n > len - *pos)
		n = len - *pos;
	if (copy_to_user(ubuf, line + *pos, n))
		return -EFAULT;
	*pos += n;
	inode_touch(f->inode, TOUCH_C);
	f->inode->atime = f->inode->ctime;
	return n;
}

/* Every close: the owner of a registration closing a descriptor of it drops it. */
static void mqueue_flush_file(struct file *f)
{
	struct mqueue_inode_info *info = f->inode->u.mqueue;

	if (info->notify_owner == current->tgid)
		remove_notification(info);
}

static int mqueue_poll_file(struct file *f)
{
	struct mqueue_inode_info *info = f->inode->u.mqueue;
	int mask = 0;

	if (info->attr.mq_curmsgs)
		mask |= POLLIN | POLLRDNORM;
	if (info->attr.mq_curmsgs < info->attr.mq_maxmsg)
		mask |= POLLOUT | POLLWRNORM;
	return mask;
}

static const struct file_operations mqueue_file_operations = {
	.read = mqueue_read_file,
	.flush = mqueue_flush_file,
	.poll = mqueue_poll_file,
};

/* ---- the tree ---- */

/*
 * open(O_CREAT) in /dev/mqueue: a queue with the default sizes, in the
 * caller's namespace; a mount of another namespace's tree (one that died,
 * or the caller has left) takes none.
 */
static int mqueue_create(struct inode *dir, const char *name, int len, uint32_t mode,
			 struct inode **ipp)
{
	struct ipc_namespace *ns = current->nsproxy->ipc_ns;

	if (dir != ns->mq_root)
		return -EACCES;
	return mqueue_create_attr(ns, name, len, mode, NULL, ipp);
}

static const struct inode_operations mqueue_dir_inode_operations = {
	.lookup = dir_lookup,
	.iterate = ramfs_iterate,
	.create = mqueue_create,
};

/* A namespace's tree, empty (Linux's mq_init_ns); -ENOMEM. */
int mq_init_ns(struct ipc_namespace *ns)
{
	int err = ramfs_new_inode(&mqueue_sb, mqueue_sb.mode, 0, 0, &ns->mq_root);

	if (err)
		return err;
	ns->mq_root->nlink = 2;		/* "." and a name nowhere */
	ns->mq_root->i_op = &mqueue_dir_inode_operations;
	return 0;
}

/*
 * The namespace died: its queues' names go, as with mq_unlink (a queue
 * still open lives on, nameless, until its last close), then its tree,
 * once no mount shows it.
 */
void mq_exit_ns(struct ipc_namespace *ns)
{
	struct inode *root = ns->mq_root;

	while (root->u.dir.entries) {
		struct dentry *e = root->u.dir.entries;
		struct inode *ip = inode_get(e->inode);

		ip->u.mqueue->ns = NULL;
		dir_remove(root, e->name, e->len);
		inode_put(ip);
	}
	root->nlink = 0;
	inode_put(root);
}

/* The first namespace's tree, at boot (fs_init), as Linux's kern_mount of mqueue. */
void mq_init(void)
{
	mqueue_sb.dev = new_anon_dev();
	if (mq_init_ns(&init_ipc_ns))
		panic("mqueue: no memory for its root");
}

/* Each mount shows the mounter's namespace's tree; no option is taken. */
int mqueue_fill_super(struct vfsmount *m, char *data)
{
	if (data && *data && mount_options_known(data, NULL, 0, 0))
		return -EINVAL;
	m->mnt_root = inode_get(current->nsproxy->ipc_ns->mq_root);
	m->mnt_dev = mqueue_sb.dev;
	return 0;
}

/*
 * The name mq_open and mq_unlink were given (less glibc's slash) as one
 * name in the tree: Linux's lookup_one_common then simple_lookup.
 */
static int mq_name(const char *upath, char **kname)
{
	int err, len;

	if ((err = getname(upath, kname)))	/* "": ENOENT */
		return err;
	len = strlen(*kname);
	if (((*kname)[0] == '.' && (len == 1 || (len == 2 && (*kname)[1] == '.'))) ||
	    strchr(*kname, '/'))
		err = -EACCES;
	else if (len > NAME_MAX)
		err = -ENAMETOOLONG;
	if (err) {
		putname(*kname);
		*kname = NULL;
	}
	return err;
}

/*
 * The queue name of the caller's namespace, opened with oflag: Linux's
 * prepare_open and dentry_open.
 */
static int mq_open_name(const char *name, int oflag, uint32_t mode,
			const struct mq_attr *attr, struct file **fp)
{
	static const int oflag2acc[3] = { MAY_READ, MAY_WRITE, MAY_READ | MAY_WRITE };
	struct ipc_namespace *ns = current->nsproxy->ipc_ns;
	struct inode *ip = NULL;
	int err, len = strlen(name);

	if (dir_lookup(ns->mq_root, name, len, &ip) == 0) {
		if ((oflag & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
			err = -EEXIST;
		else if ((oflag & O_ACCMODE) == O_ACCMODE)
			err = -EINVAL;
		else
			err = permission(ip, oflag2acc[oflag & O_ACCMODE]);
	} else if (!(oflag & O_CREAT)) {
		return -ENOENT;
	} else {
		err = mqueue_create_attr(ns, name, len, mode & ~current->fs->umask, attr, &ip);
	}
	if (err == 0)
		err = file_open(ip, inode_get(ns->mq_root), oflag & ~(O_CREAT | O_EXCL), fp);
	if (ip)
		inode_put(ip);
	return err;
}

/* ---- the system calls ---- */

long sys_mq_open(const char *uname, int oflag, uint32_t mode, const struct mq_attr *uattr)
{
	struct mq_attr attr;
	struct file *f;
	char *name;
	int fd;

	if (uattr && copy_from_user(&attr, uattr, sizeof(attr)))
		return -EFAULT;
	if ((fd = mq_name(uname, &name)))
		return fd;
	/* EMFILE before the name's errors, as Linux's get_unused_fd_flags */
	if ((fd = fd_alloc(0)) >= 0 &&
	    (fd = mq_open_name(name, oflag, mode, uattr ? &attr : NULL, &f)) == 0) {
		if ((fd = fd_alloc(0)) >= 0)	/* again: the open may have slept */
			fd_install(fd, f, 1);	/* close-on-exec, whatever oflag says */
		else
			file_put(f);
	}
	putname(name);
	return fd;
}

long sys_mq_unlink(const char *uname)
{
	char *name;
	int err;

	if ((err = mq_name(uname, &name)))
		return err;
	err = vfs_unlink(current->nsproxy->ipc_ns->mq_root, name);
	putname(name);
	return err;
}

/* The queue open as fd with mode (FMODE_READ or FMODE_WRITE): EBADF otherwise. */
static struct mqueue_inode_info *mq_file(int fd, int fmode, struct file **fp)
{
	struct file *f = fget(fd);

	if (!f || f->f_op != &mqueue_file_operations || (f->fmode & fmode) != fmode)
		return NULL;
	*fp = f;
	return f->inode->u.mqueue;
}

/*
 * Sleeps on the queue until a receiver or sender (sr's other side) wakes
 * it, a signal (-ERESTARTSYS) or the deadline (-ETIMEDOUT; a time on the
 * wall clock, which may step meanwhile; 0: none).  The caller looks again.
 */
static int wq_sleep(struct mqueue_inode_info *info, int sr, uint64_t deadline)
{
	struct hrtimer_sleeper timeout;
	int err;

	if (deadline)
		hrtimer_start(&timeout, realtime_to_ktime(deadline), 1);
	info->waiting[sr]++;
	err = hrtimer_sleep_on(&info->waiting[sr], deadline ? &timeout : NULL);
	info->waiting[sr]--;
	if (deadline)
		hrtimer_cancel(&timeout);
	if (err || signal_pending(current))
		return -ERESTARTSYS;
	return deadline && timeout.done ? -ETIMEDOUT : 0;
}

/* A deadline from the user: its time in ns, 0 for none; EFAULT, EINVAL. */
static int prepare_timeout(const void *uts, int is64, uint64_t *deadline)
{
	int err = 0;

	*deadline = 0;
	if (uts && (err = get_timespec(uts, is64, deadline)) == 0 && !*deadline)
		*deadline = 1;		/* the epoch itself: long past, but a deadline */
	return err;
}

/*
 * Until the queue has room (sr SEND) or a message (RECV): 0, EAGAIN for a
 * non-blocking file, or what ended the sleep.
 */
static int mq_wait(struct mqueue_inode_info *info, struct file *f, int sr, uint64_t deadline)
{
	int err = 0;

	while (!err && info->attr.mq_curmsgs == (sr == SEND ? info->attr.mq_maxmsg : 0))
		err = f->flags & O_NONBLOCK ? -EAGAIN : wq_sleep(info, sr, deadline);
	return err;
}

/* A message came or went: the times, and pollers, as Linux's simple_inode_init_ts. */
static void mq_changed(struct file *f)
{
	inode_touch(f->inode, TOUCH_M);
	f->inode->atime = f->inode->mtime;
	poll_wake();
}

static long do_mq_timedsend(int mqdes, const char *umsg, uint32_t len, uint32_t prio,
			    const void *uts, int is64)
{
	struct mqueue_inode_info *info;
	struct msg_msg *msg;
	struct file *f;
	uint64_t deadline;
	long err;

	if ((err = prepare_timeout(uts, is64, &deadline)))
		return err;
	if (prio >= MQ_PRIO_MAX)
		return -EINVAL;
	if (!(info = mq_file(mqdes, FMODE_WRITE, &f)))
		return -EBADF;
	if (len > (uint32_t)info->attr.mq_msgsize)
		return -EMSGSIZE;
	if ((err = load_msg(umsg, len, 0, &msg)))
		return err;
	msg->m_ts = len;
	msg->m_type = prio;
	if ((err = mq_wait(info, f, SEND, deadline))) {
		free_msg(msg);
		return err;
	}
	msg_insert(msg, info);
	if (info->waiting[RECV])
		wakeup(&info->waiting[RECV]);
	else
		do_notify(info);
	mq_changed(f);
	return 0;
}

static long do_mq_timedreceive(int mqdes, char *umsg, uint32_t len, uint32_t *uprio,
			       const void *uts, int is64)
{
	struct mqueue_inode_info *info;
	struct msg_msg *msg;
	struct file *f;
	uint64_t deadline;
	long err;

	if ((err = prepare_timeout(uts, is64, &deadline)))
		return err;
	if (!(info = mq_file(mqdes, FMODE_READ, &f)))
		return -EBADF;
	if (len < (uint32_t)info->attr.mq_msgsize)
		return -EMSGSIZE;
	if ((err = mq_wait(info, f, RECV, deadline)))
		return err;
	msg = msg_get(info);
	if (info->waiting[SEND])
		wakeup(&info->waiting[SEND]);
	mq_changed(f);
	err = msg->m_ts;
	if ((uprio && copy_to_user(uprio, &msg->m_type, sizeof(*uprio))) ||
	    store_msg(umsg, msg, msg->m_ts, 0))
		err = -EFAULT;
	free_msg(msg);
	return err;
}

/* mq_timedsend (279) and mq_timedreceive (280): 32-bit timespecs; 418 and 419: 64-bit. */
long sys_mq_timedsend(int mqdes, const char *umsg, uint32_t len, uint32_t prio, const void *uts)
{
	return do_mq_timedsend(mqdes, umsg, len, prio, uts, 0);
}

long sys_mq_timedsend_time64(int mqdes, const char *umsg, uint32_t len, uint32_t prio,
			     const void *uts)
{
	return do_mq_timedsend(mqdes, umsg, len, prio, uts, 1);
}

long sys_mq_timedreceive(int mqdes, char *umsg, uint32_t len, uint32_t *uprio, const void *uts)
{
	return do_mq_timedreceive(mqdes, umsg, len, uprio, uts, 0);
}

long sys_mq_timedreceive_time64(int mqdes, char *umsg, uint32_t len, uint32_t *uprio,
				const void *uts)
{
	return do_mq_timedreceive(mqdes, umsg, len, uprio, uts, 1);
}

/*
 * SIGEV_THREAD's socket: sigev_signo is a netlink socket's descriptor
 * (EBADF, ENOTSOCK), whose sock the registration holds (its file may
 * close meanwhile), and sigev_value the address of the 32-byte cookie it
 * will be sent (EFAULT).
 */
static int notify_socket(const struct sigevent32 *ev, struct sock **skp, char *cookie)
{
	struct file *f;
	struct socket *sock;

	if (copy_from_user(cookie, (const void *)ev->sigev_value, NOTIFY_COOKIE_LEN))
		return -EFAULT;
	if (!(f = fget(ev->sigev_signo)))
		return -EBADF;
	if (!(sock = sock_from_file(f)) || sock->ops->family != AF_NETLINK)
		return -ENOTSOCK;
	sock_hold(*skp = sock->sk);
	return 0;
}

long sys_mq_notify(int mqdes, const struct sigevent32 *uev)
{
	char cookie[NOTIFY_COOKIE_LEN];
	struct mqueue_inode_info *info;
	struct sock *sock = NULL;
	struct file *f;
	struct sigevent32 ev;
	long err = 0;

	if (uev) {
		if (copy_from_user(&ev, uev, sizeof(ev)))
			return -EFAULT;
		if (ev.sigev_notify != SIGEV_NONE && ev.sigev_notify != SIGEV_SIGNAL &&
		    ev.sigev_notify != SIGEV_THREAD)
			return -EINVAL;
		if (ev.sigev_notify == SIGEV_SIGNAL &&
		    (ev.sigev_signo < 0 || ev.sigev_signo >= NSIG))
			return -EINVAL;
		if (ev.sigev_notify == SIGEV_THREAD &&
		    (err = notify_socket(&ev, &sock, cookie)))
			return err;
	}
	if (!(info = mq_file(mqdes, 0, &f))) {
		err = -EBADF;
	} else if (!uev) {
		if (info->notify_owner == current->tgid)
			remove_notification(info);
	} else if (info->notify_owner) {
		err = -EBUSY;
	} else {
		info->notify = ev;
		info->notify_owner = current->tgid;
		info->notify_sock = sock;
		memcpy(info->notify_cookie, cookie, NOTIFY_COOKIE_LEN);
		sock = NULL;
	}
	if (sock)
		sock_put(sock);
	return err;
}

long sys_mq_getsetattr(int mqdes, const struct mq_attr *unew, struct mq_attr *uold)
{
	struct mqueue_inode_info *info;
	struct mq_attr new, old;
	struct file *f;

	if (unew && copy_from_user(&new, unew, sizeof(new)))
		return -EFAULT;
	if (unew && (new.mq_flags & ~O_NONBLOCK))
		return -EINVAL;
	if (!(info = mq_file(mqdes, 0, &f)))
		return -EBADF;
	old = info->attr;
	old.mq_flags = f->flags & O_NONBLOCK;
	if (unew)
		f->flags = (f->flags & ~O_NONBLOCK) | new.mq_flags;
	if (uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* ---- /proc/sys/fs/mqueue ---- */

/* Where the reader's namespace keeps each number. */
static void *queues_max_data(void) { return &current->nsproxy->ipc_ns->mq_queues_max; }
static void *msg_max_data(void) { return &current->nsproxy->ipc_ns->mq_msg_max; }
static void *msgsize_max_data(void) { return &current->nsproxy->ipc_ns->mq_msgsize_max; }
static void *msg_default_data(void) { return &current->nsproxy->ipc_ns->mq_msg_default; }
static void *msgsize_default_data(void) { return &current->nsproxy->ipc_ns->mq_msgsize_default; }

static const struct ctl_table queues_max_table = {
	.intp = &init_ipc_ns.mq_queues_max, .min = 0, .max = HARD_QUEUESMAX,
	.ns_data = queues_max_data };
static const struct ctl_table msg_max_table = {
	.intp = &init_ipc_ns.mq_msg_max, .min = MIN_MSGMAX, .max = HARD_MSGMAX,
	.ns_data = msg_max_data };
static const struct ctl_table msgsize_max_table = {
	.intp = &init_ipc_ns.mq_msgsize_max, .min = MIN_MSGSIZEMAX, .max = HARD_MSGSIZEMAX,
	.ns_data = msgsize_max_data };
static const struct ctl_table msg_default_table = {
	.intp = &init_ipc_ns.mq_msg_default, .min = MIN_MSGMAX, .max = HARD_MSGMAX,
	.ns_data = msg_default_data };
static const struct ctl_table msgsize_default_table = {
	.intp = &init_ipc_ns.mq_msgsize_default, .min = MIN_MSGSIZEMAX, .max = HARD_MSGSIZEMAX,
	.ns_data = msgsize_default_data };

#define MQ_SYSCTL(n, t)	{ .name = n, .mode = S_IFREG | 0644, .fops = &proc_sys_fops, \
			  .data = &t }

const struct proc_dir_entry proc_sys_mqueue_entries[] = {
	MQ_SYSCTL("msg_default", msg_default_table),
	MQ_SYSCTL("msg_max", msg_max_table),
	MQ_SYSCTL("msgsize_default", msgsize_default_table),
	MQ_SYSCTL("msgsize_max", msgsize_max_table),
	MQ_SYSCTL("queues_max", queues_max_table),
	{ .name = NULL },
};
