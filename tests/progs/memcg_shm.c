// memcg_shm: what cgroup2's memory controller charges besides a process's private memory,
// as Linux does. A System V segment's pages are charged to the group of the task that first
// touches them (not the one that made the segment) and stay charged there after it exits,
// until the segment is removed; a tmpfs file's pages to the group of the task that writes
// them, until the file goes. memory.stat's shmem and file count them, anon the private
// pages, pagetables (and kernel) the page tables. A page is uncharged from the group it was
// charged to, though its process moved since; a group removed with charges left keeps them
// counted in its parent until they are freed. With swap, above memory.max the group's shm
// and tmpfs pages go out to swap (counted in memory.swap.current) and the process goes on;
// with memory.swap.max too small for that, the process is killed (memory.events oom_kill).
// Above memory.high a process puts its group's pages out itself and goes on, never killed
// (memory.events high). Exact page counts differ between kernels: only relations are
// printed.
// host: no (Linux's own .out needs cgroup2's memory controller, which the machine where the
// tests are recorded has in a version 1 hierarchy; and the kernel's out-of-memory report is
// on shmos's console, in the output)
// mem: 32M
// disk: swap 16384
// cmdline: swap=/dev/hda
// timeout: 90
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define MiB (1024 * 1024)

static char dir[] = "/tmp/memcg_shm.XXXXXX";
static char top[128], c1[160], c2[160], c3[160];	// dir/memcg-shm-PID and its groups
static const char file[] = "/tmp/memcg_shm.file";
static int shmid;		// the segment a job touches, made by the parent

static const char *put(const char *d, const char *f, const char *s)
{
	return write_string(path_in(d, f), s);
}

static long long current(const char *d)
{
	char buf[64];

	if (slurp_file(path_in(d, "memory.current"), buf, sizeof(buf)) < 0)
		return -1;
	return atoll(buf);
}

static long long swap_current(const char *d)
{
	char buf[64];

	if (slurp_file(path_in(d, "memory.swap.current"), buf, sizeof(buf)) < 0)
		return -1;
	return atoll(buf);
}

// A field of d's memory.stat or memory.events ("anon", "oom_kill"...).
static long long field(const char *d, const char *f, const char *key)
{
	char k[32];

	snprintf(k, sizeof(k), "%s ", key);
	return file_value(path_in(d, f), k);
}

static long long stat_of(const char *d, const char *key)
{
	return field(d, "memory.stat", key);
}

static long long event(const char *d, const char *key)
{
	return field(d, "memory.events", key);
}

// A child that moves itself into group d, runs job, exits: its status.
static int in_group(const char *d, void (*job)(const char *d))
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		if (strcmp(put(d, "cgroup.procs", "0"), "0"))
			_exit(2);
		job(d);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	return status;
}

static void show_status(int status)
{
	if (WIFSIGNALED(status))
		printf("  the child: killed by signal %d\n", WTERMSIG(status));
	else
		printf("  the child: exit %d\n", WEXITSTATUS(status));
}

// The first size bytes of the segment (made by the parent) written, through an attach.
static void touch_segment(const char *d, size_t size)
{
	char *p = shmat(shmid, NULL, 0);

	(void)d;
	if (p == (char *)-1)
		_exit(3);
	memset(p, 'S', size);
	shmdt(p);
}

static void touch_4m(const char *d)
{
	long long before = current(d);

	touch_segment(d, 4 * MiB);
	printf("  memory.current grew by at least 4 MiB: %s\n",
	       yes(current(d) - before >= 4 * MiB));
	printf("  memory.stat: shmem at least 4 MiB: %s; file at least shmem: %s; "
	       "anon + file + kernel at most memory.current: %s\n",
	       yes(stat_of(d, "shmem") >= 4 * MiB),
	       yes(stat_of(d, "file") >= stat_of(d, "shmem")),
	       yes(stat_of(d, "anon") + stat_of(d, "file") + stat_of(d, "kernel") <= current(d)));
}

static void touch_4m_quiet(const char *d)
{
	touch_segment(d, 4 * MiB);
}

// The 4 MiB of the segment read back from swap: all of it as written.
static void read_back_4m(const char *d)
{
	char *p = shmat(shmid, NULL, SHM_RDONLY);
	int same = p != (char *)-1;

	for (size_t i = 0; same && i < 4 * MiB; i += 512)
		same = p[i] == 'S';
	printf("  it reads as written: %s; memory.current at most 2 MiB: %s\n", yes(same),
	       yes(current(d) <= 2 * MiB));
}

// A 4 MiB tmpfs file written in a group whose memory.max is 2 MiB.
static void write_file_quiet(const char *d)
{
	static char buf[64 * 1024];
	int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	(void)d;
	memset(buf, 'F', sizeof(buf));
	for (int i = 0; fd >= 0 && i < 4 * MiB / (int)sizeof(buf); i++)
		if (write(fd, buf, sizeof(buf)) != sizeof(buf))
			_exit(4);
	close(fd);
}

