// fault_ldt: there is no LDT.  A selector with TI set must fault (SIGSEGV) when
// loaded, even when the user has written a descriptor where an LDT left at the
// CPU's reset value (base 0, limit 0xffff) would find it; and sigreturn must
// load such a selector as null, never fault in the kernel.
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#define PAGE 0x1000u

// A ring-3 flat 32-bit data descriptor, as an LDT would hold it.
static const uint64_t user_data = 0x00cff2000000ffffull;

static void load_fs(uint16_t sel)
{
	asm volatile("movw %0, %%fs" : : "r"(sel));
}

static void result(const char *what, pid_t child)
{
	int st;

	waitpid(child, &st, 0);
	if (WIFSIGNALED(st))
		printf("%s: killed by %s\n", what, sigabbrev_np(WTERMSIG(st)));
	else
		printf("%s: exit %d\n", what, WEXITSTATUS(st));
}

static volatile uint16_t fs_after;

static void set_ldt_fs(int sig, siginfo_t *si, void *p)
{
	((ucontext_t *)p)->uc_mcontext.gregs[REG_FS] = 8 * (PAGE / 8) | 4 | 3;
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (fork() == 0) {
		// Page 0x1000 is the LDT's entries 512-1023 at the reset value. Mapping it
		// may be refused (vm.mmap_min_addr): the load must fault either way.
		void *p = mmap((void *)PAGE, PAGE, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		if (p != MAP_FAILED)
			for (unsigned i = 0; i < PAGE / 8; i++)
				memcpy((char *)p + 8 * i, &user_data, 8);
		load_fs(8 * (PAGE / 8) | 4 | 3);	// index 512, TI, RPL 3
		_exit(0);
	}
	result("load an LDT selector", -1);

	if (fork() == 0) {
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = set_ldt_fs;
		sa.sa_flags = SA_SIGINFO;
		sigaction(SIGUSR1, &sa, NULL);
		raise(SIGUSR1);
		asm volatile("movw %%fs, %0" : "=r"(fs_after));
		printf("sigreturn with an LDT selector in fs: fs 0x%x\n", fs_after & ~3u);
		_exit(0);
	}
	result("sigreturn with an LDT selector", -1);
	return 0;
}
