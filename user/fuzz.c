// fuzz: a system call fuzzer for shmos (and, safely, for Linux as any user).
//
//   fuzz [seed] [iterations] [procs] [v]
//
// It forks `procs` workers; each makes `iterations` raw system calls chosen at
// random, with arguments that are sometimes right and often wrong: NULL, kernel
// addresses, a read-only page, buffers that run into a guard page, misaligned
// pointers, huge sizes, -1, closed fds, stale shm ids, unknown flags. Workers also
// fork short-lived children that do the same and may exec. `v` traces every call.
//
// Every call a worker makes is chosen so that it cannot hurt anything but itself:
// files only in its own temporary directory, shm only IPC_PRIVATE or its own keys
// (and only segments it created are changed or removed), signals only to its own
// children, mappings only changed inside its own arena, no reboot, no kill(-1).
//
// When all are done it checks that nothing leaked: SHM_INFO's used_ids and shm_tot
// (and on shmos the free memory sysinfo reports) must be what they were before.
// Run it on Linux in a private IPC namespace (unshare --ipc) so that other programs'
// segments do not count. The same seed makes each process choose the same calls,
// as far as the answers it gets (which child has exited, say) are the same.
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64	// readdir and stat of the 4 GiB files the workers leave
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PG 4096
#define ARENA (64 * PG)		// each worker's playground, followed by a guard page
#define NFD 40
#define NPIPE 8
#define NREG 24
#define NSEG 12
#define NKID 6
#define KID_OPS 40
#define PIPE_MAX 256		// never more than this in a pipe: writes cannot block
#define FILE_IO (3 * PG)	// longest write to a file, so files stay small
#define NPATH 16
#define N(a) (sizeof(a) / sizeof((a)[0]))

// ---- random numbers: xorshift64*, one stream per process ----

static uint64_t rs;

static uint32_t rnd(void)
{
	rs ^= rs >> 12;
	rs ^= rs << 25;
	rs ^= rs >> 27;
	return (rs * 0x2545f4914f6cdd1dull) >> 32;
}

static uint32_t below(uint32_t n)
{
	return n ? rnd() % n : 0;
}

static int chance(int percent)
{
	return below(100) < (uint32_t)percent;
}

#define PICK(a) ((a)[below(N(a))])

// ---- what one process knows about its own resources ----

enum { K_FILE, K_NULL, K_ZERO, K_PIPE_R, K_PIPE_W, K_DUP };

static struct fdent {
	int fd, kind, pipe;
} fds[NFD];
static int nfds;

static struct pipest {
	int r, w;		// -1 once closed
	int buffered;		// bytes in it; -1 when no longer known (never read again)
} pipes[NPIPE];

static struct region {		// a mapping or an attach made by us
	uintptr_t addr;
	size_t len;
	int touch;		// still safe to write to from user mode
	int shm;
} regs[NREG];
static int nregs;

static struct seg {
	int id;
	size_t size;
	int live;		// 0: removed by us, the id is stale
} segs[NSEG];
static int nsegs;

static struct kid {
	pid_t pid;
	int unsure;		// may have been reaped by a wait that then failed: never signal it
} kids[NKID];
static int nkids;

static char *arena;
static char scratch[PG] __attribute__((aligned(16)));	// structures we build for the kernel to read
static uintptr_t brk0;
static int me, is_kid, trace;
static unsigned seed;
static char dir[] = "/tmp/fuzz.XXXXXX";
static char root[64];		// this worker's own directory inside dir
static char paths[NPATH][200];	// names under root (absolute and relative)
static char longname[5000];
static const char rodata[2 * PG] __attribute__((aligned(PG))) = "read-only";
static key_t keys[4];

// ---- the one place system calls are made ----

static long sc(const char *name, long nr, long a, long b, long c, long d, long e)
{
	long r = syscall(nr, a, b, c, d, e, 0);
	if (trace)
		printf("%c%d %s [%ld] (%lx, %lx, %lx, %lx, %lx) = %s%lx\n", is_kid ? 'k' : 'w', me, name,
		       nr, a, b, c, d, e, r == -1 ? "-" : "", r == -1 ? (long)errno : r);
	return r;
}

#define SC(nr, ...) sc_(#nr, nr, __VA_ARGS__)
#define sc_(name, nr, a, b, c, d, e) sc(name, nr, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e))

// ---- argument pools ----

// An address the kernel must refuse: NULL, kernel space, the guard page.
static long bad_ptr(void)
{
	static const long bad[] = { 0, 0xc0000000, 0xc0100000, 0xfffff000, 0xffffffff };
	return chance(80) ? PICK(bad) : (long)(arena + ARENA + below(PG));
}

// Somewhere the kernel may read or write `need` bytes, or a place it must refuse,
// or one it may only read (rodata), or one that runs into the guard page.
static long ptr(size_t need)
{
	if (need > ARENA)
		need = ARENA;
	switch (below(10)) {
	case 0: case 1: return bad_ptr();
	case 2: return (long)rodata + below(64);
	case 3: return (long)(arena + ARENA - 1 - below(16));
	case 4: {	// one of our mappings, if it is big enough (its neighbours are not ours)
		struct region *g = nregs ? &regs[below(nregs)] : NULL;
		if (g && g->len >= need + 64)
			return (long)(g->addr + below(64));
		return bad_ptr();
	}
	default: return (long)(arena + below(ARENA - need + 1));
	}
}

static long size(void)
{
	static const long sizes[] = { 0, 1, 7, 64, PG, PG + 1, 3 * PG, 0x7fffffff, -1, 0x80000000 };
	return chance(50) ? (long)below(2 * PG) : PICK(sizes);
}

static long bad_fd(void)
{
	static const long bad[] = { -1, 999, 0x7fffffff, 0x80000000, 64 };
	return PICK(bad);
}

// Any fd we own, or a bad one. Never 0, 1 or 2.
static long fd_any(void)
{
	return nfds && chance(85) ? fds[below(nfds)].fd : bad_fd();
}

// An fd it is safe to read or write without blocking: files and devices only.
static long fd_data(void)
{
	int pick[NFD], n = 0;
	for (int i = 0; i < nfds; i++)
		if (fds[i].kind <= K_ZERO)
			pick[n++] = fds[i].fd;
	return n && chance(90) ? pick[below(n)] : bad_fd();
}

