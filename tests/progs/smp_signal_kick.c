// smp_signal_kick: a signal sent to a process that runs in user mode on another CPU must
// reach it at once, not at that CPU's next tick: the sender's kernel interrupts that CPU
// (Linux's kick_process, a reschedule IPI), and the interrupt's return to user mode runs
// the handler. The parent, on cpu0, and a child spinning on cpu1 do ROUNDS rounds of two
// trips each: a request through shared memory that the child's loop answers (no kernel
// at all), then a SIGUSR1 that the child's handler counts. Both wait for the same host
// to run the other CPU, so a busy host slows both alike; a signal seen only at cpu1's
// tick is behind the memory trip by half a tick (5 ms) in the median. The test compares
// the two medians. The parent waits in user mode and times with the TSC (rdtsc, its rate
// measured against CLOCK_MONOTONIC first): a system call to read the clock in its loop
// would keep the big kernel lock, which the child's signal delivery needs, busy. Then
// SIGKILL ends the spinning child.
// cpus: 2
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS		100
#define BEHIND_NS	2500000LL	/* a quarter of a tick at HZ=100 */
#define GIVE_UP_NS	5000000000LL	/* a trip that takes this long: lost */

struct shared {
	volatile int ready;	/* the child has its handler and spins */
	volatile int request, answer;	/* the memory trip: the child copies one to the other */
	volatile int handled;	/* signals its handler has seen */
};

static struct shared *sh;

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) != 0)
		perror("sched_setaffinity");
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void on_usr1(int sig)
{
	(void)sig;
	sh->handled++;
}

/* In user mode only: no system call that could take the signal for it. */
static void spin(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 };

	pin(1);
	sigaction(SIGUSR1, &sa, NULL);
	sh->ready = 1;
	for (;;)
		if (sh->answer != sh->request)
			sh->answer = sh->request;
}

static unsigned long long rdtsc(void)
{
	unsigned lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (unsigned long long)hi << 32 | lo;
}

static double tsc_per_ns;

/* The TSC's rate, over 50 ms of the monotonic clock. */
static void measure_tsc(void)
{
	long long t0 = now_ns();
	unsigned long long c0 = rdtsc();

	usleep(50000);
	tsc_per_ns = (double)(rdtsc() - c0) / (double)(now_ns() - t0);
}

/* Until *word is want (then how long, in ns), or -1 after GIVE_UP_NS. */
static long long wait_for(volatile int *word, int want, unsigned long long c0)
{
	unsigned long long give_up = (unsigned long long)(GIVE_UP_NS * tsc_per_ns);

	while (*word != want)
		if (rdtsc() - c0 > give_up)
			return -1;
	return (long long)((double)(rdtsc() - c0) / tsc_per_ns);
}

static int by_value(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

static long long median(long long *v)
{
	qsort(v, ROUNDS, sizeof(*v), by_value);
	return v[ROUNDS / 2];
}

int main(void)
{
	static long long memory[ROUNDS], signal_trip[ROUNDS];
	int status, r;
	pid_t kid;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2) {
		printf("needs two CPUs\n");
		return 1;
	}
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	pin(0);
	kid = fork();
	if (kid == 0)
		spin();
	measure_tsc();
	while (!sh->ready)
		sched_yield();
	for (r = 0; r < ROUNDS; r++) {
		unsigned long long c0 = rdtsc();

		sh->request = r + 1;
		if ((memory[r] = wait_for(&sh->answer, r + 1, c0)) < 0)
			break;
		c0 = rdtsc();
		kill(kid, SIGUSR1);
		if ((signal_trip[r] = wait_for(&sh->handled, r + 1, c0)) < 0)
			break;
	}
	printf("%d of %d signals handled by a process spinning on another CPU\n",
	       sh->handled, ROUNDS);
	if (r == ROUNDS) {
		long long behind = median(signal_trip) - median(memory);

		printf("a signal's trip beside a memory trip's (medians): %s\n",
		       behind < BEHIND_NS ? "close" :
		       "a quarter of a tick or more behind (seen at the tick, not at once)");
		if (behind >= BEHIND_NS)
			printf("  %lld us behind\n", behind / 1000);
	}
	kill(kid, SIGKILL);
	if (waitpid(kid, &status, 0) != kid)
		perror("waitpid");
	printf("the spinner: %s\n", WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL ?
	       "killed by SIGKILL" : "not killed by SIGKILL");
	return 0;
}
