/*
 * ptrace(2), as Linux's kernel/ptrace.c and arch/x86/kernel/ptrace.c for
 * i386.  A task becomes traced by PTRACE_TRACEME (its parent traces it),
 * PTRACE_ATTACH (which sends it SIGSTOP), or by being forked by a tracee
 * whose tracer asked for fork events.  A traced task stops (ptrace_stop,
 * kernel/signal.c) at each signal it is to take, at the entry and exit of
 * each call once resumed with PTRACE_SYSCALL, and at the events its tracer
 * asked for; the tracer's wait reports the stop, and only while the task
 * is stopped may the tracer look at it and resume it.
 *
 * Checks in Linux's order: ESRCH (no such task, or not stopped and traced
 * by the caller), EPERM (attaching what may not be), EIO (a request or
 * an offset that is none), EFAULT (the caller's own memory).
 *
 * The big kernel lock keeps a stopped tracee where it is while its tracer
 * works on it: the tracee, woken by SIGKILL, cannot leave its stop until
 * the tracer's call lets go of the lock.  Nothing here is on the syscall
 * path of an untraced task: the syscall stops are behind syscall_work,
 * which syscall() tests anyway.
 */
#include <stddef.h>
#include "kernel/ptrace.h"
#include "kernel/errno.h"
#include "kernel/gdt.h"
#include "kernel/sigframe.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"
#include "mm/kmalloc.h"
#include "mm/mm.h"
#include "mm/page.h"
#include "mm/pgtable.h"
#include "mm/uaccess.h"

/* Linux's i386 struct user_regs_struct: 17 longs, PTRACE_GETREGS's. */
struct user_regs_struct {
	uint32_t ebx, ecx, edx, esi, edi, ebp, eax;
	uint32_t xds, xes, xfs, xgs, orig_eax;
	uint32_t eip, xcs, eflags, esp, xss;
};

#define USER_REGS_SIZE	sizeof(struct user_regs_struct)
/* struct user_i387_struct, PTRACE_GETFPREGS's: the fsave layout without status and magic. */
#define USER_I387_SIZE	108
#define USER_SIZE	284	/* sizeof(struct user): PTRACE_PEEKUSR's range */
#define USER_DEBUGREG	252	/* offsetof(struct user, u_debugreg[0]): 8 of them, to the end */
/* PTRACE_GETREGSET's regsets (Linux's x86_32_regsets) */
#define NT_PRSTATUS	1		/* the general registers, user_regs_struct */
#define NT_PRFPREG	2		/* the x87 registers, PTRACE_GETFPREGS's layout */
#define NT_PRXFPREG	0x46e62b7f	/* x87 and SSE: the fxsave image, PTRACE_GETFPXREGS's */
#define NT_X86_XSTATE	0x202		/* xsave's image: none, as Linux on a CPU without xsave */

/* The eflags bits a tracer may change (Linux's FLAG_MASK). */
#define FLAG_MASK	0x00054dd5	/* CF PF AF ZF SF TF DF OF NT RF AC: never IF or IOPL */

struct iovec {
	uint32_t iov_base, iov_len;
};

/* PTRACE_GET_SYSCALL_INFO's answer (Linux's struct ptrace_syscall_info). */
struct ptrace_syscall_info {
	uint8_t op;		/* PTRACE_SYSCALL_INFO_* */
	uint8_t pad[3];
	uint32_t arch;
	uint64_t instruction_pointer, stack_pointer;
	union {
		struct {
			uint64_t nr, args[6];
		} entry;
		struct {
			int64_t rval;
			uint8_t is_error;
		} exit;
		uint64_t seccomp[8];
	};
};

#define PTRACE_SYSCALL_INFO_NONE	0
#define PTRACE_SYSCALL_INFO_ENTRY	1
#define PTRACE_SYSCALL_INFO_EXIT	2
#define AUDIT_ARCH_I386		0x40000003
/* The message of a syscall stop (PTRACE_GETEVENTMSG): which of the two it is. */
#define PTRACE_EVENTMSG_SYSCALL_ENTRY	1
#define PTRACE_EVENTMSG_SYSCALL_EXIT	2

static int valid_signal(uint32_t sig)
{
	return sig < NSIG;
}

