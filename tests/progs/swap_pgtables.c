// swap_pgtables: calls that need many page tables at once when the memory is full, on a
// 16 MiB machine with swap: a fork from a process with two threads, and an mremap that
// moves a sparse mapping. Neither may sleep for a page table in the middle (another
// thread could change the mappings; the PTEs move one by one), so the kernel puts pages
// out before it starts (mm/vmscan.c's reclaim_for): nothing may be killed while swap
// has room, and every page keeps its contents. shmos only: the pressure is the 16 MiB
// machine's; the .out is what Linux says.
// host: no (the memory is filled by MemTotal; the host's would not swap)
// mem: 16M
// disk: swap 65536
// cmdline: swap=/dev/hda
// timeout: 200
#define _GNU_SOURCE
#include <pthread.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include "check.h"

#define SPAN	(4L << 20)	/* one page table's reach */
#define TABLES	250		/* 1 MiB of page tables, more than is free */

static int pipe_fd[2];

/* The second thread: it only has to exist while the process forks. */
static void *sleeper(void *arg)
{
	char c;

	(void)arg;
	return read(pipe_fd[0], &c, 1) < 0 ? NULL : arg;
}

/* Memory as large as the machine's, written: the rest of the test finds it full. */
static unsigned *fill(long pages)
{
	unsigned *p = mmap(NULL, pages * 4096, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	for (long i = 0; i < pages; i++)
		p[i * 1024] = i * 7 + 1;
	return p;
}

static int fill_ok(const unsigned *p, long pages)
{
	for (long i = 0; i < pages; i++)
		if (p[i * 1024] != (unsigned)(i * 7 + 1))
			return 0;
	return 1;
}

/* One word in the first page of each 4 MiB: a page table each. */
static char *sparse(void)
{
	char *p = mmap(NULL, TABLES * SPAN, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	for (long t = 0; t < TABLES; t++)
		*(long *)(p + t * SPAN) = t + 1000;
	return p;
}

static int sparse_ok(const char *p)
{
	for (long t = 0; t < TABLES; t++)
		if (*(const long *)(p + t * SPAN) != t + 1000)
			return 0;
	return 1;
}

int main(void)
{
	long pages = file_value("/proc/meminfo", "MemTotal:") / 4;
	unsigned *big = fill(pages);
	char *sp = sparse(), *moved;
	pthread_t th;
	int status = -1;
	pid_t kid;

	printf("memory filled, sparse mapping made: %s\n", yes(big && sp));
	if (pipe(pipe_fd) || pthread_create(&th, NULL, sleeper, NULL))
		return 1;
	fflush(stdout);
	kid = fork();
	if (kid == 0)
		_exit(sparse_ok(sp) ? 0 : 1);	/* the parent checks the rest at the end */
	if (kid > 0)
		waitpid(kid, &status, 0);
	printf("fork beside a thread: child saw every page: %s\n",
	       yes(kid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0));
	if (write(pipe_fd[1], "x", 1) != 1 || pthread_join(th, NULL))
		return 1;
	fill(pages / 2);	/* and the memory full again: the child's went back */
	moved = mmap(NULL, TABLES * SPAN, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
		     -1, 0);	/* where it goes */
	if (moved != MAP_FAILED)
		moved = mremap(sp, TABLES * SPAN, TABLES * SPAN, MREMAP_MAYMOVE | MREMAP_FIXED, moved);
	printf("mremap moved the sparse mapping: %s\n", yes(moved != MAP_FAILED && moved != sp));
	printf("every page right after: %s\n",
	       yes(moved != MAP_FAILED && sparse_ok(moved) && fill_ok(big, pages)));
	return 0;
}
