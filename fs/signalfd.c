/*
 * signalfd: signals read from a descriptor, Linux's fs/signalfd.c.  A
 * signalfd holds a set of signals; read() takes, lowest first, those of
 * the set pending for the reader (its thread's own, then its process's:
 * dequeue_signal, as sigtimedwait takes them), each as a 128-byte struct
 * signalfd_siginfo, and waits while none is, unless O_NONBLOCK.  poll
 * says POLLIN while one is.  The signals are the reader's, whoever made
 * the descriptor: after fork the child reads its own, as on Linux.  A
 * program blocks the set (sigprocmask) so that no handler takes them
 * first.
 *
 * A sender does not know which descriptors could read its signal: while
 * any signalfd exists it wakes every poller (signalfd_notify), and a
 * waiting read sleeps as a poller does (poll_sleep).
 */
#include "fs/signalfd.h"
#include "fs/fs.h"
#include "fs/fcntl.h"
#include "fs/poll.h"
#include "fs/proc.h"
#include "kernel/errno.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"

#define SFD_CLOEXEC	O_CLOEXEC
#define SFD_NONBLOCK	O_NONBLOCK

#define SI_QUEUE	(-1)	/* si_code of sigqueue */
#define SI_SIGIO	(-5)
#define POLL_IN		1	/* SIGIO's first si_code */
#define NSIGPOLL	6

/* Linux's struct signalfd_siginfo: 128 bytes, what a read gives per signal. */
struct signalfd_siginfo {
	uint32_t ssi_signo;
	int32_t ssi_errno, ssi_code;
	uint32_t ssi_pid, ssi_uid;
	int32_t ssi_fd;
	uint32_t ssi_tid, ssi_band, ssi_overrun, ssi_trapno;
	int32_t ssi_status, ssi_int;
	uint64_t ssi_ptr, ssi_utime, ssi_stime, ssi_addr;
	uint16_t ssi_addr_lsb, pad2;
	int32_t ssi_syscall;
	uint64_t ssi_call_addr;
	uint32_t ssi_arch;
	uint8_t pad[28];
} __attribute__((packed));

struct signalfd_ctx {
	uint64_t sigmask;	/* the signals it reads: never SIGKILL, SIGSTOP */
};

int nr_signalfds;

void signalfd_notify(void)
{
	__poll_wake();
}

/*
 * Which of siginfo's unions a record fills, by signal and si_code
 * (Linux's siginfo_layout), as signalfd_copyinfo fills the fields.
 */
enum { SIL_KILL, SIL_TIMER, SIL_POLL, SIL_FAULT, SIL_CHLD, SIL_RT };

static int siginfo_layout(int sig, int code)
{
	/* The kernel's own codes for each signal: 1..limit. */
	static const struct { uint8_t limit, layout; } sicodes[] = {
		[SIGILL] = { 11, SIL_FAULT }, [SIGFPE] = { 15, SIL_FAULT },
		[SIGSEGV] = { 10, SIL_FAULT }, [SIGBUS] = { 5, SIL_FAULT },
		[SIGTRAP] = { 6, SIL_FAULT }, [SIGCHLD] = { 6, SIL_CHLD },
		[SIGIO] = { NSIGPOLL, SIL_POLL },
	};

	if (code > SI_USER && code < SI_KERNEL) {
		if (sig < (int)(sizeof(sicodes) / sizeof(sicodes[0])) &&
		    code <= sicodes[sig].limit)
			return sicodes[sig].layout;
		return code <= NSIGPOLL ? SIL_POLL : SIL_KILL;
	}
	if (code == SI_TIMER)
		return SIL_TIMER;
	if (code == SI_SIGIO)
		return SIL_POLL;
	return code < 0 ? SIL_RT : SIL_KILL;
}

/*
 * Linux's signalfd_copyinfo.  shmos's record keeps siginfo's words where
 * siginfo_t has them: pid (a timer's id, a poll's band, a fault's
 * address), then uid (a timer's overrun, a poll's fd), then status (the
 * sigqueue or timer value).
 */
static void signalfd_copyinfo(struct signalfd_siginfo *s, int sig, const struct ksiginfo *k)
{
	int layout = siginfo_layout(sig, k->code);

	memset(s, 0, sizeof(*s));
	s->ssi_signo = sig;
	s->ssi_code = k->code;
	switch (layout) {
	case SIL_KILL:
	case SIL_CHLD:
	case SIL_RT:
		s->ssi_pid = k->pid;
		s->ssi_uid = k->uid;
		break;
	case SIL_TIMER:
		s->ssi_tid = k->pid;
		s->ssi_overrun = k->uid;
		break;
	case SIL_POLL:
		s->ssi_band = k->pid;
		s->ssi_fd = k->uid;
		break;
	case SIL_FAULT:
		s->ssi_addr = k->addr;
		break;
	}
	if (layout == SIL_CHLD) {
		s->ssi_status = k->status;
		s->ssi_utime = k->utime;
		s->ssi_stime = k->stime;
	} else if (layout == SIL_RT || layout == SIL_TIMER) {
		s->ssi_ptr = (uint32_t)k->status;	/* sigval: Linux zero-extends it */
		s->ssi_int = k->status;
	}
}