/* Whether the caller may trace t (Linux's ptrace_may_access): its own user's and dumpable, or root. */
static int may_access(const struct task *t)
{
	if (current->euid == 0)
		return 1;
	return t->dumpable && current->uid == t->uid && current->uid == t->euid &&
	       current->uid == t->suid && current->gid == t->gid &&
	       current->gid == t->egid && current->gid == t->sgid;
}

/*
 * nbytes of t's memory at addr to or from buf, a page at a time through
 * t's page tables, faulting each in as t's own access would, but for
 * writes into its text (follow_page_force).  Returns the bytes done:
 * fewer at a page t could not have.
 */
uint32_t access_process_vm(struct task *t, uint32_t addr, void *buf,
			   uint32_t nbytes, int write)
{
	struct mm_struct *mm = t->mm;
	uint32_t done = 0;

	while (done < nbytes) {
		uint32_t off = addr & ~PAGE_MASK, n = PAGE_SIZE - off;
		pte_t *pte;
		char *kaddr;

		if (n > nbytes - done)
			n = nbytes - done;
		if (!mm || !(pte = follow_page_force(mm, addr, write)))
			break;
		kaddr = kmap(pte_page(*pte));
		if (write)
			memcpy(kaddr + off, (char *)buf + done, n);
		else
			memcpy((char *)buf + done, kaddr + off, n);
		kunmap(kaddr);
		done += n;
		addr += n;
	}
	return done;
}

/* orig_eax: the call t is in, -1 outside one (an interrupt, a fault). */
static uint32_t orig_eax(const struct task *t)
{
	return t->tf->trapno == T_SYSCALL ? t->syscall_nr : (uint32_t)-1;
}

static void get_regs(const struct task *t, struct user_regs_struct *r)
{
	const struct trapframe *tf = t->tf;

	r->ebx = tf->ebx, r->ecx = tf->ecx, r->edx = tf->edx;
	r->esi = tf->esi, r->edi = tf->edi, r->ebp = tf->ebp, r->eax = tf->eax;
	r->xds = tf->ds, r->xes = tf->es, r->xfs = tf->fs, r->xgs = tf->gs;
	r->orig_eax = orig_eax(t);
	r->eip = tf->eip, r->xcs = tf->cs, r->eflags = tf->eflags;
	if (t->ptrace_options & PT_FORCED_TF)
		r->eflags &= ~FL_TF;	/* the tracer's own, not the program's */
	r->esp = tf->esp, r->xss = tf->ss;
}

/*
 * Linux's set_flags: a trap flag the tracer writes is the program's from
 * now on; one it leaves out stays while single stepping set it.
 */
static void set_flags(struct task *t, uint32_t v)
{
	if (v & FL_TF)
		t->ptrace_options &= ~PT_FORCED_TF;
	else if (t->ptrace_options & PT_FORCED_TF)
		v |= FL_TF;
	t->tf->eflags = (t->tf->eflags & ~FLAG_MASK) | (v & FLAG_MASK);
}

/*
 * Linux's putreg: a data segment must be a user selector (RPL 3) or null;
 * cs and ss stay what they are (shmos's iret would fault on another);
 * eflags changes only in FLAG_MASK.  orig_eax is the call the entry stop
 * goes on with (-1: none).  0 or -EIO.
 */
static int put_reg(struct task *t, uint32_t off, uint32_t v)
{
	struct trapframe *tf = t->tf;
	struct user_regs_struct r;
	uint32_t *seg = NULL;

	switch (off / 4) {
	case 7: seg = &tf->ds; break;
	case 8: seg = &tf->es; break;
	case 9: seg = &tf->fs; break;
	case 10: seg = &tf->gs; break;
	case 11: t->syscall_nr = v; return 0;
	case 14: set_flags(t, v); return 0;
	case 13: case 16:
		get_regs(t, &r);
		return ((uint32_t *)&r)[off / 4] == v ? 0 : -EIO;
	}
	if (seg) {
		if (v && (v & 3) != 3)
			return -EIO;
		*seg = v;
		return 0;
	}
	switch (off / 4) {
	case 0: tf->ebx = v; break;
	case 1: tf->ecx = v; break;
	case 2: tf->edx = v; break;
	case 3: tf->esi = v; break;
	case 4: tf->edi = v; break;
	case 5: tf->ebp = v; break;
	case 6: tf->eax = v; break;
	case 12: tf->eip = v; break;
	case 15: tf->esp = v; break;
	}
	return 0;
}

