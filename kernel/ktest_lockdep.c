/*
 * In-kernel tests of the lock checker (`ktest=lockdep`, or with every
 * ktest): it is turned on for them whatever the command line says, sees
 * two locks taken in one order then the other, and a lock held too long
 * (against a limit of its own), and prints both reports.
 */
#include "kernel/ktest.h"
#include "kernel/apic.h"
#include "kernel/lockdep.h"
#include "kernel/spinlock.h"

static DEFINE_SPINLOCK(ktest_lock_a);
static DEFINE_SPINLOCK(ktest_lock_b);
static DEFINE_SPINLOCK(ktest_lock_slow);

/* a then b, then b then a: an inversion, though nothing deadlocks on one CPU. */
static const char *test_inversion(void)
{
	int before = lockdep_nr_reports(INVERSION);
	uint32_t flags;

	spin_lock_irqsave(&ktest_lock_a, flags);
	spin_lock(&ktest_lock_b);
	spin_unlock(&ktest_lock_b);
	spin_unlock_irqrestore(&ktest_lock_a, flags);
	if (lockdep_nr_reports(INVERSION) != before)
		return "a report for locks taken in one order";
	spin_lock_irqsave(&ktest_lock_b, flags);
	spin_lock(&ktest_lock_a);
	spin_unlock(&ktest_lock_a);
	spin_unlock_irqrestore(&ktest_lock_b, flags);
	lockdep_report();
	return lockdep_nr_reports(INVERSION) == before + 1 ? NULL : "no report of the inversion";
}

/*
 * A hold of 300 ms, timed against a limit of 100 ms set for the test alone: the
 * default limit is 10 s (kernel/lockdep.c), and a hold past it would stop the boot
 * that long.
 */
#define KTEST_HELD_MS	100

static const char *test_held_too_long(void)
{
	int before = lockdep_nr_reports(HELD_TOO_LONG);
	uint32_t was = lockdep_held_ms, flags;

	if (!tsc_per_tick)
		return NULL;	/* no TSC rate measured: the checker cannot time */
	lockdep_held_ms = KTEST_HELD_MS;
	spin_lock_irqsave(&ktest_lock_slow, flags);
	udelay((KTEST_HELD_MS + 200) * 1000);
	spin_unlock_irqrestore(&ktest_lock_slow, flags);
	lockdep_report();
	lockdep_held_ms = was;
	return lockdep_nr_reports(HELD_TOO_LONG) == before + 1 ? NULL : "no report of the long hold";
}

void lockdep_selftest(void)
{
	int was = lockdep_enabled;

	lockdep_enabled = 1;
	ktest_report("lockdep/inversion", test_inversion());
	ktest_report("lockdep/held_too_long", test_held_too_long());
	lockdep_enabled = was;
}
