// madvise_zero: MADV_DONTNEED drops the pages, and the next touch finds what a fresh mapping
// would: zeroes in private anonymous memory (jemalloc checks that at start, and redis
// printed "MADV_DONTNEED does not work" on shmos, where madvise did nothing), the file's
// contents again in a private mapping of a file, the pages that stay in a shared one, the
// parent's page in a fork's child. MADV_FREE on a private anonymous page, written again
// (its other bytes stay); EINVAL for it
// elsewhere and for MADV_DONTNEED on a locked page (MADV_DONTNEED_LOCKED drops it). The
// errors in Linux's order: advice, alignment, a length that wraps; ENOMEM for a hole,
// after the advice is taken past it.
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "check.h"

#define PG 4096

static char *map(int flags, int fd, int pages)
{
	char *p = mmap(NULL, pages * PG, PROT_READ | PROT_WRITE, flags, fd, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	return p;
}

static void show(const char *what, const char *p)
{
	printf("%s: '%c' (%d)\n", what, p[0] ? p[0] : '0', p[PG - 1]);
}

int main(void)
{
	char path[] = "/tmp/madvise.XXXXXX", buf[PG];
	int fd = mkstemp(path);
	char *a, *f, *s, *l;
	int status;

	setvbuf(stdout, NULL, _IONBF, 0);
	unlink(path);
	memset(buf, 'F', PG);
	TRY("write the file", write(fd, buf, PG));

	a = map(MAP_PRIVATE | MAP_ANONYMOUS, -1, 3);
	memset(a, 'A', 3 * PG);
	TRY("MADV_DONTNEED, private anonymous", madvise(a, PG, MADV_DONTNEED));
	show("its page after", a);
	show("the next page", a + PG);
	TRY("MADV_FREE, private anonymous", madvise(a + PG, PG, MADV_FREE));
	a[PG] = 'W';
	show("written again after MADV_FREE: the rest stays", a + PG);

	if (fork() == 0) {
		TRY("child: MADV_DONTNEED of the parent's copy", madvise(a + 2 * PG, PG, MADV_DONTNEED));
		show("child: after", a + 2 * PG);
		exit(0);
	}
	wait(&status);
	show("parent: its own page", a + 2 * PG);

	f = map(MAP_PRIVATE, fd, 1);
	memset(f, 'P', PG);
	show("private file mapping, written", f);
	TRY("MADV_DONTNEED, private file mapping", madvise(f, PG, MADV_DONTNEED));
	show("after: the file's", f);
	TRY("MADV_FREE, private file mapping", madvise(f, PG, MADV_FREE));

	s = map(MAP_SHARED | MAP_ANONYMOUS, -1, 1);
	memset(s, 'S', PG);
	TRY("MADV_DONTNEED, shared anonymous", madvise(s, PG, MADV_DONTNEED));
	show("after: the same", s);
	TRY("MADV_FREE, shared anonymous", madvise(s, PG, MADV_FREE));

	l = map(MAP_PRIVATE | MAP_ANONYMOUS, -1, 1);
	memset(l, 'L', PG);
	TRY("mlock", mlock(l, PG));
	TRY("MADV_DONTNEED, locked", madvise(l, PG, MADV_DONTNEED));
	show("still", l);
	TRY("MADV_DONTNEED_LOCKED", madvise(l, PG, MADV_DONTNEED_LOCKED));
	show("after", l);

	TRY("advice 999", madvise(a, PG, 999));
	TRY("advice 999, unaligned", madvise(a + 1, PG, 999));
	TRY("unaligned start", madvise(a + 1, PG, MADV_DONTNEED));
	TRY("length that wraps", madvise(a, -100, MADV_DONTNEED));
	TRY("length 0", madvise(a, 0, MADV_DONTNEED));
	TRY("MADV_NORMAL", madvise(a, 3 * PG, MADV_NORMAL));
	TRY("MADV_WILLNEED", madvise(a, 3 * PG, MADV_WILLNEED));
	memset(a, 'A', 3 * PG);
	TRY("munmap the middle page", munmap(a + PG, PG));
	TRY("MADV_DONTNEED over the hole", madvise(a, 3 * PG, MADV_DONTNEED));
	show("before the hole", a);
	show("after the hole", a + 2 * PG);
	TRY("MADV_DONTNEED of the hole only", madvise(a + PG, PG, MADV_DONTNEED));
	TRY("MADV_NORMAL of the hole only", madvise(a + PG, PG, MADV_NORMAL));
	return 0;
}
