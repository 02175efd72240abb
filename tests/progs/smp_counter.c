// smp_counter: two processes add to one word of a shared segment, 5,000,000 times each.
// With the lock prefix (an atomic read-modify-write) the sum is exact on any number of
// CPUs. Without it, "incl" is a read, an add and a write: on one CPU an interrupt never
// cuts an instruction, so nothing is lost; on two CPUs at once the processes overwrite
// each other's additions, and updates are lost: the proof that they run at the same time.
// Then a spin ping-pong on a word of the segment, no system call in the loop (each
// process pinned to a CPU of its own when there are two), must complete.
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#define ADDS	5000000
#define ROUNDS	20000
#define TRIES	20

struct shared {
	volatile int go;		/* both are ready: start */
	volatile unsigned count;
	volatile unsigned ball;		/* the ping-pong's word */
};

static int ncpus;

/* Each process on a CPU of its own (cpu 0 and 1) when there are two. */
static void pin(int cpu)
{
	cpu_set_t set;

	if (ncpus < 2)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) != 0)
		perror("sched_setaffinity");
}

static void add(struct shared *s, int locked)
{
	__atomic_add_fetch(&s->go, 1, __ATOMIC_SEQ_CST);
	while (s->go < 2)
		;
	for (int i = 0; i < ADDS; i++) {
		if (locked)
			asm volatile("lock incl %0" : "+m"(s->count));
		else
			asm volatile("incl %0" : "+m"(s->count));
	}
}

/* The total of one run: a child and the parent add at once. */
static unsigned run(struct shared *s, int locked)
{
	pid_t pid;

	s->go = 0;
	s->count = 0;
	if ((pid = fork()) == 0) {
		pin(1);
		add(s, locked);
		_exit(0);
	}
	pin(0);
	add(s, locked);
	waitpid(pid, NULL, 0);
	return s->count;
}

/*
 * Player me hits the ball when it is its turn (ball % 2 == me). It spins
 * on the word; on one CPU it yields now and then, or the other player
 * would have to wait for the end of its time slice at every turn.
 */
static void play(struct shared *s, unsigned me)
{
	for (unsigned n = 0; n < ROUNDS; n++) {
		unsigned spins = 0;

		while (s->ball % 2 != me)
			if (ncpus < 2 && ++spins % 64 == 0)
				sched_yield();
		__atomic_add_fetch(&s->ball, 1, __ATOMIC_SEQ_CST);
	}
}

int main(void)
{
	int id = shmget(IPC_PRIVATE, sizeof(struct shared), IPC_CREAT | 0600);
	struct shared *s = shmat(id, NULL, 0);
	unsigned total, lost = 0;
	pid_t pid;

	if (id < 0 || s == (void *)-1) {
		perror("shm");
		return 1;
	}
	shmctl(id, IPC_RMID, NULL);
	ncpus = sysconf(_SC_NPROCESSORS_ONLN) >= 2 ? 2 : 1;

	total = run(s, 1);
	printf("lock incl: %u of %u\n", total, 2 * ADDS);

	for (int t = 0; t < TRIES && !lost; t++)
		lost = 2 * ADDS - run(s, 0);
	if (ncpus >= 2 && !lost)
		printf("incl: FAIL: no update lost: the processes never ran at the same time\n");
	else if (ncpus < 2 && lost)
		printf("incl: FAIL: %u updates lost on one CPU\n", lost);
	else
		printf("incl: updates lost on 2 CPUs, none on 1\n");

	s->ball = 0;
	if ((pid = fork()) == 0) {
		pin(1);
		play(s, 1);
		_exit(0);
	}
	pin(0);
	play(s, 0);
	waitpid(pid, NULL, 0);
	printf("ping-pong: %u hits\n", s->ball);
	return 0;
}