static int set_regs(struct task *t, const struct user_regs_struct *r)
{
	int err = 0;

	for (uint32_t i = 0; i < USER_REGS_SIZE / 4 && !err; i++)
		err = put_reg(t, i * 4, ((const uint32_t *)r)[i]);
	return err;
}

/* PTRACE_PEEKUSR: the regs area of struct user and the debug registers; the rest reads 0. */
static long peek_user(struct task *t, uint32_t addr, uint32_t *data)
{
	struct user_regs_struct r;
	uint32_t v = 0;

	if ((addr & 3) || addr > USER_SIZE - 4)
		return -EIO;
	if (addr < USER_REGS_SIZE) {
		get_regs(t, &r);
		v = ((uint32_t *)&r)[addr / 4];
	} else if (addr >= USER_DEBUGREG) {
		v = ptrace_get_debugreg(t, (addr - USER_DEBUGREG) / 4);
	}
	return copy_to_user(data, &v, 4);
}

/* PTRACE_POKEUSR: the regs area and the debug registers; the rest is not shmos's. */
static long poke_user(struct task *t, uint32_t addr, uint32_t data)
{
	if ((addr & 3) || addr > USER_SIZE - 4)
		return -EIO;
	if (addr < USER_REGS_SIZE)
		return put_reg(t, addr, data);
	if (addr >= USER_DEBUGREG)
		return ptrace_set_debugreg(t, (addr - USER_DEBUGREG) / 4, data);
	return -EIO;
}

/* t's x87 and SSE registers: t is switched out, they are in t->fpu. */
static struct fxregs_state *task_fxsave(struct task *t)
{
	return (struct fxregs_state *)t->fpu;
}

/*
 * Linux's xfpregs_set: a whole fxsave image from ubuf, where an MXCSR
 * with bits the CPU has not (which would fault the fxrstor of t's next
 * switch in) is EINVAL.  xmm8-15 are not i386's.
 */
static long xfpregs_set(struct task *t, const void *ubuf)
{
	struct fxregs_state *fx = kmalloc(sizeof(*fx));
	long err = 0;

	if (!fx)
		return -ENOMEM;
	if (copy_from_user(fx, ubuf, sizeof(*fx)))
		err = -EFAULT;
	else if (fx->mxcsr & ~mxcsr_feature_mask())
		err = -EINVAL;
	else
		*task_fxsave(t) = *fx;
	if (!err)
		memset(&task_fxsave(t)->xmm_space[8 * 4], 0, 8 * 16);
	kfree(fx);
	return err;
}

/*
 * PTRACE_GETREGSET and SETREGSET (Linux's ptrace_regset): the general
 * registers (as much as iov_len holds, in whole registers), the x87 ones,
 * or x87 and SSE (those two written whole only); no xsave state.
 */
static long regset(struct task *t, int set, uint32_t type, struct iovec *uiov)
{
	union {
		struct user_regs_struct r;
		struct fsave_header fp;
	} u;
	void *kbuf = &u, *ubuf;
	struct iovec iov;
	uint32_t size, n;
	long err = 0;

	if (copy_from_user(&iov, uiov, sizeof(iov)))
		return -EFAULT;
	if (type == NT_PRSTATUS)
		size = USER_REGS_SIZE, get_regs(t, &u.r);
	else if (type == NT_PRFPREG)
		size = USER_I387_SIZE, convert_from_fxsr(&u.fp, task_fxsave(t));
	else if (type == NT_PRXFPREG)
		size = sizeof(t->fpu), kbuf = t->fpu;
	else if (type == NT_X86_XSTATE)
		return iov.iov_len % 8 ? -EINVAL : -ENODEV;
	else
		return -EINVAL;
	if (iov.iov_len % 4)
		return -EINVAL;
	n = iov.iov_len < size ? iov.iov_len : size;
	ubuf = (void *)iov.iov_base;
	if (!set)
		err = copy_to_user(ubuf, kbuf, n) ? -EFAULT : 0;
	else if (type != NT_PRSTATUS && n != size)
		err = -EINVAL;
	else if (type == NT_PRXFPREG)
		err = xfpregs_set(t, ubuf);
	else if (copy_from_user(&u, ubuf, n))
		err = -EFAULT;
	else if (type == NT_PRSTATUS)
		err = set_regs(t, &u.r);
	else
		convert_to_fxsr(task_fxsave(t), &u.fp);
	if (err)
		return err;
	iov.iov_len = n;
	return copy_to_user(uiov, &iov, sizeof(iov));
}

