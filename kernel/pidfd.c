/*
 * pidfds: pidfd_open (434) gives a descriptor that names a process, or
 * with PIDFD_THREAD one thread; pidfd_send_signal (kernel/signal.c)
 * signals it, waitid(P_PIDFD) (kernel/wait.c) waits for it, poll says
 * POLLIN once it has exited (and POLLHUP too once it is reaped), and
 * pidfd_getfd (438) copies one of its descriptors into the caller's table.
 * Linux's kernel/pid.c and fs/pidfs.c.
 *
 * A pid is only a number, which fork hands out again once nothing uses it.
 * Each pidfd's file holds a struct pidfd on a list that pid_in_use
 * (kernel/sched.c) reads: while a pidfd names a pid, no new process gets
 * it, so find_task(pid) finds the process the pidfd was made for or, once
 * it has been reaped, nothing.  Linux's struct pid, counted, does the same.
 *
 * The file is an anonymous inode's, "anon_inode:[pidfd]" in /proc/PID/fd,
 * open O_RDWR, close-on-exec: what Linux shows.
 */
#include "kernel/pidfd.h"
#include "fs/fs.h"
#include "fs/poll.h"
#include "fs/proc.h"
#include "kernel/errno.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "mm/kmalloc.h"

struct pidfd {
	struct pidfd *next, **pprev;	/* on pidfds */
	int pid;
};

static struct pidfd *pidfds;	/* every pidfd's, in no order */

/* Whether a pidfd names pid (pid_in_use: then fork may not reuse it). */
int pidfd_pins_pid(int pid)
{
	for (struct pidfd *p = pidfds; p; p = p->next)
		if (p->pid == pid)
			return 1;
	return 0;
}

/*
 * Linux's pidfd_poll: POLLIN when the process has exited (its last thread
 * gone; a thread pidfd: the thread), and POLLHUP too when it is reaped.
 * exit and wait call poll_wake when either happens.
 */
static int pidfd_poll(struct file *f)
{
	struct pidfd *p = f->private_data;
	struct task *t = find_task(p->pid);

	if (!t)
		return POLLIN | POLLHUP;
	if (t->state == TASK_ZOMBIE &&
	    ((f->flags & PIDFD_THREAD) || !t->signal->nr_threads))
		return POLLIN;
	return 0;
}

/* f names pid: its struct pidfd, on pidfds. 0 or -ENOMEM. */
static int pidfd_attach(struct file *f, int pid)
{
	struct pidfd *p = kzalloc(sizeof(*p));

	if (!p)
		return -ENOMEM;
	p->pid = pid;
	p->next = pidfds;
	if (pidfds)
		pidfds->pprev = &p->next;
	p->pprev = &pidfds;
	pidfds = p;
	f->private_data = p;
	return 0;
}

/*
 * Opened again through /proc/PID/fd/N: a new pidfd for the same pid, as
 * Linux 6.18's (pidfs) gives.
 */
static int pidfd_reopen(struct file *f)
{
	return pidfd_attach(f, f->inode->u.anon.pid);
}

static void pidfd_release(struct file *f)
{
	struct pidfd *p = f->private_data;

	*p->pprev = p->next;
	if (p->next)
		p->next->pprev = p->pprev;
	kfree(p);
}

/* No read or write: EINVAL, as Linux's pidfd_fops (which has neither). */
static const struct file_operations pidfd_fops = {
	.open = pidfd_reopen,
	.poll = pidfd_poll,
	.release = pidfd_release,
	.no_seek = 1,
};

int pidfd_get_pid(int fd, uint32_t *f_flags)
{
	struct file *f = fget(fd);

	if (!f || f->f_op != &pidfd_fops)
		return -EBADF;
	*f_flags = f->flags;
	return ((struct pidfd *)f->private_data)->pid;
}

/*
 * Linux's pidfd_to_pid, for pidfd_send_signal only: a pidfd, or an open
 * /proc/PID directory (its process; -1 once gone: then ESRCH).
 */
int pidfd_to_pid(int fd, uint32_t *f_flags)
{
	struct file *f = fget(fd);

	if (f && f->f_op != &pidfd_fops) {
		*f_flags = 0;
		return tgid_pidfd_to_pid(f);
	}
	return pidfd_get_pid(fd, f_flags);
}

