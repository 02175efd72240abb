/*
 * System V message queues, built the way Linux's ipc/msg.c is: 2.4's
 * shape and names, 6.x's semantics and order of checks.
 *
 *   msgget    ipcget (ipc/util.c) finds the key, or newque makes a queue.
 *   msgsnd    do_msgsnd copies the message in (load_msg, ipc/msgutil.c);
 *             while it does not fit (msg_qbytes) the sender sleeps in a
 *             struct msg_sender at the tail of q_senders.  Then
 *             pipelined_send gives it to the oldest receiver asleep for its
 *             type, who wakes with it, or it goes at the tail of the queue.
 *   msgrcv    do_msgrcv takes the first message of the type (find_msg),
 *             and wakes the senders that fit now (ss_wakeup); or sleeps in
 *             a struct msg_receiver at the tail of q_receivers until a
 *             sender hands it one.
 *   IPC_RMID  freeque wakes every sleeper with EIDRM and frees the queue.
 *
 * A sleeper's struct is on its own stack, and stays on its list until it
 * runs again (a receiver given a message excepted): whoever frees the
 * queue marks it first, so a sleeper that finds no mark knows the queue
 * still exists.
 */
#include "ipc/msg.h"
#include "ipc/namespace.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "mm/uaccess.h"

/* init_ipc_ns's queues; each other IPC namespace has its own (ipc/namespace.h). */
struct ipc_ids msg_ids = IPC_IDS_INIT(msg_ids);

/* A msgrcv asleep on a queue; it sleeps on this struct. */
struct msg_receiver {
	struct list_head r_list;	/* in q_receivers */
	struct task *r_tsk;
	/*
	 * msg_lrpid if a msgsnd hands it a message: the thread's id, as
	 * Linux's pipelined_send has it (a msgrcv that finds its message
	 * records the process's, the tgid).
	 */
	int r_pid;
	int r_mode;			/* SEARCH_... */
	int32_t r_msgtype;
	uint32_t r_maxsize;		/* larger messages are E2BIG */
	/*
	 * -EAGAIN while it waits; 0 when a sender gave it r_msg (and took it
	 * off the list), -E2BIG or -EIDRM when it must fail.
	 */
	int r_status;
	struct msg_msg *r_msg;
};

/* A msgsnd asleep on a full queue; it sleeps on this struct. */
struct msg_sender {
	struct list_head list;		/* in q_senders */
	struct task *tsk;
	uint32_t msgsz;
	int removed;			/* freeque: the queue is gone */
};

/* msgrcv's ways to choose a message (convert_mode) */
#define SEARCH_ANY		1	/* msgtyp 0: the first */
#define SEARCH_EQUAL		2	/* the first of type msgtyp */
#define SEARCH_NOTEQUAL		3	/* MSG_EXCEPT: the first of another type */
#define SEARCH_LESSEQUAL	4	/* msgtyp < 0: the lowest type up to -msgtyp */
#define SEARCH_NUMBER		5	/* MSG_COPY: number msgtyp, counting from 0 */

/* The queue in id's slot, whatever its seq (MSG_STAT), or NULL. */
static struct msg_queue *msq_obtain_object(int id)
{
	return (struct msg_queue *)ipc_obtain_object_idr(current->nsproxy->ipc_ns->msg_ids, id);
}

/* The queue id names in current's namespace, or NULL. */
static struct msg_queue *msq_obtain_object_check(int id)
{
	return (struct msg_queue *)ipc_obtain_object_check(current->nsproxy->ipc_ns->msg_ids, id);
}

/* ---- msgget ---- */

static long newque(const struct ipc_params *params)
{
	struct ipc_namespace *ns = current->nsproxy->ipc_ns;
	struct msg_queue *msq = kmalloc_gfp(sizeof(*msq), GFP_USER);
	int id;

	if (!msq)
		return -ENOMEM;
	memset(msq, 0, sizeof(*msq));
	msq->u.msg_perm.key = params->key;
	msq->u.msg_perm.mode = params->flg & 0777;
	msq->u.msg_ctime = get_seconds();
	msq->u.msg_qbytes = ns->msg_ctlmnb;
	INIT_LIST_HEAD(&msq->q_messages);
	INIT_LIST_HEAD(&msq->q_receivers);
	INIT_LIST_HEAD(&msq->q_senders);
	if ((id = ipc_addid(ns->msg_ids, &msq->u.msg_perm, ns->msg_ctlmni)) < 0) {
		kfree(msq);
		return id;
	}
	msq->id = id;
	return id;
}

static const struct ipc_ops msg_ops = {
	.getnew = newque,
};

