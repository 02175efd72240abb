/*
 * Signal frames field by field, in Linux i386's layout: what a handler finds
 * on its stack (SA_SIGINFO and not), the registers in uc_mcontext.gregs in
 * glibc's REG_* order, what sigreturn gives back, and a handler that edits
 * the context changing what the interrupted code resumes with.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>
#include "check.h"
#include "sig_asm.h"

#define SIG_HIGH	40	/* a signal of the mask's second word */

/* Linux's struct sigcontext_32, as the old (non-SA_SIGINFO) frame holds it. */
struct sigcontext_32 {
	uint16_t gs, __gsh, fs, __fsh, es, __esh, ds, __dsh;
	uint32_t di, si, bp, sp, bx, dx, cx, ax, trapno, err, ip;
	uint16_t cs, __csh;
	uint32_t flags, sp_at_signal;
	uint16_t ss, __ssh;
	uint32_t fpstate, oldmask, cr2;
};

static uint16_t cs, ss, ds, es, fs, gs;
static int pid;

static void read_segments(void)
{
	asm("movw %%cs, %0; movw %%ss, %1; movw %%ds, %2" : "=m"(cs), "=m"(ss), "=m"(ds));
	asm("movw %%es, %0; movw %%fs, %1; movw %%gs, %2" : "=m"(es), "=m"(fs), "=m"(gs));
}

/* Says what differs, so a failing run shows where; nothing when all is well. */
static int want(const char *what, uint32_t got, uint32_t expect)
{
	if (got == expect)
		return 1;
	printf("  %s: 0x%x, expected 0x%x\n", what, got, expect);
	return 0;
}

static int check_retcode(const uint8_t *code, const uint8_t *expect)
{
	return memcmp(code, expect, 8) == 0;
}

/* The 32-bit fpstate a frame points to: fxsave part 64-byte aligned, magic 0. */
static int check_fpstate(uint32_t fp, uint32_t frame_end)
{
	uint32_t status = *(uint32_t *)(fp + 108);

	return fp >= frame_end && (fp + 112) % 64 == 0 && (status >> 16) == 0;
}

/* ---- SA_SIGINFO: the rt frame ---- */

static volatile int rt_ran;

