/*
 * How trace=syscall prints each type of argument: as strace 6 prints it, so
 * that a shmos trace and `strace -f` of the same program on Linux compare
 * line by line.  Strings are cut at 32 bytes ("..." after the quote), flags
 * print as names joined by '|', structs as {field=value, ...}.  Memory the
 * call fills in prints only once it succeeded; an address that cannot be
 * read prints as the address.
 */
#include "kernel/strace.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"
#include "ipc/shm.h"
#include "mm/uaccess.h"

/* ---- numbers, names, flags ---- */

static void tprint_hex(uint32_t v)
{
	if (v)
		tprintf("0x%x", v);
	else
		tprintf("0");
}

void tprint_ptr(uint32_t v)
{
	if (v)
		tprintf("0x%x", v);
	else
		tprintf("NULL");
}

void tprint_octal(uint32_t v)
{
	char d[12];
	int n = 0;

	do {
		d[n++] = '0' + (v & 7);
		v >>= 3;
	} while (v);
	while (n < 2)
		d[n++] = '0';
	tprintf("0");
	while (n)
		tprintf("%c", d[--n]);
}

static const char *xname(const struct xlat *x, size_t n, uint32_t v)
{
	for (size_t i = 0; i < n; i++)
		if (x[i].val == v)
			return x[i].name;
	return NULL;
}

void tprint_xval(const struct xlat *x, size_t n, uint32_t v)
{
	const char *name = xname(x, n, v);

	if (name)
		tprintf("%s", name);
	else
		tprintf("%d", (int32_t)v);
}

void tprint_flags(const struct xlat *x, size_t n, uint32_t v, const char *zero)
{
	int sep = 0;

	for (size_t i = 0; i < n; i++) {
		if ((v & x[i].val) == x[i].val) {
			tprintf("%s%s", sep ? "|" : "", x[i].name);
			v &= ~x[i].val;
			sep = 1;
		}
	}
	if (v)
		tprintf("%s0x%x", sep ? "|" : "", v);
	else if (!sep)
		tprintf("%s", zero);
}

static const struct xlat open_flags[] = {
	{ 0100, "O_CREAT" }, { 0200, "O_EXCL" }, { 0400, "O_NOCTTY" },
	{ 01000, "O_TRUNC" }, { 02000, "O_APPEND" }, { 04000, "O_NONBLOCK" },
	{ 04010000, "O_SYNC" }, { 010000, "O_DSYNC" }, { 020000, "O_ASYNC" },
	{ 040000, "O_DIRECT" }, { 0100000, "O_LARGEFILE" },
	{ 0400000, "O_NOFOLLOW" }, { 0200000, "O_DIRECTORY" },
	{ 01000000, "O_NOATIME" }, { 02000000, "O_CLOEXEC" },
	{ 010000000, "O_PATH" }, { 020000000, "__O_TMPFILE" },
};

#define O_CREAT		0100
#define O_TMPFILE	020000000

static void tprint_open_flags(uint32_t f)
{
	static const char *const mode[] = {
		"O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"
	};

	tprintf("%s", mode[f & 3]);
	if (f & ~3u) {
		tprintf("|");
		tprint_flags(open_flags, N(open_flags), f & ~3u, "");
	}
}

static const struct xlat at_flags[] = {
	{ 0x100, "AT_SYMLINK_NOFOLLOW" }, { 0x200, "AT_REMOVEDIR" },
	{ 0x400, "AT_SYMLINK_FOLLOW" }, { 0x800, "AT_NO_AUTOMOUNT" },
	{ 0x1000, "AT_EMPTY_PATH" }, { 0x8000, "AT_RECURSIVE" },
};

static const struct xlat statx_sync[] = {
	{ 0, "AT_STATX_SYNC_AS_STAT" }, { 0x2000, "AT_STATX_FORCE_SYNC" },
	{ 0x4000, "AT_STATX_DONT_SYNC" },
};

static const struct xlat statx_mask[] = {
	{ 0x7ff, "STATX_BASIC_STATS" }, { 0x1, "STATX_TYPE" },
	{ 0x2, "STATX_MODE" }, { 0x4, "STATX_NLINK" }, { 0x8, "STATX_UID" },
	{ 0x10, "STATX_GID" }, { 0x20, "STATX_ATIME" }, { 0x40, "STATX_MTIME" },
	{ 0x80, "STATX_CTIME" }, { 0x100, "STATX_INO" }, { 0x200, "STATX_SIZE" },
	{ 0x400, "STATX_BLOCKS" }, { 0x800, "STATX_BTIME" },
	{ 0x1000, "STATX_MNT_ID" }, { 0x2000, "STATX_DIOALIGN" },
};

static const struct xlat access_modes[] = {
	{ 4, "R_OK" }, { 2, "W_OK" }, { 1, "X_OK" },
};

static const struct xlat whences[] = {
	{ 0, "SEEK_SET" }, { 1, "SEEK_CUR" }, { 2, "SEEK_END" },
	{ 3, "SEEK_DATA" }, { 4, "SEEK_HOLE" },
};

static const char *const signames[32] = {
	NULL, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE",
	"KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT",
	"CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ",
	"VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
};

