// shmbench: shared memory microbenchmarks (System V, and POSIX shm_open), timed
// with rdtsc.
//
//   shmbench [quick] [hello]
//
// The same static binary runs on shmos and on Linux, so the two kernels are
// compared on the same instructions. Its output has the format of the Linux peer's
// shm_bench (shared/bench-peer), with the same benchmark names, so tables line up:
//
//   Hello World                       (the article's scenario, printed by process B)
//   BENCH <name> median=<c> min=<c> p10=<c> p90=<c> mean=<c> n=<N> unit=cycles
//   INFO <key>=<value>
//   BENCH_DONE
//
// Under QEMU's -icount shift=0 the TSC counts guest instructions, so medians repeat
// exactly from run to run. `quick` shrinks the repetitions; `hello` runs only the
// article's scenario. As init on shmos it simply exits, which powers off.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PG 4096
#define SEG (4 << 20)		// the segment whose pages are touched
#define MAXSEG 8		// segments touched, at most

static int reps_tsc = 2000, reps_sys = 2000, reps_get = 300, reps_att = 300;
static int reps_seg = MAXSEG, reps_pp = 1000, reps_fork = 200, reps_shm_open = 250;
static uint64_t samples[2000];	// the most any other benchmark takes
static uint64_t first[MAXSEG * SEG / PG], second[MAXSEG * SEG / PG];

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return (uint64_t)hi << 32 | lo;
}

static void die(const char *what)
{
	printf("ERROR %s: %s\n", what, strerrorname_np(errno));
	exit(1);
}

