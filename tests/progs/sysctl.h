/*
 * Reading and writing /proc/sys files the way the limits tests print them: the file's
 * first line (its tab-separated numbers joined by '|'), and a write's count or errno
 * followed by what the file says after it.
 */
#ifndef TESTS_SYSCTL_H
#define TESTS_SYSCTL_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "check.h"

/* "  PATH: its first line", or "  PATH: ENAME". */
static inline void sysctl_show(const char *path)
{
	char buf[128];
	int fd = open(path, O_RDONLY), n;

	n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	if (n < 0) {
		printf("  %s: %s\n", path, ename(errno));
	} else {
		buf[n] = 0;
		buf[strcspn(buf, "\n")] = 0;
		for (char *p = buf; *p; p++)
			if (*p == '\t')
				*p = '|';
		printf("  %s: %s\n", path, buf);
	}
	if (fd >= 0)
		close(fd);
}

/* Writes text to path in one write(), says what came of it, then shows the file. */
static inline void sysctl_put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	long n;

	errno = 0;
	n = fd < 0 ? -1 : write(fd, text, strlen(text));
	if (n < 0)
		printf("write \"%s\" to %s: %s\n", text, path, ename(errno));
	else
		printf("write \"%s\" to %s: %ld of %zu\n", text, path, n, strlen(text));
	if (fd >= 0)
		close(fd);
	sysctl_show(path);
}

#endif
