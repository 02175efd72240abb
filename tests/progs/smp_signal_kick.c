// smp_signal_kick: a signal sent to a process that runs in user mode on another CPU must
// reach it at once, not at that CPU's next tick: the sender's kernel interrupts that CPU
// (Linux's kick_process, a reschedule IPI), and the interrupt's return to user mode runs
// the handler. The parent, on cpu0, sends SIGUSR1 ROUNDS times to a child spinning on cpu1
// and waits each time until the child's handler has counted it. A CPU that sees the
// signal only at its tick answers after half a tick (5 ms) on average, so about half the
// rounds would be that slow; with the kick hardly any is. The bound is generous: a busy
// host may stop a CPU's thread for a while. The parent waits in user mode and looks at
// the clock only now and then: its system calls would keep the big kernel lock, which
// the child's signal delivery needs, busy. Then SIGKILL ends the spinning child.
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
#define SLOW_NS		5000000LL	/* half a tick at HZ=100 */
#define MAX_SLOW	(ROUNDS / 4)	/* about half would be slow without the kick */
#define GIVE_UP_NS	5000000000LL	/* one round that takes this long: lost */

struct shared {
	volatile int ready;	/* the child has its handler and spins */
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
		__asm__ volatile("pause");
}

int main(void)
{
	int slow = 0, lost = 0, status;
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
	while (!sh->ready)
		sched_yield();
	for (int r = 0; r < ROUNDS && !lost; r++) {
		long long t0 = now_ns(), dt;

		kill(kid, SIGUSR1);
		for (long spins = 1; sh->handled == r; spins++)
			if (spins % 1024 == 0 && now_ns() - t0 > GIVE_UP_NS)
				break;
		dt = now_ns() - t0;
		lost = sh->handled == r;
		slow += dt > SLOW_NS;
	}
	printf("%d of %d signals handled by a process spinning on another CPU\n",
	       sh->handled, ROUNDS);
	printf("rounds slower than half a tick: %s\n",
	       slow <= MAX_SLOW ? "few" : "too many (seen at the tick, not at once)");
	if (slow > MAX_SLOW)
		printf("  %d of %d\n", slow, ROUNDS);
	kill(kid, SIGKILL);
	if (waitpid(kid, &status, 0) != kid)
		perror("waitpid");
	printf("the spinner: %s\n", WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL ?
	       "killed by SIGKILL" : "not killed by SIGKILL");
	return 0;
}
