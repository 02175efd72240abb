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
#define POLLRDBAND	0x0080
#define POLLWRNORM	0x0100
#define POLLWRBAND	0x0200
#define POLLMSG		0x0400
#define POLLRDHUP	0x2000

struct pollfd {
	int fd;
	short events, revents;
};

/* Every change that may make a descriptor ready calls it (pipes, the tty). */
void poll_wake(void);
void __poll_wake(void);		/* sched_lock held: a signal sent (fs/signalfd.c) */

struct file;

/*
 * For a poller (fs/select.c's and fs/eventpoll.c's loops): what a file is
 * ready for; the count of changes, noted before a look; the ktime_ns() a
 * wait of ns ends at (0: none); and the sleep until the count moves past seen,
 * a signal (-EINTR) or the end (1).
 */
int vfs_poll(struct file *f);
uint32_t poll_generation(void);
uint64_t poll_deadline(uint64_t ns);
int poll_sleep(uint64_t end, uint32_t seen);

/* A file is closed for good: the epoll sets that watch it forget it (fs/eventpoll.c). */
void eventpoll_release(struct file *f);

struct seq_file;
/* A set's items in its /proc/PID/fdinfo (fs/proc_fdinfo.c). */
void eventpoll_show_fdinfo(struct seq_file *m, struct file *f);

#endif
