/*
 * The lock checker (kernel/lockdep.c), Linux's lockdep in small: on with
 * `lockdep` or `lockdep=MS` on the kernel command line.  kernel/spinlock.h calls it.
 */
#ifndef KERNEL_LOCKDEP_H
#define KERNEL_LOCKDEP_H

#include <stdint.h>

struct spinlock;

/* What the checker finds (kernel/lockdep.c). */
enum report_kind { INVERSION, HELD_TOO_LONG };

extern int lockdep_enabled;
extern uint32_t lockdep_held_ms;	/* `lockdep=MS`: a longer hold is reported */

void lockdep_setup(const char *ms);	/* on; ms: `lockdep=MS`'s, or NULL */
void lockdep_acquire(struct spinlock *lock, uint32_t pc);
void lockdep_release(struct spinlock *lock);
void lockdep_report(void);	/* prints what it found; no spin lock held */
void lockdep_show_held(void);	/* this CPU's held locks, before a panic */
/* Findings of that kind so far: the selftest counts its own, not another lock's. */
int lockdep_nr_reports(enum report_kind kind);
void lockdep_selftest(void);	/* ktest=lockdep */

#endif
