/*
 * The console tty: /dev/console and /dev/tty are this one terminal.
 *
 * Input arrives a character at a time from the serial and keyboard
 * interrupts (tty_receive).  In canonical mode (ICANON, the default) the
 * line discipline edits the current line, echoing as it goes: backspace
 * or DEL erases a character, Ctrl-U the line, Enter or Ctrl-D hands the
 * line to read().  Ctrl-C echoes "^C" (no newline, as on Linux), throws
 * the input away and sends SIGINT to the foreground process group: the
 * group TIOCSPGRP last set, at first 1 (init's).  Without ICANON, read()
 * gets characters as typed.
 *
 * buf is a ring indexed by free-running counters: [r, w) is input that
 * read() may take, [w, e) the line still being edited.
 *
 * The keyboard and serial interrupts change the tty while a task may be
 * reading it or changing its settings, so what they touch (the ring, the
 * termios, fg_pgrp) is tty_lock's: a task takes it with interrupts off
 * (spin_lock_irqsave), and lets go of it around each copy to user memory.
 * Echo goes to the console with tty_lock held (lock order:
 * kernel/spinlock.h).
 */
#include "fs/fs.h"
#include "fs/ioctl.h"
#include "fs/poll.h"
#include "drivers/console.h"
#include "drivers/tty.h"
#include "kernel/errno.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "mm/uaccess.h"

/* termios, as the i386 TCGETS ioctl has it */
#define NCCS	19
struct termios {
	uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
	uint8_t c_line;
	uint8_t c_cc[NCCS];
};

struct winsize {
	uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};

#define VINTR	0
#define VERASE	2
#define VKILL	3
#define VEOF	4
#define VMIN	6
#define VEOL	11

#define ISIG	0000001
#define ICANON	0000002
#define ECHO	0000010
#define ECHOE	0000020
#define ECHOK	0000040
#define NOFLSH	0000200
#define ECHOCTL	0001000
#define ECHOKE	0004000
#define IEXTEN	0100000

#define TCGETS		0x5401
#define TCSETS		0x5402
#define TCSETSW		0x5403
#define TCSETSF		0x5404
#define TCSBRK		0x5409
#define TCXONC		0x540A
#define TCFLSH		0x540B
#define TIOCSCTTY	0x540E
#define TIOCGPGRP	0x540F
#define TIOCSPGRP	0x5410
#define TIOCGWINSZ	0x5413
#define TIOCSWINSZ	0x5414
#define TIOCNOTTY	0x5422

#define TTY_BUF	4096

static struct {
	char buf[TTY_BUF];
	uint32_t r, w, e;
	struct termios termios;
	struct winsize winsize;
	int fg_pgrp;
} tty = {
	/* Linux's defaults: ICRNL IXON, OPOST ONLCR, B38400 CS8 CREAD HUPCL */
	.termios = {
		.c_iflag = 0000400 | 0002000,
		.c_oflag = 0000001 | 0000004,
		.c_cflag = 0000017 | 0000060 | 0000200 | 0002000,
		.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL |
			   ECHOKE | IEXTEN,
		/* ^C ^\ DEL ^U ^D time 0 min 1 ... */
		.c_cc = "\003\034\177\025\004\0\1\0\021\023\032\0\022\017\027\026\0",
	},
	.winsize = { .ws_row = 24, .ws_col = 80 },
	.fg_pgrp = 1,
};
static DEFINE_SPINLOCK(tty_lock);

static int is_ctl(unsigned char c)
{
	return (c < 32 && c != '\n' && c != '\t') || c == 127;
}

/* Echo c as a terminal shows it: control characters as ^X. */
static void echo(unsigned char c)
{
	char s[2] = { '^', c ^ 0100 };

	if (!(tty.termios.c_lflag & ECHO))
		return;
	if (is_ctl(c) && (tty.termios.c_lflag & ECHOCTL))
		console_write(s, 2);
	else
		console_write((char *)&c, 1);
}

/* Take back the last character of the line being edited. */
static void erase(void)
{
	unsigned char c;

	if (tty.e == tty.w)
		return;
	c = tty.buf[--tty.e % TTY_BUF];
	if (tty.termios.c_lflag & ECHO) {
		console_write("\b \b", 3);
		if (is_ctl(c) && (tty.termios.c_lflag & ECHOCTL))
			console_write("\b \b", 3);
	}
}

/* The line is done: read() may have it. */
static void commit(void)
{
	tty.w = tty.e;
	wakeup(&tty);
	poll_wake();
}

