// mremap: shrink a mapping (its tail goes), grow it in place when the pages after it are
// free, move it with MREMAP_MAYMOVE (or to a chosen place with MREMAP_FIXED) with its
// pages: the data moves, it is not copied, so a shared page stays shared with its file and
// with other processes. MREMAP_DONTUNMAP leaves the old range mapped and empty; an old length
// of 0 duplicates a shared mapping. Then Linux's errors, and remap_file_pages, which Linux
// since 3.16 emulates with an mmap of another part of the file over the range.
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define PG 4096
#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4
#endif

// Is there a mapping at p?  msync(MS_ASYNC) fails with ENOMEM on a hole, and touches nothing.
static const char *mapped(void *p)
{
	return msync(p, PG, MS_ASYNC) == 0 ? "mapped" : errno == ENOMEM ? "unmapped" : ename(errno);
}

// What touching p does, in a child: "ok" or the signal it died of.
static const char *touch(volatile char *p)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		*p = *p;
		_exit(0);
	}
	waitpid(pid, &st, 0);
	return WIFSIGNALED(st) ? sigabbrev_np(WTERMSIG(st)) : "ok";
}

// A fresh anonymous mapping of n pages, page i holding "page i".
static char *pages(int n, int flags)
{
	char *p = mmap(NULL, n * PG, PROT_READ | PROT_WRITE, flags | MAP_ANONYMOUS, -1, 0);

	for (int i = 0; i < n; i++)
		sprintf(p + i * PG, "page %d", i);
	return p;
}

static void *mr(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	return mremap(old, old_len, new_len, flags, new_addr);
}

