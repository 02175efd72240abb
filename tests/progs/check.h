/*
 * What the differential test programs share: results printed the same way
 * on Linux and on shmos, errors by name (never by number or message text).
 */
#ifndef TESTS_CHECK_H
#define TESTS_CHECK_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

/* `what: "bytes"`, the bytes as C would write them: CR as \r, control characters as \ooo. */
static inline void show_bytes(const char *what, const char *buf, long n)
{
	printf("%s: \"", what);
	for (long i = 0; i < n; i++) {
		unsigned char c = buf[i];

		if (c == '\r')
			printf("\\r");
		else if (c == '\n')
			printf("\\n");
		else if (c < 32 || c == 127)
			printf("\\%03o", c);
		else
			putchar(c);
	}
	printf("\"\n");
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

/* The whole of path in to (size bytes at most, NUL-terminated): its length, or -1. */
static inline long slurp_file(const char *path, char *to, long size)
{
	int fd = open(path, O_RDONLY);
	long n = 0, r;

	if (fd < 0)
		return -1;
	while ((r = read(fd, to + n, size - 1 - n)) > 0)
		n += r;
	close(fd);
	to[n] = 0;
	return n;
}

/*
 * The number after key on the last line of file that starts with key (a
 * /proc/meminfo or /proc/vmstat field, key with its ':' or ' '), or -1.
 */
static inline long file_value(const char *file, const char *key)
{
	FILE *f = fopen(file, "r");
	char line[256];
	long v = -1;

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)))
			v = atol(line + strlen(key));
	if (f)
		fclose(f);
	return v;
}

/* The lines of file that start with only (every line if only is NULL), to stdout. */
static inline void print_lines(const char *file, const char *only)
{
	FILE *f = fopen(file, "r");
	char line[256];

	while (f && fgets(line, sizeof(line), f))
		if (!only || strstr(line, only) == line)
			fputs(line, stdout);
	if (f)
		fclose(f);
}

/* Writes s to path, as `echo -n s > path`: "0", or the errno's name (what tests print). */
static inline const char *write_string(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	long r;

	if (fd < 0)
		return ename(errno);
	r = write(fd, s, strlen(s));
	close(fd);
	return r < 0 ? ename(errno) : "0";
}

/* dir/name, in one of two rotating buffers: a call may take two such paths. */
static inline char *path_in(const char *dir, const char *name)
{
	static char buf[2][512];
	static int which;

	which ^= 1;
	snprintf(buf[which], sizeof(buf[which]), "%s/%s", dir, name);
	return buf[which];
}

/*
 * The rss and swap columns (bytes) of segment id's line in /proc/sysvipc/shm:
 * 0, or -1 if it has none.
 */
static inline int sysvipc_shm_pages(int id, unsigned long long *rss, unsigned long long *swap)
{
	FILE *f = fopen("/proc/sysvipc/shm", "r");
	char line[512];
	int found = -1;

	while (f && fgets(line, sizeof(line), f)) {
		int key, shmid;
		unsigned long long r, s;

		if (sscanf(line, "%d %d %*s %*u %*u %*u %*u %*u %*u %*u %*u %*u %*u %*u %llu %llu",
			   &key, &shmid, &r, &s) == 4 && shmid == id) {
			*rss = r;
			*swap = s;
			found = 0;
		}
	}
	if (f)
		fclose(f);
	return found;
}

/* Whether the task whose /proc stat file is path is asleep (state S). */
static inline int stat_asleep(const char *path)
{
	char buf[256], *p;
	FILE *f;
	int n;

	if (!(f = fopen(path, "r")))
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n > 0 ? n : 0] = 0;
	p = strrchr(buf, ')');
	return p && p[2] == 'S';
}

/* A time on clock, ms from now: a deadline for the timed waits. */
static inline struct timespec timespec_in_ms(clockid_t clock, long ms)
{
	struct timespec t;

	clock_gettime(clock, &t);
	t.tv_nsec += (ms % 1000) * 1000000;
	t.tv_sec += ms / 1000 + t.tv_nsec / 1000000000;
	t.tv_nsec %= 1000000000;
	return t;
}

#endif
