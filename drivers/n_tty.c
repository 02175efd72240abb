/*
 * The line discipline (Linux's n_tty): what happens to a typed character,
 * and what read() gets, the same for every terminal; the terminal's driver
 * (tty->ops) takes the output and the echo.
 *
 * The console's input arrives a character at a time from the serial and
 * keyboard interrupts (tty_receive); a pseudo-terminal's from what its
 * other end writes (pty.c: n_tty_receive_char).  In canonical mode (ICANON, the default) the
 * line discipline edits the current line, echoing as it goes: DEL (VERASE)
 * erases a character, Ctrl-W a word, Ctrl-U the line, Ctrl-R shows it
 * again, Ctrl-V takes the next character as it is, Enter or Ctrl-D hands
 * the line to read().  With ISIG the signal characters signal the foreground
 * process group (tty_jobctrl.c says whose that is): Ctrl-C SIGINT, Ctrl-\
 * SIGQUIT, Ctrl-Z SIGTSTP; each echoes as ^C (no newline, as on Linux) and
 * throws the input away (unless NOFLSH).  Without ICANON, read() gets
 * characters as typed.  With IXON, Ctrl-S stops the output (writers
 * wait, echoes are held) and Ctrl-Q starts it again.
 *
 * The interrupts change the input while a task may be reading it or
 * changing the settings, so the ring and the termios are tty_lock's: a task
 * takes it with interrupts off (spin_lock_irqsave), and lets go of it
 * around each copy to user memory.  Echo goes to the driver with tty_lock
 * held (tty->ops->echo; lock order: kernel/spinlock.h).
 *
 * Output is never queued here: write() hands it to the driver, which takes
 * what it has room for (a pty: its master's input) and the writer waits
 * for the rest.  The driver does the output processing: the console adds
 * the CR of each LF itself, a pty as ONLCR asks.
 */
#include "fs/fs.h"
#include "fs/ioctl.h"
#include "fs/poll.h"
#include "drivers/tty.h"
#include "kernel/errno.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "mm/uaccess.h"

static int is_ctl(unsigned char c)
{
	return c < 32 || c == 127;
}

/*
 * Where the terminal's cursor goes as c is output under OPOST (Linux's
 * do_output_char counts so); tty_lock held.  A UTF-8 continuation byte
 * takes no column of its own.
 */
static void advance_column(struct tty_struct *tty, unsigned char c)
{
	uint32_t oflag = tty->termios.c_oflag;

	if (!(oflag & OPOST))
		return;
	if ((c == '\n' && (oflag & (ONLCR | ONLRET))) || c == '\r')
		tty->column = 0;
	else if (c == '\t')
		tty->column = (tty->column | 7) + 1;
	else if (c == '\b' && tty->column > 0)
		tty->column--;
	else if (!is_ctl(c) && (c & 0xc0) != 0x80)
		tty->column++;
	if (c == '\n' || c == '\r')
		tty->canon_column = tty->column;
}

/*
 * The echoes held while the output was stopped, to the driver now that it
 * is not (Linux's process_echoes: at the next input, echo or write, or at
 * ^Q); tty_lock held.
 */
static void flush_held(struct tty_struct *tty)
{
	if (tty->stopped || !tty->nheld)
		return;
	tty->ops->echo(tty, tty->held, tty->nheld);
	tty->nheld = 0;
}

/*
 * Echo output to the driver, after those held, tty_lock held; held while
 * the output is stopped (Linux's echo_buf), what does not fit then lost.
 */
static void echo_out(struct tty_struct *tty, const char *s, int n)
{
	for (int i = 0; i < n; i++)
		advance_column(tty, s[i]);
	if (!tty->stopped) {
		flush_held(tty);
		tty->ops->echo(tty, s, n);
		return;
	}
	while (n-- > 0 && tty->nheld < TTY_HELD)
		tty->held[tty->nheld++] = *s++;
}

/* Echo c as a terminal shows it: control characters but tab as ^X (a newline
 * that ends a canonical line is echoed as it is, by canon_put). */
static void echo(struct tty_struct *tty, unsigned char c)
{
	char s[2] = { '^', c ^ 0100 };

	if (!(tty->termios.c_lflag & ECHO))
		return;
	if (is_ctl(c) && c != '\t' && (tty->termios.c_lflag & ECHOCTL))
		echo_out(tty, s, 2);
	else
		echo_out(tty, (char *)&c, 1);
}

