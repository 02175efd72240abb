/*
 * The terminals: the console tty, the terminal on the serial line and the
 * PS/2 keyboard, echoed on the screen too, and the pseudo-terminals.  The
 * console is /dev/ttyS0 (4, 64); /dev/console (5, 1) opens the same
 * terminal, and /dev/tty (5, 0) whichever terminal is the caller's
 * controlling terminal.  Each open of /dev/ptmx (5, 2) makes a new
 * pseudo-terminal, whose other end is /dev/pts/N (136, N).  Four files, as
 * in Linux:
 *
 *   tty_io.c      the device: open, read, write, ioctl, poll; hangup
 *   n_tty.c       the line discipline: typed characters, echo, line
 *                 editing, the signal characters, what read() gets
 *   tty_jobctrl.c sessions and job control: the controlling terminal, the
 *                 foreground process group, SIGTTIN and SIGTTOU
 *   pty.c         the pseudo-terminals: /dev/ptmx and /dev/pts/N
 *
 * docs/tty.md tells the whole story.
 */
#ifndef DRIVERS_TTY_H
#define DRIVERS_TTY_H

#include <stdint.h>
#include "kernel/spinlock.h"

struct file;
struct inode;

/* termios, as the i386 TCGETS ioctl has it */
#define NCCS	19
struct termios {
	uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
	uint8_t c_line;
	uint8_t c_cc[NCCS];
};

/*
 * System V's older termio (TCGETA, TCSETA*): each flag's low 16 bits, the
 * line and the first NCC special characters of the termios.
 */
#define NCC	8
struct termio {
	uint16_t c_iflag, c_oflag, c_cflag, c_lflag;
	uint8_t c_line;
	uint8_t c_cc[NCC];
};

struct winsize {
	uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};

/* c_cc: the special characters */
#define VINTR	0
#define VQUIT	1
#define VERASE	2
#define VKILL	3
#define VEOF	4
#define VTIME	5
#define VMIN	6
#define VSTART	8
#define VSTOP	9
#define VSUSP	10
#define VEOL	11
#define VREPRINT	12
#define VWERASE	14
#define VLNEXT	15

/* c_cflag: the character size and parity, which a pty's slave keeps at CS8 */
#define CSIZE	0000060
#define CS8	0000060
#define CREAD	0000200
#define PARENB	0000400

/* c_lflag */
#define ISIG	0000001
#define ICANON	0000002
#define ECHO	0000010
#define ECHOE	0000020
#define ECHOK	0000040
#define ECHONL	0000100
#define NOFLSH	0000200
#define TOSTOP	0000400
#define ECHOCTL	0001000
#define ECHOKE	0004000
#define IEXTEN	0100000

/* The tty ioctls, Linux's i386 numbers */
#define TCGETS		0x5401
#define TCSETS		0x5402
#define TCSETSW		0x5403
#define TCSETSF		0x5404
#define TCGETA		0x5405
#define TCSETA		0x5406
#define TCSETAW		0x5407
#define TCSETAF		0x5408
#define TCSBRK		0x5409
#define TCXONC		0x540A
#define TCFLSH		0x540B
#define TIOCSCTTY	0x540E
#define TIOCGPGRP	0x540F
#define TIOCSPGRP	0x5410
#define TIOCGWINSZ	0x5413
#define TIOCSWINSZ	0x5414
#define TIOCPKT		0x5420
#define TIOCNOTTY	0x5422
#define TCSBRKP		0x5425
#define TIOCGSID	0x5429
#define TIOCGPTN	0x80045430	/* _IOR('T', 0x30, unsigned int) */
#define TIOCSPTLCK	0x40045431	/* _IOW('T', 0x31, int) */
#define TIOCSIG		0x40045436	/* _IOW('T', 0x36, int) */
#define TIOCGPKT	0x80045438	/* _IOR('T', 0x38, int) */
#define TIOCGPTLCK	0x80045439	/* _IOR('T', 0x39, int) */
#define TIOCGPTPEER	0x5441		/* _IO('T', 0x41) */

/* TCXONC's and TCFLSH's arguments */
#define TCOOFF		0
#define TCOON		1
#define TCIOFF		2
#define TCION		3
#define TCIFLUSH	0
#define TCOFLUSH	1
#define TCIOFLUSH	2

