// epoll_many: one epoll_wait reports every ready item up to maxevents, however many
// (Python's selectors with 2,000 socket pairs got 170, a page's worth of events): 400
// writable pipes into a fresh buffer whose pages were never touched; fewer with a smaller
// maxevents, the rest again next time (level-triggered); EPOLLONESHOT's once. Into a
// buffer whose second page is unmapped: the events that fit before it (Linux's copy stops
// at the fault), EFAULT when not even the first fits.
#define _GNU_SOURCE
#include <sys/epoll.h>
#include <sys/mman.h>

#include "check.h"

#define NPIPES	400

int main(void)
{
	int ep = epoll_create1(0), one = epoll_create1(0), p[2];
	struct epoll_event ev = { .events = EPOLLOUT };
	struct epoll_event *fresh = mmap(NULL, 3 * 4096 * 2, PROT_READ | PROT_WRITE,
					 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *two = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);

	setvbuf(stdout, NULL, _IONBF, 0);
	for (int i = 0; i < NPIPES; i++) {
		if (pipe(p)) {
			printf("pipe %d: %s\n", i, ename(errno));
			return 1;
		}
		ev.data.u32 = i;
		epoll_ctl(ep, EPOLL_CTL_ADD, p[1], &ev);
		ev.events = EPOLLOUT | EPOLLONESHOT;
		epoll_ctl(one, EPOLL_CTL_ADD, p[1], &ev);
		ev.events = EPOLLOUT;
	}
	TRY("maxevents 1000, an untouched buffer", epoll_wait(ep, fresh, 1000, 0));
	TRY("maxevents 250", epoll_wait(ep, fresh, 250, 0));
	TRY("again, maxevents 400", epoll_wait(ep, fresh, NPIPES, 0));
	TRY("EPOLLONESHOT, maxevents 1000", epoll_wait(one, fresh, 1000, 0));
	TRY("EPOLLONESHOT again", epoll_wait(one, fresh, 1000, 0));
	munmap(two + 4096, 4096);
	TRY("a page's room, then a hole", epoll_wait(ep, (struct epoll_event *)two, 1000, 0));
	TRY("4 bytes' room, then a hole",
	    epoll_wait(ep, (struct epoll_event *)(two + 4092), 1000, 0));
	return 0;
}
