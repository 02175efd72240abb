/*
 * Descriptors: dup, dup2 and dup3 make another descriptor for an open
 * file; fcntl reads and changes a descriptor's close-on-exec flag and its
 * file's status flags, its owner and signal (F_SETOWN, F_SETSIG: whom
 * dnotify signals), and passes the record lock commands to fs/locks.c
 * with the struct they name copied in, F_NOTIFY to fs/dnotify.c, and a
 * pipe's size to fs/pipe.c.
 */
#include <stddef.h>
#include "fs/fs.h"
#include "fs/memfd.h"
#include "fs/pipe_fs_i.h"
#include "fs/locks.h"
#include "fs/inotify.h"
#include "fs/poll.h"
#include "kernel/spinlock.h"
#include "mm/kmalloc.h"
#include "kernel/signal.h"
#include "kernel/errno.h"
#include "kernel/task.h"
#include "mm/uaccess.h"

/* What F_SETFL may change; O_ASYNC only through the file's fasync. */
#define SETFL_MASK	(O_APPEND | O_NONBLOCK)

/* The fasync lists: taken by kill_fasync from interrupts too (a tty's input). */
static DEFINE_SPINLOCK(fasync_lock);

long sys_dup(int fd)
{
	struct file *f = fget_raw(fd);
	int nfd;

	if (f == NULL)
		return -EBADF;
	if ((nfd = fd_alloc(0)) < 0)
		return nfd;
	fd_install(nfd, file_get(f), 0);
	return nfd;
}

long sys_dup3(int oldfd, int newfd, uint32_t flags)
{
	struct file *f;
	int err;

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	if (newfd < 0 || (uint32_t)newfd >= rlimit(RLIMIT_NOFILE))
		return -EBADF;
	if ((f = fget_raw(oldfd)) == NULL)
		return -EBADF;
	/* room for newfd, as Linux's do_dup2: no memory is ENOMEM */
	if ((err = expand_files(current->files, newfd)) != 0)
		return err == -EMFILE ? -EBADF : err;
	file_get(f);		/* before closing newfd, which may share it */
	fd_close(newfd);
	fd_install(newfd, f, flags & O_CLOEXEC);
	return newfd;
}

long sys_dup2(int oldfd, int newfd)
{
	if (oldfd == newfd)
		return fget_raw(oldfd) ? newfd : -EBADF;
	return sys_dup3(oldfd, newfd, 0);
}

/*
 * F_GETLK, F_SETLK, F_SETLKW with i386's struct flock, whose offsets are
 * 32 bits.  F_GETLK's answer is as Linux x86-64 gives i386 programs (the
 * oracle the tests are recorded on, fs/fcntl.c's fixup_compat_flock): a
 * lock starting past 2^31 - 1 is EOVERFLOW, a longer one is cut short.  (A
 * 32-bit Linux also says EOVERFLOW for a lock that only ends past it.)
 */
static long fcntl_lock32(struct file *f, uint32_t cmd, struct flock *ufl)
{
	struct flock fl32;
	struct flock64 fl;
	int err;

	if (copy_from_user(&fl32, ufl, sizeof(fl32)))
		return -EFAULT;
	fl = (struct flock64){ .l_type = fl32.l_type, .l_whence = fl32.l_whence,
			       .l_start = fl32.l_start, .l_len = fl32.l_len,
			       .l_pid = fl32.l_pid };
	if (cmd != F_GETLK)
		return fcntl_setlk(f, cmd, &fl);
	if ((err = fcntl_getlk(f, cmd, &fl)) != 0)
		return err;
	if (fl.l_start > OFFT_OFFSET_MAX)
		return -EOVERFLOW;
	if (fl.l_len > OFFT_OFFSET_MAX)
		fl.l_len = OFFT_OFFSET_MAX;
	fl32 = (struct flock){ .l_type = fl.l_type, .l_whence = fl.l_whence,
			       .l_start = fl.l_start, .l_len = fl.l_len,
			       .l_pid = fl.l_pid };
	return copy_to_user(ufl, &fl32, sizeof(fl32)) ? -EFAULT : 0;
}

