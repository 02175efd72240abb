// proc_stop: stopped processes as Linux has them. SIGSTOP, SIGTSTP, SIGTTIN and SIGTTOU
// stop a child, SIGCONT continues it; the parent hears of both (SIGCHLD with CLD_STOPPED
// or CLD_CONTINUED and the signal in si_status, unless SA_NOCLDSTOP) and waitpid reports
// them once each (WUNTRACED: status 0x7f | sig << 8, WCONTINUED: 0xffff). A stop and a
// SIGCONT take each other back while pending; SIGKILL ends a stopped process, another
// signal waits for the SIGCONT; a read or a sleep that a stop interrupted goes on after
// it, without EINTR. Everything runs in a driver process that makes a session of its
// own, and each stopped child leads its own group: a group whose every member's parent
// is in the group or outside the session is orphaned, and SIGTSTP, SIGTTIN and SIGTTOU
// do nothing there (proc_orphan tests that). Another user may send SIGCONT (and nothing
// else) to a process of its own session. The test starts as root; a child becomes nobody.
// host: uids
#define _GNU_SOURCE	// sigabbrev_np
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "kid.h"
#include "session.h"

// A child in a group of its own, looping in pause() until killed, with its pipe ends.
static void finish(struct kid *k)
{
	kill(k->pid, SIGKILL);
	waitpid(k->pid, NULL, 0);
	close(k->to);
	close(k->from);
}

static void pauser(int in, int out)
{
	say(out, "ready\n");
	for (;;)
		pause();
}

// SIGCHLD is blocked in the driver and taken here, so its si_code can be printed.
static void chld_info(const char *when)
{
	sigset_t set;
	siginfo_t si;
	struct timespec ts = { 2, 0 };

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	if (sigtimedwait(&set, &si, &ts) < 0) {
		printf("%s: no SIGCHLD\n", when);
		return;
	}
	printf("%s: SIGCHLD code %s status %d\n", when,
	       si.si_code == CLD_STOPPED ? "CLD_STOPPED" :
	       si.si_code == CLD_CONTINUED ? "CLD_CONTINUED" :
	       si.si_code == CLD_EXITED ? "CLD_EXITED" :
	       si.si_code == CLD_KILLED ? "CLD_KILLED" : "other", si.si_status);
}

// No SIGCHLD pending: none came since the last one taken.
static void no_chld(const char *when)
{
	sigset_t set;

	sigpending(&set);
	printf("%s: SIGCHLD pending: %s\n", when, yes(sigismember(&set, SIGCHLD)));
}

static const char *describe(int st)
{
	static char buf[64];

	if (WIFSTOPPED(st))
		snprintf(buf, sizeof buf, "stopped by %s (0x%x)", sigabbrev_np(WSTOPSIG(st)), st);
	else if (WIFCONTINUED(st))
		snprintf(buf, sizeof buf, "continued (0x%x)", st);
	else if (WIFSIGNALED(st))
		snprintf(buf, sizeof buf, "killed by %s", sigabbrev_np(WTERMSIG(st)));
	else
		snprintf(buf, sizeof buf, "exited %d", WEXITSTATUS(st));
	return buf;
}

static void show_wait(const char *what, pid_t pid, int options)
{
	int st = 0;
	pid_t r = waitpid(pid, &st, options);

	if (r < 0)
		printf("%s: -1 %s\n", what, ename(errno));
	else if (r == 0)
		printf("%s: 0\n", what);
	else
		printf("%s: %s %s\n", what, r == pid ? "the kid" : "another", describe(st));
}

// Each stop signal stops, SIGCONT continues, each reported once.
static void stop_and_continue(void)
{
	static const int sigs[] = { SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU };
	struct kid k = spawn_kid(pauser);
	char what[64];

	hear(&k);
	for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		const char *name = sigabbrev_np(sigs[i]);

		kill(k.pid, sigs[i]);
		snprintf(what, sizeof what, "SIG%s: waitpid(WUNTRACED)", name);
		show_wait(what, k.pid, WUNTRACED);
		chld_info("  then");
		show_wait("  again, WUNTRACED|WNOHANG", k.pid, WUNTRACED | WNOHANG);
		show_wait("  WNOHANG without WUNTRACED", k.pid, WNOHANG);
		kill(k.pid, SIGCONT);
		show_wait("  SIGCONT: waitpid(WCONTINUED)", k.pid, WCONTINUED);
		chld_info("  then");
		show_wait("  again, WCONTINUED|WNOHANG", k.pid, WCONTINUED | WNOHANG);
	}
	kill(k.pid, SIGCONT);
	show_wait("SIGCONT to a running kid, WCONTINUED|WNOHANG", k.pid, WCONTINUED | WNOHANG);
	no_chld("  then");
	// Stopped, then continued before any wait: the stop is no longer reported.
	kill(k.pid, SIGSTOP);
	chld_info("stopped again, not waited for");
	kill(k.pid, SIGCONT);
	chld_info("  continued");
	show_wait("  waitpid(WUNTRACED|WCONTINUED|WNOHANG)", k.pid, WUNTRACED | WCONTINUED | WNOHANG);
	show_wait("  waitpid(WUNTRACED|WNOHANG)", k.pid, WUNTRACED | WNOHANG);
	finish(&k);
	chld_info("killed");
}

