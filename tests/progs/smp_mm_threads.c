// smp_mm_threads: an address space that threads on several CPUs change at once.
//  1. fork while another thread writes: a writer thread adds to a word of a private page
//     all the time while the main thread forks; each child reads the word twice, a while
//     apart. Fork write-protects the parent's pages for copy-on-write: a writer CPU whose
//     TLB kept the writable entry would write on into the frame the child now shares,
//     and the child's snapshot would move. Other threads write their own pages all the
//     while (copy-on-write faults beside each fork), and each child checks its copy of
//     them too.
//  2. threads map (MAP_FIXED), unmap, write-protect and touch the pages of one region at
//     random, with SIGSEGV caught: a page read must hold zero or a tag written there.
// At the end no task and (on shmos) no page is left over.
// timeout: 120
#define _GNU_SOURCE
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "freeram.h"

#define FORKS	20
#define TOUCHERS	2
#define TOUCH_PAGES	16
#define RTHREADS	4
#define RPAGES	8
#define ROPS	800
#define PAGE	4096
#define REGION	((char *)0x58000000)

static volatile unsigned *word;
static volatile int stop;
static __thread sigjmp_buf jump;
static __thread volatile int in_probe;

static void on_segv(int sig)
{
	if (!in_probe)
		_exit(99);
	siglongjmp(jump, 1);
}

static void *writer(void *arg)
{
	while (!stop)
		(*word)++;
	return NULL;
}

/*
 * Writes to its own pages all the time: after each fork they are copy-on-write again,
 * so it faults while the next fork write-protects them. Each page's word is the round.
 */
static void *toucher(void *arg)
{
	unsigned *m = arg;

	for (unsigned r = 1; !stop; r++)
		for (int p = 0; p < TOUCH_PAGES; p++)
			m[p * PAGE / 4] = r;
	return NULL;
}

/* The child of part 1: its snapshot of the word must not move. */
static int child_check(unsigned **touched)
{
	unsigned first = *word, seen[TOUCHERS];

	for (int i = 0; i < TOUCHERS; i++)
		seen[i] = touched[i][(TOUCH_PAGES - 1) * PAGE / 4];
	for (volatile int i = 0; i < 300000; i++)
		;
	usleep(2000);
	for (int i = 0; i < TOUCHERS; i++)
		if (touched[i][(TOUCH_PAGES - 1) * PAGE / 4] != seen[i])
			return 1;
	return *word != first;
}

static void fork_while_writing(void)
{
	pthread_t w, t[TOUCHERS];
	unsigned *touched[TOUCHERS];
	int moved = 0, bad = 0;

	word = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	*word = 1;
	pthread_create(&w, NULL, writer, NULL);
	for (int i = 0; i < TOUCHERS; i++) {
		touched[i] = mmap(NULL, TOUCH_PAGES * PAGE, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		pthread_create(&t[i], NULL, toucher, touched[i]);
	}
	for (int i = 0; i < FORKS; i++) {
		int st;
		pid_t pid = fork();

		if (pid == 0)
			_exit(child_check(touched));
		if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
			bad++;
		else
			moved += WEXITSTATUS(st);
	}
	stop = 1;
	pthread_join(w, NULL);
	for (int i = 0; i < TOUCHERS; i++) {
		pthread_join(t[i], NULL);
		munmap(touched[i], TOUCH_PAGES * PAGE);
	}
	munmap((void *)word, PAGE);
	printf("forks: %d, children whose copy moved: %d, children that failed: %d\n",
	       FORKS, moved, bad);
}

static int bad_values;	/* reads of a region page that held neither zero nor its tag */

static unsigned next(unsigned *seed)
{
	*seed = *seed * 1103515245 + 12345;
	return *seed >> 16;
}

/* What a page of the region may hold: zero, or a tag (page number in the high half). */
static int valid(unsigned v, int p)
{
	return v == 0 || v >> 16 == (unsigned)p + 1;
}

static void *racer(void *arg)
{
	unsigned seed = (unsigned)(long)arg;

	for (int i = 0; i < ROPS; i++) {
		int p = next(&seed) % RPAGES, op = next(&seed) % 6;
		volatile unsigned *w = (volatile unsigned *)(REGION + p * PAGE);

		switch (op) {
		case 0:
			mmap((void *)w, PAGE, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
			break;
		case 1:
			munmap((void *)w, PAGE);
			break;
		case 2:
			mprotect((void *)w, PAGE, next(&seed) % 2 ? PROT_READ : PROT_READ | PROT_WRITE);
			break;
		default:
			in_probe = 1;
			if (!sigsetjmp(jump, 1)) {
				unsigned v = w[0];

				if (!valid(v, p))
					__atomic_add_fetch(&bad_values, 1, __ATOMIC_RELAXED);
				w[0] = (p + 1) << 16 | (i & 0xffff);
			}
			in_probe = 0;
			break;
		}
	}
	return NULL;
}

static void map_race(void)
{
	pthread_t t[RTHREADS];
	mmap(REGION, RPAGES * PAGE, PROT_READ | PROT_WRITE,
	     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	for (long i = 0; i < RTHREADS; i++)
		pthread_create(&t[i], NULL, racer, (void *)(i * 7919 + 1));
	for (int i = 0; i < RTHREADS; i++)
		pthread_join(t[i], NULL);
	munmap(REGION, RPAGES * PAGE);
	printf("map, unmap, protect and touch: %d threads, %d operations each, "
	       "reads of a wrong value: %d\n", RTHREADS, ROPS, bad_values);
}

static int run(void)
{
	struct sigaction sa = { .sa_handler = on_segv, .sa_flags = SA_NODEFER };

	sigaction(SIGSEGV, &sa, NULL);
	fork_while_writing();
	map_race();
	return 0;
}

int main(void)
{
	return measured(run);
}