/*
 * PTRACE_SINGLESTEP: the CPU traps (T_DEBUG) after each user instruction
 * while eflags' trap flag is set, and the trap is a SIGTRAP stop.  A flag
 * the program set itself stays its own (PT_FORCED_TF clear).
 */
void user_enable_single_step(struct task *t)
{
	if (!(t->tf->eflags & FL_TF)) {
		t->tf->eflags |= FL_TF;
		t->ptrace_options |= PT_FORCED_TF;
	}
	t->syscall_work |= SYSCALL_WORK_SYSCALL_EXIT_TRAP;
}

void user_disable_single_step(struct task *t)
{
	if (t->ptrace_options & PT_FORCED_TF)
		t->tf->eflags &= ~FL_TF;
	t->ptrace_options &= ~PT_FORCED_TF;
	t->syscall_work &= ~SYSCALL_WORK_SYSCALL_EXIT_TRAP;
}

void __ptrace_unlink(struct task *t)
{
	user_disable_single_step(t);
	t->ptracer = NULL;
	t->ptrace_options = 0;
	t->syscall_work &= ~(SYSCALL_WORK_PTRACE | SYSCALL_WORK_SYSEMU);
	t->jobctl &= ~(JOBCTL_TRAP_MASK | JOBCTL_LISTENING);
}

static int seized(const struct task *t)
{
	return (t->ptrace_options & PT_SEIZED) != 0;
}

/*
 * PTRACE_CONT, PTRACE_SYSCALL, PTRACE_SINGLESTEP, PTRACE_SYSEMU (and its
 * single step), PTRACE_DETACH: on with signal sig (0: none).
 */
static long ptrace_resume(struct task *t, long request, uint32_t sig)
{
	uint32_t flags;

	if (!valid_signal(sig))
		return -EIO;
	spin_lock_irqsave(&sched_lock, flags);
	t->syscall_work &= ~(SYSCALL_WORK_PTRACE | SYSCALL_WORK_SYSEMU);
	if (request == PTRACE_SYSCALL)
		t->syscall_work |= SYSCALL_WORK_PTRACE;
	if (request == PTRACE_SYSEMU || request == PTRACE_SYSEMU_SINGLESTEP)
		t->syscall_work |= SYSCALL_WORK_SYSEMU;
	if (request == PTRACE_SINGLESTEP || request == PTRACE_SYSEMU_SINGLESTEP)
		user_enable_single_step(t);
	else
		user_disable_single_step(t);
	if (request == PTRACE_DETACH)
		__ptrace_unlink(t);
	t->ptrace_code = sig;
	ptrace_signal_wake_up(t, 1);
	spin_unlock_irqrestore(&sched_lock, flags);
	return 0;
}

/*
 * PTRACE_INTERRUPT: a PTRACE_EVENT_STOP trap, at once if t is running
 * (a sleep ends, the call restarting after), after this stop if it is
 * stopped, from PTRACE_LISTEN's stop too.  PTRACE_LISTEN: t, in an event
 * stop, stays stopped but leaves it when its group stop changes, to trap
 * again (at once if it changed already).  Seized tracees only: EIO.
 */
static long ptrace_interrupt_listen(struct task *t, long request)
{
	uint32_t flags;
	long err = -EIO;

	if (!seized(t))
		return -EIO;
	spin_lock_irqsave(&sched_lock, flags);
	if (request == PTRACE_INTERRUPT) {
		t->jobctl |= JOBCTL_TRAP_STOP;
		ptrace_signal_wake_up(t, t->jobctl & JOBCTL_LISTENING);
		err = 0;
	} else if (t->ptrace_signo &&
		   t->ptrace_info.code >> 8 == PTRACE_EVENT_STOP) {
		t->jobctl |= JOBCTL_LISTENING;
		if (t->jobctl & JOBCTL_TRAP_NOTIFY)
			ptrace_signal_wake_up(t, 1);
		err = 0;
	}
	spin_unlock_irqrestore(&sched_lock, flags);
	return err;
}

