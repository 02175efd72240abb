// ptrace_step: PTRACE_SINGLESTEP, as debuggers step.  The child stops itself, then runs a
// few instructions of its own (step_start to step_end, below); the tracer steps it until
// step_start, then one instruction at a time to step_end, and prints where each step
// stopped (as an offset from step_start), the stop's signal and si_code: TRAP_TRACE after
// an instruction, TRAP_BRKPT after the int $0x80 of getpid (with getpid's answer in eax),
// the trap flag hidden from GETREGS.  A signal the tracer resumes a step with stops at
// the handler's first instruction; a flag the program set itself is its own.  A fault's
// signal, fatal or not, is the tracer's to see first (a signal-delivery stop).
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define TF 0x100
#define MUST(c) do { if (!(c)) { printf("failed: %s\n", #c); exit(1); } } while (0)

extern char step_start[], step_end[];

static volatile int handled;

static void on_usr1(int sig)
{
	handled = sig;
}

// The stepped instructions: two plain ones, getpid through int $0x80, one after it.
static void stepped(void)
{
	__asm__ volatile(".globl step_start, step_end\n"
			 "step_start: nop\n"
			 "	movl $20, %%eax\n"		/* __NR_getpid */
			 "	int $0x80\n"
			 "	addl $1, %%eax\n"
			 "step_end: nop\n" ::: "eax", "memory");
}

static void child(void)
{
	signal(SIGUSR1, on_usr1);
	if (ptrace(PTRACE_TRACEME, 0, 0, 0) != 0)
		_exit(1);
	raise(SIGSTOP);
	stepped();
	// The program's own trap flag: its SIGTRAP kills it, traced or not, unless caught.
	_exit(handled == SIGUSR1 ? 7 : 8);
}

// One step; the stop's signal, its si_code in *code.
static int step(pid_t pid, int sig, int *code, struct user_regs_struct *r)
{
	siginfo_t si;
	int status;

	MUST(ptrace(PTRACE_SINGLESTEP, pid, 0, sig) == 0);
	MUST(waitpid(pid, &status, 0) == pid);
	if (!WIFSTOPPED(status))
		return -status;
	MUST(ptrace(PTRACE_GETSIGINFO, pid, 0, &si) == 0);
	MUST(ptrace(PTRACE_GETREGS, pid, 0, r) == 0);
	*code = si.si_code;
	return WSTOPSIG(status);
}

// A traced child's store to address 0: a SIGSEGV stop first, then death by it.
static void fault_stop(void)
{
	siginfo_t si;
	int status;
	pid_t pid;

	if ((pid = fork()) == 0) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		*(volatile int *)0 = 1;
		_exit(0);
	}
	MUST(waitpid(pid, &status, 0) == pid);
	printf("fault: stopped %s", WIFSTOPPED(status) ? strsignal(WSTOPSIG(status)) : "no");
	if (WIFSTOPPED(status) && ptrace(PTRACE_GETSIGINFO, pid, 0, &si) == 0)
		printf(", si_code %s, si_addr %p", si.si_code == SEGV_MAPERR ? "SEGV_MAPERR" : "other",
		       si.si_addr);
	MUST(ptrace(PTRACE_CONT, pid, 0, SIGSEGV) == 0);
	MUST(waitpid(pid, &status, 0) == pid);
	printf("; then %s\n", WIFSIGNALED(status) ? strsignal(WTERMSIG(status)) : "not killed");
}

int main(void)
{
	struct user_regs_struct r;
	int status, code = 0, sig, n;
	pid_t pid;

	setvbuf(stdout, NULL, _IONBF, 0);
	if ((pid = fork()) == 0)
		child();
	MUST(waitpid(pid, &status, 0) == pid && WIFSTOPPED(status));
	printf("first stop: %s\n", strsignal(WSTOPSIG(status)));

	// Through raise's return to step_start: every stop a SIGTRAP, TF never shown.
	for (n = 0; n < 100000; n++) {
		if ((sig = step(pid, 0, &code, &r)) != SIGTRAP || (r.eflags & TF))
			break;
		if (r.eip == (uint32_t)step_start)
			break;
	}
	printf("reached step_start: %s, TF shown %d\n",
	       r.eip == (uint32_t)step_start ? "yes" : "no", (r.eflags & TF) != 0);
	while (r.eip != (uint32_t)step_end) {
		if ((sig = step(pid, 0, &code, &r)) != SIGTRAP)
			break;
		printf("  step: +%u, SIGTRAP, si_code %s, TF shown %d", (unsigned)(r.eip - (uint32_t)step_start),
		       code == 2 ? "TRAP_TRACE" : code == 1 ? "TRAP_BRKPT" : "other",
		       (r.eflags & TF) != 0);
		if (r.eip == (uint32_t)step_start + 8)		/* just after the int $0x80 */
			printf(", eax is the child's pid: %d", r.eax == (uint32_t)pid);
		printf("\n");
	}

	// A signal given with a step: the next stop is the handler's first instruction.
	sig = step(pid, SIGUSR1, &code, &r);
	printf("step with SIGUSR1: %s, at the handler %d, si_code %d\n", strsignal(sig),
	       r.eip == (uint32_t)on_usr1, code);

	// The tracer sets TF itself: the program keeps it after PTRACE_CONT, and the next
	// instruction traps (SIGTRAP, TRAP_TRACE), which is then given to the program.
	MUST(ptrace(PTRACE_GETREGS, pid, 0, &r) == 0);
	r.eflags |= TF;
	MUST(ptrace(PTRACE_SETREGS, pid, 0, &r) == 0);
	MUST(ptrace(PTRACE_CONT, pid, 0, 0) == 0);
	MUST(waitpid(pid, &status, 0) == pid);
	MUST(ptrace(PTRACE_GETREGS, pid, 0, &r) == 0);
	printf("the program's own TF: %s, TF shown %d\n",
	       WIFSTOPPED(status) ? strsignal(WSTOPSIG(status)) : "not stopped",
	       (r.eflags & TF) != 0);
	r.eflags &= ~TF;
	MUST(ptrace(PTRACE_SETREGS, pid, 0, &r) == 0);

	// Errors: an unknown signal is EIO; a child not stopped is ESRCH.
	TRY("SINGLESTEP with signal 99", ptrace(PTRACE_SINGLESTEP, pid, 0, 99));
	MUST(ptrace(PTRACE_CONT, pid, 0, 0) == 0);
	MUST(waitpid(pid, &status, 0) == pid);
	printf("child: exit %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	TRY("SINGLESTEP of a dead child", ptrace(PTRACE_SINGLESTEP, pid, 0, 0));
	fault_stop();
	return 0;
}
