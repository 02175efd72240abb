/*
 * Restartable sequences, rseq(2) (kernel/rseq.c): a thread registers a
 * struct rseq in its memory, where the kernel keeps the number of the CPU
 * it runs on (glibc's sched_getcpu reads it there, with no system call),
 * and which may point at a critical section: a preemption, a migration or
 * a signal while the thread is inside it sends the thread to the
 * section's abort address instead of back where it was.
 */
#ifndef KERNEL_RSEQ_H
#define KERNEL_RSEQ_H

#include <stdint.h>

struct trapframe;
struct task;

/* On the way back to user mode (do_signal), and before a handler's frame. */
void rseq_handle_notify_resume(struct trapframe *tf);
/* fork's child: one sharing our memory registers its own; a process keeps its parent's (Linux's rseq_fork). */
void rseq_fork(struct task *c, int share_vm);
/* exec's: the new program has registered nothing. */
void rseq_execve(struct task *t);

#endif
