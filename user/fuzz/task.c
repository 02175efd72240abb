// Operations on what a process is allowed and how it is treated: personality,
// I/O priorities, capabilities (capget, capset, prctl's bounding and ambient
// sets, no_new_privs), unshare, setns, /proc/PID/oom_score_adj, and reads of
// /proc/PID/mountinfo, limits and the other files that describe one process.
//
// Only our own process (or our children) is changed. What cannot be undone
// (giving up capabilities, namespaces) only children do: a worker needs its
// rights to clean up (cgroup.c, devices.c), and its System V objects must stay
// in the namespace the parent counts them in.
#include "fuzz.h"

#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/rseq.h>

// A process we may change: ourselves (0 or our pid), or one of our children.
static long pid_mine(void)
{
	if (nkids && chance(30) && !kids[below(nkids)].unsure)
		return kids[below(nkids)].pid;
	return chance(50) ? 0 : (long)SC(SYS_getpid, 0, 0, 0, 0, 0);
}

// A process to ask about: ours, our parent, init, one that is not there.
static long pid_any(void)
{
	static const long other[] = { 1, -1, 99999, 0x7fffffff };
	return chance(70) ? pid_mine() : chance(50) ? (long)SC(SYS_getppid, 0, 0, 0, 0, 0) : PICK(other);
}

// personality: asked, set to something else for a moment, and put back. The
// 3 GiB address space stays (main.c), and UNAME26 would change uname's release.
static void personality_op(void)
{
	static const long pers[] = { PER_LINUX, PER_LINUX32, PER_SVR4, 0x00ff, READ_IMPLIES_EXEC,
				     ADDR_NO_RANDOMIZE, ADDR_COMPAT_LAYOUT, MMAP_PAGE_ZERO };
	long old = SC(SYS_personality, 0xffffffff, 0, 0, 0, 0);
	long p = chance(70) ? PICK(pers) : (long)rnd();

	if (old == -1)
		return;
	SC(SYS_personality, (p & ~UNAME26) | ADDR_LIMIT_3GB, 0, 0, 0, 0);
	SC(SYS_personality, 0xffffffff, 0, 0, 0, 0);
	SC(SYS_personality, old, 0, 0, 0, 0);
}

// ioprio_get of anyone (and of a user: which 3); ioprio_set of ourselves, our
// children or our process group (our session's: worker.c's setsid).
static void ioprio_op(void)
{
	static const long which[] = { 1 /* PROCESS */, 2 /* PGRP */, 3 /* USER */, 0, 4, -1 };
	long w = PICK(which), cls = chance(80) ? (long)below(4) : (long)below(8), data = chance(80) ? (long)below(8) : (long)rnd() & 0x1fff;

	SC(SYS_ioprio_get, w, w == 3 ? (long)below(2000) : pid_any(), 0, 0, 0);
	if (w == 3)
		w = 5;	// never a whole user's processes: an unknown which instead (EINVAL)
	SC(SYS_ioprio_set, w, w == 2 ? 0 : pid_mine(), chance(90) ? cls << 13 | data : (long)rnd(), 0, 0);
}

// capget of anyone; capset of ourselves, in a worker only to what we have (or
// more: EPERM), in a child to anything.
static void caps_op(void)
{
	static const long versions[] = { 0x19980330, 0x20071026, 0x20080522, 0, 0x12345678 };
	uint32_t *hdr = (uint32_t *)scratch, *data = hdr + 4;	// data: 2 x (eff, perm, inh)
	long r;

	long h = chance(90) ? (long)hdr : bad_ptr(), d = chance(85) ? (long)data : chance(50) ? 0 : bad_ptr();

	hdr[0] = PICK(versions), hdr[1] = pid_any();
	r = SC(SYS_capget, h, d, 0, 0, 0);
	// A worker sets only what capget said it has itself (a child may have dropped some).
	if (chance(50) || (!is_kid && (r != 0 || h != (long)hdr || d != (long)data || hdr[1] != 0)))
		return;
	hdr[1] = chance(85) ? 0 : pid_any();
	if (r != 0)
		memset(data, 0, 24);
	if (is_kid && chance(50))
		for (int i = 0; i < 6; i++)
			data[i] &= chance(50) ? rnd() : ~0u;
	else if (chance(30))
		data[below(6)] |= 1u << below(32);	// more than we have: EPERM (unless we have it)
	SC(SYS_capset, chance(90) ? (long)hdr : bad_ptr(), chance(90) ? (long)data : bad_ptr(), 0, 0, 0);
}

