/*
 * Resource limits: Linux's sixteen per task, each a soft value (rlim_cur),
 * which the kernel enforces, and a hard one (rlim_max), the most the soft
 * one may be raised to; only root raises a hard limit.  fork copies them,
 * exec keeps them.  getrlimit, setrlimit and prlimit64 are
 * kernel/sys_info.c's; where each limit bites:
 *
 *   RLIMIT_AS      mmap, shmat, brk, stack growth (mm/mmap.c's may_expand_vm)
 *   RLIMIT_DATA    brk, and mmap of private writable memory (may_expand_vm)
 *   RLIMIT_STACK   stack growth (mm/fault.c's expand_stack)
 *   RLIMIT_NOFILE  new descriptors: EMFILE (fs/file.c's fd_alloc), EBADF for
 *                  dup2 and dup3, EINVAL for F_DUPFD and for poll's count;
 *                  soft 1024, hard 4096 (Linux's INR_OPEN_CUR, INR_OPEN_MAX),
 *                  a hard limit at most NR_OPEN, shmos's fs.nr_open (16384:
 *                  Linux's is 1048576; EPERM above it, as Linux's)
 *   RLIMIT_NPROC   fork, for users other than root (kernel/fork.c)
 *   RLIMIT_SIGPENDING  queued realtime signals, per receiving user: EAGAIN
 *                  for sigqueue and tgkill past it (kernel/signal.c)
 *
 * The others are kept and reported, and limit nothing.
 */
#ifndef KERNEL_RESOURCE_H
#define KERNEL_RESOURCE_H

#include <stdint.h>

#define RLIMIT_CPU		0
#define RLIMIT_FSIZE		1
#define RLIMIT_DATA		2
#define RLIMIT_STACK		3
#define RLIMIT_CORE		4
#define RLIMIT_RSS		5
#define RLIMIT_NPROC		6
#define RLIMIT_NOFILE		7
#define RLIMIT_MEMLOCK		8
#define RLIMIT_AS		9
#define RLIMIT_LOCKS		10
#define RLIMIT_SIGPENDING	11
#define RLIMIT_MSGQUEUE		12
#define RLIMIT_NICE		13
#define RLIMIT_RTPRIO		14
#define RLIMIT_RTTIME		15
#define RLIM_NLIMITS		16

#define RLIM_INFINITY		(~0u)	/* unsigned long on i386 */

struct rlimit {
	uint32_t rlim_cur, rlim_max;
};

/* init's limits, Linux's INIT_RLIMITS as a 6.x kernel boots with them. */
extern struct rlimit init_rlimits[RLIM_NLIMITS];

/* current's soft and hard limits on resource. */
uint32_t rlimit(int resource);
uint32_t rlimit_max(int resource);

#endif