/* The status byte a pty master reads in packet mode (TIOCPKT): what the slave did. */
#define TIOCPKT_DATA		0	/* none: data follows */
#define TIOCPKT_FLUSHREAD	1	/* its input was thrown away */
#define TIOCPKT_FLUSHWRITE	2	/* its output was */
#define TIOCPKT_STOP		4	/* its output was stopped (TCOOFF) */
#define TIOCPKT_START		8	/* and started again */
#define TIOCPKT_NOSTOP		16	/* ^S and ^Q no longer stop and start it (IXON) */
#define TIOCPKT_DOSTOP		32	/* they do again */

/* c_iflag, c_oflag: what input and output processing is done here */
#define IGNCR	0000200
#define IXON	0002000
#define IXANY	0004000
#define ICRNL	0000400
#define INLCR	0000100
#define OPOST	0000001
#define ONLCR	0000004
#define OCRNL	0000010
#define ONLRET	0000040

/* A driver's ioctl leaves cmd to the generic ones (Linux's, never seen by a user). */
#define ENOIOCTLCMD	515

#define TTY_BUF	4096
#define TTY_HELD	256	/* echoes held while the output is stopped; the rest are lost */

#define UNIX98_PTY_SLAVE_MAJOR	136
#define NR_UNIX98_PTY_MAX	64	/* Linux's /proc/sys/kernel/pty/max is 4096 */

/* A new terminal's termios, Linux's tty_std_termios: ICRNL IXON, OPOST
 * ONLCR, B38400 CS8 CREAD HUPCL, and ^C ^\ DEL ^U ^D time 0 min 1 ... ^Z ... */
#define TTY_STD_TERMIOS { \
	.c_iflag = ICRNL | 0002000, \
	.c_oflag = OPOST | ONLCR, \
	.c_cflag = 0000017 | 0000060 | 0000200 | 0002000, \
	.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | \
		   ECHOKE | IEXTEN, \
	.c_cc = "\003\034\177\025\004\0\1\0\021\023\032\0\022\017\027\026\0", \
}

struct tty_struct;

/*
 * A terminal's driver (Linux's tty_operations): where its output goes, and
 * what it does on its own.  The console's output is the screen and the
 * serial line (console_write); a pseudo-terminal's is the input of its
 * other end (pty.c).  The members are not named write and ioctl as
 * Linux's, so that scripts/stackcheck does not take them for a file's.
 */
struct tty_operations {
	/*
	 * Output written by a task, tty_lock not held: how many of the n
	 * bytes the driver took; 0 when it has no room (then the writer
	 * waits on tty->write_wait until unthrottle, or the hangup).
	 */
	int (*output)(struct tty_struct *tty, const char *buf, int n);
	/* How many bytes output would take now; tty_lock held.  NULL: always room. */
	int (*output_room)(struct tty_struct *tty);
	/* The line discipline's echo, tty_lock held: what does not fit is
	 * lost.  NULL: the terminal never echoes (a pty's master, whose
	 * termios no ioctl reaches: ECHO stays off). */
	void (*echo)(struct tty_struct *tty, const char *buf, int n);
	/* The driver's own ioctls, before the generic ones; ENOIOCTLCMD for the rest. */
	long (*driver_ioctl)(struct tty_struct *tty, struct file *f, uint32_t cmd,
		      uint32_t arg);
	/* A file open on it is closed (tty->count is already one less). */
	void (*close)(struct tty_struct *tty);
	/* read() took input, so the writer of it may have room again. */
	void (*unthrottle)(struct tty_struct *tty);
	/*
	 * The output not yet delivered is thrown away (TCOFLUSH, a signal
	 * character); the output was stopped (TCOOFF) or started again; the
	 * termios were changed from *old.  Each with tty_lock held; NULL:
	 * nothing to do.
	 */
	void (*flush_buffer)(struct tty_struct *tty);
	void (*stop)(struct tty_struct *tty);
	void (*start)(struct tty_struct *tty);
	void (*set_termios)(struct tty_struct *tty, const struct termios *old);
};

/* tty->flags, Linux's names */
#define TTY_OTHER_CLOSED	1	/* a pty whose other end is closed */
#define TTY_PTY_LOCK		2	/* a pty slave not yet unlocked (unlockpt) */

/* tty->subtype: which end of a pseudo-terminal; 0 for the console */
#define PTY_TYPE_MASTER	1
#define PTY_TYPE_SLAVE	2

/*
 * A terminal (Linux's struct tty_struct).  What the keyboard and serial
 * interrupts read or change is tty_lock's: the input ring and the termios
 * (n_tty.c), and pgrp, which ^C, ^Z and ^\ signal.  pgrp, session and
 * hangups change only in tasks, under tty_lock; a task may read them
 * without it.  One tty_lock serves every terminal: a pty's write goes
 * into its other end's input under it.
 */