static int by_value(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

// Sort n samples and print them as one BENCH line, each statistic divided by div
// (for samples that each cover div operations).
static void report(const char *name, uint64_t *s, int n, int div)
{
	qsort(s, n, sizeof *s, by_value);
	uint64_t sum = 0;
	for (int i = 0; i < n; i++)
		sum += s[i];
	printf("BENCH %-22s median=%llu min=%llu p10=%llu p90=%llu mean=%llu n=%d unit=cycles\n",
	       name, (unsigned long long)(s[n / 2] / div), (unsigned long long)(s[0] / div),
	       (unsigned long long)(s[n / 10] / div), (unsigned long long)(s[n * 9 / 10] / div),
	       (unsigned long long)(sum / n / div), n);
}

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

// What one rdtsc pair costs, and how fast the TSC runs against the clock.
static void tsc(void)
{
	for (int i = 0; i < reps_tsc; i++) {
		uint64_t t0 = rdtsc();
		samples[i] = rdtsc() - t0;
	}
	report("rdtsc_overhead", samples, reps_tsc, 1);
	double w0 = seconds();
	uint64_t c0 = rdtsc();
	while (seconds() - w0 < 0.2)
		;
	printf("INFO tsc_mhz=%.1f (rdtsc delta / CLOCK_MONOTONIC delta)\n",
	       (rdtsc() - c0) / (seconds() - w0) / 1e6);
}

// (a) the cheapest system call there is: getppid through syscall().
static void null_syscall(void)
{
	for (int i = 0; i < 50; i++)
		syscall(SYS_getppid);
	for (int i = 0; i < reps_sys; i++) {
		uint64_t t0 = rdtsc();
		syscall(SYS_getppid);
		samples[i] = rdtsc() - t0;
	}
	report("a_null_syscall", samples, reps_sys, 1);
	int n = reps_sys / 10;
	for (int i = 0; i < n; i++) {
		uint64_t t0 = rdtsc();
		for (int k = 0; k < 20; k++)
			syscall(SYS_getppid);
		samples[i] = rdtsc() - t0;
	}
	report("a_null_syscall_x20avg", samples, n, 20);
}

// (b) make a one-page segment and remove it again.
static void get_rmid(void)
{
	for (int i = 0; i < reps_get; i++) {
		uint64_t t0 = rdtsc();
		int id = shmget(IPC_PRIVATE, PG, IPC_CREAT | 0600);
		if (id < 0)
			die("shmget");
		if (shmctl(id, IPC_RMID, NULL) < 0)
			die("IPC_RMID");
		samples[i] = rdtsc() - t0;
	}
	report("b_shmget_rmid", samples, reps_get, 1);
}

// (c) attach and detach an existing one-page segment.
static void at_dt(void)
{
	int id = shmget(IPC_PRIVATE, PG, IPC_CREAT | 0600);
	if (id < 0)
		die("shmget");
	for (int i = 0; i < reps_att; i++) {
		uint64_t t0 = rdtsc();
		void *p = shmat(id, NULL, 0);
		if (p == (void *)-1)
			die("shmat");
		if (shmdt(p) < 0)
			die("shmdt");
		samples[i] = rdtsc() - t0;
	}
	shmctl(id, IPC_RMID, NULL);
	report("c_shmat_shmdt", samples, reps_att, 1);
}

static volatile char *fresh_segment(int *id)
{
	*id = shmget(IPC_PRIVATE, SEG, IPC_CREAT | 0600);
	if (*id < 0)
		die("shmget 4 MiB");
	volatile char *p = shmat(*id, NULL, 0);
	if (p == (void *)-1)
		die("shmat 4 MiB");
	return p;
}

static void drop_segment(int id, volatile char *p)
{
	shmdt((void *)p);
	shmctl(id, IPC_RMID, NULL);
}

// (d) the first write to each page of a 4 MiB segment: a page fault that
// allocates and clears a page; (e) the second write: no fault at all.
// Each is timed per page, and as a whole loop divided by the pages.
static void touch(void)
{
	const int n = SEG / PG;
	int id;
	for (int s = 0; s < reps_seg; s++) {
		volatile char *p = fresh_segment(&id);
		for (int i = 0; i < n; i++) {
			uint64_t t0 = rdtsc();
			p[i * PG] = 1;
			first[s * n + i] = rdtsc() - t0;
		}
		for (int i = 0; i < n; i++) {
			uint64_t t0 = rdtsc();
			p[i * PG] = 2;
			second[s * n + i] = rdtsc() - t0;
		}
		drop_segment(id, p);
	}
	report("d_first_touch_page", first, reps_seg * n, 1);
	report("e_second_touch_page", second, reps_seg * n, 1);

	for (int s = 0; s < reps_seg; s++) {
		volatile char *p = fresh_segment(&id);
		uint64_t t0 = rdtsc();
		for (int i = 0; i < n; i++)
			p[i * PG] = 1;
		uint64_t t1 = rdtsc();
		for (int i = 0; i < n; i++)
			p[i * PG] = 2;
		first[s] = t1 - t0;
		second[s] = rdtsc() - t1;
		drop_segment(id, p);
	}
	report("d_first_touch_loopavg", first, reps_seg, n);
	report("e_second_touch_loopavg", second, reps_seg, n);
}

// (f) a round trip between two processes through a word in a segment, each
// spinning with sched_yield until the other has answered.
static void pingpong(void)
{
	int id = shmget(IPC_PRIVATE, PG, IPC_CREAT | 0600);
	volatile int *turn = shmat(id, NULL, 0);
	if (id < 0 || turn == (void *)-1)
		die("ping-pong segment");
	*turn = 0;
	const int warm = 10;
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		for (int i = 0; i < reps_pp + warm; i++) {
			while (*turn != 2 * i + 1)
				sched_yield();
			*turn = 2 * i + 2;
		}
		_exit(0);
	}
	for (int i = 0; i < reps_pp + warm; i++) {
		uint64_t t0 = rdtsc();
		*turn = 2 * i + 1;
		while (*turn != 2 * i + 2)
			sched_yield();
		if (i >= warm)
			samples[i - warm] = rdtsc() - t0;
	}
	waitpid(pid, NULL, 0);
	drop_segment(id, (volatile char *)turn);
	report("f_pingpong_roundtrip", samples, reps_pp, 1);
}

