/*
 * What the two bounded buffers, prodcons (System V semaphores) and prodcons_mt
 * (process-shared pthread mutex and condition variables), share: their arguments, their
 * processes and their verdict.  Each keeps its own ring and its own producer and consumer;
 * producer n puts the numbers n, n + producers, ... below items, and the consumers take
 * them all out between them.
 *
 *   NAME [items [producers [consumers [slots]]]]     default 12 2 2 4
 */
#ifndef USER_LIB_PRODCONS_H
#define USER_LIB_PRODCONS_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

struct prodcons {
	int items, producers, consumers, slots;
};

/* The arguments, or 0 after a usage message. */
static inline int prodcons_args(struct prodcons *pc, const char *name, int max_slots,
				int argc, char *argv[])
{
	pc->items = argc > 1 ? atoi(argv[1]) : 12;
	pc->producers = argc > 2 ? atoi(argv[2]) : 2;
	pc->consumers = argc > 3 ? atoi(argv[3]) : 2;
	pc->slots = argc > 4 ? atoi(argv[4]) : 4;
	if (pc->items < 0 || pc->producers < 1 || pc->consumers < 1 || pc->slots < 1 ||
	    pc->slots > max_slots) {
		fprintf(stderr, "usage: %s [items [producers [consumers [slots 1-%d]]]]\n",
			name, max_slots);
		return 0;
	}
	return 1;
}

/*
 * Forks the producers and the consumers, each a process that runs its function and
 * exits, and waits for them all: 1 if one of them failed.
 */
static inline int prodcons_run(const struct prodcons *pc,
			       void (*producer)(int who, int first, int step, int items),
			       void (*consumer)(int who, int count))
{
	int status, failed = 0;

	for (int p = 0; p < pc->producers; p++)
		if (fork() == 0) {
			producer(p, p, pc->producers, pc->items);
			_exit(0);
		}
	for (int c = 0; c < pc->consumers; c++)
		if (fork() == 0) {
			/* the items shared out: the first ones get one more */
			consumer(c, pc->items / pc->consumers + (c < pc->items % pc->consumers));
			_exit(0);
		}
	while (wait(&status) > 0)
		failed |= !WIFEXITED(status) || WEXITSTATUS(status);
	return failed;
}

/* Did every number arrive, once?  Says so; 1 if not. */
static inline int prodcons_verdict(const struct prodcons *pc, const char *name, int failed,
				   int taken, long sum)
{
	long expected = (long)pc->items * (pc->items - 1) / 2;
	int ok = !failed && taken == pc->items && sum == expected;

	printf("%s: %d taken, sum %ld (%ld expected): %s\n", name, taken, sum, expected,
	       ok ? "every item once" : "WRONG");
	return !ok;
}

#endif