static const char *path_any(void)
{
	static const char *outside[] = { "/", "/dev/null", "/dev/zero", "/nonexistent/x", "", "/tmp" };
	switch (below(10)) {
	case 0: return PICK(outside);
	case 1: return longname;
	case 2: return (const char *)ptr(1);	// whatever the arena holds
	default: return paths[below(NPATH)];
	}
}

// A path that may be created, changed or removed: only ours, or none at all.
static const char *path_mine(void)
{
	switch (below(10)) {
	case 0: return "/nonexistent/x";
	case 1: return longname;
	case 2: return (const char *)bad_ptr();
	default: return paths[below(NPATH)];
	}
}

// Modes that leave the owner in (mostly), so that later calls get further.
static long mode(void)
{
	static const long modes[] = { 0600, 0644, 0700, 0755 };
	return chance(85) ? PICK(modes) : (long)below(010000);
}

static long dirfd_any(void)
{
	return chance(50) ? AT_FDCWD : fd_any();
}

static long flags_open(void)
{
	static const long bits[] = { O_RDWR, O_RDWR, O_WRONLY, O_CREAT, O_EXCL, O_TRUNC, O_APPEND,
				     O_NONBLOCK, O_DIRECTORY, O_NOFOLLOW, O_CLOEXEC, O_LARGEFILE,
				     O_NOCTTY, O_SYNC, O_TMPFILE, 3, 0x40000000 };
	long f = 0;
	for (int i = below(4); i > 0; i--)
		f |= PICK(bits);
	return f;
}

static long offset(void)
{
	static const long offs[] = { 0, 1, PG, 1 << 20, -1, -PG, 0x7fffffff };
	return chance(60) ? (long)below(3 * PG) : PICK(offs);
}

// ---- bookkeeping ----

static void add_fd(int fd, int kind, int pipe)
{
	if (fd < 0)
		return;
	if (nfds == NFD || fd < 3) {	// full (fds 0-2 would be a kernel bug: keep them)
		if (fd >= 3)
			syscall(SYS_close, fd);
		return;
	}
	fds[nfds++] = (struct fdent){ fd, kind, pipe };
}

static int find_fd(long fd)
{
	for (int i = 0; i < nfds; i++)
		if (fds[i].fd == fd)
			return i;
	return -1;
}

// fd was closed (by close, or replaced by dup2): forget it and what it was.
static void forget_fd(long fd)
{
	int i = find_fd(fd);
	if (i < 0)
		return;
	struct fdent f = fds[i];
	fds[i] = fds[--nfds];
	if (f.kind == K_PIPE_R)
		pipes[f.pipe].r = -1;
	if (f.kind == K_PIPE_W)
		pipes[f.pipe].w = -1;
}

// An fd number in 20..63 we do not hold, so dup2 onto it closes nothing of ours.
static long free_fd(void)
{
	for (;;) {
		long fd = 20 + below(44);
		if (find_fd(fd) < 0)
			return fd;
	}
}

static void add_region(uintptr_t addr, size_t len, int touch, int shm)
{
	if (nregs < NREG)
		regs[nregs++] = (struct region){ addr, len, touch, shm };
}

// Mappings in [addr, addr+len) changed: stop writing to any region there.
static void clobbered(uintptr_t addr, size_t len)
{
	for (int i = 0; i < nregs; i++)
		if (regs[i].addr < addr + len && addr < regs[i].addr + regs[i].len)
			regs[i].touch = 0;
}

static void drop_region(uintptr_t addr)
{
	for (int i = 0; i < nregs; i++)
		if (regs[i].addr == addr) {
			clobbered(regs[i].addr, regs[i].len);
			regs[i] = regs[--nregs];
			return;
		}
}

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


// A K_FILE fd (one of our files or directories), or a bad one.
static long fd_file(void)
{
	int pick[NFD], n = 0;
	for (int i = 0; i < nfds; i++)
		if (fds[i].kind == K_FILE)
			pick[n++] = fds[i].fd;
	return n && chance(90) ? pick[below(n)] : bad_fd();
}

// ---- operations: files and descriptors ----

static void op_open(void)
{
	long f = flags_open(), r;
	int writes = f & (O_CREAT | O_TRUNC | O_WRONLY | O_RDWR | O_TMPFILE | 3);
	const char *p = writes ? path_mine() : path_any();
	switch (below(3)) {
	case 0: r = SC(SYS_open, p, f, mode(), 0, 0); break;
	case 1: r = SC(SYS_openat, dirfd_any(), p, f, mode(), 0); break;
	default: p = path_mine(); r = SC(SYS_creat, p, mode(), 0, 0, 0); break;
	}
	if (r < 0)
		return;
	// Keep only what is ours or harmless: never a directory outside root.
	int i;
	for (i = 0; i < NPATH && p != paths[i]; i++)
		;
	if (p && !strcmp(p, "/dev/null"))
		add_fd(r, K_NULL, 0);
	else if (p && !strcmp(p, "/dev/zero"))
		add_fd(r, K_ZERO, 0);
	else if (i < NPATH)
		add_fd(r, K_FILE, 0);
	else
		syscall(SYS_close, r);
}

static void op_close(void)
{
	long fd = fd_any();
	if (SC(SYS_close, fd, 0, 0, 0, 0) == 0)
		forget_fd(fd);
}

static long io_size(long fd)
{
	long n = size();
	int i = find_fd(fd);
	if (i >= 0 && fds[i].kind == K_FILE && (unsigned long)n > FILE_IO)
		n = below(FILE_IO);	// files stay small
	return n;
}

static void op_rw(void)
{
	long fd = fd_data(), n = io_size(fd);
	long buf = ptr(n > 0 && n < ARENA ? n : ARENA);
	switch (below(6)) {
	case 0: SC(SYS_read, fd, buf, n, 0, 0); break;
	case 1: SC(SYS_write, fd, buf, n, 0, 0); break;
	case 2: SC(SYS_pread64, fd, buf, n, offset(), 0); break;
	case 3: SC(SYS_pwrite64, fd, buf, n, offset(), 0); break;
	default: {
		// readv or writev with a vector of pieces anywhere
		struct iovec *iov = (struct iovec *)scratch;
		int cnt = chance(85) ? (int)below(5) : chance(50) ? 1025 : -1;
		for (int k = 0; k < 4; k++)
			iov[k] = (struct iovec){ (void *)ptr(64), below(FILE_IO / 4) };
		// Never random memory as a vector: the kernel would write where it points.
		long vec = chance(90) ? (long)iov : bad_ptr();
		if (chance(50))
			SC(SYS_readv, fd, vec, cnt, 0, 0);
		else
			SC(SYS_writev, fd, vec, cnt, 0, 0);
	}
	}
}

