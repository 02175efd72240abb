// ptrace_regs: the rest of what a debugger (gdb) asks of ptrace beyond PEEK, POKE and
// GETREGS.  PTRACE_SYSEMU stops at a call's entry and skips the call: eax is what the
// tracer says (-ENOSYS if nothing), no exit stop; PTRACE_SYSEMU_SINGLESTEP steps over it.
// The x87 and SSE registers: SETFPREGS, GETFPXREGS and SETFPXREGS (an MXCSR the CPU has
// not is refused), GETREGSET and SETREGSET of NT_PRFPREG and NT_PRXFPREG, which the child
// finds in its own control words.  PTRACE_GET_THREAD_AREA and SET_THREAD_AREA of its TLS
// slots.  /proc/PID/mem: its data read and written, an int3 written into its text (a
// copy of the page: the tracer's own text, the same program's, is untouched), and
// /proc/PID/auxv: the auxiliary vector exec gave it.
#include <elf.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>
#include <asm/ldt.h>

#include "check.h"

#define MUST(c) do { if (!(c)) { printf("failed: %s\n", #c); exit(1); } } while (0)
#define PTRACE_SYSEMU_ 31
#define PTRACE_SYSEMU_SINGLESTEP_ 32
#define PTRACE_GET_THREAD_AREA_ 25
#define PTRACE_SET_THREAD_AREA_ 26
#define NT_PRXFPREG_ 0x46e62b7f

extern char emu_1[], emu_2[], emu_3[], emu_4[];
volatile int marker = 0x12345678;

__attribute__((noinline)) int hw_func(int x)
{
	__asm__ volatile("");
	return x * 3;
}

static void stop_self(void)
{
	int pid = getpid(), r;

	// kill through int $0x80 itself: the stop is at its return, and the next
	// call the child makes is the one in emulated().
	__asm__ volatile("int $0x80" : "=a"(r) : "0"(37), "b"(pid), "c"(SIGSTOP) : "memory");
}

// getppid, emulated (the tracer answers 777), then getpid, stepped over.
static int emulated(void)
{
	int ebx;

	__asm__ volatile("movl $64, %%eax\n"
			 "	int $0x80\n"
			 ".globl emu_1, emu_2, emu_3, emu_4\n"
			 "emu_1:	movl %%eax, %%ebx\n"
			 "emu_2:	movl $20, %%eax\n"
			 "	int $0x80\n"
			 "emu_3:	nop\n"
			 "emu_4:	nop\n" : "=b"(ebx) : : "eax", "memory");
	return ebx;
}

static void child(void)
{
	uint16_t cw;
	uint32_t mxcsr;
	int r;

	if (ptrace(PTRACE_TRACEME, 0, 0, 0) != 0)
		_exit(1);
	stop_self();
	r = emulated();
	stop_self();			// the tracer sets the FPU's control words
	__asm__ volatile("fnstcw %0; stmxcsr %1" : "=m"(cw), "=m"(mxcsr));
	stop_self();			// the tracer writes marker and hw_func's text
	_exit((r == 777) | (cw == 0x27f) << 1 | (mxcsr == 0x7f80) << 2 |
	      (marker == 42) << 3 | (hw_func(2) == 6) << 4);
}

static int wait_stop(pid_t pid, struct user_regs_struct *r)
{
	siginfo_t si;
	int status;

	MUST(waitpid(pid, &status, 0) == pid);
	if (!WIFSTOPPED(status)) {
		printf("  exit status %#x\n", WEXITSTATUS(status));
		return 0;
	}
	MUST(ptrace(PTRACE_GETREGS, pid, 0, r) == 0);
	MUST(ptrace(PTRACE_GETSIGINFO, pid, 0, &si) == 0);
	printf("  stop %s, si_code %#x\n", strsignal(WSTOPSIG(status)), si.si_code);
	return WSTOPSIG(status);
}

static const char *where(unsigned long eip)
{
	return eip == (unsigned long)emu_1 ? "emu_1" : eip == (unsigned long)emu_2 ? "emu_2" :
	       eip == (unsigned long)emu_2 + 5 ? "emu_2+5" : eip == (unsigned long)emu_3 ? "emu_3" :
	       eip == (unsigned long)emu_4 ? "emu_4" : "elsewhere";
}

