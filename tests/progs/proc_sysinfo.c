// proc_sysinfo: the system-wide files of /proc and the small calls around them, as
// Linux answers - meminfo's keys and Shmem growing with a touched segment; loadavg,
// uptime and stat parsing; /dev/full, random, urandom; uname's sysname; syslog's size and
// READ_ALL, and who may read; getpriority and setpriority as root and as nobody; prctl's
// name, dumpable and parent-death signal; the sched_* calls on CPU 0 and SCHED_OTHER.
// host: uids
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/klog.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static char text[65536];

static long slurp(const char *path)
{
	return slurp_file(path, text, sizeof(text));
}

// A meminfo value in kB, or -1 if the key is missing or malformed.
static long meminfo(const char *key)
{
	char want[64], *p;

	slurp("/proc/meminfo");
	snprintf(want, sizeof(want), "\n%s:", key);
	if (strncmp(text, want + 1, strlen(want + 1)) == 0)
		p = text + strlen(want + 1);
	else if ((p = strstr(text, want)))
		p += strlen(want);
	else
		return -1;
	return strstr(p, " kB\n") ? strtol(p, NULL, 10) : -1;
}

static void check_meminfo(void)
{
	static const char *const keys[] = {
		"MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached", "SwapCached",
		"Active", "Inactive", "SwapTotal", "SwapFree", "Dirty", "AnonPages",
		"Shmem", "Slab", "KernelStack", "PageTables", "CommitLimit", "Committed_AS",
	};
	long before, after;
	int ok = 1, id;
	char *p;

	for (unsigned i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (meminfo(keys[i]) < 0) {
			printf("meminfo: no %s\n", keys[i]);
			ok = 0;
		}
	printf("meminfo keys: %s\n", yes(ok));
	printf("meminfo MemTotal >= MemFree: %s\n", yes(meminfo("MemTotal") >= meminfo("MemFree")));
	before = meminfo("Shmem");
	id = shmget(IPC_PRIVATE, 16 << 20, IPC_CREAT | 0600);
	p = shmat(id, NULL, 0);
	memset(p, 1, 16 << 20);
	after = meminfo("Shmem");
	printf("Shmem grows by a touched 16 MiB segment: %s\n", yes(after - before >= 15 * 1024));
	shmdt(p);
	shmctl(id, IPC_RMID, NULL);
	printf("and shrinks when it goes: %s\n", yes(after - meminfo("Shmem") >= 15 * 1024));
}

static void check_counts(void)
{
	double a, b, c, up, idle;
	int run, all, last, n;

	slurp("/proc/loadavg");
	n = sscanf(text, "%lf %lf %lf %d/%d %d", &a, &b, &c, &run, &all, &last);
	printf("loadavg: %d fields, %s\n", n, yes(a >= 0 && run >= 1 && all >= run && last > 0));
	slurp("/proc/uptime");
	n = sscanf(text, "%lf %lf", &up, &idle);
	printf("uptime: %d fields, up > 0: %s\n", n, yes(up > 0));
	slurp("/proc/stat");
	printf("stat: cpu %s, intr %s, ctxt %s, btime %s, processes %s, procs_running %s, "
	       "procs_blocked %s\n", yes(strncmp(text, "cpu  ", 5) == 0),
	       yes(strstr(text, "\nintr ") != NULL), yes(strstr(text, "\nctxt ") != NULL),
	       yes(strstr(text, "\nbtime ") != NULL), yes(strstr(text, "\nprocesses ") != NULL),
	       yes(strstr(text, "\nprocs_running ") != NULL),
	       yes(strstr(text, "\nprocs_blocked ") != NULL));
}

static void check_devices(void)
{
	static const char *const names[] = { "/dev/full", "/dev/random", "/dev/urandom" };
	char buf[64];
	struct stat st;
	int fd, zero = 1, nonzero = 0;

	for (int i = 0; i < 3; i++) {
		stat(names[i], &st);
		printf("%s: char %s, %u,%u, mode %o\n", names[i], yes(S_ISCHR(st.st_mode)),
		       major(st.st_rdev), minor(st.st_rdev), st.st_mode & 07777);
	}
	fd = open("/dev/full", O_RDWR);
	TRY("write /dev/full", write(fd, "x", 1));
	memset(buf, 1, sizeof(buf));
	TRY("read /dev/full", read(fd, buf, sizeof(buf)));
	for (unsigned i = 0; i < sizeof(buf); i++)
		zero &= buf[i] == 0;
	printf("it reads zeros: %s\n", yes(zero));
	close(fd);
	for (int i = 1; i < 3; i++) {
		fd = open(names[i], O_RDONLY);
		memset(buf, 0, sizeof(buf));
		TRY(names[i], read(fd, buf, sizeof(buf)));
		for (unsigned j = 0; j < sizeof(buf); j++)
			nonzero += buf[j] != 0;
		close(fd);
	}
	printf("random bytes are not all zero: %s\n", yes(nonzero > 32));
	TRY("write /dev/urandom", write(open("/dev/urandom", O_WRONLY), "x", 1));
}

static void check_syslog(int restrict_)
{
	int size = klogctl(10, NULL, 0);
	char *buf = malloc(size > 0 ? size : 1);

	printf("syslog SIZE_BUFFER > 0: %s\n", yes(size > 0));
	errno = 0;
	printf("syslog READ_ALL: %s\n", yes(klogctl(3, buf, size) >= 0));
	TRY("syslog READ_ALL of 0 bytes", klogctl(3, buf, 0));
	TRY("syslog READ_ALL, no buffer", klogctl(3, NULL, 10));
	TRY("syslog READ_ALL, length -1", klogctl(3, buf, -1));
	TRY("syslog CONSOLE_LEVEL 0", klogctl(8, NULL, 0));
	TRY("syslog CONSOLE_LEVEL 9", klogctl(8, NULL, 9));
	TRY("syslog 99", klogctl(99, NULL, 0));
	TRY("syslog OPEN", klogctl(1, NULL, 0));
	if (fork() == 0) {
		setuid(65534);
		errno = 0;
		printf("nobody may READ_ALL as dmesg_restrict says: %s\n",
		       yes((klogctl(3, buf, 16) >= 0) == !restrict_));
		TRY("nobody: syslog CLEAR", klogctl(5, NULL, 0));
		TRY("nobody: syslog READ", klogctl(2, buf, 16));
		TRY("nobody: syslog SIZE_UNREAD", klogctl(9, NULL, 0));
		exit(0);
	}
	wait(NULL);
	free(buf);
}

static void check_priority(void)
{
	TRY("getpriority self", getpriority(PRIO_PROCESS, 0));
	TRY("raw getpriority self", syscall(SYS_getpriority, PRIO_PROCESS, 0));
	TRY("getpriority 3", getpriority(3, 0));
	TRY("getpriority no such pid", getpriority(PRIO_PROCESS, 0x7ffffff0));
	TRY("setpriority -5 as root", setpriority(PRIO_PROCESS, 0, -5));
	TRY("getpriority", getpriority(PRIO_PROCESS, 0));
	TRY("setpriority 0 as root", setpriority(PRIO_PROCESS, 0, 0));
	if (fork() == 0) {
		setuid(65534);
		TRY("nobody: setpriority 5", setpriority(PRIO_PROCESS, 0, 5));
		TRY("nobody: getpriority", getpriority(PRIO_PROCESS, 0));
		TRY("nobody: setpriority 100 (clamped to 19)", setpriority(PRIO_PROCESS, 0, 100));
		TRY("nobody: getpriority", getpriority(PRIO_PROCESS, 0));
		TRY("nobody: setpriority 4 (lower)", setpriority(PRIO_PROCESS, 0, 4));
		TRY("nobody: setpriority of init", setpriority(PRIO_PROCESS, 1, 19));
		TRY("nobody: setpriority of its group", setpriority(PRIO_PGRP, 0, 19));
		exit(0);
	}
	wait(NULL);
}

static void check_prctl(void)
{
	char name[32] = "";
	int sig = -1;

	TRY("PR_SET_NAME", prctl(PR_SET_NAME, "a-very-long-name-indeed"));
	TRY("PR_GET_NAME", prctl(PR_GET_NAME, name));
	printf("name: %s\n", name);
	slurp("/proc/self/comm");
	printf("/proc/self/comm: %s", text);
	slurp("/proc/self/stat");
	printf("stat's comm: %s\n", yes(strstr(text, "(a-very-long-nam)") != NULL));
	TRY("PR_GET_DUMPABLE", prctl(PR_GET_DUMPABLE));
	TRY("PR_SET_DUMPABLE 2", prctl(PR_SET_DUMPABLE, 2));
	TRY("PR_SET_PDEATHSIG 65", prctl(PR_SET_PDEATHSIG, 65));
	TRY("PR_SET_PDEATHSIG SIGUSR1", prctl(PR_SET_PDEATHSIG, SIGUSR1));
	TRY("PR_GET_PDEATHSIG", prctl(PR_GET_PDEATHSIG, &sig));
	printf("pdeathsig: %d\n", sig);
	TRY("PR_SET_PDEATHSIG 0", prctl(PR_SET_PDEATHSIG, 0));
	TRY("prctl 9999", prctl(9999, 0, 0, 0, 0));
	prctl(PR_SET_NAME, "proc_sysinfo");
}

// The grandchild asks for SIGUSR1 when its parent dies; the parent then dies.
static void check_pdeathsig(void)
{
	int p[2], st;
	pid_t mid;
	char c = '?';

	pipe(p);
	if ((mid = fork()) == 0) {
		if (fork() == 0) {
			sigset_t set;
			int sig = 0;

			sigemptyset(&set);
			sigaddset(&set, SIGUSR1);
			sigprocmask(SIG_BLOCK, &set, NULL);
			prctl(PR_SET_PDEATHSIG, SIGUSR1);
			write(p[1], "r", 1);	// ready: the parent may go
			alarm(5);
			sigwait(&set, &sig);
			write(p[1], sig == SIGUSR1 ? "y" : "n", 1);
			_exit(0);
		}
		read(p[0], &c, 1);
		_exit(0);
	}
	waitpid(mid, &st, 0);
	read(p[0], &c, 1);
	printf("parent-death signal came: %c\n", c);
}

static void check_sched(void)
{
	cpu_set_t set;
	long r;

	CPU_ZERO(&set);
	r = sched_getaffinity(0, sizeof(set), &set);
	printf("sched_getaffinity: %s, CPU 0 %s\n", r == 0 ? "0" : ename(errno),
	       yes(CPU_ISSET(0, &set)));
	TRY("raw sched_getaffinity, 3 bytes", syscall(SYS_sched_getaffinity, 0, 3, &set));
	TRY("raw sched_getaffinity, 0 bytes", syscall(SYS_sched_getaffinity, 0, 0, &set));
	TRY("sched_getaffinity no such pid", sched_getaffinity(0x7ffffff0, sizeof(set), &set));
	CPU_ZERO(&set);
	TRY("sched_setaffinity, no CPU", sched_setaffinity(0, sizeof(set), &set));
	CPU_SET(0, &set);
	TRY("sched_setaffinity, CPU 0", sched_setaffinity(0, sizeof(set), &set));
	TRY("sched_getscheduler", sched_getscheduler(0));
	TRY("sched_getscheduler -1", sched_getscheduler(-1));
	TRY("sched_get_priority_max FIFO", sched_get_priority_max(SCHED_FIFO));
	TRY("sched_get_priority_min FIFO", sched_get_priority_min(SCHED_FIFO));
	TRY("sched_get_priority_max OTHER", sched_get_priority_max(SCHED_OTHER));
	TRY("sched_get_priority_min 42", sched_get_priority_min(42));
	{
		struct sched_param sp = { 0 };

		TRY("sched_getparam", sched_getparam(0, &sp));
		printf("priority: %d\n", sp.sched_priority);
		TRY("sched_setscheduler OTHER", sched_setscheduler(0, SCHED_OTHER, &sp));
		sp.sched_priority = 5;
		TRY("sched_setscheduler OTHER, priority 5", sched_setscheduler(0, SCHED_OTHER, &sp));
		TRY("sched_setscheduler 42", sched_setscheduler(0, 42, &sp));
		TRY("sched_setparam NULL", sched_setparam(0, NULL));
	}
}

int main(void)
{
	struct utsname u;
	int restrict_ = 1;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (slurp("/proc/sys/kernel/dmesg_restrict") > 0)
		restrict_ = atoi(text);
	uname(&u);
	printf("uname sysname: %s\n", u.sysname);
	slurp("/proc/sys/kernel/ostype");
	printf("ostype: %s", text);
	slurp("/proc/version");
	printf("version starts Linux version: %s\n", yes(strncmp(text, "Linux version ", 14) == 0));
	check_meminfo();
	check_counts();
	check_devices();
	check_syslog(restrict_);
	check_priority();
	check_prctl();
	check_pdeathsig();
	check_sched();
	return 0;
}
