/*
 * sigaltstack: its errors, SA_ONSTACK handlers on the alternate stack
 * (nested ones below the first), uc_stack, SS_ONSTACK while on it, EPERM
 * for changing it there, SS_DISABLE, SS_AUTODISARM, fork and exec, and a
 * frame that would run off the stack killing with SIGSEGV.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>
#include "check.h"

#define STACK_SIZE	(64 * 1024)
#ifndef SS_AUTODISARM
#define SS_AUTODISARM	(1u << 31)	/* Linux 4.7; not in every glibc */
#endif

static char stack_a[STACK_SIZE] __attribute__((aligned(16)));
static char stack_b[STACK_SIZE] __attribute__((aligned(16)));

static int on(const char *stack, const void *p)
{
	return (const char *)p >= stack && (const char *)p < stack + STACK_SIZE;
}

static const char *which(const void *p)
{
	return on(stack_a, p) ? "A" : on(stack_b, p) ? "B" : p ? "the normal stack" : "NULL";
}

static void show(const char *what)
{
	stack_t o;

	if (sigaltstack(NULL, &o) < 0) {
		printf("%s: sigaltstack: %s\n", what, ename(errno));
		return;
	}
	printf("%s: sp %s, size %zu, flags 0x%x\n", what,
	       o.ss_sp == stack_a ? "A" : o.ss_sp == stack_b ? "B" : o.ss_sp ? "?" : "NULL",
	       o.ss_size, (unsigned)o.ss_flags);
}

static int set(void *sp, size_t size, int flags)
{
	stack_t s = { .ss_sp = sp, .ss_size = size, .ss_flags = flags };

	return sigaltstack(&s, NULL) < 0 ? -errno : 0;
}

static void handle(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO | flags;
	sigaction(sig, &sa, NULL);
}

static void errors(void)
{
	stack_t s = { .ss_sp = stack_a, .ss_size = STACK_SIZE }, o;

	TRY("flags 4", sigaltstack(&(stack_t){ .ss_sp = stack_a, .ss_size = STACK_SIZE,
					      .ss_flags = 4 }, NULL));
	TRY("size 1024", sigaltstack(&(stack_t){ .ss_sp = stack_a, .ss_size = 1024 }, NULL));
	TRY("size MINSIGSTKSZ", sigaltstack(&(stack_t){ .ss_sp = stack_a, .ss_size = 2048 }, NULL));
	TRY("ss at 0x10", sigaltstack((stack_t *)0x10, NULL));
	TRY("old_ss at 0x10", sigaltstack(&s, (stack_t *)0x10));
	show("set anyway");
	TRY("disable, size ignored", sigaltstack(&(stack_t){ .ss_flags = SS_DISABLE,
							    .ss_size = 1 }, &o));
	show("disabled");
}

/* ---- SA_ONSTACK handlers ---- */

static char *outer_local;

static void inner(int sig, siginfo_t *si, void *p)
{
	char local;

	printf("  nested handler: on %s, below the outer one: %s\n", which(&local),
	       yes(&local < outer_local));
}

static void outer(int sig, siginfo_t *si, void *p)
{
	ucontext_t *uc = p;
	char local;
	int r;

	outer_local = &local;
	printf("  handler: on %s\n", which(&local));
	printf("  uc_stack: sp %s, size %zu, flags 0x%x\n", which(uc->uc_stack.ss_sp),
	       uc->uc_stack.ss_size, (unsigned)uc->uc_stack.ss_flags);
	show("  in the handler");
	r = set(stack_b, STACK_SIZE, 0);
	printf("  set B here: %s\n", r ? ename(-r) : "0");
	show("  now");
	raise(SIGUSR2);
}

static void onstack(void)
{
	handle(SIGUSR1, outer, SA_ONSTACK);
	handle(SIGUSR2, inner, SA_ONSTACK);
	printf("set A: %d\n", set(stack_a, STACK_SIZE, 0));
	show("set A");
	raise(SIGUSR1);
	show("after the handler");

	printf("set A with SS_ONSTACK: %d\n", set(stack_a, STACK_SIZE, SS_ONSTACK));
	show("set A with SS_ONSTACK");
	raise(SIGUSR1);

	handle(SIGUSR1, outer, 0);
	printf("handler without SA_ONSTACK:\n");
	raise(SIGUSR1);

	handle(SIGUSR1, outer, SA_ONSTACK);
	set(NULL, 0, SS_DISABLE);
	printf("SS_DISABLE, handler with SA_ONSTACK:\n");
	raise(SIGUSR1);
}

/* ---- SS_AUTODISARM ---- */

static void disarmed(int sig, siginfo_t *si, void *p)
{
	ucontext_t *uc = p;
	char local;

	printf("  handler: on %s, uc_stack flags 0x%x\n", which(&local),
	       (unsigned)uc->uc_stack.ss_flags);
	show("  in the handler");
	printf("  set B here: %d\n", set(stack_b, STACK_SIZE, 0));
	raise(SIGUSR2);
}

static void autodisarm(void)
{
	handle(SIGUSR1, disarmed, SA_ONSTACK);
	handle(SIGUSR2, inner, SA_ONSTACK);
	printf("set A with SS_AUTODISARM: %d\n", set(stack_a, STACK_SIZE, SS_AUTODISARM));
	outer_local = stack_b + STACK_SIZE;
	raise(SIGUSR1);
	show("after the handler (rt_sigreturn put A back)");
}

/* ---- fork and exec ---- */

static void after_exec(int sig, siginfo_t *si, void *p)
{
	ucontext_t *uc = p;

	printf("  after exec: uc_stack sp %p, size %zu, flags 0x%x\n", uc->uc_stack.ss_sp,
	       uc->uc_stack.ss_size, (unsigned)uc->uc_stack.ss_flags);
}

static void inherit(const char *self)
{
	pid_t child;
	int st;

	set(stack_a, STACK_SIZE, SS_AUTODISARM);
	if ((child = fork()) == 0) {
		show("child after fork");
		execl(self, self, "exec", NULL);
		_exit(99);
	}
	waitpid(child, &st, 0);
}

/* ---- running off the alternate stack ---- */

static char room[STACK_SIZE + 4096] __attribute__((aligned(4096)));
static int depth;

static void deeper(int sig)
{
	if (++depth < 50)
		raise(SIGUSR1);
}

static void overflow(void)
{
	pid_t child;
	int st;

	if ((child = fork()) == 0) {
		/* 4 KiB of alternate stack with writable memory below it. */
		set(room + STACK_SIZE, 4096, 0);
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = deeper;
		sa.sa_flags = SA_ONSTACK | SA_NODEFER;
		sigaction(SIGUSR1, &sa, NULL);
		raise(SIGUSR1);
		_exit(depth);
	}
	waitpid(child, &st, 0);
	printf("50 nested frames on a 4 KiB alternate stack: %s %s\n",
	       WIFSIGNALED(st) ? "killed by" : "exit",
	       WIFSIGNALED(st) ? sigabbrev_np(WTERMSIG(st)) : "(the frames ran off it)");
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc > 1) {
		show("after exec");
		handle(SIGUSR1, after_exec, 0);
		raise(SIGUSR1);
		return 0;
	}
	/* Exec keeps the flags of the alternate stack: make them the same everywhere. */
	set(NULL, 0, SS_DISABLE);
	show("start");
	errors();
	onstack();
	autodisarm();
	inherit(argv[0]);
	overflow();
	return 0;
}
