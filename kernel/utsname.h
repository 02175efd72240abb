/*
 * The system's names, as uname(2) gives them (kernel/sys_info.c) and
 * /proc/sys/kernel and /proc/version show them.  shmos answers as a Linux:
 * programs and scripts test sysname for "Linux" to choose the Linux ABI,
 * and parse release as Linux's version number (LTP's tst_kvercmp, glibc
 * before 2.26, busybox's modprobe), so shmos says which Linux ABI it
 * follows, 6.1, and puts its own name in release and version, as other
 * kernels with Linux's ABI do (docs/proc.md).
 */
#ifndef KERNEL_UTSNAME_H
#define KERNEL_UTSNAME_H

#include "kernel/nsproxy.h"

#define UTS_LEN		64	/* and a NUL */
#define UTS_SYSNAME	"Linux"
#define UTS_RELEASE	"6.1.0-shmos"
#define UTS_VERSION	"#1 shmos"
#define UTS_MACHINE	"i686"

struct new_utsname {
	char sysname[UTS_LEN + 1], nodename[UTS_LEN + 1];
	char release[UTS_LEN + 1], version[UTS_LEN + 1];
	char machine[UTS_LEN + 1], domainname[UTS_LEN + 1];
};

/*
 * A UTS namespace (Linux's struct uts_namespace): the names uname gives.
 * nodename and domainname change (sethostname, setdomainname, /proc/sys),
 * in the caller's namespace only, current->nsproxy->uts_ns; a new one
 * starts as a copy of its parent's (kernel/sys_info.c).
 */
struct uts_namespace {
	struct ns_common ns;
	struct new_utsname name;
};

extern struct uts_namespace init_uts_ns;

/* fork, unshare: old_ns referenced, or a copy with CLONE_NEWUTS; NULL: no memory. */
struct uts_namespace *copy_utsname(uint32_t flags, struct uts_namespace *old_ns);
void put_uts_ns(struct uts_namespace *ns);

#endif
