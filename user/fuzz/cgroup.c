// Operations on control groups: mounts of cgroup2 (good and bad), a worker's
// own groups made and removed, processes moved into them, the memory
// controller's files written with good values and bad, every file read.
//
// On shmos only (on Linux the groups are the machine's), and only groups the
// worker made: G = fz<worker> under the root, with G/p (which holds processes,
// its limits always far above what it uses: nothing may be killed) and G/s (never
// a process, so any limit may be tried). Children only move themselves into G/p
// or G, and read: exit takes a process out of its group. A worker moves itself
// back to the root and removes its groups at the end (cgroup_cleanup); a group may
// still hold a child's child then, an orphan that init (main.c) reaps, and
// cgroup_end removes what is left ("a worker left fz5/p": not a leak).
// The memory controller's files need +memory in the root's
// cgroup.subtree_control, which main.c writes once (and takes back).
#include "fuzz.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char mnt[80];	// our mount point, inside our directory; "" before the first op
static int mounted;

// A path under our mount: the root's file `name`, or G's, G/p's or G/s's.
static const char *cg_path(const char *group, const char *name)
{
	static char path[200];
	snprintf(path, sizeof path, "%s%s%s%s%s", mnt, group[0] ? "/" : "", group, name[0] ? "/" : "", name);
	return path;
}

static const char *group_name(int which)
{
	static char g[3][32];
	snprintf(g[0], sizeof g[0], "fz%d", me);
	snprintf(g[1], sizeof g[1], "fz%d/p", me);
	snprintf(g[2], sizeof g[2], "fz%d/s", me);
	return g[which];
}

// Writes s to path; with `bad`, sometimes from a bad pointer instead.
static long write_file(const char *path, const char *s, int bad)
{
	long fd = SC(SYS_open, path, O_WRONLY, 0, 0, 0), r = -1;
	if (fd < 0)
		return -1;
	r = SC(SYS_write, fd, bad && chance(5) ? bad_ptr() : (long)s, strlen(s), 0, 0);
	SC(SYS_close, fd, 0, 0, 0, 0);
	return r;
}

static void mount_op(void)
{
	static const char *datas[] = { NULL, "", "memory_recursiveprot", "nsdelegate", "garbage=1",
				       "favordynmods,memory_localevents" };
	static const char *types[] = { "cgroup2", "cgroup2", "cgroup2", "cgroup", "nosuchfs" };

	if (!mnt[0]) {
		snprintf(mnt, sizeof mnt, "%s/w%d/cg", dir, me);
		SC(SYS_mkdir, mnt, 0700, 0, 0, 0);
	}
	// pivot_root onto our mount or our names: the root of all (rootfs) never pivots
	if (chance(10)) {
		SC(SYS_pivot_root, chance(50) ? mnt : path_mine(), chance(50) ? mnt : path_mine(), 0, 0, 0);
		return;
	}
	if (mounted && chance(50)) {	// our groups outlive the mount
		if (SC(SYS_umount2, mnt, chance(80) ? 0 : rnd() & 0xf, 0, 0, 0) == 0)
			mounted = 0;
		return;
	}
	if (SC(SYS_mount, "none", mnt, PICK(types), chance(80) ? 0 : MS_RDONLY, PICK(datas)) == 0) {
		if (mounted)	// mounted twice on the same place: take the top one off
			SC(SYS_umount2, mnt, 0, 0, 0, 0);
		mounted = 1;
	}
}

// A limit for G or G/p (never below what the worker may use) or for G/s (any).
static const char *limit(int tight)
{
	static const char *big[] = { "max", "max\n", " max ", "1G", "1073741824", "4G", "999999999999", " 2G\n" };
	static const char *small[] = { "0", "4096", "1M", "12345", "64K", "1k" };
	static const char *bad[] = { "abc", "-1", "", "1Q", "99999999999999999999999", "max max", "1M2", "1G1" };
	return chance(20) ? PICK(bad) : tight ? PICK(small) : PICK(big);
}

static void group_op(void)
{
	static const char *files[] = { "memory.max", "memory.high", "memory.swap.max" };
	static const char *reads[] = { "cgroup.procs", "cgroup.controllers", "cgroup.subtree_control",
				       "memory.current", "memory.stat", "memory.events", "memory.max",
				       "memory.swap.current", "cgroup.type", "nosuchfile" };
	int which = below(3);
	const char *g = group_name(which);
	long fd;

	switch (below(is_kid ? 3 : 7)) {
	case 0:	// a child moves itself, and only itself (G holds none once it gives +memory)
		write_file(cg_path(which == 2 ? group_name(1) : g, "cgroup.procs"), chance(80) ? "0" : "1x", 1);
		break;
	case 1:
	case 2:
		fd = SC(SYS_open, cg_path(g, PICK(reads)), O_RDONLY, 0, 0, 0);
		if (fd >= 0) {
			SC(SYS_pread64, fd, ptr(PG), chance(80) ? PG : (long)below(32), chance(80) ? 0 : (long)below(200), 0);
			SC(SYS_close, fd, 0, 0, 0, 0);
		}
		break;
	case 3:
		SC(SYS_mkdir, cg_path(g, chance(90) ? "" : "cgroup.procs"), 0755, 0, 0, 0);	// EEXIST
		break;
	case 4:
		SC(SYS_rmdir, cg_path(g, chance(90) ? "" : "cgroup.procs"), 0, 0, 0, 0);
		break;
	case 5:
		write_file(cg_path(g, PICK(files)), limit(which == 2), 1);
		break;
	default:
		if (chance(50))
			write_file(cg_path(group_name(0), "cgroup.subtree_control"),
				   chance(70) ? "+memory" : chance(50) ? "-memory" : "+cpu", 1);
		else	// the worker itself into G/p (or G: EBUSY once it gives +memory), or back out
			write_file(cg_path(chance(50) ? group_name(which == 2 ? 1 : which) : "", "cgroup.procs"),
				   chance(90) ? "0" : "-1", 1);
		break;
	}
}

