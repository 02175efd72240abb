// swap_overcommit16: shared and private memory about 2.5 times a 16 MiB machine's, in eight
// processes on one CPU (overcommit.h tells the whole). shmos only: the pressure is this
// machine's (the host has memory to spare, and its swapping is its own); the .out says
// what Linux says: every word right, no process killed, nothing leaked.
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
