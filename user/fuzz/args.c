// Random numbers, the one place system calls are made, and the pools that
// arguments are drawn from: sometimes right, often wrong.
#include "fuzz.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/time.h>
#include <unistd.h>

// ---- random numbers: xorshift64*, one stream per process ----

uint64_t rs;

uint32_t rnd(void)
{
	rs ^= rs >> 12;
	rs ^= rs << 25;
	rs ^= rs >> 27;
	return (rs * 0x2545f4914f6cdd1dull) >> 32;
}

uint32_t below(uint32_t n)
{
	return n ? rnd() % n : 0;
}

int chance(int percent)
{
	return below(100) < (uint32_t)percent;
}

// ---- the one place system calls are made ----

long sc6(const char *name, long nr, long a, long b, long c, long d, long e, long f)
{
	long r = syscall(nr, a, b, c, d, e, f);
	if (trace)
		printf("%c%d %s [%ld] (%lx, %lx, %lx, %lx, %lx, %lx) = %s%lx\n", is_kid ? 'k' : 'w',
		       me, name, nr, a, b, c, d, e, f, r == -1 ? "-" : "", r == -1 ? (long)errno : r);
	return r;
}

long sc(const char *name, long nr, long a, long b, long c, long d, long e)
{
	return sc6(name, nr, a, b, c, d, e, 0);
}

// ---- argument pools ----

char scratch[PG] __attribute__((aligned(16)));	// structures we build for the kernel to read
static const char rodata[2 * PG] __attribute__((aligned(PG))) = "read-only";

// An address the kernel must refuse: NULL, kernel space, the guard page.
long bad_ptr(void)
{
	static const long bad[] = { 0, 0xc0000000, 0xc0100000, 0xfffff000, 0xffffffff };
	return chance(80) ? PICK(bad) : (long)(arena + ARENA + below(PG));
}

// Somewhere the kernel may read or write `need` bytes, or a place it must refuse,
// or one it may only read (rodata), or one that runs into the guard page.
long ptr(size_t need)
{
	if (need > ARENA)
		need = ARENA;
	switch (below(10)) {
	case 0: case 1: return bad_ptr();
	case 2: return (long)rodata + below(64);
	case 3: return (long)(arena + ARENA - 1 - below(16));
	case 4: {	// one of our mappings, if it is big enough (its neighbours are not ours)
		struct region *g = nregs ? &regs[below(nregs)] : NULL;
		if (g && g->len >= need + 64)
			return (long)(g->addr + below(64));
		return bad_ptr();
	}
	default: return (long)(arena + below(ARENA - need + 1));
	}
}

long size(void)
{
	static const long sizes[] = { 0, 1, 7, 64, PG, PG + 1, 3 * PG, 0x7fffffff, -1, 0x80000000 };
	return chance(50) ? (long)below(2 * PG) : PICK(sizes);
}

// A descriptor we do not hold: EBADF. 999 and 64 are below RLIMIT_NOFILE, so no
// operation may make them (file.c's dup2 takes its bad numbers from bad_newfd).
long bad_fd(void)
{
	static const long bad[] = { -1, 999, 0x7fffffff, 0x80000000, 64 };
	return PICK(bad);
}

// Any fd we own, or a bad one. Never 0, 1 or 2.
long fd_any(void)
{
	return nfds && chance(85) ? fds[below(nfds)].fd : bad_fd();
}

// An fd it is safe to read or write without blocking: files and devices only.
long fd_data(void)
{
	int pick[NFD], n = 0;
	for (int i = 0; i < nfds; i++)
		if (fds[i].kind <= K_ZERO)
			pick[n++] = fds[i].fd;
	return n && chance(90) ? pick[below(n)] : bad_fd();
}

const char *path_any(void)
{
	static const char *outside[] = { "/", "/dev/null", "/dev/zero", "/nonexistent/x", "", "/tmp" };
	switch (below(10)) {
	case 0: return PICK(outside);
	case 1: return longname;
	case 2: return (const char *)ptr(1);	// whatever the arena holds
	default: return paths[below(NPATH)];
	}
}

// A path that may be created, changed or removed: only ours, or none at all.
const char *path_mine(void)
{
	switch (below(10)) {
	case 0: return "/nonexistent/x";
	case 1: return longname;
	case 2: return (const char *)bad_ptr();
	default: return paths[below(NPATH)];
	}
}

// Modes that leave the owner in (mostly), so that later calls get further.
long mode(void)
{
	static const long modes[] = { 0600, 0644, 0700, 0755 };
	return chance(85) ? PICK(modes) : (long)below(010000);
}

long dirfd_any(void)
{
	return chance(50) ? AT_FDCWD : fd_any();
}

long offset(void)
{
	static const long offs[] = { 0, 1, PG, 1 << 20, -1, -PG, 0x7fffffff };
	return chance(60) ? (long)below(3 * PG) : PICK(offs);
}

// A K_FILE fd (one of our files or directories), or a bad one.
long fd_file(void)
{
	int pick[NFD], n = 0;
	for (int i = 0; i < nfds; i++)
		if (fds[i].kind == K_FILE)
			pick[n++] = fds[i].fd;
	return n && chance(90) ? pick[below(n)] : bad_fd();
}

// A call that may sleep: ended by SIGALRM within 20 ms of its sleep (it fails
// EINTR). The timer repeats: a busy machine may run the first signal's handler before
// the call has begun (between setitimer and the call), and a one-shot timer would then
// leave the call asleep for ever. The timer it replaces (a child's alarm(10), its
// watchdog) is put back after the call.
static void wake_up(int sig)
{
	(void)sig;
}

void bounded(int on)
{
	static struct sigaction old;
	static struct itimerval old_it;
	struct sigaction sa = { .sa_handler = wake_up };
	struct itimerval it = { .it_interval = { 0, 20000 }, .it_value = { 0, 20000 } };

	if (on) {
		sigaction(SIGALRM, &sa, &old);
		setitimer(ITIMER_REAL, &it, &old_it);
	} else {
		setitimer(ITIMER_REAL, &old_it, NULL);
		sigaction(SIGALRM, &old, NULL);
	}
}
