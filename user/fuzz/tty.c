// Operations on terminals and job control: the tty ioctls with arguments sometimes right
// and often wrong, sessions and process groups, and stop and continue signals to the
// process's own children. Workers only: a child that touched the terminal from a
// background group would be stopped by SIGTTOU, and a worker's blocking wait for it
// would never end.
//
// Each worker leads a session of its own, with no controlling terminal (worker.c), and
// its group is orphaned (its parent is in another session): job control never stops
// it, its calls fail EIO instead. On shmos it opens the console (/dev/ttyS0 or
// /dev/console: it is root) and may make it its session's controlling terminal, give
// the foreground to a child's group, take it back, let it go; fuzz's main puts the
// console's settings back when the workers are done (tty_restore). It never reads the
// terminal (a read would wait for a key) nor writes to it (the harness reads the
// console). On Linux it opens nothing but /dev/tty, which a process with no
// controlling terminal cannot: the terminal fuzz was started from is never touched.
// On both it also opens /dev/ptmx, a pseudo-terminal of its own: it types on it (the
// master), reads the echo, opens the slave (TIOCGPTPEER) and writes and reads there; it
// never makes the slave its terminal (TIOCSCTTY through the master is left out), so the
// master's close sends it no SIGHUP and its typed ^C, ^\ and ^Z no signal.
// Every child it stops it continues before it returns.
#include "fuzz.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termio.h>
#include <termios.h>
#include <unistd.h>

static int tty_fd = -1;		// a terminal this worker opened, or -1
static int tty_is_ptm;		// tty_fd is a pty's master (/dev/ptmx)
static struct termios saved;	// the console's settings before the workers (main)
static int have_saved;

// fuzz's main, before the workers and after: the console as it found it (shmos only).
void tty_save(void)
{
	have_saved = on_shmos() && tcgetattr(0, &saved) == 0;
}

void tty_restore(void)
{
	if (have_saved)
		tcsetattr(0, TCSANOW, &saved);
}

static void tty_open(void)
{
	static const char *shmos_paths[] = { "/dev/tty", "/dev/ttyS0", "/dev/console" };
	const char *path = chance(25) ? "/dev/ptmx" : on_shmos() ? PICK(shmos_paths) : "/dev/tty";
	long flags = O_RDWR | O_NONBLOCK | (chance(50) ? O_NOCTTY : 0) | (chance(10) ? O_WRONLY : 0);
	long fd = SC(SYS_open, path, flags, 0, 0, 0);

	if (fd < 0)
		return;
	if (tty_fd >= 0)
		SC(SYS_close, tty_fd, 0, 0, 0, 0);
	tty_fd = fd;
	tty_is_ptm = strcmp(path, "/dev/ptmx") == 0;
}

// Bytes to type on a pty: letters, newlines, CRs, erase, kill, EOF and the signal characters.
static long some_keys(void)
{
	static const char keys[] = "ab\n\r\177\025\004\003\032\034";
	long n = below(64);

	for (long i = 0; i < n; i++)
		scratch[i] = keys[below(sizeof(keys) - 1)];
	return n;
}

// A pty's traffic: the master types and reads the echo; the slave, opened through the
// master, writes and reads. Nothing blocks: every descriptor is O_NONBLOCK.
static void pty_traffic(void)
{
	int *unlock = (int *)(scratch + 256);	// past the keys
	long n = some_keys(), peer;

	if (tty_fd < 0 || !tty_is_ptm)
		return;
	SC(SYS_write, tty_fd, scratch, n, 0, 0);
	SC(SYS_read, tty_fd, scratch, below(128), 0, 0);
	*unlock = 0;
	if (chance(80))
		SC(SYS_ioctl, tty_fd, TIOCSPTLCK, unlock, 0, 0);	// unlockpt
	peer = SC(SYS_ioctl, tty_fd, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_NONBLOCK, 0, 0);
	if (peer < 0)
		return;
	n = some_keys();
	SC(SYS_write, peer, scratch, n, 0, 0);
	SC(SYS_read, peer, scratch, below(128), 0, 0);
	SC(SYS_read, tty_fd, scratch, below(128), 0, 0);
	SC(SYS_close, peer, 0, 0, 0, 0);
}

