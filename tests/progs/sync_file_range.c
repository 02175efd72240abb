// sync_file_range: write back a range of a file's pages (dpkg calls it on each file it
// unpacks, and said "unknown system call 314" where it was ENOSYS). What it accepts and
// Linux's checks in their order (ksys_sync_file_range): a bad descriptor (or an O_PATH
// one) first, then the flags, then the range (negative, or past the largest offset),
// then the kind of file: a pipe, a socket or a character device is ESPIPE; a regular
// file, a directory is 0. glibc's wrapper passes each 64-bit value in two registers.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

static void try(const char *what, int fd, int64_t off, int64_t n, unsigned int flags)
{
	show_result(what, sync_file_range(fd, off, n, flags));
}

int main(void)
{
	const unsigned int all = SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE |
				 SYNC_FILE_RANGE_WAIT_AFTER;
	int fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644), p[2], sv[2];
	int dir = open(".", O_RDONLY | O_DIRECTORY), path = open("f", O_PATH);
	int null = open("/dev/null", O_WRONLY);
	char buf[8] = "";

	if (fd < 0 || pipe(p) || socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		return 1;
	if (write(fd, "written\n", 8) != 8)
		return 1;
	try("a file, no flags", fd, 0, 0, 0);
	try("a file, WRITE", fd, 0, 8, SYNC_FILE_RANGE_WRITE);
	try("a file, all three flags", fd, 0, 0, all);
	try("a file, past its end", fd, 1 << 20, 4096, all);
	printf("its data: %s", pread(fd, buf, 8, 0) == 8 ? buf : "?\n");
	try("a directory", dir, 0, 0, all);
	try("a read-only descriptor", open("f", O_RDONLY), 0, 0, SYNC_FILE_RANGE_WRITE);
	try("a pipe", p[1], 0, 0, SYNC_FILE_RANGE_WRITE);
	try("a socket", sv[0], 0, 0, 0);
	try("/dev/null", null, 0, 0, 0);
	try("an O_PATH descriptor", path, 0, 0, 0);
	try("a bad descriptor", 99, 0, 0, 0);
	try("a bad descriptor and flags", 99, 0, 0, 8);
	try("flag 8", fd, 0, 0, 8);
	try("flag 8 on a pipe", p[0], 0, 0, 8);
	try("a negative offset", fd, -1, 0, 0);
	try("a negative offset on a pipe", p[0], -1, 0, 0);
	try("a negative length", fd, 0, -1, 0);
	try("a range that wraps", fd, 10, -5, 0);
	try("an end past INT64_MAX", fd, INT64_MAX, 1, 0);
	try("an offset of INT64_MAX, no length", fd, INT64_MAX, 0, 0);
	try("a pipe, a high offset", p[0], 1LL << 50, 0, 0);
	return 0;
}