long sys_msgget(int key, int msgflg)
{
	struct ipc_params params = { .key = key, .flg = msgflg };

	return ipcget(current->nsproxy->ipc_ns->msg_ids, &msg_ops, &params);
}

/* ---- waking the sleepers ---- */

static int msg_fits_inqueue(struct msg_queue *msq, uint32_t msgsz)
{
	return msgsz + msq->u.msg_cbytes <= msq->u.msg_qbytes &&
	       1 + msq->u.msg_qnum <= msq->u.msg_qbytes;
}

/*
 * The senders whose message fits now wake, oldest first, and try again;
 * one that still does not fit goes to the tail, keeping the order.  With
 * removed (freeque), all wake to fail.  They stay on the list until they
 * run.
 */
static void ss_wakeup(struct msg_queue *msq, int removed)
{
	struct msg_sender *mss, *t, *stop = NULL;

	list_for_each_entry_safe(mss, t, &msq->q_senders, list) {
		if (removed) {
			mss->removed = 1;
		} else if (mss == stop) {
			break;	/* round the list once */
		} else if (!msg_fits_inqueue(msq, mss->msgsz)) {
			if (!stop)
				stop = mss;
			list_del(&mss->list);
			list_add_tail(&mss->list, &msq->q_senders);
			continue;
		}
		wakeup_task(mss->tsk, mss);
	}
}

/*
 * Every receiver wakes with res: -EIDRM (freeque), or -EAGAIN (IPC_SET:
 * they look again, and the new permissions may refuse them).
 */
static void expunge_all(struct msg_queue *msq, int res)
{
	struct msg_receiver *msr;

	list_for_each_entry(msr, &msq->q_receivers, r_list) {
		msr->r_status = res;
		wakeup_task(msr->r_tsk, msr);
	}
}

static void freeque(struct ipc_namespace *ns, struct msg_queue *msq)
{
	struct msg_msg *msg, *t;

	expunge_all(msq, -EIDRM);
	ss_wakeup(msq, 1);
	ipc_rmid(ns->msg_ids, msq->id);
	list_for_each_entry_safe(msg, t, &msq->q_messages, m_list) {
		ns->msg_hdrs--;
		free_msg(msg);
	}
	ns->msg_bytes -= msq->u.msg_cbytes;
	kfree(msq);
}

/* The namespace's last reference went: every queue goes, as Linux's msg_exit_ns. */
void msg_exit_ns(struct ipc_namespace *ns)
{
	for (int idx = 0; idx <= ns->msg_ids->max_idx; idx++) {
		struct msg_queue *msq = (struct msg_queue *)
			ipc_obtain_object_idr(ns->msg_ids, idx);

		if (msq)
			freeque(ns, msq);
	}
}

/* ---- msgsnd ---- */

static int testmsg(struct msg_msg *msg, int32_t type, int mode)
{
	switch (mode) {
	case SEARCH_ANY:
	case SEARCH_NUMBER:
		return 1;
	case SEARCH_LESSEQUAL:
		return msg->m_type <= type;
	case SEARCH_EQUAL:
		return msg->m_type == type;
	default:	/* SEARCH_NOTEQUAL */
		return msg->m_type != type;
	}
}

/*
 * The oldest receiver asleep for msg's type gets it, unless it is too big
 * for it (that one wakes with E2BIG, and the next is tried).  1 if given.
 */
static int pipelined_send(struct msg_queue *msq, struct msg_msg *msg, uint32_t now)
{
	struct msg_receiver *msr, *t;

	list_for_each_entry_safe(msr, t, &msq->q_receivers, r_list) {
		if (!testmsg(msg, msr->r_msgtype, msr->r_mode))
			continue;
		list_del(&msr->r_list);
		if (msr->r_maxsize < msg->m_ts) {
			msr->r_status = -E2BIG;
			wakeup_task(msr->r_tsk, msr);
			continue;
		}
		msq->u.msg_lrpid = msr->r_pid;
		msq->u.msg_rtime = now;
		msr->r_msg = msg;
		msr->r_status = 0;
		wakeup_task(msr->r_tsk, msr);
		return 1;
	}
	return 0;
}

/*
 * msgsnd for both entries.  The caller's struct msgbuf: a long mtype,
 * then msgsz bytes of mtext.
 */
