/*
 * A pipe's insides (Linux's include/linux/pipe_fs_i.h), for fs/pipe.c and
 * fs/splice.c: a ring of buffers, each a part of a page.
 */
#ifndef FS_PIPE_FS_I_H
#define FS_PIPE_FS_I_H

#include <stdint.h>
#include "mm/layout.h"

struct file;

/*
 * A buffer: the bytes [offset, offset + len) of a page.  A page may be
 * shared (a reference each) by buffers of several pipes: tee copies a
 * buffer, splice moves one or splits it in two.  Only a buffer write made
 * has PIPE_BUF_FLAG_CAN_MERGE: a later write may append to its page, past
 * its end, where no other buffer's bytes are, since each other sharer
 * covers at most the bytes up to that end.
 */
struct pipe_buffer {
	char *page;
	uint32_t offset : 13, len : 13, flags : 6;	/* at most PAGE_SIZE */
};

#define PIPE_BUF_FLAG_CAN_MERGE	0x1
/* A packet (pipe2's O_DIRECT): one write's bytes, a read takes it whole. */
#define PIPE_BUF_FLAG_PACKET	0x8

/*
 * The ring: ring_size buffers, a power of two (F_SETPIPE_SZ changes it),
 * indexed by head and tail modulo ring_size; [tail, head) hold data.  The
 * array is one allocation: kmalloc's up to 2 KiB, a page above, so at most
 * PIPE_MAX_BUFFERS buffers (2 MiB): shmos's limit on a pipe's size, even
 * for root, as Linux's is what one kmalloc gives (256 MiB on x86-64).
 */
#define PIPE_DEF_BUFFERS	16	/* 64 KiB: a new pipe's */
#define PIPE_MAX_BUFFERS	(PAGE_SIZE / sizeof(struct pipe_buffer))

struct pipe {
	struct pipe_buffer *bufs;
	uint32_t ring_size;
	uint32_t head, tail;		/* buffers filled and emptied, ever */
	int readers, writers;		/* open ends */
	uint32_t r_counter, w_counter;	/* opens of each end, ever: a FIFO's
					   open waits for the other's to move */
	struct fasync_struct *fasync_readers;	/* O_ASYNC ends: SIGIO on input, */
	struct fasync_struct *fasync_writers;	/* on room for output */
	struct user_struct *user;	/* who made it: its buffers count there */
	uint32_t nr_accounted;		/* the buffers counted: ring_size */
};

static inline int pipe_empty(const struct pipe *p)
{
	return p->head == p->tail;
}

static inline int pipe_full(const struct pipe *p)
{
	return p->head - p->tail >= p->ring_size;
}

/* The ith buffer filled, ever: head - 1 is the last, tail the first. */
static inline struct pipe_buffer *pipe_buf(const struct pipe *p, uint32_t i)
{
	return &p->bufs[i & (p->ring_size - 1)];
}

/* /proc/sys/fs/pipe-max-size: the most a user without root may ask for. */
extern unsigned long pipe_max_size;
/* /proc/sys/fs/pipe-user-pages-soft and -hard: the buffers a user's pipes may hold (0: no limit). */
extern unsigned long pipe_user_pages_soft, pipe_user_pages_hard;
unsigned long round_pipe_size(unsigned long size);

struct pipe *get_pipe_info(struct file *f);
long pipe_fcntl(struct file *f, uint32_t cmd, uint32_t arg);
void pipe_wake(struct pipe *p);
void pipe_wake_readers(struct file *f, struct pipe *p);
long pipe_copy_out(struct pipe *p, char *ubuf, uint32_t n);
void pipe_consume(struct pipe *p, uint32_t n);
long pipe_fill(struct file *f, const char *ubuf, uint32_t n, uint32_t offset, int flags,
	       int nonblock);

/* splice, tee and vmsplice's flags (Linux's include/linux/splice.h) */
#define SPLICE_F_MOVE		0x01	/* a hint: shmos moves whole buffers anyway */
#define SPLICE_F_NONBLOCK	0x02	/* the pipes' waits are EAGAIN */
#define SPLICE_F_MORE		0x04	/* a hint for sockets */
#define SPLICE_F_GIFT		0x08	/* vmsplice: the pages are the pipe's (copied here) */
#define SPLICE_F_ALL		0x0f

/* fs/splice.c's, for sendfile into a pipe */
long splice_file_to_pipe(struct file *in, struct file *out, uint64_t *pos, uint32_t len,
			 uint32_t flags);

#endif