// Is fd the terminal this worker holds? It is not in fds[] (file.c's operations
// must not close it behind tty_fd's back), so file.c asks before it dup2s onto a number.
int tty_holds(long fd)
{
	return tty_fd >= 0 && fd == tty_fd;
}

// A pid or group the caller might mean: its own, a child's, or nobody's.
static long some_pgrp(void)
{
	static const long odd[] = { 0, -1, 1, 0x7fffffff };

	switch (below(4)) {
	case 0: return getpgrp();
	case 1: case 2: return nkids ? kids[below(nkids)].pid : getpid();
	default: return PICK(odd);
	}
}

// A termios: the terminal's own, with a few bits or characters changed, or garbage.
static long some_termios(void)
{
	struct termios *t = (struct termios *)scratch;

	if (tty_fd < 0 || chance(20) || tcgetattr(tty_fd, t) < 0) {
		for (size_t i = 0; i < sizeof(*t); i++)
			scratch[i] = rnd();
		return (long)t;
	}
	switch (below(4)) {
	case 0: t->c_lflag ^= 1u << below(16); break;
	case 1: t->c_iflag ^= 1u << below(16); break;
	case 2: t->c_cc[below(NCCS)] = rnd(); break;
	default: t->c_lflag ^= TOSTOP; break;
	}
	return (long)t;
}

// System V's older termio (TCSETA*): the terminal's own with a bit or a character
// changed, or as some_termios makes it (its flags then land in the wrong fields).
static long some_termio(void)
{
	struct termio *t = (struct termio *)scratch;

	if (tty_fd < 0 || chance(30) || ioctl(tty_fd, TCGETA, t) < 0)
		return some_termios();
	if (chance(50))
		t->c_lflag ^= 1u << below(16);
	else
		t->c_cc[below(NCC)] = rnd();
	return (long)t;
}

static void tty_ioctl(void)
{
	static const long cmds[] = {
		TCGETS, TCSETS, TCSETSW, TCSETSF, TIOCGPGRP, TIOCSPGRP, TIOCSCTTY,
		TIOCNOTTY, TIOCGSID, FIONREAD, TIOCGWINSZ, TIOCSWINSZ, TCFLSH, TCXONC,
		TCSBRK, TCSBRKP, 0x5400, TIOCGPTN, TIOCSPTLCK, TIOCGPTLCK, TIOCSIG,
		TCGETA, TCSETA, TCSETAW, TCSETAF,
	};
	long cmd = PICK(cmds), fd = tty_fd >= 0 && chance(85) ? tty_fd : fd_any(), arg;
	int *pgrp = (int *)scratch;

	switch (cmd) {
	case TIOCSIG: {
		static const long sigs[] = { SIGINT, SIGQUIT, SIGTSTP, 0, SIGKILL, 99 };

		arg = PICK(sigs);	// the slave's foreground group: nobody's here
		break;
	}
	case TIOCSPTLCK:
		*pgrp = below(2);
		arg = chance(90) ? (long)pgrp : bad_ptr();
		break;
	case TIOCSPGRP:
		*pgrp = some_pgrp();
		arg = chance(90) ? (long)pgrp : bad_ptr();
		break;
	case TIOCSCTTY:
		arg = chance(70) ? 0 : chance(50) ? 1 : (long)rnd();
		break;
	case TCSETS: case TCSETSW: case TCSETSF:
		arg = chance(90) ? some_termios() : bad_ptr();
		break;
	case TCSETA: case TCSETAW: case TCSETAF:
		arg = chance(90) ? some_termio() : bad_ptr();
		break;
	case TCXONC:	// TCOOFF, TCIOFF and TCION on a pty only: the harness reads the console
		arg = fd == tty_fd && tty_is_ptm ? (long)below(5) : chance(80) ? TCOON : 4 + (long)below(99);
		break;
	case TCFLSH: case TCSBRKP:
		arg = chance(80) ? (long)below(5) : (long)rnd();
		break;
	case TCSBRK:
		arg = 1;	// tcdrain: 0 would send a break on a real line
		break;
	case 0x5400:
		cmd |= below(0x100);
		arg = ptr(64);
		break;
	default:
		arg = ptr(64);
	}
	// After the switch: 0x5400's random low byte is TIOCSCTTY (0x540E) too. Through the
	// master the slave would be its terminal, its foreground group the worker's, and the
	// next ^\ that pty_traffic types would kill the worker with SIGQUIT (seed 2718).
	if (cmd == TIOCSCTTY && fd == tty_fd && tty_is_ptm)
		return;
	SC(SYS_ioctl, fd, cmd, arg, 0, 0);
}

