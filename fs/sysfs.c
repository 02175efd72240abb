/*
 * /sys: the little of Linux's sysfs that programs read, the CPUs
 * (Linux's Documentation/ABI/testing/sysfs-devices-system-cpu):
 *
 *   /sys/devices/system/cpu/online    the CPUs running now, as ranges: "0-3"
 *   /sys/devices/system/cpu/possible  those there can ever be
 *   /sys/devices/system/cpu/present   those the firmware lists
 *
 * glibc's sysconf(_SC_NPROCESSORS_ONLN) (get_nprocs) reads online, and
 * _SC_NPROCESSORS_CONF (get_nprocs_conf) possible.  shmos starts every CPU
 * it finds and has no hotplug, so the three say the same but for a CPU
 * that did not start.  A fixed tree of /proc's kind (fs/procfs.c), mounted
 * on /sys at boot (fs/namespace.c).
 */
#include <stddef.h>
#include "fs/proc.h"
#include "kernel/smp.h"

/* The CPUs whose bit is in mask, as Linux prints a cpumask list: "0-2,5". */
static void show_cpu_list(struct seq_file *m, uint32_t mask)
{
	const char *sep = "";

	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		int last = cpu;

		if (!(mask & (1u << cpu)))
			continue;
		while (last + 1 < NR_CPUS && (mask & (1u << (last + 1))))
			last++;
		if (last == cpu)
			seq_printf(m, "%s%d", sep, cpu);
		else
			seq_printf(m, "%s%d-%d", sep, cpu, last);
		sep = ",";
		cpu = last;
	}
	seq_printf(m, "\n");
}

static void cpu_online_show(struct seq_file *m, const void *arg)
{
	uint32_t mask = 0;

	for (int cpu = 0; cpu < nr_cpu_ids; cpu++)
		if (cpu_data[cpu].online)
			mask |= 1u << cpu;
	show_cpu_list(m, mask);
}

static void cpu_present_show(struct seq_file *m, const void *arg)
{
	show_cpu_list(m, (1u << nr_cpu_ids) - 1);
}

static const struct proc_dir_entry sys_cpu_entries[] = {
	{ .name = "online", .mode = S_IFREG | 0444, .show = cpu_online_show },
	{ .name = "possible", .mode = S_IFREG | 0444, .show = cpu_present_show },
	{ .name = "present", .mode = S_IFREG | 0444, .show = cpu_present_show },
	{ .name = NULL },
};

static const struct proc_dir_entry sys_system_entries[] = {
	{ .name = "cpu", .mode = S_IFDIR | 0555, .subdir = sys_cpu_entries },
	{ .name = NULL },
};

static const struct proc_dir_entry sys_devices_entries[] = {
	{ .name = "system", .mode = S_IFDIR | 0555, .subdir = sys_system_entries },
	{ .name = NULL },
};

static const struct proc_dir_entry sys_entries[] = {
	{ .name = "devices", .mode = S_IFDIR | 0555, .subdir = sys_devices_entries },
	{ .name = NULL },
};

const struct proc_dir_entry sysfs_root = {
	.name = "sys", .mode = S_IFDIR | 0555, .subdir = sys_entries,
};