/* fcntl64's own: the record locks with struct flock64, and the OFD locks. */
static long fcntl_lock64(struct file *f, uint32_t cmd, struct flock64 *ufl)
{
	struct flock64 fl;
	int err;

	if (copy_from_user(&fl, ufl, sizeof(fl)))
		return -EFAULT;
	if (cmd != F_GETLK64 && cmd != F_OFD_GETLK)
		return fcntl_setlk(f, cmd, &fl);
	if ((err = fcntl_getlk(f, cmd, &fl)) != 0)
		return err;
	return copy_to_user(ufl, &fl, sizeof(fl)) ? -EFAULT : 0;
}

/*
 * f's owner becomes pid of type (F_OWNER_*; pid 0: nobody), with the
 * caller's ids; unless force, only if it has none (Linux's __f_setown:
 * F_NOTIFY's).
 */
void f_setown(struct file *f, int pid, int type, int force)
{
	if (!force && f->f_owner.pid)
		return;
	f->f_owner.pid = pid;
	f->f_owner.type = type;
	f->f_owner.uid = current->uid;
	f->f_owner.euid = current->euid;
}

/* F_SETOWN_EX's and F_SETOWN's: ESRCH for a number nothing uses (Linux's find_vpid). */
static long setown(struct file *f, int pid, int type)
{
	if (pid && !pid_in_use(pid))
		return -ESRCH;
	f_setown(f, pid, type, 1);
	return 0;
}

/* F_SETOWN (Linux's f_setown): a process, or -pgrp its group. */
static long fcntl_setown(struct file *f, int who)
{
	if (who == (int)0x80000000)
		return -EINVAL;		/* -who would overflow */
	return who < 0 ? setown(f, -who, F_OWNER_PGRP) : setown(f, who, F_OWNER_PID);
}

/* Linux's f_setown_ex and f_getown_ex. */
static long fcntl_setown_ex(struct file *f, struct f_owner_ex *uowner)
{
	struct f_owner_ex owner;

	if (copy_from_user(&owner, uowner, sizeof(owner)))
		return -EFAULT;
	if (owner.type != F_OWNER_TID && owner.type != F_OWNER_PID &&
	    owner.type != F_OWNER_PGRP)
		return -EINVAL;
	return setown(f, owner.pid, owner.type);
}

static long fcntl_getown_ex(struct file *f, struct f_owner_ex *uowner)
{
	struct f_owner_ex owner = { .type = f->f_owner.type, .pid = f->f_owner.pid };

	return copy_to_user(uowner, &owner, sizeof(owner)) ? -EFAULT : 0;
}

/* Linux's sigio_perm: whoever set the owner could signal t. */
static int sigio_perm(const struct task *t, const struct fown_struct *fown)
{
	return fown->euid == 0 || fown->euid == t->suid || fown->euid == t->uid ||
	       fown->uid == t->suid || fown->uid == t->uid;
}

/* To thread t for an F_OWNER_TID owner, else to its process; sched_lock held. */
static int send_sigio_info(struct task *t, const struct fown_struct *fown, int sig,
			   const struct ksiginfo *info)
{
	if (fown->type == F_OWNER_TID)
		return __send_sig_info(t, sig, info);
	return __group_send_sig_info(t, sig, info);
}

/* poll's bits for each reason, POLL_IN first: si_band (Linux's band_table). */
static const uint32_t band_table[] = {
	POLLIN | POLLRDNORM,			/* POLL_IN */
	POLLOUT | POLLWRNORM | POLLWRBAND,	/* POLL_OUT */
	POLLIN | POLLRDNORM | POLLMSG,		/* POLL_MSG */
	POLLERR,				/* POLL_ERR */
	POLLPRI | POLLRDBAND,			/* POLL_PRI */
	POLLHUP | POLLERR,			/* POLL_HUP */
};

