// swap_copy: read() and write() copy between a file and user buffers whose pages go out to
// swap and come back during the copy, while another process keeps memory short. Each copy
// spans two pages, both out: the kernel's check of the range (fault_in_user) brings the
// first back, then sleeps reading the second, while the other process's reclaim may take
// the first out again; the copy then faults in kernel mode, and the page must come back
// there (kernel/trap.c's user_access_fault, the exception table of mm/extable.c) instead of
// an oops (which the kernel before the table gave within seconds). Every byte is checked.
// shmos only: the pressure is its 8 MiB machine's (4.5 MiB free) (the host would not swap).
// host: no (the pressure is shmos's 8 MiB machine; the host would not swap)
// mem: 8M
// disk: swap 16384
// cmdline: swap=/dev/hda
// timeout: 120
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>
#include "check.h"

#define PAGES	512		/* 2 MiB of buffer */
#define HOG	(4 << 20)	/* what the other process keeps writing */
#define PASSES	2		/* over the buffer, each read then write */

/*
 * Writes one word of every page of its memory, again and again: reclaim never stops.
 * It says so (a byte down ready) once all of it has been written: from then on the
 * machine is short whatever the scheduler did first (else, with the machine busy, the
 * copies could end before the hog had taken its memory, and nothing came back).
 */
static void hog(int ready)
{
	volatile char *p = mmap(NULL, HOG, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		_exit(1);
	for (unsigned n = 0;; n++) {
		for (long i = 0; i < HOG; i += 4096)
			p[i] = n;
		if (n == 0 && write(ready, "", 1) != 1)
			_exit(1);
	}
}

static char *span(char *buf, long i)
{
	return buf + 2 * i * 4096 + 2048;	/* the second half of page 2i and the first of 2i+1 */
}

static void pattern(char *to, long i)
{
	for (int k = 0; k < 4096; k++)
		to[k] = (char)(k * 7 + i * 13);
}

int main(void)
{
	long in0 = file_value("/proc/vmstat", "pswpin ");
	char *buf = mmap(NULL, PAGES * 4096L, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	static char want[4096], got[4096];
	long bad_reads = 0, bad_writes = 0;
	int fd = open("/tmp/swap_copy", O_RDWR | O_CREAT | O_TRUNC, 0600), status, ready[2];
	char c;
	pid_t pid;

	if (buf == MAP_FAILED || fd < 0) {
		perror("setup");
		return 1;
	}
	memset(buf, 1, PAGES * 4096L);		/* all of it touched: most goes out */
	fflush(stdout);
	if (pipe(ready) || (pid = fork()) < 0) {
		perror("pipe or fork");
		return 1;
	}
	if (pid == 0)
		hog(ready[1]);
	if (read(ready[0], &c, 1) != 1) {
		perror("the hog");
		return 1;
	}
	for (int pass = 0; pass < PASSES; pass++) {
		/* read(): file -> span */
		for (long i = 0; i < PAGES / 2 - 1; i++) {
			pattern(want, i);
			if (pwrite(fd, want, 4096, 0) != 4096 ||
			    pread(fd, span(buf, i), 4096, 0) != 4096)
				bad_reads++;
		}
		for (long i = 0; i < PAGES / 2 - 1; i++) {
			pattern(want, i);
			bad_reads += memcmp(span(buf, i), want, 4096) != 0;
		}
		/* write(): span -> file, the same way */
		for (long i = 0; i < PAGES / 2 - 1; i++) {
			pattern(want, i);
			if (pwrite(fd, span(buf, i), 4096, 0) != 4096 ||
			    pread(fd, got, 4096, 0) != 4096 || memcmp(got, want, 4096))
				bad_writes++;
		}
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	printf("reads into pages out on swap: %ld bad\n", bad_reads);
	printf("writes from pages out on swap: %ld bad\n", bad_writes);
	printf("pages came back from swap: %s\n", yes(file_value("/proc/vmstat", "pswpin ") > in0));
	printf("the other process was killed: %s\n",
	       yes(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL));
	unlink("/tmp/swap_copy");
	return 0;
}
