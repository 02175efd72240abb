/*
 * Control messages, Linux's net/core/scm.c.  sendmsg's are read from the
 * user's buffer into a cookie: the files of SCM_RIGHTS, referenced, and the
 * credentials (the sender's own unless SCM_CREDENTIALS gives others it may
 * claim).  recvmsg writes the receiver's: SCM_CREDENTIALS if it asked
 * (SO_PASSCRED), then SCM_RIGHTS, whose files become its descriptors.
 */
#include "fs/fs.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "net/net.h"
#include "net/scm.h"

#define SCM_CTL_MAX	2048	/* the most control data shmos takes in a sendmsg */

/* The files of descriptors fds[0..n) added to the cookie: 0, -EBADF, -EINVAL. */
static int scm_fp_copy(const int *fds, int n, struct scm_cookie *scm)
{
	struct scm_fp_list *fpl = scm->fp;

	if (n <= 0)
		return 0;
	if (n > SCM_MAX_FD)
		return -EINVAL;
	if (!fpl) {
		if (!(fpl = scm->fp = kmalloc(sizeof(*fpl))))
			return -ENOMEM;
		fpl->count = 0;
	}
	if (fpl->count + n > SCM_MAX_FD)
		return -EINVAL;
	for (int i = 0; i < n; i++) {
		struct file *f = fget_raw(fds[i]);	/* O_PATH's too */

		if (!f)
			return -EBADF;
		fpl->fp[fpl->count++] = file_get(f);
	}
	return 0;
}

/* Credentials a sender may claim: its own, unless it is root (Linux's scm_check_creds). */
static int scm_check_creds(const struct ucred *c)
{
	struct task *t = current;

	if (t->euid == 0)
		return 0;
	if (c->pid != t->tgid)
		return -EPERM;
	if (c->uid != t->uid && c->uid != t->euid && c->uid != t->suid)
		return -EPERM;
	if (c->gid != t->gid && c->gid != t->egid && c->gid != t->sgid)
		return -EPERM;
	return 0;
}

/* One control message (its header h, its data at d): 0 or -errno. */
static int scm_one(struct socket *sock, struct cmsghdr *h, void *d, struct scm_cookie *scm)
{
	uint32_t dlen = h->cmsg_len - sizeof(*h);

	if (h->cmsg_level != SOL_SOCKET)
		return 0;
	switch (h->cmsg_type) {
	case SCM_RIGHTS:	/* AF_UNIX's alone, as Linux's */
		if (sock->ops->family != AF_UNIX)
			return -EINVAL;
		return scm_fp_copy(d, dlen / sizeof(int), scm);
	case SCM_CREDENTIALS:
		if (h->cmsg_len != CMSG_LEN(sizeof(struct ucred)))
			return -EINVAL;
		memcpy(&scm->creds, d, sizeof(struct ucred));
		return scm_check_creds(&scm->creds);
	default:
		return -EINVAL;
	}
}

/*
 * sendmsg's control messages into scm (Linux's scm_send and __scm_send):
 * 0, or -errno with nothing held.  Each is checked as Linux does: a header
 * longer than what is left, or shorter than itself, is EINVAL.
 */
int scm_send(struct socket *sock, struct msghdr *m, struct scm_cookie *scm)
{
	uint32_t len = m->msg_controllen, off = 0;
	char *buf;
	int err = 0;

	scm->creds.pid = current->tgid;
	scm->creds.uid = current->uid;
	scm->creds.gid = current->gid;
	scm->fp = NULL;
	if (len < sizeof(struct cmsghdr))
		return 0;
	if (len > SCM_CTL_MAX)
		return -ENOBUFS;
	if (!(buf = kmalloc(len)))
		return -ENOMEM;
	if (copy_from_user(buf, m->msg_control, len))
		err = -EFAULT;
	while (!err && len - off >= sizeof(struct cmsghdr)) {
		struct cmsghdr *h = (struct cmsghdr *)(buf + off);

		if (h->cmsg_len < sizeof(*h) || h->cmsg_len > len - off)
			err = -EINVAL;
		else
			err = scm_one(sock, h, h + 1, scm);
		off += CMSG_ALIGN(h->cmsg_len);
		if (off > len)
			break;
	}
	kfree(buf);
	if (err)
		scm_destroy(scm);
	return err;
}

/*
 * The files of a list let go.  A file put may be a socket's last, whose
 * queue may hold more lists, whose files may be sockets...: the lists
 * found meanwhile wait on fp_pending for the outermost call's loop, so
 * the kernel stack does not grow with the nesting (Linux defers its fputs
 * to the task's return for the same reason).
 */
static struct scm_fp_list *fp_pending;
static int fp_draining;