/* Signals whose si_code values mean something of their own (Linux's sig_specific_sicodes). */
static int sig_specific_sicodes(int sig)
{
	return sig == SIGILL || sig == SIGFPE || sig == SIGSEGV || sig == SIGBUS ||
	       sig == SIGTRAP || sig == SIGCHLD || sig == SIGIO || sig == SIGSYS;
}

/*
 * Linux's send_sigio_to_task: the signal F_SETSIG chose, with si_code
 * reason (SI_SIGIO for a signal whose codes mean other things), reason's
 * band and the descriptor fd; SIGIO from the kernel if none was chosen,
 * or if that one could not be queued.  sched_lock held.
 */
static void send_sigio_to_task(struct task *t, const struct fown_struct *fown, int fd,
			       int reason)
{
	struct ksiginfo info = { .code = reason, .pid = band_table[reason - POLL_IN],
				 .uid = fd };
	int sig = fown->signum;

	if (!sigio_perm(t, fown))
		return;
	if (sig != SIGIO && sig_specific_sicodes(sig))
		info.code = SI_SIGIO;
	if (!sig || send_sigio_info(t, fown, sig, &info) != 0)
		send_sigio_info(t, fown, SIGIO, &(struct ksiginfo){ .code = SI_KERNEL });
}

/* Linux's send_sigio: to f's owner, a thread, a process or each of a group's. */
void send_sigio(struct file *f, int fd, int reason)
{
	const struct fown_struct *fown = &f->f_owner;
	struct task *t;
	uint32_t flags;

	spin_lock_irqsave(&sched_lock, flags);
	if (fown->type == F_OWNER_PGRP) {
		for_each_process(u)
			if (u->pgrp == fown->pid)
				send_sigio_to_task(u, fown, fd, reason);
	} else if (fown->pid && (t = find_task(fown->pid)) != NULL) {
		send_sigio_to_task(t, fown, fd, reason);
	}
	spin_unlock_irqrestore(&sched_lock, flags);
}

/*
 * O_ASYNC on for f, as descriptor fd (again: the new fd), or off (Linux's
 * fasync_helper): the entry on the object's list, and FASYNC in f's
 * flags.  1 when an entry was added, else 0, or -ENOMEM.
 */
int fasync_helper(int fd, struct file *f, int on, struct fasync_struct **fapp)
{
	struct fasync_struct *fa, **pp, *add = on ? kzalloc(sizeof(*fa)) : NULL;
	uint32_t flags;
	int ret = 0;

	if (on && !add)
		return -ENOMEM;
	spin_lock_irqsave(&fasync_lock, flags);
	for (pp = fapp; (fa = *pp) && fa->fa_file != f; pp = &fa->fa_next)
		;
	if (fa && on) {
		fa->fa_fd = fd;
	} else if (fa) {
		*pp = fa->fa_next;
		add = fa;		/* freed below, outside the lock */
	} else if (on) {
		*add = (struct fasync_struct){ .fa_next = *fapp, .fa_fd = fd, .fa_file = f };
		*fapp = add;
		add = NULL;
		ret = 1;
	}
	f->flags = on ? f->flags | FASYNC : f->flags & ~FASYNC;
	spin_unlock_irqrestore(&fasync_lock, flags);
	kfree(add);
	return ret;
}

/*
 * Tells each file on the list that reason's I/O is possible (Linux's
 * kill_fasync): its owner gets the signal.  SIGURG (a socket's urgent
 * data) goes only to owners that chose a signal; SIGIO to all.
 */
void kill_fasync(struct fasync_struct **fapp, int sig, int reason)
{
	struct fasync_struct *fa;
	uint32_t flags;

	if (!*fapp)
		return;		/* the usual case: nobody asked */
	spin_lock_irqsave(&fasync_lock, flags);
	for (fa = *fapp; fa; fa = fa->fa_next)
		if (!(sig == SIGURG && fa->fa_file->f_owner.signum == 0))
			send_sigio(fa->fa_file, fa->fa_fd, reason);
	spin_unlock_irqrestore(&fasync_lock, flags);
}

