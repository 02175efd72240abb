// Operations on ptrace, as a debugger uses it, on a child of our own that we trace and
// then kill: the debug registers written with anything (an address in the kernel, a
// misaligned one, DR7 with general detect and the reserved bits), the x87 and SSE
// registers with any bytes (an MXCSR the CPU has not), TLS slots, regsets, its memory
// through /proc/PID/mem, its text too; then it runs on, continued, single stepped,
// its calls emulated (PTRACE_SYSEMU), while it writes its memory and the kernel does
// (a read into a watched buffer).  Nothing it does may reach the kernel's own state.
#include "fuzz.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

static char tracee_buf[64];

// The tracee: stops for its tracer, then writes its memory and has the kernel write it.
static __attribute__((noreturn)) void tracee(void)
{
	signal(SIGALRM, SIG_DFL);
	alarm(5);		// the watchdog, should the tracer lose it
	if (SC(SYS_ptrace, PTRACE_TRACEME, 0, 0, 0, 0) == 0)
		raise(SIGSTOP);
	for (int i = 0; i < 8; i++) {
		tracee_buf[i * 4]++;
		SC(SYS_getpid, 0, 0, 0, 0, 0);
		long fd = SC(SYS_open, "/proc/self/stat", O_RDONLY, 0, 0, 0);
		SC(SYS_read, fd, tracee_buf, sizeof(tracee_buf), 0, 0);
		SC(SYS_close, fd, 0, 0, 0, 0);
	}
	SC(SYS_exit_group, 0, 0, 0, 0, 0);
	for (;;)		// its calls emulated, exit too: the tracer kills it
		pause();
}

// An address for a debug register: the tracee's, the kernel's, odd ones.
static long dr_addr(void)
{
	static const long odd[] = { 0, 1, 0xbffffffc, 0xbfffffff, 0xc0000000, 0xc0100000,
				    0xfffffffc, 0xffffffff };
	switch (below(4)) {
	case 0: return (long)tracee_buf + below(8);
	case 1: return (long)tracee + below(4);
	case 2: return PICK(odd);
	default: return (long)rnd();
	}
}

// DR7: slots armed with types and lengths, good and bad, or any bits.
static long dr7_value(void)
{
	long v = 0;

	if (chance(20))
		return (long)rnd();
	for (int i = 0; i < 4; i++)
		if (chance(50))
			v |= (long)(1 + below(3)) << (2 * i) | (long)below(16) << (16 + 4 * i);
	return chance(20) ? v | 0x2000 | (long)(rnd() & 0xfc00) : v;
}

static void poke_debugregs(pid_t pid)
{
	for (int n = below(6); n >= 0; n--) {
		int i = below(8);
		long off = offsetof(struct user, u_debugreg[i]) + (chance(5) ? (long)below(4) : 0);

		SC(SYS_ptrace, PTRACE_POKEUSER, pid, off, i == 7 ? dr7_value() : dr_addr(), 0);
		SC(SYS_ptrace, PTRACE_PEEKUSER, pid, off, ptr(4), 0);
	}
}

// The other registers and state a debugger writes, with garbage as often as not.
static void poke_state(pid_t pid)
{
	static char junk[512] __attribute__((aligned(16)));
	static const long types[] = { 1, 2, 0x46e62b7f, 0x202, 0x200, 3 };
	struct iovec iov = { junk, chance(70) ? sizeof(junk) : below(600) };

	if (chance(50)) {
		SC(SYS_ptrace, PTRACE_GETFPXREGS, pid, 0, junk, 0);
		for (int i = below(4); i > 0; i--)
			junk[below(sizeof(junk))] = rnd();
	} else {
		for (unsigned i = 0; i < sizeof(junk); i++)
			junk[i] = rnd();
	}
	switch (below(6)) {
	case 0: SC(SYS_ptrace, PTRACE_SETFPXREGS, pid, 0, chance(90) ? (long)junk : bad_ptr(), 0); break;
	case 1: SC(SYS_ptrace, PTRACE_SETFPREGS, pid, 0, chance(90) ? (long)junk : bad_ptr(), 0); break;
	case 2: SC(SYS_ptrace, PTRACE_SET_THREAD_AREA, pid, below(12) - 1, junk, 0); break;
	case 3: SC(SYS_ptrace, PTRACE_GET_THREAD_AREA, pid, below(12) - 1, ptr(16), 0); break;
	case 4: SC(SYS_ptrace, chance(50) ? PTRACE_SETREGSET : PTRACE_GETREGSET, pid, PICK(types), &iov, 0); break;
	default: SC(SYS_ptrace, PTRACE_POKETEXT, pid, chance(50) ? (long)tracee + below(64) : dr_addr(), rnd(), 0);
	}
}

// Its memory through /proc/PID/mem, at its own addresses and others.
static void proc_mem(pid_t pid)
{
	char name[32], buf[16];
	long fd;

	snprintf(name, sizeof(name), "/proc/%d/mem", pid);
	if ((fd = SC(SYS_open, name, O_RDWR, 0, 0, 0)) < 0)
		return;
	SC(SYS_pread64, fd, buf, sizeof(buf), dr_addr(), 0);
	if (chance(30))
		SC(SYS_pwrite64, fd, buf, below(sizeof(buf)), (long)tracee_buf, 0);
	SC(SYS_close, fd, 0, 0, 0, 0);
}

void op_ptrace(void)
{
	static const long resume[] = { PTRACE_CONT, PTRACE_SINGLESTEP, PTRACE_SYSCALL,
				       PTRACE_SYSEMU, PTRACE_SYSEMU_SINGLESTEP };
	int status;
	pid_t pid = fork();

	if (pid == 0)
		tracee();
	if (pid < 0)
		return;
	for (int n = 0; n < 12; n++) {
		if (SC(SYS_waitpid, pid, &status, 0, 0, 0) != pid || !WIFSTOPPED(status))
			return;		// it is gone, reaped
		poke_debugregs(pid);
		if (chance(40))
			poke_state(pid);
		if (chance(20))
			proc_mem(pid);
		SC(SYS_ptrace, PICK(resume), pid, 0, chance(90) ? 0 : (long)below(65), 0);
	}
	SC(SYS_kill, pid, SIGKILL, 0, 0, 0);
	while (SC(SYS_waitpid, pid, &status, 0, 0, 0) == pid && WIFSTOPPED(status))
		;
}
