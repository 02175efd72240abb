// madvise: the advice that changes what a process sees, and Linux's checks in their order.
// MADV_DONTNEED: private anonymous memory reads zero again, a private file mapping the
// file, shared memory what is in it. MADV_FREE leaves anonymous memory as it is until
// memory is short (on shmos, for ever), and is EINVAL for a file. MADV_WIPEONFORK: the child
// gets zeroes (EINVAL for a file or shared memory); MADV_DONTFORK: the child has no mapping
// there at all; MADV_DOFORK, MADV_KEEPONFORK undo them. MADV_REMOVE punches a hole in a
// shared file mapping (EACCES if private). Then the errors: an unknown advice, an unaligned
// start (EINVAL; a wrapping length too, but a 64-bit Linux sees no wrap), a hole in the
// range (ENOMEM, after the advice was
// given to what is mapped), a locked range (EINVAL for DONTNEED, not for DONTNEED_LOCKED)
// (LTP's madvise02, 03 and 10).
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#ifndef MADV_DONTNEED_LOCKED
#define MADV_DONTNEED_LOCKED	24
#endif

#define PG	4096

static char path[] = "/tmp/madvise.XXXXXX";

// What a child sees at p: its first byte, or that touching it killed the child.
static void child_sees(const char *what, volatile char *p)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		signal(SIGSEGV, SIG_DFL);
		printf("%s: child reads %d\n", what, p[0]);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	if (WIFSIGNALED(st))
		printf("%s: child killed by %s\n", what, strsignal(WTERMSIG(st)));
}

int main(void)
{
	int fd = mkstemp(path);
	char *a, *f, *s, *w;

	setvbuf(stdout, NULL, _IONBF, 0);
	for (int i = 0; i < 2 * PG; i++)
		write(fd, "F", 1);
	a = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(a, 7, 4 * PG);
	TRY("DONTNEED anonymous", madvise(a, 2 * PG, MADV_DONTNEED));
	printf("  reads %d %d, then %d\n", a[0], a[PG], a[2 * PG]);
	memset(a, 7, 4 * PG);
	TRY("FREE anonymous", madvise(a + 2 * PG, PG, MADV_FREE));
	printf("  reads %d, then %d\n", a[2 * PG], a[3 * PG]);

	f = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	f[0] = 'x';
	TRY("DONTNEED private file", madvise(f, PG, MADV_DONTNEED));
	printf("  reads %c\n", f[0]);
	TRY("FREE private file", madvise(f, PG, MADV_FREE));
	TRY("WIPEONFORK private file", madvise(f, PG, MADV_WIPEONFORK));
	TRY("REMOVE private file", madvise(f, PG, MADV_REMOVE));

	s = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	s[0] = 5;
	TRY("DONTNEED shared anonymous", madvise(s, PG, MADV_DONTNEED));
	printf("  reads %d\n", s[0]);
	TRY("WIPEONFORK shared", madvise(s, PG, MADV_WIPEONFORK));

	w = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	TRY("REMOVE shared file", madvise(w + PG, PG, MADV_REMOVE));
	printf("  reads %c %d\n", w[0], w[PG]);

	memset(a, 9, 4 * PG);
	TRY("WIPEONFORK anonymous page 0", madvise(a, PG, MADV_WIPEONFORK));
	TRY("DONTFORK anonymous page 1", madvise(a + PG, PG, MADV_DONTFORK));
	child_sees("wiped page", a);
	child_sees("not forked page", a + PG);
	child_sees("page 2", a + 2 * PG);
	TRY("KEEPONFORK", madvise(a, PG, MADV_KEEPONFORK));
	TRY("DOFORK", madvise(a + PG, PG, MADV_DOFORK));
	child_sees("kept page", a);
	child_sees("forked page", a + PG);

	TRY("unknown advice 1212", madvise(a, PG, 1212));
	TRY("start not aligned", madvise(a + 1, PG, MADV_NORMAL));
	TRY("length 0", madvise(a, 0, MADV_DONTNEED));
	munmap(a + PG, PG);
	a[2 * PG] = 3;
	TRY("DONTNEED over a hole", madvise(a, 3 * PG, MADV_DONTNEED));
	printf("  past the hole reads %d\n", a[2 * PG]);
	TRY("WILLNEED past every mapping", madvise((void *)0xbf000000, PG, MADV_WILLNEED));
	TRY("mlock", mlock(a + 2 * PG, PG));
	TRY("DONTNEED locked", madvise(a + 2 * PG, PG, MADV_DONTNEED));
	TRY("DONTNEED_LOCKED locked", madvise(a + 2 * PG, PG, MADV_DONTNEED_LOCKED));
	TRY("PAGEOUT locked", madvise(a + 2 * PG, PG, MADV_PAGEOUT));
	TRY("POPULATE_WRITE read-only", mprotect(a + 3 * PG, PG, PROT_READ) ?:
	    madvise(a + 3 * PG, PG, MADV_POPULATE_WRITE));
	TRY("POPULATE_READ", madvise(a + 3 * PG, PG, MADV_POPULATE_READ));
	TRY("SEQUENTIAL", madvise(a + 3 * PG, PG, MADV_SEQUENTIAL));
	unlink(path);
	return 0;
}
