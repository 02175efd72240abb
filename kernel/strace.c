/*
 * trace=syscall: a line per system call, in strace's format, built from the
 * caller's registers around the handler (kernel/syscall.c calls
 * strace_enter before it and strace_exit after it, only when tracing).
 *
 * Most calls are decoded at exit, when what they return in memory is there
 * (read's buffer, stat's struct), and print as one line then.  A few are
 * decoded at entry: execve, whose arguments are gone once it succeeds;
 * set_thread_area, which overwrites its own argument; exit and exit_group,
 * which never return.  The kernel is not preemptive and none of those sleeps
 * between entry and exit, so the half-built line waits in the one buffer.
 *
 * The line goes out through printk at once, so output a program writes
 * never lands inside it (strace, printing the arguments before the call,
 * shows "write(1, "hi\n", 3hi\n) = 3" on a terminal; this tracer does not).
 */
#include <stdarg.h>
#include "kernel/strace.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "mm/uaccess.h"

/* Classes, for trace=syscall:CLASS (strace's %ipc, %memory...). */
#define TI	0x01	/* shm: System V IPC */
#define TM	0x02	/* memory: the address space */
#define TF	0x04	/* file: takes a path */
#define TD	0x08	/* desc: takes or makes a file descriptor */
#define TP	0x10	/* process: makes, runs, waits for, ends processes */
#define TS	0x20	/* signal */
#define AT_ENTRY 0x80	/* decoded at entry (see the top of this file) */

/* How the result prints; errors always as "-1 ENAME (text)". */
enum { R_INT, R_HEX, R_OCTAL, R_NONE /* never returns: "= ?" */, R_TLS };

struct strace_fmt {
	const char *name;	/* Linux's, as in kernel/syscall_names.c */
	uint8_t flags;		/* classes, AT_ENTRY */
	uint8_t ret;
	uint8_t args[6];	/* enum strace_type, A_END-terminated */
};

#define C(name, flags, ret, ...)	{ name, flags, ret, { __VA_ARGS__ } }

/*
 * How each call's arguments print, in strace's words; a call not here
 * prints its six argument registers in hex.  In Linux's number order.
 */