static void rt_check(int sig, siginfo_t *si, void *p)
{
	ucontext_t *uc = p;
	greg_t *g = uc->uc_mcontext.gregs;
	uint32_t *frame = (uint32_t *)entry.esp, esp = entry.esp;
	sigset_t now;
	int ok = 1;

	rt_ran++;
	printf("rt entry: (esp + 4) %% 16 == 0: %s\n", yes((esp + 4) % 16 == 0));
	printf("rt entry: DF clear: %s\n", yes(!(entry.eflags & EFL_DF)));
	printf("rt args: eax = sig, edx = &info, ecx = &uc: %s\n",
	       yes(entry.eax == (uint32_t)sig && entry.edx == (uint32_t)si &&
		   entry.ecx == (uint32_t)uc));
	printf("rt frame: pretcode is the way back: %s\n", yes(right_pretcode(sig, frame[0])));
	printf("rt frame: sig, pinfo, puc at esp+4, +8, +12: %s\n",
	       yes(frame[1] == (uint32_t)sig && frame[2] == esp + 16 &&
		   frame[3] == esp + 16 + 128 && (uint32_t)si == esp + 16 &&
		   (uint32_t)uc == esp + 144));
	static const uint8_t rt_code[8] = { 0xb8, 173, 0, 0, 0, 0xcd, 0x80, 0 };
	printf("rt frame: retcode after uc_sigmask: %s\n",
	       yes(check_retcode((uint8_t *)uc + 116, rt_code)));
	printf("siginfo: signo %d, code SI_USER: %s, pid and uid mine: %s\n", si->si_signo,
	       yes(si->si_code == SI_USER), yes(si->si_pid == pid && si->si_uid == getuid()));

	ok &= want("REG_GS", g[REG_GS] & 0xffff, gs);
	ok &= want("REG_FS", g[REG_FS] & 0xffff, fs);
	ok &= want("REG_ES", g[REG_ES] & 0xffff, es);
	ok &= want("REG_DS", g[REG_DS] & 0xffff, ds);
	ok &= want("REG_EDI", g[REG_EDI], R_EDI);
	ok &= want("REG_ESI", g[REG_ESI], R_ESI);
	ok &= want("REG_EBP", g[REG_EBP], R_EBP);
	ok &= want("REG_ESP", g[REG_ESP], before.esp);
	ok &= want("REG_EBX", g[REG_EBX], pid);
	ok &= want("REG_EDX", g[REG_EDX], R_EDX);
	ok &= want("REG_ECX", g[REG_ECX], sig);
	ok &= want("REG_EAX", g[REG_EAX], 0);
	ok &= want("REG_EIP", g[REG_EIP], (uint32_t)raise_regs_ret);
	ok &= want("REG_CS", g[REG_CS] & 0xffff, cs);
	ok &= want("REG_EFL & (DF|IF)", g[REG_EFL] & (EFL_DF | EFL_IF), EFL_DF | EFL_IF);
	ok &= want("REG_UESP", g[REG_UESP], before.esp);
	ok &= want("REG_SS", g[REG_SS] & 0xffff, ss);
	printf("gregs in REG_* order: %s\n", yes(ok));

	printf("fpregs: set, fxsave part 64-byte aligned, above the frame, magic 0: %s\n",
	       yes(uc->uc_mcontext.fpregs &&
		   check_fpstate((uint32_t)uc->uc_mcontext.fpregs, esp + 268)));
	printf("uc_flags beyond UC_FP_XSTATE: 0x%lx, uc_link: %p\n",
	       uc->uc_flags & ~1ul, (void *)uc->uc_link);
	printf("uc_stack: sp %p, size %zu, flags %d\n", uc->uc_stack.ss_sp,
	       uc->uc_stack.ss_size, uc->uc_stack.ss_flags);
	printf("uc_sigmask: the mask before: SIGUSR2 %s, %d %s, SIGUSR1 %s\n",
	       yes(sigismember(&uc->uc_sigmask, SIGUSR2)),
	       SIG_HIGH, yes(sigismember(&uc->uc_sigmask, SIG_HIGH)),
	       yes(sigismember(&uc->uc_sigmask, SIGUSR1)));
	uint32_t first;
	memcpy(&first, &uc->uc_sigmask, sizeof(first));
	printf("oldmask: the mask's first word: %s\n", yes(uc->uc_mcontext.oldmask == first));
	sigprocmask(SIG_BLOCK, NULL, &now);
	printf("mask in the handler: SIGUSR1 %s, sa_mask's SIGHUP %s, SIGUSR2 %s\n",
	       yes(sigismember(&now, SIGUSR1)), yes(sigismember(&now, SIGHUP)),
	       yes(sigismember(&now, SIGUSR2)));
}

static void rt_frame(void)
{
	struct sigaction sa;
	sigset_t set, old;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = (void *)entry_stub;
	sa.sa_flags = SA_SIGINFO;
	sigaddset(&sa.sa_mask, SIGHUP);
	entry_next = rt_check;
	sigaction(SIGUSR1, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIG_HIGH);
	sigprocmask(SIG_BLOCK, &set, &old);

	raise_regs(pid, SIGUSR1);
	sigprocmask(SIG_SETMASK, &old, NULL);
	printf("rt handler ran: %d\n", rt_ran);
	printf("after: eax 0x%x, ebx = pid %s, ecx = sig %s\n", after.eax,
	       yes(after.ebx == (uint32_t)pid), yes(after.ecx == SIGUSR1));
	printf("after: edx esi edi ebp kept: %s\n",
	       yes(after.edx == R_EDX && after.esi == R_ESI && after.edi == R_EDI &&
		   after.ebp == R_EBP));
	printf("after: esp kept %s, DF back %s, gs kept %s\n", yes(after.esp == before.esp),
	       yes(after.eflags & EFL_DF), yes(after.gs == before.gs));
	sigaction(SIGUSR1, &(struct sigaction){ .sa_handler = SIG_DFL }, NULL);
}

