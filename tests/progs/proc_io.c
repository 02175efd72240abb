// proc_io: the /proc files procps and util-linux read about processes, disks and memory
// settings, in Linux's formats; what is the same on every machine is shown (names, that
// numbers parse, how counts move), not the numbers. /proc/self/io: its seven fields; a
// read of 8192 bytes and a write of 4096 move rchar, syscr, wchar and syscw by at least
// that; a reaped child's count goes to its parent; the text read whole then at its end
// gives end of file. /proc/PID/wchan: "0" for a running process, a name for a sleeping
// one. /proc/self/fdinfo/N of a file: pos after lseek, flags with O_APPEND and O_CLOEXEC,
// mnt_id, ino; ENOENT once closed. /proc/diskstats: 20 fields a line. /proc/sys/vm: the
// files Debian's tools read, numbers; overcommit_ratio and overcommit_kbytes (root).
// A pidfd and an epoll set opened again through /proc/self/fd: a new pidfd, ENXIO (their
// inodes are root's, so only root may).
// host: root
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

struct io {
	unsigned long long v[7];
};

static const char *const io_names[7] = {
	"rchar", "wchar", "syscr", "syscw", "read_bytes", "write_bytes", "cancelled_write_bytes",
};

// /proc/PID/io in one read; its names checked against Linux's, in order.
static int read_io(const char *path, struct io *io, int show)
{
	char buf[512], *p = buf;
	int fd = open(path, O_RDONLY), n, ok = 1;

	n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
	if (n < 0) {
		printf("%s: %s\n", path, ename(errno));
		return -1;
	}
	buf[n] = 0;
	for (int i = 0; i < 7; i++) {
		size_t len = strlen(io_names[i]);
		char *end;

		ok &= !strncmp(p, io_names[i], len) && p[len] == ':' && p[len + 1] == ' ';
		p += len + 2;
		io->v[i] = strtoull(p, &end, 10);
		ok &= end > p && *end == '\n';
		p = end + 1;
	}
	if (show) {
		char more;

		printf("%s: Linux's seven fields, numbers: %s; then end of file: %s\n", path, yes(ok),
		       yes(*p == 0 && read(fd, &more, 1) == 0));
	}
	close(fd);
	return ok ? 0 : -1;
}

static void io_checks(void)
{
	struct io a, b;
	char buf[8192] = "";
	int fd = open("/tmp/proc_io", O_RDWR | O_CREAT | O_TRUNC, 0600);
	pid_t kid;

	unlink("/tmp/proc_io");
	write(fd, buf, sizeof buf);
	lseek(fd, 0, SEEK_SET);
	read_io("/proc/self/io", &a, 1);
	read(fd, buf, sizeof buf);
	write(fd, buf, 4096);
	read_io("/proc/self/io", &b, 0);
	printf("  after read(8192), write(4096): rchar +8192 at least %s, syscr +1 %s, "
	       "wchar +4096 %s, syscw +1 %s\n", yes(b.v[0] - a.v[0] >= 8192),
	       yes(b.v[2] - a.v[2] >= 1), yes(b.v[1] - a.v[1] >= 4096), yes(b.v[3] - a.v[3] >= 1));
	read_io("/proc/self/io", &a, 0);
	fflush(stdout);
	if ((kid = fork()) == 0) {
		for (int i = 0; i < 8; i++)
			pwrite(fd, buf, sizeof buf, 0);
		_exit(0);
	}
	waitpid(kid, NULL, 0);
	read_io("/proc/self/io", &b, 0);
	printf("  a reaped child's 64 KiB written count as ours: %s\n",
	       yes(b.v[1] - a.v[1] >= 65536 && b.v[3] - a.v[3] >= 8));
	close(fd);
}

static void wchan_checks(void)
{
	char path[64], buf[64];
	int p[2];
	pid_t kid;
	long n;

	n = slurp_file("/proc/self/wchan", buf, sizeof buf);
	printf("/proc/self/wchan (running): \"%s\" (%ld bytes, no newline)\n", buf, n);
	pipe(p);
	fflush(stdout);
	if ((kid = fork()) == 0) {
		char c;

		close(p[1]);
		read(p[0], &c, 1);	// sleeps in the pipe
		_exit(0);
	}
	close(p[0]);
	snprintf(path, sizeof path, "/proc/%d/stat", kid);
	for (long long end = now_ms() + 5000; now_ms() < end;) {	// until it sleeps
		char *s;

		if (slurp_file(path, buf, sizeof buf) > 0 && (s = strrchr(buf, ')')) && s[2] == 'S')
			break;
		usleep(1000);
	}
	snprintf(path, sizeof path, "/proc/%d/wchan", kid);
	slurp_file(path, buf, sizeof buf);
	printf("a child asleep in read: a function's name: %s\n",
	       yes(buf[0] && strcmp(buf, "0") && !strchr(buf, '\n')));
	close(p[1]);
	waitpid(kid, NULL, 0);
}

static void show_fdinfo(int fd)
{
	char path[64], buf[512], *line, *save;

	snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
	if (slurp_file(path, buf, sizeof buf) < 0) {
		printf("fdinfo/%d: %s\n", fd, ename(errno));
		return;
	}
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *tab = strchr(line, '\t');

		if (!tab || tab[-1] != ':')
			printf("  bad line \"%s\"\n", line);
		else if (!strncmp(line, "pos:", 4) || !strncmp(line, "flags:", 6))
			printf("  %s\n", line);
		else
			printf("  %.*s a number: %s\n", (int)(tab - line), line,
			       yes(tab[1] >= '0' && tab[1] <= '9'));
	}
}

static void fdinfo_checks(void)
{
	int fd = open("/tmp/proc_io2", O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	struct stat st;
	char path[64], buf[512], *ino;

	unlink("/tmp/proc_io2");
	write(fd, "0123456789", 10);
	lseek(fd, 3, SEEK_SET);
	printf("fdinfo of a file, O_RDWR|O_APPEND|O_CLOEXEC, at 3:\n");
	show_fdinfo(fd);
	fstat(fd, &st);
	snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
	slurp_file(path, buf, sizeof buf);
	ino = strstr(buf, "ino:\t");
	printf("  ino is fstat's: %s\n", yes(ino && strtoull(ino + 5, NULL, 10) == st.st_ino));
	close(fd);
	show_fdinfo(fd);
	printf("fdinfo of stdin lists as a file: %s\n",
	       yes(access("/proc/self/fdinfo/0", R_OK) == 0));
}

static void diskstats_checks(void)
{
	FILE *f = fopen("/proc/diskstats", "r");
	char line[512];
	int lines = 0, good = 0;

	while (f && fgets(line, sizeof line, f)) {
		unsigned major, minor;
		unsigned long long v[17];
		char name[64];
		int n = sscanf(line, "%u %u %63s %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu "
			       "%llu %llu %llu %llu %llu %llu %llu", &major, &minor, name, &v[0],
			       &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9],
			       &v[10], &v[11], &v[12], &v[13], &v[14], &v[15], &v[16]);

		lines++;
		good += n == 20;
	}
	printf("/proc/diskstats: %s; every line of 20 fields: %s\n", f ? "there" : ename(errno),
	       yes(lines && good == lines));
	if (f)
		fclose(f);
}

static long read_long(const char *path)
{
	char buf[64] = "", *end;
	long v;

	if (slurp_file(path, buf, sizeof buf) < 0)
		return -1;
	v = strtol(buf, &end, 10);
	return end > buf && !strcmp(end, "\n") ? v : -1;
}

static void write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	long r = fd < 0 ? -1 : write(fd, s, strlen(s));

	printf("  write \"%s\" to %s: %s\n", s, strrchr(path, '/') + 1,
	       r < 0 ? ename(errno) : "done");
	if (fd >= 0)
		close(fd);
}

static void vm_checks(void)
{
	static const char *const names[] = {
		"dirty_background_bytes", "dirty_background_ratio", "dirty_bytes",
		"dirty_expire_centisecs", "dirty_ratio", "dirty_writeback_centisecs",
		"max_map_count", "min_free_kbytes", "overcommit_kbytes", "overcommit_memory",
		"overcommit_ratio", "page-cluster", "swappiness", "vfs_cache_pressure",
	};
	char path[64];
	struct stat st;
	long ratio, kbytes;

	for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(path, sizeof path, "/proc/sys/vm/%s", names[i]);
		printf("/proc/sys/vm/%s: a number: %s\n", names[i], yes(read_long(path) >= 0));
	}
	printf("/proc/sys/vm/drop_caches: mode %o\n",
	       stat("/proc/sys/vm/drop_caches", &st) ? 0 : st.st_mode & 07777);
	ratio = read_long("/proc/sys/vm/overcommit_ratio");
	kbytes = read_long("/proc/sys/vm/overcommit_kbytes");
	write_str("/proc/sys/vm/overcommit_ratio", "-1x");
	write_str("/proc/sys/vm/overcommit_kbytes", "-5");
	write_str("/proc/sys/vm/overcommit_kbytes", "1024");
	printf("  then overcommit_ratio %ld, overcommit_kbytes %ld\n",
	       read_long("/proc/sys/vm/overcommit_ratio"),
	       read_long("/proc/sys/vm/overcommit_kbytes"));
	write_str("/proc/sys/vm/overcommit_ratio", "40");
	printf("  then overcommit_ratio %ld, overcommit_kbytes %ld\n",
	       read_long("/proc/sys/vm/overcommit_ratio"),
	       read_long("/proc/sys/vm/overcommit_kbytes"));
	snprintf(path, sizeof path, "%ld", ratio);	// as they were
	write_str("/proc/sys/vm/overcommit_ratio", path);
	if (kbytes > 0) {
		snprintf(path, sizeof path, "%ld", kbytes);
		write_str("/proc/sys/vm/overcommit_kbytes", path);
	}
}

static void reopen_checks(void)
{
	int pidfd = syscall(SYS_pidfd_open, getpid(), 0), ep = epoll_create1(0), again;
	char path[64];

	snprintf(path, sizeof path, "/proc/self/fd/%d", pidfd);
	again = open(path, O_RDONLY);
	printf("a pidfd opened again through /proc/self/fd: %s\n", yes(again >= 0));
	close(pidfd);
	TRY("  a pidfd still: pidfd_send_signal 0", syscall(SYS_pidfd_send_signal, again, 0, NULL, 0));
	close(again);
	snprintf(path, sizeof path, "/proc/self/fd/%d", ep);
	TRY("an epoll set opened again through /proc/self/fd", open(path, O_RDONLY));
	close(ep);
}

int main(void)
{
	io_checks();
	wchan_checks();
	fdinfo_checks();
	diskstats_checks();
	vm_checks();
	reopen_checks();
	return 0;
}
