// proc_self_mounts: /proc/self/mounts and /proc/PID/mounts list what /proc/mounts does (LTP's
// library reads /proc/self/mounts to find cgroup and other mounts), and /proc itself in it.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "check.h"

static char a[65536], b[65536];

static int slurp(const char *path, char *buf)
{
	int fd = open(path, O_RDONLY), n = 0, k;

	if (fd < 0)
		return -1;
	while ((k = read(fd, buf + n, 65535 - n)) > 0)
		n += k;
	close(fd);
	buf[n] = 0;
	return n;
}

int main(void)
{
	char path[64];

	if (slurp("/proc/mounts", a) < 0 || slurp("/proc/self/mounts", b) < 0) {
		printf("open: %s\n", ename(errno));
		return 1;
	}
	printf("/proc/self/mounts is /proc/mounts: %s\n", yes(strcmp(a, b) == 0));
	printf("a proc line: %s\n", yes(strstr(b, " /proc proc ") != NULL));
	snprintf(path, sizeof path, "/proc/%d/mounts", getpid());
	slurp(path, b);
	printf("/proc/PID/mounts is /proc/mounts: %s\n", yes(strcmp(a, b) == 0));
	return 0;
}
