// swap_area: swapon(2) of a swap area that the host's mkswap made (the disk, /dev/hda), and
// what shows it: /proc/swaps in Linux's format (the name padded to 40 columns, Size and Used
// in KiB: a 1 MiB area has 255 slots but the header's, 1020 KiB), SwapTotal and SwapFree
// in /proc/meminfo, sysinfo's totalswap, pswpin and pswpout in /proc/vmstat; EBUSY for a
// second swapon, EPERM for a user; swapoff takes it away, and the priority of an area made
// without one (-2, -3...) goes back up when one before it goes, as in Linux. shmos only:
// on the host a swapon would give the host's kernel a disk to swap on (and the host side
// of tests/run runs as the real root), so the .out was written from Linux's rules
// (mm/swapfile.c's swap_show and read_swap_header, Linux 6.1) and checked by hand.
// host: no (a swapon on the host would be real)
// disk: swap 1024
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <sys/sysinfo.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static void totals(void)
{
	struct sysinfo si;

	print_lines("/proc/meminfo", "Swap");
	if (sysinfo(&si) == 0)
		printf("sysinfo: totalswap %lu KiB, freeswap %lu KiB\n",
		       si.totalswap * si.mem_unit / 1024, si.freeswap * si.mem_unit / 1024);
}

int main(void)
{
	struct stat st;
	int status;

	if (stat("/dev/hda", &st) == 0)
		printf("/dev/hda: block %s, %u,%u\n", yes(S_ISBLK(st.st_mode)),
		       major(st.st_rdev), minor(st.st_rdev));
	print_lines("/proc/swaps", NULL);
	totals();
	TRY("swapon", swapon("/dev/hda", 0));
	print_lines("/proc/swaps", NULL);
	totals();
	print_lines("/proc/vmstat", "psw");
	TRY("swapon again", swapon("/dev/hda", 0));
	TRY("swapon again, bad flags", swapon("/dev/hda", 0x80000));
	fflush(stdout);
	if (fork() == 0) {
		if (setuid(65534) == 0) {
			TRY("nobody swapoff", swapoff("/dev/hda"));
			TRY("nobody swapon", swapon("/dev/hda", 0));
		}
		fflush(stdout);
		_exit(0);
	}
	wait(&status);
	TRY("swapoff", swapoff("/dev/hda"));
	TRY("swapoff again", swapoff("/dev/hda"));
	print_lines("/proc/swaps", NULL);
	totals();
	TRY("swapon, priority 7", swapon("/dev/hda", SWAP_FLAG_PREFER | 7));
	print_lines("/proc/swaps", NULL);
	TRY("swapoff", swapoff("/dev/hda"));
	TRY("swapon by a relative name", chdir("/dev") || swapon("hda", 0));
	print_lines("/proc/swaps", NULL);
	TRY("swapoff", swapoff("/dev/hda"));
	return 0;
}
