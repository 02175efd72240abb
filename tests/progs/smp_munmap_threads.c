// smp_munmap_threads: threads of one process on several CPUs, and an address space that
// changes under them: the TLB shootdown. A reader thread (on cpu1 when there are two)
// reads a page over and over while another thread replaces the page under it (mmap
// MAP_FIXED: the old page is unmapped and freed, a new zero page mapped), write-protects
// it (mprotect) and unmaps it (munmap). Once the call has returned, no read of the reader
// may see the old page: a CPU that kept the old translation in its TLB would read the
// freed frame (its old value), write through a read-only one, or read an unmapped one.
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define ROUNDS	200
#define OLD	0x5a5a5a5au

static volatile unsigned *page;
static volatile int phase;	/* the writer's: 0 reading, 1 replaced, 2 write-protected, 3 unmapped */
				/* the reader's seen: the phase it has seen, 4 when it faulted */
static volatile int seen;	/* the reader's: the phase it has seen */
static volatile unsigned stale, faults, late_writes, unmapped_reads, reads;
static sigjmp_buf jump;
static int ncpus;

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

/* Spins until cond; on one CPU the other thread must run meanwhile. */
#define WAIT_UNTIL(cond) \
	do { while (!(cond)) if (ncpus < 2) sched_yield(); } while (0)

static void on_segv(int sig)
{
	(void)sig;
	siglongjmp(jump, 1);
}

/* Watches the page through each phase of a round; a fault ends the round. */
static void *reader(void *arg)
{
	(void)arg;
	pin(1);
	for (int r = 0; r < ROUNDS; r++) {
		WAIT_UNTIL(seen == 0);	/* the writer starts the round */
		if (sigsetjmp(jump, 1)) {
			faults++;
			seen = 4;
			continue;
		}
		for (;;) {
			int p = phase;		/* read before the page */
			unsigned v = *page;

			if (p >= 1 && v == OLD)
				stale++;	/* the freed page, after mmap returned */
			if (p == 3)
				unmapped_reads++;	/* munmap has returned: the read must fault */
			if (p == 2) {
				/* mprotect has returned: a write must fault */
				*page = 1;
				late_writes++;
			}
			reads++;
			if (p != seen)
				seen = p;
			if (ncpus < 2)
				sched_yield();
		}
	}
	return NULL;
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_segv };
	pthread_t t;
	void *base;

	ncpus = sysconf(_SC_NPROCESSORS_ONLN) >= 2 ? 2 : 1;
	sigaction(SIGSEGV, &sa, NULL);
	base = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	page = base;
	phase = 0;
	seen = 4;
	pthread_create(&t, NULL, reader, NULL);
	pin(0);
	for (int r = 0; r < ROUNDS; r++) {
		unsigned before;

		if (mmap(base, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
			 -1, 0) != base)
			perror("mmap");
		*page = OLD;
		phase = 0;
		before = reads;
		seen = 0;			/* go */
		WAIT_UNTIL(reads - before >= 2);	/* the old page is in its TLB */
		mmap(base, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		phase = 1;
		WAIT_UNTIL(seen >= 1);
		if (r % 2 == 0) {		/* even rounds: a write-protect */
			mprotect(base, 4096, PROT_READ);
			phase = 2;
		} else {			/* odd ones: an unmap */
			munmap(base, 4096);
			phase = 3;
		}
		WAIT_UNTIL(seen == 4);		/* the reader's access faulted */
	}
	pthread_join(t, NULL);
	printf("%d rounds: %u stale reads, %u writes through a read-only page, "
	       "%u reads of an unmapped page, %u faults\n",
	       ROUNDS, stale, late_writes, unmapped_reads, faults);
	return 0;
}
