/*
 * What the inotify tests share: the events queued on an instance, read and printed one a
 * line, by name; cookies as c1, c2... in the order they first show.
 */
#ifndef TESTS_INOTIFY_EVENTS_H
#define TESTS_INOTIFY_EVENTS_H

#include <stdint.h>
#include <sys/inotify.h>

#include "check.h"

static const char *const event_names[] = {
	"ACCESS", "MODIFY", "ATTRIB", "CLOSE_WRITE", "CLOSE_NOWRITE", "OPEN",
	"MOVED_FROM", "MOVED_TO", "CREATE", "DELETE", "DELETE_SELF", "MOVE_SELF",
};

static uint32_t cookies[64];
static int ncookies;

static void print_mask(uint32_t m)
{
	static const struct { uint32_t bit; const char *name; } flags[] = {
		{ IN_UNMOUNT, "UNMOUNT" }, { IN_Q_OVERFLOW, "Q_OVERFLOW" },
		{ IN_IGNORED, "IGNORED" }, { IN_ISDIR, "ISDIR" },
	};
	const char *sep = "";

	for (int i = 0; i < 12; i++)
		if (m & (1u << i)) {
			printf("%s%s", sep, event_names[i]);
			sep = "|";
		}
	for (unsigned i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (m & flags[i].bit) {
			printf("%s%s", sep, flags[i].name);
			sep = "|";
		}
	m &= ~(IN_ALL_EVENTS | IN_UNMOUNT | IN_Q_OVERFLOW | IN_IGNORED | IN_ISDIR);
	if (m)
		printf("%s0x%x", sep, m);
}

static void print_cookie(uint32_t c)
{
	int i;

	for (i = 0; i < ncookies && cookies[i] != c; i++)
		;
	if (i == ncookies && ncookies < 64)
		cookies[ncookies++] = c;
	printf(" cookie c%d", i + 1);
}

// The records in buf[0, n): one line each; a name's padding must be zeros to a multiple of 16.
static int print_events(const char *buf, long n)
{
	int count = 0;

	for (long off = 0; off < n; count++) {
		const struct inotify_event *e = (const void *)(buf + off);

		printf("  wd %d ", e->wd);
		print_mask(e->mask);
		if (e->len) {
			size_t l = strnlen(e->name, e->len);
			int zeros = l < e->len;

			for (size_t i = l; i < e->len; i++)
				zeros &= e->name[i] == 0;
			printf(" \"%s\"%s", e->name,
			       zeros && e->len % 16 == 0 ? "" : " (bad padding)");
		}
		if (e->cookie)
			print_cookie(e->cookie);
		printf("\n");
		off += sizeof(*e) + e->len;
	}
	return count;
}

// Every event queued on fd (which is O_NONBLOCK), under a heading (what NULL: none).
static void drain(int fd, const char *what)
{
	static char buf[8192] __attribute__((aligned(4)));
	int count = 0;
	long n;

	if (what)
		printf("%s:\n", what);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		count += print_events(buf, n);
	if (n < 0 && errno != EAGAIN)
		printf("  read: %s\n", ename(errno));
	if (count == 0 && what)
		printf("  (none)\n");
}

#endif
