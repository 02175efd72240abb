/* Linux's errno values; syscalls return -errno. */
#ifndef KERNEL_ERRNO_H
#define KERNEL_ERRNO_H

#define EPERM		1
#define ENOENT		2
#define ESRCH		3
#define EINTR		4
#define EIO		5
#define ENXIO		6
#define E2BIG		7
#define ENOEXEC		8
#define EBADF		9
#define ECHILD		10
#define EAGAIN		11
#define ENOMEM		12
#define EACCES		13
#define EFAULT		14
#define ENOTBLK		15
#define EBUSY		16
#define EEXIST		17
#define EXDEV		18
#define ENODEV		19
#define ENOTDIR		20
#define EISDIR		21
#define EINVAL		22
#define ENFILE		23
#define EMFILE		24
#define ENOTTY		25
#define EFBIG		27
#define ENOSPC		28
#define ESPIPE		29
#define EROFS		30
#define EMLINK		31
#define EPIPE		32
#define ERANGE		34
#define EDEADLK		35
#define ENAMETOOLONG	36
#define ENOLCK		37
#define ENOSYS		38
#define ENOTEMPTY	39
#define ELOOP		40
#define ENOMSG		42
#define EIDRM		43
#define ENODATA		61
#define EOVERFLOW	75
#define ELIBBAD		80
#define ENOTSOCK	88	/* the socket errors (net/) */
#define EDESTADDRREQ	89
#define EMSGSIZE	90
#define EPROTOTYPE	91
#define ENOPROTOOPT	92
#define EPROTONOSUPPORT	93
#define ESOCKTNOSUPPORT	94
#define EOPNOTSUPP	95	/* user space also calls it ENOTSUP */
#define ENOTSUP		95
#define EAFNOSUPPORT	97
#define EADDRINUSE	98
#define EADDRNOTAVAIL	99
#define ENETUNREACH	101
#define ECONNABORTED	103
#define ECONNRESET	104
#define ENOBUFS		105
#define EISCONN		106
#define ENOTCONN	107
#define ETIMEDOUT	110
#define ECONNREFUSED	111
#define EINPROGRESS	115
#define ECANCELED	125

/*
 * Never seen by a user program (Linux's include/linux/errno.h): what a call
 * interrupted by a signal returns, for do_signal to decide.  When no handler
 * runs (the signal stopped the task, or was ignored), each is run again;
 * when one runs, ERESTARTSYS is run again if the handler has SA_RESTART,
 * ERESTARTNOINTR always (FUTEX_LOCK_PI: a lock wait is never cut short),
 * and the others fail EINTR.  ERESTART_RESTARTBLOCK runs again as
 * restart_syscall (0), which goes on from where the call stopped
 * (current->restart_block: nanosleep's deadline).
 */
#define ERESTARTSYS		512
#define ERESTARTNOINTR		513
#define ERESTARTNOHAND		514
#define ERESTART_RESTARTBLOCK	516

/*
 * A call that returns an address (mmap, mremap) returns -errno the same
 * way, and user space tells the two apart as Linux's IS_ERR_VALUE does:
 * the last 4095 values are errors, every other one an address, half of
 * them above 2 GiB.  So such a result is never tested with "< 0".
 */
#define MAX_ERRNO	4095
#define IS_ERR_VALUE(x)	((unsigned long)(x) >= (unsigned long)-MAX_ERRNO)

#endif
