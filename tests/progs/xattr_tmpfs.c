// host: uids
// xattr_tmpfs: tmpfs keeps extended attributes (Linux's CONFIG_TMPFS_XATTR): user.*,
// trusted.* and security.* names on files, directories (user.* too) and symlinks
// (trusted.*, security.*), and on memfds. XATTR_CREATE of one that is there is EEXIST,
// XATTR_REPLACE, get and remove of one that is not ENODATA; size 0 asks for the value's
// or the list's size, a smaller buffer is ERANGE; a value may be empty; other prefixes are
// EOPNOTSUPP. trusted.* is listed for root only. (fs_xattr has the checks before these.)
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>

#include "check.h"

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names listxattr gives, sorted (Linux's order is its tree's or hash's). */
static void show_list(const char *what, long n, char *buf)
{
	char *names[200];
	int k = 0;

	show_result(what, n);
	for (long i = 0; i < n && k < 200; i += strlen(buf + i) + 1)
		names[k++] = buf + i;
	qsort(names, k, sizeof(names[0]), cmp);
	for (int i = 0; i < k; i++)
		printf("  %s\n", names[i]);
}

static void get(const char *what, const char *path, const char *name, size_t size)
{
	char buf[4096] = "";
	long n = getxattr(path, name, size ? buf : NULL, size);

	show_result(what, n);
	if (n > 0 && size)
		printf("  \"%.*s\"\n", n > 40 ? 40 : (int)n, buf);
}

int main(void)
{
	char buf[4096], big[3000], name[32];
	int fd = open("xattr.file", O_RDWR | O_CREAT | O_TRUNC, 0644), mfd;

	setvbuf(stdout, NULL, _IONBF, 0);
	mkdir("xattr.dir", 0777);
	symlink("xattr.file", "xattr.link");
	get("get user.a, none yet", "xattr.file", "user.a", 100);
	TRY("set user.a", setxattr("xattr.file", "user.a", "hello", 5, 0));
	get("get user.a", "xattr.file", "user.a", 100);
	get("get user.a, size 0", "xattr.file", "user.a", 0);
	get("get user.a, size 3", "xattr.file", "user.a", 3);
	TRY("set user.a, CREATE", setxattr("xattr.file", "user.a", "x", 1, XATTR_CREATE));
	TRY("set user.b, REPLACE", setxattr("xattr.file", "user.b", "x", 1, XATTR_REPLACE));
	TRY("set user.a, REPLACE", setxattr("xattr.file", "user.a", "bye", 3, XATTR_REPLACE));
	get("get user.a", "xattr.file", "user.a", 100);
	TRY("set user.empty, empty", setxattr("xattr.file", "user.empty", "", 0, XATTR_CREATE));
	get("get user.empty", "xattr.file", "user.empty", 100);
	TRY("set trusted.t", setxattr("xattr.file", "trusted.t", "root's", 6, 0));
	TRY("set security.s", fsetxattr(fd, "security.s", "sec", 3, 0));
	memset(big, 'b', sizeof(big));
	TRY("set user.big, 3000 bytes", setxattr("xattr.file", "user.big", big, sizeof(big), 0));
	get("get user.big", "xattr.file", "user.big", 4096);
	TRY("set foo.x", setxattr("xattr.file", "foo.x", "v", 1, 0));
	get("get foo.x", "xattr.file", "foo.x", 100);
	TRY("list, size 0", listxattr("xattr.file", NULL, 0));
	TRY("list, size 10", listxattr("xattr.file", buf, 10));
	show_list("list", listxattr("xattr.file", buf, sizeof(buf)), buf);
	show_list("llist of the link (the link's own)", llistxattr("xattr.link", buf, sizeof(buf)),
		  buf);
	show_list("list through the link", listxattr("xattr.link", buf, sizeof(buf)), buf);
	TRY("remove user.a", removexattr("xattr.file", "user.a"));
	TRY("remove user.a again", removexattr("xattr.file", "user.a"));
	get("get user.a, removed", "xattr.file", "user.a", 100);
	TRY("fremove user.big", fremovexattr(fd, "user.big"));

	TRY("lset trusted.l on the link", lsetxattr("xattr.link", "trusted.l", "L", 1, 0));
	show_list("llist of the link", llistxattr("xattr.link", buf, sizeof(buf)), buf);
	TRY("set user.d on the directory", setxattr("xattr.dir", "user.d", "dir", 3, 0));
	get("get user.d", "xattr.dir", "user.d", 100);
	for (int i = 0; i < 100; i++) {
		snprintf(name, sizeof(name), "user.many%d", i);
		if (setxattr("xattr.dir", name, "x", 1, 0))
			printf("set %s: %s\n", name, ename(errno));
	}
	TRY("list of the directory, size 0", listxattr("xattr.dir", NULL, 0));

	TRY("memfd", mfd = memfd_create("x", 0));
	TRY("fset user.m on the memfd", fsetxattr(mfd, "user.m", "mem", 3, 0));
	show_list("flist of the memfd", flistxattr(mfd, buf, sizeof(buf)), buf);

	if (fork() == 0) {
		setuid(65534);
		show_list("nobody: list (no trusted.*)", listxattr("xattr.file", buf, sizeof(buf)),
			  buf);
		get("nobody: get user.empty", "xattr.file", "user.empty", 100);
		TRY("nobody: set user.n on the 0777 directory",
		    setxattr("xattr.dir", "user.n", "n", 1, 0));
		_exit(0);
	}
	wait(NULL);
	unlink("xattr.link");
	unlink("xattr.file");
	for (int i = 0; i < 100; i++) {
		snprintf(name, sizeof(name), "user.many%d", i);
		removexattr("xattr.dir", name);
	}
	TRY("remove user.d", removexattr("xattr.dir", "user.d"));
	TRY("remove user.n", removexattr("xattr.dir", "user.n"));
	TRY("list of the directory", listxattr("xattr.dir", buf, sizeof(buf)));
	rmdir("xattr.dir");
	return 0;
}
