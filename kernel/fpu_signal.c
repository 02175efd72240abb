/*
 * The x87 and SSE registers in a signal frame, kept as Linux i386 keeps them
 * (arch/x86/kernel/fpu/signal.c and regset.c).  A handler is free to use
 * the FPU, so the interrupted code's registers go into the frame and come
 * back at sigreturn; the handler itself starts with clean ones.
 *
 * The frame's struct fpstate is the old fsave layout (112 bytes, which gdb
 * and older programs read) followed by fxsave's 512-byte image, which holds
 * everything, SSE included.  At sigreturn the x87 state comes from the
 * fsave part and the rest (MXCSR, xmm) from the image, as on Linux: so a
 * handler that edits what a debugger shows changes what the program gets.
 *
 * current->fpu is where schedule() saves the registers when the task is
 * switched out; while it runs its registers are live and the buffer is free,
 * so these functions build the image there.  Nothing between filling it and
 * using it may schedule: schedule() would save the live registers over it.
 * Nothing does: the kernel is never preempted and sleeps only where it
 * chooses, and the interrupt handlers that may come meanwhile (interrupts
 * are on) never switch tasks and never touch the FPU (the kernel is built
 * without x87 and SSE code) or current->fpu.
 */
#include "kernel/sigframe.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "mm/uaccess.h"

/* The full tag word's two bits per register. */
#define TAG_VALID	0
#define TAG_ZERO	1
#define TAG_SPECIAL	2
#define TAG_EMPTY	3

static struct fxregs_state *fx_buffer(void)
{
	return (struct fxregs_state *)current->fpu;
}

/*
 * fxsave keeps one bit per register (empty or not); fsave's tag word says
 * what a full register holds, which must be worked out from its value.
 * Bit i of both is physical register i, which is st((i - top) & 7).
 */
static uint32_t twd_fxsr_to_i387(const struct fxregs_state *fx)
{
	uint32_t top = (fx->swd >> 11) & 7, twd = 0xffff0000u;

	for (int i = 0; i < 8; i++) {
		const struct fpreg *st =
			(const struct fpreg *)&fx->st_space[((i - top) & 7) * 4];
		uint32_t exp = st->exponent & 0x7fff, tag = TAG_EMPTY;

		if (!(fx->twd & (1u << i)))
			;
		else if (exp == 0x7fff)
			tag = TAG_SPECIAL;	/* infinity or NaN */
		else if (exp == 0)
			tag = (st->significand[0] | st->significand[1] |
			       st->significand[2] | st->significand[3]) ?
			      TAG_SPECIAL : TAG_ZERO;
		else
			tag = (st->significand[3] & 0x8000) ? TAG_VALID : TAG_SPECIAL;
		twd |= tag << (2 * i);
	}
	return twd;
}

static uint8_t twd_i387_to_fxsr(uint32_t twd)
{
	uint8_t fxtwd = 0;

	for (int i = 0; i < 8; i++)
		if (((twd >> (2 * i)) & 3) != TAG_EMPTY)
			fxtwd |= 1u << i;
	return fxtwd;
}

/* Linux's convert_from_fxsr: the fsave view of an fxsave image. */
void convert_from_fxsr(struct fsave_header *h, const struct fxregs_state *fx)
{
	h->cwd = fx->cwd | 0xffff0000u;
	h->swd = fx->swd | 0xffff0000u;
	h->twd = twd_fxsr_to_i387(fx);
	h->fip = fx->fip;
	h->fcs = (fx->fcs & 0xffff) | (uint32_t)fx->fop << 16;
	h->foo = fx->foo;
	h->fos = fx->fos;
	for (int i = 0; i < 8; i++)
		memcpy(&h->st[i], &fx->st_space[i * 4], sizeof(h->st[i]));
	h->status = fx->swd;
	h->magic = X86_FXSR_MAGIC;
}