/* A signal as strace names it, with prefix ("SIG" or "" inside a set). */
static void tprint_signame(const char *prefix, uint32_t sig)
{
	if (sig > 0 && sig < 32)
		tprintf("%s%s", prefix, signames[sig]);
	else if (sig == 32)
		tprintf("%sRTMIN", prefix);
	else if (sig > 32 && sig <= 64)
		tprintf("%sRT_%u", prefix, sig - 32);
	else
		tprintf("%d", (int32_t)sig);
}

static const struct xlat sighows[] = {
	{ 0, "SIG_BLOCK" }, { 1, "SIG_UNBLOCK" }, { 2, "SIG_SETMASK" },
};

static const struct xlat sa_flags[] = {
	{ 0x04000000, "SA_RESTORER" }, { 0x08000000, "SA_ONSTACK" },
	{ 0x10000000, "SA_RESTART" }, { 0x40000000, "SA_NODEFER" },
	{ 0x80000000, "SA_RESETHAND" }, { 4, "SA_SIGINFO" },
	{ 1, "SA_NOCLDSTOP" }, { 2, "SA_NOCLDWAIT" },
};

static const struct xlat prots[] = {
	{ 1, "PROT_READ" }, { 2, "PROT_WRITE" }, { 4, "PROT_EXEC" },
	{ 8, "PROT_SEM" }, { 0x01000000, "PROT_GROWSDOWN" },
	{ 0x02000000, "PROT_GROWSUP" },
};

static const struct xlat map_types[] = {
	{ 1, "MAP_SHARED" }, { 2, "MAP_PRIVATE" }, { 3, "MAP_SHARED_VALIDATE" },
};

static const struct xlat map_flags[] = {
	{ 0x10, "MAP_FIXED" }, { 0x20, "MAP_ANONYMOUS" },
	{ 0x100, "MAP_GROWSDOWN" }, { 0x800, "MAP_DENYWRITE" },
	{ 0x1000, "MAP_EXECUTABLE" }, { 0x2000, "MAP_LOCKED" },
	{ 0x4000, "MAP_NORESERVE" }, { 0x8000, "MAP_POPULATE" },
	{ 0x10000, "MAP_NONBLOCK" }, { 0x20000, "MAP_STACK" },
	{ 0x40000, "MAP_HUGETLB" }, { 0x80000, "MAP_SYNC" },
	{ 0x100000, "MAP_FIXED_NOREPLACE" },
};

static const struct xlat shmget_flags[] = {
	{ IPC_CREAT, "IPC_CREAT" }, { IPC_EXCL, "IPC_EXCL" },
	{ 04000, "SHM_HUGETLB" }, { 010000, "SHM_NORESERVE" },
};

static const struct xlat shmat_flags[] = {
	{ SHM_RDONLY, "SHM_RDONLY" }, { SHM_RND, "SHM_RND" },
	{ SHM_REMAP, "SHM_REMAP" }, { SHM_EXEC, "SHM_EXEC" },
};

static const struct xlat shmctl_cmds[] = {
	{ IPC_RMID, "IPC_RMID" }, { IPC_SET, "IPC_SET" },
	{ IPC_STAT, "IPC_STAT" }, { IPC_INFO, "IPC_INFO" },
	{ SHM_LOCK, "SHM_LOCK" }, { SHM_UNLOCK, "SHM_UNLOCK" },
	{ SHM_STAT, "SHM_STAT" }, { SHM_INFO, "SHM_INFO" },
	{ SHM_STAT_ANY, "SHM_STAT_ANY" },
};

static const struct xlat rlimits[] = {
	{ 0, "RLIMIT_CPU" }, { 1, "RLIMIT_FSIZE" }, { 2, "RLIMIT_DATA" },
	{ 3, "RLIMIT_STACK" }, { 4, "RLIMIT_CORE" }, { 5, "RLIMIT_RSS" },
	{ 6, "RLIMIT_NPROC" }, { 7, "RLIMIT_NOFILE" }, { 8, "RLIMIT_MEMLOCK" },
	{ 9, "RLIMIT_AS" }, { 10, "RLIMIT_LOCKS" }, { 11, "RLIMIT_SIGPENDING" },
	{ 12, "RLIMIT_MSGQUEUE" }, { 13, "RLIMIT_NICE" }, { 14, "RLIMIT_RTPRIO" },
	{ 15, "RLIMIT_RTTIME" },
};

static const struct xlat clocks[] = {
	{ 0, "CLOCK_REALTIME" }, { 1, "CLOCK_MONOTONIC" },
	{ 2, "CLOCK_PROCESS_CPUTIME_ID" }, { 3, "CLOCK_THREAD_CPUTIME_ID" },
	{ 4, "CLOCK_MONOTONIC_RAW" }, { 5, "CLOCK_REALTIME_COARSE" },
	{ 6, "CLOCK_MONOTONIC_COARSE" }, { 7, "CLOCK_BOOTTIME" },
	{ 8, "CLOCK_REALTIME_ALARM" }, { 9, "CLOCK_BOOTTIME_ALARM" },
	{ 11, "CLOCK_TAI" },
};

static const struct xlat wait_opts[] = {
	{ 1, "WNOHANG" }, { 2, "WUNTRACED" }, { 8, "WCONTINUED" },
	{ 0x20000000, "__WNOTHREAD" }, { 0x40000000, "__WALL" },
	{ 0x80000000, "__WCLONE" },
};

static const struct xlat clone_flags[] = {
	{ 0x100, "CLONE_VM" }, { 0x200, "CLONE_FS" }, { 0x400, "CLONE_FILES" },
	{ 0x800, "CLONE_SIGHAND" }, { 0x1000, "CLONE_PIDFD" },
	{ 0x2000, "CLONE_PTRACE" }, { 0x4000, "CLONE_VFORK" },
	{ 0x8000, "CLONE_PARENT" }, { 0x10000, "CLONE_THREAD" },
	{ 0x20000, "CLONE_NEWNS" }, { 0x40000, "CLONE_SYSVSEM" },
	{ 0x80000, "CLONE_SETTLS" }, { 0x100000, "CLONE_PARENT_SETTID" },
	{ 0x200000, "CLONE_CHILD_CLEARTID" }, { 0x400000, "CLONE_DETACHED" },
	{ 0x800000, "CLONE_UNTRACED" }, { 0x1000000, "CLONE_CHILD_SETTID" },
	{ 0x2000000, "CLONE_NEWCGROUP" }, { 0x4000000, "CLONE_NEWUTS" },
	{ 0x8000000, "CLONE_NEWIPC" }, { 0x10000000, "CLONE_NEWUSER" },
	{ 0x20000000, "CLONE_NEWPID" }, { 0x40000000, "CLONE_NEWNET" },
	{ 0x80000000, "CLONE_IO" },
};

#define CLONE_SETTLS		0x80000
#define CLONE_PARENT_SETTID	0x100000
#define CLONE_CHILD_CLEARTID	0x200000
#define CLONE_CHILD_SETTID	0x1000000

static const struct xlat fcntl_cmds[] = {
	{ 0, "F_DUPFD" }, { 1, "F_GETFD" }, { 2, "F_SETFD" }, { 3, "F_GETFL" },
	{ 4, "F_SETFL" }, { 5, "F_GETLK" }, { 6, "F_SETLK" }, { 7, "F_SETLKW" },
	{ 8, "F_SETOWN" }, { 9, "F_GETOWN" }, { 10, "F_SETSIG" },
	{ 11, "F_GETSIG" }, { 12, "F_GETLK64" }, { 13, "F_SETLK64" },
	{ 14, "F_SETLKW64" }, { 15, "F_SETOWN_EX" }, { 16, "F_GETOWN_EX" },
	{ 36, "F_OFD_GETLK" }, { 37, "F_OFD_SETLK" }, { 38, "F_OFD_SETLKW" },
	{ 1026, "F_NOTIFY" }, { 1030, "F_DUPFD_CLOEXEC" },
	{ 1031, "F_SETPIPE_SZ" }, { 1032, "F_GETPIPE_SZ" },
};

static const struct xlat ioctls[] = {
	{ 0x5401, "TCGETS" }, { 0x5402, "TCSETS" }, { 0x5403, "TCSETSW" },
	{ 0x5404, "TCSETSF" }, { 0x540e, "TIOCSCTTY" }, { 0x540f, "TIOCGPGRP" },
	{ 0x5410, "TIOCSPGRP" }, { 0x5413, "TIOCGWINSZ" },
	{ 0x5414, "TIOCSWINSZ" }, { 0x541b, "FIONREAD" }, { 0x5421, "FIONBIO" },
	{ 0x5422, "TIOCNOTTY" }, { 0x5450, "FIONCLEX" }, { 0x5451, "FIOCLEX" },
};

static const struct xlat flock_ops[] = {
	{ 1, "LOCK_SH" }, { 2, "LOCK_EX" }, { 4, "LOCK_NB" }, { 8, "LOCK_UN" },
	{ 32, "LOCK_MAND" }, { 64, "LOCK_READ" }, { 128, "LOCK_WRITE" },
};

static const struct xlat grnd_flags[] = {
	{ 1, "GRND_NONBLOCK" }, { 2, "GRND_RANDOM" }, { 4, "GRND_INSECURE" },
};

static const struct xlat splice_flags[] = {
	{ 1, "SPLICE_F_MOVE" }, { 2, "SPLICE_F_NONBLOCK" }, { 4, "SPLICE_F_MORE" },
	{ 8, "SPLICE_F_GIFT" },
};

/* ---- strings ---- */

/*
 * Quoted as C would: \n, \t..., \" and \\; other bytes outside ASCII's
 * printable range in octal, in three digits only where an octal digit
 * follows (so that it does not join the escape); with hex, all as \xNN.
 */
static void tprint_quoted(const char *s, uint32_t n, int hex)
{
	tprintf("\"");
	for (uint32_t i = 0; i < n; i++) {
		uint8_t ch = s[i];
		int digit_next = i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '7';

		if (hex) {
			tprintf("\\x%02x", ch);
			continue;
		}
		switch (ch) {
		case '"':  tprintf("\\\""); break;
		case '\\': tprintf("\\\\"); break;
		case '\n': tprintf("\\n"); break;
		case '\t': tprintf("\\t"); break;
		case '\r': tprintf("\\r"); break;
		case '\v': tprintf("\\v"); break;
		case '\f': tprintf("\\f"); break;
		default:
			if (ch >= ' ' && ch < 0x7f)
				tprintf("%c", ch);
			else if (digit_next || ch >= 0100)
				tprintf("\\%c%c%c", '0' + (ch >> 6),
					'0' + (ch >> 3 & 7), '0' + (ch & 7));
			else if (ch >= 010)
				tprintf("\\%c%c", '0' + (ch >> 3), '0' + (ch & 7));
			else
				tprintf("\\%c", '0' + ch);
		}
	}
	tprintf("\"");
}

