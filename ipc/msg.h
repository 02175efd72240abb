/*
 * System V message queues (ipc/msg.c), as Linux has them.
 *
 * A queue is a struct msg_queue: a list of messages, each a type (a
 * positive number) and up to msg_ctlmax bytes, oldest first.  msgsnd
 * hands a message straight to a receiver waiting for its type, else adds
 * it at the tail, sleeping while the queue is full (msg_qbytes); msgrcv
 * takes the first message of the type asked for, sleeping while there is
 * none.  docs/sem.md tells how both kinds sleep and are woken.
 */
#ifndef IPC_MSG_H
#define IPC_MSG_H

#include <stddef.h>
#include <stdint.h>
#include "ipc/util.h"
#include "kernel/list.h"

/* msgrcv flags (with IPC_NOWAIT) */
#define MSG_NOERROR	010000	/* cut a message that is too long to the buffer */
#define MSG_EXCEPT	020000	/* any type but msgtyp */
#define MSG_COPY	040000	/* copy message number msgtyp, leave it queued */

/* msgctl commands, after IPC_RMID .. IPC_INFO */
#define MSG_STAT	11	/* IPC_STAT by slot index, returns the id */
#define MSG_INFO	12
#define MSG_STAT_ANY	13	/* MSG_STAT without the read permission check */

/*
 * Limits: Linux 6.x's; root may change the first three through
 * /proc/sys/kernel/msgmni, msgmax, msgmnb (an IPC namespace's msg_ctlmni...).
 */
#define MSGMNI		32000	/* queues */
#define MSGMAX		8192	/* bytes in a message */
#define MSGMNB		16384	/* bytes in a queue, a new queue's msg_qbytes */
/* What IPC_INFO reports besides, constants Linux no longer uses. */
#define MSGPOOL		(MSGMNI * MSGMNB / 1024)
#define MSGTQL		MSGMNB
#define MSGMAP		MSGMNB
#define MSGSSZ		16
#define MSGSEG		0xffff

/* What IPC_STAT shows: Linux i386's struct msqid64_ds. */
struct msqid64_ds {
	struct ipc64_perm msg_perm;
	uint32_t msg_stime, msg_stime_high;	/* last msgsnd */
	uint32_t msg_rtime, msg_rtime_high;	/* last msgrcv */
	uint32_t msg_ctime, msg_ctime_high;	/* creation or last IPC_SET */
	uint32_t msg_cbytes;	/* bytes in the queue's messages */
	uint32_t msg_qnum;	/* messages */
	uint32_t msg_qbytes;	/* the most bytes it may hold */
	int32_t msg_lspid;	/* last msgsnd */
	int32_t msg_lrpid;	/* last msgrcv */
	uint32_t unused4, unused5;
};

_Static_assert(sizeof(struct msqid64_ds) == 88, "msqid64_ds is 88 bytes");
_Static_assert(offsetof(struct msqid64_ds, msg_stime) == 36, "msg_stime");
_Static_assert(offsetof(struct msqid64_ds, msg_ctime) == 52, "msg_ctime");
_Static_assert(offsetof(struct msqid64_ds, msg_cbytes) == 60, "msg_cbytes");
_Static_assert(offsetof(struct msqid64_ds, msg_lspid) == 72, "msg_lspid");

/* IPC_INFO's and MSG_INFO's answer. */
struct msginfo {
	int32_t msgpool;	/* MSG_INFO: queues in use */
	int32_t msgmap;		/* MSG_INFO: messages in all queues */
	int32_t msgmax, msgmnb, msgmni, msgssz;
	int32_t msgtql;		/* MSG_INFO: bytes in all queues */
	uint16_t msgseg;
};

_Static_assert(sizeof(struct msginfo) == 32, "msginfo is 32 bytes");

/*
 * A message, Linux's struct msg_msg: its first bytes follow the header in
 * one kmalloc block, the rest in a chain of struct msg_msgseg, each a
 * block of its own (ipc/msgutil.c).  m_type comes last, just before the
 * bytes, as mtype does in the caller's struct msgbuf: msgsnd and msgrcv
 * move both with one copy.
 */
struct msg_msgseg {
	struct msg_msgseg *next;
	/* then the bytes */
};

struct msg_msg {
	struct list_head m_list;	/* in the queue */
	uint32_t m_ts;			/* its size in bytes */
	struct msg_msgseg *next;
	int32_t m_type;
	/* then the first bytes */
};

#define DATALEN_MSG	(IPC_BLOCK_BYTES - sizeof(struct msg_msg))
#define DATALEN_SEG	(IPC_BLOCK_BYTES - sizeof(struct msg_msgseg))

_Static_assert(offsetof(struct msg_msg, m_type) + 4 == sizeof(struct msg_msg),
	       "m_type is just before the bytes");

/*
 * ipc/msgutil.c.  A message of len bytes from user memory: with type, src
 * is a struct msgbuf (its long mtype, then the bytes); without, the bytes
 * alone (MSG_COPY's copy, made from the caller's buffer).  0, -ENOMEM or
 * -EFAULT.
 */
int load_msg(const void *src, uint32_t len, int type, struct msg_msg **msgp);
/* The first len bytes of msg to dest: with type, a struct msgbuf, its mtype first. */
int store_msg(void *dest, struct msg_msg *msg, uint32_t len, int type);
void free_msg(struct msg_msg *msg);
/* MSG_COPY: src's type and bytes into dst; -EINVAL if dst is smaller. */
int copy_msg(struct msg_msg *src, struct msg_msg *dst);

/*
 * A queue.  It begins with its IPC_STAT layout, and that with its perm:
 * the pointer the id table holds is the queue's.
 */
struct msg_queue {
	struct msqid64_ds u;		/* times, byte and message counts, pids */
	int id;
	struct list_head q_messages;	/* oldest first */
	struct list_head q_receivers;	/* msgrcv callers asleep, oldest first */
	struct list_head q_senders;	/* msgsnd callers asleep on a full queue */
};

_Static_assert(offsetof(struct msg_queue, u.msg_perm) == 0, "the queue begins with its perm");

/*
 * sys_msgget, sys_msgsnd, sys_msgrcv and sys_msgctl are in
 * kernel/syscalls.h.  The bodies serve ipc() too (ipc/syscall.c).
 */
long do_msgsnd(int msqid, const void *msgp, uint32_t msgsz, int msgflg);
long do_msgrcv(int msqid, void *msgp, uint32_t msgsz, int32_t msgtyp, int msgflg);
long do_msgctl(int msqid, int cmd, void *buf, int ipc64);

/* The limits: /proc/sys/kernel/msgmax, msgmnb, msgmni. */
/* init_ipc_ns's queues; /proc/sys/kernel/msg_next_id: next_id */
extern struct ipc_ids msg_ids;

/* /proc/sysvipc/msg: the header, then a line per queue in slot order. */
#define MSG_PROC_LINE	160
extern const char msg_proc_header[];
int msg_proc_show(int idx, char *buf, int size);

#endif