/* The output stopped (Linux's __stop_tty: ^S, TCOOFF); tty_lock held. */
static void stop_tty(struct tty_struct *tty)
{
	if (tty->stopped)
		return;
	tty->stopped = 1;
	if (tty->ops->stop)
		tty->ops->stop(tty);
}

/*
 * The output started again (Linux's __start_tty: ^Q, any character under
 * IXANY, TCOON), unless TCOOFF stopped it: the writers go on; tty_lock
 * held.
 */
static void start_tty(struct tty_struct *tty)
{
	if (!tty->stopped || tty->tco_stopped)
		return;
	tty->stopped = 0;
	if (tty->ops->start)
		tty->ops->start(tty);
	wakeup(&tty->write_wait);
	poll_wake();
}

/*
 * Back over a tab (Linux's ECHO_OP_ERASE_TAB): to the tab stop it came from,
 * counting the columns of what was typed since the line began (from the
 * column it began at) or since the tab before it; tty_lock held.
 */
static void erase_tab(struct tty_struct *tty)
{
	uint32_t cols = 0, i = tty->e;
	int after_tab = 0;

	while (i != tty->w) {
		unsigned char c = tty->buf[--i % TTY_BUF];

		if (c == '\t') {
			after_tab = 1;
			break;
		}
		if (is_ctl(c))
			cols += (tty->termios.c_lflag & ECHOCTL) ? 2 : 0;
		else if ((c & 0xc0) != 0x80)
			cols++;
	}
	if (!after_tab)
		cols += tty->canon_column;
	for (cols = 8 - (cols & 7); cols > 0; cols--)
		echo_out(tty, "\b", 1);
}

/* Take back the last character of the line being edited, and its echo. */
static void erase(struct tty_struct *tty)
{
	unsigned char c = tty->buf[--tty->e % TTY_BUF];
	uint32_t lflag = tty->termios.c_lflag;

	if (!(lflag & ECHO))
		return;
	if (c == '\t')
		erase_tab(tty);
	else if (!(lflag & ECHOE))
		echo(tty, tty->termios.c_cc[VERASE]);
	else
		echo_out(tty, "\b \b\b \b", is_ctl(c) && (lflag & ECHOCTL) ? 6 : 3);
}

static int is_word_char(unsigned char c)
{
	return (c >= '0' && c <= '9') || ((c | 040) >= 'a' && (c | 040) <= 'z') ||
	       c == '_';
}

/*
 * VERASE, VWERASE or VKILL (Linux's eraser): a character, the word before
 * the cursor (with the blanks after it: BSD's ALTWERASE), or the line.
 * Without ECHOK and ECHOKE the line goes at once, the kill character
 * echoed (and a newline under ECHOK); tty_lock held.
 */
static void eraser(struct tty_struct *tty, unsigned char c)
{
	struct termios *t = &tty->termios;
	int words = 0;

	if (tty->e == tty->w)
		return;
	if (c == t->c_cc[VKILL] && (t->c_lflag & (ECHO | ECHOK | ECHOKE | ECHOE)) !=
				   (ECHO | ECHOK | ECHOKE | ECHOE)) {
		tty->e = tty->w;
		if (!(t->c_lflag & ECHO))
			return;
		echo(tty, c);
		if (t->c_lflag & ECHOK)
			echo_out(tty, "\n", 1);
		return;
	}
	while (tty->e != tty->w) {
		unsigned char last = tty->buf[(tty->e - 1) % TTY_BUF];

		if (c == t->c_cc[VWERASE] && c != t->c_cc[VERASE]) {
			if (is_word_char(last))
				words++;
			else if (words)
				break;
		}
		erase(tty);
		if (c == t->c_cc[VERASE])
			break;
	}
}

/* The line is done: read() may have it, and O_ASYNC files hear of it. */
static void commit(struct tty_struct *tty)
{
	tty->w = tty->e;
	wakeup(tty);
	poll_wake();
	kill_fasync(&tty->fasync, SIGIO, POLL_IN);
}

/* The input slot at's bit in line_end, and the bit's byte. */
static unsigned char *line_end_byte(struct tty_struct *tty, uint32_t at, unsigned char *bit)
{
	*bit = 1 << at % 8;
	return &tty->line_end[at % TTY_BUF / 8];
}