static void put(char c)
{
	tty.buf[tty.e++ % TTY_BUF] = c;
}

/* One typed character, \r already made \n; tty_lock held. */
static void receive(unsigned char c)
{
	struct termios *t = &tty.termios;

	if ((t->c_lflag & ISIG) && c == t->c_cc[VINTR] && c) {
		if (t->c_lflag & ECHO)
			console_write("^C", 2);
		if (!(t->c_lflag & NOFLSH))
			tty.r = tty.w = tty.e;
		kill_pgrp(tty.fg_pgrp, SIGINT);
		return;
	}
	if (!(t->c_lflag & ICANON)) {
		if (tty.e - tty.r < TTY_BUF) {
			put(c);
			echo(c);
			commit();
		}
		return;
	}
	if (c == t->c_cc[VERASE] || c == '\b') {
		erase();
	} else if (c == t->c_cc[VKILL]) {
		while (tty.e != tty.w)
			erase();
	} else if (c == t->c_cc[VEOF]) {
		if (tty.e - tty.r < TTY_BUF) {
			put(c);		/* read() stops here and drops it */
			commit();
		}
	} else if (tty.e - tty.r < TTY_BUF - 1 ||
		   (c == '\n' && tty.e - tty.r < TTY_BUF)) {
		/* the last slot is kept for the newline that ends a line */
		put(c);
		echo(c);
		if (c == '\n' || (c == t->c_cc[VEOL] && c))
			commit();
	}
}

/* From the keyboard or serial interrupt, interrupts off. */
void tty_receive(char c)
{
	spin_lock(&tty_lock);
	receive(c);
	spin_unlock(&tty_lock);
}

/*
 * Wait until at least want characters can be read; tty_lock held, as it is
 * while sleeping is decided (sleep_on), so no input is missed.
 */
static int wait_input(struct file *f, uint32_t want)
{
	while (tty.w - tty.r < want) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (sleep_on(&tty, &tty_lock, 0))
			return -EINTR;
	}
	return 0;
}

/*
 * Gives the user c, the character at tty.r, and takes it from the input;
 * tty_lock held, and let go meanwhile.  If ^C threw the input away while
 * the lock was let go, c is still the user's, and nothing more is taken.
 */
static int take_char(char c, char *udst, uint32_t *flags)
{
	uint32_t r = tty.r;
	int err;

	spin_unlock_irqrestore(&tty_lock, *flags);
	err = copy_to_user(udst, &c, 1);
	spin_lock_irqsave(&tty_lock, *flags);
	if (!err && tty.r == r)
		tty.r++;
	return err;
}

/* Canonical: at most one line; Ctrl-D ends it without being read. */
static long read_line(struct file *f, char *ubuf, uint32_t n, uint32_t *flags)
{
	uint32_t got = 0;
	int err = wait_input(f, 1);

	if (err)
		return err;
	while (got < n && tty.r != tty.w) {
		char c = tty.buf[tty.r % TTY_BUF];

		if ((unsigned char)c == tty.termios.c_cc[VEOF]) {
			tty.r++;
			break;
		}
		if (take_char(c, ubuf + got, flags))
			return got ? (long)got : -EFAULT;
		got++;
		if (c == '\n')
			break;
	}
	return got;
}

/* Raw: wait for VMIN characters (or n), then take what is there (VTIME is
 * ignored: VMIN 0 does not wait at all). */
static long read_raw(struct file *f, char *ubuf, uint32_t n, uint32_t *flags)
{
	uint32_t want = tty.termios.c_cc[VMIN], got = 0;
	int err;

	if (want > n)
		want = n;
	if (want > 1 && (f->flags & O_NONBLOCK))
		want = 1;	/* take what there is, or EAGAIN */
	if ((err = wait_input(f, want)) != 0)
		return err;
	while (got < n && tty.r != tty.w) {
		if (take_char(tty.buf[tty.r % TTY_BUF], ubuf + got, flags))
			return got ? (long)got : -EFAULT;
		got++;
	}
	return got;
}

static long tty_read(struct file *f, char *ubuf, uint32_t n, uint64_t *pos)
{
	uint32_t flags;
	long r;

	if (n == 0)
		return 0;
	spin_lock_irqsave(&tty_lock, flags);
	if (tty.termios.c_lflag & ICANON)
		r = read_line(f, ubuf, n, &flags);
	else
		r = read_raw(f, ubuf, n, &flags);
	spin_unlock_irqrestore(&tty_lock, flags);
	return r;
}