static void op_seek(void)
{
	long fd = fd_any(), whence = chance(90) ? (long)below(3) : 99;
	if (chance(50))
		SC(SYS_lseek, fd, offset(), whence, 0, 0);
	else
		SC(SYS__llseek, fd, chance(80) ? 0 : -1, offset(), ptr(8), whence);
}

static void op_dup(void)
{
	long fd = fd_any(), r;
	switch (below(4)) {
	case 0: r = SC(SYS_dup, fd, 0, 0, 0, 0); break;
	case 1: r = SC(SYS_dup2, fd, chance(80) ? free_fd() : bad_fd(), 0, 0, 0); break;
	case 2: r = SC(SYS_dup3, fd, chance(80) ? free_fd() : fd, chance(80) ? O_CLOEXEC : 0x7777, 0, 0); break;
	default: {
		static const long args[] = { 0, 3, 20, 1000, -1 };
		r = SC(SYS_fcntl64, fd, chance(50) ? F_DUPFD : F_DUPFD_CLOEXEC, PICK(args), 0, 0);
	}
	}
	add_fd(r, K_DUP, 0);
}

static void op_fcntl(void)
{
	static const long cmds[] = { F_GETFD, F_SETFD, F_GETFL, F_SETFL, F_GETLK, F_SETLK, 99, -1 };
	long cmd = PICK(cmds), arg = cmd == F_GETLK || cmd == F_SETLK ? ptr(32) : (long)below(0100000);
	if (chance(50))
		SC(SYS_fcntl, fd_any(), cmd, arg, 0, 0);
	else
		SC(SYS_fcntl64, fd_any(), cmd, arg, 0, 0);
}

static void op_ioctl(void)
{
	static const long cmds[] = { TCGETS, TCSETS, TIOCGWINSZ, FIONREAD, FIONBIO, FIOCLEX, 0xdead0000 };
	long cmd = PICK(cmds);
	if (cmd == 0xdead0000)
		cmd |= below(0x10000);
	SC(SYS_ioctl, fd_any(), cmd, ptr(64), 0, 0);
}

static void op_stat(void)
{
	switch (below(5)) {
	case 0: SC(SYS_stat64, path_any(), ptr(96), 0, 0, 0); break;
	case 1: SC(SYS_lstat64, path_any(), ptr(96), 0, 0, 0); break;
	case 2: SC(SYS_fstat64, fd_any(), ptr(96), 0, 0, 0); break;
	case 3: SC(SYS_fstatat64, dirfd_any(), path_any(), ptr(96), chance(80) ? 0 : 0x7000, 0); break;
	default: SC(SYS_statx, dirfd_any(), path_any(), chance(80) ? 0 : 0x7000, below(0x1000), ptr(256)); break;
	}
}

// Names in root: created, removed, renamed, linked, truncated, chmod'ed, listed.
static void op_names(void)
{
	switch (below(14)) {
	case 0: SC(SYS_mkdir, path_mine(), mode(), 0, 0, 0); break;
	case 1: SC(SYS_mkdirat, dirfd_any(), path_mine(), mode(), 0, 0); break;
	case 2: SC(SYS_rmdir, path_mine(), 0, 0, 0, 0); break;
	case 3: SC(SYS_unlink, path_mine(), 0, 0, 0, 0); break;
	case 4: SC(SYS_unlinkat, dirfd_any(), path_mine(), chance(70) ? 0 : chance(50) ? AT_REMOVEDIR : 0x777, 0, 0); break;
	case 5: SC(SYS_rename, path_mine(), path_mine(), 0, 0, 0); break;
	case 6: SC(SYS_renameat, dirfd_any(), path_mine(), dirfd_any(), path_mine(), 0); break;
	case 7: SC(SYS_link, path_mine(), path_mine(), 0, 0, 0); break;
	case 8: SC(SYS_chmod, path_mine(), mode(), 0, 0, 0); break;
	case 9: SC(SYS_fchmod, fd_file(), mode(), 0, 0, 0); break;
	case 10: SC(SYS_truncate64, path_mine(), chance(80) ? (long)below(2 * PG) : -1, 0, 0, 0); break;
	case 11: SC(SYS_ftruncate, fd_file(), chance(80) ? (long)below(2 * PG) : -1, 0, 0, 0); break;
	case 12: SC(SYS_ftruncate64, fd_file(), chance(80) ? (long)below(2 * PG) : -1, 0, 0, 0); break;
	default: SC(SYS_getdents64, fd_any(), ptr(512), size(), 0, 0); break;
	}
}

static void op_where(void)
{
	static const long modes[] = { F_OK, R_OK, W_OK, X_OK, R_OK | W_OK, 0x77 };
	switch (below(7)) {
	case 0: SC(SYS_chdir, chance(70) ? paths[below(NPATH)] : path_mine(), 0, 0, 0, 0); break;
	case 1: SC(SYS_fchdir, fd_file(), 0, 0, 0, 0); break;
	case 2: SC(SYS_getcwd, ptr(256), size(), 0, 0, 0); break;
	case 3: SC(SYS_access, path_any(), PICK(modes), 0, 0, 0); break;
	case 4: SC(SYS_faccessat, dirfd_any(), path_any(), PICK(modes), 0, 0); break;
	case 5: SC(SYS_readlink, path_any(), ptr(256), size(), 0, 0); break;
	default: SC(SYS_umask, chance(85) ? 022 : (long)below(01000), 0, 0, 0, 0); break;
	}
}

// What a symlink may point to: an absolute name under root, or nothing real. A
// link to "/tmp" would let later calls create files outside root through it.
static long link_target(void)
{
	static const char *none[] = { "", "nonexistent", "x/../../y" };
	switch (below(10)) {
	case 0: return (long)PICK(none);
	case 1: return chance(50) ? (long)longname : bad_ptr();
	default: return (long)paths[chance(30) ? 11 : below(11)];	// root, or below it
	}
}