static const struct strace_fmt fmts[] = {
	C("exit", TP | AT_ENTRY, R_NONE, A_INT),
	C("fork", TP, R_INT),
	C("read", TD, R_INT, A_INT, A_RBUF),
	C("write", TD, R_INT, A_INT, A_WBUF),
	C("open", TD | TF, R_INT, A_PATH, A_OPEN),
	C("close", TD, R_INT, A_INT),
	C("waitpid", TP, R_INT, A_INT, A_WSTATUS, A_WAIT_OPTS),
	C("creat", TD | TF, R_INT, A_PATH, A_OCTAL),
	C("link", TF, R_INT, A_PATH, A_PATH),
	C("unlink", TF, R_INT, A_PATH),
	C("execve", TF | TP | AT_ENTRY, R_INT, A_PATH, A_ARGV, A_ENVP),
	C("chdir", TF, R_INT, A_PATH),
	C("time", 0, R_INT, A_PTR),
	C("chmod", TF, R_INT, A_PATH, A_OCTAL),
	C("lseek", TD, R_INT, A_INT, A_INT, A_WHENCE),
	C("getpid", 0, R_INT),
	C("alarm", 0, R_INT, A_UINT),
	C("pause", TS, R_INT),
	C("utime", TF, R_INT, A_PATH, A_PTR),
	C("access", TF, R_INT, A_PATH, A_ACCESS),
	C("sync", 0, R_INT),
	C("kill", TS | TP, R_INT, A_INT, A_SIGNAL),
	C("rename", TF, R_INT, A_PATH, A_PATH),
	C("mkdir", TF, R_INT, A_PATH, A_OCTAL),
	C("rmdir", TF, R_INT, A_PATH),
	C("dup", TD, R_INT, A_INT),
	C("pipe", TD, R_INT, A_PIPEFDS),
	C("times", 0, R_INT, A_PTR),
	C("brk", TM, R_HEX, A_PTR),
	C("ioctl", TD, R_INT, A_INT, A_IOCTL),
	C("fcntl", TD, R_INT, A_INT, A_FCNTL),
	C("setpgid", 0, R_INT, A_INT, A_INT),
	C("umask", 0, R_OCTAL, A_OCTAL),
	C("dup2", TD, R_INT, A_INT, A_INT),
	C("getppid", 0, R_INT),
	C("getpgrp", 0, R_INT),
	C("setsid", 0, R_INT),
	C("sigsuspend", TS, R_INT, A_INT, A_INT, A_HEX),
	C("sigpending", TS, R_INT, A_PTR),
	C("getrusage", 0, R_INT, A_INT, A_PTR),
	C("gettimeofday", 0, R_INT, A_PTR, A_PTR),
	C("symlink", TF, R_INT, A_PATH, A_PATH),
	C("readlink", TF, R_INT, A_PATH, A_RBUF),
	C("swapon", TF, R_INT, A_PATH, A_INT),
	C("reboot", 0, R_INT, A_HEX, A_HEX, A_HEX),
	C("mmap", TM, R_HEX, A_PTR),
	C("munmap", TM, R_INT, A_PTR, A_UINT),
	C("truncate", TF, R_INT, A_PATH, A_INT),
	C("ftruncate", TD, R_INT, A_INT, A_INT),
	C("fchmod", TD, R_INT, A_INT, A_OCTAL),
	C("setitimer", 0, R_INT, A_INT, A_PTR, A_PTR),
	C("getitimer", 0, R_INT, A_INT, A_PTR),
	C("wait4", TP, R_INT, A_INT, A_WSTATUS, A_WAIT_OPTS, A_PTR),
	C("swapoff", TF, R_INT, A_PATH),
	C("sysinfo", 0, R_INT, A_PTR),
	C("ipc", TI, R_INT, A_INT, A_INT, A_INT, A_INT, A_INT, A_INT),
	C("fsync", TD, R_INT, A_INT),
	C("sigreturn", TS, R_INT),
	C("clone", TP, R_INT, A_CLONE),
	C("uname", 0, R_INT, A_UTSNAME),
	C("mprotect", TM, R_INT, A_PTR, A_UINT, A_PROT),
	C("sigprocmask", TS, R_INT, A_SIGHOW, A_PTR, A_PTR),
	C("getpgid", 0, R_INT, A_INT),
	C("fchdir", TD, R_INT, A_INT),
	C("_llseek", TD, R_INT, A_INT, A_LLSEEK, A_WHENCE),
	C("_newselect", TD, R_INT, A_INT, A_PTR, A_PTR, A_PTR, A_PTR),
	C("flock", TD, R_INT, A_INT, A_FLOCK_OP),
	C("readv", TD, R_INT, A_INT, A_PTR, A_INT),
	C("writev", TD, R_INT, A_INT, A_PTR, A_INT),
	C("getsid", 0, R_INT, A_INT),
	C("fdatasync", TD, R_INT, A_INT),
	C("sched_yield", 0, R_INT),
	C("nanosleep", 0, R_INT, A_TIMESPEC, A_PTR),
	C("poll", TD, R_INT, A_PTR, A_UINT, A_INT),
	C("rt_sigreturn", TS, R_INT),
	C("rt_sigaction", TS, R_INT, A_SIGNAL, A_SIGACTION, A_SIGACTION, A_UINT),
	C("rt_sigprocmask", TS, R_INT, A_SIGHOW, A_SIGSET, A_SIGSET, A_UINT),
	C("rt_sigpending", TS, R_INT, A_SIGSET, A_UINT),
	C("rt_sigtimedwait", TS, R_INT, A_SIGSET, A_PTR, A_PTR, A_UINT),
	C("rt_sigsuspend", TS, R_INT, A_SIGSET, A_UINT),
	C("pread64", TD, R_INT, A_INT, A_RBUF, A_OFF64),
	C("pwrite64", TD, R_INT, A_INT, A_WBUF, A_OFF64),
	C("eventfd", TD, R_INT, A_UINT),
	C("eventfd2", TD, R_INT, A_UINT, A_HEX),
	C("preadv", TD, R_INT, A_INT, A_PTR, A_INT, A_OFF64),
	C("pwritev", TD, R_INT, A_INT, A_PTR, A_INT, A_OFF64),
	C("preadv2", TD, R_INT, A_INT, A_PTR, A_INT, A_OFF64, A_UINT),
	C("pwritev2", TD, R_INT, A_INT, A_PTR, A_INT, A_OFF64, A_UINT),
	C("sched_rr_get_interval", 0, R_INT, A_INT, A_PTR),
	C("getcwd", TF, R_INT, A_STR_OUT, A_UINT),
	C("sigaltstack", TS, R_INT, A_PTR, A_PTR),
	C("vfork", TP, R_INT),
	C("ugetrlimit", 0, R_INT, A_RLIMIT_RES, A_RLIMIT),
	C("setrlimit", 0, R_INT, A_RLIMIT_RES, A_RLIMIT),
	C("getrlimit", 0, R_INT, A_RLIMIT_RES, A_RLIMIT),
	C("mmap2", TM | TD, R_HEX, A_PTR, A_UINT, A_PROT, A_MAP, A_INT, A_PGOFF),
	C("truncate64", TF, R_INT, A_PATH, A_OFF64),
	C("ftruncate64", TD, R_INT, A_INT, A_OFF64),
	C("stat64", TF, R_INT, A_PATH, A_STAT64),
	C("lstat64", TF, R_INT, A_PATH, A_STAT64),
	C("fstat64", TD, R_INT, A_INT, A_STAT64),
	C("lchown32", TF, R_INT, A_PATH, A_INT, A_INT),
	C("getuid32", 0, R_INT),
	C("getgid32", 0, R_INT),
	C("geteuid32", 0, R_INT),
	C("getegid32", 0, R_INT),
	C("setreuid32", 0, R_INT, A_INT, A_INT),
	C("setregid32", 0, R_INT, A_INT, A_INT),
	C("getgroups32", 0, R_INT, A_INT, A_PTR),
	C("setgroups32", 0, R_INT, A_INT, A_PTR),
	C("fchown32", TD, R_INT, A_INT, A_INT, A_INT),
	C("setresuid32", 0, R_INT, A_INT, A_INT, A_INT),
	C("getresuid32", 0, R_INT, A_PTR, A_PTR, A_PTR),
	C("setresgid32", 0, R_INT, A_INT, A_INT, A_INT),
	C("getresgid32", 0, R_INT, A_PTR, A_PTR, A_PTR),
	C("chown32", TF, R_INT, A_PATH, A_INT, A_INT),
	C("setuid32", 0, R_INT, A_INT),
	C("setgid32", 0, R_INT, A_INT),
	C("mincore", TM, R_INT, A_PTR, A_UINT, A_PTR),
	C("madvise", TM, R_INT, A_PTR, A_UINT, A_INT),
	C("getdents64", TD, R_INT, A_INT, A_PTR, A_UINT),
	C("fcntl64", TD, R_INT, A_INT, A_FCNTL),
	C("gettid", 0, R_INT),
	C("tkill", TS, R_INT, A_INT, A_SIGNAL),
	C("futex", 0, R_INT, A_PTR, A_FUTEX),
	C("set_thread_area", AT_ENTRY, R_TLS, A_USER_DESC),
	C("get_thread_area", 0, R_INT, A_USER_DESC),
	C("exit_group", TP | AT_ENTRY, R_NONE, A_INT),
	C("set_tid_address", 0, R_INT, A_PTR),
	C("clock_gettime", 0, R_INT, A_CLOCK, A_TIMESPEC),
	C("clock_getres", 0, R_INT, A_CLOCK, A_TIMESPEC),
	C("clock_nanosleep", 0, R_INT, A_CLOCK, A_INT, A_TIMESPEC, A_PTR),
	C("tgkill", TS, R_INT, A_INT, A_INT, A_SIGNAL),
	C("utimes", TF, R_INT, A_PATH, A_PTR),
	C("inotify_init", TD, R_INT),
	C("inotify_add_watch", TD | TF, R_INT, A_INT, A_PATH, A_HEX),
	C("inotify_rm_watch", TD, R_INT, A_INT, A_INT),
	C("openat", TD | TF, R_INT, A_DIRFD, A_PATH, A_OPEN),
	C("mkdirat", TD | TF, R_INT, A_DIRFD, A_PATH, A_OCTAL),
	C("fchownat", TD | TF, R_INT, A_DIRFD, A_PATH, A_INT, A_INT, A_AT_FLAGS),
	C("futimesat", TD | TF, R_INT, A_DIRFD, A_PATH, A_PTR),
	C("fstatat64", TD | TF, R_INT, A_DIRFD, A_PATH, A_STAT64, A_AT_FLAGS),
	C("unlinkat", TD | TF, R_INT, A_DIRFD, A_PATH, A_AT_FLAGS),
	C("renameat", TD | TF, R_INT, A_DIRFD, A_PATH, A_DIRFD, A_PATH),
	C("linkat", TD | TF, R_INT, A_DIRFD, A_PATH, A_DIRFD, A_PATH, A_AT_FLAGS),
	C("symlinkat", TD | TF, R_INT, A_PATH, A_DIRFD, A_PATH),
	C("readlinkat", TD | TF, R_INT, A_DIRFD, A_PATH, A_RBUF),
	C("fchmodat", TD | TF, R_INT, A_DIRFD, A_PATH, A_OCTAL),
	C("faccessat", TD | TF, R_INT, A_DIRFD, A_PATH, A_ACCESS),
	C("pselect6", TD, R_INT, A_INT, A_PTR, A_PTR, A_PTR, A_PTR, A_PTR),
	C("ppoll", TD, R_INT, A_PTR, A_UINT, A_PTR, A_PTR, A_UINT),
	C("set_robust_list", 0, R_INT, A_PTR, A_UINT),
	C("splice", TD, R_INT, A_INT, A_PTR, A_INT, A_PTR, A_UINT, A_SPLICE_FLAGS),
	C("tee", TD, R_INT, A_INT, A_INT, A_UINT, A_SPLICE_FLAGS),
	C("sync_file_range", TD, R_INT, A_INT, A_OFF64, A_OFF64, A_HEX),
	C("vmsplice", TD, R_INT, A_INT, A_PTR, A_UINT, A_SPLICE_FLAGS),
	C("utimensat", TD | TF, R_INT, A_DIRFD, A_PATH, A_PTR, A_AT_FLAGS),
	C("signalfd", TD | TS, R_INT, A_INT, A_SIGSET, A_UINT),
	C("timerfd_create", TD, R_INT, A_CLOCK, A_OFLAGS),
	C("fallocate", TD, R_INT, A_INT, A_HEX, A_OFF64, A_OFF64),
	C("timerfd_settime", TD, R_INT, A_INT, A_HEX, A_PTR, A_PTR),
	C("timerfd_gettime", TD, R_INT, A_INT, A_PTR),
	C("signalfd4", TD | TS, R_INT, A_INT, A_SIGSET, A_UINT, A_OFLAGS),
	C("dup3", TD, R_INT, A_INT, A_INT, A_OFLAGS),
	C("pipe2", TD, R_INT, A_PIPEFDS, A_OFLAGS),
	C("inotify_init1", TD, R_INT, A_OFLAGS),
	C("prlimit64", 0, R_INT, A_INT, A_RLIMIT_RES, A_RLIMIT64, A_RLIMIT64),
	C("renameat2", TD | TF, R_INT, A_DIRFD, A_PATH, A_DIRFD, A_PATH, A_HEX),
	C("getrandom", 0, R_INT, A_RANDOM, A_GRND),
	C("memfd_create", TD, R_INT, A_PATH, A_HEX),
	C("statx", TD | TF, R_INT, A_DIRFD, A_PATH, A_STATX_FLAGS, A_STATX_MASK,
	  A_STATX),
	C("rseq", 0, R_INT, A_PTR, A_HEX, A_HEX, A_HEX),
	C("semget", TI, R_INT, A_IPC_KEY, A_INT, A_IPC_FLAGS),
	C("semctl", TI, R_INT, A_INT, A_INT, A_SEMCTL),
	C("shmget", TI, R_INT, A_IPC_KEY, A_UINT, A_SHMGET_FLAGS),
	C("shmctl", TI, R_INT, A_INT, A_SHMCTL),
	C("shmat", TI | TM, R_HEX, A_INT, A_PTR, A_SHMAT_FLAGS),
	C("shmdt", TI | TM, R_INT, A_PTR),
	C("msgget", TI, R_INT, A_IPC_KEY, A_IPC_FLAGS),
	C("msgsnd", TI, R_INT, A_INT, A_MSGSND),
	C("msgrcv", TI, R_INT, A_INT, A_MSGRCV),
	C("msgctl", TI, R_INT, A_INT, A_MSGCTL),
	C("clock_gettime64", 0, R_INT, A_CLOCK, A_TIMESPEC64),
	C("clock_getres_time64", 0, R_INT, A_CLOCK, A_TIMESPEC64),
	C("clock_nanosleep_time64", 0, R_INT, A_CLOCK, A_INT, A_TIMESPEC64, A_PTR),
	C("timerfd_gettime64", TD, R_INT, A_INT, A_PTR),
	C("timerfd_settime64", TD, R_INT, A_INT, A_HEX, A_PTR, A_PTR),
	C("utimensat_time64", TD | TF, R_INT, A_DIRFD, A_PATH, A_PTR, A_AT_FLAGS),
	C("pselect6_time64", TD, R_INT, A_INT, A_PTR, A_PTR, A_PTR, A_PTR, A_PTR),
	C("ppoll_time64", TD, R_INT, A_PTR, A_UINT, A_PTR, A_PTR, A_UINT),
	C("semtimedop_time64", TI, R_INT, A_INT, A_SEMBUF, A_TIMESPEC64),
	C("rt_sigtimedwait_time64", TS, R_INT, A_SIGSET, A_PTR, A_PTR, A_UINT),
	C("futex_time64", 0, R_INT, A_PTR, A_FUTEX64),
	C("pidfd_send_signal", TD | TS, R_INT, A_INT, A_SIGNAL, A_PTR, A_HEX),
	C("epoll_create", TD, R_INT, A_INT),
	C("epoll_ctl", TD, R_INT, A_INT, A_INT, A_INT, A_PTR),
	C("epoll_wait", TD, R_INT, A_INT, A_PTR, A_INT, A_INT),
	C("epoll_pwait", TD, R_INT, A_INT, A_PTR, A_INT, A_INT, A_PTR, A_UINT),
	C("epoll_create1", TD, R_INT, A_OFLAGS),
	C("pidfd_open", TD, R_INT, A_INT, A_HEX),
	C("clone3", TP, R_INT, A_PTR, A_UINT),
	C("pidfd_getfd", TD, R_INT, A_INT, A_INT, A_HEX),
	C("faccessat2", TD | TF, R_INT, A_DIRFD, A_PATH, A_ACCESS, A_AT_FLAGS),
	C("futex_waitv", 0, R_INT, A_PTR, A_UINT, A_UINT, A_PTR, A_CLOCK),
};

