/* System call helpers shared by every sys_*.c file. */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include <stdint.h>
#include "kernel/trap.h"

void syscall(struct trapframe *tf);

/* Linux i386 numbers of the calls the kernel itself makes or tests. */
#define NR_SYSCALLS	450

#endif