/*
 * The lowest signal of the set pending for the reader, taken; if none,
 * waits for one (a signal sent wakes the pollers: signalfd_notify)
 * unless nonblock.  The signal, -EAGAIN, or -ERESTARTSYS for a signal
 * outside the set, whose handler runs first.
 */
static int signalfd_dequeue(struct signalfd_ctx *ctx, struct ksiginfo *k, int nonblock)
{
	for (;;) {
		uint32_t seen = poll_generation();
		int sig = dequeue_signal(ctx->sigmask, k);

		if (sig)
			return sig;
		if (nonblock)
			return -EAGAIN;
		if (poll_sleep(0, seen))
			return -ERESTARTSYS;
	}
}

/*
 * As many records as fit in n (EINVAL if not one): only the first waits,
 * and a later one that finds nothing ends the read with what it has.
 */
static long signalfd_read(struct file *f, char *ubuf, uint32_t n, uint64_t *pos)
{
	struct signalfd_ctx *ctx = f->private_data;
	uint32_t count = n / sizeof(struct signalfd_siginfo), done = 0;
	int nonblock = (f->flags & O_NONBLOCK) != 0;
	long ret = 0;

	if (!count)
		return -EINVAL;
	while (done < count) {
		struct signalfd_siginfo s;
		struct ksiginfo k;

		if ((ret = signalfd_dequeue(ctx, &k, nonblock)) <= 0)
			break;
		signalfd_copyinfo(&s, ret, &k);
		/* Taken before the copy: a bad buffer loses it, as on Linux. */
		if (copy_to_user(ubuf + done * sizeof(s), &s, sizeof(s))) {
			ret = -EFAULT;
			break;
		}
		done++;
		nonblock = 1;
	}
	return done ? (long)(done * sizeof(struct signalfd_siginfo)) : ret;
}

/* The reader's pending signals, its thread's and its process's (one look, no lock). */
static int signalfd_poll(struct file *f)
{
	struct signalfd_ctx *ctx = f->private_data;
	uint64_t pending = current->pending.signal | current->signal->shared_pending.signal;

	return pending & ctx->sigmask ? POLLIN : 0;
}

static void signalfd_release(struct file *f)
{
	__atomic_sub_fetch(&nr_signalfds, 1, __ATOMIC_SEQ_CST);
	kfree(f->private_data);
}

static const struct file_operations signalfd_fops = {
	.read = signalfd_read,
	.poll = signalfd_poll,
	.release = signalfd_release,
};

/* Linux's signalfd_show_fdinfo: the set, as /proc/PID/status shows one. */
void signalfd_show_fdinfo(struct seq_file *m, struct file *f)
{
	if (f->f_op == &signalfd_fops)
		seq_printf(m, "sigmask:\t%016llx\n",
			   ((struct signalfd_ctx *)f->private_data)->sigmask);
}

/* A new signalfd for mask, installed: its descriptor, or -errno. */
static long signalfd_create(uint64_t mask, uint32_t flags)
{
	struct signalfd_ctx *ctx = kzalloc(sizeof(*ctx));
	struct file *f;
	int fd;

	if (!ctx)
		return -ENOMEM;
	ctx->sigmask = mask;
	if (!(f = anon_inode_getfile("[signalfd]", &signalfd_fops, ctx,
				     O_RDWR | (flags & SFD_NONBLOCK)))) {
		kfree(ctx);
		return -ENOMEM;
	}
	/*
	 * Atomic: a file may be released without the big lock.  A sender
	 * that read 0 made its signal pending before: the first read sees it.
	 */
	__atomic_add_fetch(&nr_signalfds, 1, __ATOMIC_SEQ_CST);	/* release counts it down */
	if ((fd = fd_alloc(0)) < 0) {
		file_put(f);
		return fd;
	}
	fd_install(fd, f, (flags & SFD_CLOEXEC) != 0);
	return fd;
}

/*
 * signalfd4(ufd, mask, sizemask, flags): a new signalfd for ufd -1, else
 * ufd's gets the new mask (its flags stay as they are).  Linux's order:
 * sizemask (EINVAL), the mask (EFAULT), the flags (EINVAL), then ufd:
 * EBADF if not open, EINVAL if not a signalfd.  SIGKILL and SIGSTOP are
 * quietly left out of the mask.
 */
long sys_signalfd4(int ufd, const uint64_t *umask, uint32_t sizemask, uint32_t flags)
{
	struct file *f;
	uint64_t mask;

	if (sizemask != sizeof(mask))
		return -EINVAL;
	if (copy_from_user(&mask, umask, sizeof(mask)))
		return -EFAULT;
	if (flags & ~(SFD_CLOEXEC | SFD_NONBLOCK))
		return -EINVAL;
	mask &= ~UNBLOCKABLE;
	if (ufd == -1)
		return signalfd_create(mask, flags);
	if (!(f = fget(ufd)))
		return -EBADF;
	if (f->f_op != &signalfd_fops)
		return -EINVAL;
	((struct signalfd_ctx *)f->private_data)->sigmask = mask;
	poll_wake();		/* a reader may have one of the new set now */
	return ufd;
}

long sys_signalfd(int ufd, const uint64_t *umask, uint32_t sizemask)
{
	return sys_signalfd4(ufd, umask, sizemask, 0);
}