static long ptrace_traceme(void)
{
	struct task *parent = current->parent;

	if (current->ptracer || !parent || (parent->flags & PF_EXITING))
		return -EPERM;
	current->ptracer = parent;
	return 0;
}

/*
 * PTRACE_ATTACH (t gets SIGSTOP, its first stop) and PTRACE_SEIZE (t
 * goes on as it was, with options data; addr must be 0).  A t stopped
 * already leaves its group stop for a ptrace stop, its tracer's to end.
 */
static long ptrace_attach(struct task *t, long request, uint32_t addr,
			  uint32_t data)
{
	struct ksiginfo info = { .code = SI_USER, .pid = current->tgid,
				 .uid = current->uid };
	uint32_t flags;

	if (request == PTRACE_SEIZE && (addr || (data & ~PTRACE_O_MASK)))
		return -EIO;
	if ((t->flags & PF_KTHREAD) || t->tgid == current->tgid ||
	    !may_access(t) || t->state == TASK_ZOMBIE || t->ptracer)
		return -EPERM;
	spin_lock_irqsave(&sched_lock, flags);
	t->ptracer = current;
	if (request == PTRACE_SEIZE)
		t->ptrace_options = data | PT_SEIZED;
	if (t->state == TASK_STOPPED) {
		t->jobctl |= JOBCTL_TRAP_STOP;
		t->state = TASK_RUNNING;
		resched_idle_cpu(t);
		t->sigpending = 1;	/* do_signal looks at its traps */
	}
	spin_unlock_irqrestore(&sched_lock, flags);
	if (request == PTRACE_ATTACH)
		send_sig_info(t, SIGSTOP, &info);
	return 0;
}

/*
 * PTRACE_GET_SYSCALL_INFO: where t stopped, and at a syscall stop (with
 * TRACESYSGOOD) the call and its arguments, or its result; as much of it
 * as size holds.  Returns its full size (Linux's ptrace_get_syscall_info).
 */
static long get_syscall_info(struct task *t, uint32_t size, void *data)
{
	const struct trapframe *tf = t->tf;
	struct ptrace_syscall_info info = {
		.op = PTRACE_SYSCALL_INFO_NONE, .arch = AUDIT_ARCH_I386,
		.instruction_pointer = tf->eip, .stack_pointer = tf->esp,
	};
	uint32_t n = offsetof(struct ptrace_syscall_info, entry);
	int32_t rval = tf->eax;

	if (t->ptrace_signo && t->ptrace_info.code == (SIGTRAP | 0x80) &&
	    t->ptrace_message == PTRACE_EVENTMSG_SYSCALL_ENTRY) {
		info.op = PTRACE_SYSCALL_INFO_ENTRY;
		info.entry.nr = (int64_t)(int32_t)orig_eax(t);
		info.entry.args[0] = tf->ebx, info.entry.args[1] = tf->ecx;
		info.entry.args[2] = tf->edx, info.entry.args[3] = tf->esi;
		info.entry.args[4] = tf->edi, info.entry.args[5] = tf->ebp;
		n = offsetof(struct ptrace_syscall_info, entry.args) +
		    sizeof(info.entry.args);
	} else if (t->ptrace_signo && t->ptrace_info.code == (SIGTRAP | 0x80) &&
		   t->ptrace_message == PTRACE_EVENTMSG_SYSCALL_EXIT) {
		info.op = PTRACE_SYSCALL_INFO_EXIT;
		info.exit.rval = rval;
		info.exit.is_error = rval < 0 && rval >= -4095;
		n = offsetof(struct ptrace_syscall_info, exit.is_error) + 1;
	}
	if (copy_to_user(data, &info, size < n ? size : n))
		return -EFAULT;
	return n;
}

/*
 * t, traced by the caller and stopped, or for PTRACE_KILL and
 * PTRACE_INTERRUPT only traced (Linux's ptrace_check_attach): 0, else
 * ESRCH.  A stopped t on another CPU may still be switching out: its
 * registers are saved once it has.
 */
static long check_attach(struct task *t, int ignore_state)
{
	if (t->ptracer != current)
		return -ESRCH;
	if (ignore_state)
		return 0;
	if (t->state != TASK_TRACED || fatal_signal_pending(t) ||
	    (t->jobctl & JOBCTL_LISTENING))
		return -ESRCH;
	while (t->has_cpu)
		yield();
	return 0;
}

