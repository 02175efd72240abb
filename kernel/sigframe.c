/*
 * Signal frames, built as Linux i386 builds them (arch/x86/kernel/signal.c
 * and signal_32.c).  To run a handler, do_signal (kernel/signal.c) has
 * setup_frame save the interrupted state on the user stack and point the
 * trapframe at the handler; when the handler returns, its return address
 * (the restorer, or the frame's own retcode) calls sigreturn, which loads
 * that state back, edits the handler made included.
 *
 * Stack at the handler's first instruction (higher addresses up):
 *
 *	struct fpstate		x87/SSE registers (kernel/fpu_signal.c),
 *				fxsave part 64-byte aligned
 *	retcode[8]
 *	... the frame ...	SA_SIGINFO: struct rt_sigframe, else struct sigframe
 *	sig
 *	pretcode		<- esp, with (esp + 4) % 16 == 0
 */
#include "kernel/sigframe.h"
#include "kernel/errno.h"
#include "kernel/gdt.h"
#include "kernel/string.h"
#include "mm/uaccess.h"

#define NR_sigreturn	119
#define NR_rt_sigreturn	173

/* A handler without SA_SIGINFO: its one argument, and the old sigcontext. */
struct sigframe {
	uint32_t pretcode;	/* where the handler returns to */
	int32_t sig;
	struct sigcontext sc;
	struct fpstate fpstate_unused;	/* the old place of the fpstate, kept empty */
	uint32_t extramask;	/* signals 33-64 of the mask */
	uint8_t retcode[8];	/* popl %eax; movl $__NR_sigreturn, %eax; int $0x80 */
};

/* An SA_SIGINFO handler's three arguments and what they point to. */
struct rt_sigframe {
	uint32_t pretcode;
	int32_t sig;
	uint32_t pinfo;		/* &info */
	uint32_t puc;		/* &uc */
	struct siginfo info;
	struct ucontext uc;
	uint8_t retcode[8];	/* movl $__NR_rt_sigreturn, %eax; int $0x80 */
};

#define CHECK_OFFSET(type, field, off) \
	_Static_assert(__builtin_offsetof(type, field) == (off), #type "." #field)
CHECK_OFFSET(struct sigcontext, eax, 44);
CHECK_OFFSET(struct sigcontext, eip, 56);
CHECK_OFFSET(struct sigcontext, ss, 72);
CHECK_OFFSET(struct sigcontext, fpstate, 76);
CHECK_OFFSET(struct sigcontext, cr2, 84);
CHECK_OFFSET(struct fxregs_state, mxcsr, 24);
CHECK_OFFSET(struct fxregs_state, st_space, 32);
CHECK_OFFSET(struct fxregs_state, xmm_space, 160);
CHECK_OFFSET(struct fxregs_state, sw_reserved, 464);
CHECK_OFFSET(struct fsave_header, status, 108);
CHECK_OFFSET(struct fpstate, fx, 112);
CHECK_OFFSET(struct ucontext, uc_mcontext, 20);
CHECK_OFFSET(struct ucontext, uc_sigmask, 108);
CHECK_OFFSET(struct sigframe, fpstate_unused, 96);
CHECK_OFFSET(struct sigframe, extramask, 720);
CHECK_OFFSET(struct rt_sigframe, uc, 144);
CHECK_OFFSET(struct rt_sigframe, retcode, 260);
_Static_assert(sizeof(struct fxregs_state) == 512, "fxsave image");
_Static_assert(sizeof(struct fpx_sw_bytes) == 48, "sw_reserved");
_Static_assert(sizeof(struct fpstate) == 624, "struct _fpstate_32");

/* Nothing runs this code any more; gdb knows a signal frame by it. */
static const uint8_t retcode[8] = { 0x58, 0xb8, NR_sigreturn, 0, 0, 0, 0xcd, 0x80 };
static const uint8_t rt_retcode[8] = { 0xb8, NR_rt_sigreturn, 0, 0, 0, 0xcd, 0x80, 0 };

#define EFLAGS_CF	0x00001
#define EFLAGS_PF	0x00004
#define EFLAGS_AF	0x00010
#define EFLAGS_ZF	0x00040
#define EFLAGS_SF	0x00080
#define EFLAGS_TF	0x00100
#define EFLAGS_DF	0x00400
#define EFLAGS_OF	0x00800
#define EFLAGS_RF	0x10000
#define EFLAGS_AC	0x40000

/* What sigreturn takes from the frame; IF, IOPL and the rest stay the kernel's. */
#define FIX_EFLAGS	(EFLAGS_AC | EFLAGS_OF | EFLAGS_DF | EFLAGS_TF | \
			 EFLAGS_SF | EFLAGS_ZF | EFLAGS_AF | EFLAGS_PF | \
			 EFLAGS_CF | EFLAGS_RF)

