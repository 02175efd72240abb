/*
 * x87 and SSE state across signal handlers: the interrupted code's
 * registers survive a handler that clobbers them all, the frame's fpstate
 * holds them (in Linux's struct _fpstate_32: fsave part, fxsave image,
 * sw_reserved), a handler starts with clean ones, edits to the fpstate reach
 * the interrupted code, and a bad fpstate kills with SIGSEGV.
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

/* Linux's struct _fpstate_32 (arch/x86/include/uapi/asm/sigcontext.h). */
struct fpreg10 {
	uint16_t significand[4];
	uint16_t exponent;
};

struct fpstate32 {
	uint32_t cw, sw, tag, ipoff, cssel, dataoff, datasel;
	struct fpreg10 st[8];
	uint16_t status, magic;
	uint32_t fxsr_env[6];	/* fxsave's cwd, swd, twd, fop, fip, fcs, foo, fos */
	uint32_t mxcsr, reserved;
	uint32_t fxsr_st[32];
	uint32_t xmm[32];
	uint32_t padding[44];
	struct {
		uint32_t magic1, extended_size;
		uint64_t xfeatures;
		uint32_t xstate_size, padding[7];
	} sw_reserved;
};

#define UC_FP_XSTATE		1

/* What fpu_raise loads before its kill(pid, sig) and what it finds after. */
struct fpu_regs {
	uint32_t xmm[32];
	uint32_t mxcsr;
	uint16_t cw, sw;
	uint8_t st0[10], st1[10];
};

struct fpu_regs fpu_in, fpu_out;
void fpu_raise(int pid, int sig);
extern char fpu_raise_fwait[];

asm("	.text\n"
    "fpu_raise:\n"
    "	pushl %ebx\n"
    "	fninit\n"
    "	fldcw fpu_in+132\n"
    "	fldpi\n"
    "	fld1\n"			/* st0 = 1, st1 = pi */
    "	ldmxcsr fpu_in+128\n"
    "	movups fpu_in, %xmm0\n"
    "	movups fpu_in+16, %xmm1\n"
    "	movups fpu_in+32, %xmm2\n"
    "	movups fpu_in+48, %xmm3\n"
    "	movups fpu_in+64, %xmm4\n"
    "	movups fpu_in+80, %xmm5\n"
    "	movups fpu_in+96, %xmm6\n"
    "	movups fpu_in+112, %xmm7\n"
    "	movl 8(%esp), %ebx\n"
    "	movl 12(%esp), %ecx\n"
    "	movl $37, %eax\n"
    "	int $0x80\n"
    "fpu_raise_fwait:\n"
    "	fwait\n"		/* a pending unmasked x87 exception traps here */
    "	movups %xmm0, fpu_out\n"
    "	movups %xmm1, fpu_out+16\n"
    "	movups %xmm2, fpu_out+32\n"
    "	movups %xmm3, fpu_out+48\n"
    "	movups %xmm4, fpu_out+64\n"
    "	movups %xmm5, fpu_out+80\n"
    "	movups %xmm6, fpu_out+96\n"
    "	movups %xmm7, fpu_out+112\n"
    "	stmxcsr fpu_out+128\n"
    "	fnstcw fpu_out+132\n"
    "	fnstsw fpu_out+134\n"
    "	fstpt fpu_out+136\n"
    "	fstpt fpu_out+146\n"
    "	fninit\n"
    "	ldmxcsr mxcsr_default\n"
    "	popl %ebx\n"
    "	ret\n");

const uint32_t mxcsr_default = 0x1f80;
static struct fpu_regs baseline;
static int pid;

/* The handler's own use of the FPU: every register something else. */
static void clobber(void)
{
	static const uint32_t junk[4] = { 0xdeadbeef, 0xdeadbeef, 0xdeadbeef, 0xdeadbeef };
	static const uint32_t mx = 0x7f80;	/* round toward zero */
	static const uint16_t cw = 0x0c7f;

	asm volatile("movups %0, %%xmm0; movups %0, %%xmm1; movups %0, %%xmm2; movups %0, %%xmm3;"
		     "movups %0, %%xmm4; movups %0, %%xmm5; movups %0, %%xmm6; movups %0, %%xmm7;"
		     "ldmxcsr %1; fldcw %2; fldz; fldz; fld1"
		     : : "m"(junk), "m"(mx), "m"(cw));
}

static void load_inputs(void)
{
	for (int i = 0; i < 32; i++)
		fpu_in.xmm[i] = 0x01010101u * (i + 1) ^ 0x80000000u * (i & 1);
	fpu_in.mxcsr = 0x1f80 | 0x4000 | 0x8000;	/* round up, flush to zero */
	fpu_in.cw = 0x027f;				/* 53-bit precision */
}