// Links, ownership and syncing: the calls glibc reaches through the *at forms.
static void op_links(void)
{
	static const long ids[] = { -1, 0, 1000 };
	static const long modes[] = { F_OK, R_OK | W_OK, X_OK, 0x77 };
	switch (below(12)) {
	case 0: SC(SYS_symlink, link_target(), path_mine(), 0, 0, 0); break;
	case 1: SC(SYS_symlinkat, link_target(), dirfd_any(), path_mine(), 0, 0); break;
	case 2: SC(SYS_readlinkat, dirfd_any(), path_any(), ptr(256), size(), 0); break;
	case 3: SC(SYS_linkat, dirfd_any(), path_mine(), dirfd_any(), path_mine(), chance(80) ? 0 : 0x7777); break;
	case 4: SC(SYS_renameat2, dirfd_any(), path_mine(), dirfd_any(), path_mine(), chance(70) ? 0 : 1 + below(8)); break;
	case 5: SC(SYS_fchmodat, dirfd_any(), path_mine(), mode(), 0, 0); break;
	case 6: SC(SYS_lchown32, path_mine(), PICK(ids), PICK(ids), 0, 0); break;
	case 7: SC(SYS_truncate, path_mine(), chance(80) ? (long)below(2 * PG) : -1, 0, 0, 0); break;
	case 8: SC(SYS_fsync, fd_any(), 0, 0, 0, 0); break;
	case 9: SC(SYS_fdatasync, fd_any(), 0, 0, 0, 0); break;
	default: SC(SYS_faccessat2, dirfd_any(), path_any(), PICK(modes), chance(80) ? 0 : AT_EACCESS | 0x7000, 0); break;
	}
}

// A timeout for poll and select that never waits long: zero, 1 ms, or a bad pointer
// (never NULL, which would wait for ever on fds that may never become ready).
enum { TIMEVAL, TIMESPEC32, TIMESPEC64 };
static long timeout(int kind)
{
	static const long bad[] = { 0xc0000000, 0xfffff000, 3 };
	long *t = (long *)scratch, sub = chance(50) ? 0 : kind == TIMEVAL ? 1000 : 1000000;
	memset(t, 0, 16);
	t[kind == TIMESPEC64 ? 2 : 1] = sub;	// a 64-bit tv_sec takes two longs
	return chance(90) ? (long)t : PICK(bad);
}

static void op_poll(void)
{
	static const long nfds_[] = { 0, 1, 3, 64, 0x7fffffff, -1 };
	long n = chance(80) ? 1 + (long)below(8) : PICK(nfds_);
	switch (below(6)) {
	case 0: SC(SYS_poll, ptr(64), n, chance(80) ? 0 : 1, 0, 0); break;
	case 1: SC(SYS_ppoll, ptr(64), n, timeout(TIMESPEC32), 0, 0); break;
	case 2: SC(SYS_ppoll_time64, ptr(64), n, timeout(TIMESPEC64), 0, 0); break;
	case 3: SC(SYS__newselect, n * 8, ptr(8), ptr(8), ptr(8), timeout(TIMEVAL)); break;
	case 4: SC(SYS_pselect6, n * 8, ptr(8), ptr(8), ptr(8), timeout(TIMESPEC32)); break;
	default: SC(SYS_pselect6_time64, n * 8, ptr(8), ptr(8), ptr(8), timeout(TIMESPEC64)); break;
	}
}

// ---- operations: pipes, modelled so that no read or write can block ----

static void op_pipe(void)
{
	int p = 0;
	while (p < NPIPE && (pipes[p].r >= 0 || pipes[p].w >= 0))
		p++;
	if (p == NPIPE || nfds > NFD - 2)
		return;
	static int fd2[2];
	long where = chance(85) ? (long)fd2 : bad_ptr();
	long r = chance(50) ? SC(SYS_pipe, where, 0, 0, 0, 0)
			    : SC(SYS_pipe2, where, chance(80) ? (long)(below(2) * O_CLOEXEC | below(2) * O_NONBLOCK) : 0x7777, 0, 0, 0);
	if (r < 0 || where != (long)fd2)
		return;
	pipes[p] = (struct pipest){ fd2[0], fd2[1], 0 };
	add_fd(fd2[0], K_PIPE_R, p);
	add_fd(fd2[1], K_PIPE_W, p);
}

static void op_pipe_io(void)
{
	struct pipest *p = &pipes[below(NPIPE)];
	if (p->r < 0 || p->buffered < 0)
		return;
	if (chance(50) && p->w >= 0 && p->buffered < PIPE_MAX) {
		long n = 1 + below(PIPE_MAX - p->buffered), r = SC(SYS_write, p->w, ptr(n), n, 0, 0);
		p->buffered = r >= 0 ? p->buffered + r : -1;	// after an error: unknown
	} else if (p->buffered > 0) {
		// A pipe with data answers at once, even when asked for more.
		long n = chance(80) ? 1 + below(p->buffered) : 2 * PG, r = SC(SYS_read, p->r, ptr(n), n, 0, 0);
		p->buffered = r >= 0 ? p->buffered - r : -1;
	}
}

// ---- operations: memory ----

static long mlen(void)
{
	static const long lens[] = { 0, 1, PG, 3 * PG, 1 << 20, 0x40000000, 0x7fffffff, -1 };
	return chance(70) ? (long)(1 + below(8)) * PG : PICK(lens);
}

// An arena range, or a range in kernel space; never anything else we depend on.
static void arena_range(long *addr, long *len)
{
	long l = mlen();
	switch (below(6)) {
	case 0: *addr = 0xc0000000; *len = chance(50) ? PG : l; return;
	case 1: *addr = 0xffff0000; *len = chance(50) ? 0x10000 : -1; return;
	case 2: *addr = (long)(arena + below(ARENA)); *len = PG; return;	// misaligned
	default: break;
	}
	long off = below(ARENA / PG) * PG;
	if (l <= 0 || l > ARENA - off)
		l = (ARENA - off) / PG * PG;
	*addr = (long)arena + off;
	*len = l;
}

