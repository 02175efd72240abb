/*
 * The garbage collector of sockets in flight, Linux's net/unix/garbage.c
 * (its algorithm of 2.6.x, mark and sweep).
 *
 * A file passed by SCM_RIGHTS is referenced by the message until it is
 * received.  If the file is a socket whose own queue (or that of another
 * socket in flight) holds that message, closing every descriptor leaves a
 * cycle that nothing can ever receive: A's queue holds B, B's holds A.
 * unix_gc finds such sockets: those all of whose references are in flight
 * (candidates), and of them those that no socket outside the candidates
 * can reach through its queue; their queues are purged, which lets go of
 * the files and breaks the cycle.  It runs when a descriptor of a socket
 * is closed (fs/file.c's filp_close), if anything is in flight at all.
 */
#include "fs/fs.h"
#include "net/net.h"
#include "net/sock.h"
#include "net/unix/af_unix.h"

static struct sock *gc_inflight_list;

/* The AF_UNIX sock behind file f, or NULL. */
struct sock *unix_get_socket(struct file *f)
{
	struct socket *sock = sock_from_file(f);

	return sock && sock->sk && sock->ops->family == AF_UNIX ? sock->sk : NULL;
}

/* The files of fpl went into a message: each AF_UNIX one counts one more in flight. */
void unix_inflight(struct scm_fp_list *fpl)
{
	for (int i = 0; i < fpl->count; i++) {
		struct sock *u = unix_get_socket(fpl->fp[i]);

		if (u && u->inflight++ == 0) {
			u->gc_next = gc_inflight_list;
			if (gc_inflight_list)
				gc_inflight_list->gc_pprev = &u->gc_next;
			gc_inflight_list = u;
			u->gc_pprev = &gc_inflight_list;
		}
	}
}

/* ... and came out of it (received, or their message freed). */
void unix_notinflight(struct scm_fp_list *fpl)
{
	for (int i = 0; i < fpl->count; i++) {
		struct sock *u = unix_get_socket(fpl->fp[i]);

		if (u && --u->inflight == 0) {
			*u->gc_pprev = u->gc_next;
			if (u->gc_next)
				u->gc_next->gc_pprev = u->gc_pprev;
		}
	}
}

/*
 * The candidates that the messages of queue q hold: each one's gc_refs
 * changes by d; with d > 0 (reached from a live socket) it is no candidate
 * any more.  Returns how many changed candidacy.
 */
static int scan_queue(struct sk_buff_head *q, int d)
{
	int changed = 0;

	for (struct sk_buff *skb = q->head; skb; skb = skb->next)
		for (int i = 0; skb->fp && i < skb->fp->count; i++) {
			struct sock *v = unix_get_socket(skb->fp->fp[i]);

			if (!v || !v->gc_candidate)
				continue;
			v->gc_refs += d;
			if (d > 0) {
				v->gc_candidate = 0;
				changed++;
			}
		}
	return changed;
}

/* What u's messages hold: its own queue's, and a listener's embryos'. */
static int scan_children(struct sock *u, int d)
{
	int changed = scan_queue(&u->receive_queue, d);

	for (struct sock *e = u->accept_head; e; e = e->accept_next)
		changed += scan_queue(&e->receive_queue, d);
	return changed;
}

static void purge_children(struct sock *u, struct sk_buff_head *hitlist)
{
	struct sk_buff *skb;

	while ((skb = skb_dequeue(&u->receive_queue)))
		skb_queue_tail(hitlist, skb);
	for (struct sock *e = u->accept_head; e; e = e->accept_next)
		while ((skb = skb_dequeue(&e->receive_queue)))
			skb_queue_tail(hitlist, skb);
}

void unix_gc(void)
{
	static int gc_in_progress;
	struct sk_buff_head hitlist = { NULL, NULL, 0 };
	struct sock *u;
	int changed;

	if (gc_in_progress || !gc_inflight_list)
		return;
	gc_in_progress = 1;
	/* 1. candidates: every reference to their files is a message's */
	for (u = gc_inflight_list; u; u = u->gc_next) {
		u->gc_candidate = u->socket && u->socket->file &&
				  u->socket->file->count == u->inflight;
		u->gc_refs = u->inflight;
	}
	/* 2. take away the references candidates' messages hold on candidates */
	for (u = gc_inflight_list; u; u = u->gc_next)
		if (u->gc_candidate)
			scan_children(u, -1);
	/* 3. one still referenced is alive, and so is whatever it reaches */
	do {
		changed = 0;
		for (u = gc_inflight_list; u; u = u->gc_next)
			if (u->gc_candidate && u->gc_refs > 0) {
				u->gc_candidate = 0;
				changed++;
			} else if (!u->gc_candidate && u->gc_refs >= 0) {
				u->gc_refs = -1;	/* scanned once */
				changed += scan_children(u, 1);
			}
	} while (changed);
	/* 4. the rest is garbage: its messages go, and with them the cycle */
	for (u = gc_inflight_list; u; u = u->gc_next)
		if (u->gc_candidate)
			purge_children(u, &hitlist);
	skb_queue_purge(&hitlist);
	gc_in_progress = 0;
}