static long ptrace_request(struct task *t, long request, uint32_t addr,
			   uint32_t data)
{
	struct user_regs_struct r;
	struct fsave_header fsave;
	struct siginfo si;
	uint32_t word;

	switch (request) {
	case PTRACE_PEEKTEXT:
	case PTRACE_PEEKDATA:
		if (access_process_vm(t, addr, &word, 4, 0) != 4)
			return -EIO;
		return copy_to_user((void *)data, &word, 4);
	case PTRACE_POKETEXT:
	case PTRACE_POKEDATA:
		return access_process_vm(t, addr, &data, 4, 1) == 4 ? 0 : -EIO;
	case PTRACE_PEEKUSR:
		return peek_user(t, addr, (uint32_t *)data);
	case PTRACE_POKEUSR:
		return poke_user(t, addr, data);
	case PTRACE_GETREGS:
		get_regs(t, &r);
		return copy_to_user((void *)data, &r, sizeof(r));
	case PTRACE_SETREGS:
		if (copy_from_user(&r, (void *)data, sizeof(r)))
			return -EFAULT;
		return set_regs(t, &r);
	case PTRACE_GETFPREGS:
		convert_from_fxsr(&fsave, task_fxsave(t));
		return copy_to_user((void *)data, &fsave, USER_I387_SIZE);
	case PTRACE_SETFPREGS:
		if (copy_from_user(&fsave, (void *)data, USER_I387_SIZE))
			return -EFAULT;
		convert_to_fxsr(task_fxsave(t), &fsave);
		return 0;
	case PTRACE_GETFPXREGS:		/* Linux's errors here are all EIO */
		return copy_to_user((void *)data, t->fpu, sizeof(t->fpu)) ? -EIO : 0;
	case PTRACE_SETFPXREGS:
		return xfpregs_set(t, (void *)data) ? -EIO : 0;
	case PTRACE_GET_THREAD_AREA:
		return (int)addr < 0 ? -EIO : do_get_thread_area(t, addr, (void *)data);
	case PTRACE_SET_THREAD_AREA:
		return (int)addr < 0 ? -EIO : ptrace_set_thread_area(t, addr, (void *)data);
	case PTRACE_GETREGSET:
	case PTRACE_SETREGSET:
		return regset(t, request == PTRACE_SETREGSET, addr, (struct iovec *)data);
	case PTRACE_SETOPTIONS:
		if (data & ~PTRACE_O_MASK)
			return -EINVAL;
		t->ptrace_options = data | (t->ptrace_options & (PT_SEIZED | PT_FORCED_TF));
		return 0;
	case PTRACE_GETEVENTMSG:
		return copy_to_user((void *)data, &t->ptrace_message, 4);
	case PTRACE_GETSIGINFO:
		if (!t->ptrace_signo)
			return -EINVAL;
		fill_siginfo(&si, t->ptrace_signo, &t->ptrace_info);
		return copy_to_user((void *)data, &si, sizeof(si));
	case PTRACE_SETSIGINFO:
		if (copy_from_user(&si, (void *)data, sizeof(si)))
			return -EFAULT;
		if (!t->ptrace_signo)
			return -EINVAL;
		t->ptrace_info = si.k;
		return 0;
	case PTRACE_CONT:
	case PTRACE_SYSCALL:
	case PTRACE_SINGLESTEP:
	case PTRACE_SYSEMU:
	case PTRACE_SYSEMU_SINGLESTEP:
	case PTRACE_DETACH:
		return ptrace_resume(t, request, data);
	case PTRACE_KILL:
		send_signal(t, SIGKILL);
		return 0;
	case PTRACE_INTERRUPT:
	case PTRACE_LISTEN:
		return ptrace_interrupt_listen(t, request);
	case PTRACE_GET_SYSCALL_INFO:
		return get_syscall_info(t, addr, (void *)data);
	default:
		return -EIO;
	}
}

