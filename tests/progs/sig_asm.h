/*
 * What the sig_* tests share: a system call made with every register at a
 * known value, so a handler can check the frame field by field against it
 * and the caller can see what sigreturn gave back; and a handler entry that
 * records what the kernel put in the registers before any C code runs.
 */
#ifndef TESTS_SIG_ASM_H
#define TESTS_SIG_ASM_H

#include <stdint.h>

/* raise_regs(pid, sig): kill(pid, sig) by int $0x80, with these in the registers. */
#define R_EDX	0x11223344u
#define R_ESI	0x55667788u
#define R_EDI	0x99aabbccu
#define R_EBP	0xddeeff00u
#define EFL_CF	0x0001u
#define EFL_TF	0x0100u
#define EFL_IF	0x0200u
#define EFL_DF	0x0400u	/* set around the call: the handler must not see it */
#define EFL_OF	0x0800u
#define EFL_IOPL 0x3000u
#define EFL_NT	0x4000u
#define EFL_VM	0x20000u

struct regs {
	uint32_t eax, ebx, ecx, edx, esi, edi, ebp, esp, eflags;
	uint32_t gs, es;	/* selectors; the asm stores 16 bits */
};

/* before: esp and segments at the int $0x80; after: everything right after it. */
struct regs before, after;
volatile uint32_t alt_taken;	/* 1 if a handler sent it to raise_regs_alt */

void raise_regs(int pid, int sig);
extern char raise_regs_ret[], raise_regs_alt[];

asm("	.text\n"
    "	.globl raise_regs\n"
    "raise_regs:\n"
    "	pushl %ebp\n"
    "	pushl %ebx\n"
    "	pushl %esi\n"
    "	pushl %edi\n"
    "	movw %gs, before+36\n"
    "	movw %es, before+40\n"
    "	movl 20(%esp), %ebx\n"
    "	movl 24(%esp), %ecx\n"
    "	movl $0x11223344, %edx\n"
    "	movl $0x55667788, %esi\n"
    "	movl $0x99aabbcc, %edi\n"
    "	movl $0xddeeff00, %ebp\n"
    "	movl %esp, before+28\n"
    "	movl $37, %eax\n"		/* kill */
    "	std\n"
    "	int $0x80\n"
    "	.globl raise_regs_ret\n"
    "raise_regs_ret:\n"
    "	pushfl\n"
    "	popl after+32\n"
    "	cld\n"
    "	movl %eax, after\n"
    "	movl %ebx, after+4\n"
    "	movl %ecx, after+8\n"
    "	movl %edx, after+12\n"
    "	movl %esi, after+16\n"
    "	movl %edi, after+20\n"
    "	movl %ebp, after+24\n"
    "	movl %esp, after+28\n"
    "	movw %gs, after+36\n"
    "	movw %es, after+40\n"
    "	movw before+36, %gs\n"	/* glibc's TLS, whatever a handler did */
    "	movw before+40, %es\n"
    "	popl %edi\n"
    "	popl %esi\n"
    "	popl %ebx\n"
    "	popl %ebp\n"
    "	ret\n"
    "	.globl raise_regs_alt\n"
    "raise_regs_alt:\n"
    "	movl $1, alt_taken\n"
    "	jmp raise_regs_ret\n");

/*
 * entry_stub as a handler: records esp, the argument registers, eflags and
 * the FPU's control state at the handler's first instruction, then jumps
 * to entry_next with the stack untouched.
 */
struct entry {
	uint32_t esp, eax, ecx, edx, eflags, mxcsr;
	uint16_t fcw, pad;
	uint32_t xmm0[4];
};

struct entry entry;
void *entry_next;
void entry_stub(void);

asm("	.text\n"
    "	.globl entry_stub\n"
    "entry_stub:\n"
    "	movl %esp, entry\n"
    "	movl %eax, entry+4\n"
    "	movl %ecx, entry+8\n"
    "	movl %edx, entry+12\n"
    "	pushfl\n"
    "	popl entry+16\n"
    "	stmxcsr entry+20\n"
    "	fnstcw entry+24\n"
    "	movups %xmm0, entry+28\n"
    "	jmp *entry_next\n");

/*
 * Whether pretcode is where the handler should return: the restorer of
 * sig's action if it has SA_RESTORER (glibc sets it where there is no vDSO),
 * else the kernel's choice (a vDSO's, or the frame's retcode): not 0.
 */
static inline int right_pretcode(int sig, uint32_t pretcode)
{
	struct { uint32_t handler, flags, restorer, mask[2]; } ka;
	long r;

	asm volatile("int $0x80" : "=a"(r)
		     : "0"(174), "b"(sig), "c"(0), "d"(&ka), "S"(8) : "memory");
	if (r != 0)
		return 0;
	return (ka.flags & 0x04000000) ? pretcode == ka.restorer : pretcode != 0;
}

/* rt_sigaction(sig, handler) by hand: flags exactly as given (SA_RESTORER or not). */
static inline long raw_sigaction(int sig, void *handler, uint32_t flags,
				 void *restorer, uint64_t mask)
{
	struct { uint32_t handler, flags, restorer; uint64_t mask; }
		__attribute__((packed)) ka = { (uint32_t)handler, flags, (uint32_t)restorer, mask };
	long r;

	asm volatile("int $0x80" : "=a"(r)
		     : "0"(174), "b"(sig), "c"(&ka), "d"(0), "S"(8) : "memory");
	return r;
}

#endif
