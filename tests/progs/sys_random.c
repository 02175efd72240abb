// sys_random: getrandom fills the buffer and returns the count, never the same bytes
// twice, with each flag; a buffer that runs into an unmapped page gets the bytes before
// it; the flag errors and EFAULT, against Linux.
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"

#define GRND_NONBLOCK	1
#define GRND_RANDOM	2
#define GRND_INSECURE	4

static long get(void *buf, size_t len, unsigned flags)
{
	return syscall(SYS_getrandom, buf, len, flags);
}

// 1000 random bytes are surely not all one value.
static int varied(const unsigned char *b, int n)
{
	for (int i = 1; i < n; i++)
		if (b[i] != b[0])
			return 1;
	return 0;
}

int main(void)
{
	static unsigned char a[1000], b[1000], big[100000];
	char *p;

	setvbuf(stdout, NULL, _IONBF, 0);
	TRY("getrandom 1000", get(a, sizeof(a), 0));
	TRY("getrandom 1000 again", get(b, sizeof(b), 0));
	printf("bytes vary: %s\n", yes(varied(a, sizeof(a))));
	printf("two calls differ: %s\n", yes(memcmp(a, b, sizeof(a)) != 0));
	TRY("getrandom 0", get(a, 0, 0));
	TRY("getrandom 1", get(a + 1, 1, 0));
	TRY("getrandom 100000", get(big, sizeof(big), 0));
	printf("its end is filled: %s\n", yes(varied(big + sizeof(big) - 1000, 1000)));
	TRY("GRND_NONBLOCK", get(a, 16, GRND_NONBLOCK));
	TRY("GRND_RANDOM", get(a, 16, GRND_RANDOM));
	TRY("GRND_INSECURE", get(a, 16, GRND_INSECURE));
	TRY("GRND_RANDOM|GRND_NONBLOCK", get(a, 16, GRND_RANDOM | GRND_NONBLOCK));
	TRY("GRND_INSECURE|GRND_NONBLOCK", get(a, 16, GRND_INSECURE | GRND_NONBLOCK));
	TRY("GRND_INSECURE|GRND_RANDOM", get(a, 16, GRND_INSECURE | GRND_RANDOM));
	TRY("flag 8", get(a, 16, 8));
	TRY("flag 0x80000000", get(a, 16, 0x80000000u));
	TRY("bad flag, bad buffer", get(NULL, 16, 8));
	TRY("NULL buffer", get(NULL, 16, 0));
	TRY("NULL buffer, 0 bytes", get(NULL, 0, 0));
	TRY("kernel address", get((void *)0xc0000000, 16, 0));

	p = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(p + 4096, 4096);
	TRY("10 bytes before a hole, 100 asked", get(p + 4096 - 10, 100, 0));
	TRY("1000 bytes before a hole, 5000 asked", get(p + 4096 - 1000, 5000, 0));
	mprotect(p, 4096, PROT_READ);
	TRY("read-only buffer", get(p, 16, 0));
	return 0;
}
