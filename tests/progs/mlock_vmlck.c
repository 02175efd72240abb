// mlock_vmlck: /proc/self/status's VmLck counts the pages of locked mappings (LTP's
// mmap14 reads it after mmap(MAP_LOCKED)): MAP_LOCKED, mlock and munlock of part of a
// mapping, mremap of a locked one, munmap; a forked child inherits no locks.
// host: root (RLIMIT_MEMLOCK is raised for the larger mappings)
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static unsigned vmlck(void)
{
	char line[256];
	unsigned kb = ~0u;
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "VmLck: %u kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}

int main(void)
{
	struct rlimit big = { 64 << 20, 64 << 20 };
	unsigned base;
	char *a, *b, *c;

	setrlimit(RLIMIT_MEMLOCK, &big);
	base = vmlck();
	printf("VmLck at start: %u kB\n", base);
	a = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
	if (a == MAP_FAILED) {
		printf("mmap MAP_LOCKED: %s\n", ename(errno));
		return 1;
	}
	printf("after mmap(1 MiB, MAP_LOCKED): +%u kB\n", vmlck() - base);
	b = mmap(NULL, 256 << 10, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	show_result("mlock(64 KiB of another mapping)", mlock(b + 4096, 64 << 10));
	printf("  +%u kB\n", vmlck() - base);
	show_result("munlock(16 KiB of the 1 MiB)", munlock(a + 8192, 16 << 10));
	printf("  +%u kB\n", vmlck() - base);
	c = mmap(NULL, 64 << 10, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
	printf("after mmap(64 KiB, MAP_LOCKED): +%u kB\n", vmlck() - base);
	c = mremap(c, 64 << 10, 128 << 10, MREMAP_MAYMOVE);
	printf("after mremap of it to 128 KiB: %s +%u kB\n", c == MAP_FAILED ? ename(errno) : "ok",
	       vmlck() - base);
	fflush(stdout);
	if (fork() == 0) {
		printf("child: VmLck %u kB\n", vmlck());
		fflush(stdout);
		_exit(0);
	}
	wait(NULL);
	show_result("munmap(the 128 KiB)", munmap(c, 128 << 10));
	printf("  +%u kB\n", vmlck() - base);
	show_result("munmap(the 1 MiB)", munmap(a, 1 << 20));
	printf("  +%u kB\n", vmlck() - base);
	show_result("munmap(the other)", munmap(b, 256 << 10));
	printf("  +%u kB\n", vmlck() - base);
	return 0;
}