static void op_mmap(void)
{
	static const long prots[] = { PROT_READ | PROT_WRITE, PROT_READ, PROT_NONE, PROT_EXEC | PROT_READ, 0x80 };
	long prot = PICK(prots), flags = chance(80) ? MAP_PRIVATE : MAP_SHARED, fd = -1, addr = 0, len = mlen();
	if (chance(70))
		flags |= MAP_ANONYMOUS;
	else
		fd = fd_any();
	if (chance(5))
		flags |= 0x400000;	// an unknown flag
	if (chance(30)) {
		flags |= MAP_FIXED;
		arena_range(&addr, &len);
	} else if (chance(10)) {
		addr = 0xc0000000;	// a hint only
	}
	long r = SC(SYS_mmap2, addr, len, prot, flags, fd);	// pgoff 0
	if (r == -1)
		return;
	clobbered(r, len);
	if ((uintptr_t)r >= (uintptr_t)arena && (uintptr_t)r < (uintptr_t)arena + ARENA)
		return;		// part of the arena now
	if (nregs == NREG || len > 64 * PG) {	// keep the address space from filling up
		syscall(SYS_munmap, r, len);
		return;
	}
	add_region(r, len, (flags & MAP_ANONYMOUS) && (prot & PROT_WRITE) && len > 0, 0);
}

static void op_munmap(void)
{
	long addr, len;
	if (nregs && chance(50)) {
		struct region *g = &regs[below(nregs)];
		addr = g->addr, len = g->len;
		if (SC(SYS_munmap, addr, len, 0, 0, 0) == 0)
			drop_region(addr);
		return;
	}
	arena_range(&addr, &len);
	if (chance(50)) {
		if (SC(SYS_munmap, addr, len, 0, 0, 0) == 0)
			clobbered(addr, len);
	} else {
		static const long prots[] = { PROT_NONE, PROT_READ, PROT_READ | PROT_WRITE, 0x80 };
		if (SC(SYS_mprotect, addr, len, PICK(prots), 0, 0) == 0)
			clobbered(addr, len);
	}
}

static void op_brk(void)
{
	uintptr_t cur = syscall(SYS_brk, 0);
	static const long odd[] = { 0, 0x1000, 0xc0000000, 0xfffff000, 0xffffffff };
	long to = chance(30) ? PICK(odd) : chance(50) ? (long)(cur + below(16) * PG) : (long)(brk0 + below(cur - brk0 + 1));
	SC(SYS_brk, to, 0, 0, 0, 0);
}

// Write to our own writable mappings and attaches from user mode.
static void op_touch(void)
{
	if (!nregs)
		return;
	struct region *g = &regs[below(nregs)];
	if (!g->touch)
		return;
	volatile char *p = (char *)g->addr + below(g->len < 64 * PG ? g->len : 64 * PG);
	if (trace)
		printf("%c%d touch %p\n", is_kid ? 'k' : 'w', me, p);
	*p = *p + 1;
}

// ---- operations: System V shared memory, through ipc() or the direct calls ----

#define IPC_SHMAT 21
#define IPC_SHMDT 22
#define IPC_SHMGET 23
#define IPC_SHMCTL 24
#define IPC_64 0x100
#define NR_shmget 395	// the direct calls, since Linux 5.1
#define NR_shmctl 396
#define NR_shmat 397
#define NR_shmdt 398
#define NR_none 1000	// no such call

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

static void op_shmget(void)
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

static void op_shmat(void)
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

static void op_shmdt(void)
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

static void op_shmctl(void)
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

// ---- operations: processes and signals ----

static void kid_main(void);

static void op_fork(void)
{
	if (is_kid || nkids == NKID)
		return;
	uint64_t kid_seed = ((uint64_t)rnd() << 32) | rnd();
	pid_t pid = fork();
	if (pid == 0) {
		rs = kid_seed | 1;
		is_kid = 1;
		signal(SIGTERM, SIG_DFL);
		signal(SIGALRM, SIG_DFL);	// the watchdog in kid_main
		nkids = 0;
		kid_main();
	}
	if (pid > 0)
		kids[nkids++] = (struct kid){ pid, 0 };
}

static int find_kid(pid_t pid)
{
	for (int i = 0; i < nkids; i++)
		if (kids[i].pid == pid)
			return i;
	return -1;
}

static void op_wait(void)
{
	static int status;
	long pid = nkids && chance(70) ? kids[below(nkids)].pid : chance(50) ? -1 : chance(50) ? 1 : 0x7fffffff;
	long opt = chance(60) ? WNOHANG : chance(70) ? 0 : chance(50) ? (WNOHANG | WUNTRACED) : 0x40000000;
	if (opt == 0 && (pid == -1 ? !nkids : find_kid(pid) < 0))
		opt = WNOHANG;	// never wait for nobody
	long st = chance(85) ? (long)&status : bad_ptr(), ru = chance(80) ? 0 : ptr(72);
	if (pid == -1 && (st != (long)&status || ru))
		st = (long)&status, ru = 0;	// a failing wait for anyone would lose a pid
	long r = ru || chance(50) ? SC(SYS_wait4, pid, st, opt, ru, 0) : SC(SYS_waitpid, pid, st, opt, 0, 0);
	int i = find_kid(r > 0 ? r : pid);
	if (i < 0)
		return;
	if ((r > 0 && !WIFSTOPPED(status)) || (r < 0 && errno == ECHILD))
		kids[i] = kids[--nkids];
	else if (r < 0 && errno == EFAULT)
		kids[i].unsure = 1;	// reaped or not: never signal that pid again
}

static void op_kill(void)
{
	static const long sigs[] = { 0, SIGKILL, SIGTERM, SIGUSR1, SIGUSR2, SIGCONT, SIGCHLD, 65, -1 };
	long sig = PICK(sigs), pid;
	int i = nkids ? (int)below(nkids) : -1;
	if (i >= 0 && !kids[i].unsure && chance(70)) {
		pid = kids[i].pid;
	} else {
		pid = chance(50) ? getpid() : 0x7fffffff;
		if (sig > 0 && sig < 65)
			sig = 0;	// ourselves or nobody: only probe
	}
	SC(SYS_kill, pid, sig, 0, 0, 0);
}

