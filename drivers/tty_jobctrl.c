/*
 * Sessions and job control on a terminal (Linux's tty_jobctrl.c).
 *
 * A session (setsid) may have one controlling terminal, and a terminal
 * belongs to at most one session (tty->session).  The session leader gets
 * it by opening a terminal without O_NOCTTY when it has none and the
 * terminal is nobody's, or by TIOCSCTTY; every process it forks after that
 * has it too (task->tty), and /dev/tty opens it.  Of the session's process
 * groups one is in the foreground (tty->pgrp, TIOCSPGRP): the signal
 * characters signal it, and it alone may read the terminal or change its
 * settings.  A process of another group that tries is stopped: SIGTTIN for
 * a read, SIGTTOU for a change (and for a write under TOSTOP), unless it
 * ignores or blocks that signal, or its group is orphaned (then the call
 * fails EIO, or goes on for an ignored SIGTTOU).  The session loses the
 * terminal by TIOCNOTTY from its leader, or when the leader exits: then
 * the terminal is hung up and its foreground group gets SIGHUP.
 *
 * A process outside the session (a daemon, or a user's process that made
 * its own session) has no controlling terminal: /dev/tty gives ENXIO, and
 * without a descriptor it inherited it cannot reach the terminal at all
 * (/dev/console and /dev/ttyS0 are root's).
 */
#include "fs/fs.h"
#include "drivers/tty.h"
#include "kernel/errno.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "mm/uaccess.h"

static int session_leader(struct task *t)
{
	return t->pid == t->session;
}

/*
 * Whether the caller may read (sig SIGTTIN) or change (SIGTTOU) tty now
 * (Linux's __tty_check_change).  Only a process whose controlling terminal
 * it is can be held back, and only if its group is not the foreground one.
 * Then it fails EIO if it would not see the signal (an ignored SIGTTOU lets
 * the change go on), or if no shell could continue it (an orphaned group);
 * else its whole group gets the signal, which stops it, and the call starts
 * again once continued (ERESTARTSYS).
 */
int __tty_check_change(struct tty_struct *tty, int sig)
{
	int pgrp = tty->pgrp;

	if (current->tty != tty || !pgrp || current->pgrp == pgrp)
		return 0;
	if (sig_blocked_or_ignored(sig))
		return sig == SIGTTIN ? -EIO : 0;
	if (is_current_pgrp_orphaned())
		return -EIO;
	kill_pgrp(current->pgrp, sig);
	return -ERESTARTSYS;
}

int tty_check_change(struct tty_struct *tty)
{
	return __tty_check_change(tty, SIGTTOU);
}

/* tty becomes the caller's session's controlling terminal, its group the foreground. */
static void proc_set_tty(struct tty_struct *tty)
{
	uint32_t flags;

	spin_lock_irqsave(&tty_lock, flags);
	tty->pgrp = current->pgrp;
	tty->session = current->session;
	spin_unlock_irqrestore(&tty_lock, flags);
	current->tty = tty;
}

void proc_clear_tty(void)
{
	current->tty = NULL;
}

/* Every process of session sid, zombies too, loses its controlling terminal. */
static void session_clear_tty(int sid)
{
	for_each_task(t)
		if (t->session == sid)
			t->tty = NULL;
}

/*
 * An open without O_NOCTTY (tty_io.c): a session leader without a
 * controlling terminal gets this one if it is nobody's, as long as the
 * descriptor may read it (a write-only one would give more than it was
 * given: /dev/tty opens read-write).
 */
void tty_open_proc_set_tty(struct file *f, struct tty_struct *tty)
{
	if (session_leader(current) && !current->tty && !tty->session &&
	    (f->fmode & FMODE_READ))
		proc_set_tty(tty);
}

/* SIGHUP, then SIGCONT, to the leader of session sid, if it is there. */
static void signal_leader(int sid)
{
	struct ksiginfo info = { .code = SI_KERNEL };

	for_each_process(t) {
		if (t->pid == sid && t->state != TASK_NEW) {
			group_send_sig_info(t, SIGHUP, &info);
			group_send_sig_info(t, SIGCONT, &info);
		}
	}
}

/*
 * The hangup's part (tty_io.c): every process of the terminal's session
 * loses it.  With exit_session (its leader exits) the foreground group
 * gets SIGHUP; else (a pty's master closed) the session leader gets SIGHUP
 * and SIGCONT, as Linux sends them.
 */
void tty_signal_session_leader(struct tty_struct *tty, int exit_session)
{
	int pgrp = tty->pgrp;

	if (tty->session) {
		session_clear_tty(tty->session);
		if (!exit_session)
			signal_leader(tty->session);
	}
	if (pgrp && exit_session)
		kill_pgrp(pgrp, SIGHUP);
}

/*
 * The caller's session gives up its controlling terminal (Linux's
 * disassociate_ctty): only a session leader's call does anything.  When the
 * leader exits (on_exit) the console is hung up; a pty is not (its master's
 * holder, a terminal emulator or sshd, may go on with it): its foreground
 * group gets SIGHUP.  On TIOCNOTTY the foreground group gets SIGHUP and
 * SIGCONT (the leader too, if it is in it).  Either way the terminal is
 * nobody's after, and no process of the session has it.
 */
