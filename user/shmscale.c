// shmscale: how first touches of one segment scale with the CPUs (issue 17).
//
//   shmscale [rounds]
//
// Each round makes one 64 MiB segment (shmget IPC_PRIVATE, shmat) and has N
// processes, N the CPUs online, each pinned to a CPU of its own, write one byte to
// each page of its own 1/N of it: every write is a first touch, a page fault that
// allocates and zeroes the page's frame. The parent is one of the N; once every other
// one is on its CPU ("ready", in a second, small segment) it starts them together
// ("go") and times the whole, from the start to the last one's "done", with
// clock_gettime(CLOCK_MONOTONIC). Then it checks every page, detaches and removes the
// segment. It prints, as shmbench does,
//
//   BENCH u_first_touch_scale_cpusN median=<ns> min=... mean=... n=<rounds> unit=ns_per_page
//   INFO first_touch_pages_per_s_cpusN=<pages per second of the median round>
//   BENCH u_compute_scale_cpusN median=<us> ... unit=us
//   BENCH_DONE
//
// scripts/bench compiles it into an image of its own (it is not in /bin).
//
// The second line is the host's share in the figures: the same N processes run a
// loop of arithmetic (200 million steps, 1/N each; no system call, no new page). Under
// TCG on a busy host two CPUs may not run at once, and nothing then scales: its time at
// 2 CPUs over that at 1 is what the first touches can hope for.
//
// With the page faults on the CPUs running at the same time, the pages per second at
// 2 CPUs should be about twice those at 1 (scripts/bench's scaling section). The
// same static binary runs on Linux. As init on shmos it simply exits (power off); on
// Linux, too, once the console has sent its lines (the kernel then panics).
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define PG 4096
#define SEG (64u << 20)
#define NPAGES (SEG / PG)
#define MAXCPUS 8
#define MAXROUNDS 64

struct control {
	volatile int ready;	// how many children are on their CPU
	volatile int go;	// the parent sets it: everyone starts
	volatile int done;	// how many have touched their part
};

static void die(const char *what)
{
	printf("ERROR %s: %s\n", what, strerrorname_np(errno));
	exit(1);
}

static void pin_to(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) < 0)
		die("sched_setaffinity");
}

// Everyone on every CPU: a child inherits its parent's affinity, and one that may
// run on the parent's CPU only would wait for the parent's time slice to end.
static void unpin(void)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	for (int cpu = 0; cpu < MAXCPUS; cpu++)
		CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) < 0)
		die("sched_setaffinity");
}

