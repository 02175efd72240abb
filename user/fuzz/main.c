// fuzz: a system call fuzzer for shmos (and, safely, for Linux as any user).
//
//   fuzz [seed] [iterations] [procs] [v]
//
// It forks `procs` workers; each makes `iterations` raw system calls chosen at
// random, with arguments that are sometimes right and often wrong: NULL, kernel
// addresses, a read-only page, buffers that run into a guard page, misaligned
// pointers, huge sizes, -1, closed fds, stale shm ids, unknown flags. Workers also
// fork short-lived children that do the same and may exec. `v` traces every call.
//
// Every call a worker makes is chosen so that it cannot hurt anything but itself:
// files only in its own temporary directory, shm only IPC_PRIVATE or its own keys
// (and only segments it created are changed or removed), signals only to its own
// children, mappings only changed inside its own arena, no reboot, no kill(-1).
//
// When all are done it checks that nothing leaked: SHM_INFO's used_ids and shm_tot,
// SEM_INFO's sets and MSG_INFO's queues (and on shmos the free memory sysinfo
// reports, with the free swap and the swap cache: pages out count as free) must be what
// they were before; on shmos every loop device is unbound and every control group
// a worker made is gone.
// Run it on Linux in a private IPC namespace (unshare --ipc) so that other programs'
// segments do not count. The same seed makes each process choose the same calls,
// as far as the answers it gets (which child has exited, say) are the same.
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/personality.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

// ---- the parent: start the workers, clean up after them, look for leaks ----

// shmos answers uname as a Linux would (sysname "Linux"); its release names it.
int on_shmos(void)
{
	static int known = -1;
	struct utsname u;

	if (known < 0)
		known = uname(&u) == 0 && strstr(u.release, "shmos") != NULL;
	return known;
}

// Remove a tree of our files, whatever the workers did to its modes.
static void remove_tree(const char *path)
{
	if (unlink(path) == 0 || errno == ENOENT)
		return;
	chmod(path, 0700);	// a directory, or so we hope
	DIR *d = opendir(path);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char sub[512];
		snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
		remove_tree(sub);
	}
	if (d)
		closedir(d);
	rmdir(path);
}

struct usage {
	long used_ids;
	unsigned long shm_tot;
	long sets, queues;
	unsigned long long freeram;	// with the free swap and the swap cache (usage())
	long task_pages;	// the task table's, which grows and keeps its pages
};

// The task table's pages, from /proc/slabinfo's task_struct line (shmos's
// table grows a page at a time as more tasks live at once, and keeps the
// page for later forks: not a leak); 0 where unreadable.
static long task_table_pages(void)
{
	FILE *f = fopen("/proc/slabinfo", "r");
	char line[256];
	long pages = 0;

	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, "task_struct ", 12)) {
			char *slabdata = strstr(line, "slabdata");
			if (slabdata)
				sscanf(slabdata, "slabdata %*d %ld", &pages);
		}
	if (f)
		fclose(f);
	return pages;
}

// The swap cache's pages, from /proc/meminfo's SwapCached (in kB); 0 where unreadable.
static long swap_cached_pages(void)
{
	char buf[4096], *p;
	int fd = open("/proc/meminfo", O_RDONLY);
	ssize_t n = fd < 0 ? 0 : read(fd, buf, sizeof buf - 1);

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = 0;
	p = strstr(buf, "SwapCached:");
	return p ? atol(p + strlen("SwapCached:")) * 1024 / sysconf(_SC_PAGESIZE) : 0;
}

// /proc/meminfo's and /proc/slabinfo's text, read without the heap (static
// buffers), so that a leak report can say which of the kernel's counts moved:
// a page of kmalloc's, or a page of memory, or of swap.
static struct snapshot {
	const char *path;
	char before[4096], after[4096];
} snapshots[] = { { "/proc/meminfo" }, { "/proc/slabinfo" } };

static void read_snapshot(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? 0 : read(fd, buf, size - 1);

	buf[n > 0 ? n : 0] = 0;
	if (fd >= 0)
		close(fd);
}

static void read_snapshots(int after)
{
	for (unsigned i = 0; i < N(snapshots); i++)
		read_snapshot(snapshots[i].path, after ? snapshots[i].after : snapshots[i].before,
			      sizeof snapshots[i].before);
}

// The lines of each file that differ, before -> after.
static void print_snapshot_changes(void)
{
	for (unsigned i = 0; i < N(snapshots); i++) {
		char *b = snapshots[i].before, *a = snapshots[i].after;

		while (*b && *a) {
			char *be = strchr(b, '\n'), *ae = strchr(a, '\n');
			if (!be || !ae)
				break;
			if (be - b != ae - a || strncmp(b, a, be - b))
				printf("fuzz: %s %.*s -> %.*s\n", snapshots[i].path + 6,
				       (int)(be - b), b, (int)(ae - a), a);
			b = be + 1;
			a = ae + 1;
		}
	}
}

static struct usage usage(void)
{
	struct shm_info si;
	struct seminfo sem;
	struct msginfo msg;
	struct sysinfo s;
	memset(&si, 0, sizeof si);
	memset(&sem, 0, sizeof sem);
	memset(&msg, 0, sizeof msg);
	shmctl(0, SHM_INFO, (struct shmid_ds *)&si);
	semctl(0, 0, SEM_INFO, &sem);
	msgctl(0, MSG_INFO, (struct msqid_ds *)&msg);
	long task_pages = task_table_pages();	// first: its stdio buffer is heap
	long swap_cached = swap_cached_pages();
	sysinfo(&s);
	// A page that went out to swap (the overcommit case pushes this process's pages and
	// the files' there) is a free page and a used slot: free memory and free swap together,
	// with the swap cache's pages (in memory, and their slots used), stay the same.
	return (struct usage){ si.used_ids, si.shm_tot, sem.semusz, msg.msgpool,
			       ((unsigned long long)s.freeram + s.freeswap) * s.mem_unit +
			       swap_cached * sysconf(_SC_PAGESIZE), task_pages };
}

