/*
 * The frame a signal handler finds on its stack, in Linux i386's layout
 * (arch/x86/include/uapi/asm/sigcontext.h, asm-generic/ucontext.h,
 * arch/x86/include/asm/sigframe.h).  glibc's ucontext_t, gdb, and every
 * program that reads or edits the interrupted state depend on each offset,
 * so kernel/sigframe.c checks them at build time.
 */
#ifndef KERNEL_SIGFRAME_H
#define KERNEL_SIGFRAME_H

#include "kernel/signal.h"

/*
 * The interrupted registers (Linux's struct sigcontext_32): glibc's
 * uc_mcontext.gregs[] in the order of its REG_GS ... REG_SS, then the
 * fpstate pointer, oldmask and cr2.  Segment fields are 16-bit selectors
 * stored in 32 bits.
 */
struct sigcontext {
	uint32_t gs, fs, es, ds;
	uint32_t edi, esi, ebp, esp, ebx, edx, ecx, eax;
	uint32_t trapno, err;		/* of the last user exception */
	uint32_t eip, cs, eflags;
	uint32_t esp_at_signal, ss;
	uint32_t fpstate;	/* user address of the struct fpstate; 0: none */
	uint32_t oldmask;	/* signals 1-32 of the mask */
	uint32_t cr2;		/* the address of the last page fault */
};

/* One x87 register as fsave stores it: 64-bit significand, sign and exponent. */
struct fpreg {
	uint16_t significand[4];
	uint16_t exponent;
};

/* fxsave's 512-byte image (Linux's struct fxregs_state); 16-byte aligned. */
struct fxregs_state {
	uint16_t cwd, swd;
	uint8_t twd, pad;	/* abridged tag word: bit i set = register i not empty */
	uint16_t fop;
	uint32_t fip, fcs, foo, fos;
	uint32_t mxcsr, mxcsr_mask;
	uint32_t st_space[32];	/* st0-st7, 16 bytes each, 10 used */
	uint32_t xmm_space[64];	/* xmm0-xmm7 (i386 has 8), 16 bytes each */
	uint32_t padding[12];
	uint32_t sw_reserved[12];	/* the CPU leaves it alone: struct fpx_sw_bytes */
};

/* What the frame says in sw_reserved about the state it holds (Linux's _fpx_sw_bytes). */
struct fpx_sw_bytes {
	uint32_t magic1;	/* FP_XSTATE_MAGIC1 */
	uint32_t extended_size;	/* of the whole fpstate, + 4 for a magic2 */
	uint64_t xfeatures;	/* which states: x87 and SSE */
	uint32_t xstate_size;	/* of the fxsave image */
	uint32_t padding[7];
};

#define FP_XSTATE_MAGIC1	0x46505853u
#define FP_XSTATE_MAGIC2_SIZE	4
#define XFEATURE_MASK_FPSSE	3
#define X86_FXSR_MAGIC		0x0000	/* the magic of an fsave header followed by fxsave */

/*
 * The old fsave layout that a 32-bit frame starts with (Linux's
 * user_i387_ia32_struct, then status and magic): environment, full tag
 * word, and the eight registers in stack order, 112 bytes.  Debuggers and
 * older programs read it; sigreturn takes the x87 state from it.
 */
struct fsave_header {
	uint32_t cwd, swd, twd, fip, fcs, foo, fos;
	struct fpreg st[8];
	uint16_t status;	/* swd again */
	uint16_t magic;		/* X86_FXSR_MAGIC */
};

/* Linux's struct _fpstate_32, what sigcontext.fpstate points to. */
struct fpstate {
	struct fsave_header fsave;
	struct fxregs_state fx;	/* 64-byte aligned in a frame */
};

/* The rt frame's ucontext (glibc's ucontext_t up to uc_sigmask). */
struct ucontext {
	uint32_t uc_flags;	/* UC_FP_XSTATE (1) only with xsave: never here */
	uint32_t uc_link;
	struct sigaltstack uc_stack;
	struct sigcontext uc_mcontext;
	uint64_t uc_sigmask;	/* the mask to go back to */
};

/* x87 and SSE state in a frame, and an FPU exception's si_code (kernel/fpu_signal.c). */
int save_fpstate(uint32_t ufp);
int restore_fpstate(uint32_t ufp);
int fpu_exception_code(int trapno);
/* The fsave view of an fxsave image (a frame's, PTRACE_GETFPREGS's), and back. */
void convert_from_fxsr(struct fsave_header *h, const struct fxregs_state *fx);
void convert_to_fxsr(struct fxregs_state *fx, const struct fsave_header *h);
/* The MXCSR bits the CPU has: fxrstor of another faults. */
uint32_t mxcsr_feature_mask(void);

/* Building a handler's frame, and sigreturn taking it down (kernel/sigframe.c). */
int setup_frame(int sig, const struct ksiginfo *info, struct k_sigaction *ka,
		uint64_t mask, struct trapframe *tf);

#endif