static void touch_2m(const char *d)
{
	touch_segment(d, 2 * MiB);
}

static void write_file_4m(const char *d)
{
	static char buf[64 * 1024];
	long long before = current(d);
	int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	memset(buf, 'F', sizeof(buf));
	for (int i = 0; fd >= 0 && i < 4 * MiB / (int)sizeof(buf); i++)
		if (write(fd, buf, sizeof(buf)) != sizeof(buf))
			_exit(4);
	close(fd);
	printf("  memory.current grew by at least 4 MiB: %s; memory.stat shmem too: %s\n",
	       yes(current(d) - before >= 4 * MiB), yes(stat_of(d, "shmem") >= 4 * MiB));
}

// 2 MiB of private memory in c1, then the process moves to c2 and frees it.
static void move_then_free(const char *d)
{
	char *p = mmap(NULL, 2 * MiB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	memset(p, 'A', 2 * MiB);
	printf("  c1's memory.stat anon at least 2 MiB: %s\n", yes(stat_of(d, "anon") >= 2 * MiB));
	printf("  the child moves to c2: %s\n", put(c2, "cgroup.procs", "0"));
	munmap(p, 2 * MiB);
	printf("  freed there: c1's memory.current below 1 MiB: %s; c2's too: %s\n",
	       yes(current(c1) < MiB), yes(current(c2) < MiB));
}

// A byte every 4 MiB of a 12 MiB mapping: the middle 4 MiB need a page table of their own.
static void page_tables(const char *d)
{
	long long before = stat_of(d, "pagetables");
	char *p = mmap(NULL, 12 * MiB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);

	for (int i = 0; i < 3; i++)
		p[i * 4 * MiB] = 'T';
	printf("  memory.stat pagetables grew: %s; kernel at least pagetables: %s\n",
	       yes(stat_of(d, "pagetables") > before),
	       yes(stat_of(d, "kernel") >= stat_of(d, "pagetables")));
	munmap(p, 12 * MiB);
}

// 3 MiB of private memory in a group whose memory.high is 1 MiB: it goes on.
static void above_high(const char *d)
{
	char *p = mmap(NULL, 3 * MiB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	memset(p, 'H', 3 * MiB);
	printf("  the child wrote 3 MiB; memory.current at most 2 MiB: %s; "
	       "some went to swap: %s\n", yes(current(d) <= 2 * MiB), yes(swap_current(d) > 0));
	printf("  its first, middle and last bytes read back: %s\n",
	       yes(p[0] == 'H' && p[3 * MiB / 2] == 'H' && p[3 * MiB - 1] == 'H'));
}

static int new_segment(size_t size)
{
	return shmid = shmget(IPC_PRIVATE, size, IPC_CREAT | 0600);
}

static void remove_segment(void)
{
	shmctl(shmid, IPC_RMID, NULL);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (!mkdtemp(dir))
		return 1;
	TRY("mount cgroup2", mount("none", dir, "cgroup2", 0, NULL));
	snprintf(top, sizeof(top), "%s/memcg-shm-%d", dir, getpid());
	snprintf(c1, sizeof(c1), "%s/c1", top);
	snprintf(c2, sizeof(c2), "%s/c2", top);
	snprintf(c3, sizeof(c3), "%s/c3", top);
	printf("root: +memory: %s\n", put(dir, "cgroup.subtree_control", "+memory"));
	TRY("mkdir top", mkdir(top, 0755));
	printf("top: +memory: %s\n", put(top, "cgroup.subtree_control", "+memory"));
	TRY("mkdir c1", mkdir(c1, 0755));
	TRY("mkdir c2", mkdir(c2, 0755));
	printf("c1 has memory.stat, memory.events, memory.swap.current: %s\n",
	       yes(access(path_in(c1, "memory.stat"), R_OK) == 0 &&
		   access(path_in(c1, "memory.events"), R_OK) == 0 &&
		   access(path_in(c1, "memory.swap.current"), R_OK) == 0));
	printf("c1's memory.events: low %lld high %lld max %lld oom %lld oom_kill %lld\n",
	       event(c1, "low"), event(c1, "high"), event(c1, "max"), event(c1, "oom"),
	       event(c1, "oom_kill"));

	printf("the parent (in the root group) makes a 4 MiB segment: c1 below 1 MiB: ");
	new_segment(4 * MiB);
	printf("%s\n", yes(current(c1) < MiB));
	printf("a child in c1 touches all of it:\n");
	show_status(in_group(c1, touch_4m));
	printf("the child has exited: c1 still holds 4 MiB: %s; so does top: %s\n",
	       yes(current(c1) >= 4 * MiB), yes(current(top) >= 4 * MiB));
	remove_segment();
	printf("IPC_RMID by the parent: c1 below 1 MiB again: %s\n", yes(current(c1) < MiB));

	printf("a child in c1 writes a 4 MiB tmpfs file:\n");
	show_status(in_group(c1, write_file_4m));
	printf("the child has exited: c1 still holds 4 MiB: %s\n", yes(current(c1) >= 4 * MiB));
	unlink(file);
	printf("unlink by the parent: c1 below 1 MiB again: %s\n", yes(current(c1) < MiB));

	printf("a child in c1 touches 2 MiB of private memory:\n");
	show_status(in_group(c1, move_then_free));

	printf("a child in c1 touches three pages 4 MiB apart:\n");
	show_status(in_group(c1, page_tables));
	printf("once it has exited: c1 below 1 MiB: %s\n", yes(current(c1) < MiB));

	TRY("mkdir c3", mkdir(c3, 0755));
	new_segment(2 * MiB);
	printf("a child in c3 touches a 2 MiB segment:\n");
	show_status(in_group(c3, touch_2m));
	TRY("rmdir c3 with the segment charged to it", rmdir(c3));
	printf("top still holds 2 MiB: %s\n", yes(current(top) >= 2 * MiB));
	remove_segment();
	printf("IPC_RMID: top below 1 MiB again: %s\n", yes(current(top) < MiB));

	printf("c1: memory.max 2M: %s\n", put(c1, "memory.max", "2M"));
	new_segment(4 * MiB);
	printf("a child in c1 touches a 4 MiB segment:\n");
	show_status(in_group(c1, touch_4m_quiet));
	printf("c1's memory.current at most 2 MiB: %s; memory.current + memory.swap.current at "
	       "least 4 MiB: %s\n", yes(current(c1) <= 2 * MiB),
	       yes(current(c1) + swap_current(c1) >= 4 * MiB));
	printf("memory.events: max counted: %s; oom_kill 0: %s\n", yes(event(c1, "max") > 0),
	       yes(event(c1, "oom_kill") == 0));
	printf("another child in c1 reads the segment:\n");
	show_status(in_group(c1, read_back_4m));
	remove_segment();
	printf("IPC_RMID: memory.swap.current 0: %s\n", yes(swap_current(c1) == 0));
	printf("a child in c1 writes a 4 MiB tmpfs file:\n");
	show_status(in_group(c1, write_file_quiet));
	printf("c1's memory.current at most 2 MiB: %s; memory.current + memory.swap.current at "
	       "least 4 MiB: %s\n", yes(current(c1) <= 2 * MiB),
	       yes(current(c1) + swap_current(c1) >= 4 * MiB));
	unlink(file);
	printf("unlink: c1 below 1 MiB, memory.swap.current 0: %s\n",
	       yes(current(c1) < MiB && swap_current(c1) == 0));

	printf("c1: memory.swap.max 1M: %s\n", put(c1, "memory.swap.max", "1M"));
	new_segment(4 * MiB);
	printf("a child in c1 touches a 4 MiB segment, which cannot fit:\n");
	show_status(in_group(c1, touch_4m_quiet));
	printf("c1's memory.swap.current at most 1 MiB: %s; memory.events oom and oom_kill "
	       "counted: %s\n", yes(swap_current(c1) <= MiB),
	       yes(event(c1, "oom") > 0 && event(c1, "oom_kill") > 0));
	remove_segment();
	printf("IPC_RMID: c1 below 1 MiB: %s\n", yes(current(c1) < MiB && swap_current(c1) == 0));

	printf("c1: memory.max max: %s, memory.swap.max max: %s, memory.high 1M: %s\n",
	       put(c1, "memory.max", "max"), put(c1, "memory.swap.max", "max"),
	       put(c1, "memory.high", "1M"));
	{
		long long kills = event(c1, "oom_kill");

		printf("a child in c1 writes 3 MiB of private memory:\n");
		show_status(in_group(c1, above_high));
		printf("memory.events high counted: %s; no oom_kill: %s\n",
		       yes(event(c1, "high") > 0), yes(event(c1, "oom_kill") == kills));
	}
	printf("top's memory.events counts c1's: %s\n",
	       yes(event(top, "high") >= event(c1, "high") &&
		   event(top, "oom_kill") >= event(c1, "oom_kill")));

	TRY("rmdir c1", rmdir(c1));
	TRY("rmdir c2", rmdir(c2));
	TRY("rmdir top", rmdir(top));
	printf("root: -memory: %s\n", put(dir, "cgroup.subtree_control", "-memory"));
	TRY("umount", umount(dir));
	rmdir(dir);
	return 0;
}
