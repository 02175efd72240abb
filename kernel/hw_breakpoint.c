/*
 * The x86 debug registers for ptrace, as Linux's arch/x86/kernel/ptrace.c
 * (ptrace_set_debugreg) and hw_breakpoint.c give them to a debugger: four
 * breakpoints, DR0-DR3 their addresses, each an execute breakpoint or a
 * watchpoint on writes or on reads and writes of 1, 2 or 4 bytes, armed
 * by DR7.  A tracer writes them with PTRACE_POKEUSER into struct user's
 * u_debugreg[], and reads them, DR6 saying which one trapped, with
 * PTRACE_PEEKUSER.  The CPU gets them only while their task runs, and
 * only if one is armed: __schedule loads them (switch_debugregs) when
 * the task it leaves or the one it runs has a non-zero debugreg7.
 *
 * A breakpoint hit in user mode is a debug trap (T_DEBUG) that becomes
 * SIGTRAP, si_code TRAP_HWBKPT, si_addr the instruction pointer; a single
 * step's is TRAP_TRACE.  The kernel's own accesses to user memory (a
 * copy_to_user into a watched word) trap too, but are no signal: Linux's
 * ptrace breakpoints leave out the kernel (exclude_kernel).
 */
#include "kernel/ptrace.h"
#include "kernel/errno.h"
#include "kernel/signal.h"
#include "kernel/x86.h"
#include "mm/layout.h"

#define DR_TRAP_BITS	0x0000000f	/* DR6: breakpoint 0-3 hit */
#define DR_STEP		0x00004000	/* DR6: a single step (BS) */
/*
 * DR6's bits that read 1 when nothing happened: Linux keeps virtual_dr6
 * with them flipped (0 when nothing happened) and flips them back for
 * PEEKUSER.
 */
#define DR6_RESERVED	0xffff0ff0
#define DR_CONTROL_RESERVED 0x0000fc00	/* DR7's bits a tracer may not set (GD among them) */
#define DR_GLOBAL_SLOWDOWN 0x00000200	/* DR7's GE: exact data breakpoints */
#define DR_TYPE_EXECUTE	0		/* DR7's types, per slot */
#define DR_TYPE_IO	2
#define DR_LEN_8	2		/* DR7's length 2: 8 bytes, x86-64's only */
#define BP_USED		0x10		/* in bp_info: the slot has a breakpoint */
#define FL_RF		0x00010000	/* eflags' resume flag: no instruction breakpoint once */

/* Slot i's 4 bits of type and length in a DR7, and whether it arms slot i. */
static uint32_t dr7_info(uint32_t dr7, int i)
{
	return (dr7 >> (16 + 4 * i)) & 0xf;
}

static int dr7_enabled(uint32_t dr7, int i)
{
	return (dr7 >> (2 * i)) & 3;
}

/*
 * Whether a breakpoint of this type and length (a DR7 slot's info) may be
 * at addr (Linux's arch_bp_generic_fields and hw_breakpoint_arch_parse):
 * no I/O type, an execute breakpoint has length 1, a watchpoint is
 * aligned to its length, and none is in the kernel's addresses.  0 or
 * -EINVAL.
 */
static int bp_check(uint32_t addr, uint32_t info)
{
	static const uint32_t bytes[4] = { 1, 2, 8, 4 };
	uint32_t type = info & 3, len = info >> 2;

	if (type == DR_TYPE_IO || (type == DR_TYPE_EXECUTE && len) || len == DR_LEN_8)
		return -EINVAL;
	if (addr & (bytes[len] - 1))
		return -EINVAL;
	return addr >= TASK_SIZE || addr + bytes[len] - 1 >= TASK_SIZE ? -EINVAL : 0;
}

/*
 * The DR7 the CPU gets: each armed slot's type and length, globally
 * enabled, as Linux's encode_dr7 builds it; 0 when none is armed.
 */
static uint32_t hw_dr7(const struct task *t)
{
	uint32_t dr7 = 0;

	for (int i = 0; i < 4; i++)
		if (dr7_enabled(t->ptrace_dr7, i))
			dr7 |= (2u << (2 * i)) | (t->bp_info[i] & 0xf) << (16 + 4 * i);
	return dr7 ? dr7 | DR_GLOBAL_SLOWDOWN : 0;
}

/*
 * DR0-DR3: a slot without a breakpoint gets one, disabled, of length 1
 * on writes (Linux's ptrace_set_breakpoint_addr); the address must suit
 * the slot's type and length.
 */
static int set_breakpoint_addr(struct task *t, int i, uint32_t addr)
{
	uint32_t info = t->bp_info[i] ? t->bp_info[i] & 0xf : 1;
	int err = bp_check(addr, info);

	if (!err) {
		t->debugreg[i] = addr;
		t->bp_info[i] = BP_USED | info;
	}
	return err;
}

