/* Signals with Linux's numbers and default actions. */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H

#include "kernel/task.h"
#include "kernel/trap.h"

#define SIGHUP		1
#define SIGINT		2
#define SIGQUIT		3
#define SIGILL		4
#define SIGTRAP		5
#define SIGABRT		6
#define SIGBUS		7
#define SIGFPE		8
#define SIGKILL		9
#define SIGUSR1		10
#define SIGSEGV		11
#define SIGUSR2		12
#define SIGPIPE		13
#define SIGALRM		14
#define SIGTERM		15
#define SIGCHLD		17
#define SIGCONT		18
#define SIGSTOP		19
#define SIGTSTP		20
#define SIGTTIN		21
#define SIGTTOU		22
#define SIGURG		23
#define SIGVTALRM	26
#define SIGPROF		27
#define SIGWINCH	28

#define SIG_DFL		0
#define SIG_IGN		1

#define sigmask(sig)	(1ull << ((sig) - 1))

/* si_code: who sent a signal, or for SIGCHLD how the child ended. */
#define SI_USER		0	/* kill */
#define SI_KERNEL	0x80	/* the kernel: timers, the tty, faults */
#define SI_TKILL	(-6)	/* tkill, tgkill */
#define CLD_EXITED	1
#define CLD_KILLED	2

/* Linux's i386 siginfo_t: 128 bytes, what struct ksiginfo does not fill is 0. */
struct siginfo {
	int32_t si_signo, si_errno;
	struct ksiginfo k;
	uint8_t pad[128 - 8 - sizeof(struct ksiginfo)];
};

int send_signal(struct task *t, int sig);	/* from the kernel: SI_KERNEL */
int send_sig_info(struct task *t, int sig, const struct ksiginfo *info);
int __send_sig_info(struct task *t, int sig, const struct ksiginfo *info);	/* sched_lock held */
void set_current_blocked(uint64_t mask);
int kill_pgrp(int pgrp, int sig);
int signal_pending(struct task *t);
void do_signal(struct trapframe *tf);
void force_sig(int sig);

#endif
