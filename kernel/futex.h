/*
 * Futexes ("fast user-space mutexes"): a task sleeps on a 32-bit word of
 * user memory until another wakes the word (kernel/futex.c, docs/futex.md).
 */
#ifndef KERNEL_FUTEX_H
#define KERNEL_FUTEX_H

#include <stdint.h>

/* futex(2)'s operations and flags, Linux's values. */
#define FUTEX_WAIT		0
#define FUTEX_WAKE		1
#define FUTEX_FD		2
#define FUTEX_REQUEUE		3
#define FUTEX_CMP_REQUEUE	4
#define FUTEX_WAKE_OP		5
#define FUTEX_LOCK_PI		6
#define FUTEX_UNLOCK_PI		7
#define FUTEX_TRYLOCK_PI	8
#define FUTEX_WAIT_BITSET	9
#define FUTEX_WAKE_BITSET	10
#define FUTEX_WAIT_REQUEUE_PI	11
#define FUTEX_CMP_REQUEUE_PI	12
#define FUTEX_LOCK_PI2		13
#define FUTEX_PRIVATE_FLAG	128
#define FUTEX_CLOCK_REALTIME	256
#define FUTEX_CMD_MASK		(~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))
#define FUTEX_BITSET_MATCH_ANY	0xffffffffu

/* The robust futex word: the owner's tid and two state bits. */
#define FUTEX_WAITERS		0x80000000u
#define FUTEX_OWNER_DIED	0x40000000u
#define FUTEX_TID_MASK		0x3fffffffu

/* Wakes at most nr tasks waiting on the (shared) futex at uaddr; their count or -errno. */
int futex_wake_shared(uint32_t uaddr, int nr);

struct task;
struct restart_block;
/* restart_syscall's work after a signal stopped a timed FUTEX_WAIT. */
long futex_wait_restart(struct restart_block *rb);
/* At exit and exec: the robust futexes current holds are released (set_robust_list). */
void exit_robust_list(struct task *t);
/* Then: each PI lock it still holds goes to its first waiter, marked FUTEX_OWNER_DIED. */
void exit_pi_state_list(struct task *t);

#endif
