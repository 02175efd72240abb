// Long operations: system calls whose work grows with what the caller asks, which
// the kernel must do in bounded steps with the timer running, so that the other
// workers keep going meanwhile (a hang shows as the run's timeout): a readv of
// /dev/zero over many iovecs, a huge sparse mapping touched once per page table
// then protected and unmapped, a big shm segment removed while attached and then
// detached, and a path of thousands of components.
#include "fuzz.h"

#include <fcntl.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/uio.h>
#include <unistd.h>

#define MB (1L << 20)

// Up to 512 iovecs of up to half the arena each: up to 64 MiB zeroed in one call.
static void long_readv(void)
{
	struct iovec *iov = (struct iovec *)scratch;
	int cnt = 1 + below(PG / sizeof(*iov));
	long fd = SC(SYS_open, "/dev/zero", O_RDONLY, 0, 0, 0);

	for (int i = 0; i < cnt; i++)
		iov[i] = (struct iovec){ arena + below(ARENA / 2), below(ARENA / 2) };
	SC(SYS_readv, fd, iov, cnt, 0, 0);
	SC(SYS_close, fd, 0, 0, 0, 0);
}

// Touch one page in every 4 MiB of [p, p + len) and a few more.
static void touch_sparse(char *p, long len)
{
	for (long off = 0; off < len; off += 4 * MB)
		p[off + below(4 * MB / PG) * PG % (len - off)] = 1;
}

// A mapping of up to 512 MiB: page tables to copy, protect and free.
static void long_mapping(void)
{
	long len = (1 + below(128)) * 4 * MB;
	long p = SC(SYS_mmap2, 0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1);

	if (p == -1)
		return;
	touch_sparse((char *)p, len);
	if (chance(50))
		SC(SYS_mprotect, p, len, chance(50) ? PROT_READ : PROT_NONE, 0, 0);
	SC(SYS_munmap, p, len, 0, 0, 0);
}

// A private segment of up to 256 MiB, removed at once: it dies at the detach.
static void long_segment(void)
{
	long size = (1 + below(64)) * 4 * MB;
	char *p = attach_removed(size, 0);

	if (p == (void *)-1)
		return;
	touch_sparse(p, size);
	SC(SYS_shmdt, (long)p, 0, 0, 0, 0);
}

// "././.../d" or "d/../d/../.../d": up to about 4000 characters, one lookup each.
static void long_path(void)
{
	static char path[4100];
	const char *step = chance(50) ? "./" : "d/../";
	size_t n = 0, k = strlen(step), max = sizeof(path) - 2 - below(64);

	while (n + k <= max) {
		memcpy(path + n, step, k);
		n += k;
	}
	strcpy(path + n, "d");
	SC(SYS_stat64, path, scratch, 0, 0, 0);
}

void op_long(void)
{
	switch (below(4)) {
	case 0: long_readv(); break;
	case 1: long_mapping(); break;
	case 2: long_segment(); break;
	default: long_path(); break;
	}
}
