// smp_affinity_moves: sched_setaffinity moves threads between CPUs, as Linux does.
//  1. A thread that moves itself is on a CPU of its new set when the call returns.
//  2. A thread asleep in FUTEX_WAIT is given another CPU, then woken: it wakes there.
//  3. A thread spinning in user mode is given another CPU: it gets there (the spin
//     watches sched_getcpu), while another thread of the process spins beside it.
//  4. A set with no online CPU is EINVAL, and the thread keeps its old set.
// Round after round over every CPU; the counts are exact.
// cpus: 4
// timeout: 120
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "freeram.h"

#define ROUNDS	40
#define SPIN_ROUNDS	8	/* each may wait for the slice of a thread on the new CPU */

static int ncpus, cpus[8];	/* the CPUs this process may run on, at most 8 */
static unsigned word, spin_stop, go_to = -1u, sleeper_cpu;
static pid_t sleeper_tid, spinner_tid;

static int move(pid_t tid, int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpus[cpu], &set);
	return sched_setaffinity(tid, sizeof(set), &set);
}

static int self_moves(void)
{
	int ok = 0;

	for (int r = 0; r < ROUNDS; r++)
		ok += move(0, r % ncpus) == 0 && sched_getcpu() == cpus[r % ncpus];
	return ok;
}

/* Sleeps on word until it is 1, then says where it woke, ROUNDS times. */
static void *sleeper(void *arg)
{
	(void)arg;
	__atomic_store_n(&sleeper_tid, syscall(SYS_gettid), __ATOMIC_SEQ_CST);
	for (int r = 0; r < ROUNDS; r++) {
		while (__atomic_load_n(&word, __ATOMIC_SEQ_CST) == 0)
			syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
		__atomic_store_n(&sleeper_cpu, sched_getcpu(), __ATOMIC_SEQ_CST);
		__atomic_store_n(&word, 0, __ATOMIC_SEQ_CST);
		syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	}
	return NULL;
}

/* The state letter of thread tid of this process. */
static char state_of(pid_t tid)
{
	char path[64], buf[256], *p;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tid);
	if (!(f = fopen(path, "r")))
		return 0;
	buf[fread(buf, 1, sizeof(buf) - 1, f)] = 0;
	fclose(f);
	p = strrchr(buf, ')');
	return p ? p[2] : 0;
}

static int sleepers_wake_there(void)
{
	pthread_t th;
	int ok = 0;

	pthread_create(&th, NULL, sleeper, NULL);
	while (!__atomic_load_n(&sleeper_tid, __ATOMIC_SEQ_CST))
		sched_yield();
	for (int r = 0; r < ROUNDS; r++) {
		int cpu = (r * 3 + 1) % ncpus;

		while (state_of(sleeper_tid) != 'S')	/* asleep in FUTEX_WAIT */
			usleep(200);
		ok += move(sleeper_tid, cpu) == 0;
		__atomic_store_n(&word, 1, __ATOMIC_SEQ_CST);
		syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
		while (__atomic_load_n(&word, __ATOMIC_SEQ_CST) == 1)
			syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 1, NULL, NULL, 0);
		ok += __atomic_load_n(&sleeper_cpu, __ATOMIC_SEQ_CST) == (unsigned)cpus[cpu];
	}
	pthread_join(th, NULL);
	return ok;
}

/* Spins until told to stop; arrives at go_to each time it changes. */
static void *spinner(void *arg)
{
	unsigned *arrived = arg;

	__atomic_store_n(&spinner_tid, syscall(SYS_gettid), __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&spin_stop, __ATOMIC_ACQUIRE))
		if ((unsigned)sched_getcpu() == __atomic_load_n(&go_to, __ATOMIC_ACQUIRE))
			__atomic_store_n(arrived, go_to, __ATOMIC_RELEASE);
	return NULL;
}

static void *bystander(void *arg)
{
	(void)arg;
	while (!__atomic_load_n(&spin_stop, __ATOMIC_ACQUIRE))
		;
	return NULL;
}

static int spinners_get_there(void)
{
	static unsigned arrived = -1u;
	pthread_t th, by;
	int ok = 0;

	pthread_create(&th, NULL, spinner, &arrived);
	pthread_create(&by, NULL, bystander, NULL);
	while (!__atomic_load_n(&spinner_tid, __ATOMIC_SEQ_CST))
		sched_yield();
	for (int r = 0; r < SPIN_ROUNDS; r++) {
		int cpu = (r * 5 + 2) % ncpus;

		__atomic_store_n(&go_to, cpus[cpu], __ATOMIC_RELEASE);
		ok += move(spinner_tid, cpu) == 0;
		while (__atomic_load_n(&arrived, __ATOMIC_ACQUIRE) != (unsigned)cpus[cpu])
			sched_yield();	/* a hang here is a thread left on its old CPU */
		ok++;
		__atomic_store_n(&arrived, -1u, __ATOMIC_RELEASE);
	}
	__atomic_store_n(&spin_stop, 1, __ATOMIC_RELEASE);
	pthread_join(th, NULL);
	pthread_join(by, NULL);
	return ok;
}

static int body(void)
{
	cpu_set_t none, now;
	int r;

	sched_getaffinity(0, sizeof(now), &now);
	for (int c = 0; c < CPU_SETSIZE && ncpus < 8; c++)
		if (CPU_ISSET(c, &now))
			cpus[ncpus++] = c;
	printf("moved itself, on the CPU at once: %d of %d\n", self_moves(), ROUNDS);
	printf("moved asleep, woke there: %d of %d\n", sleepers_wake_there(), 2 * ROUNDS);
	printf("moved spinning, got there: %d of %d\n", spinners_get_there(), 2 * SPIN_ROUNDS);
	CPU_ZERO(&none);
	CPU_SET(1000, &none);
	move(0, 0);
	r = sched_setaffinity(0, sizeof(none), &none);
	printf("no online CPU in the set: %s", r < 0 ? strerrorname_np(errno) : "0");
	sched_getaffinity(0, sizeof(now), &now);
	printf(", the old set kept: %s\n",
	       CPU_COUNT(&now) == 1 && CPU_ISSET(cpus[0], &now) ? "yes" : "no");
	return 0;
}

int main(void)
{
	return measured(body);
}
