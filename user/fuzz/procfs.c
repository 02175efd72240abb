// Operations on /proc and the calls that describe the system: reads of every /proc file
// at random offsets and sizes, readlink of /proc/*/fd/*, exe and cwd, syslog's actions,
// prctl, priorities, and the sched_* calls. Nothing here changes another process: the
// writes and settings are the caller's own (or refused).
#include "fuzz.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *const files[] = {
	"/proc/meminfo", "/proc/stat", "/proc/uptime", "/proc/loadavg", "/proc/cpuinfo",
	"/proc/version", "/proc/cmdline", "/proc/filesystems", "/proc/config.gz",
	"/proc/self/stat", "/proc/self/status", "/proc/self/statm", "/proc/self/maps",
	"/proc/self/cmdline", "/proc/self/environ", "/proc/self/comm", "/proc/1/stat",
	"/proc/1/status", "/proc/1/maps", "/proc/1/cmdline", "/proc/sysvipc/shm",
	"/proc/sys/kernel/random/uuid", "/proc/sys/kernel/random/boot_id",
	"/proc/sys/kernel/printk", "/proc/sys/kernel/hostname", "/proc/thread-self/stat",
	"/proc/sys/fs/pipe-user-pages-soft",
};

static const char *const links[] = {
	"/proc/self", "/proc/self/exe", "/proc/self/cwd", "/proc/self/root", "/proc/1/exe",
	"/proc/self/fd/0", "/proc/self/fd/3", "/proc/self/fd/39", "/dev/fd/1", "/dev/stdin",
	"/proc/thread-self",
};

// One /proc file (or a pid's) read at a random place, in a random size.
void op_proc_read(void)
{
	char path[64];
	const char *name = PICK(files);
	long fd;

	if (chance(30)) {
		snprintf(path, sizeof(path), "/proc/%u/%s", below(40), chance(50) ? "stat" :
			 chance(50) ? "maps" : "status");
		name = path;
	}
	fd = SC(SYS_open, name, O_RDONLY, 0, 0, 0);
	if (fd < 0)
		return;
	SC(SYS__llseek, fd, 0, chance(50) ? below(8192) : offset(), scratch, SEEK_SET);
	// Huge lengths only into the arena (its guard page stops them): scratch is
	// followed by other variables of ours.
	if (chance(80))
		SC(SYS_read, fd, scratch, below(PG + 1), 0, 0);
	else
		SC(SYS_read, fd, ptr(PG), chance(50) ? below(PG) : size(), 0, 0);
	if (chance(30))
		SC(SYS_read, fd, scratch, PG, 0, 0);
	SC(SYS_close, fd, 0, 0, 0, 0);
}

// readlink of the magic links, and opens through them.
void op_proc_links(void)
{
	char path[64];
	const char *name = PICK(links);
	long fd;

	if (chance(40)) {
		snprintf(path, sizeof(path), "/proc/self/fd/%u", below(NFD + 4));
		name = path;
	}
	SC(SYS_readlink, name, chance(90) ? (long)scratch : bad_ptr(), chance(80) ? PG : below(8), 0, 0);
	if (chance(30) && (fd = SC(SYS_open, name, chance(50) ? O_RDONLY : O_WRONLY | O_NONBLOCK,
				   0, 0, 0)) >= 0)
		SC(SYS_close, fd, 0, 0, 0, 0);
	if (chance(20) && (fd = SC(SYS_open, "/proc/self/fd", O_RDONLY | O_DIRECTORY, 0, 0, 0)) >= 0) {
		SC(SYS_getdents64, fd, scratch, below(PG), 0, 0);
		SC(SYS_close, fd, 0, 0, 0, 0);
	}
}