// prctl's capability calls, keepcaps and no_new_privs; a worker only reads.
static void prctl_caps_op(void)
{
	long cap = chance(80) ? (long)below(41) : (long)rnd();

	switch (below(6)) {
	case 0:
		SC(SYS_prctl, PR_CAPBSET_READ, cap, 0, 0, 0);
		break;
	case 1:
		SC(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, cap, chance(90) ? 0 : 1, 0);
		if (is_kid)
			SC(SYS_prctl, PR_CAP_AMBIENT, below(6), cap, 0, 0);	// raise, lower, clear, bad
		break;
	case 2:
		SC(SYS_prctl, PR_GET_NO_NEW_PRIVS, 0, chance(90) ? 0 : 1, 0, 0);
		break;
	case 3:
		if (is_kid)
			SC(SYS_prctl, PR_SET_NO_NEW_PRIVS, chance(80) ? 1 : (long)below(3), chance(90) ? 0 : 1, 0, 0);
		else
			SC(SYS_prctl, PR_SET_NO_NEW_PRIVS, chance(50) ? 0 : 2, 0, 0, 0);	// EINVAL
		break;
	case 4:		// 0 and 1 set the flag, the rest are EINVAL; exec clears it
		SC(SYS_prctl, chance(50) ? PR_GET_KEEPCAPS : PR_GET_SECUREBITS, 0, 0, 0, 0);
		if (is_kid)
			SC(SYS_prctl, PR_SET_KEEPCAPS, chance(80) ? (long)below(2) : (long)rnd(), 0, 0, 0);
		break;
	default:
		if (is_kid)
			SC(SYS_prctl, PR_CAPBSET_DROP, cap, 0, 0, 0);
		else
			SC(SYS_prctl, PR_CAPBSET_DROP, chance(50) ? -1 : 4096, 0, 0, 0);	// EINVAL
		break;
	}
}

// unshare: what a process shares with no one anyway, flags it may not use
// alone, unknown flags; new namespaces only in children.
static void unshare_op(void)
{
	static const long safe[] = { 0, 0x200 /* FS */, 0x400 /* FILES */, 0x40000 /* SYSVSEM */,
				     0x100 /* VM */, 0x800 /* SIGHAND */, 0x10000 /* THREAD */,
				     0x1 /* CSIGNAL */, 0x80, 0x400 | 0x200 };
	static const long ns[] = { 0x20000 /* NEWNS */, 0x04000000 /* NEWUTS */, 0x08000000 /* NEWIPC */,
				   0x10000000 /* NEWUSER */, 0x20000000 /* NEWPID */,
				   0x40000000 /* NEWNET */, 0x02000000 /* NEWCGROUP */, 0x80 /* NEWTIME */ };
	long f = PICK(safe);

	if (is_kid && chance(30))
		f |= PICK(ns);
	SC(SYS_unshare, f, 0, 0, 0, 0);
}

// /proc/PID/ns: the links read, followed and read through (EINVAL); setns, only in
// children, on them and on pidfds, with kinds right and wrong: into our parent's
// namespaces, init's, or a sibling's that unshare made.
static void ns_op(void)
{
	static const char *kinds[] = { "ipc", "uts", "ipc", "uts", "net", "mnt", "pid", "user", "x" };
	static const long types[] = { 0, 0x04000000 /* NEWUTS */, 0x08000000 /* NEWIPC */,
				      0x0c000000, 0x40000000 /* NEWNET */, 0x20000 /* NEWNS */,
				      0x10000000 /* NEWUSER */, 0x20000000 /* NEWPID */, 0x1, -1 };
	char path[64];
	long pid = pid_any(), fd;

	if (pid == 0)
		pid = SC(SYS_getpid, 0, 0, 0, 0, 0);
	snprintf(path, sizeof path, "/proc/%ld/ns/%s", pid, PICK(kinds));
	SC(SYS_readlink, path, ptr(64), chance(90) ? 64 : (long)below(8), 0, 0);
	fd = chance(70) ? SC(SYS_open, path, O_RDONLY, 0, 0, 0) : SC(SYS_pidfd_open, pid, 0, 0, 0, 0);
	if (fd < 0)
		return;
	SC(SYS_read, fd, ptr(16), 16, 0, 0);
	if (is_kid)
		SC(SYS_setns, fd, chance(90) ? PICK(types) : (long)rnd(), 0, 0, 0);
	SC(SYS_close, fd, 0, 0, 0, 0);
}

