/*
 * The pseudo-terminals: Unix98 ptys, as Linux's drivers/tty/pty.c and
 * fs/devpts make them.
 *
 * Each open of /dev/ptmx (5, 2) makes a pair of terminals: the master,
 * which that file opens, and the slave, which appears as /dev/pts/N (136,
 * N), N the pair's number (TIOCGPTN).  The slave is a terminal like the
 * console, with the same line discipline (n_tty.c) and job control: what
 * a program running on it writes is its output, and what the master
 * writes is what is typed on it.  So each end's driver write puts the
 * bytes into the input of the other end: the slave's with its output
 * processing (ONLCR: an LF becomes CR LF), into a master that never edits
 * or echoes (its termios is raw); the master's as typed characters into
 * the slave, which edits, echoes back to the master and signals as the
 * console does.  A writer whose other end's input is full waits until a
 * read there makes room (unthrottle).
 *
 * In packet mode (TIOCPKT) each read of the master starts with a status
 * byte: TIOCPKT_DATA (0) before data, or alone, the slave's changes not
 * yet read (its pktstatus): its input or output thrown away, its output
 * stopped or started, ^S and ^Q made to stop and start it or not.
 *
 * The slave is locked until the master's holder unlocks it (TIOCSPTLCK,
 * glibc's unlockpt): until then opening it fails EIO.  When the master is
 * closed, /dev/pts/N goes and the slave is hung up: its session leader gets
 * SIGHUP, its files read end of file and fail EIO.  When the slave's last
 * file is closed, the master reads what is left, then EIO.  The pair is
 * freed, and N free again, when neither end has a file open.
 *
 * The nodes are devpts's (fs/devpts.c), mounted on /dev/pts.
 */
#include "fs/fs.h"
#include "fs/devpts.h"
#include "fs/poll.h"
#include "drivers/tty.h"
#include "kernel/errno.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "mm/uaccess.h"

#define UNIX98_PTY_MASTER_MAJOR	128

/* The slaves by number; NULL: the number is free.  The master is ->link. */
static struct tty_struct *pty_slaves[NR_UNIX98_PTY_MAX];

/*
 * The slave's output into its master's input, tty_lock held: as many of
 * the n bytes as there is room for, each LF as CR LF under OPOST and
 * ONLCR.  The master's input is raw (n_tty_receive_raw): no editing, no
 * echo, no signal characters.
 */
static int __pts_write(struct tty_struct *tty, const char *buf, int n)
{
	struct tty_struct *to = tty->link;
	int onlcr = (tty->termios.c_oflag & (OPOST | ONLCR)) == (OPOST | ONLCR);
	int i;

	for (i = 0; i < n; i++) {
		int crlf = onlcr && buf[i] == '\n';

		if (TTY_BUF - (to->e - to->r) < 1u + crlf)
			break;
		if (crlf)
			n_tty_receive_raw(to, '\r');
		n_tty_receive_raw(to, buf[i]);
	}
	return i;
}

static int pts_write(struct tty_struct *tty, const char *buf, int n)
{
	uint32_t flags;
	int done;

	spin_lock_irqsave(&tty_lock, flags);
	done = __pts_write(tty, buf, n);
	spin_unlock_irqrestore(&tty_lock, flags);
	return done;
}

/* The master's room, less the CR an LF may need. */
static int pts_write_room(struct tty_struct *tty)
{
	struct tty_struct *to = tty->link;
	int room = TTY_BUF - (to->e - to->r);

	if ((tty->termios.c_oflag & (OPOST | ONLCR)) == (OPOST | ONLCR))
		room--;
	return room > 0 ? room : 0;
}

static void pts_echo(struct tty_struct *tty, const char *buf, int n)
{
	__pts_write(tty, buf, n);
}

/* What the master writes is typed on the slave (its echo comes back by pts_echo). */
static int ptm_write(struct tty_struct *tty, const char *buf, int n)
{
	uint32_t flags;
	int i;

	spin_lock_irqsave(&tty_lock, flags);
	for (i = 0; i < n && n_tty_receive_room(tty->link) > 0; i++)
		n_tty_receive_char(tty->link, buf[i]);
	spin_unlock_irqrestore(&tty_lock, flags);
	return i;
}

static int ptm_write_room(struct tty_struct *tty)
{
	return n_tty_receive_room(tty->link);
}

/* A read of tty made room: the other end's writers may go on. */
static void pty_unthrottle(struct tty_struct *tty)
{
	wakeup(&tty->link->write_wait);
	poll_wake();
}

/*
 * A change of tty that its other end, a master in packet mode, reads as a
 * status byte (Linux's ctrl.pktstatus): the bits clear go, set come;
 * tty_lock held.  Nothing for a slave (its other end is never in packet
 * mode) nor the console.
 */
void pty_packet_status(struct tty_struct *tty, int clear, int set)
{
	if (!tty->link || !tty->link->packet)
		return;
	tty->pktstatus = (tty->pktstatus & ~clear) | set;
	wakeup(tty->link);
	poll_wake();
}

