// fs_symlink_loop: how many symbolic links one lookup follows. Linux follows at most 40
// (MAXSYMLINKS) in a whole lookup, however they nest, and fails with ELOOP at the 41st:
// chains, links in the middle of a path and at its end count alike. The symlink bomb
// of issue 13 (defect 2: five levels of links, each naming the level below 680 times)
// must fail with ELOOP at once, not walk 680^5 names. Everything is made under the
// working directory, with relative names.
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

static char name[PATH_MAX];

static const char *nm(const char *fmt, int i)
{
	snprintf(name, sizeof(name), fmt, i);
	return name;
}

// stat, or lstat: the kind of what path names, or the error.
static void show(const char *what, const char *path, int follow)
{
	struct stat st;
	int r = follow ? stat(path, &st) : lstat(path, &st);

	if (r < 0)
		printf("%s: %s\n", what, ename(errno));
	else
		printf("%s: %s\n", what, S_ISLNK(st.st_mode) ? "symlink" :
		       S_ISDIR(st.st_mode) ? "dir" : S_ISREG(st.st_mode) ? "file" : "other");
}

static void opens(const char *what, const char *path, int flags)
{
	int fd = open(path, flags, 0644);

	printf("%s: %s\n", what, fd >= 0 ? "ok" : ename(errno));
	if (fd >= 0)
		close(fd);
}

// c1 -> c2 -> ... -> c41 -> "file": stat of c(42-n) follows n links.
static void chain(void)
{
	printf("-- a chain of links, each naming the next\n");
	close(open("file", O_WRONLY | O_CREAT, 0644));
	for (int i = 1; i <= 41; i++) {
		char target[16];

		snprintf(target, sizeof(target), i < 41 ? "c%d" : "file", i + 1);
		symlink(target, nm("c%d", i));
	}
	show("stat, 1 link", "c41", 1);
	show("stat, 39 links", "c3", 1);
	show("stat, 40 links", "c2", 1);
	show("stat, 41 links", "c1", 1);
	show("lstat, 41 links away", "c1", 0);
	opens("open, 40 links", "c2", O_RDONLY);
	opens("open, 41 links", "c1", O_RDONLY);
	opens("open O_CREAT, 40 links", "c2", O_WRONLY | O_CREAT);
	opens("open O_CREAT, 41 links", "c1", O_WRONLY | O_CREAT);
	opens("open O_NOFOLLOW", "c41", O_RDONLY | O_NOFOLLOW);
	TRY("access, 40 links", access("c2", F_OK));
	TRY("access, 41 links", access("c1", F_OK));
	TRY("truncate, 41 links", truncate("c1", 0));
	TRY("chmod, 41 links", chmod("c1", 0600));
	TRY("chdir, 41 links", chdir("c1"));
}

// Links that nest: n1 -> "n2/." -> ... -> n41 -> "dir", each in the middle of the
// body of the one before.
static void nested(void)
{
	printf("-- links nested inside links\n");
	mkdir("dir", 0755);
	for (int i = 1; i <= 41; i++) {
		char target[16];

		snprintf(target, sizeof(target), i < 41 ? "n%d/." : "dir", i + 1);
		symlink(target, nm("n%d", i));
	}
	show("stat, 40 nested", "n2", 1);
	show("stat, 41 nested", "n1", 1);
	show("stat of a name below, 40 nested", "n2/.", 1);
	show("stat of a name below, 41 nested", "n1/.", 1);
	TRY("mkdir below, 40 nested", mkdir("n2/sub", 0755));
	TRY("mkdir below, 41 nested", mkdir("n1/sub2", 0755));
	TRY("rmdir below, 40 nested", rmdir("n2/sub"));
}