static void tprint_path(uint32_t addr)
{
	static char s[MAX_STRLEN + 1];
	int n;

	if (!addr) {
		tprintf("NULL");
		return;
	}
	n = strncpy_from_user(s, (const char *)addr, sizeof(s));
	if (n == -EFAULT) {
		tprint_ptr(addr);
		return;
	}
	tprint_quoted(s, n < 0 ? MAX_STRLEN : n, 0);
	if (n < 0)
		tprintf("...");
}

void tprint_buf(uint32_t addr, uint32_t n, int hex)
{
	static char s[MAX_STRLEN];
	uint32_t m = n < MAX_STRLEN ? n : MAX_STRLEN;

	if (umove(addr, s, m)) {
		tprint_ptr(addr);
		return;
	}
	tprint_quoted(s, m, hex);
	if (n > m)
		tprintf("...");
}

/* argv: the strings, at most MAX_STRLEN of them, as strace shows arrays. */
static void tprint_argv(uint32_t addr)
{
	uint32_t p;
	int i;

	if (!addr || umove(addr, &p, 4)) {
		tprint_ptr(addr);
		return;
	}
	tprintf("[");
	for (i = 0; p && i < MAX_STRLEN; i++) {
		tprintf(i ? ", " : "");
		tprint_path(p);
		if (umove(addr + 4 * (i + 1), &p, 4))
			break;
	}
	tprintf(p && i == MAX_STRLEN ? ", ...]" : "]");
}

/* envp: only how many, as strace does without -v. */
static void tprint_envp(uint32_t addr)
{
	uint32_t p = 1;
	int n = 0;

	tprint_ptr(addr);
	if (!addr)
		return;
	while (n < 4096 && !umove(addr + 4 * n, &p, 4) && p)
		n++;
	tprintf(" /* %d var%s */", n, n == 1 ? "" : "s");
}

/* ---- structs ---- */

static void tprint_mode(uint32_t mode)
{
	static const struct xlat types[] = {
		{ 0140000, "S_IFSOCK" }, { 0120000, "S_IFLNK" },
		{ 0100000, "S_IFREG" }, { 060000, "S_IFBLK" },
		{ 040000, "S_IFDIR" }, { 020000, "S_IFCHR" }, { 010000, "S_IFIFO" },
	};
	static const struct xlat special[] = {
		{ 04000, "S_ISUID" }, { 02000, "S_ISGID" }, { 01000, "S_ISVTX" },
	};

	for (size_t i = 0; i < N(types); i++)
		if ((mode & 0170000) == types[i].val)
			tprintf("%s|", types[i].name);
	for (size_t i = 0; i < N(special); i++)
		if (mode & special[i].val)
			tprintf("%s|", special[i].name);
	tprint_octal(mode & 0777);
}

/* Linux i386's struct stat64, as 32-bit words. */
static void tprint_stat64(uint32_t addr)
{
	static uint32_t st[24];
	uint32_t mode, rdev;

	if (umove(addr, st, sizeof(st))) {
		tprint_ptr(addr);
		return;
	}
	mode = st[4];
	rdev = st[8];
	tprintf("{st_mode=");
	tprint_mode(mode);
	if ((mode & 0170000) == 020000 || (mode & 0170000) == 060000) {
		tprintf(", st_rdev=makedev(");
		tprint_hex(rdev >> 8 & 0xfff);
		tprintf(", ");
		tprint_hex((rdev & 0xff) | (rdev >> 12 & 0xfff00));
		tprintf(")");
	} else {
		tprintf(", st_size=%lld", (int64_t)((uint64_t)st[12] << 32 | st[11]));
	}
	tprintf(", ...}");
}

/* struct statx: the fields strace shows without -v. */
static void tprint_statx(uint32_t addr)
{
	static struct {
		uint32_t mask, blksize;
		uint64_t attributes;
		uint32_t nlink, uid, gid;
		uint16_t mode, pad;
		uint64_t ino, size;
	} __attribute__((packed)) stx;

	if (umove(addr, &stx, sizeof(stx))) {
		tprint_ptr(addr);
		return;
	}
	tprintf("{stx_mask=");
	tprint_flags(statx_mask, N(statx_mask), stx.mask, "0");
	tprintf(", stx_attributes=");
	tprint_hex(stx.attributes);
	tprintf(", stx_mode=");
	tprint_mode(stx.mode);
	tprintf(", stx_size=%llu, ...}", stx.size);
}

static void tprint_user_desc(uint32_t addr)
{
	struct {
		int32_t entry_number;
		uint32_t base_addr, limit, bits;
	} u;

	if (umove(addr, &u, sizeof(u))) {
		tprint_ptr(addr);
		return;
	}
	tprintf("{entry_number=%d, base_addr=", u.entry_number);
	tprint_hex(u.base_addr);
	tprintf(u.limit ? ", limit=0x%06x" : ", limit=%08x", u.limit);
	tprintf(", seg_32bit=%u, contents=%u, read_exec_only=%u, "
		"limit_in_pages=%u, seg_not_present=%u, useable=%u}",
		u.bits & 1, u.bits >> 1 & 3, u.bits >> 3 & 1, u.bits >> 4 & 1,
		u.bits >> 5 & 1, u.bits >> 6 & 1);
}

