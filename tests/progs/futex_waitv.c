// futex_waitv: waiting on several futexes at once (syscall 449, Linux 5.16): each error
// in Linux's order (the call's flags and count, the clock, the timeout, each word's
// description, its address, its value), the timeout on both clocks, the index of the
// word a FUTEX_WAKE woke (from another process, through a MAP_SHARED page), and EINTR
// for a signal.
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#define NR_futex_waitv	449
#define F32		0x02		// FUTEX2_SIZE_U32
#define PRIV		128		// FUTEX2_PRIVATE

struct waitv {
	uint64_t val;
	uint64_t uaddr;
	uint32_t flags;
	uint32_t reserved;
};

struct ts64 {
	int64_t tv_sec, tv_nsec;
};

static long waitv(struct waitv *w, unsigned nr, unsigned flags, struct ts64 *ts, int clock)
{
	return syscall(NR_futex_waitv, w, nr, flags, ts, clock);
}

static void show(const char *what, long r)
{
	if (r < 0)
		printf("%s: -1 %s\n", what, ename(errno));
	else
		printf("%s: %ld\n", what, r);
}

// An absolute time ms from now on clock.
static struct ts64 in_ms(int clock, long ms)
{
	struct timespec now;
	struct ts64 t;

	clock_gettime(clock, &now);
	t.tv_sec = now.tv_sec + ms / 1000;
	t.tv_nsec = now.tv_nsec + (ms % 1000) * 1000000;
	if (t.tv_nsec >= 1000000000) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000;
	}
	return t;
}

static uint32_t words[4];

static void one(struct waitv *w, uint32_t *word, uint64_t val, uint32_t flags)
{
	memset(w, 0, sizeof(*w));
	w->uaddr = (uintptr_t)word;
	w->val = val;
	w->flags = flags;
}

static void errors(void)
{
	struct waitv w[2];
	struct ts64 bad_ns = { 0, 1000000000 }, past = { 0, 0 };

	one(&w[0], &words[0], 0, F32 | PRIV);
	show("flags 1, waiters NULL", waitv(NULL, 1, 1, NULL, 0));
	show("nr 0", waitv(w, 0, 0, NULL, 0));
	show("nr 129", waitv(w, 129, 0, NULL, 0));
	show("waiters NULL", waitv(NULL, 1, 0, NULL, 0));
	show("clock 5, timeout at a bad address", waitv(w, 1, 0, (void *)8, 5));
	show("CLOCK_MONOTONIC, timeout at a bad address", waitv(w, 1, 0, (void *)8, CLOCK_MONOTONIC));
	show("timeout tv_nsec 1e9", waitv(w, 1, 0, &bad_ns, CLOCK_MONOTONIC));
	show("waiters at a bad address", waitv((void *)8, 1, 0, NULL, 0));
	one(&w[0], &words[0], 0, PRIV);
	show("no size flag", waitv(w, 1, 0, NULL, 0));
	one(&w[0], &words[0], 0, F32 | PRIV | 0x100);
	show("an unknown flag", waitv(w, 1, 0, NULL, 0));
	one(&w[0], &words[0], 0, F32 | PRIV);
	w[0].reserved = 1;
	show("__reserved 1", waitv(w, 1, 0, NULL, 0));
	one(&w[0], &words[0], 1ull << 32, F32 | PRIV);
	show("val 2^32", waitv(w, 1, 0, NULL, 0));
	one(&w[0], (uint32_t *)((char *)&words[0] + 1), 0, F32 | PRIV);
	show("unaligned word", waitv(w, 1, 0, NULL, 0));
	one(&w[0], NULL, 0, F32 | PRIV);
	show("private word at NULL", waitv(w, 1, 0, NULL, 0));
	one(&w[0], NULL, 0, F32);
	show("shared word at NULL", waitv(w, 1, 0, NULL, 0));
	one(&w[0], &words[0], 0, F32 | PRIV);
	one(&w[1], (uint32_t *)((char *)&words[1] + 2), 0, F32 | PRIV);
	show("second word unaligned, first one fine", waitv(w, 2, 0, NULL, 0));
	one(&w[1], &words[1], 0, F32 | PRIV);
	words[1] = 5;
	show("second word holds 5, not 0", waitv(w, 2, 0, NULL, 0));
	words[1] = 0;
	show("timeout in the past", waitv(w, 2, 0, &past, CLOCK_MONOTONIC));
}

static void timeouts(void)
{
	struct waitv w[2];
	struct ts64 t;

	one(&w[0], &words[0], 0, F32 | PRIV);
	one(&w[1], &words[1], 0, F32);
	for (int clock = 0; clock < 2; clock++) {
		struct timespec a, b;
		long r;

		clock_gettime(CLOCK_MONOTONIC, &a);	// first: a wait for the CPU in between
		t = in_ms(clock, 20);			// must not count against the sleep
		r = waitv(w, 2, 0, &t, clock);
		clock_gettime(CLOCK_MONOTONIC, &b);
		show(clock ? "20 ms on CLOCK_MONOTONIC" : "20 ms on CLOCK_REALTIME", r);
		printf("  slept at least 19 ms: %s\n",
		       yes((b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000 >= 19));
	}
}

static void on_usr1(int sig)
{
	(void)sig;
}

// A child waits on three words of a shared page; the parent wakes the third, or signals.
static void wakes(void)
{
	uint32_t *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
			      -1, 0);
	struct sigaction sa = { .sa_handler = on_usr1 };	// no SA_RESTART
	int fds[2], st;
	char c;

	sigaction(SIGUSR1, &sa, NULL);
	for (int round = 0; round < 2; round++) {
		struct waitv w[3];
		pid_t pid;

		pipe(fds);
		memset(page, 0, 4096);
		pid = fork();
		if (pid == 0) {
			long r;

			for (int i = 0; i < 3; i++)
				one(&w[i], &page[i * 16], 0, F32);
			write(fds[1], "x", 1);
			r = waitv(w, 3, 0, NULL, 0);
			_exit(r >= 0 ? (int)r : 100 + errno);
		}
		read(fds[0], &c, 1);
		usleep(100000);		// the child is asleep in futex_waitv by now
		if (round == 0) {
			page[32] = 1;
			while (syscall(SYS_futex, &page[32], FUTEX_WAKE, 1, NULL, NULL, 0) != 1)
				usleep(1000);
		} else {
			kill(pid, SIGUSR1);
		}
		waitpid(pid, &st, 0);
		if (WEXITSTATUS(st) >= 100)
			printf("%s: -1 %s\n", round ? "SIGUSR1 while waiting" : "FUTEX_WAKE of word 2",
			       ename(WEXITSTATUS(st) - 100));
		else
			printf("%s: %d\n", round ? "SIGUSR1 while waiting" : "FUTEX_WAKE of word 2",
			       WEXITSTATUS(st));
		close(fds[0]);
		close(fds[1]);
	}
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	errors();
	timeouts();
	wakes();
	return 0;
}