// Writes to /proc/PID/oom_score_adj (and oom_adj) of ourselves or a child:
// good values and bad; lower ones (EACCES without the right) only in children.
static void oom_op(void)
{
	static const char *vals[] = { "0", "500", "1000", "1001", "-1", "-1000", "-1001", "abc", "",
				      " 7\n", "99999999999999999999", "12abc", "+3", "-17", "15" };
	char path[64];
	long pid = pid_mine(), fd;
	const char *v = PICK(vals);

	snprintf(path, sizeof path, "/proc/%ld/%s", pid ? pid : (long)SC(SYS_getpid, 0, 0, 0, 0, 0),
		 chance(80) ? "oom_score_adj" : "oom_adj");
	if (!is_kid && v[0] == '-')
		v = "0";
	fd = SC(SYS_open, path, chance(85) ? O_WRONLY : O_RDWR, 0, 0, 0);
	if (fd < 0)
		return;
	SC(SYS_write, fd, chance(90) ? (long)v : bad_ptr(), chance(90) ? (long)strlen(v) : (long)below(64), 0, 0);
	SC(SYS_pread64, fd, ptr(32), 32, 0, 0);
	SC(SYS_close, fd, 0, 0, 0, 0);
}

// /proc/PID's descriptions of a process, read at random places.
static void proc_describe_op(void)
{
	static const char *files[] = { "mountinfo", "mounts", "limits", "oom_score", "oom_score_adj",
				       "oom_adj", "cgroup", "status", "personality" };
	char path[64];
	long fd, pid = pid_any();

	snprintf(path, sizeof path, "/proc/%s/%s", pid == 0 ? "self" : "", PICK(files));
	if (pid != 0)
		snprintf(path, sizeof path, "/proc/%ld/%s", pid, PICK(files));
	fd = SC(SYS_open, path, O_RDONLY, 0, 0, 0);
	if (fd < 0)
		return;
	if (chance(50))
		SC(SYS_read, fd, ptr(PG), chance(80) ? PG : (long)below(16), 0, 0);
	else
		SC(SYS_pread64, fd, ptr(256), 256, chance(70) ? (long)below(2 * PG) : (long)rnd(), 0);
	SC(SYS_read, fd, ptr(PG), PG, 0, 0);
	SC(SYS_close, fd, 0, 0, 0, 0);
}

// rseq: glibc's registration asked for again with other arguments (EBUSY, EINVAL,
// EPERM), bad pointers, lengths and flags; unregistered and registered again; a
// critical section set that the thread is not in (the kernel checks it and clears
// it when it preempts us, and sends nobody to its abort address).
static void rseq_op(void)
{
	static const long lens[] = { 32, 32, 0, 31, 64, 4096 };
	static const long sigs[] = { 0x53053053, 0x53053053, 0, 0x12345678 };
	char *tp;
	long area;
	uint64_t *cs = (uint64_t *)(((uintptr_t)scratch + 600) & ~31u);

	__asm__("movl %%gs:0, %0" : "=r"(tp));
	area = (long)(tp + __rseq_offset);
	if (!__rseq_size)
		return;		// glibc could not register: nothing of ours to put back
	switch (below(4)) {
	case 0:
		SC(SYS_rseq, chance(80) ? area : chance(50) ? bad_ptr() : ptr(64), PICK(lens),
		   chance(80) ? 0 : (long)(rnd() | 2), PICK(sigs), 0);	// never unregistered here
		break;
	case 1:	// off and on again: with the right signature both work
		if (SC(SYS_rseq, area, 32, 1, PICK(sigs), 0) == 0)
			SC(SYS_rseq, area, 32, 0, 0x53053053, 0);
		break;
	default:	// a good section somewhere we are not (a bad one is SIGSEGV)
		cs[0] = 0;				// version, flags
		cs[1] = (uintptr_t)scratch;		// start_ip: data, never run
		cs[2] = 16;				// post_commit_offset
		cs[3] = (uintptr_t)scratch + 64;	// abort_ip, after the signature
		*(uint32_t *)(scratch + 60) = 0x53053053;
		*(uint64_t *)(area + 8) = (uintptr_t)cs;
		sched_yield();	// a chance to be preempted: the kernel reads the section
		*(uint64_t *)(area + 8) = 0;
		break;
	}
}

void op_task(void)
{
	switch (below(9)) {
	case 7: ns_op(); break;
	case 6: rseq_op(); break;
	case 0: personality_op(); break;
	case 1: ioprio_op(); break;
	case 2: caps_op(); break;
	case 3: prctl_caps_op(); break;
	case 4: unshare_op(); break;
	case 5: oom_op(); break;
	default: proc_describe_op(); break;
	}
}
