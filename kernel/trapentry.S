/*
 * Every vector lands in a tiny stub that makes the stack look the same
 * (an error code, real or 0, then the vector number) and jumps to alltraps,
 * which saves the rest of the trapframe and calls trap(tf).
 */
#include "kernel/gdt.h"

.macro VECTOR n, has_error
	.globl vector\n
vector\n:
	.if !\has_error
	pushl	$0
	.endif
	pushl	$\n
	jmp	alltraps
.endm

	.text
	VECTOR 0, 0
	VECTOR 1, 0
	VECTOR 2, 0
	VECTOR 3, 0
	VECTOR 4, 0
	VECTOR 5, 0
	VECTOR 6, 0
	VECTOR 7, 0
	VECTOR 8, 1
	VECTOR 9, 0
	VECTOR 10, 1
	VECTOR 11, 1
	VECTOR 12, 1
	VECTOR 13, 1
	VECTOR 14, 1
	VECTOR 15, 0
	VECTOR 16, 0
	VECTOR 17, 1
	VECTOR 18, 0
	VECTOR 19, 0
	VECTOR 20, 0
	VECTOR 21, 0
	VECTOR 22, 0
	VECTOR 23, 0
	VECTOR 24, 0
	VECTOR 25, 0
	VECTOR 26, 0
	VECTOR 27, 0
	VECTOR 28, 0
	VECTOR 29, 0
	VECTOR 30, 0
	VECTOR 31, 0
	.irp n, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
	VECTOR \n, 0
	.endr
	VECTOR 128, 0
	/* The local APIC's: FIRST_SYSTEM_VECTOR (0xEF) .. 255 (kernel/apic.h). */
	.irp n, 239,240,241,242,243,244,245,246,247,248,249,250,251,252,253,254,255
	VECTOR \n, 0
	.endr

alltraps:
	/*
	 * The user may enter with the direction flag set (std); the kernel's
	 * C code, its rep movs and stos included, counts on it clear.  iret
	 * gives the user's flags back.
	 */
	cld
	pushl	%ds
	pushl	%es
	pushl	%fs
	pushl	%gs
	pushal
	movl	$KERNEL_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	/*
	 * No user segment stays loaded in the kernel: %gs may name a TLS
	 * descriptor that the next task's switch replaces.
	 */
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs
	pushl	%esp			/* trap(struct trapframe *tf) */
	call	trap
	addl	$4, %esp

	.globl trapret
trapret:
	popal
	.globl trapret_pops, trapret_iret
trapret_pops:
	popl	%gs
	popl	%fs
	popl	%es
	popl	%ds
	addl	$8, %esp		/* vector number and error code */
trapret_iret:
	iret

	/* The addresses of the stubs, for idt_init. */
	.section .rodata
	.globl vectors
vectors:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.long vector\n
	.endr
	.irp n, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
	.long vector\n
	.endr
	.globl apic_vectors
apic_vectors:
	.irp n, 239,240,241,242,243,244,245,246,247,248,249,250,251,252,253,254,255
	.long vector\n
	.endr
