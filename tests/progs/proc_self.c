// proc_self: /proc/self as programs read it - stat's 52 fields against getpid, getppid,
// getpgrp, getsid and the nice value; status's keys in Linux's order; cmdline against
// argv; exe through a relative path, a symlink and a #! script; fd links of a file, a
// pipe and /dev/null, and a pipe opened again through /dev/fd/N; maps' heap, stack and
// a System V attach; a zombie's state and empty cmdline; /proc/self and task/; the
// links' sizes lstat gives; limits and personality.
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static char text[65536];

// The whole file, NUL-terminated; its length or -1.
static long slurp(const char *path)
{
	return slurp_file(path, text, sizeof(text));
}

static void check_stat(void)
{
	char comm[64], state, *p;
	long f[53];
	int n = 0;

	slurp("/proc/self/stat");
	p = strrchr(text, ')');
	sscanf(text, "%ld (%63[^)])", &f[1], comm);
	p += 2;
	state = *p;
	p += 2;
	for (n = 4; n <= 52 && *p; n++)
		f[n] = strtol(p, &p, 10);
	printf("stat: %d fields\n", n - 1);
	printf("stat pid, comm, state: %s %s %c\n", yes(f[1] == getpid()), comm, state);
	printf("stat ppid, pgrp, session: %s %s %s\n", yes(f[4] == getppid()),
	       yes(f[5] == getpgrp()), yes(f[6] == getsid(0)));
	printf("stat priority, nice, threads: %ld %ld %ld\n", f[18], f[19], f[20]);
	printf("stat vsize > 0, rss > 0: %s %s\n", yes(f[23] > 0), yes(f[24] > 0));
}

// Each key of Linux 6.1's status that must be there, in this order.
static void check_status(void)
{
	static const char *const keys[] = {
		"Name", "Umask", "State", "Tgid", "Ngid", "Pid", "PPid", "TracerPid",
		"Uid", "Gid", "FDSize", "Groups", "VmPeak", "VmSize", "VmRSS", "VmData",
		"VmStk", "VmExe", "VmSwap", "Threads", "SigQ", "SigPnd", "ShdPnd",
		"SigBlk", "SigIgn", "SigCgt", "CapInh", "CapPrm", "CapEff", "CapBnd",
		"Cpus_allowed", "voluntary_ctxt_switches", "nonvoluntary_ctxt_switches",
	};
	char want[64], *at = text;
	int ok = 1;

	slurp("/proc/self/status");
	for (unsigned i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		char *p;

		snprintf(want, sizeof(want), "\n%s:\t", keys[i]);
		if (i == 0 ? strncmp(text, "Name:\t", 6) != 0 : !(p = strstr(at, want))) {
			printf("status: no %s after the last\n", keys[i]);
			ok = 0;
		} else if (i) {
			at = p + 1;
		}
	}
	printf("status keys in order: %s\n", yes(ok));
	snprintf(want, sizeof(want), "\nPid:\t%d\nPPid:\t%d\n", getpid(), getppid());
	printf("status pid, ppid: %s\n", yes(strstr(text, want) != NULL));
	snprintf(want, sizeof(want), "\nUid:\t%d\t%d\t%d\t%d\n", getuid(), geteuid(),
		 geteuid(), geteuid());
	printf("status uid: %s\n", yes(strstr(text, want) != NULL));
	printf("status state: %s\n", yes(strstr(text, "\nState:\tR (running)\n") != NULL));
}

static void check_cmdline(int argc, char **argv)
{
	long n = slurp("/proc/self/cmdline"), at = 0;
	int ok = 1;

	for (int i = 0; i < argc; i++) {
		ok &= strcmp(text + at, argv[i]) == 0;
		at += strlen(argv[i]) + 1;
	}
	printf("cmdline is argv: %s (%s)\n", yes(ok && at == n), yes(n > 0));
}

// Run ourselves as path with argument "exe": the child prints whether its exe is want.
static void run_as(const char *what, const char *path, const char *want)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		execl(path, path, "exe", want, (char *)NULL);
		_exit(99);
	}
	waitpid(pid, &st, 0);
	printf("exe through %s: %s\n", what, WIFEXITED(st) && WEXITSTATUS(st) == 0 ? "right" :
	       WIFEXITED(st) && WEXITSTATUS(st) == 99 ? "exec failed" : "wrong");
}

static int exe_child(const char *want)
{
	char buf[PATH_MAX];
	long n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

	if (n < 0)
		return 2;
	buf[n] = 0;
	return strcmp(buf, want) != 0;
}