/* Called only by scm_fp_drain, with fp_draining set. */
static __attribute__((noinline)) void scm_fp_put_all(struct scm_fp_list *fpl)
{
	for (int i = 0; i < fpl->count; i++)
		file_put(fpl->fp[i]);
	kfree(fpl);
}

static __attribute__((noinline)) void scm_fp_drain(void)
{
	struct scm_fp_list *fpl;

	fp_draining = 1;
	while ((fpl = fp_pending)) {
		fp_pending = fpl->next;
		scm_fp_put_all(fpl);
	}
	fp_draining = 0;
}

__attribute__((noinline)) void scm_fp_destroy(struct scm_fp_list *fpl)
{
	fpl->next = fp_pending;
	fp_pending = fpl;
	if (!fp_draining)
		scm_fp_drain();
}

void scm_destroy(struct scm_cookie *scm)
{
	if (scm->fp)
		scm_fp_destroy(scm->fp);
	scm->fp = NULL;
}

/* A second reference to each file of fpl (MSG_PEEK's), or NULL. */
struct scm_fp_list *scm_fp_dup(struct scm_fp_list *fpl)
{
	struct scm_fp_list *n = kmalloc(sizeof(*n));

	if (n) {
		n->count = fpl->count;
		for (int i = 0; i < n->count; i++)
			n->fp[i] = file_get(fpl->fp[i]);
	}
	return n;
}

/*
 * One control message of len bytes of data to the user's buffer, as much
 * of it as fits (MSG_CTRUNC if not all), Linux's put_cmsg.
 */
void put_cmsg(struct msghdr *m, int level, int type, uint32_t len, const void *data)
{
	struct cmsghdr h = { CMSG_LEN(len), level, type };
	uint32_t cmlen = h.cmsg_len;

	if (m->msg_controllen < sizeof(h)) {
		m->msg_flags |= MSG_CTRUNC;
		return;
	}
	if (m->msg_controllen < cmlen) {
		m->msg_flags |= MSG_CTRUNC;
		cmlen = m->msg_controllen;
	}
	if (copy_to_user(m->msg_control, &h, sizeof(h)) ||
	    copy_to_user(m->msg_control + sizeof(h), data, cmlen - sizeof(h)))
		return;
	cmlen = CMSG_SPACE(len) < m->msg_controllen ? CMSG_SPACE(len) : m->msg_controllen;
	m->msg_control += cmlen;
	m->msg_controllen -= cmlen;
}

/*
 * The files received become the receiver's lowest free descriptors, as
 * many as the buffer has room for (Linux's scm_detach_fds); the rest are
 * closed, and MSG_CTRUNC says so.
 */
static void scm_detach_fds(struct msghdr *m, struct scm_cookie *scm, int flags)
{
	struct scm_fp_list *fpl = scm->fp;
	int room = m->msg_controllen <= sizeof(struct cmsghdr) ? 0 :
		   (m->msg_controllen - sizeof(struct cmsghdr)) / sizeof(int);
	int *ufds = (int *)(m->msg_control + sizeof(struct cmsghdr)), i;
	struct cmsghdr h = { 0, SOL_SOCKET, SCM_RIGHTS };

	for (i = 0; i < fpl->count && i < room; i++) {
		int fd = fd_alloc(0);

		if (fd < 0 || copy_to_user(ufds + i, &fd, sizeof(fd)))
			break;
		fd_install(fd, fpl->fp[i], flags & MSG_CMSG_CLOEXEC);
		fpl->fp[i] = NULL;
	}
	h.cmsg_len = CMSG_LEN(i * sizeof(int));
	if (i > 0 && !copy_to_user(m->msg_control, &h, sizeof(h))) {
		uint32_t used = CMSG_SPACE(i * sizeof(int));

		used = used < m->msg_controllen ? used : m->msg_controllen;
		m->msg_control += used;
		m->msg_controllen -= used;
	}
	if (i < fpl->count)
		m->msg_flags |= MSG_CTRUNC;
	memmove(fpl->fp, fpl->fp + i, (fpl->count - i) * sizeof(fpl->fp[0]));
	fpl->count -= i;
	scm_destroy(scm);
}

/* recvmsg's control messages from scm, which it consumes. */
void scm_recv(struct socket *sock, struct msghdr *m, struct scm_cookie *scm, int flags)
{
	if (!m->msg_control) {
		if (sock->sk->passcred || scm->fp)
			m->msg_flags |= MSG_CTRUNC;
		scm_destroy(scm);
		return;
	}
	if (sock->sk->passcred)
		put_cmsg(m, SOL_SOCKET, SCM_CREDENTIALS, sizeof(struct ucred), &scm->creds);
	if (scm->fp)
		scm_detach_fds(m, scm, flags);
}
