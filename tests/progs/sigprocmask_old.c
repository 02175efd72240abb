// sigprocmask_old: the old sigprocmask (126) and sigpending (73), on signals 1-32 (Linux's
// old_sigset_t). glibc's getcontext, setcontext and swapcontext on i386 use sigprocmask:
// on shmos it was ENOSYS, and guile's collector said "getcontext failed". SIG_SETMASK
// keeps the real-time signals' blocks; SIGKILL and SIGSTOP stay unblocked; a bad set is
// EFAULT before a bad how's EINVAL, which is not looked at without a set.
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <ucontext.h>

#include "check.h"

static ucontext_t main_ctx, co_ctx;
static int steps;
static volatile int usr1;

static void on_usr1(int sig)
{
	usr1 += sig == SIGUSR1;
}

static uint64_t rt_mask(void)
{
	uint64_t m = 0;

	syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &m, 8);
	return m;
}

static void coroutine(void)
{
	steps++;
	swapcontext(&co_ctx, &main_ctx);
	steps++;
}

int main(void)
{
	uint32_t set, old = 0, pend = 0;
	uint64_t rt = 1ull << (40 - 1);
	static char stack[16384];

	setvbuf(stdout, NULL, _IONBF, 0);
	signal(SIGUSR1, on_usr1);
	set = 1u << (SIGUSR1 - 1);
	TRY("SIG_BLOCK SIGUSR1", syscall(SYS_sigprocmask, SIG_BLOCK, &set, &old));
	printf("old mask %#x, now (rt_sigprocmask) %#llx\n", old, (unsigned long long)rt_mask());
	TRY("raise SIGUSR1", raise(SIGUSR1));
	TRY("sigpending", syscall(SYS_sigpending, &pend));
	printf("pending %#x\n", pend);
	TRY("rt_sigprocmask SIG_BLOCK signal 40", syscall(SYS_rt_sigprocmask, SIG_BLOCK, &rt, NULL, 8));
	set = 1u << (SIGUSR2 - 1) | 1u << (SIGKILL - 1) | 1u << (SIGSTOP - 1);
	TRY("SIG_SETMASK SIGUSR2 SIGKILL SIGSTOP", syscall(SYS_sigprocmask, SIG_SETMASK, &set, &old));
	printf("old %#x, now %#llx (signal 40 kept), SIGUSR1 delivered %d\n", old,
	       (unsigned long long)rt_mask(), usr1);
	set = 1u << (SIGUSR2 - 1);
	TRY("SIG_UNBLOCK SIGUSR2", syscall(SYS_sigprocmask, SIG_UNBLOCK, &set, NULL));
	TRY("how 99, no set", syscall(SYS_sigprocmask, 99, NULL, &old));
	printf("mask %#x\n", old);
	TRY("how 99", syscall(SYS_sigprocmask, 99, &set, NULL));
	TRY("how 99, bad set", syscall(SYS_sigprocmask, 99, (void *)8, NULL));
	TRY("bad old set", syscall(SYS_sigprocmask, SIG_BLOCK, &set, (void *)8));
	printf("mask after it %#llx\n", (unsigned long long)rt_mask());
	TRY("sigpending, bad set", syscall(SYS_sigpending, (void *)8));

	set = 1u << (SIGHUP - 1);
	syscall(SYS_sigprocmask, SIG_SETMASK, &set, NULL);
	TRY("getcontext", getcontext(&co_ctx));
	co_ctx.uc_stack.ss_sp = stack;
	co_ctx.uc_stack.ss_size = sizeof(stack);
	co_ctx.uc_link = &main_ctx;
	sigemptyset(&co_ctx.uc_sigmask);
	sigaddset(&co_ctx.uc_sigmask, SIGTERM);
	makecontext(&co_ctx, coroutine, 0);
	TRY("swapcontext in", swapcontext(&main_ctx, &co_ctx));
	printf("steps %d, mask back %#llx\n", steps, (unsigned long long)rt_mask());
	TRY("swapcontext again", swapcontext(&main_ctx, &co_ctx));
	printf("steps %d, mask back %#llx\n", steps, (unsigned long long)rt_mask());
	return 0;
}
