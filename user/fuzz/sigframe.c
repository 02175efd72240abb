// Operations on signal frames: x87 and SSE registers across handlers (they
// must come back exactly, or the process says so and fails), garbage given
// to sigreturn (the process must die or resume, the kernel must not care),
// alternate stacks, and waits with a temporary signal mask.
//
// The signal raised here is SIG_OWN, which op_signals never touches; it is
// unblocked and handled before each raise, so it never stays pending. What
// could kill the caller (a bad frame, a bad alternate stack) runs in a child
// of its own, which only ever resumes at places chosen here, never at an
// address the garbage names: it cannot run code that makes system calls.
#include "fuzz.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#define SIG_OWN 40
#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1u << 31)	// Linux 4.7; not in every glibc
#endif

// ---- what fpu_kill loads, and what it finds after its kill(pid, sig) ----

struct fpu_state {
	uint32_t xmm[32];
	uint32_t mxcsr;
	uint16_t cw, sw;
	uint32_t nst;		// x87 registers loaded (0-8)
	uint8_t st[8][10];
};

struct fpu_state fz_in, fz_out;
void fpu_kill(int pid, int sig);

// Loads fz_in's registers (st[0] pushed first), kills, stores them into fz_out.
asm("	.text\n"
    "fpu_kill:\n"
    "	pushl %ebx\n"
    "	pushl %esi\n"
    "	fninit\n"
    "	fldcw fz_in+132\n"
    "	movl fz_in+136, %ecx\n"
    "	leal fz_in+140, %esi\n"
    "1:	testl %ecx, %ecx\n"
    "	jz 2f\n"
    "	fldt (%esi)\n"
    "	addl $10, %esi\n"
    "	decl %ecx\n"
    "	jmp 1b\n"
    "2:	ldmxcsr fz_in+128\n"
    "	movups fz_in, %xmm0\n"
    "	movups fz_in+16, %xmm1\n"
    "	movups fz_in+32, %xmm2\n"
    "	movups fz_in+48, %xmm3\n"
    "	movups fz_in+64, %xmm4\n"
    "	movups fz_in+80, %xmm5\n"
    "	movups fz_in+96, %xmm6\n"
    "	movups fz_in+112, %xmm7\n"
    "	movl 12(%esp), %ebx\n"
    "	movl 16(%esp), %ecx\n"
    "	movl $37, %eax\n"
    "	int $0x80\n"
    "	movups %xmm0, fz_out\n"
    "	movups %xmm1, fz_out+16\n"
    "	movups %xmm2, fz_out+32\n"
    "	movups %xmm3, fz_out+48\n"
    "	movups %xmm4, fz_out+64\n"
    "	movups %xmm5, fz_out+80\n"
    "	movups %xmm6, fz_out+96\n"
    "	movups %xmm7, fz_out+112\n"
    "	stmxcsr fz_out+128\n"
    "	fnstcw fz_out+132\n"
    "	fnstsw fz_out+134\n"
    "	movl fz_in+136, %ecx\n"
    "	movl %ecx, fz_out+136\n"
    "	leal fz_out+140, %esi\n"
    "3:	testl %ecx, %ecx\n"
    "	jz 4f\n"
    "	fstpt (%esi)\n"		// st0 first: the reverse of the loads
    "	addl $10, %esi\n"
    "	decl %ecx\n"
    "	jmp 3b\n"
    "4:	fninit\n"
    "	ldmxcsr fz_mxcsr_default\n"
    "	popl %esi\n"
    "	popl %ebx\n"
    "	ret\n");

const uint32_t fz_mxcsr_default = 0x1f80;
static volatile int handler_ran, frame_wrong;
static struct fpu_state baseline;	// what the registers read back as with no signal

// The handler's own use of the FPU, which must not show after it returns.
static void clobber_fpu(void)
{
	static const uint32_t junk[4] = { 0xdeadbeef, 0x12345678, 0, 0xffffffff };
	static const uint32_t mx = 0x7f80;
	static const uint16_t cw = 0x0c7f;

	asm volatile("movups %0, %%xmm0; movups %0, %%xmm1; movups %0, %%xmm2; movups %0, %%xmm3;"
		     "movups %0, %%xmm4; movups %0, %%xmm5; movups %0, %%xmm6; movups %0, %%xmm7;"
		     "ldmxcsr %1; fldcw %2; fldz; fld1; fldpi"
		     : : "m"(junk), "m"(mx), "m"(cw));
}

