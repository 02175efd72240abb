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

/* nodename and domainname change: sethostname, setdomainname, /proc/sys */
extern struct new_utsname init_uts;

#endif