/*
 * DR7: each slot it arms, and each that has a breakpoint already, takes
 * its type and length, which must suit the slot's address (a slot with
 * none has address 0).  All or nothing: on an error t keeps its old DR7,
 * as Linux's ptrace_write_dr7 restores it.  The value reads back as
 * written, reserved bits too; the CPU never gets those.
 */
static int write_dr7(struct task *t, uint32_t val)
{
	uint32_t data = val & ~DR_CONTROL_RESERVED;
	int i, err;

	for (i = 0; i < 4; i++)
		if ((t->bp_info[i] || dr7_enabled(data, i)) &&
		    (err = bp_check(t->debugreg[i], dr7_info(data, i))) != 0)
			return err;
	for (i = 0; i < 4; i++)
		if (t->bp_info[i] || dr7_enabled(data, i))
			t->bp_info[i] = BP_USED | dr7_info(data, i);
	t->ptrace_dr7 = val;
	t->debugreg7 = hw_dr7(t);
	return 0;
}

/* PTRACE_PEEKUSER of u_debugreg[n]: DR4 and DR5 read 0. */
uint32_t ptrace_get_debugreg(const struct task *t, int n)
{
	if (n < 4)
		return t->bp_info[n] ? t->debugreg[n] : 0;
	if (n == 6)
		return t->virtual_dr6 ^ DR6_RESERVED;
	return n == 7 ? t->ptrace_dr7 : 0;
}

/* PTRACE_POKEUSER of u_debugreg[n], t stopped: 0, -EIO (DR4, DR5) or -EINVAL. */
int ptrace_set_debugreg(struct task *t, int n, uint32_t val)
{
	if (n < 4)
		return set_breakpoint_addr(t, n, val);
	if (n == 6) {
		t->virtual_dr6 = val ^ DR6_RESERVED;
		return 0;
	}
	return n == 7 ? write_dr7(t, val) : -EIO;
}

/*
 * At a switch from prev to next, one of them with debugreg7 non-zero:
 * the CPU's DR7 is prev's now, next's from here on.
 */
void switch_debugregs(const struct task *next)
{
	set_debugreg(0, 7);		/* none armed while the addresses change */
	if (!next->debugreg7)
		return;
	set_debugreg(next->debugreg[0], 0);
	set_debugreg(next->debugreg[1], 1);
	set_debugreg(next->debugreg[2], 2);
	set_debugreg(next->debugreg[3], 3);
	set_debugreg(next->debugreg7, 7);
}

/* exec: the new program has none (Linux's flush_ptrace_hw_breakpoint). */
void flush_ptrace_hw_breakpoint(struct task *t)
{
	if (t->debugreg7)
		set_debugreg(0, 7);	/* t is current */
	for (int i = 0; i < 4; i++)
		t->debugreg[i] = t->bp_info[i] = 0;
	t->ptrace_dr7 = t->virtual_dr6 = t->debugreg7 = 0;
}

/* DR6, its reserved bits flipped to 0, and cleared for the next trap (the CPU never clears it). */
static uint32_t read_clear_dr6(void)
{
	uint32_t dr6;

	get_debugreg(dr6, 6);
	set_debugreg(DR6_RESERVED, 6);
	return dr6 ^ DR6_RESERVED;
}

/*
 * A debug trap in user mode (Linux's exc_debug_user): a single step, a
 * breakpoint of ours, or int1 (DR6 empty).  A breakpoint's slot goes into
 * virtual_dr6 for the tracer; an execute breakpoint is a fault, before
 * the instruction, which the resume flag lets run once on the way back
 * (and which waits while a single step's trap is the one to take).
 */
void do_debug_user(struct trapframe *tf)
{
	uint32_t dr6 = read_clear_dr6();
	int icebp = !dr6, code;

	current->virtual_dr6 = dr6 & DR_STEP;
	for (int i = 0; i < 4; i++) {
		int exec = dr7_info(current->debugreg7, i) == DR_TYPE_EXECUTE;

		if (!(dr6 & (1u << i)) || !dr7_enabled(current->debugreg7, i) ||
		    (exec && (dr6 & DR_STEP)))
			continue;
		current->virtual_dr6 |= 1u << i;
		if (exec)
			tf->eflags |= FL_RF;
	}
	dr6 |= current->virtual_dr6;
	if (!(dr6 & (DR_STEP | DR_TRAP_BITS)) && !icebp)
		return;
	code = dr6 & DR_STEP ? TRAP_TRACE : dr6 & DR_TRAP_BITS ? TRAP_HWBKPT : TRAP_BRKPT;
	force_sig_fault(SIGTRAP, code, tf->eip);
}

/*
 * A debug trap in kernel mode: a watchpoint of current's that a copy to
 * or from user memory touched.  Linux's ptrace breakpoints leave out the
 * kernel: no signal, and DR6 as the tracer reads it stays as it was.
 */
void do_debug_kernel(struct trapframe *tf)
{
	read_clear_dr6();
	tf->eflags &= ~FL_TF;	/* the kernel never single steps itself */
}