long do_msgsnd(int msqid, const void *msgp, uint32_t msgsz, int msgflg)
{
	struct ipc_namespace *ns = current->nsproxy->ipc_ns;
	struct msg_msg *msg;
	struct msg_queue *msq;
	int32_t mtype;
	long err;

	/*
	 * Linux reads mtype first (EFAULT), then checks the size and the id
	 * (EINVAL), then mtype (EINVAL), then copies the bytes.  Here mtype
	 * comes with the first bytes in one copy; the errors are the same.
	 */
	if (msgsz > (uint32_t)ns->msg_ctlmax || (int32_t)msgsz < 0 || msqid < 0)
		return copy_from_user(&mtype, msgp, sizeof(mtype)) ? -EFAULT : -EINVAL;
	if ((err = load_msg(msgp, msgsz, 1, &msg))) {
		if (err == -EFAULT && !copy_from_user(&mtype, msgp, sizeof(mtype)) &&
		    mtype < 1)
			err = -EINVAL;
		return err;
	}
	if (msg->m_type < 1) {
		err = -EINVAL;
		goto out_free;
	}
	if (!(msq = msq_obtain_object_check(msqid))) {
		err = -EINVAL;
		goto out_free;
	}
	for (;;) {
		struct msg_sender s;

		err = -EACCES;
		if (ipcperms(&msq->u.msg_perm, 0222))
			goto out_free;
		if (msg_fits_inqueue(msq, msgsz))
			break;
		err = -EAGAIN;
		if (msgflg & IPC_NOWAIT)
			goto out_free;
		/* The queue is full: sleep at the tail until a msgrcv makes room. */
		s.tsk = current;
		s.msgsz = msgsz;
		s.removed = 0;
		list_add_tail(&s.list, &msq->q_senders);
		sleep_on_interruptible(&s);
		err = -EIDRM;
		if (s.removed)
			goto out_free;
		list_del(&s.list);
		err = -ERESTARTNOHAND;
		if (signal_pending(current))
			goto out_free;
	}
	msq->u.msg_lspid = current->tgid;
	msq->u.msg_stime = get_seconds();
	if (!pipelined_send(msq, msg, msq->u.msg_stime)) {
		list_add_tail(&msg->m_list, &msq->q_messages);
		msq->u.msg_cbytes += msgsz;
		msq->u.msg_qnum++;
		ns->msg_bytes += msgsz;
		ns->msg_hdrs++;
	}
	return 0;
out_free:
	free_msg(msg);
	return err;
}

long sys_msgsnd(int msqid, const void *msgp, uint32_t msgsz, int msgflg)
{
	return do_msgsnd(msqid, msgp, msgsz, msgflg);
}

/* ---- msgrcv ---- */

/* How msgrcv chooses (SEARCH_...); for msgtyp < 0, *msgtyp becomes -msgtyp. */
static int convert_mode(int32_t *msgtyp, int msgflg)
{
	if (msgflg & MSG_COPY)
		return SEARCH_NUMBER;
	if (*msgtyp == 0)
		return SEARCH_ANY;
	if (*msgtyp < 0) {
		*msgtyp = *msgtyp == INT32_MIN ? INT32_MAX : -*msgtyp;
		return SEARCH_LESSEQUAL;
	}
	return (msgflg & MSG_EXCEPT) ? SEARCH_NOTEQUAL : SEARCH_EQUAL;
}

/*
 * The message msgrcv takes: the first that matches; for SEARCH_LESSEQUAL
 * the first of the lowest type (*msgtyp narrows as lower ones turn up);
 * for SEARCH_NUMBER message number *msgtyp.  NULL if none.
 */
static struct msg_msg *find_msg(struct msg_queue *msq, int32_t *msgtyp, int mode)
{
	struct msg_msg *msg, *found = NULL;
	int32_t count = 0;

	list_for_each_entry(msg, &msq->q_messages, m_list) {
		if (!testmsg(msg, *msgtyp, mode))
			continue;
		if (mode == SEARCH_LESSEQUAL && msg->m_type != 1) {
			*msgtyp = msg->m_type - 1;
			found = msg;
		} else if (mode != SEARCH_NUMBER || count++ == *msgtyp) {
			return msg;
		}
	}
	return found;
}

/* The message to the caller's struct msgbuf: mtype, then at most bufsz bytes. */
static long do_msg_fill(void *dest, struct msg_msg *msg, uint32_t bufsz)
{
	uint32_t msgsz = bufsz > msg->m_ts ? msg->m_ts : bufsz;

	return store_msg(dest, msg, msgsz, 1) ? -EFAULT : (long)msgsz;
}

/*
 * One look at the queue: the message taken (unlinked and counted out, or
 * for MSG_COPY copied into copy), else NULL and *err: -ENOMSG or -EAGAIN
 * (sleep), or another error.
 */
