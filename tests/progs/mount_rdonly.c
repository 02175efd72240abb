// mount_rdonly: a tmpfs remounted read-only (mount -o remount,ro, as LTP's .needs_rofs does)
// keeps its files readable, and what would change them is EROFS: open for writing, a new
// file, mkdir (EEXIST first for a name that is there), unlink, rmdir, rename, link,
// symlink, chmod, chown, utimes, truncate, access(W_OK). statvfs says ST_RDONLY and
// /proc/mounts "ro". Remounted read-write, it is written again. A new mount may be
// read-only from the start (LTP's mkdir03, rmdir02, unlink09 and the other EROFS cases).
// host: root (mount(2) of a tmpfs)
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/time.h>
#include <unistd.h>

#include "check.h"

static char dir[] = "/tmp/mount_rdonly.XXXXXX";

static void ro_line(void)
{
	char buf[65536], *p;

	slurp_file("/proc/mounts", buf, sizeof(buf));
	p = strstr(buf, dir);
	p = p ? strstr(p, " tmpfs ") : NULL;
	printf("  /proc/mounts: %.3s\n", p ? p + 7 : "none");
}

int main(void)
{
	struct statvfs sv;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (!mkdtemp(dir) || chdir(dir) || mkdir("m", 0755) ||
	    mount("tmpfs", "m", "tmpfs", 0, "size=1m")) {
		printf("setup: %s\n", ename(errno));
		return 1;
	}
	close(open("m/file", O_CREAT | O_WRONLY, 0644));
	mkdir("m/dir", 0755);
	symlink("file", "m/link");
	TRY("remount ro", mount(NULL, "m", "tmpfs", MS_REMOUNT | MS_RDONLY, NULL));
	statvfs("m", &sv);
	printf("  ST_RDONLY: %s\n", yes(sv.f_flag & ST_RDONLY));
	ro_line();
	TRY("open O_RDONLY", close(open("m/file", O_RDONLY)));
	TRY("open O_WRONLY", open("m/file", O_WRONLY));
	TRY("open O_RDWR through the symlink", open("m/link", O_RDWR));
	TRY("create", open("m/new", O_CREAT | O_WRONLY, 0644));
	TRY("mkdir new", mkdir("m/d2", 0755));
	TRY("mkdir existing", mkdir("m/dir", 0755));
	TRY("unlink", unlink("m/file"));
	TRY("rmdir", rmdir("m/dir"));
	TRY("rename", rename("m/file", "m/file2"));
	TRY("link", link("m/file", "m/file3"));
	TRY("symlink", symlink("file", "m/link2"));
	TRY("chmod", chmod("m/file", 0600));
	TRY("chown", chown("m/file", 1, 1));
	TRY("utimes", utimes("m/file", NULL));
	TRY("truncate", truncate("m/file", 0));
	TRY("access W_OK", access("m/file", W_OK));
	TRY("access R_OK", access("m/file", R_OK));
	TRY("remount rw", mount(NULL, "m", "tmpfs", MS_REMOUNT, NULL));
	ro_line();
	TRY("open O_WRONLY", close(open("m/file", O_WRONLY)));
	TRY("unlink", unlink("m/file"));
	TRY("umount", umount("m"));
	TRY("new mount ro", mount("tmpfs", "m", "tmpfs", MS_RDONLY, NULL));
	TRY("create", open("m/new", O_CREAT | O_WRONLY, 0644));
	TRY("umount", umount("m"));
	rmdir("m");
	chdir("/");
	TRY("remove everything", rmdir(dir));
	return 0;
}