static int is_line_end(struct tty_struct *tty, uint32_t at)
{
	unsigned char bit;

	return *line_end_byte(tty, at, &bit) & bit;
}

/* c into the input; it ends a line (canonical mode) if end. */
static void put_end(struct tty_struct *tty, char c, int end)
{
	unsigned char bit, *byte = line_end_byte(tty, tty->e, &bit);

	tty->buf[tty->e++ % TTY_BUF] = c;
	*byte = end ? *byte | bit : *byte & ~bit;
}

static void put(struct tty_struct *tty, char c)
{
	put_end(tty, c, 0);
}

/*
 * The input thrown away; tty_lock held.  A pty's writer that waits for
 * room has it now, and a master in packet mode is told (Linux's
 * n_tty_packet_mode_flush).
 */
void n_tty_flush_input(struct tty_struct *tty)
{
	tty->r = tty->w = tty->e;
	if (tty->ops->unthrottle)
		tty->ops->unthrottle(tty);
	pty_packet_status(tty, 0, TIOCPKT_FLUSHREAD);
}

/* The output not yet delivered thrown away (Linux's tty_driver_flush_buffer); tty_lock held. */
static void flush_output(struct tty_struct *tty)
{
	if (tty->ops->flush_buffer)
		tty->ops->flush_buffer(tty);
}

/*
 * A signal character (Linux's n_tty_receive_signal_char): its signal to the
 * foreground group, if the terminal has one, the output (echoes held too)
 * and input thrown away unless NOFLSH, and the character echoed.
 */
static void receive_signal_char(struct tty_struct *tty, int sig,
				unsigned char c)
{
	if (tty->pgrp)
		kill_pgrp(tty->pgrp, sig);
	if (!(tty->termios.c_lflag & NOFLSH)) {
		tty->nheld = 0;
		flush_output(tty);
		n_tty_flush_input(tty);
	}
	echo(tty, c);
}

/* The signal character c is, under ISIG, or 0; a 0 in c_cc is none. */
static int signal_char(const struct termios *t, unsigned char c)
{
	if (!(t->c_lflag & ISIG) || !c)
		return 0;
	if (c == t->c_cc[VINTR])
		return SIGINT;
	if (c == t->c_cc[VQUIT])
		return SIGQUIT;
	if (c == t->c_cc[VSUSP])
		return SIGTSTP;
	return 0;
}

/*
 * A character into the line being edited, echoed; a newline, EOL or EOF
 * hands the line to read(), unless it is taken literally (after ^V).  The
 * last slot is kept for the newline that ends a line; tty_lock held.
 */
static void canon_put(struct tty_struct *tty, unsigned char c, int literal)
{
	struct termios *t = &tty->termios;
	int ends = !literal &&
		   (c == '\n' || c == t->c_cc[VEOF] || (c == t->c_cc[VEOL] && c));

	if (tty->e - tty->r >= TTY_BUF - (ends ? 0 : 1))
		return;
	if (tty->e == tty->w)
		tty->canon_column = tty->column;
	put_end(tty, c, ends);
	if (ends && c == '\n') {
		if (t->c_lflag & (ECHO | ECHONL))	/* ECHONL: even without ECHO */
			echo_out(tty, "\n", 1);
	} else if (!ends || c != t->c_cc[VEOF]) {	/* read() stops at EOF and drops it */
		echo(tty, c);
	}
	if (ends)
		commit(tty);
}

/*
 * The editing characters of canonical mode (Linux's
 * n_tty_receive_char_special): VERASE, VKILL and, under IEXTEN, VWERASE,
 * VLNEXT (the next character is taken as it is: ^ is echoed, and backed
 * over) and VREPRINT (the line is echoed again, on a line of its own).
 * 1 if c was one; tty_lock held.
 */
static int canon_special(struct tty_struct *tty, unsigned char c)
{
	struct termios *t = &tty->termios;
	int iexten = t->c_lflag & IEXTEN;

	if (!c)		/* a 0 in c_cc is no character */
		return 0;
	if (c == t->c_cc[VERASE] || c == t->c_cc[VKILL] ||
	    (iexten && c == t->c_cc[VWERASE])) {
		eraser(tty, c);
	} else if (iexten && c == t->c_cc[VLNEXT]) {
		tty->lnext = 1;
		if ((t->c_lflag & (ECHO | ECHOCTL)) == (ECHO | ECHOCTL))
			echo_out(tty, "^\b", 2);
	} else if (iexten && c == t->c_cc[VREPRINT] && (t->c_lflag & ECHO)) {
		echo(tty, c);
		echo_out(tty, "\n", 1);
		for (uint32_t i = tty->w; i != tty->e; i++)
			echo(tty, tty->buf[i % TTY_BUF]);
	} else {
		return 0;
	}
	return 1;
}

