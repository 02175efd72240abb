// rseq: restartable sequences.  glibc registers a struct rseq for each thread at its start
// (the main thread's and a pthread's), where the kernel keeps the CPU the thread runs on,
// also after sched_setaffinity moves it; rseq(2)'s errors in Linux's order (EBUSY, EINVAL,
// EPERM, EFAULT); unregistering leaves cpu_id -1; a signal that comes while the thread
// is inside its critical section sends it to the section's abort address, and a section
// that makes no sense (its abort address inside it) is SIGSEGV.
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/rseq.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

extern char cs_start[], cs_end[], cs_abort[];

static struct rseq mine __attribute__((aligned(32)));
static struct rseq_cs cs __attribute__((aligned(32)));

static struct rseq *glibc_area(void)
{
	char *tp;

	__asm__("movl %%gs:0, %0" : "=r"(tp));		/* the thread's TCB, where glibc keeps it */
	return (struct rseq *)(tp + __rseq_offset);
}

static long rseq_(void *area, uint32_t len, int flags, uint32_t sig)
{
	return syscall(SYS_rseq, area, len, flags, sig);
}

static int getcpu_(void)
{
	unsigned cpu = 0;

	syscall(SYS_getcpu, &cpu, NULL, NULL);
	return cpu;
}

// Spins inside the section until something sends it to its abort address: 1 then.
static int run_cs(void)
{
	int aborted;

	__asm__ volatile(".globl cs_start, cs_end, cs_abort\n"
			 "	movl $0, %0\n"
			 "cs_start:\n"
			 "	jmp cs_start\n"
			 "cs_end:\n"
			 "	jmp 2f\n"
			 "	.long 0x53053053\n"		/* RSEQ_SIG, just before abort_ip */
			 "cs_abort:\n"
			 "	movl $1, %0\n"
			 "2:\n" : "=&r"(aborted) : : "memory");
	return aborted;
}

static void on_alarm(int sig)
{
	(void)sig;
}

static void alarm_soon(void)
{
	struct itimerval it = { { 0, 0 }, { 0, 20000 } };

	signal(SIGALRM, on_alarm);
	setitimer(ITIMER_REAL, &it, NULL);
}

static void *thread(void *arg)
{
	struct rseq *r = glibc_area();

	*(int *)arg = r->cpu_id == (uint32_t)getcpu_();
	return NULL;
}

// Every CPU we may run on: pinned there, the struct says so.
static int follows_affinity(void)
{
	cpu_set_t all, one;
	int ok = 1;

	sched_getaffinity(0, sizeof(all), &all);
	for (int cpu = 0; cpu < 8; cpu++) {
		if (!CPU_ISSET(cpu, &all))
			continue;
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		sched_setaffinity(0, sizeof(one), &one);
		sched_yield();
		ok &= glibc_area()->cpu_id == (uint32_t)cpu && glibc_area()->cpu_id_start == (uint32_t)cpu;
	}
	sched_setaffinity(0, sizeof(all), &all);
	return ok;
}

int main(void)
{
	struct rseq *g = glibc_area();
	int status, in_thread = 0;
	pthread_t t;
	pid_t pid;

	setvbuf(stdout, NULL, _IONBF, 0);
	printf("glibc registered a struct rseq: %s (__rseq_size %u)\n", yes(__rseq_size >= 20),
	       __rseq_size >= 20 ? 32 : 0);
	printf("its cpu_id is getcpu's: %s\n", yes(g->cpu_id == (uint32_t)getcpu_()));
	printf("cpu_id follows sched_setaffinity: %s\n", yes(follows_affinity()));
	pthread_create(&t, NULL, thread, &in_thread);
	pthread_join(t, NULL);
	printf("a new thread's own struct, its cpu_id right: %s\n", yes(in_thread));

	TRY("register glibc's again", rseq_(g, 32, 0, RSEQ_SIG));
	TRY("register another", rseq_(&mine, 32, 0, RSEQ_SIG));
	TRY("glibc's, another signature", rseq_(g, 32, 0, 0x1234));
	TRY("glibc's, length 64", rseq_(g, 64, 0, RSEQ_SIG));
	TRY("flags 2", rseq_(g, 32, 2, RSEQ_SIG));
	TRY("unregister, another signature", rseq_(g, 32, RSEQ_FLAG_UNREGISTER, 0x1234));
	TRY("unregister another", rseq_(&mine, 32, RSEQ_FLAG_UNREGISTER, RSEQ_SIG));
	TRY("unregister, flags 3", rseq_(g, 32, 3, RSEQ_SIG));
	TRY("unregister glibc's", rseq_(g, 32, RSEQ_FLAG_UNREGISTER, RSEQ_SIG));
	printf("then its cpu_id: %d\n", (int)g->cpu_id);
	TRY("register at an odd address", rseq_((char *)&mine + 4, 32, 0, RSEQ_SIG));
	TRY("register, length 31", rseq_(&mine, 31, 0, RSEQ_SIG));
	TRY("register in the kernel's space", rseq_((void *)0xc0000000, 32, 0, RSEQ_SIG));
	mine.cpu_id = 12345;
	TRY("register our own", rseq_(&mine, 32, 0, RSEQ_SIG));
	printf("its cpu_id is getcpu's: %s\n", yes(mine.cpu_id == (uint32_t)getcpu_()));

	// A signal inside the section: the handler returns to abort_ip, rseq_cs cleared.
	cs.start_ip = (uintptr_t)cs_start;
	cs.post_commit_offset = cs_end - cs_start;
	cs.abort_ip = (uintptr_t)cs_abort;
	mine.rseq_cs = (uintptr_t)&cs;
	alarm_soon();
	in_thread = run_cs();
	printf("a signal inside the section: aborted %s, rseq_cs cleared %s\n", yes(in_thread),
	       yes(mine.rseq_cs == 0));

	// An abort address inside its own section: the thread is killed, SIGSEGV.
	if ((pid = fork()) == 0) {
		cs.abort_ip = (uintptr_t)cs_start;
		mine.rseq_cs = (uintptr_t)&cs;
		alarm_soon();
		run_cs();
		_exit(0);
	}
	waitpid(pid, &status, 0);
	printf("a section whose abort is inside it: %s\n",
	       WIFSIGNALED(status) ? strsignal(WTERMSIG(status)) : "not killed");
	return 0;
}