static const struct {
	const char *name;
	uint8_t class;
} classes[] = {
	{ "shm", TI }, { "memory", TM }, { "file", TF }, { "desc", TD },
	{ "process", TP }, { "signal", TS },
};

/*
 * semop and semtimedop, which i386 has only through ipc(): they print
 * under their own names, and trace=syscall:semtimedop_time64 selects them.
 */
static const struct strace_fmt semop_fmt =
	C("semop", TI, R_INT, A_INT, A_SEMBUF);
static const struct strace_fmt semtimedop_fmt =
	C("semtimedop", TI, R_INT, A_INT, A_SEMBUF, A_TIMESPEC);

/* The calls ipc() multiplexes on i386: its first argument's low 16 bits. */
#define NR_ipc		117
#define NR_semget	393
#define NR_semctl	394
#define NR_shmget	395
#define NR_shmctl	396
#define NR_shmat	397
#define NR_shmdt	398
#define NR_msgget	399
#define NR_msgsnd	400
#define NR_msgrcv	401
#define NR_msgctl	402
#define NR_semtimedop_time64	420
#define IPC_SEMOP	1
#define IPC_SEMGET	2
#define IPC_SEMCTL	3
#define IPC_SEMTIMEDOP	4
#define IPC_MSGSND	11
#define IPC_MSGRCV	12
#define IPC_MSGGET	13
#define IPC_MSGCTL	14
#define IPC_SHMAT	21
#define IPC_SHMDT	22
#define IPC_SHMGET	23
#define IPC_SHMCTL	24

int strace_enabled;
static const struct strace_fmt *fmt_of[NR_SYSCALLS];
static uint32_t selected[(NR_SYSCALLS + 31) / 32];
static int pending_pid;		/* whose line, begun at entry, awaits a result */

static char line[STRACE_LINE];
static int len;			/* may pass STRACE_LINE: see emit */
/* Arguments stop here, so that the result always fits after them. */
#define ARGS_MAX	(STRACE_LINE - 128)

void tprintf(const char *fmt, ...)
{
	va_list ap;

	if (len >= STRACE_LINE)
		return;
	va_start(ap, fmt);
	len += vsnprintf(line + len, STRACE_LINE - len, fmt, ap);
	va_end(ap);
}

int umove(uint32_t uaddr, void *dst, uint32_t n)
{
	return copy_from_user(dst, (const void *)uaddr, n);
}

/*
 * printk formats at most 255 bytes: the line goes in pieces, which stay
 * together because nothing runs between them (interrupts are off).
 */
static void emit(void)
{
	int n = len < STRACE_LINE ? len : STRACE_LINE - 1;

	for (int i = 0; i < n; i += 200)
		printk("%.*s", n - i < 200 ? n - i : 200, line + i);
	len = 0;
}

static int is_selected(uint32_t nr)
{
	return nr < NR_SYSCALLS && (selected[nr / 32] & (1u << nr % 32));
}