static void fpu_handler(int sig)
{
	handler_ran++;
	clobber_fpu();
}

// With SA_SIGINFO the frame's fpstate is checked too: the xmm registers and
// MXCSR in its fxsave part (at +112), the fsave part's control word.
static void fpu_handler_info(int sig, siginfo_t *si, void *p)
{
	const uint8_t *fp = (const uint8_t *)((ucontext_t *)p)->uc_mcontext.fpregs;

	handler_ran++;
	if (!fp || memcmp(fp + 112 + 160, baseline.xmm, sizeof(baseline.xmm)) ||
	    *(const uint32_t *)(fp + 112 + 24) != baseline.mxcsr ||
	    *(const uint16_t *)fp != baseline.cw)
		frame_wrong = 1;
	clobber_fpu();
}

static void random_fpu(void)
{
	for (unsigned i = 0; i < N(fz_in.xmm); i++)
		fz_in.xmm[i] = rnd();
	fz_in.mxcsr = rnd() & 0xffbf;	// no reserved bits, no DAZ (not on every CPU)
	fz_in.cw = rnd() | 0x3f;	// any rounding and precision; exceptions masked
	fz_in.nst = below(9);
	for (unsigned i = 0; i < fz_in.nst; i++)
		for (unsigned b = 0; b < 10; b++)
			fz_in.st[i][b] = rnd();
}

static int same_fpu(const struct fpu_state *a, const struct fpu_state *b)
{
	return !memcmp(a->xmm, b->xmm, sizeof(a->xmm)) && a->mxcsr == b->mxcsr &&
	       a->cw == b->cw && a->sw == b->sw && !memcmp(a->st, b->st, 10 * a->nst);
}

static char own_stack[16384] __attribute__((aligned(16)));

static void set_handler(void *fn, long flags)
{
	long act[5] = { (long)fn, flags, 0, 0, 0 };
	SC(SYS_rt_sigaction, SIG_OWN, act, 0, 8, 0);
}

// x87 and SSE registers at random, a handler that clobbers them all (its
// frame old or rt, on the normal or the alternate stack), and afterwards
// exactly the registers that a run without a signal reads back.
void op_fpu(void)
{
	static const long flag_sets[] = { 0, SA_SIGINFO, SA_ONSTACK, SA_SIGINFO | SA_ONSTACK,
					  SA_NODEFER | SA_SIGINFO, SA_RESETHAND };
	long flags = PICK(flag_sets), unblock[2] = { 0, 1L << (SIG_OWN - 33) };
	stack_t old_ss, ss = { .ss_sp = own_stack, .ss_size = sizeof own_stack };

	random_fpu();
	fpu_kill(getpid(), 0);		// no signal: the reference
	baseline = fz_out;
	sigaltstack(&ss, &old_ss);
	set_handler(flags & SA_SIGINFO ? (void *)fpu_handler_info : (void *)fpu_handler, flags);
	SC(SYS_rt_sigprocmask, SIG_UNBLOCK, unblock, 0, 8, 0);
	handler_ran = frame_wrong = 0;
	fpu_kill(getpid(), SIG_OWN);
	sigaltstack(&old_ss, NULL);
	set_handler(SIG_IGN, 0);
	if (!handler_ran || frame_wrong || !same_fpu(&fz_out, &baseline)) {
		printf("fuzz: %c%d: x87/SSE state across a signal (flags %lx): handler ran %d, "
		       "frame %s, registers %s\n", is_kid ? 'k' : 'w', me, flags, handler_ran,
		       frame_wrong ? "wrong" : "right",
		       same_fpu(&fz_out, &baseline) ? "kept" : "changed");
		_exit(3);
	}
}

// ---- garbage for sigreturn, in a child ----

// Where a child may resume: landing exits at once, using no stack; the
// others fault (NULL, kernel space, the arena's guard page).
void landing(void);
asm("	.text\n"
    "landing:\n"
    "	movl $1, %eax\n"	// exit(77)
    "	movl $77, %ebx\n"
    "	int $0x80\n");

static uint32_t safe_eip(void)
{
	uint32_t places[] = { (uint32_t)landing, 0, 0xc0000000, (uint32_t)(arena + ARENA) };
	return PICK(places);
}

