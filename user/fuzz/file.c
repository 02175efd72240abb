// Operations on files, names, descriptors and pipes, and the bookkeeping of the
// descriptors a process holds.
#include "fuzz.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <unistd.h>

struct fdent fds[NFD];
int nfds;
struct pipest pipes[NPIPE];

// ---- bookkeeping ----

void add_fd(int fd, int kind, int pipe)
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

// An fd number in 20..63 we do not hold, so dup2 onto it closes nothing of ours:
// neither one of fds[] nor the terminal tty.c, the device devices.c or a socket net.c
// keeps outside it. (dup2 onto the terminal's number would make tty.c's later close take
// a descriptor fds[] still names, whose number a new pipe then reuses.)
static long free_fd(void)
{
	for (;;) {
		long fd = 20 + below(44);
		if (find_fd(fd) < 0 && !tty_holds(fd) && !devices_holds(fd) && !net_holds(fd))
			return fd;
	}
}

// A number dup2 refuses (EBADF): negative, or past any RLIMIT_NOFILE (Linux's nr_open
// is at most 1 << 20). Not bad_fd(): its 999 and 64 are numbers nothing of ours holds,
// and a dup2 onto one would make it a descriptor, which a later "bad" read then
// finds (a readv of fd 999 that was a pipe's read end slept for ever).
static long bad_newfd(void)
{
	static const long bad[] = { -1, 1 << 20, 0x7fffffff, 0x80000000 };
	return PICK(bad);
}

// ---- operations: files and descriptors ----

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

void op_open(void)
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

void op_close(void)
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

void op_rw(void)
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

void op_seek(void)
{
	long fd = fd_any(), whence = chance(90) ? (long)below(3) : 99;
	if (chance(50))
		SC(SYS_lseek, fd, offset(), whence, 0, 0);
	else
		SC(SYS__llseek, fd, chance(80) ? 0 : -1, offset(), ptr(8), whence);
}

void op_dup(void)
{
	long fd = fd_any(), r;
	switch (below(4)) {
	case 0: r = SC(SYS_dup, fd, 0, 0, 0, 0); break;
	case 1: r = SC(SYS_dup2, fd, chance(80) ? free_fd() : bad_newfd(), 0, 0, 0); break;
	case 2: r = SC(SYS_dup3, fd, chance(80) ? free_fd() : fd, chance(80) ? O_CLOEXEC : 0x7777, 0, 0); break;
	default: {
		static const long args[] = { 0, 3, 20, 1000, -1 };
		r = SC(SYS_fcntl64, fd, chance(50) ? F_DUPFD : F_DUPFD_CLOEXEC, PICK(args), 0, 0);
	}
	}
	add_fd(r, K_DUP, 0);
}

// F_SETFL's random bits take O_ASYNC on and off; the owner is only ever us or nobody
// (as root, SIGIO may go anywhere), and workers ignore SIGIO.
void op_fcntl(void)
{
	static const long cmds[] = { F_GETFD, F_SETFD, F_GETFL, F_SETFL, F_GETLK, F_SETLK, F_SETOWN,
				     F_GETOWN, F_SETSIG, F_GETSIG, 99, -1 };
	long cmd = PICK(cmds), arg = cmd == F_GETLK || cmd == F_SETLK ? ptr(32) : (long)below(0100000);
	if (cmd == F_SETOWN)
		arg = chance(50) ? 0 : getpid();
	else if (cmd == F_SETSIG)		// each one ignored; 65 is EINVAL
		arg = PICK(((const long[]){ 0, SIGIO, SIGURG, SIGWINCH, 65 }));
	if (chance(50))
		SC(SYS_fcntl, fd_any(), cmd, arg, 0, 0);
	else
		SC(SYS_fcntl64, fd_any(), cmd, arg, 0, 0);
}

void op_ioctl(void)
{
	static const long cmds[] = { TCGETS, TCSETS, TIOCGWINSZ, FIONREAD, FIONBIO, FIOCLEX, FIOASYNC, 0xdead0000 };
	long cmd = PICK(cmds);
	if (cmd == 0xdead0000)
		cmd |= below(0x10000);
	SC(SYS_ioctl, fd_any(), cmd, ptr(64), 0, 0);
}

void op_stat(void)
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
void op_names(void)
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

void op_where(void)
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
void op_links(void)
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

void op_poll(void)
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

// ---- operations: inotify ----

// An instance (O_NONBLOCK, so that no read of it waits), watches on any path with any
// mask, events this op makes and the others made, reads of any size, FIONREAD, a watch
// removed; then it is closed, or kept (as a K_DUP: no op reads it) to go with the process.
void op_inotify(void)
{
	static const long masks[] = { IN_ALL_EVENTS, IN_ATTRIB | IN_ONESHOT,
				      IN_MODIFY | IN_MASK_ADD, IN_OPEN | IN_MASK_CREATE,
				      IN_CLOSE | IN_EXCL_UNLINK | IN_ONLYDIR, 0, 0xffffffff };
	long in = SC(SYS_inotify_init1, chance(90) ? IN_NONBLOCK | below(2) * IN_CLOEXEC
					 : (long)below(0x100000), 0, 0, 0, 0);

	if (in < 0 || !(fcntl(in, F_GETFL) & O_NONBLOCK)) {
		if (in >= 0)
			syscall(SYS_close, in);
		return;
	}
	for (int i = below(4); i >= 0; i--)
		SC(SYS_inotify_add_watch, chance(90) ? in : fd_any(), path_any(),
		   chance(80) ? PICK(masks) : (long)below(0x7fffffff), 0, 0);
	SC(SYS_chmod, path_mine(), mode(), 0, 0, 0);
	SC(SYS_ioctl, in, FIONREAD, ptr(4), 0, 0);
	for (int i = below(3); i >= 0; i--) {
		long n = chance(50) ? (long)below(300) : size();
		SC(SYS_read, in, ptr(n > 0 && n < ARENA ? n : ARENA), n, 0, 0);
	}
	SC(SYS_inotify_rm_watch, chance(90) ? in : fd_any(), chance(80) ? 1 + (long)below(4)
							     : (long)below(0x7fffffff), 0, 0, 0);
	if (chance(50))
		SC(SYS_close, in, 0, 0, 0, 0);
	else
		add_fd(in, K_DUP, 0);
}

// ---- operations: pipes, modelled so that no read or write can block ----

void op_pipe(void)
{
	int p = 0;
	while (p < NPIPE && (pipes[p].r >= 0 || pipes[p].w >= 0))
		p++;
	if (p == NPIPE || nfds > NFD - 2)
		return;
	static int fd2[2];
	long where = chance(85) ? (long)fd2 : bad_ptr();
	int packets = chance(10);	// O_DIRECT: a read takes a packet whole, or a part and drops the rest
	long flags = below(2) * O_CLOEXEC | (packets ? O_DIRECT | O_NONBLOCK : below(2) * O_NONBLOCK);
	long r = chance(50) && !packets ? SC(SYS_pipe, where, 0, 0, 0, 0)
				       : SC(SYS_pipe2, where, chance(80) ? flags : 0x7777, 0, 0, 0);
	if (r < 0 || where != (long)fd2)
		return;
	pipes[p] = (struct pipest){ fd2[0], fd2[1], 0 };
	if (packets) {	// a few packets, a read or two: what is left the bookkeeping cannot know
		for (int i = below(4); i >= 0; i--)
			SC(SYS_write, fd2[1], ptr(2 * PG), 1 + below(2 * PG), 0, 0);
		for (int i = below(3); i >= 0; i--)
			SC(SYS_read, fd2[0], ptr(PG), below(PG), 0, 0);
		pipes[p].buffered = -1;
	}
	add_fd(fd2[0], K_PIPE_R, p);
	add_fd(fd2[1], K_PIPE_W, p);
}

// Does fd answer events (POLLIN, POLLOUT) at once? A pipe the bookkeeping says has
// data, or room, must: if it does not, the bookkeeping is wrong (or the kernel lost
// data), and the read or write would wait for ever. Say so and stop, never hang.
static void must_be_ready(struct pipest *p, int fd, short events)
{
	struct pollfd pfd = { .fd = fd, .events = events };

	if (poll(&pfd, 1, 0) == 1 && (pfd.revents & events))
		return;
	printf("fuzz: %c%d: pipe fd %d (%d, %d) with %d bytes is not ready for %s: revents %#x\n",
	       is_kid ? 'k' : 'w', me, fd, p->r, p->w, p->buffered,
	       events == POLLIN ? "reading" : "writing", pfd.revents);
	_exit(3);
}

