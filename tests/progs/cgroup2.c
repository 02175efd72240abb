// cgroup2: the control group v2 file system. A mount shows the one tree of groups (statfs
// says CGROUP2_SUPER_MAGIC, /proc/mounts and /proc/filesystems list it); mkdir makes a group
// and rmdir removes it, EBUSY while it has processes or groups in it; writing a pid to a
// group's cgroup.procs moves that process ("0": the writer), reading it lists them, and a
// fork's child starts in its parent's group; /proc/PID/cgroup says where a process is. The
// errors of Linux: EINVAL for what is not a pid or a controller's name, ESRCH, ENOENT for a
// controller the parent does not give, EINVAL to write a read-only file (root may open
// it), EACCES to create a file, EPERM to unlink one, ENODEV to read a removed group's file
// that is still open.
// host: root (the host's real cgroup2 tree: a group is made in it and removed)
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define CGROUP2_SUPER_MAGIC 0x63677270

static char dir[] = "/tmp/cgroup2.XXXXXX";
static char group[64];	// the group's name: it has our pid, which the output never shows

// Writes s to file: "0", or the errno's name.
static const char *put(const char *file, const char *s)
{
	return write_string(file, s);
}

static const char *put_pid(const char *file, pid_t pid)
{
	char s[16];

	snprintf(s, sizeof(s), "%d\n", pid);
	return put(file, s);
}

// Is pid a line of file?
static int lists(const char *file, pid_t pid)
{
	char buf[65536], want[16], *line, *save;

	if (slurp_file(file, buf, sizeof(buf)) < 0)
		return 0;
	snprintf(want, sizeof(want), "%d", pid);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (!strcmp(line, want))
			return 1;
	return 0;
}

// /proc/PID/cgroup's line, our group's name shown as GROUP.
static void show_cgroup(const char *who, pid_t pid)
{
	char path[64], buf[4096], *line, *save, *g;

	snprintf(path, sizeof(path), "/proc/%d/cgroup", pid);
	if (slurp_file(path, buf, sizeof(buf)) < 0) {
		printf("%s: %s\n", who, ename(errno));
		return;
	}
	// A Linux with version 1 hierarchies too has a line for each: the unified one is "0::".
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "0::/", 4))
			continue;
		if ((g = strstr(line, group)) != NULL) {
			memmove(g + 5, g + strlen(group), strlen(g + strlen(group)) + 1);
			memcpy(g, "GROUP", 5);
		}
		printf("%s: %s\n", who, strstr(line, "GROUP") ? line : "0::/... (not GROUP)");
		return;
	}
	printf("%s: no 0:: line\n", who);
}

#define at(name) path_in(dir, name)

int main(void)
{
	char g[128], sub[160], procs[160], file[256], buf[8192], other[] = "/tmp/cgroup2o.XXXXXX";
	int ctl[2], back[2], fd;
	struct statfs s;
	struct stat st;
	pid_t child;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (!mkdtemp(dir) || !mkdtemp(other))
		return 1;
	TRY("mount cgroup2", mount("none", dir, "cgroup2", 0, NULL));
	TRY("mount cgroup2 with an unknown option", mount("none", other, "cgroup2", 0, "nosuch"));
	printf("statfs: CGROUP2_SUPER_MAGIC %s\n",
	       yes(statfs(dir, &s) == 0 && s.f_type == CGROUP2_SUPER_MAGIC));
	slurp_file("/proc/filesystems", buf, sizeof(buf));
	printf("/proc/filesystems lists cgroup2: %s\n", yes(strstr(buf, "nodev\tcgroup2\n") != NULL));
	slurp_file("/proc/mounts", buf, sizeof(buf));
	snprintf(file, sizeof(file), "none %s cgroup2 rw,relatime 0 0\n", dir);
	printf("/proc/mounts: none DIR cgroup2 rw,relatime 0 0: %s\n", yes(strstr(buf, file) != NULL));
	printf("the root lists us in cgroup.procs: %s\n", yes(lists(at("cgroup.procs"), getpid())));

	snprintf(group, sizeof(group), "shmos-test-%d", getpid());
	snprintf(g, sizeof(g), "%s/%s", dir, group);
	snprintf(sub, sizeof(sub), "%s/sub", g);
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", g);
	TRY("mkdir GROUP", mkdir(g, 0755));
	TRY("mkdir GROUP again", mkdir(g, 0755));
	TRY("mkdir GROUP/cgroup.procs", mkdir(path_in(g, "cgroup.procs"), 0755));
	TRY("creat GROUP/newfile", creat(path_in(g, "newfile"), 0644));
	slurp_file(procs, buf, sizeof(buf));
	printf("GROUP/cgroup.procs: \"%s\"\n", buf);
	slurp_file(path_in(g, "cgroup.subtree_control"), buf, sizeof(buf));
	printf("GROUP/cgroup.subtree_control: \"%s\"\n", strtok(buf, "\n") ? buf : "");
	printf("write \"memory\" to the read-only cgroup.controllers: %s\n",
	       put(path_in(g, "cgroup.controllers"), "memory"));
	printf("write \"abc\" to cgroup.procs: %s\n", put(procs, "abc"));
	printf("write \"-5\" to cgroup.procs: %s\n", put(procs, "-5"));
	printf("write \"999999999\" to cgroup.procs: %s\n", put(procs, "999999999"));
	printf("write \"+nosuch\" to cgroup.subtree_control: %s\n",
	       put(path_in(g, "cgroup.subtree_control"), "+nosuch"));
	printf("write \"memory\" to cgroup.subtree_control: %s\n",
	       put(path_in(g, "cgroup.subtree_control"), "memory"));
	printf("write \"+memory\" to cgroup.subtree_control (the root gives none): %s\n",
	       put(path_in(g, "cgroup.subtree_control"), "+memory"));

	// A child in the group; its own child starts there too.
	if (pipe(ctl) < 0 || pipe(back) < 0)
		return 1;
	child = fork();
	if (child == 0) {
		pid_t grandchild;

		read(ctl[0], buf, 1);
		grandchild = fork();
		if (grandchild == 0) {
			show_cgroup("the child's child", getpid());
			_exit(0);
		}
		waitpid(grandchild, NULL, 0);
		write(back[1], "x", 1);
		read(ctl[0], buf, 1);
		_exit(0);
	}
	printf("move the child into GROUP: %s\n", put_pid(procs, child));
	printf("GROUP lists the child: %s\n", yes(lists(procs, child)));
	printf("the root lists the child: %s\n", yes(lists(at("cgroup.procs"), child)));
	show_cgroup("the child", child);
	write(ctl[1], "x", 1);
	read(back[0], buf, 1);		// the child's child has said where it is
	TRY("rmdir GROUP with a process", rmdir(g));
	write(ctl[1], "x", 1);
	waitpid(child, NULL, 0);
	printf("GROUP lists the child once it has exited: %s\n", yes(lists(procs, child)));

	printf("write \"0\" to GROUP/cgroup.procs: %s\n", put(procs, "0"));
	show_cgroup("we", getpid());
	printf("back to the root: %s\n", put_pid(at("cgroup.procs"), getpid()));
	show_cgroup("we", getpid());

	TRY("mkdir GROUP/sub", mkdir(sub, 0700));
	printf("GROUP/sub's mode: %o\n", stat(sub, &st) == 0 ? st.st_mode : 0);
	TRY("rmdir GROUP with a group in it", rmdir(g));
	TRY("rmdir GROUP/sub", rmdir(sub));
	TRY("unlink GROUP/cgroup.procs", unlink(procs));
	TRY("rmdir GROUP/cgroup.procs", rmdir(procs));
	fd = open(procs, O_RDONLY);
	TRY("rmdir GROUP", rmdir(g));
	errno = 0;
	show_result("read GROUP/cgroup.procs, open since before", read(fd, buf, sizeof(buf)));
	close(fd);
	TRY("stat GROUP", stat(g, &(struct stat){0}));
	TRY("umount", umount(dir));
	rmdir(dir);
	rmdir(other);
	return 0;
}