/*
 * Where a frame of size bytes goes, and (in *fpstate) its struct fpstate
 * above it: below the interrupted stack pointer, or at the top of the
 * alternate stack for an SA_ONSTACK handler when the task is not on it
 * already.  A frame that would run off the alternate stack gets an address
 * no copy can write (Linux's -1): the caller then takes SIGSEGV.  (Linux
 * i386 also has an older switch, to sa_restorer as a stack when ss is not
 * the user's data segment; shmos does not.)
 */
static uint32_t get_sigframe(const struct trapframe *tf, const struct k_sigaction *ka,
			     uint32_t size, uint32_t *fpstate)
{
	uint32_t sp = tf->esp;
	int nested = on_sig_stack(sp), entering = 0;

	if ((ka->flags & SA_ONSTACK) && sas_ss_flags(sp) == 0) {
		sp = current->sas_ss_sp + current->sas_ss_size;
		entering = 1;
	}
	sp = (sp - sizeof(struct fxregs_state)) & ~63u;
	sp -= sizeof(struct fsave_header);
	*fpstate = sp;
	sp = ((sp - size + 4) & ~15u) - 4;	/* (sp + 4) % 16 == 0 */
	if ((nested || entering) && !__on_sig_stack(sp))
		return (uint32_t)-1;
	return sp;
}

static void setup_sigcontext(struct sigcontext *sc, const struct trapframe *tf,
			     uint32_t fpstate, uint64_t mask)
{
	sc->gs = tf->gs, sc->fs = tf->fs, sc->es = tf->es, sc->ds = tf->ds;
	sc->edi = tf->edi, sc->esi = tf->esi, sc->ebp = tf->ebp;
	sc->esp = tf->esp, sc->ebx = tf->ebx, sc->edx = tf->edx;
	sc->ecx = tf->ecx, sc->eax = tf->eax;
	sc->trapno = current->trap_nr, sc->err = current->error_code;
	sc->eip = tf->eip, sc->cs = tf->cs, sc->eflags = tf->eflags;
	sc->esp_at_signal = tf->esp, sc->ss = tf->ss;
	sc->fpstate = fpstate;
	sc->oldmask = (uint32_t)mask;
	sc->cr2 = current->cr2;
}

/* The handler's own start: its stack, segments, the ABI's flags, clean FPU. */
static void enter_handler(struct trapframe *tf, const struct k_sigaction *ka,
			  uint32_t frame)
{
	tf->esp = frame;
	tf->eip = ka->handler;
	tf->ds = tf->es = tf->ss = USER_DS;
	tf->cs = USER_CS;
	tf->eflags &= ~(EFLAGS_DF | EFLAGS_RF | EFLAGS_TF);
	fpu_reset();
}

static uint32_t restorer(const struct k_sigaction *ka, uint32_t frame, uint32_t off)
{
	return (ka->flags & SA_RESTORER) ? ka->restorer : frame + off;
}

/* The frame of a handler without SA_SIGINFO: handler(sig). */
static int setup_old_frame(int sig, const struct k_sigaction *ka, uint64_t mask,
			   struct trapframe *tf)
{
	struct {
		uint32_t pretcode;
		int32_t sig;
		struct sigcontext sc;
	} head;
	uint32_t fp, frame = get_sigframe(tf, ka, sizeof(struct sigframe), &fp);
	uint32_t extramask = mask >> 32;

