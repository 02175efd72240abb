/*
 * swapoff: take swap areas away from the kernel, as util-linux's swapoff.
 *   swapoff DEVICE...   each area swapon gave (its pages come back first)
 */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <sys/swap.h>

int main(int argc, char **argv)
{
	int status = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: swapoff DEVICE...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		if (swapoff(argv[i]) < 0) {
			fprintf(stderr, "swapoff: %s: swapoff failed: %s\n", argv[i],
				strerror(errno));
			status = 1;
		}
	}
	return status;
}