static void nocldstop(void)
{
	struct sigaction sa = { .sa_handler = SIG_DFL, .sa_flags = SA_NOCLDSTOP };
	struct kid k = spawn_kid(pauser);

	hear(&k);
	sigaction(SIGCHLD, &sa, NULL);
	kill(k.pid, SIGSTOP);
	show_wait("SA_NOCLDSTOP: SIGSTOP, waitpid(WUNTRACED)", k.pid, WUNTRACED);
	no_chld("  then");
	kill(k.pid, SIGCONT);
	show_wait("  SIGCONT, waitpid(WCONTINUED)", k.pid, WCONTINUED);
	no_chld("  then");
	finish(&k);
	chld_info("  killed, still heard");
	sa.sa_flags = 0;
	sigaction(SIGCHLD, &sa, NULL);
}

// SIGKILL ends a stopped process; SIGTERM waits for the SIGCONT.
static void signals_to_stopped(void)
{
	struct kid k = spawn_kid(pauser);

	hear(&k);
	kill(k.pid, SIGSTOP);
	show_wait("stopped", k.pid, WUNTRACED);
	chld_info("  then");
	kill(k.pid, SIGTERM);
	usleep(100000);
	show_wait("  SIGTERM while stopped, WNOHANG", k.pid, WNOHANG);
	kill(k.pid, SIGCONT);
	show_wait("  then SIGCONT: waitpid", k.pid, 0);
	chld_info("  then");
	no_chld("  and (SIGCHLD does not queue: the first is kept)");
	close(k.to);
	close(k.from);

	k = spawn_kid(pauser);
	hear(&k);
	kill(k.pid, SIGSTOP);
	show_wait("stopped", k.pid, WUNTRACED);
	chld_info("  then");
	kill(k.pid, SIGKILL);
	show_wait("  SIGKILL while stopped: waitpid", k.pid, 0);
	chld_info("  then");
	close(k.to);
	close(k.from);
}

static void print_pending(int out, const char *when)
{
	sigset_t set;
	char line[128];

	sigpending(&set);
	snprintf(line, sizeof line, "%s: TSTP %s CONT %s\n", when,
		 yes(sigismember(&set, SIGTSTP)), yes(sigismember(&set, SIGCONT)));
	say(out, line);
}