static void tprint_rlim(uint64_t v, int infinite)
{
	if (infinite)
		tprintf("RLIM%s_INFINITY", v == ~0ull ? "64" : "");
	else if (v && v % 1024 == 0)
		tprintf("%llu*1024", v / 1024);
	else
		tprintf("%llu", v);
}

static void tprint_rlimit(uint32_t addr, int wide)
{
	uint32_t r32[2];
	uint64_t r[2];

	if (!addr || umove(addr, wide ? (void *)r : (void *)r32,
			   wide ? sizeof(r) : sizeof(r32))) {
		tprint_ptr(addr);
		return;
	}
	if (!wide)
		r[0] = r32[0], r[1] = r32[1];
	tprintf("{rlim_cur=");
	tprint_rlim(r[0], wide ? r[0] == ~0ull : r[0] == ~0u);
	tprintf(", rlim_max=");
	tprint_rlim(r[1], wide ? r[1] == ~0ull : r[1] == ~0u);
	tprintf("}");
}

static void tprint_utsname(uint32_t addr)
{
	static char sysname[65], nodename[65];

	if (umove(addr, sysname, 65) || umove(addr + 65, nodename, 65)) {
		tprint_ptr(addr);
		return;
	}
	tprintf("{sysname=");
	tprint_quoted(sysname, strnlen(sysname, 64), 0);
	tprintf(", nodename=");
	tprint_quoted(nodename, strnlen(nodename, 64), 0);
	tprintf(", ...}");
}

static void tprint_timespec(uint32_t addr, int wide)
{
	int32_t t32[2];
	int64_t t[2];

	if (!addr || umove(addr, wide ? (void *)t : (void *)t32,
			   wide ? sizeof(t) : sizeof(t32))) {
		tprint_ptr(addr);
		return;
	}
	if (!wide)
		t[0] = t32[0], t[1] = t32[1];
	tprintf("{tv_sec=%lld, tv_nsec=%lld}", t[0], t[1]);
}

static void tprint_sigset(uint32_t addr)
{
	uint64_t set;
	int n = 0, sep = 0;

	if (!addr || umove(addr, &set, sizeof(set))) {
		tprint_ptr(addr);
		return;
	}
	for (int sig = 1; sig <= 64; sig++)
		n += set >> (sig - 1) & 1;
	if (n > 32) {		/* the shorter list: what is not in it */
		tprintf("~");
		set = ~set;
	}
	tprintf("[");
	for (int sig = 1; sig <= 64; sig++) {
		if (set >> (sig - 1) & 1) {
			tprintf(sep ? " " : "");
			tprint_signame("", sig);
			sep = 1;
		}
	}
	tprintf("]");
}

static void tprint_sigaction(uint32_t addr)
{
	struct {
		uint32_t handler, flags, restorer;
		uint64_t mask;
	} __attribute__((packed)) sa;

	if (!addr || umove(addr, &sa, sizeof(sa))) {
		tprint_ptr(addr);
		return;
	}
	tprintf("{sa_handler=");
	if (sa.handler <= 1)
		tprintf(sa.handler ? "SIG_IGN" : "SIG_DFL");
	else
		tprint_hex(sa.handler);
	tprintf(", sa_mask=");
	tprint_sigset(addr + 12);
	tprintf(", sa_flags=");
	tprint_flags(sa_flags, N(sa_flags), sa.flags, "0");
	if (sa.flags & 0x04000000) {
		tprintf(", sa_restorer=");
		tprint_hex(sa.restorer);
	}
	tprintf("}");
}

static void tprint_wstatus(uint32_t addr)
{
	int32_t s;

	if (!addr || umove(addr, &s, sizeof(s))) {
		tprint_ptr(addr);
		return;
	}
	tprintf("[{");
	if ((s & 0x7f) == 0) {
		tprintf("WIFEXITED(s) && WEXITSTATUS(s) == %d", s >> 8 & 0xff);
	} else if ((s & 0xff) == 0x7f) {
		tprintf("WIFSTOPPED(s) && WSTOPSIG(s) == ");
		tprint_signame("SIG", s >> 8 & 0xff);
	} else if (s == 0xffff) {
		tprintf("WIFCONTINUED(s)");
	} else {
		tprintf("WIFSIGNALED(s) && WTERMSIG(s) == ");
		tprint_signame("SIG", s & 0x7f);
		if (s & 0x80)
			tprintf(" && WCOREDUMP(s)");
	}
	tprintf("}]");
}