// (g) fork a child that exits at once, and wait for it.
static void fork_exit_wait(void)
{
	for (int i = 0; i < reps_fork; i++) {
		uint64_t t0 = rdtsc();
		pid_t pid = fork();
		if (pid == 0)
			_exit(0);
		if (pid < 0)
			die("fork");
		waitpid(pid, NULL, 0);
		samples[i] = rdtsc() - t0;
	}
	report("g_fork_exit_wait", samples, reps_fork, 1);
}

// (m) POSIX shared memory as glibc makes it, a file in /dev/shm: shm_open, ftruncate
// to a page, mmap it shared, touch it, munmap, close, shm_unlink (the peer's
// ipc_bench m_shm_open_touch).
static void shm_open_touch(void)
{
	char name[32];

	snprintf(name, sizeof name, "/shmbench.%d", getpid());
	for (int i = 0; i < reps_shm_open; i++) {
		uint64_t t0 = rdtsc();
		int fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
		char *p;

		if (fd < 0 || ftruncate(fd, PG) ||
		    (p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)) == MAP_FAILED)
			die("shm_open, ftruncate, mmap");
		p[0] = 1;
		munmap(p, PG);
		close(fd);
		shm_unlink(name);
		samples[i] = rdtsc() - t0;
	}
	report("m_shm_open_touch", samples, reps_shm_open, 1);
}

// The article's scenario: process A creates a segment for ftok(file, 0x6666),
// writes "Hello World" and exits; process B attaches it, prints it, removes it.
static char dir[] = "/tmp/shmbench.XXXXXX";
static char path[64];

static void writer(void)
{
	int id = shmget(ftok(path, 0x6666), 128, IPC_CREAT | IPC_EXCL | 0666);
	char *p = id < 0 ? (void *)-1 : shmat(id, NULL, 0);
	if (p == (void *)-1)
		die("process A");
	strcpy(p, "Hello World\n");
	_exit(0);
}

static void reader(void)
{
	int id = shmget(ftok(path, 0x6666), 0, 0);
	char *p = id < 0 ? (void *)-1 : shmat(id, NULL, SHM_RDONLY);
	if (p == (void *)-1)
		die("process B");
	write(1, p, strlen(p));
	shmdt(p);
	shmctl(id, IPC_RMID, NULL);
	_exit(0);
}

static uint64_t run(void (*process)(void))
{
	uint64_t t0 = rdtsc();
	pid_t pid = fork();
	if (pid == 0)
		process();
	if (pid < 0)
		die("fork");
	waitpid(pid, NULL, 0);
	return rdtsc() - t0;
}

static void article(void)
{
	if (!mkdtemp(dir))
		die("mkdtemp");
	snprintf(path, sizeof path, "%s/shm", dir);
	close(open(path, O_CREAT | O_WRONLY, 0644));
	uint64_t a = run(writer), b = run(reader);
	printf("INFO seed_A_fork_create_write_exit_cycles=%llu\n", (unsigned long long)a);
	printf("INFO seed_B_fork_attach_print_exit_cycles=%llu\n", (unsigned long long)b);
	unlink(path);
	rmdir(dir);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	int quick = 0, hello = 0;
	for (int i = 1; i < argc; i++) {
		quick |= !strcmp(argv[i], "quick") || !strcmp(argv[i], "bench=quick");
		hello |= !strcmp(argv[i], "hello");
	}
	if (quick) {
		reps_tsc = reps_sys = 500;
		reps_get = reps_att = 100;
		reps_seg = 2;
		reps_pp = 200;
		reps_fork = 50;
		reps_shm_open = 60;
	}
	article();
	if (hello)
		return 0;
	printf("INFO mode=%s pid1=%d\n", quick ? "quick" : "full", getpid() == 1);
	double w0 = seconds();
	tsc();
	null_syscall();
	get_rmid();
	at_dt();
	touch();
	pingpong();
	fork_exit_wait();
	shm_open_touch();
	printf("INFO bench_guest_wall_s=%.3f\n", seconds() - w0);
	printf("BENCH_DONE\n");
	return 0;
}