// One path that passes through many links: "s/s/s/.../s" with s -> ".".
static void many_in_one_path(void)
{
	printf("-- one path through many links\n");
	symlink(".", "s");
	for (int n = 39; n <= 41; n++) {
		char what[64];

		name[0] = 0;
		for (int i = 0; i < n; i++)
			strcat(name, i ? "/s" : "s");
		snprintf(what, sizeof(what), "stat s/s/... (%d links)", n);
		show(what, name, 1);
		strcat(name, "/");
		snprintf(what, sizeof(what), "lstat s/s/.../ (%d links)", n);
		show(what, name, 0);
	}
	// 30 links on the way to a directory, then a chain at the end: one count.
	for (int i = 1; i <= 30; i++) {
		char target[16];

		snprintf(target, sizeof(target), i < 30 ? "p%d" : "dir", i + 1);
		symlink(target, nm("p%d", i));
	}
	for (int i = 1; i <= 11; i++) {
		char target[16];

		snprintf(target, sizeof(target), i < 11 ? "q%d" : "../file", i + 1);
		symlink(target, nm("dir/q%d", i));
	}
	show("stat p1/q2 (30 + 10 links)", "p1/q2", 1);
	show("stat p1/q1 (30 + 11 links)", "p1/q1", 1);
	show("lstat p1/q1 (30 links)", "p1/q1", 0);
	opens("open O_CREAT p1/q2 (40 links)", "p1/q2", O_WRONLY | O_CREAT);
	opens("open O_CREAT p1/q1 (41 links)", "p1/q1", O_WRONLY | O_CREAT);
	TRY("mkdir p1/new (30 links)", mkdir("p1/new", 0755));
	TRY("rmdir p1/new", rmdir("p1/new"));
}

static void loops(void)
{
	char buf[64];
	long n;

	printf("-- loops\n");
	symlink("self", "self");
	show("stat of a link to itself", "self", 1);
	show("lstat of it", "self", 0);
	show("stat of a name below it", "self/x", 1);
	opens("open of it", "self", O_RDONLY);
	opens("open O_CREAT of it", "self", O_WRONLY | O_CREAT);
	opens("open O_NOFOLLOW of it", "self", O_RDONLY | O_NOFOLLOW);
	n = readlink("self", buf, sizeof(buf));
	printf("readlink of it: %ld \"%.*s\"\n", n, n > 0 ? (int)n : 0, buf);
	TRY("mkdir of it", mkdir("self", 0755));
	TRY("mkdir below it", mkdir("self/x", 0755));
	symlink("pong", "ping");
	symlink("ping", "pong");
	show("stat of a two-link loop", "ping", 1);
	TRY("unlink of it", unlink("ping"));
	show("stat of the other, now dangling", "pong", 1);
	symlink("nowhere", "dangling");
	show("stat of a dangling link", "dangling", 1);
	symlink("file/", "slashed");
	show("stat of a link to file/", "slashed", 1);
	symlink("dir", "todir");
	show("lstat of todir/", "todir/", 0);
	show("stat of file/ through a link", "c41/", 1);
}

// Level 0 is a link to "."; level k names level k-1 680 times ("b0/b0/.../b0").
static void bomb(void)
{
	static char body[4096];

	printf("-- the symlink bomb: 5 levels, 680 names each\n");
	symlink(".", "b0");
	for (int k = 1; k <= 5; k++) {
		char below[8];

		snprintf(below, sizeof(below), "b%d", k - 1);
		body[0] = 0;
		for (int i = 0; i < 680; i++) {
			strcat(body, below);
			if (i < 679)
				strcat(body, "/");
		}
		TRY(nm("symlink b%d", k), symlink(body, nm("b%d", k)));
	}
	show("stat b5", "b5", 1);
	show("stat b5/x", "b5/x", 1);
	show("lstat b5", "b5", 0);
	opens("open b5", "b5", O_RDONLY);
	TRY("chdir b5", chdir("b5"));
	show("stat b1 (681 links)", "b1", 1);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	chain();
	nested();
	many_in_one_path();
	loops();
	bomb();
	printf("done\n");
	return 0;
}