/*
 * The call as it prints, from the registers; false if the filter leaves it
 * out.  ipc(call, first, second, third, ptr, fifth) prints as the call it
 * makes, with that call's arguments in its own order; shmat's address
 * comes back in *third.
 */
static int resolve(const struct trapframe *tf, uint32_t nr,
		   struct strace_call *c)
{
	const uint32_t *a = c->arg;
	uint32_t own = nr;

	c->arg[0] = tf->ebx, c->arg[1] = tf->ecx, c->arg[2] = tf->edx;
	c->arg[3] = tf->esi, c->arg[4] = tf->edi, c->arg[5] = tf->ebp;
	if (nr == NR_ipc) {
		uint32_t call = a[0], first = a[1], second = a[2], third = a[3];
		uint32_t ptr = a[4], fifth = a[5];

		c->ipc_call = call;
		switch (call & 0xffff) {
		case IPC_SEMOP:
		case IPC_SEMTIMEDOP:
			own = NR_semtimedop_time64;
			c->name = (call & 0xffff) == IPC_SEMOP ? "semop" : "semtimedop";
			c->fmt = (call & 0xffff) == IPC_SEMOP ? &semop_fmt :
								&semtimedop_fmt;
			c->arg[0] = first, c->arg[1] = ptr, c->arg[2] = second;
			c->arg[3] = fifth;
			break;
		case IPC_SEMGET:
			own = NR_semget;
			c->arg[0] = first, c->arg[1] = second, c->arg[2] = third;
			break;
		case IPC_SEMCTL:
			own = NR_semctl;
			c->arg[0] = first, c->arg[1] = second, c->arg[2] = third;
			c->arg[3] = ptr;
			break;
		case IPC_MSGSND:
			own = NR_msgsnd;
			c->arg[0] = first, c->arg[1] = ptr, c->arg[2] = second;
			c->arg[3] = third;
			break;
		case IPC_MSGRCV:
			own = NR_msgrcv;
			c->arg[0] = first, c->arg[1] = ptr, c->arg[2] = second;
			c->arg[3] = fifth, c->arg[4] = third;
			break;
		case IPC_MSGGET:
			own = NR_msgget;
			c->arg[0] = first, c->arg[1] = second;
			break;
		case IPC_MSGCTL:
			own = NR_msgctl;
			c->arg[0] = first, c->arg[1] = second, c->arg[2] = ptr;
			break;
		case IPC_SHMGET:
			own = NR_shmget;
			c->arg[0] = first, c->arg[1] = second, c->arg[2] = third;
			break;
		case IPC_SHMAT:
			own = NR_shmat;
			c->arg[0] = first, c->arg[1] = ptr, c->arg[2] = second;
			if (c->exiting && c->ret == 0 && umove(third, &c->ret, 4))
				c->ret = -EFAULT;	/* as the call itself said */
			break;
		case IPC_SHMDT:
			own = NR_shmdt;
			c->arg[0] = ptr;
			break;
		case IPC_SHMCTL:
			own = NR_shmctl;
			c->arg[0] = first, c->arg[1] = second, c->arg[2] = ptr;
			break;
		default:
			c->ipc_call = 0;	/* printed as ipc() itself */
		}
	}
	c->nr = own;
	if (!c->name)
		c->fmt = own < NR_SYSCALLS ? fmt_of[own] : NULL;
	return is_selected(nr) || is_selected(own);
}

