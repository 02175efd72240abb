/*
 * What the ext2 tests (ext2_cycle, ext2_disk) share: a line per check, and
 * files written and read back a KiB at a time.
 */
#ifndef TESTS_EXT2_H
#define TESTS_EXT2_H

#include "check.h"

/* "what ... ok", or FAIL with the errno's name. */
static inline void check(const char *what, int ok)
{
	printf("%-58s %s\n", what, ok ? "ok" : "FAIL");
	if (!ok)
		printf("  errno %s\n", ename(errno));
}

/* Writes kib KiB of c into path (made or truncated); 1 if all went, and errno kept. */
static inline int fill(const char *path, int kib, char c)
{
	char buf[1024];
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644), ok = fd >= 0;

	memset(buf, c, sizeof(buf));
	for (int i = 0; ok && i < kib; i++)
		ok = write(fd, buf, sizeof(buf)) == sizeof(buf);
	if (fd >= 0 && close(fd) < 0)
		ok = 0;
	return ok;
}

/* Whether path holds kib KiB of c, and nothing after. */
static inline int holds(const char *path, int kib, char c)
{
	char buf[1024];
	int fd = open(path, O_RDONLY), ok = fd >= 0;

	for (int i = 0; ok && i < kib; i++) {
		ok = read(fd, buf, sizeof(buf)) == sizeof(buf);
		for (int j = 0; ok && j < (int)sizeof(buf); j++)
			ok = buf[j] == c;
	}
	ok = ok && read(fd, buf, 1) == 0;
	if (fd >= 0)
		close(fd);
	return ok;
}

#endif
