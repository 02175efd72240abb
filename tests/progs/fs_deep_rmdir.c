// fs_deep_rmdir: a chain of 3,000 nested directories, removed from the bottom up while
// descriptors still hold the deepest ones, then the descriptors closed. Each directory
// keeps its parent alive (its ".."), so the last close frees the whole chain at once:
// the kernel must do that without a recursion as deep as the chain (issue 13, defect 3).
// Everything is made under the working directory, with relative names.
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

// timeout: 120 (the host takes its time over 9,000 directories on a disk when it is busy)
#define DEPTH 3000

// DEPTH levels of "d" below the working directory; the working directory ends at the
// deepest; returns how many were made.
static int descend(int depth)
{
	int n;

	for (n = 0; n < depth; n++)
		if (mkdir("d", 0755) < 0 || chdir("d") < 0)
			break;
	return n;
}

// Back up n levels, removing each directory on the way; fds on the nheld deepest.
static int ascend_removing(int n, int *fd, int nheld)
{
	int removed = 0;

	for (int i = 0; i < n; i++) {
		if (i < nheld)
			fd[i] = open(".", O_RDONLY | O_DIRECTORY);
		if (chdir("..") == 0 && rmdir("d") == 0)
			removed++;
	}
	return removed;
}

// One chain held by fds on its deepest levels, removed, then the fds closed.
static void chain(const char *what, int depth, int nheld)
{
	int top = open(".", O_RDONLY | O_DIRECTORY), fd[4], made, removed;
	struct stat st;

	printf("-- %s: %d levels\n", what, depth);
	made = descend(depth);
	printf("made %d levels\n", made);
	removed = ascend_removing(made, fd, nheld);
	printf("removed %d levels\n", removed);
	TRY("the working directory is the top again", fchdir(top) == 0 &&
	    stat("d", &st) < 0 && errno == ENOENT ? 0 : -1);
	if (nheld > 0 && fstat(fd[0], &st) == 0)
		printf("fstat of the deepest: dir %s, nlink %ld\n", yes(S_ISDIR(st.st_mode)),
		       (long)st.st_nlink);
	if (nheld > 0) {
		TRY("fchdir into the removed deepest", fchdir(fd[0]));
		TRY("mkdir in it", mkdir("x", 0755));
		int up = open("..", O_RDONLY);
		printf("open .. from it: %s\n", up >= 0 ? "ok" : ename(errno));
		close(up);
		fchdir(top);
	}
	for (int i = nheld - 1; i >= 0; i--)
		TRY("close", close(fd[i]));
	close(top);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	chain("no fd", DEPTH, 0);
	chain("one fd", DEPTH, 1);
	chain("fds on the 3 deepest", DEPTH, 3);
	TRY("and again, the same name", mkdir("d", 0755));
	TRY("rmdir it", rmdir("d"));
	printf("done\n");
	return 0;
}