static uint32_t safe_esp(void)
{
	uint32_t places[] = { 0, 0xc0001000, (uint32_t)(arena + ARENA + 64), 3 };
	return PICK(places);
}

// Linux's sigcontext_32, as both frames hold it.
struct sc32 {
	uint32_t gs, fs, es, ds, edi, esi, ebp, esp, ebx, edx, ecx, eax;
	uint32_t trapno, err, eip, cs, eflags, esp_at_signal, ss, fpstate, oldmask, cr2;
};

static void scribble(void *p, size_t n)
{
	for (int k = below(8); k >= 0; k--)
		((uint8_t *)p)[below(n)] = rnd();
}

/*
 * Garbage in a sigcontext, so that the child resumes only at a safe place:
 * its own code runs on only if no register it relies on changed.
 */
static void garbage_sigcontext(struct sc32 *sc)
{
	uint32_t fps[] = { 0, 0x10, 0xc0000000, (uint32_t)(arena + ARENA - 100),
			   sc->fpstate + 8, sc->fpstate };
	int safe = 1;

	if (chance(40)) {	// the registers glibc's code relies on, or all of them
		uint32_t *r = &sc->edi;
		for (int i = 0; i < 8; i++)
			if (chance(50))
				r[i] = rnd();
		safe = 0;
	}
	if (chance(30)) {
		sc->eflags = rnd();
		safe = 0;
	}
	if (chance(30)) {
		uint32_t *seg = chance(50) ? &sc->cs : chance(50) ? &sc->ss :
				(uint32_t *)sc + below(4);
		*seg = chance(50) ? rnd() : rnd() & 0xffff;
	}
	if (chance(30))
		sc->esp = safe_esp(), safe = 0;
	if (!safe || chance(30))
		sc->eip = safe_eip();
	if (chance(40)) {
		if (chance(50) && sc->fpstate)
			scribble((void *)sc->fpstate, 624);
		else
			sc->fpstate = PICK(fps);
	}
	if (chance(20))
		sc->oldmask = rnd();
}

static void garbage_handler(int sig)
{
	garbage_sigcontext((struct sc32 *)((char *)&sig + 4));	// the old frame: sig, then sc
}

static void garbage_handler_info(int sig, siginfo_t *si, void *p)
{
	ucontext_t *uc = p;

	garbage_sigcontext((struct sc32 *)&uc->uc_mcontext);
	if (chance(20))
		scribble(&uc->uc_sigmask, 8);
	if (chance(20)) {
		uc->uc_stack.ss_sp = (void *)(long)rnd();
		uc->uc_stack.ss_size = chance(50) ? rnd() : 4096;
		uc->uc_stack.ss_flags = chance(50) ? (int)rnd() : SS_AUTODISARM;
	}
}

/* sigreturn with esp in a page of garbage whose eip and esp are safe ones. */
static void garbage_sigreturn(void)
{
	static uint32_t page[1024];
	int rt = chance(50);
	uint32_t esp = (uint32_t)&page[256 + below(64)];
	struct sc32 *sc = (struct sc32 *)(rt ? esp - 4 + 164 : esp);

	for (unsigned i = 0; i < N(page); i++)
		page[i] = chance(50) ? rnd() : 0;
	sc->eip = safe_eip();
	sc->esp = safe_esp();
	if (chance(20))
		esp = chance(50) ? safe_esp() : (uint32_t)(arena + ARENA - 8);
	asm volatile("movl %0, %%esp\n\t"
		     "int $0x80\n\t"
		     "jmp landing"
		     : : "r"(esp), "a"(rt ? 173 : 119) : "memory");
}

static void garbage_child(void)
{
	long unblock[2] = { 0, 1L << (SIG_OWN - 33) };

	alarm(2);
	if (chance(25))
		garbage_sigreturn();
	if (chance(50))	// the flag decides the frame, which the handler must know
		set_handler(garbage_handler_info, SA_SIGINFO);
	else
		set_handler(garbage_handler, 0);
	SC(SYS_rt_sigprocmask, SIG_UNBLOCK, unblock, 0, 8, 0);
	fpu_kill(getpid(), SIG_OWN);
	_exit(0);
}

/*
 * A child gives sigreturn garbage: it dies of a signal or exits.  It may
 * also spin in user mode, as on Linux (an x87 status whose pending
 * exception is masked traps again and again, and the garbage mask may
 * block its alarm): after a while it is killed.
 */
