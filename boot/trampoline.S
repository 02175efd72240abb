/*
 * Where the other CPUs (APs) start.  A startup IPI (kernel/smpboot.c)
 * starts an AP in real mode, 16 bits, at physical address vector * 4 KiB
 * with %cs = vector * 256 and %ip = 0: that must be below 1 MiB, so
 * smpboot.c copies this code from the kernel image to TRAMPOLINE_BASE and
 * writes, for each AP in turn, the fields at its end.  Until paging is on,
 * the code runs at that copy's addresses: TRAMP(x) is where x is there.
 *
 * The AP: loads its own GDT (tramp_gdt_desc: its physical address, paging
 * is not on yet), enters protected mode, turns on paging with the boot's
 * page directory (entry_pgdir maps low memory both at 0 and at
 * 0xC0000000), jumps to the copy's high-half address, switches to the
 * kernel's page directory (swapper_pg_dir, which has its idle stack) and
 * calls start_secondary(cpu) on that stack.
 */
#include "kernel/gdt.h"

#define KERNEL_BASE	0xC0000000
#define TRAMPOLINE_BASE	0x7000		/* kernel/smpboot.c's */
#define TRAMP(x)	((x) - trampoline_start + TRAMPOLINE_BASE)

	/* Data, not code: it never runs here, only its copy does. */
	.section .rodata
	.code16
	.globl trampoline_start
trampoline_start:
	cli
	xorw	%ax, %ax
	movw	%ax, %ds			/* %ds:TRAMP(x) is x's copy */
	lgdtl	TRAMP(tramp_gdt_desc)
	movl	%cr0, %eax
	orl	$0x1, %eax			/* CR0.PE */
	movl	%eax, %cr0
	ljmpl	$KERNEL_CS, $TRAMP(tramp_32)

	.code32
tramp_32:
	movw	$KERNEL_DS, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	xorw	%ax, %ax
	movw	%ax, %fs
	movw	%ax, %gs
	movl	%cr4, %eax
	orl	$0x10, %eax			/* CR4.PSE: 4 MiB pages */
	movl	%eax, %cr4
	movl	$(entry_pgdir - KERNEL_BASE), %eax
	movl	%eax, %cr3
	movl	%cr0, %eax
	orl	$0x80010000, %eax		/* CR0.PG | CR0.WP */
	movl	%eax, %cr0
	/* The same code, through the high half of the map. */
	movl	$(TRAMP(tramp_high) + KERNEL_BASE), %eax
	jmp	*%eax
tramp_high:
	movl	swapper_pg_dir, %eax
	subl	$KERNEL_BASE, %eax
	movl	%eax, %cr3
	movl	(TRAMP(tramp_esp) + KERNEL_BASE), %esp
	xorl	%ebp, %ebp			/* ends every backtrace */
	pushl	(TRAMP(tramp_cpu) + KERNEL_BASE)	/* start_secondary(cpu) */
	movl	$start_secondary, %eax
	call	*%eax
1:	hlt					/* start_secondary never returns */
	jmp	1b

	/* Written by smpboot.c for each AP before its startup IPI. */
	.align 4
	.globl tramp_gdt_desc, tramp_esp, tramp_cpu
tramp_gdt_desc:
	.word	0				/* limit */
	.long	0				/* physical address */
	.align 4
tramp_esp:
	.long	0				/* the top of its idle stack */
tramp_cpu:
	.long	0				/* its number */
	.globl trampoline_end
trampoline_end:
