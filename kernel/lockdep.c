/*
 * The lock checker, in the spirit of Linux's lockdep (`lockdep` on the
 * kernel command line; off, it costs a test of lockdep_enabled per lock).
 *
 * Each spin lock is a class of its own (shmos's locks are few and static;
 * Linux groups the locks of one kind).  While it runs, it keeps:
 *
 *  - each CPU's stack of held locks, with where each was taken and when
 *    (the TSC);
 *  - the order seen: after[a] has bit b once lock b was taken while a was
 *    held, with the return addresses of that first time.
 *
 * and finds three things:
 *
 *  1. an order inversion: b taken while a is held, when a has been taken
 *     after b before (directly, or through other locks: after[] is closed
 *     transitively).  Two CPUs taking the two locks each in its own order
 *     can deadlock, even if they never have yet;
 *  2. a lock held too long: more than lockdep_held_ms, interrupts off all
 *     the while for most locks, every other CPU that wants it spinning;
 *  3. a sleep with a spin lock held: schedule() and cond_resched() panic
 *     (kernel/sched.c), and with the checker on they first list the held
 *     locks (lockdep_show_held).
 *
 * A finding is reported with both stacks: the return addresses now, and
 * those of the earlier acquisition the order came from.  It is recorded
 * where it is found, inside spin_lock, and printed later by lockdep_report
 * (on the way back to user mode, and by the idle loop): printing takes the
 * console's lock, which would come back here.
 */
#include "kernel/lockdep.h"
#include "kernel/apic.h"
#include "kernel/oops.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"
#include "kernel/time.h"
#include "kernel/x86.h"
#include "mm/kstack.h"

#define MAX_CLASSES	32	/* spin locks the checker tells apart */
#define MAX_HELD	8	/* nesting depth of spin locks on a CPU */
#define STACK_DEPTH	6	/* return addresses kept of each acquisition */
#define MAX_REPORTS	8	/* found, not yet printed */
#define LOCKDEP_HELD_MS	10000	/* the default of lockdep_held_ms */

int lockdep_enabled;
/*
 * A hold longer than this is reported: `lockdep=MS` on the command line.
 * The TSC that times a hold is the host's clock under TCG, and each CPU a
 * host thread the host may stop at any instruction, lock held: nothing the
 * guest can read tells that stop from a long hold (no steal time, no
 * instruction counter but icount's).  So the default is Linux's limit for
 * a CPU with interrupts off (watchdog_thresh, 10 s, the hard-lockup
 * detector), far above the stops measured on a busy 2-core host: about
 * 0.1 s at 4 CPUs, 1.2 s at 8 (docs/smp.md).  Under `--icount` the TSC
 * counts the instructions run, a stop does not show, and a tight
 * `lockdep=MS` finds short holds without false reports.
 */
uint32_t lockdep_held_ms = LOCKDEP_HELD_MS;

struct held_lock {
	spinlock_t *lock;
	uint32_t pc;
	uint64_t tsc;
};

struct held_locks {
	int n;
	struct held_lock held[MAX_HELD];
};

static DEFINE_PER_CPU(struct held_locks, held_locks);

static spinlock_t *classes[MAX_CLASSES + 1];	/* class 0: not seen yet */
static int nr_classes;
static uint32_t after[MAX_CLASSES + 1];		/* bit b: b was taken while a was held */
static uint32_t order_stack[MAX_CLASSES + 1][MAX_CLASSES + 1][STACK_DEPTH];
static uint32_t order_pc[MAX_CLASSES + 1][MAX_CLASSES + 1];	/* where a was taken then */

struct report {
	volatile int ready;		/* filled in: it may be printed */
	enum report_kind kind;
	int cpu;
	spinlock_t *lock, *held;	/* taken now, and held (an inversion) */
	uint32_t pc, held_pc;
	uint32_t ms;			/* held that long */
	uint32_t stack[STACK_DEPTH];	/* now */
	int a, b;			/* the earlier order: b after a */
};

static struct report reports[MAX_REPORTS];
static volatile int nr_reports, nr_printed;
static int nr_found[2];		/* each kind's findings, printed or not */
static uint32_t reported[MAX_CLASSES + 1];	/* inversions already recorded */

void lockdep_setup(const char *ms)
{
	uint32_t n = 0;

	while (ms && *ms >= '0' && *ms <= '9')
		n = n * 10 + (*ms++ - '0');
	if (n)
		lockdep_held_ms = n;
	lockdep_enabled = 1;
}

/* The return addresses of the caller's callers (frame pointers). */
static void save_stack(uint32_t *stack)
{
	uint32_t ebp;

	asm volatile("mov %%ebp, %0" : "=r"(ebp));
	for (int i = 0; i < STACK_DEPTH; i++) {
		uint32_t *frame = (uint32_t *)ebp;

		stack[i] = 0;
		if (!ebp || ebp < 0xC0000000u || (ebp & 3) || kstack_guard(ebp))
			continue;
		stack[i] = frame[1];
		ebp = frame[0];
	}
}

/* The lock's class, given the first time it is taken. */
static int class_of(spinlock_t *lock)
{
	int c = lock->class;

	if (c)
		return c;
	c = __atomic_add_fetch(&nr_classes, 1, __ATOMIC_SEQ_CST);
	if (c > MAX_CLASSES)
		return 0;	/* past the table: not checked */
	classes[c] = lock;
	lock->class = c;
	return c;
}

/* The classes taken after c, directly or through others. */
static uint32_t reach(int c)
{
	uint32_t seen = after[c], prev = 0;

	while (seen != prev) {
		prev = seen;
		for (int i = 1; i <= MAX_CLASSES; i++)
			if (prev & (1u << (i - 1)))
				seen |= after[i];
	}
	return seen;
}

/* Files r, filled in by the caller, for lockdep_report; counted if there is no room. */
static void file_report(struct report *r)
{
	int i;

	__atomic_add_fetch(&nr_found[r->kind], 1, __ATOMIC_SEQ_CST);
	if ((i = nr_reports) - nr_printed >= MAX_REPORTS ||
	    !__atomic_compare_exchange_n(&nr_reports, &i, i + 1, 0, __ATOMIC_SEQ_CST,
					 __ATOMIC_SEQ_CST))
		return;		/* the printer is behind, or another CPU got the slot */
	r->cpu = smp_processor_id();
	reports[i % MAX_REPORTS] = *r;
	__atomic_store_n(&reports[i % MAX_REPORTS].ready, 1, __ATOMIC_RELEASE);
}

/* From __spin_lock, the lock just taken: check the order, push it. */
void lockdep_acquire(spinlock_t *lock, uint32_t pc)
{
	int b = class_of(lock);
	uint32_t bit = 1u << (b - 1);

	if (b && held_locks.n && !(reported[b] & bit)) {
		uint32_t later = reach(b);

		for (int i = 0; i < held_locks.n; i++) {
			spinlock_t *h = held_locks.held[i].lock;
			int a = h->class;
			uint32_t abit = 1u << (a - 1);

			if (!a || a == b)
				continue;
			if (later & abit) {	/* a was taken after b before */
				struct report r = { .kind = INVERSION, .lock = lock, .pc = pc,
						    .held = h, .held_pc = held_locks.held[i].pc,
						    .a = b, .b = a };

				__atomic_or_fetch(&reported[b], bit, __ATOMIC_SEQ_CST);
				save_stack(r.stack);
				file_report(&r);
			} else if (!(__atomic_fetch_or(&after[a], bit, __ATOMIC_SEQ_CST) & bit)) {
				save_stack(order_stack[a][b]);
				order_pc[a][b] = held_locks.held[i].pc;
			}
		}
	}
	if (held_locks.n < MAX_HELD) {
		struct held_lock hl = { .lock = lock, .pc = pc, .tsc = rdtsc() };

		held_locks.held[held_locks.n] = hl;
	}
	held_locks.n++;
}

/* From spin_unlock: pop the lock, and say if it was held too long. */
void lockdep_release(spinlock_t *lock)
{
	int n = held_locks.n < MAX_HELD ? held_locks.n : MAX_HELD;

	for (int i = n - 1; i >= 0; i--) {
		struct held_lock hl = held_locks.held[i];

		if (hl.lock != lock)
			continue;
		if (tsc_per_tick && !lock->device_wait) {
			uint64_t ms = (rdtsc() - hl.tsc) * (1000 / HZ) / tsc_per_tick;

			if (ms > lockdep_held_ms) {
				struct report r = { .kind = HELD_TOO_LONG, .lock = lock,
						    .pc = hl.pc, .ms = ms };

				save_stack(r.stack);
				file_report(&r);
			}
		}
		for (int j = i; j + 1 < n; j++)
			held_locks.held[j] = held_locks.held[j + 1];
		break;
	}
	if (held_locks.n > 0)
		held_locks.n--;
}

static void print_stack(const uint32_t *stack)
{
	for (int i = 0; i < STACK_DEPTH && stack[i]; i++) {
		uint32_t off;
		const char *fn = ksym_lookup(stack[i], &off);

		printk("lockdep:     %s+0x%x\n", fn ? fn : "?", off);
	}
}

static void print_at(const char *what, const char *name, uint32_t pc)
{
	uint32_t off;
	const char *fn = ksym_lookup(pc, &off);

	printk("lockdep:   %s %s at %s+0x%x\n", what, name, fn ? fn : "?", off);
}

static void print_report(const struct report *r)
{
	if (r->kind == HELD_TOO_LONG) {
		printk("lockdep: cpu%d held %s %u ms (more than %u)\n", r->cpu,
		       r->lock->name, r->ms, lockdep_held_ms);
		print_at("taken:", r->lock->name, r->pc);
		printk("lockdep:   let go of at:\n");
		print_stack(r->stack);
		return;
	}
	printk("lockdep: cpu%d: lock order inversion: %s taken while %s is held\n",
	       r->cpu, r->lock->name, r->held->name);
	print_at("now: held", r->held->name, r->held_pc);
	print_at("now: taking", r->lock->name, r->pc);
	print_stack(r->stack);
	printk("lockdep:   before, the other way round (%s, then %s%s):\n",
	       classes[r->a]->name, classes[r->b]->name,
	       (after[r->a] & (1u << (r->b - 1))) ? "" : ", through other locks");
	if (after[r->a] & (1u << (r->b - 1))) {
		print_at("held", classes[r->a]->name, order_pc[r->a][r->b]);
		printk("lockdep:   taking %s:\n", classes[r->b]->name);
		print_stack(order_stack[r->a][r->b]);
	}
}

/*
 * Prints the findings not printed yet.  Only where this CPU holds no spin
 * lock: printk takes console_lock, and the checker sees it too.
 */
void lockdep_report(void)
{
	int i;

	while ((i = nr_printed) < nr_reports &&
	       __atomic_load_n(&reports[i % MAX_REPORTS].ready, __ATOMIC_ACQUIRE)) {
		struct report r = reports[i % MAX_REPORTS];

		if (!__atomic_compare_exchange_n(&nr_printed, &i, i + 1, 0, __ATOMIC_SEQ_CST,
						 __ATOMIC_SEQ_CST))
			continue;	/* another CPU prints it */
		reports[i % MAX_REPORTS].ready = 0;
		print_report(&r);
	}
}

void lockdep_show_held(void)
{
	int n = held_locks.n < MAX_HELD ? held_locks.n : MAX_HELD;

	for (int i = 0; i < n; i++)
		print_at("held:", held_locks.held[i].lock->name, held_locks.held[i].pc);
}

int lockdep_nr_reports(enum report_kind kind)
{
	return __atomic_load_n(&nr_found[kind], __ATOMIC_SEQ_CST);
}