/* shmctl's buf, by command; IPC_64 layouts only (what glibc passes). */
static void tprint_shmctl_buf(const struct strace_call *c, uint32_t cmd,
			      uint32_t addr)
{
	static union {
		struct shmid64_ds ds;
		struct shminfo64 info;
		struct shm_info shm_info;
	} u;
	int done = c->exiting && c->ret >= 0;
	int base = cmd & ~IPC_64;
	uint32_t size = base == IPC_INFO ? sizeof(u.info) :
			base == SHM_INFO ? sizeof(u.shm_info) : sizeof(u.ds);

	if (!addr || !(cmd & IPC_64) || umove(addr, &u, size)) {
		tprint_ptr(addr);
	} else if (base == IPC_SET) {
		tprintf("{shm_perm={uid=%u, gid=%u, mode=", u.ds.shm_perm.uid,
			u.ds.shm_perm.gid);
		tprint_octal(u.ds.shm_perm.mode);
		tprintf("}, ...}");
	} else if (done && (base == IPC_STAT || base == SHM_STAT ||
			    base == SHM_STAT_ANY)) {
		const struct shmid64_ds *d = &u.ds;

		tprintf("{shm_perm={uid=%u, gid=%u, mode=", d->shm_perm.uid,
			d->shm_perm.gid);
		tprint_octal(d->shm_perm.mode);
		tprintf(", key=%d, cuid=%u, cgid=%u}, shm_segsz=%u, "
			"shm_cpid=%d, shm_lpid=%d, shm_nattch=%u, shm_atime=%u, "
			"shm_dtime=%u, shm_ctime=%u}", d->shm_perm.key,
			d->shm_perm.cuid, d->shm_perm.cgid, d->shm_segsz,
			d->shm_cpid, d->shm_lpid, d->shm_nattch, d->shm_atime,
			d->shm_dtime, d->shm_ctime);
	} else if (done && base == IPC_INFO) {
		tprintf("{shmmax=%u, shmmin=%u, shmmni=%u, shmseg=%u, "
			"shmall=%u}", u.info.shmmax, u.info.shmmin,
			u.info.shmmni, u.info.shmseg, u.info.shmall);
	} else if (done && base == SHM_INFO) {
		tprintf("{used_ids=%d, shm_tot=%u, shm_rss=%u, shm_swp=%u, "
			"swap_attempts=%u, swap_successes=%u}",
			u.shm_info.used_ids, u.shm_info.shm_tot,
			u.shm_info.shm_rss, u.shm_info.shm_swp,
			u.shm_info.swap_attempts, u.shm_info.swap_successes);
	} else {
		tprint_ptr(addr);
	}
}

static void tprint_clone(const struct strace_call *c)
{
	uint32_t flags = c->arg[0];
	int32_t tid;

	tprintf("child_stack=");
	tprint_ptr(c->arg[1]);
	tprintf(", flags=");
	tprint_flags(clone_flags, N(clone_flags), flags & ~0xffu, "");
	if (flags & 0xff) {
		tprintf(flags & ~0xffu ? "|" : "");
		tprint_signame("SIG", flags & 0xff);
	} else if (!(flags & ~0xffu)) {
		tprintf("0");
	}
	if (flags & CLONE_PARENT_SETTID) {
		tprintf(", parent_tid=");
		if (c->exiting && c->ret > 0 && !umove(c->arg[2], &tid, 4))
			tprintf("[%d]", tid);
		else
			tprint_ptr(c->arg[2]);
	}
	if (flags & CLONE_SETTLS) {
		tprintf(", tls=");
		tprint_user_desc(c->arg[3]);
	}
	if (flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) {
		tprintf(", child_tidptr=");
		tprint_ptr(c->arg[4]);
	}
}

static const struct xlat futex_cmds[] = {
	{ 0, "FUTEX_WAIT" }, { 1, "FUTEX_WAKE" }, { 2, "FUTEX_FD" },
	{ 3, "FUTEX_REQUEUE" }, { 4, "FUTEX_CMP_REQUEUE" }, { 5, "FUTEX_WAKE_OP" },
	{ 6, "FUTEX_LOCK_PI" }, { 7, "FUTEX_UNLOCK_PI" }, { 8, "FUTEX_TRYLOCK_PI" },
	{ 9, "FUTEX_WAIT_BITSET" }, { 10, "FUTEX_WAKE_BITSET" },
	{ 11, "FUTEX_WAIT_REQUEUE_PI" }, { 12, "FUTEX_CMP_REQUEUE_PI" },
	{ 13, "FUTEX_LOCK_PI2" },
};
static const struct xlat futex_wake_ops[] = {
	{ 0, "FUTEX_OP_SET" }, { 1, "FUTEX_OP_ADD" }, { 2, "FUTEX_OP_OR" },
	{ 3, "FUTEX_OP_ANDN" }, { 4, "FUTEX_OP_XOR" },
};
static const struct xlat futex_wake_cmps[] = {
	{ 0, "FUTEX_OP_CMP_EQ" }, { 1, "FUTEX_OP_CMP_NE" }, { 2, "FUTEX_OP_CMP_LT" },
	{ 3, "FUTEX_OP_CMP_LE" }, { 4, "FUTEX_OP_CMP_GT" }, { 5, "FUTEX_OP_CMP_GE" },
};

/* A bitset: FUTEX_BITSET_MATCH_ANY or a number in hex. */
static void tprint_futex_bitset(uint32_t v)
{
	if (v == 0xffffffffu)
		tprintf("FUTEX_BITSET_MATCH_ANY");
	else
		tprint_hex(v);
}

/* FUTEX_WAKE_OP's encoded operation, as strace spells it. */
static void tprint_futex_wake_op(uint32_t v)
{
	const char *op = xname(futex_wake_ops, N(futex_wake_ops), (v >> 28) & 7);
	const char *cmp = xname(futex_wake_cmps, N(futex_wake_cmps), (v >> 24) & 15);

	if (v & 0x80000000u)
		tprintf("FUTEX_OP_OPARG_SHIFT<<28|");
	if (op)
		tprintf("%s<<28", op);
	else
		tprintf("0x%x<<28 /* FUTEX_OP_??? */", (v >> 28) & 7);
	tprintf("|");
	tprint_hex((v >> 12) & 0xfff);
	tprintf("<<12|");
	if (cmp)
		tprintf("%s<<24", cmp);
	else
		tprintf("0x%x<<24 /* FUTEX_OP_CMP_??? */", (v >> 24) & 15);
	tprintf("|");
	tprint_hex(v & 0xfff);
}

