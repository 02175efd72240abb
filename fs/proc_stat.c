/*
 * The kernel's counts, as Linux's fs/proc/stat.c, uptime.c and loadavg.c
 * show them (kernel/kstat.h keeps them):
 *
 *   /proc/stat     CPU ticks by kind (one CPU), interrupts by line, task
 *                  switches, the boot time, forks, and the tasks running
 *                  and blocked now
 *   /proc/uptime   seconds since boot, and seconds the CPU was idle
 *   /proc/loadavg  the 1, 5 and 15 minute load averages, running/all
 *                  tasks, and the last pid given
 */
#include "fs/proc.h"
#include "kernel/kstat.h"
#include "kernel/spinlock.h"
#include "kernel/task.h"
#include "kernel/time.h"

/* The counts, read at once: the timer changes them. */
static void kstat_read(struct kernel_stat *k)
{
	uint32_t flags = local_irq_save();

	*k = kstat;
	local_irq_restore(flags);
}

void proc_stat_show(struct seq_file *m, const void *arg)
{
	struct kernel_stat k;
	uint64_t sum = 0;
	int running = 0, blocked = 0;

	kstat_read(&k);
	for (int i = 0; i < 2; i++)
		seq_printf(m, "%s %llu %llu %llu %llu 0 0 0 0 0 0\n",
			   i ? "cpu0" : "cpu ", (unsigned long long)k.user,
			   (unsigned long long)k.nice,
			   (unsigned long long)k.system,
			   (unsigned long long)k.idle);
	for (int i = 0; i < 16; i++)
		sum += k.irqs[i];
	seq_printf(m, "intr %llu", (unsigned long long)sum);
	for (int i = 0; i < 16; i++)
		seq_printf(m, " %llu", (unsigned long long)k.irqs[i]);
	for_each_task(t) {
		running += t != &tasks[0] && t->state == TASK_RUNNING;
		blocked += t->state == TASK_UNINTERRUPTIBLE;
	}
	seq_printf(m, "\nctxt %llu\nbtime %u\nprocesses %u\n"
		   "procs_running %d\nprocs_blocked %d\n"
		   "softirq 0 0 0 0 0 0 0 0 0 0 0\n",
		   (unsigned long long)k.ctxt, boot_epoch, k.processes,
		   running, blocked);
}

void proc_uptime_show(struct seq_file *m, const void *arg)
{
	uint64_t now = get_jiffies_64();
	struct kernel_stat k;

	kstat_read(&k);
	seq_printf(m, "%llu.%02u %llu.%02u\n", (unsigned long long)(now / HZ),
		   (uint32_t)(now % HZ) * 100 / HZ,
		   (unsigned long long)(k.idle / HZ),
		   (uint32_t)(k.idle % HZ) * 100 / HZ);
}

void proc_loadavg_show(struct seq_file *m, const void *arg)
{
	uint32_t a[3];
	uint32_t flags = local_irq_save();

	a[0] = avenrun[0], a[1] = avenrun[1], a[2] = avenrun[2];
	local_irq_restore(flags);
	seq_printf(m, "%u.%02u %u.%02u %u.%02u %d/%d %d\n",
		   LOAD_INT(a[0]), LOAD_FRAC(a[0]), LOAD_INT(a[1]),
		   LOAD_FRAC(a[1]), LOAD_INT(a[2]), LOAD_FRAC(a[2]),
		   nr_running(), count_tasks() - 1, last_pid_nr());
}
