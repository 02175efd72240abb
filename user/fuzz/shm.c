// Operations on System V shared memory, through ipc() or the direct calls.
// Only segments this process created are changed or removed. And a race of two
// threads of one worker (op_shm_thread): both attach, touch and detach one segment
// at once, on two CPUs where there are several, while one of them removes it. And
// op_shm_remap: one thread protects, moves, shrinks, punches, detaches and removes an
// attach while the other has the kernel read it and look up futexes in it.
#include "fuzz.h"

#include <string.h>
#include <sys/ipc.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <unistd.h>

// ipc()'s call numbers and its IPC_64 flag; the direct calls Linux 5.1 added beside it
#define IPC_SHMAT 21
#define IPC_SHMDT 22
#define IPC_SHMGET 23
#define IPC_SHMCTL 24
#define IPC_64 0x100
#define NR_shmget 395
#define NR_shmctl 396
#define NR_shmat 397
#define NR_shmdt 398

struct seg segs[NSEG];
int nsegs;

// ---- bookkeeping ----

static int own_seg(long id)
{
	for (int i = 0; i < nsegs; i++)
		if (segs[i].id == id)
			return i;
	return -1;
}

// An id that is ours (live or stale) or plainly invalid: safe to change or remove.
static long seg_mine(void)
{
	static const long bad[] = { -1, 0x7fffffff, 0x80000000 };
	return nsegs && chance(85) ? segs[below(nsegs)].id : PICK(bad);
}

// ---- operations ----

static long shmget_(long key, long size, long flg)
{
	if (chance(50))
		return SC(SYS_ipc, IPC_SHMGET | (chance(90) ? 0 : below(4) << 16), key, size, flg, 0);
	return SC(NR_shmget, key, size, flg, 0, 0);
}

static long shmctl_(long id, long cmd, long buf)
{
	if (chance(50))
		return SC(SYS_ipc, IPC_SHMCTL, id, chance(85) ? cmd | IPC_64 : cmd, 0, buf);
	return SC(NR_shmctl, id, chance(90) ? cmd : cmd | IPC_64, buf, 0, 0);
}

static long seg_size(void)
{
	static const long sizes[] = { 0, 1, 100, PG, PG + 1, 5 * PG, 1 << 20, 0x7fffffff, -1 };
	return chance(50) ? (long)(1 + below(4 * PG)) : PICK(sizes);
}

// A private segment of size bytes, attached (read-only if rdonly) and removed at once, so
// that it dies with its last detach: its address, or (void *)-1. Children never create
// segments: a child killed between the shmget and the IPC_RMID (the worker's cleanup
// kills its children at any instruction) would leave one nobody can remove.
void *attach_removed(long size, int rdonly)
{
	long id = is_kid ? -1 : SC(SYS_shmget, IPC_PRIVATE, size, IPC_CREAT | 0600, 0, 0);
	void *p;

	if (id < 0)
		return (void *)-1;
	p = (void *)SC(SYS_shmat, id, 0, rdonly ? SHM_RDONLY : 0, 0, 0);
	SC(SYS_shmctl, id, IPC_RMID, 0, 0, 0);
	return p;
}

void op_shmget(void)
{
	long key = chance(50) ? IPC_PRIVATE : keys[below(N(keys))], flg = mode() & 0777;
	if (chance(20))
		flg |= below(8) << 9;	// IPC_CREAT, IPC_EXCL, IPC_NOWAIT in any mix
	else if (chance(60))
		flg |= IPC_CREAT | IPC_EXCL;
	if (chance(5))
		flg |= SHM_HUGETLB;
	// A keyed IPC_CREAT without IPC_EXCL could find a segment we did not make.
	if (key != IPC_PRIVATE && (flg & IPC_CREAT) && !(flg & IPC_EXCL))
		flg &= ~IPC_CREAT;
	// Children never create: a segment of a killed child could not be removed.
	if (is_kid && (key == IPC_PRIVATE || (flg & IPC_CREAT)))
		key = keys[0], flg &= ~IPC_CREAT;
	long size = seg_size(), id = shmget_(key, size, flg);
	if (id < 0 || own_seg(id) >= 0 || !(key == IPC_PRIVATE || (flg & IPC_CREAT)))
		return;
	if (nsegs == NSEG) {	// forget a removed one, or remove a live one
		int i = below(NSEG);
		if (segs[i].live)
			syscall(SYS_ipc, IPC_SHMCTL, segs[i].id, IPC_RMID | IPC_64, 0, 0);
		segs[i] = segs[--nsegs];
	}
	segs[nsegs++] = (struct seg){ id, size, 1 };
}

// SHM_REMAP replaces whatever the whole segment would cover: allow it only
// where all of that is ours to lose (the arena, one of our regions) or is
// kernel space. Elsewhere it could replace the stack or the vDSO.
static int remap_ok(long addr, long flg, int i)
{
	if (i < 0 || (unsigned long)addr >= 0xc0000000ul)
		return 1;	// a bad id fails anyway; kernel space is refused
	uintptr_t a = flg & SHM_RND ? addr & ~(PG - 1) : addr;
	if (a == 0)
		return 1;	// rounded down to 0 with SHM_REMAP: refused
	uintptr_t end = a + ((segs[i].size + PG - 1) & ~(size_t)(PG - 1));
	if (end < a)
		return 0;
	if (a >= (uintptr_t)arena && end <= (uintptr_t)arena + ARENA)
		return 1;
	for (int k = 0; k < nregs; k++)
		if (a >= regs[k].addr && end <= regs[k].addr + regs[k].len)
			return 1;
	return 0;
}