/*
 * The slave's output not yet read by the master is thrown away (Linux's
 * pty_flush_buffer, which drops what is still in the master's flip
 * buffer: here the master's input is all there is).
 */
static void pty_flush_buffer(struct tty_struct *tty)
{
	n_tty_flush_input(tty->link);
	pty_packet_status(tty, 0, TIOCPKT_FLUSHWRITE);
}

static void pty_stop(struct tty_struct *tty)
{
	pty_packet_status(tty, TIOCPKT_START, TIOCPKT_STOP);
}

static void pty_start(struct tty_struct *tty)
{
	pty_packet_status(tty, TIOCPKT_STOP, TIOCPKT_START);
}

/* Whether ^S and ^Q stop and start the output (IXON, and they are the usual ones). */
static int pty_flow(const struct termios *t)
{
	return (t->c_iflag & IXON) && t->c_cc[VSTOP] == 023 && t->c_cc[VSTART] == 021;
}

/*
 * The slave's termios changed (Linux's pty_set_termios): its master in
 * packet mode is told if ^S and ^Q now do or do not stop the output; the
 * character size stays CS8, without parity, and CREAD stays on.
 */
static void pty_set_termios(struct tty_struct *tty, const struct termios *old)
{
	int flow = pty_flow(&tty->termios);

	if (flow != pty_flow(old))
		pty_packet_status(tty, TIOCPKT_NOSTOP | TIOCPKT_DOSTOP,
				  flow ? TIOCPKT_DOSTOP : TIOCPKT_NOSTOP);
	tty->termios.c_cflag &= ~(CSIZE | PARENB);
	tty->termios.c_cflag |= CS8 | CREAD;
}

static void pty_free(struct tty_struct *tty)
{
	free_kpage(tty->buf);
	kfree(tty);
}

/*
 * A file of tty was closed (Linux's pty_close).  The last one of an end
 * tells the other end (TTY_OTHER_CLOSED: a master reads EIO, polls
 * POLLHUP); the master's also takes /dev/pts/N away and hangs the slave
 * up.  When neither end is open the pair goes.
 */
static void pty_close(struct tty_struct *tty)
{
	struct tty_struct *other = tty->link;
	uint32_t flags;

	if (tty->count)
		return;
	spin_lock_irqsave(&tty_lock, flags);
	other->flags |= TTY_OTHER_CLOSED;
	spin_unlock_irqrestore(&tty_lock, flags);
	wakeup(other);
	wakeup(&other->write_wait);
	poll_wake();
	if (tty->subtype == PTY_TYPE_MASTER) {
		devpts_pty_kill(tty->index);
		tty_vhangup(other);
	}
	if (other->count == 0) {
		pty_slaves[tty->index] = NULL;
		pty_free(tty);
		pty_free(other);
	}
}

/*
 * TIOCGPTPEER: a new file of the master's slave, as opening /dev/pts/N
 * with flags would give, without its path (Linux's ptm_open_peer).
 */
static long pty_open_peer(struct tty_struct *master, uint32_t flags)
{
	struct file *f;
	int fd, err;

	if ((fd = fd_alloc(0)) < 0)
		return fd;
	if ((err = devpts_open_peer(master->index, flags, &f)) != 0)
		return err;
	fd_install(fd, f, flags & O_CLOEXEC);
	return fd;
}

/*
 * TIOCPKT (Linux's pty_set_pktmode): packet mode on or off.  Turned on, it
 * starts with no status to read.
 */
static long pty_set_pktmode(struct tty_struct *tty, const int *uarg)
{
	uint32_t flags;
	int val;

	if (copy_from_user(&val, uarg, sizeof(val)))
		return -EFAULT;
	spin_lock_irqsave(&tty_lock, flags);
	if (val && !tty->packet)
		tty->link->pktstatus = 0;
	tty->packet = val != 0;
	spin_unlock_irqrestore(&tty_lock, flags);
	return 0;
}

/* The master's own ioctls (Linux's pty_unix98_ioctl); the rest are the generic ones. */
static long ptm_ioctl(struct tty_struct *tty, struct file *f, uint32_t cmd,
		      uint32_t arg)
{
	uint32_t flags;
	int val;

	switch (cmd) {
	case TIOCPKT:
		return pty_set_pktmode(tty, (const int *)arg);
	case TIOCGPKT:
		val = tty->packet;
		return copy_to_user((void *)arg, &val, sizeof(val)) ? -EFAULT : 0;
	case TIOCSPTLCK:
		if (copy_from_user(&val, (void *)arg, sizeof(val)))
			return -EFAULT;
		spin_lock_irqsave(&tty_lock, flags);
		if (val)
			tty->flags |= TTY_PTY_LOCK;
		else
			tty->flags &= ~TTY_PTY_LOCK;
		spin_unlock_irqrestore(&tty_lock, flags);
		return 0;
	case TIOCGPTLCK:
		val = (tty->flags & TTY_PTY_LOCK) != 0;
		return copy_to_user((void *)arg, &val, sizeof(val)) ? -EFAULT : 0;
	case TIOCGPTN:
		val = tty->index;
		return copy_to_user((void *)arg, &val, sizeof(val)) ? -EFAULT : 0;
	case TIOCGPTPEER:
		return pty_open_peer(tty, arg);
	case TIOCSIG:		/* what the slave's signal characters send, without them */
		if (arg != SIGINT && arg != SIGQUIT && arg != SIGTSTP)
			return -EINVAL;
		if (tty->link->pgrp)
			kill_pgrp(tty->link->pgrp, arg);
		return 0;
	}
	return -ENOIOCTLCMD;
}