void disassociate_ctty(int on_exit)
{
	struct tty_struct *tty = current->tty;
	uint32_t flags;

	if (!session_leader(current))
		return;
	if (tty && on_exit && !tty->subtype) {
		tty_vhangup_session(tty);
	} else if (tty && tty->pgrp) {
		int pgrp = tty->pgrp;

		kill_pgrp(pgrp, SIGHUP);
		if (!on_exit)
			kill_pgrp(pgrp, SIGCONT);
	}
	if ((tty = current->tty) != NULL) {
		spin_lock_irqsave(&tty_lock, flags);
		tty->session = tty->pgrp = 0;
		spin_unlock_irqrestore(&tty_lock, flags);
	}
	session_clear_tty(current->session);
}

/* TIOCNOTTY: from the leader, the session's; from another, the caller's alone. */
static long no_tty(void)
{
	disassociate_ctty(0);
	proc_clear_tty();
	return 0;
}

/*
 * TIOCSCTTY: only a session leader without a controlling terminal, and for
 * a terminal that is nobody's, except that root may take it from its
 * session with arg 1; the descriptor must be readable (unless root).  Asked
 * again by the leader whose terminal it is, it does nothing.
 */
static long tiocsctty(struct tty_struct *tty, struct file *f, uint32_t arg)
{
	int root = current->euid == 0;

	if (session_leader(current) && tty->session == current->session)
		return 0;
	if (!session_leader(current) || current->tty)
		return -EPERM;
	if (tty->session) {
		if (arg != 1 || !root)
			return -EPERM;
		session_clear_tty(tty->session);	/* stolen */
	}
	if (!(f->fmode & FMODE_READ) && !root)
		return -EPERM;
	proc_set_tty(tty);
	return 0;
}

/*
 * TIOCGPGRP: the foreground group (0 for none), asked of one's own
 * controlling terminal, or of any pty through its master (real_tty: its
 * slave), as a terminal emulator asks which job runs in it.
 */
static long tiocgpgrp(struct tty_struct *tty, struct tty_struct *real_tty,
		      int *upgrp)
{
	int pgrp = real_tty->pgrp;

	if (tty == real_tty && current->tty != real_tty)
		return -ENOTTY;
	return copy_to_user(upgrp, &pgrp, sizeof(pgrp)) ? -EFAULT : 0;
}

/*
 * The session of group pgrp, or failing a group of that number, of the
 * process pgrp; 0 if neither exists (Linux's session_of_pgrp, which gdb
 * needs: tcsetpgrp to a process that leads no group).
 */
static int session_of_pgrp(int pgrp)
{
	for_each_task(t)
		if (t->pgrp == pgrp && t->state != TASK_NEW)
			return t->session;
	for_each_task(t)
		if (t->pid == pgrp && t->state != TASK_NEW)
			return t->session;
	return 0;
}

/*
 * TIOCSPGRP, in Linux's order: a background caller is stopped first (an
 * orphaned one gets ENOTTY), then the argument (EFAULT, EINVAL), then the
 * terminal must be the caller's and its session's (ENOTTY), the number in
 * use (ESRCH) and in the caller's session (EPERM).
 */
static long tiocspgrp(struct tty_struct *tty, const int *upgrp)
{
	long err = tty_check_change(tty);
	uint32_t flags;
	int pgrp;

	if (err == -EIO)
		return -ENOTTY;
	if (err)
		return err;
	if (copy_from_user(&pgrp, upgrp, sizeof(pgrp)))
		return -EFAULT;
	if (pgrp < 0)
		return -EINVAL;
	if (current->tty != tty || tty->session != current->session)
		return -ENOTTY;
	if (!pid_in_use(pgrp))
		return -ESRCH;
	if (session_of_pgrp(pgrp) != current->session)
		return -EPERM;
	spin_lock_irqsave(&tty_lock, flags);
	tty->pgrp = pgrp;
	spin_unlock_irqrestore(&tty_lock, flags);
	return 0;
}

/*
 * TIOCGSID: the session whose controlling terminal this is, asked by one
 * of it, or by anyone through a pty's master.
 */
static long tiocgsid(struct tty_struct *tty, struct tty_struct *real_tty,
		     int *usid)
{
	int sid = real_tty->session;

	if ((tty == real_tty && current->tty != real_tty) || !sid)
		return -ENOTTY;
	return copy_to_user(usid, &sid, sizeof(sid)) ? -EFAULT : 0;
}

/*
 * The job-control ioctls, which tty_ioctl hands here: tty the file's
 * terminal, real_tty the one they act on (a pty master's slave; else tty).
 */
long tty_jobctrl_ioctl(struct tty_struct *tty, struct tty_struct *real_tty,
		       struct file *f, uint32_t cmd, uint32_t arg)
{
	switch (cmd) {
	case TIOCNOTTY:
		return current->tty == tty ? no_tty() : -ENOTTY;
	case TIOCSCTTY:
		return tiocsctty(real_tty, f, arg);
	case TIOCGPGRP:
		return tiocgpgrp(tty, real_tty, (int *)arg);
	case TIOCSPGRP:
		return tiocspgrp(real_tty, (const int *)arg);
	case TIOCGSID:
		return tiocgsid(tty, real_tty, (int *)arg);
	}
	return -ENOTTY;
}