static void groups(void)
{
	long kid = nkids ? kids[below(nkids)].pid : 0x7fffffff;

	switch (below(6)) {
	case 0: SC(SYS_setsid, 0, 0, 0, 0, 0); break;
	case 1: SC(SYS_setpgid, 0, chance(80) ? 0 : some_pgrp(), 0, 0, 0); break;
	case 2: SC(SYS_setpgid, kid, chance(50) ? 0 : some_pgrp(), 0, 0, 0); break;
	case 3: SC(SYS_getsid, chance(50) ? kid : some_pgrp(), 0, 0, 0, 0); break;
	case 4: SC(SYS_getpgid, chance(50) ? kid : some_pgrp(), 0, 0, 0, 0); break;
	default: SC(SYS_getpgrp, 0, 0, 0, 0, 0); break;
	}
}

// Stops a child (or its group), perhaps looks at it with a wait that reaps nothing but
// an exited child (never with a bad status pointer: a stop it reported would be lost),
// and continues what it stopped.
static void stop_cont(void)
{
	static const long stops[] = { SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU };
	static int status;
	siginfo_t *si = (siginfo_t *)scratch;
	int i = nkids ? (int)below(nkids) : -1;
	long pid, r;

	if (i < 0 || kids[i].unsure)
		return;
	pid = chance(80) ? kids[i].pid : -kids[i].pid;	// its group: ESRCH unless it leads one
	SC(SYS_kill, pid, PICK(stops), 0, 0, 0);
	if (chance(50)) {
		long opt = (chance(50) ? WUNTRACED : 0) | (chance(50) ? WCONTINUED : 0) | WNOHANG;

		r = SC(SYS_wait4, kids[i].pid, &status, opt, 0, 0);
	} else {
		r = SC(SYS_waitid, P_PID, kids[i].pid, chance(90) ? (long)si : bad_ptr(),
		       WSTOPPED | WCONTINUED | WNOHANG | (chance(50) ? WNOWAIT : 0), 0);
		r = 0;		// without WEXITED it reaps nothing
	}
	SC(SYS_kill, pid, SIGCONT, 0, 0, 0);
	if ((r > 0 && !WIFSTOPPED(status) && !WIFCONTINUED(status)) || (r < 0 && errno == ECHILD))
		kids[i] = kids[--nkids];	// it had exited, and is reaped now
}

// TIOCNOTTY from a session leader sends SIGHUP to the foreground group, often the
// worker's own (Linux does the same): ignored and not blocked, it is dropped as it is
// sent, whatever op_signals did to it since.
static void ignore_sighup(void)
{
	struct sigaction ign = { .sa_handler = SIG_IGN };
	sigset_t hup;

	sigemptyset(&hup);
	sigaddset(&hup, SIGHUP);
	sigaction(SIGHUP, &ign, NULL);
	sigprocmask(SIG_UNBLOCK, &hup, NULL);
}

void op_tty(void)
{
	ignore_sighup();
	switch (below(8)) {
	case 0: tty_open(); break;
	case 7: pty_traffic(); break;
	case 1: case 2: tty_ioctl(); break;
	case 3: groups(); break;
	case 4: case 5: stop_cont(); break;
	default:
		if (tty_fd >= 0 && chance(50)) {
			SC(SYS_close, tty_fd, 0, 0, 0, 0);
			tty_fd = -1;
		} else {
			SC(SYS_ioctl, tty_fd, TIOCNOTTY, 0, 0, 0);
		}
	}
}
