/* The checks behind kernel/spinlock.h. */
#include "kernel/spinlock.h"
#include "kernel/oops.h"

/*
 * Taking a lock this CPU holds (a handler taking a lock its task holds
 * with interrupts on, or a function taking its caller's lock), or letting
 * go of one it does not hold.
 */
void spin_bug(spinlock_t *lock, const char *what)
{
	uint32_t off = 0;
	const char *fn = ksym_lookup(lock->pc, &off);

	panic("spin lock %s %s (last taken at %s+0x%x)", lock->name, what,
	      fn ? fn : "?", off);
}
