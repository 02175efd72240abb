// fault_selfsegv: the test's own process writes through NULL and must end with SIGSEGV.
// On shmos it is init, so the kernel reports "power off, status 139" (128 + 11).
#include <stdint.h>
#include <stdio.h>
#include <sys/resource.h>

static volatile uintptr_t null_addr = 0;

int main(void)
{
	struct rlimit none = { 0, 0 };

	setvbuf(stdout, NULL, _IONBF, 0);
	setrlimit(RLIMIT_CORE, &none);	// no core file on the host; shmos may say ENOSYS
	printf("about to write through NULL\n");
	*(volatile int *)null_addr = 1;
	printf("still alive: this line must not appear\n");
	return 0;
}
