// futex_wake_op_smp: FUTEX_WAKE_OP's change of the word is atomic against user mode on
// other CPUs. Two threads add to one word 20,000 times each, one with FUTEX_OP_ADD
// through the kernel, the other with a locked add in user mode; where the kernel reads
// and writes the word in two steps, an add of the other CPU's falls between them and is
// lost. The sum must be exact. (On one CPU the two cannot overlap; the test is in the
// 4-CPU boot, smp4/progs, too.)
#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#define ROUNDS 20000

static uint32_t word, dummy;
static volatile int go;

static void *kernel_adds(void *arg)
{
	uint32_t op = FUTEX_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_EQ, 0);
	long bad = 0;

	(void)arg;
	while (!go)
		;
	for (int i = 0; i < ROUNDS; i++)
		if (syscall(SYS_futex, &dummy, FUTEX_WAKE_OP | FUTEX_PRIVATE_FLAG, 0,
			    (void *)0, &word, op) < 0)
			bad++;
	return (void *)bad;
}

static void *user_adds(void *arg)
{
	(void)arg;
	while (!go)
		;
	for (int i = 0; i < ROUNDS; i++)
		__atomic_add_fetch(&word, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

int main(void)
{
	pthread_t k, u;
	void *bad;

	pthread_create(&k, NULL, kernel_adds, NULL);
	pthread_create(&u, NULL, user_adds, NULL);
	go = 1;
	pthread_join(k, &bad);
	pthread_join(u, NULL);
	printf("FUTEX_WAKE_OP failures: %ld\n", (long)bad);
	printf("sum of %d kernel and %d user adds exact: %s\n", ROUNDS, ROUNDS,
	       word == 2 * ROUNDS ? "yes" : "no");
	return 0;
}