void op_shmat(void)
{
	static const long flags[] = { 0, 0, SHM_RDONLY, SHM_RND, SHM_REMAP, SHM_EXEC, SHM_RDONLY | SHM_RND, 0x80000 };
	long id = seg_mine(), flg = PICK(flags), addr = 0, len = 0;
	int i = own_seg(id);
	if (chance(40))
		arena_range(&addr, &len);
	else if (chance(10))
		addr = 0x800, flg |= SHM_RND | SHM_REMAP;	// rounds to 0: refused
	else if (chance(10) && nregs)
		addr = regs[below(nregs)].addr;	// ours: SHM_REMAP may replace it
	if ((flg & SHM_REMAP) && !remap_ok(addr, flg, i))
		flg &= ~SHM_REMAP;
	// Linux skips the overlap check when SHM_RND rounds down to 0: as root,
	// the segment would then be mapped at 0, over whatever is there, and NULL
	// would stop being a bad pointer. Never ask for that.
	if (addr && addr < PG && !(flg & SHM_REMAP))
		addr = 0;
	long r;
	if (chance(50)) {
		r = SC(NR_shmat, id, addr, flg, 0, 0);
	} else {
		static unsigned long got;
		long where = chance(90) ? (long)&got : bad_ptr();
		r = SC(SYS_ipc, IPC_SHMAT, id, flg, where, addr);
		r = r < 0 || where != (long)&got ? -1 : (long)got;
	}
	if (r == -1 || i < 0)
		return;
	size_t sz = (segs[i].size + PG - 1) & ~(size_t)(PG - 1);
	clobbered(r, sz);
	int inside = (uintptr_t)r >= (uintptr_t)arena && (uintptr_t)r < (uintptr_t)arena + ARENA;
	if (!inside)
		add_region(r, sz, !(flg & SHM_RDONLY) && sz <= 64 * PG, 1);
}

void op_shmdt(void)
{
	long addr = 0;
	switch (below(5)) {
	case 0: addr = bad_ptr(); break;
	case 1: addr = (long)arena + below(ARENA); break;
	default:	// mostly one of our attaches
		for (int i = 0, n = below(nregs + 1); i < nregs; i++)
			if (regs[i].shm && (addr = regs[i].addr) && --n < 0)
				break;
		if (chance(20))
			addr += chance(50) ? PG : 1;
	}
	long r = chance(50) ? SC(SYS_ipc, IPC_SHMDT, 0, 0, 0, addr) : SC(NR_shmdt, addr, 0, 0, 0, 0);
	if (r == 0)
		drop_region(addr);
}

void op_shmctl(void)
{
	static const long safe[] = { IPC_STAT, IPC_INFO, SHM_INFO, SHM_STAT, SHM_STAT_ANY, 4, 16, 99, -1 };
	static const long change[] = { IPC_SET, IPC_RMID, SHM_LOCK, SHM_UNLOCK };
	long cmd, id;
	if (chance(60)) {
		cmd = PICK(safe);
		id = cmd == SHM_STAT || cmd == SHM_STAT_ANY ? (long)below(300) : chance(80) ? seg_mine() : (long)below(1 << 16);
	} else {
		cmd = PICK(change);
		id = seg_mine();
	}
	long buf = ptr(84);
	if (cmd == IPC_SET && chance(70)) {	// a well-formed request: mode and owner as they are
		memset(scratch, 0, 84);
		*(uint32_t *)(scratch + 4) = chance(90) ? geteuid() : 0xffffffff;
		*(uint32_t *)(scratch + 8) = getegid();
		*(uint16_t *)(scratch + 20) = chance(80) ? 0600 : below(010000);
		buf = (long)scratch;
	}
	long r = shmctl_(id, cmd, buf);
	int i = own_seg(id);
	if (cmd == IPC_RMID && r == 0 && i >= 0)
		segs[i].live = 0;
}

// ---- two threads of this worker attach one segment at once ----

static volatile long race_id;
static volatile int race_pages;

// The raw call, for the thread: no glibc there (no errno); -errno on failure.
static long raw_call(long nr, long a, long b, long c)
{
	long r;

	asm volatile("int $0x80" : "=a"(r) : "0"(nr), "b"(a), "c"(b), "d"(c) : "memory");
	return r;
}

// Attach race_id, write word `which` of each page, read it back, detach; 0, or -errno.
// Each thread detaches only its own attach: the other's may be anywhere.
static long attach_touch_detach(int which)
{
	long a = raw_call(NR_shmat, race_id, 0, 0);

	if ((unsigned long)a >= -4095ul)
		return a;	// removed meanwhile: EINVAL or EIDRM
	for (int i = 0; i < race_pages; i++) {
		volatile long *w = (volatile long *)(a + i * PG) + which;

		*w = a;
		if (*w != a)	// a write lost: fault, and the worker's death says so
			*(volatile long *)0 = 0;
	}
	return raw_call(NR_shmdt, a, 0, 0);
}