/* Output is never queued: console_write takes its own lock. */
static long tty_write(struct file *f, const char *ubuf, uint32_t n,
		      uint64_t *pos)
{
	char chunk[128];
	uint32_t done = 0;

	while (done < n) {
		uint32_t k = n - done < sizeof(chunk) ? n - done : sizeof(chunk);

		if (copy_from_user(chunk, ubuf + done, k))
			return done ? (long)done : -EFAULT;
		console_write(chunk, k);
		done += k;
		cond_resched();
	}
	return done;
}

/* tty_lock held. */
static void flush_input(void)
{
	tty.r = tty.w = tty.e;
}

static long set_termios(uint32_t cmd, const void *arg)
{
	struct termios t;
	uint32_t flags;
	int was_canon;

	if (copy_from_user(&t, arg, sizeof(t)))
		return -EFAULT;
	spin_lock_irqsave(&tty_lock, flags);
	was_canon = tty.termios.c_lflag & ICANON;
	if (cmd == TCSETSF)
		flush_input();
	tty.termios = t;
	if (was_canon && !(t.c_lflag & ICANON))
		commit();	/* a half-typed line becomes readable */
	spin_unlock_irqrestore(&tty_lock, flags);
	return 0;
}

/* TIOCSPGRP: a process group that exists, in the caller's session. */
static long set_pgrp(const void *arg)
{
	int pgrp, found = 0;
	uint32_t flags;

	if (copy_from_user(&pgrp, arg, sizeof(pgrp)))
		return -EFAULT;
	if (pgrp < 0)
		return -EINVAL;
	for_each_task(t) {
		if (t->pgrp == pgrp && t->state != TASK_ZOMBIE) {
			found = 1;
			if (t->session == current->session)
				found = 2;
		}
	}
	if (found == 0)
		return -ESRCH;
	if (found == 1)
		return -EPERM;
	spin_lock_irqsave(&tty_lock, flags);
	tty.fg_pgrp = pgrp;
	spin_unlock_irqrestore(&tty_lock, flags);
	return 0;
}

/*
 * The ioctls that read the tty copy what they read under tty_lock, and
 * give the copy to the user after.
 */
static long tty_ioctl(struct file *f, uint32_t cmd, uint32_t arg)
{
	void *uarg = (void *)arg;
	struct termios t;
	uint32_t flags;
	int n;

	switch (cmd) {
	case TCGETS:
		spin_lock_irqsave(&tty_lock, flags);
		t = tty.termios;
		spin_unlock_irqrestore(&tty_lock, flags);
		return copy_to_user(uarg, &t, sizeof(t)) ? -EFAULT : 0;
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return set_termios(cmd, uarg);
	case TIOCGWINSZ:
		return copy_to_user(uarg, &tty.winsize, sizeof(tty.winsize)) ?
		       -EFAULT : 0;
	case TIOCSWINSZ:
		return copy_from_user(&tty.winsize, uarg, sizeof(tty.winsize)) ?
		       -EFAULT : 0;
	case TIOCGPGRP:
		n = tty.fg_pgrp;	/* one word */
		return copy_to_user(uarg, &n, sizeof(int)) ? -EFAULT : 0;
	case TIOCSPGRP:
		return set_pgrp(uarg);
	case FIONREAD:
		spin_lock_irqsave(&tty_lock, flags);
		n = tty.w - tty.r;
		spin_unlock_irqrestore(&tty_lock, flags);
		return copy_to_user(uarg, &n, sizeof(n)) ? -EFAULT : 0;
	case TCFLSH:
		if (arg > 2)
			return -EINVAL;
		if (arg != 1) {		/* TCIFLUSH or TCIOFLUSH */
			spin_lock_irqsave(&tty_lock, flags);
			flush_input();
			spin_unlock_irqrestore(&tty_lock, flags);
		}
		return 0;
	case TCSBRK:		/* tcdrain: output is never queued */
	case TCXONC:
	case TIOCSCTTY:
	case TIOCNOTTY:
		return 0;
	}
	return -ENOTTY;
}

static int tty_poll(struct file *f)
{
	uint32_t flags;
	int ready;

	spin_lock_irqsave(&tty_lock, flags);
	ready = tty.w != tty.r;
	spin_unlock_irqrestore(&tty_lock, flags);
	return (ready ? POLLIN : 0) | POLLOUT;
}

const struct file_operations tty_fops = {
	.read = tty_read,
	.write = tty_write,
	.ioctl = tty_ioctl,
	.poll = tty_poll,
	.no_seek = 1,
};
