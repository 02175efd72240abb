/*
 * The tty device (Linux's tty_io.c): the terminals, the console tty and
 * the pseudo-terminals (pty.c), and the files that open them; each
 * terminal's driver (tty->ops) says where its output goes, and the line
 * discipline (n_tty.c) is the same for all.  /dev/ttyS0 (4, 64) is the
 * console itself; /dev/console (5, 1) opens it too, but never makes it a
 * controlling terminal, and its reads and writes are never stopped for job
 * control; /dev/tty (5, 0) opens the caller's controlling terminal, and
 * fails ENXIO for a process that has none.
 *
 * Each open file remembers how many times the terminal had been hung up
 * (struct tty_file): a hangup, when a session leader exits (the console)
 * or a pty's master closes (its slave), kills every
 * file opened before it but those of /dev/console, as Linux's
 * hung_up_tty_fops do: read() gets end of file, write() and ioctl() EIO.
 * So a process left over from a session cannot go on reading what the
 * next session types.
 */
#include "fs/fs.h"
#include "fs/poll.h"
#include "drivers/console.h"
#include "drivers/tty.h"
#include "kernel/errno.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"

#define TTY_MAJOR	4
#define TTYAUX_MAJOR	5

/* What an open file of a tty keeps (f->private_data; Linux's tty_file_private). */
struct tty_file {
	struct tty_struct *tty;
	uint32_t hangups;	/* tty->hangups when it was opened */
};

DEFINE_SPINLOCK(tty_lock);

/*
 * The console's output and echo, processed as its termios say (Linux's
 * do_output_char): under OPOST, ONLCR makes each LF CR LF and OCRNL each
 * CR an LF; without OPOST (`stty raw`) the bytes go as they are, and an LF
 * only moves down a line.  console_write_raw takes its own lock.
 */
static int console_tty_write(struct tty_struct *tty, const char *buf, int n)
{
	uint32_t oflag = tty->termios.c_oflag;
	int i, from = 0;

	for (i = 0; (oflag & OPOST) && i < n; i++) {
		const char *as = NULL;

		if (buf[i] == '\n' && (oflag & ONLCR))
			as = "\r\n";
		else if (buf[i] == '\r' && (oflag & OCRNL))
			as = "\n";
		if (as) {
			console_write_raw(buf + from, i - from);
			console_write_raw(as, strlen(as));
			from = i + 1;
		}
	}
	console_write_raw(buf + from, n - from);
	return n;
}

static void console_tty_echo(struct tty_struct *tty, const char *buf, int n)
{
	console_tty_write(tty, buf, n);
}

static const struct tty_operations console_ops = {
	.output = console_tty_write,
	.echo = console_tty_echo,
};

static char console_buf[TTY_BUF];

/* A serial line has no size: 0 by 0, as Linux's ttyS0, until `stty rows`
 * or busybox's `resize` sets one (programs take 24 by 80 then). */
struct tty_struct console_tty = {
	.buf = console_buf,
	.ops = &console_ops,
	.termios = TTY_STD_TERMIOS,
	.dev = MKDEV(TTY_MAJOR, 64),
};

/*
 * The terminal a master's termios, window size and job-control ioctls
 * act on: its slave (Linux's tty_pair_get_tty); any other terminal is its own.
 */
static struct tty_struct *tty_pair_get_tty(struct tty_struct *tty)
{
	return tty->subtype == PTY_TYPE_MASTER ? tty->link : tty;
}

struct tty_struct *file_tty(struct file *f)
{
	return ((struct tty_file *)f->private_data)->tty;
}

/* Opened before the last hangup (Linux's tty_hung_up_p); never /dev/console. */
int tty_hung_up_p(struct file *f)
{
	struct tty_file *tf = f->private_data;

	return !tty_is_console(f) && tf->hangups != tf->tty->hangups;
}

/* Opened as /dev/console, which job control and hangups leave alone. */
int tty_is_console(struct file *f)
{
	return f->inode->rdev == MKDEV(TTYAUX_MAJOR, 1);
}

/*
 * The hangup (Linux's __tty_hangup): every file open on the terminal but
 * /dev/console's is hung up, readers and writers asleep on it wake to find
 * so, the typed-ahead input is thrown away, the session loses the terminal
 * and is told (tty_jobctrl.c); the terminal is nobody's after.
 */