struct tty_struct {
	/* The input: a ring of TTY_BUF bytes indexed by free-running
	 * counters, [r, w) what read() may take, [w, e) the line still being
	 * edited. */
	char *buf;
	uint32_t r, w, e;
	/* A bit for each slot of buf: the character there ends a line in
	 * canonical mode (newline, EOL, EOF; not one typed after ^V), where a
	 * read stops (Linux's read_flags). */
	unsigned char line_end[TTY_BUF / 8];
	struct termios termios;
	struct winsize winsize;
	uint32_t dev;		/* its device number: /proc/PID/stat's tty_nr */
	int pgrp;		/* the foreground process group; 0: none */
	int session;		/* whose controlling terminal it is; 0: nobody's */
	uint32_t hangups;	/* a file opened before the last is hung up */
	const struct tty_operations *ops;
	int count;		/* the files open on it */
	uint32_t flags;		/* TTY_OTHER_CLOSED, TTY_PTY_LOCK */
	int subtype;		/* PTY_TYPE_MASTER or _SLAVE; 0: the console */
	int index;		/* a pty's N, as in /dev/pts/N */
	struct tty_struct *link;	/* a pty's other end */
	char write_wait;	/* a channel: writers waiting for room */
	int stopped;		/* output stopped (^S, TCOOFF): writers wait, echoes are held */
	int tco_stopped;	/* by TCOOFF, which only TCOON undoes */
	char held[TTY_HELD];	/* the echoes held, given to the driver at the start */
	int nheld;
	int packet;		/* a master in packet mode (TIOCPKT) */
	/* A slave's: the TIOCPKT_ bits its master in packet mode has yet to read. */
	unsigned char pktstatus;
	struct fasync_struct *fasync;	/* O_ASYNC files: SIGIO when input is there */
	int lnext;		/* ^V was typed: the next character is taken as it is */
	/* The terminal's cursor column, as the output and echo under OPOST
	 * moved it, and where the line being edited began: erasing a tab
	 * goes back to the column it came from (Linux's column, canon_column). */
	uint32_t column, canon_column;
};

extern spinlock_t tty_lock;
extern struct tty_struct console_tty;

/* tty_io.c: the device */
extern const struct file_operations tty_fops;	/* (4, 64), (5, 0), (5, 1): fs/devices.c */
struct tty_struct *file_tty(struct file *f);
int tty_hung_up_p(struct file *f);
int tty_is_console(struct file *f);
void tty_vhangup_session(struct tty_struct *tty);
void tty_vhangup(struct tty_struct *tty);
int tty_holds_pid(int pid);

/* n_tty.c: the line discipline */
void tty_receive(char c);	/* a typed character, from serial.c and keyboard.c */
void n_tty_receive_char(struct tty_struct *tty, unsigned char c);
void n_tty_receive_raw(struct tty_struct *tty, unsigned char c);
int n_tty_receive_room(struct tty_struct *tty);
long n_tty_read(struct tty_struct *tty, struct file *f, char *ubuf, uint32_t n);
long n_tty_write(struct tty_struct *tty, struct file *f, const char *ubuf,
		 uint32_t n);
long n_tty_ioctl(struct tty_struct *tty, uint32_t cmd, uint32_t arg);
long n_tty_set_termios(struct tty_struct *tty, uint32_t cmd, const void *uarg);
void n_tty_flush_input(struct tty_struct *tty);
int n_tty_poll(struct tty_struct *tty, struct file *f);

/* tty_jobctrl.c: sessions and job control */
int __tty_check_change(struct tty_struct *tty, int sig);
int tty_check_change(struct tty_struct *tty);
void tty_open_proc_set_tty(struct file *f, struct tty_struct *tty);
void tty_signal_session_leader(struct tty_struct *tty, int exit_session);
void disassociate_ctty(int on_exit);
void proc_clear_tty(void);
long tty_jobctrl_ioctl(struct tty_struct *tty, struct tty_struct *real_tty,
		       struct file *f, uint32_t cmd, uint32_t arg);

/* pty.c: the pseudo-terminals */
struct tty_struct *ptmx_open(int *err);
struct tty_struct *pty_slave_lookup(int index, int *err);
int pty_holds_pid(int pid);
void pty_packet_status(struct tty_struct *tty, int clear, int set);

#endif
