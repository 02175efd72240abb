/*
 * ptrace(2), Linux's i386 interface (kernel/ptrace.c): a tracer stops its
 * tracee at signals, at system calls and at exec and fork, reads and
 * changes its registers and memory, and resumes it.  A stop is
 * TASK_TRACED, reported to the tracer's wait as WIFSTOPPED with status
 * >> 8 the stop's code: the signal, SIGTRAP | 0x80 at a syscall stop with
 * PTRACE_O_TRACESYSGOOD, SIGTRAP | PTRACE_EVENT_x << 8 at an event.
 */
#ifndef KERNEL_PTRACE_H
#define KERNEL_PTRACE_H

#include <stdint.h>
#include "kernel/task.h"

#define PTRACE_TRACEME		0
#define PTRACE_PEEKTEXT		1
#define PTRACE_PEEKDATA		2
#define PTRACE_PEEKUSR		3
#define PTRACE_POKETEXT		4
#define PTRACE_POKEDATA		5
#define PTRACE_POKEUSR		6
#define PTRACE_CONT		7
#define PTRACE_KILL		8
#define PTRACE_SINGLESTEP	9
#define PTRACE_GETREGS		12
#define PTRACE_SETREGS		13
#define PTRACE_GETFPREGS	14
#define PTRACE_SETFPREGS	15
#define PTRACE_GETFPXREGS	18
#define PTRACE_SETFPXREGS	19
#define PTRACE_GET_THREAD_AREA	25
#define PTRACE_SET_THREAD_AREA	26
#define PTRACE_SYSEMU		31
#define PTRACE_SYSEMU_SINGLESTEP 32
#define PTRACE_ATTACH		16
#define PTRACE_DETACH		17
#define PTRACE_SYSCALL		24
#define PTRACE_SETOPTIONS	0x4200
#define PTRACE_GETEVENTMSG	0x4201
#define PTRACE_GETSIGINFO	0x4202
#define PTRACE_SETSIGINFO	0x4203
#define PTRACE_GETREGSET	0x4204
#define PTRACE_SETREGSET	0x4205
#define PTRACE_SEIZE		0x4206
#define PTRACE_INTERRUPT	0x4207
#define PTRACE_LISTEN		0x4208
#define PTRACE_GET_SYSCALL_INFO	0x420e

#define PTRACE_O_TRACESYSGOOD	0x00000001
#define PTRACE_O_TRACEFORK	0x00000002
#define PTRACE_O_TRACEVFORK	0x00000004
#define PTRACE_O_TRACECLONE	0x00000008
#define PTRACE_O_TRACEEXEC	0x00000010
#define PTRACE_O_TRACEVFORKDONE	0x00000020
#define PTRACE_O_TRACEEXIT	0x00000040
#define PTRACE_O_TRACESECCOMP	0x00000080
#define PTRACE_O_EXITKILL	0x00100000
#define PTRACE_O_SUSPEND_SECCOMP 0x00200000
#define PTRACE_O_MASK		0x003000ff

#define PTRACE_EVENT_FORK	1
#define PTRACE_EVENT_VFORK	2
#define PTRACE_EVENT_CLONE	3
#define PTRACE_EVENT_EXEC	4
#define PTRACE_EVENT_VFORK_DONE	5
#define PTRACE_EVENT_EXIT	6
#define PTRACE_EVENT_STOP	128

/*
 * In task->ptrace_options, beside the PTRACE_O_ bits: attached by
 * PTRACE_SEIZE; the trap flag in the tracee's eflags is PTRACE_SINGLESTEP's,
 * not the program's own (Linux's TIF_FORCED_TF): the tracer's GETREGS does
 * not see it, and it goes when the stepping ends.
 */
#define PT_SEIZED		0x80000000
#define PT_FORCED_TF		0x40000000

#define FL_TF		0x00000100	/* eflags' trap flag: a debug trap after each instruction */

#define CLD_TRAPPED		4	/* SIGCHLD's si_code: a traced child stopped */

/* Whether t's tracer asked to hear of event (PTRACE_EVENT_x). */
int ptrace_event_enabled(const struct task *t, int event);
/* The new child c of a fork that is a ptrace event: traced too, from the start (event 0: not). */
void ptrace_init_task(struct task *c, int event);
/* A PTRACE_EVENT_x stop, if the tracer asked for it; exec's SIGTRAP otherwise. */
void ptrace_event(int event, uint32_t message);
/* The syscall stops (kernel/syscall.c): entry's 1 says skip the call. */
int ptrace_report_syscall_entry(struct trapframe *tf);
/* The exit stop, or a single step's trap over the int $0x80 (syscall_work says which). */
void ptrace_report_syscall_exit(struct trapframe *tf);
/* A trap stop: SIGTRAP with si_code code; the signal the tracer resumed with. */
int ptrace_notify(int code, uint32_t message);
/* PTRACE_SINGLESTEP's trap flag on t's user eflags, and off again. */
void user_enable_single_step(struct task *t);
void user_disable_single_step(struct task *t);
/* Linux's access_process_vm: the bytes of t's memory read or written. */
uint32_t access_process_vm(struct task *t, uint32_t addr, void *buf,
			   uint32_t nbytes, int write);
/* An exiting thread lets its tracees go (Linux's exit_ptrace). */
void exit_ptrace(struct task *tracer);
/* No longer traced (sched_lock held). */
void __ptrace_unlink(struct task *t);

/*
 * kernel/hw_breakpoint.c: the debug registers.  PTRACE_PEEKUSER and
 * POKEUSER of u_debugreg[n] (t stopped); the CPU's at a switch to next,
 * when it or the task before has them; none after exec; the debug trap
 * in user mode (a SIGTRAP) and in kernel mode.
 */
uint32_t ptrace_get_debugreg(const struct task *t, int n);
int ptrace_set_debugreg(struct task *t, int n, uint32_t val);
void switch_debugregs(const struct task *next);
void flush_ptrace_hw_breakpoint(struct task *t);
void do_debug_user(struct trapframe *tf);
void do_debug_kernel(struct trapframe *tf);

/* kernel/signal.c: the stop itself; returns the signal the tracer resumed with. */
int ptrace_stop(int code, int signo, const struct ksiginfo *info);
/* t has a trap to make; resume: out of its ptrace stop too (sched_lock held). */
void ptrace_signal_wake_up(struct task *t, int resume);

#endif
