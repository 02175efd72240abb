// mmap_sigbus: a mapping may be longer than its file, but a page wholly past the end of the
// file has nothing behind it: touching it is SIGBUS (BUS_ADRERR, at that address), while
// the part of the last page past the end reads zero. Shrinking a mapped file with ftruncate
// takes the pages past the new end away from every mapping of it, in every process,
// private copies too (Linux's unmap_mapping_range); growing it gives them back, zeroed.
// read() into such a page and write() from it fail with EFAULT instead.
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define PG 4096

static sigjmp_buf env;
static volatile char *base;	// where the mapping under test starts

static void on_bus(int sig, siginfo_t *si, void *uc)
{
	printf("  %s, code %s, at page %ld\n", sig == SIGBUS ? "SIGBUS" : "SIGSEGV",
	       si->si_code == BUS_ADRERR ? "BUS_ADRERR" : "other",
	       (long)(((char *)si->si_addr - (char *)base) / PG));
	siglongjmp(env, 1);
}

// Touches p (a write if write), saying whether it faulted.
static void touch(const char *what, volatile char *p, int write)
{
	printf("%s:\n", what);
	if (sigsetjmp(env, 1) == 0) {
		char c = *p;

		if (write)
			*p = c + 1;
		printf("  ok, reads %d\n", c);
	}
}

static void past_end(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	volatile char *p;
	char buf[16];

	memset(buf, 'x', sizeof(buf));
	pwrite(fd, buf, 1, 5000);		// the file is 5001 bytes: pages 0 and 1
	p = base = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	touch("shared, byte 5000, the last of the file", p + 5000, 0);
	touch("shared, byte 5001, past the end in the last page", p + 5001, 0);
	touch("shared, byte 8191, the last of that page", p + 8191, 1);
	touch("shared, byte 8192, page 2: past the end", p + 8192, 0);
	touch("shared, a write to page 3", p + 3 * PG + 17, 1);
	printf("read() into page 2: ");
	lseek(fd, 0, SEEK_SET);
	TRY("", read(fd, (char *)p + 2 * PG, 16));
	TRY("write() from page 3", write(fd, (char *)p + 3 * PG, 16));
	munmap((void *)p, 4 * PG);

	p = base = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	touch("private, byte 6000", p + 6000, 1);
	touch("private, a read of page 2", p + 2 * PG, 0);
	touch("private, a write to page 2", p + 2 * PG, 1);
	p = base = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 16 * PG);
	touch("a mapping wholly past the end", p, 0);
	munmap((void *)p, PG);
	close(fd);
}

static void shrink(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600), go[2], done[2], st;
	volatile char *s, *q;
	pid_t pid;

	ftruncate(fd, 3 * PG);
	s = base = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	q = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	s[0] = 'a';
	s[PG] = 'b';
	s[2 * PG] = 'c';
	q[2 * PG] = 'C';		// a private copy of page 2
	(void)q[PG];			// and page 1 only read
	pipe(go);
	pipe(done);
	pid = fork();
	if (pid == 0) {
		char c;

		read(go[0], &c, 1);	// the parent has truncated
		base = s;
		touch("child: shared page 0 after the parent's ftruncate", s, 0);
		touch("child: shared page 1", s + PG, 0);
		_exit(0);
	}
	touch("shared page 2 before", s + 2 * PG, 0);
	TRY("ftruncate to 1.5 pages", ftruncate(fd, PG + PG / 2));
	write(go[1], "g", 1);
	waitpid(pid, &st, 0);
	touch("shared page 1, byte 2048 (the new end)", s + PG + PG / 2, 0);
	touch("shared page 1, byte 2047", s + PG + PG / 2 - 1, 0);
	touch("shared page 2", s + 2 * PG, 0);
	base = q;
	touch("private page 1", q + PG, 0);
	touch("private page 2, its own copy", q + 2 * PG, 0);
	TRY("ftruncate to 3 pages again", ftruncate(fd, 3 * PG));
	base = s;
	touch("shared page 2 after growing", s + 2 * PG, 0);
	base = q;
	touch("private page 2 after growing", q + 2 * PG, 0);
	TRY("truncate to 0 by name", truncate(path, 0));
	base = s;
	touch("shared page 0 after truncate to 0", s, 1);
	munmap((void *)s, 3 * PG);
	munmap((void *)q, 3 * PG);
	close(fd);
}

int main(void)
{
	struct sigaction sa;
	char path[64];

	setvbuf(stdout, NULL, _IONBF, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_bus;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
	snprintf(path, sizeof(path), "/tmp/mmap_sigbus.%d", getpid());
	past_end(path);
	shrink(path);
	unlink(path);
	return 0;
}
