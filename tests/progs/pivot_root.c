/*
 * pivot_root: Linux's checks in their order (EPERM for an ordinary user,
 * ENOENT and ENOTDIR for the paths, EBUSY for a new root or put_old on the
 * root's own mount, EINVAL for a root or new root that is not the root of
 * a mount, and for a put_old not under the new root), then a real pivot:
 * in a child chrooted into a tmpfs A, a tmpfs B mounted on /new becomes
 * the root and A goes on /new/old, the child's root and working directory
 * move with it, and a lazy umount of /old takes A away.
 *
 * Everything happens under /tmp, private to the host side's mount
 * namespace, and the root of the host is never pivoted: the child is
 * chrooted first (the root file system itself cannot pivot on shmos, as an
 * initramfs's rootfs cannot on Linux, while a host's root can).
 */
// host: uids (its ordinary user's line: setuid to nobody)
#define _GNU_SOURCE
#include "check.h"
#include <dirent.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define DIR0	"/tmp/pivot_root"

static long pivot(const char *new, const char *old)
{
	return syscall(SYS_pivot_root, new, old);
}

static void touch(const char *path)
{
	close(open(path, O_CREAT | O_WRONLY, 0644));
}

/* The names in a directory, sorted, on one line. */
static void show_dir(const char *what, const char *path)
{
	struct dirent **names;
	int n = scandir(path, &names, NULL, alphasort);

	printf("%s:", what);
	for (int i = 0; i < n; i++) {
		if (strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, ".."))
			printf(" %s", names[i]->d_name);
		free(names[i]);
	}
	printf(n < 0 ? " %s\n" : "\n", n < 0 ? ename(errno) : "");
	if (n >= 0)
		free(names);
}

static void run_child(void (*fn)(void))
{
	pid_t pid;

	fflush(stdout);
	if ((pid = fork()) == 0) {
		fn();
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
}

static void as_nobody(void)
{
	if (setuid(65534) == 0)
		TRY("nobody", pivot(DIR0 "/a", DIR0 "/a"));
}

/* In A (a tmpfs), chrooted: B on /new, C on /c. */
static void in_a(void)
{
	char cwd[64];

	if (chroot(DIR0 "/a") || chdir("/"))
		return;
	mkdir("/new", 0755);
	mkdir("/c", 0755);
	mkdir("/elsewhere", 0755);
	touch("/marker");
	TRY("mount B", mount("B", "/new", "tmpfs", 0, NULL));
	TRY("mount C", mount("C", "/c", "tmpfs", 0, NULL));
	mkdir("/new/old", 0755);
	mkdir("/new/sub", 0755);
	touch("/new/hello");
	TRY("new root on the root's mount", pivot("/", "/new/old"));
	TRY("put_old on the root's mount", pivot("/new", "/elsewhere"));
	TRY("new root not a mount's root", pivot("/new/sub", "/new/old"));
	TRY("put_old not under the new root", pivot("/new", "/c"));
	TRY("pivot", pivot("/new", "/new/old"));
	printf("cwd: %s\n", getcwd(cwd, sizeof(cwd)) ? cwd : ename(errno));
	show_dir("/", "/");
	show_dir(".", ".");
	show_dir("/old", "/old");
	show_dir("/old/new", "/old/new");
	printf("/old/c is C: %s\n", yes(access("/old/c", F_OK) == 0));
	TRY("umount -l /old", umount2("/old", MNT_DETACH));
	show_dir("/old after", "/old");
}

/*
 * The idiom of container runtimes: pivot_root(".", ".") in the new root,
 * which puts the old root on top of it, then a lazy umount of "." takes
 * the old root off.
 */
static void dot_dot(void)
{
	char cwd[64];

	if (chroot(DIR0 "/a") || chdir("/"))
		return;
	mkdir("/new", 0755);
	TRY("mount B", mount("B", "/new", "tmpfs", 0, NULL));
	touch("/new/b_file");
	touch("/a_file");
	chdir("/new");
	TRY("pivot_root . .", pivot(".", "."));
	printf("cwd: %s\n", getcwd(cwd, sizeof(cwd)) ? cwd : ename(errno));
	TRY("umount -l .", umount2(".", MNT_DETACH));
	chdir("/");
	show_dir("/ then", "/");
}

/* Chrooted into a plain directory: the root is no mount's root. */
static void in_plain(void)
{
	if (chroot(DIR0 "/plain") || chdir("/"))
		return;
	mkdir("/m", 0755);
	TRY("mount M", mount("M", "/m", "tmpfs", 0, NULL));
	mkdir("/m/old", 0755);
	TRY("root not a mount's root", pivot("/m", "/m/old"));
	umount("/m");
}

int main(void)
{
	mkdir(DIR0, 0755);
	mkdir(DIR0 "/a", 0755);
	mkdir(DIR0 "/plain", 0755);
	touch(DIR0 "/file");
	run_child(as_nobody);
	TRY("no such new root", pivot(DIR0 "/none", DIR0 "/a"));
	TRY("new root a file", pivot(DIR0 "/file", DIR0 "/a"));
	TRY("no such put_old", pivot(DIR0 "/a", DIR0 "/none"));
	TRY("put_old a file", pivot(DIR0 "/a", DIR0 "/file"));
	TRY("mount A", mount("A", DIR0 "/a", "tmpfs", 0, NULL));
	run_child(in_a);
	/* B is where A was, and A is gone */
	show_dir("a from outside", DIR0 "/a");
	TRY("umount B", umount(DIR0 "/a"));
	TRY("mount A again", mount("A", DIR0 "/a", "tmpfs", 0, NULL));
	run_child(dot_dot);
	show_dir("a from outside", DIR0 "/a");
	TRY("umount B", umount(DIR0 "/a"));
	run_child(in_plain);
	unlink(DIR0 "/file");
	rmdir(DIR0 "/plain/m");
	rmdir(DIR0 "/plain");
	rmdir(DIR0 "/a");
	TRY("all gone", rmdir(DIR0));
	return 0;
}
