// swap_overcommit16x3: overcommit.h's eight processes with the MAP_SHARED|MAP_ANONYMOUS
// mapping at half the memory, not a quarter: about three times a 16 MiB machine's. The
// System V segment's size is then not a multiple of 16 pages, and shm_swap's clock, which
// shm_swap_out leaves at the segment's end, came back to its last line for ever: no shm
// page went out again, and the OOM killer took every worker with swap nearly free.
// host: no (the pressure is shmos's 16 MiB machine; the host would not swap)
// mem: 16M
// disk: swap 65536
// cmdline: swap=/dev/hda
// timeout: 300
#define ANON_PAGES(T)	((T) / 2)
#include "overcommit.h"

int main(void)
{
	return overcommit();
}
