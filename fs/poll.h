/*
 * poll(2) and select(2) (fs/select.c): the event bits a file's ->poll
 * returns, Linux's struct pollfd, and the wakeup of their sleepers.
 */
#ifndef FS_POLL_H
#define FS_POLL_H

/* poll(2) bits */
#define POLLIN		0x0001
#define POLLPRI		0x0002
#define POLLOUT		0x0004
#define POLLERR		0x0008
#define POLLHUP		0x0010
#define POLLNVAL	0x0020
#define POLLRDNORM	0x0040
#define POLLWRNORM	0x0100

struct pollfd {
	int fd;
	short events, revents;
};

/* Every change that may make a descriptor ready calls it (pipes, the tty). */
void poll_wake(void);

#endif