static void print_call(const struct strace_call *c)
{
	const char *name = c->name ? c->name :
			   c->nr < NR_SYSCALLS ? syscall_names[c->nr] : NULL;

	if (name)
		tprintf("%d %s(", current->pid, name);
	else
		tprintf("%d syscall_0x%x(", current->pid, c->nr);
	if (c->fmt) {
		const uint8_t *t = c->fmt->args;

		for (int i = 0; i < 6 && *t; t++) {
			if (i)
				tprintf(", ");
			i += strace_decode(*t, c, i);
		}
	} else {
		for (int i = 0; i < 6; i++)	/* the registers, raw */
			tprintf("%s0x%x", i ? ", " : "", c->arg[i]);
	}
	if (len > ARGS_MAX) {
		len = ARGS_MAX;
		tprintf("...");
	}
	tprintf(")");
}

static void print_result(const struct strace_call *c)
{
	long r = c->ret;
	struct { int32_t entry_number; } desc;

	/* as strace shows them: EINTR or run again, by do_signal's rules */
	if (r == -ERESTARTSYS) {
		tprintf(" = ? ERESTARTSYS (To be restarted if SA_RESTART is set)\n");
		return;
	}
	if (r == -ERESTARTNOINTR) {
		tprintf(" = ? ERESTARTNOINTR (Interrupted system call)\n");
		return;
	}
	if (r == -ERESTARTNOHAND) {
		tprintf(" = ? ERESTARTNOHAND (To be restarted if no handler)\n");
		return;
	}
	if (r == -ERESTART_RESTARTBLOCK) {
		tprintf(" = ? ERESTART_RESTARTBLOCK (Interrupted by signal)\n");
		return;
	}
	if (r < 0 && r >= -4095) {
		if (errno_name(-r))
			tprintf(" = -1 %s (%s)\n", errno_name(-r), errno_text(-r));
		else
			tprintf(" = -1 ERRNO_%ld (Unknown error %ld)\n", -r, -r);
		return;
	}
	switch (c->fmt ? c->fmt->ret : R_INT) {
	case R_HEX:
		tprintf(r ? " = 0x%lx\n" : " = 0\n", r);
		break;
	case R_OCTAL:
		tprintf(" = ");
		tprint_octal(r);
		tprintf("\n");
		break;
	case R_TLS:	/* the entry the kernel chose, as strace shows it */
		if (!umove(c->arg[0], &desc, sizeof(desc)))
			tprintf(" = %ld (entry_number=%d)\n", r, desc.entry_number);
		else
			tprintf(" = %ld\n", r);
		break;
	default:
		tprintf(" = %ld\n", r);
	}
}