long sys_ptrace(long request, int pid, uint32_t addr, uint32_t data)
{
	struct task *t;
	long err;

	if (request == PTRACE_TRACEME)
		return ptrace_traceme();
	t = pid > 0 ? find_task(pid) : NULL;
	if (!t || t->state == TASK_NEW)
		return -ESRCH;
	if (request == PTRACE_ATTACH || request == PTRACE_SEIZE)
		return ptrace_attach(t, request, addr, data);
	if ((err = check_attach(t, request == PTRACE_KILL ||
				   request == PTRACE_INTERRUPT)) != 0)
		return err;
	return ptrace_request(t, request, addr, data);
}

/*
 * The child of a fork the tracer hears of is its tracee from the start,
 * with the parent's options, and its first stop to make: SIGSTOP, or a
 * PTRACE_EVENT_STOP trap if seized.  c is not running yet (TASK_NEW): its
 * set is ours to write.  A parent's single stepping is its own: the
 * child's copy of its registers loses the tracer's trap flag.
 */
void ptrace_init_task(struct task *c, int event)
{
	if (current->ptrace_options & PT_FORCED_TF)
		c->tf->eflags &= ~FL_TF;
	if (!event)
		return;
	c->ptracer = current->ptracer;
	c->ptrace_options = current->ptrace_options & ~PT_FORCED_TF;
	if (seized(c)) {
		c->jobctl |= JOBCTL_TRAP_STOP;
	} else {
		c->pending.signal |= sigmask(SIGSTOP);
		c->pending.info[SIGSTOP] = (struct ksiginfo){ .code = SI_USER };
	}
	c->sigpending = 1;
}

/* The siginfo of a trap stop: SIGTRAP, its code the stop's. */
int ptrace_notify(int code, uint32_t message)
{
	struct ksiginfo info = { .code = code, .pid = current->pid,
				 .uid = current->uid };

	current->ptrace_message = message;
	return ptrace_stop(code, SIGTRAP, &info);
}

/* Whether t's tracer asked to hear of event (PTRACE_EVENT_x). */
int ptrace_event_enabled(const struct task *t, int event)
{
	static const uint32_t option[] = {
		[PTRACE_EVENT_FORK] = PTRACE_O_TRACEFORK,
		[PTRACE_EVENT_VFORK] = PTRACE_O_TRACEVFORK,
		[PTRACE_EVENT_CLONE] = PTRACE_O_TRACECLONE,
		[PTRACE_EVENT_EXEC] = PTRACE_O_TRACEEXEC,
		[PTRACE_EVENT_VFORK_DONE] = PTRACE_O_TRACEVFORKDONE,
		[PTRACE_EVENT_EXIT] = PTRACE_O_TRACEEXIT,
	};

	return t->ptracer && (t->ptrace_options & option[event]);
}

void ptrace_event(int event, uint32_t message)
{
	if (ptrace_event_enabled(current, event))
		ptrace_notify(SIGTRAP | event << 8, message);
	else if (event == PTRACE_EVENT_EXEC && current->ptracer && !seized(current))
		send_signal(current, SIGTRAP);	/* the old way to see an exec */
}

/*
 * The syscall stops (Linux's ptrace_report_syscall): SIGTRAP, | 0x80 with
 * TRACESYSGOOD.  A signal the tracer resumes with is sent to the task.
 */
static void report_syscall(uint32_t message)
{
	int sig = ptrace_notify(SIGTRAP | ((current->ptrace_options &
					    PTRACE_O_TRACESYSGOOD) ? 0x80 : 0), message);

	if (sig)
		send_signal(current, sig);
}

/*
 * At entry eax reads -ENOSYS, as on Linux; the tracer may change the call
 * (orig_eax) and its arguments, or make orig_eax -1 to skip it, eax then
 * being its result.  A SIGKILL meanwhile skips it too, and PTRACE_SYSEMU
 * each call (as the stop began: whatever the tracer resumes with).
 */
int ptrace_report_syscall_entry(struct trapframe *tf)
{
	int emulated = current->syscall_work & SYSCALL_WORK_SYSEMU;

	tf->eax = -ENOSYS;
	report_syscall(PTRACE_EVENTMSG_SYSCALL_ENTRY);
	if (emulated || current->syscall_nr == (uint32_t)-1 ||
	    fatal_signal_pending(current))
		return 1;
	tf->eax = current->syscall_nr;
	return 0;
}

/*
 * A single step over the int $0x80 traps here, after the call, with the
 * code of a breakpoint as Linux's user_single_step_report: in place of
 * the exit stop when both are asked for.
 */