static void __tty_hangup(struct tty_struct *tty, int exit_session)
{
	uint32_t flags;

	spin_lock_irqsave(&tty_lock, flags);
	tty->hangups++;
	n_tty_flush_input(tty);
	spin_unlock_irqrestore(&tty_lock, flags);
	wakeup(tty);
	wakeup(&tty->write_wait);
	poll_wake();
	tty_signal_session_leader(tty, exit_session);
	spin_lock_irqsave(&tty_lock, flags);
	tty->session = tty->pgrp = 0;
	spin_unlock_irqrestore(&tty_lock, flags);
}

/* The session leader of tty's session exits: its foreground group gets SIGHUP. */
void tty_vhangup_session(struct tty_struct *tty)
{
	__tty_hangup(tty, 1);
}

/* The line is gone (a pty's master closed): the session leader gets SIGHUP and SIGCONT. */
void tty_vhangup(struct tty_struct *tty)
{
	__tty_hangup(tty, 0);
}

/*
 * Whether pid is a terminal's foreground group or session: Linux keeps a
 * struct pid alive while the terminal refers to it, so no new process may
 * take the number (kernel/sched.c's pid_in_use).
 */
int tty_holds_pid(int pid)
{
	return console_tty.pgrp == pid || console_tty.session == pid ||
	       pty_holds_pid(pid);
}

/* The terminal device rdev opens, or NULL with *err (Linux's tty_lookup_driver). */
static struct tty_struct *tty_lookup(uint32_t rdev, int *err)
{
	if (rdev == MKDEV(TTYAUX_MAJOR, 0)) {
		*err = -ENXIO;
		return current->tty;
	}
	if (rdev == MKDEV(TTYAUX_MAJOR, 2))
		return ptmx_open(err);
	if (MAJOR(rdev) == UNIX98_PTY_SLAVE_MAJOR)
		return pty_slave_lookup(MINOR(rdev), err);
	return &console_tty;
}

/*
 * open (fs/file.c's file_open): /dev/tty is the caller's controlling
 * terminal or ENXIO; /dev/ptmx a new pseudo-terminal's master, /dev/pts/N
 * its slave (pty.c).  Any other opening may make the terminal the
 * controlling terminal of a session leader that has none
 * (tty_open_proc_set_tty), unless O_NOCTTY, /dev/console or a master.
 */
static int tty_open(struct file *f)
{
	uint32_t rdev = f->inode->rdev;
	struct tty_struct *tty;
	struct tty_file *tf;
	uint32_t flags;
	int err;

	if (!(tf = kmalloc(sizeof(*tf))))
		return -ENOMEM;
	if (!(tty = tty_lookup(rdev, &err))) {
		kfree(tf);
		return err;
	}
	spin_lock_irqsave(&tty_lock, flags);
	tty->count++;
	spin_unlock_irqrestore(&tty_lock, flags);
	tf->tty = tty;
	tf->hangups = tty->hangups;
	f->private_data = tf;
	if (!(f->flags & O_NOCTTY) && rdev != MKDEV(TTYAUX_MAJOR, 0) &&
	    rdev != MKDEV(TTYAUX_MAJOR, 1) && tty->subtype != PTY_TYPE_MASTER)
		tty_open_proc_set_tty(f, tty);
	return 0;
}

static void tty_release(struct file *f)
{
	struct tty_struct *tty = file_tty(f);
	uint32_t flags;

	kfree(f->private_data);
	spin_lock_irqsave(&tty_lock, flags);
	tty->count--;
	spin_unlock_irqrestore(&tty_lock, flags);
	if (tty->ops->close)
		tty->ops->close(tty);
}

static long tty_read(struct file *f, char *ubuf, uint32_t n, uint64_t *pos)
{
	if (tty_hung_up_p(f))
		return 0;
	return n_tty_read(file_tty(f), f, ubuf, n);
}

static long tty_write(struct file *f, const char *ubuf, uint32_t n,
		      uint64_t *pos)
{
	if (tty_hung_up_p(f))
		return -EIO;
	return n_tty_write(file_tty(f), f, ubuf, n);
}

/* TIOCSWINSZ: a new size is the foreground group's SIGWINCH (Linux's tty_do_resize). */
static long tiocswinsz(struct tty_struct *tty, const void *uarg)
{
	struct winsize ws;
	uint32_t flags;
	int changed;

	if (copy_from_user(&ws, uarg, sizeof(ws)))
		return -EFAULT;
	spin_lock_irqsave(&tty_lock, flags);
	changed = memcmp(&ws, &tty->winsize, sizeof(ws)) != 0;
	tty->winsize = ws;
	spin_unlock_irqrestore(&tty_lock, flags);
	if (changed && tty->pgrp)
		kill_pgrp(tty->pgrp, SIGWINCH);
	return 0;
}