static void sysemu(pid_t pid)
{
	struct user_regs_struct r;

	printf("PTRACE_SYSEMU:\n");
	MUST(ptrace(PTRACE_SYSEMU_, pid, 0, 0) == 0);
	wait_stop(pid, &r);
	printf("  at %s, orig_eax %ld, eax %ld\n", where(r.eip), r.orig_eax, r.eax);
	r.eax = 777;
	MUST(ptrace(PTRACE_SETREGS, pid, 0, &r) == 0);
	printf("PTRACE_SYSEMU_SINGLESTEP, four times:\n");
	for (int i = 0; i < 4; i++) {
		MUST(ptrace(PTRACE_SYSEMU_SINGLESTEP_, pid, 0, 0) == 0);
		wait_stop(pid, &r);
		printf("  at %s, orig_eax %ld, eax %ld, ebx %ld\n", where(r.eip), r.orig_eax,
		       r.eax, r.ebx);
	}
}

static void fpregs(pid_t pid)
{
	struct user_fpregs_struct fp;
	struct user_fpxregs_struct fx;
	struct iovec iov;

	printf("x87 and SSE registers:\n");
	MUST(ptrace(PTRACE_GETFPREGS, pid, 0, &fp) == 0);
	printf("  cwd %#lx\n", fp.cwd & 0xffff);
	fp.cwd = 0x27f;				// 53-bit precision
	show_result("  SETFPREGS", ptrace(PTRACE_SETFPREGS, pid, 0, &fp));
	MUST(ptrace(PTRACE_GETFPXREGS, pid, 0, &fx) == 0);
	printf("  GETFPXREGS: cwd %#x, mxcsr %#lx\n", fx.cwd, fx.mxcsr);
	// (EIO from i386 Linux, whose errors here are all EIO; EINVAL from x86-64's)
	fx.mxcsr = 0xffffffff;
	printf("  SETFPXREGS, MXCSR 0xffffffff, refused: %s\n",
	       yes(ptrace(PTRACE_SETFPXREGS, pid, 0, &fx) == -1));
	fx.mxcsr = 0x7f80;			// round toward zero
	show_result("  SETFPXREGS", ptrace(PTRACE_SETFPXREGS, pid, 0, &fx));
	memset(&fx, 0, sizeof(fx));
	iov = (struct iovec){ &fx, sizeof(fx) };
	show_result("  GETREGSET NT_PRXFPREG", ptrace(PTRACE_GETREGSET, pid, NT_PRXFPREG_, &iov));
	printf("  iov_len %zu, cwd %#x, mxcsr %#lx\n", iov.iov_len, fx.cwd, fx.mxcsr);
	iov = (struct iovec){ &fp, 100 };
	show_result("  GETREGSET NT_PRFPREG, 100 bytes", ptrace(PTRACE_GETREGSET, pid, NT_PRFPREG, &iov));
	printf("  iov_len %zu, cwd %#lx\n", iov.iov_len, fp.cwd & 0xffff);
	show_result("  SETREGSET NT_PRFPREG, 100 bytes", ptrace(PTRACE_SETREGSET, pid, NT_PRFPREG, &iov));
	iov.iov_len = 6;
	show_result("  GETREGSET NT_PRFPREG, 6 bytes", ptrace(PTRACE_GETREGSET, pid, NT_PRFPREG, &iov));
	iov.iov_len = sizeof(fp);
	show_result("  SETREGSET NT_PRFPREG", ptrace(PTRACE_SETREGSET, pid, NT_PRFPREG, &iov));
}