static void op_signals(void)
{
	static const long sigs[] = { SIGUSR1, SIGUSR2, SIGHUP, 0, 65, SIGKILL, SIGSTOP };
	long size = chance(85) ? 8 : chance(50) ? 4 : 128;
	if (chance(50)) {
		long *act = (long *)scratch;	// handler, flags, restorer, mask
		act[0] = chance(50) ? (long)SIG_IGN : (long)SIG_DFL;
		act[1] = chance(80) ? 0 : (long)rnd() & ~0x04000000L;	// no SA_RESTORER
		act[2] = 0;
		act[3] = rnd(), act[4] = rnd();
		SC(SYS_rt_sigaction, PICK(sigs), chance(80) ? (long)act : bad_ptr(), chance(50) ? 0 : ptr(20), size, 0);
	} else {
		// Never SIGSEGV or SIGBUS (a fault would kill silently) nor a child's SIGALRM.
		long *set = (long *)scratch;
		set[0] = rnd() & ~(1L << (SIGSEGV - 1) | 1L << (SIGBUS - 1) | 1L << (SIGALRM - 1));
		set[1] = rnd();
		long how = chance(90) ? (long)below(3) : 99;
		SC(SYS_rt_sigprocmask, how, chance(80) ? (long)set : bad_ptr(), chance(50) ? 0 : ptr(8), size, 0);
		SC(SYS_rt_sigpending, ptr(8), size, 0, 0, 0);
	}
}

static void op_exec(void)
{
	static const char *progs[] = { "/bin/true", "/nonexistent/prog", "/tmp", "" };
	static char *argv[] = { "true", NULL };
	long path = chance(85) ? (long)PICK(progs) : bad_ptr();
	long av = chance(70) ? (long)argv : chance(50) ? 0 : bad_ptr();
	long *weird = (long *)scratch;	// an argv whose second string is bad
	weird[0] = (long)"true", weird[1] = bad_ptr(), weird[2] = 0;
	if (chance(15))
		av = (long)weird;
	SC(SYS_execve, path, av, chance(80) ? 0 : av, 0, 0);
}

// ---- operations: time and information ----

static void op_time(void)
{
	static const long clocks[] = { CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID, 99, -1 };
	// Never sleep on a CPU-time clock: a sleeping process uses no CPU time.
	static const long sleep_clocks[] = { CLOCK_REALTIME, CLOCK_MONOTONIC, 99, -1 };
	long sec = chance(95) ? 0 : -1, nsec = chance(90) ? (long)below(500000) : 1000000000;
	long *t32 = (long *)scratch, *t64 = t32 + 4;	// a short sleep, or a malformed one
	t32[0] = sec, t32[1] = nsec;
	t64[0] = sec, t64[1] = sec < 0 ? -1 : 0, t64[2] = nsec, t64[3] = 0;
	long abs = chance(80) ? 0 : TIMER_ABSTIME;	// absolute times this small are past
	switch (below(9)) {
	case 0: SC(SYS_time, chance(50) ? 0 : ptr(4), 0, 0, 0, 0); break;
	case 1: SC(SYS_gettimeofday, ptr(8), chance(80) ? 0 : ptr(8), 0, 0, 0); break;
	case 2: SC(SYS_clock_gettime, PICK(clocks), ptr(8), 0, 0, 0); break;
	case 3: SC(SYS_clock_gettime64, PICK(clocks), ptr(16), 0, 0, 0); break;
	case 4: SC(SYS_clock_getres, PICK(clocks), chance(50) ? 0 : ptr(8), 0, 0, 0); break;
	// Sleeps read only our own short times, or nothing: random memory could be days.
	case 5: SC(SYS_nanosleep, chance(85) ? (long)t32 : bad_ptr(), chance(50) ? 0 : ptr(8), 0, 0, 0); break;
	case 6: SC(SYS_clock_nanosleep, PICK(sleep_clocks), abs, chance(85) ? (long)t32 : bad_ptr(), chance(50) ? 0 : ptr(8), 0); break;
	case 7: SC(SYS_clock_nanosleep_time64, PICK(sleep_clocks), abs, chance(85) ? (long)t64 : bad_ptr(), chance(50) ? 0 : ptr(16), 0); break;
	default: SC(SYS_sched_yield, 0, 0, 0, 0, 0); break;
	}
}

// Timers, CPU time, waiting for signals, random bytes. Workers only: a child's
// alarm(10) is its watchdog. Workers ignore SIGALRM, SIGVTALRM and SIGPROF.
static void op_timers(void)
{
	static const long which[] = { ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF, 3, -1 };
	static const long who[] = { RUSAGE_SELF, RUSAGE_CHILDREN, RUSAGE_THREAD, 99 };
	long *tv = (long *)scratch;	// it_interval and it_value: at most a few ms
	tv[0] = 0, tv[1] = chance(50) ? 0 : (long)below(10000);
	tv[2] = 0, tv[3] = chance(90) ? (long)below(20000) : 1000000;
	long *set = tv + 4, *ts32 = tv + 6, *ts64 = tv + 8;	// a set; a zero or 1 ms timeout
	set[0] = rnd() & ~(1L << (SIGSEGV - 1) | 1L << (SIGBUS - 1) | 1L << (SIGTERM - 1)), set[1] = 0;
	ts32[0] = 0, ts32[1] = chance(50) ? 0 : 1000000;
	ts64[0] = ts64[1] = 0, ts64[2] = ts32[1], ts64[3] = 0;	// a 64-bit tv_sec takes two longs
	long n = chance(80) ? (long)below(600) : 0x7fffffff;
	switch (below(9)) {
	case 0: SC(SYS_setitimer, PICK(which), chance(85) ? (long)tv : bad_ptr(), chance(50) ? 0 : ptr(16), 0, 0); break;
	case 1: SC(SYS_getitimer, PICK(which), ptr(16), 0, 0, 0); break;
	case 2: SC(SYS_alarm, chance(70) ? 0 : 1, 0, 0, 0, 0); break;
	case 3: SC(SYS_times, chance(20) ? 0 : ptr(16), 0, 0, 0, 0); break;
	case 4: SC(SYS_getrusage, PICK(who), ptr(72), 0, 0, 0); break;
	// Never a NULL timeout (bad_ptr may give one): it would wait for ever.
	case 5: SC(SYS_rt_sigtimedwait, chance(90) ? (long)set : bad_ptr(), chance(50) ? 0 : ptr(128), chance(95) ? (long)ts32 : 0xc0000000, chance(90) ? 8 : 4, 0); break;
	case 6: SC(SYS_rt_sigtimedwait_time64, chance(90) ? (long)set : bad_ptr(), chance(50) ? 0 : ptr(128), chance(95) ? (long)ts64 : 0xc0000000, 8, 0); break;
	default: SC(SYS_getrandom, ptr(n < PG ? n : PG), n, chance(80) ? (long)below(8) : (long)rnd(), 0, 0); break;
	}
}