/*
 * futex's operation, then only the arguments it uses, as strace prints
 * them: futex(0x804c0a4, FUTEX_WAIT_PRIVATE, 2, NULL).
 */
static void tprint_futex(const struct strace_call *c, int i, int wide)
{
	uint32_t op = c->arg[i], cmd = op & ~(128u | 256u), val = c->arg[i + 1];
	uint32_t timeout = c->arg[i + 2], uaddr2 = c->arg[i + 3], val3 = c->arg[i + 4];
	const char *name = xname(futex_cmds, N(futex_cmds), cmd);

	if (name)
		tprintf("%s%s%s", name, op & 128 ? "_PRIVATE" : "",
			op & 256 ? "|FUTEX_CLOCK_REALTIME" : "");
	else
		tprintf("0x%x /* FUTEX_??? */", op);
	switch (cmd) {
	case 0:						/* FUTEX_WAIT */
		tprintf(", %u, ", val);
		tprint_timespec(timeout, wide);
		break;
	case 9:						/* FUTEX_WAIT_BITSET */
		tprintf(", %u, ", val);
		tprint_timespec(timeout, wide);
		tprintf(", ");
		tprint_futex_bitset(val3);
		break;
	case 10:					/* FUTEX_WAKE_BITSET */
		tprintf(", %u, ", val);
		tprint_futex_bitset(val3);
		break;
	case 3:						/* FUTEX_REQUEUE */
		tprintf(", %u, %u, ", val, timeout);
		tprint_ptr(uaddr2);
		break;
	case 4:						/* FUTEX_CMP_REQUEUE */
		tprintf(", %u, %u, ", val, timeout);
		tprint_ptr(uaddr2);
		tprintf(", %u", val3);
		break;
	case 5:						/* FUTEX_WAKE_OP */
		tprintf(", %u, %u, ", val, timeout);
		tprint_ptr(uaddr2);
		tprintf(", ");
		tprint_futex_wake_op(val3);
		break;
	case 1: case 2:					/* FUTEX_WAKE, FUTEX_FD */
		tprintf(", %u", val);
		break;
	default:
		tprintf(", %u, ", val);
		tprint_ptr(timeout);
		tprintf(", ");
		tprint_ptr(uaddr2);
		tprintf(", ");
		tprint_hex(val3);
	}
}

static void tprint_fcntl(uint32_t cmd, uint32_t arg)
{
	tprint_xval(fcntl_cmds, N(fcntl_cmds), cmd);
	switch (cmd) {
	case 0: case 8: case 10: case 1030: case 1031:	/* a number */
		tprintf(", %d", (int32_t)arg);
		break;
	case 2:						/* F_SETFD */
		tprintf(", %s", arg == 1 ? "FD_CLOEXEC" : "0");
		break;
	case 4:						/* F_SETFL */
		tprintf(", ");
		tprint_open_flags(arg);
		break;
	case 5: case 6: case 7: case 12: case 13: case 14:	/* a struct flock */
	case 36: case 37: case 38:
		tprintf(", ");
		tprint_ptr(arg);
		break;
	}
}

static void tprint_llseek(const struct strace_call *c, int i)
{
	int64_t off = (int64_t)((uint64_t)c->arg[i] << 32 | c->arg[i + 1]);
	int64_t result;

	tprintf("%lld, ", off);
	if (c->exiting && c->ret == 0 && !umove(c->arg[i + 2], &result, 8))
		tprintf("[%lld]", result);
	else
		tprint_ptr(c->arg[i + 2]);
}

/* ---- by type ---- */