/* TCGETA: the low 16 bits of each flag, the line, NCC characters (Linux's kernel_termios_to_user_termio). */
static long termios_to_user_termio(const struct termios *t, void *uarg)
{
	struct termio tio;

	memset(&tio, 0, sizeof(tio));	/* its padding byte too: no kernel byte goes out */
	tio.c_iflag = t->c_iflag;
	tio.c_oflag = t->c_oflag;
	tio.c_cflag = t->c_cflag;
	tio.c_lflag = t->c_lflag;
	tio.c_line = t->c_line;
	memcpy(tio.c_cc, t->c_cc, NCC);
	return copy_to_user(uarg, &tio, sizeof(tio)) ? -EFAULT : 0;
}

/*
 * The ioctls (Linux's tty_ioctl, then tty_mode_ioctl and n_tty_ioctl).
 * What reads the tty copies what it read under tty_lock, and gives the
 * copy to the user after.  What changes it (TCSETS*, TCSBRK, TCXONC, TCFLSH,
 * TIOCSPGRP) is job control's to allow first: tty_check_change.
 */
static long tty_ioctl(struct file *f, uint32_t cmd, uint32_t arg)
{
	struct tty_struct *real, *tty = file_tty(f);
	void *uarg = (void *)arg;
	struct winsize ws;
	struct termios t;
	uint32_t flags;
	long err;

	if (tty_hung_up_p(f))
		return cmd == TIOCSPGRP ? -ENOTTY : -EIO;
	if (tty->ops->driver_ioctl &&
	    (err = tty->ops->driver_ioctl(tty, f, cmd, arg)) != -ENOIOCTLCMD)
		return err;
	real = tty_pair_get_tty(tty);
	switch (cmd) {
	case TCGETS:
		spin_lock_irqsave(&tty_lock, flags);
		t = real->termios;
		spin_unlock_irqrestore(&tty_lock, flags);
		return copy_to_user(uarg, &t, sizeof(t)) ? -EFAULT : 0;
	case TCGETA:
		spin_lock_irqsave(&tty_lock, flags);
		t = real->termios;
		spin_unlock_irqrestore(&tty_lock, flags);
		return termios_to_user_termio(&t, uarg);
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
	case TCSETA:
	case TCSETAW:
	case TCSETAF:
		return n_tty_set_termios(real, cmd, uarg);
	case TCSBRK:		/* tcdrain, tcsendbreak: output is never queued */
	case TCSBRKP:
		return tty_check_change(real);
	case TIOCGWINSZ:
		spin_lock_irqsave(&tty_lock, flags);
		ws = real->winsize;
		spin_unlock_irqrestore(&tty_lock, flags);
		return copy_to_user(uarg, &ws, sizeof(ws)) ? -EFAULT : 0;
	case TIOCSWINSZ:
		return tiocswinsz(real, uarg);
	case TIOCNOTTY:
	case TIOCSCTTY:
	case TIOCGPGRP:
	case TIOCSPGRP:
	case TIOCGSID:
		return tty_jobctrl_ioctl(tty, real, f, cmd, arg);
	}
	return n_tty_ioctl(tty, cmd, arg);
}

static int tty_poll(struct file *f)
{
	if (tty_hung_up_p(f))
		return POLLIN | POLLOUT | POLLERR | POLLHUP | POLLRDNORM | POLLWRNORM;
	return n_tty_poll(file_tty(f), f);
}

/*
 * O_ASYNC on a terminal (Linux's tty_fasync): the file goes on the tty's
 * list, and gets an owner if it has none, the foreground process group,
 * or the caller's process if there is none.  A file hung up cannot turn
 * it on (ENOTTY); it may be off (its close), as Linux's hangup takes each
 * file off.
 */
static int tty_fasync(int fd, struct file *f, int on)
{
	struct tty_struct *tty = file_tty(f);
	int r;

	if (on && tty_hung_up_p(f))
		return -ENOTTY;
	if ((r = fasync_helper(fd, f, on, &tty->fasync)) <= 0)
		return r;
	if (on && tty->pgrp)
		f_setown(f, tty->pgrp, F_OWNER_PGRP, 0);
	else if (on)
		f_setown(f, current->tgid, F_OWNER_PID, 0);
	return 0;
}

const struct file_operations tty_fops = {
	.open = tty_open,
	.read = tty_read,
	.write = tty_write,
	.ioctl = tty_ioctl,
	.poll = tty_poll,
	.release = tty_release,
	.fasync = tty_fasync,
	.no_seek = 1,
};