// sched_getattr in sizes around the struct's, and sched_setattr of the policies that
// are not real-time (SCHED_DEADLINE's parameters, checked, are refused), flags at random.
static void sched_attr_op(void)
{
	static const long sizes[] = { 0, 47, 48, 56, 64, 4096, 4097 };
	uint32_t *a = (uint32_t *)scratch;	// struct sched_attr, 56 bytes, then zeros

	memset(a, 0, 96);
	a[0] = PICK(sizes);
	a[1] = PICK(((const uint32_t[]){ 0, 3, 5, 6, 7, 0xffffffff }));	// OTHER, BATCH, IDLE, DEADLINE...
	a[2] = chance(70) ? 0 : (uint32_t)rnd() & 0x1000007f;		// sched_flags, low word
	a[4] = (uint32_t)below(60) - 30;				// nice
	a[6] = chance(50) ? 1000000 : (uint32_t)rnd();			// runtime, deadline, period
	a[8] = chance(50) ? 2000000 : (uint32_t)rnd();
	a[10] = chance(50) ? 3000000 : 0;
	if (chance(50))
		SC(SYS_sched_getattr, chance(90) ? 0 : rnd() % 64, chance(85) ? (long)scratch : bad_ptr(),
		   PICK(sizes), chance(90) ? 0 : 1, 0);
	else
		SC(SYS_sched_setattr, 0, chance(85) ? (long)scratch : bad_ptr(), chance(90) ? 0 : 1, 0, 0);
}

// syslog's actions, prctl's, priorities and the sched_* calls, on ourselves.
void op_sysctl_calls(void)
{
	static const int prctls[] = { 1, 2, 3, 4, 15, 16, 9999, -1 };
	int action = below(12);

	switch (below(6)) {
	case 0:
		// Not CLEAR or the console's level: another test may read the log.
		if (action == 5 || action == 4 || action == 6 || action == 8 || action == 2)
			action = 3;
		SC(SYS_syslog, action, chance(80) ? (long)scratch : bad_ptr(),
		   chance(70) ? below(PG) : (long)rnd(), 0, 0);
		break;
	case 1: {
		int op = PICK(prctls);
		long arg = op == 15 ? (chance(70) ? (long)"fuzz-name" : bad_ptr()) :
			   op == 16 || op == 2 ? (chance(70) ? (long)scratch : bad_ptr()) :
			   op == 1 ? (long)below(70) : op == 4 ? 1 : (long)rnd();
		SC(SYS_prctl, op, arg, 0, 0, 0);
		if (op == 1)
			SC(SYS_prctl, 1, 0, 0, 0, 0);	// no parent-death signal left behind
		break;
	}
	case 2:
		SC(SYS_getpriority, below(4), chance(50) ? 0 : rnd() % 64, 0, 0, 0);
		SC(SYS_setpriority, chance(80) ? 0 : 3, 0, (long)below(60) - 20, 0, 0);	// ourselves only
		break;
	case 3:
		SC(SYS_sched_getaffinity, chance(80) ? 0 : rnd() % 64,
		   chance(80) ? 4 * below(4) : (long)rnd(), chance(80) ? (long)scratch : bad_ptr(), 0, 0);
		SC(SYS_sched_setaffinity, 0, below(16), chance(80) ? (long)scratch : bad_ptr(), 0, 0);
		break;
	case 4:
		SC(SYS_sched_getparam, 0, chance(80) ? (long)scratch : bad_ptr(), 0, 0, 0);
		// A real-time policy for one call only: a worker that kept one would
		// take its CPU from the others (but for RT throttling's 5%).
		*(int *)scratch = chance(80) ? (int)below(100) : (int)rnd();
		if (SC(SYS_sched_setscheduler, 0, below(8) | (chance(10) ? 0x40000000 : 0),
		       chance(80) ? (long)scratch : bad_ptr(), 0, 0) == 0) {
			*(int *)scratch = 0;
			SC(SYS_sched_setscheduler, 0, 0, scratch, 0, 0);	// SCHED_OTHER
		}
		SC(SYS_sched_get_priority_max, (long)below(8) - 1, 0, 0, 0, 0);
		SC(SYS_sched_rr_get_interval, 0, chance(80) ? (long)scratch : bad_ptr(), 0, 0, 0);
		break;
	default:
		sched_attr_op();
		break;
	}
}