static struct msg_msg *take_msg(struct msg_queue *msq, int32_t *msgtyp,
				int mode, uint32_t bufsz, int msgflg,
				struct msg_msg *copy, long *err)
{
	struct msg_msg *msg;

	*err = -EACCES;
	if (ipcperms(&msq->u.msg_perm, 0444))
		return NULL;
	if (!(msg = find_msg(msq, msgtyp, mode))) {
		*err = (msgflg & IPC_NOWAIT) ? -ENOMSG : -EAGAIN;
		return NULL;
	}
	*err = -E2BIG;
	if (bufsz < msg->m_ts && !(msgflg & MSG_NOERROR))
		return NULL;
	if (msgflg & MSG_COPY)
		return (*err = copy_msg(msg, copy)) ? NULL : copy;
	list_del(&msg->m_list);
	msq->u.msg_qnum--;
	msq->u.msg_rtime = get_seconds();
	msq->u.msg_lrpid = current->tgid;
	msq->u.msg_cbytes -= msg->m_ts;
	current->nsproxy->ipc_ns->msg_bytes -= msg->m_ts;
	current->nsproxy->ipc_ns->msg_hdrs--;
	ss_wakeup(msq, 0);
	return msg;
}

/*
 * msgrcv for both entries.  MSG_COPY (Linux's, with CONFIG_CHECKPOINT_RESTORE
 * as Debian's kernels have it) copies message number msgtyp and leaves it
 * queued; it must not wait, and the copy is made first at the size of the
 * buffer, from the buffer's own bytes, as Linux makes it.
 */
long do_msgrcv(int msqid, void *msgp, uint32_t bufsz, int32_t msgtyp, int msgflg)
{
	struct msg_msg *msg = NULL, *copy = NULL;
	struct msg_queue *msq;
	int mode;
	long err;

	if (msqid < 0 || (int32_t)bufsz < 0)
		return -EINVAL;
	if (msgflg & MSG_COPY) {
		if ((msgflg & MSG_EXCEPT) || !(msgflg & IPC_NOWAIT))
			return -EINVAL;
		uint32_t max = current->nsproxy->ipc_ns->msg_ctlmax;

		if ((err = load_msg(msgp, bufsz < max ? bufsz : max, 0, &copy)))
			return err;
	}
	mode = convert_mode(&msgtyp, msgflg);
	if (!(msq = msq_obtain_object_check(msqid))) {
		err = -EINVAL;
		goto out;
	}
	for (;;) {
		struct msg_receiver msr;

		if ((msg = take_msg(msq, &msgtyp, mode, bufsz, msgflg, copy, &err)))
			break;
		if (err != -EAGAIN)
			goto out;
		/* Nothing for us: sleep at the tail until a msgsnd hands us one. */
		msr.r_tsk = current;
		msr.r_pid = current->pid;
		msr.r_mode = mode;
		msr.r_msgtype = msgtyp;
		msr.r_maxsize = (msgflg & MSG_NOERROR) ? INT32_MAX : bufsz;
		msr.r_status = -EAGAIN;
		list_add_tail(&msr.r_list, &msq->q_receivers);
		sleep_on_interruptible(&msr);
		if (msr.r_status == 0) {
			msg = msr.r_msg;
			break;
		}
		if (msr.r_status != -EAGAIN) {	/* off the list, or the queue gone */
			err = msr.r_status;
			goto out;
		}
		list_del(&msr.r_list);
		err = -ERESTARTNOHAND;
		if (signal_pending(current))
			goto out;
	}
	err = do_msg_fill(msgp, msg, bufsz);
	free_msg(msg);
	return err;
out:
	if (copy)
		free_msg(copy);
	return err;
}

long sys_msgrcv(int msqid, void *msgp, uint32_t msgsz, int32_t msgtyp, int msgflg)
{
	return do_msgrcv(msqid, msgp, msgsz, msgtyp, msgflg);
}

/* ---- msgctl ---- */

/* IPC_INFO: the limits; MSG_INFO: the same with what is in use. */
static long msgctl_info(int cmd, void *buf)
{
	struct ipc_namespace *ns = current->nsproxy->ipc_ns;
	struct msginfo info = {
		.msgmni = ns->msg_ctlmni, .msgmax = ns->msg_ctlmax, .msgmnb = ns->msg_ctlmnb,
		.msgssz = MSGSSZ, .msgseg = MSGSEG,
		.msgpool = cmd == MSG_INFO ? ns->msg_ids->in_use : MSGPOOL,
		.msgmap = cmd == MSG_INFO ? ns->msg_hdrs : MSGMAP,
		.msgtql = cmd == MSG_INFO ? ns->msg_bytes : MSGTQL,
	};

	if (copy_to_user(buf, &info, sizeof(info)))
		return -EFAULT;
	return ns->msg_ids->max_idx < 0 ? 0 : ns->msg_ids->max_idx;
}

