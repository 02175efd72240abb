// statfs: each file system says what it is (TMPFS_MAGIC for /tmp and /dev/shm, PROC_SUPER_MAGIC
// for /proc, PIPEFS_MAGIC for a pipe), with pages of 4096 bytes and names of 255. A tmpfs
// mounted with mount(2) has the limits its options gave (size=, nr_inodes=, mode=) and says
// what is left of them; remount changes them; /proc/mounts lists it; umount takes it and all
// it holds away, EBUSY while something in it is in use; and Linux's errors of all three.
// host: root (mount(2) of proc needs the host's own root)
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define TMPFS_MAGIC 0x01021994
#define PROC_SUPER_MAGIC 0x9fa0
#define PIPEFS_MAGIC 0x50495045
#define ST_VALID 0x20

static char dir[] = "/tmp/statfs.XXXXXX";

#define at(name) path_in(dir, name)

static const char *kind(unsigned long type)
{
	switch (type) {
	case TMPFS_MAGIC: return "tmpfs";
	case PROC_SUPER_MAGIC: return "proc";
	case PIPEFS_MAGIC: return "pipefs";
	default: return "other";
	}
}

static void show(const char *what, const char *path)
{
	struct statfs s;

	if (statfs(path, &s) < 0) {
		printf("%s: %s\n", what, ename(errno));
		return;
	}
	printf("%s: %s, bsize %ld, frsize %ld, namelen %ld, ST_VALID %s\n", what, kind(s.f_type),
	       (long)s.f_bsize, (long)s.f_frsize, (long)s.f_namelen, yes(s.f_flags & ST_VALID));
}

// The line of /proc/mounts for our mount point, without the mount point (the paths differ).
static void mounts_line(const char *path)
{
	char buf[8192], *line, *save;
	int fd = open("/proc/mounts", O_RDONLY), n = 0, k;

	while (fd >= 0 && (k = read(fd, buf + n, sizeof(buf) - 1 - n)) > 0)
		n += k;
	buf[n] = 0;
	close(fd);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char dev[64], mp[256], type[32], opts[256];

		if (sscanf(line, "%63s %255s %31s %255s", dev, mp, type, opts) == 4 &&
		    !strcmp(mp, path)) {
			// Linux 64-bit adds inode64 to a tmpfs's options; i386 does not.
			char *i64 = strstr(opts, ",inode64");
			if (i64)
				memmove(i64, i64 + 8, strlen(i64 + 8) + 1);
			printf("  /proc/mounts: %s %s %s\n", dev, type, opts);
			return;
		}
	}
	printf("  /proc/mounts: no line\n");
}

static void standard(void)
{
	struct statfs s;
	int p[2];

	show("/tmp", "/tmp");
	show("/proc", "/proc");
	show("/proc/self", "/proc/self");
	show("/dev/shm", "/dev/shm");
	pipe(p);
	fstatfs(p[0], &s);
	printf("a pipe: %s, bsize %ld, namelen %ld\n", kind(s.f_type), (long)s.f_bsize,
	       (long)s.f_namelen);
	close(p[0]);
	close(p[1]);
	TRY("statfs of nothing", statfs("/tmp/statfs.none", &s));
	TRY("statfs to a bad buffer", syscall(SYS_statfs, "/tmp", 8));
	TRY("fstatfs of a bad descriptor", fstatfs(99, &s));
	char big[128];
	TRY("statfs64 told 84 bytes", syscall(SYS_statfs64, "/tmp", 84, big));
	TRY("statfs64 told 64 bytes", syscall(SYS_statfs64, "/tmp", 64, big));
	TRY("fstatfs64 told 88 bytes", syscall(SYS_fstatfs64, 0, 88, big));
}

static void tmpfs(void)
{
	struct statfs s, s2;
	struct stat st;
	char m[64], page[4096];
	int fd;

	strcpy(m, at("m"));
	mkdir(m, 0755);
	TRY("mount tmpfs size=1m,nr_inodes=100,mode=750",
	    mount("tmpfs", m, "tmpfs", 0, "size=1m,nr_inodes=100,mode=750"));
	statfs(m, &s);
	printf("  %s, blocks %ld, free %ld, files %ld, free %ld\n", kind(s.f_type),
	       (long)s.f_blocks, (long)s.f_bfree, (long)s.f_files, (long)s.f_ffree);
	stat(m, &st);
	printf("  its root: mode %o, a new device: %s\n", st.st_mode & 07777,
	       yes(stat(dir, (struct stat *)page) == 0 && st.st_dev != ((struct stat *)page)->st_dev));
	mounts_line(m);
	fd = open(path_in(m, "file"), O_RDWR | O_CREAT, 0600);
	memset(page, 'x', sizeof(page));
	for (int i = 0; i < 10; i++)
		write(fd, page, sizeof(page));
	statfs(m, &s2);
	printf("  10 pages written: fewer free blocks: %s, one inode fewer: %s\n",
	       yes(s2.f_bfree <= s.f_bfree - 10), yes(s2.f_ffree == s.f_ffree - 1));
	int n = 0, r;
	while ((r = write(fd, page, sizeof(page))) == (int)sizeof(page))
		n++;
	printf("  full after about 1 MiB: %s, then %s\n", yes(n > 230 && n < 250),
	       r < 0 ? ename(errno) : "a short write");
	TRY("  link into /tmp", link(path_in(m, "file"), at("link")));
	TRY("  rename into /tmp", rename(path_in(m, "file"), at("moved")));
	TRY("  umount while a file is open", umount(m));
	close(fd);
	chdir(m);
	TRY("  umount while it is a working directory", umount(m));
	chdir("/");
	TRY("  rmdir of the mount point", rmdir(m));
	TRY("  remount size=2m", mount("tmpfs", m, "tmpfs", MS_REMOUNT, "size=2m"));
	statfs(m, &s);
	printf("  blocks %ld\n", (long)s.f_blocks);
	TRY("  remount size=4k, less than used", mount("tmpfs", m, "tmpfs", MS_REMOUNT, "size=4k"));
	TRY("  umount", umount(m));
	printf("  the file went with it: %s\n", access(path_in(m, "file"), F_OK) ? ename(errno) : "no");
	show("  the mount point again", m);
	TRY("  umount again", umount(m));

	// Mounts inside mounts go with a lazy umount of the outer one.
	mount("tmpfs", m, "tmpfs", 0, NULL);
	char in[80];
	strcpy(in, path_in(m, "in"));
	mkdir(in, 0755);
	TRY("mount proc inside a tmpfs", mount("proc", in, "proc", 0, NULL));
	show("  there", in);
	mounts_line(in);
	TRY("  umount the outer one", umount(m));
	TRY("  umount2 MNT_DETACH", umount2(m, MNT_DETACH));
	show("  the mount point after", m);
	rmdir(m);
}

static void errors(void)
{
	char m[64];

	strcpy(m, at("e"));
	mkdir(m, 0755);
	TRY("mount of an unknown type", mount("x", m, "nofs", 0, NULL));
	TRY("mount without a type", mount("x", m, NULL, 0, NULL));
	TRY("mount tmpfs, unknown option", mount("tmpfs", m, "tmpfs", 0, "colour=blue"));
	TRY("mount tmpfs, bad size", mount("tmpfs", m, "tmpfs", 0, "size=lots"));
	TRY("mount on nothing", mount("tmpfs", at("none"), "tmpfs", 0, NULL));
	close(open(at("f"), O_CREAT | O_WRONLY, 0600));
	TRY("mount on a file", mount("tmpfs", at("f"), "tmpfs", 0, NULL));
	TRY("remount of what is not mounted", mount("tmpfs", m, "tmpfs", MS_REMOUNT, NULL));
	TRY("umount of what is not mounted", umount(m));
	TRY("umount of nothing", umount(at("none")));
	TRY("umount2 with a bad flag", umount2(m, 0x100));
	TRY("umount2 MNT_EXPIRE|MNT_DETACH", umount2("/dev/shm", MNT_EXPIRE | MNT_DETACH));
	pid_t pid = fork();
	if (pid == 0) {
		setuid(65534);
		TRY("nobody: mount", mount("tmpfs", m, "tmpfs", 0, NULL));
		TRY("nobody: umount", umount("/dev/shm"));
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	unlink(at("f"));
	rmdir(m);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	mkdtemp(dir);
	chmod(dir, 0755);
	standard();
	tmpfs();
	errors();
	unlink(at("link"));
	TRY("rmdir", rmdir(dir));
	return 0;
}