// File times, only on our own names (or on an fd, with a NULL name).
static void op_utime(void)
{
	static const long nsecs[] = { 0, 999999999, (1L << 30) - 1, (1L << 30) - 2, 1000000000, -1 };
	long *t = (long *)scratch;	// two timespecs (32-bit), then two 64-bit ones
	t[0] = rnd(), t[1] = PICK(nsecs), t[2] = rnd(), t[3] = PICK(nsecs);
	long times = chance(30) ? 0 : chance(90) ? (long)t : bad_ptr();
	long flags = chance(80) ? 0 : chance(50) ? AT_SYMLINK_NOFOLLOW : (long)rnd();
	switch (below(6)) {
	case 0: SC(SYS_utimensat, dirfd_any(), chance(80) ? (long)path_mine() : 0, times, flags, 0); break;
	case 1: SC(SYS_utimensat_time64, dirfd_any(), chance(80) ? (long)path_mine() : 0, times, flags, 0); break;
	case 2: SC(SYS_utimes, path_mine(), times, 0, 0, 0); break;
	case 3: SC(SYS_futimesat, dirfd_any(), path_mine(), times, 0, 0); break;
	default: SC(SYS_utime, path_mine(), times, 0, 0, 0); break;
	}
}

static void op_info(void)
{
	switch (below(10)) {
	case 0: SC(SYS_uname, ptr(390), 0, 0, 0, 0); break;
	case 1: SC(SYS_sysinfo, ptr(64), 0, 0, 0, 0); break;
	case 2: SC(SYS_getpid, 0, 0, 0, 0, 0); break;
	case 3: SC(SYS_getppid, 0, 0, 0, 0, 0); break;
	case 4: SC(SYS_gettid, 0, 0, 0, 0, 0); break;
	case 5: SC(SYS_geteuid32, 0, 0, 0, 0, 0); break;
	case 6: SC(SYS_ugetrlimit, chance(90) ? (long)below(16) : 99, ptr(8), 0, 0, 0); break;
	case 7: SC(SYS_prlimit64, 0, below(16), 0, ptr(16), 0); break;	// read only
	case 8: SC(SYS_getpgrp, 0, 0, 0, 0, 0); break;
	default: SC(NR_none, 0, 0, 0, 0, 0); break;
	}
}

// ---- the two kinds of process ----

enum { WORKER = 1, KID = 2, BOTH = 3 };

static const struct op {
	void (*fn)(void);
	int weight, who;
} ops[] = {
	{ op_open, 6, BOTH }, { op_close, 4, BOTH }, { op_rw, 8, BOTH }, { op_seek, 2, BOTH },
	{ op_dup, 3, BOTH }, { op_fcntl, 2, BOTH }, { op_ioctl, 2, BOTH }, { op_stat, 4, BOTH },
	{ op_names, 6, BOTH }, { op_where, 3, BOTH }, { op_links, 3, BOTH }, { op_poll, 2, BOTH }, { op_pipe, 2, WORKER }, { op_pipe_io, 5, WORKER },
	{ op_mmap, 4, BOTH }, { op_munmap, 4, BOTH }, { op_brk, 2, BOTH }, { op_touch, 5, BOTH },
	{ op_shmget, 6, BOTH }, { op_shmat, 6, BOTH }, { op_shmdt, 4, BOTH }, { op_shmctl, 6, BOTH },
	{ op_fork, 2, WORKER }, { op_wait, 3, BOTH }, { op_kill, 2, BOTH }, { op_signals, 2, BOTH },
	{ op_exec, 1, KID }, { op_time, 2, BOTH }, { op_info, 3, BOTH },
	{ op_timers, 2, WORKER }, { op_utime, 2, BOTH },
};

static void one_op(void)
{
	int total = 0, who = is_kid ? KID : WORKER;
	for (unsigned i = 0; i < N(ops); i++)
		total += ops[i].who & who ? ops[i].weight : 0;
	int w = below(total);
	for (unsigned i = 0; i < N(ops); i++) {
		if (!(ops[i].who & who))
			continue;
		if (w < ops[i].weight) {
			ops[i].fn();
			return;
		}
		w -= ops[i].weight;
	}
}

static void kid_main(void)
{
	alarm(10);	// whatever it gets stuck in, a child does not outlive this
	for (int i = below(KID_OPS); i > 0; i--)
		one_op();
	if (chance(30))
		op_exec();
	_exit(below(256));
}

static volatile sig_atomic_t stopping;

static void stop_soon(int sig)
{
	(void)sig;
	stopping = 1;
}

