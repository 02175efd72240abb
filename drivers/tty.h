/*
 * The console tty: the terminal on the serial line and the PS/2 keyboard,
 * echoed on the screen too.  It is /dev/ttyS0 (4, 64); /dev/console (5, 1)
 * opens the same terminal, and /dev/tty (5, 0) whichever terminal is the
 * caller's controlling terminal.  Three files, as in Linux:
 *
 *   tty_io.c      the device: open, read, write, ioctl, poll; hangup
 *   n_tty.c       the line discipline: typed characters, echo, line
 *                 editing, the signal characters, what read() gets
 *   tty_jobctrl.c sessions and job control: the controlling terminal, the
 *                 foreground process group, SIGTTIN and SIGTTOU
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

struct winsize {
	uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};

/* c_cc: the special characters */
#define VINTR	0
#define VQUIT	1
#define VERASE	2
#define VKILL	3
#define VEOF	4
#define VMIN	6
#define VSUSP	10
#define VEOL	11

/* c_lflag */
#define ISIG	0000001
#define ICANON	0000002
#define ECHO	0000010
#define ECHOE	0000020
#define ECHOK	0000040
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
#define TCSBRK		0x5409
#define TCXONC		0x540A
#define TCFLSH		0x540B
#define TIOCSCTTY	0x540E
#define TIOCGPGRP	0x540F
#define TIOCSPGRP	0x5410
#define TIOCGWINSZ	0x5413
#define TIOCSWINSZ	0x5414
#define TIOCNOTTY	0x5422
#define TCSBRKP		0x5425
#define TIOCGSID	0x5429

#define TTY_BUF	4096

/*
 * A terminal (Linux's struct tty_struct).  What the keyboard and serial
 * interrupts read or change is tty_lock's: the input ring and the termios
 * (n_tty.c), and pgrp, which ^C, ^Z and ^\ signal.  pgrp, session and
 * hangups change only in tasks, under tty_lock; a task may read them
 * without it.
 */
struct tty_struct {
	/* The input: a ring indexed by free-running counters, [r, w) what
	 * read() may take, [w, e) the line still being edited. */
	char buf[TTY_BUF];
	uint32_t r, w, e;
	struct termios termios;
	struct winsize winsize;
	uint32_t dev;		/* its device number: /proc/PID/stat's tty_nr */
	int pgrp;		/* the foreground process group; 0: none */
	int session;		/* whose controlling terminal it is; 0: nobody's */
	uint32_t hangups;	/* a file opened before the last is hung up */
};

extern spinlock_t tty_lock;
extern struct tty_struct console_tty;	/* the only one */

/* tty_io.c: the device */
extern const struct file_operations tty_fops;	/* (4, 64), (5, 0), (5, 1): fs/devices.c */
struct tty_struct *file_tty(struct file *f);
int tty_hung_up_p(struct file *f);
int tty_is_console(struct file *f);
void tty_vhangup_session(struct tty_struct *tty);
int tty_holds_pid(int pid);

/* n_tty.c: the line discipline */
void tty_receive(char c);	/* a typed character, from serial.c and keyboard.c */
long n_tty_read(struct tty_struct *tty, struct file *f, char *ubuf, uint32_t n);
long n_tty_write(struct tty_struct *tty, struct file *f, const char *ubuf,
		 uint32_t n);
long n_tty_ioctl(struct tty_struct *tty, uint32_t cmd, uint32_t arg);
long n_tty_set_termios(struct tty_struct *tty, uint32_t cmd, const void *uarg);
void n_tty_flush_input(struct tty_struct *tty);
int n_tty_poll(struct tty_struct *tty);

/* tty_jobctrl.c: sessions and job control */
int __tty_check_change(struct tty_struct *tty, int sig);
int tty_check_change(struct tty_struct *tty);
void tty_open_proc_set_tty(struct file *f, struct tty_struct *tty);
void tty_signal_session_leader(struct tty_struct *tty, int exit_session);
void disassociate_ctty(int on_exit);
void proc_clear_tty(void);
long tty_jobctrl_ioctl(struct tty_struct *tty, struct file *f, uint32_t cmd,
		       uint32_t arg);

#endif