/* ---- no SA_SIGINFO: the old frame ---- */

static volatile int old_ran;

static void old_check(int sig)
{
	uint32_t *frame = (uint32_t *)entry.esp, esp = entry.esp;
	struct sigcontext_32 *sc = (struct sigcontext_32 *)(frame + 2);
	uint32_t extramask = frame[(8 + 88 + 624) / 4];
	static const uint8_t code[8] = { 0x58, 0xb8, 119, 0, 0, 0, 0xcd, 0x80 };
	int ok = 1;

	old_ran++;
	printf("old entry: (esp + 4) %% 16 == 0: %s\n", yes((esp + 4) % 16 == 0));
	printf("old args: eax = sig, edx = ecx = 0: %s\n",
	       yes(entry.eax == (uint32_t)sig && entry.edx == 0 && entry.ecx == 0));
	printf("old frame: pretcode is the way back, then sig: %s\n",
	       yes(right_pretcode(sig, frame[0]) && frame[1] == (uint32_t)sig));
	ok &= want("sc.gs", sc->gs, gs);
	ok &= want("sc.ds", sc->ds, ds);
	ok &= want("sc.di", sc->di, R_EDI);
	ok &= want("sc.si", sc->si, R_ESI);
	ok &= want("sc.bp", sc->bp, R_EBP);
	ok &= want("sc.sp", sc->sp, before.esp);
	ok &= want("sc.bx", sc->bx, pid);
	ok &= want("sc.dx", sc->dx, R_EDX);
	ok &= want("sc.cx", sc->cx, sig);
	ok &= want("sc.ax", sc->ax, 0);
	ok &= want("sc.ip", sc->ip, (uint32_t)raise_regs_ret);
	ok &= want("sc.cs", sc->cs, cs);
	ok &= want("sc.sp_at_signal", sc->sp_at_signal, before.esp);
	ok &= want("sc.ss", sc->ss, ss);
	printf("old sigcontext fields: %s\n", yes(ok));
	printf("old fpstate: set, aligned, above the frame, magic 0: %s\n",
	       yes(sc->fpstate && check_fpstate(sc->fpstate, esp + 732)));
	printf("oldmask: SIGUSR2 %s; extramask: signal %d %s\n",
	       yes(sc->oldmask & (1u << (SIGUSR2 - 1))), SIG_HIGH,
	       yes(extramask & (1u << (SIG_HIGH - 33))));
	printf("old frame: retcode at the end: %s\n",
	       yes(check_retcode((uint8_t *)frame + 724, code)));
	/* What sigreturn takes back: the edits go to the interrupted code. */
	sc->ax = 0x0dd;
	sc->ip = (uint32_t)raise_regs_alt;
}

static void old_frame(void)
{
	struct sigaction sa;
	sigset_t set, old;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = (void *)entry_stub;
	entry_next = old_check;
	sigaction(SIGUSR1, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIG_HIGH);
	sigprocmask(SIG_BLOCK, &set, &old);
	alt_taken = 0;
	raise_regs(pid, SIGUSR1);
	sigprocmask(SIG_SETMASK, &old, NULL);
	printf("old handler ran: %d; resumed where it said: %s, eax 0x%x\n", old_ran,
	       yes(alt_taken), after.eax);
	sigaction(SIGUSR1, &(struct sigaction){ .sa_handler = SIG_DFL }, NULL);
}

/* ---- a handler that edits uc_mcontext ---- */

static void edit_context(int sig, siginfo_t *si, void *p)
{
	greg_t *g = ((ucontext_t *)p)->uc_mcontext.gregs;

	g[REG_EAX] = 0x5a5a5a5a;
	g[REG_EBX] = 0x12345678;
	g[REG_ESI] = 0x0badf00d;
	g[REG_EIP] = (greg_t)raise_regs_alt;
	/* Only the user's flags come back: not TF (it would trap), IOPL, NT or VM. */
	g[REG_EFL] = (g[REG_EFL] & ~EFL_DF) | EFL_CF | EFL_OF | EFL_IOPL | EFL_NT | EFL_VM;
	g[REG_GS] = 0xfff8;	/* no such descriptor: loads as 0 */
	g[REG_ES] = 0;		/* null: allowed */
}