static void check_exe(const char *argv0)
{
	char self[PATH_MAX], dir[PATH_MAX], rel[PATH_MAX + 4];
	FILE *f;

	if (!realpath(argv0, self)) {
		printf("realpath: %s\n", ename(errno));
		return;
	}
	TRY("readlink /proc/self/exe is realpath(argv[0])", exe_child(self));
	strcpy(dir, self);
	*strrchr(dir, '/') = 0;
	chdir(dir);
	snprintf(rel, sizeof(rel), "./%s", strrchr(self, '/') + 1);
	run_as("a relative path", rel, self);
	unlink("/tmp/proc_self_link");
	symlink(self, "/tmp/proc_self_link");
	run_as("a symlink", "/tmp/proc_self_link", self);
	f = fopen("/tmp/proc_self_script", "w");
	fprintf(f, "#!%s\n", self);
	fclose(f);
	chmod("/tmp/proc_self_script", 0755);
	// The interpreter runs with the script's path before "exe".
	run_as("a #! script", "/tmp/proc_self_script", self);
	unlink("/tmp/proc_self_link");
	unlink("/tmp/proc_self_script");
	chdir("/tmp");
}

static void show_link(const char *what, int fd)
{
	char path[64], buf[PATH_MAX];
	long n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, buf, sizeof(buf) - 1);
	buf[n < 0 ? 0 : n] = 0;
	if (strncmp(buf, "pipe:[", 6) == 0)
		strcpy(buf, "pipe:[...]");
	printf("fd link of %s: %s\n", what, n < 0 ? ename(errno) : buf);
}

static void check_fd(void)
{
	int fd = open("/tmp/proc_self_file", O_CREAT | O_RDWR, 0600), p[2], r;
	char path[32], buf[8] = "";
	struct stat st;

	show_link("a file", fd);
	pipe(p);
	show_link("a pipe", p[0]);
	show_link("/dev/null", open("/dev/null", O_RDONLY));
	write(p[1], "hello", 5);
	close(p[1]);
	snprintf(path, sizeof(path), "/dev/fd/%d", p[0]);
	r = open(path, O_RDONLY);
	printf("open /dev/fd/N of a pipe: %s\n", r < 0 ? ename(errno) : "ok");
	close(p[0]);
	printf("read through it: %ld %s\n", (long)read(r, buf, sizeof(buf) - 1), buf);
	printf("then end of file: %ld\n", (long)read(r, buf, sizeof(buf)));
	close(r);
	printf("stat /dev/fd/%d is the file: %s\n", fd,
	       yes(snprintf(path, sizeof(path), "/dev/fd/%d", fd) > 0 && stat(path, &st) == 0 &&
		   S_ISREG(st.st_mode)));
	unlink("/tmp/proc_self_file");
	close(fd);
}

static void check_maps(void)
{
	int id = shmget(0x5eed1234, 65536, IPC_CREAT | 0600);
	char *at = shmat(id, NULL, 0), want[64], *line, exe[256] = "", *map;
	int heap = 0, stack = 0, shm = 0, prog = 0, file = 0;
	int fd = open("/tmp/proc_self_map", O_RDWR | O_CREAT | O_TRUNC, 0600);
	struct stat es, fs;

	sbrk(65536);
	readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	stat(exe, &es);
	ftruncate(fd, 8192);
	fstat(fd, &fs);
	map = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 4096);
	slurp("/proc/self/maps");
	snprintf(want, sizeof(want), "/SYSV%08x (deleted)", 0x5eed1234);
	for (line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		unsigned long lo, hi, off, ino;
		char perms[8], dev[16], name[256] = "";

		sscanf(line, "%lx-%lx %7s %lx %15s %lu %255[^\n]", &lo, &hi, perms, &off, dev,
		       &ino, name);
		heap |= strcmp(name, "[heap]") == 0;
		stack |= strcmp(name, "[stack]") == 0;
		if (strcmp(name, want) == 0)
			shm = lo == (unsigned long)at && hi - lo == 65536 &&
			      strcmp(perms, "rw-s") == 0 && off == 0 && ino == (unsigned long)id;
		/* The program's text is named for its file, as a mapped file is. */
		prog |= strcmp(name, exe) == 0 && perms[2] == 'x' && ino == es.st_ino;
		if (strcmp(name, "/tmp/proc_self_map") == 0)
			file = lo == (unsigned long)map && hi - lo == 4096 &&
			       strcmp(perms, "r--s") == 0 && off == 4096 && ino == fs.st_ino;
	}
	printf("maps: heap %s, stack %s, attach %s\n", yes(heap), yes(stack), yes(shm));
	printf("maps: the program's text %s, a mapped file %s\n", yes(prog), yes(file));
	shmdt(at);
	shmctl(id, IPC_RMID, NULL);
	munmap(map, 4096);
	close(fd);
	unlink("/tmp/proc_self_map");
}

static void check_zombie(void)
{
	pid_t pid = fork();
	char path[64], state = '?';
	int st;

	if (pid == 0)
		_exit(0);
	for (int i = 0; i < 200 && state != 'Z'; i++) {
		snprintf(path, sizeof(path), "/proc/%d/stat", pid);
		if (slurp(path) > 0)
			state = strrchr(text, ')')[2];
		if (state != 'Z')
			usleep(10000);
	}
	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	printf("zombie: state %c, cmdline %ld bytes\n", state, slurp(path));
	waitpid(pid, &st, 0);
	printf("reaped: stat %s\n", slurp(path) < 0 ? ename(errno) : "still there");
}

/*
 * /proc/self/limits after setrlimit (only down: a sandbox's root may not raise a hard
 * limit) of every limit, read in a child; and /proc/self/personality.
 */
static void limits(void)
{
	static char text[4096];
	int status;
	pid_t pid;

	fflush(stdout);
	if ((pid = fork()) == 0) {
		int fd = open("/proc/self/limits", O_RDONLY);
		long n;

		for (int i = 0; i < RLIM_NLIMITS; i++) {
			struct rlimit r = { 1000 + i, 2000 + i };

			if (i == RLIMIT_STACK)
				r.rlim_cur = r.rlim_max = 8 << 20;
			else if (i == RLIMIT_AS || i == RLIMIT_DATA)
				r.rlim_cur = r.rlim_max = 1 << 30;
			else if (i == RLIMIT_CPU || i == RLIMIT_RTTIME)
				r.rlim_cur = RLIM_INFINITY;
			else if (i == RLIMIT_NICE || i == RLIMIT_RTPRIO)
				r.rlim_cur = r.rlim_max = 0;
			else if (i == RLIMIT_NOFILE)	/* shmos's table has 64 */
				r.rlim_cur = 32, r.rlim_max = 48;
			setrlimit(i, &r);
		}
		n = read(fd, text, sizeof(text));
		write(1, text, n > 0 ? n : 0);
		fd = open("/proc/self/personality", O_RDONLY);
		n = read(fd, text, sizeof(text));
		write(1, text, n > 0 ? n : 0);
		_exit(0);
	}
	waitpid(pid, &status, 0);
}

/* What lstat says of the links' sizes (ls -l shows them): not their texts' lengths. */
static void link_sizes(void)
{
	static const char *const links[] = { "/proc/self", "/proc/self/exe", "/proc/self/cwd",
					     "/proc/self/root", "/proc/self/fd/0", "/proc/mounts" };
	struct stat st;

	for (unsigned i = 0; i < sizeof(links) / sizeof(links[0]); i++)
		if (lstat(links[i], &st) == 0)
			printf("lstat %s: size %ld\n", links[i], (long)st.st_size);
}

int main(int argc, char **argv)
{
	char buf[64], want[32];
	long n;

	if (argc == 3 && strcmp(argv[1], "exe") == 0)
		return exe_child(argv[2]);
	if (argc == 4 && strcmp(argv[2], "exe") == 0)	// a script's interpreter
		return exe_child(argv[3]);
	setvbuf(stdout, NULL, _IONBF, 0);
	check_stat();
	setpriority(PRIO_PROCESS, 0, 5);
	check_stat();
	check_status();
	check_cmdline(argc, argv);
	n = readlink("/proc/self", buf, sizeof(buf) - 1);
	buf[n < 0 ? 0 : n] = 0;
	snprintf(want, sizeof(want), "%d", getpid());
	printf("/proc/self is the pid: %s\n", yes(strcmp(buf, want) == 0));
	link_sizes();
	limits();
	snprintf(buf, sizeof(buf), "/proc/self/task/%d/stat", getpid());
	printf("task/TID/stat: %s\n", yes(access(buf, R_OK) == 0));
	check_exe(argv[0]);
	check_fd();
	check_maps();
	check_zombie();
	return 0;
}