// Fault in the stack used later, so that it does not count as a leak.
static void grow_stack(void)
{
	volatile char buf[64 << 10];
	memset((char *)buf, 0, sizeof buf);
}

// Fault in this program's data and bss too: a global the parent first writes
// after the counts (workers[], the terminal's saved state...) would take a page
// then, counted as a leak, or not, as the linker happened to place it.
static void fault_in_data(void)
{
	extern char __data_start[], _end[];

	for (uintptr_t a = (uintptr_t)__data_start; a < (uintptr_t)_end; a = (a | 4095) + 1)
		*(volatile char *)a = *(volatile char *)a;
}

// On a 64-bit Linux a 32-bit program may map up to 4 GiB, so 0xc0000000 and
// above would be ordinary addresses there, and mapping over them could hit the
// stack. Ask for i386's 3 GiB user space and run again; shmos has it anyway.
static void i386_layout(char **argv)
{
	int p = personality(0xffffffff);
	if (p == -1 || (p & ADDR_LIMIT_3GB))
		return;
	personality(p | ADDR_LIMIT_3GB);
	execv("/proc/self/exe", argv);
	printf("fuzz: cannot run with a 3 GiB address space: %s\n", strerror(errno));
	exit(1);
}

int main(int argc, char **argv)
{
	i386_layout(argv);
	setvbuf(stdout, NULL, _IONBF, 0);
	seed = argc > 1 ? strtoul(argv[1], NULL, 0) : (unsigned)time(NULL) ^ getpid() << 16;
	int iterations = argc > 2 ? atoi(argv[2]) : 2000, procs = argc > 3 ? atoi(argv[3]) : 4;
	trace = argc > 4 && argv[4][0] == 'v';
	if (procs < 1 || procs > 64 || iterations < 0) {
		printf("usage: fuzz [seed] [iterations] [procs 1-64] [v]\n");
		return 2;
	}
	printf("fuzz: seed %u\n", seed);
	memset(longname, 'n', sizeof longname - 1);
	grow_stack();
	fault_in_data();
	devices_begin();	// before the counts: it faults in its table
	read_snapshots(0);	// first: it faults its buffers in
	struct usage before = usage();

	if (!mkdtemp(dir)) {
		printf("fuzz: cannot make a directory in /tmp\n");
		return 1;
	}
	pid_t pid, workers[64];
	int st, failed = 0, left = 0, groups = cgroup_begin();
	tty_save();
	for (int k = 0; k < procs; k++) {
		pid_t w = fork();
		if (w == 0) {
			me = k;
			rs = ((uint64_t)seed << 32 | (k + 1)) * 0x9e3779b97f4a7c15ull | 1;
			worker(iterations);
		}
		if (w > 0)
			workers[left++] = w;
	}
	// As init (on shmos) we also reap the children of a worker that died.
	while (left > 0 && (pid = wait(&st)) > 0) {
		int k = 0;
		while (k < left && workers[k] != pid)
			k++;
		if (k == left)
			continue;	// an orphan, not a worker
		workers[k] = workers[--left];
		if (!WIFEXITED(st) || WEXITSTATUS(st)) {
			failed = 1;
			if (WIFSIGNALED(st))
				printf("fuzz: a worker was killed by %s\n", sigabbrev_np(WTERMSIG(st)));
			else
				printf("fuzz: a worker exited with %d\n", WEXITSTATUS(st));
		}
	}
	while (wait(NULL) > 0)	// orphans still running (only when we are init)
		;
	for (int k = 0; k < procs; k++)
		mqueue_cleanup(k);	// a worker that died left its queues
	tty_restore();
	int groups_left = cgroup_end() - groups, loops_bound = devices_end();
	pid = fork();	// opendir's memory must not count against this process
	if (pid == 0) {
		remove_tree(dir);
		_exit(0);
	}
	waitpid(pid, NULL, 0);

	struct usage after = usage();
	read_snapshots(1);
	// Free memory less the table's growth must come back to what it was.
	after.freeram += (after.task_pages - before.task_pages) * sysconf(_SC_PAGESIZE);
	int leak = groups_left || loops_bound ||
		   after.used_ids != before.used_ids || after.shm_tot != before.shm_tot ||
		   after.sets != before.sets || after.queues != before.queues ||
		   (on_shmos() && after.freeram != before.freeram);
	if (leak)
		printf("fuzz: leak: used_ids %+ld, shm_tot %+ld pages, sets %+ld, queues %+ld, "
		       "freeram %+lld bytes\n", after.used_ids - before.used_ids,
		       (long)(after.shm_tot - before.shm_tot), after.sets - before.sets,
		       after.queues - before.queues,
		       on_shmos() ? (long long)(after.freeram - before.freeram) : 0LL);
	if (groups_left)
		printf("fuzz: leak: %+d control groups\n", groups_left);
	if (leak && on_shmos())
		print_snapshot_changes();
	if (!leak)
		printf("\nfuzz: no leak\n");	// on a line of its own: a worker's tty op may leave half a line
	return leak || failed;
}