/*
 * One typed character, \r already made \n; tty_lock held.  Under IXON
 * the START and STOP characters (^Q, ^S) start and stop the output and
 * are not input (Linux's n_tty_receive_char_flow_ctrl); under IXANY too
 * any other but a signal character starts it.
 */
static void receive(struct tty_struct *tty, unsigned char c)
{
	struct termios *t = &tty->termios;
	int sig = signal_char(t, c);

	if ((t->c_iflag & IXON) && (c == t->c_cc[VSTART] || c == t->c_cc[VSTOP])) {
		if (c == t->c_cc[VSTART]) {
			start_tty(tty);
			flush_held(tty);
		} else {
			stop_tty(tty);
		}
		return;
	}
	if (sig) {
		receive_signal_char(tty, sig, c);
		return;
	}
	if ((t->c_iflag & (IXON | IXANY)) == (IXON | IXANY)) {
		start_tty(tty);
		flush_held(tty);
	}
	if (!(t->c_lflag & ICANON)) {
		if (tty->e - tty->r < TTY_BUF) {
			put(tty, c);
			echo(tty, c);
			commit(tty);
		}
		return;
	}
	if (!canon_special(tty, c))
		canon_put(tty, c, 0);
}

/* From the keyboard or serial interrupt, interrupts off. */
void tty_receive(char c)
{
	spin_lock(&tty_lock);
	n_tty_receive_char(&console_tty, c);
	spin_unlock(&tty_lock);
}

/*
 * A character typed on the console, or that a pty's master wrote, as
 * typed on its slave: CR and LF as
 * IGNCR, ICRNL and INLCR say (Linux's n_tty_receive_char_special);
 * tty_lock held.
 */
void n_tty_receive_char(struct tty_struct *tty, unsigned char c)
{
	uint32_t iflag = tty->termios.c_iflag;

	if (tty->lnext) {	/* after ^V: no translation, nothing special */
		tty->lnext = 0;
		canon_put(tty, c, 1);
		return;
	}
	if (c == '\r') {
		if (iflag & IGNCR)
			return;
		if (iflag & ICRNL)
			c = '\n';
	} else if (c == '\n' && (iflag & INLCR)) {
		c = '\r';
	}
	receive(tty, c);
}

/*
 * A character into input that is never edited nor echoed and has no
 * signal characters (a pty's master: its termios is raw and no ioctl
 * reaches it); tty_lock held, and room for it.
 */
void n_tty_receive_raw(struct tty_struct *tty, unsigned char c)
{
	put(tty, c);
	commit(tty);
}

/*
 * How many more characters the input takes (Linux's receive_room);
 * tty_lock held.  In canonical mode with no whole line to read, what does
 * not fit is taken and dropped (receive keeps the last slot for the
 * newline), so that a writer never waits for a reader who waits for it.
 */
int n_tty_receive_room(struct tty_struct *tty)
{
	int left = TTY_BUF - (tty->e - tty->r);

	if (left <= 0 && (tty->termios.c_lflag & ICANON) && tty->w == tty->r)
		left = 1;
	return left;
}

/*
 * Wait until at least want characters can be read; tty_lock held, as it is
 * while sleeping is decided (sleep_on), so no input is missed.  A hangup
 * wakes the reader: what it has then is all it will get.  A pty whose
 * other end has closed has what is left, then EIO, even for a reader a
 * signal woke (Linux's n_tty_read looks at that first: a session on a pty
 * whose master closes reads EIO, though the hangup's SIGHUP came too).  A
 * master in packet mode reads a status of its slave's before all that.
 */
static int wait_input(struct tty_struct *tty, struct file *f, uint32_t want,
		      uint64_t until)
{
	int err = 0;

	while (tty->w - tty->r < want) {
		if (until && get_jiffies_64() >= until)
			return 0;	/* VTIME ran out: what there is */
		if (tty->packet && tty->link->pktstatus)
			return 0;	/* a status to read first */
		if (tty->flags & TTY_OTHER_CLOSED)
			return tty->w == tty->r ? -EIO : 0;
		if (tty_hung_up_p(f))
			return 0;
		if (err)
			return err;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (sleep_on(tty, &tty_lock, until))
			err = -ERESTARTSYS;
	}
	return 0;
}