static void edited(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = edit_context;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR2, &sa, NULL);
	alt_taken = 0;
	raise_regs(pid, SIGUSR2);
	printf("edited: resumed at the new eip: %s\n", yes(alt_taken));
	printf("edited: eax 0x%x, ebx 0x%x, esi 0x%x, edi kept %s\n", after.eax, after.ebx,
	       after.esi, yes(after.edi == R_EDI));
	printf("edited: eflags & (CF|OF|DF|IF|IOPL|NT|VM) = 0x%x\n",
	       after.eflags & (EFL_CF | EFL_OF | EFL_DF | EFL_IF | EFL_IOPL | EFL_NT | EFL_VM));
	printf("edited: gs 0x%x, es (null) 0x%x\n", after.gs & 0xfffc, after.es & 0xfffc);
	sigaction(SIGUSR2, &(struct sigaction){ .sa_handler = SIG_DFL }, NULL);
}

/* ---- faults: trapno, err, cr2, and resuming past the faulting instruction ---- */

uint32_t fault_read(void);
uint32_t fault_write(void *addr);
extern char fault_read_insn[], fault_read_next[], fault_write_insn[], fault_write_next[];
extern char ud2_insn[], ud2_next[], div_insn[], div_next[], int3_next[];
uint32_t do_ud2(void);
uint32_t do_div0(void);
uint32_t do_int3(void);

asm("	.text\n"
    "fault_read:\n"
    "	movl $0x77, %eax\n"
    "fault_read_insn:\n"
    "	movl 0x10, %eax\n"
    "fault_read_next:\n"
    "	ret\n"
    "fault_write:\n"
    "	movl 4(%esp), %ecx\n"
    "	movl $0x77, %eax\n"
    "fault_write_insn:\n"
    "	movl %eax, (%ecx)\n"
    "fault_write_next:\n"
    "	ret\n"
    "do_ud2:\n"
    "	movl $0x77, %eax\n"
    "ud2_insn:\n"
    "	ud2\n"
    "ud2_next:\n"
    "	ret\n"
    "do_div0:\n"
    "	movl $0x77, %eax\n"
    "	xorl %edx, %edx\n"
    "	xorl %ecx, %ecx\n"
    "div_insn:\n"
    "	divl %ecx\n"
    "div_next:\n"
    "	ret\n"
    "do_int3:\n"
    "	movl $0x77, %eax\n"
    "	int3\n"
    "int3_next:\n"
    "	ret\n");

static const char ro_page[4096] __attribute__((aligned(4096))) = "read-only";

static void on_fault(int sig, siginfo_t *si, void *p)
{
	ucontext_t *uc = p;
	greg_t *g = uc->uc_mcontext.gregs;
	uint32_t eip = g[REG_EIP], addr = (uint32_t)si->si_addr;

	if (eip == (uint32_t)fault_read_insn) {
		printf("read of 0x10: %s, trapno %d, err & 7 = %d, cr2 0x%lx\n",
		       sigabbrev_np(sig), (int)g[REG_TRAPNO], (int)g[REG_ERR] & 7,
		       uc->uc_mcontext.cr2);
		printf("  si_code SEGV_MAPERR %s, si_addr 0x%x\n", yes(si->si_code == SEGV_MAPERR),
		       addr);
		g[REG_EIP] = (greg_t)fault_read_next;
	} else if (eip == (uint32_t)fault_write_insn) {
		printf("write to a read-only page: %s, trapno %d, err & 7 = %d, cr2 is it: %s\n",
		       sigabbrev_np(sig), (int)g[REG_TRAPNO], (int)g[REG_ERR] & 7,
		       yes(uc->uc_mcontext.cr2 == (uint32_t)ro_page));
		printf("  si_code SEGV_ACCERR %s, si_addr the page %s\n",
		       yes(si->si_code == SEGV_ACCERR), yes(addr == (uint32_t)ro_page));
		g[REG_EIP] = (greg_t)fault_write_next;
	} else if (eip == (uint32_t)ud2_insn) {
		printf("ud2: %s, trapno %d, err %d, si_code ILL_ILLOPN %s, si_addr the insn %s\n",
		       sigabbrev_np(sig), (int)g[REG_TRAPNO], (int)g[REG_ERR],
		       yes(si->si_code == ILL_ILLOPN), yes(addr == eip));
		g[REG_EIP] = (greg_t)ud2_next;
	} else if (eip == (uint32_t)div_insn) {
		printf("divide by 0: %s, trapno %d, si_code FPE_INTDIV %s, si_addr the insn %s\n",
		       sigabbrev_np(sig), (int)g[REG_TRAPNO], yes(si->si_code == FPE_INTDIV),
		       yes(addr == eip));
		g[REG_EIP] = (greg_t)div_next;
	} else if (eip == (uint32_t)int3_next) {
		printf("int3: %s, trapno %d, si_code SI_KERNEL %s\n", sigabbrev_np(sig),
		       (int)g[REG_TRAPNO], yes(si->si_code == SI_KERNEL));
	} else {
		printf("fault at an unexpected place\n");
		_exit(1);
	}
	g[REG_EAX] = 0x600d;
}