void op_pipe_io(void)
{
	struct pipest *p = &pipes[below(NPIPE)];
	if (p->r < 0 || p->buffered < 0)
		return;
	if (chance(50) && p->w >= 0 && p->buffered < PIPE_MAX) {
		must_be_ready(p, p->w, POLLOUT);
		long n = 1 + below(PIPE_MAX - p->buffered), r = SC(SYS_write, p->w, ptr(n), n, 0, 0);
		p->buffered = r >= 0 ? p->buffered + r : -1;	// after an error: unknown
	} else if (p->buffered > 0) {
		// A pipe with data answers at once, even when asked for more.
		must_be_ready(p, p->r, POLLIN);
		long n = chance(80) ? 1 + below(p->buffered) : 2 * PG, r = SC(SYS_read, p->r, ptr(n), n, 0, 0);
		p->buffered = r >= 0 ? p->buffered - r : -1;
	}
}

// An fd of ours for splice, tee, vmsplice and the pipe size: a pipe's end, with its
// pipe in *p, a file or a device, or a bad fd; never a dup, which could be a pipe's
// end without saying which pipe.
static long fd_splice(struct pipest **p)
{
	struct fdent *f = nfds ? &fds[below(nfds)] : NULL;

	*p = NULL;
	if (!f || chance(10))
		return bad_fd();
	if (f->kind == K_DUP)
		return fd_data();
	if (f->kind == K_PIPE_R || f->kind == K_PIPE_W)
		*p = &pipes[f->pipe];
	return f->fd;
}

// splice (pipe, file, /dev/null or /dev/zero at either end, offsets of ours or bad),
// tee and vmsplice, always SPLICE_F_NONBLOCK, so that no pipe waits. A pipe they
// touched holds what the bookkeeping no longer knows: it is read and written no more.
void op_splice(void)
{
	static const long flags[] = { SPLICE_F_NONBLOCK, SPLICE_F_NONBLOCK | SPLICE_F_MOVE,
				      SPLICE_F_NONBLOCK | SPLICE_F_MORE, SPLICE_F_NONBLOCK | 0x10 };
	static const long lens[] = { 0, 1, 0x7fffffff, 0x80000000, 0xffffffff };
	struct pipest *a, *b;
	long in = fd_splice(&a), out = fd_splice(&b), fl = PICK(flags);
	long len = chance(10) ? PICK(lens) : 1 + (long)below(2 * PG);
	long long *offs = (long long *)scratch;
	long *iov = (long *)(scratch + 16);

	offs[0] = offset(), offs[1] = offset();
	switch (below(3)) {
	case 0:
		SC6(SYS_splice, in, chance(60) ? 0 : chance(85) ? (long)&offs[0] : bad_ptr(), out,
		    chance(60) ? 0 : chance(85) ? (long)&offs[1] : bad_ptr(), len, fl);
		break;
	case 1:
		SC(SYS_tee, in, out, len, fl, 0);
		break;
	default:	// one or two pieces of our memory into the pipe, or out of it
		iov[0] = ptr(len % PG), iov[1] = len % PG, iov[2] = ptr(64), iov[3] = 64;
		SC(SYS_vmsplice, in, chance(90) ? (long)iov : bad_ptr(), 1 + below(2), fl, 0);
		b = NULL;
	}
	if (a)
		a->buffered = -1;
	if (b)
		b->buffered = -1;
}

// F_GETPIPE_SZ and F_SETPIPE_SZ (at most 32 pages: many pipes of 16M's workers could
// hold them) on any fd; a pipe that may have shrunk could make a write wait: it is used
// no more.
void op_pipe_size(void)
{
	static const long sizes[] = { 0, 1, PG, 3 * PG, 65536, 131072, 4 << 20, 0x80000001, -1 };
	struct pipest *p;
	long fd = fd_splice(&p);

	if (chance(30))
		SC(SYS_fcntl64, fd, F_GETPIPE_SZ, 0, 0, 0);
	else if (SC(SYS_fcntl64, fd, F_SETPIPE_SZ, PICK(sizes), 0, 0) >= 0 && p)
		p->buffered = -1;
}