/* Linux's pidfd_show_fdinfo: the pid, -1 once it is reaped (shmos has one pid namespace). */
void pidfd_show_fdinfo(struct seq_file *m, struct file *f)
{
	int pid;

	if (f->f_op != &pidfd_fops)
		return;
	pid = ((struct pidfd *)f->private_data)->pid;
	if (!find_task(pid))
		pid = -1;
	seq_printf(m, "Pid:\t%d\nNSpid:\t%d\n", pid, pid);
}

/* A new file for pid, open with flags (O_RDWR and PIDFD_*): 0 or -ENOMEM. */
static int pidfd_file(int pid, uint32_t flags, struct file **fp)
{
	struct inode *ip = new_inode(0700, 0, 0);	/* root's, as Linux's pidfs */
	struct file *f = NULL;

	if (ip) {
		ip->dev = ANON_INODE_DEV;
		ip->u.anon.name = "[pidfd]";
		ip->u.anon.pid = pid;
		ip->f_op = &pidfd_fops;
		f = file_alloc(ip, flags);
		inode_put(ip);		/* the file holds it */
	}
	if (!f)
		return -ENOMEM;
	if (pidfd_attach(f, pid)) {
		f->f_op = NULL;		/* nothing to release */
		file_put(f);
		return -ENOMEM;
	}
	*fp = f;
	return 0;
}

/* Installs f at the lowest free descriptor, close-on-exec; or puts it back. */
static long install_cloexec(struct file *f)
{
	int fd = fd_alloc(0);

	if (fd < 0) {
		file_put(f);
		return fd;
	}
	fd_install(fd, f, 1);
	return fd;
}

/* A pidfd for pid, installed close-on-exec (clone's CLONE_PIDFD too): the descriptor or -errno. */
int pidfd_create(int pid, uint32_t flags)
{
	struct file *f;
	int err;

	if ((err = pidfd_file(pid, O_RDWR | flags, &f)) != 0)
		return err;
	return install_cloexec(f);
}

/*
 * pidfd_open(pid, flags), Linux's checks in its order: the flags, the
 * pid, a task with it (ESRCH), then a process's leader unless
 * PIDFD_THREAD (ENOENT, Linux 6.18's).  An exited process not yet reaped
 * has a pidfd.
 */
long sys_pidfd_open(int pid, uint32_t flags)
{
	struct task *t;

	if (flags & ~(PIDFD_NONBLOCK | PIDFD_THREAD))
		return -EINVAL;
	if (pid <= 0)
		return -EINVAL;
	if (!(t = find_task(pid)))
		return -ESRCH;
	if (!(flags & PIDFD_THREAD) && !thread_group_leader(t))
		return -ENOENT;
	return pidfd_create(pid, flags);
}

/*
 * Linux's ptrace_may_access(PTRACE_MODE_ATTACH_REALCREDS): root, or a
 * caller whose real ids are all of the target's, which is dumpable.
 */
static int may_attach(struct task *t)
{
	struct task *me = current;

	if (t->tgid == me->tgid || me->euid == 0)
		return 1;
	return t->dumpable && me->uid == t->uid && me->uid == t->euid &&
	       me->uid == t->suid && me->gid == t->gid &&
	       me->gid == t->egid && me->gid == t->sgid;
}

/*
 * pidfd_getfd(pidfd, targetfd, flags): a new descriptor, close-on-exec,
 * for the target's open file targetfd, as dup would give it (the same
 * open file).  Linux's order: flags (EINVAL), the pidfd (EBADF), its task
 * (ESRCH), permission (EPERM), then the descriptor: EBADF, or ESRCH when
 * the task has exited and has no table any more.
 */
long sys_pidfd_getfd(int pidfd, int targetfd, uint32_t flags)
{
	uint32_t f_flags;
	struct task *t;
	struct file *f;
	int pid;

	if (flags)
		return -EINVAL;
	if ((pid = pidfd_get_pid(pidfd, &f_flags)) < 0)
		return pid;
	if (!(t = find_task(pid)))
		return -ESRCH;
	if (!may_attach(t))
		return -EPERM;
	if (!t->files)
		return -ESRCH;		/* it has exited */
	if (targetfd < 0 || !(f = fcheck_files(t->files, targetfd)))
		return -EBADF;
	return install_cloexec(file_get(f));
}
