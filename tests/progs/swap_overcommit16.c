// swap_overcommit16: shared and private memory about three times a 16 MiB machine's, in
// eight processes on one CPU (overcommit.h tells the whole). shmos only: the pressure is
// this machine's (the host has memory to spare, and its swapping is its own); the .out
// says what Linux says: every word right, no process killed, nothing leaked. The System V
// segment's size is not a multiple of 16 pages: shm_swap's clock, which shm_swap_out
// leaves at the segment's end, once came back to its last line for ever, no shm page went
// out again, and the OOM killer took every worker with swap nearly free. It passes at 2
// and 4 CPUs too (scripts/boot --cpus N with its image), but on a 2-core host such a run
// takes one to three minutes (docs/swap.md, "Speed"): too long for make test.
// host: no (the pressure is shmos's 16 MiB machine; the host would not swap)
// mem: 16M
// disk: swap 65536
// cmdline: swap=/dev/hda
// timeout: 300
#include "overcommit.h"

int main(void)
{
	return overcommit();
}