static void worker_setup(void)
{
	snprintf(root, sizeof root, "%s/w%d", dir, me);
	static const char *names[NPATH] = { "a", "b", "c", "d", "e", "d/f", "e/f", "d/f/g",
					    "a/", "d/../e", ".", NULL, NULL, "f", "e/f/g", "c" };
	for (int i = 0; i < NPATH; i++) {
		if (i == 11)
			snprintf(paths[i], sizeof paths[i], "%s", root);
		else if (i == 12 || i == 13 || i == 15)	// relative to the working directory
			snprintf(paths[i], sizeof paths[i], "%s", i == 12 ? "d" : names[i]);
		else
			snprintf(paths[i], sizeof paths[i], "%s/%s", root, names[i]);
	}
	mkdir(root, 0700);
	mkdir(paths[3], 0700);
	chdir(root);
	for (int i = 0; i < 4; i++)
		keys[i] = 0x46000000 | (seed & 0xfff) << 12 | me << 4 | i;
	signal(SIGPIPE, SIG_IGN);
	signal(SIGALRM, SIG_IGN);	// op_timers' timers: no harm done when they fire
	signal(SIGVTALRM, SIG_IGN);
	signal(SIGPROF, SIG_IGN);
	signal(SIGTERM, stop_soon);
	prctl(PR_SET_PDEATHSIG, SIGTERM);	// Linux: stop and clean up if fuzz is killed
	arena = mmap(NULL, ARENA + PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (arena == MAP_FAILED || mprotect(arena + ARENA, PG, PROT_NONE) < 0) {
		printf("fuzz: worker %d: no arena\n", me);
		_exit(1);
	}
	brk0 = syscall(SYS_brk, 0);
	for (int i = 0; i < NPIPE; i++)
		pipes[i] = (struct pipest){ -1, -1, -1 };	// no pipe: fd 0 is not ours
	add_fd(open("/dev/null", O_RDWR), K_NULL, 0);
	add_fd(open("/dev/zero", O_RDONLY), K_ZERO, 0);
	add_fd(open(paths[0], O_RDWR | O_CREAT, 0600), K_FILE, 0);
}

// Give back what only we can give back: children and segments. Exit closes the rest.
static void worker_cleanup(void)
{
	for (int i = 0; i < nkids; i++) {
		if (!kids[i].unsure)
			kill(kids[i].pid, SIGKILL);
		waitpid(kids[i].pid, NULL, 0);
	}
	for (int i = 0; i < nsegs; i++)
		shmctl(segs[i].id, IPC_RMID, NULL);
	for (int i = 0; i < nregs; i++)
		if (regs[i].shm)
			shmdt((void *)regs[i].addr);
}

// With tracing on, say where a worker or child faulted before it dies.
static void fault(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	printf("%c%d: %s at %p\n", is_kid ? 'k' : 'w', me, sigabbrev_np(sig), si->si_addr);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void worker(int iterations)
{
	if (trace) {
		static char altstack[16384];
		stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack };
		sigaltstack(&ss, NULL);
		struct sigaction sa = { .sa_sigaction = fault, .sa_flags = SA_SIGINFO | SA_ONSTACK };
		sigaction(SIGSEGV, &sa, NULL);
		sigaction(SIGBUS, &sa, NULL);
	}
	worker_setup();
	for (int i = 0; i < iterations && !stopping; i++)
		one_op();
	worker_cleanup();
	_exit(0);
}

// ---- the parent: start the workers, clean up after them, look for leaks ----

// Remove a tree of our files, whatever the workers did to its modes.
static void remove_tree(const char *path)
{
	if (unlink(path) == 0 || errno == ENOENT)
		return;
	chmod(path, 0700);	// a directory, or so we hope
	DIR *d = opendir(path);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char sub[512];
		snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
		remove_tree(sub);
	}
	if (d)
		closedir(d);
	rmdir(path);
}

struct usage {
	long used_ids;
	unsigned long shm_tot;
	unsigned long long freeram;
};

static struct usage usage(void)
{
	struct shm_info si;
	struct sysinfo s;
	memset(&si, 0, sizeof si);
	shmctl(0, SHM_INFO, (struct shmid_ds *)&si);
	sysinfo(&s);
	return (struct usage){ si.used_ids, si.shm_tot, (unsigned long long)s.freeram * s.mem_unit };
}

// Fault in the stack used later, so that it does not count as a leak.
static void grow_stack(void)
{
	volatile char buf[64 << 10];
	memset((char *)buf, 0, sizeof buf);
}

// On a 64-bit Linux a 32-bit program may map up to 4 GiB, so 0xc0000000 and
// above would be ordinary addresses there, and mapping over them could hit the
// stack. Ask for i386's 3 GiB user space and run again; shmos has it anyway.
static void i386_layout(char **argv)
{
	int p = personality(0xffffffff);
	if (p == -1 || (p & ADDR_LIMIT_3GB))
		return;
	personality(p | ADDR_LIMIT_3GB);
	execv("/proc/self/exe", argv);
	printf("fuzz: cannot run with a 3 GiB address space: %s\n", strerror(errno));
	exit(1);
}

int main(int argc, char **argv)
{
	i386_layout(argv);
	setvbuf(stdout, NULL, _IONBF, 0);
	seed = argc > 1 ? strtoul(argv[1], NULL, 0) : (unsigned)time(NULL) ^ getpid() << 16;
	int iterations = argc > 2 ? atoi(argv[2]) : 2000, procs = argc > 3 ? atoi(argv[3]) : 4;
	trace = argc > 4 && argv[4][0] == 'v';
	if (procs < 1 || procs > 64 || iterations < 0) {
		printf("usage: fuzz [seed] [iterations] [procs 1-64] [v]\n");
		return 2;
	}
	printf("fuzz: seed %u\n", seed);
	struct utsname u;
	uname(&u);
	int on_shmos = !strcmp(u.sysname, "shmos");
	memset(longname, 'n', sizeof longname - 1);
	grow_stack();
	struct usage before = usage();

	if (!mkdtemp(dir)) {
		printf("fuzz: cannot make a directory in /tmp\n");
		return 1;
	}
	pid_t pid, workers[64];
	int st, failed = 0, left = 0;
	for (int k = 0; k < procs; k++) {
		pid_t w = fork();
		if (w == 0) {
			me = k;
			rs = ((uint64_t)seed << 32 | (k + 1)) * 0x9e3779b97f4a7c15ull | 1;
			worker(iterations);
		}
		if (w > 0)
			workers[left++] = w;
	}
	// As init (on shmos) we also reap the children of a worker that died.
	while (left > 0 && (pid = wait(&st)) > 0) {
		int k = 0;
		while (k < left && workers[k] != pid)
			k++;
		if (k == left)
			continue;	// an orphan, not a worker
		workers[k] = workers[--left];
		if (!WIFEXITED(st) || WEXITSTATUS(st)) {
			failed = 1;
			if (WIFSIGNALED(st))
				printf("fuzz: a worker was killed by %s\n", sigabbrev_np(WTERMSIG(st)));
			else
				printf("fuzz: a worker exited with %d\n", WEXITSTATUS(st));
		}
	}
	while (wait(NULL) > 0)	// orphans still running (only when we are init)
		;
	pid = fork();	// opendir's memory must not count against this process
	if (pid == 0) {
		remove_tree(dir);
		_exit(0);
	}
	waitpid(pid, NULL, 0);

	struct usage after = usage();
	int leak = after.used_ids != before.used_ids || after.shm_tot != before.shm_tot ||
		   (on_shmos && after.freeram != before.freeram);
	if (leak)
		printf("fuzz: leak: used_ids %+ld, shm_tot %+ld pages, freeram %+lld bytes\n",
		       after.used_ids - before.used_ids, (long)(after.shm_tot - before.shm_tot),
		       on_shmos ? (long long)(after.freeram - before.freeram) : 0LL);
	else
		printf("fuzz: no leak\n");
	return leak || failed;
}
