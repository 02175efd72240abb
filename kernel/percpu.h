/*
 * Per-CPU variables, as Linux i386 has them: each CPU has its own copy of
 * the variables defined with DEFINE_PER_CPU, and reaches its own through
 * %fs.  The kernel keeps %fs loaded with the per-CPU segment (GDT entry
 * 27, kernel/gdt.c), whose base is how far this CPU's copy is from the
 * linked one: 0 on cpu0, whose copy is the linked one (so gdb's
 * `p current` shows cpu0's), and for each other CPU the distance to the
 * copy smpboot.c made for it.  A variable declared so is read and written
 * like any other (`current->pid`, `need_resched = 1`): the compiler puts
 * the %fs prefix on each access (GCC's __seg_fs address space).
 */
#ifndef KERNEL_PERCPU_H
#define KERNEL_PERCPU_H

#include <stdint.h>

#define DEFINE_PER_CPU(type, name) \
	__attribute__((section(".data..percpu"))) type __seg_fs name
#define DECLARE_PER_CPU(type, name)	extern type __seg_fs name

/*
 * Another CPU's copy of a per-CPU variable (its address, from any CPU).
 * The pointer is a plain one: __typeof__ of the variable's value (an
 * rvalue, which has no qualifiers) drops __seg_fs; the expression inside
 * __typeof__ is not evaluated.
 */
#define __percpu_type(name)	__typeof__(((void)0, (name)))
#define per_cpu_ptr(name, cpu) \
	((__percpu_type(name) *)((uintptr_t)&(name) + cpu_data[cpu].percpu_offset))
#define per_cpu(name, cpu)	(*per_cpu_ptr(name, cpu))

extern char __per_cpu_start[], __per_cpu_end[];	/* linker.ld */

#endif