/* ---- a handler that clobbers everything, and checks the frame ---- */

static void check_frame(int sig, siginfo_t *si, void *p)
{
	ucontext_t *uc = p;
	struct fpstate32 *fp = (struct fpstate32 *)uc->uc_mcontext.fpregs;
	uint32_t zero[4] = { 0 };
	uint32_t xsize = fp->sw_reserved.xstate_size;
	int has_xstate = xsize >= 576 &&
			 *(uint32_t *)((char *)fp + 112 + xsize) == FP_XSTATE_MAGIC2;

	printf("handler entry: MXCSR 0x%x, FPU cw 0x%x, xmm0 zero: %s\n", entry.mxcsr,
	       entry.fcw, yes(!memcmp(entry.xmm0, zero, 16)));
	printf("fsave part: cw 0x%x, sw high half 0x%x, tag 0x%x, status = sw: %s, magic 0x%x\n",
	       fp->cw, fp->sw >> 16, fp->tag, yes(fp->status == (uint16_t)fp->sw), fp->magic);
	printf("fsave part: st0 = 1.0: %s, st1 = pi: %s\n",
	       yes(!memcmp(&fp->st[0], baseline.st0, 10)),
	       yes(!memcmp(&fp->st[1], baseline.st1, 10)));
	printf("fxsave part: cwd 0x%x, MXCSR 0x%x, st0 in it: %s, xmm0-7: %s\n",
	       fp->fxsr_env[0] & 0xffff, fp->mxcsr,
	       yes(!memcmp(fp->fxsr_st, baseline.st0, 10)),
	       yes(!memcmp(fp->xmm, fpu_in.xmm, sizeof(fp->xmm))));
	printf("sw_reserved: magic1 %s, x87 and SSE %s, sizes consistent %s\n",
	       yes(fp->sw_reserved.magic1 == FP_XSTATE_MAGIC1),
	       yes((fp->sw_reserved.xfeatures & 3) == 3),
	       yes(xsize >= 512 && fp->sw_reserved.extended_size >= 112 + xsize));
	printf("uc_flags says xstate exactly when the frame has it: %s\n",
	       yes(!!(uc->uc_flags & UC_FP_XSTATE) == has_xstate));
	clobber();
}

static int same_regs(const struct fpu_regs *a, const struct fpu_regs *b)
{
	return !memcmp(a->xmm, b->xmm, sizeof(a->xmm)) && a->mxcsr == b->mxcsr &&
	       a->cw == b->cw && a->sw == b->sw && !memcmp(a->st0, b->st0, 10) &&
	       !memcmp(a->st1, b->st1, 10);
}

static void survive(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = (void *)entry_stub;
	sa.sa_flags = SA_SIGINFO;
	entry_next = check_frame;
	sigaction(SIGUSR1, &sa, NULL);
	fpu_raise(pid, SIGUSR1);
	printf("after the handler: xmm0-7 %s, MXCSR %s, cw %s, st0 and st1 %s, sw %s\n",
	       yes(!memcmp(fpu_out.xmm, baseline.xmm, sizeof(fpu_out.xmm))),
	       yes(fpu_out.mxcsr == baseline.mxcsr), yes(fpu_out.cw == baseline.cw),
	       yes(!memcmp(fpu_out.st0, baseline.st0, 10) &&
		   !memcmp(fpu_out.st1, baseline.st1, 10)),
	       yes(fpu_out.sw == baseline.sw));

	/* The same for a handler without SA_SIGINFO (the old frame). */
	signal(SIGUSR1, (void (*)(int))clobber);
	fpu_raise(pid, SIGUSR1);
	printf("after an old-style handler: all kept: %s\n", yes(same_regs(&fpu_out, &baseline)));
	signal(SIGUSR1, SIG_DFL);
}

/* ---- a handler that edits the fpstate ---- */

static const uint32_t pattern[4] = { 0xfeedface, 0xcafef00d, 0x0badc0de, 0x8badf00d };
static const uint8_t two[10] = { 0, 0, 0, 0, 0, 0, 0, 0x80, 0x00, 0x40 };

static void edit_fpstate(int sig, siginfo_t *si, void *p)
{
	struct fpstate32 *fp = (struct fpstate32 *)((ucontext_t *)p)->uc_mcontext.fpregs;

	fp->cw = 0xffff0e7f;	/* round toward zero; the fsave part's x87 state wins */
	memcpy(&fp->st[0], two, 10);
	fp->mxcsr = 0x3f80;	/* round down */
	memcpy(&fp->xmm[8], pattern, 16);	/* xmm2 */
}

static void edited(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = edit_fpstate;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR2, &sa, NULL);
	fpu_raise(pid, SIGUSR2);
	printf("edited: cw 0x%x, MXCSR 0x%x, xmm2 the new one %s, xmm1 and xmm3 kept %s\n",
	       fpu_out.cw, fpu_out.mxcsr, yes(!memcmp(&fpu_out.xmm[8], pattern, 16)),
	       yes(!memcmp(&fpu_out.xmm[4], &baseline.xmm[4], 16) &&
		   !memcmp(&fpu_out.xmm[12], &baseline.xmm[12], 16)));
	printf("edited: st0 = 2.0 %s, st1 kept %s\n", yes(!memcmp(fpu_out.st0, two, 10)),
	       yes(!memcmp(fpu_out.st1, baseline.st1, 10)));
	signal(SIGUSR2, SIG_DFL);
}

/* ---- fpstate NULL: clean registers ---- */

static void drop_fpstate(int sig, siginfo_t *si, void *p)
{
	((ucontext_t *)p)->uc_mcontext.fpregs = NULL;
}

static void no_fpstate(void)
{
	struct sigaction sa;
	uint32_t zero[32] = { 0 };

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = drop_fpstate;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR2, &sa, NULL);
	fpu_raise(pid, SIGUSR2);
	printf("fpstate NULL: MXCSR 0x%x, cw 0x%x, xmm0-7 zero %s\n", fpu_out.mxcsr,
	       fpu_out.cw, yes(!memcmp(fpu_out.xmm, zero, sizeof(zero))));
	signal(SIGUSR2, SIG_DFL);
}

/* ---- bad fpstates: the process dies, the kernel does not ---- */

enum { BAD_POINTER, KERNEL_POINTER, MXCSR_RESERVED, X87_UNMASKED };

static int bad_kind;

/* The x87 exception's SIGFPE, when the child handles it. */
static void on_fpe(int sig, siginfo_t *si, void *p)
{
	printf("  SIGFPE: si_code FPE_FLTINV %s, si_addr the fwait %s, trapno %d\n",
	       yes(si->si_code == FPE_FLTINV), yes(si->si_addr == fpu_raise_fwait),
	       (int)((ucontext_t *)p)->uc_mcontext.gregs[REG_TRAPNO]);
	_exit(0);
}

static void bad_fpstate(int sig, siginfo_t *si, void *p)
{
	ucontext_t *uc = p;
	struct fpstate32 *fp = (struct fpstate32 *)uc->uc_mcontext.fpregs;

	switch (bad_kind) {
	case BAD_POINTER:
		uc->uc_mcontext.fpregs = (void *)0x10;
		break;
	case KERNEL_POINTER:
		uc->uc_mcontext.fpregs = (void *)0xc0000000;
		break;
	case MXCSR_RESERVED:
		fp->mxcsr |= 0xffff0000;
		break;
	case X87_UNMASKED:	/* a pending invalid operation, now unmasked */
		fp->cw = 0xffff0360;
		fp->sw |= 0x81;
		break;
	}
}

static void bad(int kind, const char *what, int catch_fpe)
{
	pid_t child = fork();
	int st;

	if (child == 0) {
		struct sigaction sa;

		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = bad_fpstate;
		sa.sa_flags = SA_SIGINFO;
		sigaction(SIGUSR2, &sa, NULL);
		sa.sa_sigaction = on_fpe;
		if (catch_fpe)
			sigaction(SIGFPE, &sa, NULL);
		bad_kind = kind;
		fpu_raise(getpid(), SIGUSR2);
		_exit(0);
	}
	waitpid(child, &st, 0);
	printf("%s: %s %s\n", what, WIFSIGNALED(st) ? "killed by" : "exit",
	       WIFSIGNALED(st) ? sigabbrev_np(WTERMSIG(st)) : "0");
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	pid = getpid();
	load_inputs();
	fpu_raise(pid, 0);	/* no signal: what the registers read back as */
	baseline = fpu_out;
	printf("baseline: MXCSR 0x%x, cw 0x%x, xmm0-7 as loaded %s\n", baseline.mxcsr,
	       baseline.cw, yes(!memcmp(baseline.xmm, fpu_in.xmm, sizeof(baseline.xmm))));
	survive();
	edited();
	no_fpstate();
	bad(BAD_POINTER, "fpstate at 0x10", 0);
	bad(KERNEL_POINTER, "fpstate in kernel space", 0);
	bad(MXCSR_RESERVED, "MXCSR reserved bits", 0);
	bad(X87_UNMASKED, "x87 exception unmasked by the frame", 0);
	bad(X87_UNMASKED, "the same, SIGFPE handled", 1);
	return 0;
}
