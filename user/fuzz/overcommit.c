// Overcommit: now and then a worker takes much more memory than the machine has free, in
// one of four kinds: private anonymous memory, a System V segment, a MAP_SHARED |
// MAP_ANONYMOUS mapping, or a file of /dev/shm (written by write() or through a shared
// mapping; tmpfs holds half the memory at most, so private memory makes up the rest).
// Every word gets a pattern and is checked; then it is all given back. Only on shmos, with
// a swap area that has room for what does not fit (on Linux it would take the host's
// memory): there the out-of-memory killer must not come, and a word must never be wrong.
// A child of the worker does it, so that a kill, if one comes, is seen and reported.
#include "fuzz.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/statvfs.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <unistd.h>

enum { ANON, SYSV, SHARED_ANON, SHM_FILE, KINDS };

static const char *const kind_names[KINDS] = { "private", "shm segment", "MAP_SHARED anon",
					       "/dev/shm file" };

// Word i of a pattern: salt picks the pattern.
static uint32_t pattern(uint32_t salt, size_t i)
{
	return (uint32_t)(i * 2654435761u) ^ salt;
}

// Words [from, from + n) of the pattern into p.
static void fill(uint32_t *p, size_t n, uint32_t salt, size_t from)
{
	for (size_t i = 0; i < n; i++)
		p[i] = pattern(salt, from + i);
}

// Does p hold words [from, from + n) of the pattern?
static int holds(const uint32_t *p, size_t n, uint32_t salt, size_t from)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != pattern(salt, from + i))
			return 0;
	return 1;
}

// Private memory of len bytes, filled and checked: 0, 1 for a wrong word, 2 if none.
static int private_part(size_t len, uint32_t salt)
{
	uint32_t *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return 2;
	fill(p, len / 4, salt, 0);
	return !holds(p, len / 4, salt, 0);
}

// A file of /dev/shm (half what the tmpfs has room for, at most: other workers may do
// this at once), written by write() and checked through a shared mapping, or the other
// way round; then private memory for the rest of len.
static int file_part(size_t len, uint32_t salt)
{
	char name[64];
	struct statvfs vfs;
	size_t flen = len, room;
	uint32_t *p, buf[1024];
	int fd, bad = 0, by_write = chance(50);

	if (statvfs("/dev/shm", &vfs) < 0)
		return 2;
	room = (size_t)vfs.f_bavail * vfs.f_bsize / 2 & ~(size_t)(PG - 1);
	if (flen > room)
		flen = room;
	snprintf(name, sizeof name, "/dev/shm/fuzz.%d", getpid());
	if (flen < PG || (fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0600)) < 0)
		return 2;
	unlink(name);		// it goes with the descriptor
	for (size_t off = 0; by_write && off < flen && !bad; off += sizeof buf) {
		fill(buf, N(buf), salt, off / 4);
		if (write(fd, buf, sizeof buf) != sizeof buf)
			bad = 2;	// ENOSPC: others took the room
	}
	if (!bad && !by_write && ftruncate(fd, flen) < 0)
		bad = 2;
	p = bad ? MAP_FAILED : mmap(NULL, flen, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		close(fd);
		return 2;
	}
	if (!by_write)
		fill(p, flen / 4, salt, 0);
	bad = len > flen ? private_part(len - flen, salt + 1) : 0;
	if (bad != 1 && by_write && !holds(p, flen / 4, salt, 0))
		bad = 1;
	for (size_t off = 0; bad != 1 && !by_write && off < flen; off += sizeof buf)
		if (pread(fd, buf, sizeof buf, off) != sizeof buf ||
		    !holds(buf, N(buf), salt, off / 4))
			bad = 1;
	munmap(p, flen);
	close(fd);
	return bad;
}

// The child: len bytes of kind, written and checked. Exit 0, 1 for a wrong word, 2 when
// the memory could not be had (mmap, shmget or the tmpfs said no).
static int take(int kind, size_t len, uint32_t salt)
{
	uint32_t *p = MAP_FAILED;

	switch (kind) {
	case ANON:
		return private_part(len, salt);
	case SHM_FILE:
		return file_part(len, salt);
	case SYSV:
		if ((p = attach_removed(len, 0)) == (void *)-1)
			return 2;
		break;
	case SHARED_ANON:
		p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return 2;
		break;
	}
	fill(p, len / 4, salt, 0);
	return !holds(p, len / 4, salt, 0);
}

void op_overcommit(void)
{
	struct sysinfo si;
	size_t len, extra;
	int kind = below(KINDS), st;
	uint32_t salt = rnd();
	pid_t pid;

	if (!on_shmos() || !chance(3) || sysinfo(&si) < 0 || si.totalswap == 0)
		return;
	// Twice the free memory, if a sixth of the free swap can take the other half: the
	// workers may do this at once, and the rest of the fuzzing takes memory too.
	extra = si.freeram;
	if (extra > si.freeswap / 6)
		extra = si.freeswap / 6;
	len = ((size_t)si.freeram + extra) * si.mem_unit & ~(size_t)(PG - 1);
	if (extra < si.freeram / 4 || len < 4 * PG)
		return;		// not much more than is free: the swap is busy
	if (trace)
		printf("w%d overcommit: %zu KiB of %s (%lu KiB free, %lu KiB of swap)\n", me,
		       len >> 10, kind_names[kind], si.freeram * si.mem_unit >> 10,
		       si.freeswap * si.mem_unit >> 10);
	if ((pid = fork()) == 0)
		_exit(take(kind, len, salt));
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return;
	if (WIFEXITED(st) && WEXITSTATUS(st) != 1)
		return;		// all right, or the memory could not be had
	if (WIFSIGNALED(st) && WTERMSIG(st) == SIGBUS && kind == SHM_FILE)
		return;		// the tmpfs filled up under the mapping: Linux's answer too
	sysinfo(&si);
	if (WIFSIGNALED(st))
		printf("fuzz: w%d: overcommit of %zu KiB (%s) killed by %s, %lu KiB of swap free\n",
		       me, len >> 10, kind_names[kind], sigabbrev_np(WTERMSIG(st)),
		       si.freeswap * si.mem_unit >> 10);
	else
		printf("fuzz: w%d: overcommit of %zu KiB (%s): a word was wrong\n", me,
		       len >> 10, kind_names[kind]);
	_exit(3);
}
