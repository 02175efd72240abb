/*
 * The system call tracer: `trace=syscall` on the kernel command line prints
 * a line for every call, as `strace -f` does on Linux:
 *
 *   7 open("/etc/motd", O_RDONLY) = 3
 *   7 shmget(0x66002678, 128, IPC_CREAT|IPC_EXCL|0666) = -1 EEXIST (File exists)
 *
 * `trace=syscall:FILTER` traces only some calls: FILTER is a comma list of
 * call names (shmat, open...) and classes (shm, memory, file, desc,
 * process, signal), as strace's -e trace=.
 *
 * kernel/strace.c holds the mechanism and the table of how each call's
 * arguments print; kernel/strace_decode.c the decoders of argument types;
 * kernel/errname.c the errno names.
 */
#ifndef KERNEL_STRACE_H
#define KERNEL_STRACE_H

#include <stddef.h>
#include <stdint.h>
#include "kernel/trap.h"

/*
 * Nonzero once trace=syscall is set (at boot, before init): every task is
 * then made with SYSCALL_WORK_STRACE, syscall()'s one test (kernel/task.h).
 */
extern int strace_enabled;

/* trace=syscall[:FILTER]: filter is NULL or the text after ':'. */
void strace_setup(const char *filter);
/* Around the handler, with the caller's trapframe (eax: the number). */
void strace_enter(const struct trapframe *tf);
void strace_exit(const struct trapframe *tf, uint32_t nr);

/* ---- for the decoders (kernel/strace_decode.c) ---- */

/* One call as it prints: its name and its arguments, which for the calls
 * of ipc() are the subcall's own (ipc(SHMGET, k, s, f) is shmget(k, s, f)). */
struct strace_call {
	const struct strace_fmt *fmt;
	uint32_t nr;		/* the call's own number: shmget's for ipc(SHMGET) */
	const char *name;	/* or its name, for semop and semtimedop, which i386
				   has only through ipc() */
	/*
	 * Through ipc(): its first argument (the call, and a version in the
	 * high 16 bits), else 0.  semctl's union semun and msgrcv's buffer
	 * and type are then one pointer further.
	 */
	uint32_t ipc_call;
	uint32_t arg[6];
	long ret;		/* at exit */
	int exiting;		/* decoding at exit: output arguments are there */
};

/*
 * The line being built, at most STRACE_LINE bytes: tprintf appends, past
 * the end it only counts.  The decoders read user memory with umove, which
 * fails rather than faults on a bad address (then the address is printed).
 */
#define STRACE_LINE	1024
#define MAX_STRLEN	32	/* strace's -s default: bytes of a string, items of an array */
void tprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int umove(uint32_t uaddr, void *dst, uint32_t n);

/* Prints the argument at c->arg[i] as type; returns how many it used. */
int strace_decode(int type, const struct strace_call *c, int i);
/* The same for semaphores' and message queues' types (kernel/strace_sysv.c). */
int strace_decode_sysv(int type, const struct strace_call *c, int i);

/* A value's name, as strace's xlat tables have them. */
struct xlat {
	uint32_t val;
	const char *name;
};

#define N(x)	(sizeof(x) / sizeof((x)[0]))

/* A mode as strace shows one: 0644, 000. */
void tprint_octal(uint32_t v);
/* An address: NULL, or 0x... */
void tprint_ptr(uint32_t v);
/* The name of the value v in x, or v in decimal. */
void tprint_xval(const struct xlat *x, size_t n, uint32_t v);
/* v's bits as names in x's order, what is left in hex, zero if v is 0. */
void tprint_flags(const struct xlat *x, size_t n, uint32_t v, const char *zero);
/* n bytes at addr, quoted, at most MAX_STRLEN (then "..."); hex: all as \xNN. */
void tprint_buf(uint32_t addr, uint32_t n, int hex);
/* The text for an error result: "ENOENT (No such file or directory)". */
const char *errno_name(int err);
const char *errno_text(int err);

/*
 * Argument types: each prints one argument, or two where a note says so.
 * Everything strace decodes and this table does not prints as a pointer.
 */
enum strace_type {
	A_END,
	A_INT, A_UINT, A_HEX, A_PTR,
	A_OCTAL,	/* a mode: 0644 */
	A_DIRFD,	/* the fd of an *at call: AT_FDCWD */
	A_PATH,		/* a NUL-terminated string */
	A_STR_OUT,	/* a string the call fills in (getcwd) */
	A_WBUF,		/* buf and count: the bytes written (two) */
	A_RBUF,		/* buf and count: the bytes the call read (two) */
	A_RANDOM,	/* buf and count, in hex, as strace shows getrandom (two) */
	A_GRND,		/* getrandom flags */
	A_FLOCK_OP,	/* flock's LOCK_SH|LOCK_NB... */
	A_OPEN,		/* open flags, and the mode if creating (two) */
	A_OFLAGS,	/* open flags alone (dup3, pipe2) */
	A_ACCESS,	/* F_OK, R_OK|W_OK... */
	A_AT_FLAGS,	/* AT_SYMLINK_NOFOLLOW... */
	A_STATX_FLAGS,	/* statx's: the sync type, then the AT_ flags */
	A_STATX_MASK, A_STATX, A_STAT64,
	A_OFF64,	/* a 64-bit offset in two registers, low first (two) */
	A_LLSEEK,	/* _llseek's offset (high, low) and result (three) */
	A_WHENCE, A_SIGNAL, A_SIGHOW, A_SIGSET, A_SIGACTION,
	A_PROT, A_MAP,
	A_PGOFF,	/* mmap2's offset in pages, shown in bytes */
	A_IPC_KEY, A_SHMGET_FLAGS, A_SHMAT_FLAGS,
	A_SHMCTL,	/* cmd and buf (two) */
	A_IPC_FLAGS,	/* semget's and msgget's: IPC_CREAT... and the mode */
	A_SEMBUF,	/* semop's array and its length (two) */
	A_SEMCTL,	/* cmd and the union semun (two) */
	A_MSGSND,	/* msgp, msgsz, msgflg (three) */
	A_MSGRCV,	/* msgp, msgsz, msgtyp, msgflg (four) */
	A_MSGCTL,	/* cmd and buf (two) */
	A_USER_DESC,	/* set_thread_area's struct */
	A_RLIMIT_RES, A_RLIMIT, A_RLIMIT64,
	A_UTSNAME,
	A_CLOCK, A_TIMESPEC, A_TIMESPEC64,
	A_WSTATUS, A_WAIT_OPTS,
	A_ARGV, A_ENVP,
	A_CLONE,	/* all of clone's arguments, as strace orders them (five) */
	A_FCNTL,	/* cmd, and arg where the command takes one (two) */
	A_IOCTL,	/* request and arg (two) */
	A_PIPEFDS,	/* the two fds pipe() returns */
	A_SPLICE_FLAGS,	/* SPLICE_F_NONBLOCK... */
	A_FUTEX,	/* op and what it uses of val, timeout, uaddr2, val3 (five) */
	A_FUTEX64,	/* the same, with futex_time64's timespec */
};

#endif
