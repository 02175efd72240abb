/*
 * Socket buffers: the data of one message (a datagram) or one write's
 * piece of a stream, queued on the receiver's socket until read, as Linux's
 * struct sk_buff.  Small ones hold their bytes in the buffer's own kmalloc;
 * larger ones in pages, so that kmalloc's 2 KiB bound does not bound a
 * datagram.
 */
#include "fs/fs.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "mm/uaccess.h"
#include "net/net.h"
#include "net/sock.h"

#define KMALLOC_MAX	2048

static int skb_inline(uint32_t len)
{
	return sizeof(struct sk_buff) + len <= KMALLOC_MAX;
}

/* A buffer for len bytes, or NULL (no memory): the caller fills it. */
struct sk_buff *alloc_skb(uint32_t len)
{
	uint32_t npages = skb_inline(len) ? 0 : (len + PAGE_SIZE - 1) / PAGE_SIZE;
	uint32_t size = sizeof(struct sk_buff) +
			(npages ? npages * sizeof(char *) : len);
	struct sk_buff *skb;

	if (size > KMALLOC_MAX || !(skb = kmalloc_gfp(size, GFP_USER)))
		return NULL;
	memset(skb, 0, sizeof(*skb));
	skb->len = len;
	skb->npages = npages;
	skb->truesize = size + npages * PAGE_SIZE;
	for (uint32_t i = 0; i < npages; i++)
		if (!(skb->data[i] = __get_free_page(GFP_USER | __GFP_DIRECT_RECLAIM))) {
			skb->npages = i;
			kfree_skb(skb);
			return NULL;
		}
	return skb;
}

void kfree_skb(struct sk_buff *skb)
{
	if (skb->destructor)
		skb->destructor(skb);
	for (uint32_t i = 0; i < skb->npages; i++)
		free_kpage(skb->data[i]);
	kfree(skb);
}

/* Where byte off of skb's data is, and how many follow it there. */
static char *skb_at(struct sk_buff *skb, uint32_t off, uint32_t *avail)
{
	uint32_t in;

	if (skb->npages == 0) {
		*avail = skb->len - off;
		return (char *)skb->data + off;
	}
	in = off % PAGE_SIZE;
	*avail = PAGE_SIZE - in < skb->len - off ? PAGE_SIZE - in : skb->len - off;
	return skb->data[off / PAGE_SIZE] + in;
}

/*
 * The next n bytes of m's iovecs to or from kernel memory at k (to_user:
 * into the user's buffers), moving m's place: 0, or -EFAULT.
 */
static int msg_copy(struct msghdr *m, char *k, uint32_t n, int to_user)
{
	while (n > 0) {
		struct iovec32 *v = &m->iov;
		uint32_t chunk;
		char *u;

		while (v->len == 0) {
			if (m->msg_iovlen == 0 || copy_from_user(v, m->msg_iov, sizeof(*v)))
				return -EFAULT;
			m->msg_iov++;
			m->msg_iovlen--;
		}
		chunk = v->len < n ? v->len : n;
		u = (char *)v->base;
		if (to_user ? copy_to_user(u, k, chunk) : copy_from_user(k, u, chunk))
			return -EFAULT;
		v->base += chunk;
		v->len -= chunk;
		k += chunk;
		n -= chunk;
	}
	return 0;
}

/* Fill all of skb from m's buffers: 0, or -EFAULT. */
int skb_copy_from_msg(struct sk_buff *skb, struct msghdr *m)
{
	uint32_t off = 0, avail;

	while (off < skb->len) {
		char *k = skb_at(skb, off, &avail);

		if (msg_copy(m, k, avail, 0))
			return -EFAULT;
		off += avail;
	}
	return 0;
}

/* n bytes of skb from off into m's buffers: 0, or -EFAULT. */
int skb_copy_to_msg(struct msghdr *m, struct sk_buff *skb, uint32_t off, uint32_t n)
{
	uint32_t end = off + n, avail;

	while (off < end) {
		char *k = skb_at(skb, off, &avail);

		if (avail > end - off)
			avail = end - off;
		if (msg_copy(m, k, avail, 1))
			return -EFAULT;
		off += avail;
	}
	return 0;
}

void skb_queue_tail(struct sk_buff_head *q, struct sk_buff *skb)
{
	skb->next = NULL;
	if (q->tail)
		q->tail->next = skb;
	else
		q->head = skb;
	q->tail = skb;
	q->qlen++;
}

struct sk_buff *skb_dequeue(struct sk_buff_head *q)
{
	struct sk_buff *skb = q->head;

	if (skb) {
		if (!(q->head = skb->next))
			q->tail = NULL;
		q->qlen--;
	}
	return skb;
}

void skb_queue_purge(struct sk_buff_head *q)
{
	struct sk_buff *skb;

	while ((skb = skb_dequeue(q)))
		kfree_skb(skb);
}
