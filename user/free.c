/*
 * free: show how much memory and swap is in use, from sysinfo(2).
 * sysinfo counts memory in units of mem_unit bytes; we print KiB and pages,
 * and on the Swap: line the swap areas' total, used and free in KiB.
 */
#include <stdio.h>
#include <sys/sysinfo.h>
#include <unistd.h>

int main(void)
{
	struct sysinfo si;
	unsigned long long unit, total, freemem, used, swap, swapfree;
	long page = sysconf(_SC_PAGESIZE);

	if (sysinfo(&si) < 0) {
		perror("free: sysinfo");
		return 1;
	}
	unit = si.mem_unit ? si.mem_unit : 1;	/* 0 in very old kernels */
	total = si.totalram * unit;
	freemem = si.freeram * unit;
	used = total - freemem;
	swap = si.totalswap * unit;
	swapfree = si.freeswap * unit;

	printf("%-8s %12s %12s %12s\n", "", "total", "used", "free");
	printf("%-8s %12llu %12llu %12llu\n", "KiB:",
	       total / 1024, used / 1024, freemem / 1024);
	printf("%-8s %12llu %12llu %12llu\n", "pages:",
	       total / page, used / page, freemem / page);
	printf("%-8s %12llu %12llu %12llu\n", "Swap:",
	       swap / 1024, (swap - swapfree) / 1024, swapfree / 1024);
	printf("(page size %ld bytes, %u processes)\n", page, si.procs);
	return 0;
}