void ptrace_report_syscall_exit(struct trapframe *tf)
{
	if (current->syscall_work & SYSCALL_WORK_SYSEMU)
		return;		/* an emulated call: no exit stop, no step's trap */
	if (current->syscall_work & SYSCALL_WORK_SYSCALL_EXIT_TRAP)
		force_sig_fault(SIGTRAP, TRAP_BRKPT, tf->eip);
	else
		report_syscall(PTRACE_EVENTMSG_SYSCALL_EXIT);
}

/*
 * The tracer thread exits: each tracee goes free (SIGKILL, if it asked for
 * PTRACE_O_EXITKILL), out of its stop; a zombie tracee goes to its real
 * parent, who had not heard of its end, or, a thread, is freed.
 */
void exit_ptrace(struct task *tracer)
{
	for_each_task(t) {
		uint32_t flags;
		int kill;

		if (t->ptracer != tracer)
			continue;
		spin_lock_irqsave(&sched_lock, flags);
		kill = t->ptrace_options & PTRACE_O_EXITKILL;
		__ptrace_unlink(t);
		t->ptrace_code = 0;
		ptrace_signal_wake_up(t, 1);
		spin_unlock_irqrestore(&sched_lock, flags);
		if (kill)
			send_signal(t, SIGKILL);
		if (t->state == TASK_ZOMBIE && !thread_group_leader(t))
			release_thread_zombie(t);	/* none will wait for it now */
		else if (t->state == TASK_ZOMBIE && !t->signal->nr_threads &&
			 t->parent->tgid != tracer->tgid)
			do_notify_parent(t);
	}
}

/*
 * process_vm_readv and process_vm_writev: between the caller's iovecs and
 * pid's, in order, through a small buffer.  The bytes moved, or the error
 * if none were: EINVAL (flags), ESRCH, EPERM (may not trace pid), EFAULT.
 */
static long process_vm_rw(int pid, const struct iovec *lvec, uint32_t liovcnt,
			  const struct iovec *rvec, uint32_t riovcnt,
			  uint32_t flags, int write)
{
	struct iovec l = { 0, 0 }, r = { 0, 0 };
	uint32_t li = 0, ri = 0;
	long done = 0;
	char buf[256];
	struct task *t;

	if (flags || liovcnt > 1024 || riovcnt > 1024)
		return -EINVAL;
	if (!(t = pid > 0 ? find_task(pid) : NULL) || t->state == TASK_NEW ||
	    !t->mm)
		return -ESRCH;
	if (!may_access(t))
		return -EPERM;
	for (;;) {
		uint32_t n = sizeof(buf), got;

		while (!l.iov_len && li < liovcnt)
			if (copy_from_user(&l, &lvec[li++], sizeof(l)))
				return done ? done : -EFAULT;
		while (!r.iov_len && ri < riovcnt)
			if (copy_from_user(&r, &rvec[ri++], sizeof(r)))
				return done ? done : -EFAULT;
		if (!l.iov_len || !r.iov_len)
			return done;
		n = n < l.iov_len ? n : l.iov_len;
		n = n < r.iov_len ? n : r.iov_len;
		if (write) {
			if (copy_from_user(buf, (void *)l.iov_base, n))
				return done ? done : -EFAULT;
			got = access_process_vm(t, r.iov_base, buf, n, 1);
		} else {
			got = access_process_vm(t, r.iov_base, buf, n, 0);
			if (copy_to_user((void *)l.iov_base, buf, got))
				return done ? done : -EFAULT;
		}
		done += got;
		if (got < n)
			return done ? done : -EFAULT;
		l.iov_base += n, l.iov_len -= n;
		r.iov_base += n, r.iov_len -= n;
	}
}

long sys_process_vm_readv(int pid, const struct iovec *lvec, uint32_t liovcnt,
			  const struct iovec *rvec, uint32_t riovcnt, uint32_t flags)
{
	return process_vm_rw(pid, lvec, liovcnt, rvec, riovcnt, flags, 0);
}

long sys_process_vm_writev(int pid, const struct iovec *lvec, uint32_t liovcnt,
			   const struct iovec *rvec, uint32_t riovcnt, uint32_t flags)
{
	return process_vm_rw(pid, lvec, liovcnt, rvec, riovcnt, flags, 1);
}