// Waits until *word is at least value. No pause in the loop: under QEMU's TCG a
// pause leaves the translated code, and the CPU's thread takes QEMU's global lock,
// which every page fault of the other CPUs needs too (QEMU delivers an exception
// under it): a CPU waiting so made the other's first touches twice as slow.
static void spin_until(volatile int *word, int value)
{
	while (__atomic_load_n(word, __ATOMIC_ACQUIRE) < value)
		;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

// Instead of its pages, process i's share of a loop of arithmetic that makes no
// system call and touches no new page: how far the host lets the CPUs run at once.
static volatile uint32_t sink;

static void compute(char *seg, int i, int n)
{
	uint32_t x = i;

	(void)seg;
	for (uint32_t k = 0; k < 200000000u / n; k++)
		x = x * 1103515245u + 12345u;
	sink = x;
}

// Process i's part: pages [i * NPAGES / n, (i + 1) * NPAGES / n), each tagged with its
// number (its first byte; the rest of the word is what the zeroed frame had: 0).
static void touch(char *seg, int i, int n)
{
	for (uint32_t p = i * NPAGES / n; p < (i + 1) * NPAGES / n; p++)
		seg[p * PG] = (char)(p | 1);
}

static uint64_t round_ns(struct control *c, int n,
			 void (*work)(char *seg, int i, int n))
{
	int id = shmget(IPC_PRIVATE, SEG, IPC_CREAT | 0600);
	char *seg;
	pid_t kids[MAXCPUS];
	uint64_t t0, t1;

	if (id < 0)
		die("shmget 64 MiB");
	if ((seg = shmat(id, NULL, 0)) == (void *)-1)
		die("shmat");
	c->ready = 0;
	c->go = 0;
	c->done = 0;
	unpin();
	for (int i = 1; i < n; i++) {
		if ((kids[i] = fork()) < 0)
			die("fork");
		if (kids[i] == 0) {
			pin_to(i);
			__atomic_add_fetch(&c->ready, 1, __ATOMIC_RELEASE);
			spin_until(&c->go, 1);
			work(seg, i, n);
			__atomic_add_fetch(&c->done, 1, __ATOMIC_RELEASE);
			_exit(0);
		}
	}
	pin_to(0);
	// The clock starts when the others are on their CPUs, not before.
	while (__atomic_load_n(&c->ready, __ATOMIC_ACQUIRE) != n - 1)
		sched_yield();
	t0 = now_ns();
	c->go = 1;
	work(seg, 0, n);
	__atomic_add_fetch(&c->done, 1, __ATOMIC_RELEASE);
	spin_until(&c->done, n);
	t1 = now_ns();
	for (int i = 1; i < n; i++)
		waitpid(kids[i], NULL, 0);
	for (uint32_t p = 0; p < NPAGES && work == touch; p++)
		if (seg[p * PG] != (char)(p | 1) || seg[p * PG + 1] != 0) {
			printf("ERROR page %u holds %d\n", p, seg[p * PG]);
			exit(1);
		}
	shmdt(seg);
	shmctl(id, IPC_RMID, NULL);
	return t1 - t0;
}

static int by_value(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

// rounds of work, each timed; one BENCH line of the rounds' times divided by div.
static uint64_t measure(struct control *c, int n, int rounds, const char *what,
			void (*work)(char *seg, int i, int n), uint64_t div, const char *unit)
{
	uint64_t s[MAXROUNDS], sum = 0;
	char name[64];

	for (int r = 0; r < rounds; r++)
		s[r] = round_ns(c, n, work) / div;
	qsort(s, rounds, sizeof(*s), by_value);
	for (int r = 0; r < rounds; r++)
		sum += s[r];
	snprintf(name, sizeof(name), "%s_cpus%d", what, n);
	printf("BENCH %-22s median=%llu min=%llu max=%llu mean=%llu n=%d unit=%s\n",
	       name, (unsigned long long)s[rounds / 2], (unsigned long long)s[0],
	       (unsigned long long)s[rounds - 1], (unsigned long long)(sum / rounds), rounds,
	       unit);
	return s[rounds / 2];
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 5;
	int n = sysconf(_SC_NPROCESSORS_ONLN);
	int cid = shmget(IPC_PRIVATE, PG, IPC_CREAT | 0600);
	struct control *c;
	uint64_t ns;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (rounds < 1 || rounds > MAXROUNDS)
		rounds = 5;
	if (n < 1 || n > MAXCPUS)
		n = n < 1 ? 1 : MAXCPUS;
	if (cid < 0 || (c = shmat(cid, NULL, 0)) == (void *)-1)
		die("control segment");
	shmctl(cid, IPC_RMID, NULL);
	ns = measure(c, n, rounds, "u_first_touch_scale", touch, NPAGES, "ns_per_page");
	printf("INFO first_touch_pages_per_s_cpus%d=%llu\n", n,
	       (unsigned long long)(1000000000ull / (ns ? ns : 1)));
	measure(c, n, rounds, "u_compute_scale", compute, 1000, "us");
	printf("BENCH_DONE\n");
	// As Linux's init, exiting panics the kernel (scripts/bench boots it with panic=-1
	// to stop QEMU), which could cut the console's last lines still queued: wait
	// until the console has sent them.
	tcdrain(1);
	return 0;
}
