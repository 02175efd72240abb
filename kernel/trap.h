/*
 * The trap frame: what kernel/trapentry.S pushes on the kernel stack on every
 * interrupt, exception and system call, so C code can read and change the
 * user registers (a syscall's result goes in eax).
 */
#ifndef KERNEL_TRAP_H
#define KERNEL_TRAP_H

#include <stdint.h>

struct trapframe {
	uint32_t edi, esi, ebp, kesp, ebx, edx, ecx, eax;	/* pushal */
	uint32_t gs, fs, es, ds;
	uint32_t trapno, err;
	uint32_t eip, cs, eflags;
	uint32_t esp, ss;		/* only when coming from user mode */
};

#define T_DIVIDE	0
#define T_DEBUG		1
#define T_NMI		2
#define T_BRKPT		3
#define T_OFLOW		4
#define T_BOUND		5
#define T_ILLOP		6
#define T_DEVICE	7
#define T_DBLFLT	8
#define T_TSS		10
#define T_SEGNP		11
#define T_STACK		12
#define T_GPFLT		13
#define T_PGFLT		14
#define T_FPERR		16
#define T_ALIGN		17
#define T_MCHK		18
#define T_SIMDERR	19
#define T_IRQ0		32
#define T_SYSCALL	0x80

#define IRQ_TIMER	0
#define IRQ_KBD		1
#define IRQ_COM1	4
#define IRQ_ATA		14	/* the primary IDE channel (drivers/ata.c) */

static inline int user_mode(const struct trapframe *tf)
{
	return (tf->cs & 3) == 3;
}

void trap(struct trapframe *tf);
void trapret(void);		/* pops a trapframe and irets (trapentry.S) */
void ret_from_fork_to_user(struct trapframe *tf);	/* a new task's: switches, signals */
const char *trap_name(int trapno);

#endif
