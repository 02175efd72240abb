// Operations on futexes and threads. Every wait ends by itself: a FUTEX_WAIT or
// FUTEX_WAIT_BITSET always has a timeout of at most 3 ms (or a bad one, which fails at
// once), futex_waitv an absolute one as near; so nothing a worker does can leave it
// asleep for good. The words are in the arena, in scratch, in our mappings or
// attaches, or wrong (unaligned, NULL, kernel, read-only). A thread made with a raw
// clone waits on a word of ours, its creator wakes, requeues and wakes it again, and
// waits for it to be gone (CLONE_CHILD_CLEARTID's futex wake) before going on: no
// thread outlives the operation. Or the thread reads a pipe of its own, and its creator
// closes the read end under it, then writes a byte or closes the write end: the read
// ends either way (the file must live until it does: fs/file.c's fget).
#include "fuzz.h"

#include <linux/futex.h>
#include <sched.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#define NR_futex_waitv 449
#define FUTEX2_SIZE_U32 0x02

struct waitv {
	uint64_t val;
	uint64_t uaddr;
	uint32_t flags;
	uint32_t reserved;
};

// A word to wait or wake on: usually a good one.
static long word(void)
{
	switch (below(8)) {
	case 0: return ptr(4);
	case 1: return ptr(4) | (1 + below(3));	// unaligned
	case 2: return (long)scratch + 4 * below(8);
	default: return (long)arena + 4 * below(256);
	}
}

// A timeout that fails before any wait: never NULL, which would be none at all.
static long bad_timeout(void)
{
	long p = bad_ptr();

	return p ? p : (long)0xc0000000;
}

// A relative timeout of at most 3 ms (a 32-bit or a 64-bit timespec); now and then a
// bad one, which fails before any wait.
static long short_timeout(int is64)
{
	static struct timespec ts;
	static struct { int64_t sec, nsec; } ts64;

	if (chance(5))
		return bad_timeout();
	ts.tv_sec = ts64.sec = chance(5) ? -1 : 0;
	ts.tv_nsec = ts64.nsec = chance(5) ? 1000000000 : below(3000000);
	return is64 ? (long)&ts64 : (long)&ts;
}

// An absolute time at most 3 ms from now on clock (a 32-bit or a 64-bit timespec).
static long short_deadline(int clock, int is64)
{
	static struct timespec ts;
	static struct { int64_t sec, nsec; } ts64;

	clock_gettime(clock, &ts);
	ts.tv_nsec += below(3000000);
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	ts64.sec = ts.tv_sec;
	ts64.nsec = ts.tv_nsec;
	return is64 ? (long)&ts64 : (long)&ts;
}

// futex or futex_time64: futex(uaddr, op, val, timeout or val2, uaddr2, val3).
void op_futex(void)
{
	static const long cmds[] = { FUTEX_WAIT, FUTEX_WAKE, FUTEX_REQUEUE, FUTEX_CMP_REQUEUE,
				     FUTEX_WAKE_OP, FUTEX_WAIT_BITSET, FUTEX_WAKE_BITSET,
				     FUTEX_LOCK_PI, FUTEX_UNLOCK_PI, FUTEX_FD, 14, -1 };
	long cmd = PICK(cmds), op = cmd | (chance(50) ? FUTEX_PRIVATE_FLAG : 0);
	// 0 is what most words hold: a wait that waits (the word is not read here: other
	// operations unmap and protect the arena's pages)
	long uaddr = word(), uaddr2 = word(), val = chance(60) ? 0 : (long)rnd();
	long val2, val3 = rnd();
	int is64 = chance(50);

	if (chance(10))
		op |= FUTEX_CLOCK_REALTIME;
	if (cmd == FUTEX_WAIT)
		val2 = short_timeout(is64);
	else if (cmd == FUTEX_WAIT_BITSET || cmd == FUTEX_LOCK_PI)	// absolute
		val2 = chance(95) ? short_deadline(op & FUTEX_CLOCK_REALTIME ? CLOCK_REALTIME :
						   CLOCK_MONOTONIC, is64) : bad_timeout();
	else
		val2 = chance(80) ? below(4) : (long)rnd();	// a count for requeue, wake-op
	if (cmd == FUTEX_WAIT_BITSET || cmd == FUTEX_WAKE_BITSET)
		val3 = chance(80) ? -1 : (long)below(256);
	else if (cmd == FUTEX_CMP_REQUEUE && chance(70))
		val3 = val;
	if (trace)
		printf("%c%d futex%s (%lx, %lx, %lx, %lx, %lx, %lx)\n", is_kid ? 'k' : 'w', me,
		       is64 ? "_time64" : "", uaddr, op, val, val2, uaddr2, val3);
	syscall(is64 ? SYS_futex_time64 : SYS_futex, uaddr, op, val, val2, uaddr2, val3);
}