void op_cgroup(void)
{
	if (!on_shmos())
		return;
	if ((!mounted || chance(5)) && !is_kid)
		mount_op();
	if (mounted)
		group_op();
}

// Back to the root, then our groups go, then the mount: in that order, as the
// groups must be empty of processes and children to go.
void cgroup_cleanup(void)
{
	if (!mnt[0])
		return;
	if (!mounted && SC(SYS_mount, "none", mnt, "cgroup2", 0, 0) == 0)
		mounted = 1;
	write_file(cg_path("", "cgroup.procs"), "0", 0);
	SC(SYS_rmdir, cg_path(group_name(1), ""), 0, 0, 0, 0);
	SC(SYS_rmdir, cg_path(group_name(2), ""), 0, 0, 0, 0);
	SC(SYS_rmdir, cg_path(group_name(0), ""), 0, 0, 0, 0);
	while (SC(SYS_umount2, mnt, 0, 0, 0, 0) == 0)
		;
}

// ---- the parent's part (main.c): the root's +memory, and the leak check ----

static char main_mnt[40];	// the parent's mount, dir/cg
static int gave_memory;

static void root_control(const char *s)
{
	char path[80];
	long fd;

	snprintf(path, sizeof path, "%s/cgroup.subtree_control", main_mnt);
	fd = open(path, O_WRONLY);
	if (fd >= 0) {
		gave_memory = write(fd, s, strlen(s)) > 0 && s[0] == '+';
		close(fd);
	}
}

// The groups under the root; with `tidy`, each worker's that is left is
// removed first (a worker's clone children may have kept it busy), and any
// that stays is named.
static int count_groups(int tidy)
{
	int fd = open(main_mnt, O_RDONLY | O_DIRECTORY), n = 0;
	char buf[2048], path[120];
	long got;

	while (fd >= 0 && (got = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0)
		for (long off = 0; off < got; off += *(unsigned short *)(buf + off + 16)) {
			char *name = buf + off + 19;
			if (buf[off + 18] != 4 /* DT_DIR */ || name[0] == '.')
				continue;
			if (tidy && !strncmp(name, "fz", 2)) {
				for (int i = 0; i < 3; i++) {
					snprintf(path, sizeof path, "%s/%s%s", main_mnt, name,
						 i == 0 ? "/p" : i == 1 ? "/s" : "");
					if (rmdir(path) == 0)
						printf("fuzz: a worker left %s\n", path + strlen(main_mnt) + 1);
				}
				snprintf(path, sizeof path, "%s/%s", main_mnt, name);
				if (access(path, F_OK) == 0)
					printf("fuzz: %s cannot be removed\n", name);
			}
			n++;
		}
	if (fd >= 0)
		close(fd);
	return n;
}

// Before the workers start, on shmos: the root gives the memory controller.
// Returns how many groups there are, for cgroup_end.
int cgroup_begin(void)
{
	char path[80], buf[64] = "";
	int fd;

	if (!on_shmos())
		return 0;
	snprintf(main_mnt, sizeof main_mnt, "%s/cg", dir);
	if (mkdir(main_mnt, 0700) < 0 || mount("none", main_mnt, "cgroup2", 0, NULL) < 0) {
		main_mnt[0] = 0;
		return 0;
	}
	snprintf(path, sizeof path, "%s/cgroup.subtree_control", main_mnt);
	if ((fd = open(path, O_RDONLY)) >= 0) {
		if (read(fd, buf, sizeof buf - 1) < 0)
			buf[0] = 0;
		close(fd);
	}
	if (!strstr(buf, "memory"))
		root_control("+memory");
	return count_groups(0);
}

// After the workers: the groups there are now (each worker's are gone), and
// the root as it was. What a worker left is removed by a child: the removal and
// its message take a path this process has not taken before, whose first touch
// of a page of code or data would count as a page leaked (one run in three).
// The mounts on a worker's dir/wN/cg that it could not take off (its clone
// children still had a file open there when it tried): taken off here, as its
// groups are, and named. Left, they would hold the tree (a leak, to the check).
static void unmount_left(void)
{
	char path[64];

	for (int k = 0; k < 64; k++) {
		snprintf(path, sizeof path, "%s/w%d/cg", dir, k);
		if (umount(path) == 0)
			printf("fuzz: a worker left a mount on %s\n", path);
		while (umount(path) == 0)	// one on another
			;
	}
}

int cgroup_end(void)
{
	pid_t pid;
	int n;

	if (!main_mnt[0])
		return 0;
	if ((pid = fork()) == 0) {
		unmount_left();
		count_groups(1);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	n = count_groups(0);
	if (gave_memory)
		root_control("-memory");
	umount(main_mnt);
	return n;
}
