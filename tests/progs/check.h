/*
 * What the differential test programs share: results printed the same way
 * on Linux and on shmos, errors by name (never by number or message text).
 */
#ifndef TESTS_CHECK_H
#define TESTS_CHECK_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* glibc 2.32's; declared here so tests need not define _GNU_SOURCE first. */
const char *strerrorname_np(int errnum);

/* "ENOENT" for ENOENT, "E?" for no name. */
static inline const char *ename(int e)
{
	const char *name = strerrorname_np(e);

	return name ? name : "E?";
}

static inline const char *yes(int ok)
{
	return ok ? "yes" : "no";
}

/* "what: r" on success, "what: -1 ENAME" on failure. */
static inline void show_result(const char *what, long r)
{
	if (r < 0)
		printf("%s: %ld %s\n", what, r, ename(errno));
	else
		printf("%s: %ld\n", what, r);
}

/*
 * CLOCK_MONOTONIC in milliseconds, for waits that must end: a program polling
 * for something that never comes (a kernel, or a lab handout, that lacks it)
 * gives up and says so rather than hang until the test's timeout.
 */
static inline long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

#define TRY(what, call) do { errno = 0; show_result(what, (long)(call)); } while (0)

/* dir/name, in one of two rotating buffers: a call may take two such paths. */
static inline char *path_in(const char *dir, const char *name)
{
	static char buf[2][512];
	static int which;

	which ^= 1;
	snprintf(buf[which], sizeof(buf[which]), "%s/%s", dir, name);
	return buf[which];
}

#endif
