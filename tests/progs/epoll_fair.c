// epoll_fair: more items ready than epoll_wait's maxevents: each call reports the next
// ones, round and round, as Linux's ready list puts the level-triggered items it reported
// back at its tail, so none is starved (LTP's epoll_wait14). Five pipes with data, two
// events a call, then one item drained: the others go on taking turns.
#include <stdio.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "check.h"

#define NPIPE	5

static int ep;

static void calls(int n)
{
	struct epoll_event ev[2];

	for (int i = 0; i < n; i++) {
		int r = epoll_wait(ep, ev, 2, 0);

		printf("epoll_wait:");
		for (int j = 0; j < r; j++)
			printf(" pipe %d", (int)ev[j].data.u32);
		printf("\n");
	}
}

int main(void)
{
	int fds[NPIPE][2];
	char c;

	setvbuf(stdout, NULL, _IONBF, 0);
	ep = epoll_create1(0);
	for (int i = 0; i < NPIPE; i++) {
		struct epoll_event ev = { .events = EPOLLIN, .data.u32 = i };

		pipe(fds[i]);
		write(fds[i][1], "x", 1);
		epoll_ctl(ep, EPOLL_CTL_ADD, fds[i][0], &ev);
	}
	calls(5);
	read(fds[1][0], &c, 1);
	printf("pipe 1 drained\n");
	calls(4);
	return 0;
}