/*
 * Gives the user c, the character at tty->r, and takes it from the input;
 * tty_lock held, and let go meanwhile.  If ^C threw the input away while
 * the lock was let go, c is still the user's, and nothing more is taken.
 */
static int take_char(struct tty_struct *tty, char c, char *udst,
		     uint32_t *flags)
{
	uint32_t r = tty->r;
	int err;

	spin_unlock_irqrestore(&tty_lock, *flags);
	err = copy_to_user(udst, &c, 1);
	spin_lock_irqsave(&tty_lock, *flags);
	if (!err && tty->r == r)
		tty->r++;
	return err;
}

/* Canonical: at most one line; Ctrl-D ends it without being read (not one after ^V). */
static long read_line(struct tty_struct *tty, struct file *f, char *ubuf,
		      uint32_t n, uint32_t *flags)
{
	uint32_t got = 0;
	int err = wait_input(tty, f, 1, 0);

	if (err)
		return err;
	while (got < n && tty->r != tty->w) {
		char c = tty->buf[tty->r % TTY_BUF];
		int end = is_line_end(tty, tty->r);

		if (end && (unsigned char)c == tty->termios.c_cc[VEOF]) {
			tty->r++;
			break;
		}
		if (take_char(tty, c, ubuf + got, flags))
			return got ? (long)got : -EFAULT;
		got++;
		if (end)
			break;
	}
	return got;
}

/*
 * Raw: VMIN and VTIME say how long to wait (POSIX's four cases): for VMIN
 * characters (or n); with VTIME too, after the first, until VTIME tenths of
 * a second pass without another; with VTIME alone, up to VTIME for one;
 * with neither, not at all.  Then what is there is taken.
 */
static long read_raw(struct tty_struct *tty, struct file *f, char *ubuf,
		     uint32_t n, uint32_t *flags)
{
	uint32_t want = tty->termios.c_cc[VMIN], got = 0, have;
	uint64_t vtime = tty->termios.c_cc[VTIME] * (uint64_t)HZ / 10;
	int err;

	if (want > n)
		want = n;
	if (want > 1 && (f->flags & O_NONBLOCK))
		want = 1;	/* take what there is, or EAGAIN */
	if (vtime && !(f->flags & O_NONBLOCK)) {
		err = wait_input(tty, f, 1, want ? 0 : get_jiffies_64() + vtime);
		/* each character that comes starts VTIME again */
		while (!err && (have = tty->w - tty->r) && have < want) {
			err = wait_input(tty, f, have + 1, get_jiffies_64() + vtime);
			if (tty->w - tty->r == have)
				break;
		}
	} else {
		err = wait_input(tty, f, want, 0);
	}
	if (err)
		return err;
	while (got < n && tty->r != tty->w) {
		if (take_char(tty, tty->buf[tty->r % TTY_BUF], ubuf + got, flags))
			return got ? (long)got : -EFAULT;
		got++;
	}
	return got;
}

/*
 * A pty master in packet mode (TIOCPKT, Linux's n_tty_read): a status of
 * its slave's is read alone, a byte; else the data, after a TIOCPKT_DATA
 * byte (which a read of one byte gets alone).
 */
static long read_packet(struct tty_struct *tty, struct file *f, char *ubuf,
			uint32_t n, uint32_t *flags)
{
	char status;
	long r;
	int err = wait_input(tty, f, 1, 0);

	if (err)
		return err;
	status = tty->link->pktstatus;
	if (!status && tty->w == tty->r)
		return 0;
	tty->link->pktstatus = 0;
	spin_unlock_irqrestore(&tty_lock, *flags);
	err = copy_to_user(ubuf, &status, 1);
	spin_lock_irqsave(&tty_lock, *flags);
	if (err)
		return -EFAULT;
	if (status)
		return 1;
	r = read_raw(tty, f, ubuf + 1, n - 1, flags);
	return r < 0 ? r : r + 1;
}

/*
 * read(): a process of a background group reading its controlling terminal
 * is stopped by SIGTTIN first (POSIX's job control; tty_jobctrl.c), except
 * through /dev/console, which Linux never stops.
 */