static void race_thread(void)
{
	for (int i = 0; i < 8; i++)
		attach_touch_detach(1);
}

// Only workers: a child killed between the shmget and the IPC_RMID would leave the
// segment. The thread is joined before we go on, so nothing else of ours runs beside it.
void op_shm_thread(void)
{
	int rounds = 8, removed_at = below(rounds + 1);
	long tid;

	race_pages = 1 + below(8);
	race_id = SC(SYS_shmget, IPC_PRIVATE, race_pages * PG, IPC_CREAT | 0600, 0, 0);
	if (race_id < 0)
		return;
	if ((tid = thread_clone(race_thread)) <= 0) {
		SC(SYS_shmctl, race_id, IPC_RMID, 0, 0, 0);
		return;
	}
	for (int i = 0; i < rounds; i++) {
		if (i == removed_at)
			SC(SYS_shmctl, race_id, IPC_RMID, 0, 0, 0);
		if (chance(30))
			SC(SYS_shmctl, race_id, IPC_STAT, (long)scratch, 0, 0);
		attach_touch_detach(0);
	}
	if (removed_at == rounds)
		SC(SYS_shmctl, race_id, IPC_RMID, 0, 0, 0);
	thread_join(tid);
}

// ---- one thread changes an attach while the kernel reaches into it for the other ----

static volatile long reach_addr;	// the attach, where the changing thread has it now
static volatile int reach_stop;
static int reach_pipe[2];

// The kernel copies from the attach into a pipe and looks up a futex in it: both find
// the page, or say EFAULT, whatever the other thread has just done to it. The thread
// itself touches nothing there (a fault would kill the worker); it only reads the pipe
// back into its own buffer.
static void reach_thread(void)
{
	static char buf[64];

	for (int i = 0; i < 100000 && !reach_stop; i++) {
		long a = reach_addr + (i % race_pages) * PG;

		raw_call(SYS_write, reach_pipe[1], a, sizeof buf);
		raw_call(SYS_read, reach_pipe[0], (long)buf, sizeof buf);
		raw_call(SYS_futex, a, i & 1 ? FUTEX_WAKE : FUTEX_WAKE_PRIVATE, 1);
	}
}

// One change to the attach at a of len bytes; returns where it is now (0: gone).
static long change_attach(long id, long a, long *len)
{
	static const long prots[] = { PROT_READ, PROT_NONE, PROT_READ | PROT_WRITE };
	long r, n = (1 + below(race_pages)) * PG;

	switch (below(5)) {
	case 0:
		SC(SYS_mprotect, a, *len, PICK(prots), 0, 0);
		return a;
	case 1:		// shrink in place, or move (perhaps to grow: the end is not the segment's)
		r = SC(SYS_mremap, a, *len, n, chance(50) ? MREMAP_MAYMOVE : 0, 0);
		if (r < 0)
			return a;
		*len = n;
		return r;
	case 2:		// a page of it: never past its end, where the worker's own may be
		SC(SYS_munmap, a + below(*len / PG) * PG, PG, 0, 0, 0);
		return a;
	case 3:		// detach (what is left of it) and attach again, elsewhere maybe
		SC(NR_shmdt, a, 0, 0, 0, 0);
		SC(SYS_munmap, a, *len, 0, 0, 0);
		*len = race_pages * PG;
		r = SC(NR_shmat, id, 0, 0, 0, 0);
		return r < 0 ? 0 : r;
	default:
		SC(SYS_shmctl, id, IPC_RMID, 0, 0, 0);
		return a;
	}
}

// Only workers, as op_shm_thread. The segment is removed at the end whatever happened.
void op_shm_remap(void)
{
	long id, a, tid, len;

	race_pages = 1 + below(8);
	len = race_pages * PG;
	if ((id = SC(SYS_shmget, IPC_PRIVATE, len, IPC_CREAT | 0600, 0, 0)) < 0)
		return;
	if ((a = SC(NR_shmat, id, 0, 0, 0, 0)) < 0 || SC(SYS_pipe2, reach_pipe, O_NONBLOCK, 0, 0, 0) < 0) {
		SC(SYS_shmctl, id, IPC_RMID, 0, 0, 0);
		return;
	}
	reach_addr = a;
	reach_stop = 0;
	if ((tid = thread_clone(reach_thread)) > 0) {
		for (int i = 0; i < 8 && a; i++)
			reach_addr = a = change_attach(id, a, &len);
		reach_stop = 1;
		thread_join(tid);
	}
	if (a) {
		SC(NR_shmdt, a, 0, 0, 0, 0);
		SC(SYS_munmap, a, len, 0, 0, 0);
	}
	SC(SYS_shmctl, id, IPC_RMID, 0, 0, 0);
	SC(SYS_close, reach_pipe[0], 0, 0, 0, 0);
	SC(SYS_close, reach_pipe[1], 0, 0, 0, 0);
}
