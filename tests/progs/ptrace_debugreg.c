// ptrace_debugreg: the x86 debug registers through PTRACE_PEEKUSER and POKEUSER at
// offsetof(struct user, u_debugreg[i]), as gdb uses them.  The tracer puts a hardware
// breakpoint on a function of its child (DR0, DR7's execute type): the child stops with
// SIGTRAP, si_code TRAP_HWBKPT, at the function; then a write watchpoint on a global (DR1):
// the stop comes after the store.  DR6 reads as Linux builds it (the slot hit, BS after a
// single step).  The errors: DR4 and DR5 are none, a length an execute breakpoint cannot
// have, the I/O type, a misaligned watchpoint, a breakpoint in the kernel's addresses.
// A store of the kernel (read(2) into the watched global) is no trap, but DR6 shows it;
// the child of a fork has none of them, and exec clears them.
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define MUST(c) do { if (!(c)) { printf("failed: %s\n", #c); exit(1); } } while (0)
#define DR(i)	offsetof(struct user, u_debugreg[i])
#define TRAP_HWBKPT_CODE 4
// DR7: slot i's local enable, and its type (0 execute, 1 write, 2 I/O, 3 read or write)
// and length (0: 1 byte, 1: 2, 3: 4).
#define DR7_L(i)		(1u << (2 * (i)))
#define DR7_RW_LEN(i, rw, len)	((unsigned)((rw) | (len) << 2) << (16 + 4 * (i)))

volatile int watched;
static int pipefd[2];

__attribute__((noinline)) int hw_target(int x)
{
	__asm__ volatile("");
	return x + 1;
}

static void child(void)
{
	int status = 0, r;
	pid_t pid;

	if (ptrace(PTRACE_TRACEME, 0, 0, 0) != 0)
		_exit(1);
	raise(SIGSTOP);
	r = hw_target(1);
	watched = 5;
	// A child of a tracee has no debug registers: its store does not trap.
	if ((pid = fork()) == 0) {
		watched = 6;
		_exit(0);
	}
	waitpid(pid, &status, 0);
	// The kernel's store into the watched word (read's copy to user memory).
	// Linux sends no signal for it; DR6 has its slot.
	if (read(pipefd[0], (void *)&watched, sizeof(watched)) != sizeof(watched))
		_exit(2);
	raise(SIGSTOP);
	_exit(r == 2 && watched == 42 && WIFEXITED(status) ? 0 : 3);
}

static long peek(pid_t pid, int i)
{
	return ptrace(PTRACE_PEEKUSER, pid, DR(i), 0);
}

static void poke(pid_t pid, const char *what, int i, unsigned long v)
{
	errno = 0;
	show_result(what, ptrace(PTRACE_POKEUSER, pid, DR(i), v));
}

// Resumes pid; its next stop: the signal, si_code, whether si_addr is eip; or its exit.
static int resume(pid_t pid, int request, struct user_regs_struct *r)
{
	siginfo_t si;
	int status;

	MUST(ptrace(request, pid, 0, 0) == 0);
	MUST(waitpid(pid, &status, 0) == pid);
	if (!WIFSTOPPED(status)) {
		printf("  child exit status %d\n", WEXITSTATUS(status));
		return 0;
	}
	MUST(ptrace(PTRACE_GETSIGINFO, pid, 0, &si) == 0);
	MUST(ptrace(PTRACE_GETREGS, pid, 0, r) == 0);
	printf("  stop: %s, si_code %d, si_addr is eip: %s, DR6 %#lx\n",
	       strsignal(WSTOPSIG(status)), si.si_code,
	       yes((long)si.si_addr == r->eip), (unsigned long)peek(pid, 6));
	return WSTOPSIG(status);
}

// The errors, in Linux's order: EIO for a register that is none, EINVAL for a value.
static void errors(pid_t pid)
{
	void *kernel;

	errno = 0;
	show_result("PEEKUSER DR4", peek(pid, 4));
	poke(pid, "POKEUSER DR4", 4, 0);
	poke(pid, "POKEUSER DR5", 5, 0);
	poke(pid, "DR0 = hw_target", 0, (unsigned long)hw_target);
	poke(pid, "DR7 execute, 4 bytes", 7, DR7_L(0) | DR7_RW_LEN(0, 0, 3));
	poke(pid, "DR7 I/O type", 7, DR7_L(0) | DR7_RW_LEN(0, 2, 0));
	poke(pid, "DR1 = &watched + 1", 1, (unsigned long)&watched + 1);
	poke(pid, "DR7 write, 4 bytes, misaligned", 7, DR7_L(1) | DR7_RW_LEN(1, 1, 3));
	poke(pid, "DR7 write, 1 byte", 7, DR7_L(1) | DR7_RW_LEN(1, 1, 0));
	printf("DR7 reads %#lx\n", (unsigned long)peek(pid, 7));
	// DR7's reserved bits, general detect (GD) among them, are left out of the
	// hardware's; ptrace's DR7 reads back as written.
	poke(pid, "DR7 write, 1 byte, GD and reserved bits", 7,
	     DR7_L(1) | DR7_RW_LEN(1, 1, 0) | 0xfc00);
	printf("DR7 reads %#lx\n", (unsigned long)peek(pid, 7));
	poke(pid, "DR7 0", 7, 0);
	// 0xc0000000 is i386 Linux's kernel (mmap cannot have it there): no breakpoint
	// may be put in it.  A 32-bit process of a 64-bit kernel may have that address.
	kernel = mmap((void *)0xc0000000, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
		      MAP_FIXED_NOREPLACE, -1, 0);
	if (kernel == MAP_FAILED) {
		MUST(ptrace(PTRACE_POKEUSER, pid, DR(2), 0xc0000000) == -1 && errno == EINVAL);
		MUST(ptrace(PTRACE_POKEUSER, pid, DR(2), 0xbffffffc) == 0);
		MUST(ptrace(PTRACE_POKEUSER, pid, DR(7), DR7_L(2) | DR7_RW_LEN(2, 1, 3)) == 0);
		MUST(ptrace(PTRACE_POKEUSER, pid, DR(2), 0xbffffffe) == -1 && errno == EINVAL);
		MUST(ptrace(PTRACE_POKEUSER, pid, DR(7), 0) == 0);
	} else {
		munmap(kernel, 4096);
	}
	poke(pid, "DR2 = 0", 2, 0);
}

static void debug_registers(void)
{
	struct user_regs_struct r;
	int status;
	pid_t pid;

	MUST(pipe(pipefd) == 0);
	MUST(write(pipefd[1], &(int){ 42 }, sizeof(int)) == sizeof(int));
	if ((pid = fork()) == 0)
		child();
	MUST(waitpid(pid, &status, 0) == pid && WIFSTOPPED(status));
	printf("DR6 at first %#lx, DR7 %#lx\n", (unsigned long)peek(pid, 6),
	       (unsigned long)peek(pid, 7));
	errors(pid);

	printf("hardware breakpoint on hw_target (DR0):\n");
	poke(pid, "DR0 = hw_target", 0, (unsigned long)hw_target);
	poke(pid, "DR7 execute", 7, DR7_L(0));
	printf("DR0 reads hw_target: %s\n", yes(peek(pid, 0) == (long)hw_target));
	if (resume(pid, PTRACE_CONT, &r) == SIGTRAP)
		printf("  at hw_target: %s\n", yes(r.eip == (unsigned long)hw_target));

	printf("write watchpoint on watched (DR1), the breakpoint off:\n");
	poke(pid, "DR1 = &watched", 1, (unsigned long)&watched);
	poke(pid, "DR7 write, 4 bytes", 7, DR7_L(1) | DR7_RW_LEN(1, 1, 3));
	if (resume(pid, PTRACE_CONT, &r) == SIGTRAP)
		printf("  watched is %ld\n",
		       ptrace(PTRACE_PEEKDATA, pid, (void *)&watched, 0));
	printf("a single step:\n");
	resume(pid, PTRACE_SINGLESTEP, &r);
	printf("DR6 written 0: ");
	poke(pid, "", 6, 0);
	printf("the child's fork, the kernel's store (read), the exit:\n");
	while (resume(pid, PTRACE_CONT, &r))
		;
}

// exec clears them (Linux's flush_ptrace_hw_breakpoint).
static void exec_clears(const char *self)
{
	int status;
	pid_t pid;

	if ((pid = fork()) == 0) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		raise(SIGSTOP);
		execl(self, self, "exit", (char *)NULL);
		_exit(1);
	}
	MUST(waitpid(pid, &status, 0) == pid && WIFSTOPPED(status));
	MUST(ptrace(PTRACE_POKEUSER, pid, DR(3), (unsigned long)hw_target) == 0);
	MUST(ptrace(PTRACE_POKEUSER, pid, DR(7), DR7_L(3)) == 0);
	MUST(ptrace(PTRACE_CONT, pid, 0, 0) == 0);
	MUST(waitpid(pid, &status, 0) == pid && WIFSTOPPED(status));
	printf("after exec: SIGTRAP %s, DR3 %#lx, DR7 %#lx\n",
	       yes(WSTOPSIG(status) == SIGTRAP), (unsigned long)peek(pid, 3),
	       (unsigned long)peek(pid, 7));
	MUST(ptrace(PTRACE_CONT, pid, 0, 0) == 0);
	MUST(waitpid(pid, &status, 0) == pid);
	printf("exit status %d\n", WEXITSTATUS(status));
}

int main(int argc, char **argv)
{
	if (argc > 1)
		return hw_target(0) == 1 ? 0 : 1;	/* exec_clears's program */
	setvbuf(stdout, NULL, _IONBF, 0);
	debug_registers();
	exec_clears("/proc/self/exe");
	return 0;
}