long n_tty_read(struct tty_struct *tty, struct file *f, char *ubuf, uint32_t n)
{
	uint32_t flags;
	long r;

	if (!tty_is_console(f) && (r = __tty_check_change(tty, SIGTTIN)) != 0)
		return r;
	if (n == 0)
		return 0;
	spin_lock_irqsave(&tty_lock, flags);
	if (tty->packet)
		r = read_packet(tty, f, ubuf, n, &flags);
	else if (tty->termios.c_lflag & ICANON)
		r = read_line(tty, f, ubuf, n, &flags);
	else
		r = read_raw(tty, f, ubuf, n, &flags);
	if (r > 0 && tty->ops->unthrottle)
		tty->ops->unthrottle(tty);
	spin_unlock_irqrestore(&tty_lock, flags);
	return r;
}

/* Whether the driver takes output now: not while it is stopped (TCOOFF); tty_lock held. */
static int output_room(struct tty_struct *tty)
{
	return !tty->stopped && (!tty->ops->output_room || tty->ops->output_room(tty) > 0);
}

/*
 * Wait until the driver has room for output (a pty: its other end's input
 * is not full) and the output is not stopped; 0, or EIO once the file is
 * hung up, EAGAIN, ERESTARTSYS.
 */
static int wait_room(struct tty_struct *tty, struct file *f)
{
	uint32_t flags;
	int err = 0;

	spin_lock_irqsave(&tty_lock, flags);
	for (;;) {
		if (tty_hung_up_p(f)) {
			err = -EIO;
			break;
		}
		if (output_room(tty))
			break;
		if (f->flags & O_NONBLOCK) {
			err = -EAGAIN;
			break;
		}
		if (sleep_on(&tty->write_wait, &tty_lock, 0)) {
			err = -ERESTARTSYS;
			break;
		}
	}
	spin_unlock_irqrestore(&tty_lock, flags);
	return err;
}

/*
 * write(): the driver takes the output (tty->ops->output), as much as it
 * has room for; the writer waits for the rest.  With TOSTOP a background
 * process is stopped by SIGTTOU first, except through /dev/console.
 */
long n_tty_write(struct tty_struct *tty, struct file *f, const char *ubuf,
		 uint32_t n)
{
	char chunk[128];
	uint32_t done = 0, i, flags;
	long err;

	if ((tty->termios.c_lflag & TOSTOP) && !tty_is_console(f) &&
	    (err = tty_check_change(tty)) != 0)
		return err;
	if (tty->nheld) {	/* the echoes held go first, if they may */
		spin_lock_irqsave(&tty_lock, flags);
		flush_held(tty);
		spin_unlock_irqrestore(&tty_lock, flags);
	}
	while (done < n) {
		uint32_t k = n - done < sizeof(chunk) ? n - done : sizeof(chunk);

		if (copy_from_user(chunk, ubuf + done, k))
			return done ? (long)done : -EFAULT;
		spin_lock_irqsave(&tty_lock, flags);
		for (i = 0; i < k; i++)
			advance_column(tty, chunk[i]);
		spin_unlock_irqrestore(&tty_lock, flags);
		for (i = 0; i < k; ) {
			if ((err = wait_room(tty, f)) != 0)
				return done + i ? (long)(done + i) : err;
			i += tty->ops->output(tty, chunk + i, k - i);
		}
		done += k;
		cond_resched();
	}
	return done;
}

/* A termio's fields over those of t (Linux's user_termio_to_kernel_termios). */
static void termio_to_termios(struct termios *t, const struct termio *tio)
{
	t->c_iflag = (t->c_iflag & 0xffff0000) | tio->c_iflag;
	t->c_oflag = (t->c_oflag & 0xffff0000) | tio->c_oflag;
	t->c_cflag = (t->c_cflag & 0xffff0000) | tio->c_cflag;
	t->c_lflag = (t->c_lflag & 0xffff0000) | tio->c_lflag;
	t->c_line = tio->c_line;
	memcpy(t->c_cc, tio->c_cc, NCC);
}

/*
 * TCSETS, TCSETSW, TCSETSF, and TCSETA, TCSETAW, TCSETAF with a termio,
 * which changes only the part of the termios it has: a background process
 * is stopped by SIGTTOU before anything is read (Linux's set_termios).
 * Output is never queued, so TCSETSW has nothing to wait for.
 */
