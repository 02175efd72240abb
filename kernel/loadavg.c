/*
 * The load average, as Linux's kernel/sched/loadavg.c computes it on one
 * CPU: every LOAD_FREQ ticks the number of active tasks (running or
 * runnable, or asleep uninterruptibly) is folded into three exponentially
 * decaying averages, with decay factors e^(-5s/1min), e^(-5s/5min) and
 * e^(-5s/15min) in fixed point.  /proc/loadavg and sysinfo show them.
 */
#include "kernel/kstat.h"
#include "kernel/task.h"

#define EXP_1		1884	/* 1 / exp(5s / 1min) in fixed point */
#define EXP_5		2014	/* 1 / exp(5s / 5min) */
#define EXP_15		2037	/* 1 / exp(5s / 15min) */

uint32_t avenrun[3];

/* Tasks that are runnable (idle is not one). */
int nr_running(void)
{
	int n = 0;

	for_each_task(t)
		n += t != &tasks[0] && t->state == TASK_RUNNING;
	return n;
}

/* load = load * exp + active * (1 - exp), rounded up while it climbs. */
static uint32_t calc_load(uint32_t load, uint32_t exp, uint32_t active)
{
	uint32_t newload = load * exp + active * (FIXED_1 - exp);

	if (active >= load)
		newload += FIXED_1 - 1;
	return newload / FIXED_1;
}

void calc_global_load(uint64_t now)
{
	uint32_t active = 0;

	if (now % LOAD_FREQ)
		return;
	for_each_task(t)
		active += t != &tasks[0] && (t->state == TASK_RUNNING ||
					     t->state == TASK_UNINTERRUPTIBLE);
	active *= FIXED_1;
	avenrun[0] = calc_load(avenrun[0], EXP_1, active);
	avenrun[1] = calc_load(avenrun[1], EXP_5, active);
	avenrun[2] = calc_load(avenrun[2], EXP_15, active);
}
