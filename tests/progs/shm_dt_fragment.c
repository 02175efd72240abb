// shm_dt_fragment: shmdt(addr) detaches the attach made at addr, every piece of it that munmap
// left, and nothing else: not a piece of another segment that happens to have been attached
// at the same addr (issue 13, defect 17). Linux's rule: the first piece at or above addr whose
// origin (its start less its page offset in the segment) is addr names the segment; then only
// that segment's pieces with that origin, within the segment's size of addr, go.
#include <stdio.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <unistd.h>

#include "check.h"

#define PG 4096

static int nattch(int id)
{
	struct shmid_ds ds;

	return shmctl(id, IPC_STAT, &ds) < 0 ? -1 : (int)ds.shm_nattch;
}

// A free stretch of address space: mapped, then given back.
static char *room(int pages)
{
	char *p = mmap(NULL, pages * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(p, pages * PG);
	return p;
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	int a = shmget(IPC_PRIVATE, PG, 0600), b = shmget(IPC_PRIVATE, 2 * PG, 0600);
	int c = shmget(IPC_PRIVATE, 3 * PG, 0600);

	// b at x, its first page unmapped: the piece left at x + PG has origin x. Then a at x.
	char *x = room(4);
	char *pb = shmat(b, x, 0);
	pb[PG] = 'b';
	TRY("munmap b's first page", munmap(x, PG));
	TRY("shmat a at the same address", shmat(a, x, 0) == x ? 0 : -1);
	printf("a %d, b %d attached\n", nattch(a), nattch(b));
	TRY("shmdt(x)", shmdt(x));
	printf("a %d, b %d attached\n", nattch(a), nattch(b));
	printf("b's piece is still there: %s\n", yes(x[PG] == 'b'));
	TRY("shmdt(x) again: b's piece has that origin", shmdt(x));
	printf("a %d, b %d attached\n", nattch(a), nattch(b));

	// c at x with its middle page unmapped: two pieces, both go.
	shmat(c, x, 0);
	munmap(x + PG, PG);
	printf("c %d attached\n", nattch(c));
	TRY("shmdt(x) of c in two pieces", shmdt(x));
	printf("c %d attached\n", nattch(c));

	// c at x with its first page unmapped: the first piece found is above x.
	shmat(c, x, 0);
	munmap(x, PG);
	TRY("shmdt(x) of c without its first page", shmdt(x));
	printf("c %d attached\n", nattch(c));

	// Addresses that are not an attach's origin.
	shmat(c, x, 0);
	TRY("shmdt(x + PG), inside c", shmdt(x + PG));
	TRY("shmdt(x + 1)", shmdt(x + 1));
	char *anon = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	TRY("shmdt of a MAP_SHARED|MAP_ANONYMOUS mapping", shmdt(anon));
	TRY("shmdt(x)", shmdt(x));
	printf("c %d attached\n", nattch(c));

	shmctl(a, IPC_RMID, NULL);
	shmctl(b, IPC_RMID, NULL);
	shmctl(c, IPC_RMID, NULL);
	return 0;
}
