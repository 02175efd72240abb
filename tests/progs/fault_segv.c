// fault_segv: children that fault in many ways must each die with the signal Linux sends
// (SIGSEGV, SIGFPE, SIGILL, SIGTRAP); the kernel must survive and the parent carry on.
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *signame(int s)
{
	switch (s) {
	case SIGILL: return "SIGILL";
	case SIGTRAP: return "SIGTRAP";
	case SIGBUS: return "SIGBUS";
	case SIGFPE: return "SIGFPE";
	case SIGSEGV: return "SIGSEGV";
	}
	return "?";
}

// Addresses and operands come through volatiles so the compiler cannot fold the faults away.
static volatile uintptr_t null_addr = 0, kernel_addr = 0xC0000000, top_addr = 0xFFFFF000;
static volatile int zero = 0, minus_one = -1, int_min = INT_MIN, sink;

static void null_write(void) { *(volatile int *)null_addr = 1; }
static void null_read(void) { (void)*(volatile int *)null_addr; }
static void kernel_write(void) { *(volatile int *)kernel_addr = 1; }
static void kernel_read(void) { (void)*(volatile int *)kernel_addr; }
static void top_read(void) { (void)*(volatile int *)top_addr; }
static void text_write(void) { *(volatile char *)(uintptr_t)null_read = 0; }
static void call_null(void) { ((void (*)(void))null_addr)(); }
static void call_kernel(void) { ((void (*)(void))kernel_addr)(); }
static void divide_zero(void) { sink = int_min / zero; }
static void divide_overflow(void) { sink = int_min / minus_one; }
static void ud2(void) { asm volatile("ud2"); }
static void hlt(void) { asm volatile("hlt"); }		// privileged: #GP
static void cli(void) { asm volatile("cli"); }		// needs IOPL 3: #GP
static void port_out(void) { asm volatile("outb %%al, $0x80" : : "a"(0)); }
static void int3(void) { asm volatile("int3"); }

// Each frame keeps a buffer live across the call so the recursion cannot become a loop;
// the volatile depth limit is never reached but keeps the compiler from refusing it.
static volatile int depth_limit = -1;

static int recurse(int n)
{
	volatile char buf[512];

	buf[0] = n;
	if (n == depth_limit)
		return 0;
	return recurse(n + 1) + buf[0];
}

static void stack_overflow(void) { recurse(0); }

static const struct {
	const char *name;
	void (*fn)(void);
} cases[] = {
	{ "write to NULL", null_write },
	{ "read from NULL", null_read },
	{ "write to 0xC0000000", kernel_write },
	{ "read from 0xC0000000", kernel_read },
	{ "read from 0xFFFFF000", top_read },
	{ "write to program text", text_write },
	{ "call NULL", call_null },
	{ "call 0xC0000000", call_kernel },
	{ "infinite recursion", stack_overflow },
	{ "integer divide by zero", divide_zero },
	{ "INT_MIN / -1", divide_overflow },
	{ "ud2", ud2 },
	{ "hlt", hlt },
	{ "cli", cli },
	{ "outb to port 0x80", port_out },
	{ "int3", int3 },
};

int main(void)
{
	struct rlimit none = { 0, 0 };
	unsigned i;
	int st;

	setvbuf(stdout, NULL, _IONBF, 0);
	setrlimit(RLIMIT_CORE, &none);	// no core files on the host; shmos may say ENOSYS
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pid_t pid = fork();
		if (pid == 0) {
			cases[i].fn();
			_exit(0);	// reached only if nothing faulted
		}
		waitpid(pid, &st, 0);
		if (WIFSIGNALED(st))
			printf("%s: killed by %s (%d)\n", cases[i].name, signame(WTERMSIG(st)),
			       WTERMSIG(st));
		else
			printf("%s: exited %d\n", cases[i].name, WEXITSTATUS(st));
	}
	printf("parent still running: yes\n");
	return 0;
}