long n_tty_set_termios(struct tty_struct *tty, uint32_t cmd, const void *uarg)
{
	int termio = cmd == TCSETA || cmd == TCSETAW || cmd == TCSETAF;
	struct termios t, old;
	struct termio tio;
	uint32_t flags;
	long err;

	if ((err = tty_check_change(tty)) != 0)
		return err;
	if (termio ? copy_from_user(&tio, uarg, sizeof(tio)) :
		     copy_from_user(&t, uarg, sizeof(t)))
		return -EFAULT;
	spin_lock_irqsave(&tty_lock, flags);
	old = tty->termios;
	if (termio) {
		t = old;
		termio_to_termios(&t, &tio);
	}
	if (cmd == TCSETSF || cmd == TCSETAF)
		n_tty_flush_input(tty);
	tty->termios = t;
	if (tty->ops->set_termios)
		tty->ops->set_termios(tty, &old);
	if ((old.c_lflag & ICANON) && !(t.c_lflag & ICANON))
		commit(tty);	/* a half-typed line becomes readable */
	spin_unlock_irqrestore(&tty_lock, flags);
	return 0;
}

/*
 * TCXONC (Linux's n_tty_ioctl_helper): TCOOFF stops the output, writers
 * wait, until TCOON (^Q does not start it then); TCIOFF and TCION send
 * the terminal's STOP or START character, as for a device at the other
 * end of a line.
 */
static long tcxonc(struct tty_struct *tty, uint32_t arg)
{
	unsigned char c = tty->termios.c_cc[arg == TCIOFF ? VSTOP : VSTART];
	uint32_t flags;

	if (arg > TCION)
		return -EINVAL;
	if (arg == TCIOFF || arg == TCION) {
		if (c)		/* 0: no such character */
			tty->ops->output(tty, (char *)&c, 1);
		return 0;
	}
	spin_lock_irqsave(&tty_lock, flags);
	if (arg == TCOOFF && !tty->tco_stopped) {
		tty->tco_stopped = 1;
		stop_tty(tty);
	} else if (arg == TCOON && tty->tco_stopped) {
		tty->tco_stopped = 0;
		start_tty(tty);
	}
	spin_unlock_irqrestore(&tty_lock, flags);
	return 0;
}

/* TCFLSH: the input, the output not yet delivered, or both thrown away. */
static long tcflsh(struct tty_struct *tty, uint32_t arg)
{
	uint32_t flags;

	if (arg > TCIOFLUSH)
		return -EINVAL;
	spin_lock_irqsave(&tty_lock, flags);
	if (arg != TCOFLUSH)
		n_tty_flush_input(tty);
	if (arg != TCIFLUSH)
		flush_output(tty);
	spin_unlock_irqrestore(&tty_lock, flags);
	return 0;
}

/* The line discipline's ioctls (Linux's n_tty_ioctl): ENOTTY for the rest. */
long n_tty_ioctl(struct tty_struct *tty, uint32_t cmd, uint32_t arg)
{
	uint32_t flags;
	long err;
	int n;

	switch (cmd) {
	case FIONREAD:
		spin_lock_irqsave(&tty_lock, flags);
		n = tty->w - tty->r;
		spin_unlock_irqrestore(&tty_lock, flags);
		return copy_to_user((void *)arg, &n, sizeof(n)) ? -EFAULT : 0;
	case TCXONC:
		if ((err = tty_check_change(tty)) != 0)
			return err;
		return tcxonc(tty, arg);
	case TCFLSH:
		if ((err = tty_check_change(tty)) != 0)
			return err;
		return tcflsh(tty, arg);
	}
	return -ENOTTY;
}

/*
 * poll: POLLIN with input to read, POLLPRI and POLLIN with a status to
 * read in packet mode, POLLOUT while the driver takes output, and POLLHUP
 * for a pty whose other end is closed (Linux's n_tty_poll).
 */
int n_tty_poll(struct tty_struct *tty, struct file *f)
{
	uint32_t flags;
	int mask = 0;

	spin_lock_irqsave(&tty_lock, flags);
	if (tty->w != tty->r)
		mask |= POLLIN;
	if (tty->packet && tty->link->pktstatus)
		mask |= POLLPRI | POLLIN;
	if (tty->flags & TTY_OTHER_CLOSED)
		mask |= POLLHUP;
	if (output_room(tty))
		mask |= POLLOUT;
	spin_unlock_irqrestore(&tty_lock, flags);
	return mask;
}