static void resize(void)
{
	char *p = pages(4, MAP_PRIVATE), *q, *r;

	q = mr(p, 4 * PG, 2 * PG, 0, NULL);
	printf("shrink to 2 pages: %s, page 1 %s, page 2 %s\n", q == p ? "same place" : "moved",
	       mapped(p + PG), mapped(p + 2 * PG));
	q = mr(p, 2 * PG, 3 * PG, 0, NULL);
	printf("grow to 3 in place: %s, data %s, new page %s\n", q == p ? "same place" : ename(errno),
	       p + PG, touch(p + 2 * PG));
	printf("the new page reads zero: %s\n", yes(p[2 * PG] == 0));
	r = mmap(p + 3 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	q = mr(p, 3 * PG, 5 * PG, 0, NULL);
	printf("grow into another mapping, no MAYMOVE: %s\n", q == MAP_FAILED ? ename(errno) : "grew");
	q = mr(p, 3 * PG, 5 * PG, MREMAP_MAYMOVE, NULL);
	printf("with MREMAP_MAYMOVE: %s, data %s %s, old place %s, the other mapping %s\n",
	       q == MAP_FAILED ? ename(errno) : q == p ? "same place" : "moved", q, q + PG,
	       mapped(p), mapped(r));
	printf("its last pages read zero: %s\n", yes(q[3 * PG] == 0 && q[5 * PG - 1] == 0));
	p = q;

	// Move a part out of the middle, to a place of our choosing.
	r = mmap(NULL, 2 * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	q = mr(p + PG, PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, r);
	printf("MREMAP_FIXED page 1 onto another mapping: %s, data %s, writable %s\n",
	       q == r ? "there" : ename(errno), q, touch(q));
	printf("  page 0 %s, page 1 %s, page 2 %s\n", mapped(p), mapped(p + PG), mapped(p + 2 * PG));
	munmap(p, 5 * PG);
	munmap(q, 2 * PG);
}

static void errors(void)
{
	char *p = pages(4, MAP_PRIVATE), *q;

	munmap(p + 3 * PG, PG);
	printf("unaligned address: %s\n", mr(p + 1, PG, PG, 0, NULL) == MAP_FAILED ? ename(errno) : "ok");
	printf("new length 0: %s\n", mr(p, PG, 0, MREMAP_MAYMOVE, NULL) == MAP_FAILED ? ename(errno) : "ok");
	printf("unknown flag: %s\n", mr(p, PG, PG, 8, NULL) == MAP_FAILED ? ename(errno) : "ok");
	printf("MREMAP_FIXED alone: %s\n",
	       mr(p, PG, PG, MREMAP_FIXED, p + 8 * PG) == MAP_FAILED ? ename(errno) : "ok");
	printf("MREMAP_FIXED, unaligned target: %s\n",
	       mr(p, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, p + 8 * PG + 1) == MAP_FAILED ? ename(errno) : "ok");
	printf("MREMAP_FIXED onto itself: %s\n",
	       mr(p, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, p + PG) == MAP_FAILED ? ename(errno) : "ok");
	printf("MREMAP_DONTUNMAP, another size: %s\n",
	       mr(p, PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, NULL) == MAP_FAILED ? ename(errno) : "ok");
	printf("MREMAP_DONTUNMAP without MAYMOVE: %s\n",
	       mr(p, PG, PG, MREMAP_DONTUNMAP, NULL) == MAP_FAILED ? ename(errno) : "ok");
	printf("not mapped: %s\n", mr(p + 3 * PG, PG, 2 * PG, MREMAP_MAYMOVE, NULL) == MAP_FAILED ? ename(errno) : "ok");
	printf("shrink of something not mapped: %s\n", mr(p + 3 * PG, 2 * PG, PG, 0, NULL) == MAP_FAILED ? ename(errno) : "ok");
	printf("old length across the end: %s\n", mr(p, 4 * PG, 5 * PG, MREMAP_MAYMOVE, NULL) == MAP_FAILED ? ename(errno) : "ok");
	printf("old length 0 of a private mapping: %s\n", mr(p, 0, PG, MREMAP_MAYMOVE, NULL) == MAP_FAILED ? ename(errno) : "ok");
	q = mr(p, 2 * PG, 2 * PG, 0, NULL);
	printf("same length: %s\n", q == p ? "same place" : ename(errno));
	printf("shrink the last page away: %s, page 2 %s\n",
	       mr(p + 2 * PG, PG, PG, 0, NULL) == p + 2 * PG ? "ok" : ename(errno), mapped(p + 2 * PG));
	munmap(p, 4 * PG);
}

static void sharing(void)
{
	char *p = pages(2, MAP_SHARED), *q, *d;
	int st;

	// A shared page moves with its sharing: a child made before the move still sees it.
	int go[2];
	pipe(go);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		read(go[0], &c, 1);
		printf("child, after the parent moved it: %s\n", p + PG);
		_exit(0);
	}
	q = mr(p, 2 * PG, 8 * PG, MREMAP_MAYMOVE, NULL);
	strcpy(q + PG, "written after the move");
	write(go[1], "x", 1);
	waitpid(pid, &st, 0);

	// Old length 0: a second mapping of the same shared pages.
	d = mr(q, 0, 2 * PG, MREMAP_MAYMOVE, NULL);
	printf("duplicate: %s, reads %s\n", d == MAP_FAILED ? ename(errno) : d == q ? "same place" : "elsewhere", d);
	strcpy(d, "through the duplicate");
	printf("the original sees it: %s\n", q);
	printf("grown past the segment, the new page: %s\n", touch(q + 4 * PG));
	munmap(d, 2 * PG);
	munmap(q, 8 * PG);

	// MREMAP_DONTUNMAP: the old range stays, empty.
	p = pages(2, MAP_PRIVATE);
	q = mr(p, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, NULL);
	printf("MREMAP_DONTUNMAP: %s, new reads %s, old %s and reads zero: %s\n",
	       q == MAP_FAILED ? ename(errno) : q == p ? "same place" : "moved", q, mapped(p),
	       yes(p[0] == 0 && p[PG] == 0));
	munmap(p, 2 * PG);
	munmap(q, 2 * PG);

	// A System V attach moves too, and shmdt finds it at its new place.
	int id = shmget(IPC_PRIVATE, 2 * PG, 0600);
	struct shmid_ds ds;
	p = shmat(id, NULL, 0);
	strcpy(p + PG, "segment");
	q = mr(p, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, p + 16 * PG);
	shmctl(id, IPC_STAT, &ds);
	printf("shm moved: %s, reads %s, nattch %lu\n", q == p + 16 * PG ? "there" : ename(errno),
	       q + PG, (unsigned long)ds.shm_nattch);
	TRY("shmdt at the old place", shmdt(p));
	TRY("shmdt at the new place", shmdt(q));
	shmctl(id, IPC_STAT, &ds);
	printf("nattch %lu\n", (unsigned long)ds.shm_nattch);
	shmctl(id, IPC_RMID, NULL);
}

static void files(void)
{
	char path[64];
	int fd;
	char *p, *q;

	snprintf(path, sizeof(path), "/tmp/mremap.%d", getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	for (int i = 0; i < 4; i++) {
		char s[16];
		snprintf(s, sizeof(s), "file page %d", i);
		pwrite(fd, s, strlen(s) + 1, i * PG);
	}
	p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, PG);
	q = mr(p, 2 * PG, 6 * PG, MREMAP_MAYMOVE, NULL);
	printf("file mapping grown: %s %s %s\n", q + 0, q + PG, q + 2 * PG);
	strcpy(q + PG, "stored after mremap");
	char buf[32];
	pread(fd, buf, sizeof(buf), 2 * PG);
	printf("the file has it: %s\n", buf);
	printf("page 3 of the mapping (file page 4, past the end): %s\n", touch(q + 3 * PG));

	// remap_file_pages: put file page 0 where page 2 was, and page 3 at the start.
	TRY("remap_file_pages(page 0 -> file page 3)", remap_file_pages(q, PG, 0, 3, 0));
	TRY("remap_file_pages(page 1 -> file page 0)", remap_file_pages(q + PG, PG, 0, 0, 0));
	printf("now: %s, %s, %s\n", q, q + PG, q + 2 * PG);
	strcpy(q, "through the remapped page");
	pread(fd, buf, sizeof(buf), 3 * PG);
	printf("file page 3: %s\n", buf);
	TRY("remap_file_pages of two pages from file page 1", remap_file_pages(q, 2 * PG, 0, 1, 0));
	printf("now: %s, %s\n", q, q + PG);
	TRY("prot not 0", remap_file_pages(q, PG, PROT_READ, 0, 0));
	TRY("past the mapping", remap_file_pages(q + 5 * PG, 2 * PG, 0, 0, 0));
	TRY("not mapped", remap_file_pages(q + 6 * PG, PG, 0, 0, 0));
	TRY("unaligned start and size (rounded down)", remap_file_pages(q + 5, PG + 5, 0, 2, 0));
	printf("now: %s\n", q);
	TRY("size 0", remap_file_pages(q, 0, 0, 0, 0));
	char *priv = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 0);
	TRY("a private mapping", remap_file_pages(priv, PG, 0, 1, 0));
	munmap(priv, PG);
	char *anon = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	TRY("shared anonymous memory", remap_file_pages(anon, PG, 0, 0, 0));
	munmap(anon, PG);
	munmap(q, 6 * PG);
	close(fd);
	unlink(path);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	resize();
	errors();
	sharing();
	files();
	return 0;
}