/*
 * F_SETFL (Linux's setfl): a change of O_ASYNC goes to the file's fasync
 * first, which sets the flag or refuses; a file without one (a regular
 * file, an eventfd) does not take it, and says nothing.
 */
static long setfl(int fd, struct file *f, uint32_t arg)
{
	int err;

	if (((arg ^ f->flags) & FASYNC) && f->f_op->fasync &&
	    (err = f->f_op->fasync(fd, f, (arg & FASYNC) != 0)) < 0)
		return err;
	f->flags = (f->flags & ~SETFL_MASK) | (arg & SETFL_MASK);
	return 0;
}

/* What fcntl and fcntl64 share: all but fcntl64's own lock commands. */
static long do_fcntl(int fd, struct file *f, uint32_t cmd, uint32_t arg)
{
	int nfd;

	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg >= rlimit(RLIMIT_NOFILE))
			return -EINVAL;
		if ((nfd = fd_alloc(arg)) < 0)
			return nfd;
		fd_install(nfd, file_get(f), cmd == F_DUPFD_CLOEXEC);
		return nfd;
	case F_GETFD:
		return fd_cloexec(fd);
	case F_SETFD:
		fd_set_cloexec(fd, arg & FD_CLOEXEC);
		return 0;
	case F_GETFL:
		return f->flags;
	case F_SETFL:
		return setfl(fd, f, arg);
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
		return fcntl_lock32(f, cmd, (struct flock *)arg);
	case F_GETOWN:
		return f->f_owner.type == F_OWNER_PGRP ? -f->f_owner.pid : f->f_owner.pid;
	case F_SETOWN:
		return fcntl_setown(f, arg);
	case F_GETOWN_EX:
		return fcntl_getown_ex(f, (struct f_owner_ex *)arg);
	case F_SETOWN_EX:
		return fcntl_setown_ex(f, (struct f_owner_ex *)arg);
	case F_GETSIG:
		return f->f_owner.signum;
	case F_SETSIG:
		if (arg > NSIG - 1)
			return -EINVAL;
		f->f_owner.signum = arg;
		return 0;
	case F_NOTIFY:
		return fcntl_dirnotify(fd, f, arg);
	case F_ADD_SEALS:
	case F_GET_SEALS:
		return memfd_fcntl(f, cmd, arg);
	case F_SETPIPE_SZ:
	case F_GETPIPE_SZ:
		return pipe_fcntl(f, cmd, arg);
	}
	return -EINVAL;
}

/* What an O_PATH descriptor allows (Linux's check_fcntl_cmd); the rest is EBADF. */
static int path_fcntl_cmd(uint32_t cmd)
{
	return cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC || cmd == F_GETFD ||
	       cmd == F_SETFD || cmd == F_GETFL;
}

/*
 * fcntl and fcntl64 are one call: so Linux x86-64 runs i386 programs (its
 * table gives both numbers compat_sys_fcntl64), and glibc only ever uses
 * fcntl64.  (A 32-bit Linux's fcntl refuses fcntl64's own commands.)
 */
long sys_fcntl64(int fd, uint32_t cmd, uint32_t arg)
{
	struct file *f = fget_raw(fd);

	if (f == NULL || ((f->fmode & FMODE_PATH) && !path_fcntl_cmd(cmd)))
		return -EBADF;
	switch (cmd) {
	case F_GETLK64:
	case F_SETLK64:
	case F_SETLKW64:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		return fcntl_lock64(f, cmd, (struct flock64 *)arg);
	}
	return do_fcntl(fd, f, cmd, arg);
}

long sys_fcntl(int fd, uint32_t cmd, uint32_t arg)
{
	return sys_fcntl64(fd, cmd, arg);
}
