/*
 * void swtch(struct context **old, struct context *new);
 * Saves the callee-saved registers on the current kernel stack, stores the
 * stack pointer in *old, and resumes the task whose stack holds new.  A new
 * task's context "returns" into trapret with its trapframe above it.
 */
	.text
	.globl swtch
swtch:
	movl	4(%esp), %eax
	movl	8(%esp), %edx
	pushl	%ebp
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	movl	%esp, (%eax)
	movl	%edx, %esp
	popl	%edi
	popl	%esi
	popl	%ebx
	popl	%ebp
	ret

/*
 * void call_on_stack(void (*fn)(void), void *top);
 * Runs fn on the stack that ends at top, for good: kmain moves the boot
 * thread from boot_stack to idle's kernel stack this way.
 */
	.globl call_on_stack
call_on_stack:
	movl	4(%esp), %eax
	movl	8(%esp), %esp
	xorl	%ebp, %ebp		/* ends every backtrace */
	call	*%eax
1:	hlt
	jmp	1b