	head.pretcode = restorer(ka, frame, offsetof(struct sigframe, retcode));
	head.sig = sig;
	setup_sigcontext(&head.sc, tf, fp, mask);
	if (save_fpstate(fp) || copy_to_user((void *)frame, &head, sizeof(head)) ||
	    copy_to_user((void *)(frame + offsetof(struct sigframe, extramask)),
			 &extramask, sizeof(extramask)) ||
	    copy_to_user((void *)(frame + offsetof(struct sigframe, retcode)),
			 retcode, sizeof(retcode)))
		return -EFAULT;
	enter_handler(tf, ka, frame);
	tf->eax = sig;		/* regparm(3) handlers find their arguments here */
	tf->edx = tf->ecx = 0;
	return 0;
}

/* The frame of an SA_SIGINFO handler: handler(sig, &info, &uc). */
static int setup_rt_frame(int sig, const struct ksiginfo *info,
			  const struct k_sigaction *ka, uint64_t mask,
			  struct trapframe *tf)
{
	struct rt_sigframe f;
	uint32_t fp, frame = get_sigframe(tf, ka, sizeof(f), &fp);

	memset(&f, 0, sizeof(f));
	f.pretcode = restorer(ka, frame, offsetof(struct rt_sigframe, retcode));
	f.sig = sig;
	f.pinfo = frame + offsetof(struct rt_sigframe, info);
	f.puc = frame + offsetof(struct rt_sigframe, uc);
	fill_siginfo(&f.info, sig, info);
	f.uc.uc_stack.ss_sp = current->sas_ss_sp;
	f.uc.uc_stack.ss_flags = current->sas_ss_flags;
	f.uc.uc_stack.ss_size = current->sas_ss_size;
	setup_sigcontext(&f.uc.uc_mcontext, tf, fp, mask);
	f.uc.uc_sigmask = mask;
	memcpy(f.retcode, rt_retcode, sizeof(rt_retcode));
	if (save_fpstate(fp) || copy_to_user((void *)frame, &f, sizeof(f)))
		return -EFAULT;
	enter_handler(tf, ka, frame);
	tf->eax = sig;
	tf->edx = f.pinfo;
	tf->ecx = f.puc;
	return 0;
}

/*
 * Saves the interrupted state (tf, the FPU, mask: the signal mask to go back
 * to) in a frame for ka's handler of sig, and makes tf enter the handler.
 * info is sig's record, as do_signal took it off the pending set.  -EFAULT
 * if the frame cannot be written: tf is then unchanged.
 */
int setup_frame(int sig, const struct ksiginfo *info, struct k_sigaction *ka,
		uint64_t mask, struct trapframe *tf)
{
	if (ka->flags & SA_SIGINFO)
		return setup_rt_frame(sig, info, ka, mask, tf);
	return setup_old_frame(sig, ka, mask, tf);
}

/* ---- sigreturn ---- */

/* Descriptor access rights as lar reads them (bits 8-23 of its second word). */
#define AR_RW		0x000200	/* code: readable; data: writable */
#define AR_CONFORMING	0x000400
#define AR_CODE		0x000800
#define AR_S		0x001000	/* code or data, not a system descriptor */
#define AR_DPL3		0x006000
#define AR_P		0x008000
#define AR_DB		0x400000	/* 32-bit */

/* The access rights of the descriptor sel names, 0 if none (lar fails). */
static uint32_t selector_rights(uint32_t sel)
{
	uint32_t ar = 0;

	asm("lar %1, %0\n\tjz 1f\n\txorl %0, %0\n1:" : "+r"(ar) : "r"(sel) : "cc");
	return ar;
}

/*
 * The value ds, es, fs or gs gets from a frame's selector.  Linux loads it
 * with RPL 3 and, if loading faults, loads 0 instead: so a selector that
 * names no ring-3 data (or readable code) segment becomes null here, and
 * trapret never faults on it.
 */
static uint32_t data_selector(uint32_t sel)
{
	uint32_t ar, need = AR_P | AR_DPL3 | AR_S;

	sel = (sel | 3) & 0xffff;
	if (sel < 4)
		return sel;		/* a null selector */
	ar = selector_rights(sel);
	if ((ar & need) == need && (!(ar & AR_CODE) || (ar & AR_RW)))
		return sel;
	return 0;
}

/*
 * cs must name a 32-bit ring-3 code segment and ss a 32-bit ring-3 writable
 * data segment, or iret would fault.  (Linux lets the iret fault; the
 * program gets the same SIGSEGV.)
 */
static int user_cs_ss(uint32_t cs, uint32_t ss)
{
	uint32_t need_cs = AR_P | AR_DPL3 | AR_S | AR_CODE | AR_DB;
	uint32_t need_ss = AR_P | AR_DPL3 | AR_S | AR_RW | AR_DB;
	uint32_t ar_cs = selector_rights((cs | 3) & 0xffff);
	uint32_t ar_ss = selector_rights((ss | 3) & 0xffff);

	return (ar_cs & need_cs) == need_cs && !(ar_cs & AR_CONFORMING) &&
	       (ar_ss & need_ss) == need_ss && !(ar_ss & AR_CODE);
}

/*
 * Loads the interrupted state from the sigcontext at user address usc.
 * Everything a program may set comes back: registers, the user's eflags
 * bits, segments it may load, the FPU.  -EFAULT for a frame that cannot be
 * read or names segments it may not load.
 */
static int restore_sigcontext(struct trapframe *tf, uint32_t usc)
{
	struct sigcontext sc;

	if (copy_from_user(&sc, (void *)usc, sizeof(sc)) || !user_cs_ss(sc.cs, sc.ss))
		return -EFAULT;
	tf->gs = data_selector(sc.gs), tf->fs = data_selector(sc.fs);
	tf->es = data_selector(sc.es), tf->ds = data_selector(sc.ds);
	tf->edi = sc.edi, tf->esi = sc.esi, tf->ebp = sc.ebp;
	tf->esp = sc.esp, tf->ebx = sc.ebx, tf->edx = sc.edx;
	tf->ecx = sc.ecx, tf->eax = sc.eax, tf->eip = sc.eip;
	tf->cs = (sc.cs | 3) & 0xffff;
	tf->ss = (sc.ss | 3) & 0xffff;
	tf->eflags = (tf->eflags & ~FIX_EFLAGS) | (sc.eflags & FIX_EFLAGS);
	/* The interrupted context's eax is no system call's result: never restart it. */
	current->syscall_nr = -1;
	return restore_fpstate(sc.fpstate);
}

/*
 * A frame sigreturn cannot use: SIGSEGV, as Linux's signal_fault.  The
 * registers keep what was restored, as on Linux, and the call returns 0.
 */
static long bad_frame(void)
{
	force_sig(SIGSEGV);
	return 0;
}

/* glibc's __restore (no SA_SIGINFO) pops sig too: the frame is at esp - 8. */
long sys_sigreturn(void)
{
	struct trapframe *tf = current->tf;
	uint32_t frame = tf->esp - 8;
	uint32_t mask[2];

	if (copy_from_user(&mask[0], (void *)(frame + offsetof(struct sigframe, sc.oldmask)),
			   sizeof(mask[0])) ||
	    copy_from_user(&mask[1], (void *)(frame + offsetof(struct sigframe, extramask)),
			   sizeof(mask[1])))
		return bad_frame();
	set_current_blocked(mask[0] | (uint64_t)mask[1] << 32);
	if (restore_sigcontext(tf, frame + offsetof(struct sigframe, sc)))
		return bad_frame();
	return tf->eax;
}

/* __restore_rt: the handler's ret popped pretcode, so the frame is at esp - 4. */
long sys_rt_sigreturn(void)
{
	struct trapframe *tf = current->tf;
	uint32_t frame = tf->esp - 4;
	uint64_t mask;

	if (copy_from_user(&mask, (void *)(frame + offsetof(struct rt_sigframe, uc.uc_sigmask)),
			   sizeof(mask)))
		return bad_frame();
	set_current_blocked(mask);
	if (restore_sigcontext(tf, frame + offsetof(struct rt_sigframe, uc.uc_mcontext)) ||
	    restore_altstack((void *)(frame + offsetof(struct rt_sigframe, uc.uc_stack))))
		return bad_frame();
	return tf->eax;
}
