/*
 * What Linux counts for each user (its kernel/user.c's user_struct), by
 * real uid: here only the pipe buffers that user's pipes hold, which
 * /proc/sys/fs/pipe-user-pages-soft and -hard limit (fs/pipe.c).
 */
#ifndef KERNEL_USER_H
#define KERNEL_USER_H

#include <stdint.h>

struct user_struct {
	struct user_struct *next;	/* on the list of users counted */
	uint32_t uid;
	int count;			/* the references: pipes, message queues */
	unsigned long pipe_bufs;	/* the buffers their rings hold */
	unsigned long mq_bytes;		/* their POSIX message queues' room (ipc/mqueue.c) */
};

struct user_struct *get_current_user(void);	/* referenced; NULL: no memory */
void free_uid(struct user_struct *u);

#endif