/* IPC_STAT by id; MSG_STAT and MSG_STAT_ANY by slot, returning the id. */
static long msgctl_stat(int msqid, int cmd, void *buf)
{
	struct msg_queue *msq = cmd == IPC_STAT ? msq_obtain_object_check(msqid) :
						  msq_obtain_object(msqid);

	if (!msq)
		return -EINVAL;
	if (cmd != MSG_STAT_ANY && ipcperms(&msq->u.msg_perm, 0444))
		return -EACCES;
	if (copy_to_user(buf, &msq->u, sizeof(msq->u)))
		return -EFAULT;
	return cmd == IPC_STAT ? 0 : msq->id;
}

/*
 * IPC_SET and IPC_RMID: for the owner, the creator or root; only root may
 * raise msg_qbytes above msg_ctlmnb.  IPC_SET wakes every sleeper to look
 * again: the receivers may be refused now, the senders may fit.
 */
static long msgctl_down(int msqid, int cmd, const struct msqid64_ds *in)
{
	struct ipc_namespace *ns = current->nsproxy->ipc_ns;
	long err = 0;
	struct msg_queue *msq = (struct msg_queue *)
		ipcctl_obtain_check(ns->msg_ids, msqid, &err);

	if (!msq)
		return err;
	if (cmd == IPC_RMID) {
		freeque(ns, msq);
		return 0;
	}
	if (in->msg_qbytes > (uint32_t)ns->msg_ctlmnb && current->euid != 0)
		return -EPERM;
	if ((err = ipc_update_perm(&in->msg_perm, &msq->u.msg_perm)))
		return err;
	msq->u.msg_qbytes = in->msg_qbytes;
	msq->u.msg_ctime = get_seconds();
	expunge_all(msq, -EAGAIN);
	ss_wakeup(msq, 0);
	return 0;
}

/* The commands that take a msqid64_ds, which shmos has only in the IPC_64 layout. */
static int has_layout(int cmd)
{
	return cmd == IPC_STAT || cmd == MSG_STAT || cmd == MSG_STAT_ANY ||
	       cmd == IPC_SET;
}

/* msgctl for both entries: ipc() says which layouts the caller uses. */
long do_msgctl(int msqid, int cmd, void *buf, int ipc64)
{
	struct msqid64_ds in;

	if (msqid < 0 || cmd < 0 || (!ipc64 && has_layout(cmd)))
		return -EINVAL;
	switch (cmd) {
	case IPC_INFO:
	case MSG_INFO:
		return msgctl_info(cmd, buf);
	case IPC_STAT:
	case MSG_STAT:
	case MSG_STAT_ANY:
		return msgctl_stat(msqid, cmd, buf);
	case IPC_SET:
		if (copy_from_user(&in, buf, sizeof(in)))
			return -EFAULT;
		return msgctl_down(msqid, cmd, &in);
	case IPC_RMID:
		return msgctl_down(msqid, cmd, NULL);
	default:
		return -EINVAL;
	}
}

/* The direct call: always the 64-bit layouts, IPC_64 is no command. */
long sys_msgctl(int msqid, int cmd, void *buf)
{
	return do_msgctl(msqid, cmd, buf, 1);
}

/* ---- /proc/sysvipc/msg ---- */

const char msg_proc_header[] =
	"       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid"
	"  cuid  cgid      stime      rtime      ctime\n";

/* As Linux's sysvipc_msg_proc_show; 0 for a free slot. */
int msg_proc_show(int idx, char *buf, int size)
{
	struct msg_queue *msq = msq_obtain_object(idx);
	struct msqid64_ds *u;
	char mode[8];

	if (!msq)
		return 0;
	u = &msq->u;
	return snprintf(buf, size,
		"%10d %10d  %4s  %10u %10u %5u %5u %5u %5u %5u %5u "
		"%10llu %10llu %10llu\n",
		u->msg_perm.key, msq->id, ipc_octal(u->msg_perm.mode, mode),
		u->msg_cbytes, u->msg_qnum, u->msg_lspid, u->msg_lrpid,
		u->msg_perm.uid, u->msg_perm.gid, u->msg_perm.cuid,
		u->msg_perm.cgid, (unsigned long long)u->msg_stime,
		(unsigned long long)u->msg_rtime,
		(unsigned long long)u->msg_ctime);
}
