/*
 * When the kernel itself goes wrong: an oops prints what happened, the
 * registers and a backtrace with function names, then powers off with
 * status 255.  Nothing a user program does may lead here.
 */
#ifndef KERNEL_OOPS_H
#define KERNEL_OOPS_H

#include "kernel/trap.h"

void oops(struct trapframe *tf) __attribute__((noreturn));
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void backtrace(uint32_t ebp);
const char *ksym_lookup(uint32_t addr, uint32_t *offset);
void poweroff(int status) __attribute__((noreturn));

/* Set once the kernel is going down: the console prints without its lock. */
extern int oops_in_progress;

#endif
