/*
 * swapon: give the kernel a swap area, as util-linux's swapon.
 *   swapon DEVICE...        each DEVICE (a disk mkswap prepared: /dev/hda)
 *   swapon -p PRIO DEVICE   with a priority (higher areas fill first)
 *   swapon -s               the areas in use: /proc/swaps
 * docs/swap.md says what the kernel checks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/swap.h>

static int show(void)
{
	FILE *f = fopen("/proc/swaps", "r");
	char line[256];

	if (!f) {
		perror("swapon: /proc/swaps");
		return 1;
	}
	while (fgets(line, sizeof(line), f))
		fputs(line, stdout);
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	int flags = 0, status = 0, i = 1;

	if (argc == 2 && !strcmp(argv[1], "-s"))
		return show();
	if (argc > 2 && !strcmp(argv[1], "-p")) {
		flags = SWAP_FLAG_PREFER |
			((atoi(argv[2]) << SWAP_FLAG_PRIO_SHIFT) & SWAP_FLAG_PRIO_MASK);
		i = 3;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: swapon [-p PRIO] DEVICE... | swapon -s\n");
		return 2;
	}
	for (; i < argc; i++) {
		if (swapon(argv[i], flags) < 0) {
			fprintf(stderr, "swapon: %s: swapon failed: %s\n", argv[i],
				strerror(errno));
			status = 1;
		}
	}
	return status;
}