int strace_decode(int type, const struct strace_call *c, int i)
{
	uint32_t v = c->arg[i], next = i < 5 ? c->arg[i + 1] : 0;
	int done = c->exiting && c->ret >= 0;	/* what the call filled is there */
	int32_t fds[2];

	switch (type) {
	case A_INT:
		tprintf("%d", (int32_t)v);
		break;
	case A_UINT:
		tprintf("%u", v);
		break;
	case A_HEX:
		tprint_hex(v);
		break;
	case A_OCTAL:
		tprint_octal(v);
		break;
	case A_DIRFD:
		if ((int32_t)v == -100)
			tprintf("AT_FDCWD");
		else
			tprintf("%d", (int32_t)v);
		break;
	case A_PATH:
		tprint_path(v);
		break;
	case A_STR_OUT:
		if (done)
			tprint_path(v);
		else
			tprint_ptr(v);
		break;
	case A_WBUF:
		tprint_buf(v, next, 0);
		tprintf(", %u", next);
		return 2;
	case A_RBUF:
	case A_RANDOM:
		if (done)
			tprint_buf(v, c->ret, type == A_RANDOM);
		else
			tprint_ptr(v);
		tprintf(", %u", next);
		return 2;
	case A_GRND:
		tprint_flags(grnd_flags, N(grnd_flags), v, "0");
		break;
	case A_FLOCK_OP:
		tprint_flags(flock_ops, N(flock_ops), v, "0");
		break;
	case A_SPLICE_FLAGS:
		tprint_flags(splice_flags, N(splice_flags), v, "0");
		break;
	case A_OPEN:
		tprint_open_flags(v);
		if (v & (O_CREAT | O_TMPFILE)) {
			tprintf(", ");
			tprint_octal(next);
		}
		return 2;
	case A_OFLAGS:
		tprint_flags(open_flags, N(open_flags), v, "0");
		break;
	case A_ACCESS:
		tprint_flags(access_modes, N(access_modes), v, "F_OK");
		break;
	case A_AT_FLAGS:
		tprint_flags(at_flags, N(at_flags), v, "0");
		break;
	case A_STATX_FLAGS:
		tprint_xval(statx_sync, N(statx_sync), v & 0x6000);
		if (v & ~0x6000u) {
			tprintf("|");
			tprint_flags(at_flags, N(at_flags), v & ~0x6000u, "");
		}
		break;
	case A_STATX_MASK:
		tprint_flags(statx_mask, N(statx_mask), v, "0");
		break;
	case A_STATX:
		if (done)
			tprint_statx(v);
		else
			tprint_ptr(v);
		break;
	case A_STAT64:
		if (done)
			tprint_stat64(v);
		else
			tprint_ptr(v);
		break;
	case A_OFF64:
		tprintf("%lld", (int64_t)((uint64_t)next << 32 | v));
		return 2;
	case A_LLSEEK:
		tprint_llseek(c, i);
		return 3;
	case A_WHENCE:
		tprint_xval(whences, N(whences), v);
		break;
	case A_SIGNAL:
		tprint_signame("SIG", v);
		break;
	case A_SIGHOW:
		tprint_xval(sighows, N(sighows), v);
		break;
	case A_SIGSET:
		tprint_sigset(v);
		break;
	case A_SIGACTION:
		tprint_sigaction(v);
		break;
	case A_PROT:
		tprint_flags(prots, N(prots), v, "PROT_NONE");
		break;
	case A_MAP:
		tprint_xval(map_types, N(map_types), v & 0xf);
		if (v & ~0xfu) {
			tprintf("|");
			tprint_flags(map_flags, N(map_flags), v & ~0xfu, "");
		}
		break;
	case A_PGOFF:
		if (v)
			tprintf("0x%llx", (uint64_t)v << 12);
		else
			tprintf("0");
		break;
	case A_IPC_KEY:
		if (v)
			tprintf("0x%x", v);
		else
			tprintf("IPC_PRIVATE");
		break;
	case A_SHMGET_FLAGS:
		if (v & ~0777u) {
			tprint_flags(shmget_flags, N(shmget_flags), v & ~0777u, "");
			tprintf("|");
		}
		tprint_octal(v & 0777);
		break;
	case A_SHMAT_FLAGS:
		tprint_flags(shmat_flags, N(shmat_flags), v, "0");
		break;
	case A_SHMCTL:
		tprintf(v & IPC_64 ? "IPC_64|" : "");
		tprint_xval(shmctl_cmds, N(shmctl_cmds), v & ~IPC_64);
		tprintf(", ");
		tprint_shmctl_buf(c, v, next);
		return 2;
	case A_IPC_FLAGS:
	case A_SEMBUF:
	case A_SEMCTL:
	case A_MSGSND:
	case A_MSGRCV:
	case A_MSGCTL:
		return strace_decode_sysv(type, c, i);
	case A_USER_DESC:
		if (!c->exiting || c->ret == 0)
			tprint_user_desc(v);
		else
			tprint_ptr(v);
		break;
	case A_RLIMIT_RES:
		tprint_xval(rlimits, N(rlimits), v);
		break;
	case A_RLIMIT:
		if (done)
			tprint_rlimit(v, 0);
		else
			tprint_ptr(v);
		break;
	case A_RLIMIT64:
		tprint_rlimit(v, 1);
		break;
	case A_UTSNAME:
		if (done)
			tprint_utsname(v);
		else
			tprint_ptr(v);
		break;
	case A_CLOCK:
		tprint_xval(clocks, N(clocks), v);
		break;
	case A_TIMESPEC:
	case A_TIMESPEC64:
		tprint_timespec(v, type == A_TIMESPEC64);
		break;
	case A_WSTATUS:
		if (c->exiting && c->ret > 0)
			tprint_wstatus(v);
		else
			tprint_ptr(v);
		break;
	case A_WAIT_OPTS:
		tprint_flags(wait_opts, N(wait_opts), v, "0");
		break;
	case A_ARGV:
		tprint_argv(v);
		break;
	case A_ENVP:
		tprint_envp(v);
		break;
	case A_CLONE:
		tprint_clone(c);
		return 5;
	case A_FCNTL:
		tprint_fcntl(v, next);
		return 2;
	case A_FUTEX:
	case A_FUTEX64:
		tprint_futex(c, i, type == A_FUTEX64);
		return 5;
	case A_IOCTL:
		if (xname(ioctls, N(ioctls), v))
			tprintf("%s, ", xname(ioctls, N(ioctls), v));
		else
			tprintf("0x%x, ", v);
		tprint_hex(next);
		return 2;
	case A_PIPEFDS:
		if (done && !umove(v, fds, sizeof(fds)))
			tprintf("[%d, %d]", fds[0], fds[1]);
		else
			tprint_ptr(v);
		break;
	default:	/* A_PTR */
		tprint_ptr(v);
	}
	return 1;
}