static void faults(void)
{
	static const int sigs[] = { SIGSEGV, SIGILL, SIGFPE, SIGTRAP };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO;
	for (int i = 0; i < 4; i++)
		sigaction(sigs[i], &sa, NULL);
	printf("resumed after the read, eax 0x%x\n", fault_read());
	printf("read-only page reads '%s'\n", ro_page);
	printf("resumed after the write, eax 0x%x\n", fault_write((void *)ro_page));
	printf("resumed after ud2, eax 0x%x\n", do_ud2());
	printf("resumed after the division, eax 0x%x\n", do_div0());
	printf("resumed after int3, eax 0x%x\n", do_int3());
	for (int i = 0; i < 4; i++)
		signal(sigs[i], SIG_DFL);
}

/* ---- without SA_RESTORER: the kernel's own way back ---- */

static volatile int plain_ran;

static void plain(int sig)
{
	plain_ran++;
}

static void plain_info(int sig, siginfo_t *si, void *uc)
{
	plain_ran++;
}

static void no_restorer(void)
{
	raw_sigaction(SIGUSR1, plain, 0, NULL, 0);
	raw_sigaction(SIGUSR2, plain_info, SA_SIGINFO, NULL, 0);
	raise_regs(pid, SIGUSR1);
	raise_regs(pid, SIGUSR2);
	printf("no SA_RESTORER: both handlers returned: %s, registers kept: %s\n",
	       yes(plain_ran == 2), yes(after.edi == R_EDI && after.esp == before.esp));
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
}

/* ---- a frame that cannot be written: SIGSEGV ---- */

static uint32_t saved_sp;

static void bad_stack(void)
{
	pid_t child = fork();
	int st;

	if (child == 0) {
		signal(SIGUSR1, plain);
		/* kill(self, SIGUSR1) with esp at 16: no room for the frame */
		asm volatile("movl %%esp, %0\n\t"
			     "movl $16, %%esp\n\t"
			     "int $0x80\n\t"
			     "movl %0, %%esp"
			     : "+m"(saved_sp) : "a"(37), "b"(getpid()), "c"(SIGUSR1) : "memory");
		_exit(plain_ran);
	}
	waitpid(child, &st, 0);
	if (WIFSIGNALED(st))
		printf("no room for the frame: killed by %s\n", sigabbrev_np(WTERMSIG(st)));
	else
		printf("no room for the frame: exit %d\n", WEXITSTATUS(st));
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	pid = getpid();
	/* Exec keeps the flags of the alternate stack: make them the same everywhere. */
	sigaltstack(&(stack_t){ .ss_flags = SS_DISABLE }, NULL);
	read_segments();
	rt_frame();
	old_frame();
	edited();
	faults();
	no_restorer();
	bad_stack();
	return 0;
}
