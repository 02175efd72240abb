/* The double-fault task, which reports a kernel stack overflow (kernel/doublefault.c). */
#ifndef KERNEL_DOUBLEFAULT_H
#define KERNEL_DOUBLEFAULT_H

void doublefault_init(void);

#endif
