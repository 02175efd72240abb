/*
 * The kernel's counts, as Linux's fs/proc/stat.c, uptime.c and loadavg.c
 * show them (kernel/kstat.h keeps them):
 *
 *   /proc/stat     CPU ticks by kind (all, then each CPU), interrupts by line, task
 *                  switches, the boot time, forks, and the tasks running
 *                  and blocked now
 *   /proc/uptime   seconds since boot, and seconds the CPUs were idle (summed)
 *   /proc/loadavg  the 1, 5 and 15 minute load averages, running/all
 *                  tasks, and the last pid given
 */
#include "fs/proc.h"
#include "kernel/kstat.h"
#include "kernel/smp.h"
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

/*
 * CPU cpu's ticks, or with cpu -1 the sum of every online CPU's.  Each
 * count is one CPU's timer's; a word read while it moves is one tick off
 * at most, as on Linux.
 */
static struct cpu_usage_stat cpustat_read(int cpu)
{
	struct cpu_usage_stat sum = { 0 };

	for (int i = 0; i < nr_cpu_ids; i++) {
		struct cpu_usage_stat c = per_cpu(cpustat, i);

		if (!cpu_data[i].online || (cpu >= 0 && i != cpu))
			continue;
		sum.user += c.user, sum.nice += c.nice;
		sum.system += c.system, sum.idle += c.idle;
	}
	return sum;
}

static void show_cpu_line(struct seq_file *m, const char *name, int cpu)
{
	struct cpu_usage_stat c = cpustat_read(cpu);

	seq_printf(m, "%s %llu %llu %llu %llu 0 0 0 0 0 0\n", name,
		   (unsigned long long)c.user, (unsigned long long)c.nice,
		   (unsigned long long)c.system, (unsigned long long)c.idle);
}

void proc_stat_show(struct seq_file *m, const void *arg)
{
	struct kernel_stat k;
	uint64_t sum = 0;
	int running = 0, blocked = 0;

	kstat_read(&k);
	show_cpu_line(m, "cpu ", -1);
	for (int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		char name[8] = "cpu";

		if (!cpu_data[cpu].online)
			continue;
		name[3] = '0' + cpu;	/* NR_CPUS is at most 10 */
		name[4] = 0;
		show_cpu_line(m, name, cpu);
	}
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
	uint64_t now = get_jiffies_64(), idle = cpustat_read(-1).idle;

	seq_printf(m, "%llu.%02u %llu.%02u\n", (unsigned long long)(now / HZ),
		   (uint32_t)(now % HZ) * 100 / HZ,
		   (unsigned long long)(idle / HZ),
		   (uint32_t)(idle % HZ) * 100 / HZ);
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