static const struct tty_operations ptm_ops = {
	.output = ptm_write,
	.output_room = ptm_write_room,
	.driver_ioctl = ptm_ioctl,
	.close = pty_close,
	.unthrottle = pty_unthrottle,
};

static const struct tty_operations pts_ops = {
	.output = pts_write,
	.output_room = pts_write_room,
	.echo = pts_echo,
	.close = pty_close,
	.unthrottle = pty_unthrottle,
	.flush_buffer = pty_flush_buffer,
	.stop = pty_stop,
	.start = pty_start,
	.set_termios = pty_set_termios,
};

/* One end; its input ring is a page a user asked for, as a pipe's (no reserve). */
static struct tty_struct *pty_alloc(int subtype)
{
	struct tty_struct *tty = kzalloc(sizeof(*tty));

	if (tty && !(tty->buf = get_zeroed_page(GFP_USER | __GFP_DIRECT_RECLAIM))) {
		kfree(tty);
		tty = NULL;
	}
	if (tty) {
		tty->subtype = subtype;
		tty->ops = subtype == PTY_TYPE_MASTER ? &ptm_ops : &pts_ops;
		tty->termios = (struct termios)TTY_STD_TERMIOS;
	}
	return tty;
}

/*
 * open of /dev/ptmx (Linux's ptmx_open): a new pair, its slave locked and
 * in /dev/pts; the master, or NULL with *err (ENOSPC: all numbers taken).
 * The slave's termios are the console's defaults but HUPCL, and its window
 * 0 by 0; the master's are raw (Linux's pty_unix98_install).
 */
struct tty_struct *ptmx_open(int *err)
{
	struct tty_struct *master = pty_alloc(PTY_TYPE_MASTER);
	struct tty_struct *slave = pty_alloc(PTY_TYPE_SLAVE);
	int index = 0;

	*err = -ENOMEM;
	if (!master || !slave)
		goto fail;
	while (index < NR_UNIX98_PTY_MAX && pty_slaves[index])
		index++;
	*err = -ENOSPC;
	if (index == NR_UNIX98_PTY_MAX)
		goto fail;
	master->termios.c_iflag = master->termios.c_oflag = 0;
	master->termios.c_lflag = 0;
	/* B38400 CS8 CREAD: a pty has no line to hang up (no HUPCL) */
	master->termios.c_cflag = slave->termios.c_cflag = 0000017 | 0000060 | 0000200;
	master->flags = TTY_PTY_LOCK;
	master->index = slave->index = index;
	master->dev = MKDEV(UNIX98_PTY_MASTER_MAJOR, index);
	slave->dev = MKDEV(UNIX98_PTY_SLAVE_MAJOR, index);
	master->link = slave;
	slave->link = master;
	pty_slaves[index] = slave;
	if ((*err = devpts_pty_new(index)) != 0) {
		pty_slaves[index] = NULL;
		goto fail;
	}
	return master;
fail:
	if (master)
		pty_free(master);
	if (slave)
		pty_free(slave);
	return NULL;
}

/*
 * open of /dev/pts/N (Linux's pts_unix98_lookup and pty_open): EIO while
 * it is locked or its master is closed.  The master is told its other end
 * is open again.
 */
struct tty_struct *pty_slave_lookup(int index, int *err)
{
	struct tty_struct *slave = index < NR_UNIX98_PTY_MAX ? pty_slaves[index] : NULL;
	uint32_t flags;

	*err = -EIO;
	if (!slave || (slave->link->flags & TTY_PTY_LOCK) ||
	    (slave->flags & TTY_OTHER_CLOSED))
		return NULL;
	spin_lock_irqsave(&tty_lock, flags);
	slave->link->flags &= ~TTY_OTHER_CLOSED;
	spin_unlock_irqrestore(&tty_lock, flags);
	return slave;
}

/* Whether pid is a slave's foreground group or session (tty_io.c's tty_holds_pid). */
int pty_holds_pid(int pid)
{
	for (int i = 0; i < NR_UNIX98_PTY_MAX; i++)
		if (pty_slaves[i] &&
		    (pty_slaves[i]->pgrp == pid || pty_slaves[i]->session == pid))
			return 1;
	return 0;
}
