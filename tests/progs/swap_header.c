// swap_header: a disk that mkswap has not made is no swap area: swapon(2) reads its first
// page, finds no "SWAPSPACE2" at its end (Linux's read_swap_header) and says EINVAL, and
// nothing is added: /proc/swaps has only its title and SwapTotal is 0; swapoff of the
// disk is EINVAL (it is no active area). shmos only, for tests/progs/swap_area.c's reason.
// host: no (a swapon on the host would be real)
// disk: zero 1024
#include <stdio.h>
#include <string.h>
#include <sys/swap.h>
#include "check.h"

int main(void)
{
	TRY("swapon", swapon("/dev/hda", 0));
	print_lines("/proc/swaps", NULL);
	print_lines("/proc/meminfo", "SwapTotal");
	TRY("swapoff", swapoff("/dev/hda"));
	return 0;
}