void op_futex_waitv(void)
{
	static struct waitv w[4];
	int n = below(5), clock = chance(50) ? CLOCK_MONOTONIC : CLOCK_REALTIME;
	long cid = chance(95) ? clock : (long)below(12);	// another: EINVAL, no wait

	for (int i = 0; i < 4; i++) {
		w[i].uaddr = chance(95) ? (uint32_t)word() : (uint64_t)rnd() << 32 | rnd();
		w[i].val = chance(80) ? 0 : rnd();
		w[i].flags = chance(90) ? FUTEX2_SIZE_U32 | (chance(50) ? FUTEX_PRIVATE_FLAG : 0) :
					  rnd() & 0x1ff;
		w[i].reserved = chance(95) ? 0 : 1;
	}
	SC(NR_futex_waitv, chance(95) ? (long)w : ptr(96), chance(95) ? n : (long)rnd(),
	   chance(95) ? 0 : 1, chance(95) ? short_deadline(cid < 2 ? cid : clock, 1) :
	   bad_timeout(), cid);
}

// ---- a thread that waits on a word of ours ----

static volatile int32_t tword, tword2;
static volatile int32_t ttid;		// CLONE_PARENT_SETTID's, cleared at its exit
static volatile long tpipe = -1;	// the read end the thread reads, or -1
static char tstack[4 * PG] __attribute__((aligned(16)));

static long raw_futex(volatile int32_t *w, long op, long val, const struct timespec *ts)
{
	long r;

	asm volatile("int $0x80" : "=a"(r)
		     : "0"(SYS_futex), "b"(w), "c"(op), "d"(val), "S"(ts), "D"(0)
		     : "memory");
	return r;
}

// The thread: no glibc (it shares our TLS), a few bounded waits, then gone.
static void thread_fn(void)
{
	static const struct timespec ms2 = { 0, 2000000 };
	char c;

	if (tpipe >= 0)	// no timeout: the creator always writes or closes the write end
		asm volatile("int $0x80" : "=a"(c) : "0"(SYS_read), "b"(tpipe), "c"(&c), "d"(1)
			     : "memory");
	for (int i = 0; i < 4 && tword == 0; i++)
		raw_futex(&tword, i & 1 ? FUTEX_WAIT_PRIVATE : FUTEX_WAIT, 0, &ms2);
	raw_futex(&tword2, FUTEX_WAKE_PRIVATE, 1, NULL);
}

// clone a thread that runs fn on tstack and exits; its tid, or -errno. fn must not
// use glibc (the thread shares our TLS, errno included). One at a time: join it.
long thread_clone(void (*fn)(void))
{
	long flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
		     CLONE_SYSVSEM | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
	void (**sp)(void) = (void (**)(void))(tstack + sizeof tstack) - 1;
	long r;

	*sp = fn;
	asm volatile("int $0x80\n\t"
		     "test %%eax, %%eax\n\t"
		     "jnz 1f\n\t"
		     "pop %%eax\n\t"		// the thread, on tstack: thread_fn
		     "call *%%eax\n\t"
		     "mov $1, %%eax\n\t"		// SYS_exit: this thread only
		     "xor %%ebx, %%ebx\n\t"
		     "int $0x80\n"
		     "1:"
		     : "=a"(r)
		     : "0"(SYS_clone), "b"(flags), "c"(sp), "d"(&ttid), "S"(0), "D"(&ttid)
		     : "memory");
	return r;
}

// Waits until thread_clone's thread tid is gone: CLONE_CHILD_CLEARTID clears ttid and
// wakes it (a shared wake) at its exit; then until tgkill no longer finds it.
void thread_join(long tid)
{
	static const struct timespec ms10 = { 0, 10000000 };

	for (int i = 0; i < 1000 && ttid == tid; i++)
		raw_futex(&ttid, FUTEX_WAIT, tid, &ms10);
	for (int i = 0; i < 1000000 && syscall(SYS_tgkill, getpid(), tid, 0) == 0; i++)
		sched_yield();
}

void op_futex_thread(void)
{
	long tid;

	int pfd[2] = { -1, -1 };

	tword = tword2 = 0;
	tpipe = chance(30) && pipe(pfd) == 0 ? pfd[0] : -1;
	if ((tid = thread_clone(thread_fn)) <= 0) {
		if (tpipe >= 0)
			close(pfd[0]), close(pfd[1]);
		return;
	}
	if (chance(50))
		usleep(below(3000));
	if (tpipe >= 0) {	// the thread may be asleep in its read now, or not yet
		close(pfd[0]);
		if (chance(50))
			SC(SYS_write, pfd[1], (long)"x", 1, 0, 0);
		close(pfd[1]);
	}
	switch (below(4)) {	// it may be asleep on tword now, or not yet, or gone
	case 0:
		SC(SYS_futex, &tword, FUTEX_WAKE_PRIVATE, below(3), 0, 0);
		break;
	case 1:
		SC(SYS_futex, &tword, FUTEX_REQUEUE_PRIVATE, 0, 1, &tword2);
		break;
	case 2:
		SC(SYS_futex, &tword, FUTEX_CMP_REQUEUE, below(2), 1, &tword2);
		break;
	default:
		SC(SYS_futex, &tword2, FUTEX_WAKE_OP_PRIVATE, 1, 1, &tword);
	}
	tword = 1;
	raw_futex(&tword, FUTEX_WAKE_PRIVATE, 1, NULL);
	raw_futex(&tword2, FUTEX_WAKE_PRIVATE, 1, NULL);
	thread_join(tid);
}
