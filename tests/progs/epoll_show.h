/*
 * What the epoll tests share: a wait, shown the same way on Linux and on shmos.
 */
#ifndef TESTS_EPOLL_SHOW_H
#define TESTS_EPOLL_SHOW_H

#include <sys/epoll.h>

#include "check.h"

/*
 * One wait of timeout ms on ep for up to 4 events into ev: prints "what: n" (the caller
 * adds the events and the newline), or the whole line "what: -1 ENAME" and gives -1.
 */
static int wait_show(const char *what, int ep, struct epoll_event ev[4], int timeout)
{
	int n;

	memset(ev, 0, 4 * sizeof(*ev));
	errno = 0;
	n = epoll_wait(ep, ev, 4, timeout);
	if (n < 0)
		printf("%s: -1 %s\n", what, ename(errno));
	else
		printf("%s: %d", what, n);
	return n;
}

#endif
