/*
 * A message's bytes in the kernel (Linux's ipc/msgutil.c).  kmalloc gives
 * at most IPC_BLOCK_BYTES, and a message may be msg_ctlmax bytes (8 KiB,
 * more if root says so), so the bytes go in a chain of blocks: the first
 * DATALEN_MSG after the struct msg_msg, then DATALEN_SEG in each struct
 * msg_msgseg.  A 64-byte message is one small block.
 */
#include "ipc/msg.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "mm/uaccess.h"

void free_msg(struct msg_msg *msg)
{
	struct msg_msgseg *seg = msg->next;

	kfree(msg);
	while (seg) {
		struct msg_msgseg *next = seg->next;

		kfree(seg);
		seg = next;
	}
}

/* The blocks for len bytes, unfilled; NULL if there is no memory. */
static struct msg_msg *alloc_msg(uint32_t len)
{
	uint32_t alen = len < DATALEN_MSG ? len : DATALEN_MSG;
	struct msg_msg *msg = kmalloc_gfp(sizeof(*msg) + alen, GFP_USER);
	struct msg_msgseg **pseg;

	if (!msg)
		return NULL;
	msg->next = NULL;
	pseg = &msg->next;
	for (len -= alen; len > 0; len -= alen) {
		alen = len < DATALEN_SEG ? len : DATALEN_SEG;
		if (!(*pseg = kmalloc_gfp(sizeof(**pseg) + alen, GFP_USER))) {
			free_msg(msg);
			return NULL;
		}
		(*pseg)->next = NULL;
		pseg = &(*pseg)->next;
	}
	return msg;
}

int load_msg(const void *src, uint32_t len, int type, struct msg_msg **msgp)
{
	struct msg_msg *msg = alloc_msg(len);
	uint32_t left = len, alen = len < DATALEN_MSG ? len : DATALEN_MSG;
	const char *p = src;

	if (!msg)
		return -ENOMEM;
	/* The first block, after the type if the caller's struct has one. */
	if (type ? copy_from_user(&msg->m_type, p, sizeof(msg->m_type) + alen) :
		   copy_from_user(msg + 1, p, alen))
		goto efault;
	p += type ? sizeof(msg->m_type) : 0;
	for (struct msg_msgseg *seg = msg->next; seg; seg = seg->next) {
		p += alen;
		left -= alen;
		alen = left < DATALEN_SEG ? left : DATALEN_SEG;
		if (copy_from_user(seg + 1, p, alen))
			goto efault;
	}
	msg->m_ts = len;
	*msgp = msg;
	return 0;
efault:
	free_msg(msg);
	return -EFAULT;
}

int store_msg(void *dest, struct msg_msg *msg, uint32_t len, int type)
{
	uint32_t alen = len < DATALEN_MSG ? len : DATALEN_MSG;
	char *p = (char *)dest + (type ? sizeof(msg->m_type) : 0);

	/*
	 * Linux writes mtype, then the bytes: if only the bytes cannot be
	 * written, the type is there all the same.
	 */
	if (!type && copy_to_user(dest, msg + 1, alen))
		return -EFAULT;
	if (type && copy_to_user(dest, &msg->m_type, sizeof(msg->m_type) + alen)) {
		copy_to_user(dest, &msg->m_type, sizeof(msg->m_type));
		return -EFAULT;
	}
	for (struct msg_msgseg *seg = msg->next; seg && (len -= alen) > 0;
	     seg = seg->next) {
		p += alen;
		alen = len < DATALEN_SEG ? len : DATALEN_SEG;
		if (copy_to_user(p, seg + 1, alen))
			return -EFAULT;
	}
	return 0;
}

int copy_msg(struct msg_msg *src, struct msg_msg *dst)
{
	uint32_t len = src->m_ts, alen = len < DATALEN_MSG ? len : DATALEN_MSG;
	struct msg_msgseg *s = src->next, *d = dst->next;

	if (src->m_ts > dst->m_ts)
		return -EINVAL;
	memcpy(dst + 1, src + 1, alen);
	for (len -= alen; len > 0; len -= alen, s = s->next, d = d->next) {
		alen = len < DATALEN_SEG ? len : DATALEN_SEG;
		memcpy(d + 1, s + 1, alen);
	}
	dst->m_type = src->m_type;
	dst->m_ts = src->m_ts;
	return 0;
}
