/*
 * How many CPUs a program sees, three ways that must agree:
 * sysconf(_SC_NPROCESSORS_ONLN), which glibc reads from
 * /sys/devices/system/cpu/online; that file itself ("0-3"); and the
 * "processor" entries of /proc/cpuinfo.  The host has another count than
 * a shmos boot, so what is printed is whether they agree, never the count;
 * with -n (tests/run's smp/N boots) the count itself, for the runner to
 * compare with the CPUs it gave the machine.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"

/* The CPUs of a cpumask list such as "0-2,5": -1 if unreadable. */
static int count_cpu_list(const char *path)
{
	char buf[256], *p = buf;
	FILE *f = fopen(path, "r");
	int n = 0;

	if (!f || !fgets(buf, sizeof(buf), f))
		return -1;
	fclose(f);
	while (*p && *p != '\n') {
		char *end;
		long lo = strtol(p, &end, 10), hi = lo;

		if (end == p)
			return -1;
		if (*end == '-')
			hi = strtol(end + 1, &end, 10);
		n += hi - lo + 1;
		p = *end == ',' ? end + 1 : end;
	}
	return n;
}

static int count_cpuinfo(void)
{
	char line[512];
	FILE *f = fopen("/proc/cpuinfo", "r");
	int n = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		n += !strncmp(line, "processor\t:", 11);
	fclose(f);
	return n;
}

int main(int argc, char **argv)
{
	long onln = sysconf(_SC_NPROCESSORS_ONLN), conf = sysconf(_SC_NPROCESSORS_CONF);
	int online = count_cpu_list("/sys/devices/system/cpu/online");
	int present = count_cpu_list("/sys/devices/system/cpu/present");
	int cpuinfo = count_cpuinfo();

	if (argc > 1 && !strcmp(argv[1], "-n")) {
		printf("nprocs: online %ld, configured %ld, /sys online %d, present %d, "
		       "/proc/cpuinfo %d\n", onln, conf, online, present, cpuinfo);
		return 0;
	}
	printf("/sys/devices/system/cpu/online readable: %s\n", yes(online > 0));
	printf("sysconf(_SC_NPROCESSORS_ONLN) is its count: %s\n", yes(onln == online));
	printf("/proc/cpuinfo has an entry per online CPU: %s\n", yes(cpuinfo == online));
	printf("present CPUs at least the online ones: %s\n", yes(present >= online));
	printf("_SC_NPROCESSORS_CONF at least _SC_NPROCESSORS_ONLN: %s\n", yes(conf >= onln));
	return 0;
}
