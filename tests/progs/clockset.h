/*
 * Reading a clock and setting the wall clock in nanoseconds, for the tests
 * that step the clock (on shmos only: the host's is not theirs to set).
 */
#ifndef TESTS_CLOCKSET_H
#define TESTS_CLOCKSET_H

#include <time.h>

#define NS		1000000000LL

static inline long long ns_of(clockid_t c)
{
	struct timespec t;

	clock_gettime(c, &t);
	return t.tv_sec * NS + t.tv_nsec;
}

static inline int set_ns(long long ns)
{
	struct timespec t = { ns / NS, ns % NS };

	return clock_settime(CLOCK_REALTIME, &t);
}

#endif
