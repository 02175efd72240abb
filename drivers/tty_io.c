/*
 * The tty device (Linux's tty_io.c): the one terminal, console_tty, and
 * the files that open it.  /dev/ttyS0 (4, 64) is the terminal itself;
 * /dev/console (5, 1) opens it too, but never makes it a controlling
 * terminal, and its reads and writes are never stopped for job control;
 * /dev/tty (5, 0) opens the caller's controlling terminal, and fails ENXIO
 * for a process that has none.
 *
 * Each open file remembers how many times the terminal had been hung up
 * (struct tty_file): a hangup, when a session leader exits, kills every
 * file opened before it but those of /dev/console, as Linux's
 * hung_up_tty_fops do: read() gets end of file, write() and ioctl() EIO.
 * So a process left over from a session cannot go on reading what the
 * next session types.
 */
#include "fs/fs.h"
#include "fs/poll.h"
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

struct tty_struct console_tty = {
	/* Linux's defaults: ICRNL IXON, OPOST ONLCR, B38400 CS8 CREAD HUPCL */
	.termios = {
		.c_iflag = 0000400 | 0002000,
		.c_oflag = 0000001 | 0000004,
		.c_cflag = 0000017 | 0000060 | 0000200 | 0002000,
		.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL |
			   ECHOKE | IEXTEN,
		/* ^C ^\ DEL ^U ^D time 0 min 1 ... ^Z ... */
		.c_cc = "\003\034\177\025\004\0\1\0\021\023\032\0\022\017\027\026\0",
	},
	.winsize = { .ws_row = 24, .ws_col = 80 },
	.dev = MKDEV(TTY_MAJOR, 64),
};

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
 * The session leader of tty's session exits (Linux's tty_vhangup_session):
 * every file open on the terminal but /dev/console's is hung up, readers
 * asleep on it wake to find so, the typed-ahead input is thrown away, the
 * session loses the terminal and its foreground group gets SIGHUP
 * (tty_jobctrl.c); the terminal is nobody's after.
 */
void tty_vhangup_session(struct tty_struct *tty)
{
	uint32_t flags;

	spin_lock_irqsave(&tty_lock, flags);
	tty->hangups++;
	n_tty_flush_input(tty);
	spin_unlock_irqrestore(&tty_lock, flags);
	wakeup(tty);
	poll_wake();
	tty_signal_session_leader(tty, 1);
	spin_lock_irqsave(&tty_lock, flags);
	tty->session = tty->pgrp = 0;
	spin_unlock_irqrestore(&tty_lock, flags);
}

/*
 * Whether pid is the terminal's foreground group or session: Linux keeps a
 * struct pid alive while the terminal refers to it, so no new process may
 * take the number (kernel/sched.c's pid_in_use).
 */
int tty_holds_pid(int pid)
{
	return console_tty.pgrp == pid || console_tty.session == pid;
}

/*
 * open (fs/file.c's file_open): /dev/tty is the caller's controlling
 * terminal or ENXIO; any other opening may make the terminal the
 * controlling terminal of a session leader that has none
 * (tty_open_proc_set_tty), unless O_NOCTTY or /dev/console.
 */
static int tty_open(struct file *f)
{
	struct inode *ip = f->inode;
	struct tty_struct *tty = &console_tty;
	struct tty_file *tf;
	int noctty = (f->flags & O_NOCTTY) || ip->rdev == MKDEV(TTYAUX_MAJOR, 1);

	if (ip->rdev == MKDEV(TTYAUX_MAJOR, 0)) {
		if (!current->tty)
			return -ENXIO;
		tty = current->tty;
		noctty = 1;
	}
	if (!(tf = kmalloc(sizeof(*tf))))
		return -ENOMEM;
	tf->tty = tty;
	tf->hangups = tty->hangups;
	f->private_data = tf;
	if (!noctty)
		tty_open_proc_set_tty(f, tty);
	return 0;
}

static void tty_release(struct file *f)
{
	kfree(f->private_data);
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

/*
 * The ioctls (Linux's tty_ioctl, then tty_mode_ioctl and n_tty_ioctl).
 * What reads the tty copies what it read under tty_lock, and gives the
 * copy to the user after.  What changes it (TCSETS*, TCSBRK, TCXONC, TCFLSH,
 * TIOCSPGRP) is job control's to allow first: tty_check_change.
 */
static long tty_ioctl(struct file *f, uint32_t cmd, uint32_t arg)
{
	struct tty_struct *tty = file_tty(f);
	void *uarg = (void *)arg;
	struct winsize ws;
	struct termios t;
	uint32_t flags;

	if (tty_hung_up_p(f))
		return cmd == TIOCSPGRP ? -ENOTTY : -EIO;
	switch (cmd) {
	case TCGETS:
		spin_lock_irqsave(&tty_lock, flags);
		t = tty->termios;
		spin_unlock_irqrestore(&tty_lock, flags);
		return copy_to_user(uarg, &t, sizeof(t)) ? -EFAULT : 0;
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return n_tty_set_termios(tty, cmd, uarg);
	case TCSBRK:		/* tcdrain, tcsendbreak: output is never queued */
	case TCSBRKP:
		return tty_check_change(tty);
	case TIOCGWINSZ:
		spin_lock_irqsave(&tty_lock, flags);
		ws = tty->winsize;
		spin_unlock_irqrestore(&tty_lock, flags);
		return copy_to_user(uarg, &ws, sizeof(ws)) ? -EFAULT : 0;
	case TIOCSWINSZ:
		return tiocswinsz(tty, uarg);
	case TIOCNOTTY:
	case TIOCSCTTY:
	case TIOCGPGRP:
	case TIOCSPGRP:
	case TIOCGSID:
		return tty_jobctrl_ioctl(tty, f, cmd, arg);
	}
	return n_tty_ioctl(tty, cmd, arg);
}

static int tty_poll(struct file *f)
{
	if (tty_hung_up_p(f))
		return POLLIN | POLLOUT | POLLERR | POLLHUP | POLLRDNORM | POLLWRNORM;
	return n_tty_poll(file_tty(f));
}

const struct file_operations tty_fops = {
	.open = tty_open,
	.read = tty_read,
	.write = tty_write,
	.ioctl = tty_ioctl,
	.poll = tty_poll,
	.release = tty_release,
	.no_seek = 1,
};