static void thread_area(pid_t pid, unsigned long gs)
{
	struct user_desc u = { 0 };
	int idx = gs >> 3;

	printf("TLS slots:\n");
	errno = 0;
	show_result("  GET_THREAD_AREA -1", ptrace(PTRACE_GET_THREAD_AREA_, pid, -1, &u));
	show_result("  GET_THREAD_AREA 0", ptrace(PTRACE_GET_THREAD_AREA_, pid, 0, &u));
	show_result("  GET_THREAD_AREA of %gs", ptrace(PTRACE_GET_THREAD_AREA_, pid, idx, &u));
	printf("  entry is %%gs's: %s, 32-bit %u, limit %#x in pages %u, present %s\n",
	       yes((int)u.entry_number == idx), u.seg_32bit, u.limit, u.limit_in_pages,
	       yes(!u.seg_not_present));
	u = (struct user_desc){ .entry_number = 99, .base_addr = 0x1000, .limit = 0xfff,
				.seg_32bit = 1 };
	show_result("  SET_THREAD_AREA of the next slot", ptrace(PTRACE_SET_THREAD_AREA_, pid, idx + 1, &u));
	memset(&u, 0, sizeof(u));
	MUST(ptrace(PTRACE_GET_THREAD_AREA_, pid, idx + 1, &u) == 0);
	printf("  reads base %#x, limit %#x, entry is that slot: %s\n", u.base_addr, u.limit,
	       yes((int)u.entry_number == idx + 1));
	u.base_addr = 0, u.limit = 0, u.seg_32bit = 0, u.read_exec_only = 1, u.seg_not_present = 1;
	show_result("  SET_THREAD_AREA, emptied", ptrace(PTRACE_SET_THREAD_AREA_, pid, idx + 1, &u));
}

static void proc_mem(pid_t pid)
{
	char name[64];
	uint32_t auxv[64], v;
	unsigned char int3 = 0xcc, old;
	struct user_regs_struct r;
	int fd, n, entry = 0, pagesz = 0;

	printf("/proc/PID/mem:\n");
	snprintf(name, sizeof(name), "/proc/%d/mem", pid);
	MUST((fd = open(name, O_RDWR)) >= 0);
	MUST(pread(fd, &v, 4, (uintptr_t)&marker) == 4);
	printf("  marker reads %#x\n", v);
	v = 42;
	show_result("  marker written", pwrite(fd, &v, 4, (uintptr_t)&marker));
	show_result("  read at 0", pread(fd, &v, 4, 0));
	MUST(pread(fd, &old, 1, (uintptr_t)hw_func) == 1);
	show_result("  int3 written on hw_func", pwrite(fd, &int3, 1, (uintptr_t)hw_func));
	MUST(ptrace(PTRACE_CONT, pid, 0, 0) == 0);
	if (wait_stop(pid, &r) == SIGTRAP)
		printf("  after hw_func's first byte: %s\n", yes(r.eip == (uintptr_t)hw_func + 1));
	MUST(pwrite(fd, &old, 1, (uintptr_t)hw_func) == 1);
	r.eip = (uintptr_t)hw_func;
	MUST(ptrace(PTRACE_SETREGS, pid, 0, &r) == 0);
	close(fd);

	printf("/proc/PID/auxv:\n");
	snprintf(name, sizeof(name), "/proc/%d/auxv", pid);
	MUST((fd = open(name, O_RDONLY)) >= 0);
	n = read(fd, auxv, sizeof(auxv));
	close(fd);
	for (int i = 0; i + 1 < n / 4; i += 2) {
		entry |= auxv[i] == AT_ENTRY && auxv[i + 1] == getauxval(AT_ENTRY);
		pagesz |= auxv[i] == AT_PAGESZ && auxv[i + 1] == 4096;
	}
	printf("  whole pairs: %s, AT_NULL last: %s, AT_ENTRY ours: %s, AT_PAGESZ 4096: %s\n",
	       yes(n % 8 == 0), yes(n >= 8 && auxv[n / 4 - 2] == AT_NULL), yes(entry), yes(pagesz));
}

int main(void)
{
	struct user_regs_struct r;
	pid_t pid;

	setvbuf(stdout, NULL, _IONBF, 0);
	if ((pid = fork()) == 0)
		child();
	wait_stop(pid, &r);
	sysemu(pid);
	MUST(ptrace(PTRACE_CONT, pid, 0, 0) == 0);
	wait_stop(pid, &r);
	fpregs(pid);
	thread_area(pid, r.xgs);
	MUST(ptrace(PTRACE_CONT, pid, 0, 0) == 0);
	wait_stop(pid, &r);
	proc_mem(pid);
	MUST(ptrace(PTRACE_CONT, pid, 0, 0) == 0);
	wait_stop(pid, &r);
	printf("our own hw_func: %d\n", hw_func(3));
	return 0;
}