/* Linux's convert_to_fxsr: the x87 state of the fsave part goes into the image. */
void convert_to_fxsr(struct fxregs_state *fx, const struct fsave_header *h)
{
	fx->cwd = h->cwd;
	fx->swd = h->swd;
	fx->twd = twd_i387_to_fxsr(h->twd);
	fx->fop = h->fcs >> 16;
	fx->fip = h->fip;
	fx->fcs = h->fcs & 0xffff;
	fx->foo = h->foo;
	fx->fos = h->fos;
	for (int i = 0; i < 8; i++)
		memcpy(&fx->st_space[i * 4], &h->st[i], sizeof(h->st[i]));
}

/*
 * The MXCSR bits this CPU has: fxrstor of any other raises #GP.  fxsave
 * reports them; 0 there means the first SSE CPUs' 0xffbf.
 */
uint32_t mxcsr_feature_mask(void)
{
	static uint32_t mask;

	if (!mask) {
		asm volatile("fxsave %0" : "=m"(*fx_buffer()));
		mask = fx_buffer()->mxcsr_mask ? fx_buffer()->mxcsr_mask : 0xffbf;
	}
	return mask;
}

/*
 * Writes the live registers to the struct fpstate at user address ufp,
 * whose fxsave part (ufp + 112) is 64-byte aligned.  sw_reserved says, as
 * on a Linux without xsave, that the state is x87 and SSE in 512 bytes.
 */
int save_fpstate(uint32_t ufp)
{
	struct fxregs_state *fx = fx_buffer();
	struct fpx_sw_bytes *sw = (struct fpx_sw_bytes *)fx->sw_reserved;
	struct fsave_header h;

	asm volatile("fxsave %0" : "=m"(*fx));
	convert_from_fxsr(&h, fx);
	memset(sw, 0, sizeof(*sw));
	sw->magic1 = FP_XSTATE_MAGIC1;
	sw->extended_size = sizeof(struct fpstate) + FP_XSTATE_MAGIC2_SIZE;
	sw->xfeatures = XFEATURE_MASK_FPSSE;
	sw->xstate_size = sizeof(*fx);
	if (copy_to_user((void *)ufp, &h, sizeof(h)) ||
	    copy_to_user((void *)(ufp + sizeof(h)), fx, sizeof(*fx)))
		return -EFAULT;
	return 0;
}

/*
 * sigreturn: loads the registers from the struct fpstate at ufp, or clean
 * ones if ufp is 0.  A frame that cannot be read, or whose MXCSR sets bits
 * the CPU does not have, is refused (-EFAULT, and clean registers): the
 * caller gets SIGSEGV, as from a 64-bit Linux (a 32-bit one clears the bits).
 */
int restore_fpstate(uint32_t ufp)
{
	struct fxregs_state *fx = fx_buffer();
	struct fsave_header h;
	uint32_t mask = mxcsr_feature_mask();

	if (!ufp) {
		fpu_reset();
		return 0;
	}
	if (copy_from_user(fx, (void *)(ufp + sizeof(h)), sizeof(*fx)) ||
	    copy_from_user(&h, (void *)ufp, sizeof(h)) || (fx->mxcsr & ~mask)) {
		fpu_reset();
		return -EFAULT;
	}
	convert_to_fxsr(fx, &h);
	asm volatile("fxrstor %0" : : "m"(*fx));
	return 0;
}

/*
 * The si_code of an x87 (#MF) or SIMD (#XM) exception: the first of the
 * unmasked exceptions the status says are pending, in Linux's order
 * (fpu__exception_code); 0 if none is.  The registers are still live.
 */
int fpu_exception_code(int trapno)
{
	uint32_t err;

	if (trapno == T_FPERR) {
		uint16_t cw, sw;

		asm volatile("fnstcw %0; fnstsw %1" : "=m"(cw), "=m"(sw));
		err = sw & ~cw;
	} else {
		uint32_t mxcsr;

		asm volatile("stmxcsr %0" : "=m"(mxcsr));
		err = mxcsr & ~(mxcsr >> 7);
	}
	if (err & 0x01)
		return FPE_FLTINV;	/* invalid operation, stack faults included */
	if (err & 0x04)
		return FPE_FLTDIV;
	if (err & 0x08)
		return FPE_FLTOVF;
	if (err & 0x12)
		return FPE_FLTUND;	/* denormal or underflow */
	if (err & 0x20)
		return FPE_FLTRES;
	return 0;
}
