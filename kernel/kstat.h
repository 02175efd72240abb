/*
 * What the kernel counts for /proc/stat, /proc/uptime and /proc/loadavg
 * (Linux's kernel_stat and avenrun): each CPU's ticks by kind, charged by
 * its timer (kernel/timer.c), interrupts by line (kernel/trap.c), context
 * switches (kernel/sched.c) and forks (kernel/fork.c), and the load
 * average (kernel/loadavg.c).  Written with interrupts off.
 */
#ifndef KERNEL_KSTAT_H
#define KERNEL_KSTAT_H

#include <stdint.h>
#include "kernel/percpu.h"

/* Each CPU's ticks by kind (USER_HZ = HZ = 100): /proc/stat's cpuN lines. */
struct cpu_usage_stat {
	uint64_t user, nice, system, idle;
};

DECLARE_PER_CPU(struct cpu_usage_stat, cpustat);

struct kernel_stat {
	uint64_t irqs[16];			/* interrupts by IRQ line */
	uint64_t ctxt;				/* task switches */
	uint32_t processes;			/* forks since boot */
};

extern struct kernel_stat kstat;

/*
 * The load average: exponentially decaying means of the tasks running or
 * in uninterruptible sleep over 1, 5 and 15 minutes, sampled every
 * LOAD_FREQ ticks, as fixed-point numbers with FSHIFT bits of fraction.
 */
#define FSHIFT		11
#define FIXED_1		(1 << FSHIFT)
#define LOAD_FREQ	(5 * 100 + 1)	/* 5 s and a tick, as Linux's */
#define LOAD_INT(x)	((x) >> FSHIFT)
#define LOAD_FRAC(x)	LOAD_INT(((x) & (FIXED_1 - 1)) * 100)

extern uint32_t avenrun[3];
void calc_global_load(uint64_t now);	/* from the tick, sched_lock held */
int nr_running(void);

#endif
