// Operations on the limits of memory: protections changed page by page and then used by
// system calls (which must check them as the MMU checks the program), many small mappings,
// a file in /tmp written until the file system is full, and resource limits.
#include "fuzz.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#define NPAGES 4
#define MANY 512

static const int prots[] = { PROT_NONE, PROT_READ, PROT_READ | PROT_WRITE, PROT_WRITE, PROT_EXEC,
			     PROT_READ | PROT_EXEC };

// A broken promise: the kernel let a system call do what the program itself could not, or
// refused what it could. A worker stops with a failure; a child says so and goes on.
static void mismatch(const char *what, int page, int prot, long r)
{
	printf("fuzz: %c%d: %s (page %d, prot %d) gave %ld (%s)\n", is_kid ? 'k' : 'w', me,
	       what, page, prot, r, r < 0 ? strerror(errno) : "ok");
	if (!is_kid)
		_exit(3);
}

// What a write() from the page into a pipe and a read() into it must give, by the page's
// protection (on i386 every protection but PROT_NONE can be read).
static void check_page(char *p, int page, int prot, int fd, int zero)
{
	int readable = prot != PROT_NONE, writable = (prot & PROT_WRITE) != 0;
	long r;

	errno = 0;
	r = SC(SYS_write, fd, p, 8, 0, 0);
	if ((r == 8) != readable || (r < 0 && errno != EFAULT))
		mismatch("write from it", page, prot, r);
	errno = 0;
	r = SC(SYS_read, zero, p + 8, 8, 0, 0);
	if ((r == 8) != writable || (r < 0 && errno != EFAULT))
		mismatch("read into it", page, prot, r);
	if (readable)
		(void)*(volatile char *)p;	// the program itself reads it: no fault, no hang
	if (writable)
		*(volatile char *)(p + 16) = 1;
}

// Pages of anonymous memory (or of a shm attach), touched, then given protections page by
// page in a random sequence; then each page is used by system calls and by the program.
void op_prot(void)
{
	int prot[NPAGES], shm = !is_kid && chance(25), rdonly = shm && chance(50);
	char *p;

	if (shm) {
		p = attach_removed(NPAGES * PG, rdonly);
		if (p == (void *)-1)
			return;
	} else {
		p = mmap(NULL, NPAGES * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return;
	}
	for (int i = 0; i < NPAGES; i++) {
		prot[i] = rdonly ? PROT_READ : PROT_READ | PROT_WRITE;
		if (!rdonly && chance(70))
			p[i * PG] = 1;
	}
	for (int n = 1 + below(8); n > 0; n--) {
		int first = below(NPAGES), count = 1 + below(NPAGES - first), want = PICK(prots);
		long r = SC(SYS_mprotect, p + first * PG, count * PG, want, 0, 0);
		// Only a SHM_RDONLY attach refuses (EACCES); a limit may (ENOMEM).
		int refused = rdonly && (want & PROT_WRITE);
		if (refused ? r == 0 || errno != EACCES : r < 0 && errno != ENOMEM)
			mismatch("mprotect", first, want, r);
		for (int i = first; r == 0 && i < first + count; i++)
			prot[i] = want;
	}
	int pfd[2] = { -1, -1 }, zero = open("/dev/zero", O_RDONLY);
	if (pipe(pfd) == 0 && zero >= 0)	// a pipe holds 4 x 8 bytes without blocking
		for (int i = 0; i < NPAGES; i++)
			check_page(p + i * PG, i, prot[i], pfd[1], zero);
	for (int i = 0; i < 2; i++)
		if (pfd[i] >= 0)
			close(pfd[i]);
	if (zero >= 0)
		close(zero);
	if (shm)
		shmdt(p);
	else
		munmap(p, NPAGES * PG);
}

// Many one-page mappings in turn readable and writable, so that none merge; some touched.
// A child may leave them for exit to take down.
void op_many_maps(void)
{
	static char *maps[MANY];
	int n = 0, want = 1 + below(MANY);

	while (n < want) {
		int prot = n % 2 ? PROT_READ : PROT_READ | PROT_WRITE;
		char *p = mmap(NULL, PG, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			break;
		if (prot & PROT_WRITE && chance(20))
			*p = 1;
		maps[n++] = p;
	}
	if (trace)
		printf("%c%d mapped %d pages\n", is_kid ? 'k' : 'w', me, n);
	if (is_kid && chance(30))
		return;
	int up = chance(50);
	for (int i = 0; i < n; i++)
		munmap(maps[up ? i : n - 1 - i], PG);
}

// A file in our directory written until the file system is full (ENOSPC) or, now and
// then, an eighth of the free memory is in it (256 KiB else: writing is slow under QEMU);
// then cut and removed. The share keeps the workers, which may do this at once, from
// starving each other of memory.
void op_fill(void)
{
	char name[240], buf[PG];
	struct sysinfo si;
	long done = 0, r = 0, cap = 256 << 10;

	sysinfo(&si);
	if (chance(10))
		cap = (long)(si.freeram / 8 * si.mem_unit);
	if (cap > 16 << 20)
		cap = 16 << 20;
	snprintf(name, sizeof name, "%s.fill", paths[0]);
	int fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return;
	memset(buf, 'f', sizeof buf);
	while (done < cap && (r = write(fd, buf, chance(90) ? sizeof buf : 1 + below(sizeof buf))) > 0)
		done += r;
	if (trace)
		printf("%c%d filled %ld bytes: %s\n", is_kid ? 'k' : 'w', me, done, r < 0 ? strerror(errno) : "ok");
	if (r < 0 && errno != ENOSPC && errno != ENOMEM && errno != EFBIG)
		printf("fuzz: %c%d: filling a file: %s\n", is_kid ? 'k' : 'w', me, strerror(errno));
	if (chance(50))
		SC(SYS_ftruncate, fd, below(done + 1), 0, 0, 0);
	close(fd);
	unlink(name);
}

// Resource limits: read any, with bad resources and pids too; a child also sets its own,
// lower or (as root may) higher, and lives on under them.
void op_rlimit(void)
{
	static const int res[] = { RLIMIT_AS, RLIMIT_DATA, RLIMIT_STACK, RLIMIT_NOFILE, RLIMIT_NPROC,
				   RLIMIT_CORE, RLIMIT_FSIZE, 16, -1 };
	static const long pids[] = { 0, 0, 0, 1, -1, 99999 };
	static const unsigned long long vals[] = { 0, 1, PG, 1 << 20, 64 << 20, 0xffffffffull,
						   ~0ull, 32, 1024 };
	unsigned long long lim[2];
	int r = PICK(res);

	if (chance(50)) {
		SC(SYS_prlimit64, PICK(pids), r, 0, chance(90) ? (long)lim : bad_ptr(), 0);
		return;
	}
	if (chance(30)) {
		long where = chance(90) ? (long)lim : bad_ptr();
		if (chance(50))
			SC(SYS_ugetrlimit, r, where, 0, 0, 0);
		else
			SC(SYS_getrlimit, r, where, 0, 0, 0);	// the old one: infinity 0x7fffffff
		return;
	}
	if (!is_kid)
		return;		// a worker's own limits stay: its later operations count on them
	lim[0] = PICK(vals);
	lim[1] = chance(70) ? lim[0] : PICK(vals);
	SC(SYS_prlimit64, 0, r, chance(95) ? (long)lim : bad_ptr(), 0, 0);
}