// With SIGTSTP and SIGCONT blocked, each new one takes the other back.
static void blocker(int in, int out)
{
	sigset_t set;
	char c;

	sigemptyset(&set);
	sigaddset(&set, SIGTSTP);
	sigaddset(&set, SIGCONT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	say(out, "blocked\n");
	read(in, &c, 1);
	print_pending(out, "after TSTP");
	read(in, &c, 1);
	print_pending(out, "after CONT");
	read(in, &c, 1);
	print_pending(out, "after TSTP again");
	for (;;)
		pause();
}

static void take_back(void)
{
	struct kid k = spawn_kid(blocker);

	hear(&k);
	kill(k.pid, SIGTSTP);
	say(k.to, "g");
	hear(&k);
	kill(k.pid, SIGCONT);
	say(k.to, "g");
	hear(&k);
	kill(k.pid, SIGTSTP);
	say(k.to, "g");
	hear(&k);
	show_wait("blocked SIGTSTP did not stop it, WUNTRACED|WNOHANG", k.pid, WUNTRACED | WNOHANG);
	finish(&k);
	chld_info("killed");
}

static volatile sig_atomic_t conts;

static void on_cont(int sig)
{
	conts++;
}

// A SIGCONT handler runs after the continue; and for a SIGCONT to a running process.
static void cont_handler(int in, int out)
{
	struct sigaction sa = { .sa_handler = on_cont, .sa_flags = SA_RESTART };
	char line[64], c;

	sigaction(SIGCONT, &sa, NULL);
	say(out, "ready\n");
	read(in, &c, 1);	// stopped and continued meanwhile: the handler ran, the read goes on
	snprintf(line, sizeof line, "handler ran %d time(s)\n", (int)conts);
	say(out, line);
	read(in, &c, 1);
	snprintf(line, sizeof line, "handler ran %d time(s)\n", (int)conts);
	say(out, line);
	_exit(0);
}

static void sigcont_handler(void)
{
	struct kid k = spawn_kid(cont_handler);

	hear(&k);
	kill(k.pid, SIGSTOP);
	show_wait("SIGCONT handler: stopped", k.pid, WUNTRACED);
	chld_info("  then");
	kill(k.pid, SIGCONT);
	show_wait("  continued", k.pid, WCONTINUED);
	chld_info("  then");
	say(k.to, "g");
	hear(&k);
	kill(k.pid, SIGCONT);
	usleep(100000);
	say(k.to, "g");
	hear(&k);
	show_wait("  exit", k.pid, 0);
	chld_info("  then");
	close(k.to);
	close(k.from);
}

// A read from a pipe and a nanosleep that a stop interrupted go on once continued.
static void restarted(int in, int out)
{
	struct timespec ts = { 0, 400000000 }, rem = { 0, 0 };
	char c, line[64];
	long r;

	say(out, "reading\n");
	errno = 0;
	r = read(in, &c, 1);
	snprintf(line, sizeof line, "read: %ld %s\n", r, r < 0 ? ename(errno) : "");
	say(out, line);
	errno = 0;
	r = nanosleep(&ts, &rem);
	snprintf(line, sizeof line, "nanosleep: %ld %s\n", r, r < 0 ? ename(errno) : "");
	say(out, line);
	_exit(0);
}

static void restart(void)
{
	struct kid k = spawn_kid(restarted);

	hear(&k);
	usleep(100000);		// asleep in read by now, most likely; the output is the same
	kill(k.pid, SIGSTOP);
	show_wait("stopped in read", k.pid, WUNTRACED);
	kill(k.pid, SIGCONT);
	show_wait("  continued", k.pid, WCONTINUED);
	say(k.to, "x");
	hear(&k);
	usleep(100000);
	kill(k.pid, SIGSTOP);
	show_wait("stopped in nanosleep", k.pid, WUNTRACED);
	kill(k.pid, SIGCONT);
	show_wait("  continued", k.pid, WCONTINUED);
	hear(&k);
	show_wait("  exit", k.pid, 0);
	close(k.to);
	close(k.from);
}

// Takes every SIGCHLD pending, without a word: which came first is a race.
static void drain_chld(void)
{
	sigset_t set;
	siginfo_t si;
	struct timespec zero = { 0, 0 };

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	while (sigtimedwait(&set, &si, &zero) > 0)
		;
}

// As nobody: SIGCONT to root's process of our session, not to one of another session.
static void cont_permission(void)
{
	struct kid k = spawn_kid(pauser);
	pid_t pid, other;
	int p[2];
	char c;

	drain_chld();		// the last test's
	hear(&k);
	pipe(p);
	fflush(stdout);
	other = fork();
	if (other == 0) {
		setsid();
		write(p[1], "r", 1);
		for (;;)
			pause();
	}
	read(p[0], &c, 1);
	kill(k.pid, SIGSTOP);
	show_wait("root's kid stopped", k.pid, WUNTRACED);
	chld_info("  then");
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (setgid(65534) < 0 || setuid(65534) < 0)
			printf("  cannot become nobody\n");
		TRY("  nobody: kill(root's kid, 0)", kill(k.pid, 0));
		TRY("  nobody: kill(root's kid, SIGSTOP)", kill(k.pid, SIGSTOP));
		TRY("  nobody: kill(root's kid, SIGCONT), same session", kill(k.pid, SIGCONT));
		TRY("  nobody: kill(root's process in another session, SIGCONT)",
		    kill(other, SIGCONT));
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	show_wait("  root's kid", k.pid, WCONTINUED);
	finish(&k);
	kill(other, SIGKILL);
	waitpid(other, NULL, 0);
	close(p[0]);
	close(p[1]);
	drain_chld();
}

static void bad_options(void)
{
	TRY("waitpid(-1, WNOWAIT)", waitpid(-1, NULL, 0x01000000));
	TRY("waitpid(-1, WEXITED)", waitpid(-1, NULL, 4));
	TRY("waitpid(INT_MIN)", waitpid(-2147483647 - 1, NULL, 0));
	TRY("waitpid(-1, WUNTRACED|WCONTINUED|WNOHANG), no child",
	    waitpid(-1, NULL, WUNTRACED | WCONTINUED | WNOHANG));
}

static void driver(void)
{
	sigset_t chld;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	stop_and_continue();
	nocldstop();
	signals_to_stopped();
	take_back();
	sigcont_handler();
	restart();
	cont_permission();
	bad_options();
}

int main(void)
{
	return run_in_session(driver);
}