void op_sigreturn(void)
{
	pid_t pid = fork();

	if (pid == 0)
		garbage_child();
	if (pid < 0)
		return;
	for (int tries = 0; tries < 300; tries++) {
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return;
		usleep(10000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

// ---- sigaltstack, and waits with a temporary mask ----

// sigaltstack with arguments right and wrong; the previous stack comes back.
void op_sigaltstack(void)
{
	static const long flags[] = { 0, SS_ONSTACK, SS_DISABLE, SS_AUTODISARM, 4, -1 };
	stack_t old, *ss = (stack_t *)scratch;

	sigaltstack(NULL, &old);
	ss->ss_sp = chance(50) ? own_stack : (void *)ptr(1);
	ss->ss_size = chance(50) ? sizeof own_stack : (size_t)size();
	ss->ss_flags = PICK(flags);
	SC(SYS_sigaltstack, chance(85) ? (long)ss : bad_ptr(), chance(50) ? 0 : ptr(12), 0, 0, 0);
	sigaltstack(&old, NULL);
}

static volatile int own_ran;

static void count_own(int sig)
{
	own_ran++;
}

/* pselect6 takes a sixth argument, which sc() does not pass. */
static long pselect6(const void *ts, const long *pack)
{
	long r = syscall(SYS_pselect6, 0, 0, 0, 0, ts, pack);

	if (trace)
		printf("%c%d SYS_pselect6 (0, 0, 0, 0, %p, %p) = %s%lx\n", is_kid ? 'k' : 'w', me,
		       ts, (void *)pack, r == -1 ? "-" : "", r == -1 ? (long)errno : r);
	return r;
}

/*
 * SIG_OWN blocked and pending, then a wait whose mask lets it in: the
 * handler runs exactly once, the call fails EINTR, and the caller's mask
 * is back, SIG_OWN in it and no longer pending.  Sometimes the mask
 * argument is bad instead (or NULL: no mask): the wait does not take the
 * signal, and the mask stays.  A bad call never waits: its timeout is 0.
 */
void op_sigwait(void)
{
	static const long zero_ts[2];
	long own[2] = { 0, 1L << (SIG_OWN - 33) }, *mask = (long *)scratch;
	long old[2], now[2], pend[2], r;
	int bad = chance(20), which = below(3);
	long setsize = bad && chance(50) ? 4 : 8, maskp = bad ? bad_ptr() : (long)mask;
	long pack[2] = { maskp, setsize };
	const long *ts = bad || chance(50) ? zero_ts : NULL;

	set_handler(count_own, 0);
	SC(SYS_rt_sigprocmask, SIG_BLOCK, own, old, 8, 0);
	SC(SYS_kill, getpid(), SIG_OWN, 0, 0, 0);
	mask[0] = old[0];
	mask[1] = old[1] & ~own[1];
	own_ran = 0;
	errno = 0;
	if (which == 0)
		r = SC(SYS_rt_sigsuspend, maskp, setsize, 0, 0, 0);
	else if (which == 1)
		r = SC(SYS_ppoll, 0, 0, ts, maskp, setsize);
	else
		r = pselect6(ts, pack);
	int e = errno;
	SC(SYS_rt_sigprocmask, SIG_BLOCK, 0, now, 8, 0);
	SC(SYS_rt_sigpending, pend, 8, 0, 0, 0);
	int pending = (pend[1] & own[1]) != 0;
	int right = bad ? !own_ran && pending : r == -1 && e == EINTR && own_ran == 1 && !pending;
	if (!right || now[0] != old[0] || now[1] != (old[1] | own[1])) {
		printf("fuzz: %c%d: wait %d with a mask%s: %ld (errno %d), handler ran %d, "
		       "pending %d\n", is_kid ? 'k' : 'w', me, which, bad ? " (bad argument)" : "",
		       r, e, own_ran, pending);
		_exit(3);
	}
	if (pending) {	// take it now: it must never stay pending
		SC(SYS_rt_sigprocmask, SIG_UNBLOCK, own, 0, 8, 0);
		SC(SYS_rt_sigprocmask, SIG_BLOCK, own, 0, 8, 0);
	}
	SC(SYS_rt_sigprocmask, SIG_SETMASK, old, 0, 8, 0);
	set_handler(SIG_IGN, 0);
}
