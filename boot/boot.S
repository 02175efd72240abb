/*
 * Multiboot v1 entry.  GRUB (or QEMU -kernel) jumps here in 32-bit protected
 * mode with paging off, %eax = 0x2BADB002 and %ebx = physical address of the
 * multiboot information.  We turn on paging with 4 MiB pages that map
 * physical 0..768 MiB both at 0 (so the next instruction still exists) and at
 * 0xC0000000 (where the kernel is linked), then call kmain in the higher half.
 */
#define KERNEL_BASE	0xC0000000
#define MB_MAGIC	0x1BADB002
#define MB_FLAGS	0x00000003	/* modules page aligned, memory map wanted */
#define PDE_4M		0x83		/* present, writable, 4 MiB page */
#define DIRECT_PDES	192		/* 192 * 4 MiB = 768 MiB */

	.section .boot, "ax"
	.align 4
multiboot_header:
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)

	.globl _start
_start:
	cli
	mov	%eax, %esi			/* keep the loader's magic */
	mov	%ebx, %edi			/* and its information block */

	/* entry_pgdir[i] = entry_pgdir[768 + i] = i * 4 MiB */
	mov	$(entry_pgdir - KERNEL_BASE), %edx
	xor	%ecx, %ecx
1:	mov	%ecx, %eax
	shl	$22, %eax
	or	$PDE_4M, %eax
	mov	%eax, (%edx, %ecx, 4)
	mov	%eax, (768 * 4)(%edx, %ecx, 4)
	inc	%ecx
	cmp	$DIRECT_PDES, %ecx
	jne	1b

	mov	%cr4, %eax
	or	$0x10, %eax			/* CR4.PSE: 4 MiB pages */
	mov	%eax, %cr4
	mov	%edx, %cr3
	mov	%cr0, %eax
	or	$0x80010000, %eax		/* CR0.PG | CR0.WP */
	mov	%eax, %cr0

	mov	$higher_half, %eax
	jmp	*%eax

	.text
higher_half:
	mov	$boot_stack_top, %esp
	xor	%ebp, %ebp			/* ends every backtrace */
	push	%edi				/* multiboot info, physical */
	push	%esi				/* magic */
	call	kmain
2:	hlt
	jmp	2b

	.bss
	.align 4096
	.globl entry_pgdir
entry_pgdir:
	.space 4096
	.globl boot_stack
boot_stack:
	.space 4096
boot_stack_top:
