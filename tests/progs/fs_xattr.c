// host: uids
// fs_xattr: the extended-attribute calls on files that have no attribute set: tmpfs says
// ENODATA, a file system that keeps none (Linux's ramfs; system.* names on shmos, which has
// no POSIX ACLs) EOPNOTSUPP: both say "no such attribute", which is all this test asks of
// them (xattr_tmpfs sets and reads attributes). What
// comes before that must be Linux's, in its order: the path or descriptor, setxattr's
// flags, the name (1 to 255 bytes), the value's size and address, trusted.* for root only,
// user.* on regular files and directories only. An empty list is 0 bytes. coreutils' ls -l
// asks every file for its ACL this way.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "check.h"

// ENODATA and EOPNOTSUPP both mean the file has no such attribute.
static void none(const char *what, long r)
{
	if (r < 0 && (errno == ENODATA || errno == EOPNOTSUPP))
		printf("%s: no such attribute\n", what);
	else
		show_result(what, r);
}

static char big[65537];

int main(void)
{
	char buf[300], name[300];
	char *volatile bad = (char *)16;	// unmapped: EFAULT
	int fd = open("fs_xattr.file", O_RDWR | O_CREAT | O_TRUNC, 0644);

	setvbuf(stdout, NULL, _IONBF, 0);
	mkdir("fs_xattr.dir", 0755);
	symlink("fs_xattr.file", "fs_xattr.link");

	none("getxattr system.posix_acl_access", getxattr("fs_xattr.file",
							   "system.posix_acl_access", buf, sizeof(buf)));
	none("lgetxattr on the link", lgetxattr("fs_xattr.link", "system.posix_acl_access",
						 buf, sizeof(buf)));
	none("fgetxattr user.x", fgetxattr(fd, "user.x", buf, sizeof(buf)));
	none("getxattr user.x, size 0", getxattr("fs_xattr.dir", "user.x", NULL, 0));
	TRY("listxattr", listxattr("fs_xattr.file", buf, sizeof(buf)));
	TRY("llistxattr, size 0", llistxattr("fs_xattr.link", NULL, 0));
	TRY("flistxattr", flistxattr(fd, buf, sizeof(buf)));

	TRY("getxattr of a missing file", getxattr("fs_xattr.none", "user.x", buf, 10));
	TRY("getxattr through a file", getxattr("fs_xattr.file/x", "user.x", buf, 10));
	TRY("fgetxattr of a bad descriptor", fgetxattr(99, "user.x", buf, 10));
	TRY("flistxattr of a bad descriptor", flistxattr(-1, buf, 10));
	TRY("fremovexattr of a bad descriptor", fremovexattr(99, "user.x"));
	TRY("getxattr, empty name", getxattr("fs_xattr.file", "", buf, 10));
	memset(name, 'a', sizeof(name) - 1);
	memcpy(name, "user.", 5);
	name[256] = 0;
	TRY("getxattr, 256-byte name", getxattr("fs_xattr.file", name, buf, 10));
	TRY("getxattr, name at a bad address", getxattr("fs_xattr.file", bad, buf, 10));
	TRY("setxattr, flags 4", setxattr("fs_xattr.file", "user.x", "v", 1, 4));
	TRY("setxattr, empty name and flags 4", setxattr("fs_xattr.file", "", "v", 1, 4));
	TRY("setxattr, 65537 bytes", setxattr("fs_xattr.file", "user.x", big, sizeof(big), 0));
	TRY("setxattr, value at a bad address", setxattr("fs_xattr.file", "user.x",
							  bad, 8, 0));
	TRY("lsetxattr user.x on the link", lsetxattr("fs_xattr.link", "user.x", "v", 1, 0));
	TRY("lremovexattr user.x on the link", lremovexattr("fs_xattr.link", "user.x"));
	none("lgetxattr user.x on the link", lgetxattr("fs_xattr.link", "user.x", buf, 10));

	if (fork() == 0) {
		setuid(65534);
		none("nobody: getxattr trusted.x", getxattr("fs_xattr.file", "trusted.x", buf, 10));
		TRY("nobody: setxattr trusted.x", setxattr("fs_xattr.file", "trusted.x", "v", 1, 0));
		TRY("nobody: setxattr user.x on root's file", setxattr("fs_xattr.file", "user.x",
								       "v", 1, 0));
		TRY("nobody: removexattr user.x on root's file",
		    removexattr("fs_xattr.file", "user.x"));
		_exit(0);
	}
	wait(NULL);

	close(fd);
	unlink("fs_xattr.link");
	unlink("fs_xattr.file");
	rmdir("fs_xattr.dir");
	return 0;
}