void strace_enter(const struct trapframe *tf)
{
	struct strace_call c = { .exiting = 0 };

	if (!resolve(tf, tf->eax, &c) || !c.fmt || !(c.fmt->flags & AT_ENTRY))
		return;
	len = 0;
	print_call(&c);
	if (c.fmt->ret == R_NONE) {
		tprintf(" = ?\n");
		emit();
	} else {
		pending_pid = current->pid;
	}
}

/* nr: the call's number (sigreturn clears current->syscall_nr). */
void strace_exit(const struct trapframe *tf, uint32_t nr)
{
	struct strace_call c = { .exiting = 1, .ret = (int32_t)tf->eax };

	if (!resolve(tf, nr, &c))
		return;
	if (c.fmt && (c.fmt->flags & AT_ENTRY)) {
		if (pending_pid != current->pid)
			return;
		pending_pid = 0;
	} else {
		len = 0;
		print_call(&c);
	}
	print_result(&c);
	emit();
}

/* ---- trace=syscall[:FILTER] ---- */

static int nr_by_name(const char *name, size_t n)
{
	for (int nr = 0; nr < NR_SYSCALLS; nr++)
		if (syscall_names[nr] && !strncmp(syscall_names[nr], name, n) &&
		    !syscall_names[nr][n])
			return nr;
	return -1;
}

static void select_word(const char *word, size_t n)
{
	int nr = nr_by_name(word, n);

	if (nr >= 0) {
		selected[nr / 32] |= 1u << nr % 32;
		return;
	}
	for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
		if (strncmp(classes[i].name, word, n) || classes[i].name[n])
			continue;
		for (nr = 0; nr < NR_SYSCALLS; nr++)
			if (fmt_of[nr] && (fmt_of[nr]->flags & classes[i].class))
				selected[nr / 32] |= 1u << nr % 32;
		return;
	}
	printk("shmos: trace=syscall: no call or class '%.*s'\n", (int)n, word);
}

void strace_setup(const char *filter)
{
	for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		int nr = nr_by_name(fmts[i].name, strlen(fmts[i].name));

		if (nr >= 0)
			fmt_of[nr] = &fmts[i];
		else
			printk("shmos: strace: no i386 call %s\n", fmts[i].name);
	}
	if (!filter) {
		memset(selected, 0xff, sizeof(selected));
	} else {
		while (*filter) {
			const char *end = strchr(filter, ',');
			size_t n = end ? (size_t)(end - filter) : strlen(filter);

			if (n)
				select_word(filter, n);
			filter += end ? n + 1 : n;
		}
	}
	strace_enabled = 1;
}
